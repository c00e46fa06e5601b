//! Validation errors: which field, what it must be, what it was.

use std::fmt;

/// A config value out of range or inconsistent with another. Its message names the field
/// by its dotted path (the same path `--set` and share links use) and the offending value.
#[derive(Clone, Debug, PartialEq)]
pub struct ConfigError {
    pub field: String,
    pub message: String,
}

impl ConfigError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        ConfigError {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.field, self.message)
    }
}

impl std::error::Error for ConfigError {}

/// Longest run of characters without a space that a message keeps: a quoted input (a
/// number of fifty million digits, a megabyte-long string) is cut there, with an ellipsis.
pub const MAX_QUOTE_CHARS: usize = 80;
/// Longest message kept whole; a longer one keeps its start and its end.
pub const MAX_MESSAGE_CHARS: usize = 400;

/// `message` made short enough to show whatever input it quotes: on one line, each word at
/// most `MAX_QUOTE_CHARS` characters, and at most about `MAX_MESSAGE_CHARS` in all. The CLI,
/// the page and the embed API's `error` events all pass their messages through this.
pub fn short_message(message: &str) -> String {
    let words: Vec<String> = message
        .split_whitespace()
        .map(|w| crate::link::shown(w, MAX_QUOTE_CHARS))
        .collect();
    let line = words.join(" ");
    let count = line.chars().count();
    if count <= MAX_MESSAGE_CHARS {
        return line;
    }
    let tail = MAX_QUOTE_CHARS;
    let head: String = line.chars().take(MAX_MESSAGE_CHARS - tail).collect();
    let end: String = line.chars().skip(count - tail).collect();
    format!("{head} … {end}")
}

/// `lo <= value <= hi`, and finite.
pub fn check_f64(field: &str, value: f64, lo: f64, hi: f64) -> Result<(), ConfigError> {
    if value.is_finite() && value >= lo && value <= hi {
        Ok(())
    } else {
        Err(ConfigError::new(
            field,
            format!("must be in [{lo}, {hi}], got {value}"),
        ))
    }
}

/// `lo < value <= hi`, and finite.
pub fn check_f64_open_low(field: &str, value: f64, lo: f64, hi: f64) -> Result<(), ConfigError> {
    if value.is_finite() && value > lo && value <= hi {
        Ok(())
    } else {
        Err(ConfigError::new(
            field,
            format!("must be in ({lo}, {hi}], got {value}"),
        ))
    }
}

pub fn check_usize(field: &str, value: usize, lo: usize, hi: usize) -> Result<(), ConfigError> {
    if (lo..=hi).contains(&value) {
        Ok(())
    } else {
        Err(ConfigError::new(
            field,
            format!("must be in {lo}..={hi}, got {value}"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_quotes_and_long_messages_are_cut() {
        let huge = format!(
            "invalid number \"{}\" at line 1 column 50000085",
            "9".repeat(50_000)
        );
        let short = short_message(&huge);
        assert!(short.chars().count() < 200, "{short}");
        assert!(short.starts_with("invalid number \"9999") && short.contains('…'));
        assert!(short.ends_with("column 50000085"));
        let many = "word ".repeat(100_000);
        let cut = short_message(&many);
        assert!(
            cut.chars().count() <= MAX_MESSAGE_CHARS + 3,
            "{}",
            cut.len()
        );
        assert_eq!(
            short_message("seed must be in 0..=9, got 12"),
            "seed must be in 0..=9, got 12"
        );
        assert_eq!(short_message("two\nlines"), "two lines");
    }

    #[test]
    fn messages_name_field_range_and_value() {
        let e = check_f64_open_low("train.learning_rate", -3.0, 0.0, 10.0).unwrap_err();
        assert_eq!(
            e.to_string(),
            "train.learning_rate must be in (0, 10], got -3"
        );
        let e = check_usize("data.train_size", 3, 4, 2000).unwrap_err();
        assert_eq!(e.to_string(), "data.train_size must be in 4..=2000, got 3");
    }

    #[test]
    fn nan_and_infinity_are_rejected() {
        assert!(check_f64("x", f64::NAN, 0.0, 1.0).is_err());
        assert!(check_f64("x", f64::INFINITY, 0.0, f64::MAX).is_err());
        assert!(check_f64("x", 1.0, 0.0, 1.0).is_ok());
    }
}
