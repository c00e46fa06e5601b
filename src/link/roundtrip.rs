//! Round-trip properties: every scenario with every subset of its remedies, and random
//! selections built from random valid edits of every setting key, come back from their
//! link as the same run. Randomness is the crate's own seeded `Rng`, so a failure
//! reproduces from the printed case number.

use super::*;
use crate::rng::Rng;
use crate::scenario::{catalog, Selection};
use crate::web::settings::{Kind, GROUPS};

/// Random selections checked.
const CASES: usize = 1000;
/// Tries at a valid value for one key before moving on (a value can be valid alone but
/// clash with another setting, like per-layer activations with the layer count).
const TRIES: usize = 6;

fn options(path: &str) -> &'static [&'static str] {
    let page_path = if path == "model.layer_activations" {
        "model.activation"
    } else {
        path
    };
    GROUPS
        .iter()
        .flat_map(|g| g.settings)
        .find(|s| s.path == page_path)
        .map_or(&[], |s| match s.kind {
            Kind::Select(o) | Kind::Checks(o) => o,
            _ => &[],
        })
}

/// A number as a person or a control would write it, or at full precision.
fn number(rng: &mut Rng) -> String {
    let scale = [1e-4, 0.01, 1.0, 10.0, 1000.0][rng.below(5)];
    let sign = if rng.chance(0.1) { -1.0 } else { 1.0 };
    let x = sign * scale * rng.uniform();
    match rng.below(3) {
        0 => format!("{x}"),
        1 => format!("{x:.3}"),
        _ => format!("{}", (x * 10.0).round() / 10.0),
    }
}

fn list(rng: &mut Rng, max_len: usize, item: impl Fn(&mut Rng) -> String) -> String {
    let len = rng.below(max_len + 1);
    let items: Vec<String> = (0..len).map(|_| item(&mut *rng)).collect();
    items.join(",")
}

/// A random value of the right shape for a setting; validity is left to `Config::set`.
fn value(rng: &mut Rng, path: &str, kind: ValueKind) -> String {
    let pick = |rng: &mut Rng, o: &[&str]| o[rng.below(o.len())].to_string();
    match kind {
        ValueKind::Number => number(rng),
        ValueKind::Count => {
            [1 + rng.below(9), rng.below(2001), rng.below(100_001)][rng.below(3)].to_string()
        }
        ValueKind::Toggle => rng.chance(0.5).to_string(),
        ValueKind::Choice => pick(rng, options(path)),
        ValueKind::Widths => list(rng, 4, |r| (1 + r.below(16)).to_string()),
        ValueKind::Names if path == "data.features" => {
            let mut names = options(path).to_vec();
            rng.shuffle(&mut names);
            names[..1 + rng.below(names.len())].join(",")
        }
        ValueKind::Names => list(rng, 4, |r| pick(r, options(path))),
    }
}

/// A random valid selection: a scenario or none, some of its remedies, a seed, and valid
/// random edits of a random share of the setting keys, in the order they were made.
fn random_selection(rng: &mut Rng) -> Selection {
    let scenarios = catalog::all();
    let scenario = (!rng.chance(0.2)).then(|| &scenarios[rng.below(scenarios.len())]);
    let seed = [rng.below(10) as u64, rng.next_u64() >> 32][rng.below(2)];
    let mut selection = Selection::new(scenario.map(|s| s.id), seed).unwrap();
    for r in scenario.map_or(&[][..], |s| s.remedies) {
        if rng.chance(0.4) {
            selection.set_remedy(r.id, true).unwrap();
        }
    }
    let mut config = selection.config().unwrap();
    let share = rng.uniform();
    let mut keys: Vec<(&str, ValueKind)> = keys::settings().map(|(_, p, k)| (p, k)).collect();
    keys.push(("seed", ValueKind::Count));
    rng.shuffle(&mut keys);
    for (path, kind) in keys {
        if rng.chance(share) {
            let value = (0..TRIES)
                .map(|_| value(rng, path, kind))
                .find(|v| config.set(path, v).is_ok());
            if let Some(v) = value {
                selection.overrides.push((path.to_string(), v));
            }
        }
    }
    selection
}

