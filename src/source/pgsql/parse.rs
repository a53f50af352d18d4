//! PostgreSQL catalog rows → the neutral model (SPEC §11), in the conventions
//! [`crate::source_type::SourceType::of_pg`] reads: the base type's name after domains
//! (`enum`, `composite`, `[]` per array dimension), lengths in characters and in bytes of the
//! database encoding, precision and scale of the equivalent DECIMAL, fraction digits.
//! Pure: testable on recorded rows.

use std::collections::BTreeMap;

use compact_str::CompactString;

use super::query::{ColumnRow, Context, KeyRow, RelationRow, Rows, TypeRow};
use crate::model::{Column, Database, DefaultValue, Schema, Table};
use crate::source::Skipped;

/// A database's model, the relations it leaves out, and the unlogged tables it skips.
pub struct Parsed {
    pub database: Database,
    pub skipped: Vec<Skipped>,
    /// `(schema, table)` of UNLOGGED tables: logical replication cannot read them.
    pub unlogged: Vec<(String, String)>,
}

/// Columns by table as they stream in, each with its position (`attnum`).
#[derive(Default)]
pub struct Columns(rustc_hash::FxHashMap<i64, Vec<(i32, Column)>>);

impl Columns {
    pub fn add(&mut self, context: &Context, row: ColumnRow) {
        let c = column(&row, context);
        self.0.entry(row.table).or_default().push((row.attnum, c));
    }

    /// A table's columns in their order.
    fn take(&mut self, table: i64) -> Vec<Column> {
        let mut cols = self.0.remove(&table).unwrap_or_default();
        cols.sort_by_key(|(attnum, _)| *attnum);
        // Exactly as long as the table: collected in place, the vector would keep the capacity
        // it grew to while rows arrived (a tenth more over an estate's 300,000 columns).
        let mut out = Vec::with_capacity(cols.len());
        out.extend(cols.into_iter().map(|(_, c)| c));
        out
    }
}

pub fn database(name: &str, rows: Rows, mut columns: Columns) -> Parsed {
    let by_oid: BTreeMap<i64, &RelationRow> = rows.relations.iter().map(|r| (r.oid, r)).collect();
    let mut keys: BTreeMap<i64, Vec<&KeyRow>> = BTreeMap::new();
    for key in &rows.keys {
        keys.entry(key.table).or_default().push(key);
    }
    // Partitions and inheritance children by their top table: a partitioned parent is read as
    // one table holding all its partitions' rows.
    let root = |r: &RelationRow| {
        let mut top = (r.oid, r.is_partition, r.parent);
        while let (true, Some(parent)) = (top.1, top.2.and_then(|p| by_oid.get(&p))) {
            top = (parent.oid, parent.is_partition, parent.parent);
        }
        top.0
    };
    let mut partitions: BTreeMap<i64, Vec<(String, String)>> = BTreeMap::new();
    let mut partition_bytes: BTreeMap<i64, i64> = BTreeMap::new();
    let mut inherited: std::collections::BTreeSet<i64> = Default::default();
    for r in &rows.relations {
        if r.is_partition {
            let top = root(r);
            partitions.entry(top).or_default().push((r.schema.clone(), r.name.clone()));
            *partition_bytes.entry(top).or_default() += r.data_bytes.unwrap_or(0);
        } else if let Some(parent) = r.parent {
            inherited.insert(parent);
        }
    }
    // Catalog order (oids) is not stable between servers: names are.
    for list in partitions.values_mut() {
        list.sort();
    }
    let mut schemas: BTreeMap<String, Vec<Table>> = BTreeMap::new();
    let mut skipped = Vec::new();
    let mut unlogged = Vec::new();
    for r in &rows.relations {
        let skip = |kind: &str| Skipped { database: r.schema.clone(), name: r.name.clone(), kind: kind.to_string() };
        let kind = match (r.relkind.as_str(), r.is_partition) {
            (_, true) => {
                let parent = r.parent.and_then(|p| by_oid.get(&p)).map_or(String::new(), |p| p.name.clone());
                skipped.push(skip(&format!("partition of {parent}")));
                continue;
            }
            ("r" | "p", false) => r.relkind.as_str(),
            ("v", _) => {
                skipped.push(skip("view"));
                continue;
            }
            ("m", _) => {
                skipped.push(skip("materialized view"));
                continue;
            }
            ("f", _) => {
                skipped.push(skip("foreign table"));
                continue;
            }
            (_, _) => {
                skipped.push(skip("sequence"));
                continue;
            }
        };
        match r.persistence.as_str() {
            "u" => {
                unlogged.push((r.schema.clone(), r.name.clone()));
                continue;
            }
            // Another session's temporary table.
            "t" => continue,
            _ => {}
        }
        let mut indexes = keys.remove(&r.oid).unwrap_or_default();
        let primary_key = indexes.iter().position(|k| k.primary).map(|i| indexes.remove(i).columns.clone());
        let mut unique_keys: Vec<Vec<String>> = indexes.into_iter().map(|k| k.columns.clone()).collect();
        unique_keys.dedup();
        let partitioned = kind == "p";
        let data_bytes = r.data_bytes.unwrap_or(0) + partition_bytes.get(&r.oid).copied().unwrap_or(0);
        schemas.entry(r.schema.clone()).or_default().push(Table {
            name: r.name.clone(),
            comment: r.comment.clone().unwrap_or_default(),
            engine: None,
            // `reltuples` is -1 until the table is analyzed: unknown, not empty.
            rows: r.est_rows.filter(|n| *n >= 0.0).map(|n| n as u64),
            data_bytes: Some(data_bytes.max(0) as u64),
            primary_key: primary_key.unwrap_or_default(),
            unique_keys,
            replica_identity: Some(replica_identity(&r.replica_identity).to_string()),
            partitioned,
            partitions: partitions.remove(&r.oid).unwrap_or_default(),
            inherited: inherited.contains(&r.oid),
            columns: columns.take(r.oid),
        });
    }
    let database = Database {
        name: name.to_string(),
        encoding: Some(rows.database.encoding),
        schemas: schemas.into_iter().map(|(name, tables)| Schema { name, tables }).collect(),
        tables: Vec::new(),
    };
    Parsed { database, skipped, unlogged }
}

