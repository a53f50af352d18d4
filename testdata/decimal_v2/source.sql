-- decimal_v2: [other] use_decimal_v3 = false (DECIMAL v2: p <= 27 and s <= 9, else clamp + warning).
CREATE DATABASE `fin` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;

CREATE TABLE `fin`.`ledger` (
  `id` bigint NOT NULL,
  `d_10_2` decimal(10,2) NOT NULL DEFAULT 0.00,
  `d_30_5` decimal(30,5) DEFAULT NULL,
  `d_27_12` decimal(27,12) DEFAULT NULL,
  `d_38_0` decimal(38,0) DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
