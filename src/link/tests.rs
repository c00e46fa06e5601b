//! Behaviour of the codec as a whole: what a link decodes to and what each problem says.

use super::*;
use crate::scenario::{catalog, Config, Selection};

fn notices(link: &str) -> Vec<String> {
    decode(link).notices
}

#[test]
fn the_issue_example_decodes_to_its_run() {
    let d = decode("https://example.org/?v=1&s=sigmoid-stack&r=relu,he-init&lr=0.1&seed=7");
    assert!(d.notices.is_empty(), "{:?}", d.notices);
    assert_eq!(d.selection.scenario, Some("sigmoid-stack"));
    assert_eq!(d.selection.remedies, ["relu", "he-init"]);
    assert_eq!(d.selection.seed, 7);
    assert_eq!(
        d.selection.overrides,
        [("train.learning_rate".to_string(), "0.1".to_string())]
    );
    let mut want = catalog::find("sigmoid-stack")
        .unwrap()
        .config(&["relu", "he-init"], 7)
        .unwrap();
    want.train.learning_rate = 0.1;
    assert_eq!(d.config, want);
    assert_eq!(d.selection.config().unwrap(), want);
}

#[test]
fn a_bad_value_names_the_key_the_text_and_the_value_used() {
    let d = decode("?v=1&s=lr-too-high&r=lower-lr&lr=abc&l2=0.01");
    assert_eq!(
        d.notices,
        ["learning rate 'abc' is not a number; using 0.03"]
    );
    assert_eq!(d.config.train.l2, 0.01, "the rest of the link applies");
    let n = notices("lr=30");
    assert_eq!(
        n,
        ["learning rate '30' was rejected (train.learning_rate must be in (0, 10], got 30); using 0.1"]
    );
}

#[test]
fn unknown_keys_ids_and_repeats_are_reported_and_the_rest_applies() {
    let d = decode("v=1&s=zero-init&r=random-init,relu&speed=3&l2=0.1&l2=0.2");
    assert_eq!(d.config.train.l2, 0.2, "the last repeat wins");
    assert_eq!(d.selection.remedies, ["random-init"]);
    assert_eq!(d.notices.len(), 3, "{:?}", d.notices);
    assert_eq!(d.notices[0], "unknown link key 'speed' is ignored");
    assert_eq!(
        d.notices[1],
        "'l2' appears 2 times; the last value, '0.2', is used"
    );
    assert!(
        d.notices[2].starts_with("scenario 'zero-init' has no remedy 'relu'; it is left out"),
        "{}",
        d.notices[2]
    );
    let d = decode("s=nope&r=relu&lr=0.5");
    assert_eq!(d.selection.scenario, None);
    assert_eq!(d.config.train.learning_rate, 0.5);
    assert_eq!(
        d.notices,
        [
            "unknown scenario 'nope'; starting from the default settings instead",
            "remedies 'relu' need a scenario; they are left out"
        ]
    );
}

#[test]
fn versions_newer_unknown_and_missing() {
    assert!(
        notices("s=zero-init").is_empty(),
        "no v reads as v=1, silently"
    );
    assert_eq!(decode("s=zero-init").version, 1);
    let d = decode("v=6&s=zero-init&frobnicate=1");
    assert_eq!(d.version, 6);
    assert!(d.notices[0].starts_with("this link was made by a newer version (v=6);"));
    assert_eq!(
        d.selection.scenario,
        Some("zero-init"),
        "read as far as it goes"
    );
    assert_eq!(
        notices("v=abc"),
        ["link version 'abc' is not one this page knows; reading the link as v=1, as if it had none"]
    );
    assert_eq!(notices("v=0").len(), 1);
}

#[test]
fn a_link_whose_every_part_is_bad_gives_the_defaults() {
    let d = decode("v=x&s=nope&r=a&seed=-1&lr=abc&hidden=8,x&act=softmax&embed=2&zzz");
    assert_eq!(d.config, Config::default());
    assert_eq!(d.selection, Selection::new(None, 1).unwrap());
    assert_eq!(d.notices.len(), 9, "{:#?}", d.notices);
    assert!(d
        .notices
        .iter()
        .any(|n| n.starts_with("activation 'softmax' was rejected")));
    assert!(d
        .notices
        .iter()
        .any(|n| n == "seed '-1' is not a whole number; using 1"));
}

#[test]
fn seeds_are_range_checked() {
    assert_eq!(
        decode("seed=4294967295").selection.seed,
        u64::from(u32::MAX)
    );
    let n = notices("seed=4294967296");
    assert!(
        n[0].starts_with("seed '4294967296' was rejected (seed must be in"),
        "{n:?}"
    );
}

