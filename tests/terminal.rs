//! What a person sees: the warnings on stderr (order, grouping, "… and N more", the closing
//! summary), `-v`, the JSON summary, `check`, and the progress display in a real pseudo-terminal.
//!
//! The pinned texts live in `testdata/warning_kinds/terminal/`; `UPDATE_GOLDEN=1` rewrites them.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use smt_rs::diag::{Kind, Severity};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The case's config and snapshot copied into a fresh directory, so messages name
/// `config.conf` and the summary names `out/…`, whatever the checkout's path.
fn case_dir() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for f in ["config.conf", "schema.json"] {
        fs::copy(root().join("testdata/warning_kinds").join(f), tmp.path().join(f)).unwrap();
    }
    tmp
}

fn smt(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_smt-rs"))
        .args(["-c", "config.conf"])
        .args(args)
        .current_dir(dir)
        .env_remove("SMT_CONFIG")
        .output()
        .expect("run smt-rs")
}

/// Compare with (or, under `UPDATE_GOLDEN=1`, rewrite) a pinned file.
fn pinned(name: &str, actual: &str) {
    let path = root().join("testdata/warning_kinds/terminal").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        assert!(std::env::var_os("CI").is_none(), "UPDATE_GOLDEN must never be set in CI");
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, actual).unwrap();
        return;
    }
    let expected = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if expected != actual {
        let diff = similar::TextDiff::from_lines(&expected, actual).unified_diff().context_radius(2).to_string();
        panic!("{name} differs (- pinned, + actual):\n{diff}");
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8 output")
}

