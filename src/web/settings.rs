//! The raw settings, as a declarative table: one row per control, keyed by the same dotted
//! path as `Config::set`. The page builds its settings panel from this table.

/// How a setting is edited.
pub enum Kind {
    Select(&'static [&'static str]),
    Number {
        min: f64,
        max: f64,
        step: f64,
    },
    Toggle,
    /// Comma-separated list, e.g. hidden layer widths `8,8`.
    List,
    /// One checkbox per option; the value is the comma list of the checked ones.
    Checks(&'static [&'static str]),
}

pub struct Setting {
    pub path: &'static str,
    pub label: &'static str,
    pub kind: Kind,
}

pub struct Group {
    pub title: &'static str,
    pub settings: &'static [Setting],
}

const ACTIVATIONS: &[&str] = &["linear", "sigmoid", "tanh", "relu", "leaky-relu", "elu"];

pub static GROUPS: &[Group] = &[
    Group {
        title: "Data",
        settings: &[
            Setting {
                path: "data.dataset",
                label: "Dataset",
                kind: Kind::Select(&["circle", "xor", "gauss", "spiral", "moons", "checkerboard"]),
            },
            Setting {
                path: "data.train_size",
                label: "Training points",
                kind: Kind::Number {
                    min: 4.0,
                    max: 2000.0,
                    step: 1.0,
                },
            },
            Setting {
                path: "data.test_size",
                label: "Test points",
                kind: Kind::Number {
                    min: 4.0,
                    max: 2000.0,
                    step: 1.0,
                },
            },
            Setting {
                path: "data.noise",
                label: "Noise (std)",
                kind: Kind::Number {
                    min: 0.0,
                    max: 3.0,
                    step: 0.1,
                },
            },
            Setting {
                path: "data.label_noise",
                label: "Label noise",
                kind: Kind::Number {
                    min: 0.0,
                    max: 0.5,
                    step: 0.05,
                },
            },
            Setting {
                path: "data.exact_label_noise",
                label: "Exact label-noise count",
                kind: Kind::Toggle,
            },
            Setting {
                path: "data.imbalance_ratio",
                label: "Imbalance ratio",
                kind: Kind::Number {
                    min: 1.0,
                    max: 100.0,
                    step: 1.0,
                },
            },
            Setting {
                path: "data.shuffled_labels",
                label: "Shuffled labels (bug)",
                kind: Kind::Toggle,
            },
            Setting {
                path: "data.input_scale",
                label: "Input scale (bug)",
                kind: Kind::Number {
                    min: 0.001,
                    max: 10000.0,
                    step: 1.0,
                },
            },
            Setting {
                path: "data.input_offset",
                label: "Input offset (bug)",
                kind: Kind::Number {
                    min: -10000.0,
                    max: 10000.0,
                    step: 1.0,
                },
            },
            Setting {
                path: "data.standardize",
                label: "Standardise inputs",
                kind: Kind::Toggle,
            },
            Setting {
                path: "data.resample",
                label: "Oversample minority",
                kind: Kind::Toggle,
            },
            Setting {
                path: "data.features",
                label: "Features",
                kind: Kind::Checks(&["x", "y", "x2", "y2", "xy", "sin-x", "sin-y"]),
            },
            Setting {
                path: "data.augment.jitter",
                label: "Augment: jitter",
                kind: Kind::Number {
                    min: 0.0,
                    max: 2.0,
                    step: 0.1,
                },
            },
            Setting {
                path: "data.augment.rotation",
                label: "Augment: rotation (°)",
                kind: Kind::Number {
                    min: 0.0,
                    max: 180.0,
                    step: 5.0,
                },
            },
            Setting {
                path: "data.augment.reflection",
                label: "Augment: reflection",
                kind: Kind::Number {
                    min: 0.0,
                    max: 1.0,
                    step: 0.1,
                },
            },
        ],
    },
    Group {
        title: "Model",
        settings: &[
            Setting {
                path: "model.hidden_layers",
                label: "Hidden layers (widths)",
                kind: Kind::List,
            },
            Setting {
                path: "model.activation",
                label: "Activation",
                kind: Kind::Select(ACTIVATIONS),
            },
            Setting {
                path: "model.output_activation",
                label: "Output",
                kind: Kind::Select(&["sigmoid", "tanh", "linear"]),
            },
            Setting {
                path: "model.weight_init",
                label: "Initialiser",
                kind: Kind::Select(&[
                    "zeros",
                    "constant",
                    "uniform",
                    "normal",
                    "xavier-uniform",
                    "xavier-normal",
                    "he",
                ]),
            },
            Setting {
                path: "model.init_scale",
                label: "Init scale (σ / a)",
                kind: Kind::Number {
                    min: 0.0,
                    max: 100.0,
                    step: 0.1,
                },
            },
            Setting {
                path: "model.bias_init",
                label: "Bias init",
                kind: Kind::Number {
                    min: -10.0,
                    max: 10.0,
                    step: 0.1,
                },
            },
            Setting {
                path: "model.residual",
                label: "Residual connections",
                kind: Kind::Toggle,
            },
            Setting {
                path: "model.batch_norm",
                label: "Batch norm",
                kind: Kind::Toggle,
            },
            Setting {
                path: "model.dropout",
                label: "Dropout",
                kind: Kind::Number {
                    min: 0.0,
                    max: 0.9,
                    step: 0.05,
                },
            },
        ],
    },
    Group {
        title: "Training",
        settings: &[
            Setting {
                path: "train.loss",
                label: "Loss",
                kind: Kind::Select(&["cross-entropy", "mse"]),
            },
            Setting {
                path: "train.optimizer",
                label: "Optimiser",
                kind: Kind::Select(&["sgd", "momentum", "nesterov", "rmsprop", "adam"]),
            },
            Setting {
                path: "train.learning_rate",
                label: "Learning rate",
                kind: Kind::Number {
                    min: 0.00001,
                    max: 10.0,
                    step: 0.001,
                },
            },
            Setting {
                path: "train.schedule",
                label: "LR schedule",
                kind: Kind::Select(&["constant", "step", "exponential", "cosine"]),
            },
            Setting {
                path: "train.warmup_epochs",
                label: "Warm-up epochs",
                kind: Kind::Number {
                    min: 0.0,
                    max: 1000.0,
                    step: 1.0,
                },
            },
            Setting {
                path: "train.batch_size",
                label: "Batch size",
                kind: Kind::Number {
                    min: 1.0,
                    max: 2000.0,
                    step: 1.0,
                },
            },
            Setting {
                path: "train.shuffle",
                label: "Shuffle each epoch",
                kind: Kind::Toggle,
            },
            Setting {
                path: "train.l1",
                label: "L1",
                kind: Kind::Number {
                    min: 0.0,
                    max: 1.0,
                    step: 0.001,
                },
            },
            Setting {
                path: "train.l2",
                label: "L2",
                kind: Kind::Number {
                    min: 0.0,
                    max: 1.0,
                    step: 0.001,
                },
            },
            Setting {
                path: "train.clip_norm",
                label: "Clip gradient norm (0 = off)",
                kind: Kind::Number {
                    min: 0.0,
                    max: 1000.0,
                    step: 0.1,
                },
            },
            Setting {
                path: "train.clip_value",
                label: "Clip gradient value (0 = off)",
                kind: Kind::Number {
                    min: 0.0,
                    max: 1000.0,
                    step: 0.1,
                },
            },
            Setting {
                path: "train.class_weights",
                label: "Class weights",
                kind: Kind::Toggle,
            },
            Setting {
                path: "train.early_stopping.enabled",
                label: "Early stopping",
                kind: Kind::Toggle,
            },
            Setting {
                path: "train.early_stopping.patience",
                label: "Patience (epochs)",
                kind: Kind::Number {
                    min: 1.0,
                    max: 10000.0,
                    step: 1.0,
                },
            },
            Setting {
                path: "train.early_stopping.monitor",
                label: "Watch held-out",
                kind: Kind::Select(&["loss", "accuracy"]),
            },
            Setting {
                path: "train.early_stopping.validation_fraction",
                label: "Validation share (0: test set)",
                kind: Kind::Number {
                    min: 0.0,
                    max: 0.5,
                    step: 0.05,
                },
            },
        ],
    },
];

