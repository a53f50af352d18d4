//! The fast path of snapshot parsing: the main thread walks the document's outline (format,
//! source, database names) and hands each table's JSON text, as it passes it, to the thread
//! pool, which deserialises the tables meanwhile. An estate of 10,000 tables is tens of
//! megabytes of JSON; walking and parsing overlap instead of following each other.
//!
//! Strict like the derived parse (unknown, duplicate and missing fields are errors). Any error
//! sends the caller to the derived, path-tracking parse, which finds and names it; so this
//! module only has to accept exactly the valid documents.

use std::cell::Cell;
use std::collections::BTreeSet;
use std::fmt;
use std::sync::{Mutex, mpsc};

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::{Database, Snapshot, SourceInfo, Table};

type Parsed = (usize, serde_json::Result<Table>);

/// `done(n)`: the first `n` bytes of `text` will not be read again, so a caller holding the text
/// in a file mapping can release those pages while the rest is parsed.
pub fn parse(text: &[u8], done: &(dyn Fn(usize) + Sync)) -> serde_json::Result<Snapshot> {
    let (tx, rx) = mpsc::channel::<Parsed>();
    let in_flight = Mutex::new(BTreeSet::new());
    let outline = rayon::in_place_scope(|scope| {
        let spawner =
            Spawner { scope, tx, next: Cell::new(0), base: text.as_ptr() as usize, in_flight: &in_flight, done };
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
    let mut tables = slots.into_iter().flatten();
    let databases = outline
        .databases
        .into_iter()
        .map(|(name, n)| Database { name, tables: tables.by_ref().take(n).collect() })
        .collect();
    Ok(Snapshot { format_version: outline.format_version, source: outline.source, databases })
}

/// Hands each table's text to the pool, numbered in document order.
struct Spawner<'a, 'scope> {
    scope: &'a rayon::Scope<'scope>,
    tx: mpsc::Sender<Parsed>,
    next: Cell<usize>,
    /// Where the text starts, and the offsets of the tables still being parsed: everything
    /// before the first of them (and before the walk) is done with.
    base: usize,
    in_flight: &'scope Mutex<BTreeSet<usize>>,
    done: &'scope (dyn Fn(usize) + Sync),
}

/// Tables between two reports of the finished prefix.
const REPORT_EVERY: usize = 256;

impl<'scope> Spawner<'_, 'scope> {
    fn spawn(&self, raw: &'scope RawValue) {
        let i = self.next.replace(self.next.get() + 1);
        let tx = self.tx.clone();
        let start = raw.get().as_ptr() as usize - self.base;
        let in_flight = self.in_flight;
        let lock = || in_flight.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        lock().insert(start);
        // A closed channel cannot happen: `parse` holds the receiver until every task is done.
        self.scope.spawn(move |_| {
            let table = serde_json::from_str(raw.get());
            lock().remove(&start);
            drop(tx.send((i, table)));
        });
        if i % REPORT_EVERY == REPORT_EVERY - 1 {
            (self.done)(lock().first().copied().unwrap_or(start));
        }
    }
}

struct Outline {
    format_version: u32,
    source: SourceInfo,
    /// Name and table count of each database, in document order.
    databases: Vec<(String, usize)>,
    tables: usize,
}

struct OutlineSeed<'s, 'a, 'scope>(&'s Spawner<'a, 'scope>);
struct DatabasesSeed<'s, 'a, 'scope>(&'s Spawner<'a, 'scope>);
struct DatabaseSeed<'s, 'a, 'scope>(&'s Spawner<'a, 'scope>);
struct TablesSeed<'s, 'a, 'scope>(&'s Spawner<'a, 'scope>);

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
        let mut databases: Option<Vec<(String, usize)>> = None;
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
            tables: databases.iter().map(|(_, n)| n).sum(),
            databases,
        })
    }
}

impl<'de: 'scope, 'scope> DeserializeSeed<'de> for DatabasesSeed<'_, '_, 'scope> {
    type Value = Vec<(String, usize)>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de: 'scope, 'scope> Visitor<'de> for DatabasesSeed<'_, '_, 'scope> {
    type Value = Vec<(String, usize)>;

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
    type Value = (String, usize);

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de: 'scope, 'scope> Visitor<'de> for DatabaseSeed<'_, '_, 'scope> {
    type Value = (String, usize);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a database")
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
        let fast = parse(DOC.as_bytes(), &|_| {}).unwrap();
        assert_eq!(fast, derived);
        let names: Vec<&str> = fast.databases.iter().flat_map(|d| &d.tables).map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["t1", "t2", "t3"]);
    }

    /// The finished prefix only grows, and never passes a table still to be parsed (checked
    /// here by the result being complete and equal to the derived parse).
    #[test]
    fn reports_a_growing_finished_prefix() {
        let table = r#"{"name": "tNNNN", "columns": [{"name": "id", "data_type": "int", "column_type": "int", "nullable": false}]}"#;
        let tables: Vec<String> = (0..1000).map(|i| table.replace("NNNN", &format!("{i:04}"))).collect();
        let doc = format!(
            r#"{{"format_version": 1, "source": {{"type": "mysql"}}, "databases": [{{"name": "d", "tables": [{}]}}]}}"#,
            tables.join(",\n")
        );
        let reports = Mutex::new(Vec::new());
        let fast = parse(doc.as_bytes(), &|n| reports.lock().unwrap().push(n)).unwrap();
        assert_eq!(fast, serde_json::from_str::<Snapshot>(&doc).unwrap());
        let reports = reports.into_inner().unwrap();
        assert!(reports.len() >= 3, "{reports:?}");
        assert!(reports.windows(2).all(|w| w[0] <= w[1]), "{reports:?}");
        assert!(reports.iter().all(|n| *n < doc.len()));
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
            DOC.replacen(r#"{"tables": [], "name": "b"}"#, r#"{"name": "b"}"#, 1),
            DOC.replacen(r#""nullable": false"#, r#""nullable": false, "junk": 1"#, 1),
            DOC.replacen(r#""name": "t3""#, r#""name": 3"#, 1),
            format!("{DOC} trailing"),
        ];
        for case in &cases {
            assert!(serde_json::from_str::<Snapshot>(case).is_err(), "derived parse accepts {case}");
            assert!(parse(case.as_bytes(), &|_| {}).is_err(), "fast path accepts {case}");
        }
    }
}
