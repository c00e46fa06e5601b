//! In a real browser (headless Chromium via wasm-bindgen-test), the trainer compiled to wasm
//! reproduces the native golden fingerprints bit for bit.
#![cfg(target_arch = "wasm32")]

#[path = "golden/runs.rs"]
mod runs;

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const GOLDEN: &str = include_str!("golden/fingerprints.txt");

#[wasm_bindgen_test]
fn wasm_runs_match_the_native_golden_fingerprints() {
    let expected: Vec<&str> = GOLDEN.lines().collect();
    assert_eq!(expected.len(), runs::GOLDEN_RUNS.len());
    for ((name, delta, epochs), line) in runs::GOLDEN_RUNS.iter().zip(expected) {
        let actual = format!("{name} {:016x}", runs::golden_fingerprint(delta, *epochs));
        assert_eq!(
            actual, line,
            "wasm telemetry differs from native for {name}"
        );
    }
}
