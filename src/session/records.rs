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

/// Most records kept for the exports (64 bytes each: 6.4 MB). Past it, the older half is
/// thinned to every other record, so a run of any length exports the recent epochs one by
/// one and older ones at a coarser step, and says so.
pub const RECORD_CAP: usize = 100_000;

/// Every epoch's record while they fit, thinned beyond (see `RECORD_CAP`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Records {
    list: Vec<EpochRecord>,
    /// Records before this epoch have been thinned (some epochs are missing).
    thinned_before: Option<usize>,
}

impl Records {
    pub fn push(&mut self, record: EpochRecord) {
        // The whole cap is taken at the first record and thinning works in place, so the
        // buffer is one allocation for the run's life: a doubling Vec and a fresh copy at
        // each thinning leave freed blocks of every size behind, and wasm memory never
        // shrinks.
        if self.list.capacity() == 0 {
            self.list.reserve_exact(RECORD_CAP + 1);
        }
        self.list.push(record);
        if self.list.len() > RECORD_CAP {
            let half = self.list.len() / 2;
            let boundary = self.list[half].epoch;
            // Keep every other record of the older half (epoch 0, the untrained network,
            // always) and the whole newer half; `retain` works in place.
            let mut i = 0;
            self.list.retain(|r| {
                let keep = i >= half || r.epoch == 0 || i % 2 == 1;
                i += 1;
                keep
            });
            self.thinned_before = Some(boundary);
        }
    }

    pub fn as_slice(&self) -> &[EpochRecord] {
        &self.list
    }

    /// The first epoch from which every epoch is kept, when older ones have been thinned.
    pub fn thinned_before(&self) -> Option<usize> {
        self.thinned_before
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
    fn a_long_run_keeps_at_most_the_cap_and_every_recent_epoch() {
        let mut r = Records::default();
        for epoch in 0..350_000 {
            r.push(EpochRecord {
                epoch,
                ..EpochRecord::default()
            });
        }
        let list = r.as_slice();
        assert!(list.len() <= RECORD_CAP, "{}", list.len());
        assert_eq!(list[0].epoch, 0, "the untrained network stays");
        let from = r.thinned_before().expect("thinned");
        let recent: Vec<usize> = list
            .iter()
            .map(|r| r.epoch)
            .filter(|&e| e >= from)
            .collect();
        assert_eq!(recent.len(), 350_000 - from, "every epoch from {from} on");
        assert!(list.windows(2).all(|w| w[0].epoch < w[1].epoch));
        assert_eq!(
            r.list.capacity(),
            RECORD_CAP + 1,
            "one buffer for the whole run"
        );
        let mut short = Records::default();
        short.push(EpochRecord::default());
        assert_eq!(short.thinned_before(), None);
    }

    #[test]
    fn a_record_stays_small() {
        assert!(std::mem::size_of::<EpochRecord>() <= 64);
    }
}
