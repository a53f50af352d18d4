//! The SQL smt-rs sends to a PostgreSQL server, and the rows it reads back. The only code that
//! talks to the server. A constant number of queries, whatever the number of tables: the
//! server version and the databases through the first connection, then per matched database
//! one read-only transaction of six catalog queries (database, relations, types, columns, keys,
//! enum labels; after pg-facts §4).

use std::time::Instant;

use postgres::{Client, GenericClient, Row, Transaction};

use crate::progress::Progress;
use crate::source::Timing;

/// Databases a rule may name: those one can connect to, not the templates.
const DATABASES: &str = "SELECT datname::text FROM pg_database WHERE datallowconn AND NOT datistemplate ORDER BY 1";

/// Q1: the database's encoding (bytes per character), and the server settings CDC needs.
const DATABASE: &str = "\
SELECT pg_encoding_to_char(d.encoding)::text AS encoding,
       pg_encoding_max_length(d.encoding)::int AS max_bytes_per_char,
       current_setting('wal_level')::text AS wal_level
FROM pg_database d WHERE d.datname = current_database()";

/// Q2: every relation of a user schema: tables, partitioned parents, partitions, views,
/// materialized views, foreign tables and sequences (not those of serial and identity columns),
/// with what the planner and the setup file need (persistence, replica identity, parent, size,
/// comment). Sizes are the statistics' pages (`relpages`, with the TOAST table's), as VACUUM and
/// ANALYZE leave them: reading each file's size made the server stat every relation.
const RELATIONS: &str = "\
SELECT c.oid::bigint AS oid, n.nspname::text AS schema_name, c.relname::text AS table_name,
       c.relkind::text AS relkind, c.relispartition AS is_partition, c.relpersistence::text AS persistence,
       c.relreplident::text AS replica_identity, i.inhparent::bigint AS parent_oid,
       c.reltuples::float8 AS est_rows,
       ((c.relpages::bigint + COALESCE(toast.relpages, 0)) * current_setting('block_size')::bigint) AS data_bytes,
       d.description::text AS table_comment
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_inherits i ON i.inhrelid = c.oid
LEFT JOIN pg_class toast ON toast.oid = c.reltoastrelid
LEFT JOIN pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
WHERE c.relkind IN ('r','p','v','m','f','S')
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  -- The sequences behind serial and identity columns belong to their column, not to the list.
  AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.classid = 'pg_class'::regclass
           AND dep.objid = c.oid AND dep.deptype IN ('a','i')))";

/// Q3: the types columns can have (every type but the row types of tables, views and
/// sequences, and their arrays), each domain with its base type (through domains over domains),
/// the domain's typmod and NOT NULL. A few hundred rows whatever the estate.
const TYPES: &str = "\
WITH RECURSIVE dom AS (
  SELECT t.oid AS type_oid, t.oid AS cur_oid, t.typtypmod AS dom_typmod, t.typnotnull AS dom_notnull, 0 AS depth
  FROM pg_type t WHERE t.typtype = 'd'
  UNION ALL
  SELECT d.type_oid, b.oid, CASE WHEN d.dom_typmod <> -1 THEN d.dom_typmod ELSE b.typtypmod END,
         d.dom_notnull OR b.typnotnull, d.depth + 1
  FROM dom d JOIN pg_type cur ON cur.oid = d.cur_oid JOIN pg_type b ON b.oid = cur.typbasetype
  WHERE cur.typtype = 'd'),
dom_base AS (SELECT DISTINCT ON (type_oid) type_oid, cur_oid AS base_oid, dom_typmod, dom_notnull
             FROM dom ORDER BY type_oid, depth DESC)
SELECT t.oid::bigint AS oid, t.typname::text AS name, t.typtype::text AS kind, t.typcategory::text AS category,
       n.nspname::text AS schema_name, co.collname::text AS collation, t.typelem::bigint AS element,
       db.base_oid::bigint AS base, db.dom_typmod::int AS base_typmod, COALESCE(db.dom_notnull, false) AS not_null
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_collation co ON co.oid = t.typcollation
LEFT JOIN dom_base db ON db.type_oid = t.oid
LEFT JOIN pg_class rc ON rc.oid = t.typrelid
LEFT JOIN pg_type e ON e.oid = t.typelem AND t.typcategory = 'A'
LEFT JOIN pg_class erc ON erc.oid = e.typrelid
WHERE COALESCE(rc.relkind, 'c') = 'c' AND COALESCE(erc.relkind, 'c') = 'c'";

