-- selftest for evaluate.py: conversions that plan fine but give the wrong text. Each must FAIL.
--   `t3`: 'HH:mm:ss' on a TIME(3) drops the fraction (what CAST(TIME AS STRING) does on Flink 1.20);
--   `b`:  TO_BASE64 instead of FROM_BASE64 (evaluate.py has no samples for it: a new conversion
--         must not pass unevaluated);
--   `t0`: 'HH:mm:ss.SSS' on a TIME(0) prints digits MySQL does not.
CREATE DATABASE IF NOT EXISTS `default_catalog`.`neg`;

CREATE TABLE IF NOT EXISTS `default_catalog`.`neg`.`e_src` (
  `id` INT NOT NULL,
  `t3` TIME(3),
  `t0` TIME(0),
  `b` STRING,
  PRIMARY KEY (`id`) NOT ENFORCED
) WITH (
  'connector' = 'mysql-cdc',
  'database-name' = 'neg',
  'table-name' = 'e'
);

CREATE TABLE IF NOT EXISTS `default_catalog`.`neg`.`e_sink` (
  `id` INT NOT NULL,
  `t3` STRING,
  `t0` STRING,
  `b` STRING,
  PRIMARY KEY (`id`) NOT ENFORCED
) WITH (
  'connector' = 'starrocks',
  'database-name' = 'neg',
  'table-name' = 'e'
);

INSERT INTO `default_catalog`.`neg`.`e_sink`
SELECT
  `id`,
  DATE_FORMAT(CAST(`t3` AS TIMESTAMP(3)), 'HH:mm:ss') AS `t3`,
  DATE_FORMAT(CAST(`t0` AS TIMESTAMP(3)), 'HH:mm:ss.SSS') AS `t0`,
  TO_BASE64(`b`) AS `b`
FROM `default_catalog`.`neg`.`e_src`;
