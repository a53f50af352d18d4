//! The commands: read inputs (files or the source server), call the pure core, print, write.
//! With `write`, the only place that touches files, stdout and stderr.

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use clap::CommandFactory;
use serde::Serialize;

use crate::cli::{Cli, Command, SummaryFormat};
use crate::config::{self, Config};
use crate::diag::{Kind, Object, Severity, Warning};
use crate::error::Error;
use crate::model::Snapshot;
use crate::progress::Progress;
use crate::{output, plan, report, source, write};

/// Free `value` on a thread of its own, or here when the system refuses another thread.
fn drop_beside<T: Send + 'static>(value: T) {
    // On failure the closure, and `value` with it, is dropped right here.
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}

/// Run the command in a thread pool for the parallel work. Where the system refuses more
/// threads (a container's low process limit), the pool is this thread alone and the work runs
/// here instead of failing. (A pool of its own: a failed global pool cannot be built again.)
/// Returns the exit code of a run that did not fail: 0, or 6 when differences were found
/// (`generate --check`, `diff --exit-code`).
pub fn run(cli: Cli) -> anyhow::Result<u8> {
    let pool = rayon::ThreadPoolBuilder::new()
        .build()
        .or_else(|_| rayon::ThreadPoolBuilder::new().num_threads(1).use_current_thread().build())
        .map_err(|e| Error::Internal(format!("cannot start a thread pool: {e}")))?;
    pool.install(|| run_command(cli))
}

/// How the run talks to a person: `-q`, `-v`, and the progress display on stderr.
struct Ui {
    quiet: bool,
    verbose: bool,
    progress: Progress,
}

impl Ui {
    /// What the config and the read warned about, when planning fails before the warnings of
    /// the whole run can be shown: a rule matching no database explains "nothing matched".
    fn warn_before_error(&self, warnings: &[Warning]) {
        self.progress.finish();
        self.warn(&warnings.iter().collect::<Vec<_>>());
    }

    /// Every warning of a run, `earlier` (config, read) first: printed, then refused where
    /// `[other] deny` names their kind or severity.
    fn warn_and_deny<'w>(
        &self,
        config: &Config,
        earlier: &'w [Warning],
        more: &'w [Warning],
    ) -> Result<Vec<&'w Warning>, Error> {
        let all: Vec<&Warning> = earlier.iter().chain(more).collect();
        self.warn(&all);
        config.other.deny.check(all.iter().copied())?;
        Ok(all)
    }

    /// Print warnings (config, read and plan, in that order) the way `report` orders them.
    fn warn(&self, warnings: &[&Warning]) {
        if self.quiet || warnings.is_empty() {
            return;
        }
        let text = report::warnings(warnings, self.verbose);
        self.progress.suspend(|| {
            let _ = std::io::stderr().lock().write_all(text.as_bytes());
        });
    }
}

/// Exit code of a run that found differences (SPEC §1).
const DIFFERENCES: u8 = 6;

