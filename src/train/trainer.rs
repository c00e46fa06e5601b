//! The Trainer: owns the data, the network and the optimiser, and advances in bounded
//! chunks with `step(epochs)`. Pure and seeded: the same `Config` gives the same bits.

mod batch;
mod holdout;
mod step_log;
mod supplied;

use super::early_stop::EarlyStopping;
use super::evaluate::{EvalSet, Evaluator, UnitHealth};
use super::optimizer::OptimizerState;
use super::telemetry::{
    DivergedSteps, Divergence, EpochStats, LayerStats, Quantity, Status, Telemetry,
};
use crate::data::dataset::{generate_seeded, DataSplit, Dataset};
use crate::data::{DatasetKind, Preprocessor, DOMAIN};
use crate::error::ConfigError;
use crate::model::{LayerParams, Mlp, Workspace};
use crate::rng::Rng;
use crate::scenario::Config;
use supplied::{check_shapes, check_split};

/// Reusable buffers for one training step.
#[derive(Default)]
struct Scratch {
    ws: Workspace,
    eval: Evaluator,
    health: UnitHealth,
    batch_x: Vec<f64>,
    batch_labels: Vec<u8>,
    batch_weights: Vec<f64>,
    grads: Vec<LayerParams>,
    old_weights: Vec<Vec<f64>>,
    augmented: Vec<[f64; 2]>,
    /// Network inputs of this epoch's augmented training points (row-major).
    augmented_inputs: Vec<f64>,
    grid_inputs: Vec<f64>,
}

pub struct Trainer {
    config: Config,
    data: DataSplit,
    pre: Preprocessor,
    mlp: Mlp,
    initial: Vec<LayerParams>,
    optimizer: OptimizerState,
    /// Shuffling, dropout masks and augmentation draw from this one stream.
    rng: Rng,
    epoch: usize,
    status: Status,
    early: EarlyStopping,
    /// The training points trained on: all of `data.train` but the validation points.
    fit: Dataset,
    /// Network inputs of the points in `fit` (row-major), for assembling batches.
    train_inputs: Vec<f64>,
    /// The sets laid out for the per-epoch evaluation (the training set un-augmented).
    train_set: EvalSet,
    test_set: EvalSet,
    /// The points early stopping watches, when it holds some out.
    validation_set: Option<EvalSet>,
    class_weight: [f64; 2],
    order: Vec<usize>,
    scratch: Scratch,
    /// The steps of the epoch in progress, and of the epoch that diverged once one has.
    steps: step_log::StepLog,
    diverged_steps: Option<DivergedSteps>,
}

impl Trainer {
    /// A trainer on generated data; the config is validated first.
    pub fn new(config: &Config) -> Result<Self, ConfigError> {
        config.validate()?;
        if config.data.dataset == DatasetKind::Custom {
            return Err(ConfigError::new(
                "data.dataset",
                "custom needs points from a CSV file or a run bundle",
            ));
        }
        let split = generate_seeded(&config.data, config.seed);
        Self::with_data(config, split, None)
    }

    /// A trainer on given data and, optionally, given initial parameters (a run bundle).
    pub fn with_data(
        config: &Config,
        data: DataSplit,
        init: Option<Vec<LayerParams>>,
    ) -> Result<Self, ConfigError> {
        let mut checked = config.clone();
        // Sizes of supplied data are whatever the file holds; check the rest of the config.
        checked.data.train_size = checked.data.train_size.clamp(4, 2000);
        checked.data.test_size = checked.data.test_size.clamp(4, 2000);
        checked.validate()?;
        check_split(&data)?;
        let (fit, validation) = match config.train.early_stopping.enabled {
            true => {
                let fraction = config.train.early_stopping.validation_fraction;
                holdout::split(&data.train, fraction, config.seed)
            }
            false => (data.train.clone(), None),
        };
        // Fitted on the points trained on: the validation points stay unseen.
        let pre = Preprocessor::fit(&config.data, &fit);
        let mut init_rng = Rng::stream(config.seed, Rng::STREAM_INIT);
        let mut mlp = Mlp::new(&config.model, pre.input_size(), &mut init_rng);
        if let Some(params) = init {
            check_shapes(&mlp, &params)?;
            mlp.set_params(&params);
        }
        let mut train_inputs = Vec::new();
        let mut test_inputs = Vec::new();
        pre.transform_all(&fit.points, &mut train_inputs);
        pre.transform_all(&data.test.points, &mut test_inputs);
        let d = pre.input_size();
        let train_set = EvalSet::new(&train_inputs, d, &fit.labels);
        let test_set = EvalSet::new(&test_inputs, d, &data.test.labels);
        let validation_set = validation.map(|v| {
            let mut inputs = Vec::new();
            pre.transform_all(&v.points, &mut inputs);
            EvalSet::new(&inputs, d, &v.labels)
        });
        let n = fit.len() as f64;
        let class_weight = if config.train.class_weights {
            let w = |c: u8| match fit.count_class(c) {
                0 => 1.0,
                k => n / (2.0 * k as f64),
            };
            [w(0), w(1)]
        } else {
            [1.0, 1.0]
        };
        Ok(Trainer {
            optimizer: OptimizerState::new(&config.train, &mlp.params()),
            initial: mlp.params(),
            rng: Rng::stream(config.seed, Rng::STREAM_TRAINING),
            epoch: 0,
            status: Status::Running,
            early: EarlyStopping::new(&config.train.early_stopping),
            order: (0..fit.len()).collect(),
            steps: step_log::StepLog::default(),
            diverged_steps: None,
            scratch: Scratch {
                grads: mlp.zero_grads(),
                ..Default::default()
            },
            config: config.clone(),
            data,
            pre,
            mlp,
            fit,
            train_inputs,
            train_set,
            test_set,
            validation_set,
            class_weight,
        })
    }

