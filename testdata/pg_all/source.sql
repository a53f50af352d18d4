-- pg_all: PostgreSQL 15 source fixture for the pgsql reader (SPEC §11).
-- Loaded by the tests into a FRESH, EMPTY database with a unique name (e.g. smt123_pg_all), connected
-- to it; so no CREATE DATABASE, no \connect, nothing depends on the database's name. Plain SQL: runs
-- with `psql -v ON_ERROR_STOP=1 -f` and as one simple-query string (batch_execute, one implicit
-- transaction), so no psql meta-commands, no COPY FROM stdin, nothing that refuses a transaction block.
-- Schemas, so that tests can target parts:
--   types          every row of the §11 type table, defaults, identity and generated columns
--   keys           key shapes: PK, composite PK, promotable / non-promotable unique constraints+indexes
--   kinds          relation kinds (partitioned, inheritance, unlogged, view, matview, sequence,
--                  foreign) and replica identity (FULL, USING INDEX, NOTHING, DEFAULT)
--   "Sales"        mixed-case schema: odd table/column names, case-only twins, comments
--   "eu west.ops"  schema name with a space and a dot: 63-byte names, a table name with a dot
--   shard_1, shard_2, shard_x   shards across schemas, decoys, look-alikes that must not merge
-- Contrib extensions (citext, hstore, ltree) are used only in types.extension_types, created just
-- before it; drop that block if the server lacks them. The foreign table at the end needs superuser.
-- Every user type is schema-qualified, so the file does not depend on search_path.

-- ---------------------------------------------------------------------------------------------
-- Schemas
-- ---------------------------------------------------------------------------------------------
CREATE SCHEMA types;
CREATE SCHEMA keys;
CREATE SCHEMA kinds;
CREATE SCHEMA "Sales";
CREATE SCHEMA "eu west.ops";
CREATE SCHEMA shard_1;
CREATE SCHEMA shard_2;
CREATE SCHEMA shard_x;

-- Schema comments: quotes, a backslash and a newline must survive every quoting layer.
COMMENT ON SCHEMA "Sales" IS E'Sales team''s "main" schema\nsecond line with a back\\slash';
COMMENT ON SCHEMA "eu west.ops" IS 'schema name has a space and a dot';

-- ---------------------------------------------------------------------------------------------
-- types: user-defined types (enum, composite, domains, custom range) in schema types, so that
-- format_type prints them qualified (types.mood) whenever types is not on the search_path.
-- ---------------------------------------------------------------------------------------------
-- Enum: a multi-byte label ('très'), a quote, and a longest label of 16 bytes / 14 characters.
CREATE TYPE types.mood AS ENUM ('sad', 'ok', 'très', 'don''t know', 'über-glücklich');
-- Composite type: the connector cannot deliver it (left out, one warning).
CREATE TYPE types.pair AS (x integer, label text);
-- Domains: over numeric(12,2), a domain over that domain (typmod comes from the inner domain),
-- over varchar(20), a NOT NULL domain (nullability comes from pg_type, not attnotnull) and a
-- domain over an array (attndims is 0 on such a column; the base type is the array).
CREATE DOMAIN types.price AS numeric(12,2);
CREATE DOMAIN types.positive_price AS types.price CHECK (VALUE > 0);
CREATE DOMAIN types.short_code AS varchar(20);
CREATE DOMAIN types.nn_int AS integer NOT NULL;
CREATE DOMAIN types.int_list AS integer[];
-- A user-defined range type: detect ranges by typtype 'r', not by name.
CREATE TYPE types.floatrange AS RANGE (subtype = float8);

