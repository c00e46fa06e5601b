//! The whole run's curves, kept compactly (f32 per epoch), and decimated for display.
//!
//! A run may last 100,000 epochs; the page draws a few hundred points per curve. Plain
//! striding would hide exactly what a learner needs to see (a loss spike, an oscillation),
//! so each display bucket keeps its minimum and its maximum, in epoch order.

use crate::train::EpochStats;

/// Display buckets per curve; each contributes up to two points.
pub const DISPLAY_BUCKETS: usize = 300;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    pub train_loss: Vec<f32>,
    pub test_loss: Vec<f32>,
    /// Empty unless early stopping holds validation points out; then one value per epoch.
    pub validation_loss: Vec<f32>,
    /// One curve per weight layer, input side first.
    pub grad_norms: Vec<Vec<f32>>,
}

/// A decimated curve: epoch numbers (1-based) and values, same length.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Curve {
    pub epochs: Vec<u32>,
    pub values: Vec<f32>,
}

impl History {
    pub fn clear(&mut self) {
        self.train_loss.clear();
        self.test_loss.clear();
        self.validation_loss.clear();
        self.grad_norms.clear();
    }

    pub fn len(&self) -> usize {
        self.train_loss.len()
    }

    pub fn is_empty(&self) -> bool {
        self.train_loss.is_empty()
    }

    pub fn push(&mut self, stats: &EpochStats) {
        self.train_loss.push(saturating_f32(stats.train.loss));
        self.test_loss.push(saturating_f32(stats.test.loss));
        if let Some(v) = stats.validation_loss {
            self.validation_loss.push(saturating_f32(v));
        }
        self.grad_norms.resize(stats.layers.len(), Vec::new());
        for (curve, layer) in self.grad_norms.iter_mut().zip(&stats.layers) {
            curve.push(saturating_f32(layer.grad_norm));
        }
    }
}

/// `v` as f32, with finite values beyond f32's range pinned to its largest. A plain cast
/// makes them infinite, and the curve of a run blowing up (a loss of 1e268 is still
/// finite) would stop where it climbs past 3.4e38 instead of at its real end.
fn saturating_f32(v: f64) -> f32 {
    if v.is_finite() {
        v.clamp(-f64::from(f32::MAX), f64::from(f32::MAX)) as f32
    } else {
        v as f32
    }
}

/// Keeps each bucket's minimum and maximum (non-finite values are dropped: a curve stops
/// where training diverged). Short curves are returned whole.
pub fn decimate(values: &[f32], buckets: usize) -> Curve {
    let mut out = Curve::default();
    let buckets = buckets.max(1);
    let size = values.len().div_ceil(buckets).max(1);
    for (b, chunk) in values.chunks(size).enumerate() {
        let base = b * size;
        let finite = chunk.iter().enumerate().filter(|(_, v)| v.is_finite());
        let Some((lo, hi)) = finite.fold(
            None,
            |acc: Option<((usize, f32), (usize, f32))>, (i, &v)| {
                Some(match acc {
                    None => ((i, v), (i, v)),
                    Some((lo, hi)) => (
                        if v < lo.1 { (i, v) } else { lo },
                        if v > hi.1 { (i, v) } else { hi },
                    ),
                })
            },
        ) else {
            continue;
        };
        let mut pair = [lo, hi];
        pair.sort_by_key(|p| p.0);
        for (k, (i, v)) in pair.iter().enumerate() {
            if k == 1 && pair[0].0 == pair[1].0 {
                break;
            }
            out.epochs.push((base + i + 1) as u32);
            out.values.push(*v);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_curves_are_kept_whole() {
        let c = decimate(&[3.0, 2.0, 1.0], 300);
        assert_eq!(c.epochs, vec![1, 2, 3]);
        assert_eq!(c.values, vec![3.0, 2.0, 1.0]);
    }

    #[test]
    fn long_curves_keep_spikes_and_bound_their_length() {
        let mut v: Vec<f32> = (0..100_000).map(|i| 1.0 / (1.0 + i as f32)).collect();
        v[54_321] = 50.0;
        let c = decimate(&v, 300);
        assert!(c.values.len() <= 600 && c.values.len() >= 300);
        assert!(c.values.contains(&50.0));
        assert_eq!(
            c.epochs[c.values.iter().position(|&x| x == 50.0).unwrap()],
            54_322
        );
        assert!(c.epochs.windows(2).all(|w| w[0] < w[1]), "epochs ascend");
    }

    #[test]
    fn finite_values_beyond_f32_stay_on_the_curve_and_non_finite_ones_do_not() {
        assert_eq!(saturating_f32(1.6e268), f32::MAX);
        assert_eq!(saturating_f32(-1e300), -f32::MAX);
        assert_eq!(saturating_f32(0.25), 0.25);
        assert_eq!(saturating_f32(f64::INFINITY), f32::INFINITY);
        assert!(saturating_f32(f64::NAN).is_nan());
    }

    #[test]
    fn non_finite_values_are_dropped() {
        let c = decimate(&[1.0, f32::NAN, f32::INFINITY], 300);
        assert_eq!(c.values, vec![1.0]);
    }
}
