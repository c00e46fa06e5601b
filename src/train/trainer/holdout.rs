//! The validation split early stopping watches: a share of the training points, held out
//! from training. Watching the test set instead would choose the stopping epoch by the very
//! numbers then reported as the model's test accuracy, which flatters it.

use crate::data::dataset::Dataset;
use crate::rng::Rng;

/// Points held out, at least one, and never so many that fewer than two remain to train on
/// (sets of fewer than three points are not split).
pub fn held_out_count(n: usize, fraction: f64) -> usize {
    if fraction <= 0.0 || n < 3 {
        return 0;
    }
    ((fraction * n as f64).round() as usize).clamp(1, n - 2)
}

/// Splits `train` into the points trained on and the validation points. The choice is a
/// seeded shuffle on a stream of its own, and depends only on the training set and seed, so
/// generated data, a CSV file and a replayed run bundle split the same way. Both parts keep
/// the training set's order.
pub fn split(train: &Dataset, fraction: f64, seed: u64) -> (Dataset, Option<Dataset>) {
    let k = held_out_count(train.len(), fraction);
    if k == 0 {
        return (train.clone(), None);
    }
    let order = Rng::stream(seed, Rng::STREAM_VALIDATION).permutation(train.len());
    let mut held = vec![false; train.len()];
    for &i in &order[..k] {
        held[i] = true;
    }
    let (mut fit, mut validation) = (Dataset::default(), Dataset::default());
    for (i, (&point, &label)) in train.points.iter().zip(&train.labels).enumerate() {
        let part = if held[i] { &mut validation } else { &mut fit };
        part.points.push(point);
        part.labels.push(label);
    }
    (fit, Some(validation))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(n: usize) -> Dataset {
        Dataset {
            points: (0..n).map(|i| [i as f64, 0.0]).collect(),
            labels: (0..n).map(|i| (i % 2) as u8).collect(),
        }
    }

    #[test]
    fn counts_round_and_leave_points_to_train_on() {
        assert_eq!(held_out_count(20, 0.25), 5);
        assert_eq!(held_out_count(100, 0.2), 20);
        assert_eq!(held_out_count(10, 0.01), 1, "at least one");
        assert_eq!(held_out_count(4, 0.5), 2);
        assert_eq!(held_out_count(3, 0.9), 1, "two stay");
        assert_eq!(held_out_count(2, 0.5), 0, "too small to split");
        assert_eq!(held_out_count(50, 0.0), 0);
    }

    #[test]
    fn the_parts_partition_the_set_in_order_and_depend_on_the_seed() {
        let train = set(40);
        let (fit, validation) = split(&train, 0.25, 7);
        let validation = validation.unwrap();
        assert_eq!((fit.len(), validation.len()), (30, 10));
        let mut all: Vec<f64> = fit
            .points
            .iter()
            .chain(&validation.points)
            .map(|p| p[0])
            .collect();
        all.sort_by(f64::total_cmp);
        assert_eq!(all, (0..40).map(|i| i as f64).collect::<Vec<_>>());
        for part in [&fit, &validation] {
            assert!(
                part.points.windows(2).all(|w| w[0][0] < w[1][0]),
                "order kept"
            );
            let labels_follow = part.points.iter().zip(&part.labels);
            assert!(labels_follow
                .into_iter()
                .all(|(p, &l)| l == (p[0] as usize % 2) as u8));
        }
        assert_eq!(
            split(&train, 0.25, 7),
            (fit.clone(), Some(validation.clone()))
        );
        assert_ne!(split(&train, 0.25, 8).1.unwrap(), validation);
        assert_eq!(split(&train, 0.0, 7), (train, None));
    }
}
