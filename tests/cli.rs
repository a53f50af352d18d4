//! The binary as users run it: exit codes, one-line errors, atomic output, file modes, summary.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use smt_rs::output::OutFile;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn smt(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_smt-rs")).args(args).env_remove("SMT_CONFIG").output().expect("run smt-rs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The last stderr line is the error; it must be exactly one line starting with `error: `.
fn one_line_error(o: &Output, code: i32) -> String {
    assert_eq!(o.status.code(), Some(code), "stderr: {}", stderr(o));
    let err = stderr(o);
    // Warnings and their summary table may come first; the error is the one last line.
    let errors: Vec<&str> = err.lines().filter(|l| l.starts_with("error")).collect();
    assert_eq!(errors.len(), 1, "expected one error line, got: {err}");
    assert_eq!(err.lines().last(), Some(errors[0]), "the error is the last line: {err}");
    assert!(errors[0].starts_with("error: "), "{err}");
    assert!(!err.contains("panicked") && !err.contains("RUST_BACKTRACE"), "{err}");
    errors[0].to_string()
}

/// `smt-rs -c CONF generate --schema SCHEMA -o OUT EXTRA…`
fn generate(conf: &Path, schema: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["-c", conf.to_str().unwrap(), "generate", "--schema", schema.to_str().unwrap()];
    args.extend(["-o", out.to_str().unwrap()]);
    args.extend_from_slice(extra);
    smt(&args)
}

fn example(out: &Path, extra: &[&str]) -> Output {
    generate(&root().join("examples/config_prod.conf"), &root().join("examples/schema.json"), out, extra)
}

fn listing(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (e.file_name().to_string_lossy().into_owned(), fs::read(e.path()).unwrap_or_default())
        })
        .collect();
    v.sort();
    v
}

#[test]
fn example_generates_the_four_files_with_private_flink_files() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("result");
    let o = example(&out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let names: Vec<String> = listing(&out).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        ["flink-create.1.sql", "flink-create.all.sql", "starrocks-create.1.sql", "starrocks-create.all.sql"]
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |n: &str| fs::metadata(out.join(n)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode("flink-create.1.sql"), 0o600);
        assert_eq!(mode("flink-create.all.sql"), 0o600);
        assert_eq!(mode("starrocks-create.1.sql"), 0o644);
    }
    // Nothing left beside the output directory.
    let siblings: Vec<String> = listing(tmp.path()).into_iter().map(|(n, _)| n).collect();
    assert_eq!(siblings, ["result"]);
}

#[test]
fn json_summary_lists_counts_warnings_and_files() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("result");
    let o = example(&out, &["--summary", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("stdout is one JSON document");
    assert_eq!(v["tables"], 5);
    assert_eq!(v["targets"], 5);
    assert_eq!(v["shards"], 0, "the example has no shard tables");
    assert_eq!(v["skipped"], serde_json::json!([]));
    // Each warning is an object CI can gate on: kind, severity, the object it names, the message.
    let warnings = v["warnings"].as_array().unwrap();
    let no_key = warnings.iter().find(|w| w["kind"] == "no-primary-key").expect("the audit_log warning");
    assert_eq!(no_key["severity"], "load");
    assert_eq!(no_key["object"], serde_json::json!({"database": "shop", "table": "audit_log"}));
    assert!(no_key["message"].as_str().unwrap().contains("`shop`.`audit_log` has no primary"), "{no_key}");
    for w in warnings {
        let kind = w["kind"].as_str().unwrap();
        let known = smt_rs::diag::Kind::from_name(kind).unwrap_or_else(|| panic!("unknown kind {kind}"));
        assert_eq!(w["severity"], known.severity().name(), "{w}");
    }
    assert_eq!(v["files"].as_array().unwrap().len(), 4);
}

/// With one rule the `.all` files hold the rule's bytes (written once, hard-linked) and keep
/// their modes; a rerun replaces linked files like any others.
#[test]
fn one_rule_all_files_equal_the_rule_files() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("result");
    for _ in 0..2 {
        let o = example(&out, &[]);
        assert!(o.status.success(), "{}", stderr(&o));
        for kind in ["starrocks", "flink"] {
            let rule = fs::read(out.join(format!("{kind}-create.1.sql"))).unwrap();
            let all = fs::read(out.join(format!("{kind}-create.all.sql"))).unwrap();
            assert!(rule.len() > 100 && rule == all, "{kind}");
        }
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |n: &str| fs::metadata(out.join(n)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode("flink-create.all.sql"), 0o600);
        assert_eq!(mode("starrocks-create.all.sql"), 0o644);
    }
}

#[test]
fn rerun_replaces_the_output_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("result");
    assert!(example(&out, &[]).status.success());
    let first = listing(&out);
    assert!(example(&out, &[]).status.success());
    assert_eq!(first, listing(&out));
}

