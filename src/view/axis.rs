//! Axis ranges and tick labels chosen from the data, robust to empty, flat and non-finite
//! series.
//!
//! Log axes are drawn as linear axes over log₁₀ of the values, with ticks on whole decades
//! labelled as powers of ten: plotters' own log axis labels 1-2-5 steps in plain decimals
//! ("0.000001"), which a learner cannot compare at a glance.

use std::ops::Range;

/// How a value axis maps numbers to height.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum YScale {
    /// Log when the values span more than `AUTO_LOG_DECADES`, else linear: a loss that
    /// climbs from 0.7 to 1e268 is a straight climb on a log axis and a cliff to a plateau
    /// on a linear one.
    #[default]
    Auto,
    Linear,
    /// Equal height per decade: the only way to see 1e-6 and 1e-1 on one chart.
    Log,
}

/// Decades the positive values must span before `YScale::Auto` picks a log axis.
pub const AUTO_LOG_DECADES: f64 = 3.0;

impl YScale {
    /// The scale to draw `values` on: `Auto` resolved, the others as they are.
    pub fn resolve(self, values: &[f64]) -> YScale {
        if self != YScale::Auto {
            return self;
        }
        let positive = values.iter().copied().filter(|v| *v > 0.0 && v.is_finite());
        match finite_bounds(positive) {
            Some((lo, hi)) if (hi / lo).log10() > AUTO_LOG_DECADES => YScale::Log,
            _ => YScale::Linear,
        }
    }
}

/// Decades shown when a log axis has no positive finite value to fit.
const EMPTY_DECADES: Range<f64> = -4.0..0.0;
/// Most labelled decades on a log axis; more are thinned to every k-th.
const MAX_DECADE_TICKS: usize = 8;
/// Headroom above the largest value on a linear axis, as a fraction of it.
const HEADROOM: f64 = 0.05;

/// The finite values' (min, max), or none.
pub(crate) fn finite_bounds(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })
}

/// A linear value axis: from 0 (or the minimum, if negative) to a little above the
/// maximum; never empty.
pub(crate) fn linear_range(values: impl IntoIterator<Item = f64>) -> Range<f64> {
    let (lo, hi) = finite_bounds(values).unwrap_or((0.0, 1.0));
    let lo = lo.min(0.0);
    let hi = if hi > lo { hi } else { lo + 1.0 };
    lo..hi + (hi - lo) * HEADROOM
}

/// A log₁₀ axis covering the positive finite values, widened to whole decades.
pub(crate) fn decade_range(values: impl IntoIterator<Item = f64>) -> Range<f64> {
    let logs = values
        .into_iter()
        .filter(|v| *v > 0.0 && v.is_finite())
        .map(f64::log10);
    match finite_bounds(logs) {
        None => EMPTY_DECADES,
        Some((lo, hi)) => {
            let (lo, hi) = (lo.floor(), hi.ceil());
            lo..if hi > lo { hi } else { lo + 1.0 }
        }
    }
}

/// Whole-decade tick positions within `range`, thinned to at most about `MAX_DECADE_TICKS`
/// at multiples of the thinning step (10⁰, 10⁸, 10¹⁶, not 10⁵, 10¹³). With `floor`, the
/// bottom of the range is a tick too, displacing a thinned tick that would crowd it.
pub(crate) fn decade_ticks(range: &Range<f64>) -> Vec<f64> {
    let (lo, hi) = (range.start.ceil() as i64, range.end.floor() as i64);
    let count = (hi - lo + 1).max(1) as usize;
    let wanted = count.div_ceil(MAX_DECADE_TICKS).max(1) as i64;
    let step = [1, 2, 5, 10, 20, 50, 100]
        .into_iter()
        .find(|&s| s >= wanted)
        .unwrap_or(wanted);
    (lo..=hi)
        .filter(|d| d.rem_euclid(step) == 0)
        .map(|d| d as f64)
        .collect()
}

/// "10⁻⁶" for −6: powers of ten as a learner writes them.
pub(crate) fn power_of_ten(exponent: f64) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    let e = exponent.round() as i64;
    match e {
        0 => "1".into(),
        1 => "10".into(),
        _ => {
            let sign = if e < 0 { "⁻" } else { "" };
            let digits: String = e
                .unsigned_abs()
                .to_string()
                .bytes()
                .map(|b| DIGITS[usize::from(b - b'0')])
                .collect();
            format!("10{sign}{digits}")
        }
    }
}

/// The log₁₀ of `v` for drawing on a decade axis, or none for a value with no place on
/// it: zero (a gradient that is exactly zero), negative or non-finite. Such a point is a
/// gap, marked by the chart, never a line down to a floor that reads as "tiny".
pub(crate) fn to_decades(v: f64, range: &Range<f64>) -> Option<f64> {
    (v > 0.0 && v.is_finite()).then(|| v.log10().max(range.start))
}

/// The epoch axis: 0 to the last epoch, at least one epoch wide.
pub(crate) fn epoch_range(last_epoch: f64) -> Range<f64> {
    let last = if last_epoch.is_finite() {
        last_epoch
    } else {
        0.0
    };
    0.0..last.max(1.0)
}

