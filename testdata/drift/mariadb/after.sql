-- drift/mariadb, day two: what the source went through since before.sql.
-- users: every in-place change StarRocks can make, and the ones it refuses (warnings).
ALTER TABLE `app`.`users`
  ADD COLUMN `phone` varchar(30) DEFAULT NULL AFTER `email`,
  ADD COLUMN `tier` int NOT NULL DEFAULT 1,
  ADD COLUMN `region` varchar(10) NOT NULL,
  MODIFY COLUMN `name` varchar(80) NOT NULL COMMENT 'display name',
  MODIFY COLUMN `age` bigint DEFAULT NULL,
  MODIFY COLUMN `score` decimal(12,2) DEFAULT NULL,
  MODIFY COLUMN `nick` varchar(20) DEFAULT '',
  MODIFY COLUMN `bio` varchar(200) DEFAULT NULL COMMENT 'about the user',
  MODIFY COLUMN `status` varchar(10) NOT NULL DEFAULT 'active',
  MODIFY COLUMN `email` varchar(100) NOT NULL,
  ADD COLUMN `token` varbinary(16) DEFAULT NULL,
  DROP COLUMN `legacy`,
  DROP COLUMN `pin`,
  COMMENT = 'registered users';
-- notes: comments and a default only; the Flink job is not touched.
ALTER TABLE `app`.`notes`
  MODIFY COLUMN `body` text DEFAULT NULL COMMENT 'the note, markdown',
  MODIFY COLUMN `lang` char(2) NOT NULL DEFAULT 'de',
  COMMENT = 'notes, by user';
-- events: a narrowing (StarRocks never shortens a VARCHAR): rebuild.
-- (and `note` became NOT NULL: the rebuilt table keeps it nullable, it may hold NULL)
ALTER TABLE `app`.`events` MODIFY COLUMN `code` varchar(20) NOT NULL, MODIFY COLUMN `note` varchar(10) NOT NULL DEFAULT '';
-- prices: a type change StarRocks refuses (DOUBLE to DECIMAL): rebuild.
ALTER TABLE `app`.`prices` MODIFY COLUMN `price` decimal(12,2) DEFAULT NULL;
-- accounts: the primary key gains a column: rebuild.
ALTER TABLE `app`.`accounts` DROP PRIMARY KEY, ADD PRIMARY KEY (`id`, `tenant`);
-- codes: a key column StarRocks sizes differently (latin1 to utf8mb4), the Flink job reads it
-- the same: rebuilt, and its job stopped for it.
ALTER TABLE `app`.`codes` MODIFY COLUMN `code` varchar(10) CHARACTER SET utf8mb4 NOT NULL;
-- stamps: DATETIME to DATE is a MODIFY StarRocks allows, but not with CURRENT_TIMESTAMP as the
-- default it cannot change: rebuilt.
ALTER TABLE `app`.`stamps` MODIFY COLUMN `at` date NOT NULL DEFAULT curdate();
-- logs (duplicate key on `at`): a value column widened in place.
ALTER TABLE `app`.`logs` MODIFY COLUMN `message` varchar(1000) DEFAULT NULL;
-- a new table and a dropped one.
CREATE TABLE `app`.`fresh` (
  `id` int NOT NULL,
  `label` varchar(20) DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB;
DROP TABLE `app`.`gone`;
-- orders: a new shard member with the same schema: no drift.
CREATE TABLE `shop_1`.`orders_3` (
  `id` bigint NOT NULL,
  `total` decimal(10,2) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB;
-- items: a new shard member with an extra column: `auto` no longer merges the group.
CREATE TABLE `mall_2`.`items_3` (
  `id` bigint NOT NULL,
  `sku` varchar(32) NOT NULL,
  `color` varchar(16) DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB;
-- audit.trail: a duplicate-key table loaded as CSV (rule 4): its job stops before the ALTER.
ALTER TABLE `audit`.`trail` ADD COLUMN `ip` varchar(45) DEFAULT NULL AFTER `at`;
