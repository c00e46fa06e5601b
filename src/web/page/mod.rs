//! The page: controls, the worker link, and drawing at display rate. Every user action
//! edits the `Selection`; the resulting config goes to the worker as a fresh run.

mod controls;
mod dom;
mod draw;
mod worker_link;

use super::encode::{decode, Frame};
use super::protocol::{FromWorker, Speed, ToWorker, PROTOCOL_VERSION};
use crate::link::{self as share, EmbedOptions};
use crate::scenario::{catalog, Selection};
use dom::{by_id, el, on, set_text, show};
use draw::{Canvases, DrawOptions};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement, MessageEvent};
use worker_link::{handler, WorkerLink};

/// Side of the decision grid the worker evaluates each frame.
pub const GRID_SIZE: usize = 100;
/// The scenario a first visit opens on.
const FIRST_SCENARIO: &str = "lr-too-high";

struct App {
    selection: Selection,
    /// How the page presents itself (from the link); written back into the URL.
    embed: EmbedOptions,
    link: Option<WorkerLink>,
    playing: bool,
    speed: Speed,
    frame: Option<Frame>,
    draw_pending: bool,
    canvases: Canvases,
    on_message: Option<js_sys::Function>,
}

type Shared = Rc<RefCell<App>>;

pub fn run() -> Result<(), JsValue> {
    install_panic_hook();
    controls::build_scenario_picker();
    controls::build_settings();
    let (selection, embed, notices) = initial_state()?;
    show_notices(&notices);
    apply_embed(&embed);
    let autoplay = embed.autoplay;
    let app: Shared = Rc::new(RefCell::new(App {
        selection,
        embed,
        link: None,
        playing: false,
        speed: Speed::Normal,
        frame: None,
        draw_pending: false,
        canvases: Canvases::new(),
        on_message: None,
    }));
    let weak = app.clone();
    app.borrow_mut().on_message =
        Some(handler(move |e: MessageEvent| on_worker_message(&weak, &e)));
    start_worker(&app)?;
    wire(&app);
    restart(&app, autoplay);
    Ok(())
}

/// The state a visit starts from: the link in the address bar, or the first scenario.
fn initial_state() -> Result<(Selection, EmbedOptions, Vec<String>), JsValue> {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    if search.trim_start_matches('?').is_empty() {
        let selection =
            Selection::new(Some(FIRST_SCENARIO), 1).map_err(|e| JsValue::from_str(&e))?;
        return Ok((selection, EmbedOptions::default(), Vec::new()));
    }
    let decoded = share::decode(&search);
    Ok((decoded.selection, decoded.embed, decoded.notices))
}

/// What of the link could not be used, said plainly (as text, never markup).
fn show_notices(notices: &[String]) {
    set_text("notices", &notices.join(" "));
    show("notices", !notices.is_empty());
}

/// The compact embed layout hides what the link leaves out; the caption is plain text.
fn apply_embed(embed: &EmbedOptions) {
    let body = dom::document().body().expect("a page has a body");
    if embed.embed {
        let _ = body.class_list().add_1("embed");
    }
    set_text("caption", embed.caption.as_deref().unwrap_or(""));
    show("caption", embed.caption.is_some());
}

/// Keeps the address bar equal to the state, without adding history entries.
fn sync_url(a: &App) {
    let query = share::encode_with(&a.selection, &a.embed);
    if let Some(w) = web_sys::window() {
        if let Ok(history) = w.history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("?{query}")));
        }
        let href = w.location().href().unwrap_or_default();
        by_id::<HtmlInputElement>("share-link").set_value(&href);
    }
}

fn start_worker(app: &Shared) -> Result<(), JsValue> {
    let mut a = app.borrow_mut();
    if let Some(old) = a.link.take() {
        old.terminate();
    }
    let on_message = a.on_message.clone().expect("handler installed");
    a.link = Some(WorkerLink::start(&on_message)?);
    Ok(())
}

fn send(app: &Shared, msg: ToWorker) {
    if let Some(link) = app.borrow_mut().link.as_mut() {
        link.send(&msg);
    }
}

/// Sends the selection's config as a fresh run (epoch 0, same seed).
fn restart(app: &Shared, play: bool) {
    let (config, scenario) = {
        let a = app.borrow();
        (
            a.selection.config(),
            a.selection.scenario.map(str::to_string),
        )
    };
    let config = match config {
        Ok(c) => c,
        Err(e) => return show_error(&e),
    };
    show_error("");
    {
        let mut a = app.borrow_mut();
        a.playing = play;
        controls::show_scenario(&a.selection);
        controls::refresh(&config, &a.selection);
        sync_url(&a);
        if let Some(link) = a.link.as_mut() {
            link.clear_queue();
        }
    }
    let speed = app.borrow().speed;
    send(app, ToWorker::SetSpeed { speed });
    send(
        app,
        ToWorker::Start {
            version: PROTOCOL_VERSION,
            config: Box::new(config),
            scenario,
            play,
            grid_size: GRID_SIZE,
        },
    );
}

