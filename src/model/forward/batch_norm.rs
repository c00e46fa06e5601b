//! Batch normalisation in the forward pass: normalising each unit's pre-activation with
//! the batch's statistics (training) or the running ones (evaluation), and keeping the
//! running averages.

use super::{resize, LayerCache};
use crate::model::mlp::{Layer, Mlp};
use crate::model::Workspace;

/// ε in the batch-norm denominator √(σ² + ε).
pub const BN_EPSILON: f64 = 1e-5;

/// Batch normalisation of `z` into `xhat` and `pre`; statistics from the batch (training)
/// or from the running averages (evaluation).
pub(super) fn normalise(layer: &Layer, cache: &mut LayerCache, rows: usize, train: bool) {
    let n = layer.units();
    let stats = layer.batch_norm.as_ref().expect("batch-norm layer");
    let (gamma, beta) = (&layer.params.gamma, &layer.params.beta);
    resize(&mut cache.xhat, n * rows);
    resize(&mut cache.pre, n * rows);
    resize(&mut cache.batch_mean, n);
    resize(&mut cache.batch_var, n);
    resize(&mut cache.inv_std, n);
    for j in 0..n {
        let zj = &cache.z[j * rows..(j + 1) * rows];
        let (mean, var) = if train {
            let mean = zj.iter().sum::<f64>() / rows as f64;
            let var = zj.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / rows as f64;
            (mean, var)
        } else {
            (stats.mean[j], stats.var[j])
        };
        let inv_std = 1.0 / (var + BN_EPSILON).sqrt();
        cache.batch_mean[j] = mean;
        cache.batch_var[j] = var;
        cache.inv_std[j] = inv_std;
        let xhat = &mut cache.xhat[j * rows..(j + 1) * rows];
        let pre = &mut cache.pre[j * rows..(j + 1) * rows];
        for i in 0..rows {
            xhat[i] = (zj[i] - mean) * inv_std;
            pre[i] = gamma[j] * xhat[i] + beta[j];
        }
    }
}

/// Momentum of the running batch-norm statistics: `running = m·running + (1 − m)·batch`.
pub const BN_MOMENTUM: f64 = 0.9;

impl Mlp {
    /// Folds the last training batch's statistics into each batch-norm layer's running averages.
    pub fn update_running_stats(&mut self, ws: &Workspace) {
        for (layer, cache) in self.layers.iter_mut().zip(&ws.caches) {
            if let Some(stats) = layer.batch_norm.as_mut() {
                for j in 0..stats.mean.len() {
                    stats.mean[j] =
                        BN_MOMENTUM * stats.mean[j] + (1.0 - BN_MOMENTUM) * cache.batch_mean[j];
                    stats.var[j] =
                        BN_MOMENTUM * stats.var[j] + (1.0 - BN_MOMENTUM) * cache.batch_var[j];
                }
            }
        }
    }
}
