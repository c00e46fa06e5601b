//! Catalog entries as link version 2 defined them, for the scenarios that have changed
//! since (see `catalog_v1` for how a link's version gives its scenario's meaning). An entry
//! here is frozen: it is what every link of version 2, and every link of version 1 whose
//! scenario did not change between versions 1 and 2, means by that id.

use super::catalog::{Remedy, Scenario};
use super::symptom::Symptom;

/// Link version 2: the MSE logistic model before its initial weights were made tiny, when
/// on some seeds it started near the boundary and learnt without cross-entropy; and the
/// shuffled labels on the ring, before they moved to interleaved spirals.
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
];
