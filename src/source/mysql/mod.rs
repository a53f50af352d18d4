//! The MySQL-family reader (SPEC §3): connect with the `[db]` options, list databases, keep those
//! a rule's `database` regex matches, and read their tables in a constant number of queries.

pub mod parse;
pub mod query;

use std::time::Duration;

use mysql::{Conn, Opts, OptsBuilder, SslOpts};

use crate::config::{DbConfig, SslMode};
use crate::error::Error;
use crate::progress::Progress;
use crate::source::{endpoint, one_line};

/// Schemas that hold the server's own objects, never user data.
pub const SYSTEM_SCHEMAS: &[&str] = &["information_schema", "mysql", "performance_schema", "sys", "metrics_schema"];

/// How long a single read may wait for the server once connected.
const READ_TIMEOUT: Duration = Duration::from_secs(300);

fn opts(db: &DbConfig, tls: bool) -> Result<Opts, Error> {
    let timeout = Duration::from_secs(db.connect_timeout);
    let mut b = OptsBuilder::new()
        .ip_or_hostname(Some(db.host.clone()))
        .tcp_port(db.port)
        .user(Some(db.user.clone()))
        .pass(Some(db.password.0.clone()))
        .prefer_socket(false)
        .tcp_connect_timeout(Some(timeout))
        .read_timeout(Some(READ_TIMEOUT))
        .write_timeout(Some(READ_TIMEOUT));
    if tls {
        let mut ssl = SslOpts::default();
        match db.ssl_mode {
            SslMode::Disabled => {}
            // Like the mysql client: encrypt, but do not authenticate the server.
            SslMode::Preferred | SslMode::Required => {
                ssl = ssl.with_danger_accept_invalid_certs(true).with_danger_skip_domain_validation(true);
            }
            SslMode::VerifyCa => ssl = ssl.with_danger_skip_domain_validation(true),
            SslMode::VerifyIdentity => {}
        }
        if let Some(ca) = &db.ssl_ca {
            ssl = ssl.with_root_cert_path(Some(std::path::PathBuf::from(ca)));
        }
        b = b.ssl_opts(Some(ssl));
    }
    Ok(Opts::from(b))
}

/// Connect as `[db]` says. `preferred` falls back to plain TCP when the server offers no TLS.
pub fn connect(db: &DbConfig) -> Result<Conn, Error> {
    let fail =
        |e: mysql::Error| Error::Source(format!("cannot connect to {}: {}", endpoint(db), one_line(&e.to_string())));
    match db.ssl_mode {
        SslMode::Disabled => new_conn(db, opts(db, false)?).map_err(fail)?,
        SslMode::Preferred => match new_conn(db, opts(db, true)?) {
            Ok(Ok(c)) => Ok(c),
            Ok(Err(mysql::Error::DriverError(mysql::DriverError::TlsNotSupported))) => {
                new_conn(db, opts(db, false)?).map_err(fail)?
            }
            Ok(Err(e)) => Err(e),
            Err(e) => return Err(fail(e)),
        },
        _ => new_conn(db, opts(db, true)?).map_err(fail)?,
    }
    .map_err(fail)
}

/// `Conn::new` with the whole connection — TCP and the MySQL handshake — bounded by
/// `connect_timeout`: a port that accepts but never answers must not hang the run. The outer
/// error is the timeout, the inner one the driver's.
fn new_conn(db: &DbConfig, opts: Opts) -> Result<mysql::Result<Conn>, mysql::Error> {
    let (tx, rx) = std::sync::mpsc::channel();
    let here = opts.clone();
    if std::thread::Builder::new().spawn(move || drop(tx.send(Conn::new(opts)))).is_err() {
        // The system refuses another thread: connect here; TCP stays bounded by its own timeout.
        return Ok(Conn::new(here));
    }
    rx.recv_timeout(Duration::from_secs(db.connect_timeout)).map_err(|_| {
        mysql::Error::IoError(std::io::Error::new(
            std::io::ErrorKind::TimedOut,
            format!("no answer within connect_timeout = {} s", db.connect_timeout),
        ))
    })
}

pub use crate::source::Read;

/// Read every database `wanted` accepts, through an open connection.
pub fn read(conn: &mut Conn, db: &DbConfig, wanted: &dyn Fn(&str) -> bool) -> Result<Read, Error> {
    read_showing(conn, db, wanted, &Progress::hidden())
}

/// [`read`], naming each query and counting its rows on `progress`.
pub fn read_showing(
    conn: &mut Conn,
    db: &DbConfig,
    wanted: &dyn Fn(&str) -> bool,
    progress: &Progress,
) -> Result<Read, Error> {
    let fail = |what: &str, e: mysql::Error| {
        Error::Source(format!("reading {what} from {}: {}", endpoint(db), one_line(&e.to_string())))
    };
    let mut rows =
        query::Rows { version: query::version(conn).map_err(|e| fail("the server version", e))?, ..Default::default() };
    progress.reading("information_schema.SCHEMATA");
    let visible: Vec<String> = query::schemata(conn)
        .map_err(|e| fail("information_schema.SCHEMATA", e))?
        .into_iter()
        .filter(|s| !SYSTEM_SCHEMAS.iter().any(|sys| sys.eq_ignore_ascii_case(s)))
        .collect();
    let mut matched: Vec<String> = visible.iter().filter(|d| wanted(d)).cloned().collect();
    matched.sort();
    let mariadb = parse::is_mariadb(&rows.version);
    query::read(conn, &matched, mariadb, &mut rows, progress)
        .map_err(|e| fail("information_schema tables, columns and keys", e))?;
    let timings = std::mem::take(&mut rows.timings);
    let (snapshot, skipped) = parse::snapshot(rows, &matched);
    // What a server shows can be inconsistent (column privileges hide columns a key names):
    // refuse it here rather than generate a broken table.
    snapshot.validate(&endpoint(db)).map_err(|e| Error::Source(e.to_string()))?;
    Ok(Read { snapshot, skipped, unlogged: Vec::new(), visible_databases: visible, timings })
}
