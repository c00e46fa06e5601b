//! The decision boundary: the model's class-1 score over the input domain as a heatmap,
//! with the data on top and the points the model gets wrong ringed.
//!
//! The plot is square, so a circle in the data looks like a circle. Its pixel rectangle is
//! a pure function of the area's size ([`decision_plot_rect`]), so the page can paint the
//! heatmap there first with one `putImageData`/`drawImage` and then let this view draw
//! axes and points over it.

use super::axis::nice_ticks;
use super::error::ViewError;
use super::grid::ScoreGrid;
use super::heatmap::heatmap_cells;
use super::layout::{label_font, title_font, MARGIN, MIN_SIDE, X_LABEL_AREA, Y_LABEL_AREA};
use super::marks::{draw_points, PointMark};
use super::palette::{BACKGROUND, MARKER_LINE};
use super::ticked::{TickedAxis, TickedChart};
use crate::data::DOMAIN;
use plotters::coord::Shift;
use plotters::prelude::*;

const DOMAIN_TICKS: usize = 4;

/// A rectangle in pixels, relative to the drawing area's top-left corner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PixelRect {
    pub x: i32,
    pub y: i32,
    pub width: u32,
    pub height: u32,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DecisionView<'a> {
    pub grid: ScoreGrid<'a>,
    pub train: &'a [PointMark],
    pub test: &'a [PointMark],
}

/// Who paints the heatmap.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum HeatmapMode {
    /// The view, as one rectangle per run of equal colour: for SVG (CLI, tests).
    #[default]
    Cells,
    /// The caller, already, into [`decision_plot_rect`] (the page: clear the canvas, put
    /// `heatmap_rgba` into an `ImageData` of the grid's size and draw it scaled into the
    /// rectangle in one call). The view then fills no background, so it does not cover it.
    Painted,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DecisionOptions {
    pub heatmap: HeatmapMode,
    /// Draw the held-out points (as triangles) as well as the training points (circles).
    pub show_test: bool,
    /// Ring the points the model misclassifies.
    pub mark_misclassified: bool,
}

impl Default for DecisionOptions {
    fn default() -> Self {
        DecisionOptions {
            heatmap: HeatmapMode::Cells,
            show_test: true,
            mark_misclassified: true,
        }
    }
}

/// Where the square plot (the domain [−DOMAIN, DOMAIN]²) lies in an area of `size` pixels,
/// centred in the room the axis labels leave; none when the area is too small to draw in.
pub fn decision_plot_rect(size: (u32, u32)) -> Option<PixelRect> {
    if size.0 < MIN_SIDE || size.1 < MIN_SIDE {
        return None;
    }
    let room_w = size.0 as i32 - Y_LABEL_AREA - 2 * MARGIN;
    let room_h = size.1 as i32 - X_LABEL_AREA - 2 * MARGIN;
    let side = room_w.min(room_h);
    (side > 0).then(|| PixelRect {
        x: Y_LABEL_AREA + MARGIN + (room_w - side) / 2,
        y: MARGIN + (room_h - side) / 2,
        width: side as u32,
        height: side as u32,
    })
}

/// Draws the decision boundary into `area`.
pub fn draw_decision<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &DecisionView,
    options: &DecisionOptions,
) -> Result<(), ViewError> {
    data.grid.check()?;
    if options.heatmap == HeatmapMode::Cells {
        area.fill(&BACKGROUND)?;
    }
    let Some(rect) = decision_plot_rect(area.dim_in_pixel()) else {
        return Ok(());
    };
    let chart_area = around_plot(area, rect);
    let mut chart = domain_chart(&chart_area)?;
    if options.heatmap == HeatmapMode::Cells {
        chart.draw_series(heatmap_cells(&data.grid))?;
    }
    let frame = [(-DOMAIN, DOMAIN), (DOMAIN, -DOMAIN)];
    chart.draw_series(std::iter::once(Rectangle::new(frame, MARKER_LINE)))?;
    let test = if options.show_test { data.test } else { &[] };
    draw_points(&mut chart, data.train, test, options.mark_misclassified)
}

/// The part of `area` that, less the label areas, is exactly `rect`.
fn around_plot<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    rect: PixelRect,
) -> DrawingArea<DB, Shift> {
    let (w, h) = area.dim_in_pixel();
    area.margin(
        rect.y,
        h as i32 - (rect.y + rect.height as i32 + X_LABEL_AREA),
        rect.x - Y_LABEL_AREA,
        w as i32 - (rect.x + rect.width as i32),
    )
}