#[test]
fn config_error_exits_2_and_leaves_previous_output_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("result");
    assert!(example(&out, &[]).status.success());
    let before = listing(&out);
    let bad = tmp.path().join("bad.conf");
    fs::write(&bad, "[db]\nhost = h\n[other]\nbe_num = zero\n").unwrap();
    let schema = root().join("examples/schema.json");
    let o = generate(&bad, &schema, &out, &[]);
    let line = one_line_error(&o, 2);
    assert!(line.contains("bad.conf` line 4: [other] `be_num`: `zero` is not a positive integer"), "{line}");
    assert_eq!(before, listing(&out));
}

#[test]
fn missing_config_file_exits_2_naming_it() {
    let o = smt(&["-c", "/nonexistent/smt.conf", "generate", "--schema", "x.json"]);
    let line = one_line_error(&o, 2);
    assert!(line.contains("cannot read config `/nonexistent/smt.conf`"), "{line}");
}

#[test]
fn default_config_path_is_smts() {
    let tmp = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_smt-rs"))
        .args(["generate", "--schema", "s.json"])
        .current_dir(tmp.path())
        .env_remove("SMT_CONFIG")
        .output()
        .unwrap();
    assert!(one_line_error(&o, 2).contains("`conf/config_prod.conf`"));
}

#[test]
fn bad_snapshot_exits_2_naming_file_and_path() {
    let tmp = tempfile::tempdir().unwrap();
    let schema = tmp.path().join("s.json");
    fs::write(
        &schema,
        r#"{"format_version": 1, "source": {"type": "mysql"}, "databases": [{"name": "d", "tables": 3}]}"#,
    )
    .unwrap();
    let conf = root().join("examples/config_prod.conf");
    let o = generate(&conf, &schema, &tmp.path().join("r"), &[]);
    let line = one_line_error(&o, 2);
    assert!(line.contains("s.json` at `databases[0].tables`: invalid type"), "{line}");
    assert!(!tmp.path().join("r").exists());
}

#[test]
fn nothing_matched_exits_4_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let conf = tmp.path().join("c.conf");
    let text = fs::read_to_string(root().join("examples/config_prod.conf"))
        .unwrap()
        .replace("database = ^shop$", "database = ^nope$");
    fs::write(&conf, text).unwrap();
    let schema = root().join("examples/schema.json");
    let out = tmp.path().join("r");
    let o = generate(&conf, &schema, &out, &[]);
    assert!(one_line_error(&o, 4).contains("no source table matches"));
    assert!(!out.exists());
}

#[test]
fn strict_mode_refuses_an_unmappable_type_with_exit_4() {
    let tmp = tempfile::tempdir().unwrap();
    let conf = tmp.path().join("c.conf");
    let text = fs::read_to_string(root().join("testdata/all_types/config.conf"))
        .unwrap()
        .replace("[other]\n", "[other]\nstrict = true\n");
    fs::write(&conf, text).unwrap();
    let schema = root().join("testdata/all_types/schema.json");
    let o = generate(&conf, &schema, &tmp.path().join("r"), &[]);
    let line = one_line_error(&o, 4);
    assert!(line.contains("`demo`.`all_types`.`c_decimal_65_30`") && line.contains("strict = true"), "{line}");
}

#[test]
fn output_path_that_is_a_file_exits_5() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("result");
    fs::write(&out, "not a directory").unwrap();
    let line = one_line_error(&example(&out, &[]), 5);
    assert!(line.contains("exists and is not a directory"), "{line}");
    assert_eq!(fs::read_to_string(&out).unwrap(), "not a directory");
}

#[test]
fn output_dir_with_foreign_files_is_not_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("result");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("notes.txt"), "mine").unwrap();
    let line = one_line_error(&example(&out, &[]), 5);
    assert!(line.contains("`notes.txt`, which smt-rs did not write"), "{line}");
    assert_eq!(fs::read_to_string(out.join("notes.txt")).unwrap(), "mine");
}

#[test]
fn failed_write_keeps_previous_output_and_leaves_no_temp_dir() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("result");
    assert!(example(&out, &[]).status.success());
    let before = listing(&out);
    let file = |name: &str| OutFile { name: name.into(), content: "x".into(), secret: false };
    // The second file cannot be created (its directory does not exist): an injected write error.
    let err = smt_rs::write::write_atomic(
        &out,
        smt_rs::write::Files::Generate,
        &[file("starrocks-create.1.sql"), file("missing/flink-create.1.sql")],
    )
    .unwrap_err();
    assert_eq!(err.exit_code(), 5);
    assert!(err.to_string().contains("cannot write `missing/flink-create.1.sql`"), "{err}");
    assert_eq!(before, listing(&out));
    let siblings: Vec<String> = listing(tmp.path()).into_iter().map(|(n, _)| n).collect();
    assert_eq!(siblings, ["result"], "temporary directories must be cleaned up");
}

