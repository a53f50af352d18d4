-- regex_table_names: table names with regex metacharacters. `axb` is a decoy that an unescaped `a.b` would match.
CREATE DATABASE `meta` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;

CREATE TABLE `meta`.`a.b` (
  `id` int NOT NULL,
  `v` varchar(50) DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE `meta`.`x+y` (
  `id` int NOT NULL,
  `v` varchar(50) DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE `meta`.`axb` (
  `id` int NOT NULL,
  `w` int DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
