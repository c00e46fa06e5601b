//! The `run --json` document: the resolved config, one flat row per epoch, the status and a
//! final summary. Flat names (`train_loss`, not `train.loss`) so `jq` and spreadsheets need
//! no nesting; every number is written in shortest round-trip form.

use super::json::{json_line, json_lines, json_object};
use super::setup::DataSource;
use crate::scenario::{Config, RunOutcome, Scenario, Symptom};
use crate::train::{EpochStats, LayerStats, Status};
use serde::Serialize;

#[derive(Serialize)]
pub struct RunReport<'a> {
    pub config: &'a Config,
    pub scenario: Option<ScenarioRef<'a>>,
    pub data: DataSummary<'a>,
    pub epochs: Vec<EpochRow>,
    /// `running`, `diverged` or `stopped-early`.
    pub status: &'static str,
    pub summary: Summary,
}

impl RunReport<'_> {
    /// The document's text: one line per top-level field and per epoch, so a long run
    /// stays readable and line tools (`grep`, `tail`) work on it as well as `jq`.
    pub fn to_json(&self) -> String {
        json_object(&[
            ("config", json_line(self.config)),
            ("scenario", json_line(&self.scenario)),
            ("data", json_line(&self.data)),
            ("epochs", json_lines(&self.epochs)),
            ("status", json_line(self.status)),
            ("summary", json_line(&self.summary)),
        ])
    }
}

#[derive(Serialize)]
pub struct ScenarioRef<'a> {
    pub id: &'static str,
    pub title: &'static str,
    pub remedies: &'a [String],
}

#[derive(Serialize)]
pub struct DataSummary<'a> {
    #[serde(flatten)]
    pub source: &'a DataSource,
    pub train_points: usize,
    pub test_points: usize,
}

#[derive(Serialize)]
pub struct EpochRow {
    pub epoch: usize,
    pub learning_rate: f64,
    pub train_loss: f64,
    pub test_loss: f64,
    pub train_accuracy: f64,
    pub test_accuracy: f64,
    pub test_precision: f64,
    pub test_recall: f64,
    pub test_f1: f64,
    /// Loss on the points early stopping holds out; absent when it holds none out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validation_loss: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validation_accuracy: Option<f64>,
    /// One per weight layer, input side first.
    pub layers: Vec<LayerRow>,
}

/// A layer's numbers. `grad_norm` and `update_ratio` describe the steps of an epoch, so a
/// record of the network as it stands (epoch 0, the final model) leaves them out rather
/// than reporting a 0 that reads as "the gradient vanished".
#[derive(Serialize)]
pub struct LayerRow {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grad_norm: Option<f64>,
    pub weight_norm: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub update_ratio: Option<f64>,
    pub preact_mean: f64,
    pub preact_std: f64,
    pub saturated_fraction: f64,
    pub dead_fraction: f64,
}

#[derive(Serialize)]
pub struct Summary {
    pub epochs_run: usize,
    /// The status with its particulars (divergence epoch, layer and quantity; best epoch).
    pub status_detail: Status,
    /// A sentence on the status: where it diverged, or which epoch early stopping kept.
    pub status_text: String,
    /// The model as the run left it (early stopping restores its best epoch).
    #[serde(rename = "final")]
    pub final_metrics: EpochRow,
    /// The scenario's symptom check; absent without a scenario.
    pub symptom: Option<SymptomCheck>,
}

#[derive(Serialize)]
pub struct SymptomCheck {
    pub expected: Symptom,
    pub shows: bool,
    /// What was measured, when the symptom shows.
    pub detail: Option<String>,
}

impl EpochRow {
    /// A trained epoch: its steps' gradient norms and update ratios included.
    pub fn new(s: &EpochStats) -> Self {
        Self::with_steps(s, true)
    }

    /// The network as it stands, no step taken (epoch 0, the final model).
    pub fn evaluation(s: &EpochStats) -> Self {
        Self::with_steps(s, false)
    }

    fn with_steps(s: &EpochStats, steps: bool) -> Self {
        EpochRow {
            epoch: s.epoch,
            learning_rate: s.learning_rate,
            train_loss: s.train.loss,
            test_loss: s.test.loss,
            train_accuracy: s.train.accuracy,
            test_accuracy: s.test.accuracy,
            test_precision: s.test.precision,
            test_recall: s.test.recall,
            test_f1: s.test.f1,
            validation_loss: s.validation_loss,
            validation_accuracy: s.validation_accuracy,
            layers: s.layers.iter().map(|l| LayerRow::new(l, steps)).collect(),
        }
    }
}

impl LayerRow {
    fn new(l: &LayerStats, steps: bool) -> Self {
        LayerRow {
            grad_norm: steps.then_some(l.grad_norm),
            weight_norm: l.weight_norm,
            update_ratio: steps.then_some(l.update_ratio),
            preact_mean: l.preact_mean,
            preact_std: l.preact_std,
            saturated_fraction: l.saturated_fraction,
            dead_fraction: l.dead_fraction,
        }
    }
}

