//! Setting values between their link text and the config: the canonical text the encoder
//! writes for a value, and the text `Config::set` is given for what a link says. Only the
//! shape is checked here (a number, a list of whole numbers, a name); ranges and choices are
//! left to `Config::set`, so a link is validated exactly as every other input is.

use super::keys::ValueKind;
use super::number::number_text;
use serde_json::Value;

/// Longest value text read for a setting: the longest real one (ten layer widths, every
/// feature) is well under this, and the cap keeps notices and parsing cheap.
pub const MAX_VALUE_BYTES: usize = 256;
/// Most items in a list value; more than any list setting accepts.
pub const MAX_LIST_ITEMS: usize = 64;
/// How an empty list is written: `hidden=none` reads better than `hidden=`.
pub const EMPTY_LIST: &str = "none";

/// Why a link value could not be used.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    TooLong,
    NotNumber,
    NotCount,
    NotToggle,
    NotName,
    NotWidths,
    NotNames,
    TooManyItems,
    /// `Config::set` refused it; its message names the field, the range and the value.
    Rejected(String),
}

impl Problem {
    /// Words that follow "<label> '<text>'" in a notice.
    pub fn describe(&self) -> String {
        match self {
            Problem::TooLong => format!("is longer than {MAX_VALUE_BYTES} bytes"),
            Problem::NotNumber => "is not a number".to_string(),
            Problem::NotCount => "is not a whole number".to_string(),
            Problem::NotToggle => "is not 1 or 0".to_string(),
            Problem::NotName => "is not a name".to_string(),
            Problem::NotWidths => "is not a list of whole numbers like 8,8".to_string(),
            Problem::NotNames => "is not a list of names like x,y".to_string(),
            Problem::TooManyItems => format!("has more than {MAX_LIST_ITEMS} items"),
            Problem::Rejected(why) => format!("was rejected ({})", super::shown(why, 160)),
        }
    }
}

/// The value at a dotted path of a config's JSON tree.
pub fn lookup<'a>(tree: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(tree, |v, key| v.get(key))
}

/// The canonical link text of a value: what the encoder writes, so one run has one link.
pub fn render(value: &Value, kind: ValueKind) -> String {
    match (kind, value) {
        (ValueKind::Toggle, Value::Bool(on)) => if *on { "1" } else { "0" }.to_string(),
        (ValueKind::Widths | ValueKind::Names, Value::Array(items)) if items.is_empty() => {
            EMPTY_LIST.to_string()
        }
        _ => set_text(value),
    }
}

/// The canonical `Config::set` text of a value, as a decoded selection records its edits:
/// the form `--set` and the settings table use (`true`, `8,8`, `relu`, `[]`), with numbers
/// written so that they read back exactly.
pub fn set_text(value: &Value) -> String {
    let item = |v: &Value| match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n
            .as_f64()
            .filter(|_| n.is_f64())
            .map_or_else(|| n.to_string(), number_text),
        other => other.to_string(),
    };
    match value {
        Value::Array(items) if items.is_empty() => "[]".to_string(),
        Value::Array(items) => items.iter().map(item).collect::<Vec<_>>().join(","),
        other => item(other),
    }
}

