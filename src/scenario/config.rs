//! The whole run as plain data: seed, data, model, training. One `Config` reproduces a run
//! bit for bit; `validate` is the gate every outside value passes through.

use crate::data::DataConfig;
use crate::error::ConfigError;
use crate::model::{Activation, ModelConfig};
use crate::train::{Loss, TrainConfig};
use serde::{Deserialize, Serialize};

/// Seeds stay below 2^32 so they survive a round trip through JavaScript numbers and URLs.
pub const MAX_SEED: u64 = u32::MAX as u64;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub seed: u64,
    pub data: DataConfig,
    pub model: ModelConfig,
    pub train: TrainConfig,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            seed: 1,
            data: DataConfig::default(),
            model: ModelConfig::default(),
            train: TrainConfig::default(),
        }
    }
}

impl Config {
    /// Checks every field's range and the fields' consistency with each other.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.seed > MAX_SEED {
            return Err(ConfigError::new(
                "seed",
                format!("must be in 0..={MAX_SEED}, got {}", self.seed),
            ));
        }
        self.data.validate()?;
        self.model.validate()?;
        self.train.validate()?;
        if self.train.loss == Loss::CrossEntropy
            && self.model.output_activation != Activation::Sigmoid
        {
            return Err(ConfigError::new(
                "train.loss",
                format!(
                    "cross-entropy needs a sigmoid output, got model.output_activation = {}",
                    self.model.output_activation.name()
                ),
            ));
        }
        Ok(())
    }

    /// Parses a JSON config (missing fields take their defaults) and validates it.
    pub fn from_json(text: &str) -> Result<Config, String> {
        let config: Config = serde_json::from_str(text).map_err(|e| format!("config: {e}"))?;
        config.validate().map_err(|e| e.to_string())?;
        Ok(config)
    }

    /// Sets one field by its dotted path (`train.learning_rate`, `model.hidden_layers`...)
    /// from text: JSON when it parses as JSON (`0.1`, `[8,8]`, `true`), else a string
    /// (`relu`), and comma lists as arrays (`8,8`). The result is validated.
    pub fn set(&mut self, path: &str, value: &str) -> Result<(), String> {
        let mut tree = serde_json::to_value(&*self).map_err(|e| e.to_string())?;
        let mut slot = &mut tree;
        for key in path.split('.') {
            slot = slot
                .as_object_mut()
                .and_then(|o| o.get_mut(key))
                .ok_or_else(|| format!("unknown setting '{path}'"))?;
        }
        *slot = parse_value(value, slot);
        let updated: Config = serde_json::from_value(tree).map_err(|e| format!("{path}: {e}"))?;
        updated.validate().map_err(|e| e.to_string())?;
        *self = updated;
        Ok(())
    }
}

fn parse_value(text: &str, current: &serde_json::Value) -> serde_json::Value {
    let text = text.trim();
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(text) {
        if !current.is_array() || v.is_array() {
            return v;
        }
    }
    if current.is_array() {
        let items = text.split(',').map(str::trim).filter(|s| !s.is_empty());
        return serde_json::Value::Array(
            items
                .map(|s| {
                    serde_json::from_str(s)
                        .unwrap_or_else(|_| serde_json::Value::String(s.to_string()))
                })
                .collect(),
        );
    }
    serde_json::Value::String(text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_config_is_valid() {
        Config::default().validate().unwrap();
    }

    #[test]
    fn set_parses_numbers_lists_enums_and_booleans() {
        let mut c = Config::default();
        c.set("train.learning_rate", "0.03").unwrap();
        c.set("model.hidden_layers", "4,2").unwrap();
        c.set("model.activation", "relu").unwrap();
        c.set("data.standardize", "true").unwrap();
        c.set("data.features", "x,y,xy").unwrap();
        c.set("model.hidden_layers", "[]").unwrap();
        assert_eq!(c.train.learning_rate, 0.03);
        assert!(c.model.hidden_layers.is_empty());
        assert_eq!(c.model.activation, Activation::Relu);
        assert!(c.data.standardize);
        assert_eq!(c.data.features.len(), 3);
    }

    #[test]
    fn set_rejects_unknown_keys_bad_types_and_out_of_range_values() {
        let mut c = Config::default();
        assert_eq!(
            c.set("train.speed", "3").unwrap_err(),
            "unknown setting 'train.speed'"
        );
        assert!(c
            .set("model.activation", "softmax")
            .unwrap_err()
            .contains("model.activation"));
        assert_eq!(
            c.set("train.learning_rate", "-3").unwrap_err(),
            "train.learning_rate must be in (0, 10], got -3"
        );
        assert!(c
            .set("train.batch_size", "ten")
            .unwrap_err()
            .contains("train.batch_size"));
        assert_eq!(
            c,
            Config::default(),
            "a rejected setting leaves the config untouched"
        );
    }

    #[test]
    fn cross_entropy_needs_a_sigmoid_output() {
        let mut c = Config::default();
        c.model.output_activation = Activation::Tanh;
        assert_eq!(c.validate().unwrap_err().field, "train.loss");
        c.train.loss = Loss::Mse;
        c.validate().unwrap();
    }

    #[test]
    fn json_round_trip_and_unknown_fields_are_errors() {
        let c = Config::default();
        let text = serde_json::to_string(&c).unwrap();
        assert_eq!(Config::from_json(&text).unwrap(), c);
        assert!(Config::from_json(r#"{"sed": 3}"#)
            .unwrap_err()
            .contains("sed"));
        assert!(Config::from_json(r#"{"seed": 99999999999}"#)
            .unwrap_err()
            .starts_with("seed"));
        assert!(Config::from_json("{").is_err());
    }
}
