//! A live training session: the trainer plus what the page shows of it. Pure Rust; the
//! worker only adds timing and messaging around it, so all of this is tested natively.

pub mod export;
pub mod history;
pub mod records;
pub mod snapshot;

use crate::scenario::symptom::TAIL_EPOCHS;
use crate::scenario::Config;
use crate::train::{EpochStats, Status, Trainer};
use history::History;

pub use records::{EpochRecord, Records};
pub use snapshot::Snapshot;

/// The epochs a symptom check reads: the first, the best held-out loss, the steepest
/// gradient, and the last few. Enough for every `Symptom` without keeping the whole run.
#[derive(Clone, Debug, Default)]
struct Landmarks {
    first: Option<EpochStats>,
    best_test: Option<EpochStats>,
    /// The `TAIL_EPOCHS` consecutive epochs with the lowest mean test loss: the level a
    /// rising test loss is measured from, as over a whole history.
    lowest_loss: BestWindow,
    /// Those with the highest mean test accuracy: the level a falling one is measured from.
    highest_accuracy: BestWindow,
    peak_grad: Option<EpochStats>,
    tail: std::collections::VecDeque<EpochStats>,
}

/// The best run of `TAIL_EPOCHS` consecutive epochs by some measure, and its mean (as a
/// cost: lower is better).
#[derive(Clone, Debug, Default)]
struct BestWindow {
    epochs: Vec<EpochStats>,
    cost: f64,
}

impl BestWindow {
    fn offer(
        &mut self,
        tail: &std::collections::VecDeque<EpochStats>,
        cost: fn(&EpochStats) -> f64,
    ) {
        let mean = tail.iter().map(cost).sum::<f64>() / tail.len() as f64;
        if self.epochs.is_empty() || mean < self.cost {
            self.epochs = tail.iter().cloned().collect();
            self.cost = mean;
        }
    }
}

fn peak_grad(s: &EpochStats) -> f64 {
    s.layers.iter().map(|l| l.grad_norm).fold(0.0, f64::max)
}

impl Landmarks {
    fn push(&mut self, s: &EpochStats) {
        if self.first.is_none() {
            self.first = Some(s.clone());
        }
        if self
            .best_test
            .as_ref()
            .is_none_or(|b| s.test.loss < b.test.loss)
        {
            self.best_test = Some(s.clone());
        }
        if self
            .peak_grad
            .as_ref()
            .is_none_or(|b| peak_grad(s) > peak_grad(b))
        {
            self.peak_grad = Some(s.clone());
        }
        self.tail.push_back(s.clone());
        if self.tail.len() > TAIL_EPOCHS {
            self.tail.pop_front();
        }
        if self.tail.len() == TAIL_EPOCHS {
            self.lowest_loss.offer(&self.tail, |e| e.test.loss);
            self.highest_accuracy
                .offer(&self.tail, |e| -e.test.accuracy);
        }
    }

    /// The landmark epochs in epoch order, without duplicates.
    fn epochs(&self) -> Vec<EpochStats> {
        let mut all: Vec<EpochStats> = [&self.first, &self.best_test, &self.peak_grad]
            .into_iter()
            .flatten()
            .cloned()
            .collect();
        all.extend(self.lowest_loss.epochs.iter().cloned());
        all.extend(self.highest_accuracy.epochs.iter().cloned());
        all.extend(self.tail.iter().cloned());
        all.sort_by_key(|s| s.epoch);
        all.dedup_by_key(|s| s.epoch);
        all
    }
}

pub struct Session {
    trainer: Trainer,
    history: History,
    landmarks: Landmarks,
    /// Every trained epoch at full precision, for the exports.
    records: Records,
    latest: EpochStats,
    /// The epoch limit: `train` never goes past it.
    until: Option<usize>,
}

impl Session {
    pub fn new(config: &Config) -> Result<Self, String> {
        let mut trainer = Trainer::new(config).map_err(|e| e.to_string())?;
        // The record starts with the untrained network: its loss is the first sanity check.
        let latest = trainer.evaluate();
        let mut history = History::default();
        history.push(&latest);
        Ok(Session {
            trainer,
            history,
            landmarks: Landmarks::default(),
            records: {
                let mut r = Records::default();
                r.push(EpochRecord::from(&latest));
                r
            },
            latest,
            until: None,
        })
    }

    pub fn config(&self) -> &Config {
        self.trainer.config()
    }

    pub fn epoch(&self) -> usize {
        self.trainer.epoch()
    }

    pub fn status(&self) -> Status {
        self.trainer.status()
    }