/// Q4: the columns of the tables and partitioned parents, as lean as possible: 300,000 rows on
/// a large estate, where every value costs the server an output call. Types are oids (Q3 names
/// them), and the reader orders the columns. A default is printed without its table (only a
/// generated column's expression can name columns): the table made the server build a
/// deparsing context per default, a second on 30,000 defaults.
const COLUMNS: &str = "\
SELECT a.attrelid::bigint AS table_oid, a.attnum::int AS attnum, a.attname::text AS column_name,
       a.atttypid::bigint AS type_oid, a.atttypmod::int AS typmod, a.attndims::int AS ndims,
       a.attnotnull AS not_null,
       (CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, 0) ELSE pg_get_expr(ad.adbin, ad.adrelid) END)::text AS default_expr,
       a.attidentity::text AS identity, a.attgenerated::text AS generated,
       (CASE WHEN a.attcollation NOT IN (0, 100) THEN co.collname END)::text AS collation,
       d.description::text AS column_comment
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN pg_collation co ON co.oid = a.attcollation
LEFT JOIN pg_description d ON d.objoid = a.attrelid AND d.classoid = 'pg_class'::regclass AND d.objsubid = a.attnum
WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r','p') AND NOT c.relispartition
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'";

/// Q5: primary keys, unique constraints and unique indexes: valid, not partial, no expression,
/// key columns in order (INCLUDE columns left out).
const KEYS: &str = "\
SELECT i.indrelid::bigint AS table_oid, ic.relname::text AS index_name, i.indisprimary AS is_primary,
       k.cols AS key_columns
FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL (SELECT array_agg(a.attname::text ORDER BY u.ord) AS cols
    FROM unnest(i.indkey::int2[]) WITH ORDINALITY u(attnum, ord)
    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = u.attnum
    WHERE u.ord <= i.indnkeyatts) k
WHERE i.indisunique AND i.indisvalid AND i.indpred IS NULL AND NOT (0 = ANY (i.indkey::int2[]))
  AND c.relkind IN ('r','p') AND NOT c.relispartition
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
ORDER BY 1, 2";

/// Q6: enum labels in their order.
const ENUMS: &str = "\
SELECT t.oid::bigint AS type_oid, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY 1";

pub struct DatabaseRow {
    pub encoding: String,
    pub max_bytes_per_char: u32,
    pub wal_level: String,
}

#[derive(Debug, Clone)]
pub struct RelationRow {
    pub oid: i64,
    pub schema: String,
    pub name: String,
    /// `pg_class.relkind`: r, p, v, m, f, S.
    pub relkind: String,
    pub is_partition: bool,
    /// `pg_class.relpersistence`: p (permanent), u (unlogged), t (temporary).
    pub persistence: String,
    pub replica_identity: String,
    pub parent: Option<i64>,
    pub est_rows: Option<f64>,
    pub data_bytes: Option<i64>,
    pub comment: Option<String>,
}

/// A type a column can have (Q3).
#[derive(Debug, Clone)]
pub struct TypeRow {
    pub oid: i64,
    pub name: String,
    /// `pg_type.typtype`: b (base), e (enum), c (composite), d (domain), r (range), m (multirange)…
    pub kind: String,
    /// `pg_type.typcategory`: `A` for arrays.
    pub category: String,
    pub schema: String,
    /// The type's own collation (`C` for `name`), which a column of the type does not repeat.
    pub collation: Option<String>,
    /// An array's element type.
    pub element: i64,
    /// A domain's base type (after every domain), typmod and NOT NULL.
    pub base: Option<i64>,
    pub base_typmod: Option<i32>,
    pub not_null: bool,
}

/// A column as Q4 reads it, borrowed from the row it arrived in (300,000 of them pass).
#[derive(Debug, Clone)]
pub struct ColumnRow<'r> {
    pub table: i64,
    pub attnum: i32,
    pub name: &'r str,
    pub type_oid: i64,
    pub typmod: i32,
    pub ndims: i32,
    pub not_null: bool,
    pub default: Option<&'r str>,
    pub identity: &'r str,
    pub generated: &'r str,
    pub collation: Option<&'r str>,
    pub comment: Option<&'r str>,
}

#[derive(Debug, Clone)]
pub struct KeyRow {
    pub table: i64,
    pub index: String,
    pub primary: bool,
    pub columns: Vec<String>,
}

/// An enum type's oid and its labels in order.
pub type Enum = (i64, Vec<String>);

/// What a column row is read with: the database (its encoding), the types and enum labels.
pub struct Context {
    pub database: DatabaseRow,
    pub types: rustc_hash::FxHashMap<i64, TypeRow>,
    pub enums: Vec<Enum>,
}

/// Everything read from one database but its columns, which [`read`] hands to `column` as
/// they stream in.
pub struct Rows {
    pub database: DatabaseRow,
    pub relations: Vec<RelationRow>,
    pub keys: Vec<KeyRow>,
    pub enums: Vec<Enum>,
}

