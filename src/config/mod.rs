//! SMT's `config_prod.conf` (SPEC §2) → a typed [`Config`], plus the warnings it produced.
//!
//! Parses from `&str` (the caller reads the file), so every rule is testable without files.
//! Errors name the file, line, section and key; a password value never appears in any message.

pub mod keys;

use std::fmt;

use ini::{Ini, ParseOption};
use regex::Regex;

use crate::diag::{Deny, Kind, Object, Warning};
use crate::error::Error;
use crate::model::SourceKind;
use crate::types::starrocks::StarRocksType;
use keys::Section;

/// A value that must never be printed (passwords).
#[derive(Clone, Default, PartialEq)]
pub struct Secret(pub String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"***\"")
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    pub db: DbConfig,
    pub other: Other,
    /// In ascending rule number.
    pub rules: Vec<Rule>,
}

#[derive(Debug, Clone)]
pub struct DbConfig {
    /// MySQL/MariaDB or PostgreSQL (`type = pgsql`).
    pub kind: SourceKind,
    pub host: String,
    pub port: u16,
    pub user: String,
    pub password: Secret,
    pub ssl_mode: SslMode,
    pub ssl_ca: Option<String>,
    pub connect_timeout: u64,
    /// PostgreSQL: the database smt-rs connects to first, to list the others.
    pub database: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    Disabled,
    Preferred,
    Required,
    VerifyCa,
    VerifyIdentity,
}

#[derive(Debug, Clone)]
pub struct Other {
    pub be_num: u32,
    pub use_decimal_v3: bool,
    pub output_dir: String,
    pub starrocks_version: Version,
    pub replication_num: u32,
    pub buckets: Buckets,
    pub statement_set: bool,
    pub strict: bool,
    pub tinyint1_as_boolean: bool,
    /// Warning kinds (or severities) that refuse generation (exit 4) instead of warning.
    pub deny: Deny,
    /// The Flink CDC release `flink-cdc-pipeline.N.yaml` files target (SPEC §13); `None`: none.
    pub cdc_pipeline: Option<CdcRelease>,
    /// The pipelines' parallelism: source readers, and so the width of each server-id range.
    pub parallelism: u32,
}

/// A Flink CDC release whose pipeline YAML smt-rs writes: the options, types and route modes
/// it accepts differ (research/cdc3-facts.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CdcRelease {
    V3_5,
    V3_6,
}

