//! The run configuration and its validation, and the catalog of failures and remedies
//! with the symptoms that define them.

pub mod catalog;
mod catalog_v1;
mod catalog_v2;
mod catalog_v3;
mod catalog_v4;
pub mod config;
pub mod run;
pub mod selection;
pub mod symptom;

pub use catalog::{Remedy, Scenario};
pub use config::Config;
pub use run::{run_config, run_scenario, RunOutcome};
pub use selection::Selection;
pub use symptom::Symptom;
