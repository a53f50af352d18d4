//! The SQL smt-rs sends to a MySQL-family server, and the rows it reads back. The only code that
//! talks to the server. The number of queries is constant, whatever the number of tables:
//! version, schemata, then tables, columns, keys and (MariaDB) check constraints of the matched
//! databases, each in one statement.

use crate::progress::Progress;
use std::collections::HashMap;

use compact_str::CompactString;
use mysql::prelude::Queryable;
use mysql::{Conn, Row, Value};

pub const VERSION: &str = "SELECT VERSION()";
pub const SCHEMATA: &str = "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA";

/// `{in}` is replaced by one `?` per matched database. No TABLE_ROWS / DATA_LENGTH here: asking
/// for them makes the server open every table (2.5 s instead of 0.2 s for 10,000 tables).
pub const TABLES: &str = "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, ENGINE, TABLE_COMMENT \
    FROM information_schema.TABLES WHERE TABLE_SCHEMA IN ({in})";
/// Sizes of InnoDB tables from the persistent statistics, which are what DATA_LENGTH reports
/// (clustered index pages × page size); partitions are rows `t#P#p1` and are summed. Names with
/// special characters are stored filename-encoded and miss: they take the `SIZES` path.
pub const INNODB_SIZES: &str = "SELECT database_name, table_name, n_rows, clustered_index_size * @@innodb_page_size \
    FROM mysql.innodb_table_stats WHERE database_name IN ({in})";
/// The slow, general way, for tables the statistics lack (or all of them, when the user may not
/// read `mysql.innodb_table_stats`); `{names}` restricts it to those tables.
pub const SIZES: &str = "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_ROWS, DATA_LENGTH \
    FROM information_schema.TABLES WHERE TABLE_SCHEMA IN ({in}){names}";
pub const COLUMNS: &str = "SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_DEFAULT, IS_NULLABLE, \
    DATA_TYPE, CHARACTER_MAXIMUM_LENGTH, CHARACTER_OCTET_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, DATETIME_PRECISION, \
    CHARACTER_SET_NAME, COLUMN_TYPE, EXTRA, COLUMN_COMMENT, GENERATION_EXPRESSION \
    FROM information_schema.COLUMNS WHERE TABLE_SCHEMA IN ({in})";
/// Keys come from STATISTICS: MariaDB marks a NOT NULL unique key `PRI` in COLUMN_KEY when a
/// table has no primary key, so COLUMN_KEY cannot tell them apart.
pub const KEYS: &str = "SELECT TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX, COLUMN_NAME \
    FROM information_schema.STATISTICS WHERE NON_UNIQUE = 0 AND TABLE_SCHEMA IN ({in})";
/// MariaDB stores JSON as longtext with a `json_valid(col)` check named after the column.
/// Reading a table's checks makes the server open the table fully (an InnoDB open, with disk
/// reads: about 0.25 ms a table), unlike COLUMNS; `{names}` limits it to the tables that have a
/// longtext column, which the server applies before opening anything.
pub const CHECKS: &str = "SELECT CONSTRAINT_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE \
    FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA IN ({in}){names}";
/// Table names listed in one statement at most (a prepared statement takes 65,535 parameters);
/// beyond, the statement asks for whole databases.
const MAX_LISTED_NAMES: usize = 30_000;