#[test]
fn a_link_cannot_name_custom_data() {
    let d = decode("ds=custom");
    assert_eq!(d.config.data.dataset, Config::default().data.dataset);
    assert!(
        d.notices[0].starts_with("dataset 'custom' was rejected"),
        "{:?}",
        d.notices
    );
}

#[test]
fn constrained_settings_apply_whatever_their_order() {
    // Table order puts the output (model) before the loss (train); from cross-entropy,
    // a tanh output is valid only after the loss is MSE.
    for link in ["out=tanh&loss=mse", "loss=mse&out=tanh"] {
        let d = decode(link);
        assert!(d.notices.is_empty(), "{:?}", d.notices);
        assert_eq!(
            d.config.model.output_activation,
            crate::model::Activation::Tanh
        );
        assert_eq!(
            d.selection.overrides,
            [
                ("train.loss".to_string(), "mse".to_string()),
                ("model.output_activation".to_string(), "tanh".to_string())
            ],
            "recorded in an order that replays"
        );
        assert_eq!(d.selection.config().unwrap(), d.config);
    }
}

#[test]
fn edits_that_change_nothing_are_dropped() {
    // zero-init is unchanged since v=1, so an old link restates nothing of its own.
    let d = decode("v=2&s=zero-init&lr=0.1&act=tanh&l2=0");
    assert!(d.selection.overrides.is_empty());
    assert_eq!(encode(&d.selection), "v=5&s=zero-init");
}

#[test]
fn page_options_decode_and_encode() {
    let d =
        decode("embed&autoplay=1&panels=loss,boundary&controls=none&caption=Why+it+%3Cfails%3E%21");
    assert!(d.notices.is_empty(), "{:?}", d.notices);
    let e = &d.embed;
    assert!(e.embed && e.autoplay);
    assert_eq!(e.panels, [Panel::Boundary, Panel::Loss]);
    assert!(e.controls.is_empty());
    assert_eq!(e.caption.as_deref(), Some("Why it <fails>!"));
    assert_eq!(decode(&encode_with(&d.selection, e)).embed, *e);
    let d = decode(&format!("caption={}", "ab".repeat(MAX_CAPTION_CHARS)));
    assert_eq!(d.embed.caption.unwrap().chars().count(), MAX_CAPTION_CHARS);
    assert_eq!(
        d.notices,
        ["the caption is longer than 200 characters; it is cut there"]
    );
}

#[test]
fn keys_are_case_insensitive_and_escaped_keys_are_read() {
    let d = decode("LR=0.5&%73=zero-init");
    assert_eq!(d.config.train.learning_rate, 0.5);
    assert_eq!(d.selection.scenario, Some("zero-init"));
}

#[test]
fn oversized_values_and_many_problems_are_bounded() {
    let d = decode(&format!("lr={}", "1".repeat(MAX_VALUE_BYTES + 1)));
    assert_eq!(
        d.notices,
        ["learning rate is longer than 256 bytes; it is ignored"]
    );
    let many: Vec<String> = (0..100).map(|i| format!("k{i}=1")).collect();
    let n = notices(&many.join("&"));
    assert_eq!(n.len(), MAX_NOTICES + 1);
    assert!(n[MAX_NOTICES].starts_with("68 more problems"));
}

#[test]
fn every_key_in_a_bare_config_round_trips() {
    let mut c = Config::default();
    for (path, value) in [
        ("seed", "99"),
        ("data.dataset", "spiral"),
        ("model.hidden_layers", "4,4,4"),
        ("model.layer_activations", "relu,elu,tanh"),
        ("train.loss", "mse"),
        ("model.output_activation", "linear"),
        ("train.early_stopping.restore_best", "false"),
        ("train.beta2", "0.99"),
    ] {
        c.set(path, value).unwrap();
    }
    let link = encode_config(&c);
    assert_eq!(
        link,
        "v=5&seed=99&ds=spiral&hidden=4,4,4&lacts=relu,elu,tanh&out=linear&loss=mse&b2=0.99\
         &esbest=0"
    );
    let d = decode_config(&link);
    assert!(d.notices.is_empty(), "{:?}", d.notices);
    assert_eq!(d.config, c);
}

#[test]
fn the_early_stopping_monitor_round_trips_and_an_unknown_one_is_named() {
    let d = decode("v=5&es=1&esmon=accuracy");
    assert!(d.notices.is_empty(), "{:?}", d.notices);
    let watched = d.config.train.early_stopping.monitor;
    assert_eq!(watched, crate::train::Monitor::Accuracy);
    assert_eq!(encode_config(&d.config), "v=5&es=1&esmon=accuracy");
    let n = notices("esmon=median");
    assert_eq!(n.len(), 1);
    assert!(n[0].starts_with("early-stopping monitor 'median'"), "{n:?}");
}

