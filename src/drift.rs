//! Day two (SPEC §12): two plans of the same config — the schema as it was and as it is —
//! compared target by target (paired by StarRocks `db.table`) and column by column (by
//! StarRocks name), and sorted into what StarRocks can ALTER before the new Flink job starts,
//! what it can only drop after, and what it cannot ALTER at all (a rebuild). Pure: the plans
//! in, the decisions out; `output::drift` writes them.
//!
//! The rules follow StarRocks 3.5's FE (research/drift-facts.md): MODIFY COLUMN only where
//! `ColumnType.isSchemaChangeAllowed` accepts the type change and never on a primary-key or
//! sort-key column; NULL → NOT NULL and default changes are refused by StarRocks (warnings);
//! column comments change alone from 3.5.

use std::collections::BTreeMap;

use crate::config::{Config, Version};
use crate::diag::{Kind, Object, Warning};
use crate::error::Error;
use crate::plan::{Plan, Target, TargetColumn};
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
    /// What changed, one line each, for `drift.md`.
    pub changes: Vec<String>,
    pub action: Action<'p>,
    /// The Flink job must be regenerated and redeployed: the source, sink or INSERT changed.
    pub redeploy: bool,
}

#[derive(Debug)]
pub enum Action<'p> {
    /// A new table: created as `generate` creates it.
    Create(&'p Target),
    /// Gone from the source: named in the cleanup file, never dropped.
    Dropped,
    /// Changes StarRocks can make in place.
    Alter(Alter<'p>),
    /// Changes it cannot: a new table, the rows copied over, swapped in.
    Rebuild { old: &'p Target, new: &'p Target, why: String },
}

/// The in-place changes of one table.
#[derive(Debug, Default)]
pub struct Alter<'p> {
    /// `ADD COLUMN` (with the column it follows, when StarRocks allows `AFTER` there) and
    /// `MODIFY COLUMN` clauses of the one combined ALTER, in the new column order.
    pub clauses: Vec<Clause<'p>>,
    /// A new table comment (`COMMENT = "…"`, a statement of its own).
    pub table_comment: Option<String>,
    /// Column comments that change alone (`MODIFY COLUMN c COMMENT "…"`, StarRocks 3.5+).
    pub column_comments: Vec<(String, String)>,
    /// Value columns dropped after the new job runs.
    pub drops: Vec<String>,
}

#[derive(Debug)]
pub enum Clause<'p> {
    Add {
        column: &'p TargetColumn,
        nullable: bool,
        after: Option<String>,
    },
    /// The new type and nullability with the default StarRocks has (it cannot change) and the
    /// new comment.
    Modify {
        column: &'p TargetColumn,
        nullable: bool,
        default: Option<&'p Default>,
    },
}

impl Alter<'_> {
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
                changes: vec![format!("new table ({} columns)", t.columns.len())],
                action: Action::Create(t),
                redeploy: true,
            }),
            Some(&(_, o)) => compare_table(config, rule, o, t, &mut drift.warnings)?,
        };
        drift.tables.extend(table_drift);
    }
    for (&(db, table), &(rule, t)) in &before {
        if !after.contains_key(&(db, table)) {
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
            drift.warnings.push(Warning::new(
                Kind::DriftDroppedTable,
                Object::table(db, table),
                format!(
                    "`{db}`.`{table}`{} {what}; smt-rs never drops StarRocks data (drift.md lists it)",
                    Some(t.label())
                        .filter(|l| *l != format!("`{db}`.`{table}`"))
                        .map(|l| format!(" ({l})"))
                        .unwrap_or_default()
                ),
            ));
            drift.tables.push(TableDrift {
                rule,
                db: db.into(),
                table: table.into(),
                changes: vec![if now_in.is_empty() { "table dropped at the source".into() } else { what }],
                action: Action::Dropped,
                redeploy: true,
            });
        }
    }
    drift.tables.sort_by(|a, b| (a.rule, &a.db, &a.table).cmp(&(b.rule, &b.db, &b.table)));
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
        (S::Json, S::VarChar(_)) => true,
        (S::Date, S::DateTime) | (S::DateTime, S::Date) => true,
        (S::Decimal { precision: p, scale: s }, S::Decimal { precision: q, scale: t }) => t >= s && q - t >= p - s,
        // The decimal's text fits.
        (S::Decimal { precision, .. }, S::VarChar(n)) => *n >= u64::from(*precision) + 2,
        _ => false,
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

