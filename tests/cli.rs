//! The real `nnlab` binary: listing, the JSON document's shape, bundle replay, CSV data, and
//! a one-line error with a non-zero exit for each kind of bad input.

use serde_json::Value;
use std::path::{Path, PathBuf};

mod common;
use common::nnlab;

fn ok(args: &[&str]) -> String {
    let out = nnlab(args);
    assert_eq!(out.code, 0, "nnlab {args:?} failed: {}", out.stderr);
    assert!(out.stderr.is_empty(), "stderr: {}", out.stderr);
    out.stdout
}

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&ok(args)).expect("one JSON document")
}

/// A fresh directory for one test's files.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nnlab-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    k.sort_unstable();
    k
}

/// The `"epochs": [...]` block of a `run --json` document, as text: equal text means
/// bit-identical numbers, since each float prints in its one shortest round-trip form.
fn epochs_text(doc: &str) -> &str {
    let start = doc.find("\"epochs\": [").expect("an epochs field");
    let end = start + doc[start..].find("\n]").expect("the end of epochs");
    &doc[start..end]
}

#[test]
fn help_prints_the_usage() {
    let text = ok(&["--help"]);
    assert!(text.contains("Usage:") && text.contains("--export FILE"));
    assert!(text.contains("nnlab render --out DIR") && text.contains("boundary.svg"));
    assert_eq!(ok(&["run", "--help"]), text);
    assert_eq!(ok(&["render", "--help"]), text);
}

#[test]
fn list_names_every_scenario_and_remedy() {
    let text = ok(&["list"]);
    for s in nnlab::scenario::catalog::all() {
        assert!(text.contains(&format!("{}: {}", s.id, s.title)), "{}", s.id);
        for r in s.remedies {
            assert!(text.contains(r.why), "{}/{}", s.id, r.id);
        }
    }
    let listed = json(&["list", "--json"]);
    assert_eq!(
        listed.as_array().unwrap().len(),
        nnlab::scenario::catalog::all().len()
    );
    assert_eq!(keys(&listed[0]["remedies"][0]), ["id", "label", "why"]);
}

#[test]
fn run_json_has_the_documented_shape() {
    let doc = json(&[
        "run",
        "--scenario",
        "sigmoid-stack",
        "--remedy",
        "relu",
        "--epochs",
        "3",
        "--json",
    ]);
    assert_eq!(
        keys(&doc),
        ["config", "data", "epochs", "scenario", "status", "summary"]
    );
    assert_eq!(doc["config"]["model"]["activation"], "relu");
    let epochs = doc["epochs"].as_array().unwrap();
    assert_eq!(
        epochs.len(),
        4,
        "epoch 0, the untrained network, then 3 epochs"
    );
    let layers = doc["config"]["model"]["hidden_layers"]
        .as_array()
        .unwrap()
        .len()
        + 1;
    for (i, e) in epochs.iter().enumerate() {
        assert_eq!(e["epoch"], i);
        for k in [
            "train_loss",
            "test_loss",
            "train_accuracy",
            "test_accuracy",
            "test_precision",
            "test_recall",
        ] {
            assert!(e[k].is_f64(), "{k}");
        }
        assert_eq!(e["layers"].as_array().unwrap().len(), layers);
        for k in [
            "weight_norm",
            "preact_mean",
            "preact_std",
            "saturated_fraction",
            "dead_fraction",
        ] {
            assert!(e["layers"][0][k].is_f64(), "{k}");
        }
        // Gradients and updates are measured by a step, which epoch 0 has not taken.
        for k in ["grad_norm", "update_ratio"] {
            assert_eq!(e["layers"][0][k].is_f64(), i > 0, "epoch {i} {k}");
        }
    }
    assert_eq!(doc["status"], "running");
    let summary = &doc["summary"];
    assert_eq!(summary["epochs_run"], 3);
    assert!(summary["final"]["test_accuracy"].is_f64());
    assert_eq!(
        summary["symptom"]["expected"]["kind"],
        "vanishing-gradients"
    );
    assert!(summary["symptom"]["shows"].is_boolean());
}

