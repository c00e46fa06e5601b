//! The views drawn from real training runs, as the CLI and the page use them, and (with
//! `--ignored`) sample pictures of those runs written for a human to look at.

use nnlab::scenario::catalog;
use nnlab::train::{Telemetry, Trainer};
use nnlab::view::*;

const CHART: (u32, u32) = (480, 360);
const SQUARE: (u32, u32) = (420, 420);
const GRID_SIDE: usize = 100;

/// Every view of one run, rendered to SVG, named by view.
fn render_all(trainer: &mut Trainer, telemetry: &Telemetry) -> Vec<(&'static str, String)> {
    let mut scores = Vec::new();
    trainer.decision_grid(GRID_SIDE, GRID_SIDE, &mut scores);
    let grid = ScoreGrid::new(GRID_SIDE, GRID_SIDE, &scores).unwrap();
    let train = point_marks(&trainer.data().train, &grid);
    let test = point_marks(&trainer.data().test, &grid);
    let decision = DecisionView {
        grid,
        train: &train,
        test: &test,
    };
    let history = &telemetry.epochs;
    let loss = LossView::from_history(history, &telemetry.status, MAX_CURVE_POINTS);
    let log = LossOptions {
        y_scale: YScale::Log,
    };
    let grads = GradientView::from_history(history, MAX_CURVE_POINTS);
    let evaluated = trainer.evaluate();
    let health = UnitHealthView::from_layers(trainer.mlp(), &evaluated.layers);
    let network = NetworkView::from_mlp(trainer.mlp());
    let options = DecisionOptions::default();
    let linear = LossOptions::default();
    [
        (
            "decision",
            render_svg(SQUARE, |a| draw_decision(a, &decision, &options)),
        ),
        ("loss", render_svg(CHART, |a| draw_loss(a, &loss, &linear))),
        ("loss-log", render_svg(CHART, |a| draw_loss(a, &loss, &log))),
        (
            "gradients",
            render_svg(CHART, |a| draw_gradients(a, &grads)),
        ),
        (
            "health",
            render_svg(CHART, |a| draw_unit_health(a, &health)),
        ),
        ("network", render_svg(CHART, |a| draw_network(a, &network))),
    ]
    .into_iter()
    .map(|(view, svg)| (view, svg.unwrap_or_else(|e| panic!("{view}: {e}"))))
    .collect()
}

fn run(scenario: &str, remedies: &[&str], epochs: Option<usize>) -> Vec<(&'static str, String)> {
    let s = catalog::find(scenario).unwrap();
    let mut trainer = Trainer::new(&s.config(remedies, 1).unwrap()).unwrap();
    let telemetry = trainer.step(epochs.unwrap_or(s.epochs));
    render_all(&mut trainer, &telemetry)
}

#[test]
fn every_view_draws_a_short_real_run() {
    for (view, svg) in run("sigmoid-stack", &[], Some(5)) {
        assert!(svg.starts_with("<svg"), "{view} is not an SVG");
        assert!(svg.contains("<text"), "{view} has no text");
    }
}

#[test]
fn every_view_draws_a_run_before_its_first_epoch() {
    let s = catalog::find("dead-relu").unwrap();
    let mut trainer = Trainer::new(&s.config(&[], 1).unwrap()).unwrap();
    let nothing_yet = trainer.step(0);
    assert!(nothing_yet.epochs.is_empty());
    assert_eq!(render_all(&mut trainer, &nothing_yet).len(), 6);
}

/// Renders each view of a few catalogued runs into `$TMPDIR/nnlab-views/`:
/// `cargo test --test views -- --ignored`.
#[test]
#[ignore]
fn write_sample_pictures() {
    let dir = std::env::temp_dir().join("nnlab-views");
    std::fs::create_dir_all(&dir).unwrap();
    for (scenario, remedies) in [
        ("sigmoid-stack", &[][..]),
        ("sigmoid-stack", &["relu"][..]),
        ("tiny-dataset", &["early-stop"][..]),
        ("exploding-gradients", &[][..]),
        ("lr-too-high", &[][..]),
        ("dead-relu", &[][..]),
    ] {
        let name = [scenario]
            .iter()
            .chain(remedies)
            .copied()
            .collect::<Vec<_>>();
        for (view, svg) in run(scenario, remedies, None) {
            let file = dir.join(format!("{}-{view}.svg", name.join("+")));
            std::fs::write(file, svg).unwrap();
        }
    }
    // No catalogued run diverges mid-way on every seed, so this one is made up.
    let blow_up =
        |offset: f64| move |e: usize| (e as f64, 0.6 + offset + 1e-3 * 1.4f64.powi(e as i32));
    let diverged = LossView {
        train: (1..=36).map(blow_up(0.0)).collect(),
        test: (1..=36).map(blow_up(0.05)).collect(),
        validation: Vec::new(),
        best_epoch: None,
        diverged_at: Some(37),
        steps: Vec::new(),
    };
    for (suffix, y_scale) in [("", YScale::Linear), ("-log", YScale::Log)] {
        let options = LossOptions { y_scale };
        let svg = render_svg(CHART, |a| draw_loss(a, &diverged, &options)).unwrap();
        std::fs::write(dir.join(format!("diverged-loss{suffix}.svg")), svg).unwrap();
    }
}