#[test]
fn passwords_never_reach_stderr_or_stdout() {
    let tmp = tempfile::tempdir().unwrap();
    let conf = tmp.path().join("c.conf");
    let text = fs::read_to_string(root().join("examples/config_prod.conf"))
        .unwrap()
        .replace("password =", "password = Sup3rSecret!")
        .replace("be_num = 3", "be_num = 3\nbe_nmu = 4");
    fs::write(&conf, text).unwrap();
    let schema = root().join("examples/schema.json");
    let o = smt(&[
        "-c",
        conf.to_str().unwrap(),
        "-v",
        "generate",
        "--schema",
        schema.to_str().unwrap(),
        "-o",
        tmp.path().join("r").to_str().unwrap(),
        "--summary",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("did you mean `be_num`?"));
    for stream in [&o.stdout, &o.stderr] {
        assert!(!String::from_utf8_lossy(stream).contains("Sup3rSecret"));
    }
}

#[test]
fn init_prints_a_config_that_generates() {
    let tmp = tempfile::tempdir().unwrap();
    let o = smt(&["init"]);
    assert!(o.status.success());
    let conf = tmp.path().join("c.conf");
    fs::write(&conf, &o.stdout).unwrap();
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("[table-rule.1]") && text.lines().filter(|l| l.starts_with('#')).count() > 10);
    // The sample's rule matches database `demo`; point it at the example schema.
    let conf_text = fs::read_to_string(&conf).unwrap().replace("database = ^demo$", "database = ^shop$");
    fs::write(&conf, conf_text).unwrap();
    let schema = root().join("examples/schema.json");
    let g = smt(&[
        "-c",
        conf.to_str().unwrap(),
        "-q",
        "generate",
        "--schema",
        schema.to_str().unwrap(),
        "-o",
        tmp.path().join("r").to_str().unwrap(),
    ]);
    assert!(g.status.success(), "{}", stderr(&g));
    assert!(g.stderr.is_empty(), "-q silences warnings: {}", stderr(&g));
}

