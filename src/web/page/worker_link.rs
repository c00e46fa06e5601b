//! The page's end of the worker: starts it as a module worker, queues messages until it
//! says Ready (a message posted before its wasm loads would be lost), and restarts it.

use super::super::protocol::ToWorker;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Worker, WorkerOptions, WorkerType};

/// Trunk writes the worker's loader unhashed next to the page.
const WORKER_URL: &str = "./worker_loader.js";

pub struct WorkerLink {
    worker: Worker,
    ready: bool,
    queue: Vec<String>,
}

impl WorkerLink {
    /// Starts a worker whose messages go to `on_message`, and whose uncaught errors (a
    /// failed load, a trap) go to `on_error`.
    pub fn start(
        on_message: &js_sys::Function,
        on_error: &js_sys::Function,
    ) -> Result<Self, JsValue> {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let worker = Worker::new_with_options(WORKER_URL, &options)?;
        worker.set_onmessage(Some(on_message));
        worker.set_onerror(Some(on_error));
        Ok(WorkerLink {
            worker,
            ready: false,
            queue: Vec::new(),
        })
    }

    pub fn send(&mut self, msg: &ToWorker) {
        let text = serde_json::to_string(msg).expect("messages serialise");
        if self.ready {
            let _ = self.worker.post_message(&JsValue::from_str(&text));
        } else {
            self.queue.push(text);
        }
    }

    /// The worker said Ready: flush what waited.
    pub fn mark_ready(&mut self) {
        self.ready = true;
        for text in self.queue.drain(..) {
            let _ = self.worker.post_message(&JsValue::from_str(&text));
        }
    }

    /// Drops pending messages: a newer Start supersedes them.
    pub fn clear_queue(&mut self) {
        self.queue.clear();
    }

    pub fn terminate(&self) {
        self.worker.terminate();
    }
}

/// Wraps a Rust handler as the worker's `onmessage` or `onerror`.
pub fn handler<E: wasm_bindgen::convert::FromWasmAbi + 'static, F: FnMut(E) + 'static>(
    f: F,
) -> js_sys::Function {
    let cb = Closure::<dyn FnMut(E)>::new(f);
    let func: js_sys::Function = cb.as_ref().unchecked_ref::<js_sys::Function>().clone();
    cb.forget();
    func
}
