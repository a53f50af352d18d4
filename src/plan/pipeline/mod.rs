//! Flink CDC 3 pipelines (SPEC §13): per rule, one MySQL source reading exactly the rule's
//! member tables, one StarRocks sink writing into the tables smt-rs designed, routes for every
//! target whose name differs from its source's, and transforms wherever a target is not the
//! source table as it is. Decided here, with the warnings, so that `deny`, the summary and
//! `-v` see them; `output::pipeline` only prints.
//!
//! How Flink CDC reads the names (research/cdc3-facts.md §2, §4, and the release-3.5.0 /
//! release-3.6.0 code of `MySqlDataSourceFactory`, `Selectors`, `TableIdRouter`):
//! - The source is given `scan.binlog.newly-added-table.enabled: true`. Its `tables` list then
//!   becomes one Debezium regex (split on every `,`, joined with `|`; a bare `.` is the
//!   separator, `\.` any character), matched whole and ignoring case against `db.table` — the
//!   tables there at start are read from the snapshot on, tables created later (new shards) from
//!   the binlog. (Without it, the list only selects the tables there at start, whose plain names
//!   Debezium then reads as regexes again: `orders$2024` would never be read and `a.b` would
//!   read `aXb`. A rule that asks for `scan.newly-added-table.enabled` gets that mode, and its
//!   tables with such names are left out.)
//! - A transform's `source-table` and the chunk-key selector are `Selectors`: split on
//!   unescaped `,` and `.`, each part a Java regex matched whole, ignoring case.
//! - A route's `source-table` is matched with case on 3.6 (split on every `,`, `.` a literal
//!   dot, `\.` any character), through `Selectors` on 3.5; its sink-table is a `replaceAll`
//!   replacement on 3.6 (`$`, `\` escaped) and a plain name on 3.5.
//!
//! A literal name is written so that it means itself in all of them: ASCII letters, digits, `_`
//! and non-ASCII as they are, every other ASCII character as `\xHH` — never a `.`, `,`, `:`,
//! `;` or `\.` that a splitter would read.

pub mod keys;

use regex::Regex;

use crate::config::{CdcRelease, Config, Rule, ServerId};
use crate::diag::{Kind, Object, Warning};
use crate::error::Error;
use crate::model::{SourceKind, Table};
use crate::plan::{KeyModel, Metadata, RulePlan, Target};
use crate::shard::{self, Member};
use crate::types::cdc3::{Carry, fraction_expression};

/// One rule's pipeline: `flink-cdc-pipeline.N.yaml`.
#[derive(Debug)]
pub struct Pipeline {
    pub rule: u32,
    pub release: CdcRelease,
    pub parallelism: u32,
    /// `source.server-id`: a range as wide as the parallelism.
    pub server_id: String,
    /// `source.tables`, one selector item per entry.
    pub tables: Vec<String>,
    /// The source's options after `type`, in the order written (`tables` and `server-id` apart).
    pub source: Vec<(String, String)>,
    /// The sink's options after `type`.
    pub sink: Vec<(String, String)>,
    pub routes: Vec<Route>,
    pub transforms: Vec<Transform>,
    /// `pipeline.local-time-zone`: the rule's `flink.cdc.server-time-zone`, so that TIMESTAMP
    /// values are written as the source server shows them.
    pub local_time_zone: Option<String>,
}

#[derive(Debug)]
pub struct Route {
    pub source_table: String,
    pub sink_table: String,
    pub description: String,
}

#[derive(Debug)]
pub struct Transform {
    pub source_table: String,
    pub projection: String,
    pub primary_keys: Option<String>,
    pub description: String,
}

/// Changes the StarRocks pipeline sink must never apply to the tables smt-rs designed: a
/// retype to its own mapping (lengths × 3, DATETIME without fraction), a dropped or renamed
/// column, a dropped or emptied table.
pub const EXCLUDED_SCHEMA_CHANGES: [&str; 5] =
    ["alter.column.type", "drop.column", "rename.column", "drop.table", "truncate.table"];

