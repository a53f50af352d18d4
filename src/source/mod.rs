//! Source readers: each turns a live server into the neutral [`crate::model::Snapshot`].
//! Only `query.rs` files talk to a server; parsing rows into the model is pure and unit-tested.

pub mod mysql;
pub mod pgsql;

/// An object of a matched database that is not a table and produces no target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub database: String,
    pub name: String,
    /// `view`, `sequence` …
    pub kind: String,
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}`.`{}` ({})", self.database, self.name, self.kind)
    }
}

/// One catalog query's duration and row count (`-v`).
#[derive(Debug, Clone)]
pub struct Timing {
    pub query: &'static str,
    pub rows: usize,
    pub elapsed: std::time::Duration,
}

/// What a read found: the snapshot of the matched databases, the objects it left out, and
/// what the server has.
#[derive(Debug)]
pub struct Read {
    pub snapshot: crate::model::Snapshot,
    pub skipped: Vec<Skipped>,
    /// PostgreSQL: `(database, schema, table)` of UNLOGGED tables, which logical replication
    /// cannot read.
    pub unlogged: Vec<(String, String, String)>,
    /// Databases the server has (and the user can see), system schemas excluded.
    pub visible_databases: Vec<String>,
    /// Each catalog query's duration and row count (`-v`).
    pub timings: Vec<Timing>,
}

/// `user@host:port`, the way every connection message names the server (never the password).
pub fn endpoint(db: &crate::config::DbConfig) -> String {
    format!("{}@{}:{}", db.user, db.host, db.port)
}

/// A server's message on one line: drivers' messages may span several.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Read the server `[db]` names: the databases `wanted` accepts, naming each query on
/// `progress`. One reader per source kind; both produce the same model.
pub fn read(
    db: &crate::config::DbConfig,
    wanted: &dyn Fn(&str) -> bool,
    progress: &crate::progress::Progress,
) -> Result<Read, crate::error::Error> {
    match db.kind {
        crate::model::SourceKind::Mysql => {
            progress.phase(format!("connecting to {}", endpoint(db)));
            mysql::connect(db).and_then(|mut conn| mysql::read_showing(&mut conn, db, wanted, progress))
        }
        crate::model::SourceKind::Pgsql => pgsql::read_showing(db, wanted, progress),
    }
}
