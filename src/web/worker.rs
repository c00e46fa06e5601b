//! The training worker: owns a `Session`, trains in chunks of a few milliseconds so that
//! every message (pause, step, a new config) is handled within one frame, and posts a
//! snapshot at display rate, one at a time: the next only after the page acknowledges
//! the last, so a slow page never builds a queue.

use super::encode::{encode_export, encode_snapshot};
use super::playback::LessonEnd;
use super::protocol::{ExportKind, FromWorker, Speed, ToWorker, PROTOCOL_VERSION};
use crate::scenario::{catalog, Scenario};
use crate::session::export::export;
use crate::session::Session;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageChannel, MessageEvent};

/// Work done per tick (at full speed, catching up with a pace, or stepping) before
/// yielding to the message queue: the time budget of every slice.
const CHUNK_MS: f64 = 8.0;
/// Minimum time between two snapshots (display rate).
const FRAME_MS: f64 = 1000.0 / 60.0;
/// Epoch calls are sized to take about this long, so the clock is read rarely.
const CALL_MS: f64 = 1.0;
/// Window over which epochs per second are measured.
const RATE_WINDOW_MS: f64 = 500.0;
/// A snapshot (decision grid, predictions, curves) may take at most 1/this of the worker's
/// time, so at full speed drawing never starves training.
const SNAPSHOT_SHARE: f64 = 5.0;

struct State {
    scope: DedicatedWorkerGlobalScope,
    wake: web_sys::MessagePort,
    session: Option<Session>,
    /// The page's number for the current run (see `ToWorker::Start::run`).
    run: u32,
    scenario: Option<&'static Scenario>,
    grid_size: usize,
    playing: bool,
    /// Where playing pauses by itself: the scenario's epoch budget.
    lesson_end: LessonEnd,
    speed: Speed,
    steps_left: usize,
    awaiting_ack: bool,
    dirty: bool,
    tick_pending: bool,
    last_post: f64,
    /// Milliseconds the last snapshot took to build and post.
    snapshot_cost: f64,
    pace_start: f64,
    pace_done: usize,
    epochs_per_call: usize,
    rate_start: f64,
    rate_epochs: usize,
    epochs_per_second: f64,
}

fn now(scope: &DedicatedWorkerGlobalScope) -> f64 {
    scope.performance().map(|p| p.now()).unwrap_or(0.0)
}

