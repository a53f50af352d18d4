//! `postgres-setup.N.sql` (SPEC §11): what a DBA runs on the PostgreSQL source before the Flink
//! jobs start — one publication per CDC source, REPLICA IDENTITY FULL where the old row would
//! otherwise be missing — each statement with a comment saying why. Plain SQL for PostgreSQL 10+;
//! a file covering several databases switches between them with psql's `\connect`.

use std::fmt::Write;

use super::quote::PgIdent;
use crate::error::one_line;
use crate::plan::{SetupTable, Target};

/// The file's opening comment (after the tool's header line).
pub const PREAMBLE: &str = "\
-- Run on the PostgreSQL source before the Flink jobs start, as the tables' owner or a superuser
-- (psql -v ON_ERROR_STOP=1 -f FILE). The Flink sources are told not to create publications
-- ('debezium.publication.autocreate.mode' = 'disabled'): each reads the one made here, through
-- a replication slot of its own that it creates on first start.";

/// A source table as SQL: `"schema"."table"`.
fn qualified(schema: &str, table: &str) -> String {
    format!("{}.{}", PgIdent(schema), PgIdent(table))
}

/// One source's statements: its publication, then the REPLICA IDENTITY each table needs.
pub fn setup_statements(t: &Target) -> String {
    let slot = t.slot.as_deref().unwrap_or_default();
    let mut out = String::new();
    let members: Vec<String> = t
        .setup
        .iter()
        .map(|s| {
            // Without ONLY, an inheritance parent's publication takes its children in too.
            let only = if s.inherited && !s.partitioned { "ONLY " } else { "" };
            format!("{only}{}", qualified(&s.schema, &s.table))
        })
        .collect();
    let sources: Vec<String> = t.setup.iter().map(|s| qualified(&s.schema, &s.table)).collect();
    // Names may hold a newline, which would end a comment: comments get them escaped.
    let about = one_line(&format!("{} → StarRocks `{}`.`{}`", sources.join(", "), t.db, t.table));
    let _ = writeln!(out, "-- {about}: the publication its CDC source reads (slot {slot})");
    let partitioned = t.setup.iter().any(|s| s.partitioned);
    if partitioned {
        let _ = writeln!(
            out,
            "-- publish_via_partition_root (PostgreSQL 13+): changes are published under the parent's name, which the source reads"
        );
    }
    let with = if partitioned { " WITH (publish_via_partition_root = true)" } else { "" };
    let _ = writeln!(out, "CREATE PUBLICATION {} FOR TABLE {}{with};", PgIdent(slot), members.join(", "));
    for s in &t.setup {
        replica_identity(&mut out, s);
    }
    out
}

/// `ALTER TABLE … REPLICA IDENTITY FULL` for a table that is not FULL yet, and for every
/// partition of a partitioned parent (setting it on the parent does not reach them).
fn replica_identity(out: &mut String, s: &SetupTable) {
    let name = qualified(&s.schema, &s.table);
    match s.replica_identity.as_deref() {
        Some("full") => {
            let _ = writeln!(out, "-- {} already has REPLICA IDENTITY FULL", one_line(&name));
        }
        current => {
            let why = match current {
                Some("nothing") => {
                    "it has REPLICA IDENTITY NOTHING: its updates and deletes would fail on the publisher"
                }
                Some("index") => {
                    "it has REPLICA IDENTITY USING INDEX: updates and deletes would carry only the index columns"
                }
                _ => {
                    "with the default identity, updates and deletes carry only the key (none without one) and unchanged TOASTed values arrive as a placeholder"
                }
            };
            let _ = writeln!(out, "-- {why}; postgres-cdc (changelog-mode = all) needs the whole old row");
            let _ = writeln!(out, "ALTER TABLE {name} REPLICA IDENTITY FULL;");
        }
    }
    if !s.partitions.is_empty() {
        let _ = writeln!(out, "-- the partitions of {}, which do not take their parent's identity", one_line(&name));
        for (schema, table) in &s.partitions {
            let _ = writeln!(out, "ALTER TABLE {} REPLICA IDENTITY FULL;", qualified(schema, table));
        }
    }
}

/// `\connect` to a database, for a file that covers more than one (psql).
pub fn connect(database: &str) -> String {
    format!("\\connect {}", PgIdent(database))
}

/// A `postgres-setup` file's statements grouped by database, in the order they came within
/// each: `generate` and `diff` write their setup files from it.
#[derive(Default)]
pub struct SetupFile {
    by_database: Vec<(String, String)>,
}

impl SetupFile {
    pub fn add(&mut self, database: &str, statements: &str) {
        match self.by_database.iter_mut().find(|(d, _)| d == database) {
            Some((_, text)) => {
                text.push('\n');
                text.push_str(statements);
            }
            None => self.by_database.push((database.to_string(), statements.to_string())),
        }
    }

    /// The file under `header`: the preamble, then each database's statements in name order,
    /// under psql's `\connect` when the file covers several.
    pub fn render(mut self, header: &str) -> String {
        self.by_database.sort_by(|a, b| a.0.cmp(&b.0));
        let mut out = format!("{header}\n{PREAMBLE}");
        let several = self.by_database.len() > 1;
        for (database, text) in &self.by_database {
            out.push_str("\n\n");
            if several {
                out.push_str(&connect(database));
                out.push('\n');
            } else {
                let _ = writeln!(out, "-- database {}", one_line(database));
            }
            out.push_str(text);
        }
        out
    }
}
