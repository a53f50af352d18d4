-- smt-rs 0.1.0
CREATE DATABASE IF NOT EXISTS `default_catalog`.`demo`;

CREATE TABLE IF NOT EXISTS `default_catalog`.`demo`.`orders_src` (
  `id` DECIMAL(20, 0) NOT NULL,
  `code` CHAR(8) NOT NULL,
  `t` TIME(3) NULL,
  `b` BINARY(1) NULL,
  `tags` ARRAY<STRING> NULL,
  `ts` TIMESTAMP(6) NULL,
  PRIMARY KEY (`id`, `code`) NOT ENFORCED
) WITH (
  'connector' = 'mysql-cdc',
  'hostname' = '127.0.0.1',
  'port' = '3306',
  'username' = 'root',
  'password' = '',
  'database-name' = 'demo',
  'table-name' = 'orders',
  'server-id' = '5400'
);

CREATE TABLE IF NOT EXISTS `default_catalog`.`demo`.`orders_sink` (
  `id` DECIMAL(20, 0) NOT NULL,
  `code` CHAR(8) NOT NULL,
  `t` STRING NULL,
  `b` BINARY(1) NULL,
  `tags` ARRAY<STRING> NULL,
  `ts` TIMESTAMP(6) NULL,
  PRIMARY KEY (`id`, `code`) NOT ENFORCED
) WITH (
  'connector' = 'starrocks',
  'jdbc-url' = 'jdbc:mysql://127.0.0.1:9030',
  'load-url' = '127.0.0.1:8030',
  'username' = 'root',
  'password' = '',
  'database-name' = 'demo',
  'table-name' = 'orders',
  'sink.properties.column_separator' = '\x01'
);

CREATE TABLE IF NOT EXISTS `default_catalog`.`demo`.`all;types``x_src` (
  `k_bigint_u` DECIMAL(20, 0) NOT NULL,
  `k_char` CHAR(4) NOT NULL,
  `c_bool` BOOLEAN NULL,
  `c_tinyint` TINYINT NULL,
  `c_tinyint_u` SMALLINT NULL,
  `c_smallint` SMALLINT NULL,
  `c_mediumint` INT NULL,
  `c_mediumint_u` BIGINT NULL,
  `c_int` INT NOT NULL,
  `c_int_u` BIGINT NULL,
  `c_bigint` BIGINT NULL,
  `c_float` FLOAT NULL,
  `c_double` DOUBLE NULL,
  `c_dec` DECIMAL(38, 10) NULL,
  `c_dec_big` STRING NULL,
  `c_bit1` BOOLEAN NULL,
  `c_bit12` BINARY(2) NULL,
  `c_char` CHAR(10) NULL,
  `c_varchar` VARCHAR(255) NULL,
  `c_text` STRING NULL,
  `c_enum` STRING NULL,
  `c_set` ARRAY<STRING> NULL,
  `c_json` STRING NULL,
  `c_blob` STRING NULL,
  `c_date` DATE NULL,
  `c_dt0` TIMESTAMP(0) NULL,
  `c_dt3` TIMESTAMP(3) NULL,
  `c_ts6` TIMESTAMP(6) NULL,
  `c_time0` TIME(0) NULL,
  `c_time6` TIME(6) NULL,
  `c_year` INT NULL,
  `a<b` INT NULL,
  `we'ird ``name;` VARCHAR(20) NULL,
  PRIMARY KEY (`k_bigint_u`, `k_char`) NOT ENFORCED
) WITH (
  'connector' = 'mysql-cdc',
  'hostname' = '127.0.0.1',
  'port' = '3306',
  'username' = 'root',
  'password' = 'p;a''ss -- not a comment',
  'database-name' = 'demo',
  'table-name' = 'all;types`x',
  'server-id' = '5401-5404',
  'debezium.binary.handling.mode' = 'base64'
);

