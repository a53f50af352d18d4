//! The checks behind each fuzz target, shared with `tests/fuzz_replay.rs`, which replays the
//! saved corpora under plain `cargo test` (no nightly, no libFuzzer needed).
#![allow(dead_code)]

use arbitrary::Arbitrary;
use smt_rs::config::Version;
use smt_rs::model::{Column, Database, DefaultValue, Snapshot, SourceInfo, SourceKind, Table};
use smt_rs::source::mysql::parse::{mariadb_default, mysql_default, normalise_column_type};
use smt_rs::source::pgsql::parse::{column, decode_typmod, default_value, display_type};
use smt_rs::source::pgsql::query::{ColumnRow, Context, DatabaseRow, TypeRow};
use smt_rs::source_type::{SourceType, pg_impossible};
use smt_rs::types::flink::{sink, source_type};
use smt_rs::types::starrocks::{Ctx, default_for, map};

/// Any text as a config file: never a panic, and any error is one line.
pub fn config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let env = |name: &str| (name == "SET").then(|| "value".to_string());
    match smt_rs::config::parse(text, "fuzz.conf", &env) {
        Ok(parsed) => {
            for w in parsed.warnings {
                assert!(!smt_rs::report::line(&w).contains('\n'), "multi-line warning: {w:?}");
            }
        }
        Err(e) => assert!(!smt_rs::error::one_line(&e.to_string()).contains('\n'), "multi-line error: {e}"),
    }
}

/// COLUMN_TYPE, DATA_TYPE and COLUMN_DEFAULT as servers might send them: the parsers and both
/// type rules never panic.
#[derive(Arbitrary, Debug)]
pub struct ColumnInput {
    data_type: String,
    column_type: String,
    default: Option<String>,
    extra: String,
    chars: Option<u32>,
    bytes: Option<u32>,
    precision: Option<u8>,
    scale: Option<u8>,
    key: bool,
    old: bool,
    decoded: bool,
}

pub fn column_type(i: ColumnInput) {
    let column_type = normalise_column_type(&i.data_type, &i.column_type);
    let mut col = Column::new("c", &i.data_type, &column_type);
    col.char_max_length = i.chars;
    col.char_octet_length = i.bytes;
    col.numeric_precision = i.precision.map(u32::from);
    col.numeric_scale = i.scale.map(u32::from);
    col.default = mariadb_default(i.default.as_deref());
    let _ = mysql_default(i.default.as_deref(), &i.extra, &i.data_type);
    let t = SourceType::of(&col);
    let version = if i.old { Version(2, 0, 0) } else { Version(3, 3, 0) };
    let decoded = i.decoded && !i.key && t.is_binary();
    let ctx =
        Ctx { primary_key: i.key, version, decimal_v3: !i.old, tinyint1_as_boolean: true, binary_as_text: decoded };
    let m = map(&t, &ctx);
    let _ = default_for(&col, &t, &m.ty, &ctx);
    let f = source_type(&t, true, SourceKind::Mysql);
    let _ = sink(&f, &m.ty, i.key, decoded).0.to_string();
    let _ = m.ty.to_string();
}

/// A type of the PostgreSQL catalog (`source::pgsql::query::TypeRow`). Oids are small so that
/// the fuzzer links columns, domains, arrays, elements and enum labels often; the links may be
/// anything a corrupted catalog could hold (missing, cyclic, a domain over an array).
#[derive(Arbitrary, Debug)]
pub struct PgTypeInput {
    oid: u8,
    name: String,
    kind: String,
    category: String,
    schema: String,
    collation: Option<String>,
    element: u8,
    base: Option<u8>,
    base_typmod: Option<i32>,
    not_null: bool,
}

/// A PostgreSQL catalog column row (`query::ColumnRow`) with the types and enum labels it is
/// read with (`query::Context`), as a server, or a corrupted catalog, might send them: any
/// names, kinds and categories, any typmods and dimensions, enum labels of any text.
#[derive(Arbitrary, Debug)]
pub struct PgColumnInput {
    name: String,
    type_oid: u8,
    typmod: i32,
    ndims: i32,
    not_null: bool,
    default: Option<String>,
    identity: String,
    generated: String,
    collation: Option<String>,
    comment: Option<String>,
    bytes_per_char: u32,
    types: Vec<PgTypeInput>,
    enums: Vec<(u8, Vec<String>)>,
    /// Any text, to check that a quoted `::text` default reads back as itself.
    literal: String,
    key: bool,
    old: bool,
    decoded: bool,
}

