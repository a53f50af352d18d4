//! Sharded tables (SPEC §5): which tables of a rule form a shard group, whether they merge, the
//! merged table (with widened columns under `merge_shards = union`), and the mysql-cdc regexes
//! that read exactly the members. Pure functions over the snapshot model.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};

use regex::Regex;

use crate::model::{Column, Snapshot, SourceKind, Table};
use crate::source_type::SourceType;

/// A name as a Java regular expression matching exactly that name (mysql-cdc's table filters).
/// Rust's `regex::escape` only escapes ASCII punctuation, which Java reads back as literals; a
/// comma is escaped too, because Debezium splits its include lists on unescaped commas.
pub fn java_regex_literal(name: &str) -> String {
    regex::escape(name).replace(',', "\\,")
}

/// `course_12` → (`course`, `_`); `course12` → (`course`, ``). `None` when the name does not end
/// in digits or is nothing but digits (and separator): such a table is never a shard.
pub fn split_base(name: &str) -> Option<(&str, &str)> {
    let stem = name.trim_end_matches(|c: char| c.is_ascii_digit());
    if stem.len() == name.len() {
        return None;
    }
    let (base, sep) = match stem.strip_suffix('_') {
        Some(b) => (b, "_"),
        None => (stem, ""),
    };
    (!base.is_empty()).then_some((base, sep))
}

/// A database's base (`edu_db_1` → `edu_db`), or its name when it does not end in digits.
pub fn database_base(name: &str) -> &str {
    split_base(name).map_or(name, |(b, _)| b)
}

/// One source table, by name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Member {
    pub db: String,
    pub table: String,
}

