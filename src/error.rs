//! The error kinds a caller branches on, and the exit code each maps to (SPEC §1).
//!
//! Messages are one line, lowercase, name the file/section/key or object in backticks, and never
//! contain a password. Context from lower layers is joined into the same line by `main`.

use std::process::ExitCode;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad command line, config file or snapshot: the user's input is wrong (exit 2).
    #[error("{0}")]
    Config(String),
    /// The source server could not be reached or read (exit 3).
    #[error("{0}")]
    Source(String),
    /// The input is valid but cannot be turned into safe output (exit 4).
    #[error("{0}")]
    Refused(String),
    /// The output directory could not be written (exit 5).
    #[error("{0}")]
    Output(String),
    /// A fault inside smt-rs itself (exit 1): a bug to report, never the user's input.
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Config(_) => 2,
            Error::Source(_) => 3,
            Error::Refused(_) => 4,
            Error::Output(_) => 5,
            Error::Internal(_) => 1,
        }
    }
}

/// Exit code for any error chain: the first typed error found decides, anything else is 1.
pub fn exit_code_of(err: &anyhow::Error) -> ExitCode {
    let code = err.chain().find_map(|e| e.downcast_ref::<Error>()).map_or(1, Error::exit_code);
    ExitCode::from(code)
}

/// Shorthand constructors so call sites read `config_err!("...")`.
#[macro_export]
macro_rules! config_err {
    ($($arg:tt)*) => { $crate::error::Error::Config(format!($($arg)*)) };
}

/// A message as one terminal line: control characters (a newline in a table name or comment,
/// say) are shown escaped, so every error and warning is exactly one line.
pub fn one_line(msg: &str) -> String {
    if !msg.chars().any(char::is_control) {
        return msg.to_string();
    }
    msg.chars().map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() }).collect()
}
