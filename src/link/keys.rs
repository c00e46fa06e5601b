//! The link's keys, as a declarative table: one row per key, giving its short name, the
//! label notices use, and what it means (a config path and how its value is written, or a
//! special meaning). Encoder, decoder, tests and documentation all read this one table, as
//! TensorFlow Playground's URL state does; unlike it, every value here is range-checked.
//!
//! Rows are in the order the encoder writes them: version first, then what is chosen
//! (scenario, remedies, seed), then settings grouped as on the page, then page options.

/// How a setting's value is written in a link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueKind {
    /// A decimal number (`0.03`, `-1`, `1e-4`).
    Number,
    /// A whole number (`250`).
    Count,
    /// `1` or `0` (also read: `true`/`false`, `on`/`off`, `yes`/`no`, and empty for on).
    Toggle,
    /// One name from a fixed set (`relu`).
    Choice,
    /// Whole numbers separated by commas (`8,8`); `none` for an empty list.
    Widths,
    /// Names separated by commas (`x,y,x2`); `none` for an empty list.
    Names,
}

/// A page option, not part of the run: it changes what is shown, never what is trained.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageKey {
    Embed,
    Panels,
    Controls,
    Autoplay,
    Caption,
    Until,
    Origin,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Meaning {
    /// The link format's version, written first.
    Version,
    /// The scenario id.
    Scenario,
    /// The scenario's remedy ids, comma-separated.
    Remedies,
    /// The run's seed.
    Seed,
    /// A setting, by its `Config::set` path.
    Setting {
        path: &'static str,
        kind: ValueKind,
    },
    Page(PageKey),
}

#[derive(Debug)]
pub struct Key {
    pub key: &'static str,
    /// Lower-case words naming the key in notices ("learning rate 'abc' is not a number").
    pub label: &'static str,
    pub meaning: Meaning,
}

const fn key(key: &'static str, label: &'static str, meaning: Meaning) -> Key {
    Key {
        key,
        label,
        meaning,
    }
}

const fn setting(k: &'static str, label: &'static str, path: &'static str, kind: ValueKind) -> Key {
    key(k, label, Meaning::Setting { path, kind })
}

use Meaning::Page;
use ValueKind::{Choice, Count, Names, Number, Toggle, Widths};

pub static KEYS: &[Key] = &[
    key("v", "link version", Meaning::Version),
    key("s", "scenario", Meaning::Scenario),
    key("r", "remedies", Meaning::Remedies),
    key("seed", "seed", Meaning::Seed),
    setting("ds", "dataset", "data.dataset", Choice),
    setting("train", "training points", "data.train_size", Count),
    setting("test", "test points", "data.test_size", Count),
    setting("noise", "noise", "data.noise", Number),
    setting("lnoise", "label noise", "data.label_noise", Number),
    setting(
        "lnexact",
        "exact label noise",
        "data.exact_label_noise",
        Toggle,
    ),
    setting("imb", "imbalance ratio", "data.imbalance_ratio", Number),
    setting(
        "lshuffle",
        "shuffled labels",
        "data.shuffled_labels",
        Toggle,
    ),
    setting("inscale", "input scale", "data.input_scale", Number),
    setting("inoffset", "input offset", "data.input_offset", Number),
    setting("std", "standardise inputs", "data.standardize", Toggle),
    setting("resample", "oversample minority", "data.resample", Toggle),
    setting("feat", "features", "data.features", Names),
    setting("jitter", "augment jitter", "data.augment.jitter", Number),
    setting("rot", "augment rotation", "data.augment.rotation", Number),
    setting(
        "refl",
        "augment reflection",
        "data.augment.reflection",
        Number,
    ),
    setting("hidden", "hidden layers", "model.hidden_layers", Widths),
    setting("act", "activation", "model.activation", Choice),
    setting(
        "lacts",
        "per-layer activations",
        "model.layer_activations",
        Names,
    ),
    setting(
        "out",
        "output activation",
        "model.output_activation",
        Choice,
    ),
    setting("init", "initialiser", "model.weight_init", Choice),
    setting("iscale", "init scale", "model.init_scale", Number),
    setting("binit", "bias init", "model.bias_init", Number),
    setting("res", "residual connections", "model.residual", Toggle),
    setting("bn", "batch norm", "model.batch_norm", Toggle),
    setting("drop", "dropout", "model.dropout", Number),
    setting("loss", "loss", "train.loss", Choice),
    setting("opt", "optimiser", "train.optimizer", Choice),
    setting("lr", "learning rate", "train.learning_rate", Number),
    setting("mom", "momentum", "train.momentum", Number),
    setting("b1", "beta1", "train.beta1", Number),
    setting("b2", "beta2", "train.beta2", Number),
    setting("sched", "learning-rate schedule", "train.schedule", Choice),
    setting("decay", "decay rate", "train.decay_rate", Number),
    setting("decayep", "decay epochs", "train.decay_epochs", Count),
    setting("warmup", "warm-up epochs", "train.warmup_epochs", Count),
    setting("batch", "batch size", "train.batch_size", Count),
    setting("shuffle", "shuffle each epoch", "train.shuffle", Toggle),
    setting("l1", "L1 penalty", "train.l1", Number),
    setting("l2", "L2 penalty", "train.l2", Number),
    setting("clip", "gradient norm clip", "train.clip_norm", Number),
    setting("clipv", "gradient value clip", "train.clip_value", Number),
    setting("cw", "class weights", "train.class_weights", Toggle),
    setting(
        "es",
        "early stopping",
        "train.early_stopping.enabled",
        Toggle,
    ),
    setting(
        "patience",
        "early-stopping patience",
        "train.early_stopping.patience",
        Count,
    ),
    setting(
        "esdelta",
        "early-stopping minimum improvement",
        "train.early_stopping.min_delta",
        Number,
    ),
    setting(
        "esmon",
        "early-stopping monitor",
        "train.early_stopping.monitor",
        Choice,
    ),
    setting(
        "esbest",
        "restore best weights",
        "train.early_stopping.restore_best",
        Toggle,
    ),
    setting(
        "esval",
        "early-stopping validation share",
        "train.early_stopping.validation_fraction",
        Number,
    ),
    key("embed", "embed mode", Page(PageKey::Embed)),
    key("panels", "panels", Page(PageKey::Panels)),
    key("controls", "controls", Page(PageKey::Controls)),
    key("autoplay", "autoplay", Page(PageKey::Autoplay)),
    key("caption", "caption", Page(PageKey::Caption)),
    key("until", "epoch limit", Page(PageKey::Until)),
    key("origin", "parent origin", Page(PageKey::Origin)),
];

