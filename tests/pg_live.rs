//! Live tests against a real PostgreSQL (SPEC §11): the `pg_*` golden cases are loaded into
//! fresh databases with unique names, read back through the real reader, and must equal their
//! `schema.json` and generate their goldens; the setup file runs on the server; slot names pass
//! PostgreSQL's own check; the CDC regexes read exactly their members when matched as Debezium
//! matches them; the number of queries does not grow with the tables; connection failures are
//! one line, exit 3, and never show the password.
//!
//! Under `scripts/test.sh` (`SMT_TEST_REQUIRE_DB=1`) a missing server fails every test here;
//! under plain `cargo test` they print a notice and return.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

use postgres::{Client, NoTls};
use smt_rs::config::{self, DbConfig, Secret, SslMode};
use smt_rs::model::{Snapshot, SourceKind};
use smt_rs::progress::Progress;
use smt_rs::{app, source};

mod common {
    pub mod golden;
}
use common::golden::{read_files, without_stats};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn db_config(port: u16) -> DbConfig {
    DbConfig {
        kind: SourceKind::Pgsql,
        host: "127.0.0.1".into(),
        port,
        user: "postgres".into(),
        password: Secret(String::new()),
        ssl_mode: SslMode::Disabled,
        ssl_ca: None,
        connect_timeout: 10,
        database: "postgres".into(),
    }
}

fn connect(database: &str) -> Result<Client, postgres::Error> {
    Client::connect(&format!("host=127.0.0.1 port=5432 user=postgres dbname={database}"), NoTls)
}

/// The server, or `None` (with a notice) when it is optional and absent.
fn server() -> Option<Client> {
    match connect("postgres") {
        Ok(c) => Some(c),
        Err(e) if std::env::var_os("SMT_TEST_REQUIRE_DB").is_some() => {
            panic!("SMT_TEST_REQUIRE_DB is set but PostgreSQL is not reachable: {e}")
        }
        Err(e) => {
            eprintln!("notice: skipping PostgreSQL test, no server on 127.0.0.1:5432 ({e}); run scripts/test.sh");
            None
        }
    }
}

/// A database created under a unique name and dropped when the guard goes.
struct Fixture {
    name: String,
}

impl Fixture {
    /// A fresh database holding `sql`.
    fn new(admin: &mut Client, tag: &str, sql: &str) -> Fixture {
        static N: AtomicU32 = AtomicU32::new(0);
        let name = format!("smt{}_{}_{tag}", std::process::id(), N.fetch_add(1, Ordering::SeqCst));
        admin.batch_execute(&format!("CREATE DATABASE \"{name}\"")).unwrap();
        let fx = Fixture { name };
        let mut c = connect(&fx.name).unwrap();
        c.batch_execute(sql).unwrap_or_else(|e| panic!("loading the fixture into {}: {e}", fx.name));
        fx
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        if let Ok(mut c) = connect("postgres") {
            let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name));
        }
    }
}

fn diff(expected: &str, actual: &str) -> String {
    similar::TextDiff::from_lines(expected, actual).unified_diff().context_radius(3).to_string()
}

/// Read the fixture database through the real reader, named as the case names it.
fn read_case(fx: &Fixture, case_db: &str) -> Snapshot {
    let read = source::pgsql::read_showing(&db_config(5432), &|d| d == fx.name, &Progress::hidden()).unwrap();
    let mut snap = read.snapshot;
    assert_eq!(snap.databases.len(), 1);
    snap.databases[0].name = case_db.to_string();
    snap
}

