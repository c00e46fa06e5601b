//! Trainer speed on the canonical runs of the playground.
//!
//! - `epochs/*`: `Trainer::step` with the full per-epoch telemetry the page uses (minibatch
//!   training, train and test evaluation, unit health, gradient and update statistics);
//!   throughput is in elements = epochs.
//! - `grid/*`: one 100×100 decision-boundary grid (`Trainer::decision_grid`).
//! - `forward/*`: the batched unit-major forward pass against the per-example form on the
//!   same 10,000 grid inputs; throughput is in elements = examples.
//!
//! Run with `cargo bench --bench trainer` (add a filter such as `-- epochs` for one group).
//! Measurement times are short because the benches share a small machine.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use nnlab::model::forward::{forward_example, to_unit_major};
use nnlab::model::{forward, Mlp, Mode, Workspace};
use nnlab::scenario::Config;
use nnlab::train::evaluate::EVAL_CHUNK;
use nnlab::train::Trainer;
use std::hint::black_box;
use std::time::Duration;

/// Epochs per measured iteration: enough to amortise `step`'s setup, few enough for
/// criterion to take several samples.
const EPOCHS_PER_ITER: usize = 20;
/// Epochs trained before measuring, so the weights are past their initial values.
const WARM_EPOCHS: usize = 100;
const GRID_SIDE: usize = 100;

/// The settings shared by the canonical runs (from the issue).
const COMMON: &[(&str, &str)] = &[
    ("train.loss", "mse"),
    ("model.output_activation", "tanh"),
    ("train.learning_rate", "0.03"),
    ("train.batch_size", "10"),
    ("data.train_size", "250"),
];

/// (name, dataset, hidden layers, hidden activation).
const RUNS: &[(&str, &str, &str, &str)] = &[
    ("a_spiral_8x8_tanh", "spiral", "8,8", "tanh"),
    ("b_spiral_6x8_sigmoid", "spiral", "8,8,8,8,8,8", "sigmoid"),
    ("c_circle_4_2_tanh", "circle", "4,2", "tanh"),
];

fn config(dataset: &str, hidden: &str, activation: &str) -> Config {
    let mut c = Config::default();
    for (key, value) in COMMON {
        c.set(key, value).expect("valid setting");
    }
    c.set("data.dataset", dataset).expect("valid dataset");
    c.set("model.hidden_layers", hidden).expect("valid layers");
    c.set("model.activation", activation)
        .expect("valid activation");
    c
}

fn warm_trainer(dataset: &str, hidden: &str, activation: &str) -> Trainer {
    let mut trainer = Trainer::new(&config(dataset, hidden, activation)).expect("valid config");
    trainer.step(WARM_EPOCHS);
    trainer
}

fn epochs(c: &mut Criterion) {
    let mut group = c.benchmark_group("epochs");
    group.throughput(Throughput::Elements(EPOCHS_PER_ITER as u64));
    for &(name, dataset, hidden, activation) in RUNS {
        let mut trainer = warm_trainer(dataset, hidden, activation);
        group.bench_function(name, |b| {
            b.iter(|| {
                let telemetry = trainer.step(EPOCHS_PER_ITER);
                assert!(telemetry.status.is_running(), "{name} stopped");
                black_box(telemetry)
            })
        });
    }
    group.finish();
}

fn grid(c: &mut Criterion) {
    let mut group = c.benchmark_group("grid");
    group.throughput(Throughput::Elements((GRID_SIDE * GRID_SIDE) as u64));
    let mut out = Vec::new();
    for &(name, dataset, hidden, activation) in &RUNS[..2] {
        let mut trainer = warm_trainer(dataset, hidden, activation);
        group.bench_function(name, |b| {
            b.iter(|| {
                trainer.decision_grid(GRID_SIDE, GRID_SIDE, &mut out);
                black_box(&out);
            })
        });
    }
    group.finish();
}

/// Row-major network inputs at the grid's pixel centres (the trainer's default features
/// are the raw x and y).
fn grid_inputs() -> Vec<f64> {
    let cell = 2.0 * nnlab::data::DOMAIN / GRID_SIDE as f64;
    let centre = |i: usize| -nnlab::data::DOMAIN + (i as f64 + 0.5) * cell;
    (0..GRID_SIDE * GRID_SIDE)
        .flat_map(|p| [centre(p % GRID_SIDE), centre(p / GRID_SIDE)])
        .collect()
}

fn batched(mlp: &Mlp, inputs: &[f64], ws: &mut Workspace, x: &mut Vec<f64>) -> f64 {
    let d = mlp.input_size();
    let mut total = 0.0;
    for chunk in inputs.chunks(EVAL_CHUNK * d) {
        let rows = chunk.len() / d;
        to_unit_major(chunk, d, x);
        forward(mlp, ws, x, rows, &mut Mode::Eval);
        total += ws.output()[..rows].iter().sum::<f64>();
    }
    total
}

fn per_example(mlp: &Mlp, inputs: &[f64]) -> f64 {
    let d = mlp.input_size();
    inputs
        .chunks_exact(d)
        .map(|p| forward_example(mlp, p))
        .sum()
}

fn forward_forms(c: &mut Criterion) {
    let mut group = c.benchmark_group("forward");
    let inputs = grid_inputs();
    group.throughput(Throughput::Elements((GRID_SIDE * GRID_SIDE) as u64));
    for &(name, dataset, hidden, activation) in &RUNS[..2] {
        let trainer = warm_trainer(dataset, hidden, activation);
        let mlp = trainer.mlp();
        let (mut ws, mut x) = (Workspace::default(), Vec::new());
        group.bench_function(BenchmarkId::new("batched", name), |b| {
            b.iter(|| black_box(batched(mlp, &inputs, &mut ws, &mut x)))
        });
        group.bench_function(BenchmarkId::new("per_example", name), |b| {
            b.iter(|| black_box(per_example(mlp, &inputs)))
        });
    }
    group.finish();
}

fn short() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
}

criterion_group! {
    name = benches;
    config = short();
    targets = epochs, grid, forward_forms
}
criterion_main!(benches);
