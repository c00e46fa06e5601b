//! Catalog entries as link version 4 defined them, for the scenarios that have changed
//! since (see `catalog_v1` for how a link's version gives its scenario's meaning). An entry
//! here is frozen: it is what every link of version 4, and every older link whose scenario
//! did not change before version 4, means by that id.

use super::catalog::{Remedy, Scenario};
use super::symptom::Symptom;

/// Link version 4: noisy labels on 100 points at Adam's 0.01 in batches of 10, judged by a
/// rising clean test loss. The test loss also rose when a network only learnt how unsure
/// the noisy labels make it, so dropout and early stopping failed on up to 40% of seeds
/// while their test accuracy stayed near 100%, and the jittery steps left 15% of failures
/// without the symptom.
pub static V4: &[Scenario] = &[
    Scenario {
        id: "noisy-labels",
        title: "Noisy labels",
        explanation: "A quarter of the training labels are wrong, and a flexible network trained long enough learns them anyway, carving islands around mislabelled points. Watch the test loss turn upward while the training loss keeps falling.",
        failure: &[("data.dataset", "gauss"), ("data.train_size", "100"), ("data.label_noise", "0.25"), ("model.hidden_layers", "32,32,32"), ("model.activation", "relu"), ("model.weight_init", "he"), ("train.optimizer", "adam"), ("train.learning_rate", "0.01")],
        epochs: 400,
        symptom: Symptom::TestLossRises { rise: 0.35 },
        remedies: &[
            Remedy { id: "l2", label: "L2 weight decay", why: "Small weights cannot bend the boundary sharply enough to isolate single wrong labels.", delta: &[("train.l2", "0.03")], min_test_accuracy: 0.95 },
            Remedy { id: "early-stop", label: "Early stopping", why: "The network learns the true pattern before it learns the noise; the loss on a fifth of the points, held out, shows when it turns, and stopping there keeps the pattern.", delta: &[("train.early_stopping.enabled", "true"), ("train.early_stopping.patience", "20"), ("train.early_stopping.validation_fraction", "0.2")], min_test_accuracy: 0.95 },
            Remedy { id: "dropout", label: "Dropout", why: "Noise in the units makes memorising any single point unreliable, so only the shared pattern survives.", delta: &[("model.dropout", "0.5")], min_test_accuracy: 0.9 },
        ],
    },
];
