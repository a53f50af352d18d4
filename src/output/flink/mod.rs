//! Flink SQL (SPEC §8): per target a `mysql-cdc` source table, a `starrocks` sink table and the
//! INSERT between them; with `statement_set = true` all INSERTs of a file form one job.

pub mod types;

use std::collections::HashSet;
use std::rc::Rc;

use askama::Template;

use super::quote::{flink_string, ident};
use crate::config::{Config, Rule};
use crate::plan::{KeyModel, Target, TargetColumn};
use types::FlinkType;

const CATALOG: &str = "default_catalog";

#[derive(Template)]
#[template(path = "flink-table.sql", escape = "none")]
struct CreateTable {
    name: String,
    lines: Vec<String>,
    options: Vec<String>,
}

#[derive(Template)]
#[template(path = "flink-insert.sql", escape = "none")]
struct Insert {
    sink: String,
    source: String,
    select: Vec<String>,
}

/// One target's Flink statements: source table, sink table, INSERT.
pub struct TargetStatements {
    pub source: Rc<str>,
    pub sink: Rc<str>,
    pub insert: Rc<str>,
}

pub fn target_statements(rule: &Rule, t: &Target, config: &Config) -> Result<TargetStatements, askama::Error> {
    let (src, sink) = (object(t, "_src"), object(t, "_sink"));
    Ok(TargetStatements {
        source: source_table(rule, t, &src, config, t.server_id.as_deref())?.into(),
        sink: sink_table(rule, t, &sink)?.into(),
        insert: Insert { sink, source: src, select: t.columns.iter().map(select_expr).collect() }.render()?.into(),
    })
}

/// A file's statements in SPEC §8 order: per target its database (once), source, sink and
/// INSERT; with `statement_set`, every CREATE first and one STATEMENT SET around the INSERTs.
pub fn file(items: &[(&Target, &TargetStatements)], statement_set: bool, out: &mut super::FileText) {
    let mut databases = HashSet::new();
    let mut inserts: Vec<&Rc<str>> = Vec::new();
    for (t, st) in items {
        if databases.insert(t.db.as_str()) {
            out.statement_text(format!("CREATE DATABASE IF NOT EXISTS {}.{};", ident(CATALOG), ident(&t.db)));
        }
        out.statement(&[&st.source]);
        out.statement(&[&st.sink]);
        if statement_set {
            inserts.push(&st.insert);
        } else {
            out.statement(&[&st.insert]);
        }
    }
    if !inserts.is_empty() {
        let (begin, newline, end): (Rc<str>, Rc<str>, Rc<str>) =
            ("EXECUTE STATEMENT SET\nBEGIN\n".into(), "\n".into(), "\nEND;".into());
        let mut parts = vec![&begin];
        for (i, insert) in inserts.into_iter().enumerate() {
            if i > 0 {
                parts.push(&newline);
            }
            parts.push(insert);
        }
        parts.push(&end);
        out.statement(&parts);
    }
}

fn object(t: &Target, suffix: &str) -> String {
    format!("{}.{}.{}", ident(CATALOG), ident(&t.db), ident(&format!("{}{suffix}", t.table)))
}

/// `name` picks the source or the StarRocks name of each key column; `metadata` whether the
/// mysql-cdc metadata columns (`_db`, `_table`) belong to the key (the sink's, not the source's:
/// Flink keys only physical columns).
fn primary_key(t: &Target, name: fn(&TargetColumn) -> &str, metadata: bool) -> Option<String> {
    (t.model == KeyModel::Primary).then(|| {
        let cols: Vec<String> =
            t.key_columns().filter(|c| metadata || c.metadata.is_none()).map(|c| ident(name(c))).collect();
        format!("PRIMARY KEY ({}) NOT ENFORCED", cols.join(", "))
    })
}

fn column_line(name: &str, ty: &FlinkType, nullable: bool) -> String {
    if nullable { format!("{} {ty}", ident(name)) } else { format!("{} {ty} NOT NULL", ident(name)) }
}

fn option(key: &str, value: &str) -> String {
    format!("{} = {}", flink_string(key), flink_string(value))
}

