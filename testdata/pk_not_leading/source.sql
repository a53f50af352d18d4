-- pk_not_leading: the PRIMARY KEY column is the 4th column of the table.
CREATE DATABASE `demo` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;

CREATE TABLE `demo`.`events` (
  `event_type` varchar(32) NOT NULL COMMENT 'kind of event',
  `payload` text DEFAULT NULL,
  `created_at` datetime NOT NULL DEFAULT current_timestamp(),
  `event_id` bigint unsigned NOT NULL AUTO_INCREMENT,
  `source_ip` varchar(45) DEFAULT NULL,
  PRIMARY KEY (`event_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='primary key is not the first column';
