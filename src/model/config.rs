//! The shape of the network: layers, activations, initialisation, and architectural remedies
//! (residual connections, batch normalisation, dropout).

use super::activation::Activation;
use super::init::Init;
use crate::error::{check_f64, check_usize, ConfigError};
use serde::{Deserialize, Serialize};

pub const MAX_HIDDEN_LAYERS: usize = 10;
pub const MAX_WIDTH: usize = 64;
pub const MAX_INIT_SCALE: f64 = 100.0;
pub const MAX_BIAS_INIT: f64 = 10.0;
/// Dropping more than this leaves too few units to learn anything.
pub const MAX_DROPOUT: f64 = 0.9;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ModelConfig {
    /// Width of each hidden layer, input side first; empty is a linear/logistic model.
    pub hidden_layers: Vec<usize>,
    /// Activation of every hidden layer, unless `layer_activations` overrides it.
    pub activation: Activation,
    /// Per-layer activations; empty, or one per hidden layer.
    pub layer_activations: Vec<Activation>,
    /// Activation of the single output unit: sigmoid, tanh or linear.
    pub output_activation: Activation,
    pub weight_init: Init,
    /// σ for `normal`, a for `uniform(−a, a)`, the value for `constant`; others ignore it.
    pub init_scale: f64,
    pub bias_init: f64,
    /// Skip connections `h = φ(z) + h_prev` between consecutive hidden layers of equal width.
    pub residual: bool,
    /// Batch normalisation of every hidden layer's pre-activation.
    pub batch_norm: bool,
    /// Inverted dropout on hidden outputs during training (probability of dropping a unit).
    pub dropout: f64,
}

impl Default for ModelConfig {
    fn default() -> Self {
        ModelConfig {
            hidden_layers: vec![8, 8],
            activation: Activation::Tanh,
            layer_activations: Vec::new(),
            output_activation: Activation::Sigmoid,
            weight_init: Init::XavierUniform,
            init_scale: 1.0,
            bias_init: 0.0,
            residual: false,
            batch_norm: false,
            dropout: 0.0,
        }
    }
}

impl ModelConfig {
    pub fn validate(&self) -> Result<(), ConfigError> {
        check_usize(
            "model.hidden_layers (count)",
            self.hidden_layers.len(),
            0,
            MAX_HIDDEN_LAYERS,
        )?;
        for (i, &w) in self.hidden_layers.iter().enumerate() {
            check_usize(&format!("model.hidden_layers[{i}]"), w, 1, MAX_WIDTH)?;
        }
        if !self.layer_activations.is_empty()
            && self.layer_activations.len() != self.hidden_layers.len()
        {
            return Err(ConfigError::new(
                "model.layer_activations",
                format!(
                    "must be empty or list one activation per hidden layer ({}), got {}",
                    self.hidden_layers.len(),
                    self.layer_activations.len()
                ),
            ));
        }
        if !matches!(
            self.output_activation,
            Activation::Sigmoid | Activation::Tanh | Activation::Linear
        ) {
            return Err(ConfigError::new(
                "model.output_activation",
                format!(
                    "must be sigmoid, tanh or linear, got {}",
                    self.output_activation.name()
                ),
            ));
        }
        check_f64("model.init_scale", self.init_scale, 0.0, MAX_INIT_SCALE)?;
        check_f64(
            "model.bias_init",
            self.bias_init,
            -MAX_BIAS_INIT,
            MAX_BIAS_INIT,
        )?;
        check_f64("model.dropout", self.dropout, 0.0, MAX_DROPOUT)
    }

    /// The activation of hidden layer `i`.
    pub fn hidden_activation(&self, i: usize) -> Activation {
        self.layer_activations
            .get(i)
            .copied()
            .unwrap_or(self.activation)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_valid_and_bad_values_name_their_field() {
        ModelConfig::default().validate().unwrap();
        let too_wide = ModelConfig {
            hidden_layers: vec![8, 65],
            ..Default::default()
        };
        assert_eq!(
            too_wide.validate().unwrap_err().to_string(),
            "model.hidden_layers[1] must be in 1..=64, got 65"
        );
        let too_deep = ModelConfig {
            hidden_layers: vec![4; 11],
            ..Default::default()
        };
        assert!(too_deep
            .validate()
            .unwrap_err()
            .field
            .starts_with("model.hidden_layers"));
        let relu_out = ModelConfig {
            output_activation: Activation::Relu,
            ..Default::default()
        };
        assert_eq!(
            relu_out.validate().unwrap_err().field,
            "model.output_activation"
        );
        let overrides = ModelConfig {
            layer_activations: vec![Activation::Relu],
            ..Default::default()
        };
        assert_eq!(
            overrides.validate().unwrap_err().field,
            "model.layer_activations"
        );
        let dropout = ModelConfig {
            dropout: 1.0,
            ..Default::default()
        };
        assert_eq!(dropout.validate().unwrap_err().field, "model.dropout");
    }

    #[test]
    fn per_layer_activation_overrides_the_default() {
        let config = ModelConfig {
            layer_activations: vec![Activation::Relu, Activation::Sigmoid],
            ..Default::default()
        };
        assert_eq!(config.hidden_activation(1), Activation::Sigmoid);
        assert_eq!(
            ModelConfig::default().hidden_activation(1),
            Activation::Tanh
        );
    }
}
