//! What an explanation tells the learner to watch is what the telemetry shows. Each test
//! runs one scenario's failure (and, where the text compares, its remedy) on seeds 1 to 20
//! and checks every claim its explanation makes about the charts, from the numbers the
//! charts are drawn from.

use nnlab::scenario::{catalog, run_scenario, RunOutcome};
use nnlab::train::{EpochStats, LayerStats, Status};

const SEEDS: [u64; 20] = [
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
];

fn run(id: &str, remedies: &[&str], seed: u64) -> RunOutcome {
    let scenario = catalog::find(id).unwrap();
    run_scenario(scenario, remedies, seed)
        .unwrap_or_else(|e| panic!("{id} {remedies:?} seed {seed}: {e}"))
}

/// The last `TAIL` epochs, where a chart's lines have settled.
const TAIL: usize = 10;

fn tail(history: &[EpochStats]) -> &[EpochStats] {
    &history[history.len().saturating_sub(TAIL)..]
}

/// The largest dead share of any hidden layer (the output unit is not a ReLU).
fn worst_dead_hidden(layers: &[LayerStats]) -> f64 {
    layers[..layers.len() - 1]
        .iter()
        .map(|l| l.dead_fraction)
        .fold(0.0, f64::max)
}

/// Mean over the tail of one layer's statistic.
fn tail_mean(history: &[EpochStats], layer: usize, pick: fn(&LayerStats) -> f64) -> f64 {
    let t = tail(history);
    t.iter().map(|s| pick(&s.layers[layer])).sum::<f64>() / t.len() as f64
}

#[test]
fn lr_too_low_moves_every_weight_by_far_less_than_a_thousandth() {
    for seed in SEEDS {
        let out = run("lr-too-low", &[], seed);
        for s in &out.history {
            for (l, layer) in s.layers.iter().enumerate() {
                assert!(
                    layer.update_ratio < 1e-4,
                    "seed {seed} epoch {} layer {}: update/weight {:.2e}",
                    s.epoch,
                    l + 1,
                    layer.update_ratio
                );
            }
        }
    }
}

#[test]
fn sigmoid_stack_gradients_fan_out_decades_below_the_last_layer() {
    for seed in SEEDS {
        let out = run("sigmoid-stack", &[], seed);
        let layers = out.history[0].layers.len();
        let grads: Vec<f64> = (0..layers)
            .map(|l| tail_mean(&out.history, l, |s| s.grad_norm))
            .collect();
        let last = grads[layers - 1];
        // The early layers sit orders of magnitude below the last: the first two by at least
        // two decades each, and every layer below the one after it.
        assert!(grads[0] < 1e-3 * last, "seed {seed}: {grads:?}");
        assert!(grads[1] < 1e-2 * last, "seed {seed}: {grads:?}");
        assert!(
            grads.windows(2).all(|w| w[0] < w[1]),
            "seed {seed}: {grads:?}"
        );
    }
}

#[test]
fn dead_relu_kills_most_of_a_layer_and_a_whole_one_starves_the_layers_below() {
    let mut wholly = 0;
    for seed in SEEDS {
        let out = run("dead-relu", &[], seed);
        let end = &out.final_stats.layers;
        let hidden = end.len() - 1;
        let worst = worst_dead_hidden(end);
        assert!(
            worst > 0.5,
            "seed {seed}: worst layer {worst:.2} dead: {end:?}"
        );
        let Some(dead) = (0..hidden).find(|&l| end[l].dead_fraction == 1.0) else {
            continue;
        };
        wholly += 1;
        for l in 0..=dead {
            let g = tail_mean(&out.history, l, |s| s.grad_norm);
            assert_eq!(g, 0.0, "seed {seed}: layer {} still gets gradient", l + 1);
        }
        // Only the output bias still learns: the loss stays at a coin flip's, ln 2.
        let losses: Vec<f64> = tail(&out.history).iter().map(|s| s.train.loss).collect();
        let off = losses.iter().map(|l| (l - std::f64::consts::LN_2).abs());
        assert!(off.fold(0.0, f64::max) < 0.03, "seed {seed}: {losses:?}");
    }
    // "On most seeds all of it".
    assert!(
        2 * wholly > SEEDS.len(),
        "a whole layer died on only {wholly} seeds"
    );
}

