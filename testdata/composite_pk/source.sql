-- composite_pk: PRIMARY KEY(tenant_id, order_id, line_no), columns declared in a different order.
CREATE DATABASE `demo` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;

CREATE TABLE `demo`.`order_lines` (
  `line_no` smallint unsigned NOT NULL,
  `sku` varchar(64) NOT NULL,
  `order_id` bigint NOT NULL,
  `quantity` int NOT NULL DEFAULT 1,
  `tenant_id` int NOT NULL,
  `unit_price` decimal(12,2) NOT NULL DEFAULT 0.00,
  `note` varchar(255) DEFAULT NULL,
  PRIMARY KEY (`tenant_id`, `order_id`, `line_no`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='multi-tenant order lines';
