//! The PostgreSQL reader (SPEC §11): connect to `[db] database`, list the databases a rule's
//! `database` regex matches, and read each through a connection of its own, in a constant
//! number of catalog queries per database, read only.

pub mod parse;
pub mod query;

use std::time::Duration;

use postgres::{Client, Config, NoTls};

use crate::config::{DbConfig, SslMode};
use crate::error::Error;
use crate::model::{Snapshot, SourceInfo, SourceKind};
use crate::progress::Progress;
use crate::source::{Read, endpoint, one_line};

/// How long one catalog query may run once connected.
const STATEMENT_TIMEOUT: Duration = Duration::from_secs(300);

/// The server's own words: postgres' `Display` says only "db error" for a server error.
fn message(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => one_line(&format!("{}: {}", db.severity(), db.message())),
        None => one_line(&e.to_string()),
    }
}

/// A connection to `database`, bounded by `connect_timeout` (TCP and the handshake alike).
pub fn connect(db: &DbConfig, database: &str) -> Result<Client, Error> {
    let fail = |e: postgres::Error| {
        Error::Source(format!("cannot connect to {} (database `{database}`): {}", endpoint(db), message(&e)))
    };
    if matches!(db.ssl_mode, SslMode::Required | SslMode::VerifyCa | SslMode::VerifyIdentity) {
        return Err(Error::Config(format!(
            "[db] `ssl_mode` = {:?}: TLS to PostgreSQL is not supported yet; use `disabled` or `preferred` (plain TCP)",
            db.ssl_mode
        )));
    }
    let mut config = Config::new();
    config
        .host(&db.host)
        .port(db.port)
        .user(&db.user)
        .password(db.password.0.as_bytes())
        .dbname(database)
        .application_name("smt-rs")
        .connect_timeout(Duration::from_secs(db.connect_timeout))
        .keepalives(true)
        .options(&format!("-c statement_timeout={}", STATEMENT_TIMEOUT.as_millis()));
    config.connect(NoTls).map_err(fail)
}

/// Read every database `wanted` accepts, naming each query on `progress`.
pub fn read_showing(db: &DbConfig, wanted: &dyn Fn(&str) -> bool, progress: &Progress) -> Result<Read, Error> {
    let fail = |what: &str, database: &str, e: postgres::Error| {
        Error::Source(format!("reading {what} of database `{database}` from {}: {}", endpoint(db), message(&e)))
    };
    progress.phase(format!("connecting to {}", endpoint(db)));
    let mut first = connect(db, &db.database)?;
    let version = query::version(&mut first).map_err(|e| fail("the server version", &db.database, e))?;
    progress.reading("pg_database");
    let visible = query::databases(&mut first).map_err(|e| fail("pg_database", &db.database, e))?;
    drop(first);
    let mut timings = Vec::new();
    let (mut databases, mut skipped, mut unlogged) = (Vec::new(), Vec::new(), Vec::new());
    for name in visible.iter().filter(|d| wanted(d)) {
        let mut client = connect(db, name)?;
        let mut columns = parse::Columns::default();
        let rows = query::read(&mut client, &mut timings, progress, &mut |context, row| columns.add(context, row))
            .map_err(|e| fail("the catalog", name, e))?;
        let parsed = parse::database(name, rows, columns);
        databases.push(parsed.database);
        skipped.extend(parsed.skipped);
        unlogged.extend(parsed.unlogged.into_iter().map(|(s, t)| (name.clone(), s, t)));
    }
    let mut snapshot = Snapshot {
        format_version: crate::model::FORMAT_VERSION,
        source: SourceInfo { kind: SourceKind::Pgsql, server_version: version },
        databases,
    };
    snapshot.sort();
    skipped.sort_by(|a, b| (&a.database, &a.name).cmp(&(&b.database, &b.name)));
    // What a server shows can be inconsistent (column privileges hide columns a key names):
    // refuse it here rather than generate a broken table.
    snapshot.validate(&endpoint(db)).map_err(|e| Error::Source(e.to_string()))?;
    Ok(Read { snapshot, skipped, unlogged, visible_databases: visible, timings })
}
