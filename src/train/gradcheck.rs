//! The hand-written backward pass against central finite differences, in f64, for every
//! activation × loss × {plain, residual, batch norm, L1 + L2} combination on several seeds.

use super::config::Loss;
use super::objective::{loss_and_grads, Batch};
use super::regularize::{add_penalty_grad, penalty};
use crate::model::Workspace;
use crate::model::{Activation, LayerParams, Mlp, Mode, ModelConfig};
use crate::rng::Rng;

const STEP: f64 = 1e-5;
/// Relative error allowed: |analytic − numeric| / max(|analytic|, |numeric|, SCALE_FLOOR).
const TOLERANCE: f64 = 1e-6;
/// Below this magnitude a gradient component is compared absolutely: finite differences
/// cannot resolve relative error on values near zero (their rounding noise is ~1e-11).
const SCALE_FLOOR: f64 = 1e-4;
const ROWS: usize = 6;
const INPUTS: usize = 3;

#[derive(Clone, Copy, Debug)]
enum Variant {
    Plain,
    Residual,
    BatchNorm,
    Penalties,
}

fn objective(
    mlp: &Mlp,
    x: &[f64],
    labels: &[u8],
    loss: Loss,
    l1: f64,
    l2: f64,
    grads: &mut [LayerParams],
) -> f64 {
    let mut ws = Workspace::default();
    let batch = Batch {
        x,
        labels,
        weights: None,
    };
    // No dropout in these models, so the rng is never drawn from: the objective is a pure function.
    let mut rng = Rng::new(0);
    let data = loss_and_grads(
        mlp,
        &mut ws,
        &batch,
        loss,
        &mut Mode::Train {
            dropout_rng: &mut rng,
        },
        grads,
    );
    let params: Vec<&LayerParams> = mlp.layers.iter().map(|l| &l.params).collect();
    add_penalty_grad(&params, grads, l1, l2);
    data + penalty(&params, l1, l2)
}

/// Largest relative error over every parameter of the network.
fn max_relative_error(
    act: Activation,
    output: Activation,
    loss: Loss,
    variant: Variant,
    seed: u64,
) -> f64 {
    let config = ModelConfig {
        hidden_layers: vec![4, 4, 4],
        activation: act,
        output_activation: output,
        residual: matches!(variant, Variant::Residual),
        batch_norm: matches!(variant, Variant::BatchNorm),
        weight_init: crate::model::Init::Normal,
        init_scale: 0.8,
        bias_init: 0.1,
        ..Default::default()
    };
    let (l1, l2) = if matches!(variant, Variant::Penalties) {
        (0.01, 0.05)
    } else {
        (0.0, 0.0)
    };
    let mut rng = Rng::new(seed);
    let mut mlp = Mlp::new(&config, INPUTS, &mut rng);
    // Batch-norm scales and shifts away from 1 and 0, so their gradients are exercised fully.
    for layer in &mut mlp.layers {
        layer.params.gamma.mapv_inplace(|_| rng.range(0.5, 1.5));
        layer.params.beta.mapv_inplace(|_| rng.range(-0.5, 0.5));
    }
    let x: Vec<f64> = (0..INPUTS * ROWS).map(|_| rng.range(-2.0, 2.0)).collect();
    let labels: Vec<u8> = (0..ROWS).map(|i| (i % 2) as u8).collect();
    let mut analytic = mlp.zero_grads();
    objective(&mlp, &x, &labels, loss, l1, l2, &mut analytic);
    let mut scratch = mlp.zero_grads();
    let mut worst: f64 = 0.0;
    for l in 0..mlp.layers.len() {
        for t in 0..4 {
            for i in 0..analytic[l].tensors()[t].len() {
                let at = |m: &mut Mlp, delta: f64| {
                    m.layers[l].params.tensors_mut()[t][i] += delta;
                };
                let mut probe = mlp.clone();
                at(&mut probe, STEP);
                let plus = objective(&probe, &x, &labels, loss, l1, l2, &mut scratch);
                at(&mut probe, -2.0 * STEP);
                let minus = objective(&probe, &x, &labels, loss, l1, l2, &mut scratch);
                let numeric = (plus - minus) / (2.0 * STEP);
                let exact = analytic[l].tensors()[t][i];
                let err = (exact - numeric).abs() / exact.abs().max(numeric.abs()).max(SCALE_FLOOR);
                worst = worst.max(err);
            }
        }
    }
    worst
}

const OUTPUTS: [(Activation, Loss); 3] = [
    (Activation::Sigmoid, Loss::CrossEntropy),
    (Activation::Tanh, Loss::Mse),
    (Activation::Linear, Loss::Mse),
];

fn check(variant: Variant) {
    let mut report = Vec::new();
    for act in Activation::ALL {
        for (output, loss) in OUTPUTS {
            for seed in 1..=3 {
                let err = max_relative_error(act, output, loss, variant, seed);
                if err >= TOLERANCE {
                    report.push(format!(
                        "{act:?} → {output:?}/{loss:?}, seed {seed}: {err:.2e}"
                    ));
                }
            }
        }
    }
    assert!(
        report.is_empty(),
        "{variant:?} gradient check failed:\n{}",
        report.join("\n")
    );
}

#[test]
fn plain_network_gradients_match_finite_differences() {
    check(Variant::Plain);
}

#[test]
fn residual_network_gradients_match_finite_differences() {
    check(Variant::Residual);
}

#[test]
fn batch_norm_gradients_match_finite_differences() {
    check(Variant::BatchNorm);
}

#[test]
fn penalised_gradients_match_finite_differences() {
    check(Variant::Penalties);
}

#[test]
fn a_wrong_backward_pass_is_caught() {
    // The check must be able to fail: corrupt one analytic component and it must notice.
    let err = max_relative_error(
        Activation::Tanh,
        Activation::Sigmoid,
        Loss::CrossEntropy,
        Variant::Plain,
        1,
    );
    assert!(err < TOLERANCE);
    let config = ModelConfig {
        hidden_layers: vec![3],
        ..Default::default()
    };
    let mlp = Mlp::new(&config, 2, &mut Rng::new(1));
    let x = [0.5, -1.0, 1.5, 0.3];
    let labels = [1u8, 0];
    let mut g = mlp.zero_grads();
    objective(&mlp, &x, &labels, Loss::CrossEntropy, 0.0, 0.0, &mut g);
    let mut probe = mlp.clone();
    probe.layers[0].params.weights[[0, 0]] += STEP;
    let mut s = mlp.zero_grads();
    let plus = objective(&probe, &x, &labels, Loss::CrossEntropy, 0.0, 0.0, &mut s);
    probe.layers[0].params.weights[[0, 0]] -= 2.0 * STEP;
    let minus = objective(&probe, &x, &labels, Loss::CrossEntropy, 0.0, 0.0, &mut s);
    let numeric = (plus - minus) / (2.0 * STEP);
    let corrupted = g[0].weights[[0, 0]] * 1.01;
    assert!((corrupted - numeric).abs() / numeric.abs().max(SCALE_FLOOR) > TOLERANCE);
}
