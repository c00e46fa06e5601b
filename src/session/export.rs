//! What the page offers for download: the run's history as CSV or JSON, and the run bundle.
//! Pure text building, tested natively; the worker only sends the result.
//!
//! Numbers are written in shortest round-trip form, the way serde_json writes them
//! (`0.1`, `1.0`, `1e-7`, `2.5e+30`): reading one back with a correctly rounded parser
//! gives the very same f64. The JSON document's epoch objects are written exactly as the
//! epoch rows of `nnlab run --json` (same names, same order, same number text, and `null`
//! for a non-finite number, which JSON cannot hold), so the two compare epoch by epoch.
//! CSV can hold non-finite numbers, so there they are written `NaN`, `inf` and `-inf`,
//! which Rust's, Python's and most spreadsheets' number parsers read back.

use super::records::EpochRecord;
use super::Session;
use crate::bundle::Bundle;
use crate::cli::json::{json_line, json_lines, json_object};
use crate::scenario::Config;
use crate::train::Status;
use crate::web::protocol::ExportKind;

/// The CSV header, and the field names of each epoch object in the JSON document.
pub const HISTORY_COLUMNS: [&str; 8] = [
    "epoch",
    "learning_rate",
    "train_loss",
    "test_loss",
    "train_accuracy",
    "test_accuracy",
    "test_precision",
    "test_recall",
];

/// A file for the page to offer for download.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportFile {
    pub filename: String,
    pub text: String,
}

/// The file of the given kind for the session's run so far. `scenario` is the catalog id
/// the run started from, if any.
pub fn export(session: &Session, scenario: Option<&str>, kind: ExportKind) -> ExportFile {
    let thinned = session.records_thinned_before();
    let text = match kind {
        ExportKind::HistoryCsv => match thinned {
            None => history_csv(session.records()),
            Some(from) => format!("{}\n{}", thinned_note(from), history_csv(session.records())),
        },
        ExportKind::HistoryJson => history_json(
            session.config(),
            scenario,
            session.records(),
            &session.status(),
            &EpochRecord::from(session.latest()),
            thinned,
        ),
        ExportKind::Bundle => Bundle::from_trainer(session.trainer()).to_json(),
    };
    ExportFile {
        filename: filename(scenario, session.config().seed, kind),
        text,
    }
}

/// `nnlab-<scenario id or custom>-seed<seed>-history.csv`, `...-history.json` or
/// `...-bundle.json`.
pub fn filename(scenario: Option<&str>, seed: u64, kind: ExportKind) -> String {
    let id: String = scenario
        .unwrap_or("custom")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .collect();
    let id = if id.is_empty() { "custom" } else { &id };
    let suffix = match kind {
        ExportKind::HistoryCsv => "history.csv",
        ExportKind::HistoryJson => "history.json",
        ExportKind::Bundle => "bundle.json",
    };
    format!("nnlab-{id}-seed{seed}-{suffix}")
}

/// What a thinned history says of itself: a CSV comment line (spreadsheets and
/// `pandas.read_csv(comment="#")` skip it).
pub fn thinned_note(from: usize) -> String {
    format!(
        "# epochs before {from} are thinned (this run is longer than {} epochs); every epoch \
         from {from} on is here",
        super::records::RECORD_CAP
    )
}

/// A CSV number: the JSON text for a finite value, else `NaN`, `inf` or `-inf`.
fn csv_number(v: f64) -> String {
    if v.is_finite() {
        json_line(&v)
    } else if v.is_nan() {
        "NaN".to_string()
    } else if v > 0.0 {
        "inf".to_string()
    } else {
        "-inf".to_string()
    }
}

/// The header line, then one line per epoch; every line ends with `\n`.
pub fn history_csv(records: &[EpochRecord]) -> String {
    let mut out = String::with_capacity(64 + records.len() * 160);
    out.push_str(&HISTORY_COLUMNS.join(","));
    out.push('\n');
    for r in records {
        out.push_str(&r.epoch.to_string());
        for v in r.values() {
            out.push(',');
            out.push_str(&csv_number(v));
        }
        out.push('\n');
    }
    out
}

