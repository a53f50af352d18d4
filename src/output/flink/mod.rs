//! Flink SQL (SPEC §8): per target a `mysql-cdc` source table, a `starrocks` sink table and the
//! INSERT between them; with `statement_set = true` all INSERTs of a file form one job.

use std::fmt::{self, Display, Formatter};

use askama::Template;

use super::quote::{FlinkString, Ident};
use crate::config::{Config, Rule};
use crate::model::SourceKind;
use crate::plan::{KeyModel, Target, TargetColumn};
use crate::types::flink::{Convert, FlinkType};

const CATALOG: &str = "default_catalog";

/// Items are `Display` values written straight into the statement (see the StarRocks renderer).
#[derive(Template)]
#[template(path = "flink-table.sql", escape = "none")]
struct CreateTable<'a> {
    name: &'a str,
    lines: Vec<Line<'a>>,
    options: Vec<Opt<'a>>,
}

#[derive(Template)]
#[template(path = "flink-insert.sql", escape = "none")]
struct Insert<'a> {
    sink: &'a str,
    source: &'a str,
    select: Vec<Select<'a>>,
}

/// One target's Flink statements: source table, sink table, INSERT.
pub struct TargetStatements {
    pub source: String,
    pub sink: String,
    pub insert: String,
}

pub fn target_statements(rule: &Rule, t: &Target, config: &Config) -> Result<TargetStatements, askama::Error> {
    let (src, sink) = (object(t, "_src"), object(t, "_sink"));
    Ok(TargetStatements {
        source: source_table(rule, t, &src, config, t.server_id.as_deref())?,
        sink: sink_table(rule, t, &sink)?,
        insert: super::render_sized(
            &Insert { sink: &sink, source: &src, select: t.columns.iter().map(Select).collect() },
            t.columns.len(),
        )?,
    })
}

pub fn create_database(db: &str) -> String {
    format!("CREATE DATABASE IF NOT EXISTS {}.{};", Ident(CATALOG), Ident(db))
}

/// With `statement_set`, a file's INSERTs run as one job, after every CREATE (SPEC §8).
pub fn statement_set(inserts: &[String]) -> String {
    format!("EXECUTE STATEMENT SET\nBEGIN\n{}\nEND;", inserts.join("\n"))
}

fn object(t: &Target, suffix: &str) -> String {
    format!("{}.{}.{}", Ident(CATALOG), Ident(&t.db), Ident(&format!("{}{suffix}", t.table)))
}

/// A line of a CREATE TABLE's column list.
enum Line<'a> {
    Column {
        name: &'a str,
        ty: &'a FlinkType,
        nullable: bool,
    },
    /// A mysql-cdc metadata column.
    Metadata {
        name: &'a str,
        ty: &'a FlinkType,
        key: &'static str,
    },
    PrimaryKey(Vec<Ident<'a>>),
}

impl Display for Line<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Line::Column { name, ty, nullable: true } => write!(f, "{} {ty}", Ident(name)),
            Line::Column { name, ty, nullable: false } => write!(f, "{} {ty} NOT NULL", Ident(name)),
            Line::Metadata { name, ty, key } => {
                write!(f, "{} {ty} METADATA FROM {} VIRTUAL", Ident(name), FlinkString(key))
            }
            Line::PrimaryKey(cols) => {
                f.write_str("PRIMARY KEY (")?;
                for (i, c) in cols.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    c.fmt(f)?;
                }
                f.write_str(") NOT ENFORCED")
            }
        }
    }
}

/// A `'key' = 'value'` entry of WITH.
struct Opt<'a>(&'a str, &'a str);

impl Display for Opt<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{} = {}", FlinkString(self.0), FlinkString(self.1))
    }
}

