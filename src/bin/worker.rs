//! The training worker's entry point (browser only).

#[cfg(target_arch = "wasm32")]
fn main() {
    if let Err(e) = nnlab::web::worker::run() {
        web_sys::console::error_1(&e);
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the worker runs in a browser: use `make serve`");
    std::process::exit(2);
}
