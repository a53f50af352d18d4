//! The option keys each Flink CDC release accepts in a pipeline definition (SPEC §13): what
//! smt-rs may write, and what a rule's `flink.cdc.*` / `flink.starrocks.*` options may pass
//! through. From the apache/flink-cdc code at tags `release-3.5.0` and `release-3.6.0`
//! (research/cdc3-facts.md; every key checked against the `ConfigOption` definitions):
//! - MySQL source: `flink-cdc-connect/flink-cdc-pipeline-connectors/flink-cdc-pipeline-connector-mysql/
//!   src/main/java/org/apache/flink/cdc/connectors/mysql/source/MySqlDataSourceOptions.java`
//!   (`MySqlDataSourceFactory` validates every other key except the `debezium.` and
//!   `jdbc.properties.` prefixes),
//! - StarRocks sink: `…/flink-cdc-pipeline-connector-starrocks/src/main/java/org/apache/flink/cdc/
//!   connectors/starrocks/sink/StarRocksDataSinkOptions.java` (`StarRocksDataSinkFactory`:
//!   `validateExcept(table.create.properties., sink.properties.)`),
//! - pipeline, route and transform blocks: `flink-cdc-cli/src/main/java/org/apache/flink/cdc/cli/
//!   parser/YamlPipelineDefinitionParser.java` and `flink-cdc-common/src/main/java/org/apache/flink/
//!   cdc/common/pipeline/PipelineOptions.java`.
//!
//! The releases agree on the sink keys; 3.6.0's source also takes the deprecated
//! `split-key.even-distribution.factor.*` spellings, its pipeline block `route-mode`, its
//! transforms `table-options.delimiter`. 3.5.0's parser ignores unknown keys in route,
//! transform and top-level blocks; 3.6.0 rejects them. Neither validates the `pipeline` block.

use crate::config::CdcRelease;

/// The MySQL pipeline source's keys at 3.5.0 (3.6.0 adds [`MYSQL_SOURCE_3_6_FALLBACKS`]).
pub const MYSQL_SOURCE: &[&str] = &[
    "chunk-key.even-distribution.factor.lower-bound",
    "chunk-key.even-distribution.factor.upper-bound",
    "chunk-meta.group.size",
    "connect.max-retries",
    "connect.timeout",
    "connection.pool.size",
    "heartbeat.interval",
    "hostname",
    "include-comments.enabled",
    "metadata.list",
    "password",
    "port",
    "scan.binlog.newly-added-table.enabled",
    "scan.incremental.close-idle-reader.enabled",
    "scan.incremental.snapshot.backfill.skip",
    "scan.incremental.snapshot.chunk.key-column",
    "scan.incremental.snapshot.chunk.size",
    "scan.incremental.snapshot.unbounded-chunk-first.enabled",
    "scan.newly-added-table.enabled",
    "scan.parse.online.schema.changes.enabled",
    "scan.snapshot.fetch.size",
    "scan.startup.mode",
    "scan.startup.specific-offset.file",
    "scan.startup.specific-offset.gtid-set",
    "scan.startup.specific-offset.pos",
    "scan.startup.specific-offset.skip-events",
    "scan.startup.specific-offset.skip-rows",
    "scan.startup.timestamp-millis",
    "schema-change.enabled",
    "server-id",
    "server-time-zone",
    "tables",
    "tables.exclude",
    "treat-tinyint1-as-boolean.enabled",
    "use.legacy.json.format",
    "username",
];

/// 3.6.0's fallback spellings of the `chunk-key.even-distribution.factor.*` options.
pub const MYSQL_SOURCE_3_6_FALLBACKS: &[&str] =
    &["split-key.even-distribution.factor.lower-bound", "split-key.even-distribution.factor.upper-bound"];

/// Prefixes the MySQL source passes to Debezium and the JDBC driver unchecked.
pub const MYSQL_SOURCE_PREFIXES: &[&str] = &["debezium.", "jdbc.properties."];

/// The StarRocks pipeline sink's keys (both releases).
pub const STARROCKS_SINK: &[&str] = &[
    "jdbc-url",
    "load-url",
    "password",
    "sink.at-least-once.use-transaction-stream-load",
    "sink.buffer-flush.interval-ms",
    "sink.buffer-flush.max-bytes",
    "sink.connect.timeout-ms",
    "sink.io.thread-count",
    "sink.label-prefix",
    "sink.metric.histogram-window-size",
    "sink.scan-frequency.ms",
    "sink.socket.timeout-ms",
    "sink.wait-for-continue.timeout-ms",
    "table.create.num-buckets",
    "table.schema-change.timeout",
    "username",
];

