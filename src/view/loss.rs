//! Loss curves: training and test loss against epoch.
//!
//! The gap between the curves is overfitting, a flat train curve is a stalled optimiser,
//! and a curve that stops is a diverged run. The log scale shows progress late in training
//! that the linear scale flattens into the axis.

use super::axis::YScale;
use super::curves::{draw_curves, Curve, EpochMarker, ValueAxis};
use super::error::ViewError;
use super::layout::too_small;
use super::palette::{
    BACKGROUND, DIVERGED, MARKER_LINE, STEP_LOSS, TEST_LOSS, TRAIN_LOSS, VALIDATION_LOSS,
};
use plotters::coord::Shift;
use plotters::prelude::*;

const BEST_LINE_WIDTH: u32 = 1;
const DIVERGED_LINE_WIDTH: u32 = 2;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct LossView {
    /// (epoch, mean loss) on the training set, in epoch order; a non-finite loss ends the
    /// curve there.
    pub train: Vec<(f64, f64)>,
    /// (epoch, loss) on the held-out test set.
    pub test: Vec<(f64, f64)>,
    /// (epoch, loss) on the validation points early stopping watches; empty when it holds
    /// none out, and then not drawn.
    pub validation: Vec<(f64, f64)>,
    /// The epoch whose weights early stopping kept, marked with a vertical line.
    pub best_epoch: Option<usize>,
    /// The epoch at which training produced a non-finite number.
    pub diverged_at: Option<usize>,
    /// (fractional epoch, batch loss) of each completed step of the epoch that diverged:
    /// a run that blows up inside an epoch still shows its climb.
    pub steps: Vec<(f64, f64)>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LossOptions {
    pub y_scale: YScale,
}

/// Draws the loss curves into `area`, filling it first.
pub fn draw_loss<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &LossView,
    options: &LossOptions,
) -> Result<(), ViewError> {
    area.fill(&BACKGROUND)?;
    if too_small(area) {
        return Ok(());
    }
    let axis = value_axis(data, options.y_scale);
    let mut curves = vec![
        curve("train loss", TRAIN_LOSS, &data.train, &axis),
        curve("test loss", TEST_LOSS, &data.test, &axis),
    ];
    if !data.validation.is_empty() {
        curves.push(curve(
            "validation loss",
            VALIDATION_LOSS,
            &data.validation,
            &axis,
        ));
    }
    if let (false, Some(e)) = (data.steps.is_empty(), data.diverged_at) {
        let label = format!("batch loss, epoch {e}");
        curves.push(curve(&label, STEP_LOSS, &data.steps, &axis));
    }
    draw_curves(area, &curves, &axis, &markers(data))
}

fn value_axis(data: &LossView, scale: YScale) -> ValueAxis {
    let all = data
        .train
        .iter()
        .chain(&data.test)
        .chain(&data.validation)
        .chain(&data.steps);
    let values: Vec<f64> = all.map(|p| p.1).collect();
    match scale.resolve(&values) {
        YScale::Log => ValueAxis::log(&values, "loss (log scale)"),
        _ => ValueAxis::linear(values, "loss"),
    }
}

fn curve(label: &str, color: RGBColor, points: &[(f64, f64)], axis: &ValueAxis) -> Curve {
    Curve::on(axis, label, color, points)
}

