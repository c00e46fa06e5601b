//! The score grid as rectangles, for backends that cannot take a pixel buffer cheaply.
//!
//! The page never uses this: it puts `heatmap_rgba` onto the canvas in one call. The SVG
//! writer (CLI, tests) has no such call without an image encoder, so here each row is cut
//! into runs of cells of one colour (scores quantised to `LEVELS`), one rectangle per run:
//! confident regions are long runs, so a 100 × 100 grid costs hundreds of rectangles, not
//! ten thousand.

use super::colormap::score_color;
use super::grid::ScoreGrid;
use crate::data::DOMAIN;
use plotters::prelude::*;

/// Colour steps per unit score. Fewer steps mean longer runs but visible bands; at 24 a
/// band is a 4% step in confidence, which reads as faint contour lines.
const LEVELS: f32 = 24.0;
/// Run key of a NaN score.
const NO_LEVEL: u16 = u16::MAX;

fn level(score: f32) -> u16 {
    if score.is_nan() {
        NO_LEVEL
    } else {
        (score.clamp(0.0, 1.0) * LEVELS).round() as u16
    }
}

fn level_color(level: u16) -> RGBColor {
    let score = if level == NO_LEVEL {
        f32::NAN
    } else {
        f32::from(level) / LEVELS
    };
    let [r, g, b] = score_color(score);
    RGBColor(r, g, b)
}

/// One filled rectangle, in domain coordinates, per run of equal-level cells of each row.
pub(crate) fn heatmap_cells(grid: &ScoreGrid) -> Vec<Rectangle<(f64, f64)>> {
    let mut out = Vec::new();
    if grid.is_empty() || grid.check().is_err() {
        return out;
    }
    let x_at = |c: usize| -DOMAIN + 2.0 * DOMAIN * c as f64 / grid.width as f64;
    let y_at = |r: usize| DOMAIN - 2.0 * DOMAIN * r as f64 / grid.height as f64;
    for (r, row) in grid.scores.chunks(grid.width).enumerate() {
        let mut start = 0;
        while start < row.len() {
            let key = level(row[start]);
            let end = start
                + row[start..]
                    .iter()
                    .take_while(|&&s| level(s) == key)
                    .count();
            let corners = [(x_at(start), y_at(r)), (x_at(end), y_at(r + 1))];
            out.push(Rectangle::new(corners, level_color(key).filled()));
            start = end;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flat_grid_is_one_rectangle_per_row() {
        let scores = vec![0.9_f32; 100 * 100];
        let grid = ScoreGrid::new(100, 100, &scores).unwrap();
        assert_eq!(heatmap_cells(&grid).len(), 100);
    }

    #[test]
    fn a_boundary_splits_each_row_once() {
        let (w, h) = (100, 100);
        let scores: Vec<f32> = (0..w * h)
            .map(|i| if i % w < w / 2 { 0.0 } else { 1.0 })
            .collect();
        let grid = ScoreGrid::new(w, h, &scores).unwrap();
        assert_eq!(heatmap_cells(&grid).len(), 2 * h);
    }

    #[test]
    fn empty_mismatched_or_nan_grids_do_not_panic() {
        assert!(heatmap_cells(&ScoreGrid::empty()).is_empty());
        let bad = ScoreGrid {
            width: 3,
            height: 3,
            scores: &[0.5; 4],
        };
        assert!(heatmap_cells(&bad).is_empty());
        let nan = [f32::NAN; 4];
        assert_eq!(heatmap_cells(&ScoreGrid::new(2, 2, &nan).unwrap()).len(), 2);
    }
}
