//! Running a scenario headless: the whole history, the final model's statistics, and the
//! status. Used by the outcome contracts, the CLI and benchmarks.

use super::catalog::Scenario;
use super::config::Config;
use crate::train::{DivergedSteps, EpochStats, Status, Trainer};

pub struct RunOutcome {
    pub config: Config,
    /// The untrained network (epoch 0): the loss at initialisation is the first sanity
    /// check. Gradients and updates are not measured before the first step.
    pub initial: EpochStats,
    /// The trained epochs, epoch 1 first.
    pub history: Vec<EpochStats>,
    /// The model as the run left it (early stopping restores the best epoch's weights).
    pub final_stats: EpochStats,
    pub status: Status,
    /// The completed steps of the epoch that diverged, if one did: what the charts draw of
    /// a blow-up inside an epoch.
    pub diverged_steps: Option<DivergedSteps>,
}

/// Trains `config` for up to `epochs` epochs.
pub fn run_config(config: &Config, epochs: usize) -> Result<RunOutcome, String> {
    let mut trainer = Trainer::new(config).map_err(|e| e.to_string())?;
    let initial = trainer.evaluate();
    let telemetry = trainer.step(epochs);
    let final_stats = trainer.evaluate();
    Ok(RunOutcome {
        config: config.clone(),
        initial,
        history: telemetry.epochs,
        final_stats,
        status: telemetry.status,
        diverged_steps: trainer.diverged_steps().cloned(),
    })
}

/// Trains a scenario with the given remedies for its epoch budget.
pub fn run_scenario(
    scenario: &Scenario,
    remedies: &[&str],
    seed: u64,
) -> Result<RunOutcome, String> {
    run_config(&scenario.config(remedies, seed)?, scenario.epochs)
}

impl RunOutcome {
    /// The scenario's symptom as measured on this run, if present.
    pub fn symptom(&self, scenario: &Scenario) -> Option<String> {
        scenario
            .symptom
            .detect(&self.history, &self.final_stats, &self.status)
    }
}