impl fmt::Display for CdcRelease {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CdcRelease::V3_5 => "3.5",
            CdcRelease::V3_6 => "3.6",
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Buckets {
    Heuristic,
    Auto,
    Fixed(u32),
}

/// A StarRocks release, compared component-wise (`2.5.7` < `2.10`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version(pub u32, pub u32, pub u32);

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.0, self.1, self.2)
    }
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub n: u32,
    pub database: Regex,
    /// PostgreSQL: the schemas the rule reads (`None`: every schema but the system's).
    pub schema: Option<Regex>,
    pub table: Regex,
    /// `flink.starrocks.*` with the prefix removed, in file order.
    pub sink_options: Vec<(String, String)>,
    /// `flink.cdc.*` with the prefix removed, in file order.
    pub cdc_options: Vec<(String, String)>,
    pub exclude_table: Option<Regex>,
    /// Matched against `table.column` and against `column`.
    pub exclude_columns: Option<Regex>,
    /// Binary columns holding UTF-8 text, matched like `exclude_columns` (SPEC §7).
    pub binary_as_text: Option<Regex>,
    pub merge_shards: MergeShards,
    pub shard_columns: bool,
    pub target_database: Option<String>,
    pub target_table: Option<String>,
    /// `type.<data_type>`: lowercase source DATA_TYPE → StarRocks type.
    pub type_overrides: Vec<(String, StarRocksType)>,
    pub duplicate_keys: Vec<String>,
    pub distributed_by: Vec<String>,
    pub bucket_num: Option<u32>,
    /// `properties.*` with the prefix removed, in file order.
    pub properties: Vec<(String, String)>,
    pub partition: Option<Partition>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MergeShards {
    Auto,
    Union,
    Off,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partition {
    pub column: String,
    /// A RANGE clause body; `None` means expression partitioning by day.
    pub range: Option<String>,
}

/// What `generate --redact` writes instead of the source and sink passwords.
pub const SOURCE_PASSWORD_PLACEHOLDER: &str = "${SMT_SOURCE_PASSWORD}";
pub const SINK_PASSWORD_PLACEHOLDER: &str = "${SMT_SINK_PASSWORD}";

impl Config {
    /// The same config with every password replaced by a placeholder.
    pub fn redacted(mut self) -> Config {
        self.db.password = Secret(SOURCE_PASSWORD_PLACEHOLDER.into());
        for rule in &mut self.rules {
            for (key, value) in &mut rule.sink_options {
                if key == "password" {
                    *value = SINK_PASSWORD_PLACEHOLDER.into();
                }
            }
            for (key, value) in &mut rule.cdc_options {
                if key == "password" {
                    *value = SOURCE_PASSWORD_PLACEHOLDER.into();
                }
            }
        }
        self
    }
}

impl Rule {
    pub fn section(&self) -> String {
        format!("[table-rule.{}]", self.n)
    }

    pub fn sink_option(&self, key: &str) -> Option<&str> {
        option(&self.sink_options, key)
    }

    pub fn cdc_option(&self, key: &str) -> Option<&str> {
        option(&self.cdc_options, key)
    }

    /// Whether the rule reads a namespace: a MySQL database, or a PostgreSQL schema (`ns`) of the
    /// database `catalog`.
    pub fn reads_namespace(&self, catalog: Option<&str>, ns: &str) -> bool {
        match catalog {
            None => self.database.is_match(ns),
            Some(db) => self.database.is_match(db) && self.schema.as_ref().is_none_or(|s| s.is_match(ns)),
        }
    }

    /// Whether `binary_as_text` names this column (as `column` or `table.column`).
    pub fn binary_as_text(&self, table: &str, column: &str) -> bool {
        self.binary_as_text.as_ref().is_some_and(|re| matches_column(re, table, column))
    }
}

/// The per-rule column regexes (`exclude_columns`, `binary_as_text`) match `column` or `table.column`.
pub fn matches_column(re: &Regex, table: &str, column: &str) -> bool {
    re.is_match(column) || re.is_match(&format!("{table}.{column}"))
}

fn option<'a>(options: &'a [(String, String)], key: &str) -> Option<&'a str> {
    options.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

/// A private-use character: never in a real config, appended after a trailing backslash.
const BACKSLASH_GUARD: char = '\u{E000}';

/// Source options smt-rs generates per table; setting them would read the wrong table.
const GENERATED_CDC_OPTIONS: &[&str] = &["connector", "database-name", "table-name"];

/// Sink options SMT generates itself; setting them would point the job at the wrong table.
const GENERATED_SINK_OPTIONS: &[&str] = &["connector", "database-name", "table-name"];
/// Sink options the StarRocks connector cannot start without.
const REQUIRED_SINK_OPTIONS: &[&str] = &["jdbc-url", "load-url", "username"];
const UNSUPPORTED_SOURCES: &[&str] = &["oracle", "sqlserver", "clickhouse", "hive", "tidb"];

/// What a parse yields besides the config: warnings for the user (unknown keys and the like).
pub struct Parsed {
    pub config: Config,
    pub warnings: Vec<Warning>,
}

/// Parse config text. `origin` is the file name used in messages; `env` resolves `${NAME}`.
pub fn parse(text: &str, origin: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<Parsed, Error> {
    Parser { text, origin, env, warnings: Vec::new() }.parse()
}

/// `parse` with the process environment.
pub fn parse_with_process_env(text: &str, origin: &str) -> Result<Parsed, Error> {
    parse(text, origin, &|name| std::env::var(name).ok())
}

struct Parser<'a> {
    text: &'a str,
    origin: &'a str,
    env: &'a dyn Fn(&str) -> Option<String>,
    warnings: Vec<Warning>,
}

/// One section's keys, with `${NAME}` already substituted, in file order.
struct Entries<'s> {
    section: &'s str,
    kind: Section,
    items: Vec<(String, String)>,
}

