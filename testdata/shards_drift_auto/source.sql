-- shards_drift_auto: a drifted shard set (extra column, wider VARCHAR) is not merged under auto
CREATE DATABASE `mall_1` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
CREATE DATABASE `mall_2` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
CREATE TABLE `mall_1`.`orders_1` (
  `id` bigint NOT NULL,
  `name` varchar(100) NOT NULL COMMENT 'course name',
  `teacher` varchar(50) DEFAULT NULL,
  `created_at` datetime NOT NULL DEFAULT current_timestamp(),
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='orders';
CREATE TABLE `mall_1`.`orders_2` (
  `id` bigint NOT NULL,
  `name` varchar(100) NOT NULL COMMENT 'course name',
  `teacher` varchar(50) DEFAULT NULL,
  `created_at` datetime NOT NULL DEFAULT current_timestamp(),
  `coupon` varchar(20) DEFAULT NULL COMMENT 'only in orders_2',
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='orders';
CREATE TABLE `mall_2`.`orders_3` (
  `id` bigint NOT NULL,
  `name` varchar(200) NOT NULL COMMENT 'course name',
  `teacher` varchar(50) DEFAULT NULL,
  `created_at` datetime NOT NULL DEFAULT current_timestamp(),
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='orders';
