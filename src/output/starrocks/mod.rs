//! StarRocks DDL (SPEC §6): CREATE DATABASE once per database, then CREATE TABLE per target.

use compact_str::CompactString;
use std::fmt::{self, Display, Formatter};

use askama::Template;

use super::quote::{Ident, StarRocksString};
use crate::plan::{KeyModel, PartitionPlan, Target, TargetColumn};
use crate::types::starrocks::Default;

/// The template's items are `Display` values that write straight into the statement: a large
/// estate renders millions of them, and a `String` each doubled the rendering time.
#[derive(Template)]
#[template(path = "starrocks-table.sql", escape = "none")]
struct CreateTable<'a> {
    db: Ident<'a>,
    table: Ident<'a>,
    columns: Vec<Column<'a>>,
    model: &'static str,
    key: Vec<Ident<'a>>,
    comment: Option<StarRocksString<'a>>,
    partition: Option<Partition<'a>>,
    hash: Vec<Ident<'a>>,
    buckets: Option<u32>,
    properties: Vec<Property<'a>>,
}

pub fn create_database(db: &str) -> String {
    format!("CREATE DATABASE IF NOT EXISTS {};", Ident(db))
}

pub fn create_table(t: &Target) -> Result<String, askama::Error> {
    create_table_named(t, &t.table, &[])
}

/// The target's CREATE TABLE under another name (a rebuild's `<table>__rebuild`), with the
/// columns named in `nullable` NULL whatever the design says (a rebuild keeps what may hold
/// NULL nullable).
pub fn create_table_named(t: &Target, table: &str, nullable: &[CompactString]) -> Result<String, askama::Error> {
    let table = CreateTable {
        db: Ident(&t.db),
        table: Ident(table),
        columns: t
            .columns
            .iter()
            .map(|c| Column(ColumnDef { nullable: c.nullable || nullable.contains(&c.name), ..ColumnDef::of(c) }))
            .collect(),
        model: match t.model {
            KeyModel::Primary => "PRIMARY",
            KeyModel::Duplicate => "DUPLICATE",
        },
        key: t.key_columns().map(|c| Ident(&c.name)).collect(),
        comment: (!t.comment.is_empty()).then(|| StarRocksString(&t.comment)),
        partition: t.partition.as_ref().map(Partition),
        hash: t.distributed_by.iter().map(|c| Ident(c)).collect(),
        buckets: t.buckets,
        properties: t.properties.iter().map(|(k, v)| Property(k, v)).collect(),
    };
    super::render_sized(&table, t.columns.len() + t.properties.len())
}

struct Column<'a>(ColumnDef<'a>);

impl Display for Column<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A column definition as StarRocks reads it in CREATE TABLE, ADD COLUMN and MODIFY COLUMN:
/// `` `name` TYPE NULL|NOT NULL [DEFAULT …] [COMMENT "…"] ``.
#[derive(Clone, Copy)]
pub struct ColumnDef<'a> {
    pub name: &'a str,
    pub sr_type: &'a crate::types::starrocks::StarRocksType,
    pub nullable: bool,
    pub default: Option<&'a Default>,
    pub comment: &'a str,
}

impl<'a> ColumnDef<'a> {
    pub fn of(c: &'a TargetColumn) -> ColumnDef<'a> {
        ColumnDef {
            name: &c.name,
            sr_type: &c.sr_type,
            nullable: c.nullable,
            default: c.default.as_ref(),
            comment: &c.comment,
        }
    }
}

impl Display for ColumnDef<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let c = self;
        write!(f, "{} {} {}", Ident(c.name), c.sr_type, if c.nullable { "NULL" } else { "NOT NULL" })?;
        match c.default {
            Some(Default::Literal(v)) => write!(f, " DEFAULT {}", StarRocksString(v))?,
            Some(Default::CurrentTimestamp) => f.write_str(" DEFAULT CURRENT_TIMESTAMP")?,
            None => {}
        }
        if !c.comment.is_empty() {
            write!(f, " COMMENT {}", StarRocksString(c.comment))?;
        }
        Ok(())
    }
}

struct Partition<'a>(&'a PartitionPlan);

impl Display for Partition<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self.0 {
            PartitionPlan::Range { column, body } => write!(f, "PARTITION BY RANGE({}) (\n  {body}\n)", Ident(column)),
            PartitionPlan::Day { column } => write!(f, "PARTITION BY date_trunc('day', {})", Ident(column)),
        }
    }
}

struct Property<'a>(&'a str, &'a str);

impl Display for Property<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{} = {}", StarRocksString(self.0), StarRocksString(self.1))
    }
}