#[test]
fn epochs_default_to_the_scenario_budget() {
    let scenario = nnlab::scenario::catalog::find("lr-too-high").unwrap();
    let doc = json(&[
        "run",
        "--scenario",
        "lr-too-high",
        "--set",
        "train.learning_rate=0.1",
        "--json",
    ]);
    assert_eq!(doc["epochs"].as_array().unwrap().len(), scenario.epochs + 1);
}

#[test]
fn zero_epochs_report_the_untrained_network() {
    let doc = json(&["run", "--scenario", "zero-init", "--epochs", "0", "--json"]);
    let epochs = doc["epochs"].as_array().unwrap();
    assert_eq!(epochs.len(), 1);
    // Balanced classes and an untrained network: cross-entropy of about ln 2.
    let loss = epochs[0]["train_loss"].as_f64().unwrap();
    assert!((loss - std::f64::consts::LN_2).abs() < 0.05, "{loss}");
    assert_eq!(doc["summary"]["epochs_run"], 0);
}

#[test]
fn run_table_has_rows_status_and_symptom() {
    let text = ok(&["run", "--scenario", "sigmoid-stack", "--epochs", "4"]);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("scenario sigmoid-stack"));
    assert!(lines[1].contains("train loss") && lines[1].contains("grad norm"));
    assert!(lines[2].trim_start().starts_with("0 "), "epoch 0 first");
    assert!(lines[6].trim_start().starts_with('4'));
    assert!(lines[7].starts_with("status: running"));
    assert!(text.contains("symptom (vanishing-gradients):"));
}

#[test]
fn an_exported_bundle_replays_bit_for_bit() {
    let dir = scratch("replay");
    let runs: [&[&str]; 3] = [
        &[
            "--scenario",
            "tiny-dataset",
            "--remedy",
            "dropout",
            "--remedy",
            "augment",
        ],
        &[
            "--scenario",
            "class-imbalance",
            "--remedy",
            "resample",
            "--set",
            "data.label_noise=0.2",
        ],
        &[
            "--scenario",
            "sigmoid-stack",
            "--remedy",
            "batch-norm",
            "--seed",
            "7",
        ],
    ];
    for (i, run) in runs.iter().enumerate() {
        let bundle = dir.join(format!("run{i}.json")).display().to_string();
        let mut first = vec!["run", "--epochs", "6", "--json", "--export", &bundle];
        first.extend_from_slice(run);
        let original = ok(&first);
        let replay = ok(&["run", "--bundle", &bundle, "--epochs", "6", "--json"]);
        assert_eq!(epochs_text(&original), epochs_text(&replay), "{run:?}");
        let (a, b): (Value, Value) = (
            serde_json::from_str(&original).unwrap(),
            serde_json::from_str(&replay).unwrap(),
        );
        assert_eq!(a["config"], b["config"]);
        assert_eq!(a["summary"]["final"], b["summary"]["final"]);
        assert_eq!(b["data"]["source"], "bundle");
    }
}

#[test]
fn a_bundle_has_the_documented_layout() {
    let dir = scratch("layout");
    let path = dir.join("b.json").display().to_string();
    ok(&[
        "run",
        "--epochs",
        "1",
        "--set",
        "data.train_size=10",
        "--set",
        "model.hidden_layers=3",
        "--export",
        &path,
    ]);
    let bundle: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(
        keys(&bundle),
        ["config", "init", "test", "train", "version"]
    );
    assert_eq!(bundle["version"], 1);
    assert_eq!(bundle["train"].as_array().unwrap().len(), 10);
    let label = &bundle["train"][0][2];
    assert!(label == 0 || label == 1);
    let init = bundle["init"].as_array().unwrap();
    assert_eq!(init.len(), 2);
    assert_eq!(
        init[0]["weights"].as_array().unwrap().len(),
        3,
        "rows are units"
    );
    assert_eq!(
        init[0]["weights"][0].as_array().unwrap().len(),
        2,
        "columns are inputs"
    );
    assert_eq!(init[1]["biases"].as_array().unwrap().len(), 1);
}