impl State {
    fn post(&self, message: &FromWorker) {
        let header = serde_json::to_string(message).unwrap_or_default();
        let obj = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&obj, &"header".into(), &header.into());
        let _ = self.scope.post_message(&obj);
    }

    fn error(&self, message: String, fatal: bool) {
        let message = crate::error::short_message(&message);
        self.post(&FromWorker::Error { message, fatal });
    }

    fn handle(&mut self, msg: ToWorker) {
        let t = now(&self.scope);
        match msg {
            ToWorker::Start {
                version,
                config,
                scenario,
                play,
                grid_size,
                until,
                lesson_end,
                run,
            } => {
                if version != PROTOCOL_VERSION {
                    return self.error(
                        format!("protocol version {version}, worker speaks {PROTOCOL_VERSION}"),
                        true,
                    );
                }
                match Session::new(&config) {
                    Ok(mut session) => {
                        session.set_until(until);
                        self.session = Some(session);
                        self.run = run;
                        self.scenario = scenario.and_then(|id| catalog::find(&id).ok());
                        self.grid_size = grid_size.clamp(2, 256);
                        self.playing = play;
                        self.lesson_end = LessonEnd::new(lesson_end);
                        self.steps_left = 0;
                        self.reset_pace(t);
                        self.rate_start = t;
                        self.rate_epochs = 0;
                        self.epochs_per_second = 0.0;
                    }
                    Err(e) => return self.error(e, false),
                }
            }
            ToWorker::Play => {
                self.playing = true;
                let epoch = self.session.as_ref().map_or(0, Session::epoch);
                self.lesson_end.play(epoch);
                self.reset_pace(t);
            }
            ToWorker::Pause => {
                self.playing = false;
                self.lesson_end.release();
                self.steps_left = 0;
            }
            ToWorker::Step { epochs } => {
                self.playing = false;
                self.lesson_end.release();
                self.steps_left = self.steps_left.saturating_add(epochs);
            }
            ToWorker::SetSpeed { speed } => {
                self.speed = speed;
                self.reset_pace(t);
            }
            ToWorker::Ack => self.awaiting_ack = false,
            ToWorker::Export { kind } => return self.export(kind),
        }
        self.dirty = true;
    }

    /// Answers an export request with the file's text (nothing to redraw).
    fn export(&self, kind: ExportKind) {
        let Some(session) = self.session.as_ref() else {
            return self.error(
                "Nothing to export yet: no run has started.".to_string(),
                false,
            );
        };
        let file = export(session, self.scenario.map(|s| s.id), kind);
        let _ = self
            .scope
            .post_message(&encode_export(kind, file.filename, &file.text));
    }

    fn reset_pace(&mut self, t: f64) {
        self.pace_start = t;
        self.pace_done = 0;
    }

    /// Trains what is due now; returns the epochs trained. Once training has stopped
    /// (divergence, early stopping) or reached the epoch limit, stops playing and marks a
    /// snapshot due, so the page sees `playing: false`.
    fn train(&mut self) -> usize {
        let could = self.session.as_ref().is_some_and(Session::can_train);
        let n = self.train_due();
        if self.session.as_ref().is_some_and(|s| !s.can_train()) {
            // A divergence can end training without completing an epoch: still news.
            if could || self.playing {
                self.dirty = true;
            }
            self.playing = false;
            self.steps_left = 0;
        }
        n
    }

    /// The epochs due now by steps or by pace; the session never trains past the limit.
    fn train_due(&mut self) -> usize {
        let Some(session) = self.session.as_mut() else {
            return 0;
        };
        if !session.can_train() {
            return 0;
        }
        let start = now(&self.scope);
        if self.steps_left > 0 {
            // A long step trains in slices like full speed, so a pause, reset or load
            // sent meanwhile is handled within one slice, and the epoch readout shows the
            // progress.
            let n = self.train_slice(start, self.steps_left);
            self.steps_left = self.steps_left.saturating_sub(n);
            if n == 0 {
                self.steps_left = 0;
            }
            return n;
        }
        if !self.playing {
            return 0;
        }
        let epoch = session.epoch();
        let n = match self.speed.epochs_per_second() {
            Some(rate) => {
                let due = ((start - self.pace_start) / 1000.0 * rate) as usize;
                let behind = due.saturating_sub(self.pace_done);
                let n = self.train_slice(start, self.lesson_end.room(epoch, behind));
                self.pace_done += n;
                n
            }
            None => self.train_slice(start, self.lesson_end.room(epoch, usize::MAX)),
        };
        if self.lesson_end.arrive(epoch + n) {
            self.playing = false;
            self.dirty = true;
        }
        n
    }

    /// Trains up to `most` epochs, in calls sized to about `CALL_MS`, until `CHUNK_MS`
    /// have passed since `start`; returns the epochs trained. The one place that bounds
    /// how long the worker is deaf to messages (one epoch at least, so a run whose epochs
    /// take longer than a slice still advances).
    fn train_slice(&mut self, start: f64, most: usize) -> usize {
        let Some(session) = self.session.as_mut() else {
            return 0;
        };
        let mut total = 0;
        while total < most {
            let t0 = now(&self.scope);
            let n = session.train(self.epochs_per_call.min(most - total));
            total += n;
            let took = now(&self.scope) - t0;
            // Size the next call to about CALL_MS, growing at most ×2 at a time.
            let per_epoch = (took / n.max(1) as f64).max(1e-4);
            self.epochs_per_call =
                ((CALL_MS / per_epoch) as usize).clamp(1, self.epochs_per_call * 2);
            if n == 0 || now(&self.scope) - start >= CHUNK_MS {
                break;
            }
        }
        total
    }

    fn tick(&mut self) {
        self.tick_pending = false;
        let trained = self.train();
        let t = now(&self.scope);
        self.rate_epochs += trained;
        if t - self.rate_start >= RATE_WINDOW_MS {
            self.epochs_per_second = self.rate_epochs as f64 * 1000.0 / (t - self.rate_start);
            self.rate_start = t;
            self.rate_epochs = 0;
        }
        if trained > 0 {
            self.dirty = true;
        }
        let interval = FRAME_MS.max(self.snapshot_cost * SNAPSHOT_SHARE);
        if self.dirty && !self.awaiting_ack && t - self.last_post >= interval {
            self.send_snapshot();
            self.last_post = t;
            self.snapshot_cost = now(&self.scope) - t;
        }
    }

    fn send_snapshot(&mut self) {
        let Some(session) = self.session.as_mut() else {
            return;
        };
        let diagnosis = self.scenario.and_then(|s| session.diagnose(&s.symptom));
        let snapshot = session.snapshot(self.grid_size);
        let (obj, transfer) = encode_snapshot(
            self.run,
            &snapshot,
            self.playing,
            self.lesson_end.reached(),
            self.epochs_per_second,
            diagnosis,
            self.snapshot_cost,
        );
        if self
            .scope
            .post_message_with_transfer(&obj, &transfer)
            .is_ok()
        {
            self.awaiting_ack = true;
            self.dirty = false;
        }
    }

    /// Whether the worker has anything to do without waiting for a message.
    fn busy(&self) -> bool {
        let running = self.session.as_ref().is_some_and(Session::can_train);
        (running && (self.playing || self.steps_left > 0)) || (self.dirty && !self.awaiting_ack)
    }
}