impl TableRow {
    /// A table with data: views and sequences are not; system-versioned tables are.
    pub fn is_table(&self) -> bool {
        self.kind.eq_ignore_ascii_case("BASE TABLE") || self.kind.eq_ignore_ascii_case("SYSTEM VERSIONED")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRow {
    pub schema: String,
    pub name: String,
    pub kind: String,
    pub engine: Option<String>,
    pub rows: Option<u64>,
    pub data_length: Option<u64>,
    pub comment: String,
}

/// One information_schema.COLUMNS row, as the server sent it (before any normalisation). Short
/// text is `CompactString` (inline): an estate sends hundreds of thousands of these rows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ColumnRow {
    pub schema: CompactString,
    pub table: CompactString,
    pub name: CompactString,
    pub ordinal: u64,
    pub default: Option<String>,
    pub is_nullable: CompactString,
    pub data_type: CompactString,
    pub char_max_length: Option<u64>,
    pub char_octet_length: Option<u64>,
    pub numeric_precision: Option<u64>,
    pub numeric_scale: Option<u64>,
    pub datetime_precision: Option<u64>,
    pub charset: Option<CompactString>,
    pub column_type: CompactString,
    pub extra: CompactString,
    pub comment: CompactString,
    pub generation_expression: Option<String>,
}

/// Each table's columns with their ordinal positions, keyed by (database, table). Filled row by
/// row while COLUMNS streams in, so no list of every row is held beside it.
pub type TableColumns = rustc_hash::FxHashMap<(CompactString, CompactString), Vec<(u64, crate::model::Column)>>;

pub fn group_columns(columns: impl IntoIterator<Item = SourceColumn>) -> TableColumns {
    let mut grouped = TableColumns::default();
    for c in columns {
        add_column(&mut grouped, c);
    }
    grouped
}

fn add_column(grouped: &mut TableColumns, c: SourceColumn) {
    grouped.entry((c.schema, c.table)).or_default().push((c.ordinal, c.column));
}

/// A COLUMNS row once read: the model column and where it belongs.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceColumn {
    pub schema: CompactString,
    pub table: CompactString,
    pub ordinal: u64,
    pub column: crate::model::Column,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRow {
    pub schema: String,
    pub table: String,
    pub index: String,
    pub seq: u64,
    /// NULL for a functional key part (MySQL 8 `UNIQUE ((lower(email)))`).
    pub column: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckRow {
    pub schema: String,
    pub table: String,
    pub name: String,
    pub clause: String,
}

/// Everything read from one server.
#[derive(Debug, Default)]
pub struct Rows {
    pub version: String,
    pub tables: Vec<TableRow>,
    /// Columns by table, grouped as they arrive (see [`TableColumns`]).
    pub columns: TableColumns,
    pub keys: Vec<KeyRow>,
    pub checks: Vec<CheckRow>,
    /// How long each query took, for `-v`.
    pub timings: Vec<Timing>,
}

pub use crate::source::Timing;

/// Run `f`, recording how long it took and how many rows it returned; the progress display
/// names the query meanwhile (`f` reports each row to it).
fn timed<T>(
    timings: &mut Vec<Timing>,
    progress: &Progress,
    query: &'static str,
    f: impl FnOnce() -> mysql::Result<Vec<T>>,
) -> mysql::Result<Vec<T>> {
    progress.reading(query);
    let start = std::time::Instant::now();
    let rows = f()?;
    timings.push(Timing { query, rows: rows.len(), elapsed: start.elapsed() });
    Ok(rows)
}

fn with_in(sql: &str, n: usize) -> String {
    sql.replace("{in}", &vec!["?"; n].join(","))
}

/// `sql` for the databases whose names are `databases`, restricted with `{names}` to the tables
/// `names` when at most `cap` of them fit beside the databases in a prepared statement's 65,535
/// parameters, else to nothing more. The server applies a TABLE_NAME condition before it opens
/// any table, which is what makes listing them worth it.
fn restricted(sql: &str, databases: &[Value], names: &[&str], cap: usize) -> (String, Vec<Value>) {
    let sql = with_in(sql, databases.len());
    let mut params = databases.to_vec();
    if names.len() > cap.min(usize::from(u16::MAX).saturating_sub(databases.len())) {
        return (sql.replace("{names}", ""), params);
    }
    params.extend(names.iter().map(|n| Value::from(*n)));
    (sql.replace("{names}", &format!(" AND TABLE_NAME IN ({})", vec!["?"; names.len()].join(","))), params)
}

/// Row values by position; information_schema text may come as bytes, so decode leniently.
struct Cells(Vec<Value>);

impl Cells {
    fn new(row: Row) -> Cells {
        Cells(row.unwrap_raw().into_iter().map(|v| v.unwrap_or(Value::NULL)).collect())
    }

    fn text(&self, i: usize) -> Option<String> {
        match self.0.get(i)? {
            Value::NULL => None,
            Value::Bytes(b) => Some(String::from_utf8_lossy(b).into_owned()),
            other => Some(other.as_sql(true).trim_matches('\'').to_string()),
        }
    }

    fn string(&self, i: usize) -> String {
        self.text(i).unwrap_or_default()
    }

    fn compact_text(&self, i: usize) -> Option<CompactString> {
        match self.0.get(i)? {
            Value::Bytes(b) => Some(CompactString::from_utf8_lossy(b)),
            _ => self.text(i).map(CompactString::from),
        }
    }

    fn compact(&self, i: usize) -> CompactString {
        self.compact_text(i).unwrap_or_default()
    }

    fn number(&self, i: usize) -> Option<u64> {
        match self.0.get(i)? {
            Value::Int(n) => u64::try_from(*n).ok(),
            Value::UInt(n) => Some(*n),
            Value::Bytes(b) => std::str::from_utf8(b).ok()?.trim().parse().ok(),
            _ => None,
        }
    }
}

type Size = (String, String, Option<u64>, Option<u64>);

fn size_row(row: Row) -> Size {
    let c = Cells::new(row);
    (c.string(0), c.string(1), c.number(2), c.number(3))
}

/// Fill `rows` and `data_length` of base tables: InnoDB statistics first, then one query for
/// whatever they lack. At most two queries, whatever the number of tables.
fn read_sizes(
    conn: &mut Conn,
    databases: &[String],
    params: &[Value],
    tables: &mut [TableRow],
    timings: &mut Vec<Timing>,
    progress: &Progress,
) -> mysql::Result<()> {
    let mut sizes: HashMap<(String, String), (Option<u64>, Option<u64>)> = HashMap::new();
    let size_row = |row: Row| {
        progress.row();
        size_row(row)
    };
    let stats = timed(timings, progress, "mysql.innodb_table_stats", || {
        conn.exec_map(with_in(INNODB_SIZES, databases.len()), params.to_vec(), size_row)
    });
    let missing_filter = match stats {
        Ok(found) => {
            for (db, table, n, bytes) in found {
                let base = table.find("#P#").or_else(|| table.find("#p#")).map_or(table.as_str(), |i| &table[..i]);
                let e = sizes.entry((db, base.to_string())).or_insert((Some(0), Some(0)));
                e.0 = e.0.zip(n).map(|(a, b)| a + b);
                e.1 = e.1.zip(bytes).map(|(a, b)| a + b);
            }
            Some(())
        }
        // No privilege on the mysql schema (or no such table): ask information_schema for all.
        Err(mysql::Error::MySqlError(_)) => None,
        Err(e) => return Err(e),
    };
    let missing: Vec<&TableRow> =
        tables.iter().filter(|t| t.is_table() && !sizes.contains_key(&(t.schema.clone(), t.name.clone()))).collect();
    if !missing.is_empty() {
        // Listing the names keeps the server from opening every other table; past a few thousand
        // (or when the statistics could not be read at all) ask for all of them instead.
        let names: Vec<&str> = missing.iter().map(|t| t.name.as_str()).collect();
        let (sql, mut p) = restricted(SIZES, params, &names, missing_filter.map_or(0, |()| 5_000));
        let found = timed(timings, progress, "information_schema.TABLES (sizes)", || {
            conn.exec_map(sql, std::mem::take(&mut p), size_row)
        })?;
        for (db, table, n, bytes) in found {
            sizes.entry((db, table)).or_insert((n, bytes));
        }
    }
    for t in tables.iter_mut() {
        if let Some((n, bytes)) = sizes.get(&(t.schema.clone(), t.name.clone())) {
            (t.rows, t.data_length) = (*n, *bytes);
        }
    }
    Ok(())
}

pub fn version(conn: &mut Conn) -> mysql::Result<String> {
    Ok(conn.query_first::<String, _>(VERSION)?.unwrap_or_default())
}

pub fn schemata(conn: &mut Conn) -> mysql::Result<Vec<String>> {
    conn.query_map(SCHEMATA, |row: Row| Cells::new(row).string(0))
}

/// Tables, columns, keys and (when `checks`) check constraints of `databases`.
pub fn read(
    conn: &mut Conn,
    databases: &[String],
    mariadb: bool,
    rows: &mut Rows,
    progress: &Progress,
) -> mysql::Result<()> {
    if databases.is_empty() {
        return Ok(());
    }
    let params: Vec<Value> = databases.iter().map(|d| Value::from(d.as_str())).collect();
    let timings = &mut rows.timings;
    rows.tables = timed(timings, progress, "information_schema.TABLES", || {
        conn.exec_map(with_in(TABLES, databases.len()), params.clone(), |row: Row| {
            progress.row();
            let c = Cells::new(row);
            TableRow {
                schema: c.string(0),
                name: c.string(1),
                kind: c.string(2),
                engine: c.text(3),
                rows: None,
                data_length: None,
                comment: c.string(4),
            }
        })
    })?;
    read_sizes(conn, databases, &params, &mut rows.tables, timings, progress)?;
    progress.reading("information_schema.COLUMNS");
    let started = std::time::Instant::now();
    let mut count = 0;
    rows.columns = conn.exec_fold(
        with_in(COLUMNS, databases.len()),
        params.clone(),
        TableColumns::default(),
        |mut grouped, row: Row| {
            progress.row();
            let c = Cells::new(row);
            let row = ColumnRow {
                schema: c.compact(0),
                table: c.compact(1),
                name: c.compact(2),
                ordinal: c.number(3).unwrap_or(0),
                default: c.text(4),
                is_nullable: c.compact(5),
                data_type: c.compact(6),
                char_max_length: c.number(7),
                char_octet_length: c.number(8),
                numeric_precision: c.number(9),
                numeric_scale: c.number(10),
                datetime_precision: c.number(11),
                charset: c.compact_text(12),
                column_type: c.compact(13),
                extra: c.compact(14),
                comment: c.compact(15),
                generation_expression: c.text(16),
            };
            add_column(&mut grouped, super::parse::source_column(row, mariadb));
            count += 1;
            grouped
        },
    )?;
    timings.push(Timing { query: "information_schema.COLUMNS", rows: count, elapsed: started.elapsed() });
    rows.keys = timed(timings, progress, "information_schema.STATISTICS", || {
        conn.exec_map(with_in(KEYS, databases.len()), params.clone(), |row: Row| {
            progress.row();
            let c = Cells::new(row);
            KeyRow {
                schema: c.string(0),
                table: c.string(1),
                index: c.string(2),
                seq: c.number(3).unwrap_or(0),
                column: c.text(4),
            }
        })
    })?;
    // Only a longtext column can be MariaDB's JSON: without one, no table needs opening.
    let mut candidates: Vec<&str> = rows
        .columns
        .iter()
        .filter(|(_, cols)| cols.iter().any(|(_, c)| super::parse::may_be_json(c)))
        .map(|((_, table), _)| table.as_str())
        .collect();
    candidates.sort_unstable();
    candidates.dedup();
    if mariadb && !candidates.is_empty() {
        let (sql, mut params) = restricted(CHECKS, &params, &candidates, MAX_LISTED_NAMES);
        rows.checks = timed(timings, progress, "information_schema.CHECK_CONSTRAINTS", || {
            conn.exec_map(sql, std::mem::take(&mut params), |row: Row| {
                progress.row();
                let c = Cells::new(row);
                CheckRow { schema: c.string(0), table: c.string(1), name: c.string(2), clause: c.string(3) }
            })
        })?;
    }
    Ok(())
}
