//! nnlab: why isn't my network learning? A seeded, deterministic MLP trainer on 2-D toy
//! data, a catalog of failure scenarios with their remedies, and the views that show them.

// Numeric kernels index several parallel buffers with one counter; iterator zips obscure them.
#![allow(clippy::needless_range_loop)]

pub mod bundle;
pub mod cli;
pub mod data;
pub mod error;
pub mod link;
pub mod model;
pub mod rng;
pub mod scenario;
pub mod session;
pub mod train;
pub mod view;
pub mod web;
