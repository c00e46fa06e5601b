//! The decision-boundary score grid as the trainer produces it.

use super::error::ViewError;
use crate::data::DOMAIN;

/// Class-1 scores in [0, 1] over the domain [−DOMAIN, DOMAIN]², row-major, row 0 at the
/// top (y = +DOMAIN), each value sampled at its cell's centre (`Trainer::decision_grid`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScoreGrid<'a> {
    pub width: usize,
    pub height: usize,
    pub scores: &'a [f32],
}

impl<'a> ScoreGrid<'a> {
    pub fn new(width: usize, height: usize, scores: &'a [f32]) -> Result<Self, ViewError> {
        let grid = ScoreGrid {
            width,
            height,
            scores,
        };
        grid.check()?;
        Ok(grid)
    }

    /// A grid with no cells: the views draw no heatmap for it.
    pub fn empty() -> Self {
        ScoreGrid {
            width: 0,
            height: 0,
            scores: &[],
        }
    }

    pub fn is_empty(&self) -> bool {
        self.width == 0 || self.height == 0
    }

    pub(crate) fn check(&self) -> Result<(), ViewError> {
        let cells = self.width.checked_mul(self.height);
        if cells == Some(self.scores.len()) {
            Ok(())
        } else {
            Err(ViewError::Data {
                field: "grid.scores",
                message: format!(
                    "must hold width × height = {} × {} scores, got {}",
                    self.width,
                    self.height,
                    self.scores.len()
                ),
            })
        }
    }

    /// The score of the cell holding `point`, or none outside the domain, for a non-finite
    /// point, or for an empty grid. Nearest cell rather than interpolation, so a point is
    /// judged by exactly the colour drawn under it.
    pub fn score_at(&self, point: [f64; 2]) -> Option<f32> {
        if self.is_empty() || self.check().is_err() {
            return None;
        }
        let column = cell_index(point[0], self.width)?;
        let row = cell_index(-point[1], self.height)?;
        Some(self.scores[row * self.width + column])
    }
}

/// Which of `cells` equal slices of [−DOMAIN, DOMAIN] holds `v` (the domain's upper edge
/// belongs to the last cell).
fn cell_index(v: f64, cells: usize) -> Option<usize> {
    if !v.is_finite() || v.abs() > DOMAIN {
        return None;
    }
    let t = (v + DOMAIN) / (2.0 * DOMAIN);
    Some(((t * cells as f64) as usize).min(cells - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score_at_reads_row_zero_at_the_top() {
        // 2 × 2: top-left 0.1, top-right 0.2, bottom-left 0.3, bottom-right 0.4.
        let scores = [0.1, 0.2, 0.3, 0.4];
        let grid = ScoreGrid::new(2, 2, &scores).unwrap();
        assert_eq!(grid.score_at([-3.0, 3.0]), Some(0.1));
        assert_eq!(grid.score_at([3.0, 3.0]), Some(0.2));
        assert_eq!(grid.score_at([-3.0, -3.0]), Some(0.3));
        assert_eq!(grid.score_at([DOMAIN, -DOMAIN]), Some(0.4));
    }

    #[test]
    fn score_at_refuses_points_outside_or_non_finite() {
        let scores = [0.5];
        let grid = ScoreGrid::new(1, 1, &scores).unwrap();
        assert_eq!(grid.score_at([DOMAIN + 0.1, 0.0]), None);
        assert_eq!(grid.score_at([f64::NAN, 0.0]), None);
        assert_eq!(ScoreGrid::empty().score_at([0.0, 0.0]), None);
    }

    #[test]
    fn new_names_the_mismatch() {
        let err = ScoreGrid::new(3, 2, &[0.0; 5]).unwrap_err();
        assert!(err.to_string().contains("3 × 2"), "{err}");
    }
}