impl Entries<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        option(&self.items, key)
    }
}

impl<'a> Parser<'a> {
    fn parse(mut self) -> Result<Parsed, Error> {
        // rust-ini refuses an indented comment as an "inline comment"; SMT treats any line whose
        // first non-blank character is # or ; as a comment, so strip leading blanks first.
        let body = self.text.strip_prefix('\u{feff}').unwrap_or(self.text);
        // rust-ini also joins a line ending in `\` with the next one, whatever its options; SMT
        // reads that backslash literally, so guard it with a sentinel that `entries` removes.
        let normalized: String = body
            .lines()
            .map(|l| {
                let l = l.trim_start();
                if l.ends_with('\\') { format!("{l}{BACKSLASH_GUARD}") } else { l.to_string() }
            })
            .collect::<Vec<_>>()
            .join("\n");
        let opts = ParseOption {
            enabled_quote: false,
            enabled_escape: false,
            enabled_indented_mutiline_value: false,
            enabled_preserve_key_leading_whitespace: false,
        };
        // rust-ini reads a line without `=` as the start of a key that continues on the next
        // line, which would silently swallow that line's setting: refuse it instead.
        if let Some((i, line)) = normalized
            .lines()
            .enumerate()
            .find(|(_, l)| !l.is_empty() && !l.starts_with(['#', ';', '[']) && !l.contains(['=', ':']))
        {
            let shown: String = line.chars().take(40).collect();
            return Err(self.err_at(Some(i + 1), format!("`{shown}` is not `key = value`, a [section] or a comment")));
        }
        let ini = Ini::load_from_str_opt(&normalized, opts)
            .map_err(|e| Error::Config(format!("`{}` line {}: {}", self.origin, e.line, e.msg)))?;

        if let Some((key, _)) = ini.general_section().iter().next() {
            let line = self.line_of(None, key);
            return Err(self.err_at(
                line,
                format!("`{key}` is outside any section; put it under [db], [other] or [table-rule.N]"),
            ));
        }

        let mut db = None;
        let mut other = None;
        let mut rules: Vec<(u32, Entries)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (name, props) in ini.iter() {
            let Some(name) = name else { continue };
            if !seen.insert(name) {
                let line = self.line_of_section(name, 2);
                return Err(self.err_at(line, format!("section [{name}] appears twice")));
            }
            let kind = match name {
                "db" => Section::Db,
                "other" => Section::Other,
                n if n.starts_with("table-rule.") => Section::Rule,
                _ => {
                    let hint = keys::closest(name, ["db", "other", "table-rule.1"].into_iter())
                        .map(|s| format!("; did you mean [{s}]?"))
                        .unwrap_or_default();
                    let line = self.line_of_section(name, 1);
                    self.warn(line, &format!("[{name}]"), format!("unknown section [{name}] ignored{hint}"));
                    continue;
                }
            };
            let entries = self.entries(name, kind, props)?;
            match kind {
                Section::Db => db = Some(entries),
                Section::Other => other = Some(entries),
                Section::Rule => {
                    let num = &name["table-rule.".len()..];
                    let n = num.parse::<u32>().ok().filter(|n| *n > 0).ok_or_else(|| {
                        self.err_at(
                            self.line_of_section(name, 1),
                            format!("section [{name}]: the rule number must be a positive integer"),
                        )
                    })?;
                    if let Some((_, prev)) = rules.iter().find(|(m, _)| *m == n) {
                        let msg = format!("sections [{}] and [{name}] are both rule {n}", prev.section);
                        return Err(self.err_at(self.line_of_section(name, 1), msg));
                    }
                    rules.push((n, entries));
                }
            }
        }

        let db = db.ok_or_else(|| Error::Config(format!("`{}`: missing section [db]", self.origin)))?;
        let db = self.db(&db)?;
        let other = match other {
            Some(o) => self.other(&o)?,
            None => self.other(&Entries { section: "other", kind: Section::Other, items: Vec::new() })?,
        };
        rules.sort_by_key(|(n, _)| *n);
        let rules = rules.iter().map(|(n, e)| self.rule(*n, e)).collect::<Result<Vec<_>, _>>()?;
        if rules.is_empty() {
            return Err(Error::Config(format!(
                "`{}`: no [table-rule.N] section; add one with `database` and `table` regexes",
                self.origin
            )));
        }
        Ok(Parsed { config: Config { db, other, rules }, warnings: self.warnings })
    }

