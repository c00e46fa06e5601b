//! Early stopping on the held-out loss or accuracy: stop when it has not improved by
//! `min_delta` for `patience` epochs, optionally restoring the best epoch's weights. The
//! held-out points are the validation points when the trainer holds some out, else the
//! test set.

use super::config::{EarlyStopConfig, Monitor};
use super::telemetry::{EpochStats, Status};
use crate::model::Mlp;

#[derive(Clone, Debug)]
pub struct EarlyStopping {
    config: EarlyStopConfig,
    /// The best watched value so far, as a cost (lower is better).
    best_cost: f64,
    best_epoch: usize,
    best: Option<Mlp>,
}

impl EarlyStopping {
    pub fn new(config: &EarlyStopConfig) -> Self {
        EarlyStopping {
            config: config.clone(),
            best_cost: f64::INFINITY,
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
        let cost = match self.config.monitor {
            Monitor::Loss => stats.validation_loss.unwrap_or(stats.test.loss),
            Monitor::Accuracy => -stats.validation_accuracy.unwrap_or(stats.test.accuracy),
        };
        if cost < self.best_cost - self.config.min_delta {
            self.best_cost = cost;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ModelConfig;

    fn epoch(epoch: usize, test_loss: f64, validation_loss: Option<f64>) -> EpochStats {
        let mut stats = EpochStats {
            epoch,
            learning_rate: 0.1,
            train: Default::default(),
            test: Default::default(),
            validation_loss,
            validation_accuracy: validation_loss.map(|l| 1.0 - l),
            layers: vec![],
        };
        stats.test.loss = test_loss;
        stats
    }

    #[test]
    fn watches_the_validation_loss_when_there_is_one() {
        let config = EarlyStopConfig {
            enabled: true,
            patience: 2,
            ..Default::default()
        };
        let mut mlp = Mlp::new(&ModelConfig::default(), 2, &mut crate::rng::Rng::new(1));
        // Test loss keeps falling, validation loss turns after epoch 1: stop at epoch 3.
        let mut watching = EarlyStopping::new(&config);
        let mut stop = None;
        for (e, val) in [(1, 0.5), (2, 0.6), (3, 0.7)] {
            stop = watching.observe(&epoch(e, 1.0 / e as f64, Some(val)), &mut mlp);
        }
        assert_eq!(stop, Some(Status::StoppedEarly { best_epoch: 1 }));
        // Without validation points the falling test loss is what counts.
        let mut on_test = EarlyStopping::new(&config);
        for e in 1..=3 {
            assert_eq!(
                on_test.observe(&epoch(e, 1.0 / e as f64, None), &mut mlp),
                None
            );
        }
        assert_eq!(on_test.best_epoch(), Some(3));
    }

    #[test]
    fn watching_accuracy_keeps_the_first_epoch_of_the_best_accuracy() {
        let config = EarlyStopConfig {
            enabled: true,
            patience: 3,
            monitor: Monitor::Accuracy,
            ..Default::default()
        };
        let mut mlp = Mlp::new(&ModelConfig::default(), 2, &mut crate::rng::Rng::new(1));
        let mut watching = EarlyStopping::new(&config);
        // The loss bottoms out at epoch 1 while the accuracy keeps rising to epoch 3: with
        // noisy held-out labels the loss turns long before the pattern is learnt.
        let mut stop = None;
        for (e, loss, accuracy) in [(1, 0.5, 0.6), (2, 0.6, 0.7), (3, 0.7, 0.8), (4, 0.5, 0.8)] {
            let mut stats = epoch(e, 1.0, Some(loss));
            stats.validation_accuracy = Some(accuracy);
            stop = watching.observe(&stats, &mut mlp);
        }
        assert_eq!(
            stop, None,
            "an equal accuracy is no improvement, but patience is 3"
        );
        assert_eq!(watching.best_epoch(), Some(3));
        for e in 5..=6 {
            let mut stats = epoch(e, 1.0, Some(0.4));
            stats.validation_accuracy = Some(0.75);
            stop = watching.observe(&stats, &mut mlp);
        }
        assert_eq!(stop, Some(Status::StoppedEarly { best_epoch: 3 }));
    }
}