fn compare_table<'p>(
    config: &Config,
    rule: u32,
    old: &'p Target,
    new: &'p Target,
    warnings: &mut Vec<Warning>,
) -> Result<Option<TableDrift<'p>>, Error> {
    let (db, table) = (new.db.as_str(), new.table.as_str());
    let version = config.other.starrocks_version;
    let (before, after) = (by_name(old), by_name(new));
    let mut changes = Vec::new();
    let mut alter = Alter::default();
    let mut rebuild: Option<String> = needs_rebuild(old, new);
    if let Some(why) = &rebuild {
        changes.push(why.clone());
    }
    // Columns StarRocks will not drop or modify in place: keys, and what distributes or
    // partitions the table.
    let pinned = |t: &Target, c: &TargetColumn| {
        c.key
            || t.distributed_by.iter().any(|d| *d == c.name)
            || t.partition.as_ref().is_some_and(|p| match p {
                crate::plan::PartitionPlan::Range { column, .. } | crate::plan::PartitionPlan::Day { column } => {
                    *column == c.name
                }
            })
    };
    let at = |c: &str| format!("`{db}`.`{table}`.`{c}`");
    for (i, c) in new.columns.iter().enumerate() {
        let Some(o) = before.get(c.name.as_str()) else {
            changes.push(format!("added column `{}` {}", c.name, c.sr_type));
            if c.key {
                rebuild.get_or_insert_with(|| format!("column `{}` joins the key", c.name));
                continue;
            }
            // NOT NULL only with a constant default, which existing rows take, as at the source.
            let nullable = c.nullable || c.default.is_none();
            if !c.nullable && c.default.is_none() {
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
            let prev = i.checked_sub(1).map(|p| &new.columns[p]);
            let last_key = new.columns.iter().rposition(|c| c.key);
            let after = prev.filter(|p| !p.key || Some(i - 1) == last_key).map(|p| p.name.to_string());
            alter.clauses.push(Clause::Add { column: c, nullable, after });
            continue;
        };
        let type_changed = o.sr_type != c.sr_type;
        if type_changed {
            changes.push(format!("column `{}`: {} → {}", c.name, o.sr_type, c.sr_type));
        }
        // NOT NULL → NULL is a MODIFY; NULL → NOT NULL is refused by StarRocks.
        let loosened = !o.nullable && c.nullable;
        if loosened {
            changes.push(format!("column `{}`: NOT NULL → NULL", c.name));
        }
        if o.nullable && !c.nullable && !c.key {
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
        if o.default != c.default {
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
        if type_changed || loosened {
            if pinned(old, o) || pinned(new, c) {
                rebuild
                    .get_or_insert_with(|| format!("column `{}` is a key, distribution or partition column", c.name));
            } else if !modify_allowed(&o.sr_type, &c.sr_type) {
                rebuild.get_or_insert_with(|| {
                    format!("StarRocks cannot change `{}` from {} to {}", c.name, o.sr_type, c.sr_type)
                });
            } else {
                // The whole definition is restated: StarRocks does not inherit omitted parts, and
                // refuses a different default.
                let nullable = o.nullable || c.nullable;
                alter.clauses.push(Clause::Modify { column: c, nullable, default: o.default.as_ref() });
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
    for o in &old.columns {
        if after.contains_key(o.name.as_str()) {
            continue;
        }
        changes.push(format!("dropped column `{}`", o.name));
        if pinned(old, o) {
            rebuild.get_or_insert_with(|| format!("key, distribution or partition column `{}` is gone", o.name));
        } else {
            alter.drops.push(o.name.to_string());
        }
    }
    if old.comment != new.comment {
        changes.push("table comment changed".into());
        alter.table_comment = Some(new.comment.clone());
    }
    let flink_changed = old.columns.len() != new.columns.len()
        || new.columns.iter().any(|c| before.get(c.name.as_str()).is_none_or(|o| flink_side(o) != flink_side(c)))
        || old.cdc_database != new.cdc_database
        || old.cdc_table != new.cdc_table;
    if changes.is_empty() && !flink_changed {
        return Ok(None);
    }
    if changes.is_empty() {
        changes.push("the Flink job changed (source tables or column types)".into());
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
            Action::Rebuild { old, new, why }
        }
        None => Action::Alter(alter),
    };
    Ok(Some(TableDrift { rule, db: db.into(), table: table.into(), changes, action, redeploy: flink_changed }))
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
        assert!(!modify_allowed(&S::Int, &S::Decimal { precision: 20, scale: 0 }));
        assert!(!modify_allowed(&S::Boolean, &S::TinyInt));
        assert!(modify_allowed(&S::Char(10), &S::VarChar(40)));
        assert!(!modify_allowed(&S::DateTime, &S::VarChar(40)));
    }
}
