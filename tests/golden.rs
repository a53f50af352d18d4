//! Golden tests: every `testdata/<case>/` holds `config.conf` + `schema.json` and the expected
//! output under `expected/`: the generated files and `warnings.txt`, or `error.txt` (exit code
//! and message) for a case that must fail. Missing and extra files fail the test.
//!
//! `UPDATE_GOLDEN=1 cargo test --test golden` rewrites `expected/` — only on purpose, never in CI.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use smt_rs::{app, config, model::Snapshot};

mod common {
    pub mod golden;
}
use common::golden;

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
    let mut dirs: Vec<PathBuf> = fs::read_dir(&root)
        .expect("testdata/ exists")
        .map(|e| e.expect("readable testdata entry").path())
        .filter(|p| p.join("config.conf").exists())
        .collect();
    dirs.sort();
    dirs
}

/// Run a case in-process with an empty environment, so `${VAR}` cases are deterministic.
fn run_case(dir: &Path) -> BTreeMap<String, String> {
    let read =
        |name: &str| fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{}: {e}", dir.join(name).display()));
    let result = config::parse(&read("config.conf"), "config.conf", &|_| None).and_then(|parsed| {
        let snapshot = Snapshot::from_json(&read("schema.json"), "schema.json")?;
        let generated = app::build(&parsed.config, snapshot)?;
        Ok((parsed.warnings, generated))
    });
    let mut out = BTreeMap::new();
    match result {
        Ok((config_warnings, generated)) => {
            for f in generated.files {
                out.insert(f.name, f.content.to_string());
            }
            // Every warning, as `-v` prints them (kinds included), in the order they were made.
            let warnings: String = config_warnings
                .iter()
                .chain(&generated.warnings)
                .map(|w| format!("{}\n", smt_rs::report::line(w)))
                .collect();
            out.insert("warnings.txt".into(), warnings);
        }
        Err(e) => {
            out.insert("error.txt".into(), format!("exit {}: {e}\n", e.exit_code()));
        }
    }
    out
}

#[test]
fn golden_cases_match_expected_output() {
    let update = golden::update_requested();
    let mut failures = Vec::new();
    let cases = cases();
    assert!(cases.len() >= 25, "expected the golden cases under testdata/, found {}", cases.len());
    for dir in &cases {
        let case = dir.file_name().expect("case name").to_string_lossy().into_owned();
        let actual = run_case(dir);
        failures.extend(golden::compare_or_update(&case, &dir.join("expected"), &actual, update));
    }
    assert!(failures.is_empty(), "{} golden mismatches:\n{}", failures.len(), failures.join("\n"));
}

/// Same input twice → byte-identical output (SPEC §9), independent of snapshot order.
#[test]
fn output_is_deterministic_whatever_the_snapshot_order() {
    for dir in cases() {
        let first = run_case(&dir);
        if first.contains_key("error.txt") {
            continue;
        }
        let text = fs::read_to_string(dir.join("schema.json")).expect("schema");
        let Ok(mut value) = serde_json::from_str::<serde_json::Value>(&text) else {
            continue;
        };
        if let Some(dbs) = value.get_mut("databases").and_then(|d| d.as_array_mut()) {
            dbs.reverse();
            for db in dbs.iter_mut() {
                if let Some(tables) = db.get_mut("tables").and_then(|t| t.as_array_mut()) {
                    tables.reverse();
                }
            }
        }
        let tmp = tempfile::tempdir().expect("tempdir");
        fs::copy(dir.join("config.conf"), tmp.path().join("config.conf")).expect("copy config");
        fs::write(tmp.path().join("schema.json"), serde_json::to_string(&value).expect("json")).expect("write");
        assert_eq!(first, run_case(tmp.path()), "{}", dir.display());
    }
}
