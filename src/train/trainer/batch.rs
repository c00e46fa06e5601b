//! One minibatch step of the Trainer: gather the batch, forward and backward, gradient
//! statistics and clipping, the optimiser step, and the update statistics.

use super::{Scratch, Trainer};
use crate::model::{LayerParams, Mode};
use crate::train::objective::{loss_and_grads, Batch};
use crate::train::regularize::{add_penalty_grad, clip_by_global_norm, clip_by_value};
use crate::train::schedule::learning_rate;
use crate::train::telemetry::{Divergence, LayerStats, Quantity};
use std::ops::Range;

impl Trainer {
    /// One optimiser step on the examples `order[range]`, `progress` of the way through the
    /// epoch. Adds the batch's gradient norms and update ratios into `stats`; returns the
    /// learning rate used.
    ///
    /// A step whose loss or gradient is not finite is still applied, as any framework would
    /// apply it, and then reported: the model a diverged run leaves is the broken one its
    /// message describes, not the last finite weights, which can classify every point right
    /// while the loss is 1e268 and would contradict "the loss became NaN".
    pub(super) fn train_batch(
        &mut self,
        range: Range<usize>,
        progress: f64,
        stats: &mut [LayerStats],
    ) -> Result<f64, Divergence> {
        self.gather_batch(range);
        let loss = self.compute_grads();
        let mut broken = None;
        if loss.is_finite() {
            self.steps.loss(loss);
        } else {
            broken = Some(self.divergence(Quantity::Loss, None));
        }
        for (l, g) in self.scratch.grads.iter().enumerate() {
            let norm = g.sum_squares().sqrt();
            if !norm.is_finite() {
                broken = broken.or(Some(self.divergence(Quantity::Gradient, Some(l))));
                break;
            }
            stats[l].grad_norm += norm;
            self.steps.gradient(norm);
        }
        let cfg = &self.config.train;
        let grads = &mut self.scratch.grads;
        if cfg.clip_value > 0.0 {
            clip_by_value(grads, cfg.clip_value);
        }
        if cfg.clip_norm > 0.0 {
            clip_by_global_norm(grads, cfg.clip_norm);
        }
        let lr = learning_rate(cfg, self.epoch as f64 + progress);
        let updated = self.apply_update(lr, stats);
        match broken {
            Some(cause) => Err(cause),
            None => updated.map(|()| lr),
        }
    }

    /// Forward and backward on the gathered batch: the data-loss gradients plus penalties.
    /// Returns the batch's data loss (not finite when the run has diverged).
    fn compute_grads(&mut self) -> f64 {
        let cfg = &self.config.train;
        let s = &mut self.scratch;
        let batch = Batch {
            x: &s.batch_x,
            labels: &s.batch_labels,
            weights: cfg.class_weights.then_some(&s.batch_weights[..]),
        };
        let mut mode = Mode::Train {
            dropout_rng: &mut self.rng,
        };
        let loss = loss_and_grads(
            &self.mlp,
            &mut s.ws,
            &batch,
            cfg.loss,
            &mut mode,
            &mut s.grads,
        );
        // `add_penalty_grad` takes references to every layer: gather them only when needed.
        if cfg.l1 != 0.0 || cfg.l2 != 0.0 {
            let params: Vec<&LayerParams> = self.mlp.layers.iter().map(|l| &l.params).collect();
            add_penalty_grad(&params, &mut s.grads, cfg.l1, cfg.l2);
        }
        loss
    }

    /// The optimiser step at rate `lr`; adds each layer's update ratio into `stats`.
    fn apply_update(&mut self, lr: f64, stats: &mut [LayerStats]) -> Result<(), Divergence> {
        let s = &mut self.scratch;
        s.old_weights.resize(self.mlp.layers.len(), Vec::new());
        for (old, layer) in s.old_weights.iter_mut().zip(&self.mlp.layers) {
            old.clear();
            old.extend_from_slice(layer.params.tensors()[0]);
        }
        let params = self.mlp.layers.iter_mut().map(|l| &mut l.params);
        self.optimizer.step(params, &s.grads, lr);
        self.mlp.update_running_stats(&s.ws);
        for (l, (layer, old)) in self.mlp.layers.iter().zip(&s.old_weights).enumerate() {
            let (ratio, finite, norm) = update_stats(&layer.params, old);
            if !finite {
                return Err(self.divergence(Quantity::Weight, Some(l)));
            }
            stats[l].update_ratio += ratio;
            self.steps.weight(norm);
        }
        Ok(())
    }

    /// Training produced a non-finite `quantity` during the current epoch.
    fn divergence(&self, quantity: Quantity, layer: Option<usize>) -> Divergence {
        Divergence {
            epoch: self.epoch + 1,
            layer,
            quantity,
        }
    }

    /// Copies the examples `order[range]` (augmented this epoch, if augmentation is on) into
    /// the unit-major batch buffers.
    fn gather_batch(&mut self, range: Range<usize>) {
        let d = self.pre.input_size();
        let Scratch {
            batch_x,
            batch_labels,
            batch_weights,
            augmented_inputs,
            ..
        } = &mut self.scratch;
        let inputs = if self.config.data.augment.is_active() {
            &augmented_inputs[..]
        } else {
            &self.train_inputs[..]
        };
        let idx = &self.order[range];
        let rows = idx.len();
        batch_x.resize(d * rows, 0.0);
        batch_labels.clear();
        batch_weights.clear();
        for (i, &e) in idx.iter().enumerate() {
            for k in 0..d {
                batch_x[k * rows + i] = inputs[e * d + k];
            }
            let label = self.fit.labels[e];
            batch_labels.push(label);
            batch_weights.push(self.class_weight[label as usize]);
        }
    }
}

/// ‖W − W_old‖ / ‖W‖ (0 when W = 0), each sum in index order from 0, whether every
/// parameter of the layer is finite, and ‖W‖.
fn update_stats(params: &LayerParams, old: &[f64]) -> (f64, bool, f64) {
    let [weights, rest @ ..] = params.tensors();
    let (mut delta, mut norm) = (0.0, 0.0);
    for (w, o) in weights.iter().zip(old) {
        delta += (w - o) * (w - o);
        norm += w * w;
    }
    // A non-finite weight makes `norm` non-finite, so a finite `norm` vouches for them all.
    let finite = (norm.is_finite() || all_finite(weights)) && rest.iter().all(|t| all_finite(t));
    let ratio = if norm > 0.0 {
        (delta / norm).sqrt()
    } else {
        0.0
    };
    (ratio, finite, norm.sqrt())
}

/// An OR over the whole slice rather than an early exit, so it vectorises.
fn all_finite(values: &[f64]) -> bool {
    !values.iter().fold(false, |bad, v| bad | !v.is_finite())
}