fn run_command(cli: Cli) -> anyhow::Result<u8> {
    let ui = Ui { quiet: cli.quiet, verbose: cli.verbose, progress: Progress::start(cli.quiet) };
    match &cli.command {
        Command::Init => {
            print!("{}", config::keys::sample_config());
            Ok(0)
        }
        Command::Completions { shell } => {
            clap_complete::generate(*shell, &mut Cli::command(), "smt-rs", &mut std::io::stdout());
            Ok(0)
        }
        Command::Generate { output_dir, schema, summary, redact, check } => {
            let (config, mut warnings) = load_config(&cli.config)?;
            let (snapshot, skipped) = match schema {
                Some(path) => (load_snapshot_showing(path, &ui)?, Vec::new()),
                None => {
                    let read = read_live(&config, &ui, &mut warnings)?;
                    (read.snapshot, read.skipped)
                }
            };
            let dir = output_dir.clone().unwrap_or_else(|| config.other.output_dir.clone().into());
            // Read with the real password, write placeholders.
            let config = if *redact { config.redacted() } else { config };
            if *check {
                return check_files(&config, snapshot, warnings, &dir, &ui);
            }
            generate(&config, snapshot, &skipped, warnings, &dir, *summary, &ui)?;
            Ok(0)
        }
        Command::Diff { from, to, output_dir, summary, exit_code } => {
            let (config, mut warnings) = load_config(&cli.config)?;
            let old = load_snapshot_showing(from, &ui)?;
            let (new, to_name) = match to {
                Some(path) => (load_snapshot_showing(path, &ui)?, path.display().to_string()),
                None => (read_live(&config, &ui, &mut warnings)?.snapshot, source::endpoint(&config.db)),
            };
            if old.source.kind != new.source.kind {
                return Err(Error::Config(format!(
                    "`{}` is a snapshot of a {} source and `{to_name}` of a {} one: diff compares two schemas of one source",
                    from.display(),
                    old.source.kind,
                    new.source.kind
                ))
                .into());
            }
            let found = diff(
                &config,
                &old,
                &new,
                (&from.display().to_string(), &to_name),
                warnings,
                output_dir,
                *summary,
                &ui,
            )?;
            Ok(if found && *exit_code { DIFFERENCES } else { 0 })
        }
        Command::Snapshot { output } => {
            let (config, mut warnings) = load_config(&cli.config)?;
            let read = read_live(&config, &ui, &mut warnings)?;
            ui.progress.finish();
            ui.warn(&warnings.iter().collect::<Vec<_>>());
            let json = read.snapshot.to_json()?;
            if output == "-" {
                std::io::stdout().lock().write_all(json.as_bytes())?;
            } else {
                write::write_file_atomic(Path::new(output), &json)?;
            }
            Ok(0)
        }
        Command::Check => {
            let (config, mut warnings) = load_config(&cli.config)?;
            let read = read_live(&config, &ui, &mut warnings)?;
            check(&config, &read, warnings, &ui)?;
            Ok(0)
        }
    }
}

/// A snapshot file, with its read time under `-v`.
fn load_snapshot_showing(path: &Path, ui: &Ui) -> anyhow::Result<Snapshot> {
    let started = std::time::Instant::now();
    ui.progress.phase(format!("reading {}", path.display()));
    let snapshot = load_snapshot(path)?;
    if ui.verbose {
        ui.progress.suspend(|| eprintln!("read {}: {:.3} s", path.display(), started.elapsed().as_secs_f64()));
    }
    Ok(snapshot)
}

/// `generate --check`: render in memory and compare with the files in `dir`; write nothing.
/// Prints the missing, extra and differing files and a diff of the first differences, and
/// returns 6 when anything differs.
fn check_files(config: &Config, snapshot: Snapshot, earlier: Vec<Warning>, dir: &Path, ui: &Ui) -> anyhow::Result<u8> {
    let generated = build(config, snapshot).inspect_err(|_| ui.warn_before_error(&earlier))?;
    ui.progress.finish();
    ui.warn_and_deny(config, &earlier, &generated.warnings)?;
    // What the directory holds; a directory that is not there holds nothing (every file is
    // missing). Anything but a file is extra: `generate` would refuse to replace it.
    let mut on_disk: std::collections::BTreeMap<String, Option<Vec<u8>>> = std::collections::BTreeMap::new();
    let unreadable =
        |e: std::io::Error| Error::Output(format!("output directory `{}`: cannot read it: {e}", dir.display()));
    match std::fs::read_dir(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(unreadable(e).into()),
        Ok(entries) => {
            for e in entries {
                let e = e.map_err(unreadable)?;
                let name = e.file_name().to_string_lossy().into_owned();
                let bytes = if e.file_type().is_ok_and(|t| t.is_file()) {
                    Some(std::fs::read(e.path()).map_err(|err| {
                        Error::Output(format!("output directory `{}`: cannot read `{name}`: {err}", dir.display()))
                    })?)
                } else {
                    None
                };
                on_disk.insert(name, bytes);
            }
        }
    }
    let report = crate::output::check::compare(&generated.files, &on_disk, dir);
    std::io::stdout().lock().write_all(report.text.as_bytes())?;
    Ok(if report.differs { DIFFERENCES } else { 0 })
}

