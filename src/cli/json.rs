//! JSON text for the command line's files and reports: exact number reading, and a layout
//! with one line per field or array element.
//!
//! serde_json's default reader (this crate does not enable its `float_roundtrip` feature) can
//! land one ulp off on about one float in ten; bundles and config files must come back with
//! the very bits that were written, so numbers are read by std's correctly rounded parser.
//! A leaf module: it depends on nothing else in the crate, so `bundle` can use it too.

use serde::Serialize;
use serde_json::Value;

/// A JSON object with one field per line, from `(key, value as JSON text)` in order.
pub fn json_object(fields: &[(&str, String)]) -> String {
    let entries: Vec<String> = fields
        .iter()
        .map(|(key, text)| format!("{}: {text}", json_line(key)))
        .collect();
    format!("{{\n{}\n}}\n", entries.join(",\n"))
}

/// Compact JSON. Plain data always serialises (non-finite floats become `null`).
pub fn json_line<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_string())
}

/// A JSON array with one compact element per line.
pub fn json_lines<T: Serialize>(items: &[T]) -> String {
    let lines: Vec<String> = items.iter().map(|i| json_line(i)).collect();
    format!("[\n{}\n]", lines.join(",\n"))
}

/// A number token is rewritten as a string with this first character (which JSON text can
/// only put in a string with an escape), then turned back into an exactly parsed number.
const NUMBER_MARK: char = '\0';

/// Parses JSON like `serde_json::from_str`, but reads every number with std's correctly
/// rounded parser, so a float written by serde_json comes back with the same bits.
pub fn parse_json_exact(text: &str) -> Result<Value, String> {
    // A first pass for the syntax errors and duplicate keys, with positions in the text as
    // the user wrote it.
    serde_json::from_str::<NoDuplicateKeys>(text).map_err(|e| e.to_string())?;
    let marked: Value = serde_json::from_str(&mark_numbers(text)).map_err(|e| e.to_string())?;
    unmark(marked)
}

/// Walks a document and refuses any object that names a key twice: serde_json keeps the
/// last silently, so `"version": 2, "version": 1` would read as version 1.
struct NoDuplicateKeys;

impl<'de> serde::Deserialize<'de> for NoDuplicateKeys {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NoDuplicateKeys)
    }
}

