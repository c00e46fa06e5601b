//! Per-layer unit health: how many units are saturated or dead, as bars per layer.
//!
//! A saturated sigmoid or tanh unit sits on a flat tail where its slope is near zero, and
//! a dead ReLU unit outputs zero for every input: either way no gradient flows through it,
//! so a layer full of them has stopped learning whatever the optimiser does.

use super::axis::nice_ticks;
use super::error::ViewError;
use super::layout::{label_font, title_font, too_small, MARGIN, X_LABEL_AREA, Y_LABEL_AREA};
use super::legend::{draw_legend, LegendEntry, Swatch};
use super::palette::{BACKGROUND, DEAD, GRID, MARKER_LINE, SATURATED};
use super::ticked::{TickedAxis, TickedChart};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Room above a full bar for its value label.
const HEADROOM: f64 = 0.12;
/// Half the width of a layer's slot given to each of its two bars, in layer units.
const BAR_WIDTH: f64 = 0.36;
const BAR_GAP: f64 = 0.03;
/// Beyond this many layers the bars are too narrow to carry value labels.
const MAX_LABELLED_LAYERS: usize = 8;
const MAX_LAYER_TICKS: usize = 12;

/// Fractions in [0, 1] for one hidden layer; `None` where the measure does not apply to
/// the layer's activation (saturation to sigmoid and tanh, death to ReLU), so no empty
/// "0%" slot suggests a measured health.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct UnitHealth {
    /// Share of (unit, example) pairs whose sigmoid/tanh input is on a flat tail.
    pub saturated: Option<f64>,
    /// Share of ReLU units that output zero on every training input.
    pub dead: Option<f64>,
}

/// The hidden layers only: a confident sigmoid output sits on its flat tail by design,
/// which is success, not a failure to flag.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UnitHealthView {
    /// Input side first.
    pub layers: Vec<UnitHealth>,
}

/// Draws each hidden layer's applicable bars into `area`, filling it first.
pub fn draw_unit_health<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &UnitHealthView,
) -> Result<(), ViewError> {
    area.fill(&BACKGROUND)?;
    if too_small(area) {
        return Ok(());
    }
    let any_saturation = data.layers.iter().any(|l| l.saturated.is_some());
    let any_death = data.layers.iter().any(|l| l.dead.is_some());
    let mut entries = Vec::new();
    if any_saturation {
        entries.push(entry("saturated (flat sigmoid/tanh)", SATURATED));
    }
    if any_death {
        entries.push(entry("dead (ReLU never fires)", DEAD));
    }
    let plot = draw_legend(area, &entries, Y_LABEL_AREA)?;
    let mut chart = layer_chart(&plot, data.layers.len())?;
    let empty = match (data.layers.is_empty(), any_saturation || any_death) {
        (true, _) => Some("no hidden layer"),
        (false, false) => Some("these units neither saturate nor die: nothing to measure"),
        _ => None,
    };
    if let Some(what) = empty {
        let font = label_font().pos(Pos::new(HPos::Center, VPos::Center));
        let middle = (data.layers.len().max(1) as f64 + 1.0) / 2.0;
        let text = Text::new(what, (0, 0), font);
        chart.draw_series(std::iter::once(EmptyElement::at((middle, 0.5)) + text))?;
        return Ok(());
    }
    let labelled = data.layers.len() <= MAX_LABELLED_LAYERS;
    for (i, layer) in data.layers.iter().enumerate() {
        let centre = (i + 1) as f64;
        let bars: Vec<(f64, RGBColor)> = [(layer.saturated, SATURATED), (layer.dead, DEAD)]
            .into_iter()
            .filter_map(|(share, color)| Some((share?, color)))
            .collect();
        // One bar sits centred in its slot; two sit side by side.
        let spans = match bars.len() {
            1 => vec![centre - BAR_WIDTH / 2.0..centre + BAR_WIDTH / 2.0],
            _ => vec![
                centre - BAR_WIDTH - BAR_GAP / 2.0..centre - BAR_GAP / 2.0,
                centre + BAR_GAP / 2.0..centre + BAR_WIDTH + BAR_GAP / 2.0,
            ],
        };
        for ((share, color), span) in bars.into_iter().zip(spans) {
            draw_bar(&mut chart, span, share, color, labelled)?;
        }
    }
    Ok(())
}

