//! A shard group → one merged target (SPEC §5): `auto` merges exact clones, `union` widens,
//! members with different primary keys never merge.

use std::collections::{BTreeMap, BTreeSet};

use super::design::design;
use super::{KeyModel, Source, Target};
use crate::config::{Config, MergeShards, Rule};
use crate::diag::{Kind, Object, Warning};
use crate::error::Error;
use crate::model::{SourceKind, Table};
use crate::naming;
use crate::shard::{self, Member};

/// A shard group → one merged target, or `None` when its members stay separate tables.
pub(super) fn merge_group(
    config: &Config,
    rule: &Rule,
    kind: SourceKind,
    group: &[(&str, &Table)],
    db_names: &BTreeMap<String, String>,
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
            None => shard::union(group, kind).map_err(|why| refuse_merge(rule, group, why))?,
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
            shard::union(group, kind).map_err(|why| refuse_merge(rule, group, why))?
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
    let source = Source { kind, label: label.clone(), db: &sr_db, name: &sr_table, table: &merged, shard };
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
    target.setup = group.iter().flat_map(|(db, t)| super::setup_tables(kind, db, &[t])).collect();
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
