//! Early stopping on the held-out loss: stop when it has not improved by `min_delta` for
//! `patience` epochs, optionally restoring the best epoch's weights.

use super::config::EarlyStopConfig;
use super::telemetry::{EpochStats, Status};
use crate::model::Mlp;

#[derive(Clone, Debug)]
pub struct EarlyStopping {
    config: EarlyStopConfig,
    best_loss: f64,
    best_epoch: usize,
    best: Option<Mlp>,
}

impl EarlyStopping {
    pub fn new(config: &EarlyStopConfig) -> Self {
        EarlyStopping {
            config: config.clone(),
            best_loss: f64::INFINITY,
            best_epoch: 0,
            best: None,
        }
    }

    pub fn best_epoch(&self) -> Option<usize> {
        (self.config.enabled && self.best_epoch > 0).then_some(self.best_epoch)
    }

    /// Records an epoch; returns the stop status when patience has run out.
    pub fn observe(&mut self, stats: &EpochStats, mlp: &mut Mlp) -> Option<Status> {
        if !self.config.enabled {
            return None;
        }
        if stats.test.loss < self.best_loss - self.config.min_delta {
            self.best_loss = stats.test.loss;
            self.best_epoch = stats.epoch;
            if self.config.restore_best {
                self.best = Some(mlp.clone());
            }
            return None;
        }
        if stats.epoch - self.best_epoch >= self.config.patience {
            if let Some(best) = self.best.take() {
                *mlp = best;
            }
            return Some(Status::StoppedEarly {
                best_epoch: self.best_epoch,
            });
        }
        None
    }
}
