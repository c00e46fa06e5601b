//! Catalog entries as link version 2 defined them, for the scenarios that have changed
//! since (see `catalog_v1` for how a link's version gives its scenario's meaning). An entry
//! here is frozen: it is what every link of version 2, and every link of version 1 whose
//! scenario did not change between versions 1 and 2, means by that id.

use super::catalog::{Remedy, Scenario};
use super::symptom::Symptom;

/// Link version 2: the MSE logistic model before its initial weights were made tiny, when
/// on some seeds it started near the boundary and learnt without cross-entropy; and the
/// learning rate too high on perfectly separable blobs, which on some seeds blew up and then
/// froze as a perfect model instead of diverging; the learning rate too low at 0.00005,
/// which on a few seeds whose untrained loss starts high still moved the loss by a tenth;
/// the shuffled labels on the ring, before they moved to interleaved spirals; and the tiny
/// dataset measured on 250 test points.
pub static V2: &[Scenario] = &[
    Scenario {
        id: "wrong-loss",
        title: "Mean squared error on a sigmoid output",
        explanation: "With MSE, the gradient at a sigmoid output carries a factor σ'(z) that vanishes exactly when the model is confidently wrong, and a large initial bias makes this logistic model confidently wrong about half the points. Watch the loss sit on a plateau that cross-entropy leaves at once.",
        failure: &[("data.dataset", "gauss"), ("model.hidden_layers", "[]"), ("train.loss", "mse"), ("model.bias_init", "10"), ("train.learning_rate", "0.03")],
        epochs: 100,
        symptom: Symptom::LossStalls { min_drop: 0.2 },
        remedies: &[
            Remedy { id: "cross-entropy", label: "Use cross-entropy", why: "Cross-entropy's gradient at a sigmoid output is simply (output − target), large when the model is badly wrong.", delta: &[("train.loss", "cross-entropy")], min_test_accuracy: 0.95 },
        ],
    },
    Scenario {
        id: "lr-too-high",
        title: "Learning rate too high",
        explanation: "Each step overshoots the minimum by more than it corrects, so the next gradient is larger still, and after a handful of steps (one per epoch here, on the full batch) the loss, the gradients and the weights become infinite or NaN. Watch the loss and every layer's gradient norm climb by orders of magnitude from epoch to epoch, until the run stops with a divergence message.",
        failure: &[("data.dataset", "gauss"), ("model.hidden_layers", "32,32,32,32"), ("model.activation", "elu"), ("model.weight_init", "he"), ("train.batch_size", "250"), ("train.learning_rate", "10")],
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
        failure: &[("train.learning_rate", "0.00005")],
        epochs: 200,
        symptom: Symptom::LossStalls { min_drop: 0.1 },
        remedies: &[
            Remedy { id: "raise-lr", label: "Raise the learning rate", why: "Steps sized to the problem make progress each epoch.", delta: &[("train.learning_rate", "0.1")], min_test_accuracy: 0.9 },
            Remedy { id: "adam", label: "Use Adam", why: "Adam normalises each step, so at its usual rate of 0.01 every weight moves at a useful pace.", delta: &[("train.optimizer", "adam"), ("train.learning_rate", "0.01")], min_test_accuracy: 0.9 },
            Remedy { id: "momentum", label: "Add momentum", why: "Momentum accumulates consistent gradients, multiplying the effective step along the valley floor, here with a typical rate of 0.01.", delta: &[("train.optimizer", "momentum"), ("train.learning_rate", "0.01")], min_test_accuracy: 0.9 },
        ],
    },
    Scenario {
        id: "shuffled-labels",
        title: "Labels misaligned with inputs",
        explanation: "A pipeline bug shuffled the labels relative to the points, so there is no pattern to learn, only points to memorise. Watch training accuracy creep up slowly while test accuracy stays at a coin flip.",
        failure: &[("data.shuffled_labels", "true"), ("data.noise", "0")],
        epochs: 200,
        symptom: Symptom::NearChance { accuracy: 0.65 },
        remedies: &[
            Remedy { id: "fix-labels", label: "Fix the data pipeline", why: "With each label back on its own point the pattern is there to learn again.", delta: &[("data.shuffled_labels", "false")], min_test_accuracy: 0.9 },
        ],
    },
    Scenario {
        id: "tiny-dataset",
        title: "Tiny dataset, big network",
        explanation: "With twenty points, four of them labelled wrong as real data often is, a large network can draw a boundary around every one, the wrong ones included. Watch train accuracy reach 100% (which the wrong labels make impossible for the true boundary) while test accuracy falls behind, and the boundary grow islands around single points.",
        failure: &[("data.dataset", "gauss"), ("data.train_size", "20"), ("data.noise", "0.8"), ("data.label_noise", "0.2"), ("data.exact_label_noise", "true"), ("model.hidden_layers", "32,32,32"), ("model.activation", "relu"), ("model.weight_init", "he"), ("train.optimizer", "adam"), ("train.learning_rate", "0.005")],
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
];
