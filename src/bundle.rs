//! Run bundles: one JSON file holding everything a run depends on — the config, the data
//! exactly as trained, and the initial weights — so anyone can replay it bit for bit.
//!
//! ```text
//! {"version": 1, "config": {...},
//!  "train": [[x, y, label], ...], "test": [[x, y, label], ...],
//!  "init": [{"weights": [[...], ...], "biases": [...], "gamma": [...], "beta": [...]}, ...]}
//! ```
//! `init` has one entry per weight layer, input side first; `weights` is units × inputs (one
//! row per unit). `gamma`/`beta` appear for batch-norm layers only and default to 1 and 0
//! when left out. Labels are 0 or 1.
//!
//! Floats are written in shortest round-trip form and read back exactly (see
//! `cli::json::parse_json_exact`), so a replay starts from the very same bits.

use crate::cli::json::{json_line, json_lines, json_object, parse_json_exact};
use crate::data::csv::MAX_CSV_ROWS;
use crate::data::{DataSplit, Dataset};
use crate::error::ConfigError;
use crate::model::{LayerParams, Mlp};
use crate::rng::Rng;
use crate::scenario::Config;
use crate::train::Trainer;
use ndarray::{Array1, Array2};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub const BUNDLE_VERSION: u64 = 1;
/// A CSV run may hold `MAX_CSV_ROWS` points, and resampling can double a training set.
pub const MAX_BUNDLE_POINTS: usize = 2 * MAX_CSV_ROWS;
/// Fewest points in a set; a training set must also pass the CSV file's rule
/// (`data::csv::check_usable`: a few points of both classes).
pub const MIN_SET_POINTS: usize = 1;

/// A validated bundle: ready for `Trainer::with_data(&config, data, Some(init))`.
#[derive(Clone, Debug, PartialEq)]
pub struct Bundle {
    pub config: Config,
    pub data: DataSplit,
    pub init: Vec<LayerParams>,
}

/// The file's top level, as written.
#[derive(Serialize)]
struct BundleFile<'a> {
    version: u64,
    config: &'a Config,
    train: Vec<(f64, f64, u8)>,
    test: Vec<(f64, f64, u8)>,
    init: Vec<LayerFile>,
}

/// One weight layer as stored in the file.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LayerFile {
    weights: Vec<Vec<f64>>,
    biases: Vec<f64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    gamma: Vec<f64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    beta: Vec<f64>,
}

/// Top-level keys, in the order they are written.
const KEYS: [&str; 5] = ["version", "config", "train", "test", "init"];

impl Bundle {
    /// What a trainer started from: its data as trained (data bugs and resampling already
    /// applied) and its initial parameters.
    pub fn from_trainer(trainer: &Trainer) -> Bundle {
        Bundle {
            config: trainer.config().clone(),
            data: trainer.data().clone(),
            init: trainer.initial_params().to_vec(),
        }
    }

    /// The file text: one line per point and per layer, so it diffs and reads well.
    pub fn to_json(&self) -> String {
        let rows = |set: &Dataset| -> Vec<(f64, f64, u8)> {
            set.points
                .iter()
                .zip(&set.labels)
                .map(|(p, &l)| (p[0], p[1], l))
                .collect()
        };
        let file = BundleFile {
            version: BUNDLE_VERSION,
            config: &self.config,
            train: rows(&self.data.train),
            test: rows(&self.data.test),
            init: self.init.iter().map(layer_file).collect(),
        };
        file.to_text()
    }

    /// Reads and validates a bundle; errors name the field and index that is wrong.
    pub fn from_json(text: &str) -> Result<Bundle, ConfigError> {
        let tree = parse_json_exact(text).map_err(|e| ConfigError::new("bundle", e))?;
        let Value::Object(mut map) = tree else {
            return Err(ConfigError::new("bundle", "must be a JSON object"));
        };
        check_version(map.get("version"))?;
        let config = read_config(take(&mut map, "config")?)?;
        let train = read_points(take(&mut map, "train")?, "train")?;
        // The same rule as a CSV file's: a few points of both classes to learn from.
        crate::data::csv::check_usable(&train).map_err(|m| ConfigError::new("train", m))?;
        let test = read_points(take(&mut map, "test")?, "test")?;
        let init = read_init(take(&mut map, "init")?, &config)?;
        map.remove("version");
        if let Some(key) = map.keys().next() {
            return Err(ConfigError::new(
                format!("bundle field '{key}'"),
                format!("is unknown (expected: {})", KEYS.join(", ")),
            ));
        }
        Ok(Bundle {
            config,
            data: DataSplit { train, test },
            init,
        })
    }
}