#[test]
fn default_stderr_puts_what_fails_first_and_counts_the_rest() {
    let dir = case_dir();
    let o = smt(dir.path(), &["generate", "--schema", "schema.json", "-o", "out"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    pinned("stderr.txt", &err);

    // Every config and load warning in full, before any value warning; no notes.
    let lines: Vec<&str> = err.lines().take_while(|l| l.starts_with("warning[")).collect();
    let severity = |l: &str| {
        let kind = l.strip_prefix("warning[").and_then(|l| l.split_once(']')).map(|(k, _)| k).unwrap();
        Kind::from_name(kind).unwrap().severity()
    };
    let severities: Vec<Severity> = lines.iter().map(|l| severity(l)).collect();
    assert!(severities.windows(2).all(|w| w[0] <= w[1]), "most severe first: {err}");
    assert!(!severities.contains(&Severity::Note), "notes only with -v: {err}");
    assert!(err.contains("warning[binary-base64]: … and 3 more (-v shows every line)\n"), "{err}");
    let verbose = text(&smt(dir.path(), &["-v", "generate", "--schema", "schema.json", "-o", "out"]).stderr);
    for l in verbose.lines().filter(|l| l.starts_with("warning[")) {
        if matches!(severity(l), Severity::Config | Severity::Load) {
            assert!(err.contains(l), "a {:?} warning is missing by default: {l}", severity(l));
        }
    }
    // The closing table: each kind once, with its count.
    assert!(
        err.contains("  binary-base64             value         6  `binary_as_text` for columns that hold text\n"),
        "{err}"
    );
}

#[test]
fn verbose_stderr_shows_every_warning_and_the_same_summary() {
    let dir = case_dir();
    let o = smt(dir.path(), &["-v", "generate", "--schema", "schema.json", "-o", "out"]);
    assert!(o.status.success());
    // Timings vary: keep the warnings and the summary.
    let err: String = text(&o.stderr)
        .lines()
        .filter(|l| !l.starts_with("read ") && !l.starts_with("plan: ") && !l.starts_with("wrote "))
        .map(|l| format!("{l}\n"))
        .collect();
    pinned("stderr-verbose.txt", &err);
    let json = smt(dir.path(), &["-q", "generate", "--schema", "schema.json", "-o", "out", "--summary", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let warnings = v["warnings"].as_array().unwrap();
    assert_eq!(err.lines().filter(|l| l.starts_with("warning[")).count(), warnings.len(), "every warning once");
    // Every kind a MySQL snapshot can produce is here (`skipped` needs a live read:
    // tests/live.rs; the PostgreSQL kinds are in testdata/pg_all, tests/pg_live.rs; the
    // drift kinds come from `diff`: testdata/drift, tests/drift.rs; the pipeline kinds from
    // `cdc_pipeline`: testdata/cdc3_*, tests/cdc3.rs).
    let elsewhere = [
        Kind::PipelineTableLeftOut,
        Kind::PipelineColumnLeftOut,
        Kind::PipelineFraction,
        Kind::PipelineOptionDropped,
        Kind::DriftRebuild,
        Kind::DriftNullable,
        Kind::DriftAddedNullable,
        Kind::DriftDefault,
        Kind::DriftComment,
        Kind::DriftDroppedTable,
        Kind::Skipped,
        Kind::UnloggedSkipped,
        Kind::ArrayConnector,
        Kind::NumericUnconstrained,
        Kind::UtcWallClock,
        Kind::GeneratedColumn,
        Kind::ColumnLeftOut,
    ];
    for kind in Kind::ALL.iter().filter(|k| !elsewhere.contains(k)) {
        assert!(err.contains(&format!("warning[{kind}]: ")), "no {kind} warning in the case");
    }
}

#[test]
fn json_summary_carries_kind_severity_object_and_message() {
    let dir = case_dir();
    let o = smt(dir.path(), &["-q", "generate", "--schema", "schema.json", "-o", "out", "--summary", "json"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(o.stderr.is_empty(), "-q silences warnings: {}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    pinned("summary.json", &(serde_json::to_string_pretty(&v["warnings"]).unwrap() + "\n"));
    let first = &v["warnings"][0];
    assert_eq!(first["kind"], "unknown-key");
    assert_eq!(first["severity"], "config");
    assert_eq!(first["object"], serde_json::json!({"rule": "[other]"}));
    let clamp = v["warnings"].as_array().unwrap().iter().find(|w| w["kind"] == "decimal-clamped").unwrap();
    assert_eq!(clamp["object"], serde_json::json!({"database": "shop", "table": "orders", "column": "amount"}));
}

#[test]
fn deny_turns_chosen_kinds_into_exit_4_and_writes_nothing() {
    let dir = case_dir();
    let conf = dir.path().join("config.conf");
    let base = fs::read_to_string(&conf).unwrap();
    for (deny, says) in [
        ("key-too-long", "[other] `deny` refuses warning `key-too-long` (load): `shop`.`orders`: the primary key"),
        ("load", "refuses warning `no-primary-key` (load): `shop`.`events` has no primary"),
        ("unknown-key", "refuses warning `unknown-key` (config)"),
    ] {
        fs::write(&conf, base.replace("use_decimal_v3 = false", &format!("use_decimal_v3 = false\ndeny = {deny}")))
            .unwrap();
        let o = smt(dir.path(), &["generate", "--schema", "schema.json", "-o", "out"]);
        assert_eq!(o.status.code(), Some(4), "{deny}: {}", text(&o.stderr));
        let err = text(&o.stderr);
        let last = err.lines().last().unwrap();
        assert!(last.starts_with("error: ") && last.contains(says), "{deny}: {err}");
        assert!(!dir.path().join("out").exists(), "{deny}: nothing written");
    }
    fs::write(&conf, base.replace("use_decimal_v3 = false", "use_decimal_v3 = false\ndeny = key-to-long")).unwrap();
    let o = smt(dir.path(), &["generate", "--schema", "schema.json", "-o", "out"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr)
            .contains("`deny`: `key-to-long` is not a warning kind or severity; did you mean `key-too-long`?")
    );
    // A kind the run does not produce changes nothing.
    fs::write(&conf, base.replace("use_decimal_v3 = false", "use_decimal_v3 = false\ndeny = skipped")).unwrap();
    assert!(smt(dir.path(), &["-q", "generate", "--schema", "schema.json", "-o", "out"]).status.success());
}

#[path = "common/pty.rs"]
mod pty;

/// A snapshot of `tables` tables in one database, each with a key and a few columns.
fn big_snapshot(tables: usize) -> String {
    let table = |i: usize| {
        format!(
            r#"{{"name": "t{i:05}_x", "primary_key": ["id"], "columns": [{{"name": "id", "data_type": "int", "column_type": "int", "nullable": false}}, {{"name": "name", "data_type": "varchar", "column_type": "varchar(40)", "nullable": true, "char_max_length": 40, "char_octet_length": 160}}, {{"name": "at", "data_type": "datetime", "column_type": "datetime", "nullable": true}}]}}"#
        )
    };
    let tables: Vec<String> = (0..tables).map(table).collect();
    format!(
        r#"{{"format_version": 1, "source": {{"type": "mysql"}}, "databases": [{{"name": "big", "tables": [{}]}}]}}"#,
        tables.join(",")
    )
}

/// The progress display, watched in a real terminal: phases with tables done / total, never an
/// empty `0/0` bar, and nothing left on the screen once the run is done.
#[test]
fn progress_shows_the_phase_and_counts_on_a_terminal_then_clears() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("schema.json"), big_snapshot(4000)).unwrap();
    fs::write(
        dir.path().join("config.conf"),
        "[db]\nhost = h\n[table-rule.1]\ndatabase = ^big$\ntable = .*\nflink.starrocks.jdbc-url = j\n\
         flink.starrocks.load-url = l\nflink.starrocks.username = u\nflink.starrocks.sink.properties.format = json\n",
    )
    .unwrap();
    let args = ["-c", "config.conf", "generate", "--schema", "schema.json", "-o", "out"];
    let screens = pty::run(dir.path(), &args, &[("SMT_PROGRESS_AFTER_MS", "0")]);
    assert!(screens.exit_ok, "{}", screens.last);
    let all = screens.frames.join("\n----\n");
    assert!(
        screens.frames.iter().any(|f| f.contains("planning: ") || f.contains("writing: ")),
        "no phase was shown:\n{all}"
    );
    let counted = regex::Regex::new(r"(planning|writing): [0-9,]+/4,000 tables \([0-9]+s\)").unwrap();
    assert!(screens.frames.iter().any(|f| counted.is_match(f)), "no tables done / total:\n{all}");
    assert!(!all.contains("0/0"), "an empty bar was drawn:\n{all}");
    // Cleared when done: the last screen holds the summary line, not the spinner.
    assert!(screens.last.contains("4000 tables → 4000 targets"), "{}", screens.last);
    assert!(!screens.last.contains("planning") && !screens.last.contains("writing:"), "{}", screens.last);

    // Not a terminal (or -q): nothing but the summary.
    let o = Command::new(env!("CARGO_BIN_EXE_smt-rs"))
        .args(args)
        .current_dir(dir.path())
        .env("SMT_PROGRESS_AFTER_MS", "0")
        .output()
        .unwrap();
    assert!(o.stderr.is_empty(), "{}", text(&o.stderr));
    let quiet = pty::run(
        dir.path(),
        &["-q", "-c", "config.conf", "generate", "--schema", "schema.json", "-o", "out"],
        &[("SMT_PROGRESS_AFTER_MS", "0")],
    );
    assert!(quiet.frames.iter().all(|f| !f.contains("tables (")), "-q draws nothing");
}