/// Server ids of pipelines whose rule sets no `flink.cdc.server-id`: just above the range
/// mysql-cdc picks random ids from (5400–6400), so they never meet a SQL source's random id.
const DEFAULT_SERVER_ID: u32 = 6401;

/// A name as one part of a `tables` selector or a route's source-table that matches only
/// itself (see the module comment).
pub fn literal(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '_' || !c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(&format!("\\x{:02X}", c as u32));
        }
    }
    out
}

/// A StarRocks `db.table` as a route's sink-table: 3.6's router substitutes `$n` groups and
/// reads `\` as an escape (Java `Matcher.replaceAll`), so both are escaped there; 3.5 parses it
/// as it is. `None` when a name holds a `.`: both split the sink-table on every dot.
fn sink_table(db: &str, table: &str, release: CdcRelease) -> Option<String> {
    if db.contains('.') || table.contains('.') {
        return None;
    }
    let escape = |s: &str| match release {
        CdcRelease::V3_6 => s.replace('\\', "\\\\").replace('$', "\\$"),
        CdcRelease::V3_5 => s.to_string(),
    };
    Some(format!("{}.{}", escape(db), escape(table)))
}

/// Whether Debezium, given the plain `db.table` of a selected table as a regex (what the
/// source does without `scan.binlog.newly-added-table.enabled`), reads exactly that table of
/// `index` (and perhaps others of `members`).
fn debezium_safe(db: &str, table: &str, index: &shard::NameIndex, members: &[(&str, &str)]) -> bool {
    const META: &[char] = &['\\', '^', '$', '(', ')', '[', ']', '{', '}', '+', '?', '*', '|', ','];
    let name = format!("{db}.{table}");
    if name.contains(META) || name.trim() != name || db.trim() != db || table.trim() != table {
        return false;
    }
    // Only `.` is left to mean anything: any character. The separator's dot can only stand
    // for itself in another table's name (every other character is literal), so without a dot
    // in a name the table reads itself and its case twins, which are warned about anyway.
    if !db.contains('.') && !table.contains('.') {
        return true;
    }
    let Ok(re) = Regex::new(&format!("(?i)^{}$", regex::escape(&name).replace("\\.", "."))) else { return false };
    index.tables().all(|(d, t)| members.contains(&(d, t)) || !re.is_match(&format!("{d}.{t}")))
}

