//! The whole run's curves, kept at full precision (f64 per epoch), and decimated for
//! display.
//!
//! A run may last 100,000 epochs; the page draws a few hundred points per curve. Plain
//! striding would hide exactly what a learner needs to see (a loss spike, an oscillation),
//! so each display bucket keeps its minimum and its maximum, in epoch order. Values stay
//! f64: a loss that has blown up to 1.6e268 is still a finite number the readouts show, and
//! the chart must draw it there, not at f32's ceiling of 3.4e38.

use crate::train::EpochStats;

/// Display buckets per curve; each contributes up to two points.
pub const DISPLAY_BUCKETS: usize = 300;

/// A measure kept from some epoch on: losses and weight norms from epoch 0 (the untrained
/// network), gradient norms and update ratios from epoch 1 (the first step).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Series {
    pub first_epoch: usize,
    pub values: Vec<f64>,
}

impl Series {
    fn starting_at(first_epoch: usize) -> Self {
        Series {
            first_epoch,
            values: Vec::new(),
        }
    }

    pub fn decimate(&self, buckets: usize) -> Curve {
        decimate(&self.values, buckets, self.first_epoch)
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    pub train_loss: Vec<f64>,
    pub test_loss: Vec<f64>,
    /// Empty unless early stopping holds validation points out; then one value per epoch.
    pub validation_loss: Vec<f64>,
    /// One series per weight layer, input side first.
    pub grad_norms: Vec<Series>,
    pub update_ratios: Vec<Series>,
    pub weight_norms: Vec<Series>,
}

/// A decimated curve: epoch numbers and values, same length.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Curve {
    pub epochs: Vec<u32>,
    pub values: Vec<f64>,
}

impl History {
    pub fn clear(&mut self) {
        *self = History::default();
    }

    /// Recorded epochs, epoch 0 included.
    pub fn len(&self) -> usize {
        self.train_loss.len()
    }

    pub fn is_empty(&self) -> bool {
        self.train_loss.is_empty()
    }

    /// The first epoch of the run (`stats.epoch == 0`: the untrained network) or the next
    /// trained one. Only a trained epoch has gradients and updates to record.
    pub fn push(&mut self, stats: &EpochStats) {
        self.train_loss.push(stats.train.loss);
        self.test_loss.push(stats.test.loss);
        if let Some(v) = stats.validation_loss {
            self.validation_loss.push(v);
        }
        let layers = stats.layers.len();
        let first = stats.epoch;
        self.weight_norms.resize(layers, Series::starting_at(first));
        for (series, layer) in self.weight_norms.iter_mut().zip(&stats.layers) {
            series.values.push(layer.weight_norm);
        }
        if stats.epoch == 0 {
            return;
        }
        self.grad_norms.resize(layers, Series::starting_at(first));
        self.update_ratios
            .resize(layers, Series::starting_at(first));
        for (l, layer) in stats.layers.iter().enumerate() {
            self.grad_norms[l].values.push(layer.grad_norm);
            self.update_ratios[l].values.push(layer.update_ratio);
        }
    }

    /// The loss curves start where the history does.
    pub fn first_epoch(&self) -> usize {
        self.weight_norms.first().map_or(0, |s| s.first_epoch)
    }
}

/// Keeps each bucket's minimum and maximum (non-finite values are dropped: a curve stops
/// where training diverged). Short curves are returned whole. `values[i]` is epoch
/// `first_epoch + i`.
pub fn decimate(values: &[f64], buckets: usize, first_epoch: usize) -> Curve {
    let mut out = Curve::default();
    let buckets = buckets.max(1);
    let size = values.len().div_ceil(buckets).max(1);
    for (b, chunk) in values.chunks(size).enumerate() {
        let base = b * size;
        let finite = chunk.iter().enumerate().filter(|(_, v)| v.is_finite());
        let Some((lo, hi)) = finite.fold(
            None,
            |acc: Option<((usize, f64), (usize, f64))>, (i, &v)| {
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
            out.epochs.push((first_epoch + base + i) as u32);
            out.values.push(*v);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_curves_are_kept_whole_from_their_first_epoch() {
        let c = decimate(&[3.0, 2.0, 1.0], 300, 0);
        assert_eq!(c.epochs, vec![0, 1, 2]);
        assert_eq!(c.values, vec![3.0, 2.0, 1.0]);
        assert_eq!(decimate(&[3.0, 2.0], 300, 1).epochs, vec![1, 2]);
    }

    #[test]
    fn long_curves_keep_spikes_and_bound_their_length() {
        let mut v: Vec<f64> = (0..100_000).map(|i| 1.0 / (1.0 + i as f64)).collect();
        v[54_321] = 50.0;
        let c = decimate(&v, 300, 1);
        assert!(c.values.len() <= 600 && c.values.len() >= 300);
        assert!(c.values.contains(&50.0));
        assert_eq!(
            c.epochs[c.values.iter().position(|&x| x == 50.0).unwrap()],
            54_322
        );
        assert!(c.epochs.windows(2).all(|w| w[0] < w[1]), "epochs ascend");
    }

    #[test]
    fn a_blown_up_loss_keeps_its_size() {
        let c = decimate(&[0.7, 1e21, 1.6e268], 300, 0);
        assert_eq!(c.values, vec![0.7, 1e21, 1.6e268]);
    }

    #[test]
    fn non_finite_values_are_dropped() {
        let c = decimate(&[1.0, f64::NAN, f64::INFINITY], 300, 0);
        assert_eq!(c.values, vec![1.0]);
    }

    #[test]
    fn epoch_zero_has_losses_and_weights_but_no_steps() {
        let config = crate::scenario::Config {
            seed: 3,
            ..Default::default()
        };
        let mut trainer = crate::train::Trainer::new(&config).unwrap();
        let mut h = History::default();
        h.push(&trainer.evaluate());
        for s in trainer.step(4).epochs {
            h.push(&s);
        }
        assert_eq!((h.len(), h.first_epoch()), (5, 0));
        assert_eq!(h.weight_norms[0].values.len(), 5);
        assert_eq!(h.grad_norms[0].first_epoch, 1);
        assert_eq!(h.grad_norms[0].values.len(), 4);
        assert_eq!(h.update_ratios.len(), h.grad_norms.len());
        assert_eq!(h.grad_norms[0].decimate(300).epochs, vec![1, 2, 3, 4]);
    }
}