fn is_name(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The items of a list value; `none`, `[]` and the empty text are the empty list.
fn list_items(text: &str) -> Result<Vec<&str>, Problem> {
    if text.is_empty() || text == "[]" || text.eq_ignore_ascii_case(EMPTY_LIST) {
        return Ok(Vec::new());
    }
    let items: Vec<&str> = text.split(',').map(str::trim).collect();
    if items.len() > MAX_LIST_ITEMS {
        return Err(Problem::TooManyItems);
    }
    Ok(items)
}

/// The canonical `Config::set` text for a link value of `kind`: the very text `set_text`
/// gives for the value it means, so the edits a decoder applies are the edits its
/// selection records and replays.
pub fn setting_text(kind: ValueKind, text: &str) -> Result<String, Problem> {
    if text.len() > MAX_VALUE_BYTES {
        return Err(Problem::TooLong);
    }
    let text = text.trim();
    match kind {
        // Read as `Config::set` reads numbers, then written back canonically.
        ValueKind::Number => serde_json::from_str::<f64>(text)
            .map(number_text)
            .map_err(|_| Problem::NotNumber),
        ValueKind::Count => text
            .parse::<u64>()
            .map(|n| n.to_string())
            .map_err(|_| Problem::NotCount),
        ValueKind::Toggle => toggle(text).map(|on| on.to_string()),
        // A name that is also JSON (`null`, `true`) is quoted so it stays a name; no choice
        // is spelled so, and `Config::set` then says which names it knows.
        ValueKind::Choice if is_name(text) && serde_json::from_str::<Value>(text).is_ok() => {
            Ok(Value::from(text).to_string())
        }
        ValueKind::Choice if is_name(text) => Ok(text.to_string()),
        ValueKind::Choice => Err(Problem::NotName),
        ValueKind::Widths => {
            let items = list_items(text)?;
            let widths: Result<Vec<u64>, _> = items.iter().map(|w| w.parse()).collect();
            let widths = widths.map_err(|_| Problem::NotWidths)?;
            Ok(set_text(&Value::from(widths)))
        }
        ValueKind::Names => {
            let names = list_items(text)?;
            if !names.iter().all(|n| is_name(n)) {
                return Err(Problem::NotNames);
            }
            Ok(set_text(&Value::from(names)))
        }
    }
}

/// An on/off value: `1`/`0` as written, the common words as read; a bare key is on.
pub fn toggle(text: &str) -> Result<bool, Problem> {
    match text.trim().to_ascii_lowercase().as_str() {
        "" | "1" | "true" | "on" | "yes" => Ok(true),
        "0" | "false" | "off" | "no" => Ok(false),
        _ => Err(Problem::NotToggle),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use ValueKind::*;

    #[test]
    fn values_render_as_short_link_text() {
        assert_eq!(render(&json!(0.03), Number), "0.03");
        assert_eq!(render(&json!(3.0), Number), "3");
        assert_eq!(render(&json!(250), Count), "250");
        assert_eq!(render(&json!(true), Toggle), "1");
        assert_eq!(render(&json!(false), Toggle), "0");
        assert_eq!(render(&json!("leaky-relu"), Choice), "leaky-relu");
        assert_eq!(render(&json!([8, 8]), Widths), "8,8");
        assert_eq!(render(&json!([]), Widths), "none");
        assert_eq!(render(&json!(["x", "y", "x2"]), Names), "x,y,x2");
        assert_eq!(render(&json!([]), Names), "none");
    }

    #[test]
    fn values_render_as_set_text() {
        assert_eq!(set_text(&json!(0.03)), "0.03");
        assert_eq!(set_text(&json!(250)), "250");
        assert_eq!(set_text(&json!(true)), "true");
        assert_eq!(set_text(&json!("relu")), "relu");
        assert_eq!(set_text(&json!([8, 8])), "8,8");
        assert_eq!(set_text(&json!([])), "[]");
    }

    #[test]
    fn link_text_becomes_set_text() {
        assert_eq!(setting_text(Number, " 1e-4 ").unwrap(), "0.0001");
        assert_eq!(setting_text(Number, "3.0").unwrap(), "3");
        assert_eq!(setting_text(Count, "007").unwrap(), "7");
        assert_eq!(setting_text(Toggle, "on").unwrap(), "true");
        assert_eq!(setting_text(Toggle, "0").unwrap(), "false");
        assert_eq!(setting_text(Toggle, "").unwrap(), "true");
        assert_eq!(setting_text(Choice, "relu").unwrap(), "relu");
        assert_eq!(setting_text(Choice, "null").unwrap(), "\"null\"");
        assert_eq!(setting_text(Widths, "8, 4").unwrap(), "8,4");
        assert_eq!(setting_text(Widths, "none").unwrap(), "[]");
        assert_eq!(setting_text(Widths, "").unwrap(), "[]");
        assert_eq!(setting_text(Names, "x,sin-y").unwrap(), "x,sin-y");
        assert_eq!(setting_text(Names, "none").unwrap(), "[]");
    }

    #[test]
    fn malformed_values_say_what_they_are_not() {
        assert_eq!(setting_text(Number, "abc"), Err(Problem::NotNumber));
        assert_eq!(setting_text(Number, ".5"), Err(Problem::NotNumber));
        assert_eq!(setting_text(Number, "NaN"), Err(Problem::NotNumber));
        assert_eq!(setting_text(Number, "1e999"), Err(Problem::NotNumber));
        assert_eq!(setting_text(Count, "2.5"), Err(Problem::NotCount));
        assert_eq!(setting_text(Count, "-1"), Err(Problem::NotCount));
        assert_eq!(setting_text(Toggle, "maybe"), Err(Problem::NotToggle));
        assert_eq!(setting_text(Choice, "\"relu\""), Err(Problem::NotName));
        assert_eq!(setting_text(Widths, "8,x"), Err(Problem::NotWidths));
        assert_eq!(setting_text(Widths, "8,,8"), Err(Problem::NotWidths));
        assert_eq!(setting_text(Names, "x,Y!"), Err(Problem::NotNames));
        assert_eq!(
            setting_text(Widths, &"1,".repeat(100)),
            Err(Problem::TooManyItems)
        );
        assert_eq!(
            setting_text(Number, &"9".repeat(300)),
            Err(Problem::TooLong)
        );
    }

    #[test]
    fn lookup_follows_dotted_paths() {
        let tree = json!({"a": {"b": 2}});
        assert_eq!(lookup(&tree, "a.b"), Some(&json!(2)));
        assert_eq!(lookup(&tree, "a.c"), None);
    }
}
