//! The headless front end `nnlab`: list the catalog, train a scenario or config and print a
//! table or one JSON document, read and write run bundles, and render a run's views as SVG.
//!
//! Everything but the process boundary lives here so it can be tested without spawning the
//! binary: `src/bin/nnlab.rs` only collects the arguments, calls [`main`], and exits.

pub mod args;
pub mod commands;
pub mod json;
pub mod render;
pub mod report;
pub mod setup;
pub mod table;

use std::fmt;
use std::io::Write;

/// Exit status for a command line that could not be understood or named something unknown.
pub const EXIT_USAGE: i32 = 2;
/// Exit status for an input file that could not be used, or output that could not be written.
pub const EXIT_INPUT: i32 = 1;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The command line is wrong: unknown flag, missing or bad value, unknown id.
    Usage,
    /// A file is missing or malformed, or writing failed.
    Input,
}

/// A one-line message naming what is wrong, and which exit status it earns.
#[derive(Clone, Debug, PartialEq)]
pub struct CliError {
    pub kind: ErrorKind,
    pub message: String,
}

impl CliError {
    pub fn usage(message: impl Into<String>) -> Self {
        CliError {
            kind: ErrorKind::Usage,
            message: message.into(),
        }
    }

    pub fn input(message: impl Into<String>) -> Self {
        CliError {
            kind: ErrorKind::Input,
            message: message.into(),
        }
    }

    pub fn exit_code(&self) -> i32 {
        match self.kind {
            ErrorKind::Usage => EXIT_USAGE,
            ErrorKind::Input => EXIT_INPUT,
        }
    }
}

impl fmt::Display for CliError {
    /// Always one short line: messages from parsers may carry newlines and quote inputs of
    /// any length; a terminal reader wants one line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", crate::error::short_message(&self.message))
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        CliError::input(format!("cannot write output: {e}"))
    }
}

/// Runs the command line `argv` (without the program name), writing results to `out`.
pub fn main(argv: &[String], out: &mut dyn Write) -> Result<(), CliError> {
    match args::parse(argv)? {
        args::Command::Help => Ok(out.write_all(args::usage().as_bytes())?),
        args::Command::List { json } => commands::list(json, out),
        args::Command::Run(run) => commands::run(&run, out),
        args::Command::Render(render) => render::render(&render, out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_print_on_one_line_with_their_exit_code() {
        let e = CliError::input("bundle: expected value\n at line 1");
        assert_eq!(e.to_string(), "error: bundle: expected value at line 1");
        assert_eq!(e.exit_code(), EXIT_INPUT);
        assert_eq!(CliError::usage("x").exit_code(), EXIT_USAGE);
    }

    #[test]
    fn help_prints_the_usage() {
        let mut out = Vec::new();
        main(&["--help".to_string()], &mut out).unwrap();
        assert!(String::from_utf8(out).unwrap().starts_with("nnlab"));
    }
}
