//! The chart shared by the loss and gradient views: curves over epochs with a legend strip
//! above, and vertical markers at notable epochs (best, diverged).

use super::axis::{
    decade_range, decade_ticks, epoch_range, linear_range, nice_ticks, power_of_ten, runs,
    tick_decimals, to_decades, YScale,
};
use super::error::ViewError;
use super::layout::{label_font, title_font, MARGIN, X_LABEL_AREA, Y_LABEL_AREA};
use super::legend::{draw_legend, LegendEntry, Swatch};
use super::palette::{GRID, MARKER_LINE, TEXT};
use super::ticked::{TickedAxis, TickedChart};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::ops::Range;

const CURVE_WIDTH: u32 = 2;
/// Radius of the dot that stands in for a run of a single epoch (a line needs two).
const LONE_POINT_RADIUS: u32 = 3;
const X_TICKS: usize = 6;
const Y_TICKS: usize = 6;
/// Pixel gap between a marker line and its label, and between stacked labels.
const MARKER_LABEL_OFFSET: i32 = 5;
const MARKER_LABEL_STEP: i32 = 18;

/// Size of the triangle that marks a point with no place on the axis.
const OFF_SCALE_MARK: u32 = 4;

/// One series in chart coordinates (for a log axis, already log₁₀); `None` is a gap.
pub(crate) struct Curve {
    pub label: String,
    pub color: RGBColor,
    pub points: Vec<Option<(f64, f64)>>,
    /// Epochs whose value has no place on the axis (zero on a log axis, NaN or ∞): drawn
    /// as marks along the foot of the plot, so a gap never reads as "too small to see".
    pub off_scale: Vec<(f64, OffScale)>,
}

/// Why a point is off the axis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum OffScale {
    Zero,
    NotFinite,
}

impl Curve {
    /// `points` (epoch, value) placed on `axis`.
    pub(crate) fn on(
        axis: &ValueAxis,
        label: &str,
        color: RGBColor,
        points: &[(f64, f64)],
    ) -> Self {
        let mut off_scale = Vec::new();
        let placed = points
            .iter()
            .map(|&(e, v)| {
                let y = axis.place(v);
                if y.is_none() && e.is_finite() {
                    let why = if v.is_finite() {
                        OffScale::Zero
                    } else {
                        OffScale::NotFinite
                    };
                    off_scale.push((e, why));
                }
                y.map(|y| (e, y))
            })
            .collect();
        Curve {
            label: label.into(),
            color,
            points: placed,
            off_scale,
        }
    }
}

/// A horizontal reference line across the plot (e.g. the healthy update ratio).
pub(crate) struct Guide {
    /// In data units (not decades).
    pub value: f64,
    pub label: String,
}

pub(crate) struct ValueAxis {
    /// In chart coordinates (decades for a log axis).
    pub range: Range<f64>,
    pub scale: YScale,
    pub title: &'static str,
    pub guide: Option<Guide>,
}

impl ValueAxis {
    pub(crate) fn linear(values: impl IntoIterator<Item = f64>, title: &'static str) -> Self {
        ValueAxis {
            range: linear_range(values),
            scale: YScale::Linear,
            title,
            guide: None,
        }
    }

    /// Whole decades around the positive values. Zeros have no logarithm: they are left
    /// off the axis (and marked by the chart) rather than given a floor labelled 0.
    pub(crate) fn log(values: &[f64], title: &'static str) -> Self {
        ValueAxis {
            range: decade_range(values.iter().copied()),
            scale: YScale::Log,
            title,
            guide: None,
        }
    }

    /// The same axis with a reference line at `value`, widened to show it.
    pub(crate) fn with_guide(mut self, value: f64, label: String) -> Self {
        if let Some(y) = self.place_unclamped(value) {
            self.range.start = self.range.start.min(y.floor());
            self.range.end = self.range.end.max(y.ceil());
        }
        self.guide = Some(Guide { value, label });
        self
    }

