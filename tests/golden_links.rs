//! Golden share links: every link in tests/golden/links.txt must keep decoding to the run
//! recorded under it. These links are promises made to everyone who shared one; a change
//! that breaks one is a breaking change and needs a new link version with a migration.
//!
//! `UPDATE_GOLDEN=1 cargo test --test golden_links` records the block of a newly added link
//! (a `link` line with nothing under it). It never rewrites a recorded block: to change one
//! is to break a link, and that is done by hand, deliberately, with a version bump.

use nnlab::link::{self, keys, EmbedOptions, LinkDecoded, Part};
use nnlab::scenario::Config;
use serde_json::Value;
use std::collections::BTreeMap;

const GOLDEN_FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/links.txt");
/// The issue asks for at least this many golden links.
const MIN_LINKS: usize = 30;

/// A `defaults` or `link <text>` line and the `name = JSON` facts under it.
struct Block {
    header: String,
    facts: Vec<(String, String)>,
}

/// The comment header (kept verbatim on update) and the blocks.
fn parse(text: &str) -> (String, Vec<Block>) {
    let mut header = String::new();
    let mut blocks: Vec<Block> = Vec::new();
    for line in text.lines() {
        if blocks.is_empty() && (line.starts_with('#') || line.trim().is_empty()) {
            header += line;
            header.push('\n');
        } else if let Some(fact) = line.strip_prefix("  ") {
            let (name, value) = fact.split_once(" = ").expect("a fact is `name = JSON`");
            let block = blocks.last_mut().expect("a fact belongs to a block");
            block.facts.push((name.to_string(), value.to_string()));
        } else if !line.trim().is_empty() {
            blocks.push(Block {
                header: line.to_string(),
                facts: Vec::new(),
            });
        }
    }
    (header, blocks)
}

/// Leaves of a JSON tree by dotted path.
fn leaves(value: &Value, prefix: &str, out: &mut BTreeMap<String, Value>) {
    match value.as_object() {
        Some(map) => {
            for (k, v) in map {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                leaves(v, &path, out);
            }
        }
        None => {
            out.insert(prefix.to_string(), value.clone());
        }
    }
}

fn config_leaves(config: &Config) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    leaves(&serde_json::to_value(config).unwrap(), "", &mut out);
    out
}

fn parts<P: Part>(parts: &[P]) -> Value {
    let names: Vec<&str> = parts.iter().map(|p| p.name()).collect();
    Value::from(if names.is_empty() {
        "none".to_string()
    } else {
        names.join(",")
    })
}

/// The page options as facts.
fn page_view(e: &EmbedOptions) -> BTreeMap<String, Value> {
    BTreeMap::from([
        ("embed".to_string(), Value::from(e.embed)),
        ("panels".to_string(), parts(&e.panels)),
        ("controls".to_string(), parts(&e.controls)),
        ("autoplay".to_string(), Value::from(e.autoplay)),
        ("caption".to_string(), Value::from(e.caption.clone())),
        ("until".to_string(), Value::from(e.until)),
        ("origins".to_string(), Value::from(e.origins.join(","))),
        ("obeys_none".to_string(), Value::from(e.obeys_none)),
    ])
}

/// Everything a decoded link is held to, as named JSON values.
fn observed(d: &LinkDecoded) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    out.insert("warnings".to_string(), Value::from(d.notices.len()));
    out.insert("scenario".to_string(), Value::from(d.selection.scenario));
    out.insert(
        "remedies".to_string(),
        Value::from(d.selection.remedies.join(",")),
    );
    for (path, v) in config_leaves(&d.config) {
        out.insert(format!("config.{path}"), v);
    }
    for (name, v) in page_view(&d.embed) {
        out.insert(format!("page.{name}"), v);
    }
    out
}

/// What an empty block would claim: no warnings, no scenario, defaults everywhere.
fn baseline(defaults: &BTreeMap<String, Value>) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    out.insert("warnings".to_string(), Value::from(0));
    out.insert("scenario".to_string(), Value::Null);
    out.insert("remedies".to_string(), Value::from(""));
    for (path, v) in defaults {
        out.insert(format!("config.{path}"), v.clone());
    }
    for (name, v) in page_view(&EmbedOptions::default()) {
        out.insert(format!("page.{name}"), v);
    }
    out
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("bad JSON '{text}': {e}"))
}