fn markers(data: &LossView) -> Vec<EpochMarker> {
    let best = data.best_epoch.map(|e| EpochMarker {
        epoch: e as f64,
        label: format!("best epoch {e}"),
        color: MARKER_LINE,
        width: BEST_LINE_WIDTH,
    });
    let diverged = data.diverged_at.map(|e| EpochMarker {
        epoch: e as f64,
        label: format!("diverged at epoch {e}"),
        color: DIVERGED,
        width: DIVERGED_LINE_WIDTH,
    });
    best.into_iter().chain(diverged).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::svg_check::*;

    fn falling() -> LossView {
        LossView {
            train: epochs_of(200, |e| 0.7 * (-e / 40.0).exp() + 0.05),
            test: epochs_of(200, |e| 0.7 * (-e / 40.0).exp() + 0.1 + e / 2000.0),
            ..LossView::default()
        }
    }

    fn curves(svg: &str) -> usize {
        stroked(svg, "polyline", TRAIN_LOSS) + stroked(svg, "polyline", TEST_LOSS)
    }

    #[test]
    fn one_polyline_per_curve_with_its_name() {
        let svg = render(SIZE, |a| draw_loss(a, &falling(), &LossOptions::default()));
        assert_eq!(curves(&svg), 2);
        assert!(has_text(&svg, "train loss") && has_text(&svg, "test loss"));
        assert!(has_text(&svg, "epoch") && has_text(&svg, "loss"));
    }

    #[test]
    fn the_validation_curve_is_drawn_only_when_there_is_one() {
        let svg = render(SIZE, |a| draw_loss(a, &falling(), &LossOptions::default()));
        assert_eq!(stroked(&svg, "polyline", VALIDATION_LOSS), 0);
        assert!(!has_text(&svg, "validation loss"));
        let view = LossView {
            validation: epochs_of(120, |e| 0.6 * (-e / 30.0).exp() + 0.2),
            best_epoch: Some(90),
            ..falling()
        };
        let svg = render(SIZE, |a| draw_loss(a, &view, &LossOptions::default()));
        assert_eq!(polyline_lengths(&svg, VALIDATION_LOSS), vec![120]);
        assert!(has_text(&svg, "validation loss") && has_text(&svg, "best epoch 90"));
    }

    #[test]
    fn best_epoch_is_a_labelled_line() {
        let view = LossView {
            best_epoch: Some(42),
            ..falling()
        };
        let svg = render(SIZE, |a| draw_loss(a, &view, &LossOptions::default()));
        assert_eq!(curves(&svg), 2);
        assert!(has_text(&svg, "best epoch 42"));
    }

    #[test]
    fn a_diverged_curve_stops_at_the_nan_and_says_where() {
        let mut view = falling();
        view.train.truncate(36);
        view.train.push((37.0, f64::NAN));
        view.test.truncate(36);
        view.diverged_at = Some(37);
        let svg = render(SIZE, |a| draw_loss(a, &view, &LossOptions::default()));
        assert!(has_text(&svg, "diverged at epoch 37"));
        assert_eq!(stroked(&svg, "polyline", DIVERGED), 1);
        assert_eq!(polyline_lengths(&svg, TRAIN_LOSS), vec![36]);
    }

    #[test]
    fn a_blow_up_is_labelled_with_exponents_that_fit() {
        // lr-too-high's losses: each full-batch step multiplies the loss by ~1e50.
        let losses = [4.4e4, 1.3e21, 5.4e75, 3.4e168, 1.6e268];
        let view = LossView {
            train: losses
                .iter()
                .enumerate()
                .map(|(i, &l)| (i as f64 + 1.0, l))
                .collect(),
            ..LossView::default()
        };
        let linear = LossOptions {
            y_scale: YScale::Linear,
        };
        let svg = render(SIZE, |a| draw_loss(a, &view, &linear));
        for label in ["0", "5e267", "1e268", "1.5e268"] {
            assert!(has_text(&svg, label), "missing {label}");
        }
        assert!(!svg.contains("00000000"), "a tick written out in full");
        assert_eq!(polyline_lengths(&svg, TRAIN_LOSS), vec![5]);
        // By default a climb over hundreds of decades is drawn on a log axis, to its top.
        let auto = render(SIZE, |a| draw_loss(a, &view, &LossOptions::default()));
        assert!(has_text(&auto, "loss (log scale)") && has_text(&auto, "10²⁵⁰"));
        assert_eq!(polyline_lengths(&auto, TRAIN_LOSS), vec![5]);
    }

    #[test]
    fn a_healthy_run_stays_linear_by_default() {
        let svg = render(SIZE, |a| draw_loss(a, &falling(), &LossOptions::default()));
        assert!(!has_text(&svg, "loss (log scale)"));
    }

    #[test]
    fn a_zero_loss_on_a_log_axis_is_a_marked_gap_not_a_zero_tick() {
        let view = LossView {
            train: epochs_of(20, |e| if e > 15.0 { 0.0 } else { 10f64.powf(-e / 3.0) }),
            ..LossView::default()
        };
        let svg = render(SIZE, |a| draw_loss(a, &view, &LossOptions::default()));
        assert!(has_text(&svg, "loss (log scale)"));
        assert_eq!(
            count_text(&svg, "0"),
            1,
            "the epoch axis's 0, no value tick 0"
        );
        assert!(has_text(&svg, "▲ exactly 0: off the scale"));
        assert_eq!(polyline_lengths(&svg, TRAIN_LOSS), vec![15]);
    }

    #[test]
    fn a_run_that_diverges_in_its_first_epoch_shows_its_steps() {
        let view = LossView {
            train: vec![(0.0, 0.69)],
            test: vec![(0.0, 0.7)],
            diverged_at: Some(1),
            steps: (1..=7)
                .map(|i| (i as f64 / 25.0, 0.7 * 100f64.powi(i)))
                .collect(),
            ..LossView::default()
        };
        let svg = render(SIZE, |a| draw_loss(a, &view, &LossOptions::default()));
        assert!(has_text(&svg, "batch loss, epoch 1"));
        assert_eq!(polyline_lengths(&svg, STEP_LOSS), vec![7]);
        assert!(has_text(&svg, "loss (log scale)"), "a climb of 14 decades");
    }

    #[test]
    fn log_scale_labels_whole_decades() {
        let view = LossView {
            train: epochs_of(50, |e| 10f64.powf(-e / 10.0)),
            ..LossView::default()
        };
        let log = LossOptions {
            y_scale: YScale::Log,
        };
        let svg = render(SIZE, |a| draw_loss(a, &view, &log));
        for label in ["1", "10⁻¹", "10⁻³", "10⁻⁵", "loss (log scale)"] {
            assert!(has_text(&svg, label), "missing {label}");
        }
    }

    #[test]
    fn empty_single_epoch_and_non_finite_data_draw() {
        let nasty = [
            LossView::default(),
            LossView {
                train: vec![(1.0, 0.69)],
                test: vec![(1.0, 0.7)],
                validation: vec![(1.0, 0.71)],
                best_epoch: Some(1),
                diverged_at: None,
                steps: Vec::new(),
            },
            LossView {
                train: vec![(1.0, f64::NAN), (2.0, f64::INFINITY), (3.0, -0.0)],
                test: vec![(f64::NAN, 1.0)],
                validation: vec![(2.0, f64::NAN)],
                best_epoch: None,
                diverged_at: Some(1),
                steps: vec![(0.5, f64::NAN), (0.75, 3.0)],
            },
        ];
        for view in &nasty {
            for y_scale in [YScale::Linear, YScale::Log] {
                render(SIZE, |a| draw_loss(a, view, &LossOptions { y_scale }));
            }
        }
        let single = render(SIZE, |a| draw_loss(a, &nasty[1], &LossOptions::default()));
        assert_eq!(
            count(&single, "<circle"),
            3,
            "a one-epoch run shows as dots, one per curve"
        );
        assert_eq!(curves(&single), 0);
    }
}
