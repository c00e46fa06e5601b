//! From parsed arguments to a ready trainer: the starting config (scenario, config file,
//! bundle, share link or default), then `--seed` and `--set` on top, then the data
//! (generated, CSV or bundle). Every failure becomes a one-line `CliError`.

use super::args::RunArgs;
use super::json::parse_json_exact;
use super::CliError;
use crate::bundle::Bundle;
use crate::data::csv::parse_csv;
use crate::data::dataset::{corrupt_training_set, split_custom};
use crate::data::{DataSplit, DatasetKind};
use crate::link::{self, LinkDecoded};
use crate::rng::Rng;
use crate::scenario::{catalog, Config, Scenario};
use crate::train::Trainer;
use serde::Serialize;
use std::path::Path;

/// Epochs when neither `--epochs` nor a scenario gives a budget.
pub const DEFAULT_EPOCHS: usize = 100;
/// Share of a CSV file's points held out as the test set.
pub const CSV_TEST_FRACTION: f64 = 0.25;

/// Where the points came from, for the report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DataSource {
    /// `generated`, `csv` or `bundle`.
    #[serde(rename = "source")]
    pub kind: &'static str,
    pub file: Option<String>,
}

pub struct Prepared {
    pub trainer: Trainer,
    pub epochs: usize,
    pub scenario: Option<&'static Scenario>,
    pub remedies: Vec<String>,
    pub source: DataSource,
    /// Where the starting config came from, in words, when not from a scenario.
    pub origin: String,
}

pub fn prepare(args: &RunArgs) -> Result<Prepared, CliError> {
    let linked = args.link.as_deref().map(read_link);
    let scenario = match (&args.scenario, &linked) {
        (Some(id), _) => Some(catalog::find(id).map_err(CliError::usage)?),
        (None, Some(d)) => d.selection.scenario.and_then(|id| catalog::find(id).ok()),
        (None, None) => None,
    };
    let remedies = match &linked {
        Some(d) => d.selection.remedies.iter().map(|r| r.to_string()).collect(),
        None => args.remedies.clone(),
    };
    let bundle = match &args.bundle {
        Some(path) => Some((path.as_path(), read_bundle(path)?)),
        None => None,
    };
    let (mut config, origin) = match (&bundle, &linked, scenario, &args.config) {
        (Some((_, b)), ..) => (b.config.clone(), "bundle config".to_string()),
        (None, Some(d), _, _) => (d.config.clone(), "share link".to_string()),
        (None, None, Some(s), _) => (scenario_config(s, args)?, format!("scenario {}", s.id)),
        (None, None, None, Some(path)) => {
            (read_config(path)?, format!("config {}", path.display()))
        }
        (None, None, None, None) => (Config::default(), "default config".to_string()),
    };
    if let Some(seed) = args.seed {
        config
            .set("seed", &seed.to_string())
            .map_err(CliError::usage)?;
    }
    for (key, value) in &args.sets {
        config.set(key, value).map_err(CliError::usage)?;
    }
    let (trainer, source) = match (bundle, &args.data) {
        (Some((path, b)), _) => (
            bundle_trainer(&config, path, b)?,
            source("bundle", Some(path)),
        ),
        (None, Some(path)) => (csv_trainer(&mut config, path)?, source("csv", Some(path))),
        (None, None) => (generated_trainer(&config)?, source("generated", None)),
    };
    Ok(Prepared {
        trainer,
        epochs: args
            .epochs
            .unwrap_or(scenario.map_or(DEFAULT_EPOCHS, |s| s.epochs)),
        scenario,
        remedies,
        source,
        origin,
    })
}

/// A share link, read as the page reads it. What it could not use goes to stderr as
/// warnings (never to stdout, where a `--json` document goes), and the run goes ahead with
/// the rest: a link is shared input, and its reader cannot fix it.
fn read_link(text: &str) -> LinkDecoded {
    let decoded = link::decode(text);
    for notice in &decoded.notices {
        eprintln!("warning: {notice}");
    }
    decoded
}

/// The bundle was checked against its own config, so only a `--set` can break the fit.
fn bundle_trainer(config: &Config, path: &Path, bundle: Bundle) -> Result<Trainer, CliError> {
    Trainer::with_data(config, bundle.data, Some(bundle.init)).map_err(|e| {
        CliError::usage(format!(
            "bundle {} does not fit the config after --set: {e}",
            path.display()
        ))
    })
}

fn source(kind: &'static str, file: Option<&Path>) -> DataSource {
    DataSource {
        kind,
        file: file.map(|p| p.display().to_string()),
    }
}

/// The scenario's failure with the remedies on top; the seed is needed up front because a
/// scenario's config is built for one seed.
fn scenario_config(scenario: &Scenario, args: &RunArgs) -> Result<Config, CliError> {
    let remedies: Vec<&str> = args.remedies.iter().map(String::as_str).collect();
    let seed = args.seed.unwrap_or(Config::default().seed);
    scenario.config(&remedies, seed).map_err(CliError::usage)
}

/// Largest CSV or bundle file read, checked before reading: the largest a bundle of
/// `MAX_BUNDLE_POINTS` points with a big network comes to is a few MB.
pub const MAX_INPUT_FILE_BYTES: u64 = 16 * 1024 * 1024;

