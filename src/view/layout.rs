//! Chart furniture shared by the views: margins, label areas, fonts.

use super::palette::{AXIS_TITLE_SIZE, FONT, LABEL_SIZE, TEXT};
use plotters::coord::Shift;
use plotters::prelude::*;

/// Space around a chart so edge tick labels are not cut off.
pub(crate) const MARGIN: i32 = 10;
/// Height below the plot for tick labels and the axis title.
pub(crate) const X_LABEL_AREA: i32 = 44;
/// Width left of the plot for tick labels and the axis title.
pub(crate) const Y_LABEL_AREA: i32 = 62;
/// Below this many pixels a side, a chart has no room for its plot: draw nothing.
pub(crate) const MIN_SIDE: u32 = 120;

pub(crate) fn too_small<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>) -> bool {
    let (w, h) = area.dim_in_pixel();
    w < MIN_SIDE || h < MIN_SIDE
}

pub(crate) fn label_font() -> TextStyle<'static> {
    (FONT, LABEL_SIZE).into_font().color(&TEXT)
}

pub(crate) fn title_font() -> TextStyle<'static> {
    (FONT, AXIS_TITLE_SIZE).into_font().color(&TEXT)
}
