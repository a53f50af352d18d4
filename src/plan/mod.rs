//! Rules × snapshot → target tables (SPEC §5–§6): which rule owns each table, StarRocks names,
//! key model, column order, types, defaults, buckets. Pure: no I/O, no text rendering.
//!
//! Every decision a file needs is made here, so the renderers only print.

mod checks;
mod design;
mod ids;
mod merge;

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
use crate::model::{Snapshot, Table};
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

#[derive(Debug)]
pub struct Target {
    /// The source tables read into this target: one, or the members of a merged shard group.
    pub sources: Vec<Member>,
    /// StarRocks database and table (renamed where StarRocks refuses the source name).
    pub db: String,
    pub table: String,
    pub comment: String,
    pub model: KeyModel,
    /// StarRocks column order: key columns first, in key order, then source order.
    pub columns: Vec<TargetColumn>,
    pub distributed_by: Vec<String>,
    /// `None` omits BUCKETS (StarRocks picks).
    pub buckets: Option<u32>,
    pub properties: Vec<(String, String)>,
    pub partition: Option<PartitionPlan>,
    /// mysql-cdc `'database-name'` / `'table-name'` regexes that read exactly `sources`.
    pub cdc_database: String,
    pub cdc_table: String,
    /// `flink.cdc.server-id` of this source (the same in its rule's file and the `.all` file).
    pub server_id: Option<String>,
    /// What the design of this target warns about, while the plan is made; then moved into
    /// [`Plan::warnings`] (not copied: a large estate has tens of thousands), at `warnings_at`.
    pub warnings: Vec<Warning>,
    pub warnings_at: std::ops::Range<usize>,
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
    /// A mysql-cdc metadata column (`database_name`, `table_name`) rather than a source column.
    pub metadata: Option<&'static str>,
}

impl Target {
    pub fn key_columns(&self) -> impl Iterator<Item = &TargetColumn> {
        self.columns.iter().filter(|c| c.key)
    }

    pub fn has_binary(&self) -> bool {
        self.columns.iter().any(|c| c.binary)
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
    let mut warnings = Vec::new();
    let db_names = naming::database_names(snapshot.databases.iter().map(|d| d.name.as_str()));
    let mut table_names: FxHashMap<(&str, &str), String> = FxHashMap::default();
    let mut owned: Vec<Vec<(&str, &Table)>> = vec![Vec::new(); config.rules.len()];
    let mut tables = 0;

    // Ownership: the first rule whose regexes match and whose exclude_table does not (SPEC §5).
    for db in &snapshot.databases {
        let source_names: Vec<&str> = db.tables.iter().map(|t| t.name.as_str()).collect();
        for (table, sr) in db.tables.iter().zip(naming::unique(&source_names, naming::table_name, naming::same)) {
            table_names.insert((&db.name, &table.name), sr.into_owned());
            let mut owners = config.rules.iter().enumerate().filter(|(_, r)| {
                r.database.is_match(&db.name)
                    && r.table.is_match(&table.name)
                    && !r.exclude_table.as_ref().is_some_and(|x| x.is_match(&table.name))
            });
            let Some((index, rule)) = owners.next() else { continue };
            for (_, later) in owners {
                warnings.push(Warning::new(
                    Kind::RuleOverlap,
                    Object::table(&db.name, &table.name),
                    format!(
                        "`{}`.`{}` also matches {}; it is generated by {} only",
                        db.name,
                        table.name,
                        later.section(),
                        rule.section()
                    ),
                ));
            }
            tables += 1;
            owned[index].push((&db.name, table));
        }
    }

    progress.counting("planning", tables);
    let names = shard::NameIndex::new(snapshot);
    let mut rules = Vec::new();
    let mut renamed_dbs = BTreeSet::new();
    for (rule, owned) in config.rules.iter().zip(owned) {
        let filtered: Vec<(&str, Cow<Table>)> =
            owned.iter().map(|(db, t)| Ok((*db, exclude_columns(rule, db, t)?))).collect::<Result<_, Error>>()?;
        let refs: Vec<(&str, &Table)> = filtered.iter().map(|(db, t)| (*db, t.as_ref())).collect();
        // Merged groups are designed as they are found; single tables, nearly all of a large
        // estate, are designed afterwards on all cores and put back in their place.
        // A merge's error waits in its slot too: the error reported is the first in plan order.
        let mut slots: Vec<Option<Result<Target, Error>>> = Vec::new();
        let mut singles: Vec<(usize, &str, &Table, String, String)> = Vec::new();
        for group in shard::group(&refs) {
            match merge_group(config, rule, &group, &db_names, &mut renamed_dbs, &mut warnings) {
                Ok(None) => {}
                merged => {
                    progress.tables(group.len());
                    slots.push(merged.transpose());
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
                let sr_table =
                    rule.target_table.clone().unwrap_or_else(|| table_names[&(db, table.name.as_str())].clone());
                singles.push((slots.len(), db, table, sr_db, sr_table));
                slots.push(None);
            }
        }
        let designed: Vec<(usize, Result<Target, Error>)> = singles
            .into_par_iter()
            .map(|(slot, db, table, sr_db, sr_table)| {
                let label = format!("`{db}`.`{}`", table.name);
                let source = Source { label, db, name: &table.name, table, shard: None };
                let designed = design(config, rule, &source, sr_db, sr_table);
                progress.tables(1);
                (
                    slot,
                    designed.map(|mut target| {
                        target.sources = vec![Member { db: db.to_string(), table: table.name.clone() }];
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
        let mut targets: Vec<Target> = slots.into_iter().flatten().collect::<Result<_, _>>()?;
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
        targets.sort_by(|a, b| (&a.db, &a.table).cmp(&(&b.db, &b.table)));
        // Each target's CDC patterns and stray check are independent: computed on all cores.
        let patterns: Vec<_> = targets.par_iter().map(|t| shard::cdc_patterns(&t.sources, &names)).collect();
        for (t, (database, table, strays)) in targets.iter_mut().zip(patterns) {
            for stray in strays {
                let message = format!(
                    "{}: the CDC source ('database-name' = '{database}', 'table-name' = '{table}') also reads {stray}, which is not part of `{}`.`{}` (mysql-cdc matches names as case-insensitive regular expressions)",
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
    allocate_server_ids(&mut rules)?;
    warn_random_server_ids(config, &rules, &mut warnings);
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
    Ok(Plan { rules, warnings, tables })
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
