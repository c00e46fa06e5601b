//! Native runs reproduce the golden fingerprints in tests/golden/fingerprints.txt (which the
//! wasm build is checked against too). `UPDATE_GOLDEN=1 cargo test --test native_golden`
//! rewrites the file after an intended change of the numerics.

#[path = "golden/runs.rs"]
mod runs;

const GOLDEN_FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/fingerprints.txt");

#[test]
fn native_runs_match_the_golden_fingerprints() {
    let actual: Vec<String> = runs::GOLDEN_RUNS
        .iter()
        .map(|(name, delta, epochs)| {
            format!("{name} {:016x}", runs::golden_fingerprint(delta, *epochs))
        })
        .collect();
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(GOLDEN_FILE, actual.join("\n") + "\n").unwrap();
    }
    let expected: Vec<String> = std::fs::read_to_string(GOLDEN_FILE)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(
        actual, expected,
        "native telemetry changed; if intended, rerun with UPDATE_GOLDEN=1"
    );
}
