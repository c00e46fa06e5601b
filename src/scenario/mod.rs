//! The run configuration and its validation, and the catalog of failures and remedies.

pub mod config;

pub use config::Config;
