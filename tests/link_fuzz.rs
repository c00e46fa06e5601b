//! A deterministic fuzz of the share-link decoder, driven by the crate's own seeded `Rng`
//! (no external fuzzer): random bytes, link-like noise, mutations of valid links (bit
//! flips, truncations, duplications, stray `%` `&` `=` `#` `?` `+`, huge numbers, unicode,
//! repeated keys) and inputs up to and past the 64 KB cap. Every input must decode without
//! panicking to a valid run whose selection replays to the same config, with bounded
//! notices and page options.
//!
//! `NNLAB_LINK_FUZZ_CASES=N` sets the number of inputs; the default is sized to run in
//! seconds in the dev profile and is 200,000 in release (`cargo test --release`).

use nnlab::link::{self, keys, ValueKind, KEYS, MAX_CAPTION_CHARS, MAX_LINK_BYTES, MAX_NOTICES};
use nnlab::rng::Rng;
use nnlab::scenario::{catalog, Selection};
use std::panic::{catch_unwind, AssertUnwindSafe};

const DEV_CASES: usize = 40_000;
const RELEASE_CASES: usize = 200_000;
/// Longest notice: a sentence, a quoted value cut to 40 characters and a config error cut
/// to 160.
const MAX_NOTICE_CHARS: usize = 400;

/// Magnitudes at the edges of f64: subnormals, the smallest normal, huge values, −0.
const EXTREMES: &[&str] = &[
    "1e-300",
    "-1e-300",
    "1e300",
    "5e-324",
    "4.9e-324",
    "2.2250738585072014e-308",
    "1.7976931348623157e308",
    "1e-254",
    "3e-200",
    "-0",
    "0.000000000000000000000000000000000001",
];

const NOISE: &[u8] = b"v=1&s%+#?,.-_~;/:0123456789abcdefghijklmnopqrstuvwxyzABCDEFXYZ";
const INSERTS: &[&str] = &[
    "%",
    "%%",
    "%2",
    "%zz",
    "%00",
    "%FF",
    "%C3",
    "%E2%80",
    "&",
    "&&",
    "=",
    "==",
    "#",
    "?",
    "+",
    ",",
    ";",
    " ",
    "\n",
    "\0",
    "é",
    "😀",
    "\u{202E}",
    "\u{FEFF}",
    "σ",
    "NaN",
    "inf",
    "-0",
    "1e308",
    "-1e999",
    "1e-400",
    "99999999999999999999999",
    "4294967296",
    "0x10",
    "none",
    "[]",
];

/// Valid links to mutate: every scenario with each single remedy and with all of them,
/// plus random settings for every key.
fn seeds(rng: &mut Rng) -> Vec<String> {
    let mut out = Vec::new();
    for s in catalog::all() {
        let mut all = Selection::new(Some(s.id), 1).unwrap();
        for r in s.remedies {
            let mut one = Selection::new(Some(s.id), 7).unwrap();
            one.set_remedy(r.id, true).unwrap();
            out.push(link::encode(&one));
            all.set_remedy(r.id, true).unwrap();
        }
        out.push(link::encode(&all));
    }
    for _ in 0..200 {
        let mut pairs = Vec::new();
        for k in KEYS {
            if rng.chance(0.3) {
                pairs.push(format!("{}={}", k.key, plausible_value(rng, k.meaning)));
            }
        }
        out.push(format!("v=1&{}", pairs.join("&")));
    }
    out
}

fn plausible_value(rng: &mut Rng, meaning: keys::Meaning) -> String {
    match meaning {
        keys::Meaning::Setting { kind, .. } => match kind {
            ValueKind::Number => match rng.below(4) {
                0 => EXTREMES[rng.below(EXTREMES.len())].to_string(),
                _ => format!("{}", (rng.uniform() * 100.0).round() / 100.0),
            },
            ValueKind::Count => (1 + rng.below(500)).to_string(),
            ValueKind::Toggle => rng.below(2).to_string(),
            ValueKind::Choice => {
                ["relu", "adam", "mse", "spiral", "he", "cosine"][rng.below(6)].into()
            }
            ValueKind::Widths => "8,4".into(),
            ValueKind::Names => ["x,y,x2", "relu,tanh", "none"][rng.below(3)].into(),
        },
        keys::Meaning::Scenario => catalog::all()[rng.below(catalog::all().len())].id.into(),
        keys::Meaning::Remedies => "relu,adam,l2".into(),
        keys::Meaning::Seed => rng.below(1000).to_string(),
        keys::Meaning::Version => "1".into(),
        keys::Meaning::Page(_) => {
            ["1", "boundary,loss", "none", "A+caption%21"][rng.below(4)].into()
        }
    }
}