#[test]
fn every_scenario_with_every_subset_of_its_remedies_round_trips() {
    for scenario in catalog::all() {
        let n = scenario.remedies.len();
        for mask in 0..1usize << n {
            for seed in [0, 1, 7, u64::from(u32::MAX)] {
                let mut sel = Selection::new(Some(scenario.id), seed).unwrap();
                for (i, r) in scenario.remedies.iter().enumerate() {
                    if mask >> i & 1 == 1 {
                        sel.set_remedy(r.id, true).unwrap();
                    }
                }
                let link = encode(&sel);
                let d = decode(&link);
                assert!(d.notices.is_empty(), "{link}: {:?}", d.notices);
                assert_eq!(d.selection, sel, "{link}");
                assert_eq!(d.config, sel.config().unwrap(), "{link}");
            }
        }
    }
}

#[test]
fn random_selections_round_trip_to_the_same_run() {
    let mut rng = Rng::new(2024);
    let mut edits = 0;
    for case in 0..CASES {
        let sel = random_selection(&mut rng);
        edits += sel.overrides.len();
        let want = sel.config().unwrap();
        let link = encode(&sel);
        let d = decode(&link);
        assert!(d.notices.is_empty(), "case {case}: {link}: {:?}", d.notices);
        assert_eq!(d.config, want, "case {case}: {link}");
        assert_eq!(d.selection.config().unwrap(), want, "case {case}: {link}");
        // The decoded selection is the canonical form: its link is the one it came from,
        // so it is its own round trip, `decode(encode(s)) == s`.
        assert_eq!(encode(&d.selection), link, "case {case}");
        let bare = decode_config(&encode_config(&want));
        assert!(bare.notices.is_empty(), "case {case}: {:?}", bare.notices);
        assert_eq!(bare.config, want, "case {case}: {}", encode_config(&want));
    }
    assert!(edits > CASES * 5, "the generator makes edits ({edits})");
}

#[test]
fn every_setting_key_is_exercised_by_the_generator() {
    let mut rng = Rng::new(5);
    let mut seen = vec![false; KEYS.len()];
    for _ in 0..200 {
        for (path, _) in random_selection(&mut rng).overrides {
            if let Some(row) = KEYS.iter().position(|k| match k.meaning {
                Meaning::Setting { path: p, .. } => p == path,
                _ => false,
            }) {
                seen[row] = true;
            }
        }
    }
    for (row, key) in KEYS.iter().enumerate() {
        if matches!(key.meaning, Meaning::Setting { .. }) {
            assert!(seen[row], "no valid random value for '{}'", key.key);
        }
    }
}

#[test]
fn random_page_options_round_trip() {
    let mut rng = Rng::new(77);
    let alphabet: Vec<char> = "aZ09 &=%+#?,;/<>\"'é—😀\u{202E}\n\t.~_-".chars().collect();
    for case in 0..2000 {
        let pick =
            |rng: &mut Rng, all: usize| (0..all).filter(|_| rng.chance(0.5)).collect::<Vec<_>>();
        let mut panels: Vec<Panel> = pick(&mut rng, 4)
            .into_iter()
            .map(|i| Panel::ALL[i])
            .collect();
        if panels.is_empty() {
            panels = Panel::ALL.to_vec();
        }
        let controls = pick(&mut rng, 5)
            .into_iter()
            .map(|i| Control::ALL[i])
            .collect();
        let len = [0, 5, 40, 250][rng.below(4)];
        let caption: String = (0..len)
            .map(|_| alphabet[rng.below(alphabet.len())])
            .collect();
        let obeys_none = rng.chance(0.1);
        let embed = EmbedOptions {
            embed: rng.chance(0.5),
            panels,
            controls,
            autoplay: rng.chance(0.5),
            caption: Some(caption.clone()),
            until: rng
                .chance(0.5)
                .then(|| 1 + rng.below(crate::link::MAX_UNTIL)),
            origins: match obeys_none {
                true => Vec::new(),
                false => pick(&mut rng, 3)
                    .into_iter()
                    .map(|i| format!("https://site{i}.example:{}", 1000 + i))
                    .collect(),
            },
            obeys_none,
        };
        let link = encode_with(&Selection::default(), &embed);
        let d = decode(&link);
        assert!(d.notices.is_empty(), "case {case}: {link}: {:?}", d.notices);
        let want = EmbedOptions {
            caption: clean_caption(&caption).0,
            ..embed
        };
        assert_eq!(d.embed, want, "case {case}: {link}");
    }
}
