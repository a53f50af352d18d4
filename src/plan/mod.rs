//! Rules × snapshot → target tables (SPEC §5–§6): which rule owns each table, StarRocks names,
//! key model, column order, types, defaults, buckets. Pure: no I/O, no text rendering.
//!
//! Every decision a file needs is made here, so the renderers only print.

mod checks;
mod design;
mod ids;
mod merge;
pub mod pipeline;

use checks::{binary_as_text_warning, check_unique_targets, exclude_columns};
use design::design;
use ids::{allocate_server_ids, warn_random_server_ids};
use merge::merge_group;

use std::borrow::Cow;
use std::collections::BTreeSet;

use rustc_hash::FxHashMap;

use crate::config::{Buckets, Config, Rule};
use crate::diag::{Kind, Object, Warning};
use crate::error::Error;
use crate::model::{Snapshot, SourceKind, Table};
use crate::naming;
use crate::progress::Progress;
use crate::shard::{self, Member};
use crate::types::flink::{Convert, FlinkType};
use crate::types::starrocks::{Default, StarRocksType};
use compact_str::CompactString;
use rayon::prelude::*;

const GIB: u64 = 1 << 30;
/// StarRocks' default limit on an encoded primary key, checked when rows load, not at CREATE.
const PRIMARY_KEY_LIMIT: u64 = 128;

#[derive(Debug)]
pub struct Plan<'a> {
    pub rules: Vec<RulePlan<'a>>,
    /// `cdc_pipeline`: one Flink CDC 3 pipeline per rule that has tables it can carry.
    pub pipelines: Vec<pipeline::Pipeline>,
    pub warnings: Vec<Warning>,
    /// Source tables that became (part of) a target.
    pub tables: usize,
}

#[derive(Debug)]
pub struct RulePlan<'a> {
    pub rule: &'a Rule,
    pub targets: Vec<Target>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyModel {
    Primary,
    Duplicate,
}

impl std::fmt::Display for KeyModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            KeyModel::Primary => "PRIMARY KEY",
            KeyModel::Duplicate => "DUPLICATE KEY",
        })
    }
}

#[derive(Debug)]
pub struct Target {
    /// Which connector reads the source: mysql-cdc or postgres-cdc.
    pub kind: SourceKind,
    /// PostgreSQL: the database the source tables are in (one per source: postgres-cdc reads one).
    pub catalog: Option<String>,
    /// The source tables read into this target: one, or the members of a merged shard group
    /// (`db` is the MySQL database or the PostgreSQL schema).
    pub sources: Vec<Member>,
    /// StarRocks database and table (renamed where StarRocks refuses the source name).
    pub db: String,
    pub table: String,
    pub comment: String,
    pub model: KeyModel,
    /// The source table has a primary key (a Flink CDC 3 pipeline's sink needs one; without
    /// it the pipeline names the StarRocks key in a transform).
    pub source_has_pk: bool,
    /// StarRocks column order: key columns first, in key order, then source order.
    pub columns: Vec<TargetColumn>,
    pub distributed_by: Vec<String>,
    /// `None` omits BUCKETS (StarRocks picks).
    pub buckets: Option<u32>,
    pub properties: Vec<(String, String)>,
    pub partition: Option<PartitionPlan>,
    /// The CDC source's name regexes that read exactly `sources`: mysql-cdc `'database-name'`
    /// or postgres-cdc `'schema-name'`, and `'table-name'`.
    pub cdc_database: String,
    pub cdc_table: String,
    /// `flink.cdc.server-id` of this source (the same in its rule's file and the `.all` file).
    pub server_id: Option<String>,
    /// PostgreSQL: this source's replication slot, also its publication's name.
    pub slot: Option<String>,
    /// PostgreSQL: what each source table needs before the job starts (`postgres-setup`).
    pub setup: Vec<SetupTable>,
    /// `debezium.*` options the source needs for the values to arrive as the columns declare
    /// them (base64 binary, string decimals and intervals), unless the rule sets them.
    pub debezium: Vec<(&'static str, &'static str)>,
    /// What the design of this target warns about, while the plan is made; then moved into
    /// [`Plan::warnings`] (not copied: a large estate has tens of thousands), at `warnings_at`.
    pub warnings: Vec<Warning>,
    pub warnings_at: std::ops::Range<usize>,
}

