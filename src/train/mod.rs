//! Training: losses, optimisers, schedules, regularisation, clipping, early stopping, and
//! the `Trainer` with its per-epoch telemetry.

pub mod config;
pub mod early_stop;
pub mod evaluate;
pub mod fingerprint;
#[cfg(test)]
mod gradcheck;
pub mod loss;
pub mod metrics;
pub mod objective;
pub mod optimizer;
pub mod regularize;
pub mod schedule;
pub mod telemetry;
pub mod trainer;

pub use config::{EarlyStopConfig, Loss, Monitor, Optimizer, Schedule, TrainConfig};
pub use metrics::SetMetrics;
pub use telemetry::{
    DivergedSteps, Divergence, EpochStats, LayerStats, Quantity, Status, Telemetry,
};
pub use trainer::Trainer;
