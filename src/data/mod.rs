//! Datasets: seeded generators, data bugs (label noise, shuffled labels, unscaled inputs,
//! imbalance), preprocessing and features, augmentation, and user-supplied CSV.

pub mod augment;
pub mod config;
pub mod csv;
pub mod dataset;
pub mod features;
pub mod generators;
pub mod preprocess;

pub use augment::AugmentConfig;
pub use config::{DataConfig, DatasetKind};
pub use dataset::{DataSplit, Dataset};
pub use features::Feature;
pub use generators::DOMAIN;
pub use preprocess::Preprocessor;
