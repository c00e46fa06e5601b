//! Optimisers. `step` takes the learning rate explicitly (the schedule owns it), and keeps
//! its per-parameter state flat: per layer, the moments of its tensors back to back.

use super::config::{Optimizer, TrainConfig};
use crate::model::LayerParams;

/// ε in the adaptive denominators √v + ε.
pub const ADAPTIVE_EPSILON: f64 = 1e-8;

#[derive(Clone, Debug, PartialEq)]
pub struct OptimizerState {
    kind: Optimizer,
    momentum: f64,
    beta1: f64,
    beta2: f64,
    /// Velocity (momentum, Nesterov) or first moment (Adam); empty for the others.
    first: Vec<Vec<f64>>,
    /// Second moment (RMSProp, Adam); empty for the others.
    second: Vec<Vec<f64>>,
    /// β₁ᵗ and β₂ᵗ as running products, for Adam's bias correction.
    beta1_power: f64,
    beta2_power: f64,
}

impl OptimizerState {
    pub fn new(config: &TrainConfig, params: &[LayerParams]) -> Self {
        let kind = config.optimizer;
        let zeros = |kept: bool| {
            params
                .iter()
                .map(|p| {
                    let len = p.tensors().iter().map(|t| t.len()).sum();
                    vec![0.0; if kept { len } else { 0 }]
                })
                .collect()
        };
        let first = matches!(
            kind,
            Optimizer::Momentum | Optimizer::Nesterov | Optimizer::Adam
        );
        let second = matches!(kind, Optimizer::Rmsprop | Optimizer::Adam);
        OptimizerState {
            kind,
            momentum: config.momentum,
            beta1: config.beta1,
            beta2: config.beta2,
            first: zeros(first),
            second: zeros(second),
            beta1_power: 1.0,
            beta2_power: 1.0,
        }
    }

    /// Updates each layer's parameters in place from `grads` (one entry per layer, in order).
    pub fn step<'a>(
        &mut self,
        params: impl IntoIterator<Item = &'a mut LayerParams>,
        grads: &[LayerParams],
        lr: f64,
    ) {
        self.beta1_power *= self.beta1;
        self.beta2_power *= self.beta2;
        let rule = Rule {
            kind: self.kind,
            lr,
            mu: self.momentum,
            b1: self.beta1,
            b2: self.beta2,
            correct1: 1.0 / (1.0 - self.beta1_power),
            correct2: 1.0 / (1.0 - self.beta2_power),
        };
        let state = self.first.iter_mut().zip(self.second.iter_mut());
        for ((p, g), (m, v)) in params.into_iter().zip(grads).zip(state) {
            let (mut m, mut v) = (&mut m[..], &mut v[..]);
            for (p, g) in p.tensors_mut().into_iter().zip(g.tensors()) {
                rule.apply(p, g, split_off(&mut m, g.len()), split_off(&mut v, g.len()));
            }
        }
    }
}

/// The next `len` values of a flat state (none when the optimiser keeps no such state).
fn split_off<'a>(state: &mut &'a mut [f64], len: usize) -> &'a mut [f64] {
    let len = len.min(state.len());
    let (head, tail) = std::mem::take(state).split_at_mut(len);
    *state = tail;
    head
}

/// One step's update rule with its constants, applied tensor by tensor.
struct Rule {
    kind: Optimizer,
    lr: f64,
    mu: f64,
    b1: f64,
    b2: f64,
    correct1: f64,
    correct2: f64,
}

impl Rule {
    /// Updates `p` from `g`, with first and second moments `m` and `v` (all the same length).
    /// Zipped iteration has no bounds checks, so each loop vectorises.
    fn apply(&self, p: &mut [f64], g: &[f64], m: &mut [f64], v: &mut [f64]) {
        let Rule {
            lr,
            mu,
            b1,
            b2,
            correct1,
            correct2,
            ..
        } = *self;
        let (p, g) = (&mut p[..g.len()], &g[..g.len()]);
        match self.kind {
            Optimizer::Sgd => p.iter_mut().zip(g).for_each(|(p, g)| *p -= lr * g),
            Optimizer::Momentum => {
                for ((p, g), m) in p.iter_mut().zip(g).zip(m) {
                    *m = mu * *m + g;
                    *p -= lr * *m;
                }
            }
            Optimizer::Nesterov => {
                for ((p, g), m) in p.iter_mut().zip(g).zip(m) {
                    *m = mu * *m + g;
                    *p -= lr * (g + mu * *m);
                }
            }
            Optimizer::Rmsprop => {
                for ((p, g), v) in p.iter_mut().zip(g).zip(v) {
                    *v = b2 * *v + (1.0 - b2) * g * g;
                    *p -= lr * g / (v.sqrt() + ADAPTIVE_EPSILON);
                }
            }
            Optimizer::Adam => {
                for (((p, g), m), v) in p.iter_mut().zip(g).zip(m).zip(v) {
                    *m = b1 * *m + (1.0 - b1) * g;
                    *v = b2 * *v + (1.0 - b2) * g * g;
                    let v_hat = (*v * correct2).sqrt();
                    *p -= lr * (*m * correct1) / (v_hat + ADAPTIVE_EPSILON);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{arr1, arr2, Array1};

    fn one_param(value: f64) -> LayerParams {
        LayerParams {
            weights: arr2(&[[value]]),
            biases: arr1(&[]),
            gamma: Array1::zeros(0),
            beta: Array1::zeros(0),
        }
    }

    /// Minimises f(w) = ½w² (gradient w) and returns w after `steps`.
    fn minimise(kind: Optimizer, lr: f64, steps: usize) -> f64 {
        let config = TrainConfig {
            optimizer: kind,
            ..Default::default()
        };
        let mut p = one_param(5.0);
        let mut state = OptimizerState::new(&config, std::slice::from_ref(&p));
        for _ in 0..steps {
            let g = p.clone();
            state.step([&mut p], std::slice::from_ref(&g), lr);
        }
        p.weights[[0, 0]]
    }

    #[test]
    fn every_optimiser_descends_a_quadratic() {
        for kind in [
            Optimizer::Sgd,
            Optimizer::Momentum,
            Optimizer::Nesterov,
            Optimizer::Rmsprop,
            Optimizer::Adam,
        ] {
            let w = minimise(kind, 0.05, 400);
            assert!(w.abs() < 0.1, "{kind:?} ended at {w}");
        }
    }

    #[test]
    fn first_steps_follow_the_update_rules() {
        // SGD: 5 − 0.1·5 = 4.5. Adam's first step moves by lr·sign(g) = 0.1.
        assert!((minimise(Optimizer::Sgd, 0.1, 1) - 4.5).abs() < 1e-12);
        assert!((minimise(Optimizer::Adam, 0.1, 1) - 4.9).abs() < 1e-9);
        // Momentum after two steps: v1 = 5, w1 = 4.5; v2 = 0.9·5 + 4.5 = 9, w2 = 3.6.
        assert!((minimise(Optimizer::Momentum, 0.1, 2) - 3.6).abs() < 1e-12);
        // Nesterov first step: w1 = 5 − 0.1·(5 + 0.9·5) = 4.05.
        assert!((minimise(Optimizer::Nesterov, 0.1, 1) - 4.05).abs() < 1e-12);
        // RMSProp first step: v = 0.001·25, step = 0.1·5/√0.025 ≈ 3.162.
        assert!(
            (minimise(Optimizer::Rmsprop, 0.1, 1) - (5.0 - 0.5 / 0.025f64.sqrt())).abs() < 1e-6
        );
    }
}