    pub fn config(&self) -> &Config {
        &self.config
    }
    pub fn data(&self) -> &DataSplit {
        &self.data
    }
    pub fn mlp(&self) -> &Mlp {
        &self.mlp
    }
    /// The parameters the run started from (for run bundles).
    pub fn initial_params(&self) -> &[LayerParams] {
        &self.initial
    }
    /// Completed epochs.
    pub fn epoch(&self) -> usize {
        self.epoch
    }
    pub fn status(&self) -> Status {
        self.status
    }
    /// The completed steps of the epoch that diverged, once one has.
    pub fn diverged_steps(&self) -> Option<&DivergedSteps> {
        self.diverged_steps.as_ref()
    }

    /// Trains up to `epochs` more epochs, stopping early on divergence or early stopping.
    pub fn step(&mut self, epochs: usize) -> Telemetry {
        let mut out = Vec::with_capacity(epochs.min(4096));
        for _ in 0..epochs {
            if !self.status.is_running() {
                break;
            }
            match self.run_epoch() {
                Ok(stats) => {
                    if let Some(stop) = self.early.observe(&stats, &mut self.mlp) {
                        self.status = stop;
                    }
                    out.push(stats);
                }
                Err(divergence) => {
                    self.status = Status::Diverged(divergence);
                    self.diverged_steps = Some(self.steps.diverged(divergence.epoch));
                }
            }
        }
        Telemetry {
            epochs: out,
            status: self.status,
        }
    }

    /// Statistics of the current network without training (epoch 0 before the first step).
    pub fn evaluate(&mut self) -> EpochStats {
        let mut layers = vec![LayerStats::default(); self.mlp.layers.len()];
        for (s, layer) in layers.iter_mut().zip(&self.mlp.layers) {
            s.weight_norm = weight_norm(&layer.params);
        }
        self.finish_epoch_stats(layers)
    }

    fn run_epoch(&mut self) -> Result<EpochStats, Divergence> {
        let n = self.fit.len();
        let bs = self.config.train.batch_size.min(n);
        let batches = n.div_ceil(bs);
        let augment = &self.config.data.augment;
        if augment.is_active() {
            let s = &mut self.scratch;
            augment.apply(&self.fit.points, &mut self.rng, &mut s.augmented);
            self.pre
                .transform_all(&s.augmented, &mut s.augmented_inputs);
        }
        if self.config.train.shuffle {
            self.rng.shuffle(&mut self.order);
        }
        let mut stats = vec![LayerStats::default(); self.mlp.layers.len()];
        self.steps.clear(self.mlp.layers.len(), batches);
        let mut lr = self.config.train.learning_rate;
        for b in 0..batches {
            let range = b * bs..((b + 1) * bs).min(n);
            lr = self.train_batch(range, b as f64 / batches as f64, &mut stats)?;
        }
        for (s, layer) in stats.iter_mut().zip(&self.mlp.layers) {
            s.grad_norm /= batches as f64;
            s.update_ratio /= batches as f64;
            s.weight_norm = weight_norm(&layer.params);
        }
        self.epoch += 1;
        let mut epoch_stats = self.finish_epoch_stats(stats);
        epoch_stats.learning_rate = lr;
        if !epoch_stats.train.loss.is_finite() || !epoch_stats.test.loss.is_finite() {
            return Err(Divergence {
                epoch: self.epoch,
                layer: None,
                quantity: Quantity::Loss,
            });
        }
        Ok(epoch_stats)
    }

    /// Evaluates both sets (the training set un-augmented) and unit health.
    fn finish_epoch_stats(&mut self, mut layers: Vec<LayerStats>) -> EpochStats {
        let loss = self.config.train.loss;
        let s = &mut self.scratch;
        s.health.reset(&self.mlp);
        let train = s
            .eval
            .evaluate(&self.mlp, &self.train_set, loss, Some(&mut s.health));
        let test = s.eval.evaluate(&self.mlp, &self.test_set, loss, None);
        let validation = self.validation_set.as_ref();
        let validation = validation.map(|v| s.eval.evaluate(&self.mlp, v, loss, None));
        s.health.fill(&self.mlp, &mut layers);
        EpochStats {
            epoch: self.epoch,
            learning_rate: self.config.train.learning_rate,
            train,
            test,
            validation_loss: validation.as_ref().map(|v| v.loss),
            validation_accuracy: validation.as_ref().map(|v| v.accuracy),
            layers,
        }
    }