/// The current value of `path` in a config, as the text a control shows.
pub fn value_text(config: &serde_json::Value, path: &str) -> String {
    let mut v = config;
    for key in path.split('.') {
        match v.get(key) {
            Some(next) => v = next,
            None => return String::new(),
        }
    }
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) => items
            .iter()
            .map(|i| {
                i.as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| i.to_string())
            })
            .collect::<Vec<_>>()
            .join(","),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Config;

    #[test]
    fn every_setting_names_a_real_config_field() {
        let json = serde_json::to_value(Config::default()).unwrap();
        for group in GROUPS {
            for s in group.settings {
                assert!(
                    !value_text(&json, s.path).is_empty(),
                    "{} is not a config field",
                    s.path
                );
                let mut c = Config::default();
                c.set(s.path, &value_text(&json, s.path))
                    .unwrap_or_else(|e| panic!("{}: {e}", s.path));
            }
        }
    }

    #[test]
    fn every_select_option_is_accepted() {
        for s in GROUPS.iter().flat_map(|g| g.settings) {
            if let Kind::Select(options) = s.kind {
                for option in options {
                    let mut c = Config::default();
                    // Cross-entropy needs a sigmoid output; test outputs under MSE.
                    c.train.loss = crate::train::Loss::Mse;
                    c.set(s.path, option)
                        .unwrap_or_else(|e| panic!("{} = {option}: {e}", s.path));
                }
            }
        }
    }

    #[test]
    fn number_ranges_agree_with_validation() {
        for s in GROUPS.iter().flat_map(|g| g.settings) {
            if let Kind::Number { min, max, .. } = s.kind {
                let mut c = Config::default();
                c.set(s.path, &min.to_string())
                    .unwrap_or_else(|e| panic!("{} min: {e}", s.path));
                let mut c = Config::default();
                c.set(s.path, &max.to_string())
                    .unwrap_or_else(|e| panic!("{} max: {e}", s.path));
            }
        }
    }

    #[test]
    fn values_render_as_control_text() {
        let json = serde_json::to_value(Config::default()).unwrap();
        assert_eq!(value_text(&json, "model.hidden_layers"), "8,8");
        assert_eq!(value_text(&json, "data.features"), "x,y");
        assert_eq!(value_text(&json, "model.activation"), "tanh");
        assert_eq!(value_text(&json, "data.standardize"), "false");
        assert_eq!(value_text(&json, "nope.nothing"), "");
    }
}
