//! The neutral source-schema model and its JSON snapshot form (SPEC §4).
//!
//! Every source reader produces this, every output reads it. It stays close to
//! `information_schema` (raw `column_type`, lengths in characters *and* bytes) so that each output
//! decides for itself how to widen. No I/O here: parsing takes `&str`.

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

use crate::error::Error;

mod parallel;

pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    pub format_version: u32,
    pub source: SourceInfo,
    pub databases: Vec<Database>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceInfo {
    #[serde(rename = "type")]
    pub kind: SourceKind,
    #[serde(default)]
    pub server_version: String,
}

/// Which kind of server a snapshot describes: it decides how column types read (§7 or §11),
/// which CDC connector reads the tables, and whether databases hold schemas.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum SourceKind {
    /// MySQL or MariaDB: databases hold tables.
    #[default]
    #[serde(rename = "mysql")]
    Mysql,
    /// PostgreSQL: databases hold schemas, schemas hold tables.
    #[serde(rename = "pgsql")]
    Pgsql,
}

impl std::fmt::Display for SourceKind {
    /// The kind as messages name it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SourceKind::Mysql => "MySQL-family",
            SourceKind::Pgsql => "PostgreSQL",
        })
    }
}

/// A MySQL database holds `tables`; a PostgreSQL database holds `schemas` (and no tables of its
/// own), so a MySQL snapshot reads as it always did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Database {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schemas: Vec<Schema>,
    #[serde(default)]
    pub tables: Vec<Table>,
}

/// A PostgreSQL schema: the unit that becomes a StarRocks database (SPEC §11).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schema {
    pub name: String,
    pub tables: Vec<Table>,
}

/// A namespace of tables as the planner sees it: a MySQL database, or a PostgreSQL schema in
/// its database (`catalog`). Both play the part of the StarRocks database.
#[derive(Debug, Clone, Copy)]
pub struct Namespace<'s> {
    /// The PostgreSQL database; `None` for MySQL.
    pub catalog: Option<&'s str>,
    pub name: &'s str,
    pub tables: &'s [Table],
}

/// Optional fields default so that a hand-written snapshot can leave them out; the reader always
/// writes every field (those of the other source kind excepted).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    pub name: String,
    #[serde(default)]
    pub comment: String,
    #[serde(default)]
    pub engine: Option<String>,
    #[serde(default)]
    pub rows: Option<u64>,
    #[serde(default)]
    pub data_bytes: Option<u64>,
    #[serde(default)]
    pub primary_key: Vec<String>,
    #[serde(default)]
    pub unique_keys: Vec<Vec<String>>,
    /// PostgreSQL: `default`, `full`, `nothing` or `index` (`pg_class.relreplident`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replica_identity: Option<String>,
    /// PostgreSQL: a partitioned parent; `partitions` lists its partitions at every level as
    /// `[schema, table]` (they need REPLICA IDENTITY FULL of their own).
    #[serde(default, skip_serializing_if = "is_false")]
    pub partitioned: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partitions: Vec<(String, String)>,
    /// PostgreSQL: an inheritance parent (its publication must say `ONLY`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub inherited: bool,
    pub columns: Vec<Column>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Text fields are `CompactString`: names and types fit inline, so an estate's hundreds of
/// thousands of columns cost no allocation each (memory and parse time, see bench/README.md).
/// Lengths and precisions are `u32`: MySQL's longest column is `u32::MAX` bytes, and 40 bytes
/// less per column keep a 10,000-table estate's model 20 MB smaller.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Column {
    pub name: CompactString,
    pub data_type: CompactString,
    pub column_type: CompactString,
    pub nullable: bool,
    #[serde(default)]
    pub default: Option<DefaultValue>,
    #[serde(default)]
    pub comment: CompactString,
    #[serde(default, deserialize_with = "length")]
    pub char_max_length: Option<u32>,
    #[serde(default, deserialize_with = "length")]
    pub char_octet_length: Option<u32>,
    #[serde(default)]
    pub numeric_precision: Option<u32>,
    #[serde(default)]
    pub numeric_scale: Option<u32>,
    #[serde(default)]
    pub datetime_precision: Option<u32>,
    #[serde(default)]
    pub charset: Option<CompactString>,
    #[serde(default)]
    pub extra: CompactString,
    #[serde(default)]
    pub generation_expression: Option<String>,
    /// PostgreSQL: a collation other than the database's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collation: Option<CompactString>,
}

