//! Thinning long histories for drawing.
//!
//! A run may last 100,000 epochs but a chart is a few hundred pixels wide. Striding would
//! drop exactly the spikes a learner needs to see (a loss blow-up, a gradient burst), so
//! each bucket keeps its minimum and its maximum instead.

/// At most `max_points` of `points` (in order): the first and the last, and from each of
/// the `(max_points − 2) / 3` equal buckets between them, the points holding the bucket's
/// smallest and largest finite value. A bucket holding a non-finite value keeps its first
/// one too, so a break in the curve survives thinning. Short series come back unchanged.
pub fn decimate_min_max(points: &[(f64, f64)], max_points: usize) -> Vec<(f64, f64)> {
    let n = points.len();
    if n <= max_points {
        return points.to_vec();
    }
    // A bucket may keep three points (min, max, a NaN), so budget for that.
    let buckets = max_points.saturating_sub(2) / 3;
    if buckets == 0 {
        return [points[0], points[n - 1]][..max_points.min(2)].to_vec();
    }
    let interior = &points[1..n - 1];
    let size = interior.len().div_ceil(buckets);
    let mut out = Vec::with_capacity(max_points);
    out.push(points[0]);
    for (b, bucket) in interior.chunks(size).enumerate() {
        let offset = b * size;
        out.extend(extremes(bucket).into_iter().map(|i| interior[offset + i]));
    }
    out.push(points[n - 1]);
    out
}

/// Indices (ascending, no repeats) of the minimum, the maximum and the first non-finite
/// value of `bucket`.
fn extremes(bucket: &[(f64, f64)]) -> Vec<usize> {
    let mut lo: Option<usize> = None;
    let mut hi: Option<usize> = None;
    let mut broken: Option<usize> = None;
    for (i, &(_, v)) in bucket.iter().enumerate() {
        if !v.is_finite() {
            broken = broken.or(Some(i));
            continue;
        }
        if lo.is_none_or(|j| v < bucket[j].1) {
            lo = Some(i);
        }
        if hi.is_none_or(|j| v > bucket[j].1) {
            hi = Some(i);
        }
    }
    let mut keep: Vec<usize> = [lo, hi, broken].into_iter().flatten().collect();
    keep.sort_unstable();
    keep.dedup();
    keep
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(n: usize) -> Vec<(f64, f64)> {
        (0..n)
            .map(|i| (i as f64, (i as f64 * 0.01).sin()))
            .collect()
    }

    #[test]
    fn short_series_come_back_unchanged() {
        let s = series(50);
        assert_eq!(decimate_min_max(&s, 50), s);
        assert_eq!(decimate_min_max(&[], 10), vec![]);
    }

    #[test]
    fn long_series_fit_the_budget_in_order_with_both_ends() {
        let s = series(100_000);
        for max in [4, 5, 100, 2000] {
            let d = decimate_min_max(&s, max);
            assert!(d.len() <= max, "{} > {max}", d.len());
            assert_eq!(d[0], s[0]);
            assert_eq!(*d.last().unwrap(), s[99_999]);
            assert!(d.windows(2).all(|w| w[0].0 < w[1].0));
        }
    }

    #[test]
    fn a_single_spike_survives() {
        let mut s: Vec<(f64, f64)> = (0..100_000).map(|i| (i as f64, 1.0)).collect();
        s[31_337].1 = 1e6;
        s[77_777].1 = 1e-9;
        let d = decimate_min_max(&s, 300);
        assert!(d.contains(&(31_337.0, 1e6)));
        assert!(d.contains(&(77_777.0, 1e-9)));
    }

    #[test]
    fn non_finite_values_keep_their_break_and_do_not_panic() {
        let mut s = series(10_000);
        s[5_000].1 = f64::NAN;
        s[6_000].1 = f64::INFINITY;
        let d = decimate_min_max(&s, 100);
        assert!(d.len() <= 100);
        assert!(d.iter().any(|p| p.0 == 5_000.0 && p.1.is_nan()));
        let all_nan = vec![(0.0, f64::NAN); 1000];
        assert!(decimate_min_max(&all_nan, 10).len() <= 10);
    }

    #[test]
    fn tiny_budgets_keep_the_ends() {
        let s = series(10);
        assert_eq!(decimate_min_max(&s, 0), vec![]);
        assert_eq!(decimate_min_max(&s, 1), vec![s[0]]);
        assert_eq!(decimate_min_max(&s, 2), vec![s[0], s[9]]);
        assert_eq!(decimate_min_max(&s, 3), vec![s[0], s[9]]);
    }
}
