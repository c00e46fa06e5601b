//! The embed API: the messages a tutorial page sends an embedded playground through
//! `postMessage`, and the events the playground sends back. Plain data, parsed from JSON
//! text, so every rule here is tested natively; the page only moves the text.
//!
//! Nothing received is evaluated or inserted as markup: a command is parsed into
//! [`Command`] or refused with a sentence that names what is wrong, and the page answers a
//! refusal with an `error` event.

use crate::link::keys::{self, Meaning};
use serde_json::{json, Map, Value};

/// The API's version: every message carries it, and a message of another version is refused.
pub const API_VERSION: u32 = 1;
/// Every event carries `source: "nnlab"`, so a tutorial page can tell them from its other
/// messages.
pub const SOURCE: &str = "nnlab";
/// Longest command text accepted, in bytes (a link is at most 64 KB; a command is small).
pub const MAX_COMMAND_BYTES: usize = 80 * 1024;
/// Most epochs one `step` may ask for.
pub const MAX_STEP_EPOCHS: usize = 100_000;

/// Most `error` events sent per `FLOOD_WINDOW_MS`. Every well-formed command is obeyed
/// however many bad ones arrive, but a flood of bad ones is answered with this many errors
/// and one that says the rest go unanswered, so the answers cannot flood the parent.
pub const MAX_ERRORS_PER_WINDOW: usize = 20;
pub const FLOOD_WINDOW_MS: f64 = 1000.0;

/// What to do with the answer to a refused message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Admission {
    Report,
    /// The window's first answer over the limit: say that the rest go unanswered.
    ReportFlood,
    Suppress,
}

/// Counts the error events of the current window.
#[derive(Debug, Default)]
pub struct ErrorBudget {
    window_start: Option<f64>,
    sent: usize,
}

impl ErrorBudget {
    /// Whether the answer to a refused message arriving at `now` (milliseconds) is sent.
    pub fn admit(&mut self, now: f64) -> Admission {
        if self
            .window_start
            .is_none_or(|start| now - start >= FLOOD_WINDOW_MS)
        {
            *self = ErrorBudget {
                window_start: Some(now),
                sent: 0,
            };
        }
        self.sent += 1;
        match self.sent {
            n if n <= MAX_ERRORS_PER_WINDOW => Admission::Report,
            n if n == MAX_ERRORS_PER_WINDOW + 1 => Admission::ReportFlood,
            _ => Admission::Suppress,
        }
    }
}