/// A length: mostly short, sometimes long, rarely at or past the cap.
fn length(rng: &mut Rng) -> usize {
    match rng.below(1000) {
        0..=899 => rng.below(200),
        900..=995 => rng.below(8 * 1024),
        _ => MAX_LINK_BYTES - 64 + rng.below(256),
    }
}

fn random_bytes(rng: &mut Rng) -> String {
    let bytes: Vec<u8> = (0..length(rng)).map(|_| rng.next_u64() as u8).collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

fn noise(rng: &mut Rng) -> String {
    (0..length(rng))
        .map(|_| NOISE[rng.below(NOISE.len())] as char)
        .collect()
}

/// One random edit of `text`, at a random byte (the result is made UTF-8 again lossily).
fn mutate(rng: &mut Rng, text: &str) -> String {
    let mut bytes = text.as_bytes().to_vec();
    let at = rng.below(bytes.len() + 1);
    match rng.below(9) {
        0 if !bytes.is_empty() => {
            let i = rng.below(bytes.len());
            bytes[i] ^= 1 << rng.below(8);
        }
        1 => bytes.truncate(at),
        2 => {
            let end = at + rng.below(bytes.len() - at + 1);
            let slice = bytes[at..end].to_vec();
            for _ in 0..1 + rng.below(4) {
                bytes.splice(at..at, slice.iter().copied());
            }
        }
        3 | 4 => {
            let insert = INSERTS[rng.below(INSERTS.len())];
            bytes.splice(at..at, insert.bytes());
        }
        5 => {
            let (key, meaning) = (
                KEYS[rng.below(KEYS.len())].key,
                KEYS[rng.below(KEYS.len())].meaning,
            );
            let pair = format!("&{key}={}", plausible_value(rng, meaning));
            bytes.extend(pair.bytes());
        }
        6 => {
            let digits = "9".repeat(1 + rng.below(400));
            bytes.splice(at..at, digits.bytes());
        }
        7 => {
            let copies = [2, 50, 2000][rng.below(3)];
            let pair = format!("&lr=0.{}", rng.below(100));
            bytes.extend(pair.repeat(copies).bytes());
        }
        _ => {
            let b = bytes.get(at).copied().unwrap_or(b'x');
            let escaped = format!("%{b:02X}");
            bytes.splice(at..(at + 1).min(bytes.len()), escaped.bytes());
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn input(rng: &mut Rng, seeds: &[String], kinds: &mut [usize; 4]) -> String {
    let kind = rng.below(10);
    match kind {
        0 => {
            kinds[0] += 1;
            random_bytes(rng)
        }
        1 => {
            kinds[1] += 1;
            noise(rng)
        }
        2 if rng.chance(0.05) => {
            kinds[3] += 1;
            let seed = &seeds[rng.below(seeds.len())];
            let big = seed.repeat(MAX_LINK_BYTES / (seed.len() + 1) + 2);
            mutate(rng, &big)
        }
        _ => {
            kinds[2] += 1;
            let mut text = seeds[rng.below(seeds.len())].clone();
            if rng.chance(0.3) {
                text = format!("https://example.org/nnlab/?{text}");
            }
            for _ in 0..1 + rng.below(8) {
                text = mutate(rng, &text);
            }
            text
        }
    }
}

/// Every this many inputs, the decoded run is also re-encoded and decoded again (the
/// costliest check, so not for every input).
const REENCODE_EVERY: usize = 4;

/// How many decoded inputs named a scenario, made setting edits, and gave notices: a fuzz
/// that only ever reaches the "unknown key" path proves little.
#[derive(Default)]
struct Reached {
    scenario: usize,
    edits: usize,
    notices: usize,
}

/// What every decoded link must satisfy, whatever the input.
fn check(text: &str, reencode: bool, reached: &mut Reached) {
    let d = link::decode(text);
    reached.scenario += usize::from(d.selection.scenario.is_some());
    reached.edits += usize::from(!d.selection.overrides.is_empty());
    reached.notices += usize::from(!d.notices.is_empty());
    d.config.validate().expect("a decoded config is valid");
    assert_eq!(
        d.selection.config().as_ref(),
        Ok(&d.config),
        "the selection replays"
    );
    assert!(
        d.notices.len() <= MAX_NOTICES + 1,
        "{} notices",
        d.notices.len()
    );
    for n in &d.notices {
        assert!(
            !n.contains('\n') && n.chars().count() <= MAX_NOTICE_CHARS,
            "notice: {n}"
        );
    }
    assert!(!d.embed.panels.is_empty());
    let caption = d.embed.caption.as_deref().unwrap_or("");
    assert!(caption.chars().count() <= MAX_CAPTION_CHARS);
    assert!(!caption.chars().any(char::is_control));
    if !reencode {
        return;
    }
    // What the page would write back for this run is a clean link to the same run.
    let again = link::decode(&link::encode_with(&d.selection, &d.embed));
    assert!(again.notices.is_empty(), "re-encoded: {:?}", again.notices);
    assert_eq!(again.config, d.config);
    assert_eq!(again.embed, d.embed);
}

fn cases() -> usize {
    let default = if cfg!(debug_assertions) {
        DEV_CASES
    } else {
        RELEASE_CASES
    };
    std::env::var("NNLAB_LINK_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

#[test]
fn the_decoder_survives_random_and_mutated_links() {
    let mut rng = Rng::new(0x11_4E_4B);
    let seeds = seeds(&mut rng);
    let (total, mut bytes, mut kinds) = (cases(), 0usize, [0usize; 4]);
    let (mut longest, mut reached) = (0, Reached::default());
    for case in 0..total {
        let text = input(&mut rng, &seeds, &mut kinds);
        bytes += text.len();
        longest = longest.max(text.len());
        if catch_unwind(AssertUnwindSafe(|| {
            check(&text, case % REENCODE_EVERY == 0, &mut reached)
        }))
        .is_err()
        {
            let shown: String = text.chars().take(300).collect();
            panic!(
                "case {case} failed on input ({} bytes): {shown:?}",
                text.len()
            );
        }
    }
    println!(
        "link fuzz: {total} inputs ({} random bytes, {} link-like noise, {} mutated links, \
         {} near the {} KB cap), {:.1} MB in all, longest {longest} bytes; {} decoded to a \
         scenario, {} to setting edits, {} with notices",
        kinds[0],
        kinds[1],
        kinds[2],
        kinds[3],
        MAX_LINK_BYTES / 1024,
        bytes as f64 / 1e6,
        reached.scenario,
        reached.edits,
        reached.notices
    );
    assert!(reached.scenario > total / 10 && reached.edits > total / 10);
}

/// Every number setting at every extreme magnitude: decoded alone, it is either refused
/// with a notice, or accepted and then written back (as the page shares it) to a short
/// link that decodes (as `nnlab run --link` reads it) to the very same bits.
#[test]
fn extreme_numbers_round_trip_or_are_refused_by_name() {
    let (mut accepted, mut refused) = (0, 0);
    for (key, path, kind) in keys::settings() {
        if kind != ValueKind::Number {
            continue;
        }
        for value in EXTREMES {
            let first = link::decode(&format!("v={}&{}={value}", link::LINK_VERSION, key.key));
            if !first.notices.is_empty() {
                refused += 1;
                assert!(
                    first
                        .notices
                        .iter()
                        .any(|n| n.contains(key.label) || n.contains(path)),
                    "{}={value}: {:?}",
                    key.key,
                    first.notices
                );
                continue;
            }
            accepted += 1;
            let shared = link::encode_with(&first.selection, &first.embed);
            assert!(
                shared.len() < 128,
                "{}={value} is shared as {shared}",
                key.key
            );
            let again = link::decode(&shared);
            assert!(again.notices.is_empty(), "{shared}: {:?}", again.notices);
            let bits = |c: &nnlab::scenario::Config| serde_json::to_string(c).unwrap();
            assert_eq!(bits(&again.config), bits(&first.config), "{shared}");
        }
    }
    println!("extreme numbers: {accepted} accepted and round-tripped, {refused} refused by name");
    assert!(accepted > 0 && refused > 0);
}
