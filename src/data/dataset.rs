//! Labelled point sets, and building the train/test split with its data bugs.

use super::config::{minority_count, DataConfig, DatasetKind};
use super::generators::sample;
use crate::rng::Rng;

/// Raw 2-D points (in domain units, before any preprocessing) and their 0/1 labels.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dataset {
    pub points: Vec<[f64; 2]>,
    pub labels: Vec<u8>,
}

impl Dataset {
    pub fn len(&self) -> usize {
        self.points.len()
    }

    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    pub fn count_class(&self, class: u8) -> usize {
        self.labels.iter().filter(|&&l| l == class).count()
    }

    fn push(&mut self, point: [f64; 2], label: u8) {
        self.points.push(point);
        self.labels.push(label);
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct DataSplit {
    pub train: Dataset,
    pub test: Dataset,
}

/// Draws `n` points with the configured class balance, in shuffled order.
fn draw(config: &DataConfig, n: usize, rng: &mut Rng) -> Dataset {
    let minority = minority_count(n, config.imbalance_ratio).max(1);
    let mut set = Dataset::default();
    for i in 0..n {
        let class = u8::from(i < minority);
        set.push(sample(config.dataset, class, config.noise, rng), class);
    }
    let order = rng.permutation(n);
    Dataset {
        points: order.iter().map(|&i| set.points[i]).collect(),
        labels: order.iter().map(|&i| set.labels[i]).collect(),
    }
}

/// Generates the split for a generated dataset. The test set is clean: label noise,
/// shuffled labels and resampling touch only the training set, so test metrics measure
/// how well the network learned the true task. Train and test come from separate streams,
/// so a remedy that changes the training set (more data, resampling) keeps the same test set.
pub fn generate(config: &DataConfig, train_rng: &mut Rng, test_rng: &mut Rng) -> DataSplit {
    debug_assert!(config.dataset != DatasetKind::Custom);
    let train = draw(config, config.train_size, train_rng);
    let test = draw(config, config.test_size, test_rng);
    DataSplit {
        train: corrupt_training_set(config, train, train_rng),
        test,
    }
}

/// `generate` with both streams derived from one seed, as the trainer does.
pub fn generate_seeded(config: &DataConfig, seed: u64) -> DataSplit {
    let mut train_rng = Rng::stream(seed, Rng::STREAM_TRAIN_DATA);
    let mut test_rng = Rng::stream(seed, Rng::STREAM_TEST_DATA);
    generate(config, &mut train_rng, &mut test_rng)
}

/// Applies the training-set bugs and remedies, in pipeline order.
pub fn corrupt_training_set(config: &DataConfig, mut train: Dataset, rng: &mut Rng) -> Dataset {
    if config.label_noise > 0.0 {
        if config.exact_label_noise {
            flip_exactly(&mut train.labels, config.label_noise, rng);
        } else {
            for label in &mut train.labels {
                if rng.chance(config.label_noise) {
                    *label = 1 - *label;
                }
            }
        }
    }
    if config.shuffled_labels {
        rng.shuffle(&mut train.labels);
    }
    if config.resample {
        train = oversample_minority(train, rng);
    }
    train
}

/// Flips exactly `round(fraction · n)` labels, chosen at random.
fn flip_exactly(labels: &mut [u8], fraction: f64, rng: &mut Rng) {
    let order = rng.permutation(labels.len());
    let count = (fraction * labels.len() as f64).round() as usize;
    for &i in &order[..count.min(labels.len())] {
        labels[i] = 1 - labels[i];
    }
}

/// Duplicates random minority points until both classes have the same count.
pub fn oversample_minority(mut set: Dataset, rng: &mut Rng) -> Dataset {
    let (n0, n1) = (set.count_class(0), set.count_class(1));
    let minority = u8::from(n1 < n0);
    let pool: Vec<usize> = (0..set.len())
        .filter(|&i| set.labels[i] == minority)
        .collect();
    if pool.is_empty() {
        return set;
    }
    for _ in 0..n0.abs_diff(n1) {
        let i = pool[rng.below(pool.len())];
        set.push(set.points[i], minority);
    }
    set
}

/// Splits user-supplied points into train and test, after a seeded shuffle.
pub fn split_custom(points: &Dataset, test_fraction: f64, rng: &mut Rng) -> DataSplit {
    let order = rng.permutation(points.len());
    let n_test =
        ((points.len() as f64 * test_fraction).round() as usize).clamp(1, points.len() - 1);
    let pick = |idx: &[usize]| Dataset {
        points: idx.iter().map(|&i| points.points[i]).collect(),
        labels: idx.iter().map(|&i| points.labels[i]).collect(),
    };
    DataSplit {
        train: pick(&order[n_test..]),
        test: pick(&order[..n_test]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_balance_follow_the_config() {
        let config = DataConfig {
            train_size: 200,
            test_size: 100,
            imbalance_ratio: 9.0,
            ..Default::default()
        };
        let split = generate_seeded(&config, 1);
        assert_eq!((split.train.len(), split.test.len()), (200, 100));
        assert_eq!(split.train.count_class(1), 20);
        assert_eq!(split.test.count_class(1), 10);
    }

    #[test]
    fn same_seed_same_data_and_other_seed_other_data() {
        let config = DataConfig::default();
        let a = generate_seeded(&config, 4);
        assert_eq!(a, generate_seeded(&config, 4));
        assert_ne!(a, generate_seeded(&config, 5));
    }

    #[test]
    fn more_training_data_keeps_the_same_test_set() {
        let small = DataConfig {
            train_size: 20,
            ..Default::default()
        };
        let large = DataConfig {
            train_size: 500,
            ..Default::default()
        };
        assert_eq!(
            generate_seeded(&small, 6).test,
            generate_seeded(&large, 6).test
        );
    }

    #[test]
    fn label_noise_flips_about_the_requested_fraction_of_training_labels_only() {
        let clean = DataConfig {
            train_size: 2000,
            ..Default::default()
        };
        let noisy = DataConfig {
            label_noise: 0.2,
            ..clean.clone()
        };
        let flipped = flipped_labels(&clean, &noisy, 8);
        assert!((340..460).contains(&flipped), "{flipped}");
    }

    /// Training labels that differ between the two configs' data on `seed`, after checking
    /// that the points and the test set are the same.
    fn flipped_labels(clean: &DataConfig, noisy: &DataConfig, seed: u64) -> usize {
        let a = generate_seeded(clean, seed);
        let b = generate_seeded(noisy, seed);
        assert_eq!(a.train.points, b.train.points);
        assert_eq!(a.test, b.test);
        let pairs = a.train.labels.iter().zip(&b.train.labels);
        pairs.filter(|(x, y)| x != y).count()
    }

    #[test]
    fn exact_label_noise_flips_exactly_the_rounded_count_on_every_seed() {
        for (size, fraction, want) in [(20, 0.2, 4), (2000, 0.2, 400), (7, 0.25, 2), (5, 0.05, 0)] {
            let clean = DataConfig {
                train_size: size,
                ..Default::default()
            };
            let noisy = DataConfig {
                label_noise: fraction,
                exact_label_noise: true,
                ..clean.clone()
            };
            for seed in 1..=5 {
                assert_eq!(
                    flipped_labels(&clean, &noisy, seed),
                    want,
                    "{size} points at {fraction}, seed {seed}"
                );
            }
        }
    }

    #[test]
    fn shuffled_labels_keep_counts_but_break_the_pairing() {
        let base = DataConfig {
            dataset: DatasetKind::Gauss,
            noise: 0.0,
            ..Default::default()
        };
        let bugged = DataConfig {
            shuffled_labels: true,
            ..base.clone()
        };
        let a = generate_seeded(&base, 2);
        let b = generate_seeded(&bugged, 2);
        assert_eq!(a.train.count_class(1), b.train.count_class(1));
        let agree = a
            .train
            .labels
            .iter()
            .zip(&b.train.labels)
            .filter(|(x, y)| x == y)
            .count();
        assert!(agree < 170, "labels still mostly aligned: {agree}/250");
    }

    #[test]
    fn resampling_balances_the_training_classes() {
        let config = DataConfig {
            imbalance_ratio: 9.0,
            resample: true,
            ..Default::default()
        };
        let split = generate_seeded(&config, 3);
        assert_eq!(split.train.count_class(0), split.train.count_class(1));
        assert_eq!(split.test.count_class(1), 25);
    }

    #[test]
    fn custom_split_keeps_every_point_once() {
        let points = generate_seeded(&DataConfig::default(), 1).train;
        let split = split_custom(&points, 0.3, &mut Rng::new(2));
        assert_eq!(split.test.len(), 75);
        assert_eq!(split.train.len() + split.test.len(), points.len());
    }
}
