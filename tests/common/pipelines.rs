//! The checks a generated set of pipelines must pass, evaluated with Flink CDC's own matching
//! rules ([`super::flinkcdc`]): used on the golden cases (tests/cdc3.rs) and on a real MariaDB
//! (tests/live.rs).

use std::collections::{BTreeMap, BTreeSet};

use smt_rs::config::CdcRelease;
use smt_rs::plan::Plan;
use yaml_rust2::{Yaml, YamlLoader};

use super::flinkcdc::{Route, Selector, source_reads};

pub fn parse(text: &str, name: &str) -> Yaml {
    let mut docs = YamlLoader::load_from_str(text).unwrap_or_else(|e| panic!("{name} is not YAML: {e}"));
    assert_eq!(docs.len(), 1, "{name}: one document");
    docs.remove(0)
}

pub fn str_of<'y>(y: &'y Yaml, key: &str) -> &'y str {
    y[key].as_str().unwrap_or_else(|| panic!("`{key}` is not a string: {y:?}"))
}

/// Every check of one case's pipelines against the tables `all` (every table of the source,
/// members and decoys), as Flink CDC evaluates them.
pub fn check_pipelines(
    plan: &Plan,
    release: CdcRelease,
    files: &[(String, String)],
    all: &[(String, String)],
    left_out: &[String],
) {
    let mut ids: BTreeMap<u64, String> = BTreeMap::new();
    for r in plan.rules.iter().filter(|r| !r.targets.is_empty()) {
        let name = format!("flink-cdc-pipeline.{}.yaml", r.rule.n);
        let Some((_, text)) = files.iter().find(|(n, _)| *n == name) else {
            continue;
        };
        let y = parse(text, &name);
        // The targets the pipeline carries: every one not left out with a warning.
        let carried: Vec<&smt_rs::plan::Target> = r
            .targets
            .iter()
            .filter(|t| !left_out.iter().any(|w| w.starts_with(&format!("{} is left out of {name}", t.label()))))
            .collect();
        let members: BTreeSet<(String, String)> =
            carried.iter().flat_map(|t| t.sources.iter().map(|m| (m.db.clone(), m.table.clone()))).collect();
        let binlog = y["source"]["scan.binlog.newly-added-table.enabled"].as_str() == Some("true");
        let read: BTreeSet<(String, String)> =
            source_reads(str_of(&y["source"], "tables"), binlog, all).into_iter().collect();
        assert_eq!(read, members, "{name}: the source must read exactly the members");
        // A table without a primary key at the source needs a chunk key: `selector:column`.
        let chunk_keys: Vec<(Selector, String)> = y["source"]["scan.incremental.snapshot.chunk.key-column"]
            .as_str()
            .map(|v| {
                v.split(';')
                    .map(|e| {
                        let (sel, col) = e.split_once(':').expect("db.table:column");
                        (Selector::parse(sel), col.to_string())
                    })
                    .collect()
            })
            .unwrap_or_default();
        for t in carried.iter().filter(|t| !t.source_has_pk) {
            for m in &t.sources {
                let keys: Vec<&String> =
                    chunk_keys.iter().filter(|(s, _)| s.matches(&m.db, &m.table)).map(|(_, c)| c).collect();
                let first = t.key_columns().next().unwrap().source_name.to_string();
                assert_eq!(keys, [&first], "{name}: {m} has no primary key and needs its chunk key");
            }
        }
        // Routes: the first matching one on 3.6 (FIRST_MATCH), the only matching one on 3.5.
        let v36 = release == CdcRelease::V3_6;
        let routes: Vec<Route> = y["route"]
            .as_vec()
            .map(|v| v.iter().map(|e| Route::parse(str_of(e, "source-table"), str_of(e, "sink-table"), v36)).collect())
            .unwrap_or_default();
        for t in &carried {
            for m in &t.sources {
                let hits: Vec<(String, String)> = routes.iter().filter_map(|r| r.route(&m.db, &m.table)).collect();
                if release == CdcRelease::V3_5 {
                    assert!(hits.len() <= 1, "{name}: {m} matches {} routes (ALL_MATCH fans out)", hits.len());
                }
                let to = hits.into_iter().next().unwrap_or_else(|| (m.db.clone(), m.table.clone()));
                assert_eq!(to, (t.db.clone(), t.table.clone()), "{name}: {m} is routed elsewhere");
            }
        }
        // Transforms: each reads exactly one target's members and projects its columns.
        if let Some(transforms) = y["transform"].as_vec() {
            for tr in transforms {
                let sel = Selector::parse(str_of(tr, "source-table"));
                let t = carried
                    .iter()
                    .find(|t| t.sources.iter().any(|m| sel.matches(&m.db, &m.table)))
                    .unwrap_or_else(|| panic!("{name}: a transform that reads no member"));
                let reads: BTreeSet<(String, String)> =
                    all.iter().filter(|(d, x)| sel.matches(d, x)).cloned().collect();
                let its: BTreeSet<(String, String)> =
                    t.sources.iter().map(|m| (m.db.clone(), m.table.clone())).collect();
                assert_eq!(reads, its, "{name}: a transform's source-table reads exactly its target's members");
                let projected = projected_names(str_of(tr, "projection"));
                let wanted: Vec<String> = {
                    let mut cols: Vec<&smt_rs::plan::TargetColumn> = t
                        .columns
                        .iter()
                        .filter(|c| !matches!(c.cdc3, smt_rs::types::cdc3::Carry::LeftOut(_)))
                        .collect();
                    cols.sort_by_key(|c| c.ordinal);
                    cols.iter().map(|c| c.name.to_string()).collect()
                };
                assert_eq!(projected, wanted, "{name}: the projection names the StarRocks columns");
            }
        }
        // server-id: a range as wide as the parallelism, shared with nothing else.
        let (a, b) = str_of(&y["source"], "server-id").split_once('-').expect("a range");
        let (a, b): (u64, u64) = (a.parse().unwrap(), b.parse().unwrap());
        assert_eq!(b - a + 1, u64::from(plan_parallelism(&y)), "{name}: the range is as wide as the parallelism");
        for id in a..=b {
            assert!(ids.insert(id, name.clone()).is_none(), "{name}: server id {id} is taken twice");
        }
        for t in &r.targets {
            if let Some(sid) = &t.server_id {
                let (a, b) = sid.split_once('-').map_or((sid.as_str(), sid.as_str()), |(a, b)| (a, b));
                for id in a.parse::<u64>().unwrap()..=b.parse::<u64>().unwrap() {
                    assert!(
                        !(ids.get(&id).is_some_and(|n| n.starts_with("flink-cdc"))),
                        "SQL source of {} takes pipeline id {id}",
                        t.label()
                    );
                }
            }
        }
    }
}

fn plan_parallelism(y: &Yaml) -> u32 {
    y["pipeline"]["parallelism"].as_i64().expect("parallelism is a number") as u32
}

/// The output names of a projection: `expr AS `name``, or a bare `` `name` ``.
fn projected_names(projection: &str) -> Vec<String> {
    let mut out = Vec::new();
    let (mut depth, mut quote, mut tick, mut start) = (0, false, false, 0);
    let bytes: Vec<char> = projection.chars().collect();
    let mut items = Vec::new();
    for (i, c) in bytes.iter().enumerate() {
        match c {
            '\'' if !tick => quote = !quote,
            '`' if !quote => tick = !tick,
            '(' if !quote && !tick => depth += 1,
            ')' if !quote && !tick => depth -= 1,
            ',' if !quote && !tick && depth == 0 => {
                items.push(bytes[start..i].iter().collect::<String>());
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(bytes[start..].iter().collect::<String>());
    for item in items {
        let item = item.trim();
        let name = match item.rfind(" AS `") {
            Some(i) => &item[i + 4..],
            None => item,
        };
        assert!(name.starts_with('`') && name.ends_with('`'), "projection item {item:?}");
        out.push(name[1..name.len() - 1].replace("``", "`"));
    }
    out
}