fn show_error(text: &str) {
    set_text("error", text);
    show("error", !text.is_empty());
}

fn on_worker_message(app: &Shared, event: &MessageEvent) {
    match decode(&event.data()) {
        Ok((FromWorker::Ready { version }, _)) => {
            if version != PROTOCOL_VERSION {
                return show_error(&format!("The worker speaks protocol {version}, the page {PROTOCOL_VERSION}: reload the page."));
            }
            if let Some(link) = app.borrow_mut().link.as_mut() {
                link.mark_ready();
            }
        }
        Ok((FromWorker::Error { message, fatal }, _)) => {
            show_error(&message);
            show("restart", fatal);
        }
        Ok((FromWorker::Snapshot(_), Some(frame))) => {
            app.borrow_mut().frame = Some(frame);
            request_draw(app);
        }
        Ok(_) => {}
        Err(e) => show_error(&e),
    }
}

fn request_draw(app: &Shared) {
    if std::mem::replace(&mut app.borrow_mut().draw_pending, true) {
        return;
    }
    let a = app.clone();
    let cb = Closure::once_into_js(move || draw_frame(&a));
    if let Some(w) = web_sys::window() {
        let _ = w.request_animation_frame(cb.unchecked_ref());
    }
}

fn draw_frame(app: &Shared) {
    let mut a = app.borrow_mut();
    a.draw_pending = false;
    let Some(frame) = a.frame.take() else { return };
    let options = DrawOptions {
        log_scale: by_id::<HtmlInputElement>("log-scale").checked(),
        show_test: by_id::<HtmlInputElement>("show-test").checked(),
    };
    let clock = web_sys::window().and_then(|w| w.performance());
    let start = clock.as_ref().map_or(0.0, |p| p.now());
    a.canvases.draw(&frame, &options);
    let draw_ms = clock.as_ref().map_or(0.0, |p| p.now()) - start;
    update_readouts(&a, &frame);
    // Timings for the benchmark script, readable without cluttering the page.
    let boundary: web_sys::Element = by_id("boundary");
    let _ = boundary.set_attribute("data-draw-ms", &format!("{draw_ms:.2}"));
    let _ = boundary.set_attribute(
        "data-snapshot-ms",
        &format!("{:.2}", frame.header.snapshot_ms),
    );
    a.frame = Some(frame);
    if let Some(link) = a.link.as_mut() {
        link.send(&ToWorker::Ack);
    }
}

