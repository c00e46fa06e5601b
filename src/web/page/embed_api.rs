//! The embed API in the page: commands from the parent window arrive as `message` events,
//! are parsed by `web::api` (never evaluated, never inserted as markup) and act exactly as
//! the page's own controls do; events go back to the parent as plain objects.
//!
//! Only the window that embeds the page is listened to, and when the link names parent
//! origins (`origin=`), only those: others are ignored without an answer, and events are
//! posted to those origins alone. A page that is not framed neither listens nor posts.

use super::{pause, play, restart, show_error, show_notices, step, Shared};
use crate::link as share;
use crate::scenario::Selection;
use crate::web::api::{
    self, Admission, Command, EpochReport, ErrorBudget, Event, LoadTarget, MAX_ERRORS_PER_WINDOW,
};
use crate::web::protocol::SnapshotHeader;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Window};

/// Fewest milliseconds between two `epoch` events: a tutorial reads progress, not frames.
const EPOCH_EVENT_MS: f64 = 100.0;
/// What has been reported about the current run.
#[derive(Default)]
pub struct Reported {
    last_epoch: Option<usize>,
    last_status: String,
    last_ms: f64,
    diverged: bool,
    finished: bool,
}

thread_local! {
    /// Answers to refused messages sent in the current second (see `ErrorBudget`).
    static ERRORS: std::cell::RefCell<ErrorBudget> = std::cell::RefCell::new(ErrorBudget::default());
}

/// Answers a refused message with an `error` event, unless a flood has used up the
/// second's answers.
fn refuse(app: &Shared, message: &str, command: Option<&str>) {
    let now = web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now());
    let flood = format!(
        "more than {MAX_ERRORS_PER_WINDOW} refused messages in a second: the rest of this \
         second's go unanswered"
    );
    let (message, command) = match ERRORS.with(|b| b.borrow_mut().admit(now)) {
        Admission::Report => (crate::error::short_message(message), command),
        Admission::ReportFlood => (flood, None),
        Admission::Suppress => return,
    };
    let command = command.map(|c| crate::link::shown(c, crate::error::MAX_QUOTE_CHARS));
    post(
        app,
        &Event::Error {
            message: &message,
            command: command.as_deref(),
        },
    );
}

impl Reported {
    /// A new run starts: every event may be sent again.
    pub fn reset(&mut self) {
        *self = Reported::default();
    }
}

/// The parent window, when the page is framed.
fn parent() -> Option<Window> {
    let w = web_sys::window()?;
    let p = w.parent().ok().flatten()?;
    (!js_sys::Object::is(&p, &w)).then_some(p)
}

/// Starts listening to the parent, if there is one.
pub fn install(app: &Shared) {
    let (Some(w), Some(_)) = (web_sys::window(), parent()) else {
        return;
    };
    let a = app.clone();
    let cb = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| on_message(&a, &e));
    let _ = w.add_event_listener_with_callback("message", cb.as_ref().unchecked_ref());
    cb.forget();
}

fn on_message(app: &Shared, e: &MessageEvent) {
    let Some(p) = parent() else { return };
    let from_parent = e.source().is_some_and(|s| js_sys::Object::is(&s, &p));
    if !from_parent || !app.borrow().embed.obeys(&e.origin()) {
        return;
    }
    // Structured data becomes JSON text; anything JSON cannot carry is refused below.
    let text = js_sys::JSON::stringify(&e.data())
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default();
    match api::parse_command(&text) {
        Ok(command) => {
            let name = command_name(&command);
            if let Err(message) = execute(app, command) {
                refuse(app, &message, Some(name));
            }
        }
        Err(message) => {
            let claimed = api::claimed_type(&text);
            refuse(app, &message, claimed.as_deref());
        }
    }
}

fn command_name(c: &Command) -> &'static str {
    match c {
        Command::Load(_) => "load",
        Command::Play => "play",
        Command::Pause => "pause",
        Command::Step { .. } => "step",
        Command::Reset => "reset",
        Command::SetRemedy { .. } => "setRemedy",
        Command::Set { .. } => "set",
    }
}

