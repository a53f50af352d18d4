//! Day two (SPEC §12): two plans of the same config — the schema as it was and as it is —
//! compared target by target (paired by StarRocks `db.table`) and column by column (by
//! StarRocks name), and sorted into what StarRocks can ALTER before the new Flink job starts,
//! what it can only drop after, and what it cannot ALTER at all (a rebuild). Pure: the plans
//! in, the decisions out; `output::drift` writes them.
//!
//! The rules follow StarRocks 3.5's FE (research/drift-facts.md): MODIFY COLUMN only where
//! `ColumnType.isSchemaChangeAllowed` accepts the type change and never on a key, sort,
//! distribution or partition column; NULL → NOT NULL and default changes are refused by
//! StarRocks (warnings); column comments change alone from 3.5, the table comment from 3.1.
//!
//! What StarRocks could not take stays behind in it (a column kept nullable, an old default).
//! A MODIFY therefore always restates NULL, which StarRocks accepts whatever the column is now;
//! the default it restates is the `--from` snapshot's (see the README on chained diffs).

use std::collections::BTreeMap;

use compact_str::CompactString;

use crate::config::{Config, Version};
use crate::diag::{Kind, Object, Warning};
use crate::error::Error;
use crate::plan::{KeyModel, Plan, Target, TargetColumn};
use crate::types::starrocks::{Default, StarRocksType};

/// Everything that drifted, in plan order (rule, then StarRocks database and table).
#[derive(Debug)]
pub struct Drift<'p> {
    pub tables: Vec<TableDrift<'p>>,
    pub warnings: Vec<Warning>,
}

/// One StarRocks table that changed.
#[derive(Debug)]
pub struct TableDrift<'p> {
    /// The rule whose files carry it: the new plan's, or for a dropped table the old plan's.
    pub rule: u32,
    pub db: String,
    pub table: String,
    pub old: Option<&'p Target>,
    pub new: Option<&'p Target>,
    /// What changed, one line each, for `drift.md`.
    pub changes: Vec<String>,
    pub action: Action,
    /// The Flink job must be stopped and redeployed: its source, sink or INSERT changed, or
    /// the table is rebuilt under it.
    pub redeploy: bool,
    /// Stop the job before the alter file runs: a duplicate-key table loaded as CSV maps the
    /// columns by position (drift-facts §6), so its columns must not move under a running job.
    pub stop_first: bool,
    /// PostgreSQL: source tables the target's publication gains (`true`) or loses, as
    /// (schema, table): a shard group's members changed.
    pub publication: Vec<(bool, String, String)>,
}

#[derive(Debug)]
pub enum Action {
    /// A new table: created as `generate` creates it.
    Create,
    /// Gone from the source, or no longer a target: never dropped.
    Dropped,
    /// Changes StarRocks can make in place.
    Alter(Alter),
    /// Changes it cannot: a new table, the rows copied over, swapped in.
    Rebuild(Rebuild),
}

/// The in-place changes of one table.
#[derive(Debug, Default)]
pub struct Alter {
    /// `ADD COLUMN` and `MODIFY COLUMN` clauses of the one combined ALTER, in the new column
    /// order (a MODIFY that makes a column nullable before it is dropped comes last).
    pub clauses: Vec<Clause>,
    /// A new table comment (`COMMENT = "…"`, a statement of its own).
    pub table_comment: Option<String>,
    /// Column comments that change alone (`MODIFY COLUMN c COMMENT "…"`, StarRocks 3.5+).
    pub column_comments: Vec<(String, String)>,
    /// Value columns dropped after the new job runs.
    pub drops: Vec<String>,
}

