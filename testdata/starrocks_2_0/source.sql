-- starrocks_2_0: [other] starrocks_version = 2.0 -> VMAX = 65533 and no JSON type.
-- varchar(20000) utf8mb4 cannot be created (MariaDB max for utf8mb4 is 16383 characters = 65532 bytes),
-- so `v_max` is varchar(16382) (65528 bytes, just under VMAX; 16383 exceeds the 65535-byte row limit next to `id`) and `t_text` is text (65535 bytes, just over).
CREATE DATABASE `legacy` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;

CREATE TABLE `legacy`.`docs` (
  `id` int NOT NULL,
  `doc` json DEFAULT NULL,
  `body` longtext DEFAULT NULL,
  `t_text` text DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE `legacy`.`wide` (
  `id` int NOT NULL,
  `v_max` varchar(16382) DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
