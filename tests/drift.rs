//! `smt-rs diff` and `generate --check` as users run them (SPEC §12).
//!
//! Every `testdata/drift/<case>/` holds `config.conf`, `old.json` and `new.json` (for the live
//! case also `before.sql` and `after.sql`, which make them on a real MariaDB: tests/live.rs) and
//! under `expected/` the files `diff` writes, its JSON summary (`summary.json`) and its `-v`
//! stderr (`warnings.txt`). `UPDATE_GOLDEN=1 cargo test --test drift` rewrites `expected/`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common {
    pub mod golden;
}
use common::golden;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn case_dir(case: &str) -> PathBuf {
    root().join("testdata/drift").join(case)
}

fn smt_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_smt-rs"))
        .args(args)
        .current_dir(dir)
        .env_remove("SMT_CONFIG")
        .output()
        .expect("run smt-rs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The one error line of a failed run, checked for its exit code.
fn one_line_error(o: &Output, code: i32) -> String {
    assert_eq!(o.status.code(), Some(code), "stdout: {}\nstderr: {}", stdout(o), stderr(o));
    let err = stderr(o);
    let errors: Vec<&str> = err.lines().filter(|l| l.starts_with("error")).collect();
    assert_eq!(errors.len(), 1, "expected one error line, got: {err}");
    assert_eq!(err.lines().last(), Some(errors[0]), "the error is the last line: {err}");
    assert!(!err.contains("panicked"), "{err}");
    errors[0].to_string()
}

/// A scratch directory holding a copy of the case's config and snapshots (so the paths the
/// output names are the same relative ones on every machine).
fn scratch(case: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for f in ["config.conf", "old.json", "new.json"] {
        fs::copy(case_dir(case).join(f), tmp.path().join(f)).unwrap();
    }
    tmp
}

/// `diff` of the case as a user runs it: its files, JSON summary and `-v` stderr.
fn run_diff(dir: &Path, extra: &[&str]) -> (Output, BTreeMap<String, String>) {
    let mut args = vec!["-c", "config.conf", "diff", "--from", "old.json", "--to", "new.json", "-o", "drift"];
    args.extend_from_slice(extra);
    let out = smt_in(dir, &args);
    let files = golden::read_files(&dir.join("drift"));
    (out, files)
}

/// Change a snapshot file in place.
fn edit_snapshot(path: &Path, edit: impl FnOnce(&mut serde_json::Value)) {
    let mut v: serde_json::Value = serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    edit(&mut v);
    fs::write(path, serde_json::to_string(&v).unwrap()).unwrap();
}

/// A MySQL snapshot's table.
fn table<'v>(v: &'v mut serde_json::Value, db: &str, name: &str) -> &'v mut serde_json::Value {
    let dbs = v["databases"].as_array_mut().unwrap();
    let db = dbs.iter_mut().find(|d| d["name"] == db).unwrap();
    db["tables"].as_array_mut().unwrap().iter_mut().find(|t| t["name"] == name).unwrap()
}

fn column<'v>(t: &'v mut serde_json::Value, name: &str) -> &'v mut serde_json::Value {
    t["columns"].as_array_mut().unwrap().iter_mut().find(|c| c["name"] == name).unwrap()
}

