//! A legend strip above a chart: swatch and label per series, wrapping onto more rows when
//! the area is narrow. Outside the plot so it never hides a curve.

use super::error::ViewError;
use super::palette::{FONT, LABEL_SIZE, TEXT};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

const ROW_HEIGHT: i32 = 20;
const SWATCH_WIDTH: i32 = 18;
const SWATCH_GAP: i32 = 6;
const ENTRY_GAP: i32 = 16;
/// Average glyph advance of the sans-serif label font, as a fraction of its size.
const GLYPH_WIDTH: f64 = 0.6;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Swatch {
    /// A short thick stroke, for a curve.
    Line,
    /// A square, for a bar.
    Block,
}

pub(crate) struct LegendEntry {
    pub label: String,
    pub color: RGBColor,
    pub swatch: Swatch,
}

fn entry_width(label: &str) -> i32 {
    let text = (label.chars().count() as f64 * LABEL_SIZE * GLYPH_WIDTH).ceil() as i32;
    SWATCH_WIDTH + SWATCH_GAP + text + ENTRY_GAP
}

/// Top-left corner of each entry, relative to the strip, wrapping within `width`.
pub(crate) fn layout(entries: &[LegendEntry], indent: i32, width: i32) -> Vec<(i32, i32)> {
    let mut at = (indent, 0);
    let mut out = Vec::with_capacity(entries.len());
    for e in entries {
        let w = entry_width(&e.label);
        if at.0 > indent && at.0 + w > width {
            at = (indent, at.1 + ROW_HEIGHT);
        }
        out.push(at);
        at.0 += w;
    }
    out
}

/// Height of the strip that holds `entries`.
pub(crate) fn height(entries: &[LegendEntry], indent: i32, width: i32) -> i32 {
    layout(entries, indent, width)
        .last()
        .map_or(0, |&(_, y)| y + ROW_HEIGHT)
}

/// Draws the legend at the top of `area` (entries start `indent` pixels in, to line up with
/// the plot) and returns the area below it.
pub(crate) fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[LegendEntry],
    indent: i32,
) -> Result<DrawingArea<DB, Shift>, ViewError> {
    let width = area.dim_in_pixel().0 as i32;
    let strip = height(entries, indent, width);
    let font = (FONT, LABEL_SIZE)
        .into_font()
        .color(&TEXT)
        .pos(Pos::new(HPos::Left, VPos::Center));
    for (e, (x, y)) in entries.iter().zip(layout(entries, indent, width)) {
        let mid = y + ROW_HEIGHT / 2;
        let half = if e.swatch == Swatch::Line { 2 } else { 6 };
        let top_left = match e.swatch {
            Swatch::Line => (x, mid - half),
            Swatch::Block => (x + SWATCH_WIDTH / 2 - half, mid - half),
        };
        let bottom_right = match e.swatch {
            Swatch::Line => (x + SWATCH_WIDTH, mid + half),
            Swatch::Block => (x + SWATCH_WIDTH / 2 + half, mid + half),
        };
        area.draw(&Rectangle::new([top_left, bottom_right], e.color.filled()))?;
        let label_x = x + SWATCH_WIDTH + SWATCH_GAP;
        area.draw(&Text::new(e.label.as_str(), (label_x, mid), font.clone()))?;
    }
    let (_, rest) = area.split_vertically(strip);
    Ok(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(n: usize) -> Vec<LegendEntry> {
        (0..n)
            .map(|i| LegendEntry {
                label: format!("layer {}", i + 1),
                color: TEXT,
                swatch: Swatch::Line,
            })
            .collect()
    }

    #[test]
    fn entries_wrap_within_the_width() {
        let es = entries(12);
        let placed = layout(&es, 40, 300);
        assert!(placed.iter().any(|&(_, y)| y > 0), "never wrapped");
        for (e, (x, _)) in es.iter().zip(&placed) {
            assert!(*x == 40 || x + entry_width(&e.label) <= 300);
        }
        assert_eq!(height(&es, 40, 300), placed.last().unwrap().1 + ROW_HEIGHT);
    }

    #[test]
    fn no_entries_take_no_space() {
        assert_eq!(height(&[], 0, 300), 0);
    }
}
