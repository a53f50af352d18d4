//! Every config key smt-rs knows, in one table: the parser's allow-list, the source of "did you
//! mean" suggestions, the `init` sample and the README reference (a test keeps them in step).

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Db,
    Other,
    Rule,
}

impl Section {
    pub fn header(self) -> &'static str {
        match self {
            Section::Db => "[db]",
            Section::Other => "[other]",
            Section::Rule => "[table-rule.N]",
        }
    }
}

pub struct Key {
    pub section: Section,
    /// The key, or for a prefix key the prefix including its trailing dot (`flink.cdc.`).
    pub name: &'static str,
    pub prefix: bool,
    /// The value `init` writes; for optional keys without a default, an example.
    pub sample: &'static str,
    /// Written commented-out by `init` (optional keys whose absence means something).
    pub optional: bool,
    pub doc: &'static str,
}

const fn key(section: Section, name: &'static str, sample: &'static str, doc: &'static str) -> Key {
    Key { section, name, prefix: false, sample, optional: false, doc }
}

const fn opt(section: Section, name: &'static str, sample: &'static str, doc: &'static str) -> Key {
    Key { section, name, prefix: false, sample, optional: true, doc }
}

const fn prefix(section: Section, name: &'static str, sample: &'static str, doc: &'static str) -> Key {
    Key { section, name, prefix: true, sample, optional: false, doc }
}

use Section::{Db, Other, Rule};

pub const KEYS: &[Key] = &[
    key(
        Db,
        "type",
        "mysql",
        "source server: mysql (default; `mariadb` is an alias, the flavour is detected from the server version) or pgsql (PostgreSQL; `postgresql` and `postgres` are aliases)",
    ),
    key(Db, "host", "127.0.0.1", "source server host name or address"),
    key(Db, "port", "3306", "source server port (default 3306; 5432 for pgsql)"),
    key(Db, "user", "root", "source user; it needs SELECT on the tables and, for Flink CDC, REPLICATION SLAVE/CLIENT"),
    key(Db, "password", "", "source password; `${NAME}` reads environment variable NAME"),
    opt(Db, "ssl_mode", "preferred", "disabled | preferred | required | verify_ca | verify_identity"),
    opt(Db, "ssl_ca", "/etc/ssl/certs/ca.pem", "CA certificate file for verify_ca / verify_identity"),
    key(Db, "connect_timeout", "10", "seconds to wait for the source server (default 10)"),
    opt(
        Db,
        "database",
        "postgres",
        "PostgreSQL: the database smt-rs connects to first to list the others (default postgres)",
    ),
    key(
        Other,
        "be_num",
        "3",
        "number of StarRocks backends: bucket counts and the default replication_num follow it (default 3)",
    ),
    key(
        Other,
        "use_decimal_v3",
        "true",
        "DECIMAL up to 38 digits (StarRocks >= 1.18.1); false clamps to DECIMAL(27, 9) (default true)",
    ),
    key(Other, "output_dir", "./result", "directory the SQL files are written to (default ./result)"),
    key(
        Other,
        "starrocks_version",
        "3.3",
        "target StarRocks version; selects JSON, VARCHAR length and BUCKETS features (default 3.3)",
    ),
    opt(Other, "replication_num", "3", "replication_num table property (default min(3, be_num))"),
    key(
        Other,
        "buckets",
        "heuristic",
        "heuristic (from be_num and table size, default) | auto (no BUCKETS clause, StarRocks >= 2.5.7) | a positive integer",
    ),
    key(
        Other,
        "statement_set",
        "false",
        "wrap all INSERTs of a Flink file in one EXECUTE STATEMENT SET, i.e. one job (default false)",
    ),
    key(Other, "strict", "false", "refuse (exit 4) instead of warning on unmappable types (default false)"),
    key(Other, "tinyint1_as_boolean", "true", "map tinyint(1) to BOOLEAN, as mysql-cdc does (default true)"),
    key(
        Other,
        "cdc_pipeline",
        "off",
        "off (default) | 3.5 | 3.6: also write flink-cdc-pipeline.N.yaml for that Flink CDC release (MySQL-family sources)",
    ),
    key(
        Other,
        "parallelism",
        "1",
        "the Flink CDC pipelines' parallelism; each pipeline's server-id range is this wide (default 1)",
    ),
    opt(
        Other,
        "deny",
        "key-too-long, no-primary-key",
        "warning kinds (or severities: config, load, value, note) that refuse generation (exit 4) instead of warning; the README lists the kinds",
    ),
    key(
        Rule,
        "database",
        "^demo$",
        "regex on the source database name (required; unanchored unless you write ^ and $)",
    ),
    key(Rule, "table", "^.*$", "regex on the source table name (required)"),
    opt(
        Rule,
        "schema",
        "^public$",
        "PostgreSQL: regex on schema names (default: every schema but pg_catalog, information_schema, pg_toast*, pg_temp*); ignored for MySQL sources",
    ),
    opt(Rule, "exclude_table", "_(bak|tmp)$", "regex on table names the rule leaves out"),
    opt(
        Rule,
        "exclude_columns",
        "^(password_hash|users\\.ssn)$",
        "regex on `table.column` or `column`: columns left out (a primary-key column cannot be)",
    ),
    opt(
        Rule,
        "binary_as_text",
        "_(title|name|timestamp)$",
        "regex on `table.column` or `column`: binary columns (binary, varbinary, blobs) that hold UTF-8 text become VARCHAR text instead of base64 (a key column stays base64)",
    ),
    key(
        Rule,
        "merge_shards",
        "auto",
        "auto: merge shard tables (course_1, course_2 → course__auto_shard) when they are exact clones | union: merge and widen differing columns | off",
    ),
    key(
        Rule,
        "shard_columns",
        "false",
        "add `_db` and `_table` columns to merged shard tables and their primary key, so rows of different shards never overwrite each other",
    ),
    opt(Rule, "target_database", "ods_shop", "StarRocks database for every target of the rule"),
    opt(Rule, "target_table", "orders_all", "StarRocks table name; only when the rule yields one target"),
    prefix(
        Rule,
        "type.",
        "json = VARCHAR(65533)",
        "override the StarRocks type of a source DATA_TYPE (the Flink sink and INSERT follow)",
    ),
    opt(
        Rule,
        "duplicate_keys",
        "event_time, user_id",
        "DUPLICATE KEY columns for tables without a primary or NOT NULL unique key",
    ),
    opt(Rule, "distributed_by", "user_id", "HASH bucketing columns (for primary-key tables, key columns only)"),
    opt(Rule, "bucket_num", "16", "BUCKETS for every target of the rule"),
    prefix(Rule, "properties.", "storage_medium = SSD", "extra PROPERTIES entries, in file order"),
    opt(
        Rule,
        "partition_key",
        "created_at",
        "a DATE/DATETIME column to partition by (for primary-key tables, a key column)",
    ),
    opt(
        Rule,
        "partitions",
        "START (\"2021-01-01\") END (\"2022-01-01\") EVERY (INTERVAL 1 month)",
        "RANGE partitions for partition_key; without it, expression partitioning date_trunc('day', column) (StarRocks >= 3.1)",
    ),
    prefix(
        Rule,
        "flink.starrocks.",
        "",
        "options of the Flink `starrocks` sink table, prefix removed, in file order; jdbc-url, load-url and username are required, connector/database-name/table-name are generated",
    ),
    prefix(
        Rule,
        "flink.cdc.",
        "",
        "options of the Flink `mysql-cdc` source table, prefix removed, in file order; hostname/port/username/password replace [db]'s; `server-id = N` (or a range) gives every source of a file its own id",
    ),
];