#[derive(Debug)]
pub enum Clause {
    /// A new column (index into the new target's columns), NULL unless it has a constant
    /// default, after the column StarRocks allows it to follow.
    Add { column: usize, nullable: bool, after: Option<String> },
    /// A column's new definition (index into the new target's columns, or into the old one's
    /// for a column about to be dropped), always NULL — StarRocks accepts NOT NULL → NULL and
    /// refuses the reverse, and an earlier drift may have left it nullable — with the default
    /// StarRocks has (it cannot change) and the comment.
    Modify { column: usize, of_old: bool, default: Option<Default> },
}

/// A table rebuilt under `<table>__rebuild`.
#[derive(Debug)]
pub struct Rebuild {
    pub why: String,
    /// StarRocks names of value columns that stay nullable in the new table: they are
    /// nullable in StarRocks now and may hold NULL.
    pub nullable: Vec<CompactString>,
    /// New NOT NULL columns the old rows have no value for: when any, the rows are not copied
    /// and the job reads the table again from the start.
    pub unfillable: Vec<CompactString>,
}

impl Alter {
    /// Whether anything runs before the new job (the alter file); drops run after it.
    pub fn alters(&self) -> bool {
        !self.clauses.is_empty() || self.table_comment.is_some() || !self.column_comments.is_empty()
    }
}

impl Drift<'_> {
    pub fn is_empty(&self) -> bool {
        self.tables.is_empty()
    }
}

/// Compare the plans of the old and the new schema, made with the same config.
pub fn compare<'p>(config: &Config, old: &'p Plan, new: &'p Plan) -> Result<Drift<'p>, Error> {
    let index = |plan: &'p Plan| -> BTreeMap<(&'p str, &'p str), (u32, &'p Target)> {
        plan.rules
            .iter()
            .flat_map(|r| r.targets.iter().map(move |t| ((t.db.as_str(), t.table.as_str()), (r.rule.n, t))))
            .collect()
    };
    let (before, after) = (index(old), index(new));
    let mut drift = Drift { tables: Vec::new(), warnings: Vec::new() };
    for (&(db, table), &(rule, t)) in &after {
        let table_drift = match before.get(&(db, table)) {
            None => Some(TableDrift {
                rule,
                db: db.into(),
                table: table.into(),
                old: None,
                new: Some(t),
                changes: vec![format!("new table ({} columns)", t.columns.len())],
                action: Action::Create,
                redeploy: true,
                stop_first: false,
                publication: Vec::new(),
            }),
            Some(&(_, o)) => compare_table(config, rule, o, t, &mut drift.warnings)?,
        };
        drift.tables.extend(table_drift);
    }
    for (&(db, table), &(rule, t)) in &before {
        if after.contains_key(&(db, table)) {
            continue;
        }
        // Its source tables may still be there, loading elsewhere: a shard group that no
        // longer merges, or a table a rule now renames.
        let now_in: Vec<String> = after
            .iter()
            .filter(|(_, (_, n))| n.sources.iter().any(|m| t.sources.contains(m)))
            .map(|(&(d, t), _)| format!("`{d}`.`{t}`"))
            .collect();
        let what = if now_in.is_empty() {
            "is gone from the source".to_string()
        } else {
            format!("is no longer a target (its source tables now load into {})", now_in.join(", "))
        };
        let label = Some(t.label()).filter(|l| *l != format!("`{db}`.`{table}`"));
        drift.warnings.push(Warning::new(
            Kind::DriftDroppedTable,
            Object::table(db, table),
            format!(
                "`{db}`.`{table}`{} {what}; smt-rs never drops StarRocks data (drift.md lists it)",
                label.map(|l| format!(" ({l})")).unwrap_or_default()
            ),
        ));
        drift.tables.push(TableDrift {
            rule,
            db: db.into(),
            table: table.into(),
            old: Some(t),
            new: None,
            changes: vec![if now_in.is_empty() { "table dropped at the source".into() } else { what }],
            action: Action::Dropped,
            redeploy: true,
            stop_first: false,
            publication: Vec::new(),
        });
    }
    drift.tables.sort_by(|a, b| (a.rule, &a.db, &a.table).cmp(&(b.rule, &b.db, &b.table)));
    // What the design of a new or changed table warns about that it did not before, first: an
    // added column as lossy as any other says so here as in `generate`.
    let designed: Vec<Warning> = drift
        .tables
        .iter()
        .filter_map(|t| t.new.map(|n| (t.old, n)))
        .flat_map(|(o, n)| {
            let before = o.map(|o| &old.warnings[o.warnings_at.clone()]).unwrap_or_default();
            new.warnings[n.warnings_at.clone()]
                .iter()
                .filter(move |w| !before.iter().any(|b| b.kind == w.kind && b.message == w.message))
                .cloned()
        })
        .collect();
    drift.warnings.splice(0..0, designed);
    Ok(drift)
}

