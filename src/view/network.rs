//! The network as a diagram: units as circles in columns, one link per weight, coloured by
//! sign and drawn wider and more opaque the larger its magnitude.
//!
//! A zero-initialised network shows as identical links, a dead layer as a column whose
//! outgoing links have faded, an exploding one as a few links drowning out the rest.

use super::error::ViewError;
use super::layout::{label_font, too_small, MARGIN};
use super::legend::{draw_legend, LegendEntry, Swatch};
use super::palette::{BACKGROUND, CLASS_COLORS, MARKER_LINE};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

const MAX_LINK_WIDTH: f64 = 4.0;
/// Opacity of the weakest link, so every weight is at least faintly there.
const MIN_LINK_OPACITY: f64 = 0.15;
const MAX_UNIT_RADIUS: i32 = 10;
const MIN_UNIT_RADIUS: i32 = 2;
/// Height under the columns for their names.
const NAME_AREA: i32 = 24;
/// Column spacing in pixels below which names are abbreviated ("hidden 8" needs about 80).
const WIDE_COLUMN: i32 = 84;
const POSITIVE: RGBColor = CLASS_COLORS[0];
const NEGATIVE: RGBColor = CLASS_COLORS[1];

#[derive(Clone, Debug, Default, PartialEq)]
pub struct NetworkView {
    /// Units per layer, input first: inputs, hidden layers, output.
    pub layer_sizes: Vec<usize>,
    /// Per weight layer l: `layer_sizes[l + 1] × layer_sizes[l]` weights, row-major (row j
    /// holds unit j's incoming weights).
    pub weights: Vec<Vec<f64>>,
}

impl NetworkView {
    fn check(&self) -> Result<(), ViewError> {
        let links = self.layer_sizes.len().saturating_sub(1);
        if self.weights.len() != links {
            return Err(data_error(format!(
                "must hold one matrix per pair of layers ({links}), got {}",
                self.weights.len()
            )));
        }
        for (l, w) in self.weights.iter().enumerate() {
            let expected = self.layer_sizes[l] * self.layer_sizes[l + 1];
            if w.len() != expected {
                return Err(data_error(format!(
                    "[{l}] must hold {expected} weights, got {}",
                    w.len()
                )));
            }
        }
        Ok(())
    }
}

fn data_error(message: String) -> ViewError {
    ViewError::Data {
        field: "network.weights",
        message,
    }
}

/// Draws the network diagram into `area`, filling it first.
pub fn draw_network<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &NetworkView,
) -> Result<(), ViewError> {
    data.check()?;
    area.fill(&BACKGROUND)?;
    if too_small(area) || data.layer_sizes.is_empty() {
        return Ok(());
    }
    let entries = [
        entry("positive weight", POSITIVE),
        entry("negative weight", NEGATIVE),
    ];
    let body = draw_legend(area, &entries, MARGIN)?;
    let (w, h) = body.dim_in_pixel();
    let layout = Layout::new(&data.layer_sizes, w as i32, h as i32 - NAME_AREA);
    draw_links(&body, data, &layout)?;
    draw_units(&body, data, &layout)
}

fn entry(label: &str, color: RGBColor) -> LegendEntry {
    LegendEntry {
        label: label.into(),
        color,
        swatch: Swatch::Line,
    }
}

/// "input", "hidden 3", "output"; "in", "h3", "out" when columns are too close for that.
fn column_name(l: usize, last: usize, short: bool) -> String {
    match (l, short) {
        (0, false) => "input".into(),
        (0, true) => "in".into(),
        (l, false) if l == last => "output".into(),
        (l, true) if l == last => "out".into(),
        (l, false) => format!("hidden {l}"),
        (l, true) => format!("h{l}"),
    }
}

/// Unit centres in pixels: columns spread across the width, each column centred.
struct Layout {
    columns: Vec<Vec<(i32, i32)>>,
    column_gap: i32,
    radius: i32,
}

impl Layout {
    fn new(sizes: &[usize], width: i32, height: i32) -> Self {
        let pad = MAX_UNIT_RADIUS + 2 * MARGIN;
        let tallest = sizes.iter().copied().max().unwrap_or(1).max(1) as i32;
        let row_gap = (height - 2 * pad).max(1) / tallest;
        let col_gap = (width - 2 * pad).max(1) / (sizes.len() as i32 - 1).max(1);
        let radius = (row_gap / 3)
            .min(col_gap / 6)
            .clamp(MIN_UNIT_RADIUS, MAX_UNIT_RADIUS);
        let columns = sizes
            .iter()
            .enumerate()
            .map(|(l, &n)| {
                let x = if sizes.len() == 1 {
                    width / 2
                } else {
                    pad + l as i32 * col_gap
                };
                let top = height / 2 - (n as i32 - 1) * row_gap / 2;
                (0..n as i32).map(|j| (x, top + j * row_gap)).collect()
            })
            .collect();
        Layout {
            columns,
            column_gap: col_gap,
            radius,
        }
    }
}