/// What to load: a share link (its query, or a whole URL), or a scenario by id.
#[derive(Clone, Debug, PartialEq)]
pub enum LoadTarget {
    Link(String),
    Scenario {
        id: String,
        remedies: Vec<String>,
        seed: Option<u64>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    Load(LoadTarget),
    Play,
    Pause,
    /// Train exactly this many epochs, then pause.
    Step {
        epochs: usize,
    },
    /// Back to epoch 0 on the same seed.
    Reset,
    SetRemedy {
        id: String,
        on: bool,
    },
    /// A setting, by link key (`lr`) or dotted path (`train.learning_rate`).
    Set {
        path: String,
        value: String,
    },
}

/// The command names, as a tutorial writes them.
const COMMANDS: &[&str] = &["load", "play", "pause", "step", "reset", "setRemedy", "set"];

/// Reads one command from the JSON text of a message.
pub fn parse_command(text: &str) -> Result<Command, String> {
    if text.len() > MAX_COMMAND_BYTES {
        return Err(format!(
            "message of {} bytes is longer than {MAX_COMMAND_BYTES}",
            text.len()
        ));
    }
    let value: Value =
        serde_json::from_str(text).map_err(|_| "message is not a JSON object".to_string())?;
    let Value::Object(m) = value else {
        return Err("message is not an object with a type and a version".into());
    };
    let kind = match m.get("type") {
        Some(Value::String(t)) => t.as_str(),
        _ => return Err("message has no 'type' string".into()),
    };
    match m.get("version").and_then(Value::as_u64) {
        Some(v) if v == u64::from(API_VERSION) => {}
        Some(v) => {
            return Err(format!(
                "version {v} is not spoken here; this playground speaks version {API_VERSION}"
            ))
        }
        None => return Err(format!("'{}' has no numeric 'version'", clip(kind))),
    }
    Ok(match kind {
        "play" => Command::Play,
        "pause" => Command::Pause,
        "reset" => Command::Reset,
        "step" => Command::Step {
            epochs: step_epochs(m.get("epochs"))?,
        },
        "setRemedy" => Command::SetRemedy {
            id: string(&m, "setRemedy", "id")?,
            on: match m.get("on") {
                None => true,
                Some(Value::Bool(b)) => *b,
                Some(_) => return Err("setRemedy 'on' must be true or false".into()),
            },
        },
        "set" => Command::Set {
            path: setting_path(&string(&m, "set", "key")?)?,
            value: scalar(m.get("value"))?,
        },
        "load" => Command::Load(load_target(&m)?),
        other => {
            return Err(format!(
                "unknown message type '{}' (known: {})",
                clip(other),
                COMMANDS.join(", ")
            ))
        }
    })
}

fn clip(text: &str) -> String {
    crate::link::shown(text, 40)
}

fn string(m: &Map<String, Value>, command: &str, field: &str) -> Result<String, String> {
    match m.get(field) {
        Some(Value::String(s)) if !s.is_empty() => Ok(s.clone()),
        _ => Err(format!("{command} needs a '{field}' string")),
    }
}

fn step_epochs(v: Option<&Value>) -> Result<usize, String> {
    match v {
        None => Ok(1),
        Some(v) => v
            .as_u64()
            .filter(|n| (1..=MAX_STEP_EPOCHS as u64).contains(n))
            .map(|n| n as usize)
            .ok_or_else(|| {
                format!("step 'epochs' must be a whole number from 1 to {MAX_STEP_EPOCHS}")
            }),
    }
}

/// A setting's value as the text `Config::set` reads; only plain scalars.
fn scalar(v: Option<&Value>) -> Result<String, String> {
    match v {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(Value::Number(n)) => Ok(n.to_string()),
        Some(Value::Bool(b)) => Ok(b.to_string()),
        _ => Err("set 'value' must be a string, a number or true/false".into()),
    }
}

/// A link key (`lr`) names its setting; a dotted path is taken as written (the selection
/// checks it). Page options and the scenario are not settings.
fn setting_path(key: &str) -> Result<String, String> {
    if key.contains('.') {
        return Ok(key.to_string());
    }
    match keys::find(key).map(|i| &keys::KEYS[i].meaning) {
        Some(Meaning::Setting { path, .. }) => Ok(path.to_string()),
        Some(_) => Err(format!(
            "'{}' is not a setting; use load, setRemedy or the link for it",
            clip(key)
        )),
        None => Err(format!(
            "unknown setting '{}' (use a link key like 'lr' or a path like 'train.learning_rate')",
            clip(key)
        )),
    }
}

fn load_target(m: &Map<String, Value>) -> Result<LoadTarget, String> {
    if let Some(link) = m.get("link") {
        return match link {
            Value::String(s) => Ok(LoadTarget::Link(s.clone())),
            _ => Err("load 'link' must be a string".into()),
        };
    }
    let id = string(m, "load", "scenario")
        .map_err(|_| "load needs a 'link' string or a 'scenario' id".to_string())?;
    let remedies = match m.get("remedies") {
        None => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|r| r.as_str().map(str::to_string))
            .collect::<Option<Vec<_>>>()
            .ok_or("load 'remedies' must be a list of remedy ids")?,
        Some(_) => return Err("load 'remedies' must be a list of remedy ids".into()),
    };
    let seed = match m.get("seed") {
        None => None,
        Some(v) => Some(v.as_u64().ok_or("load 'seed' must be a whole number")?),
    };
    Ok(LoadTarget::Scenario { id, remedies, seed })
}