fn read_file(what: &str, path: &Path) -> Result<String, CliError> {
    let cannot =
        |e: std::io::Error| CliError::input(format!("cannot read {what} {}: {e}", path.display()));
    let size = std::fs::metadata(path).map_err(cannot)?.len();
    if size > MAX_INPUT_FILE_BYTES {
        return Err(CliError::input(format!(
            "{what} {} is {size} bytes; at most {MAX_INPUT_FILE_BYTES} are read",
            path.display()
        )));
    }
    std::fs::read_to_string(path).map_err(cannot)
}

fn read_bundle(path: &Path) -> Result<Bundle, CliError> {
    let text = read_file("bundle", path)?;
    Bundle::from_json(&text).map_err(|e| CliError::input(format!("bundle {}: {e}", path.display())))
}

/// A config file: JSON with any subset of the fields (the rest take their defaults).
fn read_config(path: &Path) -> Result<Config, CliError> {
    let text = read_file("config", path)?;
    let fail = |e: String| CliError::input(format!("config {}: {e}", path.display()));
    let tree = parse_json_exact(&text).map_err(fail)?;
    let config: Config = serde_json::from_value(tree).map_err(|e| fail(e.to_string()))?;
    config.validate().map_err(|e| fail(e.to_string()))?;
    Ok(config)
}

fn generated_trainer(config: &Config) -> Result<Trainer, CliError> {
    if config.data.dataset == DatasetKind::Custom {
        return Err(CliError::usage(
            "data.dataset custom needs points: give --data FILE.csv or --bundle FILE.json",
        ));
    }
    Trainer::new(config).map_err(|e| CliError::usage(e.to_string()))
}

/// User points, split with the run's data stream. The training-set bugs and resampling of
/// the config apply to them as to generated data, so a scenario shows on the user's points.
fn csv_trainer(config: &mut Config, path: &Path) -> Result<Trainer, CliError> {
    let text = read_file("data", path)?;
    let points =
        parse_csv(&text).map_err(|e| CliError::input(format!("data {}: {e}", path.display())))?;
    config.data.dataset = DatasetKind::Custom;
    let mut rng = Rng::stream(config.seed, Rng::STREAM_TRAIN_DATA);
    let split = split_custom(&points, CSV_TEST_FRACTION, &mut rng);
    let data = DataSplit {
        train: corrupt_training_set(&config.data, split.train, &mut rng),
        test: split.test,
    };
    Trainer::with_data(config, data, None).map_err(|e| CliError::usage(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::ErrorKind;

    fn args(scenario: Option<&str>, epochs: Option<usize>) -> RunArgs {
        RunArgs {
            scenario: scenario.map(String::from),
            epochs,
            ..Default::default()
        }
    }

    #[test]
    fn epochs_come_from_the_flag_then_the_scenario_then_the_default() {
        let budget = catalog::find("lr-too-low").unwrap().epochs;
        assert_eq!(
            prepare(&args(Some("lr-too-low"), Some(3))).unwrap().epochs,
            3
        );
        assert_eq!(
            prepare(&args(Some("lr-too-low"), None)).unwrap().epochs,
            budget
        );
        assert_eq!(prepare(&args(None, None)).unwrap().epochs, DEFAULT_EPOCHS);
    }

    #[test]
    fn seed_and_settings_apply_on_top_of_the_scenario() {
        let mut a = args(Some("lr-too-high"), None);
        a.remedies = vec!["adam".into()];
        a.seed = Some(9);
        a.sets = vec![("train.learning_rate".into(), "0.002".into())];
        let p = prepare(&a).unwrap();
        let config = p.trainer.config();
        assert_eq!((config.seed, config.train.learning_rate), (9, 0.002));
        assert_eq!(config.train.optimizer, crate::train::Optimizer::Adam);
        assert_eq!(
            (p.origin.as_str(), p.source.kind),
            ("scenario lr-too-high", "generated")
        );
    }

    #[test]
    fn a_link_gives_scenario_remedies_settings_and_seed() {
        let a = RunArgs {
            link: Some("https://x.org/?v=1&s=lr-too-high&r=adam&seed=9&l2=0.01".into()),
            ..Default::default()
        };
        let p = prepare(&a).unwrap();
        let config = p.trainer.config();
        assert_eq!((config.seed, config.train.l2), (9, 0.01));
        assert_eq!(config.train.optimizer, crate::train::Optimizer::Adam);
        assert_eq!(p.scenario.map(|s| s.id), Some("lr-too-high"));
        assert_eq!(p.remedies, ["adam"]);
        assert_eq!(p.epochs, catalog::find("lr-too-high").unwrap().epochs);
    }

    #[test]
    fn unknown_ids_and_pointless_custom_data_are_usage_errors() {
        let err = |a: &RunArgs| prepare(a).err().unwrap();
        assert_eq!(err(&args(Some("nope"), None)).kind, ErrorKind::Usage);
        let mut a = args(None, None);
        a.sets = vec![("data.dataset".into(), "custom".into())];
        assert!(err(&a).message.contains("needs points"));
        a.bundle = Some("/nonexistent/bundle.json".into());
        assert_eq!(err(&a).kind, ErrorKind::Input);
    }
}
