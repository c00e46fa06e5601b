//! `nnlab`: the headless command line. All logic lives in `nnlab::cli`; this only connects
//! it to the process: arguments in, stdout out, one-line errors and exit codes.

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    // `env::args` panics on an argument that is not UTF-8; the lossy form reaches the parser,
    // which then names it in a one-line error.
    let argv: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result = nnlab::cli::main(&argv, &mut out).and_then(|()| Ok(out.flush()?));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // Not `eprintln!`, which panics (exit 101) when stderr itself cannot be written.
            let _ = writeln!(std::io::stderr(), "{e}");
            ExitCode::from(e.exit_code() as u8)
        }
    }
}
