//! Draws a frame onto the page's canvases with the shared views. The heatmap goes on as
//! one pixel buffer (scaled by one drawImage); plotters draws axes, points and curves.

use super::dom::{by_id, create};
use crate::session::history::Curve;
use crate::session::snapshot::PointSet;
use crate::view::{
    decision_plot_rect, draw_decision, draw_gradients, draw_loss, draw_unit_health, heatmap_rgba,
    DecisionOptions, DecisionView, GradientView, HeatmapMode, LayerMetric, LossOptions, LossView,
    PointMark, ScoreGrid, UnitHealth, UnitHealthView, YScale,
};
use crate::web::encode::Frame;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

pub struct Canvases {
    /// Holds the grid-sized heatmap before it is scaled onto the boundary canvas.
    scratch: HtmlCanvasElement,
    pixels: Vec<u8>,
}

pub struct DrawOptions {
    pub loss_scale: YScale,
    pub layer_metric: LayerMetric,
    pub show_test: bool,
}

impl Canvases {
    pub fn new() -> Self {
        Canvases {
            scratch: create("canvas"),
            pixels: Vec::new(),
        }
    }

    /// Draws every view; returns the milliseconds the boundary took (for the benchmark).
    pub fn draw(&mut self, frame: &Frame, options: &DrawOptions) {
        self.draw_boundary(frame, options.show_test);
        let best = frame.header.best_epoch;
        let diverged = frame.header.status.diverged_at;
        let loss = LossView {
            train: points(&frame.train_loss),
            test: points(&frame.test_loss),
            validation: points(&frame.validation_loss),
            best_epoch: best,
            diverged_at: diverged,
            steps: Vec::new(),
        }
        .with_steps(frame.header.diverged_steps.as_ref());
        if let Some(b) = CanvasBackend::new("loss-chart") {
            let _ = draw_loss(
                &b.into_drawing_area(),
                &loss,
                &LossOptions {
                    y_scale: options.loss_scale,
                },
            );
        }
        let curves = match options.layer_metric {
            LayerMetric::GradNorm => &frame.grad_norms,
            LayerMetric::UpdateRatio => &frame.update_ratios,
            LayerMetric::WeightNorm => &frame.weight_norms,
        };
        let grads = GradientView {
            metric: options.layer_metric,
            layers: curves.iter().map(points).collect(),
        }
        .with_steps(frame.header.diverged_steps.as_ref());
        if let Some(b) = CanvasBackend::new("grad-chart") {
            let _ = draw_gradients(&b.into_drawing_area(), &grads);
        }
        let latest = &frame.header.latest;
        let health = UnitHealthView {
            layers: latest
                .saturated
                .iter()
                .zip(&latest.dead)
                .map(|(&s, &d)| UnitHealth {
                    saturated: s,
                    dead: d,
                })
                .collect(),
        };
        if let Some(b) = CanvasBackend::new("health-chart") {
            let _ = draw_unit_health(&b.into_drawing_area(), &health);
        }
    }

    fn draw_boundary(&mut self, frame: &Frame, show_test: bool) {
        let canvas: HtmlCanvasElement = by_id("boundary");
        let Some(ctx) = context(&canvas) else { return };
        let (w, h) = (canvas.width(), canvas.height());
        ctx.set_fill_style_str("#ffffff");
        ctx.fill_rect(0.0, 0.0, w as f64, h as f64);
        let side = frame.header.grid_size;
        let grid = ScoreGrid::new(side, side, &frame.grid).unwrap_or_else(|_| ScoreGrid::empty());
        if let (Some(rect), false) = (decision_plot_rect((w, h)), grid.is_empty()) {
            heatmap_rgba(&grid, &mut self.pixels);
            self.scratch.set_width(side as u32);
            self.scratch.set_height(side as u32);
            if let (Some(sctx), Ok(image)) = (
                context(&self.scratch),
                ImageData::new_with_u8_clamped_array_and_sh(
                    Clamped(&self.pixels),
                    side as u32,
                    side as u32,
                ),
            ) {
                let _ = sctx.put_image_data(&image, 0.0, 0.0);
                let _ = ctx.draw_image_with_html_canvas_element_and_dw_and_dh(
                    &self.scratch,
                    rect.x as f64,
                    rect.y as f64,
                    rect.width as f64,
                    rect.height as f64,
                );
            }
        }
        let train = marks(&frame.train);
        let test = marks(&frame.test);
        let view = DecisionView {
            grid,
            train: &train,
            test: &test,
        };
        let options = DecisionOptions {
            heatmap: HeatmapMode::Painted,
            show_test,
            mark_misclassified: true,
        };
        if let Some(b) = CanvasBackend::with_canvas_object(canvas) {
            let _ = draw_decision(&b.into_drawing_area(), &view, &options);
        }
    }
}

fn context(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok().flatten()?.dyn_into().ok()
}

fn points(curve: &Curve) -> Vec<(f64, f64)> {
    curve
        .epochs
        .iter()
        .zip(&curve.values)
        .map(|(&e, &v)| (f64::from(e), v))
        .collect()
}

fn marks(set: &PointSet) -> Vec<PointMark> {
    set.labels
        .iter()
        .enumerate()
        .map(|(i, &label)| PointMark {
            position: [set.xy[2 * i] as f64, set.xy[2 * i + 1] as f64],
            label,
            misclassified: set.predicted.get(i).is_some_and(|&p| p != label),
        })
        .collect()
}