/// A column length: a number beyond `u32` cannot come from a MySQL server, and says so.
fn length<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    match Option::<u64>::deserialize(d)? {
        None => Ok(None),
        Some(n) => u32::try_from(n)
            .map(Some)
            .map_err(|_| serde::de::Error::custom(format!("{n} is longer than any MySQL column ({})", u32::MAX))),
    }
}

/// A column default: the literal value as text, or an expression such as `current_timestamp(3)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum DefaultValue {
    Literal(CompactString),
    Expr(ExprDefault),
}

impl DefaultValue {
    pub fn expr(expr: impl Into<String>) -> DefaultValue {
        DefaultValue::Expr(ExprDefault { expr: expr.into() })
    }
}

/// `{"expr": "current_timestamp(3)"}`; a separate struct so unknown fields are refused here too.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExprDefault {
    pub expr: String,
}

impl Snapshot {
    /// Parse and validate a snapshot; `origin` names the file in error messages.
    pub fn from_json(text: &str, origin: &str) -> Result<Snapshot, Error> {
        Snapshot::from_json_bytes(text.as_bytes(), origin)
    }

    /// [`Snapshot::from_json`] on the file's bytes: UTF-8 is checked as they are parsed, not in a
    /// pass of its own.
    pub fn from_json_bytes(bytes: &[u8], origin: &str) -> Result<Snapshot, Error> {
        // The fast path parses tables in parallel and without tracking the JSON path; only a
        // failure pays for the tracked parse, which finds the same error and names its path.
        if let Ok(snap) = parallel::parse(bytes) {
            return Snapshot::checked(snap, origin);
        }
        let text = std::str::from_utf8(bytes).map_err(|_| {
            Error::Config(format!("cannot read snapshot `{origin}`: stream did not contain valid UTF-8"))
        })?;
        let de = &mut serde_json::Deserializer::from_str(text);
        let parsed = serde_path_to_error::deserialize::<_, Snapshot>(de);
        let snap: Snapshot = parsed.map_err(|e| {
            // A newer format fails the strict parse first; say so rather than naming a field.
            #[derive(Deserialize)]
            struct Probe {
                format_version: u32,
            }
            if let Ok(Probe { format_version }) = serde_json::from_str::<Probe>(text)
                && format_version != FORMAT_VERSION
            {
                return unsupported_version(origin, format_version);
            }
            let path = e.path().to_string();
            let inner = e.into_inner();
            let at = if path == "." { String::new() } else { format!(" at `{path}`") };
            Error::Config(format!("snapshot `{origin}`{at}: {inner}"))
        })?;
        Snapshot::checked(snap, origin)
    }

    /// A parsed snapshot of this format version, valid, and sorted.
    fn checked(mut snap: Snapshot, origin: &str) -> Result<Snapshot, Error> {
        if snap.format_version != FORMAT_VERSION {
            return Err(unsupported_version(origin, snap.format_version));
        }
        snap.validate(origin)?;
        snap.sort();
        Ok(snap)
    }