fn cases() -> Vec<String> {
    let mut cases: Vec<String> = fs::read_dir(root().join("testdata/drift"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    cases
}

#[test]
fn drift_files_match_the_goldens() {
    let update = golden::update_requested();
    let timing = regex::Regex::new(r"^read .*: [0-9.]+ s$").unwrap();
    let mut failures = Vec::new();
    for case in cases() {
        let tmp = scratch(&case);
        let (out, mut actual) = run_diff(tmp.path(), &["-v", "--summary", "json"]);
        assert_eq!(out.status.code(), Some(0), "{case}: {}", stderr(&out));
        actual.insert("summary.json".into(), stdout(&out));
        // Without the timings `-v` prints.
        let warnings: String = stderr(&out).lines().filter(|l| !timing.is_match(l)).map(|l| format!("{l}\n")).collect();
        actual.insert("warnings.txt".into(), warnings);
        failures.extend(golden::compare_or_update(&case, &case_dir(&case).join("expected"), &actual, update));
    }
    assert!(failures.is_empty(), "{} drift golden mismatches:\n{}", failures.len(), failures.join("\n"));
}

/// The statements of a file, without comment lines, each on one line.
fn statements(sql: &str) -> Vec<String> {
    let body: String =
        sql.lines().filter(|l| !l.trim_start().starts_with("--")).map(|l| format!("{}\n", l.trim())).collect();
    body.split(";\n").map(|s| s.replace('\n', " ").trim().to_string()).filter(|s| !s.is_empty()).collect()
}

/// Every row of drift-facts §7 lands where SPEC §12 puts it (the live test proves the snapshots
/// are what MariaDB reports for before.sql and after.sql).
#[test]
fn every_kind_of_drift_lands_in_its_file() {
    let tmp = scratch("mariadb");
    let (out, files) = run_diff(tmp.path(), &["--summary", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let alter = statements(&files["starrocks-alter.1.sql"]);
    let cleanup = &files["starrocks-cleanup.1.sql"];
    let rebuild = &files["starrocks-rebuild.1.sql"];
    let users: Vec<&String> = alter.iter().filter(|s| s.starts_with("ALTER TABLE `app`.`users`")).collect();
    let combined = users.iter().find(|s| s.contains("ADD COLUMN")).expect("the combined ALTER of users");
    for clause in [
        // added nullable, with its position
        "ADD COLUMN `phone` VARCHAR(120) NULL AFTER `email`",
        // added NOT NULL with a constant default: existing rows take it
        "ADD COLUMN `tier` INT NOT NULL DEFAULT \"1\"",
        // added NOT NULL without a default: added NULL (warned)
        "ADD COLUMN `region` VARCHAR(40) NULL",
        // widened VARCHAR, restating the comment; always NULL (StarRocks accepts NOT NULL → NULL
        // and refuses the reverse, which an earlier drift may have left behind)
        "MODIFY COLUMN `name` VARCHAR(320) NULL COMMENT \"display name\"",
        // widened INT and DECIMAL
        "MODIFY COLUMN `age` BIGINT NULL",
        "MODIFY COLUMN `score` DECIMAL(12, 2) NULL",
        // NOT NULL → NULL, restating the default StarRocks has
        "MODIFY COLUMN `nick` VARCHAR(80) NULL DEFAULT \"\"",
        // a dropped NOT NULL column without a default: nullable before the new job leaves it out
        "MODIFY COLUMN `pin` INT NULL",
    ] {
        assert!(combined.contains(clause), "missing `{clause}` in {combined}");
    }
    // comments: separate statements
    assert!(users.iter().any(|s| *s == "ALTER TABLE `app`.`users` COMMENT = \"registered users\""), "{users:?}");
    assert!(users.iter().any(|s| *s == "ALTER TABLE `app`.`users` MODIFY COLUMN `bio` COMMENT \"about the user\""));
    // NULL → NOT NULL and default changes: no statement
    for column in ["email", "status"] {
        assert!(!combined.contains(&format!("MODIFY COLUMN `{column}`")), "{column} must not be modified: {combined}");
    }
    let notes: Vec<&String> = alter.iter().filter(|s| s.contains("`app`.`notes`")).collect();
    assert_eq!(notes.len(), 2, "notes: a table comment and a column comment, nothing else: {notes:?}");
    assert!(!notes.iter().any(|s| s.contains("`lang`")), "a default change has no statement: {notes:?}");
    // a DUPLICATE KEY table's value column widened in place
    assert!(alter.iter().any(|s| s == "ALTER TABLE `app`.`logs` MODIFY COLUMN `message` VARCHAR(4000) NULL"));
    // new table, created as `generate` creates it
    assert!(alter.iter().any(|s| s.starts_with("CREATE TABLE IF NOT EXISTS `app`.`fresh`")));
    // dropped column: after the new job runs
    assert!(cleanup.contains("ALTER TABLE `app`.`users` DROP COLUMN `legacy`, DROP COLUMN `pin`;"), "{cleanup}");
    assert!(!files["starrocks-alter.1.sql"].contains("DROP COLUMN"));
    // dropped table: named, never dropped
    assert!(cleanup.contains("-- DROP TABLE `app`.`gone`;"), "{cleanup}");
    assert!(!statements(cleanup).iter().any(|s| s.starts_with("DROP TABLE")), "{cleanup}");
    // narrowing, a refused type change, a key change, a key column StarRocks sizes anew and a
    // default that does not fit the new type: rebuilt
    for (table, cast) in [
        ("events", "CAST(`code` AS VARCHAR(80))"),
        ("prices", "CAST(`price` AS DECIMAL(12, 2))"),
        ("accounts", "SELECT `id`, `tenant`, `balance`"),
        ("codes", "CAST(`code` AS VARCHAR(40))"),
        ("stamps", "CAST(`at` AS DATE)"),
    ] {
        for statement in [
            format!("DROP TABLE IF EXISTS `app`.`{table}__rebuild`;"),
            format!("CREATE TABLE IF NOT EXISTS `app`.`{table}__rebuild`"),
            format!("INSERT INTO `app`.`{table}__rebuild`"),
            format!("ALTER TABLE `app`.`{table}` SWAP WITH `{table}__rebuild`;"),
            format!("DROP TABLE `app`.`{table}__rebuild`;"),
        ] {
            assert!(rebuild.contains(&statement), "{table}: missing {statement} in\n{rebuild}");
        }
        assert!(rebuild.contains(cast), "{table}: {cast}");
        assert!(!files["starrocks-alter.1.sql"].contains(&format!("`app`.`{table}`")), "{table} is not altered");
    }
    // a column the source made NOT NULL stays nullable in the rebuilt table: it may hold NULL
    assert!(rebuild.contains("  `note` VARCHAR(40) NULL DEFAULT \"\"\n"), "{rebuild}");
    assert!(
        rebuild.contains("column `note`: default changed\n")
            && !rebuild.contains("`note`: default changed (not applied)"),
        "a rebuild applies the new default: {rebuild}"
    );
    // shards: a new member with the same schema is no drift; one that breaks `auto` is
    assert!(!files.keys().any(|f| f.contains(".2.")), "rule 2 (orders) did not drift: {:?}", files.keys());
    assert!(files.values().all(|f| !f.contains("orders")));
    let alter3 = &files["starrocks-alter.3.sql"];
    for t in ["`mall_1`.`items_1`", "`mall_2`.`items_2`", "`mall_2`.`items_3`"] {
        assert!(alter3.contains(&format!("CREATE TABLE IF NOT EXISTS {t}")), "{t}");
    }
    // …and the merged table is no longer a target: named, not dropped; no clean-up file
    // without a statement.
    assert!(!files.contains_key("starrocks-cleanup.3.sql"), "{:?}", files.keys());
    assert!(files["drift.md"].contains("### `mall`.`items__auto_shard`\n\nnot dropped"), "{}", files["drift.md"]);

    let summary: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let kinds: Vec<String> = summary["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            let o = &w["object"];
            format!(
                "{} {}.{}",
                w["kind"].as_str().unwrap(),
                o["table"].as_str().unwrap(),
                o["column"].as_str().unwrap_or("-")
            )
        })
        .collect();
    for expected in [
        "drift-added-nullable users.region",
        "drift-nullable users.email",
        "drift-default users.status",
        "drift-default notes.lang",
        "drift-rebuild events.-",
        "drift-rebuild prices.-",
        "drift-rebuild accounts.-",
        "drift-dropped-table gone.-",
        "drift-dropped-table items__auto_shard.-",
        "drift-rebuild codes.-",
        "drift-rebuild stamps.-",
        // an added column's own mapping warns as in `generate`
        "binary-base64 users.token",
    ] {
        assert!(kinds.iter().any(|k| k == expected), "no warning {expected}: {kinds:?}");
    }
    for unexpected in ["drift-default events.note", "drift-default stamps.at", "text-truncated notes.body"] {
        assert!(
            !kinds.iter().any(|k| k == unexpected),
            "{unexpected}: a rebuild takes the new default; old warnings are not repeated"
        );
    }
    // Redeploy: the jobs whose columns changed; not for comment- or default-only drift.
    let jobs = &summary["jobs"];
    assert_eq!(jobs[0]["file"], "flink-create.1.sql");
    let tables: Vec<&str> = jobs[0]["tables"].as_array().unwrap().iter().map(|t| t.as_str().unwrap()).collect();
    // `codes` is rebuilt with the Flink job unchanged: its job stops all the same.
    assert_eq!(
        tables,
        [
            "app.accounts",
            "app.codes",
            "app.events",
            "app.fresh",
            "app.gone",
            "app.logs",
            "app.prices",
            "app.stamps",
            "app.users"
        ]
    );
    assert_eq!(jobs[1]["file"], "flink-create.3.sql");
    assert_eq!(jobs[2]["file"], "flink-create.4.sql");
    assert_eq!(jobs.as_array().unwrap().len(), 3);
    let md = &files["drift.md"];
    let steps: Vec<&str> = md.lines().filter(|l| l.starts_with(|c: char| c.is_ascii_digit())).collect();
    // the CSV duplicate-key job stops before its columns move
    assert!(
        steps[0].starts_with("1. Stop these Flink jobs with a savepoint first: `flink-create.4.sql` (`audit.trail`)"),
        "{md}"
    );
    assert!(steps[1].contains("starrocks-alter.all.sql"), "{md}");
    assert!(steps[2].starts_with("3. Stop these Flink jobs with a savepoint: `flink-create.1.sql`"), "{md}");
    assert!(!steps[2].contains("flink-create.4.sql"), "{md}");
    assert!(steps[3].contains("starrocks-rebuild.all.sql"), "{md}");
    assert!(steps[4].contains("smt-rs generate"), "{md}");
    assert!(steps[5].contains("starrocks-cleanup.all.sql"), "{md}");
    assert!(steps[6].contains("Commit `new.json`"), "{md}");
}

/// The forms StarRocks 3.3–3.5 parses and runs (drift-facts §5, SPEC §12), over every
/// statement of every drift golden.
#[test]
fn statements_use_only_the_forms_starrocks_accepts() {
    let refused = regex::Regex::new(
        r"(?i)(ADD|DROP|MODIFY) COLUMN IF|CHANGE COLUMN|MODIFY COMMENT|RENAME TO|ALTER COLUMN|SWAP WITH `[^`]*`\.|ADD COLUMN \(|\bFIRST\b|ORDER BY [^(]",
    )
    .unwrap();
    let restated = regex::Regex::new(
        r#"^[A-Z]+(\([0-9, ]+\)|<.*>)? (NULL|NOT NULL)( DEFAULT ("[^"]*"|CURRENT_TIMESTAMP))?( COMMENT "[^"]*")?(,|$)"#,
    )
    .unwrap();
    let mut checked = 0;
    for case in cases() {
        let expected = golden::read_files(&case_dir(&case).join("expected"));
        for (name, sql) in expected.iter().filter(|(n, _)| n.ends_with(".sql")) {
            let mut schema_changes: BTreeMap<String, usize> = BTreeMap::new();
            for s in statements(sql) {
                checked += 1;
                assert!(!refused.is_match(&s), "{case}/{name}: a form StarRocks refuses: {s}");
                let Some(rest) = s.strip_prefix("ALTER TABLE ") else { continue };
                let (table, clauses) = rest.split_once(' ').unwrap();
                if clauses.starts_with("COMMENT = ") {
                    assert!(
                        !clauses.contains(", ADD") && !clauses.contains(", MODIFY") && !clauses.contains(", DROP"),
                        "{s}: a table comment goes alone"
                    );
                } else if clauses.starts_with("ADD COLUMN") || clauses.starts_with("MODIFY COLUMN") {
                    let modifies: Vec<&str> =
                        clauses.match_indices("MODIFY COLUMN `").map(|(i, _)| &clauses[i + 15..]).collect();
                    let comment_only =
                        modifies.iter().any(|m| m.split_once("` ").is_some_and(|(_, r)| r.starts_with("COMMENT")));
                    if comment_only {
                        assert!(
                            modifies.len() == 1 && !clauses.contains(", ADD") && !clauses.contains(", DROP"),
                            "{s}: a column comment goes alone"
                        );
                        continue;
                    }
                    *schema_changes.entry(table.to_string()).or_default() += 1;
                    for m in modifies {
                        // Type and nullability restated: StarRocks does not inherit omitted parts.
                        let (_, rest) = m.split_once("` ").unwrap();
                        assert!(restated.is_match(rest), "{s}: MODIFY COLUMN `{m}");
                    }
                } else if clauses.starts_with("DROP COLUMN") {
                    assert!(name.starts_with("starrocks-cleanup"), "{s}: drops only in the cleanup file");
                }
            }
            for (table, n) in schema_changes {
                assert_eq!(n, 1, "{case}/{name}: {table} has {n} schema-change ALTERs, one combined one expected");
            }
        }
    }
    assert!(checked > 20, "only {checked} statements checked");
}

#[test]
fn the_same_schema_twice_is_no_drift_and_writes_nothing() {
    let tmp = scratch("mariadb");
    let out = smt_in(
        tmp.path(),
        &["-c", "config.conf", "diff", "--from", "old.json", "--to", "old.json", "-o", "drift", "--exit-code"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("no drift from `old.json` to `old.json`"), "{}", stdout(&out));
    assert!(golden::read_files(&tmp.path().join("drift")).is_empty(), "no files");
    // The same again after a drift run: its files are gone (the directory is replaced).
    let (out, files) = run_diff(tmp.path(), &[]);
    assert_eq!(out.status.code(), Some(0));
    assert!(!files.is_empty());
    let out =
        smt_in(tmp.path(), &["-c", "config.conf", "diff", "--from", "new.json", "--to", "new.json", "-o", "drift"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(golden::read_files(&tmp.path().join("drift")).is_empty(), "the previous drift files are gone");
}

#[test]
fn exit_code_6_only_with_exit_code_and_drift() {
    let tmp = scratch("mariadb");
    let (out, _) = run_diff(tmp.path(), &["--exit-code", "-q"]);
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    assert_eq!(stderr(&out), "", "-q prints no warnings");
    let (out, _) = run_diff(tmp.path(), &[]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn output_is_byte_deterministic() {
    let tmp = scratch("mariadb");
    let (_, first) = run_diff(tmp.path(), &[]);
    // The same schemas with databases and tables listed in reverse order.
    for f in ["old.json", "new.json"] {
        let mut v: serde_json::Value = serde_json::from_str(&fs::read_to_string(tmp.path().join(f)).unwrap()).unwrap();
        let dbs = v["databases"].as_array_mut().unwrap();
        dbs.reverse();
        for db in dbs {
            db["tables"].as_array_mut().unwrap().reverse();
        }
        fs::write(tmp.path().join(f), serde_json::to_string(&v).unwrap()).unwrap();
    }
    let (_, second) = run_diff(tmp.path(), &[]);
    assert_eq!(first, second);
}

#[test]
fn column_comments_wait_for_starrocks_3_5() {
    let tmp = scratch("mariadb");
    let conf = fs::read_to_string(tmp.path().join("config.conf"))
        .unwrap()
        .replace("starrocks_version = 3.5.2", "starrocks_version = 3.4");
    fs::write(tmp.path().join("config.conf"), conf).unwrap();
    let (out, files) = run_diff(tmp.path(), &["-v"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let alter = &files["starrocks-alter.1.sql"];
    assert!(!alter.contains("MODIFY COLUMN `bio` COMMENT"), "{alter}");
    assert!(
        alter.contains("ALTER TABLE `app`.`notes` COMMENT = \"notes, by user\";"),
        "table comments change from 3.1"
    );
    assert!(stderr(&out).contains("warning[drift-comment]: `app`.`users`.`bio`"), "{}", stderr(&out));
}

#[test]
fn strict_refuses_a_rebuild() {
    let tmp = scratch("mariadb");
    let conf =
        fs::read_to_string(tmp.path().join("config.conf")).unwrap().replace("[other]\n", "[other]\nstrict = true\n");
    fs::write(tmp.path().join("config.conf"), conf).unwrap();
    // Without the added binary column, which `strict` refuses on its own (base64).
    edit_snapshot(&tmp.path().join("new.json"), |v| {
        table(v, "app", "users")["columns"].as_array_mut().unwrap().retain(|c| c["name"] != "token");
    });
    let (out, files) = run_diff(tmp.path(), &[]);
    let err = one_line_error(&out, 4);
    assert!(err.contains("`app`.`accounts`") && err.contains("strict"), "{err}");
    assert!(files.is_empty(), "nothing written");
}

#[test]
fn a_denied_drift_kind_refuses_the_run() {
    let tmp = scratch("mariadb");
    let conf = fs::read_to_string(tmp.path().join("config.conf"))
        .unwrap()
        .replace("[other]\n", "[other]\ndeny = drift-nullable\n");
    fs::write(tmp.path().join("config.conf"), conf).unwrap();
    let (out, files) = run_diff(tmp.path(), &[]);
    let err = one_line_error(&out, 4);
    assert!(err.contains("drift-nullable"), "{err}");
    assert!(files.is_empty(), "nothing written");
}

#[test]
fn bad_input_is_one_line_with_its_exit_code() {
    let tmp = scratch("mariadb");
    let dir = tmp.path();
    // an unreadable --from
    let out = smt_in(dir, &["-c", "config.conf", "diff", "--from", "missing.json", "--to", "new.json"]);
    let err = one_line_error(&out, 2);
    assert!(err.contains("missing.json"), "{err}");
    // a snapshot of another format version
    let v2 =
        fs::read_to_string(dir.join("new.json")).unwrap().replacen("\"format_version\": 1", "\"format_version\": 2", 1);
    fs::write(dir.join("v2.json"), v2).unwrap();
    let out = smt_in(dir, &["-c", "config.conf", "diff", "--from", "old.json", "--to", "v2.json"]);
    let err = one_line_error(&out, 2);
    assert!(err.contains("v2.json") && err.contains("format_version"), "{err}");
    // snapshots of two kinds of source
    fs::copy(root().join("testdata/pg_all/schema.json"), dir.join("pg.json")).unwrap();
    let out = smt_in(dir, &["-c", "config.conf", "diff", "--from", "old.json", "--to", "pg.json"]);
    let err = one_line_error(&out, 2);
    assert!(err.contains("old.json") && err.contains("pg.json"), "{err}");
    // --to defaults to the server in [db]: none listens there
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let conf = fs::read_to_string(dir.join("config.conf")).unwrap().replace("port = 3306", &format!("port = {port}"));
    fs::write(dir.join("closed.conf"), conf).unwrap();
    let out = smt_in(dir, &["-c", "closed.conf", "diff", "--from", "old.json", "-o", "drift"]);
    let err = one_line_error(&out, 3);
    assert!(err.contains(&format!("127.0.0.1:{port}")), "{err}");
    assert!(!dir.join("drift").exists(), "nothing written");
    // a directory that holds files smt-rs did not write
    fs::create_dir(dir.join("mine")).unwrap();
    fs::write(dir.join("mine/notes.txt"), "keep").unwrap();
    let out = smt_in(dir, &["-c", "config.conf", "diff", "--from", "old.json", "--to", "new.json", "-o", "mine"]);
    let err = one_line_error(&out, 5);
    assert!(err.contains("notes.txt"), "{err}");
    assert_eq!(fs::read_to_string(dir.join("mine/notes.txt")).unwrap(), "keep");
}

/// Every file of a directory with its bytes and modification time.
fn fingerprint(dir: &Path) -> BTreeMap<String, (Vec<u8>, std::time::SystemTime)> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let meta = fs::metadata(&p).unwrap();
            (p.file_name().unwrap().to_string_lossy().into_owned(), (fs::read(&p).unwrap(), meta.modified().unwrap()))
        })
        .collect()
}

#[test]
fn generate_check_reports_changed_missing_and_extra_files_and_touches_nothing() {
    let tmp = scratch("mariadb");
    let dir = tmp.path();
    let generate = |extra: &[&str]| {
        let mut args = vec!["-q", "-c", "config.conf", "generate", "--schema", "new.json", "-o", "out"];
        args.extend_from_slice(extra);
        smt_in(dir, &args)
    };
    assert_eq!(generate(&[]).status.code(), Some(0));
    let out = generate(&["--check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("files in out are up to date"), "{}", stdout(&out));

    // changed, missing and extra at once
    let outdir = dir.join("out");
    let changed = fs::read_to_string(outdir.join("starrocks-create.1.sql")).unwrap().replace("BUCKETS 3", "BUCKETS 4");
    fs::write(outdir.join("starrocks-create.1.sql"), changed).unwrap();
    fs::remove_file(outdir.join("flink-create.2.sql")).unwrap();
    fs::write(outdir.join("flink-create.9.sql"), "-- stale\n").unwrap();
    let before = fingerprint(&outdir);
    let out = generate(&["--check"]);
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("missing: out/flink-create.2.sql"), "{text}");
    assert!(text.contains("extra: out/flink-create.9.sql"), "{text}");
    assert!(text.contains("differs: out/starrocks-create.1.sql"), "{text}");
    assert!(
        text.contains("--- out/starrocks-create.1.sql") && text.contains("+++ starrocks-create.1.sql (generated now)"),
        "{text}"
    );
    assert!(text.lines().any(|l| l == "-DISTRIBUTED BY HASH(`id`) BUCKETS 4"), "{text}");
    assert!(text.lines().any(|l| l == "+DISTRIBUTED BY HASH(`id`) BUCKETS 3"), "{text}");
    assert_eq!(fingerprint(&outdir), before, "--check writes nothing");
    // A directory where a file should be is extra (`generate` would refuse it); an output
    // "directory" that is a file is an error.
    fs::remove_file(outdir.join("flink-create.9.sql")).unwrap();
    fs::create_dir(outdir.join("flink-create.9.sql")).unwrap();
    let out = generate(&["--check"]);
    assert_eq!(out.status.code(), Some(6));
    assert!(stdout(&out).contains("extra: out/flink-create.9.sql"), "{}", stdout(&out));
    fs::write(dir.join("plain"), "x").unwrap();
    let out = smt_in(dir, &["-c", "config.conf", "generate", "--schema", "new.json", "-o", "plain", "--check"]);
    let err = one_line_error(&out, 5);
    assert!(err.contains("`plain`"), "{err}");
    // No directory at all: every file is missing, and none is created.
    let out = smt_in(dir, &["-c", "config.conf", "generate", "--schema", "new.json", "-o", "nowhere", "--check"]);
    assert_eq!(out.status.code(), Some(6));
    assert!(stdout(&out).contains("missing: nowhere/starrocks-create.all.sql"), "{}", stdout(&out));
    assert!(!dir.join("nowhere").exists());
}

/// A second diff after the first was applied: `email` became NOT NULL at the source (StarRocks
/// kept it nullable) and is now widened. The MODIFY restates NULL, which StarRocks takes
/// whatever the column is; NOT NULL would be refused.
#[test]
fn a_chained_diff_restates_null() {
    let tmp = scratch("mariadb");
    fs::copy(tmp.path().join("new.json"), tmp.path().join("old.json")).unwrap();
    edit_snapshot(&tmp.path().join("new.json"), |v| {
        let c = column(table(v, "app", "users"), "email");
        c["column_type"] = "varchar(150)".into();
        c["char_max_length"] = 150.into();
        c["char_octet_length"] = 600.into();
    });
    let (out, files) = run_diff(tmp.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let alter = &files["starrocks-alter.1.sql"];
    assert!(alter.contains("ALTER TABLE `app`.`users`\n  MODIFY COLUMN `email` VARCHAR(600) NULL;"), "{alter}");
    assert_eq!(files.keys().filter(|f| f.ends_with(".sql")).count(), 2, "only the alter files: {:?}", files.keys());
}

/// A column that joins the key with no value for the existing rows: nothing to copy, the
/// rebuilt table starts empty, the old rows are kept and the job reads the table again.
#[test]
fn a_rebuild_without_rows_to_copy_keeps_the_old_table() {
    let tmp = scratch("mariadb");
    edit_snapshot(&tmp.path().join("new.json"), |v| {
        let t = table(v, "app", "prices");
        let mut region = t["columns"][0].clone();
        region["name"] = "region".into();
        t["columns"].as_array_mut().unwrap().push(region);
        t["primary_key"] = serde_json::json!(["id", "region"]);
    });
    let (out, files) = run_diff(tmp.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rebuild = &files["starrocks-rebuild.1.sql"];
    let prices = &rebuild[rebuild.find("-- `app`.`prices`").unwrap()..];
    let prices = &prices[..prices.find("\n\n").unwrap_or(prices.len())];
    assert!(!prices.contains("INSERT INTO"), "{prices}");
    assert!(prices.contains("ALTER TABLE `app`.`prices` SWAP WITH `prices__rebuild`;"), "{prices}");
    assert!(prices.contains("\n-- DROP TABLE `app`.`prices__rebuild`;"), "the old rows are kept: {prices}");
    assert!(!prices.contains("\nDROP TABLE `app`.`prices__rebuild`;"), "{prices}");
    let md = &files["drift.md"];
    let section = &md[md.find("### `app`.`prices`").unwrap()..];
    assert!(section.contains("read again") && section.contains("`initial`"), "{section}");
}

/// Each command replaces only its own kind of directory.
#[test]
fn diff_and_generate_never_empty_each_others_directory() {
    let tmp = scratch("mariadb");
    let dir = tmp.path();
    let out = smt_in(dir, &["-q", "-c", "config.conf", "generate", "--schema", "new.json", "-o", "result"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let before = golden::read_files(&dir.join("result"));
    let out = smt_in(dir, &["-c", "config.conf", "diff", "--from", "old.json", "--to", "old.json", "-o", "result"]);
    let err = one_line_error(&out, 5);
    assert!(err.contains("starrocks-create."), "{err}");
    assert_eq!(golden::read_files(&dir.join("result")), before);
    let (out, _) = run_diff(dir, &[]);
    assert_eq!(out.status.code(), Some(0));
    let drift = golden::read_files(&dir.join("drift"));
    let out = smt_in(dir, &["-q", "-c", "config.conf", "generate", "--schema", "new.json", "-o", "drift"]);
    let err = one_line_error(&out, 5);
    assert!(err.contains("drift"), "{err}");
    assert_eq!(golden::read_files(&dir.join("drift")), drift);
}
