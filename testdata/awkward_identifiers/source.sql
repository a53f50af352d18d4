-- awkward_identifiers: names and comments that must round-trip exactly through every quoting layer.
-- Comments contain single quotes, double quotes, a backslash and a newline (written as \n in SQL).
-- `Item` and `item` differ only in letter case (Debezium matches table-name case-insensitively).
CREATE DATABASE `weird` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;

CREATE TABLE `weird`.`tick``table` (
  `id` int NOT NULL,
  `col``tick` varchar(20) DEFAULT NULL COMMENT 'has a `backtick`',
  `col"dq` varchar(20) DEFAULT NULL COMMENT 'has a "double quote"',
  `col space` int DEFAULT NULL,
  `名称` varchar(50) DEFAULT NULL COMMENT '名称 (name)',
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='table name has a backtick';

CREATE TABLE `weird`.`it's a table` (
  `id` int NOT NULL,
  `path` varchar(100) NOT NULL DEFAULT 'C:\\temp\\ "x" ''y''' COMMENT 'default has a backslash and both quotes',
  `note` text DEFAULT NULL COMMENT 'it''s "quoted",\na back\\slash and a newline',
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='owner''s "table" with \\ and\nnewline';

CREATE TABLE `weird`.`select` (
  `id` int NOT NULL,
  `from` varchar(10) DEFAULT NULL,
  `where` int DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='reserved words';

CREATE TABLE `weird`.`订单` (
  `订单号` bigint NOT NULL COMMENT '订单编号',
  `金额` decimal(10,2) NOT NULL DEFAULT 0.00,
  `备注` varchar(200) DEFAULT NULL,
  PRIMARY KEY (`订单号`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='订单表';

CREATE TABLE `weird`.`Item` (
  `id` int NOT NULL,
  `name` varchar(50) DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE `weird`.`item` (
  `id` int NOT NULL,
  `label` varchar(50) DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
