//! Thin entry point: parse the command line, run, print the error chain once, map it to an exit code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = smt_rs::cli::Cli::parse();
    match smt_rs::app::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            eprintln!("error: {}", smt_rs::error::one_line(&format!("{err:#}")));
            smt_rs::error::exit_code_of(&err)
        }
    }
}

/// mimalloc rather than the system allocator: a large estate allocates and frees millions of
/// small values on every core, and glibc's per-thread heaps grow a page at a time and hand pages
/// back, so a third of a run went to page faults and `mprotect` (bench/README.md). Without
/// transparent huge pages, which would hold memory in 2 MiB steps past the 200 MB budget.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
