//! The page: controls, the worker link, and drawing at display rate. Every user action
//! edits the `Selection`; the resulting config goes to the worker as a fresh run.

mod controls;
mod dom;
mod draw;
mod embed_api;
mod events;
mod exports;
mod layout;
mod readouts;
mod worker_link;

use super::encode::{decode, Frame};
use super::protocol::{FromWorker, Speed, ToWorker, PROTOCOL_VERSION};
use crate::link::{self as share, EmbedOptions};
use crate::scenario::{catalog, Selection};
use crate::view::{LayerMetric, YScale};
use dom::{by_id, set_text, show};
use draw::{Canvases, DrawOptions};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement, MessageEvent};
use worker_link::{handler, WorkerLink};

/// Side of the decision grid the worker evaluates each frame.
pub const GRID_SIZE: usize = 100;
/// A playing worker that has said nothing for this long is taken for dead: it sends a
/// snapshot at display rate while it trains (one per epoch when an epoch is slower).
const WORKER_SILENCE_MS: f64 = 4000.0;
/// How often the page checks on the worker.
const WATCHDOG_MS: i32 = 1000;
/// The scenario a first visit opens on.
const FIRST_SCENARIO: &str = "sigmoid-stack";

struct App {
    selection: Selection,
    /// How the page presents itself (from the link); written back into the URL.
    embed: EmbedOptions,
    link: Option<WorkerLink>,
    playing: bool,
    speed: Speed,
    frame: Option<Frame>,
    /// Whether the worker has been told the current frame is drawn.
    frame_acked: bool,
    draw_pending: bool,
    canvases: Canvases,
    on_message: Option<js_sys::Function>,
    on_error: Option<js_sys::Function>,
    /// When the worker was last heard from (or the page last became visible).
    last_heard: f64,
    /// Whether the last snapshot said the run trains on by itself (running, not finished,
    /// not paused at the lesson's end).
    trainable: bool,
    /// The number of the current run; snapshots of earlier runs are dropped.
    run: u32,
    /// What the embed API has told the parent page about the current run.
    reported: embed_api::Reported,
}

type Shared = Rc<RefCell<App>>;

pub fn run() -> Result<(), JsValue> {
    install_panic_hook();
    controls::build_scenario_picker();
    controls::build_settings();
    let (selection, embed, notices) = initial_state()?;
    show_notices(&notices);
    layout::apply(&embed);
    let autoplay = embed.autoplay;
    let app: Shared = Rc::new(RefCell::new(App {
        selection,
        embed,
        link: None,
        playing: false,
        speed: Speed::Normal,
        frame: None,
        frame_acked: true,
        draw_pending: false,
        canvases: Canvases::new(),
        on_message: None,
        on_error: None,
        last_heard: now_ms(),
        trainable: true,
        run: 0,
        reported: embed_api::Reported::default(),
    }));
    let weak = app.clone();
    app.borrow_mut().on_message =
        Some(handler(move |e: MessageEvent| on_worker_message(&weak, &e)));
    app.borrow_mut().on_error = Some(handler(|e: web_sys::ErrorEvent| {
        trainer_lost(&format!("The trainer stopped: {}.", e.message()));
    }));
    start_worker(&app)?;
    watch_worker(&app);
    events::wire(&app);
    exports::wire(&app);
    embed_api::install(&app);
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

/// Keeps the address bar equal to the state, without adding history entries.
fn sync_url(a: &App) {
    let query = share::encode_with(&a.selection, &a.embed);
    if let Some(w) = web_sys::window() {
        if let Ok(history) = w.history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("?{query}")));
        }
        let href = w.location().href().unwrap_or_default();
        by_id::<HtmlInputElement>("share-link").set_value(&href);
        let base = href.split(['?', '#']).next().unwrap_or_default();
        by_id::<HtmlTextAreaElement>("embed-code").set_value(&layout::snippet(
            base,
            &a.selection,
            &a.embed,
        ));
    }
}

/// Playback, shared by the buttons and the embed API.
fn play(app: &Shared) {
    app.borrow_mut().playing = true;
    send(app, ToWorker::Play);
}

fn pause(app: &Shared) {
    app.borrow_mut().playing = false;
    send(app, ToWorker::Pause);
}

fn step(app: &Shared, epochs: usize) {
    app.borrow_mut().playing = false;
    send(app, ToWorker::Step { epochs });
}