-- Integers, floats, numerics, money: §11 rows 1-7. numeric(5,-2) and numeric(3,5) are legal in
-- PostgreSQL 15 (negative scale, scale > precision); float(10) is stored as real, float(30) double.
CREATE TABLE types.numbers (
  id                integer PRIMARY KEY,
  c_smallint        smallint,
  c_int2            int2,
  c_smallserial     smallserial,
  c_integer         integer NOT NULL,
  c_int4            int4,
  c_serial          serial,
  c_bigint          bigint,
  c_int8            int8,
  c_bigserial       bigserial,
  c_oid             oid,
  c_real            real,
  c_float4          float4,
  c_float10         float(10),
  c_double          double precision,
  c_float30         float(30),
  c_numeric_18_4    numeric(18,4),
  c_numeric_38_10   numeric(38,10),
  c_numeric_10_2    numeric(10,2) NOT NULL,
  c_decimal_9_3     decimal(9,3),
  c_numeric_5_m2    numeric(5,-2),
  c_numeric_3_5     numeric(3,5),
  c_numeric_50_10   numeric(50,10),
  c_numeric         numeric,
  c_money           money
);

-- Booleans and bit strings: bit(1) is a BOOLEAN, bit(n>1) and varbit are base64 text.
CREATE TABLE types.bools_bits (
  id                integer PRIMARY KEY,
  c_boolean         boolean,
  c_bool            bool NOT NULL,
  c_bit1            bit(1),
  c_bit             bit,                 -- no length: bit(1)
  c_bit8            bit(8),
  c_varbit20        varbit(20),
  c_bit_varying     bit varying          -- no length
);

-- Character types: char(300) is > 255 bytes at 4 bytes per character (UTF8); `character` alone
-- is char(1); bpchar alone has no length; "C" collation on one column; xml (core, needs libxml).
CREATE TABLE types.texts (
  id                integer PRIMARY KEY,
  c_char10          char(10),
  c_char300         char(300),
  c_character       character,
  c_bpchar          bpchar,
  c_varchar50       varchar(50) NOT NULL,
  c_varchar         varchar,
  c_text            text,
  c_text_c          text COLLATE "C",
  c_xml             xml
);

-- Binary, JSON, uuid, enum, network types.
CREATE TABLE types.misc (
  id                integer PRIMARY KEY,
  c_bytea           bytea,
  c_json            json,
  c_jsonb           jsonb,
  c_uuid            uuid,
  c_mood            types.mood,
  c_inet            inet,
  c_cidr            cidr,
  c_macaddr         macaddr,
  c_macaddr8        macaddr8
);

-- Ranges: the six built-in ones plus a user-defined range.
CREATE TABLE types.ranges (
  id                integer PRIMARY KEY,
  c_int4range       int4range,
  c_int8range       int8range,
  c_numrange        numrange,
  c_tsrange         tsrange,
  c_tstzrange       tstzrange,
  c_daterange       daterange,
  c_floatrange      types.floatrange
);

-- Date/time: format_type puts the precision in the middle ("timestamp(3) without time zone");
-- time(0) exercises the p = 0 branch; interval field restrictions print as "interval year to month".
CREATE TABLE types.times (
  id                integer PRIMARY KEY,
  c_date            date,
  c_time            time,
  c_time0           time(0),
  c_time3           time(3),
  c_timetz          timetz,
  c_timestamp       timestamp NOT NULL,
  c_timestamp0      timestamp(0),
  c_timestamp3      timestamp(3),
  c_timestamptz     timestamptz,
  c_timestamptz0    timestamptz(0),
  c_interval        interval DEFAULT '1 day',
  c_interval3       interval(3),
  c_interval_ym     interval year to month
);

-- One-dimensional arrays of mapped types (ARRAY<T>). integer[3] and "integer ARRAY" are still
-- one-dimensional (attndims 1; the declared size is not stored). The 2-D array is in unsupported.
CREATE TABLE types.arrays (
  id                integer PRIMARY KEY,
  c_int_arr         integer[],
  c_text_arr        text[],
  c_varchar16_arr   varchar(16)[],
  c_numeric_arr     numeric(10,2)[],
  c_bool_arr        boolean[],
  c_date_arr        date[],
  c_ts_arr          timestamp[],
  c_uuid_arr        uuid[],
  c_mood_arr        types.mood[],
  c_int_sized       integer[3],
  c_int_array_kw    integer ARRAY
);

