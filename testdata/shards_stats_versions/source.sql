-- shards_stats_versions: stats_v1 and stats_v2 share a name base but not a layout: never fused under auto
CREATE DATABASE `metrics` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
CREATE TABLE `metrics`.`stats_v1` (
  `day` date NOT NULL,
  `visits` int NOT NULL,
  PRIMARY KEY (`day`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE `metrics`.`stats_v2` (
  `day` date NOT NULL,
  `country` char(2) NOT NULL,
  `visits` bigint NOT NULL,
  `revenue` decimal(14,2) DEFAULT NULL,
  PRIMARY KEY (`day`, `country`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
