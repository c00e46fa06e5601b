//! Symptoms: what a failing run looks like in its telemetry, stated as measurable checks.
//! Each scenario names the symptom it must show; each remedy must make it go away. The
//! same checks explain a run to the learner ("the first layer's gradient is 1e-5 × the last
//! layer's"), whatever config produced it.

use crate::train::{EpochStats, LayerStats, Status};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Symptom {
    /// Training went non-finite, or the training loss ended above where it started.
    Diverged,
    /// The training loss fell by less than `min_drop` (a fraction of its first value).
    LossStalls { min_drop: f64 },
    /// Final train accuracy exceeds final test accuracy by more than `gap`.
    Overfits { gap: f64 },
    /// The final test loss exceeds the run's best test loss by more than `rise` (relative).
    /// With a whole run at hand, "best" is the lowest mean over `TAIL_EPOCHS` consecutive
    /// epochs, so one lucky epoch does not count as the level the loss rose from.
    TestLossRises { rise: f64 },
    /// The final test accuracy is more than `drop` below the run's best, the highest mean
    /// over `TAIL_EPOCHS` consecutive epochs. Under label noise this is the sign of
    /// memorising: the clean test loss also rises when a network merely learns how unsure
    /// noisy labels make it, the clean test accuracy does not.
    TestAccuracyFalls { drop: f64 },
    /// Averaged over the last epochs, the first layer's gradient norm is below `ratio` × the
    /// last layer's.
    VanishingGradients { ratio: f64 },
    /// A layer's gradient norm exceeded `norm` and the update it drove threw some layer's
    /// weight norm past `norm` too (or training diverged outright). A blow-up that clipping or
    /// a small step keeps from reaching the weights is not the symptom.
    ExplodingGradients { norm: f64 },
    /// In some hidden layer more than `fraction` of the ReLU units are dead.
    DeadUnits { fraction: f64 },
    /// Final recall of the minority class (class 1) on the test set is below `recall`.
    MinorityIgnored { recall: f64 },
    /// Final test accuracy is at most `accuracy` (chance is 0.5 on balanced data).
    NearChance { accuracy: f64 },
}

/// Epochs averaged at the end of a run, so one noisy epoch does not decide a verdict.
pub const TAIL_EPOCHS: usize = 10;

fn tail(history: &[EpochStats]) -> &[EpochStats] {
    &history[history.len().saturating_sub(TAIL_EPOCHS)..]
}

fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    if n == 0 {
        f64::NAN
    } else {
        sum / n as f64
    }
}

/// The lowest mean of `TAIL_EPOCHS` consecutive epochs of `cost` in `history`, or, with no
/// such window (a live session's landmarks hold the best windows whole), the lowest single
/// epoch. A measure where higher is better is passed negated, as the landmarks keep it.
fn best_window(history: &[EpochStats], cost: fn(&EpochStats) -> f64) -> f64 {
    let consecutive = |w: &&[EpochStats]| w.windows(2).all(|p| p[1].epoch == p[0].epoch + 1);
    let lowest = |values: &mut dyn Iterator<Item = f64>| values.fold(f64::INFINITY, f64::min);
    let windowed = lowest(
        &mut history
            .windows(TAIL_EPOCHS)
            .filter(consecutive)
            .map(|w| mean(w.iter().map(cost))),
    );
    if windowed.is_finite() {
        windowed
    } else {
        lowest(&mut history.iter().map(cost))
    }
}

/// The lowest test loss of the run, as `best_window` reads it.
fn best_test_loss(history: &[EpochStats]) -> f64 {
    best_window(history, |s| s.test.loss)
}

/// The highest test accuracy of the run, as `best_window` reads it.
fn best_test_accuracy(history: &[EpochStats]) -> f64 {
    -best_window(history, |s| -s.test.accuracy)
}

