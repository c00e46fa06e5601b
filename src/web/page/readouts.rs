//! The numbers and sentences beside the charts: readouts, status, the stop message with
//! the remedies it offers, and the diagnosis.

use super::dom::{by_id, el, set_text, show};
use super::App;
use crate::scenario::catalog::{self, Remedy};
use crate::web::encode::Frame;
use crate::web::protocol::{EpochView, SnapshotHeader};
use web_sys::HtmlElement;

pub(super) fn update_readouts(a: &App, frame: &Frame) {
    let h = &frame.header;
    let diverged = h.status.diverged_at;
    // A diverged run's weights are not finite: its last finite numbers would contradict
    // "became NaN" beside them, so the readouts say what the message says.
    set_text("epoch", &diverged.unwrap_or(h.epoch).to_string());
    set_text("eps", &format!("{:.0}", h.epochs_per_second));
    let latest = &h.latest;
    let number = |v: f64| {
        if diverged.is_some() {
            "NaN".into()
        } else {
            fmt_loss(v)
        }
    };
    let share = |v: f64| {
        if diverged.is_some() {
            "–".into()
        } else {
            fmt_pct(v)
        }
    };
    set_text("train-loss", &number(latest.train_loss));
    set_text("test-loss", &number(latest.test_loss));
    set_text("train-accuracy", &share(latest.train_accuracy));
    set_text("test-accuracy", &share(latest.test_accuracy));
    set_text("test-balanced", &share(latest.test_balanced_accuracy));
    let precision = fmt_precision(latest);
    set_text(
        "test-precision",
        if diverged.is_some() {
            "–"
        } else {
            &precision
        },
    );
    set_text("test-recall", &share(latest.test_recall));
    set_text("learning-rate", &format!("{:.3e}", latest.learning_rate));
    let status = status_word(h);
    set_text("status", &status_text(h));
    let status_el: HtmlElement = by_id("status");
    status_el.set_class_name(&format!("status {status}"));
    show_diagnosis(a, h);
    show_stop_message(a, h);
    let note = h.records_thinned_before.map(|from| {
        format!(
            "This run is past {} epochs: the history downloads keep every epoch from {from} \
             on and thin the older ones.",
            crate::session::records::RECORD_CAP
        )
    });
    set_text("export-note", note.as_deref().unwrap_or(""));
    show("export-note", note.is_some());
}

/// The failure's symptom while it shows; once a remedy has had the scenario's epochs (or
/// stopped training early) without it, what the remedy achieved instead.
fn show_diagnosis(a: &App, h: &SnapshotHeader) {
    let box_el: HtmlElement = by_id("diagnosis-box");
    if let Some(text) = &h.diagnosis {
        box_el.set_class_name("diagnosis");
        set_text("diagnosis-title", "What the telemetry shows:");
        set_text("diagnosis", text);
        return show("diagnosis-box", true);
    }
    let scenario = a.selection.scenario.and_then(|id| catalog::find(id).ok());
    let done = |s: &catalog::Scenario| h.epoch >= s.epochs || h.status.state == "stopped-early";
    let cured = match scenario {
        Some(s)
            if !a.selection.remedies.is_empty() && done(s) && h.status.diverged_at.is_none() =>
        {
            s
        }
        _ => return show("diagnosis-box", false),
    };
    let labels: Vec<&str> = cured
        .remedies
        .iter()
        .filter(|r| a.selection.remedies.contains(&r.id))
        .map(|r| r.label)
        .collect();
    box_el.set_class_name("diagnosis success");
    set_text("diagnosis-title", "The remedy worked.");
    set_text(
        "diagnosis",
        &format!(
            "{}: the failure's symptom does not show; test accuracy {} (balanced {}).",
            labels.join(" + "),
            fmt_pct(h.latest.test_accuracy),
            fmt_pct(h.latest.test_balanced_accuracy)
        ),
    );
    show("diagnosis-box", true);
}

/// The status as the learner reads it: the word, and for an early stop where it stopped
/// and which epoch's model it kept.
fn status_text(h: &SnapshotHeader) -> String {
    match (h.status.state.as_str(), h.best_epoch) {
        ("stopped-early", Some(best)) => {
            format!("stopped early at epoch {} (best epoch {best})", h.epoch)
        }
        ("stopped-early", None) => format!("stopped early at epoch {}", h.epoch),
        ("running", _) if h.lesson_ended => {
            format!(
                "paused at epoch {}, the lesson's end: Play trains on",
                h.epoch
            )
        }
        _ => status_word(h).to_string(),
    }
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

/// When training stops, say why in words: a divergence as a failure, with the scenario's
/// remedies offered beside it; an early stop as the remedy doing its job.
fn show_stop_message(a: &App, h: &SnapshotHeader) {
    let message = h.status.message.as_deref();
    show("message", message.is_some());
    let Some(text) = message else { return };
    let diverged = h.status.state == "diverged";
    let box_el: HtmlElement = by_id("message");
    box_el.set_class_name(if diverged {
        "message"
    } else {
        "message success"
    });
    let _ = box_el.set_attribute("role", if diverged { "alert" } else { "status" });
    set_text("message-text", text);
    let offers: HtmlElement = by_id("message-remedies");
    let scenario = a.selection.scenario.and_then(|id| catalog::find(id).ok());
    let offered: Vec<&Remedy> = match (diverged, scenario) {
        (true, Some(s)) => s
            .remedies
            .iter()
            .filter(|r| !a.selection.remedies.contains(&r.id))
            .collect(),
        _ => Vec::new(),
    };
    // Frames keep coming after a divergence: rebuilding the buttons on each one would
    // replace a button between the learner's press and release, and the click would be lost.
    let ids: Vec<&str> = offered.iter().map(|r| r.id).collect();
    let key = format!("{}:{}", scenario.map_or("", |s| s.id), ids.join(","));
    if offers.get_attribute("data-offered").as_deref() == Some(key.as_str()) {
        return;
    }
    let _ = offers.set_attribute("data-offered", &key);
    offers.set_inner_html("");
    for r in offered {
        let b = el("button", "offer", &format!("Try: {}", r.label));
        let _ = b.set_attribute("data-offer", r.id);
        let _ = offers.append_child(&b);
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

/// With nothing predicted class 1, precision is undefined: a dash, and the reason on hover
/// (the cell's title), rather than a 0% that would read as "every guess was wrong".
fn fmt_precision(latest: &EpochView) -> String {
    let cell: HtmlElement = by_id("test-precision");
    if latest.test_predicted_positive == 0 {
        cell.set_title("Undefined: no test point is predicted class 1");
        "–".into()
    } else {
        cell.set_title("Of the test points predicted class 1, the share that are");
        fmt_pct(latest.test_precision)
    }
}
