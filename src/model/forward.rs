//! Batched forward pass.
//!
//! Activations are stored unit-major: a layer's buffer is `units × rows`, so row `j` holds
//! unit `j`'s value for every example in the batch. Then `z_j = b_j + Σ_k W_jk · x_k` is a
//! sum of whole rows: the vector lanes run over the batch, contiguous and independent (see
//! `kernels`), and each activation is evaluated once per unit per example over one flat
//! slice. (`forward_example` is the plain per-example form, kept as the oracle.)

mod batch_norm;
mod kernels;

use super::activation::Activation;
use super::mlp::{Layer, Mlp};
use crate::rng::Rng;
use batch_norm::normalise;
pub use batch_norm::{BN_EPSILON, BN_MOMENTUM};
pub use kernels::transpose;
pub(crate) use kernels::{accumulate, wide, Shape};

/// Per-layer buffers of one forward pass, reused across batches to avoid allocation.
#[derive(Clone, Debug, Default)]
pub struct LayerCache {
    /// `x·Wᵀ + b` (bias omitted under batch norm).
    pub z: Vec<f64>,
    /// Batch-normalised `z`, before γ and β.
    pub xhat: Vec<f64>,
    /// Input of the activation: `γ·xhat + β` under batch norm (else `z` is used).
    pub pre: Vec<f64>,
    /// `φ(pre)`.
    pub act: Vec<f64>,
    /// Inverted-dropout multipliers: 0 or 1/(1 − p).
    pub mask: Vec<f64>,
    /// Layer output after dropout and skip, when either applies (else `act` is the output).
    pub out: Vec<f64>,
    pub batch_mean: Vec<f64>,
    pub batch_var: Vec<f64>,
    pub inv_std: Vec<f64>,
    /// Backward scratch: dL/d(output) and dL/d(pre).
    pub g_out: Vec<f64>,
    pub g_pre: Vec<f64>,
    /// Backward scratch: the layer's input transposed to example-major (`rows × fan_in`),
    /// and its weights transposed (`fan_in × units`).
    pub input_t: Vec<f64>,
    pub weights_t: Vec<f64>,
    uses_out: bool,
    /// Whether `mask` applied in the last pass (training with dropout).
    pub dropped: bool,
}

impl LayerCache {
    /// The activation input: what saturates, what dies.
    pub fn preact(&self, layer: &Layer) -> &[f64] {
        if layer.batch_norm.is_some() {
            &self.pre
        } else {
            &self.z
        }
    }

