//! Rules × snapshot → target tables (SPEC §5–§6): which rule owns each table, StarRocks names,
//! key model, column order, types, defaults, buckets. Pure: no I/O, no text rendering.
//!
//! Every decision a file needs is made here, so the renderers only print.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap;

use crate::config::{Buckets, Config, MergeShards, Rule, ServerId, Version};
use crate::diag::{Kind, Object, Warning};
use crate::error::Error;
use crate::model::{Column, Snapshot, Table};
use crate::naming;
use crate::output::flink::types::{self as flink_types, Convert, FlinkType};
use crate::output::starrocks::types::{self as sr_types, Default, StarRocksType};
use crate::progress::Progress;
use crate::shard::{self, Member};
use crate::source_type::SourceType;
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
        } else if let Some(lint) = crate::output::flink::lint_sink_options(r.rule) {
            warnings.push(Warning::new(Kind::CsvSeparator, Object::rule(r.rule.section()), lint));
        }
    }
    Ok(Plan { rules, warnings, tables })
}

/// A shard group → one merged target, or `None` when its members stay separate tables.
fn merge_group(
    config: &Config,
    rule: &Rule,
    group: &[(&str, &Table)],
    db_names: &std::collections::BTreeMap<String, String>,
    renamed_dbs: &mut BTreeSet<(String, String)>,
    warnings: &mut Vec<Warning>,
) -> Result<Option<Target>, Error> {
    if group.len() < 2 || rule.merge_shards == MergeShards::Off {
        return Ok(None);
    }
    let members: Vec<Member> =
        group.iter().map(|(db, t)| Member { db: db.to_string(), table: t.name.clone() }).collect();
    // Estates shard into thousands of tables: name a few.
    let mut listing = members.iter().take(4).map(|m| m.to_string()).collect::<Vec<_>>().join(", ");
    if members.len() > 4 {
        listing.push_str(&format!(" and {} more", members.len() - 4));
    }
    let (merged, notes) = match rule.merge_shards {
        MergeShards::Off => return Ok(None),
        MergeShards::Auto => match group[1..].iter().find_map(|m| shard::first_difference(group[0], *m)) {
            Some(diff) => {
                // `union` can widen columns, but not reconcile primary keys: offer it only then.
                let same_key = group.iter().all(|(_, t)| t.primary_key == group[0].1.primary_key);
                let hint = if same_key {
                    format!(" (set `merge_shards = union` in {} to merge them, widening the columns)", rule.section())
                } else {
                    format!(
                        " (their primary keys differ, so they cannot be merged; set `merge_shards = off` in {} to silence this)",
                        rule.section()
                    )
                };
                warnings.push(Warning::new(
                    Kind::ShardsNotMerged,
                    Object::table(group[0].0, &group[0].1.name),
                    format!("shard tables {listing} are not merged: {diff}; each stays its own table{hint}"),
                ));
                return Ok(None);
            }
            None => shard::union(group).map_err(|why| refuse_merge(rule, group, why))?,
        },
        MergeShards::Union => {
            if let Some((db, t)) = group[1..].iter().find(|(_, t)| t.primary_key != group[0].1.primary_key) {
                return Err(Error::Refused(format!(
                    "shard tables `{}`.`{}` and `{db}`.`{}` have different primary keys ({}) and ({}): they cannot be merged; set `merge_shards = off` in {}",
                    group[0].0,
                    group[0].1.name,
                    t.name,
                    group[0].1.primary_key.join(", "),
                    t.primary_key.join(", "),
                    rule.section()
                )));
            }
            shard::union(group).map_err(|why| refuse_merge(rule, group, why))?
        }
    };
    let one_db = group.iter().all(|(db, _)| *db == group[0].0);
    let wanted_db = if one_db { group[0].0 } else { shard::database_base(group[0].0) };
    let sr_db = match (&rule.target_database, one_db) {
        (Some(t), _) => t.clone(),
        (None, true) => db_names[wanted_db].clone(),
        (None, false) => naming::database_name(wanted_db).into_owned(),
    };
    if rule.target_database.is_none() && sr_db != wanted_db {
        renamed_dbs.insert((wanted_db.to_string(), sr_db.clone()));
    }
    let base = shard::split_base(&group[0].1.name).map_or(group[0].1.name.as_str(), |(b, _)| b);
    let sr_table =
        rule.target_table.clone().unwrap_or_else(|| naming::table_name(&format!("{base}__auto_shard")).into_owned());
    let longest = |f: fn(&Member) -> &str| members.iter().map(|m| f(m).len() as u64).max().unwrap_or(0);
    let shard = Some((longest(|m| &m.db), longest(|m| &m.table)));
    let label = format!("`{sr_db}`.`{sr_table}`");
    let object = Object::table(&sr_db, &sr_table);
    let source = Source { label: label.clone(), db: &sr_db, name: &sr_table, table: &merged, shard };
    let mut target = design(config, rule, &source, sr_db.clone(), sr_table.clone())?;
    let mut head: Vec<Warning> = notes
        .into_iter()
        .map(|n| Warning::new(Kind::ShardUnion, object.clone(), format!("{label} (merged shards): {n}")))
        .collect();
    if !rule.shard_columns && target.model == KeyModel::Primary {
        head.push(Warning::new(
            Kind::ShardKeyOverlap,
            object,
            format!(
                "{label} merges {} shard tables ({listing}): rows of different shards with the same primary key overwrite each other; set `shard_columns = true` in {} to add `_db` and `_table` to the key",
                members.len(),
                rule.section()
            ),
        ));
    }
    head.append(&mut target.warnings);
    target.warnings = head;
    target.sources = members;
    Ok(Some(target))
}

