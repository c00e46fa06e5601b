//! Applying a set of setting edits whatever order they are listed in.
//!
//! `Config::set` validates after every edit, and some fields constrain each other
//! (cross-entropy needs a sigmoid output; per-layer activations must match the layer count;
//! an imbalance ratio must leave a minority point). A link lists keys in table order, which
//! need not be an order in which each intermediate config is valid: going from MSE with a
//! tanh output to cross-entropy with a sigmoid one works only output first. So edits that
//! fail are retried after the others, until a pass applies nothing new. The result is the
//! same for any listing of the same edits, and the order in which they applied is one that
//! `Selection::config` can replay.

use crate::scenario::Config;

/// The outcome of applying edits to a valid config.
pub struct Settled {
    /// The config after every edit that could be applied; always valid.
    pub config: Config,
    /// Indices of the applied edits, in the order they applied.
    pub applied: Vec<usize>,
    /// Indices of the edits that never applied, with the last error each gave.
    pub rejected: Vec<(usize, String)>,
}

/// Applies `edits` (path, `Config::set` text) to `base`, retrying failed edits after the
/// others. At most n passes of n edits, so quadratic in the edit count, which is at most
/// the number of settings.
pub fn settle<P: AsRef<str>, T: AsRef<str>>(base: &Config, edits: &[(P, T)]) -> Settled {
    let mut config = base.clone();
    let mut applied = Vec::with_capacity(edits.len());
    let mut pending: Vec<usize> = (0..edits.len()).collect();
    let mut errors: Vec<String> = vec![String::new(); edits.len()];
    loop {
        let before = pending.len();
        pending.retain(|&i| {
            let (path, text) = &edits[i];
            match config.set(path.as_ref(), text.as_ref()) {
                Ok(()) => {
                    applied.push(i);
                    false
                }
                Err(e) => {
                    errors[i] = e;
                    true
                }
            }
        });
        if pending.is_empty() || pending.len() == before {
            break;
        }
    }
    let rejected = pending
        .into_iter()
        .map(|i| (i, std::mem::take(&mut errors[i])))
        .collect();
    Settled {
        config,
        applied,
        rejected,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Activation;
    use crate::train::Loss;

    fn mse_tanh() -> Config {
        let mut c = Config::default();
        c.set("train.loss", "mse").unwrap();
        c.set("model.output_activation", "tanh").unwrap();
        c
    }

    #[test]
    fn constrained_edits_apply_in_whichever_order_works() {
        let edits = [
            ("model.output_activation", "sigmoid"),
            ("train.loss", "cross-entropy"),
        ];
        let reversed = [edits[1], edits[0]];
        for list in [&edits, &reversed] {
            let s = settle(&mse_tanh(), list);
            assert!(s.rejected.is_empty());
            assert_eq!(s.config.train.loss, Loss::CrossEntropy);
            assert_eq!(s.config.model.output_activation, Activation::Sigmoid);
        }
        // The recorded order replays: output first.
        let s = settle(&mse_tanh(), &reversed);
        assert_eq!(s.applied, [1, 0]);
    }

    #[test]
    fn bad_edits_are_rejected_and_the_rest_apply() {
        let edits = [
            ("train.learning_rate", "-3"),
            ("train.l2", "0.01"),
            ("train.nope", "1"),
        ];
        let s = settle(&Config::default(), &edits);
        assert_eq!(s.applied, [1]);
        assert_eq!(s.config.train.l2, 0.01);
        assert_eq!(
            s.config.train.learning_rate,
            Config::default().train.learning_rate
        );
        let rejected: Vec<usize> = s.rejected.iter().map(|r| r.0).collect();
        assert_eq!(rejected, [0, 2]);
        assert!(s.rejected[0].1.contains("train.learning_rate"));
    }

    #[test]
    fn an_inconsistent_pair_keeps_the_first_that_fits() {
        let edits = [
            ("model.output_activation", "tanh"),
            ("train.loss", "cross-entropy"),
        ];
        let s = settle(&mse_tanh(), &edits);
        assert_eq!(s.applied, [0]);
        assert_eq!(s.rejected.len(), 1);
        s.config.validate().unwrap();
    }
}
