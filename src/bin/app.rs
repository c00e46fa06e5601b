//! The page's entry point (browser only).

#[cfg(target_arch = "wasm32")]
fn main() {
    if let Err(e) = nnlab::web::page::run() {
        web_sys::console::error_1(&e);
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the app runs in a browser: use `make serve`");
    std::process::exit(2);
}