/// `{"config": {...}, "scenario": "id" or null, "epochs": [{...}, ...], "status": "...",
/// "final": {...}}`, one line per top-level field and per epoch, like the `nnlab run
/// --json` document. `final` is the model as the run left it: after early stopping, the
/// restored best epoch's, not the last epoch's. `thinned_before` is null, or the epoch
/// before which a run longer than `RECORD_CAP` epochs keeps only some epochs.
pub fn history_json(
    config: &Config,
    scenario: Option<&str>,
    records: &[EpochRecord],
    status: &Status,
    final_model: &EpochRecord,
    thinned_before: Option<usize>,
) -> String {
    json_object(&[
        ("config", json_line(config)),
        ("scenario", json_line(&scenario)),
        ("epochs", json_lines(records)),
        ("status", json_line(status.name())),
        ("final", json_line(final_model)),
        ("thinned_before", json_line(&thinned_before)),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::json::parse_json_exact;
    use crate::cli::report::EpochRow;
    use crate::scenario::catalog;
    use crate::train::{EpochStats, Trainer};
    use serde_json::Value;

    const EPOCHS: usize = 25;

    /// A session trained `epochs` epochs (fewer if training stops) in uneven pieces, as
    /// the worker trains.
    fn session(config: &Config, epochs: usize) -> Session {
        let mut s = Session::new(config).unwrap();
        s.set_until(Some(epochs));
        for n in [1, 7, 2, epochs] {
            s.train(n);
        }
        s
    }

    fn last(s: &Session) -> EpochRecord {
        EpochRecord::from(s.latest())
    }

    /// What a fresh trainer reports: the untrained network (epoch 0), then each epoch.
    fn fresh(config: &Config, epochs: usize) -> Vec<EpochStats> {
        let mut trainer = Trainer::new(config).unwrap();
        let mut all = vec![trainer.evaluate()];
        all.extend(trainer.step(epochs).epochs);
        all
    }

    #[test]
    fn csv_has_the_header_and_one_row_per_epoch_that_reads_back_exactly() {
        let config = Config::default();
        let s = session(&config, EPOCHS);
        let text = history_csv(s.records());
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "epoch,learning_rate,train_loss,test_loss,train_accuracy,test_accuracy,test_precision,test_recall"
        );
        assert_eq!(
            lines.len(),
            1 + EPOCHS + 1,
            "the header, epoch 0, then every epoch"
        );
        assert!(lines[1].starts_with("0,"));
        for (line, stats) in lines[1..].iter().zip(fresh(&config, EPOCHS)) {
            let cells: Vec<&str> = line.split(',').collect();
            assert_eq!(cells.len(), HISTORY_COLUMNS.len());
            assert_eq!(cells[0].parse::<usize>().unwrap(), stats.epoch);
            let got: Vec<u64> = cells[1..]
                .iter()
                .map(|c| c.parse::<f64>().unwrap().to_bits())
                .collect();
            let want: Vec<u64> = EpochRecord::from(&stats)
                .values()
                .iter()
                .map(|v| v.to_bits())
                .collect();
            assert_eq!(got, want, "{line}");
        }
    }

    #[test]
    fn csv_writes_non_finite_numbers_as_nan_and_inf() {
        let r = EpochRecord {
            epoch: 3,
            learning_rate: 0.1,
            train_loss: f64::NAN,
            test_loss: f64::INFINITY,
            train_accuracy: f64::NEG_INFINITY,
            test_accuracy: 1.0,
            test_precision: 1e-7,
            test_recall: 2.5e30,
        };
        let text = history_csv(&[r]);
        assert_eq!(
            text.lines().nth(1).unwrap(),
            "3,0.1,NaN,inf,-inf,1.0,1e-7,2.5e+30"
        );
        let back: Vec<f64> = text
            .lines()
            .nth(1)
            .unwrap()
            .split(',')
            .skip(1)
            .map(|c| c.parse().unwrap())
            .collect();
        assert!(back[1].is_nan() && back[2] == f64::INFINITY && back[3] == f64::NEG_INFINITY);
    }

    #[test]
    fn json_epochs_equal_a_fresh_trainers_telemetry_bit_for_bit() {
        let scenario = catalog::find("lr-too-low").unwrap();
        let config = scenario.config(&[], 3).unwrap();
        let s = session(&config, EPOCHS);
        let text = history_json(
            s.config(),
            Some(scenario.id),
            s.records(),
            &s.status(),
            &last(&s),
            None,
        );
        let doc = parse_json_exact(&text).unwrap();
        assert_eq!(doc["scenario"], "lr-too-low");
        assert_eq!(doc["status"], "running");
        assert_eq!(
            doc["thinned_before"],
            Value::Null,
            "a short run keeps every epoch"
        );
        let back: Config = serde_json::from_value(doc["config"].clone()).unwrap();
        assert_eq!(back, config);
        let epochs = doc["epochs"].as_array().unwrap();
        let stats = fresh(&config, EPOCHS);
        assert_eq!((epochs.len(), stats.len()), (EPOCHS + 1, EPOCHS + 1));
        assert_eq!(epochs[0]["epoch"], 0);
        for (row, st) in epochs.iter().zip(&stats) {
            let keys: Vec<&str> = row
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            let mut want_keys = HISTORY_COLUMNS.to_vec();
            want_keys.sort_unstable();
            assert_eq!(keys, want_keys);
            assert_eq!(row["epoch"].as_u64(), Some(st.epoch as u64));
            let got: Vec<u64> = HISTORY_COLUMNS[1..]
                .iter()
                .map(|k| row[*k].as_f64().unwrap().to_bits())
                .collect();
            let want: Vec<u64> = EpochRecord::from(st)
                .values()
                .iter()
                .map(|v| v.to_bits())
                .collect();
            assert_eq!(got, want, "epoch {}", st.epoch);
        }
    }

    /// The export's epoch objects are the CLI's `run --json` rows without `test_f1` and
    /// `layers`: same names, same number text.
    #[test]
    fn json_epochs_are_the_cli_rows_text_for_text() {
        let config = Config::default();
        let s = session(&config, EPOCHS);
        let text = history_json(&config, None, s.records(), &s.status(), &last(&s), None);
        let doc: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(doc["scenario"], Value::Null);
        let lines: Vec<&str> = text.lines().collect();
        let first = lines
            .iter()
            .position(|l| l.starts_with("\"epochs\""))
            .unwrap()
            + 1;
        for (i, st) in fresh(&config, EPOCHS).iter().enumerate() {
            let mut cli = serde_json::to_value(EpochRow::new(st)).unwrap();
            let cli = cli.as_object_mut().unwrap();
            cli.remove("test_f1");
            cli.remove("layers");
            let row = lines[first + i].trim_end_matches(',');
            // Same text, field by field (the CLI's value is an exact f64 here).
            let ours: serde_json::Map<String, Value> = serde_json::from_str(row).unwrap();
            assert_eq!(ours.len(), cli.len(), "{row}");
            for (k, v) in cli.iter() {
                let field = format!("\"{k}\":{}", json_line(v));
                assert!(
                    row.contains(&field),
                    "epoch {}: {field} not in {row}",
                    st.epoch
                );
            }
        }
    }

    #[test]
    fn a_diverged_run_exports_its_epochs_before_the_divergence() {
        // lr-too-high's failure at a rate where the loss blows up in epoch 2 (seed 1):
        // one epoch to export.
        let mut config = Config::default();
        for (key, value) in [
            ("data.dataset", "gauss"),
            ("model.hidden_layers", "32,32,32"),
            ("model.activation", "elu"),
            ("model.weight_init", "he"),
            ("train.learning_rate", "3.5"),
            ("seed", "1"),
        ] {
            config.set(key, value).unwrap();
        }
        let s = session(&config, 200);
        assert_eq!(s.status().name(), "diverged");
        let stats = fresh(&config, 200);
        let doc = parse_json_exact(&history_json(
            &config,
            None,
            s.records(),
            &s.status(),
            &last(&s),
            None,
        ))
        .unwrap();
        assert_eq!(doc["status"], "diverged");
        assert_eq!(stats.len(), 2, "epoch 0 and epoch 1");
        assert_eq!(doc["epochs"].as_array().unwrap().len(), 2);
        assert_eq!(
            doc["epochs"][1]["train_loss"].as_f64(),
            Some(stats[1].train.loss)
        );
        let csv = history_csv(s.records());
        assert_eq!(csv.lines().count(), stats.len() + 1);
    }

    #[test]
    fn non_finite_numbers_are_null_in_json_as_in_the_cli() {
        let r = EpochRecord {
            train_loss: f64::NAN,
            test_loss: f64::INFINITY,
            ..EpochRecord::default()
        };
        let text = history_json(&Config::default(), None, &[r], &Status::Running, &r, None);
        let doc = parse_json_exact(&text).unwrap();
        assert_eq!(doc["epochs"][0]["train_loss"], Value::Null);
        assert_eq!(doc["epochs"][0]["test_loss"], Value::Null);
    }

    #[test]
    fn the_bundle_export_replays_the_sessions_losses() {
        let scenario = catalog::find("sigmoid-stack").unwrap();
        let config = scenario.config(&[], 2).unwrap();
        let s = session(&config, EPOCHS);
        let file = export(&s, Some(scenario.id), ExportKind::Bundle);
        assert_eq!(file.filename, "nnlab-sigmoid-stack-seed2-bundle.json");
        let bundle = Bundle::from_json(&file.text).unwrap();
        let mut replay =
            Trainer::with_data(&bundle.config, bundle.data, Some(bundle.init)).unwrap();
        let mut epochs = vec![replay.evaluate()];
        epochs.extend(replay.step(EPOCHS).epochs);
        assert_eq!(epochs.len(), s.records().len());
        for (e, r) in epochs.iter().zip(s.records()) {
            assert_eq!(e.epoch, r.epoch);
            assert_eq!(
                e.train.loss.to_bits(),
                r.train_loss.to_bits(),
                "epoch {}",
                r.epoch
            );
            assert_eq!(
                e.test.loss.to_bits(),
                r.test_loss.to_bits(),
                "epoch {}",
                r.epoch
            );
        }
    }

    #[test]
    fn after_early_stopping_the_json_final_is_the_restored_model() {
        let scenario = catalog::find("noisy-labels").unwrap();
        let config = scenario.config(&["early-stop"], 1).unwrap();
        let s = session(&config, scenario.epochs);
        let Status::StoppedEarly { best_epoch } = s.status() else {
            panic!("stops early");
        };
        let file = export(&s, Some(scenario.id), ExportKind::HistoryJson);
        let doc = parse_json_exact(&file.text).unwrap();
        let last = doc["epochs"].as_array().unwrap().last().unwrap().clone();
        assert!(last["epoch"].as_u64().unwrap() > best_epoch as u64);
        assert_eq!(
            doc["final"]["test_loss"].as_f64(),
            Some(s.latest().test.loss)
        );
        assert_ne!(doc["final"]["test_loss"], last["test_loss"]);
    }

    #[test]
    fn a_thinned_history_says_so_in_both_files() {
        let r = EpochRecord::default();
        let json = history_json(
            &Config::default(),
            None,
            &[r],
            &Status::Running,
            &r,
            Some(50_001),
        );
        assert_eq!(parse_json_exact(&json).unwrap()["thinned_before"], 50_001);
        let note = thinned_note(50_001);
        assert!(note.starts_with("# ") && note.contains("every epoch from 50001 on"));
    }

    #[test]
    fn filenames_name_the_scenario_and_seed() {
        assert_eq!(
            filename(Some("lr-too-high"), 7, ExportKind::HistoryCsv),
            "nnlab-lr-too-high-seed7-history.csv"
        );
        assert_eq!(
            filename(None, 1, ExportKind::HistoryJson),
            "nnlab-custom-seed1-history.json"
        );
        assert_eq!(
            filename(Some("../x y"), 1, ExportKind::Bundle),
            "nnlab-xy-seed1-bundle.json"
        );
        let s = session(&Config::default(), 3);
        let csv = export(&s, None, ExportKind::HistoryCsv);
        assert_eq!(
            csv.filename,
            format!("nnlab-custom-seed{}-history.csv", s.config().seed)
        );
        assert_eq!(csv.text.lines().count(), 5);
        let json = export(&s, None, ExportKind::HistoryJson);
        assert_eq!(
            parse_json_exact(&json.text).unwrap()["epochs"]
                .as_array()
                .unwrap()
                .len(),
            4
        );
    }
}
