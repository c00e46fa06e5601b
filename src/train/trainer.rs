//! The Trainer: owns the data, the network and the optimiser, and advances in bounded
//! chunks with `step(epochs)`. Pure and seeded: the same `Config` gives the same bits.

use super::early_stop::EarlyStopping;
use super::evaluate::{EvalSet, Evaluator, UnitHealth};
use super::objective::{loss_and_grads, Batch};
use super::optimizer::OptimizerState;
use super::regularize::{add_penalty_grad, clip_by_global_norm, clip_by_value};
use super::schedule::learning_rate;
use super::telemetry::{Divergence, EpochStats, LayerStats, Quantity, Status, Telemetry};
use crate::data::dataset::{generate_seeded, DataSplit};
use crate::data::{DatasetKind, Preprocessor, DOMAIN};
use crate::error::ConfigError;
use crate::model::{LayerParams, Mlp, Mode, Workspace};
use crate::rng::Rng;
use crate::scenario::Config;
use std::ops::Range;

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
    /// Network inputs of the training points (row-major), for assembling batches.
    train_inputs: Vec<f64>,
    /// Both sets laid out for the per-epoch evaluation (the training set un-augmented).
    train_set: EvalSet,
    test_set: EvalSet,
    class_weight: [f64; 2],
    order: Vec<usize>,
    scratch: Scratch,
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
        let pre = Preprocessor::fit(&config.data, &data.train);
        let mut init_rng = Rng::stream(config.seed, Rng::STREAM_INIT);
        let mut mlp = Mlp::new(&config.model, pre.input_size(), &mut init_rng);
        if let Some(params) = init {
            check_shapes(&mlp, &params)?;
            mlp.set_params(&params);
        }
        let mut train_inputs = Vec::new();
        let mut test_inputs = Vec::new();
        pre.transform_all(&data.train.points, &mut train_inputs);
        pre.transform_all(&data.test.points, &mut test_inputs);
        let d = pre.input_size();
        let train_set = EvalSet::new(&train_inputs, d, &data.train.labels);
        let test_set = EvalSet::new(&test_inputs, d, &data.test.labels);
        let n = data.train.len() as f64;
        let class_weight = if config.train.class_weights {
            let w = |c: u8| match data.train.count_class(c) {
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
            order: (0..data.train.len()).collect(),
            scratch: Scratch {
                grads: mlp.zero_grads(),
                ..Default::default()
            },
            config: config.clone(),
            data,
            pre,
            mlp,
            train_inputs,
            train_set,
            test_set,
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
                Err(divergence) => self.status = Status::Diverged(divergence),
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
        let n = self.data.train.len();
        let bs = self.config.train.batch_size.min(n);
        let batches = n.div_ceil(bs);
        let augment = &self.config.data.augment;
        if augment.is_active() {
            let s = &mut self.scratch;
            augment.apply(&self.data.train.points, &mut self.rng, &mut s.augmented);
            self.pre
                .transform_all(&s.augmented, &mut s.augmented_inputs);
        }
        if self.config.train.shuffle {
            self.rng.shuffle(&mut self.order);
        }
        let mut stats = vec![LayerStats::default(); self.mlp.layers.len()];
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

    /// One optimiser step on the examples `order[range]`, `progress` of the way through the
    /// epoch. Adds the batch's gradient norms and update ratios into `stats`; returns the
    /// learning rate used.
    fn train_batch(
        &mut self,
        range: Range<usize>,
        progress: f64,
        stats: &mut [LayerStats],
    ) -> Result<f64, Divergence> {
        self.gather_batch(range);
        let cfg = &self.config.train;
        let fail = |quantity, layer| Divergence {
            epoch: self.epoch + 1,
            layer,
            quantity,
        };
        let s = &mut self.scratch;
        let batch = Batch {
            x: &s.batch_x,
            labels: &s.batch_labels,
            weights: cfg.class_weights.then_some(&s.batch_weights[..]),
        };
        let mut mode = Mode::Train {
            dropout_rng: &mut self.rng,
        };
        let loss = loss_and_grads(
            &self.mlp,
            &mut s.ws,
            &batch,
            cfg.loss,
            &mut mode,
            &mut s.grads,
        );
        if !loss.is_finite() {
            return Err(fail(Quantity::Loss, None));
        }
        if cfg.l1 != 0.0 || cfg.l2 != 0.0 {
            let params: Vec<&LayerParams> = self.mlp.layers.iter().map(|l| &l.params).collect();
            add_penalty_grad(&params, &mut s.grads, cfg.l1, cfg.l2);
        }
        for (l, g) in s.grads.iter().enumerate() {
            let norm = g.sum_squares().sqrt();
            if !norm.is_finite() {
                return Err(fail(Quantity::Gradient, Some(l)));
            }
            stats[l].grad_norm += norm;
        }
        if cfg.clip_value > 0.0 {
            clip_by_value(&mut s.grads, cfg.clip_value);
        }
        if cfg.clip_norm > 0.0 {
            clip_by_global_norm(&mut s.grads, cfg.clip_norm);
        }
        s.old_weights.resize(self.mlp.layers.len(), Vec::new());
        for (old, layer) in s.old_weights.iter_mut().zip(&self.mlp.layers) {
            old.clear();
            old.extend_from_slice(layer.params.tensors()[0]);
        }
        let lr = learning_rate(cfg, self.epoch as f64 + progress);
        let params = self.mlp.layers.iter_mut().map(|l| &mut l.params);
        self.optimizer.step(params, &s.grads, lr);
        self.mlp.update_running_stats(&s.ws);
        for (l, (layer, old)) in self.mlp.layers.iter().zip(&s.old_weights).enumerate() {
            if !all_finite(&layer.params) {
                return Err(fail(Quantity::Weight, Some(l)));
            }
            stats[l].update_ratio += update_ratio(layer.params.tensors()[0], old);
        }
        Ok(lr)
    }

    /// Copies the examples `order[range]` (augmented this epoch, if augmentation is on) into
    /// the unit-major batch buffers.
    fn gather_batch(&mut self, range: Range<usize>) {
        let d = self.pre.input_size();
        let Scratch {
            batch_x,
            batch_labels,
            batch_weights,
            augmented_inputs,
            ..
        } = &mut self.scratch;
        let inputs = if self.config.data.augment.is_active() {
            &augmented_inputs[..]
        } else {
            &self.train_inputs[..]
        };
        let idx = &self.order[range];
        let rows = idx.len();
        batch_x.resize(d * rows, 0.0);
        batch_labels.clear();
        batch_weights.clear();
        for (i, &e) in idx.iter().enumerate() {
            for k in 0..d {
                batch_x[k * rows + i] = inputs[e * d + k];
            }
            let label = self.data.train.labels[e];
            batch_labels.push(label);
            batch_weights.push(self.class_weight[label as usize]);
        }
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
        s.health.fill(&self.mlp, &mut layers);
        EpochStats {
            epoch: self.epoch,
            learning_rate: self.config.train.learning_rate,
            train,
            test,
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

/// ‖W − W_old‖ / ‖W‖ (0 when W = 0), each sum in index order from 0.
fn update_ratio(weights: &[f64], old: &[f64]) -> f64 {
    let (mut delta, mut norm) = (0.0, 0.0);
    for (w, o) in weights.iter().zip(old) {
        delta += (w - o) * (w - o);
        norm += w * w;
    }
    if norm > 0.0 {
        (delta / norm).sqrt()
    } else {
        0.0
    }
}

/// Whether every parameter is finite; an OR over the whole tensor, which vectorises.
fn all_finite(params: &LayerParams) -> bool {
    params
        .tensors()
        .iter()
        .all(|t| !t.iter().fold(false, |bad, v| bad | !v.is_finite()))
}

fn check_split(data: &DataSplit) -> Result<(), ConfigError> {
    for (name, set) in [("train", &data.train), ("test", &data.test)] {
        if set.is_empty() {
            return Err(ConfigError::new(
                format!("data.{name}"),
                "must hold at least one point, got none",
            ));
        }
        if set.points.len() != set.labels.len() {
            return Err(ConfigError::new(
                format!("data.{name}"),
                "has a different number of points and labels",
            ));
        }
        if let Some(i) = set
            .points
            .iter()
            .position(|p| !p[0].is_finite() || !p[1].is_finite())
        {
            return Err(ConfigError::new(
                format!("data.{name}[{i}]"),
                "must be finite numbers",
            ));
        }
        if let Some(i) = set.labels.iter().position(|&l| l > 1) {
            return Err(ConfigError::new(
                format!("data.{name}[{i}]"),
                format!("label must be 0 or 1, got {}", set.labels[i]),
            ));
        }
    }
    Ok(())
}

fn check_shapes(mlp: &Mlp, params: &[LayerParams]) -> Result<(), ConfigError> {
    if params.len() != mlp.layers.len() {
        return Err(ConfigError::new(
            "init",
            format!(
                "must hold {} layers for this model, got {}",
                mlp.layers.len(),
                params.len()
            ),
        ));
    }
    for (l, (layer, p)) in mlp.layers.iter().zip(params).enumerate() {
        let want = layer.params.weights.dim();
        if p.weights.dim() != want || p.biases.len() != want.0 {
            return Err(ConfigError::new(
                format!("init[{l}]"),
                format!(
                    "must be {} units × {} inputs with {} biases, got {} × {} with {}",
                    want.0,
                    want.1,
                    want.0,
                    p.weights.nrows(),
                    p.weights.ncols(),
                    p.biases.len()
                ),
            ));
        }
        if p.gamma.len() != layer.params.gamma.len() || p.beta.len() != layer.params.beta.len() {
            return Err(ConfigError::new(
                format!("init[{l}]"),
                "batch-norm parameters do not match the model",
            ));
        }
        if !p.all_finite() {
            return Err(ConfigError::new(
                format!("init[{l}]"),
                "must be finite numbers",
            ));
        }
    }
    Ok(())
}