    fn place_unclamped(&self, v: f64) -> Option<f64> {
        match self.scale {
            YScale::Log => (v > 0.0 && v.is_finite()).then(|| v.log10()),
            _ => v.is_finite().then_some(v),
        }
    }

    /// Height of `v` in chart coordinates, or none where it has no place on the axis.
    pub(crate) fn place(&self, v: f64) -> Option<f64> {
        match self.scale {
            YScale::Log => to_decades(v, &self.range),
            _ => v.is_finite().then_some(v),
        }
    }

    fn tick_label(&self, v: f64, decimals: usize) -> String {
        match self.scale {
            YScale::Log => power_of_ten(v),
            _ if v.abs() >= SCIENTIFIC_FROM => scientific(v),
            _ => format!("{v:.decimals$}"),
        }
    }
}

/// Linear-axis labels at or beyond this size are written as `2.5e21`: a diverging loss
/// reaches 1e300, whose digits would not fit beside the chart.
const SCIENTIFIC_FROM: f64 = 1e5;

/// `v` with two significant digits and an exponent: `1.5e268`, `2e6`.
fn scientific(v: f64) -> String {
    format!("{v:.1e}").replace(".0e", "e")
}

/// A vertical line across the plot at an epoch, with a label at its top.
pub(crate) struct EpochMarker {
    pub epoch: f64,
    pub label: String,
    pub color: RGBColor,
    pub width: u32,
}

pub(crate) fn draw_curves<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    curves: &[Curve],
    axis: &ValueAxis,
    markers: &[EpochMarker],
) -> Result<(), ViewError> {
    let entries: Vec<LegendEntry> = curves
        .iter()
        .map(|c| LegendEntry {
            label: c.label.clone(),
            color: c.color,
            swatch: Swatch::Line,
        })
        .collect();
    let plot = draw_legend(area, &entries, Y_LABEL_AREA)?;
    let last_epoch = curves
        .iter()
        .flat_map(|c| c.points.iter().flatten().map(|p| p.0))
        .chain(markers.iter().map(|m| m.epoch))
        .fold(0.0, f64::max);
    let x_range = epoch_range(last_epoch);
    let mut chart = epoch_chart(&plot, x_range.clone(), axis)?;
    for curve in curves {
        draw_curve(&mut chart, curve)?;
    }
    if let Some(guide) = &axis.guide {
        draw_guide(&mut chart, guide, axis, &x_range)?;
    }
    draw_off_scale(&mut chart, curves, axis, &x_range)?;
    let mid_epoch = (x_range.start + x_range.end) / 2.0;
    for (row, marker) in markers.iter().enumerate() {
        draw_marker(&mut chart, marker, &axis.range, mid_epoch, row as i32)?;
    }
    Ok(())
}

/// A dashed-looking thin line with its label at the right end, above the line.
fn draw_guide<DB: DrawingBackend>(
    chart: &mut TickedChart<DB>,
    guide: &Guide,
    axis: &ValueAxis,
    x: &Range<f64>,
) -> Result<(), ViewError> {
    let Some(y) = axis.place(guide.value) else {
        return Ok(());
    };
    let line = vec![(x.start, y), (x.end, y)];
    chart.draw_series(std::iter::once(PathElement::new(
        line,
        MARKER_LINE.stroke_width(1),
    )))?;
    let font = label_font()
        .color(&MARKER_LINE)
        .pos(Pos::new(HPos::Right, VPos::Bottom));
    let label = EmptyElement::at((x.end, y)) + Text::new(guide.label.clone(), (-4, -3), font);
    chart.draw_series(std::iter::once(label))?;
    Ok(())
}