/// One weight, from a unit's centre to the centre of the unit it feeds.
struct Link {
    weight: f64,
    from: (i32, i32),
    to: (i32, i32),
}

/// The finite weights as links between unit centres.
fn links(data: &NetworkView, layout: &Layout) -> Vec<Link> {
    let mut links = Vec::new();
    for (l, weights) in data.weights.iter().enumerate() {
        let fan_in = data.layer_sizes[l];
        for (k, &weight) in weights.iter().enumerate().filter(|(_, w)| w.is_finite()) {
            links.push(Link {
                weight,
                from: layout.columns[l][k % fan_in],
                to: layout.columns[l + 1][k / fan_in],
            });
        }
    }
    links
}

/// Weakest links first, so strong ones are drawn on top.
fn draw_links<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &NetworkView,
    layout: &Layout,
) -> Result<(), ViewError> {
    let mut links = links(data, layout);
    let largest = links.iter().fold(0.0_f64, |m, l| m.max(l.weight.abs()));
    links.sort_by(|a, b| a.weight.abs().total_cmp(&b.weight.abs()));
    for link in links {
        let w = link.weight;
        let strength = if largest > 0.0 {
            w.abs() / largest
        } else {
            0.0
        };
        let color = if w >= 0.0 { POSITIVE } else { NEGATIVE };
        let opacity = MIN_LINK_OPACITY + (1.0 - MIN_LINK_OPACITY) * strength;
        let width = (1.0 + (MAX_LINK_WIDTH - 1.0) * strength).round() as u32;
        let style = color.mix(opacity).stroke_width(width);
        area.draw(&PathElement::new(vec![link.from, link.to], style))?;
    }
    Ok(())
}

fn draw_units<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &NetworkView,
    layout: &Layout,
) -> Result<(), ViewError> {
    let last = data.layer_sizes.len() - 1;
    let font = label_font().pos(Pos::new(HPos::Center, VPos::Top));
    let name_y = area.dim_in_pixel().1 as i32 - NAME_AREA + MARGIN / 2;
    for (l, column) in layout.columns.iter().enumerate() {
        for &centre in column {
            area.draw(&Circle::new(centre, layout.radius, BACKGROUND.filled()))?;
            area.draw(&Circle::new(
                centre,
                layout.radius,
                MARKER_LINE.stroke_width(1),
            ))?;
        }
        let name = column_name(l, last, layout.column_gap < WIDE_COLUMN);
        let x = column.first().map_or(0, |c| c.0);
        area.draw(&Text::new(name, (x, name_y), font.clone()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::svg::render_svg;
    use crate::view::svg_check::*;

    #[test]
    fn a_link_per_finite_weight_and_a_circle_pair_per_unit() {
        let view = NetworkView {
            layer_sizes: vec![2, 3, 1],
            weights: vec![
                vec![0.5, -1.0, 2.0, 0.0, -0.1, 1.0],
                vec![1.0, f64::NAN, -3.0],
            ],
        };
        let svg = render(SIZE, |a| draw_network(a, &view));
        assert_eq!(count(&svg, "<polyline"), 6 + 2);
        assert_eq!(count(&svg, "<circle"), 2 * 6);
        for name in ["input", "hidden 1", "output"] {
            assert!(has_text(&svg, name), "no column named {name}");
        }
    }

    #[test]
    fn crowded_columns_get_short_names() {
        let sizes = vec![2, 8, 8, 8, 8, 8, 8, 8, 8, 1];
        let weights = sizes.windows(2).map(|p| vec![0.1; p[0] * p[1]]).collect();
        let view = NetworkView {
            layer_sizes: sizes,
            weights,
        };
        let svg = render(SIZE, |a| draw_network(a, &view));
        assert!(has_text(&svg, "in") && has_text(&svg, "h8") && has_text(&svg, "out"));
    }

    #[test]
    fn empty_or_mismatched_networks_do_not_panic() {
        render(SIZE, |a| draw_network(a, &NetworkView::default()));
        let bad = NetworkView {
            layer_sizes: vec![2, 2],
            weights: vec![vec![1.0; 3]],
        };
        let err = render_svg(SIZE, |a| draw_network(a, &bad)).unwrap_err();
        assert!(
            err.to_string().contains("must hold 4 weights, got 3"),
            "{err}"
        );
    }
}
