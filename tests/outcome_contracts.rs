//! Outcome contracts: on seeds 1 to 5, each listed scenario's failure shows its symptom
//! within the scenario's epoch budget, and each listed remedy removes the symptom and
//! reaches the remedy's stated test accuracy. The symptoms are measured from telemetry
//! (`Symptom::detect`), so a trainer that does not really fail, or a remedy that does not
//! really help, breaks these tests.
//!
//! `CONTRACTS` lists what is proven today. Catalog entries not listed here (see the README's
//! scenario table) do not yet meet their contract on all five seeds and are not claimed.

use nnlab::scenario::{catalog, run_scenario};

const SEEDS: std::ops::RangeInclusive<u64> = 1..=5;

/// (scenario, its failure is proven, remedies proven)
const CONTRACTS: &[(&str, bool, &[&str])] = &[
    ("lr-too-high", true, &["lower-lr", "clip-gradients", "adam"]),
    ("lr-too-low", true, &["raise-lr", "adam", "momentum"]),
    ("tiny-dataset", true, &["augment", "more-data"]),
    ("noisy-labels", true, &["early-stop"]),
    ("sigmoid-stack", true, &["relu", "residual", "batch-norm"]),
    ("exploding-gradients", true, &["he-init", "batch-norm"]),
    ("zero-init", true, &["random-init"]),
    ("dead-relu", false, &["leaky-relu", "he-init"]),
    ("unscaled-inputs", true, &["standardize"]),
    ("class-imbalance", false, &["class-weights", "resample"]),
    ("shuffled-labels", true, &["fix-labels"]),
    ("too-small-model", true, &["bigger-model", "add-features"]),
    ("wrong-loss", false, &["cross-entropy"]),
];

fn check(id: &str) {
    let (_, failure_proven, remedies) = CONTRACTS.iter().find(|c| c.0 == id).expect("listed");
    let scenario = catalog::find(id).unwrap();
    let mut broken = Vec::new();
    for seed in SEEDS {
        if *failure_proven {
            let run = run_scenario(scenario, &[], seed).unwrap();
            if run.symptom(scenario).is_none() {
                broken.push(format!(
                    "{id}, seed {seed}: the failure does not show {:?} (status {}, test accuracy {:.3})",
                    scenario.symptom,
                    run.status.name(),
                    run.final_stats.test.accuracy
                ));
            }
        }
        for remedy_id in *remedies {
            let remedy = scenario.remedy(remedy_id).expect("remedy exists");
            let run = run_scenario(scenario, &[remedy_id], seed).unwrap();
            if let Some(symptom) = run.symptom(scenario) {
                broken.push(format!(
                    "{id} + {remedy_id}, seed {seed}: the symptom remains: {symptom}"
                ));
            }
            let accuracy = run.final_stats.test.accuracy;
            if accuracy < remedy.min_test_accuracy {
                broken.push(format!(
                    "{id} + {remedy_id}, seed {seed}: test accuracy {accuracy:.3} < {}",
                    remedy.min_test_accuracy
                ));
            }
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn every_catalog_scenario_is_listed() {
    for s in catalog::all() {
        assert!(
            CONTRACTS.iter().any(|c| c.0 == s.id),
            "{} has no contract entry",
            s.id
        );
    }
}

macro_rules! contract {
    ($name:ident, $id:literal) => {
        #[test]
        fn $name() {
            check($id);
        }
    };
}

contract!(lr_too_high, "lr-too-high");
contract!(lr_too_low, "lr-too-low");
contract!(tiny_dataset, "tiny-dataset");
contract!(noisy_labels, "noisy-labels");
contract!(sigmoid_stack, "sigmoid-stack");
contract!(exploding_gradients, "exploding-gradients");
contract!(zero_init, "zero-init");
contract!(dead_relu, "dead-relu");
contract!(unscaled_inputs, "unscaled-inputs");
contract!(class_imbalance, "class-imbalance");
contract!(shuffled_labels, "shuffled-labels");
contract!(too_small_model, "too-small-model");
contract!(wrong_loss, "wrong-loss");