/// Layers 1..=count across, share of units (0–100%) up.
fn layer_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    count: usize,
) -> Result<TickedChart<'_, DB>, ViewError> {
    let count = count.max(1) as f64;
    let x_ticks = nice_ticks(&(1.0..count), MAX_LAYER_TICKS, 1.0);
    let y_ticks = nice_ticks(&(0.0..1.0), 4, 0.0);
    let mut chart = ChartBuilder::on(area)
        .margin_top(MARGIN)
        .margin_right(2 * MARGIN)
        .x_label_area_size(X_LABEL_AREA)
        .y_label_area_size(Y_LABEL_AREA)
        .build_cartesian_2d(
            TickedAxis::new(0.5..count + 0.5, x_ticks),
            TickedAxis::new(0.0..1.0 + HEADROOM, y_ticks),
        )?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .bold_line_style(GRID)
        .axis_style(MARKER_LINE)
        .label_style(label_font())
        .axis_desc_style(title_font())
        .x_desc("hidden layer (input side first)")
        .y_desc("share of units")
        .x_label_formatter(&|v| format!("{v:.0}"))
        .y_label_formatter(&|v| format!("{:.0}%", v * 100.0))
        .draw()?;
    Ok(chart)
}

fn entry(label: &str, color: RGBColor) -> LegendEntry {
    LegendEntry {
        label: label.into(),
        color,
        swatch: Swatch::Block,
    }
}

/// One bar over `span` up to `share` (clamped to [0, 1]; NaN draws nothing), with its
/// percentage above when `labelled`.
fn draw_bar<DB: DrawingBackend>(
    chart: &mut TickedChart<DB>,
    span: std::ops::Range<f64>,
    share: f64,
    color: RGBColor,
    labelled: bool,
) -> Result<(), ViewError> {
    if share.is_nan() {
        return Ok(());
    }
    let share = share.clamp(0.0, 1.0);
    let bar = Rectangle::new([(span.start, 0.0), (span.end, share)], color.filled());
    chart.draw_series(std::iter::once(bar))?;
    if labelled {
        let font = label_font().pos(Pos::new(HPos::Center, VPos::Bottom));
        let centre = (span.start + span.end) / 2.0;
        let text = Text::new(format!("{:.0}%", share * 100.0), (0, -3), font);
        chart.draw_series(std::iter::once(EmptyElement::at((centre, share)) + text))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::svg_check::*;

    #[test]
    fn bars_only_where_the_measure_applies() {
        let view = UnitHealthView {
            layers: vec![
                UnitHealth {
                    saturated: Some(0.9),
                    dead: None,
                },
                UnitHealth {
                    saturated: None,
                    dead: Some(0.25),
                },
                UnitHealth {
                    saturated: Some(f64::NAN),
                    dead: Some(3.0),
                },
            ],
        };
        let svg = render(SIZE, |a| draw_unit_health(a, &view));
        // A legend swatch each, plus one bar per applicable measure (NaN draws none).
        assert_eq!(filled(&svg, "rect", SATURATED), 1 + 1);
        assert_eq!(filled(&svg, "rect", DEAD), 1 + 2);
        assert!(has_text(&svg, "90%") && has_text(&svg, "100%") && has_text(&svg, "25%"));
        assert!(has_text(&svg, "hidden layer (input side first)"));
    }

    #[test]
    fn a_tanh_network_shows_no_dead_legend() {
        let view = UnitHealthView {
            layers: vec![
                UnitHealth {
                    saturated: Some(0.1),
                    dead: None,
                };
                2
            ],
        };
        let svg = render(SIZE, |a| draw_unit_health(a, &view));
        assert!(!has_text(&svg, "dead (ReLU never fires)"));
        assert_eq!(filled(&svg, "rect", DEAD), 0);
    }

    #[test]
    fn no_layers_or_no_measures_say_so() {
        let svg = render(SIZE, |a| draw_unit_health(a, &UnitHealthView::default()));
        assert!(has_text(&svg, "no hidden layer"));
        let elu = UnitHealthView {
            layers: vec![UnitHealth::default(); 3],
        };
        let svg = render(SIZE, |a| draw_unit_health(a, &elu));
        assert!(has_text(
            &svg,
            "these units neither saturate nor die: nothing to measure"
        ));
    }
}
