//! Input features computed from a 2-D point, as TensorFlow Playground offers them.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Hash)]
pub enum Feature {
    #[serde(rename = "x")]
    X,
    #[serde(rename = "y")]
    Y,
    #[serde(rename = "x2")]
    XSquared,
    #[serde(rename = "y2")]
    YSquared,
    #[serde(rename = "xy")]
    XY,
    #[serde(rename = "sin-x")]
    SinX,
    #[serde(rename = "sin-y")]
    SinY,
}

impl Feature {
    pub const ALL: [Feature; 7] = [
        Feature::X,
        Feature::Y,
        Feature::XSquared,
        Feature::YSquared,
        Feature::XY,
        Feature::SinX,
        Feature::SinY,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Feature::X => "x",
            Feature::Y => "y",
            Feature::XSquared => "x2",
            Feature::YSquared => "y2",
            Feature::XY => "xy",
            Feature::SinX => "sin-x",
            Feature::SinY => "sin-y",
        }
    }

    pub fn eval(self, x: f64, y: f64) -> f64 {
        match self {
            Feature::X => x,
            Feature::Y => y,
            Feature::XSquared => x * x,
            Feature::YSquared => y * y,
            Feature::XY => x * y,
            Feature::SinX => libm::sin(x),
            Feature::SinY => libm::sin(y),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_compute_their_formula() {
        assert_eq!(Feature::XY.eval(2.0, 3.0), 6.0);
        assert_eq!(Feature::YSquared.eval(2.0, 3.0), 9.0);
        assert!((Feature::SinX.eval(std::f64::consts::FRAC_PI_2, 0.0) - 1.0).abs() < 1e-15);
    }

    #[test]
    fn names_are_what_serde_uses() {
        for f in Feature::ALL {
            let json = serde_json::to_string(&f).unwrap();
            assert_eq!(json, format!("\"{}\"", f.name()));
        }
    }
}