-- Types the connector cannot deliver (NULL or failure): left out with one warning each.
CREATE TABLE types.unsupported (
  id                integer PRIMARY KEY,
  c_box             box,
  c_line            line,
  c_lseg            lseg,
  c_path            path,
  c_polygon         polygon,
  c_circle          circle,
  c_point           point,
  c_tsvector        tsvector,
  c_pair            types.pair,          -- composite
  c_int_2d          integer[][]          -- format_type prints integer[]; only attndims says 2
);

-- Domains resolve to their base type with the domain's length/precision.
CREATE TABLE types.domains (
  id                integer PRIMARY KEY,
  c_price           types.price,
  c_positive_price  types.positive_price NOT NULL,
  c_short_code      types.short_code,
  c_nn_int          types.nn_int,        -- NOT NULL through the domain only
  c_price_arr       types.price[],       -- array of a domain: element type is the domain
  c_int_list        types.int_list       -- domain over integer[]: attndims 0
);

-- Core types not in the §11 table: "anything else" (VARCHAR(VMAX), warning; error when strict).
-- "char" is the 1-byte internal type (format_type prints it with the double quotes).
CREATE TABLE types.others (
  id                integer PRIMARY KEY,
  c_pg_lsn          pg_lsn,
  c_txid_snapshot   txid_snapshot,
  c_pg_snapshot     pg_snapshot,
  c_tsquery         tsquery,
  c_internal_char   "char",
  c_name            name,
  c_int4multirange  int4multirange,
  c_regclass        regclass
);

-- Defaults of every kind, identity and generated columns, NOT NULL and nullable columns.
-- Identity columns have no pg_attrdef row (attidentity a / d); serial is nextval('…'::regclass);
-- DEFAULT NULL is not stored at all; the generated expression is in pg_attrdef (attgenerated s).
CREATE TABLE types.defaults (
  id                integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  alt_id            bigint GENERATED BY DEFAULT AS IDENTITY (START WITH 100),
  seq_no            serial,
  note              varchar(40) NOT NULL DEFAULT 'it''s',
  win_path          text DEFAULT E'C:\\temp\\"x"',
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamp DEFAULT CURRENT_TIMESTAMP,
  is_active         boolean NOT NULL DEFAULT true,
  amount            numeric(10,2) NOT NULL DEFAULT 0.00,
  delta             numeric DEFAULT -1.5,
  due_on            date DEFAULT (CURRENT_DATE + 7),
  token             uuid DEFAULT gen_random_uuid(),
  attrs             jsonb NOT NULL DEFAULT '{}'::jsonb,
  mood              types.mood DEFAULT 'ok',
  maybe             integer DEFAULT NULL,
  total             numeric(12,2) GENERATED ALWAYS AS (amount * 2) STORED
);
COMMENT ON COLUMN types.defaults.total IS 'generated: NULL in streamed changes before PostgreSQL 18';

-- Contrib extensions (citext, ltree, hstore): drop this block and table if they are unavailable.
-- Installed into public, so format_type prints them unqualified only when public is on the path.
CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS ltree WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS hstore WITH SCHEMA public;
CREATE TABLE types.extension_types (
  id                integer PRIMARY KEY,
  c_citext          public.citext,
  c_ltree           public.ltree,
  c_hstore          public.hstore
);

-- A few rows, non-ASCII text included.
INSERT INTO types.numbers (id, c_smallint, c_int2, c_integer, c_int4, c_bigint, c_int8, c_oid,
  c_real, c_float4, c_float10, c_double, c_float30, c_numeric_18_4, c_numeric_38_10,
  c_numeric_10_2, c_decimal_9_3, c_numeric_5_m2, c_numeric_3_5, c_numeric_50_10, c_numeric, c_money)