    pub fn output(&self) -> &[f64] {
        if self.uses_out {
            &self.out
        } else {
            &self.act
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Workspace {
    pub rows: usize,
    pub caches: Vec<LayerCache>,
}

/// Training mode normalises with batch statistics and drops units; evaluation uses running
/// statistics and keeps every unit.
pub enum Mode<'a> {
    Train { dropout_rng: &'a mut Rng },
    Eval,
}

impl Workspace {
    /// The network's output for each example of the last forward pass.
    pub fn output(&self) -> &[f64] {
        self.caches.last().map(|c| c.output()).unwrap_or(&[])
    }
}

fn resize(buf: &mut Vec<f64>, len: usize) {
    if buf.len() != len {
        buf.resize(len, 0.0);
    }
}

/// Runs the network on `rows` examples; `x` is unit-major (`inputs × rows`).
pub fn forward(mlp: &Mlp, ws: &mut Workspace, x: &[f64], rows: usize, mode: &mut Mode) {
    ws.rows = rows;
    if rows == 0 {
        return;
    }
    ws.caches.resize_with(mlp.layers.len(), LayerCache::default);
    let train = matches!(mode, Mode::Train { .. });
    for l in 0..mlp.layers.len() {
        let (before, rest) = ws.caches.split_at_mut(l);
        let input: &[f64] = if l == 0 { x } else { before[l - 1].output() };
        let layer = &mlp.layers[l];
        let cache = &mut rest[0];
        let n = layer.units();
        resize(&mut cache.z, n * rows);
        resize(&mut cache.act, n * rows);
        linear(layer, input, rows, &mut cache.z);
        if layer.batch_norm.is_some() {
            normalise(layer, cache, rows, train);
            layer.activation.apply_slice(&cache.pre, &mut cache.act);
        } else {
            layer.activation.apply_slice(&cache.z, &mut cache.act);
        }
        let dropping = layer.dropout > 0.0 && train;
        cache.uses_out = dropping || layer.skip;
        cache.dropped = dropping;
        if cache.uses_out {
            resize(&mut cache.out, n * rows);
            cache.out.copy_from_slice(&cache.act);
        }
        if let (true, Mode::Train { dropout_rng }) = (dropping, &mut *mode) {
            drop_units(layer.dropout, cache, dropout_rng);
        }
        if layer.skip {
            cache.out.iter_mut().zip(input).for_each(|(o, &v)| *o += v);
        }
    }
}

/// Inverted dropout on `cache.out`: each value is zeroed with probability `p`, survivors are
/// scaled by 1/(1 − p).
fn drop_units(p: f64, cache: &mut LayerCache, rng: &mut Rng) {
    resize(&mut cache.mask, cache.out.len());
    let keep = 1.0 / (1.0 - p);
    for m in cache.mask.iter_mut() {
        *m = if rng.chance(p) { 0.0 } else { keep };
    }
    cache
        .out
        .iter_mut()
        .zip(&cache.mask)
        .for_each(|(o, m)| *o *= m);
}

/// `z_j = b_j + Σ_k W_jk x_k` for every row of the batch (`z` is `units × rows`).
fn linear(layer: &Layer, x: &[f64], rows: usize, z: &mut [f64]) {
    let w = layer.params.weights.as_slice().expect("standard layout");
    let b = layer.params.biases.as_slice().expect("standard layout");
    let use_bias = layer.batch_norm.is_none();
    for (j, zj) in z.chunks_exact_mut(rows).enumerate() {
        zj.fill(if use_bias { b[j] } else { 0.0 });
    }
    let shape = Shape {
        outputs: layer.units(),
        terms: layer.fan_in(),
        lanes: rows,
    };
    wide(
        #[inline(always)]
        || accumulate(z, w, x, shape),
    );
}

/// The plain per-example forward pass in evaluation mode: one dot product per unit. Slower
/// than the batched form; kept as an independent oracle for it.
pub fn forward_example(mlp: &Mlp, input: &[f64]) -> f64 {
    let mut h = input.to_vec();
    for layer in &mlp.layers {
        let w = &layer.params.weights;
        let mut next = Vec::with_capacity(layer.units());
        for j in 0..layer.units() {
            let z: f64 = (0..layer.fan_in()).map(|k| w[[j, k]] * h[k]).sum();
            let pre = match &layer.batch_norm {
                Some(stats) => {
                    layer.params.gamma[j] * (z - stats.mean[j]) / (stats.var[j] + BN_EPSILON).sqrt()
                        + layer.params.beta[j]
                }
                None => z + layer.params.biases[j],
            };
            next.push(layer.activation.apply(pre));
        }
        if layer.skip {
            next.iter_mut().zip(&h).for_each(|(a, b)| *a += b);
        }
        h = next;
    }
    h[0]
}

/// Converts row-major examples (`rows × d`) into the unit-major layout `forward` expects.
pub fn to_unit_major(row_major: &[f64], d: usize, out: &mut Vec<f64>) {
    transpose(row_major, row_major.len() / d, d, out);
}

/// True when `activation` is one whose units can be counted as saturated or dead.
pub fn has_unit_health(activation: Activation) -> bool {
    activation.can_die() || matches!(activation, Activation::Sigmoid | Activation::Tanh)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::config::ModelConfig;

    fn check_against_oracle(config: ModelConfig) {
        let mut rng = Rng::new(3);
        let mut mlp = Mlp::new(&config, 3, &mut rng);
        // Non-trivial running statistics, so evaluation-mode batch norm is exercised.
        for layer in &mut mlp.layers {
            if let Some(s) = layer.batch_norm.as_mut() {
                s.mean.iter_mut().for_each(|m| *m = rng.range(-0.5, 0.5));
                s.var.iter_mut().for_each(|v| *v = rng.range(0.5, 2.0));
            }
        }
        let rows = 7;
        let examples: Vec<f64> = (0..rows * 3).map(|_| rng.range(-2.0, 2.0)).collect();
        let mut x = Vec::new();
        to_unit_major(&examples, 3, &mut x);
        let mut ws = Workspace::default();
        forward(&mlp, &mut ws, &x, rows, &mut Mode::Eval);
        for i in 0..rows {
            let expected = forward_example(&mlp, &examples[i * 3..(i + 1) * 3]);
            assert!((ws.output()[i] - expected).abs() < 1e-12, "row {i}");
        }
    }

    #[test]
    fn batched_forward_matches_per_example_oracle() {
        for act in Activation::ALL {
            check_against_oracle(ModelConfig {
                activation: act,
                hidden_layers: vec![4, 4, 3],
                ..Default::default()
            });
        }
        check_against_oracle(ModelConfig {
            residual: true,
            hidden_layers: vec![4, 4, 4],
            ..Default::default()
        });
        check_against_oracle(ModelConfig {
            batch_norm: true,
            ..Default::default()
        });
        check_against_oracle(ModelConfig {
            hidden_layers: vec![],
            ..Default::default()
        });
    }

    #[test]
    fn training_batch_norm_normalises_each_unit() {
        let config = ModelConfig {
            batch_norm: true,
            hidden_layers: vec![5],
            ..Default::default()
        };
        let mut rng = Rng::new(2);
        let mlp = Mlp::new(&config, 2, &mut rng);
        let x: Vec<f64> = (0..2 * 16).map(|_| rng.range(-3.0, 3.0)).collect();
        let mut ws = Workspace::default();
        forward(
            &mlp,
            &mut ws,
            &x,
            16,
            &mut Mode::Train {
                dropout_rng: &mut rng,
            },
        );
        for j in 0..5 {
            let u = &ws.caches[0].pre[j * 16..(j + 1) * 16];
            let mean = u.iter().sum::<f64>() / 16.0;
            let var = u.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / 16.0;
            assert!(
                mean.abs() < 1e-12 && (var - 1.0).abs() < 1e-3,
                "unit {j}: {mean} {var}"
            );
        }
    }

    #[test]
    fn dropout_zeroes_units_in_training_only_and_rescales_survivors() {
        let config = ModelConfig {
            dropout: 0.5,
            hidden_layers: vec![64],
            activation: Activation::Linear,
            ..Default::default()
        };
        let mut rng = Rng::new(4);
        let mlp = Mlp::new(&config, 2, &mut rng);
        let x = vec![1.0; 2 * 10];
        let mut ws = Workspace::default();
        forward(
            &mlp,
            &mut ws,
            &x,
            10,
            &mut Mode::Train {
                dropout_rng: &mut rng,
            },
        );
        let c = &ws.caches[0];
        let zeros = c.output().iter().filter(|&&v| v == 0.0).count();
        assert!((220..420).contains(&zeros), "{zeros} of 640 dropped");
        for (o, a) in c.output().iter().zip(&c.act) {
            assert!(*o == 0.0 || (o - 2.0 * a).abs() < 1e-12);
        }
        forward(&mlp, &mut ws, &x, 10, &mut Mode::Eval);
        assert_eq!(ws.caches[0].output(), &ws.caches[0].act[..]);
    }
}
