-- drift/pgsql, day two.
ALTER TABLE shop.customers
  ALTER COLUMN name TYPE varchar(120),
  ALTER COLUMN balance TYPE numeric(14,2),
  ADD COLUMN email varchar(200),
  ADD COLUMN tier smallint NOT NULL DEFAULT 1,
  DROP COLUMN old_flag;
COMMENT ON COLUMN shop.customers.note IS 'free text';
ALTER TABLE shop.orders ALTER COLUMN customer TYPE bigint;
CREATE TABLE shop.refunds (
  id bigint PRIMARY KEY,
  order_id bigint NOT NULL,
  amount numeric(10,2) NOT NULL
);