fn replica_identity(code: &str) -> &'static str {
    match code {
        "f" => "full",
        "n" => "nothing",
        "i" => "index",
        _ => "default",
    }
}

/// A column's type after domains: the base type, its typmod, whether a domain forbids NULL;
/// for an array the element the same way.
struct Resolved<'t> {
    base: Option<&'t TypeRow>,
    typmod: i32,
    not_null: bool,
    element: Option<(Option<&'t TypeRow>, i32)>,
}

/// Follow a column's type through its domain to the base type, and an array's element through
/// its own (`price[]`, an array of a domain over numeric(12,2), takes the domain's typmod).
fn resolve<'t>(types: &'t rustc_hash::FxHashMap<i64, TypeRow>, oid: i64, typmod: i32) -> Resolved<'t> {
    let through_domain = |t: Option<&'t TypeRow>, typmod: i32| match t {
        Some(TypeRow { base: Some(base), base_typmod, not_null, .. }) => {
            let typmod = if typmod != -1 { typmod } else { base_typmod.unwrap_or(-1) };
            (types.get(base), typmod, *not_null)
        }
        other => (other, typmod, false),
    };
    let (base, typmod, not_null) = through_domain(types.get(&oid), typmod);
    let element = base.filter(|b| b.category == "A").map(|b| {
        let (e, tm, _) = through_domain(types.get(&b.element), typmod);
        (e, tm)
    });
    Resolved { base, typmod, not_null, element }
}

