//! The backward pass, written by hand (and checked against finite differences in
//! `train::gradcheck`).
//!
//! Per layer, from the output back, with `g` = dL/d(pre) (units × rows, unit-major):
//! - batch norm: dγ_j = Σ_i g·x̂, dβ_j = Σ_i g, and
//!   dL/dz = γ/(B·σ) · (B·g − Σg − x̂·Σ(g·x̂));
//! - dW_jk = Σ_i dz_ji · x_ki, db_j = Σ_i dz_ji;
//! - dL/dx_k = Σ_j W_jk · dz_j (+ dL/d(out) through the skip connection), then through
//!   dropout (× mask) and the previous activation (× φ'(pre)).

use super::forward::{accumulate, transpose, wide, LayerCache, Shape, Workspace};
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
        transpose(input, layer.fan_in(), rows, &mut cache.input_t);
        weight_grads(layer, cache, rows, grad);
        if l > 0 {
            let prev_layer = &mlp.layers[l - 1];
            let prev = &mut before[l - 1];
            let w = layer.params.weights.as_slice().expect("standard layout");
            transpose(w, layer.units(), layer.fan_in(), &mut cache.weights_t);
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

/// dW = dz·xᵀ and db = Σ_i dz, from the input transposed in `cache.input_t`. Each sum
/// runs over the batch in row order from −0.0, as `Iterator::sum` does.
fn weight_grads(layer: &Layer, cache: &LayerCache, rows: usize, grad: &mut LayerParams) {
    let gw = grad.weights.as_slice_mut().expect("standard layout");
    let g_pre = &cache.g_pre[..layer.units() * rows];
    gw.fill(-0.0);
    let shape = Shape {
        outputs: layer.units(),
        terms: rows,
        lanes: layer.fan_in(),
    };
    wide(
        #[inline(always)]
        || accumulate(gw, g_pre, &cache.input_t, shape),
    );
    let bn = layer.batch_norm.is_some();
    for (b, gz) in grad.biases.iter_mut().zip(g_pre.chunks_exact(rows)) {
        *b = if bn { 0.0 } else { gz.iter().sum() };
    }
}

/// dL/d(input) = Wᵀ·dz, plus this layer's dL/d(out) when a skip connection carried the input.
/// Per input the terms are added in unit order onto 0 (or the skip gradient), with the
/// weights transposed in `cache.weights_t`.
fn input_grads(layer: &Layer, cache: &LayerCache, rows: usize, g_in: &mut Vec<f64>) {
    let d = layer.fan_in();
    g_in.resize(d * rows, 0.0);
    if layer.skip {
        g_in.copy_from_slice(&cache.g_out[..d * rows]);
    } else {
        g_in.fill(0.0);
    }
    let shape = Shape {
        outputs: d,
        terms: layer.units(),
        lanes: rows,
    };
    wide(
        #[inline(always)]
        || accumulate(g_in, &cache.weights_t, &cache.g_pre, shape),
    );
}

/// dL/d(pre) = dL/d(out) · mask · φ'(pre).
fn through_activation(layer: &Layer, cache: &mut LayerCache) {
    let len = cache.g_out.len();
    cache.g_pre.resize(len, 0.0);
    let g = &mut cache.g_pre[..len];
    if cache.dropped {
        g.iter_mut()
            .zip(&cache.g_out)
            .zip(&cache.mask)
            .for_each(|((g, &o), &m)| *g = o * m);
    } else {
        g.copy_from_slice(&cache.g_out);
    }
    let pre: &[f64] = if layer.batch_norm.is_some() {
        &cache.pre
    } else {
        &cache.z
    };
    layer
        .activation
        .scale_by_derivative(&pre[..len], &cache.act[..len], g);
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
