//! The whole run's curves at full precision (f64), in a bounded memory, decimated for
//! display.
//!
//! A run may last millions of epochs; the page draws a few hundred points per curve. Plain
//! striding would hide exactly what a learner needs to see (a loss spike, an oscillation),
//! so thinning always keeps each stretch's minimum and maximum, in epoch order. Values stay
//! f64: a loss that has blown up to 1.6e268 is still a finite number the readouts show, and
//! the chart must draw it there, not at f32's ceiling of 3.4e38.
//!
//! Memory: each series keeps at most `SERIES_CAP` points. The last `RECENT_POINTS` stay at
//! full resolution; older ones are kept as the minimum and maximum of stretches of equal
//! width, which doubles as the run grows, so a chart of the whole run never runs short of
//! points anywhere and a spike survives as the maximum of its stretch.

use crate::train::EpochStats;

/// Display buckets per curve; each contributes up to two points.
pub const DISPLAY_BUCKETS: usize = 300;
/// Most points a series holds: 16 bytes each, so about 0.5 MB per series whatever the run
/// length (a [8, 8] network keeps 12 series).
pub const SERIES_CAP: usize = 32_768;
/// The latest points, never thinned.
pub const RECENT_POINTS: usize = 4_096;

/// One measure over the epochs: (epoch, value), epochs ascending. The latest
/// `RECENT_POINTS` are kept as they came; older ones in buckets of `width` epochs, each
/// holding its minimum and maximum. When the buckets outgrow their share of the cap, the
/// width doubles and neighbouring buckets merge: the older epochs stay evenly covered.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    width: u32,
    buckets: Vec<(u32, f64)>,
    recent: std::collections::VecDeque<(u32, f64)>,
}

impl Default for Series {
    fn default() -> Self {
        Series {
            width: 1,
            buckets: Vec::new(),
            recent: std::collections::VecDeque::new(),
        }
    }
}

impl Series {
    pub fn push(&mut self, epoch: usize, value: f64) {
        // Both buffers take their full size at the first point and never reallocate: wasm
        // memory never shrinks, so buffers that doubled as they filled left freed blocks
        // of every size behind them (see `Records::push`).
        if self.recent.capacity() == 0 {
            self.recent.reserve_exact(RECENT_POINTS + 1);
            self.buckets.reserve_exact(SERIES_CAP - RECENT_POINTS + 2);
        }
        self.recent.push_back((epoch as u32, value));
        if self.recent.len() > RECENT_POINTS {
            if let Some(p) = self.recent.pop_front() {
                self.add_older(p);
            }
        }
    }

    fn add_older(&mut self, p: (u32, f64)) {
        let bucket = p.0 / self.width;
        let n = self.buckets.len();
        let same = |q: &(u32, f64)| q.0 / self.width == bucket;
        let start = match n {
            0 => 0,
            _ if n >= 2 && same(&self.buckets[n - 2]) => n - 2,
            _ if same(&self.buckets[n - 1]) => n - 1,
            _ => n,
        };
        // A bucket holds at most two points, so the group is at most three: no allocation.
        let mut group = [p; 3];
        let held = n - start;
        group[..held].copy_from_slice(&self.buckets[start..]);
        group[held] = p;
        self.buckets.truncate(start);
        for q in extremes(&group[..=held]).into_iter().flatten() {
            self.buckets.push(q);
        }
        if self.buckets.len() > SERIES_CAP - RECENT_POINTS {
            self.width = self.width.saturating_mul(2);
            self.merge_buckets();
        }
    }

    /// Merges the buckets into ones of the current `width`, in place: each group of
    /// points writes at most two, and never more than it read, so the write position
    /// never passes the read position.
    fn merge_buckets(&mut self) {
        let (len, width) = (self.buckets.len(), self.width);
        let (mut read, mut write) = (0, 0);
        while read < len {
            let bucket = self.buckets[read].0 / width;
            let mut end = read + 1;
            while end < len && self.buckets[end].0 / width == bucket {
                end += 1;
            }
            for q in extremes(&self.buckets[read..end]).into_iter().flatten() {
                self.buckets[write] = q;
                write += 1;
            }
            read = end;
        }
        self.buckets.truncate(write);
    }

