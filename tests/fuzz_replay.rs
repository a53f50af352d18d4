//! The fuzzing smoke run of the test suite: every input the fuzzers kept (`fuzz/corpus/`) and
//! every crash they found (`fuzz/artifacts/`, each fixed since) goes through the same checks as
//! the fuzz targets — no panic, one-line errors, deterministic output — under plain `cargo test`.
//! Fuzz for real with `cargo +nightly fuzz run <config|column_type|render|pg_type>` (see fuzz/README.md).

use std::fs;
use std::path::PathBuf;

use arbitrary::{Arbitrary, Unstructured};

#[path = "../fuzz/fuzz_targets/shared.rs"]
mod shared;

fn inputs(target: &str) -> Vec<Vec<u8>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut out = Vec::new();
    for dir in ["corpus", "artifacts"] {
        let Ok(entries) = fs::read_dir(root.join(dir).join(target)) else { continue };
        let mut files: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
        files.sort();
        out.extend(files.iter().map(|f| fs::read(f).unwrap()));
    }
    out
}

#[test]
fn config_corpus_replays_cleanly() {
    let inputs = inputs("config");
    assert!(inputs.len() >= 40, "the config corpus is missing ({} inputs)", inputs.len());
    for data in inputs {
        shared::config(&data);
    }
}

#[test]
fn column_type_corpus_replays_cleanly() {
    let inputs = inputs("column_type");
    assert!(!inputs.is_empty(), "the column_type corpus is missing");
    for data in inputs {
        if let Ok(input) = shared::ColumnInput::arbitrary_take_rest(Unstructured::new(&data)) {
            shared::column_type(input);
        }
    }
}

#[test]
fn render_corpus_replays_cleanly() {
    let inputs = inputs("render");
    assert!(!inputs.is_empty(), "the render corpus is missing");
    for data in inputs {
        if let Ok(input) = shared::RenderInput::arbitrary_take_rest(Unstructured::new(&data)) {
            shared::render(input);
        }
    }
}

#[test]
fn pg_type_corpus_replays_cleanly() {
    let inputs = inputs("pg_type");
    assert!(inputs.len() >= 40, "the pg_type corpus is missing ({} inputs)", inputs.len());
    for data in inputs {
        if let Ok(input) = shared::PgColumnInput::arbitrary_take_rest(Unstructured::new(&data)) {
            shared::pg_type(input);
        }
    }
}