/// Prefixes the sink passes on: Stream Load properties and table-creation properties.
pub const STARROCKS_SINK_PREFIXES: &[&str] = &["sink.properties.", "table.create.properties."];

/// The sink block's own list keys, read by the parser rather than the connector.
pub const SINK_SCHEMA_CHANGE_KEYS: &[&str] = &["exclude.schema.changes", "include.schema.changes"];

/// The top-level blocks.
pub const TOP_LEVEL: &[&str] = &["pipeline", "route", "sink", "source", "transform"];

/// The `pipeline` block's keys smt-rs writes, per release.
pub fn pipeline_keys(release: CdcRelease) -> &'static [&'static str] {
    match release {
        CdcRelease::V3_5 => &["local-time-zone", "name", "parallelism", "schema.change.behavior"],
        CdcRelease::V3_6 => &["local-time-zone", "name", "parallelism", "route-mode", "schema.change.behavior"],
    }
}

/// A `route` entry's keys (both releases).
pub const ROUTE_KEYS: &[&str] = &["description", "replace-symbol", "sink-table", "source-table"];

/// A `transform` entry's keys at 3.5.0 (3.6.0 adds `table-options.delimiter`, which smt-rs
/// does not write).
pub const TRANSFORM_KEYS: &[&str] = &[
    "converter-after-transform",
    "description",
    "filter",
    "partition-keys",
    "primary-keys",
    "projection",
    "source-table",
    "table-options",
];

fn accepts(keys: &[&str], prefixes: &[&str], key: &str) -> bool {
    keys.contains(&key) || prefixes.iter().any(|p| key.starts_with(p) && key.len() > p.len())
}

/// Whether the release's MySQL pipeline source accepts `key`.
pub fn source_accepts(release: CdcRelease, key: &str) -> bool {
    accepts(MYSQL_SOURCE, MYSQL_SOURCE_PREFIXES, key)
        || (release >= CdcRelease::V3_6 && MYSQL_SOURCE_3_6_FALLBACKS.contains(&key))
}

/// The schema-change tags `include.schema.changes` / `exclude.schema.changes` know (both
/// releases; 3.6.0 adds `alter.table.comment`): an unknown tag matches nothing, silently.
pub const SCHEMA_CHANGE_TAGS: &[&str] = &[
    "add",
    "add.column",
    "all",
    "alter",
    "alter.column.type",
    "column",
    "create",
    "create.table",
    "drop",
    "drop.column",
    "drop.table",
    "rename",
    "rename.column",
    "table",
    "truncate.table",
];

/// Whether the release's StarRocks pipeline sink accepts `key`.
pub fn sink_accepts(_release: CdcRelease, key: &str) -> bool {
    accepts(STARROCKS_SINK, STARROCKS_SINK_PREFIXES, key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_and_distinct() {
        for list in [MYSQL_SOURCE, STARROCKS_SINK, ROUTE_KEYS, TRANSFORM_KEYS, TOP_LEVEL, SCHEMA_CHANGE_TAGS] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
    }

    #[test]
    fn sql_only_options_are_refused() {
        assert!(!source_accepts(CdcRelease::V3_6, "scan.incremental.snapshot.enabled"));
        assert!(source_accepts(CdcRelease::V3_6, "debezium.snapshot.mode"));
        assert!(!source_accepts(CdcRelease::V3_6, "debezium."));
        assert!(sink_accepts(CdcRelease::V3_5, "sink.properties.timeout"));
        assert!(!sink_accepts(CdcRelease::V3_5, "sink.max-retries"));
        assert!(!sink_accepts(CdcRelease::V3_5, "sink.semantic"));
        let fallback = "split-key.even-distribution.factor.upper-bound";
        assert!(source_accepts(CdcRelease::V3_6, fallback) && !source_accepts(CdcRelease::V3_5, fallback));
    }

    #[test]
    fn the_excluded_changes_are_known_tags() {
        for tag in crate::plan::pipeline::EXCLUDED_SCHEMA_CHANGES {
            assert!(SCHEMA_CHANGE_TAGS.contains(&tag), "{tag}");
        }
    }
}