/// The row of a key as written in a link; keys match without regard to ASCII case.
pub fn find(key: &str) -> Option<usize> {
    KEYS.iter().position(|k| k.key.eq_ignore_ascii_case(key))
}

/// The row whose meaning is `meaning`.
pub fn of(meaning: Meaning) -> &'static Key {
    KEYS.iter()
        .find(|k| k.meaning == meaning)
        .unwrap_or(&KEYS[0])
}

/// The setting rows, in table order, with their paths and kinds.
pub fn settings() -> impl Iterator<Item = (&'static Key, &'static str, ValueKind)> {
    KEYS.iter().filter_map(|k| match k.meaning {
        Meaning::Setting { path, kind } => Some((k, path, kind)),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Config;
    use serde_json::Value;

    /// Dotted paths of every leaf of a JSON object.
    fn leaves(value: &Value, prefix: &str, out: &mut Vec<String>) {
        match value.as_object() {
            Some(map) => {
                for (k, v) in map {
                    let path = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    leaves(v, &path, out);
                }
            }
            None => out.push(prefix.to_string()),
        }
    }

    #[test]
    fn keys_are_unique_short_and_url_safe() {
        for (i, k) in KEYS.iter().enumerate() {
            assert!(
                KEYS[..i].iter().all(|o| !o.key.eq_ignore_ascii_case(k.key)),
                "duplicate key {}",
                k.key
            );
            assert!(k.key.len() <= 8, "{} is not short", k.key);
            assert!(k
                .key
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
            assert_eq!(find(k.key), Some(i));
        }
        assert_eq!(
            KEYS[0].meaning,
            Meaning::Version,
            "the version is written first"
        );
        assert_eq!(find("LR"), find("lr"));
        assert_eq!(find("nope"), None);
    }

    #[test]
    fn every_config_field_has_exactly_one_key() {
        let tree = serde_json::to_value(Config::default()).unwrap();
        let mut paths = Vec::new();
        leaves(&tree, "", &mut paths);
        for path in &paths {
            let rows = KEYS
                .iter()
                .filter(|k| match k.meaning {
                    Meaning::Setting { path: p, .. } => p == path,
                    Meaning::Seed => path == "seed",
                    _ => false,
                })
                .count();
            assert_eq!(rows, 1, "config field {path} needs one link key");
        }
        assert_eq!(
            settings().count() + 1,
            paths.len(),
            "no key for a missing field"
        );
    }

    #[test]
    fn every_page_setting_has_a_key() {
        for group in crate::web::settings::GROUPS {
            for s in group.settings {
                assert!(
                    settings().any(|(_, path, _)| path == s.path),
                    "{} has no link key",
                    s.path
                );
            }
        }
    }

    #[test]
    fn kinds_match_the_config_field_types() {
        let tree = serde_json::to_value(Config::default()).unwrap();
        for (k, path, kind) in settings() {
            let value = path.split('.').fold(&tree, |v, p| &v[p]);
            let fits = match kind {
                Number => value.is_f64(),
                Count => value.is_u64(),
                Toggle => value.is_boolean(),
                Choice => value.is_string(),
                Widths | Names => value.is_array(),
            };
            assert!(fits, "{} ({path}) is {value}, not {kind:?}", k.key);
        }
    }
}