/// The pg_all case: snapshot = schema.json, files = expected/.
#[test]
fn pg_all_reads_as_its_snapshot_and_generates_its_goldens() {
    let Some(mut admin) = server() else { return };
    let dir = root().join("testdata/pg_all");
    let fx = Fixture::new(&mut admin, "pg_all", &fs::read_to_string(dir.join("source.sql")).unwrap());
    let golden = Snapshot::from_json(&fs::read_to_string(dir.join("schema.json")).unwrap(), "schema.json").unwrap();
    let mut live = read_case(&fx, "pg_all");
    let (a, b) = (without_stats(golden.clone()).to_json().unwrap(), without_stats(live.clone()).to_json().unwrap());
    assert!(a == b, "the live snapshot differs from schema.json (- golden, + live):\n{}", diff(&a, &b));
    // Same schema, golden statistics: the generated files must be the goldens, byte for byte.
    for (l, g) in live.databases[0].schemas.iter_mut().zip(&golden.databases[0].schemas) {
        for (lt, gt) in l.tables.iter_mut().zip(&g.tables) {
            (lt.rows, lt.data_bytes) = (gt.rows, gt.data_bytes);
        }
    }
    let cfg = config::parse(&fs::read_to_string(dir.join("config.conf")).unwrap(), "config.conf", &|_| None).unwrap();
    let generated = app::build(&cfg.config, live).unwrap();
    let expected = read_files(&dir.join("expected"));
    for f in &generated.files {
        let e = expected.get(&f.name).unwrap_or_else(|| panic!("{} not in expected/", f.name));
        assert!(*e == f.content, "{}: live output differs:\n{}", f.name, diff(e, &f.content));
    }
    assert_eq!(generated.files.len() + 1, expected.len(), "expected/ has files live generation did not write");
    // The PostgreSQL warning kinds all show in this case.
    let warnings = &expected["warnings.txt"];
    for kind in [
        "numeric-unconstrained",
        "utc-wall-clock",
        "array-connector",
        "generated-column",
        "column-left-out",
        "cdc-reads-extra",
        "binary-base64",
        "decimal-as-text",
    ] {
        assert!(warnings.contains(&format!("warning[{kind}]")), "no {kind} warning in pg_all");
    }
}

/// `'key' = 'value'` options of every `CREATE TABLE … _src` of a Flink file, by table.
fn sources(flink: &str) -> Vec<BTreeMap<String, String>> {
    let opt = regex::Regex::new(r"^\s*'((?:[^']|'')*)' = '((?:[^']|'')*)',?$").unwrap();
    let mut out = Vec::new();
    let mut current: Option<BTreeMap<String, String>> = None;
    for line in flink.lines() {
        if line.starts_with("CREATE TABLE") {
            current = line.contains("_src` (").then(BTreeMap::new);
        } else if line == ");" {
            out.extend(current.take());
        } else if let (Some(map), Some(c)) = (current.as_mut(), opt.captures(line)) {
            map.insert(c[1].replace("''", "'"), c[2].replace("''", "'"));
        }
    }
    out
}

/// Debezium's include lists (pg-facts §1.2): comma-separated regexes (`\,` escapes a comma),
/// each matched case-insensitively against the whole `schema.table`; the table list is
/// `schema-name + "." + table-name`, the dot unescaped.
fn debezium_reads(schema_re: &str, table_re: &str, schema: &str, table: &str) -> bool {
    let list = |text: &str| -> Vec<regex::Regex> {
        let mut parts = vec![String::new()];
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, chars.peek()) {
                ('\\', Some(',')) => {
                    parts.last_mut().unwrap().push_str("\\,");
                    chars.next();
                }
                (',', _) => parts.push(String::new()),
                (c, _) => parts.last_mut().unwrap().push(c),
            }
        }
        parts.iter().map(|p| regex::Regex::new(&format!("(?i)^(?:{p})$")).unwrap()).collect()
    };
    let full = format!("{schema}.{table}");
    list(schema_re).iter().any(|r| r.is_match(schema))
        && list(&format!("{schema_re}.{table_re}")).iter().any(|r| r.is_match(&full))
}

/// Every relation the connector could list in the fixture: tables, partitioned parents and
/// their partitions (JDBC reports partitions as tables).
fn all_tables(c: &mut Client) -> Vec<(String, String)> {
    c.query(
        "SELECT n.nspname::text, c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE c.relkind IN ('r','p') AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'",
        &[],
    )
    .unwrap()
    .iter()
    .map(|r| (r.get(0), r.get(1)))
    .collect()
}