/// `smt-rs diff`: both schemas planned with the same config, compared, and the drift files
/// written to `dir` (replaced as a whole, nothing when nothing drifted). Returns whether drift
/// was found.
#[allow(clippy::too_many_arguments)]
fn diff(
    config: &Config,
    old: &Snapshot,
    new: &Snapshot,
    (from, to): (&str, &str),
    earlier: Vec<Warning>,
    dir: &Path,
    format: SummaryFormat,
    ui: &Ui,
) -> anyhow::Result<bool> {
    let old_plan = plan::plan(config, old).inspect_err(|_| ui.warn_before_error(&earlier))?;
    let new_plan = plan::plan_showing(config, new, &ui.progress).inspect_err(|_| ui.warn_before_error(&earlier))?;
    let drift = crate::drift::compare(config, &old_plan, &new_plan)?;
    ui.progress.finish();
    let all = ui.warn_and_deny(config, &earlier, &drift.warnings)?;
    let files = output::drift::files(&drift, from, to)?;
    write::write_atomic_with(dir, write::Files::Diff, &mut |out| {
        for (name, content) in &files {
            let f = out.create(name, false)?;
            out.append(f, content)?;
            out.close(f)?;
        }
        Ok(())
    })?;
    let names: Vec<String> = files.iter().map(|(n, _)| dir.join(n).display().to_string()).collect();
    let tables_of = |f: fn(&crate::drift::Action) -> bool| -> Vec<String> {
        drift.tables.iter().filter(|t| f(&t.action)).map(|t| format!("{}.{}", t.db, t.table)).collect()
    };
    let jobs = output::drift::jobs(&drift);
    let summary = DiffSummary {
        tables_changed: drift.tables.len(),
        jobs: jobs.iter().map(|(file, tables)| JobSummary { file: file.clone(), tables: tables.clone() }).collect(),
        alter: tables_of(|a| match a {
            crate::drift::Action::Create => true,
            crate::drift::Action::Alter(a) => a.alters(),
            _ => false,
        }),
        rebuild: tables_of(|a| matches!(a, crate::drift::Action::Rebuild(_))),
        cleanup: tables_of(|a| matches!(a, crate::drift::Action::Alter(a) if !a.drops.is_empty())),
        warnings: all,
        files: names,
    };
    let text = match format {
        SummaryFormat::Json => serde_json::to_string(&summary).context("serialising the summary")? + "\n",
        SummaryFormat::Text if drift.is_empty() => {
            format!("no drift from `{from}` to `{to}`; {} holds no files\n", dir.display())
        }
        SummaryFormat::Text => format!(
            "{} tables drifted: {} to alter or create, {} to rebuild, {} to clean up; {} Flink job files to redeploy; wrote {} files to {}\n",
            summary.tables_changed,
            summary.alter.len(),
            summary.rebuild.len(),
            summary.cleanup.len(),
            summary.jobs.len(),
            summary.files.len(),
            dir.display()
        ),
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(!drift.is_empty())
}

#[derive(Serialize)]
struct DiffSummary<'w> {
    tables_changed: usize,
    jobs: Vec<JobSummary>,
    alter: Vec<String>,
    rebuild: Vec<String>,
    cleanup: Vec<String>,
    warnings: Vec<&'w Warning>,
    files: Vec<String>,
}

#[derive(Serialize)]
struct JobSummary {
    file: String,
    tables: Vec<String>,
}

/// The config and the warnings parsing it gave (printed with the run's other warnings).
fn load_config(path: &Path) -> anyhow::Result<(Config, Vec<Warning>)> {
    let origin = path.display().to_string();
    let text =
        std::fs::read_to_string(path).map_err(|e| Error::Config(format!("cannot read config `{origin}`: {e}")))?;
    let parsed = config::parse_with_process_env(&text, &origin)?;
    Ok((parsed.config, parsed.warnings))
}

fn load_snapshot(path: &Path) -> anyhow::Result<Snapshot> {
    let origin = path.display().to_string();
    let bytes = read_file(path).map_err(|e| Error::Config(format!("cannot read snapshot `{origin}`: {e}")))?;
    let snapshot = Snapshot::from_json_bytes(bytes.as_slice(), &origin);
    // Tens of megabytes on a large estate: unmapped beside the planning that follows.
    drop_beside(bytes);
    Ok(snapshot?)
}