/// A column name in a transform projection (Calcite, backticks, a backtick doubled).
fn ident(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// The pipelines of a plan's rules (MySQL-family sources only), their server ids taken from
/// `used` after the SQL sources' ids, and their warnings.
pub(super) fn plan(
    config: &Config,
    release: CdcRelease,
    rules: &[RulePlan],
    index: &shard::NameIndex,
    used: &mut std::collections::BTreeMap<u64, u64>,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<Pipeline>, Error> {
    let mut pipelines = Vec::new();
    for r in rules.iter().filter(|r| !r.targets.is_empty()) {
        let is = |key: &str, value: &str| r.rule.cdc_option(key).is_some_and(|v| v.eq_ignore_ascii_case(value));
        let binlog =
            !is("scan.newly-added-table.enabled", "true") && !is("scan.binlog.newly-added-table.enabled", "false");
        let mut p = Pipeline {
            rule: r.rule.n,
            release,
            parallelism: config.other.parallelism,
            server_id: String::new(),
            tables: Vec::new(),
            source: Vec::new(),
            sink: Vec::new(),
            routes: Vec::new(),
            transforms: Vec::new(),
            local_time_zone: r.rule.cdc_option("server-time-zone").map(str::to_string),
        };
        let mut chunk_keys = Vec::new();
        let members: Vec<(&str, &str)> =
            r.targets.iter().flat_map(|t| t.sources.iter().map(|m| (m.db.as_str(), m.table.as_str()))).collect();
        for t in &r.targets {
            add_target(&mut p, r.rule, t, index, binlog, &members, &mut chunk_keys, warnings);
        }
        if p.tables.is_empty() {
            warnings.push(Warning::new(
                Kind::PipelineTableLeftOut,
                Object::rule(r.rule.section()),
                format!(
                    "{}: no table can go through a Flink CDC {release} pipeline; flink-cdc-pipeline.{}.yaml is not written",
                    r.rule.section(),
                    r.rule.n
                ),
            ));
            continue;
        }
        p.source = source_options(config, r.rule, release, binlog, &chunk_keys, warnings);
        p.sink = sink_options(config, r.rule, release, warnings);
        let width = u64::from(config.other.parallelism);
        let base = match r.rule.cdc_option("server-id").and_then(crate::config::parse_server_id) {
            Some(ServerId::Single(a) | ServerId::Range(a, _)) => a,
            None => DEFAULT_SERVER_ID,
        };
        let too_big = || {
            Error::Refused(format!(
                "{}: no room for a pipeline server-id range of {width} ids below the largest server id {}",
                r.rule.section(),
                u32::MAX
            ))
        };
        let end = u32::try_from(u64::from(base) + width - 1).map_err(|_| too_big())?;
        p.server_id = super::ids::take_id(used, ServerId::Range(base, end), 0).map_err(|_| too_big())?;
        // A range of one is written as a range too: the source reads `A-B` and a single id alike.
        if !p.server_id.contains('-') {
            p.server_id = format!("{0}-{0}", p.server_id);
        }
        pipelines.push(p);
    }
    Ok(pipelines)
}

/// One item of a `tables` list, and the tables of the schema it reads.
struct Item<'i> {
    text: String,
    reads: Vec<(&'i str, &'i str)>,
}

/// The selector items that read exactly a target's members: one literal `db.table` each (it
/// reads its table and that table's case twins), or for a shard group
/// `(?:db1|db2).<base>[0-9]+` when that reads no other table (so that shards created later are
/// read too).
fn members_selector<'i>(t: &Target, index: &'i shard::NameIndex) -> Vec<Item<'i>> {
    let literals = || {
        t.sources
            .iter()
            .map(|m| Item {
                text: format!("{}.{}", literal(&m.db), literal(&m.table)),
                reads: index.twins(&m.db, &m.table).collect(),
            })
            .collect()
    };
    if t.sources.len() < 2 {
        return literals();
    }
    let Some(bases) = t.sources.iter().map(|m| shard::split_base(&m.table)).collect::<Option<Vec<_>>>() else {
        return literals();
    };
    if bases.iter().any(|b| *b != bases[0]) {
        return literals();
    }
    let mut dbs: Vec<&str> = t.sources.iter().map(|m| m.db.as_str()).collect();
    dbs.sort();
    dbs.dedup();
    let db_part = match dbs.as_slice() {
        [one] => literal(one),
        many => format!("(?:{})", many.iter().map(|d| literal(d)).collect::<Vec<_>>().join("|")),
    };
    let table_part = format!("{}{}[0-9]+", literal(bases[0].0), literal(bases[0].1));
    let reads = pattern_reads(&db_part, &table_part, index);
    let mut members: Vec<(&str, &str)> = t.sources.iter().map(|m| (m.db.as_str(), m.table.as_str())).collect();
    members.sort();
    if reads == members { vec![Item { text: format!("{db_part}.{table_part}"), reads }] } else { literals() }
}

/// The tables of `index` a pattern item reads: its database and table parts matched whole,
/// ignoring case (as both the selector and Debezium's regex do), within the namespaces its
/// database part reads (planning stays linear in the estate); sorted.
fn pattern_reads<'i>(db: &str, table: &str, index: &'i shard::NameIndex) -> Vec<(&'i str, &'i str)> {
    let whole = |p: &str| Regex::new(&format!("(?i)^(?:{p})$")).ok();
    let (Some(db_re), Some(table_re)) = (whole(db), whole(table)) else { return Vec::new() };
    let mut out: Vec<(&str, &str)> = index
        .tables_in(|ns| db_re.is_match(ns))
        .filter(|(_, t)| table_re.is_match(&t.name))
        .map(|(d, t)| (d, t.name.as_str()))
        .collect();
    out.sort();
    out
}