#[test]
fn unknown_subcommand_is_a_usage_error() {
    assert_eq!(smt(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn redact_writes_placeholders_instead_of_passwords() {
    let tmp = tempfile::tempdir().unwrap();
    let conf = tmp.path().join("c.conf");
    let text = fs::read_to_string(root().join("examples/config_prod.conf"))
        .unwrap()
        .replace("password =\n", "password = S0urceSecret\n")
        .replace("flink.starrocks.password=", "flink.starrocks.password=S1nkSecret");
    fs::write(&conf, text).unwrap();
    let out = tmp.path().join("r");
    let o = generate(&conf, &root().join("examples/schema.json"), &out, &["--redact"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let all: String = listing(&out).into_iter().map(|(_, c)| String::from_utf8(c).unwrap()).collect();
    assert!(!all.contains("S0urceSecret") && !all.contains("S1nkSecret"));
    let flink = fs::read_to_string(out.join("flink-create.1.sql")).unwrap();
    assert!(flink.contains("'password' = '${SMT_SOURCE_PASSWORD}'"), "{flink}");
    assert!(flink.contains("'password' = '${SMT_SINK_PASSWORD}'"), "{flink}");
    // Without --redact the passwords are there (the files are 0600 for that reason).
    let o = generate(&conf, &root().join("examples/schema.json"), &out, &[]);
    assert!(o.status.success());
    assert!(fs::read_to_string(out.join("flink-create.1.sql")).unwrap().contains("'password' = 'S0urceSecret'"));
}

#[test]
fn names_with_newlines_still_give_one_line_messages() {
    let tmp = tempfile::tempdir().unwrap();
    let schema = tmp.path().join("s.json");
    let text = fs::read_to_string(root().join("examples/schema.json")).unwrap().replacen(
        "\"name\": \"orders\"",
        "\"name\": \"ord\\ners\"",
        1,
    );
    let text = text.replacen("\"name\": \"customers\"", "\"name\": \"ord\\ners\"", 1);
    fs::write(&schema, text).unwrap();
    let o = generate(&root().join("examples/config_prod.conf"), &schema, &tmp.path().join("r"), &[]);
    let line = one_line_error(&o, 2);
    assert!(line.contains("duplicate table `ord\\ners`"), "{line}");
}

/// Killed at any moment, a run leaves either the previous output or the new one, complete; the
/// next run cleans up whatever the killed one left beside it.
#[test]
fn a_run_killed_mid_write_never_leaves_a_partial_output() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("result");
    assert!(example(&out, &[]).status.success());
    let before = listing(&out);
    // A bigger schema, so that writing takes long enough to be interrupted.
    let mut snap: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(root().join("examples/schema.json")).unwrap()).unwrap();
    let tables = snap["databases"][0]["tables"].as_array().unwrap().clone();
    let many: Vec<serde_json::Value> = (0..3000)
        .map(|i| {
            let mut t = tables[i % tables.len()].clone();
            t["name"] = format!("t{i:05}x").into();
            t
        })
        .collect();
    snap["databases"][0]["tables"] = many.into();
    let schema = tmp.path().join("big.json");
    fs::write(&schema, snap.to_string()).unwrap();
    let conf = root().join("examples/config_prod.conf");
    for delay_ms in [5, 40, 80, 120, 200, 400] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_smt-rs"))
            .args([
                "-q",
                "-c",
                conf.to_str().unwrap(),
                "generate",
                "--schema",
                schema.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
            ])
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        // Recovery happens on the next write; until then the output may have been moved aside.
        if !out.exists() {
            assert!(example(&out, &[]).status.success());
        }
        let now = listing(&out);
        let complete =
            now == before || now.iter().any(|(n, c)| n == "starrocks-create.all.sql" && c.ends_with(b");\n"));
        assert!(
            complete,
            "killed after {delay_ms} ms: partial output {:?}",
            now.iter().map(|(n, c)| (n, c.len())).collect::<Vec<_>>()
        );
    }
    assert!(example(&out, &[]).status.success());
    assert_eq!(listing(&out), before);
    let siblings: Vec<String> =
        listing(tmp.path()).into_iter().map(|(n, _)| n).filter(|n| n.starts_with('.')).collect();
    assert!(siblings.is_empty(), "left behind: {siblings:?}");
}

/// A container with a low process limit refuses new threads: generation then runs on one thread
/// and writes the same files, with no panic. RLIMIT_NPROC does not bind root, so as root (the
/// project's test command runs as root: it may install MariaDB) the run is made as `nobody`.
#[test]
fn a_process_limit_that_refuses_threads_still_generates_the_same_files() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let schema = dir.join("schema.json");
    // Enough tables for every stage to want more than one thread.
    let table = |i: usize| {
        format!(
            r#"{{"name": "t{i:04}x", "primary_key": ["id"], "columns": [{{"name": "id", "data_type": "int", "column_type": "int", "nullable": false}}, {{"name": "v", "data_type": "varchar", "column_type": "varchar(10)", "nullable": true}}]}}"#
        )
    };
    let tables: Vec<String> = (0..600).map(table).collect();
    fs::write(
        &schema,
        format!(
            r#"{{"format_version": 1, "source": {{"type": "mysql"}}, "databases": [{{"name": "shop", "tables": [{}]}}]}}"#,
            tables.join(",")
        ),
    )
    .unwrap();
    let conf = dir.join("c.conf");
    fs::copy(root().join("examples/config_prod.conf"), &conf).unwrap();
    let free = generate(&conf, &schema, &dir.join("free"), &["-q"]);
    assert!(free.status.success(), "{}", stderr(&free));
    let as_root = Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    let limited = if as_root {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o777)).unwrap();
        // `exec`: the shell and smt-rs are one process; the limit leaves room for one thread.
        let script = format!(
            "ulimit -u 2 && exec {} -q -c {} generate --schema {} -o {}",
            env!("CARGO_BIN_EXE_smt-rs"),
            conf.display(),
            schema.display(),
            dir.join("limited").display()
        );
        Command::new("runuser").args(["-u", "nobody", "--", "bash", "-c", &script]).output().expect("runuser")
    } else {
        panic!("run this test as root (scripts/test.sh does), where RLIMIT_NPROC can be applied to `nobody`");
    };
    assert!(limited.status.success(), "{}", stderr(&limited));
    assert!(!stderr(&limited).contains("panicked"), "{}", stderr(&limited));
    assert_eq!(listing(&dir.join("free")), listing(&dir.join("limited")));
}

/// A snapshot of one source kind under a config for the other: one line naming both, exit 2.
#[test]
fn a_snapshot_of_another_source_kind_is_a_config_error() {
    let tmp = tempfile::tempdir().unwrap();
    let out = generate(
        &root().join("testdata/pg_all/config.conf"),
        &root().join("testdata/all_types/schema.json"),
        &tmp.path().join("out"),
        &[],
    );
    let err = one_line_error(&out, 2);
    assert!(err.contains("describes a MySQL-family source") && err.contains("`type` is PostgreSQL"), "{err}");
    assert!(!tmp.path().join("out").exists(), "nothing written");
}
