//! Warnings as data: each has a kind (a stable short name CI can gate on), a severity, the object
//! it names and its message. [`Kind::ALL`] is the one list of kinds: the README's table, `deny`
//! and the closing summary all read it (a test keeps the README in step).
//!
//! Decides nothing about targets; how warnings are shown on a terminal is `report`'s job.

use std::fmt;

use compact_str::CompactString;
use serde::Serialize;

/// How much a warning matters, most first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The config does not do what it says: a key is ignored, a rule or regex matches nothing.
    Config,
    /// Rows can be refused or lost at run time.
    Load,
    /// A value arrives changed: truncated, re-encoded, re-zoned, clamped.
    Value,
    /// An automatic adaptation that keeps every value.
    Note,
}

impl Severity {
    pub const ALL: &[Severity] = &[Severity::Config, Severity::Load, Severity::Value, Severity::Note];

    pub fn name(self) -> &'static str {
        match self {
            Severity::Config => "config",
            Severity::Load => "load",
            Severity::Value => "value",
            Severity::Note => "note",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

macro_rules! kinds {
    ($($variant:ident = $name:literal, $severity:ident, $meaning:literal, $fix:literal;)*) => {
        /// What a warning is about. The names are stable: CI gates on them (`deny`, JSON).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Kind { $($variant),* }

        impl Kind {
            /// Every kind, in the order summaries list them within a severity.
            pub const ALL: &[Kind] = &[$(Kind::$variant),*];

            pub fn name(self) -> &'static str {
                match self { $(Kind::$variant => $name),* }
            }

            pub fn severity(self) -> Severity {
                match self { $(Kind::$variant => Severity::$severity),* }
            }

            /// What the warning means, for the README table.
            pub fn meaning(self) -> &'static str {
                match self { $(Kind::$variant => $meaning),* }
            }

            /// The one-line fix or config key, for the closing summary and the README.
            pub fn fix(self) -> &'static str {
                match self { $(Kind::$variant => $fix),* }
            }
        }
    };
}