/// The PostgreSQL type parsing (`source::pgsql::parse`): the catalog row → model column,
/// typmod decoding, type display and default parsing, then `SourceType::of_pg`, the
/// impossible-value check and both type rules never panic; a numeric typmod never decodes
/// to a scale above its precision; a quoted `::text` constant reads back as its value.
pub fn pg_type(i: PgColumnInput) {
    let types: Vec<TypeRow> = i
        .types
        .into_iter()
        .map(|t| TypeRow {
            oid: t.oid.into(),
            name: t.name,
            kind: t.kind,
            category: t.category,
            schema: t.schema,
            collation: t.collation,
            element: t.element.into(),
            base: t.base.map(i64::from),
            base_typmod: t.base_typmod,
            not_null: t.not_null,
        })
        .collect();
    let typmods: Vec<i32> = std::iter::once(i.typmod).chain(types.iter().filter_map(|t| t.base_typmod)).collect();
    for t in &types {
        for &typmod in &typmods {
            let decoded = decode_typmod(&t.name, typmod);
            let _ = display_type(&t.name, &t.schema, typmod, &decoded);
        }
    }
    for &typmod in &typmods {
        let t = decode_typmod("numeric", typmod);
        if let (Some(p), Some(s)) = (t.precision, t.scale) {
            assert!(s <= p, "decode_typmod(\"numeric\", {typmod}) gave scale {s} > precision {p}");
        }
    }
    let quoted = format!("'{}'::text", i.literal.replace('\'', "''"));
    assert_eq!(
        default_value(&quoted),
        Some(DefaultValue::Literal(i.literal.as_str().into())),
        "the default {quoted:?} does not read back as its literal"
    );

    let context = Context {
        database: DatabaseRow {
            encoding: "UTF8".into(),
            max_bytes_per_char: i.bytes_per_char,
            wal_level: String::new(),
        },
        types: types.into_iter().map(|t| (t.oid, t)).collect(),
        enums: i.enums.into_iter().map(|(oid, labels)| (oid.into(), labels)).collect(),
    };
    // `column` reads neither the table nor the position.
    let row = ColumnRow {
        table: 0,
        attnum: 1,
        name: &i.name,
        type_oid: i.type_oid.into(),
        typmod: i.typmod,
        ndims: i.ndims,
        not_null: i.not_null,
        default: i.default.as_deref(),
        identity: &i.identity,
        generated: &i.generated,
        collation: i.collation.as_deref(),
        comment: i.comment.as_deref(),
    };
    let col = column(&row, &context);
    let _ = pg_impossible(&col);
    let t = SourceType::of_pg(&col);
    let version = if i.old { Version(2, 0, 0) } else { Version(3, 3, 0) };
    let decoded = i.decoded && !i.key && t.is_binary();
    let ctx =
        Ctx { primary_key: i.key, version, decimal_v3: !i.old, tinyint1_as_boolean: true, binary_as_text: decoded };
    let m = map(&t, &ctx);
    let _ = default_for(&col, &t, &m.ty, &ctx);
    let f = source_type(&t, true, SourceKind::Pgsql);
    let _ = f.to_string();
    let _ = sink(&f, &m.ty, i.key, decoded).0.to_string();
    let _ = m.ty.to_string();
}

#[derive(Arbitrary, Debug)]
pub struct Col {
    name: String,
    data_type: u8,
    width: u16,
    nullable: bool,
    default: Option<String>,
    comment: String,
}

#[derive(Arbitrary, Debug)]
pub struct Tab {
    name: String,
    comment: String,
    size: u64,
    columns: Vec<Col>,
    pk: Vec<u8>,
    unique: Vec<u8>,
}

#[derive(Arbitrary, Debug)]
pub struct RenderInput {
    databases: Vec<(String, Vec<Tab>)>,
    union: bool,
    strict: bool,
}

