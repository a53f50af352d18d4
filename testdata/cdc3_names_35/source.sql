-- cdc3_names_35 (the cdc3_names schema): a Flink CDC pipeline over names holding regex metacharacters, `$`, dots,
-- commas, spaces and a backtick; excluded and renamed columns; a table without a key and one
-- with a promoted unique key; a shard group with shard_columns whose `order_[0-9]+` would also
-- read an excluded decoy (so its members are listed); target_database/target_table. Decoys the
-- rules leave out sit beside the members: `aXb` and `p_q` (what an unescaped `.` or `,` would
-- read), `order_99`, and `cdc_app2`, `cdc_shop_3` (databases no rule reads). `cdc_union_N`
-- merge under `merge_shards = union` (left out of the pipeline); `cdc_many` has eleven shards
-- listed one by one (`s_99` is excluded), so the route must not send `s_10` to `s_1`'s match.
CREATE DATABASE `cdc_app` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
CREATE DATABASE `cdc_app2` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
CREATE DATABASE `cdc_shop_1` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
CREATE DATABASE `cdc_shop_2` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
CREATE DATABASE `cdc_shop_3` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
CREATE DATABASE `cdc_misc` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
CREATE DATABASE `cdc_union_1` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
CREATE DATABASE `cdc_union_2` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
CREATE DATABASE `cdc_many` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
CREATE TABLE `cdc_app`.`orders$2024` (
  `id` bigint NOT NULL,
  `total` decimal(10,2) NOT NULL,
  `secret` varchar(64) DEFAULT NULL COMMENT 'excluded',
  PRIMARY KEY (`id`)
) ENGINE=InnoDB;
CREATE TABLE `cdc_app`.`a.b` (
  `id` int NOT NULL,
  `x*y` int DEFAULT NULL COMMENT 'renamed to x_y in StarRocks',
  PRIMARY KEY (`id`)
) ENGINE=InnoDB;
CREATE TABLE `cdc_app`.`aXb` (`id` int NOT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB;
CREATE TABLE `cdc_app`.`p,q` (
  `id` int NOT NULL,
  `v` varchar(10) DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB;
CREATE TABLE `cdc_app`.`p_q` (`id` int NOT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB;
CREATE TABLE `cdc_app`.`x y(1)` (`id` int NOT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB;
CREATE TABLE `cdc_app`.`tick``t` (`id` int NOT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB;
CREATE TABLE `cdc_app`.`no_pk` (`v` int DEFAULT NULL) ENGINE=InnoDB;
CREATE TABLE `cdc_app`.`uniq` (
  `code` varchar(10) NOT NULL,
  `v` int DEFAULT NULL,
  UNIQUE KEY `code` (`code`)
) ENGINE=InnoDB;
CREATE TABLE `cdc_app2`.`orders$2024` (`id` bigint NOT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB;
CREATE TABLE `cdc_app2`.`a.b` (`id` int NOT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB;
CREATE TABLE `cdc_shop_1`.`order_1` (
  `id` bigint NOT NULL,
  `amount` decimal(10,2) DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB;
CREATE TABLE `cdc_shop_1`.`order_2` (
  `id` bigint NOT NULL,
  `amount` decimal(10,2) DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB;
CREATE TABLE `cdc_shop_1`.`order_99` (
  `id` bigint NOT NULL,
  `amount` decimal(10,2) DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB;
CREATE TABLE `cdc_shop_2`.`order_3` (
  `id` bigint NOT NULL,
  `amount` decimal(10,2) DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB;
CREATE TABLE `cdc_shop_3`.`order_4` (
  `id` bigint NOT NULL,
  `amount` decimal(10,2) DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB;
CREATE TABLE `cdc_misc`.`events` (
  `id` bigint NOT NULL,
  `kind` varchar(20) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB;
CREATE TABLE `cdc_union_1`.`u_1` (
  `id` bigint NOT NULL,
  `a` int DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB;
CREATE TABLE `cdc_union_2`.`u_2` (
  `id` bigint NOT NULL,
  `a` bigint DEFAULT NULL,
  `b` varchar(10) DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB;
CREATE TABLE `cdc_many`.`s_1` (`id` int NOT NULL, `v` int DEFAULT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB;
CREATE TABLE `cdc_many`.`s_2` (`id` int NOT NULL, `v` int DEFAULT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB;
CREATE TABLE `cdc_many`.`s_3` (`id` int NOT NULL, `v` int DEFAULT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB;
CREATE TABLE `cdc_many`.`s_4` (`id` int NOT NULL, `v` int DEFAULT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB;
CREATE TABLE `cdc_many`.`s_5` (`id` int NOT NULL, `v` int DEFAULT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB;
CREATE TABLE `cdc_many`.`s_6` (`id` int NOT NULL, `v` int DEFAULT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB;
CREATE TABLE `cdc_many`.`s_7` (`id` int NOT NULL, `v` int DEFAULT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB;
CREATE TABLE `cdc_many`.`s_8` (`id` int NOT NULL, `v` int DEFAULT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB;
CREATE TABLE `cdc_many`.`s_9` (`id` int NOT NULL, `v` int DEFAULT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB;
CREATE TABLE `cdc_many`.`s_10` (`id` int NOT NULL, `v` int DEFAULT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB;
CREATE TABLE `cdc_many`.`s_11` (`id` int NOT NULL, `v` int DEFAULT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB;
CREATE TABLE `cdc_many`.`s_99` (`id` int NOT NULL, `v` int DEFAULT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB;
