//! information_schema rows → the neutral model. Pure, so both servers' quirks are unit-tested on
//! recorded rows (only MariaDB runs in CI).
//!
//! MariaDB and MySQL 8 describe the same column differently; both normalise to one form:
//! - integer display widths are dropped (MySQL 8 shows none) except `tinyint(1)` and ZEROFILL;
//! - defaults: MariaDB writes SQL text (`'it''s'`, `NULL`, `current_timestamp()`), MySQL the bare
//!   value with `DEFAULT_GENERATED` in EXTRA for expressions; both become a literal, an
//!   expression (lowercase, `current_timestamp()` form) or none;
//! - EXTRA loses `DEFAULT_GENERATED` and is lowercased; an empty generation expression is none;
//! - a MariaDB `longtext` with a `json_valid(col)` check is `json`, as on MySQL, without lengths
//!   (MariaDB's JSON type is that; a `json_valid` check on another type keeps the type).
//!
//! COLUMNS rows become model columns as they are read ([`source_column`]): an estate sends
//! hundreds of thousands, and holding them as raw rows first doubled the reader's memory.

use std::collections::{BTreeMap, HashMap, HashSet};

use compact_str::CompactString;
use regex::Regex;

use super::query::{ColumnRow, Rows, SourceColumn};
use crate::model::{Column, Database, DefaultValue, Snapshot, SourceInfo, SourceKind, Table};
use crate::source::Skipped;

/// (database, table)
type TableId = (CompactString, CompactString);
/// Unique index name → (position in index, column), index names in byte order.
type IndexColumns = BTreeMap<String, Vec<(u64, Option<String>)>>;

pub fn is_mariadb(version: &str) -> bool {
    version.to_ascii_lowercase().contains("mariadb")
}

/// Build the snapshot of `databases` (exact names; information_schema compares them
/// case-insensitively, so rows of other databases are filtered out here).
pub fn snapshot(rows: Rows, databases: &[String]) -> (Snapshot, Vec<Skipped>) {
    let wanted: HashSet<&str> = databases.iter().map(String::as_str).collect();
    let json_columns: HashSet<(CompactString, CompactString, CompactString)> = rows
        .checks
        .iter()
        .filter_map(|c| {
            json_valid_column(&c.clause).map(|col| (c.schema.as_str().into(), c.table.as_str().into(), col.into()))
        })
        .collect();

    let mut keys: HashMap<TableId, IndexColumns> = HashMap::new();
    for k in rows.keys.into_iter().filter(|k| wanted.contains(k.schema.as_str())) {
        keys.entry((k.schema.into(), k.table.into())).or_default().entry(k.index).or_default().push((k.seq, k.column));
    }
    let mut columns = rows.columns;

    let mut dbs: BTreeMap<String, Vec<Table>> = databases.iter().map(|d| (d.clone(), Vec::new())).collect();
    let mut skipped = Vec::new();
    for t in rows.tables.into_iter().filter(|t| wanted.contains(t.schema.as_str())) {
        if !t.is_table() {
            let kind = match t.kind.to_ascii_uppercase().as_str() {
                "VIEW" | "SYSTEM VIEW" => "view".to_string(),
                other => other.to_ascii_lowercase(),
            };
            skipped.push(Skipped { database: t.schema, name: t.name, kind });
            continue;
        }
        let id = (t.schema.as_str().into(), t.name.as_str().into());
        let mut cols = columns.remove(&id).unwrap_or_default();
        cols.sort_by_key(|(ordinal, _)| *ordinal);
        let cols: Vec<Column> = cols
            .into_iter()
            .map(|(_, mut c)| {
                if may_be_json(&c) && json_columns.contains(&(id.0.clone(), id.1.clone(), c.name.clone())) {
                    as_json(&mut c);
                }
                c
            })
            .collect();
        let mut indexes = keys.remove(&id).unwrap_or_default();
        let primary_key = indexes.remove("PRIMARY").and_then(in_seq_order).unwrap_or_default();
        let unique_keys = indexes.into_values().filter_map(in_seq_order).collect();
        dbs.entry(t.schema).or_default().push(Table {
            name: t.name,
            comment: t.comment,
            engine: t.engine,
            rows: t.rows,
            data_bytes: t.data_length,
            primary_key,
            unique_keys,
            columns: cols,
            ..Table::default()
        });
    }
    skipped.sort_by(|a, b| (&a.database, &a.name).cmp(&(&b.database, &b.name)));
    let mut snap = Snapshot {
        format_version: crate::model::FORMAT_VERSION,
        source: SourceInfo { kind: SourceKind::Mysql, server_version: rows.version },
        databases: dbs
            .into_iter()
            .map(|(name, tables)| Database { name, encoding: None, schemas: Vec::new(), tables })
            .collect(),
    };
    snap.sort();
    (snap, skipped)
}