/// A PostgreSQL source table as its publication and REPLICA IDENTITY need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetupTable {
    pub schema: String,
    pub table: String,
    /// `pg_class.relreplident` as `default`, `full`, `nothing` or `index`.
    pub replica_identity: Option<String>,
    /// A partitioned parent's partitions at every level, `(schema, table)`.
    pub partitions: Vec<(String, String)>,
    pub partitioned: bool,
    /// An inheritance parent: published `ONLY`.
    pub inherited: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartitionPlan {
    /// `PARTITION BY RANGE(col) (body)`
    Range { column: String, body: String },
    /// `PARTITION BY date_trunc('day', col)`
    Day { column: String },
}

#[derive(Debug)]
pub struct TargetColumn {
    pub source_name: CompactString,
    pub name: CompactString,
    /// Position in the source table, for the Flink source's column order.
    pub ordinal: u32,
    pub key: bool,
    /// A binary source column (mysql-cdc must send it as base64). Not the whole source type:
    /// an estate holds hundreds of thousands of these until rendering.
    pub binary: bool,
    pub sr_type: StarRocksType,
    pub nullable: bool,
    pub source_nullable: bool,
    pub default: Option<Default>,
    pub comment: CompactString,
    pub flink_source: FlinkType,
    pub flink_sink: FlinkType,
    /// How the INSERT turns the source column into the sink column.
    pub convert: Convert,
    /// A CDC metadata column (which shard a row came from) rather than a source column.
    pub metadata: Option<Metadata>,
    /// How a Flink CDC 3 pipeline carries it (`cdc_pipeline`; `AsIs` without one).
    pub cdc3: crate::types::cdc3::Carry,
}

/// The shard a row came from (`shard_columns`), as the CDC source tells it. One byte: an
/// estate holds hundreds of thousands of columns until rendering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metadata {
    /// The MySQL database or the PostgreSQL schema.
    Namespace,
    Table,
}

impl Metadata {
    /// The Flink SQL CDC source's metadata key: mysql-cdc `database_name`, postgres-cdc
    /// `schema_name` (the schema plays the database's part, SPEC §11), `table_name`.
    pub fn sql_key(self, kind: SourceKind) -> &'static str {
        match (self, kind) {
            (Metadata::Namespace, SourceKind::Pgsql) => "schema_name",
            (Metadata::Namespace, SourceKind::Mysql) => "database_name",
            (Metadata::Table, _) => "table_name",
        }
    }
}

impl Target {
    pub fn key_columns(&self) -> impl Iterator<Item = &TargetColumn> {
        self.columns.iter().filter(|c| c.key)
    }

    /// What warnings about the whole target name: the source table, or for a merged shard
    /// group the StarRocks table.
    pub fn object(&self) -> Object {
        match self.sources.as_slice() {
            [one] => Object::table(&one.db, &one.table),
            _ => Object::table(&self.db, &self.table),
        }
    }

    /// How messages name the source: `db`.`table`, or the first shard and a count.
    pub fn label(&self) -> String {
        match self.sources.len() {
            1 => self.sources[0].to_string(),
            n => format!("{} and {} more shards", self.sources[0], n - 1),
        }
    }
}

/// What [`design`] needs to know about the source of one target.
struct Source<'t> {
    kind: SourceKind,
    /// `db`.`table` as warnings name it (for a merged shard group, the target's name).
    label: String,
    /// The database and table warnings' objects name (as `label` does).
    db: &'t str,
    name: &'t str,
    table: &'t Table,
    /// For a merged shard group: the longest member database and table names, in bytes.
    shard: Option<(u64, u64)>,
}

