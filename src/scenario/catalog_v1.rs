//! Catalog entries as earlier link versions defined them, for the scenarios that have
//! changed since. A share link names a scenario by id, so its meaning includes the catalog
//! of its version; `catalog::as_of` gives that definition back to the link decoder, which
//! rebuilds the run from it and restates it against today's catalog.
//!
//! An entry here is frozen: it is what every link of its version means by that id.

use super::catalog::{Remedy, Scenario};
use super::symptom::Symptom;

/// Link version 1: the learning rate too high diverging inside the first epoch, the tiny
/// dataset before it gained wrong labels, and early stopping on the noisy labels before it
/// watched a validation split instead of the test set.
pub static V1: &[Scenario] = &[
    Scenario {
        id: "lr-too-high",
        title: "Learning rate too high",
        explanation: "Each step overshoots the minimum by more than it corrects, so the next gradient is larger still, and within the first epoch the weights, the loss and then the gradients become infinite or NaN. Watch the run stop with a divergence message, and the gradient norms explode just before it does.",
        failure: &[("data.dataset", "gauss"), ("model.hidden_layers", "32,32,32"), ("model.activation", "elu"), ("model.weight_init", "he"), ("train.learning_rate", "10")],
        epochs: 100,
        symptom: Symptom::Diverged,
        remedies: &[
            Remedy { id: "lower-lr", label: "Lower the learning rate", why: "Smaller steps stay inside the valley instead of jumping out of it.", delta: &[("train.learning_rate", "0.03")], min_test_accuracy: 0.95 },
            Remedy { id: "clip-gradients", label: "Clip gradients", why: "Capping the gradient's length at 1 bounds every step at the learning rate, so one steep spot cannot throw the weights away.", delta: &[("train.clip_norm", "1")], min_test_accuracy: 0.95 },
            Remedy { id: "adam", label: "Use Adam", why: "Adam divides each step by the gradient's running size, so at its usual rate of 0.01 every weight moves by about 0.01 per step however large the gradient.", delta: &[("train.optimizer", "adam"), ("train.learning_rate", "0.01")], min_test_accuracy: 0.95 },
            Remedy { id: "lr-warmup", label: "Warm up the learning rate", why: "Ramping the rate up from zero over 50 epochs takes the first, steepest steps at a small rate, and by the time the full rate applies the blobs are separated and the gradients are small.", delta: &[("train.warmup_epochs", "50")], min_test_accuracy: 0.95 },
        ],
    },
    Scenario {
        id: "tiny-dataset",
        title: "Tiny dataset, big network",
        explanation: "With a handful of points a large network can draw a boundary through every one of them, including where noise put them. Watch train accuracy reach 100% while test accuracy stays poor, and the boundary bend around single points.",
        failure: &[("data.dataset", "circle"), ("data.train_size", "20"), ("data.noise", "0.8"), ("model.hidden_layers", "32,32,32"), ("model.activation", "relu"), ("model.weight_init", "he"), ("train.learning_rate", "0.05")],
        epochs: 600,
        symptom: Symptom::Overfits { gap: 0.2 },
        remedies: &[
            Remedy { id: "l2", label: "L2 weight decay", why: "Penalising large weights favours smooth boundaries that do not chase single points.", delta: &[("train.l2", "0.05")], min_test_accuracy: 0.78 },
            Remedy { id: "l1", label: "L1 penalty", why: "Driving most weights to exactly zero leaves a simpler network with fewer ways to memorise.", delta: &[("train.l1", "0.02")], min_test_accuracy: 0.78 },
            Remedy { id: "dropout", label: "Dropout", why: "Randomly silencing units stops them from co-adapting to memorise particular points.", delta: &[("model.dropout", "0.5")], min_test_accuracy: 0.78 },
            Remedy { id: "augment", label: "Augment the data", why: "Jittered and rotated copies of each point show the network the shape, not the sample.", delta: &[("data.augment.jitter", "0.5"), ("data.augment.rotation", "180")], min_test_accuracy: 0.8 },
            Remedy { id: "early-stop", label: "Early stopping", why: "Stopping when held-out loss stops improving keeps the model from the point where it started memorising.", delta: &[("train.early_stopping.enabled", "true"), ("train.early_stopping.patience", "30")], min_test_accuracy: 0.78 },
            Remedy { id: "more-data", label: "More data", why: "Hundreds of points pin the boundary down where a dozen could not.", delta: &[("data.train_size", "400")], min_test_accuracy: 0.85 },
        ],
    },
    Scenario {
        id: "noisy-labels",
        title: "Noisy labels",
        explanation: "A quarter of the training labels are wrong, and a flexible network trained long enough learns them anyway, carving islands around mislabelled points. Watch the test loss turn upward while the training loss keeps falling.",
        failure: &[("data.dataset", "gauss"), ("data.train_size", "100"), ("data.label_noise", "0.25"), ("model.hidden_layers", "32,32,32"), ("model.activation", "relu"), ("model.weight_init", "he"), ("train.optimizer", "adam"), ("train.learning_rate", "0.01")],
        epochs: 400,
        symptom: Symptom::TestLossRises { rise: 0.35 },
        remedies: &[
            Remedy { id: "l2", label: "L2 weight decay", why: "Small weights cannot bend the boundary sharply enough to isolate single wrong labels.", delta: &[("train.l2", "0.03")], min_test_accuracy: 0.95 },
            Remedy { id: "early-stop", label: "Early stopping", why: "The network learns the true pattern before it learns the noise; stopping in between keeps the pattern.", delta: &[("train.early_stopping.enabled", "true"), ("train.early_stopping.patience", "20")], min_test_accuracy: 0.95 },
            Remedy { id: "dropout", label: "Dropout", why: "Noise in the units makes memorising any single point unreliable, so only the shared pattern survives.", delta: &[("model.dropout", "0.5")], min_test_accuracy: 0.9 },
        ],
    },
];
