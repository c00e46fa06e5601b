//! Link text to a selection, its config and page options, never failing: every part that
//! can be used is used, and every part that cannot is named in a notice with the value used
//! instead.

use super::choice::{read_remedies, read_scenario, read_seed, read_version};
use super::embed::{
    clean_caption, parse_flag, parse_origins, parse_parts, parse_until, Control, EmbedOptions,
    Panel,
};
use super::encode::{encode_config, encode_run};
use super::keys::{self, Meaning, PageKey, KEYS};
use super::notices::{shown, Notices};
use super::query::pairs;
use super::settle::settle;
use super::value::{lookup, render, set_text, setting_text, Problem, MAX_VALUE_BYTES};
use super::MAX_QUOTED_CHARS;
use crate::scenario::{catalog, Config, Selection};
use serde_json::Value;

/// What a link describes.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkDecoded {
    /// The run: scenario, remedies, setting edits (changed values only, in canonical text,
    /// in an order `Selection::config` replays) and seed.
    pub selection: Selection,
    /// `selection.config()`, which decoding guarantees to be valid.
    pub config: Config,
    pub embed: EmbedOptions,
    /// The version the link says it was written in (1 when it says none).
    pub version: u32,
    /// One sentence per part of the link that was not used as written.
    pub notices: Vec<String>,
}

/// A link read as a bare config.
#[derive(Clone, Debug, PartialEq)]
pub struct ConfigDecoded {
    pub config: Config,
    pub notices: Vec<String>,
}

/// Each key's value as last given in the link, indexed like `KEYS`.
type Values = Vec<Option<String>>;

/// Reads a link: a full URL, `?query`, bare query or `#fragment` (see `query_part`).
pub fn decode(input: &str) -> LinkDecoded {
    let mut read = Notices::default();
    let values = collect(input, &mut read);
    let mut notices = Notices::default();
    let get = |meaning: Meaning| {
        let row = KEYS.iter().position(|k| k.meaning == meaning)?;
        values[row].as_deref()
    };
    // The version notice comes first: it explains the unknown keys that may follow.
    let version = read_version(get(Meaning::Version), &mut notices);
    notices.append(read);
    let seed = read_seed(get(Meaning::Seed), &mut notices);
    let scenario = read_scenario(get(Meaning::Scenario), &mut notices);
    // An older link means the scenario as its version's catalog defined it.
    let legacy = scenario.and_then(|s| catalog::as_of(version, s.id));
    let mut selection = Selection {
        scenario: scenario.map(|s| s.id),
        remedies: Vec::new(),
        overrides: Vec::new(),
        seed,
    };
    let base = read_remedies(
        get(Meaning::Remedies),
        legacy.or(scenario),
        &mut selection,
        &mut notices,
    );
    let (config, overrides) = read_settings(&values, base, &mut notices);
    selection.overrides = overrides;
    if legacy.is_some() && selection.scenario.is_some() {
        selection = restate(selection, &config, &mut notices);
    }
    let embed = read_page(&get, &mut notices);
    LinkDecoded {
        selection,
        config,
        embed,
        version,
        notices: notices.finish(),
    }
}

/// The same run stated against today's catalog: its scenario and remedies, plus every
/// setting that now differs. The page, the worker and a re-encoded link then all run what
/// the older link ran.
/// Should a setting have no link key, the run is kept as bare settings instead, with a
/// notice.
fn restate(selection: Selection, config: &Config, notices: &mut Notices) -> Selection {
    let with_scenario = decode(&encode_run(&selection, config));
    if with_scenario.config == *config && with_scenario.notices.is_empty() {
        return with_scenario.selection;
    }
    notices.push(format!(
        "scenario '{}' has changed since this link was made; its old settings are kept, \
         without the scenario",
        selection.scenario.unwrap_or_default()
    ));
    decode(&encode_config(config)).selection
}

/// Reads a link for its config alone.
pub fn decode_config(input: &str) -> ConfigDecoded {
    let decoded = decode(input);
    ConfigDecoded {
        config: decoded.config,
        notices: decoded.notices,
    }
}

/// Known keys' values (the last of repeats); unknown keys, repeats and oversized values
/// are reported.
fn collect(input: &str, notices: &mut Notices) -> Values {
    let mut values: Values = vec![None; KEYS.len()];
    let mut counts = vec![0usize; KEYS.len()];
    for (key, value) in pairs(input, notices) {
        match keys::find(&key) {
            Some(row) => {
                counts[row] += 1;
                values[row] = Some(value);
            }
            None => notices.push(format!(
                "unknown link key '{}' is ignored",
                shown(&key, MAX_QUOTED_CHARS)
            )),
        }
    }
    for (row, key) in KEYS.iter().enumerate() {
        let Some(value) = &values[row] else { continue };
        if counts[row] > 1 {
            notices.push(format!(
                "'{}' appears {} times; the last value, '{}', is used",
                key.key,
                counts[row],
                shown(value, MAX_QUOTED_CHARS)
            ));
        }
        let capped = key.meaning != Meaning::Page(PageKey::Caption);
        if capped && value.len() > MAX_VALUE_BYTES {
            notices.push(format!(
                "{} is longer than {MAX_VALUE_BYTES} bytes; it is ignored",
                key.label
            ));
            values[row] = None;
        }
    }
    values
}