/// The source declares the source table's columns, in source order and with source names.
fn source_table(
    rule: &Rule,
    t: &Target,
    name: &str,
    config: &Config,
    server_id: Option<&str>,
) -> Result<String, askama::Error> {
    let mut cols: Vec<&TargetColumn> = t.columns.iter().collect();
    cols.sort_by_key(|c| c.ordinal);
    let mut lines: Vec<String> = cols
        .iter()
        .map(|c| match c.metadata {
            Some(meta) => {
                format!("{} {} METADATA FROM {} VIRTUAL", ident(&c.source_name), c.flink_source, flink_string(meta))
            }
            None => column_line(&c.source_name, &c.flink_source, c.source_nullable),
        })
        .collect();
    lines.extend(primary_key(t, |c| &c.source_name, false));
    // `flink.cdc.hostname` & co. replace the [db] values: Flink may reach the source by another
    // address than smt-rs did (a tunnel, a replica).
    let db = &config.db;
    let port = db.port.to_string();
    let connection =
        [("hostname", db.host.as_str()), ("port", &port), ("username", &db.user), ("password", &db.password.0)];
    let mut options = vec![option("connector", "mysql-cdc")];
    options.extend(connection.iter().map(|(k, v)| option(k, rule.cdc_option(k).unwrap_or(v))));
    options.push(option("database-name", &t.cdc_database));
    options.push(option("table-name", &t.cdc_table));
    for (key, value) in rule.cdc_options.iter().filter(|(k, _)| !connection.iter().any(|(c, _)| c == k)) {
        let value = if key == "server-id" { server_id.unwrap_or(value) } else { value };
        options.push(option(key, value));
    }
    let user_set = |key: &str| rule.cdc_option(key).is_some();
    // Without a key mysql-cdc cannot split the snapshot into chunks and refuses to start.
    if t.model != KeyModel::Primary
        && !user_set("scan.incremental.snapshot.enabled")
        && !user_set("scan.incremental.snapshot.chunk.key-column")
    {
        options.push(option("scan.incremental.snapshot.enabled", "false"));
    }
    if t.has_binary() && !user_set("debezium.binary.handling.mode") {
        options.push(option("debezium.binary.handling.mode", "base64"));
    }
    CreateTable { name: name.to_string(), lines, options }.render()
}

/// The sink declares the StarRocks columns, in StarRocks order and with StarRocks names.
fn sink_table(rule: &Rule, t: &Target, name: &str) -> Result<String, askama::Error> {
    let mut lines: Vec<String> = t.columns.iter().map(|c| column_line(&c.name, &c.flink_sink, c.nullable)).collect();
    lines.extend(primary_key(t, |c| &c.name, true));
    let first = ["jdbc-url", "load-url", "username", "password"];
    let mut options = vec![option("connector", "starrocks")];
    options.extend(first.iter().map(|k| option(k, rule.sink_option(k).unwrap_or(""))));
    options.push(option("database-name", &t.db));
    options.push(option("table-name", &t.table));
    options.extend(rule.sink_options.iter().filter(|(k, _)| !first.contains(&k.as_str())).map(|(k, v)| option(k, v)));
    CreateTable { name: name.to_string(), lines, options }.render()
}

/// One SELECT item, in sink order: a cast where the sink type differs (never on a key column,
/// see `types::sink_type`), an alias where StarRocks renamed the column.
fn select_expr(c: &TargetColumn) -> String {
    let src = ident(&c.source_name);
    let expr = if c.flink_sink == c.flink_source { src } else { format!("CAST({src} AS {})", c.flink_sink) };
    if c.name == c.source_name && c.flink_sink == c.flink_source {
        expr
    } else {
        format!("{expr} AS {}", ident(&c.name))
    }
}

/// SPEC §8 lint: CSV (the sink's default format) breaks on a tab or newline inside a value.
pub fn lint_sink_options(rule: &Rule) -> Option<String> {
    let format = rule.sink_option("sink.properties.format").unwrap_or("csv");
    (format.eq_ignore_ascii_case("csv") && rule.sink_option("sink.properties.column_separator").is_none()).then(|| {
        format!(
            "{}: the StarRocks sink writes CSV with a tab separator, which corrupts rows whose text holds a tab or newline; \
             set `flink.starrocks.sink.properties.format = json` (with `sink.properties.strip_outer_array = true`) \
             or `sink.properties.column_separator = \\x01` and `sink.properties.row_delimiter = \\x02`",
            rule.section()
        )
    })
}
