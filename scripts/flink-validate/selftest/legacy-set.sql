-- selftest: the SQL-client form BEGIN STATEMENT SET; ... END; (not emitted by smt-rs) is understood too.
CREATE TABLE `l_src` (`id` INT NOT NULL, `s` STRING NULL, PRIMARY KEY (`id`) NOT ENFORCED) WITH ('connector' = 'mysql-cdc');
CREATE TABLE `l_sink` (`id` INT NOT NULL, `s` STRING NULL, PRIMARY KEY (`id`) NOT ENFORCED) WITH ('connector' = 'starrocks');
BEGIN STATEMENT SET;
INSERT INTO `l_sink` SELECT `id`, 'a;b' FROM `l_src`;
INSERT INTO `l_sink` (`id`, `s`) SELECT `id`, `s` FROM `l_src` /* ; */;
END;
