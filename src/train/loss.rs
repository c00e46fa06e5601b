//! Losses and their gradient at the output pre-activation.

use super::config::Loss;
use crate::model::Activation;

/// The target value of a 0/1 label for this output: ±1 for tanh/linear, 0/1 for sigmoid.
#[inline]
pub fn target(label: u8, output: Activation) -> f64 {
    match (label, output) {
        (1, _) => 1.0,
        (_, Activation::Sigmoid) => 0.0,
        _ => -1.0,
    }
}

/// Class-1 decision threshold on the output value.
#[inline]
pub fn threshold(output: Activation) -> f64 {
    if output == Activation::Sigmoid {
        0.5
    } else {
        0.0
    }
}

/// Per-example loss from the output pre-activation `z` and output `o = φ(z)`.
///
/// Cross-entropy is computed from the logit, `max(z,0) − z·t + ln(1 + e^{−|z|})`, so a
/// confident wrong answer gives a large finite loss instead of ln 0.
#[inline]
pub fn loss(kind: Loss, z: f64, o: f64, t: f64) -> f64 {
    match kind {
        Loss::CrossEntropy => {
            z.max(0.0) - z * t + libm::log1p(crate::model::activation::exp(-z.abs()))
        }
        Loss::Mse => 0.5 * (o - t) * (o - t),
    }
}

/// dL/dz for one example.
#[inline]
pub fn grad(kind: Loss, output: Activation, z: f64, o: f64, t: f64) -> f64 {
    match kind {
        // σ'(z) cancels against the log: the well-known o − t.
        Loss::CrossEntropy => o - t,
        Loss::Mse => (o - t) * output.derivative(z, o),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::activation::sigmoid;

    #[test]
    fn cross_entropy_matches_the_textbook_formula() {
        for &(z, t) in &[(0.3, 1.0), (-2.0, 0.0), (4.0, 0.0)] {
            let o = sigmoid(z);
            let textbook = -(t * f64::ln(o) + (1.0 - t) * f64::ln(1.0 - o));
            assert!((loss(Loss::CrossEntropy, z, o, t) - textbook).abs() < 1e-12);
        }
        assert!(loss(Loss::CrossEntropy, 800.0, 1.0, 0.0).is_finite());
    }

    #[test]
    fn gradients_match_finite_differences() {
        let h = 1e-6;
        for (kind, out) in [
            (Loss::CrossEntropy, Activation::Sigmoid),
            (Loss::Mse, Activation::Tanh),
            (Loss::Mse, Activation::Sigmoid),
            (Loss::Mse, Activation::Linear),
        ] {
            for &z in &[-1.3, 0.2, 2.1] {
                let t = target(1, out);
                let f = |z: f64| loss(kind, z, out.apply(z), t);
                let numeric = (f(z + h) - f(z - h)) / (2.0 * h);
                let analytic = grad(kind, out, z, out.apply(z), t);
                assert!((numeric - analytic).abs() < 1e-8, "{kind:?} {out:?} {z}");
            }
        }
    }

    #[test]
    fn targets_and_thresholds_follow_the_output() {
        assert_eq!(target(0, Activation::Tanh), -1.0);
        assert_eq!(target(0, Activation::Sigmoid), 0.0);
        assert_eq!(threshold(Activation::Linear), 0.0);
    }
}
