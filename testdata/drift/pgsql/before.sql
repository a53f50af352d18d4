-- drift/pgsql, day one (database smt_drift_pg, schema shop).
CREATE SCHEMA shop;
CREATE TABLE shop.customers (
  id integer PRIMARY KEY,
  name varchar(50) NOT NULL,
  balance numeric(10,2),
  seen timestamptz,
  note text,
  old_flag boolean
);
COMMENT ON TABLE shop.customers IS 'customers';
CREATE TABLE shop.orders (
  id bigint PRIMARY KEY,
  customer integer NOT NULL,
  placed timestamp(3) NOT NULL DEFAULT now()
);
