//! The training objective on one batch: forward, loss, and backward.

use super::config::Loss;
use super::loss;
use crate::model::backward::backward;
use crate::model::{forward, LayerParams, Mlp, Mode, Workspace};

/// One batch, unit-major inputs (`features × rows`), labels and per-example loss weights.
pub struct Batch<'a> {
    pub x: &'a [f64],
    pub labels: &'a [u8],
    /// Class weights per example; `None` weighs every example 1.
    pub weights: Option<&'a [f64]>,
}

/// Runs forward and backward on `batch`, writes the gradients of the mean (weighted)
/// data loss into `grads`, and returns that loss. Penalties are added by the caller.
pub fn loss_and_grads(
    mlp: &Mlp,
    ws: &mut Workspace,
    batch: &Batch,
    kind: Loss,
    mode: &mut Mode,
    grads: &mut [LayerParams],
) -> f64 {
    let rows = batch.labels.len();
    forward(mlp, ws, batch.x, rows, mode);
    let out_act = mlp.layers.last().expect("output layer").activation;
    let last = ws.caches.last_mut().expect("output cache");
    last.g_pre.resize(rows, 0.0);
    let mut total = 0.0;
    let inv_rows = 1.0 / rows as f64;
    for i in 0..rows {
        let (z, o) = (last.z[i], last.act[i]);
        let t = loss::target(batch.labels[i], out_act);
        let w = batch.weights.map_or(1.0, |w| w[i]);
        total += w * loss::loss(kind, z, o, t);
        last.g_pre[i] = w * inv_rows * loss::grad(kind, out_act, z, o, t);
    }
    backward(mlp, ws, batch.x, grads);
    total * inv_rows
}