/// The numbers an `epoch` event carries.
#[derive(Clone, Debug, PartialEq)]
pub struct EpochReport {
    pub epoch: usize,
    pub train_loss: f64,
    pub test_loss: f64,
    pub train_accuracy: f64,
    pub test_accuracy: f64,
    /// `running`, `paused`, `diverged`, `stopped-early` or `finished`.
    pub status: String,
}

/// An event to the embedding page, as JSON text.
pub enum Event<'a> {
    Ready {
        link: &'a str,
    },
    Epoch(&'a EpochReport),
    Diverged {
        epoch: usize,
        message: &'a str,
    },
    Finished {
        epoch: usize,
        reason: &'a str,
    },
    Error {
        message: &'a str,
        command: Option<&'a str>,
    },
}

/// JSON has no NaN or infinity: a diverged loss travels as `null`.
fn number(v: f64) -> Value {
    serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)
}

impl Event<'_> {
    pub fn to_json(&self) -> String {
        let (kind, body) = match self {
            Event::Ready { link } => ("ready", json!({ "link": link })),
            Event::Epoch(r) => (
                "epoch",
                json!({
                    "epoch": r.epoch,
                    "trainLoss": number(r.train_loss),
                    "testLoss": number(r.test_loss),
                    "trainAccuracy": number(r.train_accuracy),
                    "testAccuracy": number(r.test_accuracy),
                    "status": r.status,
                }),
            ),
            Event::Diverged { epoch, message } => {
                ("diverged", json!({ "epoch": epoch, "message": message }))
            }
            Event::Finished { epoch, reason } => {
                ("finished", json!({ "epoch": epoch, "reason": reason }))
            }
            Event::Error { message, command } => {
                ("error", json!({ "message": message, "command": command }))
            }
        };
        let mut m = Map::new();
        m.insert("source".into(), Value::from(SOURCE));
        m.insert("type".into(), Value::from(kind));
        m.insert("version".into(), Value::from(API_VERSION));
        if let Value::Object(fields) = body {
            m.extend(fields);
        }
        Value::Object(m).to_string()
    }
}

