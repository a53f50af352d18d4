//! The fast path of snapshot parsing: the main thread walks the document's outline (format,
//! source, database names) and hands each table's JSON text, as it passes it, to the thread
//! pool, which deserialises the tables meanwhile. An estate of 10,000 tables is tens of
//! megabytes of JSON; walking and parsing overlap instead of following each other.
//!
//! Strict like the derived parse (unknown, duplicate and missing fields are errors). Any error
//! sends the caller to the derived, path-tracking parse, which finds and names it; so this
//! module only has to accept exactly the valid documents.

use std::cell::Cell;
use std::fmt;
use std::sync::mpsc;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::{Database, Schema, Snapshot, SourceInfo, Table};

type Parsed = (usize, serde_json::Result<Table>);

/// `text` is the file's bytes: UTF-8 is checked as they are parsed.
pub fn parse(text: &[u8]) -> serde_json::Result<Snapshot> {
    let (tx, rx) = mpsc::channel::<Parsed>();
    let outline = rayon::in_place_scope(|scope| {
        let spawner = Spawner { scope, tx, next: Cell::new(0) };
        let mut de = serde_json::Deserializer::from_slice(text);
        let outline = OutlineSeed(&spawner).deserialize(&mut de)?;
        de.end()?;
        Ok::<_, serde_json::Error>(outline)
    })?;
    let mut slots: Vec<Option<Table>> = Vec::new();
    slots.resize_with(outline.tables, || None);
    for (i, table) in rx {
        slots[i] = Some(table?);
    }
    // Tables come back in document order: each database's (or schema's) tables in turn.
    let mut tables = slots.into_iter().flatten();
    let databases = outline
        .databases
        .into_iter()
        .map(|db| {
            let mut take = |n: usize| tables.by_ref().take(n).collect::<Vec<Table>>();
            let (own_first, schemas) = (db.tables_first, db.schemas);
            let mut own = if own_first { take(db.tables) } else { Vec::new() };
            let schemas =
                schemas.into_iter().map(|(name, n)| Schema { name, tables: take(n) }).collect::<Vec<Schema>>();
            if !own_first {
                own = take(db.tables);
            }
            Database { name: db.name, encoding: db.encoding, schemas, tables: own }
        })
        .collect();
    Ok(Snapshot { format_version: outline.format_version, source: outline.source, databases })
}

/// Hands each table's text to the pool, numbered in document order.
struct Spawner<'a, 'scope> {
    scope: &'a rayon::Scope<'scope>,
    tx: mpsc::Sender<Parsed>,
    next: Cell<usize>,
}

impl<'scope> Spawner<'_, 'scope> {
    fn spawn(&self, raw: &'scope RawValue) {
        let i = self.next.replace(self.next.get() + 1);
        let tx = self.tx.clone();
        // A closed channel cannot happen: `parse` holds the receiver until every task is done.
        self.scope.spawn(move |_| drop(tx.send((i, serde_json::from_str(raw.get())))));
    }
}

struct Outline {
    format_version: u32,
    source: SourceInfo,
    /// Each database's outline, in document order.
    databases: Vec<DatabaseOutline>,
    tables: usize,
}

/// A database's name and what its tables are: its own, and per schema (name, count).
struct DatabaseOutline {
    name: String,
    encoding: Option<String>,
    tables: usize,
    schemas: Vec<(String, usize)>,
    /// Whether `tables` came before `schemas` in the document (the tables were spawned first).
    tables_first: bool,
}

struct OutlineSeed<'s, 'a, 'scope>(&'s Spawner<'a, 'scope>);
struct DatabasesSeed<'s, 'a, 'scope>(&'s Spawner<'a, 'scope>);
struct DatabaseSeed<'s, 'a, 'scope>(&'s Spawner<'a, 'scope>);
struct TablesSeed<'s, 'a, 'scope>(&'s Spawner<'a, 'scope>);
struct SchemasSeed<'s, 'a, 'scope>(&'s Spawner<'a, 'scope>);
struct SchemaSeed<'s, 'a, 'scope>(&'s Spawner<'a, 'scope>);

/// Refuses a field's second value, like the derived parse.
fn first<T, E: de::Error>(slot: &Option<T>, name: &'static str) -> Result<(), E> {
    if slot.is_some() { Err(E::duplicate_field(name)) } else { Ok(()) }
}

