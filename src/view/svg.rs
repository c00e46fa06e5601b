//! Rendering a view to an SVG string: the native path (CLI exports, tests).

use super::error::ViewError;
use plotters::backend::SVGBackend;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Runs `draw` on a `size`-pixel SVG canvas and returns the document. Text is written as
/// `<text>` elements, so the viewer's fonts render it and no font file is needed here.
pub fn render_svg(
    size: (u32, u32),
    draw: impl FnOnce(&DrawingArea<SVGBackend, Shift>) -> Result<(), ViewError>,
) -> Result<String, ViewError> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        draw(&root)?;
        root.present()?;
    }
    Ok(svg)
}
