//! The multi-layer perceptron's parameters and structure.
//!
//! Layer `l` maps its input `x` (batch × fan_in) to `z = x·Wᵀ + b` (batch × units), with
//! `W` stored as units × fan_in (row = one unit's incoming weights). Hidden layers may batch-
//! normalise `z` (then `b` is unused: β takes its place), apply their activation, drop out
//! units, and add a skip connection. The last layer is the single output unit.

use super::activation::Activation;
use super::config::ModelConfig;
use crate::rng::Rng;
use ndarray::{Array1, Array2};

/// Trainable tensors of one layer. Gradients and optimiser state use the same shape.
#[derive(Clone, Debug, PartialEq)]
pub struct LayerParams {
    pub weights: Array2<f64>,
    pub biases: Array1<f64>,
    /// Batch-norm scale γ and shift β; empty when the layer has no batch norm.
    pub gamma: Array1<f64>,
    pub beta: Array1<f64>,
}

impl LayerParams {
    pub fn zeros_like(other: &LayerParams) -> Self {
        LayerParams {
            weights: Array2::zeros(other.weights.raw_dim()),
            biases: Array1::zeros(other.biases.len()),
            gamma: Array1::zeros(other.gamma.len()),
            beta: Array1::zeros(other.beta.len()),
        }
    }

    pub fn fill(&mut self, value: f64) {
        self.weights.fill(value);
        self.biases.fill(value);
        self.gamma.fill(value);
        self.beta.fill(value);
    }

    /// The four tensors as flat slices: weights, biases, γ, β.
    pub fn tensors(&self) -> [&[f64]; 4] {
        [
            self.weights.as_slice().expect("standard layout"),
            self.biases.as_slice().expect("standard layout"),
            self.gamma.as_slice().expect("standard layout"),
            self.beta.as_slice().expect("standard layout"),
        ]
    }

    pub fn tensors_mut(&mut self) -> [&mut [f64]; 4] {
        [
            self.weights.as_slice_mut().expect("standard layout"),
            self.biases.as_slice_mut().expect("standard layout"),
            self.gamma.as_slice_mut().expect("standard layout"),
            self.beta.as_slice_mut().expect("standard layout"),
        ]
    }

    /// Sum of squares over every tensor.
    pub fn sum_squares(&self) -> f64 {
        self.tensors()
            .iter()
            .flat_map(|t| t.iter())
            .map(|v| v * v)
            .sum()
    }

    pub fn all_finite(&self) -> bool {
        self.tensors()
            .iter()
            .all(|t| t.iter().all(|v| v.is_finite()))
    }
}

/// Running mean and variance of batch-norm pre-activations, used in evaluation mode.
#[derive(Clone, Debug, PartialEq)]
pub struct RunningStats {
    pub mean: Vec<f64>,
    pub var: Vec<f64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Layer {
    pub params: LayerParams,
    pub activation: Activation,
    pub batch_norm: Option<RunningStats>,
    /// Adds the layer's input to its output (needs equal widths).
    pub skip: bool,
    /// Dropout probability on this layer's output while training.
    pub dropout: f64,
}

impl Layer {
    pub fn units(&self) -> usize {
        self.params.weights.nrows()
    }

    pub fn fan_in(&self) -> usize {
        self.params.weights.ncols()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Mlp {
    pub layers: Vec<Layer>,
}

impl Mlp {
    /// Builds and initialises a network for `inputs` input features.
    pub fn new(config: &ModelConfig, inputs: usize, rng: &mut Rng) -> Self {
        let mut layers = Vec::with_capacity(config.hidden_layers.len() + 1);
        let mut fan_in = inputs;
        for (i, &units) in config.hidden_layers.iter().enumerate() {
            let bn = config.batch_norm;
            layers.push(Layer {
                params: init_params(config, fan_in, units, bn, rng),
                activation: config.hidden_activation(i),
                batch_norm: bn.then(|| RunningStats {
                    mean: vec![0.0; units],
                    var: vec![1.0; units],
                }),
                skip: config.residual && i > 0 && units == fan_in,
                dropout: config.dropout,
            });
            fan_in = units;
        }
        layers.push(Layer {
            params: init_params(config, fan_in, 1, false, rng),
            activation: config.output_activation,
            batch_norm: None,
            skip: false,
            dropout: 0.0,
        });
        Mlp { layers }
    }

    pub fn input_size(&self) -> usize {
        self.layers[0].fan_in()
    }

    /// Widest layer, for sizing scratch buffers.
    pub fn max_width(&self) -> usize {
        self.layers
            .iter()
            .map(|l| l.units().max(l.fan_in()))
            .max()
            .unwrap_or(1)
    }

    pub fn params(&self) -> Vec<LayerParams> {
        self.layers.iter().map(|l| l.params.clone()).collect()
    }

    pub fn set_params(&mut self, params: &[LayerParams]) {
        for (layer, p) in self.layers.iter_mut().zip(params) {
            layer.params.clone_from(p);
        }
    }
}

fn init_params(
    config: &ModelConfig,
    fan_in: usize,
    units: usize,
    bn: bool,
    rng: &mut Rng,
) -> LayerParams {
    let weights = Array2::from_shape_fn((units, fan_in), |_| {
        config
            .weight_init
            .sample(config.init_scale, fan_in, units, rng)
    });
    // With batch norm the bias is cancelled by the mean subtraction, so it stays at 0.
    let bias = if bn { 0.0 } else { config.bias_init };
    let norm_len = if bn { units } else { 0 };
    LayerParams {
        weights,
        biases: Array1::from_elem(units, bias),
        gamma: Array1::from_elem(norm_len, 1.0),
        beta: Array1::zeros(norm_len),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::init::Init;

    #[test]
    fn shapes_follow_the_config() {
        let config = ModelConfig {
            hidden_layers: vec![5, 3],
            ..Default::default()
        };
        let mlp = Mlp::new(&config, 2, &mut Rng::new(1));
        let shapes: Vec<(usize, usize)> =
            mlp.layers.iter().map(|l| l.params.weights.dim()).collect();
        assert_eq!(shapes, vec![(5, 2), (3, 5), (1, 3)]);
        assert_eq!(mlp.layers[2].activation, Activation::Sigmoid);
    }

    #[test]
    fn residual_skips_only_between_equal_widths() {
        let config = ModelConfig {
            hidden_layers: vec![4, 4, 6, 6],
            residual: true,
            ..Default::default()
        };
        let mlp = Mlp::new(&config, 2, &mut Rng::new(1));
        let skips: Vec<bool> = mlp.layers.iter().map(|l| l.skip).collect();
        assert_eq!(skips, vec![false, true, false, true, false]);
    }

    #[test]
    fn batch_norm_adds_gamma_beta_and_zero_biases() {
        let config = ModelConfig {
            batch_norm: true,
            bias_init: 0.5,
            ..Default::default()
        };
        let mlp = Mlp::new(&config, 2, &mut Rng::new(1));
        assert_eq!(mlp.layers[0].params.gamma.len(), 8);
        assert!(mlp.layers[0].params.biases.iter().all(|&b| b == 0.0));
        assert!(mlp.layers[2].batch_norm.is_none());
        assert_eq!(mlp.layers[2].params.biases[0], 0.5);
    }

    #[test]
    fn zero_init_gives_identical_units() {
        let config = ModelConfig {
            weight_init: Init::Zeros,
            ..Default::default()
        };
        let mlp = Mlp::new(&config, 2, &mut Rng::new(1));
        assert!(mlp
            .layers
            .iter()
            .all(|l| l.params.weights.iter().all(|&w| w == 0.0)));
    }
}