impl<'de: 'scope, 'scope> DeserializeSeed<'de> for OutlineSeed<'_, '_, 'scope> {
    type Value = Outline;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Outline, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de: 'scope, 'scope> Visitor<'de> for OutlineSeed<'_, '_, 'scope> {
    type Value = Outline;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a snapshot")
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Outline, M::Error> {
        const FIELDS: &[&str] = &["format_version", "source", "databases"];
        let mut version: Option<u32> = None;
        let mut source: Option<SourceInfo> = None;
        let mut databases: Option<Vec<DatabaseOutline>> = None;
        while let Some(key) = map.next_key::<&str>()? {
            match key {
                "format_version" => {
                    first(&version, "format_version")?;
                    version = Some(map.next_value()?);
                }
                "source" => {
                    first(&source, "source")?;
                    source = Some(map.next_value()?);
                }
                "databases" => {
                    first(&databases, "databases")?;
                    databases = Some(map.next_value_seed(DatabasesSeed(self.0))?);
                }
                other => return Err(de::Error::unknown_field(other, FIELDS)),
            }
        }
        let databases = databases.ok_or_else(|| de::Error::missing_field("databases"))?;
        Ok(Outline {
            format_version: version.ok_or_else(|| de::Error::missing_field("format_version"))?,
            source: source.ok_or_else(|| de::Error::missing_field("source"))?,
            tables: databases.iter().map(|d| d.tables + d.schemas.iter().map(|(_, n)| n).sum::<usize>()).sum(),
            databases,
        })
    }
}

impl<'de: 'scope, 'scope> DeserializeSeed<'de> for DatabasesSeed<'_, '_, 'scope> {
    type Value = Vec<DatabaseOutline>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de: 'scope, 'scope> Visitor<'de> for DatabasesSeed<'_, '_, 'scope> {
    type Value = Vec<DatabaseOutline>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of databases")
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<Self::Value, S::Error> {
        let mut out = Vec::new();
        while let Some(db) = seq.next_element_seed(DatabaseSeed(self.0))? {
            out.push(db);
        }
        Ok(out)
    }
}

impl<'de: 'scope, 'scope> DeserializeSeed<'de> for DatabaseSeed<'_, '_, 'scope> {
    type Value = DatabaseOutline;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de: 'scope, 'scope> Visitor<'de> for DatabaseSeed<'_, '_, 'scope> {
    type Value = DatabaseOutline;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a database")
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
        const FIELDS: &[&str] = &["name", "encoding", "schemas", "tables"];
        let mut name: Option<String> = None;
        let mut encoding: Option<Option<String>> = None;
        let mut tables: Option<usize> = None;
        let mut schemas: Option<Vec<(String, usize)>> = None;
        // The tables are spawned in document order: remember whether `tables` came first.
        let mut tables_first = true;
        while let Some(key) = map.next_key::<&str>()? {
            match key {
                "name" => {
                    first(&name, "name")?;
                    name = Some(map.next_value()?);
                }
                "encoding" => {
                    first(&encoding, "encoding")?;
                    encoding = Some(map.next_value()?);
                }
                "tables" => {
                    first(&tables, "tables")?;
                    tables_first = schemas.is_none();
                    tables = Some(map.next_value_seed(TablesSeed(self.0))?);
                }
                "schemas" => {
                    first(&schemas, "schemas")?;
                    schemas = Some(map.next_value_seed(SchemasSeed(self.0))?);
                }
                other => return Err(de::Error::unknown_field(other, FIELDS)),
            }
        }
        // Both are optional: a MySQL database has tables, a PostgreSQL one schemas.
        Ok(DatabaseOutline {
            name: name.ok_or_else(|| de::Error::missing_field("name"))?,
            encoding: encoding.flatten(),
            tables: tables.unwrap_or(0),
            schemas: schemas.unwrap_or_default(),
            tables_first,
        })
    }
}

impl<'de: 'scope, 'scope> DeserializeSeed<'de> for TablesSeed<'_, '_, 'scope> {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de: 'scope, 'scope> Visitor<'de> for TablesSeed<'_, '_, 'scope> {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of tables")
    }

    /// Each table's text is borrowed from the document and parsed by the pool.
    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<usize, S::Error> {
        let mut n = 0;
        while let Some(raw) = seq.next_element::<&'de RawValue>()? {
            self.0.spawn(raw);
            n += 1;
        }
        Ok(n)
    }
}

impl<'de: 'scope, 'scope> DeserializeSeed<'de> for SchemasSeed<'_, '_, 'scope> {
    type Value = Vec<(String, usize)>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de: 'scope, 'scope> Visitor<'de> for SchemasSeed<'_, '_, 'scope> {
    type Value = Vec<(String, usize)>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of schemas")
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<Self::Value, S::Error> {
        let mut out = Vec::new();
        while let Some(schema) = seq.next_element_seed(SchemaSeed(self.0))? {
            out.push(schema);
        }
        Ok(out)
    }
}

