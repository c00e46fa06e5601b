//! The backward pass, written by hand (and checked against finite differences in
//! `train::gradcheck`).
//!
//! Per layer, from the output back, with `g` = dL/d(pre) (units × rows, unit-major):
//! - batch norm: dγ_j = Σ_i g·x̂, dβ_j = Σ_i g, and
//!   dL/dz = γ/(B·σ) · (B·g − Σg − x̂·Σ(g·x̂));
//! - dW_jk = Σ_i dz_ji · x_ki, db_j = Σ_i dz_ji;
//! - dL/dx_k = Σ_j W_jk · dz_j (+ dL/d(out) through the skip connection), then through
//!   dropout (× mask) and the previous activation (× φ'(pre)).

use super::forward::{LayerCache, Workspace};
use super::mlp::{Layer, LayerParams, Mlp};

/// Fills `grads` (one entry per layer, overwritten) from the output layer's `g_pre`,
/// which the loss has already written. `x` is the batch input given to `forward`.
pub fn backward(mlp: &Mlp, ws: &mut Workspace, x: &[f64], grads: &mut [LayerParams]) {
    let rows = ws.rows;
    if rows == 0 {
        grads.iter_mut().for_each(|g| g.fill(0.0));
        return;
    }
    for l in (0..mlp.layers.len()).rev() {
        let layer = &mlp.layers[l];
        let (before, rest) = ws.caches.split_at_mut(l);
        let cache = &mut rest[0];
        let grad = &mut grads[l];
        if layer.batch_norm.is_some() {
            batch_norm_backward(layer, cache, rows, grad);
        }
        let input: &[f64] = if l == 0 { x } else { before[l - 1].output() };
        weight_grads(layer, cache, input, rows, grad);
        if l > 0 {
            let prev_layer = &mlp.layers[l - 1];
            let prev = &mut before[l - 1];
            input_grads(layer, cache, rows, &mut prev.g_out);
            through_activation(prev_layer, prev);
        }
    }
}

fn batch_norm_backward(layer: &Layer, cache: &mut LayerCache, rows: usize, grad: &mut LayerParams) {
    let b = rows as f64;
    for j in 0..layer.units() {
        let g = &mut cache.g_pre[j * rows..(j + 1) * rows];
        let xhat = &cache.xhat[j * rows..(j + 1) * rows];
        let sum_g: f64 = g.iter().sum();
        let sum_gx: f64 = g.iter().zip(xhat).map(|(a, c)| a * c).sum();
        grad.gamma[j] = sum_gx;
        grad.beta[j] = sum_g;
        let scale = layer.params.gamma[j] * cache.inv_std[j] / b;
        for (gi, &xi) in g.iter_mut().zip(xhat) {
            *gi = scale * (b * *gi - sum_g - xi * sum_gx);
        }
    }
}

fn weight_grads(
    layer: &Layer,
    cache: &LayerCache,
    input: &[f64],
    rows: usize,
    grad: &mut LayerParams,
) {
    let d = layer.fan_in();
    let gw = grad.weights.as_slice_mut().expect("standard layout");
    let bn = layer.batch_norm.is_some();
    for (j, gz) in cache
        .g_pre
        .chunks_exact(rows)
        .take(layer.units())
        .enumerate()
    {
        for (k, xk) in input.chunks_exact(rows).take(d).enumerate() {
            gw[j * d + k] = gz.iter().zip(xk).map(|(a, c)| a * c).sum();
        }
        grad.biases[j] = if bn { 0.0 } else { gz.iter().sum() };
    }
}

/// dL/d(input) = Wᵀ·dz, plus this layer's dL/d(out) when a skip connection carried the input.
fn input_grads(layer: &Layer, cache: &LayerCache, rows: usize, g_in: &mut Vec<f64>) {
    let d = layer.fan_in();
    let w = layer.params.weights.as_slice().expect("standard layout");
    g_in.resize(d * rows, 0.0);
    if layer.skip {
        g_in.copy_from_slice(&cache.g_out[..d * rows]);
    } else {
        g_in.fill(0.0);
    }
    for (j, gz) in cache
        .g_pre
        .chunks_exact(rows)
        .take(layer.units())
        .enumerate()
    {
        for (k, gk) in g_in.chunks_exact_mut(rows).enumerate() {
            let wjk = w[j * d + k];
            gk.iter_mut().zip(gz).for_each(|(a, &c)| *a += wjk * c);
        }
    }
}

/// dL/d(pre) = dL/d(out) · mask · φ'(pre).
fn through_activation(layer: &Layer, cache: &mut LayerCache) {
    let len = cache.g_out.len();
    cache.g_pre.resize(len, 0.0);
    let pre: &[f64] = if layer.batch_norm.is_some() {
        &cache.pre
    } else {
        &cache.z
    };
    let act = layer.activation;
    for i in 0..len {
        let mut g = cache.g_out[i];
        if cache.dropped {
            g *= cache.mask[i];
        }
        cache.g_pre[i] = g * act.derivative(pre[i], cache.act[i]);
    }
}

impl Mlp {
    /// Zeroed gradient buffers shaped like the parameters.
    pub fn zero_grads(&self) -> Vec<LayerParams> {
        self.layers
            .iter()
            .map(|l| LayerParams::zeros_like(&l.params))
            .collect()
    }
}
