//! Selection (or bare config) and page options to link query text.
//!
//! A setting is written only when it differs from what the scenario and remedies give, so
//! a link says what the learner changed and stays short. The price: a link's meaning
//! includes the catalog and `Config::default()` as they are at its version. The golden
//! links (tests/golden/links.txt) pin that meaning; a change that moves any of them needs a
//! new link version and a migration of the old one.

use super::embed::{clean_caption, render_parts, EmbedOptions};
use super::keys::{self, Meaning, PageKey};
use super::percent::encode_component;
use super::settle::settle;
use super::value::{lookup, render};
use super::LINK_VERSION;
use crate::scenario::config::MAX_SEED;
use crate::scenario::{catalog, Config, Scenario, Selection};

/// The link query (without the leading `?`) for a selection, with default page options.
pub fn encode(selection: &Selection) -> String {
    encode_with(selection, &EmbedOptions::default())
}

/// The link query for a selection and page options.
///
/// `decode(&encode(s)).selection == s` for every selection in the form `decode` gives
/// (edits that change something, in canonical text). Any other selection encodes to the
/// same run: equal `config()`, with edits that change nothing dropped. Parts of a
/// selection that do not validate (an unknown id, an edit `Config::set` refuses) are left
/// out rather than written into a link that could not be read back.
pub fn encode_with(selection: &Selection, embed: &EmbedOptions) -> String {
    let (scenario, remedies, base) = start(selection);
    let target = settle(&base, &selection.overrides).config;
    write(scenario, &remedies, &base, &target, embed)
}

/// The link query for `selection`'s scenario, remedies and seed, with every setting where
/// `config` differs from what they give today.
pub(super) fn encode_run(selection: &Selection, config: &Config) -> String {
    let bare = Selection {
        overrides: Vec::new(),
        ..selection.clone()
    };
    let (scenario, remedies, base) = start(&bare);
    write(scenario, &remedies, &base, config, &EmbedOptions::default())
}

/// The link query for a bare config, with no scenario: every field that differs from
/// `Config::default()`, the seed included. Decoding it gives back the same config.
pub fn encode_config(config: &Config) -> String {
    let base = Config {
        seed: config.seed,
        ..Config::default()
    };
    write(None, &[], &base, config, &EmbedOptions::default())
}

/// The valid part of a selection's scenario, remedies and seed, and the config they give.
fn start(selection: &Selection) -> (Option<&'static Scenario>, Vec<&'static str>, Config) {
    let seed = if selection.seed <= MAX_SEED {
        selection.seed
    } else {
        Config::default().seed
    };
    let bare = Config {
        seed,
        ..Config::default()
    };
    let Some(scenario) = selection.scenario.and_then(|id| catalog::find(id).ok()) else {
        return (None, Vec::new(), bare);
    };
    let remedies: Vec<&'static str> = scenario
        .remedies
        .iter()
        .filter(|r| selection.remedies.contains(&r.id))
        .map(|r| r.id)
        .collect();
    match scenario.config(&remedies, seed) {
        Ok(config) => (Some(scenario), remedies, config),
        Err(_) => (None, Vec::new(), bare),
    }
}

