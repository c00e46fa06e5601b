//! Learning-rate schedules, as a function of fractional epoch (epoch + batch / batches), so
//! warm-up ramps smoothly over optimiser steps rather than in epoch-sized jumps.

use super::config::{Schedule, TrainConfig};

/// The learning rate in force at fractional epoch `t` (0 at the first step).
pub fn learning_rate(config: &TrainConfig, t: f64) -> f64 {
    let base = config.learning_rate;
    let period = config.decay_epochs as f64;
    let decayed = match config.schedule {
        Schedule::Constant => base,
        Schedule::Step => base * libm::pow(config.decay_rate, (t / period).floor()),
        Schedule::Exponential => base * libm::pow(config.decay_rate, t / period),
        Schedule::Cosine => {
            let progress = (t / period).min(1.0);
            let cosine = 0.5 * (1.0 + libm::cos(std::f64::consts::PI * progress));
            base * (config.decay_rate + (1.0 - config.decay_rate) * cosine)
        }
    };
    if config.warmup_epochs > 0 && t < config.warmup_epochs as f64 {
        // The first step is already a small positive rate, never zero.
        decayed * (t + f64::EPSILON.sqrt()).min(config.warmup_epochs as f64)
            / config.warmup_epochs as f64
    } else {
        decayed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(schedule: Schedule) -> TrainConfig {
        TrainConfig {
            schedule,
            learning_rate: 1.0,
            decay_rate: 0.5,
            decay_epochs: 10,
            ..Default::default()
        }
    }

    #[test]
    fn each_schedule_follows_its_formula() {
        assert_eq!(learning_rate(&config(Schedule::Constant), 57.0), 1.0);
        assert_eq!(learning_rate(&config(Schedule::Step), 9.9), 1.0);
        assert_eq!(learning_rate(&config(Schedule::Step), 25.0), 0.25);
        assert!((learning_rate(&config(Schedule::Exponential), 5.0) - 0.5f64.sqrt()).abs() < 1e-12);
        assert!((learning_rate(&config(Schedule::Cosine), 5.0) - 0.75).abs() < 1e-12);
        assert_eq!(learning_rate(&config(Schedule::Cosine), 99.0), 0.5);
    }

    #[test]
    fn warmup_ramps_linearly_then_hands_over() {
        let c = TrainConfig {
            warmup_epochs: 4,
            learning_rate: 2.0,
            ..Default::default()
        };
        let first = learning_rate(&c, 0.0);
        assert!(first > 0.0 && first < 1e-6);
        assert!((learning_rate(&c, 1.0) - 0.5).abs() < 1e-7);
        assert!((learning_rate(&c, 2.0) - 1.0).abs() < 1e-7);
        assert_eq!(learning_rate(&c, 4.0), 2.0);
    }
}