/// Whether a merged target's members differ (a `merge_shards = union` group): a projection
/// naming a column one member lacks fails, and the route's merge would coerce values of a
/// wider type to NULL.
fn members_differ(t: &Target, index: &shard::NameIndex) -> bool {
    let shape = |m: &Member| {
        index
            .table(&m.db, &m.table)
            .map(|table| table.columns.iter().map(|c| (c.name.as_str(), c.column_type.as_str())).collect::<Vec<_>>())
    };
    let first = t.sources.first().and_then(shape);
    t.sources.iter().skip(1).any(|m| shape(m) != first)
}

/// One target's part of the pipeline, or a warning saying why it is left out. `members`: every
/// member table of the rule; `chunk_keys` collects the chunk-key entries of tables the source
/// reads without a primary key.
#[allow(clippy::too_many_arguments)]
fn add_target(
    p: &mut Pipeline,
    rule: &Rule,
    t: &Target,
    index: &shard::NameIndex,
    binlog: bool,
    members: &[(&str, &str)],
    chunk_keys: &mut Vec<String>,
    warnings: &mut Vec<Warning>,
) {
    let release = p.release;
    let label = t.label();
    let left_out = |why: String| {
        Warning::new(
            Kind::PipelineTableLeftOut,
            t.object(),
            format!(
                "{label} is left out of flink-cdc-pipeline.{}.yaml: {why} (its SQL job in flink-create.{}.sql carries it)",
                rule.n, rule.n
            ),
        )
    };
    if t.kind != SourceKind::Mysql {
        return;
    }
    if t.model != KeyModel::Primary {
        warnings.push(left_out(
            "it has no primary key, and the StarRocks pipeline sink writes primary-key tables only".into(),
        ));
        return;
    }
    let renamed = match t.sources.as_slice() {
        [one] => one.db != t.db || one.table != t.table,
        _ => true,
    };
    let sink = sink_table(&t.db, &t.table, release);
    if renamed && sink.is_none() {
        warnings.push(left_out(format!(
            "`{}`.`{}` differs from its source's name and holds a dot, which a route's sink-table cannot",
            t.db, t.table
        )));
        return;
    }
    if t.sources.len() > 1 && members_differ(t, index) {
        warnings.push(left_out(
            "its shards differ in columns or types (`merge_shards = union`): a projection naming a column one shard lacks fails, and the merge writes NULL for values of the wider type".into(),
        ));
        return;
    }
    if !binlog && let Some(m) = t.sources.iter().find(|m| !debezium_safe(&m.db, &m.table, index, members)) {
        warnings.push(left_out(format!(
            "with `scan.newly-added-table.enabled` the source reads {m}'s plain name as a regex again, which does not read exactly it"
        )));
        return;
    }
    // Columns the release cannot carry: a key or NOT NULL column without a default cannot be
    // left out (StarRocks refuses rows without it), nor one the source fails the table on.
    let mut dropped = Vec::new();
    for c in &t.columns {
        let Carry::LeftOut(why) = c.cdc3 else { continue };
        if c.key || (!c.nullable && c.default.is_none()) || why.whole_table() {
            let role = if why.whole_table() {
                "its type"
            } else if c.key {
                "a key column"
            } else {
                "NOT NULL without a default"
            };
            warnings.push(left_out(format!(
                "column `{}` ({role}) cannot go through Flink CDC {release}: {why}",
                c.source_name
            )));
            return;
        }
        dropped.push((c, why));
    }
    // Without a primary key at the source, the source's snapshot needs a chunk key: the first
    // column of the key smt-rs promoted (`db.table:column`, `;` between tables).
    let chunk_key = match t.source_has_pk {
        true => None,
        false => match t.key_columns().next() {
            Some(k) if !k.source_name.contains([':', ';']) => Some(k.source_name.to_string()),
            _ => {
                warnings.push(left_out(
                    "the source needs a chunk key for a table without a primary key, and its key column's name holds `:` or `;`".into(),
                ));
                return;
            }
        },
    };
    for (c, why) in &dropped {
        warnings.push(Warning::new(
            Kind::PipelineColumnLeftOut,
            Object::column(&t.db, &t.table, &c.name),
            format!(
                "{label}.`{}` is left out of flink-cdc-pipeline.{}.yaml, so StarRocks gets NULL there: {why}",
                c.source_name, rule.n
            ),
        ));
    }
    for c in &t.columns {
        if let Carry::Fraction { precision, micros: false } = c.cdc3
            && precision > 3
        {
            warnings.push(Warning::new(
                Kind::PipelineFraction,
                Object::column(&t.db, &t.table, &c.name),
                format!(
                    "{label}.`{}`: Flink CDC {release}'s DATE_FORMAT stops at milliseconds, so the pipeline drops digits 4 to {precision} of the fraction (the SQL job keeps them)",
                    c.source_name
                ),
            ));
        }
    }
    let items = members_selector(t, index);
    // Case twins an item reads beside the members: the sink would create them as they are.
    let own: Vec<(&str, &str)> = t.sources.iter().map(|m| (m.db.as_str(), m.table.as_str())).collect();
    for item in &items {
        for stray in item.reads.iter().filter(|m| !own.contains(m)) {
            warnings.push(Warning::new(
                Kind::PipelineTableLeftOut,
                t.object(),
                format!(
                    "{label}: the pipeline's `tables` item '{}' also reads {} (Flink CDC matches names ignoring case), which the sink would create in StarRocks as it is",
                    item.text,
                    Member { db: stray.0.into(), table: stray.1.into() }
                ),
            ));
        }
    }
    if let Some(column) = chunk_key {
        chunk_keys.extend(items.iter().map(|i| format!("{}:{column}", i.text)));
    }
    let items: Vec<String> = items.into_iter().map(|i| i.text).collect();
    let selector = items.join(",");
    if let (true, Some(sink)) = (renamed, sink) {
        // Each item ends in `$`: 3.6 replaces the first `find()` of the pattern, which without
        // it could be a shorter member's name (`order_1` in `order_10`).
        let anchored: Vec<String> = items.iter().map(|i| format!("{i}$")).collect();
        p.routes.push(Route {
            source_table: anchored.join(","),
            sink_table: sink,
            description: format!("{label} → `{}`.`{}`", t.db, t.table),
        });
    }
    if let Some(transform) =
        transform(t, &selector, &dropped.iter().map(|(c, _)| c.name.as_str()).collect::<Vec<_>>(), index)
    {
        p.transforms.push(transform);
    }
    p.tables.extend(items);
}

