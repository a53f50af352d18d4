-- refused_db_name: database `my-db` (StarRocks refuses '-'), columns `a=b` and `__op_flag` (renamed, SPEC §6).
-- `collide` also has columns `a_b` and `c__op_flag`, which the renamed columns would collide with.
CREATE DATABASE `my-db` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;

CREATE TABLE `my-db`.`events` (
  `id` int NOT NULL,
  `a=b` varchar(20) DEFAULT NULL COMMENT 'has an equals sign',
  `__op_flag` tinyint DEFAULT NULL COMMENT 'clashes with the StarRocks __op pseudo column',
  `value` int DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE `my-db`.`collide` (
  `id` int NOT NULL,
  `a=b` int DEFAULT NULL,
  `a_b` int DEFAULT NULL,
  `__op_flag` int DEFAULT NULL,
  `c__op_flag` int DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