fn start_worker(app: &Shared) -> Result<(), JsValue> {
    let mut a = app.borrow_mut();
    if let Some(old) = a.link.take() {
        old.terminate();
    }
    let on_message = a.on_message.clone().expect("handler installed");
    let on_error = a.on_error.clone().expect("handler installed");
    a.link = Some(WorkerLink::start(&on_message, &on_error)?);
    a.last_heard = now_ms();
    Ok(())
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// The trainer is gone: say so, and offer to bring the same run back.
fn trainer_lost(text: &str) {
    show_error(text);
    show("restart", true);
}

/// Checks every second that a playing worker still answers. A hidden tab gets no frames
/// (so it acknowledges no snapshot and the worker waits): the clock restarts when the page
/// is shown again.
fn watch_worker(app: &Shared) {
    let a = app.clone();
    let cb = Closure::<dyn FnMut()>::new(move || {
        let visible = dom::document().visibility_state() == web_sys::VisibilityState::Visible;
        let mut s = a.borrow_mut();
        let waiting = s.playing && s.trainable && !s.draw_pending && s.link.is_some();
        if !visible || !waiting {
            s.last_heard = now_ms();
            return;
        }
        let silent = now_ms() - s.last_heard;
        if silent > WORKER_SILENCE_MS {
            s.last_heard = f64::INFINITY;
            drop(s);
            trainer_lost(&format!(
                "The trainer has not answered for {:.0} seconds: it may have run out of memory \
                 or been stopped. Restart it to bring this run back.",
                silent / 1000.0
            ));
        }
    });
    if let Some(w) = web_sys::window() {
        let _ = w.set_interval_with_callback_and_timeout_and_arguments_0(
            cb.as_ref().unchecked_ref(),
            WATCHDOG_MS,
        );
    }
    cb.forget();
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
    let (until, run) = {
        let mut a = app.borrow_mut();
        a.playing = play;
        a.trainable = true;
        a.last_heard = now_ms();
        a.run = a.run.wrapping_add(1);
        a.reported.reset();
        controls::show_scenario(&a.selection);
        controls::refresh(&config, &a.selection);
        sync_url(&a);
        if let Some(link) = a.link.as_mut() {
            link.clear_queue();
        }
        (a.embed.until, a.run)
    };
    // A catalog lesson pauses at its epoch budget, where it is judged; an embed that sets
    // its own limit (`until=`) is taken at its word.
    let lesson_end = match until {
        Some(_) => None,
        None => scenario
            .as_deref()
            .and_then(|id| catalog::find(id).ok())
            .map(|s| s.epochs),
    };
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
            until,
            lesson_end,
            run,
        },
    );
}

fn show_error(text: &str) {
    set_text("error", &crate::error::short_message(text));
    show("error", !text.is_empty());
}

fn on_worker_message(app: &Shared, event: &MessageEvent) {
    app.borrow_mut().last_heard = now_ms();
    match decode(&event.data()) {
        Ok((FromWorker::Ready { version }, _)) => {
            if version != PROTOCOL_VERSION {
                return show_error(&format!("The worker speaks protocol {version}, the page {PROTOCOL_VERSION}: reload the page."));
            }
            if let Some(link) = app.borrow_mut().link.as_mut() {
                link.mark_ready();
            }
            embed_api::ready(app);
        }
        Ok((
            FromWorker::Export {
                kind,
                filename,
                text,
            },
            _,
        )) => {
            exports::received(kind, &filename, &text);
        }
        Ok((FromWorker::Error { message, fatal }, _)) => {
            show_error(&message);
            show("restart", fatal);
        }
        Ok((FromWorker::Snapshot(header), Some(frame))) => {
            let mut a = app.borrow_mut();
            if header.run != a.run {
                // An earlier run's snapshot, sent before the worker saw the new start.
                if let Some(link) = a.link.as_mut() {
                    link.send(&ToWorker::Ack);
                }
                return;
            }
            a.trainable =
                header.status.state == "running" && !header.finished && !header.lesson_ended;
            a.frame = Some(frame);
            a.frame_acked = false;
            drop(a);
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
    // `a.playing` is the learner's intent and only their Play, Pause, Step and Reset change
    // it. When training ends by itself (divergence, early stopping, the epoch limit) the
    // worker stops and says so (as it pauses at the lesson's end), but the intent stays: the
    // next edit (a remedy, a "Try"
    // offer) restarts the run playing, as the learner expects.
    let options = DrawOptions {
        loss_scale: match by_id::<HtmlSelectElement>("loss-scale").value().as_str() {
            "linear" => YScale::Linear,
            "log" => YScale::Log,
            _ => YScale::Auto,
        },
        layer_metric: LayerMetric::from_id(&by_id::<HtmlSelectElement>("layer-metric").value())
            .unwrap_or_default(),
        show_test: by_id::<HtmlInputElement>("show-test").checked(),
    };
    let clock = web_sys::window().and_then(|w| w.performance());
    let start = clock.as_ref().map_or(0.0, |p| p.now());
    a.canvases.draw(&frame, &options);
    let draw_ms = clock.as_ref().map_or(0.0, |p| p.now()) - start;
    readouts::update_readouts(&a, &frame);
    let header = frame.header.clone();
    let current = header.run == a.run;
    // Timings for the benchmark script, readable without cluttering the page.
    let boundary: web_sys::Element = by_id("boundary");
    let _ = boundary.set_attribute("data-draw-ms", &format!("{draw_ms:.2}"));
    let _ = boundary.set_attribute(
        "data-snapshot-ms",
        &format!("{:.2}", frame.header.snapshot_ms),
    );
    a.frame = Some(frame);
    // Acknowledge each snapshot once; redrawing the same frame for a view toggle does not.
    if !std::mem::replace(&mut a.frame_acked, true) {
        if let Some(link) = a.link.as_mut() {
            link.send(&ToWorker::Ack);
        }
    }
    drop(a);
    let now = clock.as_ref().map_or(0.0, |p| p.now());
    // A frame of the previous run, drawn once after a restart, is not reported as this one.
    if current {
        embed_api::frame(app, &header, readouts::status_word(&header), now);
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
