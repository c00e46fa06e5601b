//! What a link chooses, read before its settings: the format version, the seed, the
//! scenario and its remedies. Together they give the config the settings apply to.

use super::keys::{self, Meaning, ValueKind};
use super::notices::{shown, Notices};
use super::value::{setting_text, Problem};
use super::{LINK_VERSION, MAX_QUOTED_CHARS};
use crate::scenario::{catalog, Config, Scenario, Selection};

/// The version a link says it was written in. None said is v=1, silently (see the module
/// header of `link`); a newer one is read as far as it goes, with a notice.
pub fn read_version(text: Option<&str>, notices: &mut Notices) -> u32 {
    let Some(text) = text else {
        return 1;
    };
    match text.trim().parse::<u32>() {
        Ok(v @ 1..=LINK_VERSION) => v,
        Ok(v) if v > LINK_VERSION => {
            notices.push(format!(
                "this link was made by a newer version (v={v}); this page reads v={LINK_VERSION} \
                 links, so some of its settings may be ignored or read differently"
            ));
            v
        }
        _ => {
            notices.push(format!(
                "link version '{}' is not one this page knows; reading the link as v=1, as \
                 if it had none",
                shown(text, MAX_QUOTED_CHARS)
            ));
            1
        }
    }
}

/// The seed, checked by `Config::set` like every other value.
pub fn read_seed(text: Option<&str>, notices: &mut Notices) -> u64 {
    let default = Config::default().seed;
    let Some(text) = text else { return default };
    let mut config = Config::default();
    let problem = match setting_text(ValueKind::Count, text) {
        Ok(value) => match config.set("seed", &value) {
            Ok(()) => return config.seed,
            Err(e) => Problem::Rejected(e),
        },
        Err(p) => p,
    };
    let label = keys::of(Meaning::Seed).label;
    notices.push(format!(
        "{label} '{}' {}; using {default}",
        shown(text, MAX_QUOTED_CHARS),
        problem.describe()
    ));
    default
}

/// The scenario named by id; `none` or nothing is no scenario.
pub fn read_scenario(text: Option<&str>, notices: &mut Notices) -> Option<&'static Scenario> {
    let id = text?.trim();
    if id.is_empty() || id.eq_ignore_ascii_case("none") {
        return None;
    }
    let found = catalog::find(id).ok();
    if found.is_none() {
        notices.push(format!(
            "unknown scenario '{}'; starting from the default settings instead",
            shown(id, MAX_QUOTED_CHARS)
        ));
    }
    found
}

/// Records the scenario's remedies named in the link and returns the config scenario and
/// remedies give (the default config, with the seed, when there is no scenario).
pub fn read_remedies(
    text: Option<&str>,
    scenario: Option<&'static Scenario>,
    selection: &mut Selection,
    notices: &mut Notices,
) -> Config {
    let bare = Config {
        seed: selection.seed,
        ..Config::default()
    };
    let text = text.unwrap_or("");
    let Some(scenario) = scenario else {
        if !text.trim().is_empty() {
            notices.push(format!(
                "remedies '{}' need a scenario; they are left out",
                shown(text, MAX_QUOTED_CHARS)
            ));
        }
        return bare;
    };
    // Every combination of a scenario's remedies is valid (the catalog's own tests check
    // it), so they are checked once together rather than one at a time.
    let remedies = named_remedies(text, scenario, notices);
    for remedies in [remedies, Vec::new()] {
        match scenario.config(&remedies, selection.seed) {
            Ok(config) => {
                selection.remedies = remedies;
                return config;
            }
            Err(e) => notices.push(format!("the link's scenario cannot be used: {e}")),
        }
    }
    selection.scenario = None;
    bare
}

/// The scenario's remedies named in a comma list, in catalog order as `Selection` keeps
/// them; ids the scenario does not have are reported.
fn named_remedies(
    text: &str,
    scenario: &'static Scenario,
    notices: &mut Notices,
) -> Vec<&'static str> {
    let mut named = Vec::new();
    for id in text.split(',').map(str::trim).filter(|i| !i.is_empty()) {
        match scenario.remedy(id) {
            Some(remedy) => named.push(remedy.id),
            None => {
                let known: Vec<&str> = scenario.remedies.iter().map(|r| r.id).collect();
                notices.push(format!(
                    "scenario '{}' has no remedy '{}'; it is left out (it has: {})",
                    scenario.id,
                    shown(id, MAX_QUOTED_CHARS),
                    known.join(", ")
                ));
            }
        }
    }
    let in_order = scenario.remedies.iter().map(|r| r.id);
    in_order.filter(|id| named.contains(id)).collect()
}