/// A transform where the target is not its source table as it is: columns excluded, left out,
/// renamed or formatted, the shard columns, a key the source does not declare.
fn transform(t: &Target, selector: &str, dropped: &[&str], index: &shard::NameIndex) -> Option<Transform> {
    let source_columns: Vec<&str> = t
        .sources
        .first()
        .and_then(|m| index.table(&m.db, &m.table))
        .map(|table: &Table| table.columns.iter().map(|c| c.name.as_str()).collect())
        .unwrap_or_default();
    let kept: Vec<&crate::plan::TargetColumn> =
        t.columns.iter().filter(|c| !dropped.contains(&c.name.as_str())).collect();
    let excluded =
        source_columns.iter().any(|s| !t.columns.iter().any(|c| c.metadata.is_none() && c.source_name == *s));
    let changed = kept.iter().any(|c| c.metadata.is_some() || c.name != c.source_name || c.cdc3 != Carry::AsIs);
    let shard_key = t.columns.iter().any(|c| c.metadata.is_some() && c.key);
    if !excluded && !changed && dropped.is_empty() && t.source_has_pk && !shard_key {
        return None;
    }
    let mut columns: Vec<&crate::plan::TargetColumn> = kept;
    columns.sort_by_key(|c| c.ordinal);
    let projection: Vec<String> = columns
        .iter()
        .map(|c| {
            let expr = match (c.metadata, c.cdc3) {
                (Some(Metadata::Namespace), _) => "__schema_name__".to_string(),
                (Some(Metadata::Table), _) => "__table_name__".to_string(),
                (None, Carry::Fraction { precision, micros }) => {
                    fraction_expression(&ident(&c.source_name), precision, micros)
                }
                (None, _) => ident(&c.source_name),
            };
            if expr == ident(&c.name) { expr } else { format!("{expr} AS {}", ident(&c.name)) }
        })
        .collect();
    let mut why = Vec::new();
    if excluded {
        why.push("excluded columns");
    }
    if !dropped.is_empty() {
        why.push("columns the release cannot carry");
    }
    if columns.iter().any(|c| c.metadata.is_none() && c.name != c.source_name) {
        why.push("renamed columns");
    }
    if columns.iter().any(|c| matches!(c.cdc3, Carry::Fraction { .. })) {
        why.push("fractional seconds");
    }
    if columns.iter().any(|c| c.metadata.is_some()) {
        why.push("shard columns");
    }
    // The sink builds a primary-key model of each table: name the key where the source does
    // not (a promoted unique key) or the shard columns extend it.
    let primary_keys = (!t.source_has_pk || shard_key)
        .then(|| t.key_columns().map(|c| c.name.to_string()).collect::<Vec<_>>().join(", "));
    if primary_keys.is_some() && !t.source_has_pk {
        why.push("the StarRocks key");
    }
    Some(Transform {
        source_table: selector.to_string(),
        projection: projection.join(", "),
        primary_keys,
        description: format!("`{}`.`{}`: {}", t.db, t.table, why.join(", ")),
    })
}