kinds! {
    PipelineOptionDropped = "pipeline-option-dropped", Config,
        "a `flink.cdc.*` or `flink.starrocks.*` option the Flink CDC release does not accept (or CSV, which its sink never writes) is left out of the pipeline",
        "set it where the release has it, or remove it";
    UnknownKey = "unknown-key", Config,
        "a config key or section smt-rs does not know is ignored",
        "fix the name (the warning suggests the closest one)";
    RuleMatchesNothing = "rule-matches-nothing", Config,
        "a rule's `database` regex matches no visible database, or the rule matches no table: it writes nothing",
        "check the rule's regexes and the source user's privileges";
    DuplicateKeysIgnored = "duplicate-keys-ignored", Config,
        "`duplicate_keys` is set for a table that has a usable key, which wins",
        "remove `duplicate_keys` or narrow the rule";
    ShardColumnsIgnored = "shard-columns-ignored", Config,
        "`shard_columns` cannot extend a merged table without a primary key",
        "remove `shard_columns` for that rule";
    BinaryAsTextUnmatched = "binary-as-text-unmatched", Config,
        "`binary_as_text` names no binary column of the rule's tables",
        "fix the `binary_as_text` regex";
    UnloggedSkipped = "unlogged-skipped", Load,
        "an UNLOGGED PostgreSQL table is skipped: logical replication cannot read it",
        "`ALTER TABLE … SET LOGGED` at the source";
    ArrayConnector = "array-connector", Load,
        "ARRAY columns need postgres-cdc 3.6.0 or later; earlier releases refuse the type and the job fails",
        "run postgres-cdc 3.6.0+, or `exclude_columns`";
    KeyTooLong = "key-too-long", Load,
        "a primary key can exceed StarRocks' 128-byte limit: rows with a longer key are refused when they load",
        "key on shorter columns or raise the BE's `primary_key_limit_size`; `strict = true` refuses it";
    NoPrimaryKey = "no-primary-key", Load,
        "no primary or NOT NULL unique key: a DUPLICATE KEY table, where source updates and deletes do not apply",
        "add a primary key at the source; `duplicate_keys` picks the sort key";
    TimeKey = "time-key", Load,
        "a TIME column in a primary key: the StarRocks connector cannot write TIME and the job fails",
        "change the key at the source or exclude the table";
    CsvSeparator = "csv-separator", Load,
        "the sink writes CSV with a tab separator: text holding a tab or newline corrupts its row",
        "`flink.starrocks.sink.properties.format = json`";
    CdcReadsExtra = "cdc-reads-extra", Load,
        "a CDC source's name regexes also read a table that is not part of its target",
        "rename or exclude the other table, or `merge_shards = off`";
    ShardKeyOverlap = "shard-key-overlap", Load,
        "merged shards with equal primary keys overwrite each other's rows",
        "`shard_columns = true`";
    ServerIdRandom = "server-id-random", Load,
        "without `flink.cdc.server-id` mysql-cdc picks random ids, which can clash and stop a job",
        "`flink.cdc.server-id = <first id>`";
    PartitionRange = "partition-range", Load,
        "StarRocks refuses rows outside the `partitions` range",
        "cover every source row in `partitions`, or leave it out for expression partitioning";
    PipelineTableLeftOut = "pipeline-table-left-out", Load,
        "a table the Flink CDC pipeline cannot carry (no primary key, a key column the release cannot write, a name a route cannot hold) is left out of it, or a case twin would be read beside it",
        "its SQL job in flink-create still carries it; give it a primary key or rename it at the source";
    DriftRebuild = "drift-rebuild", Load,
        "a drift StarRocks cannot ALTER (a key, partition or distribution change, a narrowing): the table is rebuilt",
        "run starrocks-rebuild with the Flink job stopped; `strict = true` refuses it";
    DriftNullable = "drift-nullable", Value,
        "a column became NOT NULL at the source: StarRocks refuses NULL → NOT NULL, the column stays nullable",
        "none needed: CDC rows never carry NULL into it now";
    DriftAddedNullable = "drift-added-nullable", Value,
        "an added NOT NULL column without a constant default is added NULL (StarRocks needs a default to add NOT NULL)",
        "none needed; existing rows hold NULL until re-read";
    PipelineColumnLeftOut = "pipeline-column-left-out", Value,
        "a column the Flink CDC release cannot carry into its StarRocks column (SET; BIT(n); `binary_as_text`; on 3.5 TIME and binary) is left out of the pipeline: StarRocks gets NULL",
        "`cdc_pipeline = 3.6` where 3.5 is the reason, `exclude_columns`, or the SQL job";
    PipelineFraction = "pipeline-fraction", Value,
        "a DATETIME/TIMESTAMP with more than 3 fraction digits loses digits 4–6 in the pipeline (its DATE_FORMAT stops at milliseconds)",
        "`cdc_pipeline = 3.6` for DATETIME, or the SQL job";
    TextTruncated = "text-truncated", Value,
        "text longer than the longest StarRocks VARCHAR is truncated",
        "`starrocks_version` >= 2.1 (1 MiB VARCHAR), or `exclude_columns`";
    BinaryBase64 = "binary-base64", Value,
        "a binary column arrives as base64 text",
        "`binary_as_text` for columns that hold text";
    BinaryNotUtf8 = "binary-not-utf8", Value,
        "columns decoded by `binary_as_text` lose bytes that are not UTF-8 (each becomes U+FFFD)",
        "name only columns that hold UTF-8 text in `binary_as_text`";
    DecimalAsText = "decimal-as-text", Value,
        "a DECIMAL wider than 38 digits is stored as text",
        "`type.decimal = DECIMAL(38, s)` (PostgreSQL: `type.numeric`) when the values fit";
    NumericUnconstrained = "numeric-unconstrained", Value,
        "a PostgreSQL numeric without precision becomes DECIMAL(38, 18); values past 20 integer or 18 fraction digits arrive as NULL",
        "declare numeric(p, s) at the source";
    UtcWallClock = "utc-wall-clock", Value,
        "timestamptz columns arrive in StarRocks as the UTC wall-clock time (a DATETIME has no zone)",
        "read them as UTC, or convert in queries";
    GeneratedColumn = "generated-column", Value,
        "a generated column: logical replication before PostgreSQL 18 does not publish it, so changes arrive as NULL",
        "compute it in StarRocks, or `exclude_columns`";
    ColumnLeftOut = "column-left-out", Value,
        "a column of a type postgres-cdc cannot deliver (geometric, tsvector, composite, 2-D arrays) is left out",
        "cast it to a supported type in a view at the source, or accept its absence";
    DecimalClamped = "decimal-clamped", Value,
        "`use_decimal_v3 = false` clamps DECIMAL to (27, 9)",
        "`use_decimal_v3 = true`";
    JsonAsText = "json-as-text", Value,
        "StarRocks before 2.2 has no JSON: documents are text and may be truncated",
        "`starrocks_version` >= 2.2";
    SpatialAsText = "spatial-as-text", Value,
        "a spatial value arrives as GeoJSON text, which StarRocks cannot query as geometry",
        "query it as JSON text, or `exclude_columns`";
    UnknownType = "unknown-type", Value,
        "a source type smt-rs has no rule for is stored as text",
        "`type.<data_type> = <StarRocks type>`";
    TimeOfDay = "time-of-day", Value,
        "Flink's TIME holds a time of day in milliseconds: MySQL TIME outside a day or finer than milliseconds cannot pass",
        "keep TIME values within a day, or `exclude_columns`";
    TypeOverride = "type-override", Value,
        "a `type.*` override is narrower than the mapping or converts values on load",
        "widen the `type.*` override";
    DefaultDropped = "default-dropped", Value,
        "a source default StarRocks cannot take is dropped (CDC rows always carry the column)",
        "none for CDC loads; set the default in StarRocks by hand if other loads need it";
    ShardUnion = "shard-union", Value,
        "`merge_shards = union` widened a column or fills a missing one with NULL",
        "`merge_shards = auto` keeps differing shards apart";
    DriftDefault = "drift-default", Note,
        "a column default changed: StarRocks cannot change a default (CDC rows carry the column anyway)",
        "none";
    DriftComment = "drift-comment", Note,
        "a comment changed that the StarRocks version cannot change (a column's before 3.5, without rewriting it; the table's before 3.1); skipped",
        "`starrocks_version` >= 3.5 (column) or 3.1 (table)";
    DriftDroppedTable = "drift-dropped-table", Note,
        "a table is gone from the source or no longer a target: smt-rs never drops StarRocks data (drift.md lists it)",
        "drop it by hand once its data is no longer needed";
    KeyTypeChanged = "key-type-changed", Note,
        "a key column's type is not allowed in a StarRocks key and is stored as VARCHAR",
        "none";
    BinaryKeyBase64 = "binary-key-base64", Note,
        "a key column named by `binary_as_text` stays base64 (decoding it would change the upsert key)",
        "none";
    BinaryPadded = "binary-padded", Note,
        "a decoded BINARY(n) column: MySQL pads shorter values with 0x00, which arrive as NUL characters",
        "VARBINARY at the source, or trim NULs in queries";
    Renamed = "renamed", Note,
        "a database, table or column name StarRocks refuses is renamed",
        "`target_database` / `target_table` to choose the name";
    RuleOverlap = "rule-overlap", Note,
        "a table matches more than one rule; the first generates it",
        "`exclude_table` in the earlier rule";
    ShardsNotMerged = "shards-not-merged", Note,
        "shard tables that differ stay separate tables",
        "`merge_shards = union` to merge them";
    Skipped = "skipped", Note,
        "a view or sequence is not a table and is skipped",
        "none";
}

