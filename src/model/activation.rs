//! Activation functions, their derivatives, and the deterministic `exp` they stand on.
//!
//! `exp` is written with `+ - * /` and bit operations only. IEEE 754 makes those exact to the
//! bit on every platform, so the trainer gives identical numbers natively and in wasm (the
//! platform `exp`/`tanh` differ in the last bits between glibc and wasm's libm). It is also
//! branch-free, so the batch form (`apply_slice`) vectorises: activations are the hot spot.

use super::forward::wide;
use serde::{Deserialize, Serialize};

/// Pre-activations beyond this magnitude put a sigmoid unit on its flat tails
/// (σ'(4) ≈ 0.018, under 1/13 of its peak slope).
pub const SIGMOID_SATURATION: f64 = 4.0;
/// The same for tanh: tanh'(2) ≈ 0.07, under 1/14 of its peak slope.
pub const TANH_SATURATION: f64 = 2.0;
/// Slope of leaky ReLU on the negative side.
pub const LEAKY_SLOPE: f64 = 0.01;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Activation {
    Linear,
    Sigmoid,
    Tanh,
    Relu,
    LeakyRelu,
    /// Exponential linear unit (α = 1): smooth, negative outputs keep gradients alive.
    Elu,
}

impl Activation {
    pub const ALL: [Activation; 6] = [
        Activation::Linear,
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Relu,
        Activation::LeakyRelu,
        Activation::Elu,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Activation::Linear => "linear",
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
            Activation::Relu => "relu",
            Activation::LeakyRelu => "leaky-relu",
            Activation::Elu => "elu",
        }
    }

    #[inline(always)]
    pub fn apply(self, z: f64) -> f64 {
        match self {
            Activation::Linear => z,
            Activation::Sigmoid => sigmoid(z),
            Activation::Tanh => tanh(z),
            Activation::Relu => z.max(0.0),
            Activation::LeakyRelu => {
                if z > 0.0 {
                    z
                } else {
                    LEAKY_SLOPE * z
                }
            }
            Activation::Elu => {
                if z > 0.0 {
                    z
                } else {
                    exp(z) - 1.0
                }
            }
        }
    }

    /// dφ/dz, from the pre-activation `z` and the output `a = φ(z)` (whichever is cheaper).
    #[inline(always)]
    pub fn derivative(self, z: f64, a: f64) -> f64 {
        match self {
            Activation::Linear => 1.0,
            Activation::Sigmoid => a * (1.0 - a),
            Activation::Tanh => 1.0 - a * a,
            Activation::Relu => {
                if z > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
            Activation::LeakyRelu => {
                if z > 0.0 {
                    1.0
                } else {
                    LEAKY_SLOPE
                }
            }
            Activation::Elu => {
                if z > 0.0 {
                    1.0
                } else {
                    a + 1.0
                }
            }
        }
    }

    /// `out[i] = φ(z[i])`; one `match` per slice so the loop body vectorises (four lanes
    /// where the CPU has AVX2, see `wide`).
    pub fn apply_slice(self, z: &[f64], out: &mut [f64]) {
        let out = &mut out[..z.len()];
        wide(
            #[inline(always)]
            || match self {
                Activation::Linear => out.copy_from_slice(z),
                Activation::Sigmoid => map_into(z, out, sigmoid),
                Activation::Tanh => map_into(z, out, tanh),
                Activation::Relu => map_into(z, out, |v| Activation::Relu.apply(v)),
                Activation::LeakyRelu => map_into(z, out, |v| Activation::LeakyRelu.apply(v)),
                Activation::Elu => map_into(z, out, |v| Activation::Elu.apply(v)),
            },
        )
    }

    /// `g[i] ← g[i] · φ'(z[i], a[i])`: the backward step through the activation, with one
    /// `match` per slice like `apply_slice`.
    pub fn scale_by_derivative(self, z: &[f64], a: &[f64], g: &mut [f64]) {
        let (z, a) = (&z[..g.len()], &a[..g.len()]);
        wide(
            #[inline(always)]
            || match self {
                Activation::Linear => {}
                Activation::Sigmoid => {
                    scale_each(z, a, g, |z, a| Activation::Sigmoid.derivative(z, a))
                }
                Activation::Tanh => scale_each(z, a, g, |z, a| Activation::Tanh.derivative(z, a)),
                Activation::Relu => scale_each(z, a, g, |z, a| Activation::Relu.derivative(z, a)),
                Activation::LeakyRelu => {
                    scale_each(z, a, g, |z, a| Activation::LeakyRelu.derivative(z, a))
                }
                Activation::Elu => scale_each(z, a, g, |z, a| Activation::Elu.derivative(z, a)),
            },
        )
    }

    /// True where a unit's pre-activation sits on a flat tail; only sigmoid and tanh saturate.
    pub fn is_saturated(self, z: f64) -> bool {
        self.saturation_limit().is_some_and(|limit| z.abs() > limit)
    }

    /// The |pre-activation| beyond which this activation counts as saturated, if it saturates.
    pub fn saturation_limit(self) -> Option<f64> {
        match self {
            Activation::Sigmoid => Some(SIGMOID_SATURATION),
            Activation::Tanh => Some(TANH_SATURATION),
            _ => None,
        }
    }

    /// Whether this activation can die (output exactly zero with zero gradient).
    pub fn can_die(self) -> bool {
        self == Activation::Relu
    }
}

// The loops behind the slice forms, generic so each activation gets its own inlined body.
#[inline(always)]
fn map_into(z: &[f64], out: &mut [f64], f: impl Fn(f64) -> f64) {
    out.iter_mut().zip(z).for_each(|(o, &v)| *o = f(v));
}

