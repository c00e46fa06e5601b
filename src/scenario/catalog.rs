//! The catalog: failure scenarios and their remedies, as data.
//!
//! A scenario's failure is a list of `(setting, value)` edits on `Config::default()`; a
//! remedy is a further list of edits. Both use the same dotted paths as `Config::set`,
//! the CLI's `--set` and share links, so there is one way to change a run.

use super::config::Config;
use super::symptom::Symptom;

/// An edit of one setting: dotted path and value text, as `Config::set` takes them.
pub type Delta = &'static [(&'static str, &'static str)];

#[derive(Debug)]
pub struct Remedy {
    pub id: &'static str,
    pub label: &'static str,
    /// One sentence on why it works.
    pub why: &'static str,
    pub delta: Delta,
    /// The outcome contract: with this remedy alone, the symptom is gone and the final
    /// test accuracy reaches at least this, on every checked seed.
    pub min_test_accuracy: f64,
}

#[derive(Debug)]
pub struct Scenario {
    pub id: &'static str,
    pub title: &'static str,
    /// Two sentences: what goes wrong, and what to look at.
    pub explanation: &'static str,
    pub failure: Delta,
    /// Epochs in which the failure shows (and the remedies cure it).
    pub epochs: usize,
    pub symptom: Symptom,
    pub remedies: &'static [Remedy],
}

impl Scenario {
    pub fn remedy(&self, id: &str) -> Option<&'static Remedy> {
        self.remedies.iter().find(|r| r.id == id)
    }

    /// The failure config with the given remedies applied on top, in order.
    pub fn config(&self, remedies: &[&str], seed: u64) -> Result<Config, String> {
        let mut config = Config {
            seed,
            ..Config::default()
        };
        apply(&mut config, self.failure).map_err(|e| format!("scenario '{}': {e}", self.id))?;
        for id in remedies {
            let remedy = self.remedy(id).ok_or_else(|| {
                let known: Vec<&str> = self.remedies.iter().map(|r| r.id).collect();
                format!(
                    "scenario '{}' has no remedy '{id}' (it has: {})",
                    self.id,
                    known.join(", ")
                )
            })?;
            apply(&mut config, remedy.delta).map_err(|e| format!("remedy '{id}': {e}"))?;
        }
        Ok(config)
    }
}

fn apply(config: &mut Config, delta: Delta) -> Result<(), String> {
    delta
        .iter()
        .try_for_each(|(path, value)| config.set(path, value))
}

pub fn find(id: &str) -> Result<&'static Scenario, String> {
    CATALOG.iter().find(|s| s.id == id).ok_or_else(|| {
        let known: Vec<&str> = CATALOG.iter().map(|s| s.id).collect();
        format!("unknown scenario '{id}' (known: {})", known.join(", "))
    })
}

/// The scenario `id` as links of `version` defined it, when it has changed since; `None`
/// when today's entry is the one that version means. Each frozen catalog holds the entries
/// its version had and the next one changed, so a version's meaning is the first frozen
/// entry from that version on: a v=1 link means the V1 entry, or, for a scenario first
/// changed after v=1, the V2 entry.
pub fn as_of(version: u32, id: &str) -> Option<&'static Scenario> {
    let frozen: &[&'static [Scenario]] = match version {
        0 | 1 => &[
            super::catalog_v1::V1,
            super::catalog_v2::V2,
            super::catalog_v3::V3,
            super::catalog_v4::V4,
        ],
        2 => &[
            super::catalog_v2::V2,
            super::catalog_v3::V3,
            super::catalog_v4::V4,
        ],
        3 => &[super::catalog_v3::V3, super::catalog_v4::V4],
        4 => &[super::catalog_v4::V4],
        _ => &[],
    };
    frozen
        .iter()
        .find_map(|entries| entries.iter().find(|s| s.id == id))
}

pub fn all() -> &'static [Scenario] {
    CATALOG
}

