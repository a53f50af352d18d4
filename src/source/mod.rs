//! Source readers: each turns a live server into the neutral [`crate::model::Snapshot`].
//! Only `query.rs` files talk to a server; parsing rows into the model is pure and unit-tested.

pub mod mysql;

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