VALUES (1, -32768, 32767, 2147483647, -2147483648, 9223372036854775807, -9223372036854775808, 4294967295,
  1.5, -2.25, 3.125, 1e300, -1e-300, 12345678901234.5678, 1234567890123456789012345678.0123456789,
  99999999.99, 123456.789, 9999900, 0.00123, 1234567890123456789012345678901234567890.0123456789,
  123456789012345678901234.123456789012345678901, '12.34'),
       (2, 0, 0, 0, 0, 0, 0, 0, 'NaN', 'Infinity', '-Infinity', 0, 0, 0, 0,
  0, 0, -9999900, -0.00999, 0, 'NaN', '-92233720368547758.08');
INSERT INTO types.bools_bits VALUES (1, true, false, B'1', B'0', B'10101010', B'101', B'1111000011110000'),
                                    (2, NULL, true, NULL, NULL, NULL, NULL, NULL);
INSERT INTO types.texts VALUES
  (1, 'größe', repeat('表', 300), 'x', 'bp', 'Grüße, 世界 ✓', 'unbounded', E'tab\there\nnewline',
   'c-collated', NULL),
  (2, NULL, NULL, NULL, NULL, '', NULL, NULL, NULL, NULL);
INSERT INTO types.misc VALUES
  (1, '\xdeadbeef00', '{"a": [1, 2, "ü"]}', '{"b": {"c": null}}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
   'très', '192.168.0.1/24', '10.0.0.0/8', '08:00:2b:01:02:03', '08:00:2b:01:02:03:04:05'),
  (2, NULL, NULL, NULL, NULL, 'über-glücklich', '::1', '2001:db8::/32', NULL, NULL);
