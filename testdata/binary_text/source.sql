-- binary_text: binary columns that hold text (SPEC §7 "Binary columns that hold text"), in the
-- shape of MediaWiki's schema (titles, names and timestamps in VARBINARY / BINARY / BLOB), next to
-- real binary data, a binary key, a type override and spatial columns (MariaDB 10.11).
-- Every identifier is fully qualified with its database so a test can substitute unique names.
CREATE DATABASE `wiki` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;

CREATE TABLE `wiki`.`page` (
  `page_id` int unsigned NOT NULL AUTO_INCREMENT,
  `page_namespace` int NOT NULL,
  `page_title` varbinary(255) NOT NULL COMMENT 'UTF-8 title, underscores for spaces',
  `page_touched` binary(14) NOT NULL COMMENT 'MediaWiki timestamp YYYYMMDDHHMMSS',
  `page_content_model` varbinary(32) DEFAULT NULL,
  `page_len` int unsigned NOT NULL,
  PRIMARY KEY (`page_id`),
  UNIQUE KEY `page_name_title` (`page_namespace`, `page_title`)
) ENGINE=InnoDB;

CREATE TABLE `wiki`.`user` (
  `user_id` int unsigned NOT NULL AUTO_INCREMENT,
  `user_name` varbinary(255) NOT NULL DEFAULT '',
  `user_real_name` varbinary(255) NOT NULL DEFAULT '',
  `user_password` tinyblob NOT NULL COMMENT 'hash text, overridden but not decoded',
  `user_token` binary(32) NOT NULL DEFAULT '' COMMENT 'random bytes: stays base64',
  `user_touched` binary(14) NOT NULL,
  PRIMARY KEY (`user_id`)
) ENGINE=InnoDB;

CREATE TABLE `wiki`.`text` (
  `old_id` int unsigned NOT NULL AUTO_INCREMENT,
  `old_text` mediumblob NOT NULL COMMENT 'wikitext',
  `old_flags` tinyblob NOT NULL COMMENT 'overridden and decoded',
  PRIMARY KEY (`old_id`)
) ENGINE=InnoDB;

-- The key is a binary column the regex names: it stays base64 (SPEC §7).
CREATE TABLE `wiki`.`objectcache` (
  `keyname` varbinary(255) NOT NULL DEFAULT '',
  `value` mediumblob DEFAULT NULL COMMENT 'serialized, often gzip: real binary data',
  `exptime` binary(14) NOT NULL,
  PRIMARY KEY (`keyname`)
) ENGINE=InnoDB;

-- No primary or unique key: a DUPLICATE KEY table whose leading (key) column is binary text.
CREATE TABLE `wiki`.`log_search` (
  `ls_field` varbinary(32) NOT NULL,
  `ls_value` varchar(255) NOT NULL,
  `ls_log_id` int unsigned NOT NULL DEFAULT 0
) ENGINE=InnoDB;

CREATE TABLE `wiki`.`job` (
  `job_id` int unsigned NOT NULL AUTO_INCREMENT,
  `job_cmd` varbinary(60) NOT NULL DEFAULT '',
  `job_timestamp` binary(14) DEFAULT NULL,
  `job_wait` time(1) DEFAULT NULL,
  `job_runtime` time(6) DEFAULT NULL,
  PRIMARY KEY (`job_id`)
) ENGINE=InnoDB;

CREATE TABLE `wiki`.`geo_tags` (
  `gt_id` int unsigned NOT NULL AUTO_INCREMENT,
  `gt_page_id` int unsigned NOT NULL,
  `gt_location` point NOT NULL,
  `gt_area` polygon DEFAULT NULL,
  `gt_shape` geometry DEFAULT NULL,
  `gt_name` varbinary(255) DEFAULT NULL,
  PRIMARY KEY (`gt_id`)
) ENGINE=InnoDB;

-- Rows as the application writes them: UTF-8 text in binary columns, and real binary data.
INSERT INTO `wiki`.`page` VALUES (1, 0, 'Zürich', '20240131120000', 'wikitext', 120),
  (2, 0, 'Ελληνικά', '20240201080910', 'wikitext', 80), (3, 14, '日本語のページ', '20240202000000', NULL, 5);
INSERT INTO `wiki`.`user` VALUES (1, 'Jürgen', 'Jürgen Weiß', ':pbkdf2:sha512:30000:64:abc', UNHEX(REPEAT('9F', 32)), '20240131120000');
INSERT INTO `wiki`.`text` VALUES (1, '== Überschrift ==\nText mit ünïcödé 😀', 'utf-8');
INSERT INTO `wiki`.`objectcache` VALUES ('wiki:page:Zürich', UNHEX('1F8B0800000000000003CB48CDC9C95700006A7C2D4F05000000'), '20991231235959');
INSERT INTO `wiki`.`log_search` VALUES ('target_author_id', '7', 1);
INSERT INTO `wiki`.`job` VALUES (1, 'refreshLinks', '20240131120000', '00:00:01.5', '12:34:56.789012');
INSERT INTO `wiki`.`geo_tags` VALUES (1, 1, POINT(8.5417, 47.3769), NULL, NULL, 'Zürich HB');

-- A second rule whose `binary_as_text` names a column that is not binary, and no binary column.
CREATE DATABASE `media` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;

CREATE TABLE `media`.`image` (
  `img_name` varchar(255) NOT NULL,
  `img_metadata` mediumblob NOT NULL COMMENT 'serialized PHP array',
  `img_sha1` varbinary(32) NOT NULL DEFAULT '',
  PRIMARY KEY (`img_name`)
) ENGINE=InnoDB;