fn refuse_merge(rule: &Rule, group: &[(&str, &Table)], why: String) -> Error {
    Error::Refused(format!(
        "shard tables `{}`.`{}` … ({} tables) cannot be merged: {why}; set `merge_shards = off` in {}",
        group[0].0,
        group[0].1.name,
        group.len(),
        rule.section()
    ))
}

/// `exclude_columns` (SPEC §2): drop matching columns; a primary-key column cannot go.
fn exclude_columns<'t>(rule: &Rule, db: &str, table: &'t Table) -> Result<Cow<'t, Table>, Error> {
    let Some(re) = &rule.exclude_columns else { return Ok(Cow::Borrowed(table)) };
    let excluded = |c: &str| crate::config::matches_column(re, &table.name, c);
    if let Some(k) = table.primary_key.iter().find(|k| excluded(k)) {
        return Err(Error::Config(format!(
            "{} `exclude_columns` excludes `{db}`.`{}`.`{k}`, a primary-key column",
            rule.section(),
            table.name
        )));
    }
    // Without a primary key, the NOT NULL unique key that design() would promote is the key.
    if let (true, Some(uk)) = (table.primary_key.is_empty(), table.promotable_key())
        && let Some(k) = uk.iter().find(|k| excluded(k))
    {
        return Err(Error::Config(format!(
            "{} `exclude_columns` excludes `{db}`.`{}`.`{k}`, a column of the unique key that becomes its primary key",
            rule.section(),
            table.name
        )));
    }
    if !table.columns.iter().any(|c| excluded(&c.name)) {
        return Ok(Cow::Borrowed(table));
    }
    let mut t = table.clone();
    t.columns.retain(|c| !excluded(&c.name));
    t.unique_keys.retain(|uk| uk.iter().all(|c| !excluded(c)));
    Ok(Cow::Owned(t))
}

