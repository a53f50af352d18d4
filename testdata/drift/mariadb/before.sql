-- drift/mariadb, day one: the schema the StarRocks tables and Flink jobs were made from.
-- after.sql drifts it through every row of the drift table (research/drift-facts.md §7).
CREATE DATABASE `app` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
CREATE DATABASE `shop_1` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
CREATE DATABASE `mall_1` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
CREATE DATABASE `mall_2` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
CREATE DATABASE `audit` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
CREATE TABLE `app`.`users` (
  `id` bigint NOT NULL,
  `name` varchar(50) NOT NULL COMMENT 'display name',
  `email` varchar(100) DEFAULT NULL,
  `age` int DEFAULT NULL,
  `score` decimal(10,2) DEFAULT NULL,
  `nick` varchar(20) NOT NULL DEFAULT '',
  `bio` varchar(200) DEFAULT NULL COMMENT 'about',
  `status` varchar(10) NOT NULL DEFAULT 'new',
  `legacy` int DEFAULT NULL,
  `pin` int NOT NULL,
  `created_at` datetime NOT NULL DEFAULT current_timestamp(),
  PRIMARY KEY (`id`)
) ENGINE=InnoDB COMMENT='users';
CREATE TABLE `app`.`notes` (
  `id` int NOT NULL,
  `body` text DEFAULT NULL COMMENT 'the note',
  `lang` char(2) NOT NULL DEFAULT 'en',
  PRIMARY KEY (`id`)
) ENGINE=InnoDB COMMENT='notes';
CREATE TABLE `app`.`events` (
  `id` int NOT NULL,
  `code` varchar(40) NOT NULL,
  `amount` bigint DEFAULT NULL,
  `note` varchar(10) DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB;
CREATE TABLE `app`.`prices` (
  `id` int NOT NULL,
  `price` double DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB;
CREATE TABLE `app`.`accounts` (
  `id` int NOT NULL,
  `tenant` int NOT NULL,
  `balance` decimal(12,2) DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB;
CREATE TABLE `app`.`logs` (
  `at` datetime NOT NULL,
  `level` varchar(8) DEFAULT NULL,
  `message` varchar(500) DEFAULT NULL
) ENGINE=InnoDB;
CREATE TABLE `app`.`codes` (
  `code` varchar(10) CHARACTER SET latin1 COLLATE latin1_swedish_ci NOT NULL,
  `label` varchar(20) DEFAULT NULL,
  PRIMARY KEY (`code`)
) ENGINE=InnoDB;
CREATE TABLE `app`.`stamps` (
  `id` int NOT NULL,
  `at` datetime NOT NULL DEFAULT current_timestamp(),
  PRIMARY KEY (`id`)
) ENGINE=InnoDB;
CREATE TABLE `app`.`gone` (
  `id` int NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB;
CREATE TABLE `shop_1`.`orders_1` (
  `id` bigint NOT NULL,
  `total` decimal(10,2) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB;
CREATE TABLE `shop_1`.`orders_2` (
  `id` bigint NOT NULL,
  `total` decimal(10,2) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB;
CREATE TABLE `mall_1`.`items_1` (
  `id` bigint NOT NULL,
  `sku` varchar(32) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB;
CREATE TABLE `mall_2`.`items_2` (
  `id` bigint NOT NULL,
  `sku` varchar(32) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB;
CREATE TABLE `audit`.`trail` (
  `at` datetime NOT NULL,
  `who` varchar(40) DEFAULT NULL
) ENGINE=InnoDB;
