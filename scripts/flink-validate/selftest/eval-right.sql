-- selftest for evaluate.py: eval-wrong.sql with the conversions smt-rs writes; each must pass.
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
  DATE_FORMAT(CAST(`t3` AS TIMESTAMP(3)), 'HH:mm:ss.SSS') AS `t3`,
  DATE_FORMAT(CAST(`t0` AS TIMESTAMP(3)), 'HH:mm:ss') AS `t0`,
  FROM_BASE64(`b`) AS `b`
FROM `default_catalog`.`neg`.`e_src`;
