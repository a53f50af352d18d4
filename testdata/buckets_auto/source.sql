-- buckets_auto: [other] buckets = auto (no BUCKETS clause, whatever the table size).
CREATE DATABASE `demo` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;

CREATE TABLE `demo`.`big_facts` (
  `id` bigint NOT NULL,
  `metric` varchar(64) NOT NULL,
  `value` double DEFAULT NULL,
  `ts` datetime NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE `demo`.`small_dim` (
  `id` int NOT NULL,
  `label` varchar(100) DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