#[test]
fn a_config_file_starts_the_run_and_a_printed_config_reproduces_it() {
    let dir = scratch("config");
    let file = write(
        &dir,
        "c.json",
        r#"{"seed": 4, "train": {"learning_rate": 0.05}}"#,
    );
    let first = ok(&["run", "--config", &file, "--epochs", "3", "--json"]);
    let doc: Value = serde_json::from_str(&first).unwrap();
    assert_eq!(doc["config"]["train"]["learning_rate"], 0.05);
    let printed = write(&dir, "printed.json", &doc["config"].to_string());
    let again = ok(&["run", "--config", &printed, "--epochs", "3", "--json"]);
    assert_eq!(epochs_text(&first), epochs_text(&again));
}

#[test]
fn a_csv_file_is_split_and_trained_on() {
    let dir = scratch("csv");
    let mut csv = String::from("x,y,label\n");
    for i in 0..40 {
        let (x, y) = ((i % 8) as f64 - 3.5, (i / 8) as f64 - 2.0);
        csv += &format!("{x},{y},{}\n", u8::from(x * x + y * y < 6.0));
    }
    let file = write(&dir, "points.csv", &csv);
    let doc = json(&["run", "--data", &file, "--epochs", "5", "--json"]);
    assert_eq!(doc["config"]["data"]["dataset"], "custom");
    assert_eq!(doc["data"]["source"], "csv");
    assert_eq!(doc["data"]["test_points"], 10);
    assert_eq!(doc["data"]["train_points"], 30);
    assert_eq!(doc["epochs"].as_array().unwrap().len(), 6);
}

#[test]
fn bad_input_gives_one_line_error_and_nonzero_exit() {
    let dir = scratch("bad");
    let good = dir.join("good.json").display().to_string();
    ok(&[
        "run",
        "--epochs",
        "1",
        "--set",
        "data.train_size=8",
        "--export",
        &good,
    ]);
    let text = std::fs::read_to_string(&good).unwrap();
    let mut tree: Value = serde_json::from_str(&text).unwrap();
    tree["version"] = 2.into();
    let v2 = write(&dir, "v2.json", &tree.to_string());
    tree["version"] = 1.into();
    tree["init"][0]["weights"][1] = serde_json::json!([1.0]);
    let ragged = write(&dir, "ragged.json", &tree.to_string());
    let truncated = write(&dir, "truncated.json", &text[..text.len() / 2]);
    let bad_csv = write(&dir, "bad.csv", "1,2,1\n3,oops,0\n");
    let missing = dir.join("missing.json").display().to_string();
    let cases: Vec<(Vec<&str>, &str, i32)> = vec![
        (vec![], "no command", 2),
        (
            vec!["run", "--scenario", "nope"],
            "unknown scenario 'nope'",
            2,
        ),
        (
            vec!["run", "--scenario", "lr-too-high", "--remedy", "nope"],
            "has no remedy 'nope'",
            2,
        ),
        (
            vec!["run", "--set", "train.learning_rate=-3"],
            "train.learning_rate must be in (0, 10], got -3",
            2,
        ),
        (
            vec!["run", "--set", "train.speed=3"],
            "unknown setting 'train.speed'",
            2,
        ),
        (
            vec!["run", "--frobnicate"],
            "unknown option '--frobnicate'",
            2,
        ),
        (vec!["run", "--epochs"], "--epochs needs a value", 2),
        (
            vec!["run", "--epochs", "many"],
            "--epochs must be a whole number, got 'many'",
            2,
        ),
        (
            vec!["run", "--epochs", "1000000"],
            "--epochs must be in 0..=5000",
            2,
        ),
        (vec!["run", "--seed", "99999999999"], "seed must be in", 2),
        (vec!["run", "--bundle", &missing], "cannot read bundle", 1),
        (vec!["run", "--bundle", &truncated], "EOF while parsing", 1),
        (vec!["run", "--bundle", &v2], "version must be 1, got 2", 1),
        (
            vec!["run", "--bundle", &ragged],
            "init[0].weights row 1 must hold 2 inputs, got 1",
            1,
        ),
        (
            vec!["run", "--bundle", &good, "--set", "model.hidden_layers=2"],
            "does not fit",
            2,
        ),
        (
            vec!["run", "--data", &bad_csv],
            "CSV line 2: y must be a finite number, got 'oops'",
            1,
        ),
        (vec!["run", "--data", &missing], "cannot read data", 1),
        (vec!["run", "--config", &bad_csv], "config", 1),
    ];
    for (args, want, code) in cases {
        let out = nnlab(&args);
        assert_eq!(out.code, code, "nnlab {args:?}: {}", out.stderr);
        assert!(
            out.stdout.is_empty(),
            "nnlab {args:?} printed: {}",
            out.stdout
        );
        assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
        let lines: Vec<&str> = out.stderr.lines().collect();
        assert_eq!(lines.len(), 1, "nnlab {args:?}: {}", out.stderr);
        assert!(
            lines[0].starts_with("error: ") && lines[0].contains(want),
            "nnlab {args:?}: got '{}', want '{want}'",
            lines[0]
        );
    }
}

