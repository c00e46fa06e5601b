//! Optimisers. `step` takes the learning rate explicitly (the schedule owns it), and keeps
//! its per-parameter state in tensors shaped like the parameters.

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
    /// Velocity (momentum, Nesterov) or first moment (Adam).
    first: Vec<LayerParams>,
    /// Second moment (RMSProp, Adam).
    second: Vec<LayerParams>,
    /// β₁ᵗ and β₂ᵗ as running products, for Adam's bias correction.
    beta1_power: f64,
    beta2_power: f64,
}

impl OptimizerState {
    pub fn new(config: &TrainConfig, params: &[LayerParams]) -> Self {
        let zeros = || params.iter().map(LayerParams::zeros_like).collect();
        OptimizerState {
            kind: config.optimizer,
            momentum: config.momentum,
            beta1: config.beta1,
            beta2: config.beta2,
            first: zeros(),
            second: zeros(),
            beta1_power: 1.0,
            beta2_power: 1.0,
        }
    }

    /// Updates `params[l]` in place from `grads[l]`.
    pub fn step(&mut self, params: &mut [&mut LayerParams], grads: &[LayerParams], lr: f64) {
        self.beta1_power *= self.beta1;
        self.beta2_power *= self.beta2;
        let (mu, b1, b2) = (self.momentum, self.beta1, self.beta2);
        let correct1 = 1.0 / (1.0 - self.beta1_power);
        let correct2 = 1.0 / (1.0 - self.beta2_power);
        for l in 0..grads.len() {
            let p_tensors = params[l].tensors_mut();
            let g_tensors = grads[l].tensors();
            let m_tensors = self.first[l].tensors_mut();
            let v_tensors = self.second[l].tensors_mut();
            for (((p, g), m), v) in p_tensors
                .into_iter()
                .zip(g_tensors)
                .zip(m_tensors)
                .zip(v_tensors)
            {
                match self.kind {
                    Optimizer::Sgd => p.iter_mut().zip(g).for_each(|(p, g)| *p -= lr * g),
                    Optimizer::Momentum => {
                        for i in 0..p.len() {
                            m[i] = mu * m[i] + g[i];
                            p[i] -= lr * m[i];
                        }
                    }
                    Optimizer::Nesterov => {
                        for i in 0..p.len() {
                            m[i] = mu * m[i] + g[i];
                            p[i] -= lr * (g[i] + mu * m[i]);
                        }
                    }
                    Optimizer::Rmsprop => {
                        for i in 0..p.len() {
                            v[i] = b2 * v[i] + (1.0 - b2) * g[i] * g[i];
                            p[i] -= lr * g[i] / (v[i].sqrt() + ADAPTIVE_EPSILON);
                        }
                    }
                    Optimizer::Adam => {
                        for i in 0..p.len() {
                            m[i] = b1 * m[i] + (1.0 - b1) * g[i];
                            v[i] = b2 * v[i] + (1.0 - b2) * g[i] * g[i];
                            let v_hat = (v[i] * correct2).sqrt();
                            p[i] -= lr * (m[i] * correct1) / (v_hat + ADAPTIVE_EPSILON);
                        }
                    }
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
            state.step(&mut [&mut p], std::slice::from_ref(&g), lr);
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
