//! Classification metrics from a confusion matrix; class 1 is the positive class.

use serde::Serialize;

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Confusion {
    pub true_pos: usize,
    pub false_pos: usize,
    pub true_neg: usize,
    pub false_neg: usize,
}

impl Confusion {
    pub fn add(&mut self, predicted: u8, actual: u8) {
        match (predicted, actual) {
            (1, 1) => self.true_pos += 1,
            (1, _) => self.false_pos += 1,
            (_, 1) => self.false_neg += 1,
            _ => self.true_neg += 1,
        }
    }

    pub fn total(&self) -> usize {
        self.true_pos + self.false_pos + self.true_neg + self.false_neg
    }
}

/// Loss and classification quality on one set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct SetMetrics {
    pub loss: f64,
    pub accuracy: f64,
    /// Of the points predicted class 1, the share that are (0 when none is predicted).
    pub precision: f64,
    /// Of the class-1 points, the share found (0 when there are none).
    pub recall: f64,
    pub f1: f64,
    /// Of the class-0 points, the share found (0 when there are none).
    pub specificity: f64,
    /// The mean of the two classes' recalls: 0.5 for always answering one class, however
    /// imbalanced the set, which plain accuracy is not.
    pub balanced_accuracy: f64,
    /// How many points were predicted class 1: with none, precision is undefined.
    pub predicted_positive: usize,
}

impl SetMetrics {
    pub fn from_confusion(loss: f64, c: &Confusion) -> Self {
        let ratio = |num: usize, den: usize| {
            if den == 0 {
                0.0
            } else {
                num as f64 / den as f64
            }
        };
        let precision = ratio(c.true_pos, c.true_pos + c.false_pos);
        let recall = ratio(c.true_pos, c.true_pos + c.false_neg);
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        let specificity = ratio(c.true_neg, c.true_neg + c.false_pos);
        SetMetrics {
            loss,
            accuracy: ratio(c.true_pos + c.true_neg, c.total()),
            precision,
            recall,
            f1,
            specificity,
            balanced_accuracy: (recall + specificity) / 2.0,
            predicted_positive: c.true_pos + c.false_pos,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_follow_their_definitions() {
        let mut c = Confusion::default();
        for (p, a) in [
            (1, 1),
            (1, 1),
            (1, 0),
            (0, 1),
            (0, 0),
            (0, 0),
            (0, 0),
            (0, 0),
        ] {
            c.add(p, a);
        }
        let m = SetMetrics::from_confusion(0.3, &c);
        assert_eq!(m.accuracy, 6.0 / 8.0);
        assert_eq!(m.precision, 2.0 / 3.0);
        assert_eq!(m.recall, 2.0 / 3.0);
        assert!((m.f1 - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(m.specificity, 4.0 / 5.0);
        assert_eq!(m.balanced_accuracy, (2.0 / 3.0 + 4.0 / 5.0) / 2.0);
        assert_eq!(m.predicted_positive, 3);
    }

    #[test]
    fn never_predicting_the_minority_gives_zero_recall_not_nan() {
        let mut c = Confusion::default();
        (0..9).for_each(|_| c.add(0, 0));
        c.add(0, 1);
        let m = SetMetrics::from_confusion(0.1, &c);
        assert_eq!(
            (m.accuracy, m.precision, m.recall, m.f1),
            (0.9, 0.0, 0.0, 0.0)
        );
        // Plain accuracy rewards ignoring the minority; balanced accuracy does not.
        assert_eq!((m.balanced_accuracy, m.predicted_positive), (0.5, 0));
    }
}
