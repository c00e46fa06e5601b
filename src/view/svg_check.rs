//! Reading back the SVG a view wrote, to check its structure in tests.

use super::error::ViewError;
use super::svg::render_svg;
use plotters::backend::SVGBackend;
use plotters::coord::Shift;
use plotters::prelude::*;

pub(crate) const SIZE: (u32, u32) = (480, 360);

pub(crate) fn render(
    size: (u32, u32),
    draw: impl FnOnce(&DrawingArea<SVGBackend, Shift>) -> Result<(), ViewError>,
) -> String {
    let svg = render_svg(size, draw).expect("the view draws");
    assert_in_bounds(&svg, size);
    svg
}

pub(crate) fn count(svg: &str, needle: &str) -> usize {
    svg.matches(needle).count()
}

/// Whether a `<text>` element reads exactly `text`.
pub(crate) fn has_text(svg: &str, text: &str) -> bool {
    svg.contains(&format!(">\n{text}\n</text>"))
}

/// How many `<text>` elements read exactly `text`.
pub(crate) fn count_text(svg: &str, text: &str) -> usize {
    count(svg, &format!(">\n{text}\n</text>"))
}

pub(crate) fn hex(c: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

fn elements<'a>(svg: &'a str, tag: &'a str) -> impl Iterator<Item = &'a str> {
    svg.split('<').filter(move |e| e.starts_with(tag))
}

/// Elements of `tag` filled with `color`.
pub(crate) fn filled(svg: &str, tag: &str, color: RGBColor) -> usize {
    let fill = format!("fill=\"{}\"", hex(color));
    elements(svg, tag).filter(|e| e.contains(&fill)).count()
}

/// Elements of `tag` stroked with `color`.
pub(crate) fn stroked(svg: &str, tag: &str, color: RGBColor) -> usize {
    let stroke = format!("stroke=\"{}\"", hex(color));
    elements(svg, tag).filter(|e| e.contains(&stroke)).count()
}

/// Number of points of each polyline stroked with `color`.
pub(crate) fn polyline_lengths(svg: &str, color: RGBColor) -> Vec<usize> {
    let stroke = format!("stroke=\"{}\"", hex(color));
    elements(svg, "polyline")
        .filter(|e| e.contains(&stroke))
        .filter_map(|e| e.split("points=\"").nth(1)?.split('"').next())
        .map(|points| points.split_whitespace().count())
        .collect()
}

/// The numeric value of each `name="..."` attribute.
pub(crate) fn attribute(svg: &str, name: &str) -> Vec<f64> {
    let key = format!(" {name}=\"");
    svg.match_indices(&key)
        .filter_map(|(i, _)| {
            let rest = &svg[i + key.len()..];
            rest[..rest.find('"')?].parse().ok()
        })
        .collect()
}

/// Every coordinate the SVG draws at lies on the canvas.
pub(crate) fn assert_in_bounds(svg: &str, (w, h): (u32, u32)) {
    let (w, h) = (f64::from(w), f64::from(h));
    let inside = |v: f64, max: f64| (0.0..=max).contains(&v);
    for name in ["x", "x1", "x2", "cx"] {
        let off: Vec<f64> = attribute(svg, name)
            .into_iter()
            .filter(|&v| !inside(v, w))
            .collect();
        assert!(off.is_empty(), "{name} off the canvas: {off:?}");
    }
    for name in ["y", "y1", "y2", "cy"] {
        let off: Vec<f64> = attribute(svg, name)
            .into_iter()
            .filter(|&v| !inside(v, h))
            .collect();
        assert!(off.is_empty(), "{name} off the canvas: {off:?}");
    }
    for points in svg.split("points=\"").skip(1) {
        for pair in points[..points.find('"').unwrap()].split_whitespace() {
            let (x, y) = pair.split_once(',').unwrap();
            let (x, y): (f64, f64) = (x.parse().unwrap(), y.parse().unwrap());
            assert!(inside(x, w) && inside(y, h), "point {x},{y} off the canvas");
        }
    }
}

/// (epoch, f(epoch)) for epochs 1..=n.
pub(crate) fn epochs_of(n: usize, f: impl Fn(f64) -> f64) -> Vec<(f64, f64)> {
    (1..=n).map(|e| (e as f64, f(e as f64))).collect()
}
