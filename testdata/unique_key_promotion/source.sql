-- unique_key_promotion: tables without a PRIMARY KEY.
-- `accounts`: two UNIQUE keys on NOT NULL columns; uk_a has 2 columns, uk_b has 1 -> uk_b wins (fewest columns).
-- `devices`: its only UNIQUE key contains a nullable column -> not promoted, DUPLICATE KEY.
CREATE DATABASE `demo` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;

CREATE TABLE `demo`.`accounts` (
  `region` char(2) NOT NULL,
  `login` varchar(64) NOT NULL,
  `email` varchar(191) NOT NULL,
  `display_name` varchar(100) DEFAULT NULL,
  `created_at` datetime NOT NULL,
  UNIQUE KEY `uk_a` (`region`, `login`),
  UNIQUE KEY `uk_b` (`email`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE `demo`.`devices` (
  `device_id` int NOT NULL,
  `serial_no` varchar(64) DEFAULT NULL,
  `model` varchar(64) NOT NULL,
  `registered_at` datetime DEFAULT NULL,
  UNIQUE KEY `uk_serial` (`device_id`, `serial_no`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='unique key has a nullable column';
