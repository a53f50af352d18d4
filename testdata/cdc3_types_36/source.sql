-- cdc3_types_35 / cdc3_types_36 (the same schema): what each Flink CDC release's pipeline can
-- carry into the StarRocks columns smt-rs designs. SET never (ARRAY<STRING>, which the sink
-- cannot write); BIT(n) never (bytes, no transform turns them into the integer); a
-- `binary_as_text` column never (no transform decodes bytes); on 3.5 TIME and binary neither;
-- DATETIME/TIMESTAMP fractions through DATE_FORMAT (3.6: DATE_FORMAT_TZ keeps microseconds of a
-- DATETIME). A table whose key, or NOT NULL column without a default, cannot be carried is left
-- out whole, as is one with a type the pipeline source cannot map (MariaDB's UUID). JSON
-- never goes: the sink writes it as a JSON string into the JSON column.
CREATE DATABASE `cdc_types` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
CREATE TABLE `cdc_types`.`t_all` (
  `id` int NOT NULL,
  `s` set('a','b','c') DEFAULT NULL,
  `tm` time(3) DEFAULT NULL,
  `vb` varbinary(16) DEFAULT NULL,
  `bl` blob DEFAULT NULL,
  `bt` bit(8) DEFAULT NULL,
  `dt` datetime(6) DEFAULT NULL,
  `dt2` datetime(2) DEFAULT NULL,
  `ts` timestamp(3) NULL DEFAULT NULL,
  `d0` datetime DEFAULT NULL,
  `title` varbinary(255) DEFAULT NULL COMMENT 'UTF-8 text: binary_as_text',
  `j` json DEFAULT NULL,
  `e` enum('x','y') DEFAULT NULL,
  `big` bigint unsigned DEFAULT NULL,
  `wide` decimal(65,2) DEFAULT NULL,
  `yr` year DEFAULT NULL,
  `geo` geometry DEFAULT NULL,
  `flag` tinyint(1) DEFAULT NULL,
  `b1` bit(1) DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB;
CREATE TABLE `cdc_types`.`t_timekey` (
  `at` time NOT NULL,
  `v` int DEFAULT NULL,
  PRIMARY KEY (`at`)
) ENGINE=InnoDB;
CREATE TABLE `cdc_types`.`t_blob_nn` (
  `id` int NOT NULL,
  `b` blob NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB;
CREATE TABLE `cdc_types`.`t_set_nn` (
  `id` int NOT NULL,
  `s` set('a','b') NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB;
CREATE TABLE `cdc_types`.`t_uuid` (
  `id` int NOT NULL,
  `u` uuid DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB;