    /// The points held, oldest first.
    pub fn points(&self) -> impl Iterator<Item = (u32, f64)> + '_ {
        self.buckets.iter().chain(self.recent.iter()).copied()
    }

    pub fn len(&self) -> usize {
        self.buckets.len() + self.recent.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The first epoch held, if any.
    pub fn first_epoch(&self) -> Option<u32> {
        self.points().next().map(|p| p.0)
    }

    pub fn decimate(&self, buckets: usize) -> Curve {
        decimate_points(self.points(), self.len(), buckets)
    }
}

/// The minimum and maximum finite points of `group`, in epoch order (one when they are
/// the same point); nothing when none is finite.
fn extremes(group: &[(u32, f64)]) -> [Option<(u32, f64)>; 2] {
    let finite = group.iter().filter(|p| p.1.is_finite());
    let Some((lo, hi)) = finite.fold(None, |acc: Option<((u32, f64), (u32, f64))>, &p| {
        Some(match acc {
            None => (p, p),
            Some((lo, hi)) => (
                if p.1 < lo.1 { p } else { lo },
                if p.1 > hi.1 { p } else { hi },
            ),
        })
    }) else {
        return [None, None];
    };
    let (a, b) = if lo.0 <= hi.0 { (lo, hi) } else { (hi, lo) };
    [Some(a), (b.0 != a.0).then_some(b)]
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    /// Epochs recorded, epoch 0 included.
    epochs: usize,
    pub train_loss: Series,
    pub test_loss: Series,
    /// Empty unless early stopping holds validation points out.
    pub validation_loss: Series,
    /// One series per weight layer, input side first. Losses and weight norms start at
    /// epoch 0 (the untrained network), gradient norms and update ratios at epoch 1 (the
    /// first step).
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

    /// Epochs recorded, epoch 0 included (however thinned their points are).
    pub fn len(&self) -> usize {
        self.epochs
    }

    pub fn is_empty(&self) -> bool {
        self.epochs == 0
    }

    /// The untrained network (`stats.epoch == 0`) or the next trained epoch. Only a
    /// trained epoch has gradients and updates to record.
    pub fn push(&mut self, stats: &EpochStats) {
        let e = stats.epoch;
        self.epochs += 1;
        self.train_loss.push(e, stats.train.loss);
        self.test_loss.push(e, stats.test.loss);
        if let Some(v) = stats.validation_loss {
            self.validation_loss.push(e, v);
        }
        let layers = stats.layers.len();
        self.weight_norms.resize(layers, Series::default());
        for (series, layer) in self.weight_norms.iter_mut().zip(&stats.layers) {
            series.push(e, layer.weight_norm);
        }
        if e == 0 {
            return;
        }
        self.grad_norms.resize(layers, Series::default());
        self.update_ratios.resize(layers, Series::default());
        for (l, layer) in stats.layers.iter().enumerate() {
            self.grad_norms[l].push(e, layer.grad_norm);
            self.update_ratios[l].push(e, layer.update_ratio);
        }
    }

    /// Bytes the points take: bounded by the caps, whatever the run length.
    pub fn bytes(&self) -> usize {
        let layer = |s: &[Series]| s.iter().map(Series::len).sum::<usize>();
        let n = self.train_loss.len()
            + self.test_loss.len()
            + self.validation_loss.len()
            + layer(&self.grad_norms)
            + layer(&self.update_ratios)
            + layer(&self.weight_norms);
        n * std::mem::size_of::<(u32, f64)>()
    }
}

/// At most `buckets` stretches of the points, each kept as its minimum and maximum
/// (non-finite values are dropped: a curve stops where training diverged). Short curves
/// are returned whole.
pub fn decimate(points: &[(u32, f64)], buckets: usize) -> Curve {
    decimate_points(points.iter().copied(), points.len(), buckets)
}

