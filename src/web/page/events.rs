//! Wiring: each control's event edits the selection or tells the worker, then the run
//! restarts on the same seed (or the view redraws).

use super::dom::{by_id, on, set_text, show};
use super::{
    controls, pause, play, request_draw, restart, send, show_error, start_worker, step, Shared,
};
use crate::web::protocol::{Speed, ToWorker};
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

pub(super) fn wire(app: &Shared) {
    let button = |id: &str| -> web_sys::EventTarget { by_id::<HtmlElement>(id).into() };
    let a = app.clone();
    on(&button("play"), "click", move |_| play(&a));
    let a = app.clone();
    on(&button("pause"), "click", move |_| pause(&a));
    let a = app.clone();
    on(&button("step"), "click", move |_| step(&a, 1));
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
    on(&button("embed"), "click", move |_| {
        let open = by_id::<HtmlElement>("embed-box").hidden();
        show("embed-box", open);
        let _ = by_id::<HtmlElement>("embed").set_attribute("aria-expanded", &open.to_string());
    });
    on(&button("copy-embed"), "click", move |_| {
        let field: HtmlTextAreaElement = by_id("embed-code");
        field.select();
        if let Some(w) = web_sys::window() {
            let _ = w.navigator().clipboard().write_text(&field.value());
        }
        set_text("share-status", "Snippet copied");
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
            after_edit(&a, result);
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
        after_edit(&a, result);
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

/// A successful edit restarts the run (same seed, same play state); a refused one says why.
fn after_edit(app: &Shared, result: Result<(), String>) {
    match result {
        Ok(()) => {
            let playing = app.borrow().playing;
            restart(app, playing);
        }
        Err(e) => show_error(&e),
    }
}

fn toggle_remedy(app: &Shared, id: &str, on: bool) {
    let result = app.borrow_mut().selection.set_remedy(id, on);
    after_edit(app, result);
}

/// View toggles redraw the last frame without touching the run.
fn wire_redraw(app: &Shared) {
    for id in ["loss-scale", "layer-metric", "show-test"] {
        let a = app.clone();
        on(&by_id::<HtmlElement>(id).into(), "change", move |_| {
            if a.borrow().frame.is_some() {
                request_draw(&a);
            }
        });
    }
}
