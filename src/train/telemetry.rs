//! What the trainer reports after each epoch: the numbers a learner needs to *see* why a
//! network is or is not learning.

use super::metrics::SetMetrics;
use serde::Serialize;

/// Per weight layer (input side first) health over one epoch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct LayerStats {
    /// Mean over the epoch's batches of the L2 norm of this layer's gradient (before
    /// clipping): vanishing and exploding gradients show here first.
    pub grad_norm: f64,
    /// L2 norm of the weights at the end of the epoch.
    pub weight_norm: f64,
    /// Mean over batches of ‖ΔW‖ / ‖W‖; around 1e-3 is healthy, 1e-6 is stalled.
    pub update_ratio: f64,
    /// Mean and std of the activation inputs over the training set (evaluation mode).
    pub preact_mean: f64,
    pub preact_std: f64,
    /// Share of (unit, example) pairs whose sigmoid/tanh input is on a flat tail.
    pub saturated_fraction: f64,
    /// Share of ReLU units that output zero on every training input.
    pub dead_fraction: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EpochStats {
    /// 1 for the first completed epoch.
    pub epoch: usize,
    pub learning_rate: f64,
    pub train: SetMetrics,
    pub test: SetMetrics,
    /// Loss on the held-out validation points early stopping watches, when it has them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validation_loss: Option<f64>,
    /// Accuracy on the same held-out points.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validation_accuracy: Option<f64>,
    pub layers: Vec<LayerStats>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Quantity {
    Loss,
    Gradient,
    Weight,
}

impl Quantity {
    pub fn name(self) -> &'static str {
        match self {
            Quantity::Loss => "loss",
            Quantity::Gradient => "gradient",
            Quantity::Weight => "weight",
        }
    }
}

/// Where training first produced a non-finite number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Divergence {
    pub epoch: usize,
    /// Weight layer (0 = input side), or none for the loss.
    pub layer: Option<usize>,
    pub quantity: Quantity,
}

impl std::fmt::Display for Divergence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "training diverged at epoch {}: the {} ",
            self.epoch,
            self.quantity.name()
        )?;
        if let Some(l) = self.layer {
            write!(f, "of layer {} ", l + 1)?;
        }
        write!(f, "became NaN or infinite")
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum Status {
    Running,
    Diverged(Divergence),
    StoppedEarly { best_epoch: usize },
}

impl Status {
    pub fn name(&self) -> &'static str {
        match self {
            Status::Running => "running",
            Status::Diverged(_) => "diverged",
            Status::StoppedEarly { .. } => "stopped-early",
        }
    }

    pub fn is_running(&self) -> bool {
        matches!(self, Status::Running)
    }

    pub fn is_diverged(&self) -> bool {
        matches!(self, Status::Diverged(_))
    }
}

/// The optimisation steps of the epoch a run diverged in: a run that blows up inside its
/// first epoch has no epoch record, and these are what its charts can still show.
#[derive(Clone, Debug, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct DivergedSteps {
    /// The epoch that diverged (1 for the first).
    pub epoch: usize,
    /// Steps (minibatches) per epoch.
    pub batches: usize,
    /// Per completed step, in order: the batch loss before the update, and per weight
    /// layer (input side first) the gradient norm and the weight norm after the update.
    pub loss: Vec<f64>,
    pub grad_norms: Vec<Vec<f64>>,
    pub weight_norms: Vec<Vec<f64>>,
}

impl DivergedSteps {
    /// Where step `i` (0-based) sits on the epoch axis: epoch − 1 + (i + 1) / batches.
    pub fn position(&self, i: usize) -> f64 {
        (self.epoch - 1) as f64 + (i + 1) as f64 / self.batches.max(1) as f64
    }
}

/// What one `Trainer::step` call produced.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Telemetry {
    pub epochs: Vec<EpochStats>,
    pub status: Status,
}
