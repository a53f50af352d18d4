//! Golden files: a case's `expected/` directory holds what it must produce;
//! `UPDATE_GOLDEN=1 cargo test` rewrites it — only on purpose, never in CI.

// Each test binary that includes this module uses a part of it.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use smt_rs::model::Snapshot;

/// Whether `UPDATE_GOLDEN=1` asks for the goldens to be rewritten (refused under CI).
pub fn update_requested() -> bool {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1");
    assert!(!(update && std::env::var_os("CI").is_some()), "UPDATE_GOLDEN must never be set in CI");
    update
}

/// Every file of `dir` by name (none when it does not exist).
pub fn read_files(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let Ok(entries) = fs::read_dir(dir) else { return out };
    for e in entries {
        let path = e.expect("readable directory entry").path();
        let name = path.file_name().expect("file name").to_string_lossy().into_owned();
        out.insert(name, fs::read_to_string(&path).expect("a text file"));
    }
    out
}

/// `actual` against the files of `expected_dir`, one message per mismatch (missing, extra and
/// differing files, with a unified diff); with `update`, `expected_dir` is rewritten instead.
pub fn compare_or_update(
    case: &str,
    expected_dir: &Path,
    actual: &BTreeMap<String, String>,
    update: bool,
) -> Vec<String> {
    if update {
        let _ = fs::remove_dir_all(expected_dir);
        fs::create_dir_all(expected_dir).expect("create expected/");
        for (name, content) in actual {
            fs::write(expected_dir.join(name), content).expect("write golden file");
        }
        return Vec::new();
    }
    let expected = read_files(expected_dir);
    let mut failures = Vec::new();
    for name in expected.keys().chain(actual.keys()).collect::<BTreeSet<_>>() {
        match (expected.get(name), actual.get(name)) {
            (Some(e), Some(a)) if e == a => {}
            (Some(e), Some(a)) => {
                let diff = similar::TextDiff::from_lines(e, a).unified_diff().context_radius(2).to_string();
                failures.push(format!("{case}/{name} differs (- expected, + actual):\n{diff}"));
            }
            (Some(_), None) => failures.push(format!("{case}/{name}: expected but not produced")),
            (None, Some(_)) => failures.push(format!("{case}/{name}: produced but not expected")),
            (None, None) => unreachable!(),
        }
    }
    failures
}

/// A snapshot without what a live read cannot reproduce: the server version and the size
/// statistics of every table (MySQL databases' and PostgreSQL schemas' alike).
pub fn without_stats(mut s: Snapshot) -> Snapshot {
    s.source.server_version.clear();
    for db in &mut s.databases {
        for t in db.tables.iter_mut().chain(db.schemas.iter_mut().flat_map(|schema| schema.tables.iter_mut())) {
            t.rows = None;
            t.data_bytes = None;
        }
    }
    s
}