/// `binary_as_text` once per rule (SPEC §7): what decoding cannot keep, or that the regex names
/// no binary column of the rule's tables (a key column it names has a warning of its own).
fn binary_as_text_warning(rule: &Rule, targets: &[Target]) -> Option<Warning> {
    let re = rule.binary_as_text.as_ref()?;
    if targets.is_empty() {
        return None;
    }
    let columns = || targets.iter().flat_map(|t| t.columns.iter().map(move |c| (t, c)));
    let decoded = columns().filter(|(_, c)| c.convert == Convert::FromBase64).count();
    if decoded > 0 {
        let what =
            if decoded == 1 { "1 binary column is".to_string() } else { format!("{decoded} binary columns are") };
        return Some(Warning::new(
            Kind::BinaryNotUtf8,
            Object::rule(rule.section()),
            format!(
                "{} `binary_as_text`: {what} decoded as UTF-8 text; bytes that are not valid UTF-8 cannot survive (FROM_BASE64 turns each into U+FFFD)",
                rule.section()
            ),
        ));
    }
    let named_key =
        columns().any(|(t, c)| c.binary && t.sources.iter().any(|m| rule.binary_as_text(&m.table, &c.source_name)));
    (!named_key).then(|| {
        Warning::new(
            Kind::BinaryAsTextUnmatched,
            Object::rule(rule.section()),
            format!(
                "{} `binary_as_text` = `{}` matches no binary column of the rule's tables; nothing is decoded",
                rule.section(),
                re.as_str()
            ),
        )
    })
}

/// Two sources written to one StarRocks table would silently mix (SPEC §5 names are unique).
fn check_unique_targets(rules: &[RulePlan]) -> Result<(), Error> {
    let mut seen: FxHashMap<(&str, &str), (&Target, &Rule)> = FxHashMap::default();
    for r in rules {
        for t in &r.targets {
            if let Some((other, other_rule)) = seen.insert((&t.db, &t.table), (t, r.rule)) {
                return Err(Error::Config(format!(
                    "{} ({}) and {} ({}) would both be written to `{}`.`{}`; give them different `target_database` / `target_table`",
                    other.label(),
                    other_rule.section(),
                    t.label(),
                    r.rule.section(),
                    t.db,
                    t.table
                )));
            }
        }
    }
    Ok(())
}

/// `flink.cdc.server-id` for every source, so that no two sources share an id — in one file, in
/// the `.all` file, or across the per-rule files run side by side: the k-th source of a rule
/// asks for `id + k` (a range `a-b`: block k of its width) and takes the next free id or block
/// when an earlier rule's source holds it.
fn allocate_server_ids(rules: &mut [RulePlan]) -> Result<(), Error> {
    let mut used = BTreeMap::new();
    for r in rules.iter_mut() {
        let Some(spec) = r.rule.cdc_option("server-id").and_then(crate::config::parse_server_id) else { continue };
        for (k, t) in r.targets.iter_mut().enumerate() {
            t.server_id = Some(take_id(&mut used, spec, k as u64).map_err(|_| {
                Error::Refused(format!(
                    "{} `flink.cdc.server-id`: {} sources need ids past the largest server id {}",
                    r.rule.section(),
                    k + 1,
                    u32::MAX
                ))
            })?);
        }
    }
    Ok(())
}

/// Without `flink.cdc.server-id` mysql-cdc picks a random id in 5400-6400 per source: two
/// sources of one job (a statement set) or beside sources with fixed ids may then clash.
fn warn_random_server_ids(config: &Config, rules: &[RulePlan], warnings: &mut Vec<Warning>) {
    let with_targets = || rules.iter().filter(|r| !r.targets.is_empty());
    let sources: usize = with_targets().map(|r| r.targets.len()).sum();
    let some_fixed = with_targets().any(|r| r.rule.cdc_option("server-id").is_some());
    for r in with_targets().filter(|r| r.rule.cdc_option("server-id").is_none()) {
        if some_fixed || (config.other.statement_set && sources > 1) {
            warnings.push(Warning::new(
                Kind::ServerIdRandom,
                Object::rule(r.rule.section()),
                format!(
                    "{} sets no `flink.cdc.server-id`: mysql-cdc then picks a random id per source, which can clash with the other sources; set one",
                    r.rule.section()
                ),
            ));
        }
    }
}