fn layer_file(p: &LayerParams) -> LayerFile {
    LayerFile {
        weights: p.weights.rows().into_iter().map(|r| r.to_vec()).collect(),
        biases: p.biases.to_vec(),
        gamma: p.gamma.to_vec(),
        beta: p.beta.to_vec(),
    }
}

impl BundleFile<'_> {
    /// Fields in declaration order, each array element on its own line.
    fn to_text(&self) -> String {
        let fields = [
            ("version", json_line(&self.version)),
            ("config", json_line(self.config)),
            ("train", json_lines(&self.train)),
            ("test", json_lines(&self.test)),
            ("init", json_lines(&self.init)),
        ];
        json_object(&fields)
    }
}

fn take(map: &mut Map<String, Value>, key: &str) -> Result<Value, ConfigError> {
    map.remove(key)
        .ok_or_else(|| ConfigError::new(key, "is missing from the bundle"))
}

fn check_version(version: Option<&Value>) -> Result<(), ConfigError> {
    match version {
        None => Err(ConfigError::new("version", "is missing from the bundle")),
        Some(v) if v.as_u64() == Some(BUNDLE_VERSION) => Ok(()),
        Some(v) => Err(ConfigError::new(
            "version",
            format!("must be {BUNDLE_VERSION}, got {v}"),
        )),
    }
}

/// Where `Config` has an object, the file must have one: serde reads a struct from an
/// array too, so `"config": []` would otherwise pass for the default config.
fn check_shape(value: &Value, model: &Value, at: &str) -> Result<(), ConfigError> {
    let (Value::Object(model), true) = (model, model.is_object()) else {
        return Ok(());
    };
    let Value::Object(map) = value else {
        return Err(ConfigError::new(at, "must be a JSON object"));
    };
    for (key, inner) in map {
        if let Some(m) = model.get(key) {
            check_shape(inner, m, &format!("{at}.{key}"))?;
        }
    }
    Ok(())
}

fn read_config(value: Value) -> Result<Config, ConfigError> {
    let model = serde_json::to_value(Config::default()).unwrap_or_default();
    check_shape(&value, &model, "config")?;
    let config: Config =
        serde_json::from_value(value).map_err(|e| ConfigError::new("config:", e.to_string()))?;
    config
        .validate()
        .map_err(|e| ConfigError::new(format!("config.{}", e.field), e.message))?;
    Ok(config)
}

fn read_points(value: Value, name: &str) -> Result<Dataset, ConfigError> {
    let Value::Array(rows) = value else {
        return Err(ConfigError::new(name, "must be an array of [x, y, label]"));
    };
    if rows.len() < MIN_SET_POINTS || rows.len() > MAX_BUNDLE_POINTS {
        return Err(ConfigError::new(
            name,
            format!(
                "must hold {MIN_SET_POINTS} to {MAX_BUNDLE_POINTS} points, got {}",
                rows.len()
            ),
        ));
    }
    let mut set = Dataset::default();
    for (i, row) in rows.iter().enumerate() {
        let at = || format!("{name}[{i}]");
        let numbers: Vec<f64> = match row.as_array() {
            Some(items) if items.len() == 3 => items.iter().filter_map(Value::as_f64).collect(),
            _ => Vec::new(),
        };
        let [x, y, label] = numbers[..] else {
            return Err(ConfigError::new(
                at(),
                format!("must be [x, y, label], got {row}"),
            ));
        };
        if !x.is_finite() || !y.is_finite() {
            return Err(ConfigError::new(at(), "must hold finite x and y"));
        }
        if label != 0.0 && label != 1.0 {
            return Err(ConfigError::new(
                at(),
                format!("label must be 0 or 1, got {label}"),
            ));
        }
        set.points.push([x, y]);
        set.labels.push(label as u8);
    }
    Ok(set)
}

