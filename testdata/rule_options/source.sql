-- rule_options: SMT per-rule keys and the extensions: partitions, keys, buckets, properties, exclusions, renames, type overrides
CREATE DATABASE `ops` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
CREATE TABLE `ops`.`events` (
  `id` bigint NOT NULL,
  `event_date` date NOT NULL,
  `kind` varchar(20) NOT NULL,
  `payload` json DEFAULT NULL,
  PRIMARY KEY (`id`, `event_date`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='partitioned by month';
CREATE TABLE `ops`.`logs` (
  `message` text,
  `level` varchar(10) NOT NULL,
  `logged_at` datetime(3) NOT NULL,
  `host` varchar(64) DEFAULT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='no key: duplicate_keys';
CREATE TABLE `ops`.`users` (
  `id` int NOT NULL,
  `email` varchar(100) NOT NULL,
  `password_hash` char(60) NOT NULL,
  `ssn` char(11) DEFAULT NULL,
  `profile` json DEFAULT NULL,
  `last_login` datetime DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