    /// The model's class-1 score on a `width × height` grid over [−DOMAIN, DOMAIN]², row
    /// by row from the top (y = +DOMAIN) like an image, at pixel centres; written to `out`.
    pub fn decision_grid(&mut self, width: usize, height: usize, out: &mut Vec<f32>) {
        let d = self.pre.input_size();
        let s = &mut self.scratch;
        s.grid_inputs.clear();
        s.grid_inputs.resize(width * height * d, 0.0);
        let cell_x = 2.0 * DOMAIN / width as f64;
        let cell_y = 2.0 * DOMAIN / height as f64;
        for r in 0..height {
            let y = DOMAIN - (r as f64 + 0.5) * cell_y;
            for c in 0..width {
                let x = -DOMAIN + (c as f64 + 0.5) * cell_x;
                let at = (r * width + c) * d;
                self.pre.transform([x, y], &mut s.grid_inputs[at..at + d]);
            }
        }
        s.eval.scores(&self.mlp, &s.grid_inputs, out);
    }
}

/// ‖W‖, summed in index order.
fn weight_norm(params: &LayerParams) -> f64 {
    params.tensors()[0]
        .iter()
        .map(|w| w * w)
        .sum::<f64>()
        .sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Telemetry (as JSON, which spells every f64 exactly) and a small decision grid.
    fn run(settings: &[(&str, &str)]) -> (String, Vec<u32>) {
        let mut config = Config::default();
        for (key, value) in settings {
            config.set(key, value).expect("valid setting");
        }
        let mut trainer = Trainer::new(&config).expect("valid config");
        let telemetry = trainer.step(25);
        let mut grid = Vec::new();
        trainer.decision_grid(9, 7, &mut grid);
        let json = serde_json::to_string(&telemetry).expect("serialisable");
        (json, grid.iter().map(|v| v.to_bits()).collect())
    }

    #[test]
    fn same_config_gives_bit_identical_runs() {
        let configs: [&[(&str, &str)]; 3] = [
            &[
                ("data.dataset", "spiral"),
                ("train.loss", "mse"),
                ("model.output_activation", "tanh"),
                ("train.learning_rate", "0.03"),
            ],
            &[
                ("model.activation", "relu"),
                ("model.batch_norm", "true"),
                ("model.dropout", "0.3"),
                ("model.residual", "true"),
                ("train.batch_size", "7"),
            ],
            &[
                ("data.augment.jitter", "0.1"),
                ("train.optimizer", "adam"),
                ("train.class_weights", "true"),
                ("train.early_stopping.enabled", "true"),
                ("train.early_stopping.patience", "5"),
                ("train.early_stopping.validation_fraction", "0.2"),
            ],
        ];
        for settings in configs {
            assert_eq!(run(settings), run(settings), "{settings:?}");
        }
    }

    fn trainer(settings: &[(&str, &str)]) -> Trainer {
        let mut config = Config::default();
        config.set("data.train_size", "40").unwrap();
        for (key, value) in settings {
            config.set(key, value).expect("valid setting");
        }
        Trainer::new(&config).expect("valid config")
    }

    #[test]
    fn early_stopping_trains_without_its_validation_points_and_watches_them() {
        let watched = [
            ("train.early_stopping.enabled", "true"),
            ("train.early_stopping.validation_fraction", "0.25"),
        ];
        let mut t = trainer(&watched);
        assert_eq!((t.fit.len(), t.data().train.len()), (30, 40));
        assert_eq!(t.order.len(), 30);
        let stats = t.step(3).epochs;
        assert!(stats
            .iter()
            .all(|s| s.validation_loss.is_some_and(f64::is_finite)));
        // The validation loss is its own set's, not the test or training loss.
        assert!(stats.iter().all(|s| s.validation_loss != Some(s.test.loss)));
        // Its accuracy counts the 10 held-out points: a multiple of 1/10.
        for s in &stats {
            let tenths = s.validation_accuracy.expect("held out") * 10.0;
            assert!((tenths - tenths.round()).abs() < 1e-9, "{tenths}");
        }
        for settings in [
            &watched[..1],
            &[("train.early_stopping.validation_fraction", "0.25")],
        ] {
            let mut t = trainer(settings);
            assert_eq!(t.fit.len(), 40, "{settings:?}: nothing held out");
            let first = &t.step(1).epochs[0];
            assert!(first.validation_loss.is_none() && first.validation_accuracy.is_none());
        }
    }
}