/// Reads `init`, checking each layer against the shapes the config's model has.
fn read_init(value: Value, config: &Config) -> Result<Vec<LayerParams>, ConfigError> {
    let layers: Vec<Value> = serde_json::from_value(value)
        .map_err(|_| ConfigError::new("init", "must be an array of layer objects"))?;
    let model = Mlp::new(&config.model, config.data.features.len(), &mut Rng::new(0));
    if layers.len() != model.layers.len() {
        return Err(ConfigError::new(
            "init",
            format!(
                "must hold {} layers for this config's model, got {}",
                model.layers.len(),
                layers.len()
            ),
        ));
    }
    layers
        .into_iter()
        .zip(&model.layers)
        .enumerate()
        .map(|(l, (value, want))| read_layer(value, &want.params, &format!("init[{l}]")))
        .collect()
}

fn read_layer(value: Value, want: &LayerParams, at: &str) -> Result<LayerParams, ConfigError> {
    let file: LayerFile = serde_json::from_value(value)
        .map_err(|e| ConfigError::new(format!("{at}:"), e.to_string()))?;
    let (units, inputs) = want.weights.dim();
    let err = |field: &str, message: String| ConfigError::new(format!("{at}.{field}"), message);
    if let Some(r) = (0..file.weights.len()).find(|&r| file.weights[r].len() != inputs) {
        let got = file.weights[r].len();
        return Err(err(
            "weights",
            format!("row {r} must hold {inputs} inputs, got {got}"),
        ));
    }
    if file.weights.len() != units {
        let got = file.weights.len();
        return Err(err(
            "weights",
            format!("must have {units} rows (one per unit), got {got}"),
        ));
    }
    if file.biases.len() != units {
        return Err(err(
            "biases",
            format!("must hold {units} numbers, got {}", file.biases.len()),
        ));
    }
    let norm = want.gamma.len();
    let gamma = norm_param(file.gamma, norm, 1.0).map_err(|m| err("gamma", m))?;
    let beta = norm_param(file.beta, norm, 0.0).map_err(|m| err("beta", m))?;
    let flat: Vec<f64> = file.weights.into_iter().flatten().collect();
    let params = LayerParams {
        weights: Array2::from_shape_vec((units, inputs), flat)
            .map_err(|e| err("weights", e.to_string()))?,
        biases: Array1::from(file.biases),
        gamma,
        beta,
    };
    if !params.all_finite() {
        return Err(ConfigError::new(at, "must hold finite numbers only"));
    }
    Ok(params)
}

