//! The page ⇄ worker protocol: two serde enums with a version. Small fields travel as a
//! JSON header; the bulk of a snapshot (grid, curves, points) travels beside it as typed
//! arrays, transferred rather than copied.

use crate::model::Activation;
use crate::scenario::Config;
use crate::train::{DivergedSteps, EpochStats, Status};
use serde::{Deserialize, Serialize};

/// Bumped whenever a message changes shape; both sides refuse a mismatch.
pub const PROTOCOL_VERSION: u32 = 2;

/// How fast the worker trains: slow enough to watch a divergence unfold, a steady pace,
/// or as fast as the trainer goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Speed {
    SlowMotion,
    Normal,
    Max,
}

impl Speed {
    /// Target epochs per second; `None` is unthrottled.
    pub fn epochs_per_second(self) -> Option<f64> {
        match self {
            Speed::SlowMotion => Some(4.0),
            Speed::Normal => Some(60.0),
            Speed::Max => None,
        }
    }
}

/// What the page can ask the worker to write out for download.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExportKind {
    /// Every trained epoch's headline numbers, one CSV row each.
    HistoryCsv,
    /// The same as a JSON document whose epoch objects match `nnlab run --json`.
    HistoryJson,
    /// The run bundle: config, data as trained and initial weights, for a bit-exact replay.
    Bundle,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum ToWorker {
    /// A new run: the config, the scenario (for its diagnosis), and whether to start playing.
    Start {
        version: u32,
        config: Box<Config>,
        scenario: Option<String>,
        play: bool,
        grid_size: usize,
        /// The epoch limit: the worker never trains past this epoch, and stops playing
        /// when it gets there (as on a divergence). `None`: no limit.
        #[serde(default)]
        until: Option<usize>,
        /// The lesson's end (the scenario's epoch budget): playing pauses here once, and
        /// Play trains on past it (`playback::LessonEnd`). `None`: it never pauses.
        #[serde(default)]
        lesson_end: Option<usize>,
        /// The page's number for this run, echoed in every snapshot, so a snapshot of an
        /// earlier run still in flight is recognised and dropped.
        #[serde(default)]
        run: u32,
    },
    Play,
    Pause,
    /// Train exactly this many epochs, then pause.
    Step {
        epochs: usize,
    },
    SetSpeed {
        speed: Speed,
    },
    /// The page has drawn the last snapshot; the worker may send the next.
    Ack,
    /// Write out the run so far; answered by `FromWorker::Export` (or a non-fatal `Error`
    /// before any run has started).
    Export {
        kind: ExportKind,
    },
}

/// The small part of a snapshot; typed arrays named in `arrays` travel with it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SnapshotHeader {
    /// The `run` of the `Start` this snapshot belongs to.
    pub run: u32,
    pub epoch: usize,
    pub playing: bool,
    /// The epoch limit (`ToWorker::Start::until`) is reached: `epoch == until`.
    pub finished: bool,
    /// Playing paused itself at the lesson's end (`ToWorker::Start::lesson_end`).
    #[serde(default)]
    pub lesson_ended: bool,
    pub status: StatusView,
    pub latest: EpochView,
    pub epochs_per_second: f64,
    pub grid_size: usize,
    /// Number of points of each layer's gradient-norm curve, in order (they are
    /// concatenated); the update-ratio and weight-norm curves likewise.
    pub grad_curve_lengths: Vec<usize>,
    #[serde(default)]
    pub update_curve_lengths: Vec<usize>,
    #[serde(default)]
    pub weight_curve_lengths: Vec<usize>,
    /// The scenario's symptom as measured on this run, if it shows.
    pub diagnosis: Option<String>,
    /// The completed steps of the epoch that diverged (small: one epoch's batches).
    #[serde(default)]
    pub diverged_steps: Option<DivergedSteps>,
    /// Past `RECORD_CAP` epochs: the epoch before which the exports are thinned.
    #[serde(default)]
    pub records_thinned_before: Option<usize>,
    pub best_epoch: Option<usize>,
    /// Milliseconds the worker spent building the previous snapshot (decision grid,
    /// predictions, curves): the cost of one boundary update.
    pub snapshot_ms: f64,
}

/// Status as plain data for the page: name, and a sentence when training stopped.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatusView {
    pub state: String,
    pub message: Option<String>,
    pub diverged_at: Option<usize>,
}

impl From<&Status> for StatusView {
    fn from(status: &Status) -> Self {
        StatusView::watching(status, "test")
    }
}