impl<'de> serde::de::Visitor<'de> for NoDuplicateKeys {
    type Value = NoDuplicateKeys;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self, E> {
        Ok(self)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self, E> {
        Ok(self)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self, E> {
        Ok(self)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self, E> {
        Ok(self)
    }
    fn visit_str<E>(self, _: &str) -> Result<Self, E> {
        Ok(self)
    }
    fn visit_unit<E>(self) -> Result<Self, E> {
        Ok(self)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self, A::Error> {
        while seq.next_element::<NoDuplicateKeys>()?.is_some() {}
        Ok(self)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self, A::Error> {
        let mut seen = std::collections::HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if !seen.insert(key.clone()) {
                let shown = crate::link::shown(&key, crate::error::MAX_QUOTE_CHARS);
                return Err(serde::de::Error::custom(format!("duplicate key '{shown}'")));
            }
            map.next_value::<NoDuplicateKeys>()?;
        }
        Ok(self)
    }
}

fn mark_numbers(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() * 2);
    let (mut in_string, mut escaped, mut copied, mut i) = (false, false, 0, 0);
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
        } else if b == b'"' {
            in_string = true;
            // A string of the file's own that starts with the mark gets a second one, so
            // it can never pass for a marked number (`"\u00000.5"` is a string, not 0.5).
            if text[i + 1..].starts_with("\\u0000") {
                out.push_str(&text[copied..=i]);
                out.push_str("\\u0000");
                copied = i + 1;
            }
        } else if b == b'-' || b.is_ascii_digit() {
            let len = bytes[i..]
                .iter()
                .position(|c| !matches!(c, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
                .unwrap_or(bytes.len() - i);
            out.push_str(&text[copied..i]);
            out.push_str("\"\\u0000");
            out.push_str(&text[i..i + len]);
            out.push('"');
            i += len;
            copied = i;
            continue;
        }
        i += 1;
    }
    out.push_str(&text[copied..]);
    out
}

/// A string of the file's own, with the extra mark `mark_numbers` gave it taken off.
fn own_string(s: String) -> String {
    match s.strip_prefix(NUMBER_MARK) {
        Some(rest) if rest.starts_with(NUMBER_MARK) => rest.to_string(),
        _ => s,
    }
}

fn unmark(value: Value) -> Result<Value, String> {
    Ok(match value {
        Value::String(s) if s.starts_with(NUMBER_MARK) && !s[1..].starts_with(NUMBER_MARK) => {
            exact_number(&s[1..])?
        }
        Value::String(s) => Value::String(own_string(s)),
        Value::Array(items) => {
            Value::Array(items.into_iter().map(unmark).collect::<Result<_, _>>()?)
        }
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| Ok((own_string(k), unmark(v)?)))
                .collect::<Result<_, String>>()?,
        ),
        other => other,
    })
}

/// Integers stay integers (so `usize` fields accept them); the rest become exact f64s.
fn exact_number(token: &str) -> Result<Value, String> {
    if !token.contains(['.', 'e', 'E']) {
        if let Ok(u) = token.parse::<u64>() {
            return Ok(u.into());
        }
        if let Ok(i) = token.parse::<i64>() {
            return Ok(i.into());
        }
    }
    token
        .parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
        .map(Value::Number)
        .ok_or_else(|| format!("number {token} is out of range"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_keys_are_refused_by_name() {
        let e = parse_json_exact(r#"{"version": 2, "version": 1}"#).unwrap_err();
        assert!(e.contains("duplicate key 'version'"), "{e}");
        let nested = parse_json_exact(r#"{"a": [{"train": 1, "train": 2}]}"#).unwrap_err();
        assert!(nested.contains("duplicate key 'train'"), "{nested}");
        assert!(parse_json_exact(r#"{"a": {"x": 1}, "b": {"x": 1}}"#).is_ok());
    }

    #[test]
    fn a_string_that_starts_like_a_marked_number_stays_a_string() {
        let v = parse_json_exact(r#"{"lr": "\u00000.5", "\u0000k": 1, "n": 0.5}"#).unwrap();
        assert_eq!(v["lr"], Value::String("\u{0}0.5".into()));
        assert_eq!(v["\u{0}k"], 1);
        assert_eq!(v["n"], 0.5);
    }
    use crate::rng::Rng;

    #[test]
    fn floats_round_trip_bit_for_bit() {
        let mut rng = Rng::new(7);
        for _ in 0..20_000 {
            let v = (rng.uniform() - 0.5) * 10f64.powi((rng.below(40) as i32) - 20);
            let back = parse_json_exact(&serde_json::to_string(&v).unwrap()).unwrap();
            assert_eq!(back.as_f64().unwrap().to_bits(), v.to_bits(), "{v:e}");
        }
    }

    #[test]
    fn numbers_inside_strings_are_left_alone() {
        let v = parse_json_exact(r#"{"a": "-1.5 \"2\"", "b": [1, -2.5e3, 7]}"#).unwrap();
        assert_eq!(v["a"], "-1.5 \"2\"");
        assert_eq!(v["b"][1].as_f64(), Some(-2500.0));
        assert_eq!(v["b"][2].as_u64(), Some(7));
        assert!(parse_json_exact("[1, 2").unwrap_err().contains("line 1"));
    }

    #[test]
    fn layout_puts_each_field_and_element_on_its_own_line() {
        let text = json_object(&[("a", json_line(&1)), ("b", json_lines(&[[1, 2], [3, 4]]))]);
        assert_eq!(text, "{\n\"a\": 1,\n\"b\": [\n[1,2],\n[3,4]\n]\n}\n");
        assert_eq!(parse_json_exact(&text).unwrap()["b"][1][0], 3);
    }
}
