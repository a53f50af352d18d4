//! StarRocks DDL (SPEC §6): CREATE DATABASE once per database, then CREATE TABLE per target.

pub mod types;

use askama::Template;

use super::quote::{ident, starrocks_string};
use crate::plan::{KeyModel, PartitionPlan, Target, TargetColumn};
use types::Default;

#[derive(Template)]
#[template(path = "starrocks-table.sql", escape = "none")]
struct CreateTable {
    name: String,
    columns: Vec<String>,
    key: String,
    comment: String,
    partition: String,
    distribution: String,
    properties: Vec<String>,
}

/// A file's statements: each database once, before its first table.
pub fn file(items: &[(&Target, &std::rc::Rc<str>)], out: &mut super::FileText) {
    let mut created = std::collections::HashSet::new();
    for (t, create) in items {
        if created.insert(t.db.as_str()) {
            out.statement_text(format!("CREATE DATABASE IF NOT EXISTS {};", ident(&t.db)));
        }
        out.statement(&[create]);
    }
}

pub fn create_table(t: &Target) -> Result<String, askama::Error> {
    let keys: Vec<String> = t.key_columns().map(|c| ident(&c.name)).collect();
    let key = match t.model {
        KeyModel::Primary => format!("PRIMARY KEY({})", keys.join(", ")),
        KeyModel::Duplicate => format!("DUPLICATE KEY({})", keys.join(", ")),
    };
    let hash: Vec<String> = t.distributed_by.iter().map(|c| ident(c)).collect();
    let buckets = t.buckets.map(|n| format!(" BUCKETS {n}")).unwrap_or_default();
    CreateTable {
        name: format!("{}.{}", ident(&t.db), ident(&t.table)),
        columns: t.columns.iter().map(column).collect(),
        key,
        comment: if t.comment.is_empty() { String::new() } else { format!("COMMENT {}", starrocks_string(&t.comment)) },
        partition: match &t.partition {
            None => String::new(),
            Some(PartitionPlan::Range { column, body }) => {
                format!("PARTITION BY RANGE({}) (\n  {body}\n)", ident(column))
            }
            Some(PartitionPlan::Day { column }) => format!("PARTITION BY date_trunc('day', {})", ident(column)),
        },
        distribution: format!("DISTRIBUTED BY HASH({}){buckets}", hash.join(", ")),
        properties: t
            .properties
            .iter()
            .map(|(k, v)| format!("{} = {}", starrocks_string(k), starrocks_string(v)))
            .collect(),
    }
    .render()
}

fn column(c: &TargetColumn) -> String {
    let mut s = format!("{} {} {}", ident(&c.name), c.sr_type, if c.nullable { "NULL" } else { "NOT NULL" });
    match &c.default {
        Some(Default::Literal(v)) => s.push_str(&format!(" DEFAULT {}", starrocks_string(v))),
        Some(Default::CurrentTimestamp) => s.push_str(" DEFAULT CURRENT_TIMESTAMP"),
        None => {}
    }
    if !c.comment.is_empty() {
        s.push_str(&format!(" COMMENT {}", starrocks_string(&c.comment)));
    }
    s
}