/// The key's columns in key order; `None` when a part is an expression, which no target can
/// use as a key column.
fn in_seq_order(mut cols: Vec<(u64, Option<String>)>) -> Option<Vec<String>> {
    cols.sort_by_key(|(seq, _)| *seq);
    cols.into_iter().map(|(_, c)| c).collect()
}

/// `json_valid(`col`)` → `col` (backticks doubled inside the name).
fn json_valid_column(clause: &str) -> Option<String> {
    static RE: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
        Regex::new(r"(?i)^\s*json_valid\s*\(\s*`((?:[^`]|``)+)`\s*\)\s*$").expect("valid regex")
    });
    RE.captures(clause).map(|c| c[1].replace("``", "`"))
}

/// A COLUMNS row as the model column it describes, keyed by its table; MariaDB JSON is
/// recognised later, when the check constraints have been read.
pub fn source_column(c: ColumnRow, mariadb: bool) -> SourceColumn {
    let (schema, table, ordinal) = (c.schema.clone(), c.table.clone(), c.ordinal);
    SourceColumn { schema, table, ordinal, column: column(c, mariadb) }
}

/// Whether a column can be MariaDB's JSON (longtext with a `json_valid` check): only such
/// columns make the reader ask for check constraints, and only they become `json`.
pub fn may_be_json(c: &Column) -> bool {
    c.data_type == "longtext"
}

/// JSON as the model records it, MySQL's and MariaDB's alike: no lengths, no charset.
fn as_json(c: &mut Column) {
    (c.data_type, c.column_type) = ("json".into(), "json".into());
    (c.char_max_length, c.char_octet_length, c.charset) = (None, None, None);
}

/// A COLUMNS row as a model column. MariaDB's JSON (a longtext with a check) is not known from
/// the row alone: [`snapshot`] makes it `json` once the check constraints are read.
pub fn column(c: ColumnRow, mariadb: bool) -> Column {
    let default = if mariadb {
        mariadb_default(c.default.as_deref())
    } else {
        mysql_default(c.default.as_deref(), &c.extra, &c.data_type)
    };
    let mut column = Column {
        data_type: c.data_type.to_ascii_lowercase(),
        column_type: normalise_column_type(&c.data_type, &c.column_type).into(),
        name: c.name,
        nullable: c.is_nullable.eq_ignore_ascii_case("YES"),
        default,
        comment: c.comment,
        char_max_length: narrow(c.char_max_length),
        char_octet_length: narrow(c.char_octet_length),
        numeric_precision: narrow(c.numeric_precision),
        numeric_scale: narrow(c.numeric_scale),
        datetime_precision: narrow(c.datetime_precision),
        charset: c.charset,
        extra: normalise_extra(&c.extra).into(),
        generation_expression: c.generation_expression.filter(|g| !g.is_empty()),
        collation: None,
    };
    if column.data_type == "json" {
        as_json(&mut column);
    }
    column
}

