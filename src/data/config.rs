//! What data to train on: the generator, its size and noise, the data bugs a pipeline can
//! introduce, and the preprocessing that fixes them.

use super::augment::AugmentConfig;
use super::features::Feature;
use crate::error::{check_f64, check_usize, ConfigError};
use serde::{Deserialize, Serialize};

pub const MIN_POINTS: usize = 4;
pub const MAX_POINTS: usize = 2000;
/// Position noise is a standard deviation in domain units; beyond this every dataset is a blur.
pub const MAX_NOISE: f64 = 3.0;
pub const MAX_IMBALANCE_RATIO: f64 = 100.0;
/// Flipping more than half the labels would just invert the task.
pub const MAX_LABEL_NOISE: f64 = 0.5;
pub const INPUT_SCALE_RANGE: (f64, f64) = (1e-3, 1e4);
pub const MAX_INPUT_OFFSET: f64 = 1e4;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DatasetKind {
    Circle,
    Xor,
    Gauss,
    Spiral,
    Moons,
    Checkerboard,
    /// Points supplied by the user (a CSV file or a run bundle), not generated.
    Custom,
}

impl DatasetKind {
    pub const GENERATED: [DatasetKind; 6] = [
        DatasetKind::Circle,
        DatasetKind::Xor,
        DatasetKind::Gauss,
        DatasetKind::Spiral,
        DatasetKind::Moons,
        DatasetKind::Checkerboard,
    ];
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DataConfig {
    pub dataset: DatasetKind,
    pub train_size: usize,
    pub test_size: usize,
    /// Standard deviation of gaussian position noise, in domain units.
    pub noise: f64,
    /// Majority : minority class count (class 1 is the minority); 1 is balanced.
    pub imbalance_ratio: f64,
    /// Fraction of training labels flipped at random.
    pub label_noise: f64,
    /// Flip exactly `round(label_noise · n)` labels instead of each with probability
    /// `label_noise`. On a small set the coin can leave few labels wrong by luck; an exact
    /// count makes "20% wrong" hold on every seed.
    pub exact_label_noise: bool,
    /// A pipeline bug: training labels permuted relative to their inputs.
    pub shuffled_labels: bool,
    /// A preprocessing bug: raw inputs arrive as `x * input_scale + input_offset`.
    pub input_scale: f64,
    pub input_offset: f64,
    /// The remedy: shift and scale each input to zero mean, unit variance (training statistics).
    pub standardize: bool,
    /// Oversample the minority class in the training set until the classes balance.
    pub resample: bool,
    /// Input features fed to the network, computed from the (preprocessed) x and y.
    pub features: Vec<Feature>,
    pub augment: AugmentConfig,
}

impl Default for DataConfig {
    fn default() -> Self {
        DataConfig {
            dataset: DatasetKind::Circle,
            train_size: 250,
            test_size: 250,
            noise: 0.2,
            imbalance_ratio: 1.0,
            label_noise: 0.0,
            exact_label_noise: false,
            shuffled_labels: false,
            input_scale: 1.0,
            input_offset: 0.0,
            standardize: false,
            resample: false,
            features: vec![Feature::X, Feature::Y],
            augment: AugmentConfig::default(),
        }
    }
}

impl DataConfig {
    pub fn validate(&self) -> Result<(), ConfigError> {
        check_usize("data.train_size", self.train_size, MIN_POINTS, MAX_POINTS)?;
        check_usize("data.test_size", self.test_size, MIN_POINTS, MAX_POINTS)?;
        check_f64("data.noise", self.noise, 0.0, MAX_NOISE)?;
        check_f64(
            "data.imbalance_ratio",
            self.imbalance_ratio,
            1.0,
            MAX_IMBALANCE_RATIO,
        )?;
        check_f64("data.label_noise", self.label_noise, 0.0, MAX_LABEL_NOISE)?;
        check_f64(
            "data.input_scale",
            self.input_scale,
            INPUT_SCALE_RANGE.0,
            INPUT_SCALE_RANGE.1,
        )?;
        check_f64(
            "data.input_offset",
            self.input_offset,
            -MAX_INPUT_OFFSET,
            MAX_INPUT_OFFSET,
        )?;
        if self.features.is_empty() {
            return Err(ConfigError::new(
                "data.features",
                "must name at least one feature, got none",
            ));
        }
        for (i, f) in self.features.iter().enumerate() {
            if self.features[..i].contains(f) {
                return Err(ConfigError::new(
                    "data.features",
                    format!("lists '{}' twice", f.name()),
                ));
            }
        }
        let minority = minority_count(self.train_size, self.imbalance_ratio);
        if minority == 0 {
            return Err(ConfigError::new(
                "data.imbalance_ratio",
                format!(
                    "leaves no minority point among {} training points, got {}",
                    self.train_size, self.imbalance_ratio
                ),
            ));
        }
        self.augment.validate()
    }
}

/// Number of class-1 points among `n` at a majority:minority ratio.
pub fn minority_count(n: usize, imbalance_ratio: f64) -> usize {
    (n as f64 / (1.0 + imbalance_ratio)).round() as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_valid() {
        DataConfig::default().validate().unwrap();
    }

    #[test]
    fn out_of_range_values_name_the_field() {
        let cases: Vec<(DataConfig, &str)> = vec![
            (
                DataConfig {
                    train_size: 3,
                    ..Default::default()
                },
                "data.train_size",
            ),
            (
                DataConfig {
                    test_size: 5000,
                    ..Default::default()
                },
                "data.test_size",
            ),
            (
                DataConfig {
                    noise: -1.0,
                    ..Default::default()
                },
                "data.noise",
            ),
            (
                DataConfig {
                    label_noise: 0.7,
                    ..Default::default()
                },
                "data.label_noise",
            ),
            (
                DataConfig {
                    imbalance_ratio: 0.5,
                    ..Default::default()
                },
                "data.imbalance_ratio",
            ),
            (
                DataConfig {
                    input_scale: f64::NAN,
                    ..Default::default()
                },
                "data.input_scale",
            ),
            (
                DataConfig {
                    features: vec![],
                    ..Default::default()
                },
                "data.features",
            ),
            (
                DataConfig {
                    features: vec![Feature::X, Feature::X],
                    ..Default::default()
                },
                "data.features",
            ),
            (
                DataConfig {
                    train_size: 4,
                    imbalance_ratio: 100.0,
                    ..Default::default()
                },
                "data.imbalance_ratio",
            ),
        ];
        for (config, field) in cases {
            assert_eq!(config.validate().unwrap_err().field, field);
        }
    }

    #[test]
    fn minority_count_follows_the_ratio() {
        assert_eq!(minority_count(250, 1.0), 125);
        assert_eq!(minority_count(200, 9.0), 20);
    }
}
