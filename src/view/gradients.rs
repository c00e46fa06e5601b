//! Per-layer gradient norms over time, on a log scale.
//!
//! Vanishing gradients show as a fan: in a deep sigmoid stack the first layer's norm sits
//! decades below the last one's (1e-6 against 1e-1) and barely moves. Exploding gradients
//! climb decade after decade until the run diverges. A linear axis would hide both, so
//! this view is always logarithmic, with its decades chosen from the data.

use super::curves::{draw_curves, Curve, ValueAxis};
use super::error::ViewError;
use super::layout::too_small;
use super::palette::{layer_color, BACKGROUND};
use plotters::coord::Shift;
use plotters::prelude::*;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct GradientView {
    /// Per weight layer, input side first: (epoch, L2 norm of the layer's weight gradient)
    /// in epoch order. A zero norm is drawn on a floor labelled 0; a non-finite one ends the line.
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
    let axis = ValueAxis::log(&values, "gradient norm (log scale)");
    let count = data.layers.len();
    let curves: Vec<Curve> = data
        .layers
        .iter()
        .enumerate()
        .map(|(i, points)| Curve {
            label: format!("layer {}", i + 1),
            color: layer_color(i, count),
            points: points
                .iter()
                .map(|&(e, g)| axis.place(g).map(|y| (e, y)))
                .collect(),
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
    }

    #[test]
    fn all_zero_gradients_lie_on_a_floor_labelled_zero() {
        let view = GradientView {
            layers: vec![epochs_of(10, |_| 0.0); 3],
        };
        let svg = render(SIZE, |a| draw_gradients(a, &view));
        let flat = (0..3)
            .map(|l| stroked(&svg, "polyline", layer_color(l, 3)))
            .sum::<usize>();
        assert_eq!(flat, 3);
        assert_eq!(count_text(&svg, "0"), 2, "epoch 0 and the floor");
    }

    #[test]
    fn empty_nan_infinite_and_exploding_gradients_draw() {
        let cases = [
            GradientView::default(),
            GradientView {
                layers: vec![epochs_of(20, |e| {
                    if e > 10.0 {
                        f64::NAN
                    } else {
                        10f64.powf(e * 3.0)
                    }
                })],
            },
            GradientView {
                layers: vec![vec![(1.0, 1e-300)], vec![(1.0, f64::INFINITY)]],
            },
        ];
        for view in &cases {
            render(SIZE, |a| draw_gradients(a, view));
        }
    }
}
