//! Weight initialisers. The scale of the initial weights decides whether signals and
//! gradients shrink, survive or explode on their way through a deep stack.

use crate::rng::Rng;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Init {
    /// Every weight 0: all units of a layer stay identical forever (symmetry never breaks).
    Zeros,
    /// Every weight `init_scale`: the same symmetry problem, with a non-zero signal.
    Constant,
    /// U(−init_scale, init_scale).
    Uniform,
    /// N(0, init_scale²): "too small" and "too large" are this with a small or large σ.
    Normal,
    /// Glorot & Bengio 2010: U(±√(6 / (fan_in + fan_out))), keeps variance for tanh.
    XavierUniform,
    /// N(0, 2 / (fan_in + fan_out)).
    XavierNormal,
    /// He et al. 2015: N(0, 2 / fan_in), keeps variance through ReLUs.
    He,
}

impl Init {
    pub const ALL: [Init; 7] = [
        Init::Zeros,
        Init::Constant,
        Init::Uniform,
        Init::Normal,
        Init::XavierUniform,
        Init::XavierNormal,
        Init::He,
    ];

    /// One weight of a layer with the given fan-in and fan-out.
    pub fn sample(self, scale: f64, fan_in: usize, fan_out: usize, rng: &mut Rng) -> f64 {
        let (fi, fo) = (fan_in as f64, fan_out as f64);
        match self {
            Init::Zeros => 0.0,
            Init::Constant => scale,
            Init::Uniform => rng.range(-scale, scale),
            Init::Normal => scale * rng.normal(),
            Init::XavierUniform => {
                let a = (6.0 / (fi + fo)).sqrt();
                rng.range(-a, a)
            }
            Init::XavierNormal => (2.0 / (fi + fo)).sqrt() * rng.normal(),
            Init::He => (2.0 / fi).sqrt() * rng.normal(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn variance(init: Init, fan_in: usize, fan_out: usize) -> f64 {
        let mut rng = Rng::new(1);
        let n = 20_000;
        let xs: Vec<f64> = (0..n)
            .map(|_| init.sample(0.5, fan_in, fan_out, &mut rng))
            .collect();
        xs.iter().map(|x| x * x).sum::<f64>() / n as f64
    }

    #[test]
    fn variances_follow_their_formulas() {
        let close = |a: f64, b: f64| (a - b).abs() / b < 0.05;
        assert!(close(variance(Init::He, 8, 4), 2.0 / 8.0));
        assert!(close(variance(Init::XavierNormal, 8, 4), 2.0 / 12.0));
        assert!(close(variance(Init::XavierUniform, 8, 4), 2.0 / 12.0));
        assert!(close(variance(Init::Normal, 8, 4), 0.25));
        assert!(close(variance(Init::Uniform, 8, 4), 0.25 / 3.0));
        assert_eq!(variance(Init::Zeros, 8, 4), 0.0);
        assert_eq!(variance(Init::Constant, 8, 4), 0.25);
    }
}