#[test]
fn a_link_runs_exactly_what_the_equivalent_flags_run() {
    let cases: [(&str, &[&str]); 3] = [
        (
            "https://example.org/nnlab/?v=1&s=sigmoid-stack&r=relu,he-init&seed=7&lr=0.03",
            &[
                "--scenario",
                "sigmoid-stack",
                "--remedy",
                "relu",
                "--remedy",
                "he-init",
                "--seed",
                "7",
                "--set",
                "train.learning_rate=0.03",
            ],
        ),
        (
            "?v=4&s=class-imbalance&r=resample&lnoise=0.2&hidden=4,4",
            &[
                "--scenario",
                "class-imbalance",
                "--remedy",
                "resample",
                "--set",
                "data.label_noise=0.2",
                "--set",
                "model.hidden_layers=4,4",
            ],
        ),
        (
            "v=1&seed=3&ds=xor&bn=1&opt=adam&lr=0.01",
            &[
                "--seed",
                "3",
                "--set",
                "data.dataset=xor",
                "--set",
                "model.batch_norm=true",
                "--set",
                "train.optimizer=adam",
                "--set",
                "train.learning_rate=0.01",
            ],
        ),
    ];
    for (link, flags) in cases {
        let by_link = ok(&["run", "--link", link, "--epochs", "5", "--json"]);
        let mut args = vec!["run", "--epochs", "5", "--json"];
        args.extend_from_slice(flags);
        let by_flags = ok(&args);
        assert_eq!(epochs_text(&by_link), epochs_text(&by_flags), "{link}");
        let (a, b): (Value, Value) = (
            serde_json::from_str(&by_link).unwrap(),
            serde_json::from_str(&by_flags).unwrap(),
        );
        assert_eq!(a["config"], b["config"], "{link}");
        assert_eq!(a["scenario"], b["scenario"], "{link}");
    }
}

#[test]
fn a_link_without_epochs_uses_its_scenario_budget() {
    let doc = json(&["run", "--link", "s=zero-init&r=random-init", "--json"]);
    let budget = nnlab::scenario::catalog::find("zero-init").unwrap().epochs;
    assert_eq!(doc["epochs"].as_array().unwrap().len(), budget + 1);
    assert_eq!(doc["scenario"]["remedies"][0], "random-init");
}

