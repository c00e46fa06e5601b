//! Data augmentation for 2-D points: fresh random perturbations of the training set each
//! epoch (never of the test set). Each transform must preserve the label to help: jitter
//! always does for small strengths; rotation and reflection only on symmetric tasks (circle,
//! gauss along its diagonal...), which is itself a lesson worth showing.

use crate::error::{check_f64, ConfigError};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

pub const MAX_JITTER: f64 = 2.0;
pub const MAX_ROTATION_DEGREES: f64 = 180.0;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AugmentConfig {
    /// Std of gaussian noise added to each coordinate, in domain units (0 = off).
    pub jitter: f64,
    /// Maximum rotation about the origin, in degrees; each point turns by U(−r, r).
    pub rotation: f64,
    /// Probability of mirroring a point across the vertical axis (x → −x).
    pub reflection: f64,
}

impl AugmentConfig {
    pub fn validate(&self) -> Result<(), ConfigError> {
        check_f64("data.augment.jitter", self.jitter, 0.0, MAX_JITTER)?;
        check_f64(
            "data.augment.rotation",
            self.rotation,
            0.0,
            MAX_ROTATION_DEGREES,
        )?;
        check_f64("data.augment.reflection", self.reflection, 0.0, 1.0)
    }

    pub fn is_active(&self) -> bool {
        self.jitter > 0.0 || self.rotation > 0.0 || self.reflection > 0.0
    }

    /// Writes an augmented copy of `points` into `out`.
    pub fn apply(&self, points: &[[f64; 2]], rng: &mut Rng, out: &mut Vec<[f64; 2]>) {
        out.clear();
        let max_angle = self.rotation.to_radians();
        for &[mut x, mut y] in points {
            if max_angle > 0.0 {
                let a = rng.range(-max_angle, max_angle);
                let (s, c) = (libm::sin(a), libm::cos(a));
                (x, y) = (c * x - s * y, s * x + c * y);
            }
            if self.reflection > 0.0 && rng.chance(self.reflection) {
                x = -x;
            }
            if self.jitter > 0.0 {
                x += self.jitter * rng.normal();
                y += self.jitter * rng.normal();
            }
            out.push([x, y]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rotation_preserves_radius_and_jitter_moves_points() {
        let points = vec![[3.0, 4.0]; 50];
        let mut out = Vec::new();
        AugmentConfig {
            rotation: 90.0,
            ..Default::default()
        }
        .apply(&points, &mut Rng::new(1), &mut out);
        assert!(out.iter().all(|p| (p[0].hypot(p[1]) - 5.0).abs() < 1e-12));
        assert!(out.iter().any(|p| (p[0] - 3.0).abs() > 0.1));
        AugmentConfig {
            jitter: 0.5,
            ..Default::default()
        }
        .apply(&points, &mut Rng::new(1), &mut out);
        let moved = out.iter().filter(|p| **p != [3.0, 4.0]).count();
        assert_eq!(moved, 50);
    }

    #[test]
    fn reflection_mirrors_about_the_requested_share() {
        let points = vec![[1.0, 2.0]; 1000];
        let mut out = Vec::new();
        AugmentConfig {
            reflection: 0.5,
            ..Default::default()
        }
        .apply(&points, &mut Rng::new(2), &mut out);
        let mirrored = out.iter().filter(|p| p[0] == -1.0).count();
        assert!((430..570).contains(&mirrored), "{mirrored}");
        assert!(out.iter().all(|p| p[1] == 2.0));
    }

    #[test]
    fn off_by_default_and_ranges_checked() {
        assert!(!AugmentConfig::default().is_active());
        let e = AugmentConfig {
            rotation: 400.0,
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert_eq!(e.field, "data.augment.rotation");
    }
}
