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
    pub kind: String,
    #[serde(default)]
    pub server_version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Database {
    pub name: String,
    pub tables: Vec<Table>,
}

/// Optional fields default so that a hand-written snapshot can leave them out; the reader always
/// writes every field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    pub columns: Vec<Column>,
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
        }
        fn json<T: Serialize + ?Sized>(v: &T) -> Result<String, Error> {
            serde_json::to_string(v).map_err(|e| Error::Internal(format!("writing the snapshot: {e}")))
        }
        let mut out = format!(
            "{{\"format_version\": {},\n \"source\": {},\n \"databases\": [",
            self.format_version,
            json(&self.source)?
        );
        for (i, db) in self.databases.iter().enumerate() {
            out.push_str(if i == 0 { "\n  " } else { ",\n  " });
            out.push_str(&format!("{{\"name\": {}, \"tables\": [", json(&db.name)?));
            for (j, t) in db.tables.iter().enumerate() {
                let head = json(&Head {
                    name: &t.name,
                    comment: &t.comment,
                    engine: &t.engine,
                    rows: t.rows,
                    data_bytes: t.data_bytes,
                    primary_key: &t.primary_key,
                    unique_keys: &t.unique_keys,
                })?;
                out.push_str(if j == 0 { "\n   " } else { ",\n   " });
                out.push_str(&head[..head.len() - 1]);
                out.push_str(", \"columns\": [");
                for (k, c) in t.columns.iter().enumerate() {
                    out.push_str(if k == 0 { "\n    " } else { ",\n    " });
                    out.push_str(&json(c)?);
                }
                out.push_str("]}");
            }
            out.push_str("]}");
        }
        out.push_str("]}\n");
        Ok(out)
    }

    /// Databases and tables in byte order, so output never depends on the order a reader saw.
    pub fn sort(&mut self) {
        self.databases.sort_by(|a, b| a.name.cmp(&b.name));
        for db in &mut self.databases {
            db.tables.sort_by(|a, b| a.name.cmp(&b.name));
        }
    }

    /// Names present and unique, keys naming existing columns. `origin` names the input.
    /// Tables are checked on all cores; the error reported is the first in input order.
    pub fn validate(&self, origin: &str) -> Result<(), Error> {
        use rayon::prelude::*;
        let bad = |path: String, what: String| Error::Config(format!("snapshot `{origin}` at `{path}`: {what}"));
        let all: Vec<(usize, usize, &Database, &Table)> = self
            .databases
            .iter()
            .enumerate()
            .flat_map(|(di, db)| db.tables.iter().enumerate().map(move |(ti, t)| (di, ti, db, t)))
            .collect();
        let contents: Vec<Result<(), Error>> =
            all.par_iter().map(|&(di, ti, db, t)| t.validate_content(db, di, ti, &bad)).collect();
        let mut contents = contents.into_iter();
        let mut seen_db = rustc_hash::FxHashSet::default();
        for (di, db) in self.databases.iter().enumerate() {
            if db.name.is_empty() {
                return Err(bad(format!("databases[{di}].name"), "empty name".into()));
            }
            if !seen_db.insert(&db.name) {
                return Err(bad(format!("databases[{di}].name"), format!("duplicate database `{}`", db.name)));
            }
            let mut seen_t = rustc_hash::FxHashSet::default();
            for (ti, t) in db.tables.iter().enumerate() {
                let tp = format!("databases[{di}].tables[{ti}]");
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
        db: &Database,
        di: usize,
        ti: usize,
        bad: &(dyn Fn(String, String) -> Error + Sync),
    ) -> Result<(), Error> {
        // Built only for an error: validation runs over every table.
        let tp = || format!("databases[{di}].tables[{ti}]");
        let t = self;
        if t.columns.is_empty() {
            return Err(bad(format!("{}.columns", tp()), format!("table `{}`.`{}` has no columns", db.name, t.name)));
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
            if let Some((field, why)) = impossible(c) {
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
        }
    }
}

fn unsupported_version(origin: &str, v: u32) -> Error {
    Error::Config(format!(
        "snapshot `{origin}` at `format_version`: version {v} is not supported (this smt-rs reads version {FORMAT_VERSION})"
    ))
}

/// MySQL's own limits: a value beyond them cannot come from a server, and would make arithmetic
/// on lengths overflow or produce DDL no target accepts.
fn impossible(c: &Column) -> Option<(&'static str, String)> {
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
