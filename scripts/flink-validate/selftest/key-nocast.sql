-- selftest: key-cast.sql without the CAST (sink key keeps the source type): accepted everywhere, no upsert materialization.
CREATE DATABASE IF NOT EXISTS `default_catalog`.`neg`;

CREATE TABLE IF NOT EXISTS `default_catalog`.`neg`.`k_src` (
  `id` DECIMAL(20, 0) NOT NULL,
  `v` INT NULL,
  PRIMARY KEY (`id`) NOT ENFORCED
) WITH (
  'connector' = 'mysql-cdc',
  'hostname' = '127.0.0.1',
  'port' = '3306',
  'username' = 'root',
  'password' = '',
  'database-name' = 'neg',
  'table-name' = 'k'
);

CREATE TABLE IF NOT EXISTS `default_catalog`.`neg`.`k_sink` (
  `id` DECIMAL(20, 0) NOT NULL,
  `v` INT NULL,
  PRIMARY KEY (`id`) NOT ENFORCED
) WITH (
  'connector' = 'starrocks',
  'jdbc-url' = 'jdbc:mysql://127.0.0.1:9030',
  'load-url' = '127.0.0.1:8030',
  'username' = 'root',
  'password' = '',
  'database-name' = 'neg',
  'table-name' = 'k'
);

INSERT INTO `default_catalog`.`neg`.`k_sink` (`id`, `v`)
SELECT `id`, `v` FROM `default_catalog`.`neg`.`k_src`;