/// Schedules the next tick: immediately (a message-channel round trip, no timer clamping)
/// at full speed, or after a short timeout when pacing or waiting for the frame interval.
fn schedule(state: &Rc<RefCell<State>>) {
    let mut s = state.borrow_mut();
    if s.tick_pending || !s.busy() {
        return;
    }
    s.tick_pending = true;
    let immediate = (s.playing && s.speed == Speed::Max) || s.steps_left > 0;
    if immediate {
        let _ = s.wake.post_message(&JsValue::NULL);
        return;
    }
    let wait = (FRAME_MS - (now(&s.scope) - s.last_post)).clamp(1.0, FRAME_MS);
    let st = state.clone();
    let cb = Closure::once_into_js(move || {
        st.borrow_mut().tick();
        schedule(&st);
    });
    let _ = s
        .scope
        .set_timeout_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), wait as i32);
}

/// Worker entry point: installs the panic reporter and message handler, then says Ready.
pub fn run() -> Result<(), JsValue> {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().dyn_into()?;
    install_panic_hook(scope.clone());
    let channel = MessageChannel::new()?;
    let state = Rc::new(RefCell::new(State {
        scope: scope.clone(),
        wake: channel.port1(),
        session: None,
        run: 0,
        scenario: None,
        grid_size: 100,
        playing: false,
        lesson_end: LessonEnd::default(),
        speed: Speed::Normal,
        steps_left: 0,
        awaiting_ack: false,
        dirty: false,
        tick_pending: false,
        last_post: -FRAME_MS,
        snapshot_cost: 0.0,
        pace_start: 0.0,
        pace_done: 0,
        epochs_per_call: 1,
        rate_start: 0.0,
        rate_epochs: 0,
        epochs_per_second: 0.0,
    }));
    let st = state.clone();
    let on_wake = Closure::<dyn FnMut(MessageEvent)>::new(move |_| {
        st.borrow_mut().tick();
        schedule(&st);
    });
    channel
        .port2()
        .set_onmessage(Some(on_wake.as_ref().unchecked_ref()));
    on_wake.forget();
    let st = state.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let text = event.data().as_string().unwrap_or_default();
        match serde_json::from_str::<ToWorker>(&text) {
            Ok(msg) => st.borrow_mut().handle(msg),
            Err(e) => st
                .borrow()
                .error(format!("unreadable message to the worker: {e}"), false),
        }
        schedule(&st);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    state.borrow().post(&FromWorker::Ready {
        version: PROTOCOL_VERSION,
    });
    Ok(())
}

/// A panic becomes a readable, fatal error on the page, which can restart the worker.
fn install_panic_hook(scope: DedicatedWorkerGlobalScope) {
    std::panic::set_hook(Box::new(move |info| {
        let message = FromWorker::Error {
            message: format!("the trainer crashed: {info}"),
            fatal: true,
        };
        let obj = js_sys::Object::new();
        let header = serde_json::to_string(&message).unwrap_or_default();
        let _ = js_sys::Reflect::set(&obj, &"header".into(), &header.into());
        let _ = scope.post_message(&obj);
    }));
}
