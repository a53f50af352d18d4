//! The commands: read inputs, call the pure core, print, write. The only place (with `write`)
//! that touches files, stdout and stderr.

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use clap::CommandFactory;
use serde::Serialize;

use crate::cli::{Cli, Command, SummaryFormat};
use crate::config::{self, Config};
use crate::error::Error;
use crate::model::Snapshot;
use crate::{output, plan, write};

pub fn run(cli: Cli) -> anyhow::Result<()> {
    match &cli.command {
        Command::Init => {
            print!("{}", config::keys::sample_config());
            Ok(())
        }
        Command::Completions { shell } => {
            clap_complete::generate(
                *shell,
                &mut Cli::command(),
                "smt-rs",
                &mut std::io::stdout(),
            );
            Ok(())
        }
        Command::Generate {
            output_dir,
            schema,
            summary,
        } => {
            let config = load_config(&cli.config, cli.quiet)?;
            let Some(schema) = schema else {
                return Err(Error::Config(
                    "reading a live server is not built yet; pass `--schema SNAPSHOT.json` (see `smt-rs snapshot`)".into(),
                )
                .into());
            };
            let snapshot = load_snapshot(schema)?;
            let dir = output_dir
                .clone()
                .unwrap_or_else(|| config.other.output_dir.clone().into());
            generate(&config, &snapshot, &dir, *summary, cli.quiet)
        }
        Command::Snapshot { .. } | Command::Check => {
            let _config = load_config(&cli.config, cli.quiet)?;
            Err(Error::Config("reading a live server is not built yet; only `generate --schema` works in this version".into()).into())
        }
    }
}

fn load_config(path: &Path, quiet: bool) -> anyhow::Result<Config> {
    let origin = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::Config(format!("cannot read config `{origin}`: {e}")))?;
    let parsed = config::parse_with_process_env(&text, &origin)?;
    warn_all(&parsed.warnings, quiet);
    Ok(parsed.config)
}

fn load_snapshot(path: &Path) -> anyhow::Result<Snapshot> {
    let origin = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::Config(format!("cannot read snapshot `{origin}`: {e}")))?;
    Ok(Snapshot::from_json(&text, &origin)?)
}

fn warn_all(warnings: &[String], quiet: bool) {
    if quiet {
        return;
    }
    let mut err = std::io::stderr().lock();
    for w in warnings {
        let _ = writeln!(err, "warning: {w}");
    }
}

#[derive(Serialize)]
struct Summary<'a> {
    tables: usize,
    targets: usize,
    shards: usize,
    skipped: usize,
    warnings: &'a [String],
    files: Vec<String>,
}

/// What a generation run produces before anything is written.
#[derive(Debug)]
pub struct Generated {
    pub files: Vec<output::OutFile>,
    pub warnings: Vec<String>,
    pub tables: usize,
    pub targets: usize,
    pub skipped: usize,
}

/// Config + snapshot → rendered files and warnings. Pure; the golden tests call this.
pub fn build(config: &Config, snapshot: &Snapshot) -> Result<Generated, Error> {
    let plan = plan::plan(config, snapshot)?;
    if plan.tables == 0 {
        return Err(Error::Refused(
            "no source table matches any [table-rule.N]; nothing written".into(),
        ));
    }
    let files = output::render(&plan, config);
    Ok(Generated {
        files,
        tables: plan.tables,
        targets: plan.rules.iter().map(|r| r.targets.len()).sum(),
        skipped: plan.skipped,
        warnings: plan.warnings,
    })
}

pub fn generate(
    config: &Config,
    snapshot: &Snapshot,
    dir: &Path,
    format: SummaryFormat,
    quiet: bool,
) -> anyhow::Result<()> {
    let generated = build(config, snapshot)?;
    warn_all(&generated.warnings, quiet);
    write::write_atomic(dir, &generated.files)?;
    let summary = Summary {
        tables: generated.tables,
        targets: generated.targets,
        shards: 0,
        skipped: generated.skipped,
        warnings: &generated.warnings,
        files: generated
            .files
            .iter()
            .map(|f| dir.join(&f.name).display().to_string())
            .collect(),
    };
    let mut out = std::io::stdout().lock();
    match format {
        SummaryFormat::Json => {
            let json = serde_json::to_string(&summary).context("serialising the summary")?;
            writeln!(out, "{json}")?;
        }
        SummaryFormat::Text => {
            writeln!(
                out,
                "{} tables → {} targets, {} skipped, {} warnings; wrote {} files to {}",
                summary.tables,
                summary.targets,
                summary.skipped,
                summary.warnings.len(),
                summary.files.len(),
                dir.display()
            )?;
        }
    }
    Ok(())
}
