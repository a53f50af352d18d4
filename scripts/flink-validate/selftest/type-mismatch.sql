-- selftest: a TIME column inserted into a STRING sink column without CAST, and a wrong column
-- count. Both INSERTs must FAIL on every version.
CREATE TABLE `tm_src` (
  `id` INT NOT NULL,
  `t` TIME(3) NULL,
  PRIMARY KEY (`id`) NOT ENFORCED
) WITH (
  'connector' = 'mysql-cdc'
);

CREATE TABLE `tm_sink` (
  `id` INT NOT NULL,
  `t` STRING NULL,
  PRIMARY KEY (`id`) NOT ENFORCED
) WITH (
  'connector' = 'starrocks'
);

INSERT INTO `tm_sink` (`id`, `t`) SELECT `id`, `t` FROM `tm_src`;

INSERT INTO `tm_sink` (`id`, `t`) SELECT `id` FROM `tm_src`;