/// Round-number ticks (steps of 1, 2 or 5 × 10ᵏ, at least `min_step`) inside `range`, at
/// most about `max_ticks` of them.
pub(crate) fn nice_ticks(range: &Range<f64>, max_ticks: usize, min_step: f64) -> Vec<f64> {
    let span = range.end - range.start;
    if !(span.is_finite() && span > 0.0) {
        return vec![range.start];
    }
    let raw = (span / max_ticks.max(1) as f64).max(min_step);
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw * (1.0 - 1e-9))
        .unwrap_or(10.0 * magnitude);
    let first = (range.start / step - 1e-9).ceil() as i64;
    let last = (range.end / step + 1e-9).floor() as i64;
    (first..=last).map(|k| k as f64 * step).collect()
}

/// Decimals needed to tell neighbouring ticks apart.
pub(crate) fn tick_decimals(ticks: &[f64]) -> usize {
    match ticks {
        [a, b, ..] if b > a => (-(b - a).log10().floor()).max(0.0) as usize,
        _ => 0,
    }
}

/// Splits a series into runs of drawable points: a non-finite value ends a run, so a
/// diverged curve stops instead of diving to the axis.
pub(crate) fn runs(points: impl IntoIterator<Item = Option<(f64, f64)>>) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    for p in points {
        match p {
            Some(p) if p.0.is_finite() && p.1.is_finite() => out.last_mut().unwrap().push(p),
            _ if out.last().is_some_and(|r| !r.is_empty()) => out.push(Vec::new()),
            _ => {}
        }
    }
    out.retain(|r| !r.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decade_range_spans_vanishing_to_healthy_gradients() {
        let r = decade_range([1e-6, 3e-4, 0.12, 0.0, f64::NAN]);
        assert_eq!(r, -6.0..0.0);
        assert_eq!(decade_range([]), EMPTY_DECADES);
        assert_eq!(decade_range([0.0, 0.0]), EMPTY_DECADES);
        assert_eq!(decade_range([1.0]), 0.0..1.0);
    }

    #[test]
    fn linear_range_is_never_empty() {
        assert_eq!(linear_range([]), 0.0..1.05);
        assert_eq!(linear_range([0.0, 0.0]), 0.0..1.05);
        assert_eq!(linear_range([f64::NAN, f64::INFINITY]), 0.0..1.05);
        let r = linear_range([0.2, 0.7]);
        assert!(r.start == 0.0 && r.end > 0.7);
    }

    #[test]
    fn decade_ticks_are_whole_and_few() {
        assert_eq!(decade_ticks(&(-3.0..0.0)), vec![-3.0, -2.0, -1.0, 0.0]);
        let many = decade_ticks(&(-40.0..40.0));
        assert!(many.len() <= MAX_DECADE_TICKS + 1, "{many:?}");
        assert!(many.iter().all(|t| t.rem_euclid(10.0) == 0.0), "{many:?}");
    }

    #[test]
    fn auto_scale_goes_log_past_three_decades() {
        assert_eq!(YScale::Auto.resolve(&[0.7, 0.3, 0.05]), YScale::Linear);
        assert_eq!(YScale::Auto.resolve(&[0.7, 1e21, 1.6e268]), YScale::Log);
        assert_eq!(YScale::Auto.resolve(&[0.0, 0.7, 1e-4]), YScale::Log);
        assert_eq!(YScale::Auto.resolve(&[]), YScale::Linear);
        assert_eq!(YScale::Linear.resolve(&[1e-9, 1e9]), YScale::Linear);
    }

    #[test]
    fn powers_of_ten_read_naturally() {
        assert_eq!(power_of_ten(-6.0), "10⁻⁶");
        assert_eq!(power_of_ten(0.0), "1");
        assert_eq!(power_of_ten(1.0), "10");
        assert_eq!(power_of_ten(12.0), "10¹²");
    }

    #[test]
    fn zeros_and_non_finite_values_have_no_place_on_a_log_axis() {
        let r = -8.0..0.0;
        assert_eq!(to_decades(0.0, &r), None);
        assert_eq!(to_decades(-1.0, &r), None);
        assert_eq!(to_decades(1e-300, &r), Some(-8.0));
        assert_eq!(to_decades(f64::NAN, &r), None);
        assert_eq!(to_decades(f64::INFINITY, &r), None);
        assert_eq!(to_decades(0.01, &r), Some(-2.0));
    }

    #[test]
    fn nice_ticks_step_in_ones_twos_and_fives() {
        let fifths = nice_ticks(&(0.0..1.0), 5, 0.0);
        let expected = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0];
        assert_eq!(fifths.len(), expected.len());
        assert!(fifths
            .iter()
            .zip(expected)
            .all(|(a, b)| (a - b).abs() < 1e-12));
        assert_eq!(nice_ticks(&(0.0..1000.0), 5, 1.0).len(), 6);
        assert_eq!(nice_ticks(&(0.0..1.0), 5, 1.0), vec![0.0, 1.0]);
        assert_eq!(nice_ticks(&(3.0..3.0), 5, 1.0), vec![3.0]);
        assert_eq!(tick_decimals(&[0.0, 0.2]), 1);
        assert_eq!(tick_decimals(&[0.0, 200.0]), 0);
    }

    #[test]
    fn runs_break_at_gaps() {
        let pts = [
            Some((0.0, 1.0)),
            Some((1.0, 2.0)),
            None,
            None,
            Some((4.0, 1.0)),
        ];
        assert_eq!(runs(pts).len(), 2);
        assert!(runs([None, Some((0.0, f64::NAN))]).is_empty());
    }
}
