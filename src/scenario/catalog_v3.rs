//! Catalog entries as link version 3 defined them, for the scenarios that have changed
//! since (see `catalog_v1` for how a link's version gives its scenario's meaning). An entry
//! here is frozen: it is what every link of version 3, and every older link whose scenario
//! did not change before version 3, means by that id.

use super::catalog::{Remedy, Scenario};
use super::symptom::Symptom;

/// Link version 3: exploding gradients from init scale 1.5 on 250 points, which on a few
/// seeds overflowed into NaN beside finite weights, and whose clipped and slowed cures
/// failed on up to 32 of 200 seeds (its lower rate was 0.00001); dead ReLUs in layers of
/// 16, where a layer survived half alive on a few seeds; and the class imbalance at noise
/// 1.25 and rate 0.01, where weighting the classes fell below 80% accuracy on a few.
pub static V3: &[Scenario] = &[
    Scenario {
        id: "exploding-gradients",
        title: "Exploding gradients",
        explanation: "With weights initialised too large, every layer multiplies the signal, so gradients grow geometrically with depth and one update throws the weights far away. Watch the gradient norms shoot up, the weight norms follow, and the loss go NaN or freeze.",
        failure: &[("model.hidden_layers", "16,16,16,16,16,16"), ("model.activation", "relu"), ("model.weight_init", "normal"), ("model.init_scale", "1.5")],
        epochs: 200,
        symptom: Symptom::ExplodingGradients { norm: 1e3 },
        remedies: &[
            Remedy { id: "clip-gradients", label: "Clip gradients", why: "Rescaling any gradient longer than 1 keeps each step bounded however steep the loss, so the weights are never thrown.", delta: &[("train.clip_norm", "1")], min_test_accuracy: 0.9 },
            Remedy { id: "he-init", label: "He initialisation", why: "Weights scaled to √(2/fan-in) keep the signal's size constant through ReLU layers.", delta: &[("model.weight_init", "he")], min_test_accuracy: 0.95 },
            Remedy { id: "lower-lr", label: "Lower the learning rate", why: "Steps 10,000 times smaller keep the huge gradients from throwing the weights away, though the badly scaled network then learns slowly.", delta: &[("train.learning_rate", "0.00001")], min_test_accuracy: 0.8 },
            Remedy { id: "batch-norm", label: "Batch normalisation", why: "Normalising each layer's input undoes the growth from one layer to the next.", delta: &[("model.batch_norm", "true")], min_test_accuracy: 0.95 },
        ],
    },
    Scenario {
        id: "dead-relu",
        title: "Dead ReLUs",
        explanation: "Weights initialised too large make the first updates huge, and a huge step can push every unit of a ReLU layer to where its input is negative for every point; there they output 0 and pass back 0 gradient, so they never come back. Watch the unit-health bars: a whole layer is dead, the layers below it get no gradient at all, and the loss sits at a coin flip's ln 2 ≈ 0.69.",
        // A loose clip at norm 30 is part of the setup: it never stops a ReLU from dying, but
        // keeps a leaky network, which cannot die, from overflowing instead.
        failure: &[("model.hidden_layers", "16,16,16"), ("model.activation", "relu"), ("model.weight_init", "normal"), ("model.init_scale", "1.5"), ("train.learning_rate", "0.5"), ("train.clip_norm", "30")],
        epochs: 200,
        symptom: Symptom::DeadUnits { fraction: 0.5 },
        remedies: &[
            Remedy { id: "leaky-relu", label: "Leaky ReLU", why: "A small slope for negative inputs keeps a gradient flowing, so a unit can always recover.", delta: &[("model.activation", "leaky-relu")], min_test_accuracy: 0.9 },
            Remedy { id: "lower-lr", label: "Lower the learning rate", why: "Gentler steps do not knock units so far negative that they stop firing.", delta: &[("train.learning_rate", "0.05")], min_test_accuracy: 0.95 },
            Remedy { id: "he-init", label: "He initialisation", why: "Weights scaled for ReLU keep activations and gradients, and so the first steps, at a sane size.", delta: &[("model.weight_init", "he")], min_test_accuracy: 0.95 },
        ],
    },
    Scenario {
        id: "class-imbalance",
        title: "Class imbalance",
        explanation: "With 49 points of one class for every point of the other, always answering the majority is already 98% accurate, and that is what the network learns. Watch recall on the minority class stay near zero while accuracy looks great.",
        failure: &[("data.dataset", "xor"), ("data.noise", "1.25"), ("data.imbalance_ratio", "49"), ("data.train_size", "1000"), ("data.test_size", "2000"), ("train.learning_rate", "0.01")],
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
];