impl StatusView {
    /// The view of `status`, where early stopping watched the loss of the `watched` set
    /// ("validation" when it held points out, else "test").
    pub fn watching(status: &Status, watched: &str) -> Self {
        match status {
            Status::Running => StatusView {
                state: "running".into(),
                message: None,
                diverged_at: None,
            },
            Status::Diverged(d) => StatusView {
                state: "diverged".into(),
                message: Some(format!(
                    "Training diverged at epoch {}: the {} became NaN / infinite",
                    d.epoch,
                    d.quantity.name()
                )),
                diverged_at: Some(d.epoch),
            },
            Status::StoppedEarly { best_epoch } => StatusView {
                state: "stopped-early".into(),
                message: Some(format!(
                    "Early stopping worked: the {watched} loss had not improved since epoch \
                     {best_epoch}, so training stopped and the model of that epoch is the one \
                     shown."
                )),
                diverged_at: None,
            },
        }
    }
}

/// The latest epoch's numbers for the readouts and the unit-health bars.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EpochView {
    pub train_loss: f64,
    pub test_loss: f64,
    pub train_accuracy: f64,
    pub test_accuracy: f64,
    pub test_precision: f64,
    pub test_recall: f64,
    /// Recall of class 0, and the mean of both classes' recalls.
    #[serde(default)]
    pub test_specificity: f64,
    #[serde(default)]
    pub test_balanced_accuracy: f64,
    /// Test points predicted class 1: with none, precision is undefined.
    #[serde(default)]
    pub test_predicted_positive: usize,
    pub learning_rate: f64,
    /// Per hidden layer (the output layer is left out: a confident sigmoid output is
    /// saturated by design); `None` where the measure does not apply to its activation.
    pub saturated: Vec<Option<f64>>,
    pub dead: Vec<Option<f64>>,
}

