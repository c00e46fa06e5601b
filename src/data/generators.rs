//! Seeded 2-D two-class generators. Each draws one point of a requested class, so class
//! counts (and hence imbalance) are exact rather than left to chance.

use super::config::DatasetKind;
use crate::rng::Rng;
use std::f64::consts::{PI, TAU};

/// Inputs live in [−DOMAIN, DOMAIN]²; generators keep their shapes within ±5 so that noise
/// rarely pushes a point outside.
pub const DOMAIN: f64 = 6.0;
const EXTENT: f64 = 5.0;
const CIRCLE_INNER_MAX: f64 = 2.5;
const CIRCLE_OUTER: (f64, f64) = (3.5, EXTENT);
/// XOR keeps points off the axes, where the label would be ambiguous.
const XOR_MARGIN: f64 = 0.3;
const GAUSS_CENTRE: f64 = 2.5;
const GAUSS_STD: f64 = 1.0;
/// Spiral arms turn 1.75 times, as in TensorFlow Playground.
const SPIRAL_TURNS: f64 = 1.75;
const MOONS_SCALE: f64 = 3.0;
const CHECKER_CELLS: usize = 4;

/// One point of `class` (0 or 1) from `kind`, with gaussian position noise of std `noise`.
/// `Custom` has no generator and yields the origin; callers never ask for it.
pub fn sample(kind: DatasetKind, class: u8, noise: f64, rng: &mut Rng) -> [f64; 2] {
    let [x, y] = match kind {
        DatasetKind::Circle => circle(class, rng),
        DatasetKind::Xor => xor(class, rng),
        DatasetKind::Gauss => gauss(class, rng),
        DatasetKind::Spiral => spiral(class, rng),
        DatasetKind::Moons => moons(class, rng),
        DatasetKind::Checkerboard => checkerboard(class, rng),
        DatasetKind::Custom => [0.0, 0.0],
    };
    if noise > 0.0 {
        [x + noise * rng.normal(), y + noise * rng.normal()]
    } else {
        [x, y]
    }
}

/// The class a noiseless point would have; used by tests to check each generator's shape.
pub fn true_class(kind: DatasetKind, [x, y]: [f64; 2]) -> Option<u8> {
    match kind {
        DatasetKind::Circle => Some(u8::from(
            x.hypot(y) > (CIRCLE_INNER_MAX + CIRCLE_OUTER.0) / 2.0,
        )),
        DatasetKind::Xor => Some(u8::from(x * y > 0.0)),
        DatasetKind::Gauss => Some(u8::from(x + y > 0.0)),
        DatasetKind::Checkerboard => {
            let cell =
                |v: f64| ((v + EXTENT) / (2.0 * EXTENT / CHECKER_CELLS as f64)).floor() as i64;
            Some(((cell(x) + cell(y)).rem_euclid(2)) as u8)
        }
        _ => None,
    }
}

fn polar(r: f64, angle: f64) -> [f64; 2] {
    [r * libm::cos(angle), r * libm::sin(angle)]
}

fn circle(class: u8, rng: &mut Rng) -> [f64; 2] {
    let r = if class == 0 {
        rng.range(0.0, CIRCLE_INNER_MAX)
    } else {
        rng.range(CIRCLE_OUTER.0, CIRCLE_OUTER.1)
    };
    polar(r, rng.range(0.0, TAU))
}

fn xor(class: u8, rng: &mut Rng) -> [f64; 2] {
    let ax = rng.range(XOR_MARGIN, EXTENT);
    let ay = rng.range(XOR_MARGIN, EXTENT);
    let sx = if rng.chance(0.5) { 1.0 } else { -1.0 };
    // Class 1 when x and y share a sign.
    let sy = if class == 1 { sx } else { -sx };
    [sx * ax, sy * ay]
}

fn gauss(class: u8, rng: &mut Rng) -> [f64; 2] {
    let c = if class == 1 {
        GAUSS_CENTRE
    } else {
        -GAUSS_CENTRE
    };
    [c + GAUSS_STD * rng.normal(), c + GAUSS_STD * rng.normal()]
}

fn spiral(class: u8, rng: &mut Rng) -> [f64; 2] {
    let t = rng.uniform();
    let angle = SPIRAL_TURNS * TAU * t + if class == 1 { PI } else { 0.0 };
    polar(EXTENT * t, angle)
}

fn moons(class: u8, rng: &mut Rng) -> [f64; 2] {
    let theta = rng.range(0.0, PI);
    let (x, y) = if class == 0 {
        (libm::cos(theta), libm::sin(theta))
    } else {
        (1.0 - libm::cos(theta), 0.5 - libm::sin(theta))
    };
    // Centre the pair of moons (x in [−1, 2], y in [−0.5, 1]) on the origin.
    [(x - 0.5) * MOONS_SCALE, (y - 0.25) * MOONS_SCALE]
}

fn checkerboard(class: u8, rng: &mut Rng) -> [f64; 2] {
    let size = 2.0 * EXTENT / CHECKER_CELLS as f64;
    let ix = rng.below(CHECKER_CELLS);
    // Pick a row whose parity with the column gives the wanted class.
    let iy = 2 * rng.below(CHECKER_CELLS / 2) + (ix + class as usize) % 2;
    [
        -EXTENT + size * (ix as f64 + rng.uniform()),
        -EXTENT + size * (iy as f64 + rng.uniform()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noiseless_points_have_the_requested_class() {
        let mut rng = Rng::new(11);
        for kind in [
            DatasetKind::Circle,
            DatasetKind::Xor,
            DatasetKind::Checkerboard,
        ] {
            for class in [0u8, 1] {
                for _ in 0..200 {
                    let p = sample(kind, class, 0.0, &mut rng);
                    assert_eq!(true_class(kind, p), Some(class), "{kind:?} {p:?}");
                }
            }
        }
    }

    #[test]
    fn gauss_blobs_are_mostly_separable() {
        let mut rng = Rng::new(5);
        let right = (0..500)
            .filter(|_| {
                true_class(
                    DatasetKind::Gauss,
                    sample(DatasetKind::Gauss, 1, 0.0, &mut rng),
                ) == Some(1)
            })
            .count();
        assert!(right > 480, "{right}");
    }

    #[test]
    fn every_generator_stays_in_the_domain_without_noise() {
        let mut rng = Rng::new(1);
        for kind in DatasetKind::GENERATED {
            for class in [0u8, 1] {
                for _ in 0..300 {
                    let [x, y] = sample(kind, class, 0.0, &mut rng);
                    let limit = if kind == DatasetKind::Gauss {
                        DOMAIN + 2.0
                    } else {
                        DOMAIN
                    };
                    assert!(x.abs() <= limit && y.abs() <= limit, "{kind:?} {x} {y}");
                }
            }
        }
    }

    #[test]
    fn spiral_arms_are_point_reflections_of_each_other() {
        // Same draw for t, different class: arm 1 is arm 0 turned by π.
        let (mut a, mut b) = (Rng::new(3), Rng::new(3));
        let p0 = sample(DatasetKind::Spiral, 0, 0.0, &mut a);
        let p1 = sample(DatasetKind::Spiral, 1, 0.0, &mut b);
        assert!((p0[0] + p1[0]).abs() < 1e-12 && (p0[1] + p1[1]).abs() < 1e-12);
    }
}