    fn entries<'s>(&mut self, section: &'s str, kind: Section, props: &ini::Properties) -> Result<Entries<'s>, Error> {
        let mut items: Vec<(String, String)> = Vec::new();
        for (key, value) in props.iter() {
            if items.iter().any(|(k, _)| k == key) {
                let line = self.line_of_nth(Some(section), key, 2);
                return Err(self.err_at(line, format!("[{section}] `{key}` is set twice")));
            }
            if keys::lookup(kind, key).is_none() {
                let hint = keys::suggest(kind, key).map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
                let line = self.line_of(Some(section), key);
                self.warn(line, &format!("[{section}]"), format!("unknown key `{key}` in [{section}] ignored{hint}"));
                continue;
            }
            let value = value.strip_suffix(BACKSLASH_GUARD).unwrap_or(value);
            let value = self.substitute(section, key, value)?;
            items.push((key.to_string(), value));
        }
        Ok(Entries { section, kind, items })
    }

    /// Replace `${NAME}` with the environment variable; an unset variable is an error.
    fn substitute(&self, section: &str, key: &str, value: &str) -> Result<String, Error> {
        static VAR: std::sync::LazyLock<Regex> =
            std::sync::LazyLock::new(|| Regex::new(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}").expect("valid regex"));
        let mut missing = None;
        let out = VAR.replace_all(value, |c: &regex::Captures| match (self.env)(&c[1]) {
            Some(v) => v,
            None => {
                missing.get_or_insert_with(|| c[1].to_string());
                String::new()
            }
        });
        match missing {
            Some(var) => Err(self.err_at(
                self.line_of(Some(section), key),
                format!("[{section}] `{key}`: environment variable `{var}` is not set"),
            )),
            None => Ok(out.into_owned()),
        }
    }

    fn db(&mut self, e: &Entries) -> Result<DbConfig, Error> {
        const SUPPORTED: &str = "supported: mysql, mariadb, pgsql";
        let kind = match e.get("type").map(str::to_ascii_lowercase).as_deref() {
            None | Some("mysql" | "mariadb") => SourceKind::Mysql,
            Some("pgsql" | "postgresql" | "postgres") => SourceKind::Pgsql,
            Some(t) if UNSUPPORTED_SOURCES.contains(&t) => {
                return Err(self.key_err(e, "type", format!("source type `{t}` is not supported yet ({SUPPORTED})")));
            }
            Some(t) => return Err(self.key_err(e, "type", format!("unknown source type `{t}` ({SUPPORTED})"))),
        };
        let port = match e.get("port") {
            None if kind == SourceKind::Pgsql => 5432,
            None => 3306,
            Some(p) => p
                .parse::<u16>()
                .ok()
                .filter(|p| *p > 0)
                .ok_or_else(|| self.key_err(e, "port", format!("`{p}` is not a port number (1-65535)")))?,
        };
        let ssl_mode = match e.get("ssl_mode").map(str::to_ascii_lowercase).as_deref() {
            None | Some("preferred") => SslMode::Preferred,
            Some("disabled") => SslMode::Disabled,
            Some("required") => SslMode::Required,
            Some("verify_ca") => SslMode::VerifyCa,
            Some("verify_identity") => SslMode::VerifyIdentity,
            Some(other) => {
                return Err(self.key_err(
                    e,
                    "ssl_mode",
                    format!("`{other}` is not one of disabled, preferred, required, verify_ca, verify_identity"),
                ));
            }
        };
        let connect_timeout = self.positive(e, "connect_timeout", 10)?;
        if kind == SourceKind::Mysql && e.get("database").is_some() {
            let line = self.line_of(Some(e.section), "database");
            self.warn(line, "[db]", "[db] `database` is for PostgreSQL sources (`type = pgsql`); ignored".into());
        }
        Ok(DbConfig {
            kind,
            database: e.get("database").unwrap_or("postgres").to_string(),
            host: e.get("host").unwrap_or("127.0.0.1").to_string(),
            port,
            user: e.get("user").unwrap_or("root").to_string(),
            password: Secret(e.get("password").unwrap_or("").to_string()),
            ssl_mode,
            ssl_ca: e.get("ssl_ca").map(str::to_string),
            connect_timeout: connect_timeout as u64,
        })
    }

    fn other(&mut self, e: &Entries) -> Result<Other, Error> {
        let be_num = self.positive(e, "be_num", 3)?;
        let starrocks_version = match e.get("starrocks_version") {
            None => Version(3, 3, 0),
            Some(v) => parse_version(v).ok_or_else(|| {
                self.key_err(e, "starrocks_version", format!("`{v}` is not a version like 3.3 or 2.5.7"))
            })?,
        };
        if starrocks_version < Version(1, 19, 0) {
            return Err(self.key_err(
                e,
                "starrocks_version",
                format!("StarRocks {starrocks_version} has no PRIMARY KEY tables; smt-rs needs 1.19 or later"),
            ));
        }
        let buckets = match e.get("buckets") {
            None | Some("heuristic") => Buckets::Heuristic,
            Some("auto") => Buckets::Auto,
            Some(v) => Buckets::Fixed(v.parse::<u32>().ok().filter(|n| *n > 0).ok_or_else(|| {
                self.key_err(e, "buckets", format!("`{v}` is not heuristic, auto or a positive integer"))
            })?),
        };
        if buckets == Buckets::Auto && starrocks_version < Version(2, 5, 7) {
            return Err(self.key_err(
                e,
                "buckets",
                format!("`auto` needs StarRocks 2.5.7 or later (starrocks_version is {starrocks_version})"),
            ));
        }
        let replication_num = self.positive(e, "replication_num", be_num.min(3))?;
        Ok(Other {
            be_num,
            use_decimal_v3: self.boolean(e, "use_decimal_v3", true)?,
            output_dir: e.get("output_dir").unwrap_or("./result").to_string(),
            starrocks_version,
            replication_num,
            buckets,
            statement_set: self.boolean(e, "statement_set", false)?,
            strict: self.boolean(e, "strict", false)?,
            tinyint1_as_boolean: self.boolean(e, "tinyint1_as_boolean", true)?,
            deny: match e.get("deny") {
                None => Deny::default(),
                Some(v) => Deny::parse(v).map_err(|why| self.key_err(e, "deny", why))?,
            },
            cdc_pipeline: match e.get("cdc_pipeline") {
                None | Some("off") => None,
                Some("3.5") => Some(CdcRelease::V3_5),
                Some("3.6") => Some(CdcRelease::V3_6),
                Some(v) => {
                    return Err(self.key_err(
                        e,
                        "cdc_pipeline",
                        format!("`{v}` is not off, 3.5 or 3.6 (the Flink CDC release the pipeline files target)"),
                    ));
                }
            },
            parallelism: self.positive(e, "parallelism", 1)?,
        })
    }

    fn rule(&self, n: u32, e: &Entries) -> Result<Rule, Error> {
        let regex = |key: &str| -> Result<Regex, Error> {
            let src = e.get(key).ok_or_else(|| {
                self.err_at(self.line_of_section(e.section, 1), format!("[{}] is missing `{key}` (a regex)", e.section))
            })?;
            Regex::new(src)
                .map_err(|err| self.key_err(e, key, format!("bad regex `{src}`: {}", regex_error_line(&err))))
        };
        let database = regex("database")?;
        let table = regex("table")?;
        let mut sink_options = Vec::new();
        let mut cdc_options = Vec::new();
        for (key, value) in &e.items {
            if let Some(opt) = key.strip_prefix("flink.starrocks.") {
                if GENERATED_SINK_OPTIONS.contains(&opt) {
                    return Err(self.key_err(
                        e,
                        key,
                        format!("`{opt}` is generated by smt-rs for each table; remove this line"),
                    ));
                }
                sink_options.push((opt.to_string(), value.clone()));
            } else if let Some(opt) = key.strip_prefix("flink.cdc.") {
                if GENERATED_CDC_OPTIONS.contains(&opt) {
                    return Err(self.key_err(
                        e,
                        key,
                        format!("`{opt}` is generated by smt-rs for each table; remove this line"),
                    ));
                }
                cdc_options.push((opt.to_string(), value.clone()));
            }
        }
        for required in REQUIRED_SINK_OPTIONS {
            if option(&sink_options, required).is_none() {
                return Err(self.err_at(
                    self.line_of_section(e.section, 1),
                    format!("[{}] is missing `flink.starrocks.{required}`, which the StarRocks sink needs", e.section),
                ));
            }
        }
        if let Some(v) = option(&cdc_options, "server-id")
            && parse_server_id(v).is_none()
        {
            return Err(self.key_err(
                e,
                "flink.cdc.server-id",
                format!("`{v}` is not a number or a range like 5400-5408"),
            ));
        }
        let optional_regex = |key: &str| -> Result<Option<Regex>, Error> {
            e.get(key)
                .map(|src| {
                    Regex::new(src)
                        .map_err(|err| self.key_err(e, key, format!("bad regex `{src}`: {}", regex_error_line(&err))))
                })
                .transpose()
        };
        let schema = optional_regex("schema")?;
        let merge_shards = match e.get("merge_shards").map(str::to_ascii_lowercase).as_deref() {
            None | Some("auto") => MergeShards::Auto,
            Some("union") => MergeShards::Union,
            Some("off") => MergeShards::Off,
            Some(other) => return Err(self.key_err(e, "merge_shards", format!("`{other}` is not auto, union or off"))),
        };
        let name = |key: &str| -> Result<Option<String>, Error> {
            match e.get(key) {
                Some("") => Err(self.key_err(e, key, "is empty".into())),
                other => Ok(other.map(str::to_string)),
            }
        };
        let target_database = name("target_database")?;
        if let Some(db) = &target_database
            && crate::naming::database_name(db) != *db
        {
            return Err(self.key_err(
                e,
                "target_database",
                format!("`{db}` is not a StarRocks database name ([A-Za-z_][A-Za-z0-9_]*)"),
            ));
        }
        let list = |key: &str| -> Vec<String> {
            e.get(key)
                .map(|v| v.split(',').map(|c| c.trim().to_string()).filter(|c| !c.is_empty()).collect())
                .unwrap_or_default()
        };
        let mut type_overrides = Vec::new();
        let mut properties = Vec::new();
        for (key, value) in &e.items {
            if let Some(dt) = key.strip_prefix("type.") {
                let ty = StarRocksType::parse(value).ok_or_else(|| {
                    self.key_err(e, key, format!("`{value}` is not a StarRocks column type smt-rs knows"))
                })?;
                type_overrides.push((dt.to_ascii_lowercase(), ty));
            } else if let Some(p) = key.strip_prefix("properties.") {
                properties.push((p.to_string(), value.clone()));
            }
        }
        let partition = match (e.get("partition_key"), e.get("partitions")) {
            (Some(column), range) => Some(Partition { column: column.to_string(), range: range.map(str::to_string) }),
            (None, Some(_)) => return Err(self.key_err(e, "partitions", "needs `partition_key`".into())),
            (None, None) => None,
        };
        Ok(Rule {
            n,
            database,
            schema,
            table,
            sink_options,
            cdc_options,
            exclude_table: optional_regex("exclude_table")?,
            exclude_columns: optional_regex("exclude_columns")?,
            binary_as_text: optional_regex("binary_as_text")?,
            merge_shards,
            shard_columns: self.boolean(e, "shard_columns", false)?,
            target_database,
            target_table: name("target_table")?,
            type_overrides,
            duplicate_keys: list("duplicate_keys"),
            distributed_by: list("distributed_by"),
            bucket_num: e.get("bucket_num").map(|_| self.positive(e, "bucket_num", 1)).transpose()?,
            properties,
            partition,
        })
    }

    fn positive(&self, e: &Entries, key: &str, default: u32) -> Result<u32, Error> {
        match e.get(key) {
            None => Ok(default),
            Some(v) => v
                .parse::<u32>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| self.key_err(e, key, format!("`{v}` is not a positive integer"))),
        }
    }

    fn boolean(&self, e: &Entries, key: &str, default: bool) -> Result<bool, Error> {
        match e.get(key) {
            None => Ok(default),
            Some(v) => match v.to_ascii_lowercase().as_str() {
                "true" | "yes" | "on" | "1" => Ok(true),
                "false" | "no" | "off" | "0" => Ok(false),
                _ => Err(self.key_err(e, key, format!("`{v}` is not a boolean (true or false)"))),
            },
        }
    }

    fn key_err(&self, e: &Entries, key: &str, msg: String) -> Error {
        let _ = e.kind;
        self.err_at(self.line_of(Some(e.section), key), format!("[{}] `{key}`: {msg}", e.section))
    }

    fn err_at(&self, line: Option<usize>, msg: String) -> Error {
        Error::Config(self.located(line, msg))
    }

    fn warn(&mut self, line: Option<usize>, section: &str, msg: String) {
        let located = self.located(line, msg);
        self.warnings.push(Warning::new(Kind::UnknownKey, Object::rule(section.to_string()), located));
    }

    fn located(&self, line: Option<usize>, msg: String) -> String {
        match line {
            Some(l) => format!("`{}` line {l}: {msg}", self.origin),
            None => format!("`{}`: {msg}", self.origin),
        }
    }

    fn line_of(&self, section: Option<&str>, key: &str) -> Option<usize> {
        self.line_of_nth(section, key, 1)
    }

    /// 1-based line of the `nth` occurrence of `key` in `section` (rust-ini keeps no positions).
    fn line_of_nth(&self, section: Option<&str>, key: &str, nth: usize) -> Option<usize> {
        let mut current: Option<&str> = None;
        let mut count = 0;
        for (i, raw) in self.text.lines().enumerate() {
            let line = raw.trim();
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                current = Some(name.trim());
                continue;
            }
            if current != section || line.starts_with('#') || line.starts_with(';') {
                continue;
            }
            let k = line.split(['=', ':']).next().unwrap_or("").trim();
            if k == key {
                count += 1;
                if count == nth {
                    return Some(i + 1);
                }
            }
        }
        None
    }

    fn line_of_section(&self, section: &str, nth: usize) -> Option<usize> {
        self.text
            .lines()
            .enumerate()
            .filter(|(_, l)| {
                let l = l.trim();
                l.strip_prefix('[').and_then(|l| l.strip_suffix(']')).map(str::trim) == Some(section)
            })
            .nth(nth - 1)
            .map(|(i, _)| i + 1)
    }
}