/// Axes over the domain, without grid lines: they would cut through the heatmap.
fn domain_chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
) -> Result<TickedChart<'a, DB>, ViewError> {
    let ticks = nice_ticks(&(-DOMAIN..DOMAIN), DOMAIN_TICKS, 0.0);
    let mut chart = ChartBuilder::on(area)
        .x_label_area_size(X_LABEL_AREA)
        .y_label_area_size(Y_LABEL_AREA)
        .build_cartesian_2d(
            TickedAxis::new(-DOMAIN..DOMAIN, ticks.clone()),
            TickedAxis::new(-DOMAIN..DOMAIN, ticks),
        )?;
    chart
        .configure_mesh()
        .disable_mesh()
        .axis_style(MARKER_LINE)
        .label_style(label_font())
        .axis_desc_style(title_font())
        .x_desc("x₁")
        .y_desc("x₂")
        .x_label_formatter(&|v| format!("{v:.0}"))
        .y_label_formatter(&|v| format!("{v:.0}"))
        .draw()?;
    Ok(chart)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::palette::{CLASS_COLORS, MISTAKE};
    use crate::view::svg::render_svg;
    use crate::view::svg_check::*;

    const SQUARE: (u32, u32) = (420, 420);
    const SIDE: usize = 100;

    /// Class 1 inside a circle of radius 3, with a soft edge.
    fn ring_grid() -> Vec<f32> {
        let cell = 2.0 * DOMAIN / SIDE as f64;
        (0..SIDE * SIDE)
            .map(|i| {
                let x = -DOMAIN + (i % SIDE) as f64 * cell;
                let y = DOMAIN - (i / SIDE) as f64 * cell;
                (1.0 / (1.0 + ((x * x + y * y).sqrt() - 3.0).exp())) as f32
            })
            .collect()
    }

    fn mark(x: f64, y: f64, label: u8, misclassified: bool) -> PointMark {
        PointMark {
            position: [x, y],
            label,
            misclassified,
        }
    }

    #[test]
    fn heatmap_points_test_markers_and_rings_are_all_there() {
        let scores = ring_grid();
        let train = [
            mark(0.0, 0.0, 1, false),
            mark(5.0, 5.0, 0, false),
            mark(4.0, 0.0, 1, true),
        ];
        let test = [mark(-5.0, 0.0, 0, false), mark(1.0, 1.0, 0, true)];
        let view = DecisionView {
            grid: ScoreGrid::new(SIDE, SIDE, &scores).unwrap(),
            train: &train,
            test: &test,
        };
        let svg = render(SQUARE, |a| {
            draw_decision(a, &view, &DecisionOptions::default())
        });
        let [blue, orange] = CLASS_COLORS;
        assert_eq!(
            filled(&svg, "circle", blue) + filled(&svg, "circle", orange),
            3
        );
        assert_eq!(
            filled(&svg, "polygon", blue) + filled(&svg, "polygon", orange),
            2
        );
        assert_eq!(stroked(&svg, "circle", MISTAKE), 2, "one ring per mistake");
        assert!(has_text(&svg, "x₁") && has_text(&svg, "x₂"));
        let cells = filled_rects_inside(&svg, decision_plot_rect(SQUARE).unwrap());
        assert!(cells > SIDE && cells < SIDE * SIDE / 2, "{cells} cells");
    }

    /// Counts the filled rectangles after the background, asserting each lies on the plot.
    fn filled_rects_inside(svg: &str, rect: PixelRect) -> usize {
        let (x0, y0) = (f64::from(rect.x), f64::from(rect.y));
        let (x1, y1) = (x0 + f64::from(rect.width), y0 + f64::from(rect.height));
        let cells: Vec<&str> = svg
            .split('<')
            .filter(|e| e.starts_with("rect") && e.contains("stroke=\"none\""))
            .skip(1)
            .collect();
        for cell in &cells {
            let (x, y) = (attribute(cell, "x")[0], attribute(cell, "y")[0]);
            assert!(
                (x0..x1).contains(&x) && (y0..y1).contains(&y),
                "cell at {x},{y}"
            );
        }
        cells.len()
    }

    #[test]
    fn plot_rect_is_where_the_domain_is_drawn() {
        for size in [SQUARE, SIZE, (300, 640)] {
            let view = DecisionView {
                grid: ScoreGrid::empty(),
                train: &[],
                test: &[],
            };
            let svg = render(size, |a| {
                draw_decision(a, &view, &DecisionOptions::default())
            });
            let rect = decision_plot_rect(size).unwrap();
            assert_eq!(rect.width, rect.height, "the plot is square");
            // The frame is stroked along the plot's outermost pixels.
            let (w, h) = (rect.width - 1, rect.height - 1);
            let frame = format!(
                "<rect x=\"{}\" y=\"{}\" width=\"{w}\" height=\"{h}\"",
                rect.x, rect.y
            );
            assert!(svg.contains(&frame), "{size:?}: no frame at {rect:?}");
        }
        assert_eq!(decision_plot_rect((40, 40)), None);
    }

    #[test]
    fn a_painted_heatmap_is_left_alone() {
        let scores = ring_grid();
        let view = DecisionView {
            grid: ScoreGrid::new(SIDE, SIDE, &scores).unwrap(),
            train: &[mark(0.0, 0.0, 1, false)],
            test: &[],
        };
        let painted = DecisionOptions {
            heatmap: HeatmapMode::Painted,
            ..DecisionOptions::default()
        };
        let svg = render(SQUARE, |a| draw_decision(a, &view, &painted));
        assert_eq!(
            count(&svg, "<rect"),
            1,
            "only the frame: no background, no cells"
        );
    }

    #[test]
    fn nan_scores_odd_points_and_small_areas_draw() {
        let nan = vec![f32::NAN; 16];
        let odd = [mark(f64::NAN, 0.0, 0, true), mark(1e9, -1e9, 7, true)];
        let view = DecisionView {
            grid: ScoreGrid::new(4, 4, &nan).unwrap(),
            train: &odd,
            test: &odd,
        };
        for size in [SQUARE, (60, 60), (1, 1)] {
            render(size, |a| {
                draw_decision(a, &view, &DecisionOptions::default())
            });
        }
    }

    #[test]
    fn a_grid_of_the_wrong_size_is_an_error() {
        let view = DecisionView {
            grid: ScoreGrid {
                width: 5,
                height: 5,
                scores: &[0.5; 16],
            },
            train: &[],
            test: &[],
        };
        let result = render_svg(SQUARE, |a| {
            draw_decision(a, &view, &DecisionOptions::default())
        });
        assert!(matches!(result, Err(ViewError::Data { .. })));
    }
}