    /// The snapshot as SPEC §4 JSON, laid out one table header and one column per line: it
    /// diffs line by line like pretty JSON at about half the size (indenting every field of
    /// 300,000 columns doubled a 10,000-table snapshot, and what reading it costs).
    pub fn to_json(&self) -> Result<String, Error> {
        /// A table's fields before its columns, in `Table`'s order.
        #[derive(Serialize)]
        struct Head<'a> {
            name: &'a str,
            comment: &'a str,
            engine: &'a Option<String>,
            rows: Option<u64>,
            data_bytes: Option<u64>,
            primary_key: &'a [String],
            unique_keys: &'a [Vec<String>],
            #[serde(skip_serializing_if = "Option::is_none")]
            replica_identity: &'a Option<String>,
            #[serde(skip_serializing_if = "is_false")]
            partitioned: bool,
            #[serde(skip_serializing_if = "<[_]>::is_empty")]
            partitions: &'a [(String, String)],
            #[serde(skip_serializing_if = "is_false")]
            inherited: bool,
        }
        fn json<T: Serialize + ?Sized>(v: &T) -> Result<String, Error> {
            serde_json::to_string(v).map_err(|e| Error::Internal(format!("writing the snapshot: {e}")))
        }
        let mut out = format!(
            "{{\"format_version\": {},\n \"source\": {},\n \"databases\": [",
            self.format_version,
            json(&self.source)?
        );
        // Tables one header line each, then one line per column, indented by `depth`.
        let tables = |out: &mut String, tables: &[Table], depth: usize| -> Result<(), Error> {
            let pad = " ".repeat(depth);
            for (j, t) in tables.iter().enumerate() {
                let head = json(&Head {
                    name: &t.name,
                    comment: &t.comment,
                    engine: &t.engine,
                    rows: t.rows,
                    data_bytes: t.data_bytes,
                    primary_key: &t.primary_key,
                    unique_keys: &t.unique_keys,
                    replica_identity: &t.replica_identity,
                    partitioned: t.partitioned,
                    partitions: &t.partitions,
                    inherited: t.inherited,
                })?;
                out.push_str(if j == 0 { "\n" } else { ",\n" });
                out.push_str(&pad);
                out.push_str(&head[..head.len() - 1]);
                out.push_str(", \"columns\": [");
                for (k, c) in t.columns.iter().enumerate() {
                    out.push_str(if k == 0 { "\n " } else { ",\n " });
                    out.push_str(&pad);
                    out.push_str(&json(c)?);
                }
                out.push_str("]}");
            }
            Ok(())
        };
        for (i, db) in self.databases.iter().enumerate() {
            out.push_str(if i == 0 { "\n  " } else { ",\n  " });
            out.push_str(&format!("{{\"name\": {}", json(&db.name)?));
            if let Some(encoding) = &db.encoding {
                out.push_str(&format!(", \"encoding\": {}", json(encoding)?));
            }
            if !db.schemas.is_empty() {
                out.push_str(", \"schemas\": [");
                for (j, schema) in db.schemas.iter().enumerate() {
                    out.push_str(if j == 0 { "\n   " } else { ",\n   " });
                    out.push_str(&format!("{{\"name\": {}, \"tables\": [", json(&schema.name)?));
                    tables(&mut out, &schema.tables, 4)?;
                    out.push_str("]}");
                }
                out.push(']');
            }
            if db.schemas.is_empty() || !db.tables.is_empty() {
                out.push_str(", \"tables\": [");
                tables(&mut out, &db.tables, 3)?;
                out.push(']');
            }
            out.push('}');
        }
        out.push_str("]}\n");
        Ok(out)
    }

    /// Databases, schemas and tables in byte order, so output never depends on the order a
    /// reader saw.
    pub fn sort(&mut self) {
        self.databases.sort_by(|a, b| a.name.cmp(&b.name));
        for db in &mut self.databases {
            db.tables.sort_by(|a, b| a.name.cmp(&b.name));
            db.schemas.sort_by(|a, b| a.name.cmp(&b.name));
            for s in &mut db.schemas {
                s.tables.sort_by(|a, b| a.name.cmp(&b.name));
            }
        }
    }

    /// Every namespace of tables in order: MySQL databases, or PostgreSQL schemas database by
    /// database.
    pub fn namespaces(&self) -> impl Iterator<Item = Namespace<'_>> {
        let kind = self.source.kind;
        self.databases.iter().flat_map(move |db| {
            let own =
                (kind == SourceKind::Mysql).then(|| Namespace { catalog: None, name: &db.name, tables: &db.tables });
            let schemas = db.schemas.iter().map(move |s| Namespace {
                catalog: Some(db.name.as_str()),
                name: &s.name,
                tables: &s.tables,
            });
            own.into_iter().chain(schemas)
        })
    }

    /// Names present and unique, keys naming existing columns, the layout the source kind has.
    /// `origin` names the input. Tables are checked on all cores; the error reported is the
    /// first in input order.
    pub fn validate(&self, origin: &str) -> Result<(), Error> {
        use rayon::prelude::*;
        let bad = |path: String, what: String| Error::Config(format!("snapshot `{origin}` at `{path}`: {what}"));
        // Each namespace's JSON path and tables, in document order.
        let mut spaces: Vec<(String, &str, &[Table])> = Vec::new();
        let mut seen_db = rustc_hash::FxHashSet::default();
        for (di, db) in self.databases.iter().enumerate() {
            let dp = format!("databases[{di}]");
            if db.name.is_empty() {
                return Err(bad(format!("{dp}.name"), "empty name".into()));
            }
            if !seen_db.insert(&db.name) {
                return Err(bad(format!("{dp}.name"), format!("duplicate database `{}`", db.name)));
            }
            match self.source.kind {
                SourceKind::Mysql if !db.schemas.is_empty() => {
                    return Err(bad(format!("{dp}.schemas"), "a MySQL database holds tables, not schemas".into()));
                }
                SourceKind::Pgsql if !db.tables.is_empty() => {
                    return Err(bad(format!("{dp}.tables"), "a PostgreSQL database holds schemas, not tables".into()));
                }
                SourceKind::Mysql => spaces.push((dp, &db.name, &db.tables)),
                SourceKind::Pgsql => {
                    let mut seen_s = rustc_hash::FxHashSet::default();
                    for (si, schema) in db.schemas.iter().enumerate() {
                        let sp = format!("{dp}.schemas[{si}]");
                        if schema.name.is_empty() {
                            return Err(bad(format!("{sp}.name"), "empty name".into()));
                        }
                        if !seen_s.insert(&schema.name) {
                            return Err(bad(format!("{sp}.name"), format!("duplicate schema `{}`", schema.name)));
                        }
                        spaces.push((sp, &schema.name, &schema.tables));
                    }
                }
            }
        }
        let all: Vec<(&str, usize, &str, &Table)> = spaces
            .iter()
            .flat_map(|(path, ns, tables)| tables.iter().enumerate().map(move |(ti, t)| (path.as_str(), ti, *ns, t)))
            .collect();
        let kind = self.source.kind;
        let contents: Vec<Result<(), Error>> =
            all.par_iter().map(|&(path, ti, ns, t)| t.validate_content(kind, ns, path, ti, &bad)).collect();
        let mut contents = contents.into_iter();
        for (path, _, tables) in &spaces {
            let mut seen_t = rustc_hash::FxHashSet::default();
            for (ti, t) in tables.iter().enumerate() {
                let tp = format!("{path}.tables[{ti}]");
                if t.name.is_empty() {
                    return Err(bad(format!("{tp}.name"), "empty name".into()));
                }
                if !seen_t.insert(&t.name) {
                    return Err(bad(format!("{tp}.name"), format!("duplicate table `{}`", t.name)));
                }
                contents.next().unwrap_or(Ok(()))?;
            }
        }
        Ok(())
    }
}