/// A column in the model's PostgreSQL conventions. A type the reader does not know (a table's
/// row type used as a column type) reads as a composite type.
pub fn column(c: &ColumnRow, context: &Context) -> Column {
    let resolved = resolve(&context.types, c.type_oid, c.typmod);
    let array = resolved.element.is_some();
    let (t, typmod) = match resolved.element {
        Some((element, tm)) => (element, tm),
        None => (resolved.base, resolved.typmod),
    };
    let (name, kind, schema, oid) = match t {
        Some(t) => (t.name.as_str(), t.kind.as_str(), t.schema.as_str(), Some(t.oid)),
        None => ("", "c", "", None),
    };
    let enums = &context.enums;
    let labels = oid.filter(|_| kind == "e").and_then(|o| enums.iter().find(|(e, _)| *e == o)).map(|(_, l)| l);
    let base = match kind {
        "e" => "enum",
        "c" => "composite",
        // User-defined ranges and the multiranges print as text like the built-in ranges.
        "r" | "m" => "range",
        _ => name,
    };
    // `attndims` says 2 for `int[][]` (PostgreSQL does not enforce it; partitions say 0).
    let data_type = match (array, c.ndims) {
        (false, _) => base.to_string(),
        (true, n) if n >= 2 => format!("{base}[][]"),
        (true, _) => format!("{base}[]"),
    };
    let decoded = decode_typmod(name, typmod);
    let mut column_type = if t.is_some() { display_type(name, schema, typmod, &decoded) } else { "record".to_string() };
    if array {
        column_type.push_str(if c.ndims >= 2 { "[][]" } else { "[]" });
    }
    let mut octets = decoded.chars.map(|n| n.saturating_mul(context.database.max_bytes_per_char));
    if let (Some(labels), "enum") = (labels, base) {
        // Quoted as MySQL quotes them (the model's convention, read back by `SourceType`): a
        // backslash escapes, so it is doubled too.
        let quoted: Vec<String> =
            labels.iter().map(|l| format!("'{}'", l.replace('\\', "\\\\").replace('\'', "''"))).collect();
        let dims = if !array {
            ""
        } else if c.ndims >= 2 {
            "[][]"
        } else {
            "[]"
        };
        column_type = format!("enum({}){dims}", quoted.join(","));
        octets = labels.iter().map(|l| l.len() as u32).max();
    }
    let (default, generation_expression) = match c.generated {
        "s" => (None, c.default.map(str::to_string)),
        _ => (c.default.and_then(default_value), None),
    };
    let extra = match (c.identity, c.generated) {
        ("a", _) => "identity always",
        ("d", _) => "identity by default",
        (_, "s") => "generated stored",
        _ => "",
    };
    Column {
        name: c.name.into(),
        data_type: data_type.into(),
        column_type: column_type.into(),
        nullable: !(c.not_null || resolved.not_null),
        default,
        comment: c.comment.unwrap_or("").into(),
        char_max_length: decoded.chars,
        char_octet_length: octets,
        numeric_precision: decoded.precision,
        numeric_scale: decoded.scale,
        datetime_precision: decoded.fraction,
        charset: None,
        extra: extra.into(),
        generation_expression,
        // A collation the type has anyway (`C` for `name`) is not the column's own.
        collation: c
            .collation
            .filter(|co| t.and_then(|t| t.collation.as_deref()) != Some(*co))
            .map(CompactString::from),
    }
}

/// A type as `format_type` prints it, for the built-in types whose typmod matters and the
/// common aliases; other types by name, qualified when they are not built in. Printed here
/// rather than by the server: `format_type` for each of 300,000 columns was a second of a
/// 10,000-table read.
pub fn display_type(name: &str, schema: &str, typmod: i32, decoded: &Typmod) -> String {
    let precision = |base: &str, suffix: &str| match decoded.fraction {
        Some(p) if typmod >= 0 => format!("{base}({p}){suffix}"),
        _ => format!("{base}{suffix}"),
    };
    match name {
        "int2" => "smallint".into(),
        "int4" => "integer".into(),
        "int8" => "bigint".into(),
        "float4" => "real".into(),
        "float8" => "double precision".into(),
        "bool" => "boolean".into(),
        "varchar" => decoded.chars.map_or("character varying".into(), |n| format!("character varying({n})")),
        "bpchar" => decoded.chars.map_or("bpchar".into(), |n| format!("character({n})")),
        "numeric" => match typmod {
            tm if tm >= 4 => {
                let raw = tm - 4;
                format!("numeric({},{})", (raw >> 16) & 0xffff, ((raw & 0x7ff) ^ 1024) - 1024)
            }
            _ => "numeric".into(),
        },
        "bit" | "varbit" => {
            let base = if name == "bit" { "bit" } else { "bit varying" };
            if typmod > 0 { format!("{base}({typmod})") } else { base.into() }
        }
        "time" => precision("time", " without time zone"),
        "timetz" => precision("time", " with time zone"),
        "timestamp" => precision("timestamp", " without time zone"),
        "timestamptz" => precision("timestamp", " with time zone"),
        other if schema == "pg_catalog" => other.into(),
        other => format!("{schema}.{other}"),
    }
}

