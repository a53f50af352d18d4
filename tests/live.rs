//! Live tests against a real MariaDB: every golden case with a `source.sql` is loaded under
//! unique database names, read back through the real reader, and must equal the case's
//! `schema.json` (modulo the names and size statistics) and generate the golden files.
//!
//! Under `scripts/test.sh` (`SMT_TEST_REQUIRE_DB=1`) a missing server fails every test here;
//! under plain `cargo test` they print a notice and return.

use std::collections::BTreeMap;
use std::fs;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use mysql::Conn;
use mysql::prelude::Queryable;
use smt_rs::config::{DbConfig, Secret, SslMode};
use smt_rs::model::Snapshot;
use smt_rs::{app, config, source};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn db_config() -> DbConfig {
    DbConfig {
        kind: smt_rs::model::SourceKind::Mysql,
        database: "postgres".into(),
        host: "127.0.0.1".into(),
        port: 3306,
        user: "root".into(),
        password: Secret(String::new()),
        ssl_mode: SslMode::Preferred,
        ssl_ca: None,
        connect_timeout: 10,
    }
}

/// A connection to the test server, or `None` (with a notice) when it is optional and absent.
fn server() -> Option<Conn> {
    match source::mysql::connect(&db_config()) {
        Ok(conn) => Some(conn),
        Err(e) if std::env::var_os("SMT_TEST_REQUIRE_DB").is_some() => {
            panic!("SMT_TEST_REQUIRE_DB is set but MariaDB is not reachable: {e}")
        }
        Err(e) => {
            eprintln!("notice: skipping live test, no MariaDB on 127.0.0.1:3306 ({e}); run scripts/test.sh");
            None
        }
    }
}

/// Databases created under a unique prefix and dropped when the guard goes.
struct Fixture {
    prefix: String,
    databases: Vec<String>,
}

impl Fixture {
    fn new(tag: &str) -> Fixture {
        static N: AtomicU32 = AtomicU32::new(0);
        let prefix = format!("smt{}_{}_{}_", std::process::id(), N.fetch_add(1, Ordering::SeqCst), tag);
        Fixture { prefix, databases: Vec::new() }
    }

    /// Run `sql` with every `` `db` `` that names a database rewritten to the prefixed name.
    fn load(&mut self, conn: &mut Conn, sql: &str, databases: &[&str]) {
        let mut text = sql.to_string();
        for db in databases {
            let quoted = format!("`{db}`");
            let prefixed = format!("`{}{db}`", self.prefix);
            text = text
                .replace(&format!("{quoted}."), &format!("{prefixed}."))
                .replace(&format!("DATABASE {quoted}"), &format!("DATABASE {prefixed}"));
            self.databases.push(format!("{}{db}", self.prefix));
        }
        conn.query_drop(&text).unwrap_or_else(|e| panic!("loading fixture under {}: {e}", self.prefix));
    }

    fn strip(&self, name: &str) -> String {
        name.strip_prefix(&self.prefix).unwrap_or(name).to_string()
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        if let Ok(mut conn) = source::mysql::connect(&db_config()) {
            for db in &self.databases {
                let _ = conn.query_drop(format!("DROP DATABASE IF EXISTS `{}`", db.replace('`', "``")));
            }
        }
    }
}

fn diff(expected: &str, actual: &str) -> String {
    similar::TextDiff::from_lines(expected, actual).unified_diff().context_radius(3).to_string()
}