/// `name` picks the source or the StarRocks name of each key column; `metadata` whether the
/// mysql-cdc metadata columns (`_db`, `_table`) belong to the key (the sink's, not the source's:
/// Flink keys only physical columns).
fn primary_key<'a>(t: &'a Target, name: fn(&TargetColumn) -> &str, metadata: bool) -> Option<Line<'a>> {
    (t.model == KeyModel::Primary).then(|| {
        Line::PrimaryKey(t.key_columns().filter(|c| metadata || c.metadata.is_none()).map(|c| Ident(name(c))).collect())
    })
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
    let mut lines: Vec<Line> = cols
        .iter()
        .map(|c| match c.metadata {
            Some(m) => Line::Metadata { name: &c.source_name, ty: &c.flink_source, key: m.sql_key(t.kind) },
            None => Line::Column { name: &c.source_name, ty: &c.flink_source, nullable: c.source_nullable },
        })
        .collect();
    lines.extend(primary_key(t, |c| &c.source_name, false));
    // `flink.cdc.hostname` & co. replace the [db] values: Flink may reach the source by another
    // address than smt-rs did (a tunnel, a replica).
    let db = &config.db;
    let port = db.port.to_string();
    let connection =
        [("hostname", db.host.as_str()), ("port", &port), ("username", &db.user), ("password", &db.password.0)];
    let pg = t.kind == SourceKind::Pgsql;
    let mut options = vec![Opt("connector", if pg { "postgres-cdc" } else { "mysql-cdc" })];
    options.extend(connection.iter().map(|&(k, v)| Opt(k, rule.cdc_option(k).unwrap_or(v))));
    let slot = t.slot.as_deref().unwrap_or("");
    if pg {
        // SPEC §11: one literal database, the schema and table regexes, this source's own slot
        // and the publication the DBA made (postgres-setup), never one the connector makes.
        options.push(Opt("database-name", t.catalog.as_deref().unwrap_or("")));
        options.push(Opt("schema-name", &t.cdc_database));
        options.push(Opt("table-name", &t.cdc_table));
        options.push(Opt("slot.name", slot));
        options.push(Opt("decoding.plugin.name", "pgoutput"));
        options.push(Opt("debezium.publication.name", slot));
        options.push(Opt("debezium.publication.autocreate.mode", "disabled"));
    } else {
        options.push(Opt("database-name", &t.cdc_database));
        options.push(Opt("table-name", &t.cdc_table));
    }
    // Generated above for PostgreSQL; `slot.name` there is the prefix of the generated names.
    let generated: &[&str] = if pg {
        &["slot.name", "decoding.plugin.name", "debezium.publication.name", "debezium.publication.autocreate.mode"]
    } else {
        &[]
    };
    for (key, value) in rule
        .cdc_options
        .iter()
        .filter(|(k, _)| !connection.iter().any(|(c, _)| c == k) && !generated.contains(&k.as_str()))
    {
        let value = if key == "server-id" && !pg { server_id.unwrap_or(value) } else { value };
        options.push(Opt(key, value));
    }
    let user_set = |key: &str| rule.cdc_option(key).is_some();
    // Without a key mysql-cdc cannot split the snapshot into chunks and refuses to start
    // (postgres-cdc's incremental snapshot is off unless the user turns it on).
    if !pg
        && t.model != KeyModel::Primary
        && !user_set("scan.incremental.snapshot.enabled")
        && !user_set("scan.incremental.snapshot.chunk.key-column")
    {
        options.push(Opt("scan.incremental.snapshot.enabled", "false"));
    }
    // A partitioned parent is published as itself (publish_via_partition_root).
    if pg && t.setup.iter().any(|s| s.partitioned) && !user_set("scan.include-partitioned-tables.enabled") {
        options.push(Opt("scan.include-partitioned-tables.enabled", "true"));
    }
    options.extend(t.debezium.iter().filter(|(k, _)| !user_set(k)).map(|(k, v)| Opt(k, v)));
    let n = lines.len() + options.len();
    super::render_sized(&CreateTable { name, lines, options }, n)
}

/// The sink declares the StarRocks columns, in StarRocks order and with StarRocks names.
fn sink_table(rule: &Rule, t: &Target, name: &str) -> Result<String, askama::Error> {
    let mut lines: Vec<Line> =
        t.columns.iter().map(|c| Line::Column { name: &c.name, ty: &c.flink_sink, nullable: c.nullable }).collect();
    lines.extend(primary_key(t, |c| &c.name, true));
    let first = ["jdbc-url", "load-url", "username", "password"];
    let mut options = vec![Opt("connector", "starrocks")];
    options.extend(first.iter().map(|&k| Opt(k, rule.sink_option(k).unwrap_or(""))));
    options.push(Opt("database-name", &t.db));
    options.push(Opt("table-name", &t.table));
    options.extend(rule.sink_options.iter().filter(|(k, _)| !first.contains(&k.as_str())).map(|(k, v)| Opt(k, v)));
    let n = lines.len() + options.len();
    super::render_sized(&CreateTable { name, lines, options }, n)
}

/// One SELECT item, in sink order: the conversion the plan chose (never one on a key column,
/// see `types::sink`), an alias where StarRocks renamed the column or a function changed it.
struct Select<'a>(&'a TargetColumn);

impl Display for Select<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let c = self.0;
        let src = Ident(&c.source_name);
        match c.convert {
            Convert::None => src.fmt(f)?,
            Convert::Cast => write!(f, "CAST({src} AS {})", c.flink_sink)?,
            Convert::FromBase64 => write!(f, "FROM_BASE64({src})")?,
            Convert::TimeText(digits) => {
                let fraction = if digits == 0 { String::new() } else { format!(".{}", "S".repeat(digits as usize)) };
                write!(f, "DATE_FORMAT(CAST({src} AS TIMESTAMP(3)), 'HH:mm:ss{fraction}')")?
            }
        }
        if c.name != c.source_name || c.convert != Convert::None {
            write!(f, " AS {}", Ident(&c.name))?;
        }
        Ok(())
    }
}
