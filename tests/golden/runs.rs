//! The golden runs shared by the native and the wasm determinism tests: three configs on
//! fixed seeds, and the fingerprint of their telemetry. Native and wasm must both match it.
//! The configs are spelled out here (not taken from the catalog) so tuning a scenario does
//! not move them.

type Delta = &'static [(&'static str, &'static str)];

/// (name, setting edits on the default config, epochs)
pub const GOLDEN_RUNS: &[(&str, Delta, usize)] = &[
    (
        "deep-sigmoid",
        &[
            ("seed", "7"),
            ("model.hidden_layers", "8,8,8,8,8,8"),
            ("model.activation", "sigmoid"),
            ("train.loss", "mse"),
            ("model.output_activation", "tanh"),
        ],
        40,
    ),
    (
        "relu-adam-clipped-batchnorm",
        &[
            ("seed", "3"),
            ("data.dataset", "spiral"),
            ("model.activation", "relu"),
            ("model.weight_init", "he"),
            ("model.batch_norm", "true"),
            ("model.residual", "true"),
            ("train.optimizer", "adam"),
            ("train.learning_rate", "0.01"),
            ("train.clip_norm", "1"),
            ("train.schedule", "cosine"),
        ],
        40,
    ),
    (
        "tiny-noisy-regularised",
        &[
            ("seed", "11"),
            ("data.train_size", "12"),
            ("data.label_noise", "0.2"),
            ("model.dropout", "0.3"),
            ("data.augment.jitter", "0.4"),
            ("data.augment.rotation", "30"),
            ("train.l1", "0.001"),
            ("train.l2", "0.01"),
            ("model.activation", "elu"),
        ],
        60,
    ),
];

/// Runs one golden case and fingerprints its telemetry and a small decision grid.
pub fn golden_fingerprint(delta: Delta, epochs: usize) -> u64 {
    let mut config = nnlab::scenario::Config::default();
    for (path, value) in delta {
        config.set(path, value).expect("golden setting is valid");
    }
    let mut trainer = nnlab::train::Trainer::new(&config).expect("valid");
    let telemetry = trainer.step(epochs);
    let mut f = nnlab::train::fingerprint::Fingerprint::default();
    telemetry.epochs.iter().for_each(|e| f.add_epoch(e));
    let mut grid = Vec::new();
    trainer.decision_grid(16, 16, &mut grid);
    grid.iter().for_each(|v| f.add(v.to_bits() as u64));
    f.value()
}