/// Load one golden case into the server, read it back, compare snapshot and generated files.
fn check_case(case: &str) {
    let Some(mut conn) = server() else { return };
    let dir = root().join("testdata").join(case);
    let golden = Snapshot::from_json(&fs::read_to_string(dir.join("schema.json")).unwrap(), "schema.json").unwrap();
    let source_sql = fs::read_to_string(dir.join("source.sql")).unwrap();
    let mut names: Vec<&str> = golden.databases.iter().map(|d| d.name.as_str()).collect();
    // Databases the fixture creates that the snapshot must not contain (excluded by the rules).
    let excluded: Vec<String> = source_sql
        .lines()
        .filter_map(|l| l.strip_prefix("CREATE DATABASE `"))
        .filter_map(|l| l.split('`').next())
        .filter(|d| !names.contains(d))
        .map(str::to_string)
        .collect();
    names.extend(excluded.iter().map(String::as_str));
    let mut fx = Fixture::new(case);
    fx.load(&mut conn, &source_sql, &names);

    let parsed =
        config::parse(&fs::read_to_string(dir.join("config.conf")).unwrap(), "config.conf", &|_| None).unwrap();
    let cfg = parsed.config;
    let prefix = fx.prefix.clone();
    let wanted =
        |db: &str| db.strip_prefix(&prefix).is_some_and(|name| cfg.rules.iter().any(|r| r.database.is_match(name)));
    let read = source::mysql::read(&mut conn, &db_config(), &wanted).unwrap_or_else(|e| panic!("{case}: {e}"));
    let mut live = read.snapshot;
    for db in &mut live.databases {
        db.name = fx.strip(&db.name);
    }
    live.sort();
    for ex in &excluded {
        assert!(!live.databases.iter().any(|d| &d.name == ex), "{case}: excluded database `{ex}` was read");
    }
    let (a, b) = (without_stats(golden.clone()).to_json().unwrap(), without_stats(live.clone()).to_json().unwrap());
    assert!(a == b, "{case}: the live snapshot differs from schema.json (- golden, + live):\n{}", diff(&a, &b));

    // Same schema, golden statistics: the generated files must be the goldens, byte for byte.
    for (ldb, gdb) in live.databases.iter_mut().zip(&golden.databases) {
        for (lt, gt) in ldb.tables.iter_mut().zip(&gdb.tables) {
            lt.rows = gt.rows;
            lt.data_bytes = gt.data_bytes;
        }
    }
    let generated = app::build(&cfg, live).unwrap_or_else(|e| panic!("{case}: {e}"));
    let expected = read_files(&dir.join("expected"));
    for f in &generated.files {
        let e = expected.get(&f.name).unwrap_or_else(|| panic!("{case}: {} not in expected/", f.name));
        let content = f.content.to_string();
        assert!(*e == content, "{case}/{}: live output differs:\n{}", f.name, diff(e, &content));
    }
    assert_eq!(generated.files.len() + 1, expected.len(), "{case}: expected/ has files live generation did not write");
}

macro_rules! live_cases {
    ($($name:ident),* $(,)?) => {
        $(#[test] fn $name() { check_case(stringify!($name)); })*

        /// Every case with a source.sql has a live test above.
        #[test]
        fn every_case_with_a_fixture_has_a_live_test() {
            let listed = [$(stringify!($name)),*];
            for e in fs::read_dir(root().join("testdata")).unwrap() {
                let p = e.unwrap().path();
                // PostgreSQL cases (`pg_*`) have their live tests in tests/pg_live.rs.
                let pg = p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("pg_"));
                if p.join("source.sql").exists() && !pg {
                    let name = p.file_name().unwrap().to_string_lossy().into_owned();
                    assert!(listed.contains(&name.as_str()), "testdata/{name} has source.sql but no live test");
                }
            }
        }
    };
}

live_cases!(
    all_types,
    awkward_identifiers,
    binary_text,
    buckets_auto,
    cdc3_edu,
    cdc3_names,
    cdc3_names_35,
    cdc3_types_35,
    cdc3_types_36,
    char_decimal_key,
    composite_pk,
    csv_lint,
    decimal_v2,
    live_objects,
    no_key,
    pk_not_leading,
    refused_db_name,
    regex_table_names,
    rule_options,
    rules_overlap,
    shards_drift_auto,
    shards_drift_union,
    shards_smt_example,
    shards_stats_versions,
    starrocks_2_0,
    statement_set,
    two_rules,
    unique_key_promotion,
);

