//! The steps of the epoch in progress, kept in flat reusable buffers (no allocation per
//! step), so that when an epoch diverges its steps can still be shown.

use crate::train::telemetry::DivergedSteps;

#[derive(Clone, Debug, Default)]
pub(super) struct StepLog {
    layers: usize,
    /// Steps the epoch in progress takes.
    batches: usize,
    loss: Vec<f64>,
    /// `layers` values per step.
    grad_norms: Vec<f64>,
    weight_norms: Vec<f64>,
}

impl StepLog {
    /// Starts a new epoch's log: `batches` steps over `layers` weight layers.
    pub(super) fn clear(&mut self, layers: usize, batches: usize) {
        self.layers = layers;
        self.batches = batches;
        self.loss.clear();
        self.grad_norms.clear();
        self.weight_norms.clear();
    }

    /// A step's batch loss, before its update.
    pub(super) fn loss(&mut self, loss: f64) {
        self.loss.push(loss);
    }

    /// The gradient norm of the step's next layer.
    pub(super) fn gradient(&mut self, norm: f64) {
        self.grad_norms.push(norm);
    }

    /// The weight norm of a layer after the step's update.
    pub(super) fn weight(&mut self, norm: f64) {
        self.weight_norms.push(norm);
    }

    /// The completed steps: those whose update left every weight finite.
    pub(super) fn diverged(&self, epoch: usize) -> DivergedSteps {
        let l = self.layers.max(1);
        let steps = (self.weight_norms.len() / l)
            .min(self.grad_norms.len() / l)
            .min(self.loss.len());
        let per_layer = |flat: &[f64]| -> Vec<Vec<f64>> {
            (0..self.layers)
                .map(|k| (0..steps).map(|i| flat[i * l + k]).collect())
                .collect()
        };
        DivergedSteps {
            epoch,
            batches: self.batches,
            loss: self.loss[..steps].to_vec(),
            grad_norms: per_layer(&self.grad_norms),
            weight_norms: per_layer(&self.weight_norms),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_steps_whose_update_completed_are_kept() {
        let mut log = StepLog::default();
        log.clear(2, 25);
        log.loss(0.7);
        log.gradient(1.0);
        log.gradient(2.0);
        log.weight(3.0);
        log.weight(4.0);
        // The second step's update threw a weight to infinity: no weight norms for it.
        log.loss(9e300);
        log.gradient(5.0);
        log.gradient(6.0);
        let d = log.diverged(1);
        assert_eq!(d.loss, vec![0.7]);
        assert_eq!(d.grad_norms, vec![vec![1.0], vec![2.0]]);
        assert_eq!(d.weight_norms, vec![vec![3.0], vec![4.0]]);
        assert_eq!(d.position(0), 0.04);
        log.clear(2, 25);
        assert!(log.diverged(3).loss.is_empty());
    }
}