#[inline(always)]
fn scale_each(z: &[f64], a: &[f64], g: &mut [f64], d: impl Fn(f64, f64) -> f64) {
    for ((g, &z), &a) in g.iter_mut().zip(z).zip(a) {
        *g *= d(z, a);
    }
}

impl std::str::FromStr for Activation {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Activation::ALL
            .into_iter()
            .find(|a| a.name() == s)
            .ok_or_else(|| format!("unknown activation '{s}'"))
    }
}

const LOG2E: f64 = std::f64::consts::LOG2_E;
// ln 2 split so that k·LN2_HI is exact for |k| < 2^11 (Cody-Waite reduction).
const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
/// Adding 1.5·2^52 rounds to the nearest integer and leaves it in the low mantissa bits.
const ROUND_SHIFT: f64 = 6_755_399_441_055_744.0;
/// Inputs are clamped so that 2^k stays a normal number; exp(−708) ≈ 3e−308.
const EXP_MIN: f64 = -708.0;
const EXP_MAX: f64 = 709.0;

/// e^x to within a couple of ulps, using only exactly-rounded operations.
///
/// x = k·ln2 + r with |r| ≤ ln2/2, e^r by a degree-12 Taylor polynomial (truncation error
/// < 2e−16 relative), then scaled by 2^k built directly in the exponent bits.
/// NaN propagates (so divergence is still detected); ±∞ saturate at the clamp.
#[inline(always)]
pub fn exp(x: f64) -> f64 {
    let x = x.clamp(EXP_MIN, EXP_MAX);
    let shifted = x * LOG2E + ROUND_SHIFT;
    let k = shifted - ROUND_SHIFT;
    let r = (x - k * LN2_HI) - k * LN2_LO;
    let mut p = 1.0 / 479_001_600.0; // 1/12!
    p = p * r + 1.0 / 39_916_800.0;
    p = p * r + 1.0 / 3_628_800.0;
    p = p * r + 1.0 / 362_880.0;
    p = p * r + 1.0 / 40_320.0;
    p = p * r + 1.0 / 5_040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    // The integer k sits in the low bits of `shifted`; move it into the exponent field.
    let k_bits = shifted.to_bits().wrapping_sub(ROUND_SHIFT.to_bits());
    let scale = f64::from_bits(k_bits.wrapping_add(1023) << 52);
    p * scale
}

#[inline(always)]
pub fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + exp(-z))
}

/// tanh via e^{−2|z|}: no overflow, absolute error ~1e−16.
#[inline(always)]
pub fn tanh(z: f64) -> f64 {
    let e = exp(-2.0 * z.abs());
    let t = (1.0 - e) / (1.0 + e);
    t.copysign(z)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_matches_reference_to_a_few_ulps() {
        let mut x = -700.0;
        while x < 700.0 {
            let (ours, reference) = (exp(x), libm::exp(x));
            let rel = ((ours - reference) / reference).abs();
            assert!(
                rel < 4e-16,
                "exp({x}) = {ours}, reference {reference}, rel {rel}"
            );
            x += 0.137;
        }
        assert_eq!(exp(0.0), 1.0);
    }

    #[test]
    fn exp_handles_extremes_without_overflow_and_keeps_nan() {
        assert!(exp(f64::INFINITY).is_finite());
        assert!(exp(-1e300) >= 0.0 && exp(-1e300) < 1e-300);
        assert!(exp(f64::NAN).is_nan());
    }

    #[test]
    fn tanh_and_sigmoid_match_reference() {
        let mut z = -30.0;
        while z < 30.0 {
            assert!((tanh(z) - libm::tanh(z)).abs() < 3e-16, "tanh({z})");
            let s = 1.0 / (1.0 + libm::exp(-z));
            assert!((sigmoid(z) - s).abs() < 3e-16, "sigmoid({z})");
            z += 0.0173;
        }
        assert_eq!(tanh(1e308), 1.0);
        assert_eq!(tanh(-1e308), -1.0);
    }

    #[test]
    fn derivatives_match_finite_differences() {
        let h = 1e-6;
        for act in Activation::ALL {
            for &z in &[-2.3, -0.7, 0.4, 1.9] {
                let numeric = (act.apply(z + h) - act.apply(z - h)) / (2.0 * h);
                let analytic = act.derivative(z, act.apply(z));
                assert!((numeric - analytic).abs() < 1e-8, "{act:?} at {z}");
            }
        }
    }

    #[test]
    fn slice_form_equals_scalar_form() {
        let z: Vec<f64> = (0..37).map(|i| i as f64 * 0.31 - 5.0).collect();
        for act in Activation::ALL {
            let mut out = vec![0.0; z.len()];
            act.apply_slice(&z, &mut out);
            for (o, &v) in out.iter().zip(&z) {
                assert_eq!(o.to_bits(), act.apply(v).to_bits(), "{act:?}");
            }
        }
    }

    #[test]
    fn names_round_trip_and_unknown_is_rejected() {
        for act in Activation::ALL {
            assert_eq!(act.name().parse::<Activation>().unwrap(), act);
        }
        assert!("softmax"
            .parse::<Activation>()
            .unwrap_err()
            .contains("softmax"));
    }

    #[test]
    fn only_squashing_units_saturate_and_only_relu_dies() {
        assert!(Activation::Sigmoid.is_saturated(5.0));
        assert!(!Activation::Sigmoid.is_saturated(3.0));
        assert!(Activation::Tanh.is_saturated(-2.5));
        assert!(!Activation::Relu.is_saturated(100.0));
        assert!(Activation::Relu.can_die() && !Activation::LeakyRelu.can_die());
    }
}
