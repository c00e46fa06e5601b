//! Checks on data and parameters supplied from outside (a CSV file, a run bundle), which
//! config validation cannot see.

use crate::data::dataset::DataSplit;
use crate::error::ConfigError;
use crate::model::{LayerParams, Mlp};

pub(super) fn check_split(data: &DataSplit) -> Result<(), ConfigError> {
    for (name, set) in [("train", &data.train), ("test", &data.test)] {
        if set.is_empty() {
            return Err(ConfigError::new(
                format!("data.{name}"),
                "must hold at least one point, got none",
            ));
        }
        if set.points.len() != set.labels.len() {
            return Err(ConfigError::new(
                format!("data.{name}"),
                "has a different number of points and labels",
            ));
        }
        if let Some(i) = set
            .points
            .iter()
            .position(|p| !p[0].is_finite() || !p[1].is_finite())
        {
            return Err(ConfigError::new(
                format!("data.{name}[{i}]"),
                "must be finite numbers",
            ));
        }
        if let Some(i) = set.labels.iter().position(|&l| l > 1) {
            return Err(ConfigError::new(
                format!("data.{name}[{i}]"),
                format!("label must be 0 or 1, got {}", set.labels[i]),
            ));
        }
    }
    Ok(())
}

pub(super) fn check_shapes(mlp: &Mlp, params: &[LayerParams]) -> Result<(), ConfigError> {
    if params.len() != mlp.layers.len() {
        return Err(ConfigError::new(
            "init",
            format!(
                "must hold {} layers for this model, got {}",
                mlp.layers.len(),
                params.len()
            ),
        ));
    }
    for (l, (layer, p)) in mlp.layers.iter().zip(params).enumerate() {
        let want = layer.params.weights.dim();
        if p.weights.dim() != want || p.biases.len() != want.0 {
            return Err(ConfigError::new(
                format!("init[{l}]"),
                format!(
                    "must be {} units × {} inputs with {} biases, got {} × {} with {}",
                    want.0,
                    want.1,
                    want.0,
                    p.weights.nrows(),
                    p.weights.ncols(),
                    p.biases.len()
                ),
            ));
        }
        if p.gamma.len() != layer.params.gamma.len() || p.beta.len() != layer.params.beta.len() {
            return Err(ConfigError::new(
                format!("init[{l}]"),
                "batch-norm parameters do not match the model",
            ));
        }
        if !p.all_finite() {
            return Err(ConfigError::new(
                format!("init[{l}]"),
                "must be finite numbers",
            ));
        }
    }
    Ok(())
}