impl Table {
    /// Columns present, named, unique and within MySQL's limits; keys naming existing columns.
    fn validate_content(
        &self,
        kind: SourceKind,
        namespace: &str,
        path: &str,
        ti: usize,
        bad: &(dyn Fn(String, String) -> Error + Sync),
    ) -> Result<(), Error> {
        // Built only for an error: validation runs over every table.
        let tp = || format!("{path}.tables[{ti}]");
        let t = self;
        if t.columns.is_empty() {
            return Err(bad(format!("{}.columns", tp()), format!("table `{namespace}`.`{}` has no columns", t.name)));
        }
        let mut seen_c = rustc_hash::FxHashSet::default();
        for (ci, c) in t.columns.iter().enumerate() {
            if c.name.is_empty() {
                return Err(bad(format!("{}.columns[{ci}].name", tp()), "empty name".into()));
            }
            if !seen_c.insert(c.name.as_str()) {
                return Err(bad(format!("{}.columns[{ci}].name", tp()), format!("duplicate column `{}`", c.name)));
            }
            if c.data_type.is_empty() {
                return Err(bad(format!("{}.columns[{ci}].data_type", tp()), "empty data_type".into()));
            }
            if let Some((field, why)) = impossible(kind, c) {
                return Err(bad(format!("{}.columns[{ci}].{field}", tp()), why));
            }
        }
        let known = |k: &str| seen_c.contains(k);
        for (ki, k) in t.primary_key.iter().enumerate() {
            if !known(k) {
                return Err(bad(format!("{}.primary_key[{ki}]", tp()), format!("unknown column `{k}`")));
            }
        }
        for (ui, uk) in t.unique_keys.iter().enumerate() {
            for (ki, k) in uk.iter().enumerate() {
                if !known(k) {
                    return Err(bad(format!("{}.unique_keys[{ui}][{ki}]", tp()), format!("unknown column `{k}`")));
                }
            }
        }
        Ok(())
    }
}

impl Column {
    /// A nullable column with no default, comment or lengths; callers set what they need.
    pub fn new(name: &str, data_type: &str, column_type: &str) -> Column {
        Column {
            name: name.into(),
            data_type: data_type.into(),
            column_type: column_type.into(),
            nullable: true,
            default: None,
            comment: CompactString::default(),
            char_max_length: None,
            char_octet_length: None,
            numeric_precision: None,
            numeric_scale: None,
            datetime_precision: None,
            charset: None,
            extra: CompactString::default(),
            generation_expression: None,
            collation: None,
        }
    }
}

fn unsupported_version(origin: &str, v: u32) -> Error {
    Error::Config(format!(
        "snapshot `{origin}` at `format_version`: version {v} is not supported (this smt-rs reads version {FORMAT_VERSION})"
    ))
}

