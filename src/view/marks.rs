//! Data points on the decision boundary: training points as circles, held-out points as
//! triangles, both in their class colour with a white rim, and a dark ring around each
//! point the model gets wrong.

use super::error::ViewError;
use super::palette::{BACKGROUND, CLASS_COLORS, MISTAKE};
use super::ticked::TickedChart;
use crate::data::DOMAIN;
use plotters::prelude::*;

const TRAIN_RADIUS: u32 = 4;
const TEST_SIZE: u32 = 4;
/// White rim around each point, so it reads on a background tinted in its own colour.
const HALO: u32 = 2;
const MISTAKE_RADIUS: u32 = 8;
const MISTAKE_WIDTH: u32 = 1;

/// One data point as the view draws it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PointMark {
    /// In domain units; points outside the domain are drawn on its edge.
    pub position: [f64; 2],
    /// 0 or 1; anything else is drawn as class 1.
    pub label: u8,
    /// The model puts this point on the wrong side of its boundary.
    pub misclassified: bool,
}

/// Test points first, so the training points the model learned from sit on top; rings
/// last, so no point hides one.
pub(crate) fn draw_points<DB: DrawingBackend>(
    chart: &mut TickedChart<DB>,
    train: &[PointMark],
    test: &[PointMark],
    mark_misclassified: bool,
) -> Result<(), ViewError> {
    let halo = BACKGROUND.filled();
    chart.draw_series(
        drawable(test).map(|(at, _)| TriangleMarker::new(at, TEST_SIZE + HALO, halo)),
    )?;
    chart.draw_series(
        drawable(test).map(|(at, color)| TriangleMarker::new(at, TEST_SIZE, color.filled())),
    )?;
    chart.draw_series(drawable(train).map(|(at, _)| Circle::new(at, TRAIN_RADIUS + HALO, halo)))?;
    chart.draw_series(
        drawable(train).map(|(at, color)| Circle::new(at, TRAIN_RADIUS, color.filled())),
    )?;
    if mark_misclassified {
        let wrong = train.iter().chain(test).filter(|p| p.misclassified);
        let ring = MISTAKE.stroke_width(MISTAKE_WIDTH);
        chart.draw_series(
            wrong
                .filter_map(place)
                .map(|at| Circle::new(at, MISTAKE_RADIUS, ring)),
        )?;
    }
    Ok(())
}

fn drawable(points: &[PointMark]) -> impl Iterator<Item = ((f64, f64), RGBColor)> + '_ {
    points.iter().filter_map(|p| {
        let color = CLASS_COLORS[usize::from(p.label != 0)];
        place(p).map(|at| (at, color))
    })
}

/// Where a point is drawn: clamped onto the domain's edge, or nowhere if not finite.
fn place(p: &PointMark) -> Option<(f64, f64)> {
    let [x, y] = p.position;
    (x.is_finite() && y.is_finite()).then(|| (x.clamp(-DOMAIN, DOMAIN), y.clamp(-DOMAIN, DOMAIN)))
}