/// The source's options: the connection (`flink.cdc.hostname` & co. replace [db]'s values),
/// then the rule's other `flink.cdc.*` options the release accepts, in config order, then what
/// the pipeline needs: the binlog mode for new tables, the chunk keys of tables without a
/// primary key.
fn source_options(
    config: &Config,
    rule: &Rule,
    release: CdcRelease,
    binlog: bool,
    chunk_keys: &[String],
    warnings: &mut Vec<Warning>,
) -> Vec<(String, String)> {
    let db = &config.db;
    let get = |k: &str, default: String| rule.cdc_option(k).map(str::to_string).unwrap_or(default);
    let mut out = vec![
        ("hostname".to_string(), get("hostname", db.host.clone())),
        ("port".to_string(), get("port", db.port.to_string())),
        ("username".to_string(), get("username", db.user.clone())),
        ("password".to_string(), get("password", db.password.0.clone())),
    ];
    const CHUNK_KEY: &str = "scan.incremental.snapshot.chunk.key-column";
    let mut chunk_keys: Vec<String> = chunk_keys.to_vec();
    for (key, value) in &rule.cdc_options {
        if ["hostname", "port", "username", "password", "server-id"].contains(&key.as_str()) {
            continue;
        }
        if key == CHUNK_KEY {
            // The pipeline's form is `db.table:column;…`; the SQL source's is a column.
            if value.contains(':') {
                chunk_keys.insert(0, value.clone());
            } else {
                warnings.push(dropped_option(
                    rule,
                    release,
                    &format!("flink.cdc.{key}"),
                    "the pipeline source reads it as `db.table:column;…`, not a column",
                ));
            }
            continue;
        }
        if keys::source_accepts(release, key) {
            out.push((key.clone(), value.clone()));
        } else {
            warnings.push(dropped_option(
                rule,
                release,
                &format!("flink.cdc.{key}"),
                "the MySQL pipeline source does not know it",
            ));
        }
    }
    if binlog && rule.cdc_option("scan.binlog.newly-added-table.enabled").is_none() {
        out.push(("scan.binlog.newly-added-table.enabled".into(), "true".into()));
    }
    if !chunk_keys.is_empty() {
        out.push((CHUNK_KEY.into(), chunk_keys.join(";")));
    }
    // mysql-cdc's default reads tinyint(1) as BOOLEAN, as smt-rs does; when smt-rs does not,
    // neither may the pipeline.
    if !config.other.tinyint1_as_boolean && rule.cdc_option("treat-tinyint1-as-boolean.enabled").is_none() {
        out.push(("treat-tinyint1-as-boolean.enabled".into(), "false".into()));
    }
    out
}