/// Pieces of the file read by one pool thread each; a read returns after at most this much.
const READ_PIECE: usize = 8 << 20;

/// A file's bytes. A large file is held in an anonymous mapping of its own rather than on the
/// heap: freeing it returns its pages to the system at once, where the allocator would keep them
/// cached while the model (about as large again) is built beside them.
enum FileBytes {
    Heap(Vec<u8>),
    Mapped(memmap2::MmapMut),
}

impl FileBytes {
    fn as_slice(&self) -> &[u8] {
        match self {
            FileBytes::Heap(v) => v,
            FileBytes::Mapped(m) => m,
        }
    }
}

/// The whole file, read in pieces on all cores: copying a large snapshot out of the page cache
/// (and faulting in the pages it lands in) takes one core a tenth of a second.
#[cfg(unix)]
fn read_file(path: &Path) -> std::io::Result<FileBytes> {
    use rayon::prelude::*;
    use std::os::unix::fs::FileExt;
    let whole = || std::fs::read(path).map(FileBytes::Heap);
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    let Ok(len) = usize::try_from(meta.len()) else { return whole() };
    if len <= READ_PIECE || !meta.is_file() {
        return whole();
    }
    // Anonymous memory is private and never backed by the file: nothing can truncate it under us.
    let mut bytes = memmap2::MmapMut::map_anon(len)?;
    bytes
        .par_chunks_mut(READ_PIECE)
        .enumerate()
        .try_for_each(|(i, piece)| file.read_exact_at(piece, (i * READ_PIECE) as u64))?;
    // A file that grew while it was read is read again whole, so no prefix of it is parsed.
    if file.read_at(&mut [0u8], len as u64)? != 0 {
        return whole();
    }
    Ok(FileBytes::Mapped(bytes))
}

#[cfg(not(unix))]
fn read_file(path: &Path) -> std::io::Result<FileBytes> {
    std::fs::read(path).map(FileBytes::Heap)
}

/// Read the source server: the databases any rule's `database` regex matches. What the read
/// warns about is added to `warnings`.
fn read_live(config: &Config, ui: &Ui, warnings: &mut Vec<Warning>) -> anyhow::Result<source::Read> {
    let endpoint = source::endpoint(&config.db);
    let read = source::read(&config.db, &|db| config.rules.iter().any(|r| r.database.is_match(db)), &ui.progress)?;
    if ui.verbose {
        ui.progress.suspend(|| {
            let mut err = std::io::stderr().lock();
            for t in &read.timings {
                let _ = writeln!(err, "read {}: {} rows in {:.3} s", t.query, t.rows, t.elapsed.as_secs_f64());
            }
        });
    }
    for rule in &config.rules {
        if !read.visible_databases.iter().any(|d| rule.database.is_match(d)) {
            warnings.push(Warning::new(
                Kind::RuleMatchesNothing,
                Object::rule(rule.section()),
                format!(
                    "{} `database` = `{}` matches no database on {endpoint} (or the user cannot see it)",
                    rule.section(),
                    rule.database.as_str(),
                ),
            ));
        }
    }
    warnings.extend(read.skipped.iter().map(|s| {
        Warning::new(Kind::Skipped, Object::table(&s.database, &s.name), format!("{s} is not a table and is skipped"))
    }));
    // Only those a rule would have read: an unlogged table elsewhere concerns nobody here.
    for (db, schema, table) in &read.unlogged {
        if config.rules.iter().any(|r| r.reads_namespace(Some(db), schema) && r.table.is_match(table)) {
            warnings.push(Warning::new(
                Kind::UnloggedSkipped,
                Object::table(schema, table),
                format!("`{schema}`.`{table}` (database `{db}`) is UNLOGGED and is skipped: logical replication cannot read it"),
            ));
        }
    }
    Ok(read)
}