CREATE TABLE IF NOT EXISTS `default_catalog`.`demo`.`all;types``x_sink` (
  `k_bigint_u` DECIMAL(20, 0) NOT NULL,
  `k_char` CHAR(4) NOT NULL,
  `c_bool` BOOLEAN NULL,
  `c_tinyint` TINYINT NULL,
  `c_tinyint_u` SMALLINT NULL,
  `c_smallint` SMALLINT NULL,
  `c_mediumint` INT NULL,
  `c_mediumint_u` BIGINT NULL,
  `c_int` INT NOT NULL,
  `c_int_u` BIGINT NULL,
  `c_bigint` BIGINT NULL,
  `c_float` FLOAT NULL,
  `c_double` DOUBLE NULL,
  `c_dec` DECIMAL(38, 10) NULL,
  `c_dec_big` STRING NULL,
  `c_bit1` BOOLEAN NULL,
  `c_bit12` BINARY(2) NULL,
  `c_char` CHAR(10) NULL,
  `c_varchar` VARCHAR(255) NULL,
  `c_text` STRING NULL,
  `c_enum` STRING NULL,
  `c_set` ARRAY<STRING> NULL,
  `c_json` STRING NULL,
  `c_blob` STRING NULL,
  `c_date` DATE NULL,
  `c_dt0` TIMESTAMP(0) NULL,
  `c_dt3` TIMESTAMP(3) NULL,
  `c_ts6` TIMESTAMP(6) NULL,
  `c_time0` STRING NULL,
  `c_time6` STRING NULL,
  `c_year` INT NULL,
  `a_b` INT NULL,
  `we'ird ``name;` VARCHAR(20) NULL,
  PRIMARY KEY (`k_bigint_u`, `k_char`) NOT ENFORCED
) WITH (
  'connector' = 'starrocks',
  'jdbc-url' = 'jdbc:mysql://127.0.0.1:9030',
  'load-url' = '127.0.0.1:8030',
  'username' = 'root',
  'password' = 'p;a''ss -- not a comment',
  'database-name' = 'demo',
  'table-name' = 'all;types`x',
  'sink.properties.format' = 'json',
  'sink.properties.strip_outer_array' = 'true'
);

CREATE DATABASE IF NOT EXISTS `default_catalog`.`edu_db`;

CREATE TABLE IF NOT EXISTS `default_catalog`.`edu_db`.`course__auto_shard_src` (
  `id` BIGINT NULL,
  `name` VARCHAR(64) NULL,
  `updated` TIMESTAMP(3) NULL
) WITH (
  'connector' = 'mysql-cdc',
  'hostname' = '127.0.0.1',
  'port' = '3306',
  'username' = 'root',
  'password' = '',
  'database-name' = '(?:edu_db_1|edu_db_2)',
  'table-name' = 'course_[0-9]+',
  'scan.incremental.snapshot.enabled' = 'false',
  'server-id' = '5405'
);

CREATE TABLE IF NOT EXISTS `default_catalog`.`edu_db`.`course__auto_shard_sink` (
  `id` BIGINT NULL,
  `name` VARCHAR(64) NULL,
  `updated` TIMESTAMP(3) NULL
) WITH (
  'connector' = 'starrocks',
  'jdbc-url' = 'jdbc:mysql://127.0.0.1:9030',
  'load-url' = '127.0.0.1:8030',
  'username' = 'root',
  'password' = '',
  'database-name' = 'edu_db',
  'table-name' = 'course__auto_shard',
  'sink.properties.column_separator' = '\x01',
  'sink.properties.row_delimiter' = '\x02'
);

EXECUTE STATEMENT SET
BEGIN
INSERT INTO `default_catalog`.`demo`.`orders_sink` (`id`, `code`, `t`, `b`, `tags`, `ts`)
SELECT `id`, `code`, CAST(`t` AS STRING), `b`, `tags`, `ts` FROM `default_catalog`.`demo`.`orders_src`;
INSERT INTO `default_catalog`.`demo`.`all;types``x_sink` (`k_bigint_u`, `k_char`, `c_bool`, `c_tinyint`, `c_tinyint_u`, `c_smallint`, `c_mediumint`, `c_mediumint_u`, `c_int`, `c_int_u`, `c_bigint`, `c_float`, `c_double`, `c_dec`, `c_dec_big`, `c_bit1`, `c_bit12`, `c_char`, `c_varchar`, `c_text`, `c_enum`, `c_set`, `c_json`, `c_blob`, `c_date`, `c_dt0`, `c_dt3`, `c_ts6`, `c_time0`, `c_time6`, `c_year`, `a_b`, `we'ird ``name;`)
SELECT `k_bigint_u`, `k_char`, `c_bool`, `c_tinyint`, `c_tinyint_u`, `c_smallint`, `c_mediumint`, `c_mediumint_u`, `c_int`, `c_int_u`, `c_bigint`, `c_float`, `c_double`, `c_dec`, `c_dec_big`, `c_bit1`, `c_bit12`, `c_char`, `c_varchar`, `c_text`, `c_enum`, `c_set`, `c_json`, `c_blob`, `c_date`, `c_dt0`, `c_dt3`, `c_ts6`, CAST(`c_time0` AS STRING), CAST(`c_time6` AS STRING), `c_year`, `a<b`, `we'ird ``name;` FROM `default_catalog`.`demo`.`all;types``x_src`;
INSERT INTO `default_catalog`.`edu_db`.`course__auto_shard_sink` (`id`, `name`, `updated`)
SELECT `id`, `name`, `updated` FROM `default_catalog`.`edu_db`.`course__auto_shard_src`;
END;