impl Kind {
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.iter().copied().find(|k| k.name() == name)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Kind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// What a warning names: a database, table or column of the source (a merged shard group by its
/// StarRocks name), or a rule. Names are inline up to 24 bytes: a large estate holds tens of
/// thousands of warnings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Object {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database: Option<CompactString>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table: Option<CompactString>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<CompactString>,
    /// `[table-rule.N]`, or a config file's section.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<CompactString>,
}

impl Object {
    pub fn table(database: &str, table: &str) -> Object {
        Object { database: Some(database.into()), table: Some(table.into()), ..Object::default() }
    }

    pub fn column(database: &str, table: &str, column: &str) -> Object {
        Object { column: Some(column.into()), ..Object::table(database, table) }
    }

    pub fn database(database: &str) -> Object {
        Object { database: Some(database.into()), ..Object::default() }
    }

    pub fn rule(section: String) -> Object {
        Object { rule: Some(section.into()), ..Object::default() }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub kind: Kind,
    pub severity: Severity,
    /// Boxed: a warning is kept for the whole run and an estate has tens of thousands.
    pub object: Box<Object>,
    pub message: String,
}

impl Warning {
    pub fn new(kind: Kind, object: Object, message: String) -> Warning {
        Warning { kind, severity: kind.severity(), object: Box::new(object), message }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// `[other] deny`: kinds, or whole severities, that refuse generation instead of warning.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deny {
    pub kinds: Vec<Kind>,
    pub severities: Vec<Severity>,
}

impl Deny {
    /// `key-too-long, no-primary-key` or `load`; `Err` names the first unknown entry.
    pub fn parse(value: &str) -> Result<Deny, String> {
        let mut deny = Deny::default();
        for entry in value.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            if let Some(s) = Severity::ALL.iter().find(|s| s.name() == entry) {
                deny.severities.push(*s);
            } else if let Some(k) = Kind::from_name(entry) {
                deny.kinds.push(k);
            } else {
                let names = Kind::ALL.iter().map(|k| k.name()).chain(Severity::ALL.iter().map(|s| s.name()));
                let hint = crate::config::keys::closest(entry, names)
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_else(|| "; see the warning kinds in the README".into());
                return Err(format!("`{entry}` is not a warning kind or severity{hint}"));
            }
        }
        Ok(deny)
    }