impl Symptom {
    /// The quantity this symptom compares with its threshold, measured on the run: the
    /// training loss's final/first ratio (`Diverged`), its relative drop (`LossStalls`), the
    /// train − test accuracy gap, the test loss's relative rise, the first/last layer
    /// gradient ratio, the lesser of the peak gradient and peak weight norms, the worst
    /// dead fraction, the minority recall, or the test accuracy. `None` before the first
    /// epoch, and for `VanishingGradients` on a network with fewer than two hidden layers.
    pub fn measure(&self, history: &[EpochStats], final_stats: &EpochStats) -> Option<f64> {
        let (first, last) = (history.first()?, history.last()?);
        Some(match *self {
            Symptom::Diverged => last.train.loss / first.train.loss,
            Symptom::LossStalls { .. } => (first.train.loss - last.train.loss) / first.train.loss,
            Symptom::Overfits { .. } => final_stats.train.accuracy - final_stats.test.accuracy,
            Symptom::TestLossRises { .. } => final_stats.test.loss / best_test_loss(history) - 1.0,
            Symptom::TestAccuracyFalls { .. } => {
                best_test_accuracy(history) - final_stats.test.accuracy
            }
            Symptom::VanishingGradients { .. } => {
                if first.layers.len() <= 2 {
                    return None;
                }
                let t = tail(history);
                let grad = |l: Option<&LayerStats>| l.map_or(0.0, |l| l.grad_norm);
                mean(t.iter().map(|s| grad(s.layers.first())))
                    / mean(t.iter().map(|s| grad(s.layers.last())))
            }
            Symptom::ExplodingGradients { .. } => {
                let runs = || history.iter().chain([final_stats]).flat_map(|s| &s.layers);
                let grad = runs().map(|l| l.grad_norm).fold(0.0, f64::max);
                grad.min(runs().map(|l| l.weight_norm).fold(0.0, f64::max))
            }
            Symptom::DeadUnits { .. } => final_stats.layers
                [..final_stats.layers.len().saturating_sub(1)]
                .iter()
                .map(|l| l.dead_fraction)
                .fold(0.0, f64::max),
            Symptom::MinorityIgnored { .. } => final_stats.test.recall,
            Symptom::NearChance { .. } => final_stats.test.accuracy,
        })
    }

    /// Whether a measured value (see `measure`) is past this symptom's threshold.
    pub fn shows(&self, value: f64) -> bool {
        match *self {
            Symptom::Diverged => value > 1.0,
            Symptom::LossStalls { min_drop } => value < min_drop,
            Symptom::Overfits { gap } => value > gap,
            Symptom::TestLossRises { rise } => value > rise,
            Symptom::TestAccuracyFalls { drop } => value > drop,
            Symptom::VanishingGradients { ratio } => value < ratio,
            Symptom::ExplodingGradients { norm } => value > norm,
            Symptom::DeadUnits { fraction } => value > fraction,
            Symptom::MinorityIgnored { recall } => value < recall,
            Symptom::NearChance { accuracy } => value <= accuracy,
        }
    }

    /// Whether the run shows this symptom, with a sentence saying what was measured.
    /// `history` is every epoch of the run; `final_stats` the model as it ended (after early
    /// stopping restored its best weights). A diverged run shows `Diverged`,
    /// `ExplodingGradients` and `NearChance` whatever it measured before.
    pub fn detect(
        &self,
        history: &[EpochStats],
        final_stats: &EpochStats,
        status: &Status,
    ) -> Option<String> {
        if matches!(status, Status::Diverged(_))
            && matches!(
                self,
                Symptom::Diverged | Symptom::ExplodingGradients { .. } | Symptom::NearChance { .. }
            )
        {
            return Some(status_text(status));
        }
        let value = self.measure(history, final_stats)?;
        if !self.shows(value) {
            return None;
        }
        let (first, last) = (history.first()?, history.last()?);
        let (train, test) = (&final_stats.train, &final_stats.test);
        Some(match *self {
            Symptom::Diverged => {
                let peak = history.iter().map(|s| s.train.loss).fold(0.0, f64::max);
                format!(
                    "the training loss ended at {:.3}, above its start {:.3} (peak {peak:.3})",
                    last.train.loss, first.train.loss
                )
            }
            Symptom::LossStalls { .. } => format!(
                "the training loss moved from {:.4} to {:.4}: {:.1}% in {} epochs",
                first.train.loss,
                last.train.loss,
                100.0 * value,
                last.epoch
            ),
            Symptom::Overfits { .. } => format!(
                "train accuracy {:.0}% but test accuracy {:.0}%: it memorised the training set",
                100.0 * train.accuracy,
                100.0 * test.accuracy
            ),
            Symptom::TestLossRises { .. } => format!(
                "the test loss rose from its best {:.3} to {:.3} while training went on",
                best_test_loss(history),
                test.loss
            ),
            Symptom::TestAccuracyFalls { .. } => format!(
                "the test accuracy fell from its best {:.0}% to {:.0}% while the train accuracy reached {:.0}%: it learnt the wrong labels",
                100.0 * best_test_accuracy(history),
                100.0 * test.accuracy,
                100.0 * train.accuracy
            ),
            Symptom::VanishingGradients { .. } => format!(
                "the first layer's gradient norm is {value:.1e} × the last layer's: early layers barely learn"
            ),
            Symptom::ExplodingGradients { .. } => {
                let peak = |pick: fn(&LayerStats) -> f64| {
                    history.iter().chain([final_stats]).flat_map(|s| &s.layers).map(pick).fold(0.0, f64::max)
                };
                format!(
                    "a layer's gradient norm reached {:.2e} and threw a layer's weights to norm {:.2e}",
                    peak(|l| l.grad_norm),
                    peak(|l| l.weight_norm)
                )
            }
            Symptom::DeadUnits { .. } => format!(
                "{:.0}% of a layer's ReLU units output zero on every training point",
                100.0 * value
            ),
            Symptom::MinorityIgnored { .. } => format!(
                "accuracy {:.0}% looks fine, but only {:.0}% of the minority class is ever predicted",
                100.0 * test.accuracy,
                100.0 * value
            ),
            Symptom::NearChance { .. } => format!(
                "test accuracy is {:.0}%, no better than guessing",
                100.0 * value
            ),
        })
    }
}

