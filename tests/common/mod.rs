//! Running the real `nnlab` binary from integration tests.

use std::process::Command;

pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn nnlab(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_nnlab"))
        .args(args)
        .output()
        .expect("the binary runs");
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}