    pub fn denies(&self, w: &Warning) -> bool {
        self.kinds.contains(&w.kind) || self.severities.contains(&w.severity)
    }

    /// The refusal for the first denied warning, counting the others of its kind.
    pub fn check<'w>(&self, warnings: impl IntoIterator<Item = &'w Warning>) -> Result<(), crate::error::Error> {
        let denied: Vec<&Warning> = warnings.into_iter().filter(|w| self.denies(w)).collect();
        let Some(first) = denied.first() else { return Ok(()) };
        let more = denied.len() - 1;
        let others = if more == 0 { String::new() } else { format!(" (and {more} more denied warnings)") };
        Err(crate::error::Error::Refused(format!(
            "[other] `deny` refuses warning `{}` ({}): {}{others}",
            first.kind, first.severity, first.message
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_names_are_unique_kebab_case() {
        let mut names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
        assert!(names.iter().all(|n| n.bytes().all(|b| b.is_ascii_lowercase() || b == b'-' || b.is_ascii_digit())));
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Kind::ALL.len());
    }

    /// The README's warnings table lists exactly the kinds, each with its severity.
    #[test]
    fn every_kind_is_documented_in_the_readme() {
        let readme = include_str!("../README.md");
        let rows: Vec<(&str, &str)> = readme
            .lines()
            .filter_map(|l| l.strip_prefix("| `"))
            .filter_map(|l| {
                let (kind, rest) = l.split_once("` | ")?;
                let severity = rest.split(" | ").next()?;
                Severity::ALL.iter().any(|s| s.name() == severity).then_some((kind, severity))
            })
            .collect();
        let kinds: Vec<(&str, &str)> = Kind::ALL.iter().map(|k| (k.name(), k.severity().name())).collect();
        assert_eq!(rows, kinds, "README warnings table vs Kind::ALL");
    }

    #[test]
    fn deny_takes_kinds_and_severities_and_names_a_typo() {
        let d = Deny::parse("key-too-long, value").unwrap();
        assert_eq!(d.kinds, [Kind::KeyTooLong]);
        assert_eq!(d.severities, [Severity::Value]);
        let err = Deny::parse("key-to-long").unwrap_err();
        assert!(err.contains("did you mean `key-too-long`?"), "{err}");
        let w = |k: Kind| Warning::new(k, Object::default(), "m".into());
        assert!(d.denies(&w(Kind::KeyTooLong)) && d.denies(&w(Kind::BinaryBase64)));
        assert!(!d.denies(&w(Kind::NoPrimaryKey)));
        assert!(d.check([&w(Kind::Renamed)]).is_ok());
        let e = d.check([&w(Kind::Renamed), &w(Kind::KeyTooLong), &w(Kind::KeyTooLong)]).unwrap_err();
        assert_eq!(e.exit_code(), 4);
        assert!(e.to_string().contains("`key-too-long` (load): m (and 1 more denied warnings)"), "{e}");
    }
}
