//! The same config and seed give bit-identical telemetry; another seed gives another run.

use nnlab::scenario::Config;
use nnlab::train::fingerprint::Fingerprint;
use nnlab::train::Trainer;

/// The exact bits of every number of every epoch, and of a small decision grid.
fn fingerprint(config: &Config, epochs: usize) -> u64 {
    let mut trainer = Trainer::new(config).expect("valid config");
    let telemetry = trainer.step(epochs);
    let mut f = Fingerprint::default();
    telemetry.epochs.iter().for_each(|e| f.add_epoch(e));
    let mut grid = Vec::new();
    trainer.decision_grid(20, 20, &mut grid);
    grid.iter().for_each(|v| f.add(v.to_bits() as u64));
    f.value()
}

fn configs() -> Vec<(&'static str, Config)> {
    let edits: &[(&str, &[(&str, &str)])] = &[
        ("default", &[]),
        (
            "dropout + augmentation",
            &[
                ("model.dropout", "0.3"),
                ("data.augment.jitter", "0.3"),
                ("data.augment.rotation", "20"),
            ],
        ),
        (
            "batch norm + residual + adam",
            &[
                ("model.batch_norm", "true"),
                ("model.residual", "true"),
                ("train.optimizer", "adam"),
                ("train.learning_rate", "0.01"),
            ],
        ),
        (
            "relu + label noise + l1 + clipping",
            &[
                ("model.activation", "relu"),
                ("data.label_noise", "0.2"),
                ("train.l1", "0.001"),
                ("train.clip_norm", "0.5"),
            ],
        ),
        (
            "spiral mse tanh + schedule",
            &[
                ("data.dataset", "spiral"),
                ("train.loss", "mse"),
                ("model.output_activation", "tanh"),
                ("train.schedule", "cosine"),
                ("train.warmup_epochs", "3"),
            ],
        ),
    ];
    edits
        .iter()
        .map(|(name, delta)| {
            let mut c = Config::default();
            for (k, v) in delta.iter() {
                c.set(k, v).unwrap();
            }
            (*name, c)
        })
        .collect()
}

#[test]
fn same_config_and_seed_give_bit_identical_runs() {
    for (name, config) in configs() {
        assert_eq!(fingerprint(&config, 15), fingerprint(&config, 15), "{name}");
    }
}

#[test]
fn training_in_chunks_equals_training_at_once() {
    for (name, config) in configs() {
        let mut whole = Trainer::new(&config).unwrap();
        let all = whole.step(12).epochs;
        let mut chunked = Trainer::new(&config).unwrap();
        let mut parts = Vec::new();
        for n in [1, 5, 6] {
            parts.extend(chunked.step(n).epochs);
        }
        assert_eq!(all, parts, "{name}");
    }
}

#[test]
fn another_seed_gives_another_run() {
    for (name, config) in configs() {
        let other = Config {
            seed: config.seed + 1,
            ..config.clone()
        };
        assert_ne!(fingerprint(&config, 3), fingerprint(&other, 3), "{name}");
    }
}
