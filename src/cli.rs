//! The command line (SPEC §1). Doc comments here are the `--help` text.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Generate StarRocks tables and Flink CDC jobs from a MySQL/MariaDB schema (a successor to the
/// StarRocks Migration Tool, reading its config_prod.conf).
#[derive(Debug, Parser)]
#[command(name = "smt-rs", version)]
pub struct Cli {
    /// Config file (SMT's INI format).
    #[arg(short, long, global = true, env = "SMT_CONFIG", default_value = "conf/config_prod.conf")]
    pub config: PathBuf,
    /// More output on stderr.
    #[arg(short, long, global = true, conflicts_with = "quiet")]
    pub verbose: bool,
    /// No warnings on stderr (errors still print).
    #[arg(short, long, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write the StarRocks and Flink SQL files.
    Generate {
        /// Output directory (overrides [other] output_dir).
        #[arg(short, long)]
        output_dir: Option<PathBuf>,
        /// Read the schema from a snapshot file instead of the source server.
        #[arg(long, value_name = "SNAPSHOT.json")]
        schema: Option<PathBuf>,
        /// Summary printed to stdout.
        #[arg(long, value_enum, default_value_t = SummaryFormat::Text)]
        summary: SummaryFormat,
        /// Write `${SMT_SOURCE_PASSWORD}` / `${SMT_SINK_PASSWORD}` instead of the passwords (for CI
        /// artifacts and reviews; substitute them before running the Flink job).
        #[arg(long)]
        redact: bool,
        /// Write nothing: compare what would be written with the output directory, print the
        /// missing, extra and differing files and a diff; exit 6 when they differ (CI goldens).
        #[arg(long)]
        check: bool,
    },
    /// Compare two schemas and write the StarRocks ALTERs, the rebuilds and the clean-up that
    /// follow the source's drift, and `drift.md`, the steps in order.
    Diff {
        /// The schema the StarRocks tables were made from (a snapshot).
        #[arg(long, value_name = "OLD.json")]
        from: PathBuf,
        /// The schema now (a snapshot; default: read the source server in [db]).
        #[arg(long, value_name = "NEW.json")]
        to: Option<PathBuf>,
        /// Output directory (default ./drift); replaced as a whole.
        #[arg(short, long, default_value = "./drift")]
        output_dir: PathBuf,
        /// Summary printed to stdout.
        #[arg(long, value_enum, default_value_t = SummaryFormat::Text)]
        summary: SummaryFormat,
        /// Exit 6 when drift was found (for CI gates).
        #[arg(long)]
        exit_code: bool,
    },
    /// Write the introspected source schema as JSON.
    Snapshot {
        /// Output file, or - for stdout.
        #[arg(short, long, default_value = "-")]
        output: String,
    },
    /// Validate the config, connect, and list each matched table and its target; writes nothing.
    Check,
    /// Print a commented sample config to stdout.
    Init,
    /// Print shell completions.
    Completions { shell: clap_complete::Shell },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SummaryFormat {
    Text,
    Json,
}
