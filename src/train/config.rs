//! How to train: loss, optimiser, learning rate and its schedule, batching, regularisation,
//! clipping, early stopping and class weights.

use crate::error::{check_f64, check_f64_open_low, check_usize, ConfigError};
use serde::{Deserialize, Serialize};

pub const MAX_LEARNING_RATE: f64 = 10.0;
pub const MAX_BATCH_SIZE: usize = 2000;
pub const MAX_PENALTY: f64 = 1.0;
pub const MAX_CLIP: f64 = 1e6;
pub const MAX_SCHEDULE_EPOCHS: usize = 100_000;
pub const MAX_PATIENCE: usize = 10_000;
/// At most half the training points are held out for early stopping to watch.
pub const MAX_VALIDATION_FRACTION: f64 = 0.5;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Loss {
    /// Binary cross-entropy on a sigmoid output, labels 0/1.
    CrossEntropy,
    /// Mean of ½(o − t)²; targets ±1 for tanh/linear outputs, 0/1 for a sigmoid output.
    Mse,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Optimizer {
    Sgd,
    Momentum,
    Nesterov,
    Rmsprop,
    Adam,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Schedule {
    Constant,
    /// × decay_rate every `decay_epochs` epochs.
    Step,
    /// × decay_rate^(epoch / decay_epochs), smoothly.
    Exponential,
    /// Half a cosine from the full rate down to `decay_rate` × it over `decay_epochs`.
    Cosine,
}

/// What early stopping watches on the held-out points.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Monitor {
    /// The loss, as Keras watches by default.
    #[default]
    Loss,
    /// The accuracy. Under symmetric label noise at rate ε the held-out accuracy is
    /// (1 − 2ε) × the clean accuracy + ε, so it peaks where the clean accuracy peaks; the
    /// loss does not: it punishes every confident answer to a wrong label, and on a few
    /// dozen noisy points can bottom out before the network has learnt anything.
    Accuracy,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EarlyStopConfig {
    pub enabled: bool,
    /// Epochs without improvement of the watched measure before stopping.
    pub patience: usize,
    /// An improvement smaller than this does not count.
    pub min_delta: f64,
    pub monitor: Monitor,
    /// Put back the weights of the best epoch when stopping.
    pub restore_best: bool,
    /// Share of the training points held out as the validation set whose loss is watched.
    /// 0 watches the test set, as links of v=1 did; the test accuracy reported is then
    /// flattered by having chosen the epoch.
    pub validation_fraction: f64,
}

impl Default for EarlyStopConfig {
    fn default() -> Self {
        EarlyStopConfig {
            enabled: false,
            patience: 50,
            min_delta: 1e-4,
            monitor: Monitor::Loss,
            restore_best: true,
            validation_fraction: 0.0,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TrainConfig {
    pub loss: Loss,
    pub optimizer: Optimizer,
    pub learning_rate: f64,
    /// μ for momentum and Nesterov.
    pub momentum: f64,
    /// Adam's first-moment decay.
    pub beta1: f64,
    /// Adam's second-moment decay, and RMSProp's.
    pub beta2: f64,
    pub schedule: Schedule,
    pub decay_rate: f64,
    pub decay_epochs: usize,
    /// Linear warm-up from ~0 to the full rate over this many epochs (0 = off).
    pub warmup_epochs: usize,
    pub batch_size: usize,
    pub shuffle: bool,
    /// L1 penalty λ₁·Σ|w| on weights (not biases).
    pub l1: f64,
    /// L2 penalty ½λ₂·Σw² on weights (not biases).
    pub l2: f64,
    /// Rescale the whole gradient when its global L2 norm exceeds this (0 = off).
    pub clip_norm: f64,
    /// Clamp each gradient component to ±this (0 = off).
    pub clip_value: f64,
    pub early_stopping: EarlyStopConfig,
    /// Weight each class by n / (2·n_class) so the minority counts as much as the majority.
    pub class_weights: bool,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            loss: Loss::CrossEntropy,
            optimizer: Optimizer::Sgd,
            learning_rate: 0.1,
            momentum: 0.9,
            beta1: 0.9,
            beta2: 0.999,
            schedule: Schedule::Constant,
            decay_rate: 0.5,
            decay_epochs: 100,
            warmup_epochs: 0,
            batch_size: 10,
            shuffle: true,
            l1: 0.0,
            l2: 0.0,
            clip_norm: 0.0,
            clip_value: 0.0,
            early_stopping: EarlyStopConfig::default(),
            class_weights: false,
        }
    }
}

impl TrainConfig {
    pub fn validate(&self) -> Result<(), ConfigError> {
        check_f64_open_low(
            "train.learning_rate",
            self.learning_rate,
            0.0,
            MAX_LEARNING_RATE,
        )?;
        check_f64("train.momentum", self.momentum, 0.0, 0.999)?;
        check_f64("train.beta1", self.beta1, 0.0, 0.999)?;
        check_f64("train.beta2", self.beta2, 0.0, 0.9999)?;
        check_f64_open_low("train.decay_rate", self.decay_rate, 0.0, 1.0)?;
        check_usize(
            "train.decay_epochs",
            self.decay_epochs,
            1,
            MAX_SCHEDULE_EPOCHS,
        )?;
        check_usize(
            "train.warmup_epochs",
            self.warmup_epochs,
            0,
            MAX_SCHEDULE_EPOCHS,
        )?;
        check_usize("train.batch_size", self.batch_size, 1, MAX_BATCH_SIZE)?;
        check_f64("train.l1", self.l1, 0.0, MAX_PENALTY)?;
        check_f64("train.l2", self.l2, 0.0, MAX_PENALTY)?;
        check_f64("train.clip_norm", self.clip_norm, 0.0, MAX_CLIP)?;
        check_f64("train.clip_value", self.clip_value, 0.0, MAX_CLIP)?;
        check_usize(
            "train.early_stopping.patience",
            self.early_stopping.patience,
            1,
            MAX_PATIENCE,
        )?;
        check_f64(
            "train.early_stopping.min_delta",
            self.early_stopping.min_delta,
            0.0,
            1.0,
        )?;
        check_f64(
            "train.early_stopping.validation_fraction",
            self.early_stopping.validation_fraction,
            0.0,
            MAX_VALIDATION_FRACTION,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_valid_and_errors_name_field_and_value() {
        TrainConfig::default().validate().unwrap();
        let bad = TrainConfig {
            learning_rate: -3.0,
            ..Default::default()
        };
        assert_eq!(
            bad.validate().unwrap_err().to_string(),
            "train.learning_rate must be in (0, 10], got -3"
        );
        let bad = TrainConfig {
            batch_size: 0,
            ..Default::default()
        };
        assert_eq!(bad.validate().unwrap_err().field, "train.batch_size");
        let bad = TrainConfig {
            clip_norm: f64::INFINITY,
            ..Default::default()
        };
        assert_eq!(bad.validate().unwrap_err().field, "train.clip_norm");
    }
}