/// Sample values `init` writes for the prefix keys of its example rule.
pub const SAMPLE_RULE_OPTIONS: &[(&str, &str)] = &[
    ("flink.starrocks.jdbc-url", "jdbc:mysql://127.0.0.1:9030"),
    ("flink.starrocks.load-url", "127.0.0.1:8030"),
    ("flink.starrocks.username", "root"),
    ("flink.starrocks.password", ""),
    ("flink.starrocks.sink.max-retries", "10"),
    ("flink.starrocks.sink.buffer-flush.interval-ms", "15000"),
    ("flink.starrocks.sink.properties.format", "json"),
    ("flink.starrocks.sink.properties.strip_outer_array", "true"),
    ("flink.cdc.server-id", "5400"),
];

pub fn lookup(section: Section, name: &str) -> Option<&'static Key> {
    KEYS.iter().find(|k| {
        k.section == section
            && if k.prefix { name.len() > k.name.len() && name.starts_with(k.name) } else { name == k.name }
    })
}

/// The closest known key of a section, if one is close enough to be a likely typo.
pub fn suggest(section: Section, name: &str) -> Option<&'static str> {
    closest(name, KEYS.iter().filter(|k| k.section == section).map(|k| k.name))
}

pub fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (strsim::jaro_winkler(name, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// The commented sample config printed by `smt-rs init`; it parses back to the defaults.
pub fn sample_config() -> String {
    let mut out = String::from(
        "# smt-rs configuration, in the format of the StarRocks Migration Tool's config_prod.conf.\n\
         # Comments start a line with # or ;. Values are taken literally (a # inside a value is part\n\
         # of it, \\x01 stays four characters); ${NAME} is replaced by environment variable NAME.\n",
    );
    for (section, header) in [(Db, "[db]"), (Other, "[other]"), (Rule, "[table-rule.1]")] {
        out.push('\n');
        out.push_str(header);
        out.push('\n');
        for k in KEYS.iter().filter(|k| k.section == section) {
            out.push_str(&format!("# {}\n", k.doc));
            if k.prefix && k.sample.is_empty() {
                for (name, value) in SAMPLE_RULE_OPTIONS.iter().filter(|(n, _)| n.starts_with(k.name)) {
                    out.push_str(&format!("{name} = {value}\n"));
                }
            } else if k.prefix {
                out.push_str(&format!("# {}{}\n", k.name, k.sample));
            } else if k.optional {
                out.push_str(&format!("# {} = {}\n", k.name, k.sample));
            } else {
                out.push_str(&format!("{} = {}\n", k.name, k.sample));
            }
        }
    }
    out
}