/// Drop integer display widths (MySQL 8 no longer shows them) except where they mean
/// something: `tinyint(1)` (boolean to mysql-cdc) and ZEROFILL columns.
pub fn normalise_column_type(data_type: &str, column_type: &str) -> String {
    let dt = data_type.to_ascii_lowercase();
    let ct = column_type.to_ascii_lowercase();
    let integer = matches!(dt.as_str(), "tinyint" | "smallint" | "mediumint" | "int" | "integer" | "bigint" | "year");
    if !integer || ct.contains("zerofill") {
        return column_type.to_string();
    }
    let Some(open) = ct.find('(') else { return column_type.to_string() };
    let Some(close) = ct[open..].find(')').map(|c| open + c) else { return column_type.to_string() };
    if dt == "tinyint" && &ct[open + 1..close] == "1" {
        return column_type.to_string();
    }
    format!("{}{}", &column_type[..open], &column_type[close + 1..])
}

fn normalise_extra(extra: &str) -> String {
    let words: Vec<&str> = extra.split_whitespace().filter(|w| !w.eq_ignore_ascii_case("DEFAULT_GENERATED")).collect();
    normalise_expr(&words.join(" "))
}

/// `CURRENT_TIMESTAMP`, `now()` … → MariaDB's lowercase `current_timestamp()` form; the rest of
/// the text keeps its case (both servers agree on it).
fn normalise_expr(expr: &str) -> String {
    static NOW: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:current_timestamp|now|localtimestamp|localtime)\b(?:\((\d*)\))?").expect("valid regex")
    });
    NOW.replace_all(expr, |c: &regex::Captures| format!("current_timestamp({})", c.get(1).map_or("", |m| m.as_str())))
        .into_owned()
}

fn is_number(s: &str) -> bool {
    static NUM: std::sync::LazyLock<Regex> =
        std::sync::LazyLock::new(|| Regex::new(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$").expect("valid regex"));
    NUM.is_match(s)
}

/// MariaDB writes COLUMN_DEFAULT as SQL: quoted strings, bare numbers, `NULL`, expressions.
pub fn mariadb_default(text: Option<&str>) -> Option<DefaultValue> {
    let t = text?;
    if t == "NULL" {
        return None;
    }
    if t.len() >= 2 && t.starts_with('\'') && t.ends_with('\'') {
        return Some(DefaultValue::Literal(unquote_sql(&t[1..t.len() - 1]).into()));
    }
    if is_number(t) || (t.starts_with("b'") && t.ends_with('\'')) {
        return Some(DefaultValue::Literal(t.into()));
    }
    Some(DefaultValue::expr(normalise_expr(t)))
}

/// MySQL writes the bare value; expressions are flagged `DEFAULT_GENERATED` (8.0.13+), except
/// CURRENT_TIMESTAMP on temporal columns, which MySQL 5.7 does not flag.
pub fn mysql_default(text: Option<&str>, extra: &str, data_type: &str) -> Option<DefaultValue> {
    let t = text?;
    let generated = extra.to_ascii_uppercase().contains("DEFAULT_GENERATED");
    let temporal = matches!(data_type.to_ascii_lowercase().as_str(), "timestamp" | "datetime");
    let now = t.to_ascii_lowercase().starts_with("current_timestamp");
    if generated || (temporal && now) {
        let expr = t.strip_prefix('(').and_then(|e| e.strip_suffix(')')).filter(|_| !now).unwrap_or(t);
        return Some(DefaultValue::expr(normalise_expr(expr)));
    }
    Some(DefaultValue::Literal(t.into()))
}

/// The body of a MariaDB-quoted string: `''` is a quote, backslash escapes as in MySQL strings.
fn unquote_sql(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' if chars.peek() == Some(&'\'') => {
                chars.next();
                out.push('\'');
            }
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some('t') => out.push('\t'),
                Some('0') => out.push('\0'),
                Some('Z') => out.push('\u{1a}'),
                Some('b') => out.push('\u{8}'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            },
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests;

/// information_schema numbers are at most `u32::MAX` (the longest LONGTEXT, in bytes); a larger
/// one from some other server saturates rather than wraps.
fn narrow(n: Option<u64>) -> Option<u32> {
    n.map(|n| u32::try_from(n).unwrap_or(u32::MAX))
}
