//! Decimal text for a float that reads back as exactly the same float.
//!
//! `Config::set` reads numbers with serde_json, whose default parser computes
//! `significand as f64` and then multiplies or divides once by a power of ten. That is
//! exact for short decimals (every value a control or a hand-written link produces), but
//! for a 17-digit decimal it can land one unit in the last place away from the correctly
//! rounded value, in about one case in six. A link must rebuild the run bit for bit, so the
//! encoder writes a text that this parser maps back to the very float in the config.

/// Digits tried beyond the shortest form: from the shortest round-trip length up to what a
/// `u64` significand holds.
const DIGITS: std::ops::RangeInclusive<usize> = 15..=19;
/// Longest plain decimal written; a longer one is written in scientific notation.
const PLAIN_MAX_CHARS: usize = 24;
/// How far from the nearest significand of each length to look for one that reads back.
const NEIGHBOURS: u64 = 32;

/// What `Config::set` would read from `text`, if it reads a number at all.
fn read(text: &str) -> Option<f64> {
    serde_json::from_str::<f64>(text).ok()
}

/// Text that reads back as `x`: the shortest decimal when it does (almost always), else
/// the nearest decimal of 15 to 19 digits that does. For the vanishing share of floats no
/// decimal maps to (none a control can produce), the shortest form, which reads back
/// within one unit in the last place.
pub fn number_text(x: f64) -> String {
    // Plain decimals for everyday sizes (0.00001, as a person writes it); scientific for
    // extreme ones (1e-300 is six characters, its plain decimal over three hundred, past
    // a link value's limit).
    let plain = format!("{x}");
    let shortest = if plain.len() > PLAIN_MAX_CHARS {
        format!("{x:e}")
    } else {
        plain
    };
    if !x.is_finite() || read(&shortest) == Some(x) {
        return shortest;
    }
    DIGITS
        .flat_map(|digits| candidates(x, digits))
        .find(|text| read(text) == Some(x))
        .unwrap_or(shortest)
}

/// Decimals of `digits` significant digits around `x`, nearest first, as `Me±E` text.
fn candidates(x: f64, digits: usize) -> impl Iterator<Item = String> {
    let scientific = format!("{:.*e}", digits - 1, x.abs());
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or(("0", "0"));
    let significand: u64 = mantissa.replace('.', "").parse().unwrap_or(0);
    let exponent: i64 = exponent.parse::<i64>().unwrap_or(0) - (digits as i64 - 1);
    let sign = if x < 0.0 { "-" } else { "" };
    (0..=NEIGHBOURS)
        .flat_map(move |d| {
            let above = if d == 0 {
                None
            } else {
                significand.checked_add(d)
            };
            [significand.checked_sub(d), above]
        })
        .flatten()
        .map(move |s| format!("{sign}{s}e{exponent}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    #[test]
    fn extreme_magnitudes_stay_short_and_read_back_exactly() {
        for x in [
            1e-300,
            -1e-300,
            1e300,
            f64::MIN_POSITIVE,
            5e-324,
            1.7976931348623157e308,
            2.2250738585072014e-308 / 3.0,
            1.234567890123e-200,
        ] {
            let text = number_text(x);
            assert!(text.len() <= 32, "{x:e}: {text}");
            assert_eq!(
                read(&text).map(f64::to_bits),
                Some(x.to_bits()),
                "{x:e}: {text}"
            );
        }
    }

    #[test]
    fn short_values_keep_their_short_form() {
        assert_eq!(number_text(0.03), "0.03");
        assert_eq!(number_text(1e-5), "0.00001");
        assert_eq!(number_text(3.0), "3");
        assert_eq!(number_text(-0.0), "-0");
        assert_eq!(number_text(10000.0), "10000");
    }

    #[test]
    fn every_float_the_parser_produces_reads_back_exactly() {
        let mut rng = Rng::new(11);
        let mut misses = 0;
        for i in 0..20_000 {
            let x = match i % 3 {
                0 => rng.range(-1e4, 1e4),
                1 => rng.uniform() * 1e-3,
                _ => rng.uniform(),
            };
            // A float the config can hold: what the parser made of some text.
            let held = read(&format!("{x}")).unwrap();
            let text = number_text(held);
            if read(&text) != Some(held) {
                misses += 1;
            }
        }
        assert_eq!(misses, 0);
    }

    #[test]
    fn a_full_precision_value_that_the_parser_misreads_gets_a_longer_text() {
        let x = 0.11935154727148345;
        assert_ne!(read(&format!("{x}")), Some(x), "the parser's known slip");
        assert_eq!(read(&number_text(x)), Some(x));
    }
}