/// The sink's options: the connection, then the rule's `flink.starrocks.*` options the release
/// accepts (the sink writes JSON whatever is asked, so CSV options are left out), then the
/// table properties smt-rs's DDL uses, for a table the sink would create.
fn sink_options(
    config: &Config,
    rule: &Rule,
    release: CdcRelease,
    warnings: &mut Vec<Warning>,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    const CONNECTION: [&str; 4] = ["jdbc-url", "load-url", "username", "password"];
    for key in CONNECTION {
        out.push((key.to_string(), rule.sink_option(key).unwrap_or_default().to_string()));
    }
    for (key, value) in &rule.sink_options {
        let k = key.as_str();
        if CONNECTION.contains(&k) {
            continue;
        }
        match k {
            // Forced by the sink: JSON rows in an outer array.
            "sink.properties.format" if value.eq_ignore_ascii_case("json") => continue,
            "sink.properties.strip_outer_array" => continue,
            "sink.properties.format" | "sink.properties.column_separator" | "sink.properties.row_delimiter" => {
                warnings.push(dropped_option(
                    rule,
                    release,
                    &format!("flink.starrocks.{k}"),
                    "the pipeline sink always writes JSON",
                ));
                continue;
            }
            _ => {}
        }
        if keys::sink_accepts(release, k) {
            out.push((key.clone(), value.clone()));
        } else {
            warnings.push(dropped_option(
                rule,
                release,
                &format!("flink.starrocks.{k}"),
                "the StarRocks pipeline sink does not know it",
            ));
        }
    }
    out.push(("table.create.properties.replication_num".into(), config.other.replication_num.to_string()));
    if let crate::config::Buckets::Fixed(n) = config.other.buckets {
        out.push(("table.create.num-buckets".into(), n.to_string()));
    }
    out
}

fn dropped_option(rule: &Rule, release: CdcRelease, key: &str, why: &str) -> Warning {
    Warning::new(
        Kind::PipelineOptionDropped,
        Object::rule(rule.section()),
        format!(
            "{} `{key}` is left out of flink-cdc-pipeline.{}.yaml: {why} in Flink CDC {release}, which refuses unknown options",
            rule.section(),
            rule.n
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_mean_themselves_in_both_dialects() {
        assert_eq!(literal("course_1"), "course_1");
        assert_eq!(literal("a.b"), "a\\x2Eb");
        assert_eq!(literal("a,b$c"), "a\\x2Cb\\x24c");
        assert_eq!(literal("größe"), "größe");
        let re = Regex::new(&format!("^{}$", literal("we.ird$ (1),x"))).unwrap();
        assert!(re.is_match("we.ird$ (1),x"));
        assert!(!re.is_match("weXird$ (1),x"));
        for name in ["a.b", "a,b", "a\\.b", "x y"] {
            let l = literal(name);
            assert!(!l.contains('.') && !l.contains(',') && !l.contains(' '), "{l}");
        }
    }

    #[test]
    fn sink_tables_escape_replacement_syntax() {
        assert_eq!(sink_table("db", "t$1", CdcRelease::V3_6).as_deref(), Some("db.t\\$1"));
        assert_eq!(sink_table("db", "t$1", CdcRelease::V3_5).as_deref(), Some("db.t$1"));
        assert_eq!(sink_table("d.b", "t", CdcRelease::V3_6), None);
    }
}