/// The first free id block at or after block `k` of `spec`; `used` maps each taken block's
/// start to its end. The blocks never overlap, so only the last one starting before the end of
/// the wanted block can overlap it (a lookup, not a scan: an estate has thousands of sources).
fn take_id(used: &mut BTreeMap<u64, u64>, spec: ServerId, k: u64) -> Result<String, ()> {
    let (first, width) = match spec {
        ServerId::Single(a) => (u64::from(a), 1),
        ServerId::Range(a, b) => (u64::from(a), u64::from(b - a) + 1),
    };
    let mut start = first + k * width;
    while let Some((_, &end)) = used.range(..start + width).next_back().filter(|(_, e)| **e >= start) {
        start = end + 1;
    }
    let end = start + width - 1;
    if end > u64::from(u32::MAX) {
        return Err(());
    }
    used.insert(start, end);
    Ok(if width == 1 { start.to_string() } else { format!("{start}-{end}") })
}

/// The StarRocks design of one source table, or of a merged shard group (SPEC §6).
fn design(config: &Config, rule: &Rule, src: &Source, sr_db: String, sr_table: String) -> Result<Target, Error> {
    let mut warnings = Vec::new();
    let warnings = &mut warnings;
    let other = &config.other;
    let table = src.table;
    let label = &src.label;
    let at = |col: &str| format!("{label}.`{col}`");
    let on_column = |col: &str| Object::column(src.db, src.name, col);
    let on_table = || Object::table(src.db, src.name);
    let ctx = |primary_key: bool, binary_as_text: bool| sr_types::Ctx {
        primary_key,
        version: other.starrocks_version,
        decimal_v3: other.use_decimal_v3,
        tinyint1_as_boolean: other.tinyint1_as_boolean,
        binary_as_text,
    };
    let types: Vec<SourceType> = table.columns.iter().map(SourceType::of).collect();
    let index_of = |name: &str| table.columns.iter().position(|c| c.name == name);
    let override_of = |col: &Column| {
        rule.type_overrides.iter().find(|(dt, _)| dt.eq_ignore_ascii_case(&col.data_type)).map(|(_, ty)| ty.clone())
    };
    // `decoded`: a binary column holding text that the INSERT decodes (`binary_as_text`).
    let value_type = |i: usize, pk: bool, decoded: bool| match override_of(&table.columns[i]) {
        Some(ty) => {
            let narrower = sr_types::override_loss(&sr_types::map(&types[i], &ctx(false, decoded)).ty, &ty);
            let mut lossy = narrower.clone().map(|why| (Kind::TypeOverride, why));
            // An override changes the column's type, never how the value travels: base64 stays.
            if types[i].is_binary() && !decoded {
                let base64 = format!(
                    "the column still receives base64 text (binary columns travel as base64); set `binary_as_text` in {} if it holds text",
                    rule.section()
                );
                let why = match narrower {
                    Some(narrower) => format!("{base64}; {narrower}"),
                    None => base64,
                };
                lossy = Some((Kind::BinaryBase64, why));
            }
            let m = sr_types::Mapped { ty, lossy, note: None };
            if pk { sr_types::key_safe(m, &types[i], &ctx(true, false)) } else { m }
        }
        None => sr_types::map(&types[i], &ctx(pk, decoded)),
    };
    for (dt, ty) in &rule.type_overrides {
        if let Some(why) = sr_types::unsupported(ty, &ctx(false, false)) {
            return Err(Error::Config(format!("{} `type.{dt}` = {ty}: {why}", rule.section())));
        }
    }
    let named = |key: &str, names: &[String]| -> Result<Vec<usize>, Error> {
        let mut out: Vec<usize> = Vec::new();
        for n in names {
            let i = index_of(n)
                .ok_or_else(|| Error::Config(format!("{} `{key}`: {label} has no column `{n}`", rule.section())))?;
            if out.contains(&i) {
                return Err(Error::Config(format!("{} `{key}` names `{n}` twice", rule.section())));
            }
            out.push(i);
        }
        Ok(out)
    };

    // Key model: the primary key, else the first all-NOT-NULL unique key, else DUPLICATE KEY
    // on `duplicate_keys` or the first column StarRocks can sort by.
    let promoted = table.promotable_key();
    let sortable = |i: &usize| value_type(*i, false, false).ty.allowed_in_sort_key();
    let (model, key): (KeyModel, Vec<usize>) = if let Some(pk) =
        Some(&table.primary_key).filter(|pk| !pk.is_empty()).or(promoted)
    {
        if !rule.duplicate_keys.is_empty() {
            warnings.push(Warning::new(
                Kind::DuplicateKeysIgnored,
                on_table(),
                format!(
                    "{label}: {} `duplicate_keys` is ignored, the table has a usable key ({})",
                    rule.section(),
                    pk.join(", ")
                ),
            ));
        }
        (KeyModel::Primary, pk.iter().filter_map(|k| index_of(k)).collect())
    } else if !rule.duplicate_keys.is_empty() {
        let key = named("duplicate_keys", &rule.duplicate_keys)?;
        if let Some(i) = key.iter().find(|i| !sortable(i)) {
            return Err(Error::Config(format!(
                "{} `duplicate_keys`: {} is {}, which StarRocks cannot sort by",
                rule.section(),
                at(&table.columns[*i].name),
                value_type(*i, false, false).ty
            )));
        }
        warnings.push(Warning::new(
            Kind::NoPrimaryKey,
            on_table(),
            format!(
                "{label} has no primary or NOT NULL unique key: it becomes a DUPLICATE KEY table, where source updates and deletes cannot be applied"
            ),
        ));
        (KeyModel::Duplicate, key)
    } else {
        let Some(first) = (0..types.len()).find(sortable) else {
            return Err(Error::Refused(format!(
                "{label} has no primary key and no column StarRocks can sort by (all are FLOAT, DOUBLE, JSON or SET); set `duplicate_keys` or `type.*` in {}",
                rule.section()
            )));
        };
        warnings.push(Warning::new(
            Kind::NoPrimaryKey,
            on_table(),
            format!(
                "{label} has no primary or NOT NULL unique key: it becomes a DUPLICATE KEY table on `{}`, where source updates and deletes cannot be applied",
                table.columns[first].name
            ),
        ));
        (KeyModel::Duplicate, vec![first])
    };

    let order: Vec<usize> = key.iter().copied().chain((0..table.columns.len()).filter(|i| !key.contains(i))).collect();
    let source_names: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
    let sr_names = naming::unique(&source_names, naming::column_name, naming::lower);

    // Exactly sized: an estate holds hundreds of thousands of target columns until rendering.
    let metadata_columns = if rule.shard_columns && src.shard.is_some() { 2 } else { 0 };
    let mut columns = Vec::with_capacity(order.len() + metadata_columns);
    for i in order {
        let col: &Column = &table.columns[i];
        let src_type = &types[i];
        let is_key = key.contains(&i);
        let pk = is_key && model == KeyModel::Primary;
        // A function on a key column changes the upsert key (SPEC §8): a key stays base64.
        let as_text = src_type.is_binary() && rule.binary_as_text(&table.name, &col.name);
        let decoded = as_text && !is_key;
        if as_text && is_key {
            warnings.push(Warning::new(
                Kind::BinaryKeyBase64,
                on_column(&col.name),
                format!(
                    "{}: matches `binary_as_text` but is a key column, so it stays base64 text (decoding a key column in the INSERT changes Flink's upsert key)",
                    at(&col.name)
                ),
            ));
        }
        if let (true, SourceType::Binary { bytes, fixed: true }) = (decoded, src_type) {
            warnings.push(Warning::new(
                Kind::BinaryPadded,
                on_column(&col.name),
                format!(
                    "{}: {}: MySQL pads BINARY values shorter than {bytes} bytes with 0x00, so the decoded text of a shorter value ends in NUL characters",
                    at(&col.name),
                    col.column_type
                ),
            ));
        }
        let mapped = value_type(i, pk, decoded);
        let flink_source = flink_types::source_type(src_type, other.tinyint1_as_boolean);
        let (flink_sink, convert) = flink_types::sink(&flink_source, &mapped.ty, is_key, decoded);
        let here = || on_column(&col.name);
        if let Some((kind, why)) = &mapped.lossy {
            let message = format!("{}: {} → {}: {why}", at(&col.name), col.column_type, mapped.ty);
            lossy(config, warnings, Warning::new(*kind, here(), message))?;
        }
        if let Some(why) = flink_types::lossy(src_type) {
            let message = format!("{}: {} → {flink_source}: {why}", at(&col.name), col.column_type);
            lossy(config, warnings, Warning::new(Kind::TimeOfDay, here(), message))?;
        }
        if let Some(note) = &mapped.note {
            warnings.push(Warning::new(Kind::KeyTypeChanged, here(), format!("{}: {note}", at(&col.name))));
        }
        if is_key && matches!(flink_sink, FlinkType::Time(_)) {
            let message = format!(
                "{}: the StarRocks Flink connector cannot write TIME and a key column cannot be cast; the job will fail on this column",
                at(&col.name)
            );
            lossy(config, warnings, Warning::new(Kind::TimeKey, here(), message))?;
        }
        let default = match sr_types::default_for(col, src_type, &mapped.ty, &ctx(pk, decoded)) {
            Ok(d) => d,
            Err(why) => {
                warnings.push(Warning::new(Kind::DefaultDropped, here(), format!("{}: {why}", at(&col.name))));
                None
            }
        };
        if sr_names[i] != col.name {
            let message = format!(
                "{}: renamed to `{}` in StarRocks (the name is reserved or has characters StarRocks refuses)",
                at(&col.name),
                sr_names[i]
            );
            warnings.push(Warning::new(Kind::Renamed, here(), message));
        }
        columns.push(TargetColumn {
            source_name: col.name.clone(),
            name: CompactString::from(&*sr_names[i]),
            ordinal: i as u32,
            key: is_key,
            binary: src_type.is_binary(),
            sr_type: mapped.ty,
            nullable: col.nullable && !pk,
            source_nullable: col.nullable,
            default,
            comment: col.comment.clone(),
            flink_source,
            flink_sink,
            convert,
            metadata: None,
        });
    }

    // shard_columns: which shard a row came from joins the key, so shards never overwrite.
    let mut metadata_bytes = 0;
    if let (true, Some((db_len, table_len)), KeyModel::Primary) = (rule.shard_columns, src.shard, model) {
        let at_key_end = columns.iter().filter(|c| c.key).count();
        for (offset, (name, meta, len)) in
            [("_db", "database_name", db_len), ("_table", "table_name", table_len)].into_iter().enumerate()
        {
            if columns.iter().any(|c| c.name.eq_ignore_ascii_case(name)) {
                return Err(Error::Refused(format!(
                    "{label} already has a column `{name}`; `shard_columns = true` in {} cannot add it",
                    rule.section()
                )));
            }
            metadata_bytes += len;
            columns.insert(
                at_key_end + offset,
                TargetColumn {
                    source_name: name.into(),
                    name: name.into(),
                    ordinal: u32::MAX - 1 + offset as u32,
                    key: true,
                    binary: false,
                    // MySQL names are at most 64 characters: 256 bytes in utf8mb4.
                    sr_type: StarRocksType::VarChar(256),
                    nullable: false,
                    source_nullable: false,
                    default: None,
                    comment: if offset == 0 { "source database" } else { "source table" }.into(),
                    flink_source: FlinkType::String,
                    flink_sink: FlinkType::String,
                    convert: Convert::None,
                    metadata: Some(meta),
                },
            );
        }
    } else if rule.shard_columns && src.shard.is_some() {
        warnings.push(Warning::new(
            Kind::ShardColumnsIgnored,
            on_table(),
            format!("{label}: `shard_columns` needs a primary key to extend; the columns are not added"),
        ));
    }

    if model == KeyModel::Primary {
        let key_bytes: u64 = metadata_bytes
            + columns
                .iter()
                .filter(|c| c.key && c.metadata.is_none())
                .filter_map(|c| c.sr_type.max_key_bytes())
                .sum::<u64>();
        if key_bytes > PRIMARY_KEY_LIMIT {
            let msg = format!(
                "{label}: the primary key can take {key_bytes} bytes; StarRocks refuses to load rows whose key exceeds {PRIMARY_KEY_LIMIT} bytes (BE `primary_key_limit_size`)"
            );
            lossy(config, warnings, Warning::new(Kind::KeyTooLong, on_table(), msg))?;
        }
    }
    let sr_name_of = |i: usize| sr_names[i].to_string();
    let distributed_by = if rule.distributed_by.is_empty() {
        match model {
            KeyModel::Primary => columns.iter().filter(|c| c.key).map(|c| c.name.to_string()).collect(),
            KeyModel::Duplicate => vec![columns[0].name.to_string()],
        }
    } else {
        let cols = named("distributed_by", &rule.distributed_by)?;
        if let Some(i) = cols.iter().find(|i| !sortable(i)) {
            return Err(Error::Config(format!(
                "{} `distributed_by`: {} is {}, which StarRocks cannot hash-distribute by",
                rule.section(),
                at(&table.columns[*i].name),
                value_type(*i, false, false).ty
            )));
        }
        if let (KeyModel::Primary, Some(i)) = (model, cols.iter().find(|i| !key.contains(i))) {
            return Err(Error::Config(format!(
                "{} `distributed_by`: {} is not a primary-key column; StarRocks buckets a primary-key table by key columns only",
                rule.section(),
                at(&table.columns[*i].name)
            )));
        }
        cols.into_iter().map(sr_name_of).collect()
    };
    let partition = match &rule.partition {
        None => None,
        Some(p) => {
            let i = named("partition_key", std::slice::from_ref(&p.column))?[0];
            let c = columns.iter().find(|c| c.ordinal as usize == i).ok_or_else(|| {
                Error::Internal(format!("{label}: partition column `{}` has no target column", p.column))
            })?;
            if !matches!(c.sr_type, StarRocksType::Date | StarRocksType::DateTime) {
                return Err(Error::Config(format!(
                    "{} `partition_key`: {} is {}, not DATE or DATETIME",
                    rule.section(),
                    at(&p.column),
                    c.sr_type
                )));
            }
            if model == KeyModel::Primary && !c.key {
                return Err(Error::Config(format!(
                    "{} `partition_key`: {} is not a primary-key column; StarRocks partitions a primary-key table by key columns only",
                    rule.section(),
                    at(&p.column)
                )));
            }
            Some(match &p.range {
                Some(body) => {
                    warnings.push(Warning::new(
                        Kind::PartitionRange,
                        on_table(),
                        format!(
                            "{label}: StarRocks rejects rows whose `{}` falls outside the `partitions` range; make sure it covers every source row",
                            p.column
                        ),
                    ));
                    PartitionPlan::Range { column: c.name.to_string(), body: body.clone() }
                }
                None if other.starrocks_version < Version(3, 1, 0) => {
                    return Err(Error::Config(format!(
                        "{} `partition_key` without `partitions` needs expression partitioning, StarRocks 3.1 or later (starrocks_version is {})",
                        rule.section(),
                        other.starrocks_version
                    )));
                }
                None => PartitionPlan::Day { column: c.name.to_string() },
            })
        }
    };
    let mut properties = Vec::new();
    if !rule.properties.iter().any(|(k, _)| k == "replication_num") {
        properties.push(("replication_num".to_string(), other.replication_num.to_string()));
    }
    properties.extend(rule.properties.iter().cloned());
    Ok(Target {
        sources: Vec::new(),
        db: sr_db,
        table: sr_table,
        comment: table.comment.clone(),
        model,
        columns,
        distributed_by,
        buckets: match rule.bucket_num {
            Some(n) => Some(n),
            None => buckets(other.buckets, other.be_num, table.data_bytes.unwrap_or(0)),
        },
        properties,
        partition,
        cdc_database: String::new(),
        cdc_table: String::new(),
        server_id: None,
        warnings: std::mem::take(warnings),
        warnings_at: 0..0,
    })
}

/// A mapping that can lose or reject values: a warning, or with `strict = true` a refusal.
fn lossy(config: &Config, warnings: &mut Vec<Warning>, warning: Warning) -> Result<(), Error> {
    if config.other.strict {
        return Err(Error::Refused(format!("{} (strict = true refuses lossy mappings)", warning.message)));
    }
    warnings.push(warning);
    Ok(())
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
    use super::*;

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