/// The facts to record for a new link: the warning count (so no block is empty), then
/// what differs from the baseline.
fn record(d: &LinkDecoded, base: &BTreeMap<String, Value>) -> Vec<(String, String)> {
    let mut facts = observed(d);
    let warnings = facts.remove_entry("warnings").into_iter();
    warnings
        .chain(
            facts
                .into_iter()
                .filter(|(name, v)| base.get(name) != Some(v)),
        )
        .map(|(name, v)| (name, v.to_string()))
        .collect()
}

/// Keys named by a link, lower-cased, for the coverage check.
fn keys_of(text: &str) -> Vec<String> {
    link::query_part(text)
        .split('&')
        .filter_map(|p| {
            let key = link::decode_component(p.split('=').next()?);
            keys::find(&key).map(|row| keys::KEYS[row].key.to_string())
        })
        .collect()
}

fn write(header: &str, blocks: &[Block]) {
    let mut out = header.to_string();
    for b in blocks {
        out += &b.header;
        out.push('\n');
        for (name, value) in &b.facts {
            out += &format!("  {name} = {value}\n");
        }
        out.push('\n');
    }
    std::fs::write(GOLDEN_FILE, out.trim_end().to_string() + "\n").unwrap();
}

#[test]
fn golden_links_decode_to_their_recorded_runs() {
    let (header, mut blocks) = parse(&std::fs::read_to_string(GOLDEN_FILE).unwrap());
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    assert_eq!(
        blocks[0].header, "defaults",
        "the file starts with the defaults"
    );
    if update && blocks[0].facts.is_empty() {
        let now = config_leaves(&Config::default());
        blocks[0].facts = now.into_iter().map(|(p, v)| (p, v.to_string())).collect();
    }
    let mut failures = Vec::new();
    let defaults: BTreeMap<String, Value> = blocks[0]
        .facts
        .iter()
        .map(|(p, v)| (p.clone(), json(v)))
        .collect();
    let now = config_leaves(&Config::default());
    for (path, v) in &defaults {
        if now.get(path) != Some(v) {
            failures.push(format!(
                "Config::default() changed at {path}: was {v}, now {:?}; every link relies on it",
                now.get(path)
            ));
        }
    }
    let base = baseline(&defaults);
    let mut updated = false;
    for block in blocks.iter_mut().skip(1) {
        let text = block.header.strip_prefix("link ").expect("a `link` line");
        let d = link::decode(text);
        if block.facts.is_empty() {
            assert!(
                update,
                "{text}: no recorded run; record it with UPDATE_GOLDEN=1"
            );
            block.facts = record(&d, &base);
            updated = true;
            continue;
        }
        let mut want = base.clone();
        for (name, value) in &block.facts {
            assert!(want.contains_key(name), "{text}: unknown fact '{name}'");
            want.insert(name.clone(), json(value));
        }
        let got = observed(&d);
        for (name, value) in &want {
            if got.get(name) != Some(value) {
                failures.push(format!(
                    "{text}: {name} is {:?}, recorded {value}",
                    got.get(name)
                ));
            }
        }
        // The page re-encodes what it decoded; that link must be the same run, cleanly.
        let again = link::decode(&link::encode_with(&d.selection, &d.embed));
        if again.config != d.config || again.embed != d.embed || !again.notices.is_empty() {
            failures.push(format!("{text}: its re-encoded link is not the same run"));
        }
    }
    if updated {
        write(&header, &blocks);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn golden_links_cover_every_key() {
    let (_, blocks) = parse(&std::fs::read_to_string(GOLDEN_FILE).unwrap());
    let links: Vec<&str> = blocks
        .iter()
        .filter_map(|b| b.header.strip_prefix("link "))
        .collect();
    assert!(links.len() >= MIN_LINKS, "{} golden links", links.len());
    let used: Vec<String> = links.iter().flat_map(|l| keys_of(l)).collect();
    for key in keys::KEYS {
        assert!(
            used.iter().any(|u| u == key.key),
            "no golden link uses '{}'",
            key.key
        );
    }
}
