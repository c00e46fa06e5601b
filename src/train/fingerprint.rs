//! A 64-bit fingerprint of a run's telemetry, over the exact bits of every number: two
//! runs with equal fingerprints reproduced each other (natively, in wasm, from a link).

use super::telemetry::EpochStats;

/// FNV-1a over a stream of u64 words.
#[derive(Clone, Copy, Debug)]
pub struct Fingerprint(u64);

impl Default for Fingerprint {
    fn default() -> Self {
        Fingerprint(0xcbf2_9ce4_8422_2325)
    }
}

impl Fingerprint {
    pub fn add(&mut self, word: u64) {
        for byte in word.to_le_bytes() {
            self.0 ^= byte as u64;
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    pub fn add_f64(&mut self, v: f64) {
        self.add(v.to_bits());
    }

    pub fn add_epoch(&mut self, e: &EpochStats) {
        self.add(e.epoch as u64);
        self.add_f64(e.learning_rate);
        for m in [&e.train, &e.test] {
            [m.loss, m.accuracy, m.precision, m.recall, m.f1]
                .into_iter()
                .for_each(|v| self.add_f64(v));
        }
        for l in &e.layers {
            [
                l.grad_norm,
                l.weight_norm,
                l.update_ratio,
                l.preact_mean,
                l.preact_std,
                l.saturated_fraction,
                l.dead_fraction,
            ]
            .into_iter()
            .for_each(|v| self.add_f64(v));
        }
    }

    pub fn value(self) -> u64 {
        self.0
    }
}

/// The fingerprint of a whole history.
pub fn fingerprint(history: &[EpochStats]) -> u64 {
    let mut f = Fingerprint::default();
    history.iter().for_each(|e| f.add_epoch(e));
    f.value()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_changed_bit_changes_the_fingerprint() {
        let mut e = EpochStats {
            epoch: 1,
            learning_rate: 0.1,
            train: Default::default(),
            test: Default::default(),
            validation_loss: None,
            validation_accuracy: None,
            layers: vec![],
        };
        let a = fingerprint(std::slice::from_ref(&e));
        e.test.loss = f64::from_bits(1);
        assert_ne!(a, fingerprint(std::slice::from_ref(&e)));
        assert_ne!(fingerprint(&[]), a);
    }
}