pub fn plan<'a>(config: &'a Config, snapshot: &Snapshot) -> Result<Plan<'a>, Error> {
    plan_showing(config, snapshot, &Progress::hidden())
}

/// [`plan`], counting the tables designed on `progress`.
pub fn plan_showing<'a>(config: &'a Config, snapshot: &Snapshot, progress: &Progress) -> Result<Plan<'a>, Error> {
    let kind = snapshot.source.kind;
    // The rules read as the source kind says (a `schema` regex only for PostgreSQL).
    if kind != config.db.kind {
        return Err(Error::Config(format!(
            "the schema describes a {kind} source, but the config's [db] `type` is {}",
            config.db.kind
        )));
    }
    let mut warnings = Vec::new();
    let db_names = naming::database_names(snapshot.namespaces().map(|n| n.name));
    let mut table_names: FxHashMap<(Option<&str>, &str, &str), String> = FxHashMap::default();
    // Per rule, per catalog (PostgreSQL database) in order: the namespace and table it owns.
    let mut owned: Vec<Vec<(Option<&str>, &str, &Table)>> = vec![Vec::new(); config.rules.len()];
    let mut tables = 0;

    // Ownership: the first rule whose regexes match and whose exclude_table does not (SPEC §5).
    for ns in snapshot.namespaces() {
        let source_names: Vec<&str> = ns.tables.iter().map(|t| t.name.as_str()).collect();
        for (table, sr) in ns.tables.iter().zip(naming::unique(&source_names, naming::table_name, naming::same)) {
            table_names.insert((ns.catalog, ns.name, &table.name), sr.into_owned());
            let mut owners = config.rules.iter().enumerate().filter(|(_, r)| {
                r.reads_namespace(ns.catalog, ns.name)
                    && r.table.is_match(&table.name)
                    && !r.exclude_table.as_ref().is_some_and(|x| x.is_match(&table.name))
            });
            let Some((index, rule)) = owners.next() else { continue };
            for (_, later) in owners {
                warnings.push(Warning::new(
                    Kind::RuleOverlap,
                    Object::table(ns.name, &table.name),
                    format!(
                        "`{}`.`{}` also matches {}; it is generated by {} only",
                        ns.name,
                        table.name,
                        later.section(),
                        rule.section()
                    ),
                ));
            }
            tables += 1;
            owned[index].push((ns.catalog, ns.name, table));
        }
    }

    progress.counting("planning", tables);
    // mysql-cdc reads one server, postgres-cdc one database: names are compared within it.
    let mut indexes: FxHashMap<Option<&str>, shard::NameIndex> = FxHashMap::default();
    for ns in snapshot.namespaces() {
        indexes.entry(ns.catalog).or_default().add(ns.name, ns.tables);
    }
    let mut rules = Vec::new();
    let mut renamed_dbs = BTreeSet::new();
    for (rule, owned) in config.rules.iter().zip(owned) {
        let filtered: Vec<(Option<&str>, &str, Cow<Table>)> = owned
            .iter()
            .map(|(catalog, db, t)| Ok((*catalog, *db, exclude_columns(rule, db, t)?)))
            .collect::<Result<_, Error>>()?;
        // Merged groups are designed as they are found; single tables, nearly all of a large
        // estate, are designed afterwards on all cores and put back in their place.
        // A merge's error waits in its slot too: the error reported is the first in plan order.
        // At most one slot per table.
        let mut slots: Vec<Option<Result<Target, Error>>> = Vec::with_capacity(filtered.len());
        let mut singles: Vec<Single> = Vec::with_capacity(filtered.len());
        // Shards merge within one catalog: one CDC source reads them all.
        let mut catalogs: Vec<Option<&str>> = filtered.iter().map(|(c, _, _)| *c).collect();
        catalogs.dedup();
        for catalog in catalogs {
            let refs: Vec<(&str, &Table)> =
                filtered.iter().filter(|(c, _, _)| *c == catalog).map(|(_, db, t)| (*db, t.as_ref())).collect();
            for group in shard::group(&refs) {
                match merge_group(config, rule, kind, &group, &db_names, &mut renamed_dbs, &mut warnings) {
                    Ok(None) => {}
                    merged => {
                        progress.tables(group.len());
                        slots.push(
                            merged.map(|t| t.map(|t| Target { catalog: catalog.map(str::to_string), ..t })).transpose(),
                        );
                        continue;
                    }
                }
                for (db, table) in group {
                    let sr_db = match &rule.target_database {
                        Some(t) => t.clone(),
                        None => {
                            if db_names[db] != db {
                                renamed_dbs.insert((db.to_string(), db_names[db].clone()));
                            }
                            db_names[db].clone()
                        }
                    };
                    let sr_table = rule
                        .target_table
                        .clone()
                        .unwrap_or_else(|| table_names[&(catalog, db, table.name.as_str())].clone());
                    singles.push((slots.len(), catalog, db, table, sr_db, sr_table));
                    slots.push(None);
                }
            }
        }
        let designed: Vec<(usize, Result<Target, Error>)> = singles
            .into_par_iter()
            .map(|(slot, catalog, db, table, sr_db, sr_table)| {
                let label = format!("`{db}`.`{}`", table.name);
                let source = Source { kind, label, db, name: &table.name, table, shard: None };
                let designed = design(config, rule, &source, sr_db, sr_table);
                progress.tables(1);
                (
                    slot,
                    designed.map(|mut target| {
                        target.catalog = catalog.map(str::to_string);
                        target.sources = vec![Member { db: db.to_string(), table: table.name.clone() }];
                        target.setup = setup_tables(kind, db, &[table]);
                        if target.table != table.name && rule.target_table.is_none() {
                            target.warnings.push(Warning::new(
                                Kind::Renamed,
                                Object::table(db, &table.name),
                                format!(
                                    "`{db}`.`{}` is renamed to `{}`: StarRocks strips backticks from names",
                                    table.name, target.table
                                ),
                            ));
                        }
                        target
                    }),
                )
            })
            .collect();
        for (slot, designed) in designed {
            slots[slot] = Some(designed);
        }
        // The first error in plan order, whichever thread met it first.
        // Sized up front: collected from the slots, the vector would grow by doubling, beside
        // the slots themselves (megabytes on a large estate, at the run's peak).
        let mut targets: Vec<Target> = Vec::with_capacity(slots.len());
        for slot in slots.into_iter().flatten() {
            targets.push(slot?);
        }
        if let Some(name) = &rule.target_table
            && targets.len() > 1
        {
            return Err(Error::Config(format!(
                "{} `target_table` = `{name}` needs the rule to yield one target, but it yields {} ({}, …)",
                rule.section(),
                targets.len(),
                targets[0].label()
            )));
        }
        targets.sort_by(|a, b| (&a.db, &a.table, &a.catalog).cmp(&(&b.db, &b.table, &b.catalog)));
        // Each target's CDC patterns and stray check are independent: computed on all cores.
        let patterns: Vec<_> =
            targets.par_iter().map(|t| shard::cdc_patterns(&t.sources, &indexes[&t.catalog.as_deref()])).collect();
        let connector = if kind == SourceKind::Pgsql { "postgres-cdc" } else { "mysql-cdc" };
        let namespace_option = if kind == SourceKind::Pgsql { "schema-name" } else { "database-name" };
        for (t, (database, table, strays)) in targets.iter_mut().zip(patterns) {
            for stray in strays {
                let message = format!(
                    "{}: the CDC source ('{namespace_option}' = '{database}', 'table-name' = '{table}') also reads {stray}, which is not part of `{}`.`{}` ({connector} matches names as case-insensitive regular expressions)",
                    t.label(),
                    t.db,
                    t.table
                );
                t.warnings.push(Warning::new(Kind::CdcReadsExtra, t.object(), message));
            }
            (t.cdc_database, t.cdc_table) = (database, table);
            let start = warnings.len();
            // Taken, not appended: each target's emptied list would keep its buffer to the end.
            warnings.extend(std::mem::take(&mut t.warnings));
            t.warnings_at = start..warnings.len();
        }
        warnings.extend(binary_as_text_warning(rule, &targets));
        warnings.extend(checks::postgres_rule_warnings(rule, &targets));
        rules.push(RulePlan { rule, targets });
    }
    for (from, to) in renamed_dbs {
        warnings.push(Warning::new(
            Kind::Renamed,
            Object::database(&from),
            format!("database `{from}` is renamed to `{to}`: StarRocks database names are [A-Za-z_][A-Za-z0-9_]*"),
        ));
    }
    // Appended target by target, the list can hold twice its length: tens of thousands of
    // warnings on a large estate are kept until the run ends.
    warnings.shrink_to_fit();
    check_unique_targets(&rules)?;
    let mut pipelines = Vec::new();
    match kind {
        SourceKind::Mysql => {
            let mut used = allocate_server_ids(&mut rules)?;
            warn_random_server_ids(config, &rules, &mut warnings);
            if let Some(release) = config.other.cdc_pipeline {
                let empty = shard::NameIndex::default();
                let index = indexes.get(&None).unwrap_or(&empty);
                pipelines = pipeline::plan(config, release, &rules, index, &mut used, &mut warnings)?;
            }
        }
        SourceKind::Pgsql => {
            if config.other.cdc_pipeline.is_some() {
                return Err(Error::Config(
                    "[other] `cdc_pipeline`: Flink CDC pipelines are written for MySQL-family sources, and [db] `type` is pgsql; set cdc_pipeline = off".into(),
                ));
            }
            ids::allocate_slots(&mut rules)
        }
    }
    for r in &rules {
        if r.targets.is_empty() {
            warnings.push(Warning::new(
                Kind::RuleMatchesNothing,
                Object::rule(r.rule.section()),
                format!("{} matches no table; no files are written for it", r.rule.section()),
            ));
        } else if let Some(lint) = checks::lint_sink_options(r.rule) {
            warnings.push(Warning::new(Kind::CsvSeparator, Object::rule(r.rule.section()), lint));
        }
    }
    Ok(Plan { rules, pipelines, warnings, tables })
}

