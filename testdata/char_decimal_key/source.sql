-- char_decimal_key: PRIMARY KEY(code CHAR(8), amount DECIMAL(12,2)).
CREATE DATABASE `demo` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;

CREATE TABLE `demo`.`price_points` (
  `code` char(8) NOT NULL COMMENT 'product code',
  `amount` decimal(12,2) NOT NULL,
  `currency` char(3) NOT NULL DEFAULT 'EUR',
  `valid_from` date NOT NULL,
  `description` varchar(200) DEFAULT NULL,
  `updated_at` timestamp NOT NULL DEFAULT current_timestamp() ON UPDATE current_timestamp(),
  PRIMARY KEY (`code`, `amount`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