#[test]
fn bad_parts_of_a_link_are_warnings_and_the_rest_runs() {
    let out = nnlab(&[
        "run",
        "--link",
        "v=1&s=zero-init&lr=abc&l2=0.01&speed=3",
        "--epochs",
        "2",
        "--json",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let warnings: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(
        warnings,
        [
            "warning: unknown link key 'speed' is ignored",
            "warning: learning rate 'abc' is not a number; using 0.1",
        ]
    );
    let doc: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(doc["config"]["train"]["l2"], 0.01);
    assert_eq!(doc["config"]["model"]["weight_init"], "zeros");
}

#[test]
fn a_link_whose_every_part_is_bad_runs_the_defaults() {
    let out = nnlab(&[
        "run",
        "--link",
        "v=9&s=nope&lr=-1&hidden=x&seed=big",
        "--epochs",
        "2",
        "--json",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr.lines().count(), 5, "{}", out.stderr);
    assert!(out.stderr.lines().all(|l| l.starts_with("warning: ")));
    assert!(out
        .stderr
        .starts_with("warning: this link was made by a newer version (v=9)"));
    let plain = ok(&["run", "--epochs", "2", "--json"]);
    assert_eq!(epochs_text(&out.stdout), epochs_text(&plain));
}

#[test]
fn a_link_with_another_starting_config_is_a_usage_error() {
    for other in [
        ["--scenario", "zero-init"],
        ["--config", "c.json"],
        ["--bundle", "b.json"],
        ["--remedy", "relu"],
    ] {
        let out = nnlab(&["run", "--link", "v=1", other[0], other[1]]);
        assert_eq!(out.code, 2, "{other:?}: {}", out.stderr);
        assert!(out.stdout.is_empty());
        assert_eq!(out.stderr.lines().count(), 1);
        assert!(
            out.stderr.starts_with(&format!(
                "error: --link and {} cannot be combined",
                other[0]
            )),
            "{}",
            out.stderr
        );
    }
}

#[test]
fn errors_quote_at_most_a_short_piece_of_a_huge_input() {
    let dir = scratch("huge");
    let config = format!(
        "{{\"data\": {{\"dataset\": \"{}\"}}}}",
        "spiral".repeat(200_000)
    );
    let bundle = write(
        &dir,
        "huge.json",
        &format!("{{\"version\":1,\"config\":{config}}}"),
    );
    let long_number = format!("{}x", "5".repeat(100_000));
    for args in [
        vec!["run", "--bundle", bundle.as_str()],
        vec![
            "run",
            "--set",
            &format!("train.learning_rate={long_number}"),
        ],
        vec!["run", "--scenario", &"x".repeat(100_000)],
    ] {
        let out = nnlab(&args);
        assert_ne!(out.code, 0);
        let line = out.stderr.trim_end();
        assert!(!line.contains('\n'), "one line");
        assert!(
            line.starts_with("error: "),
            "{}",
            &line[..line.len().min(200)]
        );
        assert!(
            line.chars().count() <= 420,
            "{} characters",
            line.chars().count()
        );
    }
}

#[test]
fn an_unwritable_stderr_still_exits_with_the_errors_status() {
    // A device that refuses every write (Linux's /dev/full), as a full disk does.
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_nnlab"))
        .args(["run", "--frobnicate"])
        .stderr(full)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(2), "a usage error, not a panic");
}

#[test]
fn an_oversized_input_file_is_refused_before_it_is_read() {
    let dir = scratch("oversized");
    let path = dir.join("commas.csv");
    let file = std::fs::File::create(&path).unwrap();
    // Sparse: the size is there without writing it.
    file.set_len(nnlab::cli::setup::MAX_INPUT_FILE_BYTES + 1)
        .unwrap();
    let shown = path.display().to_string();
    for flag in ["--data", "--bundle"] {
        let out = nnlab(&["run", flag, &shown]);
        assert_eq!(out.code, 1, "{flag}: {}", out.stderr);
        assert!(
            out.stderr.contains("at most 16777216 are read"),
            "{}",
            out.stderr
        );
    }
}