/// A batch-norm parameter: `len` numbers, or absent for its identity `default`.
fn norm_param(values: Vec<f64>, len: usize, default: f64) -> Result<Array1<f64>, String> {
    match (values.len(), len) {
        (0, _) => Ok(Array1::from_elem(len, default)),
        (n, 0) => Err(format!(
            "must be absent: this layer has no batch norm, got {n} numbers"
        )),
        (n, _) if n == len => Ok(Array1::from(values)),
        (n, _) => Err(format!("must hold {len} numbers, got {n}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small_config() -> Config {
        let mut config = Config::default();
        config.set("data.train_size", "6").unwrap();
        config.set("data.test_size", "4").unwrap();
        config.set("model.hidden_layers", "3").unwrap();
        config
    }

    fn small_bundle(config: &Config) -> Bundle {
        Bundle::from_trainer(&Trainer::new(config).unwrap())
    }

    /// `small_bundle`'s text with one top-level field replaced by `value`.
    fn with_field(key: &str, value: Value) -> String {
        let text = small_bundle(&small_config()).to_json();
        let mut tree = parse_json_exact(&text).unwrap();
        tree[key] = value;
        tree.to_string()
    }

    fn error(text: &str) -> String {
        Bundle::from_json(text).unwrap_err().to_string()
    }

    #[test]
    fn write_then_read_gives_the_same_bundle() {
        let mut config = small_config();
        config.set("model.batch_norm", "true").unwrap();
        let bundle = small_bundle(&config);
        assert_eq!(Bundle::from_json(&bundle.to_json()).unwrap(), bundle);
    }

    #[test]
    fn batch_norm_parameters_may_be_left_out() {
        let mut config = small_config();
        config.set("model.batch_norm", "true").unwrap();
        let text = small_bundle(&config).to_json();
        let mut tree = parse_json_exact(&text).unwrap();
        for key in ["gamma", "beta"] {
            tree["init"][0].as_object_mut().unwrap().remove(key);
        }
        let read = Bundle::from_json(&tree.to_string()).unwrap();
        assert!(read.init[0].gamma.iter().all(|&g| g == 1.0));
        assert!(read.init[0].beta.iter().all(|&b| b == 0.0));
    }

    #[test]
    fn bad_fields_are_named_with_their_index() {
        let weights =
            serde_json::json!([{"weights": [[1, 2], [3, 4], [5]], "biases": [0, 0, 0]}, {}]);
        let cases = [
            (with_field("version", 2.into()), "version must be 1, got 2"),
            (
                with_field("version", "1".into()),
                "version must be 1, got \"1\"",
            ),
            (
                with_field("extra", 1.into()),
                "bundle field 'extra' is unknown",
            ),
            (
                with_field("train", serde_json::json!([[0, 0, 1], [1, 2]])),
                "train[1] must be [x, y, label]",
            ),
            (
                with_field("test", serde_json::json!([[0, 0, 0.5]])),
                "test[0] label must be 0 or 1, got 0.5",
            ),
            (
                with_field("test", serde_json::json!([])),
                "test must hold 1 to",
            ),
            (
                with_field("train", serde_json::json!([[0, 0, 1]])),
                "train need at least 5 points, got 1",
            ),
            (
                with_field(
                    "train",
                    serde_json::json!([[0, 0, 1], [1, 0, 1], [2, 0, 1], [3, 0, 1], [4, 0, 1]]),
                ),
                "train need points of both classes",
            ),
            (
                with_field("config", serde_json::json!([])),
                "config must be a JSON object",
            ),
            (
                with_field("config", serde_json::json!({"data": []})),
                "config.data must be a JSON object",
            ),
            (
                with_field(
                    "config",
                    serde_json::json!({"train": {"learning_rate": "\u{0}0.5"}}),
                ),
                "config:",
            ),
            (
                with_field("init", serde_json::json!([])),
                "init must hold 2 layers",
            ),
            (
                with_field("init", weights),
                "init[0].weights row 2 must hold 2 inputs, got 1",
            ),
            (
                with_field("config", serde_json::json!({"sed": 1})),
                "config: unknown field `sed`",
            ),
            (
                with_field(
                    "config",
                    serde_json::json!({"train": {"learning_rate": -3}}),
                ),
                "config.train.learning_rate must be in (0, 10], got -3",
            ),
            ("[1]".to_string(), "bundle must be a JSON object"),
            ("{".to_string(), "EOF while parsing"),
        ];
        for (text, want) in cases {
            let got = error(&text);
            assert!(got.contains(want), "got '{got}', want '{want}'");
        }
    }

    #[test]
    fn layer_shapes_must_match_the_model() {
        let text = small_bundle(&small_config()).to_json();
        let mut tree = parse_json_exact(&text).unwrap();
        tree["init"][1]["biases"] = serde_json::json!([0, 0]);
        assert!(error(&tree.to_string()).contains("init[1].biases must hold 1 numbers, got 2"));
        tree["init"][1]["biases"] = serde_json::json!([0]);
        tree["init"][1]["gamma"] = serde_json::json!([1]);
        assert!(error(&tree.to_string()).contains("init[1].gamma must be absent"));
        tree["init"][0]["weights"] = serde_json::json!([[1, 2]]);
        assert!(error(&tree.to_string()).contains("init[0].weights must have 3 rows"));
    }
}
