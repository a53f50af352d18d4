//! Flink CDC 3 pipelines (SPEC §13): per rule, one MySQL source reading exactly the rule's
//! member tables, one StarRocks sink writing into the tables smt-rs designed, routes for every
//! target whose name differs from its source's, and transforms wherever a target is not the
//! source table as it is. Decided here, with the warnings, so that `deny`, the summary and
//! `-v` see them; `output::pipeline` only prints.
//!
//! Names are written in Flink CDC's own dialects (research/cdc3-facts.md §2, §4, checked
//! against the release-3.6.0 selector and router code): a `tables` item is split on unescaped
//! `,` and `.`, each part a Java regex matched whole and ignoring case; a route's source-table
//! is split on every `,`, a bare `.` is the separator and `\.` any character, matched whole and
//! with case. A literal name is written so that it means itself in both: ASCII letters, digits,
//! `_` and non-ASCII as they are, every other ASCII character as `\xHH` — never a `.`, `,` or
//! `\.` that either splitter would read.

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

/// A StarRocks `db.table` as a route's sink-table: the router substitutes `$n` groups and reads
/// `\` as an escape (Java `Matcher.replaceAll`), so both are escaped. `None` when a name holds a
/// `.`: the router splits the sink-table on every dot.
fn sink_table(db: &str, table: &str) -> Option<String> {
    if db.contains('.') || table.contains('.') {
        return None;
    }
    let escape = |s: &str| s.replace('\\', "\\\\").replace('$', "\\$");
    Some(format!("{}.{}", escape(db), escape(table)))
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
        };
        for t in &r.targets {
            add_target(&mut p, r.rule, t, index, warnings);
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
        p.source = source_options(config, r.rule, release, warnings);
        p.sink = sink_options(config, r.rule, release, warnings);
        let width = u64::from(config.other.parallelism);
        let base = match r.rule.cdc_option("server-id").and_then(crate::config::parse_server_id) {
            Some(ServerId::Single(a) | ServerId::Range(a, _)) => a,
            None => DEFAULT_SERVER_ID,
        };
        let end = (u64::from(base) + width - 1).min(u64::from(u32::MAX)) as u32;
        p.server_id = super::ids::take_id(used, ServerId::Range(base, end.max(base)), 0).map_err(|_| {
            Error::Refused(format!(
                "{}: no room for a pipeline server-id range of {width} ids below the largest server id {}",
                r.rule.section(),
                u32::MAX
            ))
        })?;
        // A range of one is written as a range too: the source reads `A-B` and a single id alike.
        if !p.server_id.contains('-') {
            p.server_id = format!("{0}-{0}", p.server_id);
        }
        pipelines.push(p);
    }
    Ok(pipelines)
}

/// The selector items that read exactly a target's members: one literal `db.table` each, or
/// for a shard group `(?:db1|db2).<base>[0-9]+` when that reads no other table (so new shards
/// are read too).
fn members_selector(t: &Target, index: &shard::NameIndex) -> Vec<String> {
    let literals = || t.sources.iter().map(|m| format!("{}.{}", literal(&m.db), literal(&m.table))).collect();
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
    let pattern = format!("{db_part}.{table_part}");
    let reads = selector_matches(&pattern, index);
    let mut members: Vec<(&str, &str)> = t.sources.iter().map(|m| (m.db.as_str(), m.table.as_str())).collect();
    members.sort();
    if reads == members { vec![pattern] } else { literals() }
}

/// The tables of `index` a selector item built here reads (its parts matched whole, ignoring
/// case, as Flink CDC's selector does), sorted.
fn selector_matches<'i>(item: &str, index: &'i shard::NameIndex) -> Vec<(&'i str, &'i str)> {
    let Some((db, table)) = item.split_once('.') else { return Vec::new() };
    let whole = |p: &str| Regex::new(&format!("(?i)^(?:{p})$")).ok();
    let (Some(db_re), Some(table_re)) = (whole(db), whole(table)) else { return Vec::new() };
    let mut out: Vec<(&str, &str)> =
        index.tables().filter(|(d, t)| db_re.is_match(d) && table_re.is_match(t)).collect();
    out.sort();
    out
}

/// One target's part of the pipeline, or a warning saying why it is left out.
fn add_target(p: &mut Pipeline, rule: &Rule, t: &Target, index: &shard::NameIndex, warnings: &mut Vec<Warning>) {
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
    let sink = sink_table(&t.db, &t.table);
    if renamed && sink.is_none() {
        warnings.push(left_out(format!(
            "`{}`.`{}` differs from its source's name and holds a dot, which a route's sink-table cannot",
            t.db, t.table
        )));
        return;
    }
    // Columns the release cannot carry: a key or NOT NULL column without a default cannot be
    // left out (StarRocks refuses rows without it); the table is left out then.
    let mut dropped = Vec::new();
    for c in &t.columns {
        let Carry::LeftOut(why) = c.cdc3 else { continue };
        if c.key || (!c.nullable && c.default.is_none()) {
            let role = if c.key { "a key column" } else { "NOT NULL without a default" };
            warnings.push(left_out(format!(
                "column `{}` ({role}) cannot go through Flink CDC {release}: {why}",
                c.source_name
            )));
            return;
        }
        dropped.push((c, why));
    }
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
    // Case twins a selector reads beside the members: the sink would create them as they are.
    let members: Vec<(&str, &str)> = t.sources.iter().map(|m| (m.db.as_str(), m.table.as_str())).collect();
    for item in &items {
        for stray in selector_matches(item, index).into_iter().filter(|m| !members.contains(m)) {
            warnings.push(Warning::new(
                Kind::PipelineTableLeftOut,
                t.object(),
                format!(
                    "{label}: the pipeline's `tables` item '{item}' also reads {} (Flink CDC matches names ignoring case), which the sink would create in StarRocks as it is",
                    Member { db: stray.0.into(), table: stray.1.into() }
                ),
            ));
        }
    }
    let selector = items.join(",");
    if let (true, Some(sink)) = (renamed, sink) {
        p.routes.push(Route {
            source_table: selector.clone(),
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
/// then the rule's other `flink.cdc.*` options the release accepts, in config order.
fn source_options(
    config: &Config,
    rule: &Rule,
    release: CdcRelease,
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
    for (key, value) in &rule.cdc_options {
        if ["hostname", "port", "username", "password", "server-id"].contains(&key.as_str()) {
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
    for key in ["jdbc-url", "load-url", "username", "password"] {
        out.push((key.to_string(), rule.sink_option(key).unwrap_or_default().to_string()));
    }
    for (key, value) in &rule.sink_options {
        let k = key.as_str();
        if ["jdbc-url", "load-url", "username", "password"].contains(&k) {
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
        assert_eq!(sink_table("db", "t$1").as_deref(), Some("db.t\\$1"));
        assert_eq!(sink_table("d.b", "t"), None);
    }
}