static CATALOG: &[Scenario] = &[
    Scenario {
        id: "lr-too-high",
        title: "Learning rate too high",
        explanation: "Each step overshoots the minimum by more than it corrects, so the next gradient is larger still, and after a handful of steps (one per epoch here, on the full batch) the loss, the gradients and the weights become infinite or NaN (one training point is mislabelled, as real data often has, so no perfect fit stops the climb). Watch the loss and every layer's gradient norm climb by orders of magnitude from epoch to epoch, until the run stops with a divergence message.",
        // One mislabelled training point (the test set stays clean) is what makes the blow-up
        // end in NaN on every seed: on perfectly separable blobs a blown-up network that
        // happens to classify every point right has exactly zero gradient and froze there as a
        // perfect model (a quarter of seeds at v=2). Two leaky-ReLU layers with Xavier weights
        // cannot saturate into a constant either, and stay calm enough for the warm-up to reach
        // the full rate.
        failure: &[("data.dataset", "gauss"), ("data.label_noise", "0.004"), ("data.exact_label_noise", "true"), ("model.hidden_layers", "32,32"), ("model.activation", "leaky-relu"), ("model.weight_init", "xavier-normal"), ("train.batch_size", "250"), ("train.learning_rate", "10")],
        epochs: 100,
        symptom: Symptom::Diverged,
        remedies: &[
            Remedy { id: "lower-lr", label: "Lower the learning rate", why: "Smaller steps stay inside the valley instead of jumping out of it.", delta: &[("train.learning_rate", "0.03")], min_test_accuracy: 0.95 },
            Remedy { id: "clip-gradients", label: "Clip gradients", why: "Capping the gradient's length at 1 bounds every step at the learning rate, so one steep spot cannot throw the weights away.", delta: &[("train.clip_norm", "1")], min_test_accuracy: 0.95 },
            Remedy { id: "adam", label: "Use Adam", why: "Adam divides each step by the gradient's running size, so at its usual rate of 0.01 every weight moves by about 0.01 per step however large the gradient.", delta: &[("train.optimizer", "adam"), ("train.learning_rate", "0.01")], min_test_accuracy: 0.95 },
            Remedy { id: "lr-warmup", label: "Warm up the learning rate", why: "Ramping the rate up from zero over 60 epochs takes the first, steepest steps at a small rate, and by the time the full rate applies the blobs are separated and the gradients are small.", delta: &[("train.warmup_epochs", "60")], min_test_accuracy: 0.95 },
        ],
    },
    Scenario {
        id: "lr-too-low",
        title: "Learning rate too low",
        explanation: "Every step is so small that the network hardly changes: it is not wrong, just not moving. Watch the loss curve stay flat and the update-to-weight ratio sit far below 1e-3.",
        // At 0.00005 the loss still fell by a tenth on 4 of 200 seeds whose untrained loss
        // starts high; 0.00002 keeps it flat on every seed (update ratios stay below 1e-4).
        failure: &[("train.learning_rate", "0.00002")],
        epochs: 200,
        symptom: Symptom::LossStalls { min_drop: 0.1 },
        remedies: &[
            Remedy { id: "raise-lr", label: "Raise the learning rate", why: "Steps sized to the problem make progress each epoch.", delta: &[("train.learning_rate", "0.1")], min_test_accuracy: 0.9 },
            Remedy { id: "adam", label: "Use Adam", why: "Adam normalises each step, so at its usual rate of 0.01 every weight moves at a useful pace.", delta: &[("train.optimizer", "adam"), ("train.learning_rate", "0.01")], min_test_accuracy: 0.9 },
            Remedy { id: "momentum", label: "Add momentum", why: "Momentum accumulates consistent gradients, multiplying the effective step along the valley floor, here with a typical rate of 0.01.", delta: &[("train.optimizer", "momentum"), ("train.learning_rate", "0.01")], min_test_accuracy: 0.9 },
        ],
    },
    Scenario {
        id: "tiny-dataset",
        title: "Tiny dataset, big network",
        explanation: "With twenty points, four of them labelled wrong as real data often is, a large network can draw a boundary around every one, the wrong ones included. Watch train accuracy reach 100% (which the wrong labels make impossible for the true boundary) while test accuracy falls behind, and the boundary grow islands around single points.",
        // A 2000-point test set: every comparison here is between test accuracies (the gap to
        // train accuracy, a remedy against the failure on the same seed), and 250 test points
        // put a spread of ±3% on each, as much as some islands cost.
        failure: &[("data.dataset", "gauss"), ("data.train_size", "20"), ("data.test_size", "2000"), ("data.noise", "0.8"), ("data.label_noise", "0.2"), ("data.exact_label_noise", "true"), ("model.hidden_layers", "32,32,32"), ("model.activation", "relu"), ("model.weight_init", "he"), ("train.optimizer", "adam"), ("train.learning_rate", "0.005")],
        epochs: 600,
        symptom: Symptom::Overfits { gap: 0.1 },
        remedies: &[
            Remedy { id: "l2", label: "L2 weight decay", why: "Penalising large weights favours smooth boundaries that do not chase single points.", delta: &[("train.l2", "0.1")], min_test_accuracy: 0.78 },
            Remedy { id: "l1", label: "L1 penalty", why: "Driving most weights to exactly zero leaves a simpler network with fewer ways to memorise.", delta: &[("train.l1", "0.03")], min_test_accuracy: 0.78 },
            Remedy { id: "dropout", label: "Dropout", why: "Randomly silencing units stops them from co-adapting to memorise particular points.", delta: &[("model.dropout", "0.55")], min_test_accuracy: 0.78 },
            Remedy { id: "augment", label: "Augment the data", why: "Jittered and rotated copies of each point show the network the shape, not the sample.", delta: &[("data.augment.jitter", "1"), ("data.augment.rotation", "45")], min_test_accuracy: 0.8 },
            Remedy { id: "early-stop", label: "Early stopping", why: "Holding four of the points out and stopping when their loss stops improving keeps the model from the point where it started memorising.", delta: &[("train.early_stopping.enabled", "true"), ("train.early_stopping.patience", "30"), ("train.early_stopping.validation_fraction", "0.2")], min_test_accuracy: 0.78 },
            Remedy { id: "more-data", label: "More data", why: "Hundreds of points pin the boundary down where a dozen could not.", delta: &[("data.train_size", "400")], min_test_accuracy: 0.85 },
        ],
    },
    Scenario {
        id: "noisy-labels",
        title: "Noisy labels",
        explanation: "A quarter of the training labels are wrong, and a flexible network trained long enough learns them anyway, carving islands around mislabelled points. Watch the test accuracy readout climb to near 100% as the true pattern is learnt, then fall as the train accuracy readout climbs past the 75% that the right labels allow.",
        // Exactly a quarter of 200 points flipped, Adam at 0.003 in batches of 25: steps calm
        // enough that the clean pattern is learnt first and held for a while, so the noise
        // is learnt later and visibly (at 100 points, 0.01 and batches of 10 the accuracy
        // jumped by ten points from epoch to epoch). A 1000-point test set keeps the
        // sampling spread of the accuracies below a point.
        failure: &[("data.dataset", "gauss"), ("data.train_size", "200"), ("data.test_size", "1000"), ("data.label_noise", "0.25"), ("data.exact_label_noise", "true"), ("model.hidden_layers", "32,32,32"), ("model.activation", "relu"), ("model.weight_init", "he"), ("train.optimizer", "adam"), ("train.learning_rate", "0.003"), ("train.batch_size", "25")],
        epochs: 1000,
        // Judged by the test accuracy, not the test loss: learning how unsure the labels are
        // (outputs near 0.75) raises the clean test loss too, which at v=4 made cures that
        // kept 99% accuracy look like failures. On seeds 1 to 20 failures lose 14 to 27
        // points from their best, cures at most 8. Layers of 64 show the symptom on one seed
        // more in 200 but stop early at the wrong time on ten more.
        symptom: Symptom::TestAccuracyFalls { drop: 0.1 },
        // A cure must keep 90%: the failures end between 73% and 86%, and early stopping,
        // which must give up some training points and stop on a noisy signal, ends between
        // 92% and 100%.
        remedies: &[
            Remedy { id: "l2", label: "L2 weight decay", why: "Small weights cannot bend the boundary sharply enough to isolate single wrong labels.", delta: &[("train.l2", "0.03")], min_test_accuracy: 0.9 },
            Remedy { id: "early-stop", label: "Early stopping", why: "The network learns the true pattern before it learns the noise; the loss on a fifth of the points, held out, shows when it turns, and stopping there (after 100 epochs without a new best) keeps the pattern.", delta: &[("train.early_stopping.enabled", "true"), ("train.early_stopping.patience", "100"), ("train.early_stopping.validation_fraction", "0.2")], min_test_accuracy: 0.9 },
            Remedy { id: "dropout", label: "Dropout", why: "Noise in the units makes memorising any single point unreliable, so only the shared pattern survives.", delta: &[("model.dropout", "0.5")], min_test_accuracy: 0.9 },
        ],
    },
    Scenario {
        id: "sigmoid-stack",
        title: "Deep sigmoid stack: vanishing gradients",
        explanation: "Each sigmoid layer multiplies the backward signal by its slope, at most 0.25, and by its small initial weights, so the first layers receive almost no gradient and never learn. Watch the gradient-norm chart: the early layers' lines sit orders of magnitude below the last layer's.",
        failure: &[("data.dataset", "circle"), ("model.hidden_layers", "8,8,8,8"), ("model.activation", "sigmoid"), ("model.weight_init", "normal"), ("model.init_scale", "0.15"), ("train.optimizer", "momentum"), ("train.learning_rate", "0.03")],
        epochs: 600,
        symptom: Symptom::VanishingGradients { ratio: 1e-3 },
        remedies: &[
            Remedy { id: "relu", label: "Use ReLU", why: "ReLU's slope is 1 wherever it is active, so gradients pass through layers undiminished.", delta: &[("model.activation", "relu")], min_test_accuracy: 0.9 },
            Remedy { id: "he-init", label: "He initialisation", why: "Weights scaled to each layer's fan-in keep the signal's size from shrinking layer after layer.", delta: &[("model.weight_init", "he")], min_test_accuracy: 0.9 },
            Remedy { id: "xavier-init", label: "Xavier initialisation", why: "Weights scaled to fan-in and fan-out keep forward and backward signals at the same size through each layer.", delta: &[("model.weight_init", "xavier-uniform")], min_test_accuracy: 0.9 },
            Remedy { id: "residual", label: "Residual connections", why: "Skip connections give the gradient a path around every sigmoid, straight to the early layers.", delta: &[("model.residual", "true")], min_test_accuracy: 0.9 },
            Remedy { id: "batch-norm", label: "Batch normalisation", why: "Re-centring each layer's input keeps sigmoids in their steep middle, where they pass gradient on.", delta: &[("model.batch_norm", "true")], min_test_accuracy: 0.9 },
        ],
    },
    Scenario {
        id: "exploding-gradients",
        title: "Exploding gradients",
        explanation: "With weights initialised too large, every layer multiplies the signal, so the gradients grow geometrically with depth and the first updates throw the weights hundreds of times further than they started, onto inputs where most ReLUs never fire again. Watch the gradient norms jump past 1e3 in the first epoch, the weight norms follow them up, and the loss stall from then on, usually at a coin flip's ln 2 ≈ 0.69, because the dead units pass no gradient back.",
        // A loose clip at norm 1e5, as in dead-relu, is part of the setup: it never stops the
        // throw, but it caps each step, so the thrown weights stay finite and the run ends as
        // the explanation says instead of overflowing on some seeds into a "NaN" beside finite
        // weights (2 of 200 at v=3). At init scale 1.5 the network was too badly scaled for
        // clipping or a small rate to cure on 17 and 32 of 200 seeds; at 1.0, with 500 points,
        // the throw still happens on 199 of 200 and every cure holds.
        failure: &[("model.hidden_layers", "16,16,16,16,16,16"), ("model.activation", "relu"), ("model.weight_init", "normal"), ("model.init_scale", "1"), ("data.train_size", "500"), ("train.clip_norm", "100000")],
        epochs: 200,
        symptom: Symptom::ExplodingGradients { norm: 1e3 },
        remedies: &[
            Remedy { id: "clip-gradients", label: "Clip gradients", why: "Rescaling any gradient longer than 1 keeps each step bounded however steep the loss, so the weights are never thrown.", delta: &[("train.clip_norm", "1")], min_test_accuracy: 0.9 },
            Remedy { id: "he-init", label: "He initialisation", why: "Weights scaled to √(2/fan-in) keep the signal's size constant through ReLU layers.", delta: &[("model.weight_init", "he")], min_test_accuracy: 0.95 },
            Remedy { id: "lower-lr", label: "Lower the learning rate", why: "Steps about 140 times smaller keep the huge early gradients from throwing the weights away, though the badly scaled network then learns more slowly.", delta: &[("train.learning_rate", "0.0007")], min_test_accuracy: 0.8 },
            Remedy { id: "batch-norm", label: "Batch normalisation", why: "Normalising each layer's input undoes the growth from one layer to the next.", delta: &[("model.batch_norm", "true")], min_test_accuracy: 0.95 },
        ],
    },
    Scenario {
        id: "zero-init",
        title: "All weights zero",
        explanation: "When every weight starts equal, every unit in a layer computes the same thing and receives the same update, so they stay clones forever. Watch the hidden layers' gradients stay exactly zero and the boundary never bend.",
        failure: &[("model.weight_init", "zeros")],
        epochs: 200,
        symptom: Symptom::NearChance { accuracy: 0.6 },
        remedies: &[
            Remedy { id: "random-init", label: "Random initialisation", why: "Random starting weights make units differ, so each can learn a different feature.", delta: &[("model.weight_init", "xavier-uniform")], min_test_accuracy: 0.9 },
        ],
    },
    Scenario {
        id: "dead-relu",
        title: "Dead ReLUs",
        explanation: "Weights initialised too large make the first updates huge, and a huge step can push the units of a ReLU layer to where their input is negative for every point; there they output 0 and pass back 0 gradient, so they never come back. Watch the unit-health bars: more than half of some layer is dead, on most seeds all of it, and then the layers below it get no gradient at all and the loss sits at a coin flip's ln 2 ≈ 0.69.",
        // A loose clip at norm 30 is part of the setup: it never stops a ReLU from dying, but
        // keeps a leaky network, which cannot die, from overflowing instead. Layers of 24
        // units, not 16: with 16 a layer survived the first steps half alive on 3 of 200 seeds.
        failure: &[("model.hidden_layers", "24,24,24"), ("model.activation", "relu"), ("model.weight_init", "normal"), ("model.init_scale", "1.5"), ("train.learning_rate", "0.5"), ("train.clip_norm", "30")],
        epochs: 200,
        symptom: Symptom::DeadUnits { fraction: 0.5 },
        remedies: &[
            Remedy { id: "leaky-relu", label: "Leaky ReLU", why: "A small slope for negative inputs keeps a gradient flowing, so a unit can always recover.", delta: &[("model.activation", "leaky-relu")], min_test_accuracy: 0.9 },
            Remedy { id: "lower-lr", label: "Lower the learning rate", why: "Gentler steps do not knock units so far negative that they stop firing.", delta: &[("train.learning_rate", "0.05")], min_test_accuracy: 0.95 },
            Remedy { id: "he-init", label: "He initialisation", why: "Weights scaled for ReLU keep activations and gradients, and so the first steps, at a sane size.", delta: &[("model.weight_init", "he")], min_test_accuracy: 0.95 },
        ],
    },
    Scenario {
        id: "unscaled-inputs",
        title: "Unscaled inputs",
        explanation: "The features arrive in the thousands (every coordinate times 1000, plus 500), so the first layer's pre-activations are huge and its tanh units saturate, where their slope is almost zero and almost no gradient gets through to the first weights. Watch the first layer's saturated share sit near 100%, its gradient the smallest of all layers, and the test accuracy stay near a coin flip.",
        failure: &[("data.input_scale", "1000"), ("data.input_offset", "500")],
        epochs: 200,
        symptom: Symptom::NearChance { accuracy: 0.7 },
        remedies: &[
            Remedy { id: "standardize", label: "Standardise the inputs", why: "Shifting and scaling each feature to mean 0 and variance 1 puts it where the initial weights expect it.", delta: &[("data.standardize", "true")], min_test_accuracy: 0.9 },
        ],
    },
    Scenario {
        id: "class-imbalance",
        title: "Class imbalance",
        explanation: "With 49 points of one class for every point of the other, always answering the majority is already 98% accurate, and that is what the network learns. Watch recall on the minority class stay near zero while accuracy looks great.",
        // Noise 1.1 at a rate of 0.003, not 1.25 at 0.01: weighted, the noisier quadrants
        // dropped below 80% accuracy on 8 of 200 seeds; the slower rate keeps the unweighted
        // network on the majority answer, minority recall below 20%, on every seed.
        failure: &[("data.dataset", "xor"), ("data.noise", "1.1"), ("data.imbalance_ratio", "49"), ("data.train_size", "1000"), ("data.test_size", "2000"), ("train.learning_rate", "0.003")],
        epochs: 150,
        symptom: Symptom::MinorityIgnored { recall: 0.2 },
        // Accuracy alone would reward the failure (98%); a remedy must find the minority and
        // still be right about at least 80% of all points, which guessing the minority at the
        // rate needed for 20% recall is not.
        remedies: &[
            Remedy { id: "class-weights", label: "Weight the classes", why: "Counting each minority point as much as the whole majority class makes ignoring it costly, so the network now finds most of the minority at the price of false alarms among the majority points around it: plain accuracy falls from 98% to between 80% and 95% and precision is low, but minority recall and balanced accuracy rise, and that trade is the cure.", delta: &[("train.class_weights", "true")], min_test_accuracy: 0.8 },
            Remedy { id: "resample", label: "Oversample the minority", why: "Repeating minority points until the classes balance shows the network both sides equally often.", delta: &[("data.resample", "true")], min_test_accuracy: 0.8 },
        ],
    },
    Scenario {
        id: "shuffled-labels",
        title: "Labels misaligned with inputs",
        explanation: "A pipeline bug shuffled the labels relative to the points of two interleaved spirals, so there is no pattern to learn, only points to memorise. Watch training accuracy creep up slowly while test accuracy stays at a coin flip.",
        // Interleaved spirals, not the default ring: whatever smooth function a network fits
        // to shuffled labels, its guess for the ring's compact centre decides half the test
        // points at once, so on the ring a failure ended anywhere from 28% to 80% (14 of 200
        // seeds above 65% at v=2). The spirals' arms alternate at a fine scale, so the same
        // guess agrees with the truth about half the time everywhere; a 1000-point test set
        // keeps the sampling spread small too. The bigger ReLU network is what the remedy
        // needs to follow the arms once the labels are fixed.
        failure: &[("data.dataset", "spiral"), ("data.shuffled_labels", "true"), ("data.noise", "0"), ("data.test_size", "1000"), ("model.hidden_layers", "32,32"), ("model.activation", "relu"), ("model.weight_init", "he"), ("train.optimizer", "adam"), ("train.learning_rate", "0.01")],
        epochs: 200,
        symptom: Symptom::NearChance { accuracy: 0.65 },
        remedies: &[
            Remedy { id: "fix-labels", label: "Fix the data pipeline", why: "With each label back on its own point the pattern is there to learn again.", delta: &[("data.shuffled_labels", "false")], min_test_accuracy: 0.9 },
        ],
    },
    Scenario {
        id: "too-small-model",
        title: "Model too small",
        explanation: "A model with no hidden layer can only draw a straight line, and no straight line separates a ring from its centre. Watch both train and test accuracy stall near chance however long it trains.",
        failure: &[("model.hidden_layers", "[]")],
        epochs: 200,
        symptom: Symptom::NearChance { accuracy: 0.7 },
        remedies: &[
            Remedy { id: "bigger-model", label: "Add hidden layers", why: "Hidden units combine several lines into a curved boundary.", delta: &[("model.hidden_layers", "8,8")], min_test_accuracy: 0.9 },
            Remedy { id: "add-features", label: "Add x² and y² features", why: "With squared inputs a circle becomes a straight line in feature space, which a linear model can draw.", delta: &[("data.features", "x,y,x2,y2")], min_test_accuracy: 0.9 },
        ],
    },
    Scenario {
        id: "wrong-loss",
        title: "Mean squared error on a sigmoid output",
        explanation: "With MSE, the gradient at a sigmoid output carries a factor σ'(z) that vanishes exactly when the model is confidently wrong, and a large initial bias with tiny initial weights makes this logistic model confidently wrong about every point of one class. Watch the loss sit on a plateau that cross-entropy leaves at once.",
        // Tiny initial weights (not Xavier's, up to 1.4 here) are what make the plateau hold
        // on every seed: with larger ones some points start near the decision boundary, off
        // the flat tail, and MSE learns from them (3 of 10 seeds learnt to 95% at v=2).
        failure: &[("data.dataset", "gauss"), ("model.hidden_layers", "[]"), ("train.loss", "mse"), ("model.bias_init", "10"), ("model.weight_init", "normal"), ("model.init_scale", "0.01"), ("train.learning_rate", "0.03")],
        epochs: 100,
        symptom: Symptom::LossStalls { min_drop: 0.2 },
        remedies: &[
            Remedy { id: "cross-entropy", label: "Use cross-entropy", why: "Cross-entropy's gradient at a sigmoid output is simply (output − target), large when the model is badly wrong.", delta: &[("train.loss", "cross-entropy")], min_test_accuracy: 0.95 },
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scenario_and_remedy_config_is_valid() {
        for s in all() {
            s.config(&[], 1).unwrap();
            for r in s.remedies {
                s.config(&[r.id], 1)
                    .unwrap_or_else(|e| panic!("{}: {e}", s.id));
            }
            let all_ids: Vec<&str> = s.remedies.iter().map(|r| r.id).collect();
            s.config(&all_ids, 1)
                .unwrap_or_else(|e| panic!("{} with every remedy: {e}", s.id));
        }
    }

    #[test]
    fn ids_are_unique_and_explanations_are_two_sentences() {
        for (i, s) in all().iter().enumerate() {
            assert!(
                all()[..i].iter().all(|o| o.id != s.id),
                "duplicate {}",
                s.id
            );
            assert_eq!(
                s.explanation.matches(". ").count() + 1,
                2,
                "{}: {}",
                s.id,
                s.explanation
            );
            assert!(!s.remedies.is_empty());
            for (j, r) in s.remedies.iter().enumerate() {
                assert!(
                    s.remedies[..j].iter().all(|o| o.id != r.id),
                    "{}: duplicate {}",
                    s.id,
                    r.id
                );
                assert!(!r.delta.is_empty() && r.why.ends_with('.'));
            }
        }
    }

    #[test]
    fn unknown_ids_are_reported_with_the_known_ones() {
        assert!(find("lr-too-hihg").unwrap_err().contains("lr-too-high"));
        let s = find("lr-too-high").unwrap();
        assert!(s.config(&["magic"], 1).unwrap_err().contains("lower-lr"));
    }

    #[test]
    fn the_required_ids_exist() {
        let required: &[(&str, &[&str])] = &[
            (
                "lr-too-high",
                &["lower-lr", "clip-gradients", "adam", "lr-warmup"],
            ),
            ("lr-too-low", &["raise-lr", "adam", "momentum"]),
            (
                "tiny-dataset",
                &["l2", "l1", "dropout", "augment", "early-stop", "more-data"],
            ),
            ("noisy-labels", &["l2", "early-stop", "dropout"]),
            (
                "sigmoid-stack",
                &["relu", "he-init", "xavier-init", "residual", "batch-norm"],
            ),
            (
                "exploding-gradients",
                &["clip-gradients", "he-init", "lower-lr", "batch-norm"],
            ),
            ("zero-init", &["random-init"]),
            ("dead-relu", &["leaky-relu", "lower-lr", "he-init"]),
            ("unscaled-inputs", &["standardize"]),
            ("class-imbalance", &["class-weights", "resample"]),
            ("shuffled-labels", &["fix-labels"]),
            ("too-small-model", &["bigger-model", "add-features"]),
            ("wrong-loss", &["cross-entropy"]),
        ];
        for (id, remedies) in required {
            let s = find(id).unwrap();
            for r in *remedies {
                assert!(s.remedy(r).is_some(), "{id} lacks {r}");
            }
        }
    }
}
