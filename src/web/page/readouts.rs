//! The numbers and sentences beside the charts: readouts, status, the stop message with
//! the remedies it offers, and the diagnosis.

use super::dom::{by_id, el, set_text, show};
use super::App;
use crate::scenario::catalog;
use crate::web::encode::Frame;
use crate::web::protocol::SnapshotHeader;
use web_sys::HtmlElement;

pub(super) fn update_readouts(a: &App, frame: &Frame) {
    let h = &frame.header;
    set_text("epoch", &h.epoch.to_string());
    set_text("eps", &format!("{:.0}", h.epochs_per_second));
    set_text("train-loss", &fmt_loss(h.latest.train_loss));
    set_text("test-loss", &fmt_loss(h.latest.test_loss));
    set_text("train-accuracy", &fmt_pct(h.latest.train_accuracy));
    set_text("test-accuracy", &fmt_pct(h.latest.test_accuracy));
    set_text("test-precision", &fmt_pct(h.latest.test_precision));
    set_text("test-recall", &fmt_pct(h.latest.test_recall));
    set_text("learning-rate", &format!("{:.3e}", h.latest.learning_rate));
    let status = status_word(h);
    set_text("status", status);
    let status_el: HtmlElement = by_id("status");
    status_el.set_class_name(&format!("status {status}"));
    set_text("diagnosis", h.diagnosis.as_deref().unwrap_or(""));
    show("diagnosis-box", h.diagnosis.is_some());
    show_stop_message(a, h.status.message.as_deref(), h.status.state == "diverged");
}

/// The run's state in one word: running, paused, finished (the link's epoch limit),
/// diverged or stopped-early.
pub(super) fn status_word(h: &SnapshotHeader) -> &str {
    match h.status.state.as_str() {
        "running" if h.finished => "finished",
        "running" if h.playing => "running",
        "running" => "paused",
        other => other,
    }
}

/// When training stops, say why in words, and offer the scenario's remedies beside it.
fn show_stop_message(a: &App, message: Option<&str>, diverged: bool) {
    show("message", message.is_some());
    let Some(text) = message else { return };
    set_text("message-text", text);
    let offers: HtmlElement = by_id("message-remedies");
    offers.set_inner_html("");
    let scenario = a.selection.scenario.and_then(|id| catalog::find(id).ok());
    if let (true, Some(s)) = (diverged, scenario) {
        for r in s
            .remedies
            .iter()
            .filter(|r| !a.selection.remedies.contains(&r.id))
        {
            let b = el("button", "offer", &format!("Try: {}", r.label));
            let _ = b.set_attribute("data-offer", r.id);
            let _ = offers.append_child(&b);
        }
    }
}

/// A loss that has blown up to 1e250 still fits its box: large values go scientific.
fn fmt_loss(v: f64) -> String {
    if !v.is_finite() {
        "NaN".into()
    } else if v.abs() >= LARGE_LOSS {
        format!("{v:.3e}")
    } else {
        format!("{v:.4}")
    }
}

/// Beyond this a loss is shown in scientific notation.
const LARGE_LOSS: f64 = 1e4;

fn fmt_pct(v: f64) -> String {
    format!("{:.1}%", 100.0 * v)
}
