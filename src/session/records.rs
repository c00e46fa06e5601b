//! The whole run's headline numbers at full precision, one small record per epoch, for the
//! page's exports. No per-layer data: a run may reach 100,000 epochs, and at 64 bytes a
//! record that is 6.4 MB.

use crate::train::EpochStats;
use serde::Serialize;

/// One epoch's numbers, exactly as the trainer reported them. Serialises with the field
/// names (and order) of the `nnlab run --json` epoch rows (`cli::report::EpochRow`), minus
/// `test_f1` and `layers`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct EpochRecord {
    /// 1 for the first completed epoch.
    pub epoch: usize,
    pub learning_rate: f64,
    pub train_loss: f64,
    pub test_loss: f64,
    pub train_accuracy: f64,
    pub test_accuracy: f64,
    pub test_precision: f64,
    pub test_recall: f64,
}

impl EpochRecord {
    /// The numbers after `epoch`, in column order (`export::HISTORY_COLUMNS[1..]`).
    pub fn values(&self) -> [f64; 7] {
        [
            self.learning_rate,
            self.train_loss,
            self.test_loss,
            self.train_accuracy,
            self.test_accuracy,
            self.test_precision,
            self.test_recall,
        ]
    }
}

impl From<&EpochStats> for EpochRecord {
    fn from(s: &EpochStats) -> Self {
        EpochRecord {
            epoch: s.epoch,
            learning_rate: s.learning_rate,
            train_loss: s.train.loss,
            test_loss: s.test.loss,
            train_accuracy: s.train.accuracy,
            test_accuracy: s.test.accuracy,
            test_precision: s.test.precision,
            test_recall: s.test.recall,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_follow_the_history_columns() {
        let r = EpochRecord {
            epoch: 9,
            learning_rate: 1.0,
            train_loss: 2.0,
            test_loss: 3.0,
            train_accuracy: 4.0,
            test_accuracy: 5.0,
            test_precision: 6.0,
            test_recall: 7.0,
        };
        let named = serde_json::to_value(r).unwrap();
        let columns = &crate::session::export::HISTORY_COLUMNS[1..];
        let by_name: Vec<f64> = columns.iter().map(|c| named[c].as_f64().unwrap()).collect();
        assert_eq!(by_name, r.values());
    }

    #[test]
    fn a_record_stays_small() {
        assert!(std::mem::size_of::<EpochRecord>() <= 64);
    }
}