/// Why a target cannot be altered into shape, if it cannot: its key, distribution or
/// partitioning changed, or a key column's type.
fn needs_rebuild(old: &Target, new: &Target) -> Option<String> {
    let keys = |t: &Target| t.key_columns().map(|c| (c.name.to_string(), c.sr_type.clone())).collect::<Vec<_>>();
    if old.model != new.model {
        return Some(format!("the key model changed ({} → {})", old.model, new.model));
    }
    if keys(old) != keys(new) {
        let names =
            |t: &Target| t.key_columns().map(|c| format!("{} {}", c.name, c.sr_type)).collect::<Vec<_>>().join(", ");
        return Some(format!("the key changed ({}) → ({})", names(old), names(new)));
    }
    if old.distributed_by != new.distributed_by {
        return Some(format!(
            "the distribution changed ({}) → ({})",
            old.distributed_by.join(", "),
            new.distributed_by.join(", ")
        ));
    }
    if old.partition != new.partition {
        return Some("the partitioning changed".into());
    }
    None
}

/// Whether StarRocks's MODIFY COLUMN turns `from` into `to` (`ColumnType.isSchemaChangeAllowed`
/// and `Column.checkSchemaChangeAllowed`, StarRocks 3.5; drift-facts §2).
pub fn modify_allowed(from: &StarRocksType, to: &StarRocksType) -> bool {
    use StarRocksType as S;
    if from == to {
        return true;
    }
    match (from, to) {
        (S::TinyInt, S::SmallInt | S::Int | S::BigInt | S::LargeInt | S::Double | S::VarChar(_)) => true,
        (S::SmallInt, S::Int | S::BigInt | S::LargeInt | S::Double | S::VarChar(_)) => true,
        (S::Int, S::BigInt | S::LargeInt | S::Double | S::Date | S::VarChar(_)) => true,
        (S::BigInt, S::LargeInt | S::Double | S::VarChar(_)) => true,
        (S::LargeInt, S::VarChar(_)) => true,
        (S::Float, S::Double | S::VarChar(_)) => true,
        (S::Double, S::VarChar(_)) => true,
        // Never shorter ("Cannot shorten string length").
        (S::Char(a), S::Char(b) | S::VarChar(b)) | (S::VarChar(a), S::VarChar(b)) => b >= a,
        (
            S::VarChar(_),
            S::TinyInt
            | S::SmallInt
            | S::Int
            | S::BigInt
            | S::LargeInt
            | S::Float
            | S::Double
            | S::Date
            | S::Json
            | S::Decimal { .. },
        ) => true,
        // "JSON needs minimum length of 16" (the JSON type's size).
        (S::Json, S::VarChar(n)) => *n > 16,
        (S::Date, S::DateTime) | (S::DateTime, S::Date) => true,
        (S::Decimal { precision: p, scale: s }, S::Decimal { precision: q, scale: t }) => t >= s && q - t >= p - s,
        // The decimal's text fits.
        (S::Decimal { precision, .. }, S::VarChar(n)) => *n >= u64::from(*precision) + 2,
        _ => false,
    }
}