/// Runs a command as the page's controls would; a refusal is returned as a sentence.
fn execute(app: &Shared, command: Command) -> Result<(), String> {
    match command {
        Command::Play => play(app),
        Command::Pause => pause(app),
        Command::Step { epochs } => step(app, epochs),
        Command::Reset => restart(app, false),
        Command::SetRemedy { id, on } => {
            app.borrow_mut().selection.set_remedy(&id, on)?;
            let playing = app.borrow().playing;
            restart(app, playing);
        }
        Command::Set { path, value } => {
            app.borrow_mut().selection.set(&path, &value)?;
            let playing = app.borrow().playing;
            restart(app, playing);
        }
        Command::Load(target) => {
            let (selection, notices) = load(app, target)?;
            app.borrow_mut().selection = selection;
            show_notices(&notices);
            restart(app, false);
            if !notices.is_empty() {
                return Err(format!(
                    "parts of the link were not used: {}",
                    notices.join(" ")
                ));
            }
        }
    }
    show_error("");
    Ok(())
}

/// The selection a `load` asks for; nothing changes if it names no usable scenario.
fn load(app: &Shared, target: LoadTarget) -> Result<(Selection, Vec<String>), String> {
    match target {
        LoadTarget::Link(text) => {
            let d = share::decode(&text);
            Ok((d.selection, d.notices))
        }
        LoadTarget::Scenario { id, remedies, seed } => {
            let seed = seed.unwrap_or(app.borrow().selection.seed);
            let mut s = Selection::new(Some(&id), seed)?;
            for r in &remedies {
                s.set_remedy(r, true)?;
            }
            Ok((s, Vec::new()))
        }
    }
}

/// Sends an event to the parent (to each allowed origin, or to whoever embeds the page).
pub fn post(app: &Shared, event: &Event) {
    let Some(p) = parent() else { return };
    let Ok(data) = js_sys::JSON::parse(&event.to_json()) else {
        return;
    };
    let a = app.borrow();
    if a.embed.obeys_none {
        return;
    }
    if a.embed.origins.is_empty() {
        let _ = p.post_message(&data, "*");
    }
    for origin in &a.embed.origins {
        let _ = p.post_message(&data, origin);
    }
}

/// The page is ready for commands: its trainer answered.
pub fn ready(app: &Shared) {
    let link = {
        let a = app.borrow();
        share::encode_with(&a.selection, &a.embed)
    };
    post(
        app,
        &Event::Ready {
            link: &format!("?{link}"),
        },
    );
}

/// Reports a drawn frame: an `epoch` event at most every `EPOCH_EVENT_MS` (and whenever
/// the status changes), and `diverged` / `finished` once per run.
pub fn frame(app: &Shared, h: &SnapshotHeader, status: &str, now_ms: f64) {
    let due = {
        let a = app.borrow();
        let r = &a.reported;
        r.last_status != status
            || (r.last_epoch != Some(h.epoch) && now_ms - r.last_ms >= EPOCH_EVENT_MS)
    };
    if due {
        let report = EpochReport {
            epoch: h.epoch,
            train_loss: h.latest.train_loss,
            test_loss: h.latest.test_loss,
            train_accuracy: h.latest.train_accuracy,
            test_accuracy: h.latest.test_accuracy,
            status: status.to_string(),
        };
        post(app, &Event::Epoch(&report));
        let mut a = app.borrow_mut();
        a.reported.last_epoch = Some(h.epoch);
        a.reported.last_status = status.to_string();
        a.reported.last_ms = now_ms;
    }
    // Read the flags first: a borrow in an `if let` scrutinee lives through its block.
    let (diverged, finished) = {
        let r = &app.borrow().reported;
        (r.diverged, r.finished)
    };
    if let (Some(at), false) = (h.status.diverged_at, diverged) {
        app.borrow_mut().reported.diverged = true;
        let message = h.status.message.clone().unwrap_or_default();
        post(
            app,
            &Event::Diverged {
                epoch: at,
                message: &message,
            },
        );
    }
    let reason = match (h.status.state.as_str(), h.finished) {
        ("stopped-early", _) => Some("stopped-early"),
        (_, true) => Some("epoch-limit"),
        _ => None,
    };
    if let (Some(reason), false) = (reason, finished) {
        app.borrow_mut().reported.finished = true;
        post(
            app,
            &Event::Finished {
                epoch: h.epoch,
                reason,
            },
        );
    }
}