#[test]
fn unscaled_inputs_saturate_the_first_layer_which_gets_the_least_gradient() {
    for seed in SEEDS {
        let out = run("unscaled-inputs", &[], seed);
        let first = &out.final_stats.layers[0];
        assert!(
            first.saturated_fraction > 0.9,
            "seed {seed}: first layer {:.0}% saturated",
            100.0 * first.saturated_fraction
        );
        assert!(first.preact_std > 100.0, "seed {seed}: {first:?}");
        let layers = out.history[0].layers.len();
        let grads: Vec<f64> = (0..layers)
            .map(|l| tail_mean(&out.history, l, |s| s.grad_norm))
            .collect();
        assert!(
            grads[1..].iter().all(|&g| grads[0] < g),
            "seed {seed}: {grads:?}"
        );
        assert!(out.final_stats.test.accuracy <= 0.7, "seed {seed}");
    }
}

/// First epoch whose test accuracy reached `accuracy`.
fn reached(history: &[EpochStats], accuracy: f64) -> Option<usize> {
    history
        .iter()
        .find(|s| s.test.accuracy >= accuracy)
        .map(|s| s.epoch)
}

#[test]
fn wrong_loss_starts_confidently_wrong_and_stays_where_cross_entropy_leaves_at_once() {
    for seed in SEEDS {
        let mse = run("wrong-loss", &[], seed);
        // Every class-0 point starts at an output near 1: half of ½·(o − t)² is ½.
        let start = &mse.history[0];
        assert!(start.train.loss > 0.249, "seed {seed}: {:?}", start.train);
        assert!((start.test.accuracy - 0.5).abs() < 0.02, "seed {seed}");
        let ce = run("wrong-loss", &["cross-entropy"], seed);
        let ce_at = reached(&ce.history, 0.9).expect("cross-entropy learns");
        // The plateau: MSE takes at least three times as long, or never gets there.
        if let Some(mse_at) = reached(&mse.history, 0.9) {
            assert!(mse_at >= 3 * ce_at, "seed {seed}: {mse_at} vs {ce_at}");
        }
        let end = mse.history.last().unwrap();
        assert!(
            end.train.loss > 0.99 * start.train.loss,
            "seed {seed}: {} -> {}",
            start.train.loss,
            end.train.loss
        );
    }
}

#[test]
fn shuffled_labels_creep_up_in_training_while_test_accuracy_stays_at_a_coin_flip() {
    for seed in SEEDS {
        let out = run("shuffled-labels", &[], seed);
        let (first, last) = (&out.history[0], &out.final_stats);
        // Memorising, slowly: the training accuracy rises, but nowhere near 100%.
        assert!(
            last.train.accuracy > first.train.accuracy && last.train.accuracy < 0.9,
            "seed {seed}: train accuracy {:.3} -> {:.3}",
            first.train.accuracy,
            last.train.accuracy
        );
        assert!(
            (last.test.accuracy - 0.5).abs() < 0.15,
            "seed {seed}: test accuracy {:.3}",
            last.test.accuracy
        );
    }
}

#[test]
fn noisy_labels_reach_the_pattern_first_then_lose_it_to_the_wrong_labels() {
    for seed in SEEDS {
        let out = run("noisy-labels", &[], seed);
        // "climb to near 100% as the true pattern is learnt": ten epochs in a row average
        // at least 95% on the clean test set...
        let best = out
            .history
            .windows(TAIL)
            .map(|w| w.iter().map(|s| s.test.accuracy).sum::<f64>() / TAIL as f64)
            .fold(0.0, f64::max);
        assert!(best >= 0.95, "seed {seed}: best test accuracy {best:.3}");
        // ..."then fall": by more than the symptom's ten points...
        let end = &out.final_stats;
        assert!(
            end.test.accuracy < best - 0.1,
            "seed {seed}: {best:.3} -> {:.3}",
            end.test.accuracy
        );
        // ..."as the train accuracy climbs past the 75%": it fits wrong labels.
        assert!(
            end.train.accuracy > 0.8,
            "seed {seed}: train accuracy {:.3}",
            end.train.accuracy
        );
    }
}