/// Run one query, recording how long it took and how many rows it returned; the progress
/// display names it meanwhile.
fn timed<T>(
    client: &mut Transaction,
    timings: &mut Vec<Timing>,
    progress: &Progress,
    query: &'static str,
    sql: &str,
    row: impl Fn(&Row) -> Result<T, postgres::Error>,
) -> Result<Vec<T>, postgres::Error> {
    progress.reading(query);
    let started = Instant::now();
    let rows = GenericClient::query(client, sql, &[])?;
    let out = rows
        .iter()
        .map(|r| {
            progress.row();
            row(r)
        })
        .collect::<Result<Vec<T>, _>>()?;
    timings.push(Timing { query, rows: out.len(), elapsed: started.elapsed() });
    Ok(out)
}

pub fn version(client: &mut Client) -> Result<String, postgres::Error> {
    client.query_one("SELECT current_setting('server_version')::text", &[])?.try_get(0)
}

pub fn databases(client: &mut Client) -> Result<Vec<String>, postgres::Error> {
    client.query(DATABASES, &[])?.iter().map(|r| r.try_get(0)).collect()
}

/// The five catalog queries of one database, in one read-only transaction so that they see
/// one consistent catalog. Column rows stream into `column` (with the database row and the
/// enum labels read before them) instead of being held: 300,000 of them on a large estate.
pub fn read(
    client: &mut Client,
    timings: &mut Vec<Timing>,
    progress: &Progress,
    column: &mut dyn FnMut(&Context, ColumnRow),
) -> Result<Rows, postgres::Error> {
    let mut tx =
        client.build_transaction().read_only(true).isolation_level(postgres::IsolationLevel::RepeatableRead).start()?;
    let database = timed(&mut tx, timings, progress, "pg_database", DATABASE, |r| {
        Ok(DatabaseRow {
            encoding: r.try_get(0)?,
            max_bytes_per_char: r.try_get::<_, i32>(1)?.max(1) as u32,
            wal_level: r.try_get(2)?,
        })
    })?
    .into_iter()
    .next()
    .unwrap_or(DatabaseRow { encoding: "UTF8".into(), max_bytes_per_char: 4, wal_level: String::new() });
    let enums = timed(&mut tx, timings, progress, "pg_enum", ENUMS, |r| Ok((r.try_get(0)?, r.try_get(1)?)))?;
    let relations = timed(&mut tx, timings, progress, "pg_class", RELATIONS, |r| {
        Ok(RelationRow {
            oid: r.try_get(0)?,
            schema: r.try_get(1)?,
            name: r.try_get(2)?,
            relkind: r.try_get(3)?,
            is_partition: r.try_get(4)?,
            persistence: r.try_get(5)?,
            replica_identity: r.try_get(6)?,
            parent: r.try_get(7)?,
            est_rows: r.try_get(8)?,
            data_bytes: r.try_get(9)?,
            comment: r.try_get(10)?,
        })
    })?;
    let types = timed(&mut tx, timings, progress, "pg_type", TYPES, |r| {
        Ok(TypeRow {
            oid: r.try_get(0)?,
            name: r.try_get(1)?,
            kind: r.try_get(2)?,
            category: r.try_get(3)?,
            schema: r.try_get(4)?,
            collation: r.try_get(5)?,
            element: r.try_get(6)?,
            base: r.try_get(7)?,
            base_typmod: r.try_get(8)?,
            not_null: r.try_get(9)?,
        })
    })?;
    let context = Context { database, types: types.into_iter().map(|t| (t.oid, t)).collect(), enums };
    progress.reading("pg_attribute");
    let started = Instant::now();
    let mut count = 0;
    let mut rows = tx.query_raw(COLUMNS, std::iter::empty::<&(dyn postgres::types::ToSql + Sync)>())?;
    while let Some(r) = postgres::fallible_iterator::FallibleIterator::next(&mut rows)? {
        progress.row();
        count += 1;
        let row = ColumnRow {
            table: r.try_get(0)?,
            attnum: r.try_get(1)?,
            name: r.try_get(2)?,
            type_oid: r.try_get(3)?,
            typmod: r.try_get(4)?,
            ndims: r.try_get(5)?,
            not_null: r.try_get(6)?,
            default: r.try_get(7)?,
            identity: r.try_get(8)?,
            generated: r.try_get(9)?,
            collation: r.try_get(10)?,
            comment: r.try_get(11)?,
        };
        column(&context, row);
    }
    drop(rows);
    timings.push(Timing { query: "pg_attribute", rows: count, elapsed: started.elapsed() });
    let keys = timed(&mut tx, timings, progress, "pg_index", KEYS, |r| {
        Ok(KeyRow { table: r.try_get(0)?, index: r.try_get(1)?, primary: r.try_get(2)?, columns: r.try_get(3)? })
    })?;
    tx.commit()?;
    let Context { database, enums, .. } = context;
    Ok(Rows { database, relations, keys, enums })
}