/// A table designed on its own: its slot in plan order, catalog, namespace, table, and
/// StarRocks database and table names.
type Single<'s> = (usize, Option<&'s str>, &'s str, &'s Table, String, String);

/// What the PostgreSQL tables of a target need before its job starts; nothing for MySQL.
fn setup_tables(kind: SourceKind, schema: &str, tables: &[&Table]) -> Vec<SetupTable> {
    if kind != SourceKind::Pgsql {
        return Vec::new();
    }
    tables
        .iter()
        .map(|t| SetupTable {
            schema: schema.to_string(),
            table: t.name.clone(),
            replica_identity: t.replica_identity.clone(),
            partitions: t.partitions.clone(),
            partitioned: t.partitioned,
            inherited: t.inherited,
        })
        .collect()
}

/// SPEC §6: one bucket per GiB, at least be_num, a multiple of be_num, at most be_num × 64.
pub fn buckets(mode: Buckets, be_num: u32, size: u64) -> Option<u32> {
    match mode {
        Buckets::Auto => None,
        Buckets::Fixed(n) => Some(n),
        Buckets::Heuristic => {
            let be = u64::from(be_num);
            let n = size.div_ceil(GIB).max(be).div_ceil(be) * be;
            Some(n.min(be * 64) as u32)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ids::take_id;
    use super::*;
    use crate::config::ServerId;
    use std::collections::BTreeMap;

    fn config(extra: &str) -> Config {
        let text = format!(
            "[db]\nhost = h\n[table-rule.1]\ndatabase = .*\ntable = .*\nflink.starrocks.jdbc-url = j\n\
             flink.starrocks.load-url = l\nflink.starrocks.username = u\n{extra}"
        );
        crate::config::parse(&text, "c.conf", &|_| None).unwrap_or_else(|e| panic!("{e}")).config
    }

    fn snapshot(tables: &[&str]) -> Snapshot {
        let tables: Vec<String> = tables
            .iter()
            .map(|t| {
                format!(
                    r#"{{"name": {}, "primary_key": ["id"], "columns": [{{"name": "id", "data_type": "int", "column_type": "int", "nullable": false}}]}}"#,
                    serde_json::to_string(t).unwrap()
                )
            })
            .collect();
        let text = format!(
            r#"{{"format_version": 1, "source": {{"type": "mysql"}}, "databases": [{{"name": "d", "tables": [{}]}}]}}"#,
            tables.join(",")
        );
        Snapshot::from_json(&text, "s.json").unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn renamed_table_names_never_collide() {
        let cfg = config("");
        let p = plan(&cfg, &snapshot(&["a`b", "a_b"])).unwrap();
        let names: Vec<&str> = p.rules[0].targets.iter().map(|t| t.table.as_str()).collect();
        assert_eq!(names, ["a_b", "a_b_2"]);
    }

    #[test]
    fn server_ids_past_the_largest_id_are_refused() {
        let cfg = config("flink.cdc.server-id = 4294967295\n");
        assert!(plan(&cfg, &snapshot(&["alpha"])).is_ok());
        let err = plan(&cfg, &snapshot(&["alpha", "beta"])).unwrap_err();
        assert_eq!(err.exit_code(), 4);
        assert!(
            err.to_string().contains("`flink.cdc.server-id`: 2 sources need ids past the largest server id"),
            "{err}"
        );
    }

    #[test]
    fn server_id_ranges_give_each_source_its_own_block() {
        let cfg = config("flink.cdc.server-id = 5400-5403\n");
        let p = plan(&cfg, &snapshot(&["alpha", "beta", "gamma"])).unwrap();
        let ids: Vec<&str> = p.rules[0].targets.iter().map(|t| t.server_id.as_deref().unwrap()).collect();
        assert_eq!(ids, ["5400-5403", "5404-5407", "5408-5411"]);
    }

    #[test]
    fn ids_taken_by_an_earlier_rule_are_skipped_in_the_all_file() {
        let mut used = BTreeMap::new();
        assert_eq!(take_id(&mut used, ServerId::Single(5400), 0), Ok("5400".into()));
        assert_eq!(take_id(&mut used, ServerId::Single(5400), 1), Ok("5401".into()));
        // A second rule asking for 5401 gets the next free id, and a range skips past both.
        assert_eq!(take_id(&mut used, ServerId::Single(5401), 0), Ok("5402".into()));
        assert_eq!(take_id(&mut used, ServerId::Range(5400, 5401), 0), Ok("5403-5404".into()));
        assert_eq!(take_id(&mut used, ServerId::Single(u32::MAX), 1), Err(()));
    }

    #[test]
    fn buckets_follow_size_and_be_num() {
        let h = Buckets::Heuristic;
        assert_eq!(buckets(h, 3, 0), Some(3));
        assert_eq!(buckets(h, 3, GIB), Some(3));
        assert_eq!(buckets(h, 3, 4 * GIB), Some(6));
        assert_eq!(buckets(h, 3, 3 * GIB + 1), Some(6));
        assert_eq!(buckets(h, 3, 300 * GIB), Some(192));
        assert_eq!(buckets(Buckets::Fixed(7), 3, 300 * GIB), Some(7));
        assert_eq!(buckets(Buckets::Auto, 3, 300 * GIB), None);
    }
}