/// Writes the keys in table order: version, choice, seed, changed settings, page options.
fn write(
    scenario: Option<&Scenario>,
    remedies: &[&str],
    base: &Config,
    target: &Config,
    embed: &EmbedOptions,
) -> String {
    let mut parts: Vec<(&str, String)> = Vec::new();
    let mut put = |meaning: Meaning, value: String| parts.push((keys::of(meaning).key, value));
    put(Meaning::Version, LINK_VERSION.to_string());
    if let Some(s) = scenario {
        put(Meaning::Scenario, s.id.to_string());
    }
    if !remedies.is_empty() {
        put(Meaning::Remedies, remedies.join(","));
    }
    if target.seed != Config::default().seed {
        put(Meaning::Seed, target.seed.to_string());
    }
    let trees = (serde_json::to_value(base), serde_json::to_value(target));
    if let (Ok(base), Ok(target)) = &trees {
        for (key, path, kind) in keys::settings() {
            let text = |tree| lookup(tree, path).map(|v| render(v, kind));
            if let Some(wanted) = text(target).filter(|w| Some(w) != text(base).as_ref()) {
                parts.push((key.key, wanted));
            }
        }
    }
    write_page(embed, &mut parts);
    parts
        .iter()
        .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn write_page(embed: &EmbedOptions, parts: &mut Vec<(&'static str, String)>) {
    let default = EmbedOptions::defaults_for(embed.embed);
    let mut put =
        |page: PageKey, value: String| parts.push((keys::of(Meaning::Page(page)).key, value));
    if embed.embed {
        put(PageKey::Embed, "1".to_string());
    }
    // Compared as written, so the order a caller listed the parts in does not matter.
    let panels = render_parts(&embed.panels);
    if panels != render_parts(&default.panels) && !embed.panels.is_empty() {
        put(PageKey::Panels, panels);
    }
    let controls = render_parts(&embed.controls);
    if controls != render_parts(&default.controls) {
        put(PageKey::Controls, controls);
    }
    if embed.autoplay {
        put(PageKey::Autoplay, "1".to_string());
    }
    if let (Some(caption), _) = clean_caption(embed.caption.as_deref().unwrap_or("")) {
        put(PageKey::Caption, caption);
    }
    if let Some(n) = embed.until {
        put(PageKey::Until, n.to_string());
    }
    if embed.obeys_none {
        put(PageKey::Origin, super::embed::NO_ORIGIN.to_string());
    } else if !embed.origins.is_empty() {
        put(PageKey::Origin, embed.origins.join(","));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::{Control, Panel};

    #[test]
    fn the_issue_example_is_written_as_shown() {
        let mut s = Selection::new(Some("sigmoid-stack"), 7).unwrap();
        s.set_remedy("he-init", true).unwrap();
        s.set_remedy("relu", true).unwrap();
        s.set("train.learning_rate", "0.1").unwrap();
        assert_eq!(
            encode(&s),
            "v=5&s=sigmoid-stack&r=relu,he-init&seed=7&lr=0.1"
        );
    }

    #[test]
    fn defaults_are_left_out() {
        assert_eq!(encode(&Selection::new(None, 1).unwrap()), "v=5");
        let mut s = Selection::new(Some("lr-too-high"), 1).unwrap();
        s.set("train.learning_rate", "10").unwrap();
        s.set("model.activation", "leaky-relu").unwrap();
        assert_eq!(
            encode(&s),
            "v=5&s=lr-too-high",
            "edits equal to the scenario's"
        );
        assert_eq!(encode_config(&Config::default()), "v=5");
    }

    #[test]
    fn a_bare_config_writes_every_changed_field() {
        let mut c = Config::default();
        c.set("seed", "42").unwrap();
        c.set("model.hidden_layers", "[]").unwrap();
        c.set("data.features", "x,y,x2,y2").unwrap();
        c.set("train.early_stopping.min_delta", "0.001").unwrap();
        assert_eq!(
            encode_config(&c),
            "v=5&seed=42&feat=x,y,x2,y2&hidden=none&esdelta=0.001"
        );
    }

    #[test]
    fn invalid_parts_of_a_selection_are_left_out() {
        let s = Selection {
            scenario: Some("zero-init"),
            remedies: vec!["relu", "random-init"],
            overrides: vec![
                ("train.l2".into(), "7".into()),
                ("train.l1".into(), "0.5".into()),
            ],
            seed: u64::MAX,
        };
        assert_eq!(encode(&s), "v=5&s=zero-init&r=random-init&l1=0.5");
        let unknown = Selection {
            scenario: Some("nope"),
            ..Selection::default()
        };
        assert_eq!(encode(&unknown), "v=5&seed=0");
    }

    #[test]
    fn page_options_are_written_when_not_default() {
        let embed = EmbedOptions {
            embed: true,
            panels: vec![Panel::Boundary, Panel::Loss],
            controls: vec![],
            autoplay: true,
            caption: Some(" Why ReLU helps: 100% & more ".into()),
            until: Some(300),
            origins: vec!["https://tutorial.example".into()],
            obeys_none: false,
        };
        assert_eq!(
            encode_with(&Selection::new(None, 1).unwrap(), &embed),
            "v=5&embed=1&controls=none&autoplay=1\
             &caption=Why+ReLU+helps%3A+100%25+%26+more&until=300\
             &origin=https%3A%2F%2Ftutorial.example",
            "an embed's default panels (boundary, loss) are left out"
        );
        let some = EmbedOptions {
            controls: vec![Control::Playback],
            ..EmbedOptions::default()
        };
        assert!(encode_with(&Selection::default(), &some).ends_with("&controls=playback"));
        let closed = EmbedOptions {
            embed: true,
            obeys_none: true,
            ..EmbedOptions::defaults_for(true)
        };
        let link = encode_with(&Selection::default(), &closed);
        assert!(link.ends_with("&origin=none"), "{link}");
        let back = crate::link::decode(&link);
        assert!(back.notices.is_empty() && back.embed.obeys_none, "{link}");
    }
}