/// `smt-rs check`: every matched table and its target, one line each, with the table's load and
/// value warnings under it (notes too with `-v`); writes nothing. The other warnings and the
/// closing summary go to stderr.
fn check(config: &Config, read: &source::Read, warnings: Vec<Warning>, ui: &Ui) -> anyhow::Result<()> {
    let plan =
        plan::plan_showing(config, &read.snapshot, &ui.progress).inspect_err(|_| ui.warn_before_error(&warnings))?;
    ui.progress.finish();
    let per_table: std::collections::HashSet<usize> =
        plan.rules.iter().flat_map(|r| &r.targets).flat_map(|t| t.warnings_at.clone()).collect();
    let shown_under = |w: &Warning| ui.verbose || w.severity != Severity::Note;
    let mut out = std::io::stdout().lock();
    for r in &plan.rules {
        for t in &r.targets {
            let keys: Vec<&str> = t.key_columns().map(|c| c.name.as_str()).collect();
            let model = match t.model {
                plan::KeyModel::Primary => "PRIMARY KEY",
                plan::KeyModel::Duplicate => "DUPLICATE KEY",
            };
            let buckets = t.buckets.map_or("auto".to_string(), |n| n.to_string());
            writeln!(
                out,
                "{} {} -> `{}`.`{}` {model}({}) buckets {buckets}",
                r.rule.section(),
                t.label(),
                t.db,
                t.table,
                keys.join(", ")
            )?;
            if !ui.quiet {
                for w in plan.warnings[t.warnings_at.clone()].iter().filter(|w| shown_under(w)) {
                    writeln!(out, "    {}", report::line(w))?;
                }
            }
        }
    }
    let total = warnings.len() + plan.warnings.len();
    writeln!(out, "{} tables, {total} warnings, {} skipped", plan.tables, read.skipped.len())?;
    drop(out);
    // Under the tables: the general warnings, then the summary over all of them.
    let general: Vec<&Warning> = warnings
        .iter()
        .chain(plan.warnings.iter().enumerate().filter(|(i, _)| !per_table.contains(i)).map(|(_, w)| w))
        .collect();
    let all: Vec<&Warning> = warnings.iter().chain(&plan.warnings).collect();
    if !ui.quiet && !all.is_empty() {
        eprint!("{}{}", report::lines(&general, ui.verbose), report::summary(&all, ui.verbose));
    }
    config.other.deny.check(all)?;
    if plan.tables == 0 {
        return Err(Error::Refused("no source table matches any [table-rule.N]".into()).into());
    }
    Ok(())
}

/// What a generation run produces: the files (in memory for [`build`], streamed to the output
/// directory for `generate`) and what the summary reports.
#[derive(Debug)]
pub struct Generated {
    pub files: Vec<output::OutFile>,
    pub warnings: Vec<Warning>,
    pub tables: usize,
    pub targets: usize,
    /// Targets that merge a shard group.
    pub shards: usize,
}

/// Config + snapshot → rendered files and warnings, in memory. Pure; the golden tests call this.
pub fn build(config: &Config, snapshot: Snapshot) -> Result<Generated, Error> {
    let plan = plan_of(config, snapshot, &Progress::hidden())?;
    config.other.deny.check(&plan.warnings)?;
    let mut memory = output::Memory::default();
    output::render(&plan, config, &mut memory, &Progress::hidden())?;
    let order = output::file_names(&plan);
    memory.files.sort_by_key(|f| order.iter().position(|n| *n == f.name));
    Ok(generated(plan, memory.files))
}

/// Takes the snapshot by value: targets own what they need, so the source model is freed
/// before rendering (it is the largest structure on a big estate).
fn plan_of<'c>(config: &'c Config, snapshot: Snapshot, progress: &Progress) -> Result<plan::Plan<'c>, Error> {
    let plan = plan::plan_showing(config, &snapshot, progress)?;
    // Freed beside the rendering that follows rather than before it.
    drop_beside(snapshot);
    if plan.tables == 0 {
        return Err(Error::Refused("no source table matches any [table-rule.N]; nothing written".into()));
    }
    Ok(plan)
}

fn generated(plan: plan::Plan, files: Vec<output::OutFile>) -> Generated {
    let (targets, shards) = target_counts(&plan);
    let generated = Generated { files, tables: plan.tables, targets, shards, warnings: plan.warnings };
    drop_targets_beside(plan.rules);
    generated
}

/// Targets, and those that merge a shard group.
fn target_counts(plan: &plan::Plan) -> (usize, usize) {
    let targets = || plan.rules.iter().flat_map(|r| &r.targets);
    (targets().count(), targets().filter(|t| t.sources.len() > 1).count())
}

