//! What each CDC source must not share with another: mysql-cdc's `server-id` (one id or block
//! per source, unique across rules and files) and postgres-cdc's replication slot.

use std::collections::BTreeMap;

use super::RulePlan;
use crate::config::{Config, ServerId};
use crate::diag::{Kind, Object, Warning};
use crate::error::Error;

/// `flink.cdc.server-id` for every source, so that no two sources share an id — in one file, in
/// the `.all` file, or across the per-rule files run side by side: the k-th source of a rule
/// asks for `id + k` (a range `a-b`: block k of its width) and takes the next free id or block
/// when an earlier rule's source holds it.
/// Returns the ids taken, start to end, for the pipelines that come after.
pub(super) fn allocate_server_ids(rules: &mut [RulePlan]) -> Result<BTreeMap<u64, u64>, Error> {
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
    Ok(used)
}

/// Without `flink.cdc.server-id` mysql-cdc picks a random id in 5400-6400 per source: two
/// sources of one job (a statement set) or beside sources with fixed ids may then clash.
pub(super) fn warn_random_server_ids(config: &Config, rules: &[RulePlan], warnings: &mut Vec<Warning>) {
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
pub(super) fn take_id(used: &mut BTreeMap<u64, u64>, spec: ServerId, k: u64) -> Result<String, ()> {
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

/// PostgreSQL's longest name is 63 bytes; postgres-cdc adds `_<subtask>` for the backfill slots
/// of an incremental snapshot (`<slot>_0`, `<slot>_1`, …): room for six digits is kept.
const SLOT_MAX: usize = 63 - 7;

/// One replication slot per postgres-cdc source (SPEC §11): slots cannot be shared by sources
/// running at the same time, so names are unique across all rules and files. A name is
/// `[a-z0-9_]` (what PostgreSQL accepts), made of the prefix (`flink.cdc.slot.name`, default
/// `flink`), the schema and the table, deterministic, and never ends in `_<digits>` (the
/// backfill slots' suffix). Where cutting to length or folding characters makes two names
/// equal, the later gets a short hash of its full name.
pub(super) fn allocate_slots(rules: &mut [RulePlan]) {
    let mut used: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    for r in rules.iter_mut() {
        let prefix = r.rule.cdc_option("slot.name").unwrap_or("flink");
        for t in r.targets.iter_mut() {
            // A table by its source name; a merged shard group by its StarRocks name.
            let (schema, table) = match t.sources.as_slice() {
                [one] => (one.db.as_str(), one.table.as_str()),
                _ => (t.db.as_str(), t.table.as_str()),
            };
            let full = format!("{}\u{0}{}\u{0}{schema}\u{0}{table}", prefix, t.catalog.as_deref().unwrap_or(""));
            let mut name = slot_name(&format!("{prefix}_{schema}_{table}"), None);
            let mut attempt = 0u32;
            while used.contains(&name) {
                name = slot_name(&format!("{prefix}_{schema}_{table}"), Some(&format!("{full}\u{0}{attempt}")));
                attempt += 1;
            }
            used.insert(name.clone());
            t.slot = Some(name);
        }
    }
}

/// `text` folded to `[a-z0-9_]` and cut to [`SLOT_MAX`]; with `hash_of`, the last 9 bytes are
/// `_h` and 7 hex digits of its FNV-1a hash. A name ending in `_<digits>` gets `_s`.
pub(super) fn slot_name(text: &str, hash_of: Option<&str>) -> String {
    let mut name: String =
        text.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
    let room = if hash_of.is_some() { SLOT_MAX - 9 } else { SLOT_MAX - 2 };
    name.truncate(room);
    if let Some(full) = hash_of {
        let hash = full.bytes().fold(0xcbf29ce484222325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100000001b3));
        name.push_str(&format!("_h{:07x}", hash & 0xfff_ffff));
    }
    let digits = name.trim_end_matches(|c: char| c.is_ascii_digit());
    if digits.len() < name.len() && digits.ends_with('_') {
        name.push_str("_s");
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slot_names_are_postgres_names_that_leave_room_for_the_backfill_suffix() {
        assert_eq!(slot_name("flink_public_Orders", None), "flink_public_orders");
        assert_eq!(slot_name("flink_shard_1_orders_1", None), "flink_shard_1_orders_1_s");
        assert_eq!(slot_name("flink_Sales_表", None), "flink_sales__");
        let long = slot_name(&"x".repeat(100), None);
        assert!(long.len() <= SLOT_MAX && long.bytes().all(|b| b == b'x'), "{long}");
        let hashed = slot_name(&"y".repeat(100), Some("full name"));
        assert!(hashed.len() <= SLOT_MAX, "{hashed}");
        assert!(hashed.starts_with("yyy") && hashed[hashed.len() - 9..].starts_with("_h"), "{hashed}");
        // `_h` keeps a hash of only digits from looking like a backfill suffix.
        assert!(!hashed.ends_with(|c: char| c.is_ascii_digit()) || hashed.contains("_h"));
    }
}