/// The source's own limits: a value beyond them cannot come from a server, and would make
/// arithmetic on lengths overflow or produce DDL no target accepts.
fn impossible(kind: SourceKind, c: &Column) -> Option<(&'static str, String)> {
    if kind == SourceKind::Pgsql {
        return crate::source_type::pg_impossible(c);
    }
    // Lengths beyond MySQL's are refused as they are parsed (`length`).
    if let Some(p) = c.datetime_precision.filter(|p| *p > 6) {
        return Some(("datetime_precision", format!("{p} is more than MySQL's 6 fractional digits")));
    }
    // Only DECIMAL and BIT carry bounds to check; the plan parses every column type anyway.
    if !["decimal", "numeric", "dec", "fixed", "bit"].iter().any(|t| c.data_type.eq_ignore_ascii_case(t)) {
        return None;
    }
    match crate::source_type::SourceType::of(c) {
        crate::source_type::SourceType::Decimal { precision, scale }
            if !(1..=65).contains(&precision) || scale > precision.min(30) =>
        {
            Some((
                "column_type",
                format!("`{}`: DECIMAL precision must be 1-65 and scale 0-30, at most the precision", c.column_type),
            ))
        }
        crate::source_type::SourceType::Bit { bits } if !(1..=64).contains(&bits) => {
            Some(("column_type", format!("`{}`: BIT takes 1-64 bits", c.column_type)))
        }
        _ => None,
    }
}

impl Table {
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The unique key that stands in for a missing primary key (SPEC §6): all columns NOT NULL,
    /// fewest columns, then first in index-name order.
    pub fn promotable_key(&self) -> Option<&Vec<String>> {
        self.unique_keys
            .iter()
            .filter(|uk| uk.iter().all(|c| self.column(c).is_some_and(|c| !c.nullable)))
            .min_by_key(|uk| uk.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: &str = r#"{"format_version": 1, "source": {"type": "mysql"}, "databases": [{"name": "d", "tables": [
        {"name": "t", "primary_key": ["id"], "columns": [
          {"name": "id", "data_type": "int", "column_type": "int", "nullable": false, "default": DEFAULT}]}]}]}"#;

    fn parse(default: &str) -> Result<Snapshot, Error> {
        Snapshot::from_json(&ONE.replace("DEFAULT", default), "s.json")
    }

    #[test]
    fn defaults_are_null_literal_or_expression() {
        let d = |s: &str| parse(s).unwrap().databases[0].tables[0].columns[0].default.clone();
        assert_eq!(d("null"), None);
        assert_eq!(d(r#""0""#), Some(DefaultValue::Literal("0".into())));
        assert_eq!(d(r#"{"expr": "current_timestamp()"}"#), Some(DefaultValue::expr("current_timestamp()")));
    }

    #[test]
    fn unknown_fields_inside_an_expression_default_are_refused() {
        assert!(parse(r#"{"expr": "now()", "junk": 1}"#).is_err());
    }

    #[test]
    fn a_newer_format_is_reported_as_a_version_even_with_new_fields() {
        let text = ONE
            .replace("DEFAULT", "null")
            .replace(r#""format_version": 1"#, r#""format_version": 2, "new_field": true"#);
        let err = Snapshot::from_json(&text, "s.json").unwrap_err().to_string();
        assert_eq!(
            err,
            "snapshot `s.json` at `format_version`: version 2 is not supported (this smt-rs reads version 1)"
        );
    }

    /// The written layout: one line per table header and per column, read back unchanged.
    #[test]
    fn snapshots_are_written_one_column_per_line_and_read_back_equal() {
        let text = ONE.replace("DEFAULT", r#""0""#).replace(
            r#""nullable": false, "default": "0"}"#,
            r#""nullable": false, "default": "0"}, {"name": "n", "data_type": "text", "column_type": "text", "nullable": true}"#,
        );
        let snap = Snapshot::from_json(&text, "s.json").unwrap();
        let json = snap.to_json().unwrap();
        assert_eq!(Snapshot::from_json(&json, "again.json").unwrap(), snap);
        let lines: Vec<&str> = json.lines().collect();
        assert_eq!(lines.len(), 7, "{json}");
        assert!(lines[4].trim_start().starts_with(r#"{"name":"t","#), "{json}");
        assert!(lines[5].trim_start().starts_with(r#"{"name":"id","#), "{json}");
        assert!(lines[6].trim_start().starts_with(r#"{"name":"n","#), "{json}");
    }

    #[test]
    fn keys_must_name_existing_columns() {
        let text = ONE.replace("DEFAULT", "null").replace(r#"["id"]"#, r#"["nope"]"#);
        let err = Snapshot::from_json(&text, "s.json").unwrap_err().to_string();
        assert_eq!(err, "snapshot `s.json` at `databases[0].tables[0].primary_key[0]`: unknown column `nope`");
    }
}