impl std::fmt::Display for Member {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}`.`{}`", self.db, self.table)
    }
}

/// Group a rule's tables (in snapshot order) by (database base, table base); groups of two or
/// more are shard candidates, everything else stays single. Order: by first member.
pub fn group<'t>(tables: &[(&'t str, &'t Table)]) -> Vec<Vec<(&'t str, &'t Table)>> {
    let mut groups: BTreeMap<(String, String), Vec<(&str, &Table)>> = BTreeMap::new();
    let mut singles = Vec::new();
    for &(db, t) in tables {
        match split_base(&t.name) {
            Some((base, _)) => {
                groups.entry((database_base(db).to_string(), base.to_string())).or_default().push((db, t))
            }
            None => singles.push(vec![(db, t)]),
        }
    }
    let mut out: Vec<Vec<(&str, &Table)>> = singles;
    for (_, members) in groups {
        if members.len() >= 2 {
            out.push(members);
        } else {
            out.extend(members.into_iter().map(|m| vec![m]));
        }
    }
    out.sort_by(|a, b| (a[0].0, &a[0].1.name).cmp(&(b[0].0, &b[0].1.name)));
    out
}

/// The first way `other` is not an exact clone of `first` (SPEC §5 `auto`), if any.
pub fn first_difference(first: (&str, &Table), other: (&str, &Table)) -> Option<String> {
    let (a, b) = (first.1, other.1);
    let who = format!("`{}`.`{}`", other.0, b.name);
    if a.primary_key != b.primary_key {
        return Some(format!(
            "{who} has primary key ({}) instead of ({})",
            b.primary_key.join(", "),
            a.primary_key.join(", ")
        ));
    }
    for (i, ca) in a.columns.iter().enumerate() {
        let Some(cb) = b.columns.get(i) else {
            return Some(format!("{who} lacks column `{}`", ca.name));
        };
        if ca.name != cb.name {
            return Some(format!("{who} has column `{}` where `{}` is expected", cb.name, ca.name));
        }
        if ca.column_type != cb.column_type || ca.char_octet_length != cb.char_octet_length {
            return Some(format!("{who} column `{}` is {} instead of {}", cb.name, cb.column_type, ca.column_type));
        }
        if ca.nullable != cb.nullable {
            return Some(format!("{who} column `{}` differs in nullability", cb.name));
        }
    }
    b.columns.get(a.columns.len()).map(|extra| format!("{who} has an extra column `{}`", extra.name))
}

/// `merge_shards = union`: one table whose columns hold every member's values. Returns the
/// merged table and one note per column that is missing somewhere or was widened, or why the
/// members cannot be merged.
pub fn union(members: &[(&str, &Table)], kind: SourceKind) -> Result<(Table, Vec<String>), String> {
    let first = members[0].1;
    let mut order: Vec<&str> = Vec::new();
    for (db, t) in members {
        for c in &t.columns {
            // Column names ignore case in MySQL and StarRocks, but Debezium looks fields up by
            // exact name: `Name` and `name` cannot become one column.
            if let Some(other) = order.iter().find(|o| **o != c.name && o.eq_ignore_ascii_case(&c.name)) {
                return Err(format!(
                    "column `{}` of `{db}`.`{}` differs from `{other}` only in letter case",
                    c.name, t.name
                ));
            }
            if !order.contains(&c.name.as_str()) {
                order.push(&c.name);
            }
        }
    }
    let mut notes = Vec::new();
    let mut columns = Vec::new();
    for name in order {
        let present: Vec<(&str, &Table, &Column)> =
            members.iter().filter_map(|(db, t)| t.column(name).map(|c| (*db, *t, c))).collect();
        let cols: Vec<&Column> = present.iter().map(|(_, _, c)| *c).collect();
        let widened = match kind {
            SourceKind::Mysql => widen(&cols),
            SourceKind::Pgsql => widen_pg(&cols),
        };
        let mut col = widened.map_err(|why| {
            let at: Vec<String> =
                present.iter().map(|(db, t, c)| format!("{} in `{db}`.`{}`", c.column_type, t.name)).collect();
            format!("column `{name}` ({}) {why}", at.join(", "))
        })?;
        if let Some((db, t)) = members.iter().find(|(_, t)| t.column(name).is_none()) {
            col.nullable = true;
            notes
                .push(format!("column `{name}` is missing from `{db}`.`{}`: it is NULL for that table's rows", t.name));
        }
        let (db0, t0, c0) = present[0];
        if let Some((db, t, c)) = present
            .iter()
            .find(|(_, _, c)| c.column_type != c0.column_type || c.char_octet_length != c0.char_octet_length)
        {
            notes.push(format!(
                "column `{name}` is {} in `{db0}`.`{}` but {} in `{db}`.`{}`: widened to {}",
                c0.column_type, t0.name, c.column_type, t.name, col.column_type
            ));
        }
        columns.push(col);
    }
    let unique_keys = first
        .unique_keys
        .iter()
        .filter(|uk| members.iter().all(|(_, t)| t.unique_keys.contains(uk)))
        .cloned()
        .collect();
    // A member without statistics adds nothing, rather than making the whole sum unknown.
    let sum = |f: fn(&Table) -> Option<u64>| {
        let known: Vec<u64> = members.iter().filter_map(|(_, t)| f(t)).collect();
        (!known.is_empty()).then(|| known.iter().sum())
    };
    let table = Table {
        name: first.name.clone(),
        comment: first.comment.clone(),
        engine: first.engine.clone(),
        rows: sum(|t| t.rows),
        data_bytes: sum(|t| t.data_bytes),
        primary_key: first.primary_key.clone(),
        unique_keys,
        replica_identity: first.replica_identity.clone(),
        columns,
        ..Table::default()
    };
    Ok((table, notes))
}

/// Where widening starts: the first column, nullable when any is, and whether every column has
/// its type already (nothing to widen); where they differ, without a default unless all agree.
fn widen_start(cols: &[&Column]) -> (Column, bool) {
    let first = cols[0];
    let mut out = first.clone();
    out.nullable = cols.iter().any(|c| c.nullable);
    let same =
        cols.iter().all(|c| c.column_type == first.column_type && c.char_octet_length == first.char_octet_length);
    if !same && cols.iter().any(|c| c.default != first.default) {
        out.default = None;
    }
    (out, same)
}

/// A column type that holds the values of every given column (SPEC §5 union widening): the
/// narrowest integer, decimal, string, temporal or binary type of the same family; numbers,
/// strings and JSON otherwise travel as text (mysql-cdc prints them exactly). Temporal, binary
/// and the remaining types cannot be read as text correctly, so mixing them is refused.
fn widen(cols: &[&Column]) -> Result<Column, String> {
    let (mut out, same) = widen_start(cols);
    if same {
        return Ok(out);
    }
    let types: Vec<SourceType> = cols.iter().map(|c| SourceType::of(c)).collect();
    let all = |f: fn(&SourceType) -> bool| types.iter().all(f);
    let max = |f: fn(&Column) -> Option<u32>| cols.iter().filter_map(|c| f(c)).max();
    let set = |out: &mut Column, data_type: &str, column_type: String| {
        out.data_type = data_type.into();
        out.column_type = column_type.into();
    };
    if let Some(ranges) = types.iter().map(integer_range).collect::<Option<Vec<_>>>() {
        let lo = ranges.iter().map(|r| r.0).min().unwrap_or(0);
        let hi = ranges.iter().map(|r| r.1).max().unwrap_or(0);
        match INTEGERS.iter().find(|(_, _, l, h)| *l <= lo && hi <= *h) {
            Some((name, unsigned, _, _)) => {
                set(&mut out, name, if *unsigned { format!("{name} unsigned") } else { name.to_string() })
            }
            None => {
                set(&mut out, "decimal", "decimal(20,0)".into());
                (out.numeric_precision, out.numeric_scale) = (Some(20), Some(0));
            }
        }
        return Ok(out);
    }
    let decimals: Option<Vec<(u32, u32)>> = types
        .iter()
        .map(|t| match t {
            SourceType::Decimal { precision, scale } => Some((*precision, *scale)),
            _ => None,
        })
        .collect();
    if let Some(ds) = decimals {
        let s = ds.iter().map(|d| d.1).max().unwrap_or(0);
        let p = ds.iter().map(|d| d.0.saturating_sub(d.1)).max().unwrap_or(0) + s;
        if p <= 65 {
            set(&mut out, "decimal", format!("decimal({p},{s})"));
            (out.numeric_precision, out.numeric_scale) = (Some(p), Some(s));
            return Ok(out);
        }
    } else if all(|t| matches!(t, SourceType::Float | SourceType::Double)) {
        set(&mut out, "double", "double".into());
        return Ok(out);
    } else if all(|t| matches!(t, SourceType::DateTime { .. } | SourceType::Timestamp { .. })) {
        let p = max(|c| c.datetime_precision).unwrap_or(0);
        set(&mut out, "datetime", if p == 0 { "datetime".into() } else { format!("datetime({p})") });
        out.datetime_precision = Some(p);
        return Ok(out);
    } else if all(|t| matches!(t, SourceType::Time { .. })) {
        let p = max(|c| c.datetime_precision).unwrap_or(0);
        set(&mut out, "time", if p == 0 { "time".into() } else { format!("time({p})") });
        out.datetime_precision = Some(p);
        return Ok(out);
    } else if all(SourceType::is_binary) {
        let bytes = max(|c| c.char_octet_length);
        let blob = cols.iter().any(|c| c.data_type.ends_with("blob"));
        match (blob, bytes) {
            (true, b) => {
                let name = BLOBS.iter().find(|(_, m)| b.unwrap_or(u32::MAX) <= *m).map_or("longblob", |(n, _)| n);
                set(&mut out, name, name.to_string());
            }
            (false, b) => set(&mut out, "varbinary", format!("varbinary({})", b.unwrap_or(0))),
        }
        (out.char_max_length, out.char_octet_length) = (bytes, bytes);
        return Ok(out);
    } else if all(|t| matches!(t, SourceType::Char { .. } | SourceType::VarChar { .. })) {
        set(&mut out, "varchar", format!("varchar({})", max(|c| c.char_max_length).unwrap_or(0)));
        (out.char_max_length, out.char_octet_length) = (max(|c| c.char_max_length), max(|c| c.char_octet_length));
        return Ok(out);
    } else if all(|t| matches!(t, SourceType::Char { .. } | SourceType::VarChar { .. } | SourceType::Text { .. })) {
        let bytes = max(|c| c.char_octet_length);
        let text = TEXTS.iter().find(|(_, m)| bytes.unwrap_or(u32::MAX) <= *m).map_or("longtext", |(n, _)| n);
        set(&mut out, text, text.to_string());
        (out.char_max_length, out.char_octet_length) = (max(|c| c.char_max_length), bytes);
        return Ok(out);
    }
    if !all(text_safe) {
        return Err("cannot be widened into one type (only numbers, strings and JSON may mix, as text)".into());
    }
    set(&mut out, "longtext", "longtext".into());
    (out.char_max_length, out.char_octet_length) = (Some(4_294_967_295), Some(4_294_967_295));
    out.charset = Some("utf8mb4".into());
    (out.numeric_precision, out.numeric_scale, out.datetime_precision) = (None, None, None);
    Ok(out)
}

/// [`widen`] for PostgreSQL columns, in PostgreSQL's type names (SPEC §11): the widest integer,
/// a numeric holding both, the longest character type, else text for numbers, strings and JSON.
fn widen_pg(cols: &[&Column]) -> Result<Column, String> {
    let (mut out, same) = widen_start(cols);
    if same {
        return Ok(out);
    }
    let types: Vec<SourceType> = cols.iter().map(|c| SourceType::of_pg(c)).collect();
    let all = |f: fn(&SourceType) -> bool| types.iter().all(f);
    let max = |f: fn(&Column) -> Option<u32>| cols.iter().filter_map(|c| f(c)).max();
    let set = |out: &mut Column, data_type: &str, column_type: String| {
        out.data_type = data_type.into();
        out.column_type = column_type.into();
    };
    const INTS: &[(&str, &str)] = &[("int2", "smallint"), ("int4", "integer"), ("int8", "bigint")];
    let rank = |c: &Column| INTS.iter().position(|(n, _)| *n == c.data_type.as_str());
    if let Some(widest) = cols.iter().map(|c| rank(c)).collect::<Option<Vec<_>>>().and_then(|r| r.into_iter().max()) {
        set(&mut out, INTS[widest].0, INTS[widest].1.to_string());
        return Ok(out);
    }
    if all(|t| matches!(t, SourceType::Decimal { .. })) {
        let s = max(|c| c.numeric_scale).unwrap_or(0);
        let p = cols
            .iter()
            .map(|c| c.numeric_precision.unwrap_or(0).saturating_sub(c.numeric_scale.unwrap_or(0)))
            .max()
            .unwrap_or(0)
            + s;
        set(&mut out, "numeric", format!("numeric({p},{s})"));
        (out.numeric_precision, out.numeric_scale) = (Some(p), Some(s));
        return Ok(out);
    }
    if all(|t| matches!(t, SourceType::Char { .. } | SourceType::VarChar { .. })) {
        let chars = max(|c| c.char_max_length).unwrap_or(1);
        set(&mut out, "varchar", format!("character varying({chars})"));
        (out.char_max_length, out.char_octet_length) = (Some(chars), max(|c| c.char_octet_length));
        return Ok(out);
    }
    if !all(|t| text_safe(t) || matches!(t, SourceType::Boolean | SourceType::Numeric | SourceType::Money)) {
        return Err("cannot be widened into one type (only numbers, strings and JSON may mix, as text)".into());
    }
    set(&mut out, "text", "text".into());
    (out.char_max_length, out.char_octet_length) = (None, None);
    (out.numeric_precision, out.numeric_scale, out.datetime_precision) = (None, None, None);
    Ok(out)
}

/// Values mysql-cdc prints exactly when the source column is declared STRING.
fn text_safe(t: &SourceType) -> bool {
    matches!(
        t,
        SourceType::TinyInt { .. }
            | SourceType::SmallInt { .. }
            | SourceType::MediumInt { .. }
            | SourceType::Int { .. }
            | SourceType::BigInt { .. }
            | SourceType::Float
            | SourceType::Double
            | SourceType::Decimal { .. }
            | SourceType::Char { .. }
            | SourceType::VarChar { .. }
            | SourceType::Text { .. }
            | SourceType::Enum { .. }
            | SourceType::Json
    )
}

const BLOBS: &[(&str, u32)] =
    &[("tinyblob", 255), ("blob", 65_535), ("mediumblob", 16_777_215), ("longblob", u32::MAX)];

/// (name, unsigned, min, max), narrowest first.
const INTEGERS: &[(&str, bool, i128, i128)] = &[
    ("tinyint", false, -128, 127),
    ("tinyint", true, 0, 255),
    ("smallint", false, -32768, 32767),
    ("smallint", true, 0, 65535),
    ("mediumint", false, -8_388_608, 8_388_607),
    ("mediumint", true, 0, 16_777_215),
    ("int", false, -2_147_483_648, 2_147_483_647),
    ("int", true, 0, 4_294_967_295),
    ("bigint", false, i64::MIN as i128, i64::MAX as i128),
    ("bigint", true, 0, u64::MAX as i128),
];

const TEXTS: &[(&str, u32)] =
    &[("tinytext", 255), ("text", 65_535), ("mediumtext", 16_777_215), ("longtext", u32::MAX)];

fn integer_range(t: &SourceType) -> Option<(i128, i128)> {
    let (name, unsigned) = match t {
        SourceType::TinyInt { unsigned, .. } => ("tinyint", *unsigned),
        SourceType::SmallInt { unsigned } => ("smallint", *unsigned),
        SourceType::MediumInt { unsigned } => ("mediumint", *unsigned),
        SourceType::Int { unsigned } => ("int", *unsigned),
        SourceType::BigInt { unsigned } => ("bigint", *unsigned),
        _ => return None,
    };
    INTEGERS.iter().find(|(n, u, _, _)| *n == name && *u == unsigned).map(|(_, _, lo, hi)| (*lo, *hi))
}

/// Every table one CDC source could read (a MySQL server's, a PostgreSQL database's) by its
/// case-folded namespace and table names: the connectors match names ignoring case, so a
/// table's twins are the other entries under its key.
#[derive(Default)]
pub struct NameIndex<'s> {
    by_folded: FxHashMap<(String, String), Vec<(&'s str, &'s str)>>,
    /// The namespaces (MySQL databases, PostgreSQL schemas) and their tables.
    spaces: Vec<(&'s str, &'s [Table])>,
}

impl<'s> NameIndex<'s> {
    /// Every table of a MySQL snapshot.
    pub fn new(snapshot: &'s Snapshot) -> NameIndex<'s> {
        let mut index = NameIndex::default();
        for ns in snapshot.namespaces() {
            index.add(ns.name, ns.tables);
        }
        index
    }

    /// Every (namespace, table) name, in order.
    pub fn tables(&self) -> impl Iterator<Item = (&'s str, &'s str)> + '_ {
        self.spaces.iter().flat_map(|(ns, tables)| tables.iter().map(move |t| (*ns, t.name.as_str())))
    }

    /// The tables whose names equal these ignoring case (the table itself included).
    pub fn twins(&self, namespace: &str, table: &str) -> impl Iterator<Item = (&'s str, &'s str)> + '_ {
        self.by_folded.get(&(namespace.to_lowercase(), table.to_lowercase())).into_iter().flatten().copied()
    }

    /// The tables of the namespaces `keep` accepts.
    pub fn tables_in<'a>(
        &'a self,
        keep: impl Fn(&str) -> bool + 'a,
    ) -> impl Iterator<Item = (&'s str, &'s Table)> + 'a {
        self.spaces.iter().filter(move |(ns, _)| keep(ns)).flat_map(|(ns, tables)| tables.iter().map(move |t| (*ns, t)))
    }

    /// A table by its exact names.
    pub fn table(&self, namespace: &str, table: &str) -> Option<&'s Table> {
        self.spaces
            .iter()
            .find(|(ns, _)| *ns == namespace)
            .and_then(|(_, tables)| tables.iter().find(|t| t.name == table))
    }

    pub fn add(&mut self, namespace: &'s str, tables: &'s [Table]) {
        for t in tables {
            self.by_folded
                .entry((namespace.to_lowercase(), t.name.to_lowercase()))
                .or_default()
                .push((namespace, &t.name));
        }
        self.spaces.push((namespace, tables));
    }
}

/// mysql-cdc's `'database-name'` and `'table-name'` for a set of member tables (SPEC §5), and
/// the non-member tables of the snapshot that pair would also read.
pub fn cdc_patterns(members: &[Member], index: &NameIndex) -> (String, String, Vec<Member>) {
    let mut dbs: Vec<&str> = members.iter().map(|m| m.db.as_str()).collect();
    dbs.sort();
    dbs.dedup();
    let alternation = |names: &[&str]| -> String {
        if names.len() == 1 {
            java_regex_literal(names[0])
        } else {
            format!("(?:{})", names.iter().map(|n| java_regex_literal(n)).collect::<Vec<_>>().join("|"))
        }
    };
    let database = alternation(&dbs);
    let member_set: FxHashSet<(&str, &str)> = members.iter().map(|m| (m.db.as_str(), m.table.as_str())).collect();
    let is_member = |db: &str, t: &str| member_set.contains(&(db, t));
    if let [only] = members {
        // Escaped literal names: only a case-insensitive twin can match too.
        let key = (only.db.to_lowercase(), only.table.to_lowercase());
        let strays = index.by_folded.get(&key).into_iter().flatten().filter(|(d, t)| !is_member(d, t));
        let strays = strays.map(|(d, t)| Member { db: d.to_string(), table: t.to_string() }).collect();
        return (database, java_regex_literal(&only.table), strays);
    }
    // Thousands of members make a big regex; if even a generous size limit is exceeded, the
    // pair cannot be checked here (mysql-cdc still applies it).
    let listed = || {
        let mut names: Vec<&str> = members.iter().map(|m| m.table.as_str()).collect();
        names.sort();
        names.dedup();
        alternation(&names)
    };
    let (Some(db_re), Some(_)) = (sized_regex(&format!("(?i)^(?:{database})$")), full_match(&database, "[^.]*")) else {
        return (database, listed(), Vec::new());
    };
    let read_dbs = || index.spaces.iter().filter(|(d, _)| db_re.is_match(d));
    // New shard tables are picked up by `base_[0-9]+`, when it reads no table but the members.
    let pattern = members.iter().map(|m| split_base(&m.table)).collect::<Option<Vec<_>>>().and_then(|bases| {
        let first = bases[0];
        bases
            .iter()
            .all(|b| *b == first)
            .then(|| format!("{}{}[0-9]+", java_regex_literal(first.0), java_regex_literal(first.1)))
    });
    let table = pattern
        .filter(|p| {
            let Some(re) = full_match(&database, p) else { return false };
            read_dbs().all(|(d, tables)| {
                tables.iter().all(|t| is_member(d, &t.name) || !re.is_match(&format!("{d}.{}", t.name)))
            })
        })
        .unwrap_or_else(listed);
    let Some(re) = full_match(&database, &table) else { return (database, table, Vec::new()) };
    let strays = read_dbs()
        .flat_map(|(d, tables)| tables.iter().map(move |t| (*d, t)))
        .filter(|(d, t)| !is_member(d, &t.name) && re.is_match(&format!("{d}.{}", t.name)))
        .map(|(d, t)| Member { db: d.to_string(), table: t.name.clone() })
        .collect();
    (database, table, strays)
}

/// How mysql-cdc applies the pair: `database\.table` against the whole name, ignoring case.
/// `None` only when the pattern is too big even for a generous size limit.
pub fn full_match(database: &str, table: &str) -> Option<Regex> {
    sized_regex(&format!(r"(?i)^(?:{database})\.(?:{table})$"))
}

fn sized_regex(pattern: &str) -> Option<Regex> {
    regex::RegexBuilder::new(pattern).size_limit(256 << 20).build().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regex_literals_match_only_the_name() {
        let r = regex::Regex::new(&format!("^{}$", java_regex_literal("a.b+c"))).unwrap();
        assert!(r.is_match("a.b+c"));
        assert!(!r.is_match("axbbc"));
        assert_eq!(java_regex_literal("a,b"), r"a\,b");
        assert!(regex::Regex::new(&format!("^{}$", java_regex_literal("a,b"))).unwrap().is_match("a,b"));
    }

    #[test]
    fn bases_strip_trailing_digits_and_one_separator() {
        assert_eq!(split_base("course_12"), Some(("course", "_")));
        assert_eq!(split_base("course12"), Some(("course", "")));
        assert_eq!(split_base("course"), None);
        assert_eq!(split_base("stats_v1"), Some(("stats_v", "")));
        assert_eq!(split_base("2024"), None);
        assert_eq!(database_base("edu_db_1"), "edu_db");
        assert_eq!(database_base("edu_db"), "edu_db");
    }
}