const TYPES: &[(&str, &str)] = &[
    ("int", "int"),
    ("bigint", "bigint unsigned"),
    ("tinyint", "tinyint(1)"),
    ("varchar", "varchar"),
    ("char", "char"),
    ("decimal", "decimal"),
    ("datetime", "datetime(3)"),
    ("time", "time"),
    ("json", "json"),
    ("varbinary", "varbinary"),
    ("text", "text"),
    ("double", "double"),
    ("set", "set('a','b')"),
    ("enum", "enum('x')"),
    ("bit", "bit"),
    ("date", "date"),
    ("year", "year"),
    ("geometry", "geometry"),
    ("vector", "vector(3)"),
];

fn snapshot(input: &RenderInput) -> Option<Snapshot> {
    let mut databases = Vec::new();
    for (db, tables) in input.databases.iter().take(4) {
        let mut ts = Vec::new();
        for t in tables.iter().take(6) {
            let mut columns: Vec<Column> = Vec::new();
            for c in t.columns.iter().take(12) {
                let (dt, base) = TYPES[usize::from(c.data_type) % TYPES.len()];
                let w = u64::from(c.width);
                let ct = match dt {
                    "varchar" | "char" | "varbinary" => format!("{base}({w})"),
                    "decimal" => format!("decimal({},{})", w % 70, w % 7),
                    "bit" => format!("bit({})", w % 70),
                    _ => base.to_string(),
                };
                let mut col = Column::new(&c.name, dt, &ct);
                col.nullable = c.nullable;
                col.comment = c.comment.as_str().into();
                col.default = c.default.as_deref().map(|d| DefaultValue::Literal(d.into()));
                if matches!(dt, "varchar" | "char" | "varbinary") {
                    (col.char_max_length, col.char_octet_length) = (Some(w as u32), Some(w as u32 * 4));
                }
                columns.push(col);
            }
            let names: Vec<String> = columns.iter().map(|c| c.name.to_string()).collect();
            let pick = |idx: &[u8]| -> Vec<String> {
                idx.iter().take(3).filter_map(|i| names.get(usize::from(*i) % names.len().max(1)).cloned()).collect()
            };
            ts.push(Table {
                name: t.name.clone(),
                comment: t.comment.clone(),
                engine: Some("InnoDB".into()),
                rows: Some(1),
                data_bytes: Some(t.size),
                primary_key: pick(&t.pk),
                unique_keys: vec![pick(&t.unique)],
                columns,
                ..Table::default()
            });
        }
        databases.push(Database { name: db.clone(), encoding: None, schemas: Vec::new(), tables: ts });
    }
    let snap = Snapshot {
        format_version: 1,
        source: SourceInfo { kind: SourceKind::Mysql, server_version: String::new() },
        databases,
    };
    // Only what the snapshot reader would accept reaches generation.
    Snapshot::from_json(&snap.to_json().ok()?, "fuzz.json").ok()
}

/// Generation from an arbitrary snapshot (names with quotes, backticks, newlines, Unicode;
/// arbitrary types, keys and defaults): never a panic, byte-deterministic, errors on one line.
pub fn render(input: RenderInput) {
    let Some(snap) = snapshot(&input) else { return };
    let text = format!(
        "[db]\nhost = h\n[other]\nstrict = {}\n[table-rule.1]\ndatabase = .*\ntable = .*\nmerge_shards = {}\n\
         flink.cdc.server-id = 5400\nflink.starrocks.jdbc-url = j\nflink.starrocks.load-url = l\nflink.starrocks.username = u\n",
        input.strict,
        if input.union { "union" } else { "auto" }
    );
    let config = smt_rs::config::parse(&text, "fuzz.conf", &|_| None).expect("the fuzz config is valid").config;
    let first = smt_rs::app::build(&config, snap.clone());
    let second = smt_rs::app::build(&config, snap);
    match (first, second) {
        (Ok(a), Ok(b)) => {
            let render = |g: &smt_rs::app::Generated| g.files.iter().map(|f| f.content.to_string()).collect::<Vec<_>>();
            assert_eq!(render(&a), render(&b), "output must be deterministic");
        }
        (Err(e), Err(_)) => assert!(!smt_rs::error::one_line(&e.to_string()).contains('\n'), "multi-line error: {e}"),
        _ => panic!("the same input succeeded once and failed once"),
    }
}
