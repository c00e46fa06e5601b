//! Per-layer training dynamics over time, on a log scale: the gradient norm, the
//! update-to-weight ratio, or the weight norm of each layer.
//!
//! Vanishing gradients show as a fan: in a deep sigmoid stack the first layer's norm sits
//! decades below the last one's (1e-6 against 1e-1) and barely moves. Exploding gradients
//! climb decade after decade until the run diverges, and the weight norms follow. A
//! learning rate too low shows in the update ratio: ‖ΔW‖/‖W‖ per step far below the
//! healthy 1e-3. A linear axis would hide all three, so this view is always logarithmic,
//! with its decades chosen from the data.

use super::curves::{draw_curves, Curve, ValueAxis};
use super::error::ViewError;
use super::layout::too_small;
use super::palette::{layer_color, BACKGROUND};
use plotters::coord::Shift;
use plotters::prelude::*;

/// What the per-layer chart shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LayerMetric {
    /// Mean L2 norm of the layer's weight gradient over the epoch's steps.
    #[default]
    GradNorm,
    /// Mean ‖ΔW‖ / ‖W‖ per step.
    UpdateRatio,
    /// ‖W‖ at the end of the epoch.
    WeightNorm,
}

/// The update-to-weight ratio a healthy run takes per step: about a thousandth of each
/// weight (Karpathy's rule of thumb); far below, training stalls, far above, it thrashes.
pub const HEALTHY_UPDATE_RATIO: f64 = 1e-3;

impl LayerMetric {
    pub const ALL: [LayerMetric; 3] = [
        LayerMetric::GradNorm,
        LayerMetric::UpdateRatio,
        LayerMetric::WeightNorm,
    ];

    /// The name used by the page's selector and the CLI's file names.
    pub fn id(self) -> &'static str {
        match self {
            LayerMetric::GradNorm => "gradients",
            LayerMetric::UpdateRatio => "updates",
            LayerMetric::WeightNorm => "weights",
        }
    }

    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.id() == id)
    }

    fn title(self) -> &'static str {
        match self {
            LayerMetric::GradNorm => "gradient norm (log scale)",
            LayerMetric::UpdateRatio => "update / weight (log scale)",
            LayerMetric::WeightNorm => "weight norm (log scale)",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct GradientView {
    pub metric: LayerMetric,
    /// Per weight layer, input side first: (epoch, value of `metric`) in epoch order. A
    /// zero or non-finite value is a gap, marked at the foot of the plot.
    pub layers: Vec<Vec<(f64, f64)>>,
}

/// Draws one line per weight layer into `area`, filling it first.
pub fn draw_gradients<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &GradientView,
) -> Result<(), ViewError> {
    area.fill(&BACKGROUND)?;
    if too_small(area) {
        return Ok(());
    }
    let values: Vec<f64> = data.layers.iter().flatten().map(|p| p.1).collect();
    let mut axis = ValueAxis::log(&values, data.metric.title());
    if data.metric == LayerMetric::UpdateRatio {
        axis = axis.with_guide(HEALTHY_UPDATE_RATIO, "healthy ≈ 10⁻³".into());
    }
    let count = data.layers.len();
    let curves: Vec<Curve> = data
        .layers
        .iter()
        .enumerate()
        .map(|(i, points)| {
            Curve::on(
                &axis,
                &format!("layer {}", i + 1),
                layer_color(i, count),
                points,
            )
        })
        .collect();
    draw_curves(area, &curves, &axis, &[])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::svg_check::*;

    /// Six layers from 1.5e-6 (input side) to 1.5e-1 (output side).
    fn vanishing() -> GradientView {
        GradientView {
            metric: LayerMetric::GradNorm,
            layers: (0..6)
                .map(|l| epochs_of(300, |_| 1.5 * 10f64.powi(l - 6)))
                .collect(),
        }
    }

    fn lines(svg: &str) -> usize {
        (0..6)
            .map(|l| stroked(svg, "polyline", layer_color(l, 6)))
            .sum()
    }

    #[test]
    fn one_named_line_per_layer_on_decades_from_the_data() {
        let svg = render(SIZE, |a| draw_gradients(a, &vanishing()));
        assert_eq!(lines(&svg), 6);
        for l in 1..=6 {
            assert!(
                has_text(&svg, &format!("layer {l}")),
                "no legend for layer {l}"
            );
        }
        assert!(has_text(&svg, "10⁻⁶") && has_text(&svg, "1"));
        assert_eq!(count_text(&svg, "0"), 1, "epoch 0 only: no zero floor");
        assert!(!svg.contains("off the scale"));
    }

    #[test]
    fn exactly_zero_gradients_are_marked_gaps_not_a_line_to_zero() {
        // zero-init: the hidden layers' gradients are exactly 0, the output layer's not.
        let view = GradientView {
            metric: LayerMetric::GradNorm,
            layers: vec![
                epochs_of(10, |_| 0.0),
                epochs_of(10, |_| 0.0),
                epochs_of(10, |e| 0.1 / e),
            ],
        };
        let svg = render(SIZE, |a| draw_gradients(a, &view));
        for l in 0..2 {
            assert_eq!(stroked(&svg, "polyline", layer_color(l, 3)), 0, "layer {l}");
        }
        assert_eq!(stroked(&svg, "polyline", layer_color(2, 3)), 1);
        assert_eq!(count_text(&svg, "0"), 1, "epoch 0 only: no tick reads 0");
        assert!(has_text(&svg, "▲ exactly 0: off the scale"));
    }

    #[test]
    fn the_update_ratio_chart_marks_the_healthy_ratio() {
        let view = GradientView {
            metric: LayerMetric::UpdateRatio,
            layers: vec![epochs_of(50, |_| 2e-7), epochs_of(50, |_| 5e-7)],
        };
        let svg = render(SIZE, |a| draw_gradients(a, &view));
        assert!(has_text(&svg, "healthy ≈ 10⁻³"));
        assert!(has_text(&svg, "update / weight (log scale)"));
        // The axis reaches up to the guide although every value is far below it.
        assert!(has_text(&svg, "10⁻³") && has_text(&svg, "10⁻⁷"));
    }

    #[test]
    fn metrics_have_stable_ids() {
        for m in LayerMetric::ALL {
            assert_eq!(LayerMetric::from_id(m.id()), Some(m));
        }
        assert_eq!(LayerMetric::from_id("nope"), None);
    }

    #[test]
    fn empty_nan_infinite_and_exploding_gradients_draw() {
        let cases = [
            GradientView::default(),
            GradientView {
                metric: LayerMetric::WeightNorm,
                layers: vec![epochs_of(20, |e| {
                    if e > 10.0 {
                        f64::NAN
                    } else {
                        10f64.powf(e * 3.0)
                    }
                })],
            },
            GradientView {
                metric: LayerMetric::UpdateRatio,
                layers: vec![vec![(1.0, 1e-300)], vec![(1.0, f64::INFINITY)]],
            },
        ];
        for view in &cases {
            render(SIZE, |a| draw_gradients(a, view));
        }
    }
}