impl<'de: 'scope, 'scope> DeserializeSeed<'de> for SchemaSeed<'_, '_, 'scope> {
    type Value = (String, usize);

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de: 'scope, 'scope> Visitor<'de> for SchemaSeed<'_, '_, 'scope> {
    type Value = (String, usize);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a schema")
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
        const FIELDS: &[&str] = &["name", "tables"];
        let (mut name, mut tables): (Option<String>, Option<usize>) = (None, None);
        while let Some(key) = map.next_key::<&str>()? {
            match key {
                "name" => {
                    first(&name, "name")?;
                    name = Some(map.next_value()?);
                }
                "tables" => {
                    first(&tables, "tables")?;
                    tables = Some(map.next_value_seed(TablesSeed(self.0))?);
                }
                other => return Err(de::Error::unknown_field(other, FIELDS)),
            }
        }
        Ok((
            name.ok_or_else(|| de::Error::missing_field("name"))?,
            tables.ok_or_else(|| de::Error::missing_field("tables"))?,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"{"format_version": 1, "source": {"type": "mysql", "server_version": "8.0"}, "databases": [
        {"name": "a", "tables": [
            {"name": "t1", "columns": [{"name": "id", "data_type": "int", "column_type": "int", "nullable": false}]},
            {"name": "t2", "columns": [{"name": "x", "data_type": "varchar", "column_type": "varchar(3)", "nullable": true}]}]},
        {"tables": [], "name": "b"},
        {"name": "c", "tables": [
            {"name": "t3", "columns": [{"name": "y", "data_type": "json", "column_type": "json", "nullable": true}]}]}]}"#;

    #[test]
    fn parses_like_the_derived_parse_keeping_document_order() {
        let derived: Snapshot = serde_json::from_str(DOC).unwrap();
        let fast = parse(DOC.as_bytes()).unwrap();
        assert_eq!(fast, derived);
        let names: Vec<&str> = fast.databases.iter().flat_map(|d| &d.tables).map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["t1", "t2", "t3"]);
    }

    /// A PostgreSQL snapshot: databases hold schemas, schemas hold tables; the tables of every
    /// schema come back to their own schema, whatever the order of the keys.
    #[test]
    fn schemas_parse_like_the_derived_parse() {
        let table = |n: &str| {
            format!(
                r#"{{"name": "{n}", "columns": [{{"name": "id", "data_type": "int4", "column_type": "integer", "nullable": false}}]}}"#
            )
        };
        let doc = format!(
            r#"{{"format_version": 1, "source": {{"type": "pgsql"}}, "databases": [
                {{"name": "app", "encoding": "UTF8", "schemas": [{{"name": "a", "tables": [{}, {}]}}, {{"tables": [{}], "name": "b"}}]}},
                {{"schemas": [{{"name": "c", "tables": [{}]}}], "tables": [], "name": "other"}}]}}"#,
            table("t1"),
            table("t2"),
            table("t3"),
            table("t4")
        );
        let derived: Snapshot = serde_json::from_str(&doc).unwrap();
        let fast = parse(doc.as_bytes()).unwrap();
        assert_eq!(fast, derived);
        let names: Vec<(&str, &str)> = fast
            .databases
            .iter()
            .flat_map(|d| &d.schemas)
            .flat_map(|s| s.tables.iter().map(move |t| (s.name.as_str(), t.name.as_str())))
            .collect();
        assert_eq!(names, [("a", "t1"), ("a", "t2"), ("b", "t3"), ("c", "t4")]);
        assert_eq!(fast.source.kind, super::super::SourceKind::Pgsql);
    }

    /// Whatever the derived parse refuses, the fast path refuses too (and the caller then
    /// reports the derived parse's error).
    #[test]
    fn refuses_what_the_derived_parse_refuses() {
        let cases = [
            DOC.replacen(r#""format_version": 1,"#, r#""format_version": 1, "extra": 0,"#, 1),
            DOC.replacen(r#""format_version": 1,"#, r#""format_version": 1, "format_version": 1,"#, 1),
            DOC.replacen(r#""format_version": 1,"#, "", 1),
            DOC.replacen(r#"{"tables": [], "name": "b"}"#, r#"{"tables": [], "name": "b", "x": 1}"#, 1),
            DOC.replacen(r#"{"tables": [], "name": "b"}"#, r#"{"tables": [], "tables": [], "name": "b"}"#, 1),
            DOC.replacen(r#"{"tables": [], "name": "b"}"#, r#"{"schemas": [{"tables": []}], "name": "b"}"#, 1),
            DOC.replacen(
                r#"{"tables": [], "name": "b"}"#,
                r#"{"schemas": [{"name": "s", "tables": [], "x": 1}], "name": "b"}"#,
                1,
            ),
            DOC.replacen(r#""nullable": false"#, r#""nullable": false, "junk": 1"#, 1),
            DOC.replacen(r#""name": "t3""#, r#""name": 3"#, 1),
            format!("{DOC} trailing"),
        ];
        for case in &cases {
            assert!(serde_json::from_str::<Snapshot>(case).is_err(), "derived parse accepts {case}");
            assert!(parse(case.as_bytes()).is_err(), "fast path accepts {case}");
        }
    }
}