/// Whether a column's default, which StarRocks cannot change, stays valid for its new type:
/// `CURRENT_TIMESTAMP` only on DATETIME, a literal on text or within its number family.
fn default_fits(default: Option<&Default>, from: &StarRocksType, to: &StarRocksType) -> bool {
    use StarRocksType as S;
    let family = |t: &StarRocksType| match t {
        S::TinyInt | S::SmallInt | S::Int | S::BigInt | S::LargeInt => 1,
        S::Float | S::Double => 2,
        S::Decimal { .. } => 3,
        S::Char(_) | S::VarChar(_) => 4,
        S::Date => 5,
        S::DateTime => 6,
        _ => 0,
    };
    match default {
        None => true,
        Some(Default::CurrentTimestamp) => *to == S::DateTime,
        Some(Default::Literal(_)) => {
            matches!(to, S::Char(_) | S::VarChar(_))
                || (family(from) != 0 && family(from) == family(to))
                || (family(from) == 1 && family(to) == 2)
        }
    }
}

/// Columns by StarRocks name.
fn by_name(t: &Target) -> BTreeMap<&str, &TargetColumn> {
    t.columns.iter().map(|c| (c.name.as_str(), c)).collect()
}

/// What the Flink job declares and selects for a column.
fn flink_side(c: &TargetColumn) -> impl PartialEq + '_ {
    (&c.source_name, &c.flink_source, &c.flink_sink, c.convert, c.source_nullable, c.nullable, c.metadata, c.key)
}

/// Columns StarRocks will not drop or modify in place: keys, and what distributes or
/// partitions the table.
fn pinned(t: &Target, c: &TargetColumn) -> bool {
    c.key
        || t.distributed_by.iter().any(|d| *d == c.name)
        || t.partition.as_ref().is_some_and(|p| match p {
            crate::plan::PartitionPlan::Range { column, .. } | crate::plan::PartitionPlan::Day { column } => {
                *column == c.name
            }
        })
}