#[test]
fn class_weights_trade_plain_accuracy_and_precision_for_the_minority() {
    for seed in SEEDS {
        let before = run("class-imbalance", &[], seed).final_stats.test;
        let after = run("class-imbalance", &["class-weights"], seed)
            .final_stats
            .test;
        // Plain accuracy falls from always-the-majority's 98% to between 80% and 95%...
        assert!(before.accuracy > 0.975, "seed {seed}: {before:?}");
        assert!(
            (0.8..0.95).contains(&after.accuracy),
            "seed {seed}: {after:?}"
        );
        // ...precision is low (most points called minority are false alarms)...
        assert!(after.precision < 0.5, "seed {seed}: {after:?}");
        // ...and what the remedy is for rises: minority recall and balanced accuracy.
        assert!(after.recall > before.recall + 0.3, "seed {seed}");
        assert!(
            after.balanced_accuracy > before.balanced_accuracy + 0.1,
            "seed {seed}: {:.3} -> {:.3}",
            before.balanced_accuracy,
            after.balanced_accuracy
        );
    }
}

#[test]
fn lr_too_high_climbs_by_orders_of_magnitude_until_it_diverges() {
    for seed in SEEDS {
        let out = run("lr-too-high", &[], seed);
        assert!(
            matches!(out.status, Status::Diverged(_)),
            "seed {seed}: ends {}",
            out.status.name()
        );
        let h = &out.history;
        assert!(h.len() >= 3, "seed {seed}: {} epochs drawn", h.len());
        let peak_grad = |s: &EpochStats| s.layers.iter().map(|l| l.grad_norm).fold(0.0, f64::max);
        let (first, last) = (&h[0], &h[h.len() - 1]);
        assert!(last.train.loss > 1e10 * first.train.loss, "seed {seed}");
        assert!(peak_grad(last) > 1e3 * peak_grad(first), "seed {seed}");
        // "...become infinite or NaN": the model the run leaves is that broken one, not the
        // last finite weights, which can still classify every point right.
        let f = &out.final_stats;
        assert!(
            !f.train.loss.is_finite() && !f.test.loss.is_finite(),
            "seed {seed}: ends with losses {} and {}",
            f.train.loss,
            f.test.loss
        );
    }
}

/// What the charts show of the climb: the trained epochs and, for a blow-up inside an
/// epoch, that epoch's steps (drawn up to the blow-up), measured from epoch 0.
#[test]
fn exploding_gradients_weight_norms_follow_the_gradients_up() {
    for seed in SEEDS {
        let out = run("exploding-gradients", &[], seed);
        let steps = out.diverged_steps.as_ref();
        let drawn = out.history.len() + steps.map_or(0, |d| d.loss.len());
        assert!(drawn >= 3, "seed {seed}: {drawn} epochs or steps drawn");
        let epochs = |pick: fn(&LayerStats) -> f64| {
            out.history
                .iter()
                .flat_map(|s| &s.layers)
                .map(pick)
                .fold(0.0, f64::max)
        };
        let stepped = |pick: fn(&nnlab::train::DivergedSteps) -> &Vec<Vec<f64>>| {
            steps.map_or(0.0, |d| {
                pick(d).iter().flatten().copied().fold(0.0, f64::max)
            })
        };
        let grad = epochs(|l| l.grad_norm).max(stepped(|d| &d.grad_norms));
        let weight = epochs(|l| l.weight_norm).max(stepped(|d| &d.weight_norms));
        let start = out
            .initial
            .layers
            .iter()
            .map(|l| l.weight_norm)
            .fold(0.0, f64::max);
        assert!(grad > 1e3, "seed {seed}: peak gradient norm {grad:.3e}");
        assert!(
            weight > 10.0 * start,
            "seed {seed}: weights {start:.3e} → {weight:.3e}"
        );
    }
}

#[test]
fn exploding_gradients_leave_dead_units_and_a_stalled_loss_after_the_first_epoch() {
    for seed in SEEDS {
        let out = run("exploding-gradients", &[], seed);
        let first = &out.history[0];
        assert!(
            first.layers.iter().any(|l| l.grad_norm > 1e3),
            "seed {seed}: the jump is not in the first epoch"
        );
        let dead = worst_dead_hidden(&out.final_stats.layers);
        assert!(dead >= 0.5, "seed {seed}: worst layer only {dead:.2} dead");
        let (after, last) = (out.history[1].train.loss, out.final_stats.train.loss);
        assert!(
            (after - last).abs() < 0.05 * after,
            "seed {seed}: the loss moved from {after:.3} to {last:.3} after the throw"
        );
    }
}
