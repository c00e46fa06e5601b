//! What the page needs to draw one frame, as compact numbers: decimated curves, the latest
//! metrics and layer statistics, the decision grid, and the points with their predictions.

use super::history::{Curve, Series, DISPLAY_BUCKETS};
use super::Session;
use crate::data::{Dataset, Preprocessor};
use crate::model::Activation;
use crate::train::evaluate::Evaluator;
use crate::train::{DivergedSteps, EpochStats, Status};

#[derive(Clone, Debug, PartialEq)]
pub struct PointSet {
    /// x0, y0, x1, y1, ... in domain units.
    pub xy: Vec<f32>,
    pub labels: Vec<u8>,
    /// The model's class for each point (for marking mistakes).
    pub predicted: Vec<u8>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    pub epoch: usize,
    pub status: Status,
    /// The epoch limit is reached.
    pub finished: bool,
    pub latest: EpochStats,
    pub train_loss: Curve,
    pub test_loss: Curve,
    /// Empty unless early stopping holds validation points out.
    pub validation_loss: Curve,
    /// Per weight layer, input side first: gradient norms and update-to-weight ratios from
    /// epoch 1, weight norms from epoch 0.
    pub grad_norms: Vec<Curve>,
    pub update_ratios: Vec<Curve>,
    pub weight_norms: Vec<Curve>,
    /// Side of the square decision grid, and its row-major class-1 scores (top row first).
    pub grid_size: usize,
    pub grid: Vec<f32>,
    /// Each weight layer's activation, input side first (the last is the output's): which
    /// unit-health measures apply to which layer.
    pub activations: Vec<Activation>,
    /// The completed steps of the epoch that diverged, once one has.
    pub diverged_steps: Option<DivergedSteps>,
    /// Past `RECORD_CAP` epochs, the epoch before which the exports keep only some epochs.
    pub records_thinned_before: Option<usize>,
    pub train: PointSet,
    pub test: PointSet,
}

impl Session {
    /// Builds a frame; `grid_size` is the decision grid's side (0 skips the grid).
    pub fn snapshot(&mut self, grid_size: usize) -> Snapshot {
        let mut grid = Vec::new();
        if self.status().is_diverged() {
            // The diverged network's outputs are NaN or infinite: the boundary is drawn grey
            // (no class), not as the sign pattern of overflowed numbers, which can look like
            // a perfect fit beside "diverged".
            grid.resize(grid_size * grid_size, f32::NAN);
        } else if grid_size > 0 {
            self.trainer_mut()
                .decision_grid(grid_size, grid_size, &mut grid);
        }
        let history = self.history();
        let layers = |series: &[Series]| -> Vec<Curve> {
            series.iter().map(|c| c.decimate(DISPLAY_BUCKETS)).collect()
        };
        Snapshot {
            epoch: self.epoch(),
            status: self.status(),
            finished: self.finished(),
            latest: self.latest().clone(),
            train_loss: history.train_loss.decimate(DISPLAY_BUCKETS),
            test_loss: history.test_loss.decimate(DISPLAY_BUCKETS),
            validation_loss: history.validation_loss.decimate(DISPLAY_BUCKETS),
            grad_norms: layers(&history.grad_norms),
            update_ratios: layers(&history.update_ratios),
            weight_norms: layers(&history.weight_norms),
            grid_size,
            grid,
            activations: self
                .trainer()
                .mlp()
                .layers
                .iter()
                .map(|l| l.activation)
                .collect(),
            diverged_steps: self.trainer().diverged_steps().cloned(),
            records_thinned_before: self.records_thinned_before(),
            train: self.point_set(&self.trainer().data().train),
            test: self.point_set(&self.trainer().data().test),
        }
    }

    fn point_set(&self, set: &Dataset) -> PointSet {
        let trainer = self.trainer();
        // Refitting on the same training set reproduces the trainer's preprocessing exactly.
        let pre = Preprocessor::fit(&trainer.config().data, &trainer.data().train);
        let mut inputs = Vec::new();
        pre.transform_all(&set.points, &mut inputs);
        let mut scores = Vec::new();
        Evaluator::default().scores(trainer.mlp(), &inputs, &mut scores);
        PointSet {
            xy: set
                .points
                .iter()
                .flat_map(|p| [p[0] as f32, p[1] as f32])
                .collect(),
            labels: set.labels.clone(),
            predicted: scores.iter().map(|&s| u8::from(s >= 0.5)).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Config;

    #[test]
    fn snapshot_holds_a_frame_of_the_right_sizes() {
        let mut session = Session::new(&Config::default()).unwrap();
        assert_eq!(
            session.snapshot(0).train_loss.epochs,
            vec![0],
            "never empty"
        );
        session.train(30);
        let snap = session.snapshot(100);
        assert_eq!(snap.epoch, 30);
        assert_eq!(snap.grid.len(), 100 * 100);
        assert!(snap.grid.iter().all(|v| (0.0..=1.0).contains(v)));
        assert_eq!(snap.train.xy.len(), 2 * snap.train.labels.len());
        assert_eq!(snap.train.predicted.len(), 250);
        assert_eq!(snap.train_loss.values.len(), 31, "epochs 0 to 30");
        assert_eq!(snap.train_loss.epochs[0], 0);
        assert_eq!(snap.grad_norms.len(), 3);
        assert_eq!(
            snap.grad_norms[0].epochs[0], 1,
            "no gradient before the first step"
        );
        assert_eq!(snap.update_ratios[2].values.len(), 30);
        assert_eq!(snap.weight_norms[1].values.len(), 31);
    }

    #[test]
    fn a_run_that_diverges_in_its_first_epoch_carries_its_steps() {
        // Six ReLU layers initialised with σ = 1.5: the signal grows ~10× a layer, and on
        // this seed a step inside the first epoch overflows.
        let mut config = Config {
            seed: 2,
            ..Config::default()
        };
        config.set("model.init_scale", "1.5").unwrap();
        config.set("model.weight_init", "normal").unwrap();
        config
            .set("model.hidden_layers", "16,16,16,16,16,16")
            .unwrap();
        config.set("model.activation", "relu").unwrap();
        let mut session = Session::new(&config).unwrap();
        session.train(5);
        let snap = session.snapshot(0);
        let crate::train::Status::Diverged(d) = snap.status else {
            panic!("diverges");
        };
        assert_eq!(d.epoch, 1, "inside the first epoch");
        assert_eq!(
            snap.train_loss.epochs,
            vec![0],
            "no epoch record but the untrained one"
        );
        let steps = snap.diverged_steps.expect("the diverged epoch's steps");
        assert!(!steps.loss.is_empty());
        assert_eq!(steps.grad_norms.len(), 7);
        assert!(steps.grad_norms.iter().all(|l| l.len() == steps.loss.len()));
        assert!(steps.loss.iter().all(|l| l.is_finite()));
        let grid = session.snapshot(8).grid;
        assert_eq!(grid.len(), 64);
        assert!(
            grid.iter().all(|s| s.is_nan()),
            "a diverged network draws no boundary"
        );
    }

    #[test]
    fn predictions_agree_with_the_reported_accuracy() {
        let mut session = Session::new(&Config::default()).unwrap();
        session.train(20);
        let snap = session.snapshot(0);
        let right = snap
            .test
            .predicted
            .iter()
            .zip(&snap.test.labels)
            .filter(|(p, l)| p == l)
            .count();
        let accuracy = right as f64 / snap.test.labels.len() as f64;
        assert!((accuracy - snap.latest.test.accuracy).abs() < 1e-12);
        assert!(snap.grid.is_empty());
    }
}
