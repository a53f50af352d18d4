-- no_key: tables without any key.
-- `notes`: first column is TEXT, then JSON, then FLOAT (none allowed as a key column); first allowed column is `id`.
-- `plain_log`: int first.
CREATE DATABASE `demo` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;

CREATE TABLE `demo`.`notes` (
  `body` text NOT NULL,
  `attrs` json DEFAULT NULL,
  `score` float DEFAULT NULL,
  `id` int NOT NULL,
  `written_at` datetime DEFAULT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE `demo`.`plain_log` (
  `seq` int DEFAULT NULL,
  `level` varchar(10) NOT NULL DEFAULT 'INFO',
  `message` varchar(1000) DEFAULT NULL,
  `logged_at` timestamp(3) NULL DEFAULT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