/// The setup file runs as is; each publication then lists exactly its source's tables; each
/// slot name passes PostgreSQL's check; each source's regexes, matched as Debezium matches
/// them, read exactly its members.
#[test]
fn setup_runs_and_publications_slots_and_regexes_cover_exactly_the_members() {
    let Some(mut admin) = server() else { return };
    let dir = root().join("testdata/pg_all");
    let fx = Fixture::new(&mut admin, "pg_setup", &fs::read_to_string(dir.join("source.sql")).unwrap());
    let snap = read_case(&fx, "pg_all");
    let cfg = config::parse(&fs::read_to_string(dir.join("config.conf")).unwrap(), "config.conf", &|_| None).unwrap();
    let generated = app::build(&cfg.config, snap).unwrap();
    let file = |name: &str| generated.files.iter().find(|f| f.name == name).unwrap().content.clone();
    let warnings: String = generated.warnings.iter().map(|w| format!("{}\n", w.message)).collect();
    let mut c = connect(&fx.name).unwrap();
    // One database: plain SQL, no psql meta-commands.
    let setup = file("postgres-setup.all.sql");
    assert!(!setup.contains("\\connect"), "{setup}");
    c.batch_execute(&setup).unwrap_or_else(|e| panic!("postgres-setup.all.sql does not run: {e}"));
    let published: BTreeMap<String, BTreeSet<(String, String)>> = c
        .query("SELECT pubname::text, schemaname::text, tablename::text FROM pg_publication_tables", &[])
        .unwrap()
        .iter()
        .fold(BTreeMap::new(), |mut m, r| {
            m.entry(r.get::<_, String>(0)).or_default().insert((r.get(1), r.get(2)));
            m
        });
    let tables = all_tables(&mut c);
    let flink = file("flink-create.all.sql");
    let srcs = sources(&flink);
    assert!(srcs.len() >= 40, "{} sources", srcs.len());
    let mut slots = BTreeSet::new();
    for s in &srcs {
        let (schema_re, table_re, slot) = (&s["schema-name"], &s["table-name"], &s["slot.name"]);
        assert_eq!(s["connector"], "postgres-cdc");
        assert_eq!(s["debezium.publication.name"], *slot);
        assert!(slots.insert(slot.clone()), "slot {slot} is used twice");
        // The members: what the connector reads, as Debezium matches the pair.
        let read: BTreeSet<(String, String)> =
            tables.iter().filter(|(sc, t)| debezium_reads(schema_re, table_re, sc, t)).cloned().collect();
        let members = &published[slot.as_str()];
        // A partitioned parent is published as itself and read as itself; its partitions are
        // neither listed nor read. Beyond the members, only a case-only twin is read (the
        // connector ignores case), and a warning names it.
        assert!(
            read.is_superset(members),
            "source with slot {slot}: regexes read {read:?}, publication lists {members:?}"
        );
        for (schema, table) in read.difference(members) {
            let twin = members.iter().any(|(s, t)| s.eq_ignore_ascii_case(schema) && t.eq_ignore_ascii_case(table));
            let warned = warnings.contains(&format!("also reads `{schema}`.`{table}`"));
            assert!(twin && warned, "source with slot {slot} also reads `{schema}`.`{table}`");
        }
        // PostgreSQL's own check of slot names, with room for the backfill slots' suffix.
        for name in [slot.clone(), format!("{slot}_99999")] {
            assert!(name.len() <= 63, "{name} is longer than 63 bytes");
            admin
                .query_one("SELECT pg_create_physical_replication_slot($1)", &[&name])
                .unwrap_or_else(|e| panic!("slot name {name} refused: {e}"));
            admin.query_one("SELECT pg_drop_replication_slot($1)", &[&name]).unwrap();
        }
    }
    // Every publication belongs to a source.
    assert_eq!(published.keys().cloned().collect::<BTreeSet<_>>(), slots);
    // REPLICA IDENTITY FULL now, for every published table and every partition of a parent.
    let not_full: Vec<String> = c
        .query(
            "SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE c.relkind IN ('r','p') AND c.relreplident <> 'f' AND (c.oid IN (SELECT (quote_ident(schemaname) \
             || '.' || quote_ident(tablename))::regclass FROM pg_publication_tables) OR c.relispartition)",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert!(not_full.is_empty(), "not REPLICA IDENTITY FULL: {not_full:?}");
}

fn smt(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_smt-rs")).args(args).current_dir(dir).env_remove("SMT_CONFIG").output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A config for `database` on `port`, with `password`.
fn write_config(dir: &Path, port: u16, database: &str, password: &str) -> PathBuf {
    let path = dir.join("c.conf");
    fs::write(
        &path,
        format!(
            "[db]\ntype = pgsql\nhost = 127.0.0.1\nport = {port}\nuser = postgres\npassword = {password}\nconnect_timeout = 5\n\
             [table-rule.1]\ndatabase = ^{database}$\ntable = .*\nflink.starrocks.jdbc-url = j\nflink.starrocks.load-url = l\n\
             flink.starrocks.username = u\nflink.starrocks.sink.properties.format = json\n"
        ),
    )
    .unwrap();
    path
}

/// The offline run on the snapshot the live run takes writes exactly what the live run writes.
#[test]
fn offline_from_a_snapshot_equals_the_live_run() {
    let Some(mut admin) = server() else { return };
    let fx =
        Fixture::new(&mut admin, "offline", &fs::read_to_string(root().join("testdata/pg_all/source.sql")).unwrap());
    let tmp = tempfile::tempdir().unwrap();
    write_config(tmp.path(), 5432, &fx.name, "");
    let live = smt(tmp.path(), &["-q", "-c", "c.conf", "generate", "-o", "live"]);
    assert!(live.status.success(), "{}", stderr(&live));
    let snap = smt(tmp.path(), &["-q", "-c", "c.conf", "snapshot", "-o", "snap.json"]);
    assert!(snap.status.success(), "{}", stderr(&snap));
    let offline = smt(tmp.path(), &["-q", "-c", "c.conf", "generate", "--schema", "snap.json", "-o", "offline"]);
    assert!(offline.status.success(), "{}", stderr(&offline));
    assert_eq!(read_files(&tmp.path().join("live")), read_files(&tmp.path().join("offline")));
    // check lists the tables too, and writes nothing.
    let check = smt(tmp.path(), &["-c", "c.conf", "check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(String::from_utf8_lossy(&check.stdout).contains("`types`.`numbers` -> `types`.`numbers` PRIMARY KEY(id)"));
}

/// A TCP proxy to the server that counts the queries the client sends (simple `Q` and extended
/// `P` messages), and can cut the connection after the server sent `cut` bytes.
fn proxy(cut: u64) -> (u16, Arc<AtomicU64>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let queries = Arc::new(AtomicU64::new(0));
    let count = queries.clone();
    std::thread::spawn(move || {
        for client in listener.incoming() {
            let Ok(client) = client else { return };
            let Ok(server) = TcpStream::connect("127.0.0.1:5432") else { return };
            let (mut c_in, mut s_out) = (client.try_clone().unwrap(), server.try_clone().unwrap());
            let count = count.clone();
            std::thread::spawn(move || {
                // The startup message has no type byte; every message after it does.
                let mut started = false;
                let mut pending: Vec<u8> = Vec::new();
                let mut buf = [0u8; 8192];
                while let Ok(n) = c_in.read(&mut buf) {
                    if n == 0 || s_out.write_all(&buf[..n]).is_err() {
                        break;
                    }
                    pending.extend_from_slice(&buf[..n]);
                    loop {
                        let head = if started { 5 } else { 4 };
                        if pending.len() < head {
                            break;
                        }
                        let at = if started { 1 } else { 0 };
                        let len = u32::from_be_bytes(pending[at..at + 4].try_into().unwrap()) as usize;
                        if pending.len() < at + len {
                            break;
                        }
                        if started && matches!(pending[0], b'Q' | b'P') {
                            count.fetch_add(1, Ordering::SeqCst);
                        }
                        // An SSL request (80877103) is answered with one byte, then comes the startup.
                        let ssl_request = !started && len == 8 && pending[4..8] == [4, 210, 22, 47];
                        pending.drain(..at + len);
                        started = started || !ssl_request;
                    }
                }
            });
            let (mut s_in, mut c_out) = (server, client);
            std::thread::spawn(move || {
                let mut sent = 0u64;
                let mut buf = [0u8; 8192];
                while let Ok(n) = s_in.read(&mut buf) {
                    let allowed = cut.saturating_sub(sent).min(n as u64) as usize;
                    sent += n as u64;
                    if n == 0 || c_out.write_all(&buf[..allowed]).is_err() || allowed < n {
                        break;
                    }
                }
                let _ = c_out.shutdown(std::net::Shutdown::Both);
                let _ = s_in.shutdown(std::net::Shutdown::Both);
            });
        }
    });
    (port, queries)
}

/// `n` tables of a few columns in one schema.
fn tables_sql(n: usize) -> String {
    (0..n).map(|i| format!("CREATE TABLE public.t{i}_x (id int PRIMARY KEY, name text, at timestamptz);\n")).collect()
}

/// SPEC §11: a constant number of queries per database, whatever the number of tables.
#[test]
fn queries_do_not_grow_with_the_tables() {
    let Some(mut admin) = server() else { return };
    let mut counts = Vec::new();
    for n in [3, 60] {
        let fx = Fixture::new(&mut admin, "count", &tables_sql(n));
        let (port, queries) = proxy(u64::MAX);
        let tmp = tempfile::tempdir().unwrap();
        write_config(tmp.path(), port, &fx.name, "");
        let o = smt(tmp.path(), &["-q", "-c", "c.conf", "snapshot", "-o", "s.json"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let snap = Snapshot::from_json(&fs::read_to_string(tmp.path().join("s.json")).unwrap(), "s.json").unwrap();
        assert_eq!(snap.databases[0].schemas[0].tables.len(), n);
        counts.push(queries.load(Ordering::SeqCst));
    }
    assert_eq!(counts[0], counts[1], "queries at 3 and 60 tables: {counts:?}");
    assert!(counts[0] <= 12, "{counts:?}");
}

/// One line, exit 3, the server's words, never the password.
fn fails_with_exit_3(o: &Output, password: &str, says: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(3), "{err}");
    let last = err.lines().last().unwrap_or_default();
    assert!(last.starts_with("error: ") && last.contains(says), "{err}");
    assert_eq!(err.lines().filter(|l| l.starts_with("error")).count(), 1, "{err}");
    assert!(!err.contains(password) && !String::from_utf8_lossy(&o.stdout).contains(password), "{err}");
}

#[test]
fn a_refused_connection_is_one_line_and_exit_3() {
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let tmp = tempfile::tempdir().unwrap();
    write_config(tmp.path(), port, "x", "S3cret#pw");
    let o = smt(tmp.path(), &["-c", "c.conf", "check"]);
    fails_with_exit_3(&o, "S3cret#pw", &format!("cannot connect to postgres@127.0.0.1:{port}"));
}

/// A server that asks for a password and refuses it (the machines' PostgreSQL trusts loopback,
/// so a tiny fake speaks the protocol's side of it).
#[test]
fn a_wrong_password_is_one_line_and_exit_3_without_the_password() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        if let Ok((mut s, _)) = listener.accept() {
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf); // startup message
            // AuthenticationCleartextPassword
            let _ = s.write_all(&[b'R', 0, 0, 0, 8, 0, 0, 0, 3]);
            let _ = s.read(&mut buf); // PasswordMessage
            let fields = b"SFATAL\0VFATAL\0C28P01\0Mpassword authentication failed for user \"postgres\"\0\0";
            let mut msg = vec![b'E'];
            msg.extend_from_slice(&((fields.len() + 4) as u32).to_be_bytes());
            msg.extend_from_slice(fields);
            let _ = s.write_all(&msg);
        }
    });
    let tmp = tempfile::tempdir().unwrap();
    write_config(tmp.path(), port, "x", "S3cret#pw");
    let o = smt(tmp.path(), &["-c", "c.conf", "check"]);
    fails_with_exit_3(&o, "S3cret#pw", "password authentication failed for user \"postgres\"");
}

#[test]
fn a_database_the_user_may_not_connect_to_is_one_line_and_exit_3() {
    let Some(mut admin) = server() else { return };
    let fx = Fixture::new(&mut admin, "denied", &tables_sql(1));
    let user = format!("smt_denied_{}", std::process::id());
    admin.batch_execute(&format!("DROP ROLE IF EXISTS {user}; CREATE ROLE {user} LOGIN PASSWORD 'Den#y1'")).unwrap();
    admin.batch_execute(&format!("REVOKE CONNECT ON DATABASE \"{}\" FROM PUBLIC", fx.name)).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let conf = write_config(tmp.path(), 5432, &fx.name, "Den#y1");
    fs::write(&conf, fs::read_to_string(&conf).unwrap().replace("user = postgres", &format!("user = {user}"))).unwrap();
    let o = smt(tmp.path(), &["-c", "c.conf", "check"]);
    admin.batch_execute(&format!("DROP ROLE {user}")).unwrap();
    fails_with_exit_3(&o, "Den#y1", "permission denied for database");
}

/// A server that goes away in the middle of a read: exit 3, one line, nothing written.
#[test]
fn a_connection_cut_mid_read_is_one_line_and_exit_3() {
    let Some(mut admin) = server() else { return };
    let fx = Fixture::new(&mut admin, "cut", &fs::read_to_string(root().join("testdata/pg_all/source.sql")).unwrap());
    let tmp = tempfile::tempdir().unwrap();
    // A full read first, to learn how much the server sends; then the same read cut in the middle.
    let (port, _) = proxy(u64::MAX);
    write_config(tmp.path(), port, &fx.name, "");
    assert!(smt(tmp.path(), &["-q", "-c", "c.conf", "snapshot", "-o", "s.json"]).status.success());
    let (port, _) = proxy(20_000);
    write_config(tmp.path(), port, &fx.name, "");
    let o = smt(tmp.path(), &["-c", "c.conf", "generate", "-o", "out"]);
    fails_with_exit_3(&o, "never-set", "postgres@127.0.0.1");
    assert!(!tmp.path().join("out").exists(), "nothing is written");
}
