//! Evaluation passes: loss and metrics on a whole set, per-layer unit health, and the
//! decision-boundary grid. All in evaluation mode (running batch-norm statistics, no dropout).

use super::config::Loss;
use super::loss;
use super::metrics::{Confusion, SetMetrics};
use super::telemetry::LayerStats;
use crate::model::forward::to_unit_major;
use crate::model::{forward, Activation, Mlp, Mode, Workspace};

/// Rows per evaluation pass: large enough to vectorise, small enough to stay in cache.
pub const EVAL_CHUNK: usize = 256;

/// A labelled set laid out for evaluation: unit-major chunks of at most `EVAL_CHUNK` rows,
/// converted once instead of on every evaluation.
#[derive(Clone, Debug, Default)]
pub struct EvalSet {
    chunks: Vec<Vec<f64>>,
    labels: Vec<u8>,
}

impl EvalSet {
    /// `inputs` is row-major (`labels.len() × d`).
    pub fn new(inputs: &[f64], d: usize, labels: &[u8]) -> Self {
        let chunks = inputs
            .chunks(EVAL_CHUNK * d)
            .map(|chunk| {
                let mut x = Vec::new();
                to_unit_major(chunk, d, &mut x);
                x
            })
            .collect();
        EvalSet {
            chunks,
            labels: labels.to_vec(),
        }
    }
}

/// Accumulates activation-input statistics over a set, per weight layer.
#[derive(Clone, Debug, Default)]
pub struct UnitHealth {
    sum: Vec<f64>,
    sum_sq: Vec<f64>,
    saturated: Vec<usize>,
    count: Vec<usize>,
    /// Per layer, per unit: positive on at least one input.
    alive: Vec<Vec<bool>>,
}

impl UnitHealth {
    /// Empties the accumulators, keeping their storage.
    pub fn reset(&mut self, mlp: &Mlp) {
        let layers = mlp.layers.len();
        for v in [&mut self.sum, &mut self.sum_sq] {
            v.clear();
            v.resize(layers, 0.0);
        }
        for v in [&mut self.saturated, &mut self.count] {
            v.clear();
            v.resize(layers, 0);
        }
        self.alive.resize_with(layers, Vec::new);
        for (alive, layer) in self.alive.iter_mut().zip(&mlp.layers) {
            alive.clear();
            alive.resize(layer.units(), false);
        }
    }

    fn observe(&mut self, mlp: &Mlp, ws: &Workspace) {
        if self.sum.len() != mlp.layers.len() {
            self.reset(mlp);
        }
        let rows = ws.rows;
        for (l, (layer, cache)) in mlp.layers.iter().zip(&ws.caches).enumerate() {
            let pre = &cache.preact(layer)[..layer.units() * rows];
            // Both sums run in slice order from −0.0, as `Iterator::sum` does: that order
            // fixes the bits. One pass keeps the two dependency chains side by side.
            let (mut sum, mut sum_sq) = (-0.0, -0.0);
            for &z in pre {
                sum += z;
                sum_sq += z * z;
            }
            self.sum[l] += sum;
            self.sum_sq[l] += sum_sq;
            self.count[l] += pre.len();
            self.saturated[l] += count_saturated(layer.activation, pre);
            if layer.activation.can_die() {
                for (alive, unit) in self.alive[l].iter_mut().zip(pre.chunks_exact(rows)) {
                    *alive = *alive || unit.iter().any(|&z| z > 0.0);
                }
            }
        }
    }

    /// Writes mean, std, saturated and dead fractions into `stats`.
    pub fn fill(&self, mlp: &Mlp, stats: &mut [LayerStats]) {
        for (l, s) in stats.iter_mut().enumerate() {
            let n = self.count.get(l).copied().unwrap_or(0).max(1) as f64;
            let mean = self.sum.get(l).copied().unwrap_or(0.0) / n;
            s.preact_mean = mean;
            s.preact_std = (self.sum_sq.get(l).copied().unwrap_or(0.0) / n - mean * mean)
                .max(0.0)
                .sqrt();
            s.saturated_fraction = self.saturated.get(l).copied().unwrap_or(0) as f64 / n;
            s.dead_fraction = if mlp.layers[l].activation.can_die() {
                let alive = &self.alive[l];
                alive.iter().filter(|a| !**a).count() as f64 / alive.len() as f64
            } else {
                0.0
            };
        }
    }
}

/// Number of `z` on a flat tail of `activation`, counted without a branch so it vectorises.
fn count_saturated(activation: Activation, z: &[f64]) -> usize {
    match activation.saturation_limit() {
        Some(limit) => z.iter().map(|v| usize::from(v.abs() > limit)).sum(),
        None => 0,
    }
}

/// Scratch for evaluation passes.
#[derive(Clone, Debug, Default)]
pub struct Evaluator {
    ws: Workspace,
    x: Vec<f64>,
}

impl Evaluator {
    /// Loss (unweighted mean) and metrics of `mlp` on `set`; unit health is accumulated
    /// into `health` when given.
    pub fn evaluate(
        &mut self,
        mlp: &Mlp,
        set: &EvalSet,
        kind: Loss,
        mut health: Option<&mut UnitHealth>,
    ) -> SetMetrics {
        let out_act = mlp.layers.last().expect("output layer").activation;
        let cut = loss::threshold(out_act);
        let mut confusion = Confusion::default();
        let mut total = 0.0;
        for (x, chunk_labels) in set.chunks.iter().zip(set.labels.chunks(EVAL_CHUNK)) {
            let rows = chunk_labels.len();
            forward(mlp, &mut self.ws, x, rows, &mut Mode::Eval);
            let last = self.ws.caches.last().expect("output cache");
            for ((&z, &o), &label) in last.z.iter().zip(&last.act).zip(chunk_labels) {
                total += loss::loss(kind, z, o, loss::target(label, out_act));
                confusion.add(u8::from(o >= cut), label);
            }
            if let Some(h) = health.as_deref_mut() {
                h.observe(mlp, &self.ws);
            }
        }
        SetMetrics::from_confusion(total / set.labels.len().max(1) as f64, &confusion)
    }

    /// Network outputs for row-major `inputs`, mapped to a class-1 score in [0, 1]
    /// (sigmoid: o; tanh/linear: (o + 1) / 2, clamped).
    pub fn scores(&mut self, mlp: &Mlp, inputs: &[f64], out: &mut Vec<f32>) {
        let d = mlp.input_size();
        let sigmoid = mlp.layers.last().expect("output layer").activation == Activation::Sigmoid;
        out.clear();
        for chunk in inputs.chunks(EVAL_CHUNK * d) {
            let rows = chunk.len() / d;
            to_unit_major(chunk, d, &mut self.x);
            forward(mlp, &mut self.ws, &self.x, rows, &mut Mode::Eval);
            out.extend(self.ws.output()[..rows].iter().map(|&o| {
                let score = if sigmoid {
                    o
                } else {
                    (0.5 * (o + 1.0)).clamp(0.0, 1.0)
                };
                score as f32
            }));
        }
    }
}