fn update_readouts(a: &App, frame: &Frame) {
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
    let status = match h.status.state.as_str() {
        "running" if h.playing => "running",
        "running" => "paused",
        other => other,
    };
    set_text("status", status);
    let status_el: HtmlElement = by_id("status");
    status_el.set_class_name(&format!("status {status}"));
    set_text("diagnosis", h.diagnosis.as_deref().unwrap_or(""));
    show("diagnosis-box", h.diagnosis.is_some());
    show_stop_message(a, h.status.message.as_deref(), h.status.state == "diverged");
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

fn fmt_loss(v: f64) -> String {
    if v.is_finite() {
        format!("{v:.4}")
    } else {
        "NaN".into()
    }
}

fn fmt_pct(v: f64) -> String {
    format!("{:.1}%", 100.0 * v)
}

fn wire(app: &Shared) {
    let button = |id: &str| -> web_sys::EventTarget { by_id::<HtmlElement>(id).into() };
    let a = app.clone();
    on(&button("play"), "click", move |_| {
        a.borrow_mut().playing = true;
        send(&a, ToWorker::Play);
    });
    let a = app.clone();
    on(&button("pause"), "click", move |_| {
        a.borrow_mut().playing = false;
        send(&a, ToWorker::Pause);
    });
    let a = app.clone();
    on(&button("step"), "click", move |_| {
        a.borrow_mut().playing = false;
        send(&a, ToWorker::Step { epochs: 1 });
    });
    let a = app.clone();
    on(&button("reset"), "click", move |_| restart(&a, false));
    let a = app.clone();
    on(&button("new-seed"), "click", move |_| {
        let seed = (js_sys::Math::random() * u32::MAX as f64) as u64;
        let playing = a.borrow().playing;
        let result = a.borrow_mut().selection.set_seed(seed);
        match result {
            Ok(()) => restart(&a, playing),
            Err(e) => show_error(&e),
        }
    });
    let a = app.clone();
    on(&button("restart"), "click", move |_| {
        show("restart", false);
        if start_worker(&a).is_ok() {
            let playing = a.borrow().playing;
            restart(&a, playing);
        }
    });
    on(&button("share"), "click", move |_| {
        let field: HtmlInputElement = by_id("share-link");
        field.select();
        if let Some(w) = web_sys::window() {
            let _ = w.navigator().clipboard().write_text(&field.value());
        }
        set_text("share-status", "Link copied");
    });
    wire_choices(app);
    wire_redraw(app);
}

fn wire_choices(app: &Shared) {
    let a = app.clone();
    on(
        &by_id::<HtmlElement>("scenario").into(),
        "change",
        move |_| {
            let id = by_id::<HtmlSelectElement>("scenario").value();
            let result = a
                .borrow_mut()
                .selection
                .choose_scenario((!id.is_empty()).then_some(id.as_str()));
            match result {
                Ok(()) => {
                    let playing = a.borrow().playing;
                    restart(&a, playing);
                }
                Err(e) => show_error(&e),
            }
        },
    );
    let a = app.clone();
    on(
        &by_id::<HtmlElement>("remedies").into(),
        "change",
        move |e| {
            let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            else {
                return;
            };
            let Some(id) = input.get_attribute("data-remedy") else {
                return;
            };
            toggle_remedy(&a, &id, input.checked());
        },
    );
    let a = app.clone();
    on(
        &by_id::<HtmlElement>("message-remedies").into(),
        "click",
        move |e| {
            let Some(el) = e.target().and_then(|t| t.dyn_into::<HtmlElement>().ok()) else {
                return;
            };
            if let Some(id) = el.get_attribute("data-offer") {
                toggle_remedy(&a, &id, true);
            }
        },
    );
    let a = app.clone();
    on(
        &by_id::<HtmlElement>("settings").into(),
        "change",
        move |e| {
            let Some(el) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            else {
                return;
            };
            let Some(control) = el.closest("[data-path]").ok().flatten() else {
                return;
            };
            let Some(path) = control.get_attribute("data-path") else {
                return;
            };
            let Some(value) = controls::control_value(&path) else {
                return;
            };
            let result = a.borrow_mut().selection.set(&path, &value);
            match result {
                Ok(()) => {
                    let playing = a.borrow().playing;
                    restart(&a, playing);
                }
                Err(err) => {
                    let app = a.borrow();
                    if let Ok(config) = app.selection.config() {
                        controls::refresh(&config, &app.selection);
                    }
                    show_error(&err);
                }
            }
        },
    );
    let a = app.clone();
    on(&by_id::<HtmlElement>("seed").into(), "change", move |_| {
        let text = by_id::<HtmlInputElement>("seed").value();
        let result = text
            .trim()
            .parse::<u64>()
            .map_err(|_| {
                format!(
                    "seed must be a whole number in 0..={}, got '{text}'",
                    crate::scenario::config::MAX_SEED
                )
            })
            .and_then(|s| a.borrow_mut().selection.set_seed(s));
        match result {
            Ok(()) => {
                let playing = a.borrow().playing;
                restart(&a, playing);
            }
            Err(e) => show_error(&e),
        }
    });
    let a = app.clone();
    on(&by_id::<HtmlElement>("speed").into(), "change", move |_| {
        let speed = match by_id::<HtmlSelectElement>("speed").value().as_str() {
            "slow-motion" => Speed::SlowMotion,
            "max" => Speed::Max,
            _ => Speed::Normal,
        };
        a.borrow_mut().speed = speed;
        send(&a, ToWorker::SetSpeed { speed });
    });
}

fn toggle_remedy(app: &Shared, id: &str, on: bool) {
    let result = app.borrow_mut().selection.set_remedy(id, on);
    match result {
        Ok(()) => {
            let playing = app.borrow().playing;
            restart(app, playing);
        }
        Err(e) => show_error(&e),
    }
}

/// View toggles redraw the last frame without touching the run.
fn wire_redraw(app: &Shared) {
    for id in ["log-scale", "show-test"] {
        let a = app.clone();
        on(&by_id::<HtmlElement>(id).into(), "change", move |_| {
            if a.borrow().frame.is_some() && !a.borrow().draw_pending {
                let a2 = a.clone();
                a2.borrow_mut().draw_pending = true;
                let cb = Closure::once_into_js(move || {
                    let mut app = a2.borrow_mut();
                    app.draw_pending = false;
                    if let Some(frame) = app.frame.take() {
                        let options = DrawOptions {
                            log_scale: by_id::<HtmlInputElement>("log-scale").checked(),
                            show_test: by_id::<HtmlInputElement>("show-test").checked(),
                        };
                        app.canvases.draw(&frame, &options);
                        app.frame = Some(frame);
                    }
                });
                if let Some(w) = web_sys::window() {
                    let _ = w.request_animation_frame(cb.unchecked_ref());
                }
            }
        });
    }
}

/// A page panic shows as a readable message instead of a silent stop.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("{info}").into());
        if let Some(e) = dom::document().get_element_by_id("error") {
            e.set_text_content(Some(&format!(
                "The page crashed: {info}. Reload to start again."
            )));
            let _ = e.remove_attribute("hidden");
        }
    }));
}
