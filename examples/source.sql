-- A small e-commerce schema `shop` (MariaDB 10.11), the source of examples/schema.json.
CREATE DATABASE `shop` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;

CREATE TABLE `shop`.`customers` (
  `id` int unsigned NOT NULL AUTO_INCREMENT,
  `email` varchar(191) NOT NULL,
  `full_name` varchar(120) NOT NULL,
  `phone` varchar(32) DEFAULT NULL,
  `country` char(2) NOT NULL DEFAULT 'DE' COMMENT 'ISO 3166-1 alpha-2',
  `is_vip` tinyint(1) NOT NULL DEFAULT 0,
  `created_at` datetime NOT NULL DEFAULT current_timestamp(),
  `updated_at` timestamp NOT NULL DEFAULT current_timestamp() ON UPDATE current_timestamp(),
  PRIMARY KEY (`id`),
  UNIQUE KEY `uk_email` (`email`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='registered customers';

CREATE TABLE `shop`.`products` (
  `id` int unsigned NOT NULL AUTO_INCREMENT,
  `sku` varchar(64) NOT NULL,
  `name` varchar(255) NOT NULL,
  `description` text DEFAULT NULL,
  `price` decimal(10,2) NOT NULL,
  `stock` int NOT NULL DEFAULT 0,
  `attributes` json DEFAULT NULL COMMENT 'colour, size, ...',
  `created_at` datetime NOT NULL DEFAULT current_timestamp(),
  PRIMARY KEY (`id`),
  UNIQUE KEY `uk_sku` (`sku`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='product catalogue';

CREATE TABLE `shop`.`orders` (
  `id` bigint unsigned NOT NULL AUTO_INCREMENT,
  `customer_id` int unsigned NOT NULL,
  `status` enum('new','paid','shipped','cancelled') NOT NULL DEFAULT 'new',
  `total` decimal(12,2) NOT NULL DEFAULT 0.00,
  `currency` char(3) NOT NULL DEFAULT 'EUR',
  `placed_at` datetime(3) NOT NULL,
  `shipped_at` datetime DEFAULT NULL,
  PRIMARY KEY (`id`),
  KEY `idx_customer` (`customer_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='customer orders';

CREATE TABLE `shop`.`order_items` (
  `order_id` bigint unsigned NOT NULL,
  `line_no` smallint unsigned NOT NULL,
  `product_id` int unsigned NOT NULL,
  `quantity` int unsigned NOT NULL DEFAULT 1,
  `unit_price` decimal(10,2) NOT NULL,
  `discount` decimal(5,2) DEFAULT NULL,
  PRIMARY KEY (`order_id`, `line_no`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE `shop`.`audit_log` (
  `logged_at` timestamp(6) NOT NULL DEFAULT current_timestamp(6),
  `actor` varchar(64) DEFAULT NULL,
  `action` varchar(32) NOT NULL,
  `entity` varchar(64) NOT NULL,
  `entity_id` bigint DEFAULT NULL,
  `details` json DEFAULT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='append-only audit trail, no primary key';