impl EpochView {
    /// `s` for a network whose weight layers have `activations` (input side first).
    pub fn new(s: &EpochStats, activations: &[Activation]) -> Self {
        let hidden = || {
            s.layers
                .iter()
                .zip(activations)
                .take(activations.len().saturating_sub(1))
        };
        EpochView {
            train_loss: s.train.loss,
            test_loss: s.test.loss,
            train_accuracy: s.train.accuracy,
            test_accuracy: s.test.accuracy,
            test_precision: s.test.precision,
            test_recall: s.test.recall,
            test_specificity: s.test.specificity,
            test_balanced_accuracy: s.test.balanced_accuracy,
            test_predicted_positive: s.test.predicted_positive,
            learning_rate: s.learning_rate,
            saturated: hidden()
                .map(|(l, a)| a.saturation_limit().map(|_| l.saturated_fraction))
                .collect(),
            dead: hidden()
                .map(|(l, a)| a.can_die().then_some(l.dead_fraction))
                .collect(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum FromWorker {
    Ready {
        version: u32,
    },
    Snapshot(Box<SnapshotHeader>),
    /// A rejected config, a protocol mismatch, or a caught panic; `fatal` means restart.
    Error {
        message: String,
        fatal: bool,
    },
    /// A file for download, as asked by `ToWorker::Export`. On the wire the text travels
    /// beside the JSON header (as the message's `text` string), not inside it; `decode`
    /// puts it back here.
    Export {
        kind: ExportKind,
        filename: String,
        text: String,
    },
}

/// Names of the typed arrays that accompany a snapshot header.
pub mod arrays {
    pub const GRID: &str = "grid";
    pub const TRAIN_LOSS_EPOCHS: &str = "trainLossEpochs";
    pub const TRAIN_LOSS: &str = "trainLoss";
    pub const TEST_LOSS_EPOCHS: &str = "testLossEpochs";
    pub const TEST_LOSS: &str = "testLoss";
    pub const VALIDATION_LOSS_EPOCHS: &str = "validationLossEpochs";
    pub const VALIDATION_LOSS: &str = "validationLoss";
    pub const GRAD_EPOCHS: &str = "gradEpochs";
    pub const GRAD_NORMS: &str = "gradNorms";
    pub const UPDATE_EPOCHS: &str = "updateEpochs";
    pub const UPDATE_RATIOS: &str = "updateRatios";
    pub const WEIGHT_EPOCHS: &str = "weightEpochs";
    pub const WEIGHT_NORMS: &str = "weightNorms";
    pub const TRAIN_XY: &str = "trainXy";
    pub const TRAIN_LABELS: &str = "trainLabels";
    pub const TRAIN_PREDICTED: &str = "trainPredicted";
    pub const TEST_XY: &str = "testXy";
    pub const TEST_LABELS: &str = "testLabels";
    pub const TEST_PREDICTED: &str = "testPredicted";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_round_trip_through_json() {
        let msgs = vec![
            ToWorker::Start {
                version: PROTOCOL_VERSION,
                config: Box::default(),
                scenario: Some("lr-too-high".into()),
                play: true,
                grid_size: 100,
                until: Some(500),
                lesson_end: None,
                run: 3,
            },
            ToWorker::Start {
                version: PROTOCOL_VERSION,
                config: Box::default(),
                scenario: None,
                play: false,
                grid_size: 10,
                until: None,
                lesson_end: Some(100),
                run: 0,
            },
            ToWorker::Step { epochs: 1 },
            ToWorker::SetSpeed {
                speed: Speed::SlowMotion,
            },
            ToWorker::Ack,
            ToWorker::Export {
                kind: ExportKind::HistoryCsv,
            },
            ToWorker::Export {
                kind: ExportKind::HistoryJson,
            },
            ToWorker::Export {
                kind: ExportKind::Bundle,
            },
        ];
        for m in msgs {
            let text = serde_json::to_string(&m).unwrap();
            assert_eq!(serde_json::from_str::<ToWorker>(&text).unwrap(), m);
        }
        let ready = serde_json::to_string(&FromWorker::Ready { version: 1 }).unwrap();
        assert_eq!(ready, r#"{"type":"ready","version":1}"#);
        let export = ToWorker::Export {
            kind: ExportKind::HistoryJson,
        };
        assert_eq!(
            serde_json::to_string(&export).unwrap(),
            r#"{"type":"export","kind":"history-json"}"#
        );
        let back = [
            FromWorker::Export {
                kind: ExportKind::Bundle,
                filename: "nnlab-custom-seed1-bundle.json".into(),
                text: "{\n\"version\": 1\n}\n".into(),
            },
            FromWorker::Snapshot(Box::new(SnapshotHeader {
                run: 3,
                epoch: 40,
                playing: false,
                finished: true,
                lesson_ended: false,
                status: StatusView::from(&Status::Running),
                latest: EpochView::default(),
                epochs_per_second: 12.5,
                grid_size: 100,
                grad_curve_lengths: vec![3, 3],
                update_curve_lengths: vec![3, 3],
                weight_curve_lengths: vec![4, 4],
                diagnosis: None,
                diverged_steps: None,
                records_thinned_before: Some(50_001),
                best_epoch: None,
                snapshot_ms: 1.5,
            })),
        ];
        for m in back {
            let text = serde_json::to_string(&m).unwrap();
            assert_eq!(serde_json::from_str::<FromWorker>(&text).unwrap(), m);
        }
    }

    #[test]
    fn a_start_without_until_has_no_limit() {
        let text = r#"{"type":"start","version":1,"config":{},"scenario":null,"play":true,"grid_size":50}"#;
        let ToWorker::Start { until, .. } = serde_json::from_str(text).unwrap() else {
            panic!("not a start");
        };
        assert_eq!(until, None);
    }

    #[test]
    fn divergence_reads_as_a_sentence() {
        use crate::train::{Divergence, Quantity};
        let s = Status::Diverged(Divergence {
            epoch: 12,
            layer: None,
            quantity: Quantity::Loss,
        });
        let view = StatusView::from(&s);
        assert_eq!(view.state, "diverged");
        assert_eq!(
            view.message.unwrap(),
            "Training diverged at epoch 12: the loss became NaN / infinite"
        );
    }

    #[test]
    fn an_early_stop_names_the_loss_it_watched() {
        let s = Status::StoppedEarly { best_epoch: 42 };
        assert!(StatusView::watching(&s, "validation")
            .message
            .unwrap()
            .starts_with(
                "Early stopping worked: the validation loss had not improved since epoch 42"
            ));
        assert!(StatusView::from(&s)
            .message
            .unwrap()
            .contains("the test loss"));
    }

    #[test]
    fn unit_health_covers_hidden_layers_and_only_the_measures_that_apply() {
        let mut config = Config::default();
        config.set("model.hidden_layers", "4,4").unwrap();
        config.set("model.layer_activations", "relu,tanh").unwrap();
        let mut trainer = crate::train::Trainer::new(&config).unwrap();
        let stats = trainer.evaluate();
        let activations: Vec<Activation> =
            trainer.mlp().layers.iter().map(|l| l.activation).collect();
        let view = EpochView::new(&stats, &activations);
        assert_eq!(view.saturated.len(), 2, "the output layer is left out");
        assert_eq!((view.saturated[0], view.dead[1]), (None, None));
        assert!(view.dead[0].is_some() && view.saturated[1].is_some());
    }

    #[test]
    fn speeds_are_ordered() {
        assert!(Speed::SlowMotion.epochs_per_second() < Speed::Normal.epochs_per_second());
        assert_eq!(Speed::Max.epochs_per_second(), None);
    }
}
