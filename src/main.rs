//! Thin entry point: parse the command line, run, print the error chain once, map it to an exit code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = smt_rs::cli::Cli::parse();
    match smt_rs::app::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {}", smt_rs::error::one_line(&format!("{err:#}")));
            smt_rs::error::exit_code_of(&err)
        }
    }
}