fn smt(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_smt-rs")).args(args).env_remove("SMT_CONFIG").output().expect("run smt-rs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A config for the test server whose one rule matches `database`.
fn write_config(dir: &Path, database: &str, db_section_extra: &str) -> PathBuf {
    let path = dir.join("c.conf");
    fs::write(
        &path,
        format!(
            "[db]\nhost = 127.0.0.1\nport = 3306\nuser = root\npassword =\n{db_section_extra}\n[other]\nbe_num = 3\n\n\
             [table-rule.1]\ndatabase = {database}\ntable = .*\nflink.starrocks.jdbc-url = jdbc:mysql://127.0.0.1:9030\n\
             flink.starrocks.load-url = 127.0.0.1:8030\nflink.starrocks.username = root\nflink.starrocks.password =\n\
             flink.starrocks.sink.properties.format = json\n"
        ),
    )
    .unwrap();
    path
}

/// `smt-rs generate` without `--schema`, as users run it: Flink files equal the goldens once the
/// prefix is taken out (StarRocks bucket counts follow the live sizes, so they are masked).
#[test]
fn generate_reads_the_live_server_end_to_end() {
    let Some(mut conn) = server() else { return };
    let dir = root().join("testdata/composite_pk");
    let mut fx = Fixture::new("e2e");
    fx.load(&mut conn, &fs::read_to_string(dir.join("source.sql")).unwrap(), &["demo"]);
    let tmp = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(dir.join("config.conf"))
        .unwrap()
        .replace("database = ^demo$", &format!("database = ^{}demo$", fx.prefix));
    let conf = tmp.path().join("c.conf");
    fs::write(&conf, text).unwrap();
    let out = tmp.path().join("result");
    let o = smt(&["-c", conf.to_str().unwrap(), "generate", "-o", out.to_str().unwrap(), "--summary", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let summary: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(summary["tables"].as_u64().unwrap() >= 1);
    let mask = |s: &str| {
        regex::Regex::new(r"BUCKETS \d+").unwrap().replace_all(&s.replace(&fx.prefix, ""), "BUCKETS n").into_owned()
    };
    let expected = read_files(&dir.join("expected"));
    for (name, content) in read_files(&out) {
        assert_eq!(mask(&content), mask(&expected[&name]), "{name}");
    }
}

#[test]
fn snapshot_command_writes_the_json_model() {
    let Some(mut conn) = server() else { return };
    let mut fx = Fixture::new("snap");
    fx.load(
        &mut conn,
        &fs::read_to_string(root().join("testdata/live_objects/source.sql")).unwrap(),
        &["inventory", "scratch"],
    );
    let tmp = tempfile::tempdir().unwrap();
    let conf = write_config(tmp.path(), &format!("^{}inventory$", fx.prefix), "");
    let o = smt(&["-c", conf.to_str().unwrap(), "snapshot", "-o", "-"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let snap = Snapshot::from_json(&String::from_utf8_lossy(&o.stdout), "stdout").unwrap();
    assert_eq!(snap.databases.len(), 1);
    let tables: Vec<&str> = snap.databases[0].tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(tables, ["events", "items", "prices"]);
    // A skipped view is a note: counted in the summary, its line shown with -v.
    assert!(!stderr(&o).contains("v_items` (view)"), "{}", stderr(&o));
    assert!(stderr(&o).contains("2 warnings, 2 of them notes not shown above"), "{}", stderr(&o));
    let o = smt(&["-c", conf.to_str().unwrap(), "-v", "snapshot", "-o", "-"]);
    assert!(
        stderr(&o).contains("warning[skipped]: `")
            && stderr(&o).contains("v_items` (view) is not a table and is skipped"),
        "{}",
        stderr(&o)
    );
    let file = tmp.path().join("snap.json");
    let o = smt(&["-c", conf.to_str().unwrap(), "-q", "snapshot", "-o", file.to_str().unwrap()]);
    assert!(o.status.success() && o.stdout.is_empty());
    Snapshot::from_json(&fs::read_to_string(&file).unwrap(), "file").unwrap();
}

#[test]
fn check_lists_targets_and_writes_nothing() {
    let Some(mut conn) = server() else { return };
    let mut fx = Fixture::new("check");
    fx.load(&mut conn, &fs::read_to_string(root().join("testdata/no_key/source.sql")).unwrap(), &["demo"]);
    let tmp = tempfile::tempdir().unwrap();
    let conf = write_config(tmp.path(), &format!("^{}demo$", fx.prefix), "");
    let o = Command::new(env!("CARGO_BIN_EXE_smt-rs"))
        .args(["-c", conf.to_str().unwrap(), "check"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        out.contains(&format!(
            "[table-rule.1] `{}demo`.`notes` -> `{}demo`.`notes` DUPLICATE KEY(body) buckets",
            fx.prefix, fx.prefix
        )),
        "{out}"
    );
    // The table's own warnings print under its line; stderr keeps only the general ones.
    assert!(
        out.contains(&format!(
            "\n    warning[no-primary-key]: `{}demo`.`notes` has no primary or NOT NULL unique key",
            fx.prefix
        )),
        "{out}"
    );
    assert!(!stderr(&o).contains("DUPLICATE KEY table"), "{}", stderr(&o));
    let entries: Vec<_> = fs::read_dir(tmp.path()).unwrap().collect();
    assert_eq!(entries.len(), 1, "check must write nothing");
}

#[test]
fn wrong_password_exits_3_naming_user_and_server_never_the_password() {
    if server().is_none() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let conf = write_config(tmp.path(), "^x$", "");
    let text = fs::read_to_string(&conf)
        .unwrap()
        .replace("user = root\npassword =\n", "user = smt_nobody\npassword = Wr0ngPassw0rd#\n");
    fs::write(&conf, text).unwrap();
    let o = smt(&["-c", conf.to_str().unwrap(), "generate", "-o", tmp.path().join("r").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("error: cannot connect to smt_nobody@127.0.0.1:3306: ") && err.contains("Access denied"),
        "{err}"
    );
    assert!(!err.contains("Wr0ngPassw0rd"), "{err}");
    assert!(!tmp.path().join("r").exists());
}

#[test]
fn closed_port_exits_3() {
    if server().is_none() {
        return;
    }
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let tmp = tempfile::tempdir().unwrap();
    let conf = write_config(tmp.path(), "^x$", "");
    fs::write(&conf, fs::read_to_string(&conf).unwrap().replace("port = 3306", &format!("port = {port}"))).unwrap();
    let o = smt(&["-c", conf.to_str().unwrap(), "check"]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).starts_with(&format!("error: cannot connect to root@127.0.0.1:{port}: ")), "{}", stderr(&o));
}

/// A port that accepts and never speaks MySQL must time out after `connect_timeout`, not hang.
#[test]
fn silent_server_times_out_after_connect_timeout() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let tmp = tempfile::tempdir().unwrap();
    let conf = write_config(tmp.path(), "^x$", "connect_timeout = 1");
    fs::write(&conf, fs::read_to_string(&conf).unwrap().replace("port = 3306", &format!("port = {port}"))).unwrap();
    let start = Instant::now();
    let o = smt(&["-c", conf.to_str().unwrap(), "check"]);
    let took = start.elapsed();
    drop(listener);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains("no answer within connect_timeout = 1 s"), "{}", stderr(&o));
    assert!(took < Duration::from_secs(8), "took {took:?}");
}

#[test]
fn rule_naming_an_unknown_database_warns_and_nothing_matched_exits_4() {
    if server().is_none() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let conf = write_config(tmp.path(), "^smt_no_such_database_anywhere$", "");
    let out = tmp.path().join("r");
    let o = smt(&["-c", conf.to_str().unwrap(), "generate", "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(4), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("warning[rule-matches-nothing]: [table-rule.1] `database` = `^smt_no_such_database_anywhere$` matches no database on root@127.0.0.1:3306"), "{err}");
    assert!(err.lines().last().unwrap().starts_with("error: no source table matches"), "{err}");
    assert!(!out.exists());
}

/// SPEC §3: the number of queries does not grow with the number of tables (server `Questions`).
#[test]
fn query_count_is_constant_in_the_number_of_tables() {
    let Some(mut conn) = server() else { return };
    let mut counts = Vec::new();
    for n in [10, 1000] {
        let mut fx = Fixture::new(&format!("q{n}"));
        let mut sql = String::from("CREATE DATABASE `many`;\n");
        for i in 0..n {
            sql.push_str(&format!(
                "CREATE TABLE `many`.`t{i:04}` (`id` int NOT NULL PRIMARY KEY, `v` varchar(20)) ENGINE=Aria;\n"
            ));
        }
        fx.load(&mut conn, &sql, &["many"]);
        let mut reader = source::mysql::connect(&db_config()).unwrap();
        let questions = |c: &mut Conn| -> u64 {
            c.query_first::<(String, u64), _>("SHOW SESSION STATUS LIKE 'Questions'").unwrap().unwrap().1
        };
        let before = questions(&mut reader);
        let target = format!("{}many", fx.prefix);
        let read = source::mysql::read(&mut reader, &db_config(), &|d| d == target).unwrap();
        let after = questions(&mut reader);
        assert_eq!(read.snapshot.databases[0].tables.len(), n);
        // The SHOW STATUS itself counts once.
        counts.push(after - before - 1);
    }
    assert_eq!(counts[0], counts[1], "queries for 10 vs 1000 tables: {counts:?}");
    assert!(counts[0] <= 8, "{counts:?}");
    eprintln!("queries per read: {counts:?} (10 vs 1000 tables)");
}

/// CHECK_CONSTRAINTS makes MariaDB open every table it reports on (0.25 ms each), so it is
/// asked only about tables with a longtext column — the only type MariaDB's JSON can be — and
/// not at all when there is none. JSON is still recognised.
#[test]
fn check_constraints_are_read_only_for_tables_with_longtext_columns() {
    let Some(mut conn) = server() else { return };
    let mut fx = Fixture::new("checks");
    fx.load(
        &mut conn,
        "CREATE DATABASE `docs`;\n\
         CREATE TABLE `docs`.`with_json` (`id` int PRIMARY KEY, `doc` json);\n\
         CREATE TABLE `docs`.`with_check` (`id` int PRIMARY KEY, `n` int CHECK (`n` > 0), `s` varchar(10) CHECK (json_valid(`s`)));\n\
         CREATE DATABASE `plain`;\n\
         CREATE TABLE `plain`.`t` (`id` int PRIMARY KEY, `n` int CHECK (`n` > 0));\n",
        &["docs", "plain"],
    );
    let read_db = |name: &str| {
        let mut reader = source::mysql::connect(&db_config()).unwrap();
        let target = format!("{}{name}", fx.prefix);
        source::mysql::read(&mut reader, &db_config(), &|d| d == target).unwrap()
    };
    let docs = read_db("docs");
    let checks: Vec<_> = docs.timings.iter().filter(|t| t.query == "information_schema.CHECK_CONSTRAINTS").collect();
    // Only `with_json`'s check is read: `with_check` has checks but no longtext column.
    assert_eq!(checks.len(), 1);
    assert_eq!(checks[0].rows, 1, "{checks:?}");
    let tables = &docs.snapshot.databases[0].tables;
    let column = |t: &str, c: &str| tables.iter().find(|x| x.name == t).unwrap().column(c).unwrap().data_type.clone();
    assert_eq!(column("with_json", "doc"), "json");
    assert_eq!(column("with_check", "s"), "varchar");
    let plain = read_db("plain");
    assert!(plain.timings.iter().all(|t| t.query != "information_schema.CHECK_CONSTRAINTS"), "{:?}", plain.timings);
}

/// Sizes come from InnoDB's persistent statistics (fast) and equal what information_schema
/// reports; a user who may not read `mysql.innodb_table_stats` still gets them (fallback).
#[test]
fn table_sizes_match_information_schema_with_and_without_stats_privilege() {
    let Some(mut conn) = server() else { return };
    let mut fx = Fixture::new("sizes");
    let sql = fs::read_to_string(root().join("testdata/live_objects/source.sql")).unwrap()
        + "CREATE TABLE `inventory`.`odd-name` (`id` int NOT NULL PRIMARY KEY) ENGINE=InnoDB;\n";
    fx.load(&mut conn, &sql, &["inventory", "scratch"]);
    let db = format!("{}inventory", fx.prefix);
    let expected: BTreeMap<String, (u64, u64)> = conn
        .exec_map(
            "SELECT TABLE_NAME, TABLE_ROWS, DATA_LENGTH FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE <> 'VIEW' AND TABLE_TYPE <> 'SEQUENCE'",
            (db.as_str(),),
            |(t, r, d): (String, u64, u64)| (t, (r, d)),
        )
        .unwrap()
        .into_iter()
        .collect();
    // Bytes decide buckets and must agree exactly; row counts are estimates either way, and
    // information_schema counts at least one row per empty partition, so the partitioned
    // `events` compares bytes only.
    let expected: BTreeMap<String, (u64, u64)> =
        expected.into_iter().map(|(t, (r, d))| (t.clone(), (if t == "events" { 0 } else { r }, d))).collect();
    let sizes = |snap: &Snapshot| -> BTreeMap<String, (u64, u64)> {
        snap.databases[0]
            .tables
            .iter()
            .map(|t| (t.name.clone(), (if t.name == "events" { 0 } else { t.rows.unwrap() }, t.data_bytes.unwrap())))
            .collect()
    };
    let read = source::mysql::read(&mut conn, &db_config(), &|d| d == db).unwrap();
    assert_eq!(sizes(&read.snapshot), expected);
    assert!(read.timings.iter().any(|t| t.query == "mysql.innodb_table_stats"));

    // A user with SELECT on the database only: no access to the statistics table.
    let user = format!("smt_sz_{}", std::process::id());
    conn.query_drop(format!("CREATE USER IF NOT EXISTS '{user}'@'127.0.0.1' IDENTIFIED BY 'pw'")).unwrap();
    conn.query_drop(format!("GRANT SELECT ON `{db}`.* TO '{user}'@'127.0.0.1'")).unwrap();
    let limited = DbConfig { user: user.clone(), password: Secret("pw".into()), ..db_config() };
    let result = source::mysql::connect(&limited).and_then(|mut c| source::mysql::read(&mut c, &limited, &|d| d == db));
    conn.query_drop(format!("DROP USER '{user}'@'127.0.0.1'")).unwrap();
    let read = result.unwrap();
    assert_eq!(sizes(&read.snapshot), expected);
    assert!(read.timings.iter().any(|t| t.query == "information_schema.TABLES (sizes)"));
}

/// A TCP proxy to the test server that forwards everything, but closes both sides once the
/// server has sent `cut` bytes (`u64::MAX`: never). Returns the port and the byte counter.
fn cutting_proxy(cut: u64) -> (u16, std::sync::Arc<std::sync::atomic::AtomicU64>) {
    proxy(cut, Duration::ZERO)
}

/// [`cutting_proxy`] that also holds each piece the server sends for `delay`: a slow network.
fn proxy(cut: u64, delay: Duration) -> (u16, std::sync::Arc<std::sync::atomic::AtomicU64>) {
    use std::io::{Read, Write};
    use std::net::{Shutdown, TcpStream};
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let sent = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let counter = sent.clone();
    std::thread::spawn(move || {
        for client in listener.incoming().take(4) {
            let Ok(client) = client else { return };
            let Ok(server) = TcpStream::connect("127.0.0.1:3306") else { return };
            let (mut c_in, mut s_out) = (client.try_clone().unwrap(), server.try_clone().unwrap());
            std::thread::spawn(move || {
                let _ = std::io::copy(&mut c_in, &mut s_out);
            });
            let (mut s_in, mut c_out) = (server, client);
            let counter = counter.clone();
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                loop {
                    let n = match s_in.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => n,
                    };
                    std::thread::sleep(delay);
                    let before = counter.fetch_add(n as u64, Ordering::SeqCst);
                    let allowed = cut.saturating_sub(before).min(n as u64) as usize;
                    if c_out.write_all(&buf[..allowed]).is_err() || allowed < n {
                        break;
                    }
                }
                let _ = c_out.shutdown(Shutdown::Both);
                let _ = s_in.shutdown(Shutdown::Both);
            });
        }
    });
    (port, sent)
}

/// A server that goes away in the middle of a read: exit 3, one line, nothing written.
#[test]
fn a_connection_dropped_mid_read_exits_3_and_writes_nothing() {
    let Some(mut conn) = server() else { return };
    let mut fx = Fixture::new("drop");
    fx.load(&mut conn, &fs::read_to_string(root().join("testdata/all_types/source.sql")).unwrap(), &["demo"]);
    let tmp = tempfile::tempdir().unwrap();
    let conf = write_config(tmp.path(), &format!("^{}demo$", fx.prefix), "connect_timeout = 5\nssl_mode = disabled");
    let with_port = |port: u16| {
        fs::write(&conf, fs::read_to_string(&conf).unwrap().replace("port = 3306", &format!("port = {port}"))).unwrap();
    };
    // First a full read through the proxy, to learn how many bytes the server sends.
    let (port, sent) = cutting_proxy(u64::MAX);
    with_port(port);
    let out = tmp.path().join("r");
    let o = smt(&["-q", "-c", conf.to_str().unwrap(), "generate", "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let total = sent.load(Ordering::SeqCst);
    fs::remove_dir_all(&out).unwrap();
    // Then the same read, cut when the server is three quarters through its answer.
    let (cut_port, _) = cutting_proxy(total * 3 / 4);
    fs::write(
        &conf,
        fs::read_to_string(&conf).unwrap().replace(&format!("port = {port}"), &format!("port = {cut_port}")),
    )
    .unwrap();
    let o = smt(&["-q", "-c", conf.to_str().unwrap(), "generate", "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("error: reading ") && err.contains(&format!("root@127.0.0.1:{cut_port}")), "{err}");
    assert!(!out.exists(), "nothing may be written");
}

/// A user without privileges on the database sees nothing there: a warning naming the rule and
/// the server, and exit 4, with nothing written (and no password in any message).
#[test]
fn a_user_denied_the_database_gets_a_warning_and_exit_4() {
    let Some(mut conn) = server() else { return };
    let mut fx = Fixture::new("deny");
    fx.load(&mut conn, &fs::read_to_string(root().join("testdata/composite_pk/source.sql")).unwrap(), &["demo"]);
    let user = format!("smt_deny_{}", std::process::id());
    conn.query_drop(format!("CREATE USER IF NOT EXISTS '{user}'@'127.0.0.1' IDENTIFIED BY 'Deny#Pw1'")).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let conf = write_config(tmp.path(), &format!("^{}demo$", fx.prefix), "");
    let text = fs::read_to_string(&conf)
        .unwrap()
        .replace("user = root\npassword =\n", &format!("user = {user}\npassword = Deny#Pw1\n"));
    fs::write(&conf, text).unwrap();
    let out = tmp.path().join("r");
    let o = smt(&["-c", conf.to_str().unwrap(), "generate", "-o", out.to_str().unwrap()]);
    conn.query_drop(format!("DROP USER '{user}'@'127.0.0.1'")).unwrap();
    assert_eq!(o.status.code(), Some(4), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(&format!("matches no database on {user}@127.0.0.1:3306 (or the user cannot see it)")),
        "{err}"
    );
    assert!(!err.contains("Deny#Pw1"));
    assert!(!out.exists());
}

#[path = "common/pty.rs"]
mod pty;

/// Reading a server on a terminal: each query is named with its rows so far and the elapsed
/// time, never as an empty `0/0` bar, and the line is gone once the run is done.
#[test]
fn progress_names_each_query_with_its_rows_on_a_terminal() {
    let Some(mut conn) = server() else { return };
    let mut fx = Fixture::new("pty");
    fx.load(&mut conn, &fs::read_to_string(root().join("testdata/all_types/source.sql")).unwrap(), &["demo"]);
    let tmp = tempfile::tempdir().unwrap();
    let conf = write_config(tmp.path(), &format!("^{}demo$", fx.prefix), "ssl_mode = disabled");
    // A slow network, so that the read lasts long enough to be drawn.
    let (port, _) = proxy(u64::MAX, Duration::from_millis(30));
    fs::write(&conf, fs::read_to_string(&conf).unwrap().replace("port = 3306", &format!("port = {port}"))).unwrap();
    let screens = pty::run(tmp.path(), &["-c", "c.conf", "check"], &[("SMT_PROGRESS_AFTER_MS", "0")]);
    assert!(screens.exit_ok, "{}", screens.last);
    let all = screens.frames.join("\n----\n");
    let reading = regex::Regex::new(r"reading information_schema\.[A-Z_]+: [0-9,]+ rows \([0-9]+s\)").unwrap();
    assert!(screens.frames.iter().any(|f| reading.is_match(f)), "no query shown with its rows:\n{all}");
    assert!(!all.contains("0/0"), "an empty bar was drawn:\n{all}");
    assert!(!screens.last.contains("reading "), "the progress line stays:\n{}", screens.last);
    assert!(screens.last.contains("1 tables, "), "{}", screens.last);
}

/// Read the fixture's databases (those the config's rules match, prefix removed) as the
/// golden snapshot reads them: names stripped, sorted, statistics from the golden.
fn read_stripped(conn: &mut Conn, fx: &Fixture, cfg: &config::Config, golden: &Snapshot) -> Snapshot {
    let prefix = fx.prefix.clone();
    let wanted =
        |db: &str| db.strip_prefix(&prefix).is_some_and(|name| cfg.rules.iter().any(|r| r.database.is_match(name)));
    let mut live = source::mysql::read(conn, &db_config(), &wanted).unwrap().snapshot;
    for db in &mut live.databases {
        db.name = fx.strip(&db.name);
    }
    live.sort();
    let (a, b) = (without_stats(golden.clone()).to_json().unwrap(), without_stats(live.clone()).to_json().unwrap());
    assert!(a == b, "the live snapshot differs from the golden (- golden, + live):\n{}", diff(&a, &b));
    for (ldb, gdb) in live.databases.iter_mut().zip(&golden.databases) {
        for (lt, gt) in ldb.tables.iter_mut().zip(&gdb.tables) {
            lt.rows = gt.rows;
            lt.data_bytes = gt.data_bytes;
        }
    }
    live
}

/// Day two on a real server (SPEC §12): testdata/drift/mariadb's before.sql, then after.sql,
/// which drifts it through every row of drift-facts §7. Each state reads as its golden
/// snapshot, the drift between them writes the golden files (tests/drift.rs checks where each
/// change lands), and `diff` against the live server (no `--to`) finds the same drift.
#[test]
fn drift_through_every_kind_of_change_on_a_real_server() {
    let Some(mut conn) = server() else { return };
    let dir = root().join("testdata/drift/mariadb");
    let read = |name: &str| fs::read_to_string(dir.join(name)).unwrap();
    let cfg = config::parse(&read("config.conf"), "config.conf", &|_| None).unwrap().config;
    let golden = |name: &str| Snapshot::from_json(&read(name), name).unwrap();
    let databases = ["app", "shop_1", "mall_1", "mall_2", "audit"];
    let mut fx = Fixture::new("drift");
    fx.load(&mut conn, &read("before.sql"), &databases);
    let old = read_stripped(&mut conn, &fx, &cfg, &golden("old.json"));

    // The snapshot a team commits on day one, taken with the binary under the prefixed names.
    let tmp = tempfile::tempdir().unwrap();
    let mut conf = read("config.conf");
    for db in ["app", "shop_", "mall_", "audit"] {
        conf = conf.replace(&format!("database = ^{db}"), &format!("database = ^{}{db}", fx.prefix));
    }
    let conf_path = tmp.path().join("c.conf");
    fs::write(&conf_path, conf).unwrap();
    let day_one = tmp.path().join("day-one.json");
    let out = smt(&["-c", conf_path.to_str().unwrap(), "snapshot", "-o", day_one.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));

    fx.load(&mut conn, &read("after.sql"), &databases);
    let new = read_stripped(&mut conn, &fx, &cfg, &golden("new.json"));

    let (old_plan, new_plan) = (smt_rs::plan::plan(&cfg, &old).unwrap(), smt_rs::plan::plan(&cfg, &new).unwrap());
    let drift = smt_rs::drift::compare(&cfg, &old_plan, &new_plan).unwrap();
    let files = smt_rs::output::drift::files(&drift, "old.json", "new.json").unwrap();
    let expected = read_files(&dir.join("expected"));
    for (name, content) in &files {
        let e = expected.get(name).unwrap_or_else(|| panic!("{name} not in expected/"));
        assert!(e == content, "{name}: live drift differs:\n{}", diff(e, content));
    }
    // expected/ also holds summary.json and warnings.txt.
    assert_eq!(files.len() + 2, expected.len(), "expected/ has files the live drift did not write");
    let summary: serde_json::Value = serde_json::from_str(&expected["summary.json"]).unwrap();
    let messages: Vec<&str> =
        summary["warnings"].as_array().unwrap().iter().map(|w| w["message"].as_str().unwrap()).collect();
    let live_messages: Vec<&str> = drift.warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(live_messages, messages);

    // The CI gate as users run it: the committed snapshot against the live server.
    let out_dir = tmp.path().join("drift");
    let out = smt(&[
        "-q",
        "-c",
        conf_path.to_str().unwrap(),
        "diff",
        "--from",
        day_one.to_str().unwrap(),
        "-o",
        out_dir.to_str().unwrap(),
        "--exit-code",
    ]);
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    let written = read_files(&out_dir);
    let names: Vec<&String> = written.keys().collect();
    let golden_names: Vec<&String> = expected.keys().filter(|n| n.ends_with(".sql") || *n == "drift.md").collect();
    assert_eq!(names, golden_names);
    let alter = written["starrocks-alter.1.sql"].replace(&fx.prefix, "");
    assert_eq!(alter, expected["starrocks-alter.1.sql"], "the live diff writes the same ALTERs");
}

mod common {
    pub mod flinkcdc;
    pub mod golden;
    pub mod pipelines;
}
use common::golden::{read_files, without_stats};

/// Flink CDC 3 pipelines over a real MariaDB with decoys (SPEC §13): testdata/cdc3_names and
/// cdc3_edu loaded under unique names beside tables no rule should read — the same names in
/// other databases, `aXb` and `p_q` beside `a.b` and `p,q`, a shard excluded by name. The
/// pipelines are generated from the live read, and every table the server holds under the
/// fixture's names is matched with Flink CDC's own rules: each pipeline reads exactly its
/// members, routes each to its StarRocks table and projects its StarRocks columns.
#[test]
fn pipelines_read_exactly_their_members_on_a_real_server() {
    let Some(mut conn) = server() else { return };
    for case in ["cdc3_names", "cdc3_names_35", "cdc3_edu"] {
        let dir = root().join("testdata").join(case);
        let source_sql = fs::read_to_string(dir.join("source.sql")).unwrap();
        let databases: Vec<String> = source_sql
            .lines()
            .filter_map(|l| l.strip_prefix("CREATE DATABASE `"))
            .filter_map(|l| l.split('`').next())
            .map(str::to_string)
            .collect();
        let mut fx = Fixture::new(case);
        fx.load(&mut conn, &source_sql, &databases.iter().map(String::as_str).collect::<Vec<_>>());
        // The config as a user would write it for these names.
        let text = fs::read_to_string(dir.join("config.conf"))
            .unwrap()
            .replace("database = ^", &format!("database = ^{}", fx.prefix));
        let cfg = config::parse(&text, "config.conf", &|_| None).unwrap().config;
        let prefix = fx.prefix.clone();
        let wanted = |db: &str| db.starts_with(&prefix) && cfg.rules.iter().any(|r| r.database.is_match(db));
        let snapshot =
            source::mysql::read(&mut conn, &db_config(), &wanted).unwrap_or_else(|e| panic!("{case}: {e}")).snapshot;
        let plan = smt_rs::plan::plan(&cfg, &snapshot).unwrap();
        let left_out: Vec<String> = plan
            .warnings
            .iter()
            .filter(|w| w.kind == smt_rs::diag::Kind::PipelineTableLeftOut)
            .map(|w| w.message.clone())
            .collect();
        let files: Vec<(String, String)> = app::build(&cfg, snapshot.clone())
            .unwrap()
            .files
            .into_iter()
            .filter(|f| f.name.ends_with(".yaml"))
            .map(|f| (f.name, f.content.to_string()))
            .collect();
        assert!(!files.is_empty(), "{case}: no pipeline written");
        // Every table the server holds under the fixture's names, decoys included.
        let all: Vec<(String, String)> = conn
            .exec(
                "SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA LIKE CONCAT(?, '%')",
                (fx.prefix.replace('_', "\\_"),),
            )
            .unwrap();
        assert!(all.len() > plan.tables, "{case}: the decoys are there");
        common::pipelines::check_pipelines(&plan, cfg.other.cdc_pipeline.unwrap(), &files, &all, &left_out);
    }
}
