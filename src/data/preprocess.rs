//! The path from a raw point to the network's input vector:
//! raw (x, y) → unscaled-input bug (x·scale + offset) → optional standardisation → features.
//!
//! Standardisation statistics come from the training set only (using test statistics would
//! leak the test set into training). The same transform maps decision-grid points, so the
//! boundary is always drawn in raw domain coordinates.

use super::config::DataConfig;
use super::dataset::Dataset;
use super::features::Feature;

/// A variance below this is treated as a constant feature (left unscaled).
const MIN_STD: f64 = 1e-12;

#[derive(Clone, Debug, PartialEq)]
pub struct Preprocessor {
    scale: f64,
    offset: f64,
    mean: [f64; 2],
    inv_std: [f64; 2],
    features: Vec<Feature>,
}

impl Preprocessor {
    /// Fits standardisation (if on) to the training points.
    pub fn fit(config: &DataConfig, train: &Dataset) -> Self {
        let mut pre = Preprocessor {
            scale: config.input_scale,
            offset: config.input_offset,
            mean: [0.0; 2],
            inv_std: [1.0; 2],
            features: config.features.clone(),
        };
        if config.standardize && !train.is_empty() {
            let n = train.len() as f64;
            for axis in 0..2 {
                let values = train
                    .points
                    .iter()
                    .map(|p| p[axis] * pre.scale + pre.offset);
                let mean = values.clone().sum::<f64>() / n;
                let var = values.map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
                let std = var.sqrt();
                pre.mean[axis] = mean;
                pre.inv_std[axis] = if std > MIN_STD { 1.0 / std } else { 1.0 };
            }
        }
        pre
    }

    pub fn input_size(&self) -> usize {
        self.features.len()
    }

    /// Writes the network input for raw point `p` into `out` (length `input_size()`).
    #[inline]
    pub fn transform(&self, p: [f64; 2], out: &mut [f64]) {
        let x = ((p[0] * self.scale + self.offset) - self.mean[0]) * self.inv_std[0];
        let y = ((p[1] * self.scale + self.offset) - self.mean[1]) * self.inv_std[1];
        for (o, f) in out.iter_mut().zip(&self.features) {
            *o = f.eval(x, y);
        }
    }

    /// The row-major (points × features) input matrix for a set of raw points.
    pub fn transform_all(&self, points: &[[f64; 2]], out: &mut Vec<f64>) {
        let d = self.input_size();
        out.clear();
        out.resize(points.len() * d, 0.0);
        for (p, row) in points.iter().zip(out.chunks_exact_mut(d)) {
            self.transform(*p, row);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::dataset::generate_seeded;

    #[test]
    fn identity_by_default() {
        let pre = Preprocessor::fit(&DataConfig::default(), &Dataset::default());
        let mut out = [0.0; 2];
        pre.transform([1.5, -2.0], &mut out);
        assert_eq!(out, [1.5, -2.0]);
    }

    #[test]
    fn standardising_undoes_the_unscaled_input_bug() {
        let config = DataConfig {
            input_scale: 1000.0,
            input_offset: 500.0,
            standardize: true,
            ..Default::default()
        };
        let split = generate_seeded(&config, 1);
        let pre = Preprocessor::fit(&config, &split.train);
        let mut inputs = Vec::new();
        pre.transform_all(&split.train.points, &mut inputs);
        let n = split.train.len() as f64;
        for axis in 0..2 {
            let col: Vec<f64> = inputs.iter().skip(axis).step_by(2).copied().collect();
            let mean = col.iter().sum::<f64>() / n;
            let var = col.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
            assert!(
                mean.abs() < 1e-9 && (var - 1.0).abs() < 1e-9,
                "axis {axis}: {mean} {var}"
            );
        }
    }

    #[test]
    fn unscaled_inputs_are_in_the_thousands() {
        let config = DataConfig {
            input_scale: 1000.0,
            input_offset: 500.0,
            ..Default::default()
        };
        let pre = Preprocessor::fit(&config, &Dataset::default());
        let mut out = [0.0; 2];
        pre.transform([2.0, -1.0], &mut out);
        assert_eq!(out, [2500.0, -500.0]);
    }

    #[test]
    fn features_follow_the_configured_order() {
        let config = DataConfig {
            features: vec![Feature::XY, Feature::XSquared, Feature::Y],
            ..Default::default()
        };
        let pre = Preprocessor::fit(&config, &Dataset::default());
        let mut out = [0.0; 3];
        pre.transform([2.0, 3.0], &mut out);
        assert_eq!(out, [6.0, 4.0, 3.0]);
    }
}