fn compare_table<'p>(
    config: &Config,
    rule: u32,
    old: &'p Target,
    new: &'p Target,
    all_warnings: &mut Vec<Warning>,
) -> Result<Option<TableDrift<'p>>, Error> {
    // This table's warnings, kept apart until it is known whether it is rebuilt.
    let mut warnings: Vec<Warning> = Vec::new();
    let (db, table) = (new.db.as_str(), new.table.as_str());
    let version = config.other.starrocks_version;
    let (before, after) = (by_name(old), by_name(new));
    let mut changes = Vec::new();
    let mut alter = Alter::default();
    let mut rebuild: Option<String> = needs_rebuild(old, new);
    if let Some(why) = &rebuild {
        changes.push(why.clone());
    }
    let at = |c: &str| format!("`{db}`.`{table}`.`{c}`");
    let last_key = new.columns.iter().rposition(|c| c.key);
    for (i, c) in new.columns.iter().enumerate() {
        let Some(o) = before.get(c.name.as_str()) else {
            changes.push(format!("added column `{}` {}", c.name, c.sr_type));
            if c.key {
                rebuild.get_or_insert_with(|| format!("column `{}` joins the key", c.name));
                continue;
            }
            // NOT NULL only with a constant default, which existing rows take, as at the source.
            let nullable = c.nullable || c.default.is_none();
            if nullable && !c.nullable {
                warnings.push(Warning::new(
                    Kind::DriftAddedNullable,
                    Object::column(db, table, &c.name),
                    format!(
                        "{}: added NOT NULL at the source without a default; StarRocks adds it NULL (a NOT NULL column needs a default)",
                        at(&c.name)
                    ),
                ));
            }
            // AFTER the column before it, unless that is a key column other than the last key
            // (StarRocks keeps value columns after the key); never FIRST.
            let after = i
                .checked_sub(1)
                .map(|p| &new.columns[p])
                .filter(|p| !p.key || Some(i - 1) == last_key)
                .map(|p| p.name.to_string());
            alter.clauses.push(Clause::Add { column: i, nullable, after });
            continue;
        };
        let type_changed = o.sr_type != c.sr_type;
        if type_changed {
            changes.push(format!("column `{}`: {} → {}", c.name, o.sr_type, c.sr_type));
        }
        let loosened = !o.nullable && c.nullable;
        if loosened {
            changes.push(format!("column `{}`: NOT NULL → NULL", c.name));
        }
        // A primary key is NOT NULL in StarRocks whatever the source says.
        if o.nullable && !c.nullable && !(c.key && new.model == KeyModel::Primary) {
            changes.push(format!("column `{}`: NULL → NOT NULL (not applied)", c.name));
            warnings.push(Warning::new(
                Kind::DriftNullable,
                Object::column(db, table, &c.name),
                format!(
                    "{}: NULL → NOT NULL at the source; StarRocks refuses the change, the column stays nullable",
                    at(&c.name)
                ),
            ));
        }
        let default_changed = o.default != c.default;
        if default_changed {
            changes.push(format!("column `{}`: default changed (not applied)", c.name));
            warnings.push(Warning::new(
                Kind::DriftDefault,
                Object::column(db, table, &c.name),
                format!(
                    "{}: the default changed at the source; StarRocks cannot change a column's default",
                    at(&c.name)
                ),
            ));
        }
        let comment_changed = o.comment != c.comment;
        if comment_changed {
            changes.push(format!("column `{}`: comment changed", c.name));
        }
        // A change only the Flink job sees (a `type.*` override, `binary_as_text`, a finer
        // source type StarRocks stores the same way).
        if !type_changed {
            let mut flink = Vec::new();
            if o.flink_source != c.flink_source {
                flink.push(format!("source {} → {}", o.flink_source, c.flink_source));
            }
            if o.flink_sink != c.flink_sink {
                flink.push(format!("sink {} → {}", o.flink_sink, c.flink_sink));
            }
            if o.convert != c.convert || o.source_name != c.source_name {
                flink.push("the INSERT's expression".into());
            }
            if !flink.is_empty() {
                changes.push(format!("column `{}`: in the Flink job, {}", c.name, flink.join(", ")));
            }
        }
        if type_changed || loosened {
            if pinned(old, o) || pinned(new, c) {
                rebuild
                    .get_or_insert_with(|| format!("column `{}` is a key, distribution or partition column", c.name));
            } else if !modify_allowed(&o.sr_type, &c.sr_type) {
                rebuild.get_or_insert_with(|| {
                    format!("StarRocks cannot change `{}` from {} to {}", c.name, o.sr_type, c.sr_type)
                });
            } else if !default_fits(o.default.as_ref(), &o.sr_type, &c.sr_type) {
                rebuild.get_or_insert_with(|| {
                    format!(
                        "the default of `{}` does not fit its new type {} and StarRocks cannot change it",
                        c.name, c.sr_type
                    )
                });
            } else {
                alter.clauses.push(Clause::Modify { column: i, of_old: false, default: o.default.clone() });
            }
        } else if comment_changed {
            if version >= Version(3, 5, 0) {
                alter.column_comments.push((c.name.to_string(), c.comment.to_string()));
            } else {
                warnings.push(Warning::new(
                    Kind::DriftComment,
                    Object::column(db, table, &c.name),
                    format!(
                        "{}: the comment changed; StarRocks {version} cannot change a column comment without rewriting the column (3.5 can); skipped",
                        at(&c.name)
                    ),
                ));
            }
        }
    }
    for (i, o) in old.columns.iter().enumerate() {
        if after.contains_key(o.name.as_str()) {
            continue;
        }
        changes.push(format!("dropped column `{}`", o.name));
        if pinned(old, o) {
            rebuild.get_or_insert_with(|| format!("key, distribution or partition column `{}` is gone", o.name));
            continue;
        }
        // The new job leaves it out of every load, which StarRocks refuses for a NOT NULL
        // column without a default: it becomes nullable before the job starts.
        if !o.nullable && o.default.is_none() {
            alter.clauses.push(Clause::Modify { column: i, of_old: true, default: None });
        }
        alter.drops.push(o.name.to_string());
    }
    if old.comment != new.comment {
        changes.push("table comment changed".into());
        if version >= Version(3, 1, 0) {
            alter.table_comment = Some(new.comment.clone());
        } else {
            warnings.push(Warning::new(
                Kind::DriftComment,
                Object::table(db, table),
                format!("`{db}`.`{table}`: the table comment changed; StarRocks {version} cannot change it (3.1 can); skipped"),
            ));
        }
    }
    if old.cdc_database != new.cdc_database || old.cdc_table != new.cdc_table {
        changes.push("the Flink source reads other source tables".into());
    }
    let members = |t: &Target| t.setup.iter().map(|s| (s.schema.clone(), s.table.clone())).collect::<Vec<_>>();
    let (was, is) = (members(old), members(new));
    let publication: Vec<(bool, String, String)> = is
        .iter()
        .filter(|m| !was.contains(m))
        .map(|(s, t)| (true, s.clone(), t.clone()))
        .chain(was.iter().filter(|m| !is.contains(m)).map(|(s, t)| (false, s.clone(), t.clone())))
        .collect();
    for (added, schema, t) in &publication {
        changes.push(format!("the publication {} \"{schema}\".\"{t}\"", if *added { "gains" } else { "loses" }));
    }
    let flink_changed = old.columns.len() != new.columns.len()
        || new.columns.iter().any(|c| before.get(c.name.as_str()).is_none_or(|o| flink_side(o) != flink_side(c)))
        || old.cdc_database != new.cdc_database
        || old.cdc_table != new.cdc_table;
    if changes.is_empty() && !flink_changed {
        return Ok(None);
    }
    let action = match rebuild {
        Some(why) => {
            let message = format!(
                "`{db}`.`{table}`: {why}; StarRocks cannot ALTER that, so starrocks-rebuild.{rule}.sql recreates the table and copies its rows"
            );
            if config.other.strict {
                return Err(Error::Refused(format!("{message} (strict = true refuses rebuilds)")));
            }
            warnings.push(Warning::new(Kind::DriftRebuild, Object::table(db, table), message));
            // The rebuilt table takes the new defaults.
            warnings.retain(|w| w.kind != Kind::DriftDefault);
            for c in &mut changes {
                if let Some(column) = c.strip_suffix(": default changed (not applied)") {
                    *c = format!("{column}: default changed");
                }
            }
            // Rebuilt, the table takes the new design except for what StarRocks holds now: a
            // nullable value column may hold NULL, so it stays nullable.
            let nullable = new
                .columns
                .iter()
                .filter(|c| !c.key && !c.nullable && before.get(c.name.as_str()).is_some_and(|o| o.nullable))
                .map(|c| c.name.clone())
                .collect();
            // New NOT NULL columns without a default, and key columns that may hold NULL now,
            // have no value to copy for the existing rows.
            let unfillable = new
                .columns
                .iter()
                .filter(|c| match before.get(c.name.as_str()) {
                    None => !c.nullable && c.default.is_none(),
                    Some(o) => c.key && o.nullable,
                })
                .map(|c| c.name.clone())
                .collect();
            Action::Rebuild(Rebuild { why, nullable, unfillable })
        }
        None => Action::Alter(alter),
    };
    let rebuilt = matches!(action, Action::Rebuild(_));
    all_warnings.append(&mut warnings);
    // A duplicate-key table's CSV loads are positional while the old job runs.
    let csv = config
        .rules
        .iter()
        .find(|r| r.n == rule)
        .is_some_and(|r| r.sink_option("sink.properties.format").unwrap_or("csv").eq_ignore_ascii_case("csv"));
    let moves_columns = matches!(&action, Action::Alter(a) if !a.clauses.is_empty());
    Ok(Some(TableDrift {
        rule,
        db: db.into(),
        table: table.into(),
        old: Some(old),
        new: Some(new),
        changes,
        // A publication that gains a table: the job must read that table from its start.
        redeploy: flink_changed || rebuilt || !publication.is_empty(),
        stop_first: old.model == KeyModel::Duplicate && csv && moves_columns,
        action,
        publication,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use StarRocksType as S;

    #[test]
    fn modify_follows_starrocks_type_rules() {
        assert!(modify_allowed(&S::Int, &S::BigInt));
        assert!(modify_allowed(&S::VarChar(10), &S::VarChar(20)));
        assert!(!modify_allowed(&S::VarChar(20), &S::VarChar(10)), "never shorter");
        assert!(!modify_allowed(&S::BigInt, &S::Int), "no narrowing");
        assert!(modify_allowed(&S::Decimal { precision: 10, scale: 2 }, &S::Decimal { precision: 12, scale: 2 }));
        assert!(!modify_allowed(&S::Decimal { precision: 10, scale: 2 }, &S::Decimal { precision: 10, scale: 3 }));
        assert!(modify_allowed(&S::Decimal { precision: 10, scale: 2 }, &S::Decimal { precision: 11, scale: 3 }));
        assert!(!modify_allowed(&S::Int, &S::Decimal { precision: 20, scale: 0 }));
        assert!(!modify_allowed(&S::Boolean, &S::TinyInt));
        assert!(!modify_allowed(&S::TinyInt, &S::Boolean));
        assert!(modify_allowed(&S::Char(10), &S::VarChar(40)));
        assert!(modify_allowed(&S::Char(10), &S::Char(12)));
        assert!(!modify_allowed(&S::Char(10), &S::Char(8)));
        assert!(!modify_allowed(&S::VarChar(10), &S::Char(10)), "VARCHAR → CHAR is refused");
        assert!(!modify_allowed(&S::DateTime, &S::VarChar(40)));
        assert!(modify_allowed(&S::Date, &S::DateTime));
        assert!(modify_allowed(&S::DateTime, &S::Date));
        assert!(modify_allowed(&S::VarChar(400), &S::Json));
        assert!(modify_allowed(&S::VarChar(40), &S::Decimal { precision: 10, scale: 2 }));
        assert!(!modify_allowed(&S::VarChar(40), &S::DateTime));
        assert!(modify_allowed(&S::Json, &S::VarChar(17)));
        assert!(!modify_allowed(&S::Json, &S::VarChar(16)), "JSON needs more than 16");
        assert!(modify_allowed(&S::Decimal { precision: 10, scale: 2 }, &S::VarChar(12)));
        assert!(!modify_allowed(&S::Decimal { precision: 10, scale: 2 }, &S::VarChar(11)));
        assert!(!modify_allowed(&S::LargeInt, &S::Double));
        assert!(!modify_allowed(&S::Double, &S::Float));
    }

    #[test]
    fn a_default_must_fit_the_new_type() {
        let now = Default::CurrentTimestamp;
        let lit = Default::Literal("1".into());
        assert!(default_fits(Some(&now), &S::Date, &S::DateTime));
        assert!(!default_fits(Some(&now), &S::DateTime, &S::Date), "DATE takes no CURRENT_TIMESTAMP");
        assert!(default_fits(Some(&lit), &S::Int, &S::BigInt));
        assert!(default_fits(Some(&lit), &S::Int, &S::Double));
        assert!(default_fits(Some(&lit), &S::Int, &S::VarChar(10)));
        assert!(!default_fits(Some(&lit), &S::Int, &S::Date));
        assert!(!default_fits(Some(&Default::Literal("2020-01-01 00:00:00".into())), &S::DateTime, &S::Date));
        assert!(default_fits(None, &S::DateTime, &S::Date));
    }
}
