//! Scores to colours: the diverging map behind the decision boundary.
//!
//! A score s ∈ [0, 1] is P(class 1). Its colour runs from a tint of the class-0 colour at
//! s = 0 through near-white at s = 0.5 to a tint of the class-1 colour at s = 1, with
//! strength |2s − 1|: confident regions are coloured, the boundary itself is pale. Tints
//! rather than full colours, so the points drawn on top in full colour stand out.

use super::grid::ScoreGrid;
use super::palette::{CLASS_COLORS, NEUTRAL, NO_SCORE};
use plotters::style::RGBColor;

/// How far towards the class colour a fully confident cell goes (1 = the class colour).
const TINT_STRENGTH: f64 = 0.5;

/// RGB colour of a class-1 score; scores outside [0, 1] are clamped, NaN is grey.
pub fn score_color(score: f32) -> [u8; 3] {
    if score.is_nan() {
        return rgb(NO_SCORE);
    }
    let s = f64::from(score.clamp(0.0, 1.0));
    let class = CLASS_COLORS[usize::from(s > 0.5)];
    let strength = (2.0 * s - 1.0).abs() * TINT_STRENGTH;
    let mix = |from: u8, to: u8| (from as f64 + (to as f64 - from as f64) * strength).round() as u8;
    [
        mix(NEUTRAL.0, class.0),
        mix(NEUTRAL.1, class.1),
        mix(NEUTRAL.2, class.2),
    ]
}

/// The grid as RGBA bytes, 4 per cell in the grid's row-major order, alpha 255: exactly the
/// layout of a canvas `ImageData` of `grid.width × grid.height`, so the page puts it in one
/// call. `out` is reused across frames to avoid reallocating.
pub fn heatmap_rgba(grid: &ScoreGrid, out: &mut Vec<u8>) {
    out.clear();
    out.reserve(grid.scores.len() * 4);
    for &score in grid.scores {
        let [r, g, b] = score_color(score);
        out.extend_from_slice(&[r, g, b, u8::MAX]);
    }
}

/// The grid as RGB bytes, 3 per cell: the layout of plotters' `blit_bitmap`.
pub fn heatmap_rgb(grid: &ScoreGrid, out: &mut Vec<u8>) {
    out.clear();
    out.reserve(grid.scores.len() * 3);
    for &score in grid.scores {
        out.extend_from_slice(&score_color(score));
    }
}

fn rgb(c: RGBColor) -> [u8; 3] {
    [c.0, c.1, c.2]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn distance(a: [u8; 3], b: [u8; 3]) -> i32 {
        (0..3).map(|i| (a[i] as i32 - b[i] as i32).abs()).sum()
    }

    #[test]
    fn half_is_neutral_and_the_ends_lean_to_their_class() {
        assert_eq!(score_color(0.5), rgb(NEUTRAL));
        let (zero, one) = (score_color(0.0), score_color(1.0));
        assert!(distance(zero, rgb(CLASS_COLORS[0])) < distance(zero, rgb(CLASS_COLORS[1])));
        assert!(distance(one, rgb(CLASS_COLORS[1])) < distance(one, rgb(CLASS_COLORS[0])));
    }

    #[test]
    fn colour_grows_with_confidence() {
        let neutral = rgb(NEUTRAL);
        let near = distance(score_color(0.6), neutral);
        let far = distance(score_color(0.95), neutral);
        assert!(near < far, "{near} vs {far}");
    }

    #[test]
    fn nan_is_grey_and_out_of_range_is_clamped() {
        assert_eq!(score_color(f32::NAN), rgb(NO_SCORE));
        assert_eq!(score_color(7.0), score_color(1.0));
        assert_eq!(score_color(f32::NEG_INFINITY), score_color(0.0));
    }

    #[test]
    fn rgba_buffer_has_four_opaque_bytes_per_cell() {
        let scores = [0.0, 0.5, 1.0, f32::NAN, 0.2, 0.9];
        let grid = ScoreGrid::new(3, 2, &scores).unwrap();
        let mut out = vec![1, 2, 3];
        heatmap_rgba(&grid, &mut out);
        assert_eq!(out.len(), 24);
        assert!(out.chunks(4).all(|px| px[3] == 255));
        assert_eq!(&out[4..7], &rgb(NEUTRAL));
        let mut rgb_out = Vec::new();
        heatmap_rgb(&grid, &mut rgb_out);
        assert_eq!(rgb_out.len(), 18);
        assert_eq!(&rgb_out[3..6], &out[4..7]);
    }
}
