//! User data as CSV rows `x,y,label` (label 0 or 1; −1 is read as 0 for ±1-labelled files).
//! A header line is allowed. Errors name the line and what is wrong with it.

use super::dataset::Dataset;
use std::fmt;

/// More rows than this would make the page crawl; the generators stop at 2,000 per split.
pub const MAX_CSV_ROWS: usize = 10_000;

#[derive(Clone, Debug, PartialEq)]
pub struct CsvError {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "CSV: {}", self.message)
        } else {
            write!(f, "CSV line {}: {}", self.line, self.message)
        }
    }
}

impl std::error::Error for CsvError {}

pub fn parse_csv(text: &str) -> Result<Dataset, CsvError> {
    let mut set = Dataset::default();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        let number = i + 1;
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        let err = |message: String| CsvError {
            line: number,
            message,
        };
        if fields.len() != 3 {
            return Err(err(format!(
                "expected 3 fields x,y,label, got {}",
                fields.len()
            )));
        }
        let x = fields[0].parse::<f64>();
        if set.is_empty() && x.is_err() && fields[2].parse::<f64>().is_err() {
            continue; // a header line
        }
        let coord = |s: &str, name: &str| match s.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(v),
            _ => Err(err(format!("{name} must be a finite number, got '{s}'"))),
        };
        let (x, y) = (coord(fields[0], "x")?, coord(fields[1], "y")?);
        let label = match fields[2] {
            "1" | "1.0" => 1,
            "0" | "0.0" | "-1" | "-1.0" => 0,
            other => return Err(err(format!("label must be 0 or 1, got '{other}'"))),
        };
        if set.len() == MAX_CSV_ROWS {
            return Err(err(format!("too many rows: at most {MAX_CSV_ROWS}")));
        }
        set.points.push([x, y]);
        set.labels.push(label);
    }
    check_usable(&set).map_err(|message| CsvError { line: 0, message })?;
    Ok(set)
}

/// A training set needs a few points of both classes.
pub fn check_usable(set: &Dataset) -> Result<(), String> {
    if set.len() < super::config::MIN_POINTS + 1 {
        return Err(format!(
            "need at least {} points, got {}",
            super::config::MIN_POINTS + 1,
            set.len()
        ));
    }
    if set.count_class(0) == 0 || set.count_class(1) == 0 {
        return Err("need points of both classes (0 and 1)".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "x,y,label\n1,2,1\n-1,0.5,0\n3,3,1\n# comment\n0,0,-1\n2,-2,0\n";

    #[test]
    fn parses_rows_with_header_comments_and_pm1_labels() {
        let set = parse_csv(GOOD).unwrap();
        assert_eq!(set.len(), 5);
        assert_eq!(set.labels, vec![1, 0, 1, 0, 0]);
        assert_eq!(set.points[1], [-1.0, 0.5]);
    }

    #[test]
    fn errors_name_the_line_and_the_problem() {
        let e = parse_csv("1,2,1\n3,oops,0\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "CSV line 2: y must be a finite number, got 'oops'"
        );
        let e = parse_csv("1,2,7\n").unwrap_err();
        assert_eq!(e.to_string(), "CSV line 1: label must be 0 or 1, got '7'");
        let e = parse_csv("1,2\n").unwrap_err();
        assert!(e.to_string().contains("expected 3 fields"));
        let e = parse_csv("1,2,1\n2,2,1\n3,3,1\n4,4,1\n5,5,1\n").unwrap_err();
        assert!(e.to_string().contains("both classes"));
        assert!(parse_csv("").unwrap_err().to_string().contains("at least"));
        assert!(parse_csv("nan,1,1").is_err());
    }
}
