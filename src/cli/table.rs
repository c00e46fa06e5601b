//! The readable report of `run`: a header, a row every few epochs (and the last), then the
//! status, the final metrics and the scenario's symptom check.

use super::report::{status_text, symptom_check, RunFacts};
use crate::train::{EpochStats, SetMetrics};
use std::io::{self, Write};

/// About this many epoch rows are printed, whatever the run's length.
pub const TABLE_ROWS: usize = 20;

pub fn write(facts: &RunFacts<'_>, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{}", header(facts))?;
    writeln!(
        out,
        "{:>5}  {:>10}  {:>10}  {:>9}  {:>8}  grad norm per layer (input → output)",
        "epoch", "train loss", "test loss", "train acc", "test acc"
    )?;
    writeln!(out, "{}", row(&facts.outcome.initial, false))?;
    let history = &facts.outcome.history;
    for i in shown_rows(history.len()) {
        writeln!(out, "{}", row(&history[i], true))?;
    }
    summary(facts, out)
}

fn header(facts: &RunFacts<'_>) -> String {
    let config = &facts.outcome.config;
    let what = match facts.scenario {
        Some(s) => {
            let remedies = match facts.remedies {
                [] => "none".to_string(),
                list => list.join(", "),
            };
            format!("scenario {} ({}), remedies: {remedies}", s.id, s.title)
        }
        None => facts.origin.to_string(),
    };
    let file = facts
        .source
        .file
        .as_deref()
        .map(|f| format!(" {f}"))
        .unwrap_or_default();
    format!(
        "{what}; seed {}; {} data{file}: {} train, {} test points",
        config.seed, facts.source.kind, facts.points.0, facts.points.1
    )
}

/// Indices of the epochs to print: the first, every k-th, and the last.
pub fn shown_rows(n: usize) -> Vec<usize> {
    let every = n.div_ceil(TABLE_ROWS).max(1);
    (0..n)
        .filter(|&i| i == 0 || (i + 1) % every == 0 || i + 1 == n)
        .collect()
}

/// One epoch's row; `steps` is false for the untrained network, which has taken no step
/// and so has no gradient to show.
fn row(s: &EpochStats, steps: bool) -> String {
    let grads: Vec<String> = s
        .layers
        .iter()
        .map(|l| match steps {
            true => format!("{:.1e}", l.grad_norm),
            false => format!("{:>7}", "-"),
        })
        .collect();
    format!(
        "{:>5}  {:>10}  {:>10}  {:>9}  {:>8}  {}",
        s.epoch,
        number(s.train.loss),
        number(s.test.loss),
        percent(s.train.accuracy),
        percent(s.test.accuracy),
        grads.join("  ")
    )
}

/// Fixed decimals for ordinary sizes, scientific for huge or tiny ones (so columns hold).
pub fn number(v: f64) -> String {
    let a = v.abs();
    if a != 0.0 && a.is_finite() && !(1e-3..1e4).contains(&a) {
        format!("{v:.3e}")
    } else {
        format!("{v:.4}")
    }
}

fn percent(v: f64) -> String {
    format!("{:.1}%", 100.0 * v)
}

/// Precision, or why there is none: with nothing predicted class 1 it is undefined, and a
/// 0% would claim every class-1 prediction was wrong.
fn precision(m: &SetMetrics) -> String {
    match m.predicted_positive {
        0 => "- (nothing predicted class 1)".into(),
        _ => percent(m.precision),
    }
}

fn summary(facts: &RunFacts<'_>, out: &mut dyn Write) -> io::Result<()> {
    let outcome = facts.outcome;
    let f = &outcome.final_stats;
    // A diverged network's outputs are NaN or infinite: accuracies counted from them would
    // read as a model beside "diverged", so they are not given (as on the page).
    let diverged = outcome.status.is_diverged();
    let share = |v: f64| {
        if diverged {
            "-".to_string()
        } else {
            percent(v)
        }
    };
    let class_1_precision = if diverged {
        "-".into()
    } else {
        precision(&f.test)
    };
    writeln!(
        out,
        "status: {} ({})",
        outcome.status.name(),
        status_text(&outcome.status, outcome.history.len())
    )?;
    writeln!(
        out,
        "final: train loss {}, test loss {}, train acc {}, test acc {}, test balanced acc {}, \
         class-1 precision {}, class-1 recall {}",
        number(f.train.loss),
        number(f.test.loss),
        share(f.train.accuracy),
        share(f.test.accuracy),
        share(f.test.balanced_accuracy),
        class_1_precision,
        share(f.test.recall)
    )?;
    match facts.scenario {
        None => writeln!(out, "symptom: none checked (no --scenario given)"),
        Some(s) => {
            let check = symptom_check(outcome, s);
            let kind = serde_json::to_value(check.expected)
                .ok()
                .and_then(|v| v["kind"].as_str().map(String::from))
                .unwrap_or_default();
            match check.detail {
                Some(d) => writeln!(out, "symptom ({kind}): shows: {d}"),
                None => writeln!(out, "symptom ({kind}): gone"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_cover_first_every_kth_and_last() {
        assert_eq!(shown_rows(3), vec![0, 1, 2]);
        assert_eq!(shown_rows(0), Vec::<usize>::new());
        let rows = shown_rows(101);
        assert_eq!(rows[..3], [0, 5, 11]);
        assert_eq!(*rows.last().unwrap(), 100);
        assert!(rows.len() <= TABLE_ROWS + 2);
    }

    #[test]
    fn numbers_keep_their_column_width() {
        assert_eq!(number(0.51234), "0.5123");
        assert_eq!(number(123456.0), "1.235e5");
        assert_eq!(number(0.00001), "1.000e-5");
        assert_eq!(number(f64::NAN), "NaN");
        assert_eq!(number(0.0), "0.0000");
    }
}