/// The type a refused message claimed, to name it in the `error` event (if it had one).
pub fn claimed_type(text: &str) -> Option<String> {
    let v: Value = serde_json::from_str(text).ok()?;
    v.get("type")?.as_str().map(clip)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flood_of_refusals_is_answered_a_few_times_then_once_for_the_rest() {
        let mut budget = ErrorBudget::default();
        let answers = (0..2486)
            .map(|i| budget.admit(1000.0 + i as f64 * 0.1))
            .collect::<Vec<_>>();
        let count = |a: Admission| answers.iter().filter(|r| **r == a).count();
        assert_eq!(count(Admission::Report), MAX_ERRORS_PER_WINDOW);
        assert_eq!(count(Admission::ReportFlood), 1);
        // A new window answers again.
        assert_eq!(budget.admit(1000.0 + FLOOD_WINDOW_MS), Admission::Report);
    }

    fn ok(text: &str) -> Command {
        parse_command(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn refused(text: &str) -> String {
        parse_command(text).expect_err(text)
    }

    #[test]
    fn every_command_parses() {
        assert_eq!(ok(r#"{"type":"play","version":1}"#), Command::Play);
        assert_eq!(ok(r#"{"type":"pause","version":1}"#), Command::Pause);
        assert_eq!(ok(r#"{"type":"reset","version":1}"#), Command::Reset);
        assert_eq!(
            ok(r#"{"type":"step","version":1,"epochs":25}"#),
            Command::Step { epochs: 25 }
        );
        assert_eq!(
            ok(r#"{"type":"step","version":1}"#),
            Command::Step { epochs: 1 }
        );
        assert_eq!(
            ok(r#"{"type":"setRemedy","version":1,"id":"relu","on":false}"#),
            Command::SetRemedy {
                id: "relu".into(),
                on: false
            }
        );
        assert_eq!(
            ok(r#"{"type":"set","version":1,"key":"lr","value":0.1}"#),
            Command::Set {
                path: "train.learning_rate".into(),
                value: "0.1".into()
            }
        );
        assert_eq!(
            ok(r#"{"type":"set","version":1,"key":"model.residual","value":true}"#),
            Command::Set {
                path: "model.residual".into(),
                value: "true".into()
            }
        );
        assert_eq!(
            ok(r#"{"type":"load","version":1,"link":"?v=1&s=zero-init"}"#),
            Command::Load(LoadTarget::Link("?v=1&s=zero-init".into()))
        );
        assert_eq!(
            ok(
                r#"{"type":"load","version":1,"scenario":"sigmoid-stack","remedies":["relu"],"seed":4}"#
            ),
            Command::Load(LoadTarget::Scenario {
                id: "sigmoid-stack".into(),
                remedies: vec!["relu".into()],
                seed: Some(4)
            })
        );
    }

    #[test]
    fn malformed_messages_are_refused_by_name() {
        assert!(refused("not json").contains("not a JSON object"));
        assert!(refused("[1,2]").contains("not an object"));
        assert!(refused(r#"{"version":1}"#).contains("no 'type'"));
        assert!(refused(r#"{"type":"play"}"#).contains("no numeric 'version'"));
        assert!(refused(r#"{"type":"play","version":2}"#).contains("version 2 is not spoken"));
        let unknown = refused(r#"{"type":"eval","version":1,"code":"alert(1)"}"#);
        assert!(unknown.contains("unknown message type 'eval'"), "{unknown}");
        assert!(refused(r#"{"type":"step","version":1,"epochs":0}"#).contains("from 1 to"));
        assert!(refused(r#"{"type":"step","version":1,"epochs":1e9}"#).contains("from 1 to"));
        assert!(refused(r#"{"type":"setRemedy","version":1}"#).contains("'id'"));
        assert!(
            refused(r#"{"type":"setRemedy","version":1,"id":"relu","on":"yes"}"#).contains("'on'")
        );
        assert!(
            refused(r#"{"type":"set","version":1,"key":"nope","value":1}"#)
                .contains("unknown setting 'nope'")
        );
        assert!(
            refused(r#"{"type":"set","version":1,"key":"s","value":"x"}"#)
                .contains("not a setting")
        );
        assert!(
            refused(r#"{"type":"set","version":1,"key":"lr","value":[1]}"#).contains("'value'")
        );
        assert!(refused(r#"{"type":"load","version":1}"#).contains("'link' string or a 'scenario'"));
        assert!(
            refused(r#"{"type":"load","version":1,"scenario":"x","remedies":[1]}"#)
                .contains("remedy ids")
        );
        let huge = format!(
            r#"{{"type":"load","version":1,"link":"{}"}}"#,
            "a".repeat(MAX_COMMAND_BYTES)
        );
        assert!(refused(&huge).contains("longer than"));
    }

    #[test]
    fn events_carry_source_type_and_version() {
        let report = EpochReport {
            epoch: 7,
            train_loss: 0.5,
            test_loss: f64::NAN,
            train_accuracy: 0.75,
            test_accuracy: 0.5,
            status: "running".into(),
        };
        let v: Value = serde_json::from_str(&Event::Epoch(&report).to_json()).unwrap();
        assert_eq!(v["source"], "nnlab");
        assert_eq!(v["type"], "epoch");
        assert_eq!(v["version"], 1);
        assert_eq!(v["epoch"], 7);
        assert_eq!(v["trainAccuracy"], 0.75);
        assert!(v["testLoss"].is_null(), "NaN travels as null");
        let e: Value = serde_json::from_str(
            &Event::Error {
                message: "m",
                command: Some("step"),
            }
            .to_json(),
        )
        .unwrap();
        assert_eq!(
            (e["type"].as_str(), e["command"].as_str()),
            (Some("error"), Some("step"))
        );
        assert_eq!(claimed_type(r#"{"type":"eval"}"#).as_deref(), Some("eval"));
        assert_eq!(claimed_type("[]"), None);
    }
}