#[test]
fn a_v1_link_to_a_changed_scenario_runs_the_old_scenario_restated_today() {
    let old = decode("v=1&s=tiny-dataset&r=dropout&seed=3");
    assert!(old.notices.is_empty(), "{:?}", old.notices);
    assert_eq!(old.version, 1);
    // The v=1 catalog's tiny dataset: noisy circle, plain SGD, no wrong labels.
    let c = &old.config;
    assert_eq!(c.data.dataset, crate::data::DatasetKind::Circle);
    assert_eq!((c.data.label_noise, c.data.noise), (0.0, 0.8));
    assert_eq!((c.train.learning_rate, c.model.dropout), (0.05, 0.5));
    assert_eq!(c.seed, 3);
    // Restated against today's catalog, so everything downstream sees one meaning.
    assert_eq!(old.selection.scenario, Some("tiny-dataset"));
    assert_eq!(old.selection.remedies, ["dropout"]);
    assert_eq!(old.selection.config().unwrap(), old.config);
    let again = encode(&old.selection);
    assert!(
        again.starts_with("v=5&s=tiny-dataset&r=dropout&seed=3&"),
        "{again}"
    );
    assert!(again.contains("ds=circle"), "{again}");
    let reread = decode(&again);
    assert_eq!(reread.config, old.config);
    assert!(reread.notices.is_empty());
    // Today's scenario is a different run, and a link without `v` is a v=1 link.
    assert_ne!(
        decode("v=2&s=tiny-dataset&r=dropout&seed=3").config,
        old.config
    );
    assert_eq!(decode("s=tiny-dataset&r=dropout&seed=3").config, old.config);
}

#[test]
fn unchanged_scenarios_and_remedies_read_the_same_in_every_version() {
    for s in crate::scenario::catalog::all() {
        let remedies: Vec<&str> = s.remedies.iter().map(|r| r.id).collect();
        let link = |v: u32| format!("v={v}&s={}&r={}&seed=5", s.id, remedies.join(","));
        // The failure alone too: every remedy of lr-too-low sets the rate its change is.
        let bare = |v: u32| format!("v={v}&s={}&seed=5", s.id);
        let now = decode(&link(super::LINK_VERSION));
        let now_bare = decode(&bare(super::LINK_VERSION));
        for v in 1..super::LINK_VERSION {
            let (old, old_bare) = (decode(&link(v)), decode(&bare(v)));
            let changed = crate::scenario::catalog::as_of(v, s.id).is_some();
            let same = old.config == now.config && old_bare.config == now_bare.config;
            assert_eq!(same, !changed, "{} at v={v}", s.id);
            // Restated against today's catalog, a link is modified exactly when its run differs.
            let differs = old.config != now.config;
            assert_eq!(old.selection.modified(), differs, "{} at v={v}", s.id);
            let differs = old_bare.config != now_bare.config;
            assert_eq!(old_bare.selection.modified(), differs, "{} at v={v}", s.id);
        }
    }
}

#[test]
fn a_v2_link_to_a_scenario_changed_at_v3_runs_the_v2_scenario() {
    // wrong-loss gained tiny initial weights at v=3; v=2 and v=1 links keep Xavier's.
    let now = decode("v=3&s=wrong-loss&r=cross-entropy&seed=4");
    assert_eq!(now.config.model.init_scale, 0.01);
    for old_link in [
        "v=2&s=wrong-loss&r=cross-entropy&seed=4",
        "v=1&s=wrong-loss&r=cross-entropy&seed=4",
        "s=wrong-loss&r=cross-entropy&seed=4",
    ] {
        let old = decode(old_link);
        assert!(old.notices.is_empty(), "{old_link}: {:?}", old.notices);
        let c = &old.config;
        assert_eq!(
            c.model.weight_init,
            crate::model::Init::XavierUniform,
            "{old_link}"
        );
        assert_eq!(c.model.init_scale, 1.0, "{old_link}");
        assert_eq!((c.model.bias_init, c.seed), (10.0, 4), "{old_link}");
        assert_eq!(old.selection.scenario, Some("wrong-loss"));
        assert_eq!(old.selection.remedies, ["cross-entropy"]);
        let again = encode(&old.selection);
        assert!(
            again.starts_with("v=5&s=wrong-loss&r=cross-entropy&seed=4&"),
            "{again}"
        );
        assert_eq!(decode(&again).config, old.config, "{again}");
    }
}
