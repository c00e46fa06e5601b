//! Filling the views from what the trainer reports: its per-epoch history, its status,
//! the network and the decision grid.

use super::decimate::decimate_min_max;
use super::gradients::{GradientView, LayerMetric};
use super::grid::ScoreGrid;
use super::health::{UnitHealth, UnitHealthView};
use super::loss::LossView;
use super::marks::PointMark;
use super::network::NetworkView;
use crate::data::Dataset;
use crate::model::Mlp;
use crate::train::{DivergedSteps, EpochStats, LayerStats, Status};

/// A score at or above this is a class-1 prediction.
const DECISION_THRESHOLD: f32 = 0.5;

fn series(history: &[EpochStats], value: impl Fn(&EpochStats) -> f64) -> Vec<(f64, f64)> {
    history.iter().map(|s| (s.epoch as f64, value(s))).collect()
}

impl LossView {
    /// Train, test and (when early stopping holds points out) validation loss per epoch,
    /// each thinned to at most `max_points`; the best epoch
    /// once early stopping has stopped, and the epoch a diverged run failed at.
    pub fn from_history(history: &[EpochStats], status: &Status, max_points: usize) -> Self {
        let thin = |v: Vec<(f64, f64)>| decimate_min_max(&v, max_points);
        LossView {
            train: thin(series(history, |s| s.train.loss)),
            test: thin(series(history, |s| s.test.loss)),
            validation: thin(
                history
                    .iter()
                    .filter_map(|s| Some((s.epoch as f64, s.validation_loss?)))
                    .collect(),
            ),
            best_epoch: match status {
                Status::StoppedEarly { best_epoch } => Some(*best_epoch),
                _ => None,
            },
            diverged_at: match status {
                Status::Diverged(d) => Some(d.epoch),
                _ => None,
            },
            steps: Vec::new(),
        }
    }

    /// The same view with the batch losses of the epoch that diverged.
    pub fn with_steps(mut self, steps: Option<&DivergedSteps>) -> Self {
        if let Some(d) = steps {
            self.steps = d
                .loss
                .iter()
                .enumerate()
                .map(|(i, &l)| (d.position(i), l))
                .collect();
        }
        self
    }
}

impl GradientView {
    /// Each weight layer's gradient norm per trained epoch, thinned to at most `max_points`.
    pub fn from_history(history: &[EpochStats], max_points: usize) -> Self {
        Self::of_metric(history, LayerMetric::GradNorm, max_points)
    }

    /// Each weight layer's `metric` per epoch of `history`, thinned to at most
    /// `max_points`. Gradient norms and update ratios describe an epoch's steps, so an
    /// epoch 0 record (the untrained network) contributes only its weight norms.
    pub fn of_metric(history: &[EpochStats], metric: LayerMetric, max_points: usize) -> Self {
        let layers = history.iter().map(|s| s.layers.len()).max().unwrap_or(0);
        let stepped: Vec<EpochStats> = history
            .iter()
            .filter(|s| s.epoch > 0 || metric == LayerMetric::WeightNorm)
            .cloned()
            .collect();
        let pick = move |l: usize| {
            move |s: &EpochStats| {
                s.layers.get(l).map_or(f64::NAN, |x| match metric {
                    LayerMetric::GradNorm => x.grad_norm,
                    LayerMetric::UpdateRatio => x.update_ratio,
                    LayerMetric::WeightNorm => x.weight_norm,
                })
            }
        };
        GradientView {
            metric,
            layers: (0..layers)
                .map(|l| decimate_min_max(&series(&stepped, pick(l)), max_points))
                .collect(),
        }
    }
}

impl GradientView {
    /// The same view with each layer's step values (gradient or weight norms) of the epoch
    /// that diverged appended, so its line runs up to the blow-up; update ratios have none.
    pub fn with_steps(mut self, steps: Option<&DivergedSteps>) -> Self {
        let Some(d) = steps else { return self };
        let per_layer = match self.metric {
            LayerMetric::GradNorm => &d.grad_norms,
            LayerMetric::WeightNorm => &d.weight_norms,
            LayerMetric::UpdateRatio => return self,
        };
        self.layers.resize(per_layer.len(), Vec::new());
        for (line, values) in self.layers.iter_mut().zip(per_layer) {
            line.extend(values.iter().enumerate().map(|(i, &v)| (d.position(i), v)));
        }
        self
    }
}