/// The regex crate's messages draw a caret diagram over several lines; keep the one that says what.
fn regex_error_line(err: &regex::Error) -> String {
    let text = err.to_string();
    text.lines()
        .find_map(|l| l.trim().strip_prefix("error: "))
        .unwrap_or_else(|| text.lines().last().unwrap_or(""))
        .to_string()
}

pub fn parse_version(v: &str) -> Option<Version> {
    let mut parts = v.trim().split('.').map(|p| p.parse::<u32>());
    let major = parts.next()?.ok()?;
    let minor = parts.next().unwrap_or(Ok(0)).ok()?;
    let patch = parts.next().unwrap_or(Ok(0)).ok()?;
    if parts.next().is_some() {
        return None;
    }
    Some(Version(major, minor, patch))
}

/// A server id is a number, or a range `a-b` that mysql-cdc spreads over parallel readers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerId {
    Single(u32),
    Range(u32, u32),
}

/// MySQL server ids are 1 ..= 2^32 - 1 (0 is refused by the server).
pub fn parse_server_id(v: &str) -> Option<ServerId> {
    match v.split_once('-') {
        None => v.trim().parse().ok().filter(|n| *n > 0).map(ServerId::Single),
        Some((a, b)) => {
            let (a, b): (u32, u32) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
            (0 < a && a <= b).then_some(ServerId::Range(a, b))
        }
    }
}

#[cfg(test)]
mod tests;
