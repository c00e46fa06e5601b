//! Evaluation passes: loss and metrics on a whole set, per-layer unit health, and the
//! decision-boundary grid. All in evaluation mode (running batch-norm statistics, no dropout).

use super::config::Loss;
use super::loss;
use super::metrics::{Confusion, SetMetrics};
use super::telemetry::LayerStats;
use crate::model::forward::to_unit_major;
use crate::model::{forward, Mlp, Mode, Workspace};

/// Rows per evaluation pass: large enough to vectorise, small enough to stay in cache.
pub const EVAL_CHUNK: usize = 256;

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
    fn observe(&mut self, mlp: &Mlp, ws: &Workspace) {
        let layers = mlp.layers.len();
        if self.sum.len() != layers {
            self.sum = vec![0.0; layers];
            self.sum_sq = vec![0.0; layers];
            self.saturated = vec![0; layers];
            self.count = vec![0; layers];
            self.alive = mlp.layers.iter().map(|l| vec![false; l.units()]).collect();
        }
        let rows = ws.rows;
        for (l, (layer, cache)) in mlp.layers.iter().zip(&ws.caches).enumerate() {
            let pre = &cache.preact(layer)[..layer.units() * rows];
            self.sum[l] += pre.iter().sum::<f64>();
            self.sum_sq[l] += pre.iter().map(|v| v * v).sum::<f64>();
            self.count[l] += pre.len();
            if crate::model::forward::has_unit_health(layer.activation) {
                self.saturated[l] += pre
                    .iter()
                    .filter(|&&z| layer.activation.is_saturated(z))
                    .count();
                for (j, unit) in pre.chunks_exact(rows).enumerate() {
                    if !self.alive[l][j] && unit.iter().any(|&z| z > 0.0) {
                        self.alive[l][j] = true;
                    }
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

/// Scratch for evaluation passes.
#[derive(Clone, Debug, Default)]
pub struct Evaluator {
    ws: Workspace,
    x: Vec<f64>,
}

impl Evaluator {
    /// Loss (unweighted mean) and metrics of `mlp` on row-major `inputs` with `labels`;
    /// unit health is accumulated into `health` when given.
    pub fn evaluate(
        &mut self,
        mlp: &Mlp,
        inputs: &[f64],
        labels: &[u8],
        kind: Loss,
        mut health: Option<&mut UnitHealth>,
    ) -> SetMetrics {
        let d = mlp.input_size();
        let out_act = mlp.layers.last().expect("output layer").activation;
        let cut = loss::threshold(out_act);
        let mut confusion = Confusion::default();
        let mut total = 0.0;
        for (chunk, chunk_labels) in inputs.chunks(EVAL_CHUNK * d).zip(labels.chunks(EVAL_CHUNK)) {
            let rows = chunk_labels.len();
            to_unit_major(chunk, d, &mut self.x);
            forward(mlp, &mut self.ws, &self.x, rows, &mut Mode::Eval);
            let last = self.ws.caches.last().expect("output cache");
            for (i, &label) in chunk_labels.iter().enumerate() {
                let (z, o) = (last.z[i], last.act[i]);
                total += loss::loss(kind, z, o, loss::target(label, out_act));
                confusion.add(u8::from(o >= cut), label);
            }
            if let Some(h) = health.as_deref_mut() {
                h.observe(mlp, &self.ws);
            }
        }
        SetMetrics::from_confusion(total / labels.len().max(1) as f64, &confusion)
    }

    /// Network outputs for row-major `inputs`, mapped to a class-1 score in [0, 1]
    /// (sigmoid: o; tanh/linear: (o + 1) / 2, clamped).
    pub fn scores(&mut self, mlp: &Mlp, inputs: &[f64], out: &mut Vec<f32>) {
        let d = mlp.input_size();
        let sigmoid = mlp.layers.last().expect("output layer").activation
            == crate::model::Activation::Sigmoid;
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
