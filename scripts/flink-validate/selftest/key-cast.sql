-- selftest: a CAST on a primary-key column (what SPEC §8 forbids). The query's upsert key is then
-- empty, so the planner must materialize upserts: Flink 1.20-2.2 plan it with upsertMaterialize=[true]
-- (validate.py: WARN, or FAIL with --strict); Flink >= 2.3 rejects it without an ON CONFLICT clause.
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
  `id` VARCHAR(22) NOT NULL,
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
SELECT CAST(`id` AS VARCHAR(22)), `v` FROM `default_catalog`.`neg`.`k_src`;