    pub fn trainer(&self) -> &Trainer {
        &self.trainer
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    /// Every epoch's headline numbers at full precision, epoch 0 (the untrained network)
    /// first.
    pub fn records(&self) -> &[EpochRecord] {
        self.records.as_slice()
    }

    /// When a long run's older records have been thinned: the epoch from which every
    /// epoch is kept.
    pub fn records_thinned_before(&self) -> Option<usize> {
        self.records.thinned_before()
    }

    /// Sets the epoch limit (`None`: none). Training never goes past it.
    pub fn set_until(&mut self, until: Option<usize>) {
        self.until = until;
    }

    pub fn until(&self) -> Option<usize> {
        self.until
    }

    /// Whether the epoch limit is reached.
    pub fn finished(&self) -> bool {
        self.until.is_some_and(|u| self.epoch() >= u)
    }

    /// Whether another epoch may run: training has neither stopped nor reached the limit.
    pub fn can_train(&self) -> bool {
        self.status().is_running() && !self.finished()
    }

    /// The statistics of the last completed epoch (epoch 0: the untrained network).
    pub fn latest(&self) -> &EpochStats {
        &self.latest
    }

    /// Trains up to `epochs` epochs, never past the epoch limit, and records them;
    /// returns how many ran.
    pub fn train(&mut self, epochs: usize) -> usize {
        let room = match self.until {
            Some(u) => u.saturating_sub(self.epoch()),
            None => usize::MAX,
        };
        let telemetry = self.trainer.step(epochs.min(room));
        for stats in &telemetry.epochs {
            self.history.push(stats);
            self.landmarks.push(stats);
            self.records.push(EpochRecord::from(stats));
        }
        if let Some(last) = telemetry.epochs.last() {
            self.latest = last.clone();
        }
        if let Status::StoppedEarly { .. } = telemetry.status {
            // Early stopping put the best epoch's weights back: the readouts, the boundary
            // and the exports show that model, not the last epoch's.
            let restored = self.trainer.evaluate();
            self.latest.train = restored.train;
            self.latest.test = restored.test;
            self.latest.validation_loss = restored.validation_loss;
        }
        telemetry.epochs.len()
    }

    /// Runs `check` on the landmark epochs: a symptom's verdict on the run so far.
    pub fn diagnose(&self, symptom: &crate::scenario::Symptom) -> Option<String> {
        let epochs = self.landmarks.epochs();
        symptom.detect(&epochs, &self.latest, &self.trainer.status())
    }

    pub(crate) fn trainer_mut(&mut self) -> &mut Trainer {
        &mut self.trainer
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::catalog;

    #[test]
    fn landmark_diagnosis_agrees_with_full_history() {
        let runs: [(&str, &[&str]); 5] = [
            ("sigmoid-stack", &[]),
            ("lr-too-low", &[]),
            ("zero-init", &[]),
            ("noisy-labels", &[]),
            ("noisy-labels", &["early-stop"]),
        ];
        for (id, remedies) in runs {
            let s = catalog::find(id).unwrap();
            let config = s.config(remedies, 1).unwrap();
            let full = crate::scenario::run_config(&config, s.epochs).unwrap();
            let mut session = Session::new(&config).unwrap();
            while session.can_train() && session.epoch() < s.epochs {
                session.train(37.min(s.epochs - session.epoch()));
            }
            assert_eq!(
                session.latest().test,
                full.final_stats.test,
                "{id} {remedies:?}"
            );
            let expected = s
                .symptom
                .detect(&full.history, &full.final_stats, &full.status);
            assert_eq!(session.diagnose(&s.symptom), expected, "{id} {remedies:?}");
            assert_eq!(expected.is_some(), remedies.is_empty(), "{id} {remedies:?}");
        }
    }

    #[test]
    fn history_grows_with_training_and_starts_at_epoch_zero() {
        let mut session = Session::new(&Config::default()).unwrap();
        assert_eq!(session.latest().epoch, 0);
        assert_eq!(session.records()[0].epoch, 0);
        assert_eq!(session.train(7), 7);
        assert_eq!(session.history().len(), 8, "epochs 0 to 7");
        assert_eq!(session.latest().epoch, 7);
        assert_eq!(session.history().grad_norms.len(), 3);
        assert_eq!(session.history().grad_norms[0].len(), 7);
    }

    #[test]
    fn records_keep_every_epoch_at_full_precision() {
        let config = Config::default();
        let mut session = Session::new(&config).unwrap();
        session.train(5);
        session.train(4);
        let mut fresh = Trainer::new(&config).unwrap();
        let initial = fresh.evaluate();
        let epochs = fresh.step(9).epochs;
        let want: Vec<EpochRecord> = std::iter::once(&initial)
            .chain(&epochs)
            .map(EpochRecord::from)
            .collect();
        assert_eq!(session.records(), &want[..]);
        assert_eq!(session.records()[9].epoch, 9);
    }

    #[test]
    fn training_stops_at_the_epoch_limit() {
        let mut session = Session::new(&Config::default()).unwrap();
        session.set_until(Some(10));
        assert!(!session.finished() && session.can_train());
        assert_eq!(session.train(6), 6);
        assert!(!session.finished());
        // A step that would cross the limit trains only up to it.
        assert_eq!(session.train(6), 4);
        assert_eq!(session.epoch(), 10);
        assert!(session.finished() && !session.can_train());
        assert_eq!(session.train(1), 0);
        assert_eq!(session.records().len(), 11);
        assert!(session.snapshot(0).finished);
        session.set_until(None);
        assert!(!session.finished());
        assert_eq!(session.train(2), 2);
        assert!(!session.snapshot(0).finished);
    }

    #[test]
    fn after_early_stopping_the_readouts_show_the_restored_model() {
        let s = catalog::find("noisy-labels").unwrap();
        let config = s.config(&["early-stop"], 1).unwrap();
        let mut session = Session::new(&config).unwrap();
        session.train(s.epochs);
        let Status::StoppedEarly { best_epoch } = session.status() else {
            panic!("noisy-labels + early-stop stops early");
        };
        let last = session.latest().epoch;
        assert!(best_epoch < last);
        let restored = session.trainer_mut().evaluate();
        assert_eq!(session.latest().test, restored.test);
        let stopped_at = session.records().last().unwrap();
        assert_eq!(stopped_at.epoch, last);
        assert_ne!(stopped_at.test_loss, session.latest().test.loss);
    }

    #[test]
    fn invalid_config_is_an_error_not_a_panic() {
        let config = Config {
            seed: u64::MAX,
            ..Config::default()
        };
        let err = Session::new(&config).err().expect("rejected");
        assert!(err.starts_with("seed"), "{err}");
    }
}
