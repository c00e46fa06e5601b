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
    fn a_record_stays_small() {
        assert!(std::mem::size_of::<EpochRecord>() <= 64);
    }
}
