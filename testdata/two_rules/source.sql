-- two_rules: rule 1 matches `sales`, rule 2 matches `hr`.
CREATE DATABASE `sales` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
CREATE DATABASE `hr` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;

CREATE TABLE `sales`.`customers` (
  `id` int unsigned NOT NULL AUTO_INCREMENT,
  `name` varchar(100) NOT NULL,
  `email` varchar(191) DEFAULT NULL,
  `created_at` datetime NOT NULL DEFAULT current_timestamp(),
  PRIMARY KEY (`id`),
  UNIQUE KEY `uk_email` (`email`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE `sales`.`invoices` (
  `id` bigint NOT NULL AUTO_INCREMENT,
  `customer_id` int unsigned NOT NULL,
  `total` decimal(14,2) NOT NULL DEFAULT 0.00,
  `status` enum('draft','sent','paid') NOT NULL DEFAULT 'draft',
  `issued_on` date DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE `hr`.`employees` (
  `emp_no` int NOT NULL,
  `first_name` varchar(50) NOT NULL,
  `last_name` varchar(50) NOT NULL,
  `hire_date` date NOT NULL,
  `notes` text DEFAULT NULL COMMENT 'free text, may contain tabs and newlines',
  PRIMARY KEY (`emp_no`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE `hr`.`salaries` (
  `emp_no` int NOT NULL,
  `from_date` date NOT NULL,
  `to_date` date DEFAULT NULL,
  `salary` decimal(10,2) NOT NULL,
  PRIMARY KEY (`emp_no`, `from_date`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
