-- live_objects: what the live reader must skip or keep (SPEC §3).
-- `inventory` is matched by the rule; `scratch` is not and must never be read.
-- Views and sequences are skipped (summary); partitioned and system-versioned tables are tables.
CREATE DATABASE `inventory` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
CREATE DATABASE `scratch` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;

CREATE TABLE `inventory`.`items` (
  `id` int NOT NULL AUTO_INCREMENT,
  `sku` varchar(32) NOT NULL,
  `note` varchar(200) /*M!100301 COMPRESSED*/ DEFAULT NULL COMMENT 'compressed column',
  PRIMARY KEY (`id`),
  UNIQUE KEY `uk_sku` (`sku`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='a plain table';

CREATE TABLE `inventory`.`events` (
  `id` bigint NOT NULL,
  `happened_on` date NOT NULL,
  `kind` varchar(20) NOT NULL DEFAULT 'click',
  PRIMARY KEY (`id`, `happened_on`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='partitioned by range'
PARTITION BY RANGE (YEAR(`happened_on`)) (
  PARTITION p2024 VALUES LESS THAN (2025),
  PARTITION p2025 VALUES LESS THAN (2026),
  PARTITION pmax VALUES LESS THAN MAXVALUE
);

CREATE TABLE `inventory`.`prices` (
  `item_id` int NOT NULL,
  `price` decimal(10,2) NOT NULL,
  PRIMARY KEY (`item_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='system-versioned' WITH SYSTEM VERSIONING;

CREATE VIEW `inventory`.`v_items` AS SELECT `id`, `sku` FROM `inventory`.`items`;

CREATE SEQUENCE `inventory`.`s_ids` START WITH 1 INCREMENT BY 1;

CREATE TABLE `scratch`.`tmp` (
  `id` int NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