/// What a typmod says for a type: characters, the equivalent DECIMAL's precision and scale,
/// fraction digits, bits.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Typmod {
    pub chars: Option<u32>,
    pub precision: Option<u32>,
    pub scale: Option<u32>,
    pub fraction: Option<u32>,
}

/// Decode `atttypmod` for the types whose typmod means something (pg-facts §4): `bpchar` and
/// `varchar` hold n + 4; `numeric` holds ((p << 16) | s) + 4 with an 11-bit signed scale
/// (PostgreSQL 15 allows s < 0 and s > p, read here as the DECIMAL that holds the same values);
/// the time types hold their fraction digits (6 when -1); `bit`/`varbit` their bits.
pub fn decode_typmod(type_name: &str, typmod: i32) -> Typmod {
    let mut out = Typmod::default();
    match type_name {
        "bpchar" | "varchar" if typmod >= 4 => out.chars = Some((typmod - 4) as u32),
        "numeric" if typmod >= 4 => {
            let raw = typmod - 4;
            let p = ((raw >> 16) & 0xffff) as i64;
            let s = (((raw & 0x7ff) ^ 1024) - 1024) as i64;
            // numeric(5,-2): 5 digits then two zeros, DECIMAL(7, 0); numeric(3,5): DECIMAL(5, 5).
            let (p, s) = if s < 0 {
                (p - s, 0)
            } else if s > p {
                (s, s)
            } else {
                (p, s)
            };
            out.precision = Some(p.clamp(0, u32::MAX as i64) as u32);
            out.scale = Some(s.clamp(0, u32::MAX as i64) as u32);
        }
        "time" | "timetz" | "timestamp" | "timestamptz" => {
            out.fraction = Some(if typmod < 0 { 6 } else { (typmod as u32).min(6) });
        }
        "bit" | "varbit" if typmod > 0 => out.precision = Some(typmod as u32),
        _ => {}
    }
    out
}

/// A default as PostgreSQL prints it (`pg_get_expr`): a constant (`'it''s'::character
/// varying`, `0.00`, `true`, `'-1.5'::numeric`) becomes its value, `NULL` none, anything else
/// (`now()`, `nextval(…)`, `(CURRENT_DATE + 7)`) an expression.
pub fn default_value(text: &str) -> Option<DefaultValue> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("null") || t.to_ascii_lowercase().starts_with("null::") {
        return None;
    }
    if let Some(rest) = t.strip_prefix('\'') {
        // A quoted constant, then an optional `::type` cast.
        let mut value = String::new();
        let mut chars = rest.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c == '\'' {
                if chars.peek().map(|(_, n)| *n) == Some('\'') {
                    value.push('\'');
                    chars.next();
                    continue;
                }
                // Only a cast may follow: `::character varying(10)`, `::"Sales"."Status"`.
                let cast = |ty: &str| ty.chars().all(|c| c.is_alphanumeric() || " _.\"()[],".contains(c));
                let constant = after_is_cast(&rest[i + 1..], cast);
                return Some(if constant {
                    DefaultValue::Literal(value.as_str().into())
                } else {
                    DefaultValue::expr(t)
                });
            }
            value.push(c);
        }
        return Some(DefaultValue::expr(t));
    }
    let number = t.strip_prefix('-').unwrap_or(t);
    if !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && number.bytes().any(|b| b.is_ascii_digit())
    {
        return Some(DefaultValue::Literal(t.into()));
    }
    if t.eq_ignore_ascii_case("true") || t.eq_ignore_ascii_case("false") {
        return Some(DefaultValue::Literal(t.to_ascii_lowercase().into()));
    }
    Some(DefaultValue::expr(t))
}

