//! `flink.cdc.server-id`: one id (or block) per source, unique across rules and files.

use std::collections::BTreeMap;

use super::RulePlan;
use crate::config::{Config, ServerId};
use crate::diag::{Kind, Object, Warning};
use crate::error::Error;

/// `flink.cdc.server-id` for every source, so that no two sources share an id — in one file, in
/// the `.all` file, or across the per-rule files run side by side: the k-th source of a rule
/// asks for `id + k` (a range `a-b`: block k of its width) and takes the next free id or block
/// when an earlier rule's source holds it.
pub(super) fn allocate_server_ids(rules: &mut [RulePlan]) -> Result<(), Error> {
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
