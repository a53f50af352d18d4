-- csv_lint: the rule's sink has no sink.properties.format (CSV default) and no column_separator.
CREATE DATABASE `logs` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;

CREATE TABLE `logs`.`messages` (
  `id` bigint NOT NULL AUTO_INCREMENT,
  `author` varchar(64) NOT NULL,
  `body` text NOT NULL COMMENT 'may contain tabs and newlines',
  `posted_at` datetime NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
