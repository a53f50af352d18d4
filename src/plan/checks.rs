//! Checks over a rule's tables and targets: excluded columns, one source per StarRocks table,
//! `binary_as_text` matching something, the sink's CSV separator.

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use super::{RulePlan, Target};
use crate::config::Rule;
use crate::diag::{Kind, Object, Warning};
use crate::error::Error;
use crate::model::Table;
use crate::types::flink::{Convert, FlinkType};

/// `exclude_columns` (SPEC §2): drop matching columns; a primary-key column cannot go.
pub(super) fn exclude_columns<'t>(rule: &Rule, db: &str, table: &'t Table) -> Result<Cow<'t, Table>, Error> {
    let Some(re) = &rule.exclude_columns else { return Ok(Cow::Borrowed(table)) };
    let excluded = |c: &str| crate::config::matches_column(re, &table.name, c);
    if let Some(k) = table.primary_key.iter().find(|k| excluded(k)) {
        return Err(Error::Config(format!(
            "{} `exclude_columns` excludes `{db}`.`{}`.`{k}`, a primary-key column",
            rule.section(),
            table.name
        )));
    }
    // Without a primary key, the NOT NULL unique key that design() would promote is the key.
    if let (true, Some(uk)) = (table.primary_key.is_empty(), table.promotable_key())
        && let Some(k) = uk.iter().find(|k| excluded(k))
    {
        return Err(Error::Config(format!(
            "{} `exclude_columns` excludes `{db}`.`{}`.`{k}`, a column of the unique key that becomes its primary key",
            rule.section(),
            table.name
        )));
    }
    if !table.columns.iter().any(|c| excluded(&c.name)) {
        return Ok(Cow::Borrowed(table));
    }
    let mut t = table.clone();
    t.columns.retain(|c| !excluded(&c.name));
    t.unique_keys.retain(|uk| uk.iter().all(|c| !excluded(c)));
    Ok(Cow::Owned(t))
}

/// `binary_as_text` once per rule (SPEC §7): what decoding cannot keep, or that the regex names
/// no binary column of the rule's tables (a key column it names has a warning of its own).
pub(super) fn binary_as_text_warning(rule: &Rule, targets: &[Target]) -> Option<Warning> {
    let re = rule.binary_as_text.as_ref()?;
    if targets.is_empty() {
        return None;
    }
    let columns = || targets.iter().flat_map(|t| t.columns.iter().map(move |c| (t, c)));
    let decoded = columns().filter(|(_, c)| c.convert == Convert::FromBase64).count();
    if decoded > 0 {
        let what =
            if decoded == 1 { "1 binary column is".to_string() } else { format!("{decoded} binary columns are") };
        return Some(Warning::new(
            Kind::BinaryNotUtf8,
            Object::rule(rule.section()),
            format!(
                "{} `binary_as_text`: {what} decoded as UTF-8 text; bytes that are not valid UTF-8 cannot survive (FROM_BASE64 turns each into U+FFFD)",
                rule.section()
            ),
        ));
    }
    let named_key =
        columns().any(|(t, c)| c.binary && t.sources.iter().any(|m| rule.binary_as_text(&m.table, &c.source_name)));
    (!named_key).then(|| {
        Warning::new(
            Kind::BinaryAsTextUnmatched,
            Object::rule(rule.section()),
            format!(
                "{} `binary_as_text` = `{}` matches no binary column of the rule's tables; nothing is decoded",
                rule.section(),
                re.as_str()
            ),
        )
    })
}

/// Two sources written to one StarRocks table would silently mix (SPEC §5 names are unique).
pub(super) fn check_unique_targets(rules: &[RulePlan]) -> Result<(), Error> {
    let mut seen: FxHashMap<(&str, &str), (&Target, &Rule)> = FxHashMap::default();
    for r in rules {
        for t in &r.targets {
            if let Some((other, other_rule)) = seen.insert((&t.db, &t.table), (t, r.rule)) {
                return Err(Error::Config(format!(
                    "{} ({}) and {} ({}) would both be written to `{}`.`{}`; give them different `target_database` / `target_table`",
                    other.label(),
                    other_rule.section(),
                    t.label(),
                    r.rule.section(),
                    t.db,
                    t.table
                )));
            }
        }
    }
    Ok(())
}

/// SPEC §8 lint: CSV (the sink's default format) breaks on a tab or newline inside a value.
pub(super) fn lint_sink_options(rule: &Rule) -> Option<String> {
    let format = rule.sink_option("sink.properties.format").unwrap_or("csv");
    (format.eq_ignore_ascii_case("csv") && rule.sink_option("sink.properties.column_separator").is_none()).then(|| {
        format!(
            "{}: the StarRocks sink writes CSV with a tab separator, which corrupts rows whose text holds a tab or newline; \
             set `flink.starrocks.sink.properties.format = json` (with `sink.properties.strip_outer_array = true`) \
             or `sink.properties.column_separator = \\x01` and `sink.properties.row_delimiter = \\x02`",
            rule.section()
        )
    })
}

/// Once per PostgreSQL rule (SPEC §11): timestamptz columns hold UTC wall-clock times, and
/// ARRAY columns need postgres-cdc 3.6.0.
pub(super) fn postgres_rule_warnings(rule: &Rule, targets: &[Target]) -> Vec<Warning> {
    if !targets.first().is_some_and(|t| t.kind == crate::model::SourceKind::Pgsql) {
        return Vec::new();
    }
    let count =
        |f: fn(&FlinkType) -> bool| targets.iter().flat_map(|t| &t.columns).filter(|c| f(&c.flink_source)).count();
    let columns = |n: usize| if n == 1 { "1 column".to_string() } else { format!("{n} columns") };
    let mut out = Vec::new();
    let zoned = count(|f| matches!(f, FlinkType::TimestampLtz(_)));
    if zoned > 0 {
        out.push(Warning::new(
            Kind::UtcWallClock,
            Object::rule(rule.section()),
            format!(
                "{}: {} of type timestamptz arrive in StarRocks DATETIME columns as the UTC wall-clock time (postgres-cdc delivers instants in UTC; a DATETIME has no zone)",
                rule.section(),
                columns(zoned)
            ),
        ));
    }
    let arrays = count(|f| matches!(f, FlinkType::Array(_)));
    if arrays > 0 {
        out.push(Warning::new(
            Kind::ArrayConnector,
            Object::rule(rule.section()),
            format!(
                "{}: {} of an array type need postgres-cdc 3.6.0 or later (earlier releases refuse ARRAY columns and the job fails)",
                rule.section(),
                columns(arrays)
            ),
        ));
    }
    out
}