/// `decimate` over `len` points given one by one.
fn decimate_points(points: impl Iterator<Item = (u32, f64)>, len: usize, buckets: usize) -> Curve {
    let mut kept = Vec::new();
    let size = len.div_ceil(buckets.max(1)).max(1);
    let mut chunk = Vec::with_capacity(size);
    for p in points {
        chunk.push(p);
        if chunk.len() == size {
            kept.extend(extremes(&chunk).into_iter().flatten());
            chunk.clear();
        }
    }
    kept.extend(extremes(&chunk).into_iter().flatten());
    Curve {
        epochs: kept.iter().map(|p| p.0).collect(),
        values: kept.iter().map(|p| p.1).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(values: &[f64], first: usize) -> Vec<(u32, f64)> {
        values
            .iter()
            .enumerate()
            .map(|(i, &v)| ((first + i) as u32, v))
            .collect()
    }

    #[test]
    fn short_curves_are_kept_whole_from_their_first_epoch() {
        let c = decimate(&series(&[3.0, 2.0, 1.0], 0), 300);
        assert_eq!(c.epochs, vec![0, 1, 2]);
        assert_eq!(c.values, vec![3.0, 2.0, 1.0]);
        assert_eq!(decimate(&series(&[3.0, 2.0], 1), 300).epochs, vec![1, 2]);
    }

    #[test]
    fn long_curves_keep_spikes_and_bound_their_length() {
        let mut v: Vec<f64> = (0..100_000).map(|i| 1.0 / (1.0 + i as f64)).collect();
        v[54_321] = 50.0;
        let c = decimate(&series(&v, 1), 300);
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
        let c = decimate(&series(&[0.7, 1e21, 1.6e268], 0), 300);
        assert_eq!(c.values, vec![0.7, 1e21, 1.6e268]);
    }

    #[test]
    fn non_finite_values_are_dropped() {
        let c = decimate(&series(&[1.0, f64::NAN, f64::INFINITY], 0), 300);
        assert_eq!(c.values, vec![1.0]);
    }

    #[test]
    fn a_long_run_stays_within_its_cap_and_keeps_every_extreme() {
        let mut s = Series::default();
        let spikes = [7_777, 123_456, 2_000_001];
        for e in 0..3_000_000 {
            let v = if spikes.contains(&e) {
                1e6 + e as f64
            } else {
                (e % 97) as f64
            };
            s.push(e, v);
        }
        assert!(s.len() <= SERIES_CAP, "{}", s.len());
        let held = (s.buckets.capacity(), s.recent.capacity());
        assert!(
            held.0 <= SERIES_CAP && held.1 <= RECENT_POINTS + 8,
            "buffers {held:?}"
        );
        for spike in spikes {
            let held = s.points().any(|p| p == (spike as u32, 1e6 + spike as f64));
            assert!(held, "{spike}");
        }
        let epochs: Vec<u32> = s.points().map(|p| p.0).collect();
        assert!(epochs.windows(2).all(|w| w[0] < w[1]), "epochs ascend");
        assert_eq!(s.first_epoch(), Some(0));
        // The latest epochs are still there one by one.
        let tail = &epochs[epochs.len() - RECENT_POINTS..];
        assert!(tail.windows(2).all(|w| w[1] == w[0] + 1));
        assert_eq!(*epochs.last().unwrap(), 2_999_999);
        // Every stretch of the run still has points for a chart of 300 buckets.
        let chart = s.decimate(DISPLAY_BUCKETS);
        let gaps = chart.epochs.windows(2).map(|w| w[1] - w[0]).max().unwrap();
        assert!(gaps < 3_000_000 / 100, "largest gap {gaps} epochs");
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
        assert_eq!(h.len(), 5);
        assert_eq!(h.train_loss.first_epoch(), Some(0));
        assert_eq!(h.weight_norms[0].len(), 5);
        assert_eq!(h.grad_norms[0].first_epoch(), Some(1));
        assert_eq!(h.grad_norms[0].len(), 4);
        assert_eq!(h.update_ratios.len(), h.grad_norms.len());
        assert_eq!(h.grad_norms[0].decimate(300).epochs, vec![1, 2, 3, 4]);
        assert!(h.bytes() > 0);
    }
}