/// Marks at the foot of the plot for points with no place on the axis, and one label
/// saying what they stand for.
fn draw_off_scale<DB: DrawingBackend>(
    chart: &mut TickedChart<DB>,
    curves: &[Curve],
    axis: &ValueAxis,
    x: &Range<f64>,
) -> Result<(), ViewError> {
    let foot = axis.range.start;
    for curve in curves {
        let marks = curve
            .off_scale
            .iter()
            .map(|&(e, _)| TriangleMarker::new((e, foot), OFF_SCALE_MARK, curve.color.filled()));
        chart.draw_series(marks)?;
    }
    let all = || curves.iter().flat_map(|c| &c.off_scale);
    let zero = all().any(|p| p.1 == OffScale::Zero);
    let not_finite = all().any(|p| p.1 == OffScale::NotFinite);
    let what = match (zero, not_finite) {
        (false, false) => return Ok(()),
        (true, false) => "exactly 0",
        (false, true) => "NaN or infinite",
        (true, true) => "exactly 0, NaN or infinite",
    };
    let font = label_font()
        .color(&TEXT)
        .pos(Pos::new(HPos::Left, VPos::Bottom));
    let text = format!("▲ {what}: off the scale");
    let label =
        EmptyElement::at((x.start, foot)) + Text::new(text, (OFF_SCALE_MARK as i32 * 2, -4), font);
    chart.draw_series(std::iter::once(label))?;
    Ok(())
}

/// Epochs across, `axis` up, with a light grid at the labelled ticks.
fn epoch_chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    epochs: Range<f64>,
    axis: &ValueAxis,
) -> Result<TickedChart<'a, DB>, ViewError> {
    let x_ticks = nice_ticks(&epochs, X_TICKS, 1.0);
    let y_ticks = match axis.scale {
        YScale::Log => decade_ticks(&axis.range),
        _ => nice_ticks(&axis.range, Y_TICKS, 0.0),
    };
    let decimals = tick_decimals(&y_ticks);
    let mut chart = ChartBuilder::on(area)
        .margin_top(MARGIN)
        .margin_right(2 * MARGIN)
        .x_label_area_size(X_LABEL_AREA)
        .y_label_area_size(Y_LABEL_AREA)
        .build_cartesian_2d(
            TickedAxis::new(epochs, x_ticks),
            TickedAxis::new(axis.range.clone(), y_ticks),
        )?;
    chart
        .configure_mesh()
        .bold_line_style(GRID)
        .axis_style(MARKER_LINE)
        .label_style(label_font())
        .axis_desc_style(title_font())
        .x_desc("epoch")
        .y_desc(axis.title)
        .x_label_formatter(&|v| format!("{v:.0}"))
        .y_label_formatter(&|v| axis.tick_label(*v, decimals))
        .draw()?;
    Ok(chart)
}

fn draw_curve<DB: DrawingBackend>(
    chart: &mut TickedChart<DB>,
    curve: &Curve,
) -> Result<(), ViewError> {
    let style = curve.color.stroke_width(CURVE_WIDTH);
    for run in runs(curve.points.iter().copied()) {
        if let [lone] = run[..] {
            chart.draw_series(std::iter::once(Circle::new(
                lone,
                LONE_POINT_RADIUS,
                curve.color.filled(),
            )))?;
        } else {
            chart.draw_series(std::iter::once(PathElement::new(run, style)))?;
        }
    }
    Ok(())
}

/// Labels in the right half of the plot hang to the left of their line, so they stay in.
fn draw_marker<DB: DrawingBackend>(
    chart: &mut TickedChart<DB>,
    marker: &EpochMarker,
    y: &Range<f64>,
    mid_epoch: f64,
    row: i32,
) -> Result<(), ViewError> {
    let line = vec![(marker.epoch, y.start), (marker.epoch, y.end)];
    let style = marker.color.stroke_width(marker.width);
    chart.draw_series(std::iter::once(PathElement::new(line, style)))?;
    let (h_pos, dx) = if marker.epoch > mid_epoch {
        (HPos::Right, -MARKER_LABEL_OFFSET)
    } else {
        (HPos::Left, MARKER_LABEL_OFFSET)
    };
    let font = label_font()
        .color(&marker.color)
        .pos(Pos::new(h_pos, VPos::Top));
    let dy = MARKER_LABEL_OFFSET + row * MARKER_LABEL_STEP;
    let label =
        EmptyElement::at((marker.epoch, y.end)) + Text::new(marker.label.clone(), (dx, dy), font);
    chart.draw_series(std::iter::once(label))?;
    Ok(())
}