impl UnitHealthView {
    /// The hidden layers of `mlp` with their statistics from `layers` (one per weight
    /// layer); the output layer is left out.
    pub fn from_layers(mlp: &Mlp, layers: &[LayerStats]) -> Self {
        let hidden = mlp.layers.len().saturating_sub(1);
        UnitHealthView {
            layers: mlp
                .layers
                .iter()
                .zip(layers)
                .take(hidden)
                .map(|(layer, l)| UnitHealth {
                    saturated: layer
                        .activation
                        .saturation_limit()
                        .map(|_| l.saturated_fraction),
                    dead: layer.activation.can_die().then_some(l.dead_fraction),
                })
                .collect(),
        }
    }
}

impl NetworkView {
    /// The network's shape and current weights (skip connections and batch-norm
    /// parameters are not drawn).
    pub fn from_mlp(mlp: &Mlp) -> Self {
        let inputs = mlp.layers.first().map_or(0, |l| l.fan_in());
        NetworkView {
            layer_sizes: std::iter::once(inputs)
                .chain(mlp.layers.iter().map(|l| l.units()))
                .collect(),
            weights: mlp
                .layers
                .iter()
                .map(|l| l.params.weights.iter().copied().collect())
                .collect(),
        }
    }
}

/// The points of `set`, each marked misclassified when the grid's score under it falls on
/// the other side of 0.5 than its label: judged by the boundary the learner sees.
pub fn point_marks(set: &Dataset, grid: &ScoreGrid) -> Vec<PointMark> {
    set.points
        .iter()
        .zip(&set.labels)
        .map(|(&position, &label)| PointMark {
            position,
            label,
            misclassified: grid
                .score_at(position)
                .is_some_and(|s| (s >= DECISION_THRESHOLD) != (label != 0)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::train::{Divergence, Quantity, SetMetrics};

    fn epoch(e: usize, loss: f64, grads: &[f64]) -> EpochStats {
        let metrics = SetMetrics {
            loss,
            ..SetMetrics::default()
        };
        EpochStats {
            epoch: e,
            learning_rate: 0.1,
            train: metrics,
            test: metrics,
            validation_loss: None,
            validation_accuracy: None,
            layers: grads
                .iter()
                .map(|&g| LayerStats {
                    grad_norm: g,
                    ..LayerStats::default()
                })
                .collect(),
        }
    }

    #[test]
    fn loss_view_carries_divergence_and_best_epoch() {
        let history: Vec<EpochStats> = (1..=3).map(|e| epoch(e, 1.0, &[0.1])).collect();
        let diverged = Status::Diverged(Divergence {
            epoch: 4,
            layer: None,
            quantity: Quantity::Loss,
        });
        let view = LossView::from_history(&history, &diverged, 100);
        assert_eq!(view.diverged_at, Some(4));
        assert_eq!(view.train.len(), 3);
        let stopped = LossView::from_history(&history, &Status::StoppedEarly { best_epoch: 2 }, 9);
        assert_eq!(stopped.best_epoch, Some(2));
    }

    #[test]
    fn long_histories_are_thinned() {
        let history: Vec<EpochStats> = (1..=5000).map(|e| epoch(e, 1.0, &[0.1, 0.2])).collect();
        let loss = LossView::from_history(&history, &Status::Running, 200);
        assert!(loss.train.len() <= 200 && loss.test.len() <= 200);
        let grads = GradientView::from_history(&history, 200);
        assert_eq!(grads.layers.len(), 2);
        assert!(grads.layers.iter().all(|l| l.len() <= 200));
    }

    #[test]
    fn point_marks_judge_by_the_grid() {
        // Left half class 0, right half class 1.
        let scores = [0.1, 0.9, 0.1, 0.9];
        let grid = ScoreGrid::new(2, 2, &scores).unwrap();
        let set = Dataset {
            points: vec![[-3.0, 1.0], [3.0, 1.0], [-3.0, -1.0], [99.0, 0.0]],
            labels: vec![0, 0, 1, 1],
        };
        let wrong: Vec<bool> = point_marks(&set, &grid)
            .iter()
            .map(|m| m.misclassified)
            .collect();
        assert_eq!(wrong, vec![false, true, true, false]);
    }
}