/// Freed beside what follows (the summary, the exit) rather than before it: an estate's targets
/// are hundreds of thousands of allocations (30 ms for 10,000 tables).
fn drop_targets_beside(rules: Vec<plan::RulePlan>) {
    drop_beside(rules.into_iter().map(|r| r.targets).collect::<Vec<_>>());
}

#[derive(Serialize)]
struct Summary<'a> {
    tables: usize,
    targets: usize,
    shards: usize,
    /// Objects of matched databases that are not tables (views, sequences).
    skipped: Vec<String>,
    /// Every warning of the run (config, read, plan) with its kind, severity and object.
    warnings: Vec<&'a Warning>,
    files: Vec<String>,
}

/// `smt-rs generate`: plan, print the warnings (`earlier` ones from the config and the read
/// first), refuse denied kinds, write the files atomically, print the summary.
fn generate(
    config: &Config,
    snapshot: Snapshot,
    skipped: &[source::Skipped],
    earlier: Vec<Warning>,
    dir: &Path,
    format: SummaryFormat,
    ui: &Ui,
) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let plan = plan_of(config, snapshot, &ui.progress).inspect_err(|_| ui.warn_before_error(&earlier))?;
    let planned = started.elapsed();
    let all = ui.warn_and_deny(config, &earlier, &plan.warnings)?;
    // Rendered straight into the output directory: the files are never held whole.
    let written = write::write_atomic_with(dir, write::Files::Generate, &mut |out| {
        output::render(&plan, config, out, &ui.progress)
    });
    ui.progress.finish();
    written?;
    if ui.verbose {
        let (plan_s, total) = (planned.as_secs_f64(), started.elapsed().as_secs_f64());
        eprintln!("plan: {plan_s:.3} s; render and write: {:.3} s", total - plan_s);
        eprintln!("wrote {} (flink-create files are mode 0600)", dir.display());
    }
    // Once every file is in place; streamed, not composed beside the rendering: with tens of
    // thousands of warnings as JSON objects it is ten megabytes on a large estate.
    summary(&plan, &all, skipped, dir, format, &mut std::io::BufWriter::new(std::io::stdout().lock()))?;
    drop(all);
    drop_targets_beside(plan.rules);
    Ok(())
}

/// The summary `generate` prints, in `format`, written to `out`.
fn summary(
    plan: &plan::Plan,
    warnings: &[&Warning],
    skipped: &[source::Skipped],
    dir: &Path,
    format: SummaryFormat,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let (targets, shards) = target_counts(plan);
    let summary = Summary {
        tables: plan.tables,
        targets,
        shards,
        skipped: skipped.iter().map(|s| s.to_string()).collect(),
        warnings: warnings.to_vec(),
        files: output::file_names(plan).iter().map(|n| dir.join(n).display().to_string()).collect(),
    };
    match format {
        SummaryFormat::Json => {
            serde_json::to_writer(&mut *out, &summary).context("writing the summary")?;
            writeln!(out)?;
        }
        SummaryFormat::Text => writeln!(
            out,
            "{} tables → {} targets ({} merged shard groups), {} skipped, {} warnings; wrote {} files to {}",
            summary.tables,
            summary.targets,
            summary.shards,
            summary.skipped.len(),
            summary.warnings.len(),
            summary.files.len(),
            dir.display()
        )?,
    }
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Files below, at and above the piece size, and one that ends mid-piece, read back whole.
    #[test]
    fn files_read_in_pieces_read_back_byte_for_byte() {
        let dir = tempfile::tempdir().unwrap();
        for len in [0, 1, READ_PIECE - 1, READ_PIECE, READ_PIECE + 1, 2 * READ_PIECE + 12_345] {
            let content: Vec<u8> = (0..len).map(|i| (i * 7 + i / 4099) as u8).collect();
            let path = dir.path().join(format!("f{len}"));
            std::fs::write(&path, &content).unwrap();
            assert!(read_file(&path).unwrap().as_slice() == content, "file of {len} bytes");
        }
        assert!(read_file(&dir.path().join("missing")).is_err());
    }
}
