//! Views: the pictures a learner reads a run from, drawn with plotters.
//!
//! Every view is a function `draw_*(area, data, options)` generic over plotters'
//! `DrawingBackend`: it takes a drawing area and plain data and never builds a backend, so
//! the page passes a canvas, the CLI and the tests pass an SVG string. The data types are
//! small structs filled from the trainer's telemetry (see `from_telemetry`), and no view
//! panics on empty data, a single epoch, NaN or infinite values, or all-zero gradients.
//!
//! The decision-boundary heatmap is never drawn as one rectangle per cell per frame: the
//! page turns the score grid into pixels with [`heatmap_rgba`] and puts them onto the canvas
//! in one call, inside [`decision_plot_rect`], before the view draws axes and points over it.
//!
//! Text needs no font file: plotters is built without a font-rasterising feature, the SVG
//! writer emits `<text>` elements that the viewer renders with its own fonts, and on wasm
//! the canvas backend draws text through the browser. Layout uses plotters' width estimate,
//! so legends wrap and labels hang on the safe side of their anchor.

mod axis;
mod colormap;
mod curves;
mod decimate;
mod decision;
mod error;
mod from_telemetry;
mod gradients;
mod grid;
mod health;
mod heatmap;
mod layout;
mod legend;
mod loss;
mod marks;
mod network;
mod palette;
mod svg;
#[cfg(test)]
mod svg_check;
mod ticked;

pub use axis::YScale;
pub use colormap::{heatmap_rgb, heatmap_rgba, score_color};
pub use decimate::decimate_min_max;
pub use decision::{
    decision_plot_rect, draw_decision, DecisionOptions, DecisionView, HeatmapMode, PixelRect,
};
pub use error::ViewError;
pub use from_telemetry::point_marks;
pub use gradients::{draw_gradients, GradientView, LayerMetric, HEALTHY_UPDATE_RATIO};
pub use grid::ScoreGrid;
pub use health::{draw_unit_health, UnitHealth, UnitHealthView};
pub use loss::{draw_loss, LossOptions, LossView};
pub use marks::PointMark;
pub use network::{draw_network, NetworkView};
pub use palette::{layer_color, CLASS_COLORS};
pub use svg::render_svg;

/// Points per curve kept when a history is turned into a view: a few per pixel column of
/// a wide chart, so spikes stay visible while 100,000 epochs cost no more than 2,000.
pub const MAX_CURVE_POINTS: usize = 2000;
