-- cdc3_edu (the shards_smt_example schema): SMT's own example, rule 3 merges edu_db_N.course_N; decoys course_extra and edu_db_x stay out
CREATE DATABASE `shop` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
CREATE DATABASE `edu_db_1` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
CREATE DATABASE `edu_db_2` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
CREATE DATABASE `edu_db_x` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
CREATE TABLE `shop`.`orders` (
  `id` bigint NOT NULL,
  `total` decimal(12,2) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE `edu_db_1`.`course_1` (
  `id` bigint NOT NULL,
  `name` varchar(100) NOT NULL COMMENT 'course name',
  `teacher` varchar(50) DEFAULT NULL,
  `created_at` datetime NOT NULL DEFAULT current_timestamp(),
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='courses';
CREATE TABLE `edu_db_1`.`course_2` (
  `id` bigint NOT NULL,
  `name` varchar(100) NOT NULL COMMENT 'course name',
  `teacher` varchar(50) DEFAULT NULL,
  `created_at` datetime NOT NULL DEFAULT current_timestamp(),
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='courses';
CREATE TABLE `edu_db_2`.`course_3` (
  `id` bigint NOT NULL,
  `name` varchar(100) NOT NULL COMMENT 'course name',
  `teacher` varchar(50) DEFAULT NULL,
  `created_at` datetime NOT NULL DEFAULT current_timestamp(),
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='courses';
CREATE TABLE `edu_db_2`.`course_4` (
  `id` bigint NOT NULL,
  `name` varchar(100) NOT NULL COMMENT 'course name',
  `teacher` varchar(50) DEFAULT NULL,
  `created_at` datetime NOT NULL DEFAULT current_timestamp(),
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='courses';
CREATE TABLE `edu_db_1`.`course_extra` (
  `id` bigint NOT NULL,
  `note` text,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='decoy: not a shard';
CREATE TABLE `edu_db_x`.`course_5` (
  `id` bigint NOT NULL,
  `name` varchar(100) NOT NULL COMMENT 'course name',
  `teacher` varchar(50) DEFAULT NULL,
  `created_at` datetime NOT NULL DEFAULT current_timestamp(),
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='courses';
