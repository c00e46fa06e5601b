//! Symptoms: what a failing run looks like in its telemetry, stated as measurable checks.
//! Each scenario names the symptom it must show; each remedy must make it go away. The
//! same checks explain a run to the learner ("the first layer's gradient is 1e-5 × the last
//! layer's"), whatever config produced it.

use crate::train::{EpochStats, Status};
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
    TestLossRises { rise: f64 },
    /// Averaged over the last epochs, the first layer's gradient norm is below `ratio` × the
    /// last layer's.
    VanishingGradients { ratio: f64 },
    /// A layer's gradient norm exceeded `norm` (or training diverged).
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

impl Symptom {
    /// Whether the run shows this symptom, with a sentence saying what was measured.
    /// `history` is every epoch of the run; `final_stats` the model as it ended (after early
    /// stopping restored its best weights).
    pub fn detect(
        &self,
        history: &[EpochStats],
        final_stats: &EpochStats,
        status: &Status,
    ) -> Option<String> {
        let diverged = matches!(status, Status::Diverged(_));
        if diverged
            && matches!(
                self,
                Symptom::Diverged | Symptom::ExplodingGradients { .. } | Symptom::NearChance { .. }
            )
        {
            return Some(status_text(status));
        }
        let (first, last) = (history.first()?, history.last()?);
        match *self {
            Symptom::Diverged => {
                let peak = history.iter().map(|s| s.train.loss).fold(0.0, f64::max);
                (last.train.loss > first.train.loss).then(|| {
                    format!(
                        "the training loss ended at {:.3}, above its start {:.3} (peak {peak:.3})",
                        last.train.loss, first.train.loss
                    )
                })
            }
            Symptom::LossStalls { min_drop } => {
                let drop = (first.train.loss - last.train.loss) / first.train.loss;
                (drop < min_drop).then(|| {
                    format!(
                        "the training loss moved from {:.4} to {:.4}: {:.1}% in {} epochs",
                        first.train.loss,
                        last.train.loss,
                        100.0 * drop,
                        history.len()
                    )
                })
            }
            Symptom::Overfits { gap } => {
                let g = final_stats.train.accuracy - final_stats.test.accuracy;
                (g > gap).then(|| {
                    format!(
                        "train accuracy {:.0}% but test accuracy {:.0}%: it memorised the training set",
                        100.0 * final_stats.train.accuracy,
                        100.0 * final_stats.test.accuracy
                    )
                })
            }
            Symptom::TestLossRises { rise } => {
                let best = history.iter().map(|s| s.test.loss).fold(f64::INFINITY, f64::min);
                let end = final_stats.test.loss;
                (end > best * (1.0 + rise)).then(|| {
                    format!("the test loss rose from its best {best:.3} to {end:.3} while training went on")
                })
            }
            Symptom::VanishingGradients { ratio } => {
                let t = tail(history);
                let first_layer = mean(t.iter().map(|s| s.layers.first().map_or(0.0, |l| l.grad_norm)));
                let last_layer = mean(t.iter().map(|s| s.layers.last().map_or(0.0, |l| l.grad_norm)));
                (history[0].layers.len() > 2 && first_layer < ratio * last_layer).then(|| {
                    format!(
                        "the first layer's gradient norm is {:.1e}, {:.1e} × the last layer's: early layers barely learn",
                        first_layer,
                        first_layer / last_layer
                    )
                })
            }
            Symptom::ExplodingGradients { norm } => {
                let peak = history
                    .iter()
                    .flat_map(|s| s.layers.iter().map(|l| l.grad_norm))
                    .fold(0.0, f64::max);
                (peak > norm).then(|| format!("a layer's gradient norm reached {peak:.2e}"))
            }
            Symptom::DeadUnits { fraction } => {
                let hidden = &final_stats.layers[..final_stats.layers.len().saturating_sub(1)];
                let worst = hidden.iter().map(|l| l.dead_fraction).fold(0.0, f64::max);
                (worst > fraction).then(|| {
                    format!("{:.0}% of a layer's ReLU units output zero on every training point", 100.0 * worst)
                })
            }
            Symptom::MinorityIgnored { recall } => (final_stats.test.recall < recall).then(|| {
                format!(
                    "accuracy {:.0}% looks fine, but only {:.0}% of the minority class is ever predicted",
                    100.0 * final_stats.test.accuracy,
                    100.0 * final_stats.test.recall
                )
            }),
            Symptom::NearChance { accuracy } => (final_stats.test.accuracy <= accuracy).then(|| {
                format!("test accuracy is {:.0}%, no better than guessing", 100.0 * final_stats.test.accuracy)
            }),
        }
    }
}

fn status_text(status: &Status) -> String {
    match status {
        Status::Diverged(d) => d.to_string(),
        other => other.name().to_string(),
    }
}