/// A sentence for the status, shared by the table and the JSON summary.
pub fn status_text(status: &Status, epochs_run: usize) -> String {
    match status {
        Status::Running => format!("trained {epochs_run} epochs without diverging"),
        Status::Diverged(d) => d.to_string(),
        Status::StoppedEarly { best_epoch } => format!(
            "stopped early after {epochs_run} epochs; kept the weights of epoch {best_epoch}"
        ),
    }
}

pub fn symptom_check(outcome: &RunOutcome, scenario: &Scenario) -> SymptomCheck {
    let detail = outcome.symptom(scenario);
    SymptomCheck {
        expected: scenario.symptom,
        shows: detail.is_some(),
        detail,
    }
}

/// Everything the JSON document holds about one finished run.
pub struct RunFacts<'a> {
    pub outcome: &'a RunOutcome,
    pub scenario: Option<&'static Scenario>,
    pub remedies: &'a [String],
    pub source: &'a DataSource,
    /// The starting config in words (`default config`, `config FILE`...).
    pub origin: &'a str,
    pub points: (usize, usize),
}

pub fn build<'a>(facts: &RunFacts<'a>) -> RunReport<'a> {
    let outcome = facts.outcome;
    let epochs_run = outcome.history.len();
    RunReport {
        config: &outcome.config,
        scenario: facts.scenario.map(|s| ScenarioRef {
            id: s.id,
            title: s.title,
            remedies: facts.remedies,
        }),
        data: DataSummary {
            source: facts.source,
            train_points: facts.points.0,
            test_points: facts.points.1,
        },
        epochs: std::iter::once(EpochRow::evaluation(&outcome.initial))
            .chain(outcome.history.iter().map(EpochRow::new))
            .collect(),
        status: outcome.status.name(),
        summary: Summary {
            epochs_run,
            status_detail: outcome.status,
            status_text: status_text(&outcome.status, epochs_run),
            final_metrics: EpochRow::evaluation(&outcome.final_stats),
            symptom: facts.scenario.map(|s| symptom_check(outcome, s)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::train::SetMetrics;

    fn keys(v: &serde_json::Value) -> Vec<&str> {
        v.as_object().unwrap().keys().map(String::as_str).collect()
    }

    #[test]
    fn epoch_rows_use_flat_names_and_one_object_per_layer() {
        let stats = EpochStats {
            epoch: 4,
            learning_rate: 0.1,
            train: SetMetrics::default(),
            test: SetMetrics::default(),
            validation_loss: None,
            validation_accuracy: None,
            layers: vec![LayerStats::default(); 3],
        };
        let row = serde_json::to_value(EpochRow::new(&stats)).unwrap();
        let mut want = vec![
            "epoch",
            "layers",
            "learning_rate",
            "test_accuracy",
            "test_f1",
            "test_loss",
            "test_precision",
            "test_recall",
            "train_accuracy",
            "train_loss",
        ];
        want.sort_unstable();
        assert_eq!(keys(&row), want);
        assert_eq!(row["layers"].as_array().unwrap().len(), 3);
        assert_eq!(
            keys(&row["layers"][0]),
            [
                "dead_fraction",
                "grad_norm",
                "preact_mean",
                "preact_std",
                "saturated_fraction",
                "update_ratio",
                "weight_norm"
            ]
        );
    }

    #[test]
    fn an_evaluation_row_leaves_out_what_only_a_step_measures() {
        let mut stats = EpochStats {
            epoch: 0,
            learning_rate: 0.1,
            train: SetMetrics::default(),
            test: SetMetrics::default(),
            validation_loss: Some(0.5),
            validation_accuracy: Some(0.75),
            layers: vec![LayerStats::default(); 2],
        };
        stats.layers[0].grad_norm = 3.0;
        let row = serde_json::to_value(EpochRow::evaluation(&stats)).unwrap();
        assert_eq!(row["validation_loss"], 0.5);
        assert_eq!(row["validation_accuracy"], 0.75);
        let layer = keys(&row["layers"][0]);
        assert!(!layer.contains(&"grad_norm") && !layer.contains(&"update_ratio"));
        assert!(layer.contains(&"weight_norm") && layer.contains(&"preact_std"));
        let trained = serde_json::to_value(EpochRow::new(&stats)).unwrap();
        assert_eq!(trained["layers"][0]["grad_norm"], 3.0);
    }

    #[test]
    fn status_text_says_what_happened() {
        assert_eq!(
            status_text(&Status::Running, 5),
            "trained 5 epochs without diverging"
        );
        let stopped = Status::StoppedEarly { best_epoch: 3 };
        assert!(status_text(&stopped, 9).contains("kept the weights of epoch 3"));
    }
}
