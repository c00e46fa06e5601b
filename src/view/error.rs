//! What can go wrong while drawing: the backend failed, or the data does not fit together.

use plotters::drawing::DrawingAreaErrorKind;
use std::fmt;

#[derive(Clone, Debug, PartialEq)]
pub enum ViewError {
    /// The drawing backend (canvas, SVG writer) reported an error.
    Backend(String),
    /// The view's data is inconsistent: which field, and what was wrong with it.
    Data {
        field: &'static str,
        message: String,
    },
}

impl fmt::Display for ViewError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ViewError::Backend(message) => write!(f, "drawing failed: {message}"),
            ViewError::Data { field, message } => write!(f, "{field} {message}"),
        }
    }
}

impl std::error::Error for ViewError {}

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for ViewError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        ViewError::Backend(e.to_string())
    }
}