/// Applies the setting keys to `base`. Returns the config and the edits that changed
/// something, in canonical text and in the order they applied, which `Selection::config`
/// replays to that same config.
fn read_settings(
    values: &Values,
    base: Config,
    notices: &mut Notices,
) -> (Config, Vec<(String, String)>) {
    let mut edits: Vec<(&str, String)> = Vec::new();
    let mut edit_rows = Vec::new();
    let mut problems: Vec<(usize, Problem)> = Vec::new();
    for (row, key) in KEYS.iter().enumerate() {
        let (Meaning::Setting { path, kind }, Some(text)) = (key.meaning, &values[row]) else {
            continue;
        };
        match setting_text(kind, text).and_then(|t| shareable(path, t)) {
            Ok(t) => {
                edits.push((path, t));
                edit_rows.push(row);
            }
            Err(p) => problems.push((row, p)),
        }
    }
    if edits.is_empty() && problems.is_empty() {
        return (base, Vec::new());
    }
    let settled = settle(&base, &edits);
    let rejected = settled.rejected.into_iter();
    problems.extend(rejected.map(|(i, e)| (edit_rows[i], Problem::Rejected(e))));
    problems.sort_by_key(|(row, _)| *row);
    let (Ok(was), Ok(now)) = (
        serde_json::to_value(&base),
        serde_json::to_value(&settled.config),
    ) else {
        return (base, Vec::new());
    };
    report(&problems, values, &now, notices);
    // Compared as text, so that -0 and 0 (equal as floats, different bits) differ.
    let text_at = |tree: &Value, path: &str| lookup(tree, path).map(set_text);
    let overrides = settled
        .applied
        .iter()
        .map(|&i| &edits[i])
        .filter(|(path, _)| text_at(&now, path) != text_at(&was, path))
        .map(|(path, text)| (path.to_string(), text.clone()))
        .collect();
    (settled.config, overrides)
}

/// One notice per setting key that was not used, with the value used instead.
fn report(problems: &[(usize, Problem)], values: &Values, now: &Value, notices: &mut Notices) {
    for (row, problem) in problems {
        let key = &KEYS[*row];
        let Meaning::Setting { path, kind } = key.meaning else {
            continue;
        };
        let using = lookup(now, path)
            .map(|v| render(v, kind))
            .unwrap_or_default();
        notices.push(format!(
            "{} '{}' {}; using {using}",
            key.label,
            shown(values[*row].as_deref().unwrap_or(""), MAX_QUOTED_CHARS),
            problem.describe(),
        ));
    }
}

/// A link cannot carry the user's own points, so it cannot name the custom dataset.
fn shareable(path: &str, text: String) -> Result<String, Problem> {
    if path == "data.dataset" && text == "custom" {
        return Err(Problem::Rejected(
            "your own points cannot travel in a link; it must name a generated dataset".into(),
        ));
    }
    Ok(text)
}

fn read_page<'a>(get: &impl Fn(Meaning) -> Option<&'a str>, notices: &mut Notices) -> EmbedOptions {
    let page = |p| get(Meaning::Page(p));
    let label = |p| keys::of(Meaning::Page(p)).label;
    let on =
        page(PageKey::Embed).is_some_and(|t| parse_flag(label(PageKey::Embed), t, false, notices));
    // An embed starts from the compact defaults; panels and controls named in the link win.
    let mut embed = EmbedOptions::defaults_for(on);
    if let Some(t) = page(PageKey::Panels) {
        embed.panels = parse_parts::<Panel>(t, false, notices);
    }
    if let Some(t) = page(PageKey::Controls) {
        embed.controls = parse_parts::<Control>(t, true, notices);
    }
    if let Some(t) = page(PageKey::Autoplay) {
        embed.autoplay = parse_flag(label(PageKey::Autoplay), t, false, notices);
    }
    if let Some(t) = page(PageKey::Caption) {
        let (caption, cut) = clean_caption(t);
        if cut {
            notices.push(format!(
                "the caption is longer than {} characters; it is cut there",
                super::MAX_CAPTION_CHARS
            ));
        }
        embed.caption = caption;
    }
    if let Some(t) = page(PageKey::Until) {
        embed.until = parse_until(t, notices);
    }
    if let Some(t) = page(PageKey::Origin) {
        (embed.origins, embed.obeys_none) = parse_origins(t, notices);
    }
    embed
}
