//! Weight penalties (L1, L2; weights only, never biases or batch-norm parameters) and
//! gradient clipping.

use crate::model::LayerParams;

/// λ₁·Σ|w| + ½λ₂·Σw² over every layer's weights.
pub fn penalty(params: &[&LayerParams], l1: f64, l2: f64) -> f64 {
    if l1 == 0.0 && l2 == 0.0 {
        return 0.0;
    }
    params
        .iter()
        .flat_map(|p| p.weights.iter())
        .map(|&w| l1 * w.abs() + 0.5 * l2 * w * w)
        .sum()
}

/// Adds the penalty's gradient, λ₁·sign(w) + λ₂·w, to the weight gradients.
pub fn add_penalty_grad(params: &[&LayerParams], grads: &mut [LayerParams], l1: f64, l2: f64) {
    if l1 == 0.0 && l2 == 0.0 {
        return;
    }
    for (p, g) in params.iter().zip(grads) {
        g.weights.zip_mut_with(&p.weights, |g, &w| {
            // sign(0) = 0: the subgradient that keeps an exact zero at zero.
            let sign = if w > 0.0 {
                1.0
            } else if w < 0.0 {
                -1.0
            } else {
                0.0
            };
            *g += l1 * sign + l2 * w;
        });
    }
}

/// Clamps every component to ±`limit`.
pub fn clip_by_value(grads: &mut [LayerParams], limit: f64) {
    for g in grads {
        for t in g.tensors_mut() {
            t.iter_mut().for_each(|v| *v = v.clamp(-limit, limit));
        }
    }
}

/// Rescales all gradients together when their global L2 norm exceeds `max_norm`;
/// returns the norm before clipping.
pub fn clip_by_global_norm(grads: &mut [LayerParams], max_norm: f64) -> f64 {
    let norm = grads
        .iter()
        .map(LayerParams::sum_squares)
        .sum::<f64>()
        .sqrt();
    if norm > max_norm && norm.is_finite() {
        let scale = max_norm / norm;
        for g in grads {
            for t in g.tensors_mut() {
                t.iter_mut().for_each(|v| *v *= scale);
            }
        }
    }
    norm
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{arr1, arr2, Array1};

    fn params(w: [[f64; 2]; 1], b: f64) -> LayerParams {
        LayerParams {
            weights: arr2(&w),
            biases: arr1(&[b]),
            gamma: Array1::zeros(0),
            beta: Array1::zeros(0),
        }
    }

    #[test]
    fn penalties_cover_weights_but_not_biases() {
        let p = params([[3.0, -4.0]], 100.0);
        assert!((penalty(&[&p], 0.1, 0.0) - 0.7).abs() < 1e-12);
        assert_eq!(penalty(&[&p], 0.0, 2.0), 25.0);
        let mut g = vec![params([[0.0, 0.0]], 0.0)];
        add_penalty_grad(&[&p], &mut g, 0.1, 2.0);
        assert_eq!(g[0].weights, arr2(&[[6.1, -8.1]]));
        assert_eq!(g[0].biases[0], 0.0);
    }

    #[test]
    fn global_norm_clipping_keeps_direction_and_caps_length() {
        let mut g = vec![params([[3.0, 4.0]], 0.0)];
        let before = clip_by_global_norm(&mut g, 1.0);
        assert_eq!(before, 5.0);
        assert!(
            (g[0].weights[[0, 0]] - 0.6).abs() < 1e-12
                && (g[0].weights[[0, 1]] - 0.8).abs() < 1e-12
        );
        let mut small = vec![params([[0.3, 0.4]], 0.0)];
        clip_by_global_norm(&mut small, 1.0);
        assert_eq!(small[0].weights, arr2(&[[0.3, 0.4]]));
    }

    #[test]
    fn value_clipping_clamps_each_component() {
        let mut g = vec![params([[3.0, -0.2]], -9.0)];
        clip_by_value(&mut g, 0.5);
        assert_eq!(g[0].weights, arr2(&[[0.5, -0.2]]));
        assert_eq!(g[0].biases[0], -0.5);
    }
}