/// Nothing, or `::` and a type name.
fn after_is_cast(after: &str, type_name: impl Fn(&str) -> bool) -> bool {
    after.is_empty() || after.strip_prefix("::").is_some_and(type_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typmods_decode_as_pg_facts_recorded_them() {
        assert_eq!(decode_typmod("varchar", 259).chars, Some(255));
        assert_eq!(decode_typmod("bpchar", 14).chars, Some(10));
        let numeric = |tm| {
            let t = decode_typmod("numeric", tm);
            (t.precision, t.scale)
        };
        assert_eq!(numeric(655366), (Some(10), Some(2)));
        // numeric(5,-2) and numeric(3,5), PostgreSQL 15.
        assert_eq!(numeric(329730), (Some(7), Some(0)));
        assert_eq!(numeric(196617), (Some(5), Some(5)));
        assert_eq!(numeric(-1), (None, None));
        assert_eq!(decode_typmod("timestamp", -1).fraction, Some(6));
        assert_eq!(decode_typmod("time", 3).fraction, Some(3));
        assert_eq!(decode_typmod("bit", 8).precision, Some(8));
        assert_eq!(decode_typmod("interval", 2147418115), Typmod::default());
    }

    #[test]
    fn defaults_become_values_or_expressions() {
        let lit = |s: &str| Some(DefaultValue::Literal(s.into()));
        assert_eq!(default_value("'it''s'::character varying"), lit("it's"));
        assert_eq!(default_value("'-1.5'::numeric"), lit("-1.5"));
        assert_eq!(default_value("0.00"), lit("0.00"));
        assert_eq!(default_value("true"), lit("true"));
        assert_eq!(default_value(r#"'C:\temp\"x"'::text"#), lit(r#"C:\temp\"x""#));
        assert_eq!(default_value("NULL::character varying"), None);
        assert_eq!(default_value("now()"), Some(DefaultValue::expr("now()")));
        assert_eq!(default_value("(CURRENT_DATE + 7)"), Some(DefaultValue::expr("(CURRENT_DATE + 7)")));
        assert_eq!(
            default_value("nextval('\"Sales\".\"OrderItems_ItemId_seq\"'::regclass)"),
            Some(DefaultValue::expr("nextval('\"Sales\".\"OrderItems_ItemId_seq\"'::regclass)"))
        );
        // A quoted constant followed by more than a cast is an expression.
        assert_eq!(default_value("'a'::text || 'b'::text"), Some(DefaultValue::expr("'a'::text || 'b'::text")));
    }
}

#[cfg(test)]
mod enum_tests {
    use super::*;
    use crate::source::pgsql::query::{Context, DatabaseRow, TypeRow};
    use crate::source_type::SourceType;

    /// Labels holding quotes and backslashes read back as themselves, and an array of two
    /// dimensions keeps both in its column type.
    #[test]
    fn enum_labels_survive_the_model() {
        let labels = vec!["a\\b".to_string(), "end\\".to_string(), "it's".to_string()];
        let enum_type = TypeRow {
            oid: 1,
            name: "mood".into(),
            kind: "e".into(),
            category: "E".into(),
            schema: "public".into(),
            collation: None,
            element: 0,
            base: None,
            base_typmod: None,
            not_null: false,
        };
        let array_type = TypeRow {
            oid: 2,
            name: "_mood".into(),
            kind: "b".into(),
            category: "A".into(),
            element: 1,
            ..enum_type.clone()
        };
        let context = Context {
            database: DatabaseRow { encoding: "UTF8".into(), max_bytes_per_char: 4, wal_level: String::new() },
            types: [(1, enum_type), (2, array_type)].into_iter().collect(),
            enums: vec![(1, labels.clone())],
        };
        let row = |type_oid, ndims| ColumnRow {
            table: 0,
            attnum: 1,
            name: "m",
            type_oid,
            typmod: -1,
            ndims,
            not_null: false,
            default: None,
            identity: "",
            generated: "",
            collation: None,
            comment: None,
        };
        match SourceType::of_pg(&column(&row(1, 0), &context)) {
            SourceType::Enum { members, .. } => assert_eq!(members, labels),
            other => panic!("{other:?}"),
        }
        let two = column(&row(2, 2), &context);
        assert!(two.column_type.ends_with(")[][]"), "{}", two.column_type);
    }
}
