//! Browser code: the worker loop, the page, and the message protocol between them.
//! `api`, `playback`, `protocol` and `settings` are plain data and test natively; the rest is
//! wasm only.

pub mod api;
pub mod playback;
pub mod protocol;
pub mod settings;

#[cfg(target_arch = "wasm32")]
pub mod encode;
#[cfg(target_arch = "wasm32")]
pub mod page;
#[cfg(target_arch = "wasm32")]
pub mod worker;