INSERT INTO types.ranges VALUES
  (1, '[1,10)', '[1,9223372036854775807)', '(0.5,1.5]', '[2024-01-01 00:00,2024-01-02 00:00)',
   '[2024-01-01 00:00+00,infinity)', '[2024-01-01,2024-02-01)', '[1.5,2.5)'),
  (2, 'empty', NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO types.times VALUES
  (1, '2024-02-29', '23:59:59.999999', '12:00:00', '12:34:56.789', '12:00:00+05:30',
   '2024-02-29 23:59:59.123456', '2024-01-01 00:00:00', '2024-01-01 00:00:00.123',
   '2024-06-01 12:00:00+02', '2024-06-01 12:00:00+02', '1 year 2 months 3 days 04:05:06.78',
   '1.2345 seconds', '1 year 2 months'),
  (2, 'infinity', NULL, NULL, NULL, NULL, '-infinity', NULL, NULL, NULL, NULL, DEFAULT, NULL, NULL);
INSERT INTO types.arrays VALUES
  (1, '{1,2,NULL}', '{"a","b c","ü"}', '{"x"}', '{1.50,2.25}', '{t,f}', '{2024-01-01}',
   '{"2024-01-01 10:00:00"}', '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}', '{sad,très}', '{1,2,3,4}', '{}'),
  (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO types.unsupported VALUES
  (1, '((0,0),(1,1))', '{1,-1,0}', '[(0,0),(1,1)]', '[(0,0),(1,1),(2,0)]', '((0,0),(1,1),(1,0))',
   '<(0,0),1>', '(1.5,2.5)', 'a fat cat', ROW(1, 'one'), '{{1,2},{3,4}}');
INSERT INTO types.domains VALUES (1, 12.34, 0.01, 'ABC-123', 7, '{1.00,2.50}', '{1,2}');
INSERT INTO types.others VALUES
  (1, '16/B374D848', '10:20:10,14,15', '10:20:10,14,15', 'fat & rat', 'x', 'a_name', '{[1,3),[5,7)}',
   'types.numbers');
INSERT INTO types.defaults DEFAULT VALUES;
INSERT INTO types.defaults (note, amount, mood, maybe) VALUES ('Grüße ''quoted''', 12.50, 'très', 1);
INSERT INTO types.extension_types VALUES (1, 'MiXeD Case', 'top.science.astronomy', 'a=>1, "b c"=>NULL');

-- ---------------------------------------------------------------------------------------------
-- keys: every key shape the reader must classify (PK, promotable unique, not a key).
-- ---------------------------------------------------------------------------------------------
-- Single-column primary key.
CREATE TABLE keys.single_pk (
  id                integer PRIMARY KEY,
  name              text NOT NULL,
  note              text
);

-- Composite primary key on non-leading columns, key order (tenant_id, region_id) differs from
-- the column order.
CREATE TABLE keys.pk_not_leading (
  note              text,
  created_on        date NOT NULL DEFAULT CURRENT_DATE,
  region_id         integer NOT NULL,
  tenant_id         integer NOT NULL,
  amount            numeric(10,2),
  PRIMARY KEY (tenant_id, region_id)
);

-- No primary key; a UNIQUE constraint whose columns are all NOT NULL: promotable.
CREATE TABLE keys.uq_constraint (
  code              varchar(20) NOT NULL,
  region            char(2) NOT NULL,
  label             text,
  CONSTRAINT uq_constraint_region_code UNIQUE (region, code)
);

-- No primary key; a unique INDEX (not a constraint) on NOT NULL columns: promotable.
CREATE TABLE keys.uq_index (
  sku               varchar(32) NOT NULL,
  warehouse         integer NOT NULL,
  qty               integer
);
CREATE UNIQUE INDEX uq_index_warehouse_sku ON keys.uq_index (warehouse, sku);

-- No primary key; unique constraints on nullable columns only (one NULLS NOT DISTINCT, PG 15):
-- not promotable, so the table has no usable key.
CREATE TABLE keys.uq_nullable (
  email             text,
  phone             text,
  name              text NOT NULL,
  CONSTRAINT uq_nullable_email UNIQUE (email),
  CONSTRAINT uq_nullable_phone UNIQUE NULLS NOT DISTINCT (phone)
);

-- No primary key; a partial unique index and an expression unique index on NOT NULL columns:
-- neither is a key. (id, lower(email)) leaves just id when the expression is dropped: a trap.
CREATE TABLE keys.uq_partial_expr (
  id                integer NOT NULL,
  email             text NOT NULL,
  active            boolean NOT NULL DEFAULT true
);
CREATE UNIQUE INDEX uq_partial_expr_id_active ON keys.uq_partial_expr (id) WHERE active;
CREATE UNIQUE INDEX uq_partial_expr_id_lower_email ON keys.uq_partial_expr (id, lower(email));

-- No key at all (a non-unique index does not count).
CREATE TABLE keys.no_key (
  a                 integer,
  b                 text,
  c                 timestamptz
);
CREATE INDEX no_key_a ON keys.no_key (a);

-- Primary keys on char(n), numeric, uuid and text columns.
CREATE TABLE keys.pk_char (
  code              char(8) PRIMARY KEY,
  label             text
);
CREATE TABLE keys.pk_numeric (
  id                numeric(20,0) PRIMARY KEY,
  label             text
);
CREATE TABLE keys.pk_uuid (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  label             text
);
CREATE TABLE keys.pk_text (
  id                text PRIMARY KEY,
  label             text
);

-- No primary key; a unique index with INCLUDE columns: the key is (sku) only.
CREATE TABLE keys.uq_include (
  sku               varchar(32) NOT NULL,
  price             numeric(10,2),
  name              text
);
CREATE UNIQUE INDEX uq_include_sku ON keys.uq_include (sku) INCLUDE (price, name);

-- A primary key and another NOT NULL unique constraint: the primary key wins.
CREATE TABLE keys.pk_and_unique (
  id                integer PRIMARY KEY,
  email             text NOT NULL UNIQUE
);

INSERT INTO keys.single_pk VALUES (1, 'eins', NULL), (2, 'zwei', 'ü');
INSERT INTO keys.pk_char VALUES ('AB', 'padded to 8');
INSERT INTO keys.pk_text VALUES ('größe', 'non-ASCII key');

-- ---------------------------------------------------------------------------------------------
-- kinds: relation kinds and replica identity.
-- ---------------------------------------------------------------------------------------------
-- Partitioned table (relkind p): the primary key includes the partition column. events_2025 is
-- itself partitioned (relkind p AND relispartition: skip it as a partition), events_default is
-- the default partition. Partitions' array columns have attndims 0.
CREATE TABLE kinds.events (
  id                bigint NOT NULL,
  event_date        date NOT NULL,
  kind              text NOT NULL DEFAULT 'click',
  tags              text[],
  payload           jsonb,
  PRIMARY KEY (id, event_date)
) PARTITION BY RANGE (event_date);
CREATE TABLE kinds.events_2024 PARTITION OF kinds.events
  FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE kinds.events_2025 PARTITION OF kinds.events
  FOR VALUES FROM ('2025-01-01') TO ('2026-01-01') PARTITION BY RANGE (event_date);
CREATE TABLE kinds.events_2025_h1 PARTITION OF kinds.events_2025
  FOR VALUES FROM ('2025-01-01') TO ('2025-07-01');
CREATE TABLE kinds.events_2025_h2 PARTITION OF kinds.events_2025
  FOR VALUES FROM ('2025-07-01') TO ('2026-01-01');
CREATE TABLE kinds.events_default PARTITION OF kinds.events DEFAULT;
COMMENT ON TABLE kinds.events IS 'partitioned by range on event_date';

-- Old-style inheritance: dogs is an ordinary table (relkind r, relispartition false) with a
-- pg_inherits row. INHERITS copies columns and NOT NULL but not the primary key: dogs has no key.
-- The inherited array column has attndims 0 in the child.
CREATE TABLE kinds.animals (
  id                integer PRIMARY KEY,
  name              text NOT NULL,
  tags              text[]
);
CREATE TABLE kinds.dogs (
  breed             text
) INHERITS (kinds.animals);

-- Unlogged table (relpersistence u): logical replication cannot read it; skipped with a warning.
CREATE UNLOGGED TABLE kinds.scratch (
  id                integer PRIMARY KEY,
  data              text
);

-- Replica identity: FULL, USING INDEX (no primary key; the unique index is on NOT NULL columns),
-- NOTHING; ri_default and every other table keep DEFAULT.
CREATE TABLE kinds.ri_full (
  id                integer PRIMARY KEY,
  body              text
);
ALTER TABLE kinds.ri_full REPLICA IDENTITY FULL;
CREATE TABLE kinds.ri_index (
  code              varchar(16) NOT NULL,
  version           integer NOT NULL,
  body              text
);
CREATE UNIQUE INDEX ri_index_code_version ON kinds.ri_index (code, version);
ALTER TABLE kinds.ri_index REPLICA IDENTITY USING INDEX ri_index_code_version;
CREATE TABLE kinds.ri_nothing (
  id                integer PRIMARY KEY,
  body              text
);
ALTER TABLE kinds.ri_nothing REPLICA IDENTITY NOTHING;
CREATE TABLE kinds.ri_default (
  id                integer PRIMARY KEY,
  body              text
);

-- A dropped column leaves a gap in attnum (attisdropped rows must be ignored); a later column.
CREATE TABLE kinds.altered (
  id                integer PRIMARY KEY,
  legacy            text,
  name              text
);
ALTER TABLE kinds.altered DROP COLUMN legacy;
ALTER TABLE kinds.altered ADD COLUMN added_later integer NOT NULL DEFAULT 0;

INSERT INTO kinds.events VALUES (1, '2024-03-01', 'click', '{a,b}', '{"x": 1}'),
                                (2, '2025-02-01', 'view', NULL, NULL),
                                (3, '2025-08-01', 'click', '{}', NULL),
                                (4, '2023-12-31', 'old', NULL, NULL);
INSERT INTO kinds.animals VALUES (1, 'Felix', '{cat}');
INSERT INTO kinds.dogs VALUES (2, 'Rex', '{dog}', 'Schäferhund');

-- View, materialized view, sequence: skipped and listed.
CREATE VIEW kinds.v_animals AS SELECT id, name FROM kinds.animals;
CREATE MATERIALIZED VIEW kinds.mv_event_counts AS
  SELECT event_date, count(*) AS n FROM kinds.events GROUP BY event_date;
CREATE SEQUENCE kinds.ticket_no_seq START WITH 1000;

-- Foreign table (relkind f) without any extension: a wrapper with no handler is enough to create
-- one (it cannot be queried). Needs superuser; drop these three statements if that is a problem.
CREATE FOREIGN DATA WRAPPER smt_dummy_fdw;
CREATE SERVER smt_dummy_server FOREIGN DATA WRAPPER smt_dummy_fdw;
CREATE FOREIGN TABLE kinds.remote_orders (
  id                integer NOT NULL,
  note              text
) SERVER smt_dummy_server;

-- ---------------------------------------------------------------------------------------------
-- "Sales": mixed-case schema, odd identifiers (all double-quoted), comments with quotes,
-- backslashes and newlines.
-- ---------------------------------------------------------------------------------------------
-- Mixed-case enum: format_type prints it "Sales"."Status" (quoted, qualified).
CREATE TYPE "Sales"."Status" AS ENUM ('New', 'Shipped', 'Zurückgegeben');

-- Mixed-case table and columns; a serial whose default quotes the identifier inside the literal:
-- nextval('"Sales"."OrderItems_ItemId_seq"'::regclass).
CREATE TABLE "Sales"."OrderItems" (
  "ItemId"          serial PRIMARY KEY,
  "OrderId"         integer NOT NULL,
  "Qty"             smallint NOT NULL DEFAULT 1,
  "UnitPrice"       numeric(10,2),
  "Status"          "Sales"."Status" NOT NULL DEFAULT 'New'
);
COMMENT ON TABLE "Sales"."OrderItems" IS
  E'Order line items: it''s "quoted"\nsecond line, path C:\\orders\\';
COMMENT ON COLUMN "Sales"."OrderItems"."ItemId" IS E'line id (\'single\', "double", back\\slash)';
COMMENT ON COLUMN "Sales"."OrderItems"."UnitPrice" IS E'price per unit\nin EUR';

-- Case-only twin of "OrderItems" (one name to case-insensitive matching), another layout.
CREATE TABLE "Sales"."orderitems" (
  item_id           integer PRIMARY KEY,
  note              text
);
COMMENT ON TABLE "Sales"."orderitems" IS 'lower-case twin of "OrderItems"';

-- Column names: case-only twins ("Name"/"name"), space, dot, dollar, embedded double quote,
-- backtick, equals sign, __op prefixes (clash with StarRocks' __op), non-ASCII, and two 63-byte
-- names (one ASCII, one with multi-byte characters: 61 characters, 63 bytes).
CREATE TABLE "Sales"."Customers" (
  "CustomerId"      integer PRIMARY KEY,
  "Name"            text NOT NULL,
  "name"            text,
  "order date"      date,
  "a.b"             integer,
  "price$"          numeric(8,2),
  "say""hi"         text,
  "back`tick"       text,
  "a=b"             integer,
  "__op"            smallint,
  "__op_flag"       boolean,
  "größe"           numeric(5,1),
  "表"              text,
  "c_sixty_three_bytes_long_column_name_for_the_identifier_limit_6" integer,
  "größe_sixty_three_bytes_with_multibyte_chars_in_the_name_wxyz" integer
);
COMMENT ON COLUMN "Sales"."Customers"."Name" IS 'display name (upper-case N)';
COMMENT ON COLUMN "Sales"."Customers"."name" IS 'login name (lower-case n)';
COMMENT ON COLUMN "Sales"."Customers"."say""hi" IS E'column "say""hi": a \\ backslash, a '' quote';
COMMENT ON COLUMN "Sales"."Customers"."größe" IS 'Größe in cm';

-- Non-ASCII table name.
CREATE TABLE "Sales"."表" (
  "编号"            integer PRIMARY KEY,
  "größe"           text
);
COMMENT ON TABLE "Sales"."表" IS '非ASCII table name';

INSERT INTO "Sales"."OrderItems" ("OrderId", "Qty", "UnitPrice") VALUES (10, 2, 9.99), (10, 1, 0.50);
INSERT INTO "Sales"."Customers" ("CustomerId", "Name", "name", "order date", "say""hi", "größe", "表")
VALUES (1, 'Zoë', 'zoe', '2024-05-01', 'hi "there"', 172.5, '顾客');
INSERT INTO "Sales"."表" VALUES (1, 'groß');

-- ---------------------------------------------------------------------------------------------
-- "eu west.ops": schema name with a space and a dot; a 63-byte table name; a table name with a
-- dot ("eu west.ops"."line.items" splits wrongly on dots).
-- ---------------------------------------------------------------------------------------------
CREATE TABLE "eu west.ops"."t_sixty_three_bytes_long_table_name_for_the_identifier_limit_63" (
  id                integer PRIMARY KEY,
  val               text
);
COMMENT ON TABLE "eu west.ops"."t_sixty_three_bytes_long_table_name_for_the_identifier_limit_63"
  IS 'name is exactly 63 bytes, PostgreSQL''s identifier limit';
CREATE TABLE "eu west.ops"."line.items" (
  "Id"              bigint PRIMARY KEY,
  "line no"         integer NOT NULL
);

-- ---------------------------------------------------------------------------------------------
-- Shards across schemas. shard_1.orders_1 and shard_2.orders_2 are clones (same columns, types,
-- order and primary key): they merge into one orders table. Decoys: shard_x.orders_1 (schema
-- not shard_<digits>) and shard_1.orders_1_old (name not orders_<digits>) have other layouts.
-- stats_v1 / stats_v2 look like shards but differ: they must not merge.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE shard_1.orders_1 (
  order_id          bigint PRIMARY KEY,
  customer_id       integer NOT NULL,
  amount            numeric(12,2) NOT NULL,
  status            varchar(16) NOT NULL DEFAULT 'new',
  created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE shard_2.orders_2 (
  order_id          bigint PRIMARY KEY,
  customer_id       integer NOT NULL,
  amount            numeric(12,2) NOT NULL,
  status            varchar(16) NOT NULL DEFAULT 'new',
  created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE shard_x.orders_1 (
  id                integer PRIMARY KEY,
  payload           jsonb
);
CREATE TABLE shard_1.orders_1_old (
  order_id          bigint PRIMARY KEY,
  legacy_code       char(4)
);
CREATE TABLE shard_1.stats_v1 (
  day               date PRIMARY KEY,
  visits            integer NOT NULL
);
CREATE TABLE shard_1.stats_v2 (
  day               date NOT NULL,
  country           char(2) NOT NULL,
  visits            bigint NOT NULL,
  revenue           numeric(14,2),
  PRIMARY KEY (day, country)
);

INSERT INTO shard_1.orders_1 (order_id, customer_id, amount) VALUES (1, 7, 10.00), (3, 8, 30.00);
INSERT INTO shard_2.orders_2 (order_id, customer_id, amount, status) VALUES (2, 7, 20.00, 'paid');
INSERT INTO shard_x.orders_1 VALUES (1, '{"decoy": true}');
