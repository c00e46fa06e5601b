//! Colours and type sizes shared by the views.
//!
//! The class pair is the Okabe–Ito blue and orange, which stay distinct under every common
//! colour-vision deficiency; layer colours run along a dark-to-light ramp so that "input
//! side" and "output side" read as an order, not just as different hues.

use plotters::style::RGBColor;

/// Class 0 and class 1.
pub const CLASS_COLORS: [RGBColor; 2] = [RGBColor(0x00, 0x72, 0xB2), RGBColor(0xE6, 0x9F, 0x00)];
/// Colour of a score of exactly 0.5: where the model cannot tell the classes apart.
pub(crate) const NEUTRAL: RGBColor = RGBColor(0xF7, 0xF7, 0xF7);
/// Heatmap colour of a NaN score: a diverged model has no opinion to show.
pub(crate) const NO_SCORE: RGBColor = RGBColor(0xB0, 0xB0, 0xB0);

pub(crate) const TRAIN_LOSS: RGBColor = RGBColor(0x00, 0x72, 0xB2);
pub(crate) const TEST_LOSS: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
pub(crate) const VALIDATION_LOSS: RGBColor = RGBColor(0x00, 0x9E, 0x73);
/// The batch losses of a diverged epoch: Okabe–Ito reddish purple.
pub(crate) const STEP_LOSS: RGBColor = RGBColor(0xCC, 0x79, 0xA7);
pub(crate) const SATURATED: RGBColor = RGBColor(0xCC, 0x79, 0xA7);
pub(crate) const DEAD: RGBColor = RGBColor(0x55, 0x55, 0x55);
pub(crate) const DIVERGED: RGBColor = RGBColor(0xC0, 0x1F, 0x1F);
pub(crate) const MARKER_LINE: RGBColor = RGBColor(0x66, 0x66, 0x66);
/// Ring around a misclassified point: dark enough to read on both class tints.
pub(crate) const MISTAKE: RGBColor = RGBColor(0x20, 0x20, 0x20);
pub(crate) const TEXT: RGBColor = RGBColor(0x33, 0x33, 0x33);
pub(crate) const GRID: RGBColor = RGBColor(0xE4, 0xE4, 0xE4);
pub(crate) const BACKGROUND: RGBColor = RGBColor(0xFF, 0xFF, 0xFF);

pub(crate) const FONT: &str = "sans-serif";
pub(crate) const LABEL_SIZE: f64 = 15.0;
pub(crate) const AXIS_TITLE_SIZE: f64 = 16.0;

/// Stops of the viridis ramp up to its green, where it still reads on white.
const LAYER_RAMP: [(u8, u8, u8); 5] = [
    (0x44, 0x01, 0x54),
    (0x3B, 0x52, 0x8B),
    (0x21, 0x90, 0x8C),
    (0x27, 0xAD, 0x81),
    (0x7A, 0xD1, 0x51),
];

/// Colour of weight layer `index` (0 = input side) of `count`.
pub fn layer_color(index: usize, count: usize) -> RGBColor {
    let t = if count <= 1 {
        0.0
    } else {
        index.min(count - 1) as f64 / (count - 1) as f64
    };
    let scaled = t * (LAYER_RAMP.len() - 1) as f64;
    let i = (scaled.floor() as usize).min(LAYER_RAMP.len() - 2);
    let f = scaled - i as f64;
    let (a, b) = (LAYER_RAMP[i], LAYER_RAMP[i + 1]);
    let mix = |x: u8, y: u8| (x as f64 + (y as f64 - x as f64) * f).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layer_colors_run_from_first_to_last_stop() {
        let first = layer_color(0, 4);
        let last = layer_color(3, 4);
        assert_eq!((first.0, first.1, first.2), LAYER_RAMP[0]);
        assert_eq!((last.0, last.1, last.2), LAYER_RAMP[4]);
    }

    #[test]
    fn layer_color_tolerates_one_layer_and_out_of_range_index() {
        let _ = layer_color(0, 1);
        let _ = layer_color(9, 3);
        let _ = layer_color(0, 0);
    }
}