fn status_text(status: &Status) -> String {
    match status {
        Status::Diverged(d) => d.to_string(),
        other => other.name().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::train::{Divergence, Quantity, SetMetrics};

    /// An epoch with the given losses and accuracies and `layers` default layer statistics.
    fn epoch(n: usize, train_loss: f64, test_loss: f64, layers: usize) -> EpochStats {
        EpochStats {
            epoch: n,
            learning_rate: 0.1,
            train: SetMetrics {
                loss: train_loss,
                accuracy: 0.9,
                ..Default::default()
            },
            test: SetMetrics {
                loss: test_loss,
                accuracy: 0.9,
                ..Default::default()
            },
            validation_loss: None,
            validation_accuracy: None,
            layers: vec![LayerStats::default(); layers],
        }
    }

    /// `n` epochs whose train and test losses follow the given functions of the epoch.
    fn run(n: usize, train: impl Fn(f64) -> f64, test: impl Fn(f64) -> f64) -> Vec<EpochStats> {
        (1..=n)
            .map(|e| epoch(e, train(e as f64), test(e as f64), 3))
            .collect()
    }

    fn shows(symptom: Symptom, history: &[EpochStats], final_stats: &EpochStats) -> bool {
        symptom
            .detect(history, final_stats, &Status::Running)
            .is_some()
    }

    fn diverged_at(epoch: usize) -> Status {
        Status::Diverged(Divergence {
            epoch,
            layer: None,
            quantity: Quantity::Loss,
        })
    }

    #[test]
    fn diverged_is_a_non_finite_status_or_a_loss_that_ends_above_its_start() {
        let falling = run(20, |e| 1.0 / e, |e| 1.0 / e);
        let climbing = run(20, |e| 0.5 + 0.1 * e, |e| 0.5 + 0.1 * e);
        let last = falling.last().unwrap();
        assert!(!shows(Symptom::Diverged, &falling, last));
        assert!(shows(
            Symptom::Diverged,
            &climbing,
            climbing.last().unwrap()
        ));
        let message = Symptom::Diverged
            .detect(&[], last, &diverged_at(3))
            .expect("a non-finite run diverged");
        assert!(message.contains("epoch 3"), "{message}");
    }

    #[test]
    fn loss_stalls_when_the_training_loss_barely_moves() {
        let flat = run(50, |e| 0.70 - 0.0005 * e, |_| 0.7);
        let learning = run(50, |e| 0.7 / e, |_| 0.7);
        let stall = Symptom::LossStalls { min_drop: 0.1 };
        assert!(shows(stall, &flat, flat.last().unwrap()));
        assert!(!shows(stall, &learning, learning.last().unwrap()));
    }

    #[test]
    fn overfits_compares_final_train_and_test_accuracy() {
        let history = run(5, |_| 0.1, |_| 0.5);
        let mut end = history[4].clone();
        (end.train.accuracy, end.test.accuracy) = (1.0, 0.7);
        let overfits = Symptom::Overfits { gap: 0.2 };
        assert!(shows(overfits, &history, &end));
        end.test.accuracy = 0.85;
        assert!(!shows(overfits, &history, &end));
    }

    #[test]
    fn test_loss_rises_from_its_best_ten_epoch_level() {
        let rises = Symptom::TestLossRises { rise: 0.35 };
        // Falls to 0.2 by epoch 20, then climbs back to 0.6.
        let u_shaped = run(60, |e| 1.0 / e, |e| 0.2 + 0.01 * (e - 20.0).abs());
        assert!(shows(rises, &u_shaped, u_shaped.last().unwrap()));
        let steady = run(60, |e| 1.0 / e, |e| 0.2 + 1.0 / e);
        assert!(!shows(rises, &steady, steady.last().unwrap()));
        // One lucky epoch far below its neighbours is not the level the loss rose from...
        let mut lucky = run(60, |e| 1.0 / e, |_| 0.3);
        lucky[30].test.loss = 0.01;
        assert!(!shows(rises, &lucky, lucky.last().unwrap()));
        // ...but a sparse selection of epochs (a live session's landmarks) has only epochs.
        let sparse = [lucky[0].clone(), lucky[30].clone(), lucky[59].clone()];
        assert!(shows(rises, &sparse, &lucky[59]));
        // Early stopping hands back the best model: its loss has not risen.
        assert!(!shows(rises, &u_shaped, &u_shaped[19]));
    }

    #[test]
    fn test_accuracy_falls_from_its_best_ten_epoch_level() {
        let falls = Symptom::TestAccuracyFalls { drop: 0.1 };
        let with_accuracy = |f: fn(f64) -> f64| {
            let mut history = run(60, |e| 1.0 / e, |_| 0.3);
            for s in &mut history {
                s.test.accuracy = f(s.epoch as f64);
            }
            history
        };
        // Peaks at 99% by epoch 20, then falls to 80% as the noise is learnt.
        let memorising = with_accuracy(|e| 0.99 - 0.005 * (e - 20.0).max(0.0));
        assert!(shows(falls, &memorising, memorising.last().unwrap()));
        let message = falls
            .detect(&memorising, memorising.last().unwrap(), &Status::Running)
            .unwrap();
        assert!(message.contains("from its best 99% to 79%"), "{message}");
        // A network that holds the pattern, jittering by a few points, has not fallen...
        let jittery = with_accuracy(|e| {
            if (e as usize).is_multiple_of(2) {
                0.99
            } else {
                0.93
            }
        });
        assert!(!shows(falls, &jittery, jittery.last().unwrap()));
        // ...and one lucky epoch is not the level it fell from.
        let mut lucky = with_accuracy(|_| 0.85);
        lucky[30].test.accuracy = 1.0;
        assert!(!shows(falls, &lucky, lucky.last().unwrap()));
        // Early stopping hands back the best model: its accuracy has not fallen.
        assert!(!shows(falls, &memorising, &memorising[20]));
    }

    #[test]
    fn vanishing_gradients_compare_first_and_last_layer_over_the_tail() {
        let with_grads = |first: f64, last: f64| {
            let mut history = run(30, |_| 0.69, |_| 0.69);
            for s in &mut history {
                s.layers[0].grad_norm = first;
                s.layers[2].grad_norm = last;
            }
            history
        };
        let vanishing = Symptom::VanishingGradients { ratio: 1e-3 };
        let stalled = with_grads(1e-6, 1e-2);
        assert!(shows(vanishing, &stalled, stalled.last().unwrap()));
        let healthy = with_grads(0.3, 0.1);
        assert!(!shows(vanishing, &healthy, healthy.last().unwrap()));
    }

    #[test]
    fn exploding_gradients_need_the_blow_up_to_reach_the_weights() {
        let exploding = Symptom::ExplodingGradients { norm: 1e3 };
        let with = |grad: f64, weight: f64| {
            let mut history = run(10, |_| 0.7, |_| 0.7);
            history[2].layers[0].grad_norm = grad;
            for s in &mut history[2..] {
                s.layers[0].weight_norm = weight;
            }
            history
        };
        let thrown = with(1e8, 1e6);
        assert!(shows(exploding, &thrown, thrown.last().unwrap()));
        // Clipped or small steps: the gradient blew up but the weights stayed put.
        let tamed = with(1e8, 25.0);
        assert!(!shows(exploding, &tamed, tamed.last().unwrap()));
        let calm = with(2.0, 6.0);
        assert!(!shows(exploding, &calm, calm.last().unwrap()));
        assert!(exploding
            .detect(&calm, calm.last().unwrap(), &diverged_at(4))
            .is_some());
    }

    #[test]
    fn dead_units_look_at_the_worst_hidden_layer_of_the_final_model() {
        let history = run(5, |_| 0.69, |_| 0.69);
        let mut end = history[4].clone();
        end.layers[1].dead_fraction = 0.75;
        let dead = Symptom::DeadUnits { fraction: 0.5 };
        assert!(shows(dead, &history, &end));
        end.layers[1].dead_fraction = 0.25;
        // The output layer is not a hidden layer, whatever its statistics say.
        end.layers[2].dead_fraction = 1.0;
        assert!(!shows(dead, &history, &end));
    }

    #[test]
    fn minority_ignored_reads_test_recall() {
        let history = run(5, |_| 0.1, |_| 0.1);
        let mut end = history[4].clone();
        (end.test.accuracy, end.test.recall) = (0.98, 0.0);
        let ignored = Symptom::MinorityIgnored { recall: 0.2 };
        assert!(shows(ignored, &history, &end));
        end.test.recall = 0.6;
        assert!(!shows(ignored, &history, &end));
    }

    #[test]
    fn near_chance_reads_test_accuracy() {
        let history = run(5, |_| 0.69, |_| 0.69);
        let mut end = history[4].clone();
        end.test.accuracy = 0.52;
        let chance = Symptom::NearChance { accuracy: 0.6 };
        assert!(shows(chance, &history, &end));
        end.test.accuracy = 0.95;
        assert!(!shows(chance, &history, &end));
    }
}
