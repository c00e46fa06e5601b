//! Builds the controls from data (the catalog and the settings table) and keeps them in
//! step with the selection.

use super::dom::{by_id, create, el, set_attr};
use crate::data::DOMAIN;
use crate::scenario::{catalog, Config, Selection};
use crate::view::LayerMetric;
use crate::web::settings::{value_text, Kind, Setting, GROUPS};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlOptionElement, HtmlSelectElement};

/// The DOM id of a setting's control: `train.learning_rate` → `set-train-learning_rate`.
pub fn control_id(path: &str) -> String {
    format!("set-{}", path.replace('.', "-"))
}

pub fn build_scenario_picker() {
    let select: HtmlSelectElement = by_id("scenario");
    let free: HtmlOptionElement = create("option");
    free.set_value("");
    free.set_text("Free play (no scenario)");
    let _ = select.append_child(&free);
    for s in catalog::all() {
        let o: HtmlOptionElement = create("option");
        o.set_value(s.id);
        o.set_text(s.title);
        let _ = select.append_child(&o);
    }
}

/// Explanation and remedy toggles for the selected scenario.
pub fn show_scenario(selection: &Selection) {
    let select: HtmlSelectElement = by_id("scenario");
    select.set_value(selection.scenario.unwrap_or(""));
    let explanation: HtmlElement = by_id("explanation");
    let list: HtmlElement = by_id("remedies");
    list.set_inner_html("");
    let Some(scenario) = selection.scenario.and_then(|id| catalog::find(id).ok()) else {
        explanation.set_text_content(Some("Set up any network below and watch it train."));
        return;
    };
    explanation.set_text_content(Some(scenario.explanation));
    let metric: HtmlSelectElement = by_id("layer-metric");
    metric.set_value(watched_metric(scenario.id).id());
    for r in scenario.remedies {
        let item = el("li", "remedy", "");
        let label: HtmlElement = create("label");
        let input: HtmlInputElement = create("input");
        input.set_type("checkbox");
        input.set_id(&format!("remedy-{}", r.id));
        set_attr(&input, "data-testid", &format!("remedy-{}", r.id));
        set_attr(&input, "data-remedy", r.id);
        input.set_checked(selection.remedies.contains(&r.id));
        let _ = label.append_child(&input);
        let _ = label.append_child(&el("span", "remedy-label", r.label));
        let _ = item.append_child(&label);
        let _ = item.append_child(&el("p", "why", r.why));
        let _ = list.append_child(&item);
    }
}

/// The per-layer measure a scenario's explanation tells the learner to watch: the update
/// ratio for a learning rate too low (the gradients look ordinary there; the steps do not),
/// the gradient norms otherwise.
fn watched_metric(scenario: &str) -> LayerMetric {
    match scenario {
        "lr-too-low" => LayerMetric::UpdateRatio,
        _ => LayerMetric::GradNorm,
    }
}

pub fn build_settings() {
    let panel: HtmlElement = by_id("settings");
    for group in GROUPS {
        let fieldset: HtmlElement = create("fieldset");
        let _ = fieldset.append_child(&el("legend", "", group.title));
        for setting in group.settings {
            let _ = fieldset.append_child(&setting_row(setting));
        }
        let _ = panel.append_child(&fieldset);
    }
}

fn setting_row(setting: &Setting) -> Element {
    let row = el("div", "setting", "");
    let id = control_id(setting.path);
    let label: HtmlElement = create("label");
    label.set_text_content(Some(setting.label));
    set_attr(&label, "for", &id);
    let control: Element = match &setting.kind {
        Kind::Select(options) => {
            let s: HtmlSelectElement = create("select");
            for o in options.iter() {
                let opt: HtmlOptionElement = create("option");
                opt.set_value(o);
                opt.set_text(o);
                let _ = s.append_child(&opt);
            }
            s.into()
        }
        Kind::Number { min, max, step } => {
            let i: HtmlInputElement = create("input");
            i.set_type("number");
            set_attr(&i, "min", &min.to_string());
            set_attr(&i, "max", &max.to_string());
            set_attr(&i, "step", &step.to_string());
            i.into()
        }
        Kind::Toggle => {
            let i: HtmlInputElement = create("input");
            i.set_type("checkbox");
            i.into()
        }
        Kind::List => {
            let i: HtmlInputElement = create("input");
            i.set_type("text");
            set_attr(&i, "inputmode", "numeric");
            set_attr(&i, "placeholder", "e.g. 8,8");
            i.into()
        }
        Kind::Checks(options) => {
            label.remove_attribute("for").ok();
            let group = el("span", "checks", "");
            set_attr(&group, "role", "group");
            for o in options.iter() {
                let l: HtmlElement = create("label");
                let i: HtmlInputElement = create("input");
                i.set_type("checkbox");
                i.set_value(o);
                let _ = l.append_child(&i);
                let _ = l.append_child(&el("span", "", o));
                let _ = group.append_child(&l);
            }
            group.into()
        }
    };
    control.set_id(&id);
    set_attr(&control, "data-path", setting.path);
    let _ = row.append_child(&label);
    let _ = row.append_child(&control);
    row.into()
}

/// The value a control holds now, as `Config::set` text.
pub fn control_value(path: &str) -> Option<String> {
    let setting = GROUPS
        .iter()
        .flat_map(|g| g.settings)
        .find(|s| s.path == path)?;
    let control: Element = by_id(&control_id(path));
    Some(match setting.kind {
        Kind::Select(_) => control.dyn_into::<HtmlSelectElement>().ok()?.value(),
        Kind::Toggle => control
            .dyn_into::<HtmlInputElement>()
            .ok()?
            .checked()
            .to_string(),
        Kind::Checks(_) => {
            let boxes = control.query_selector_all("input:checked").ok()?;
            let values: Vec<String> = (0..boxes.length())
                .filter_map(|i| boxes.item(i)?.dyn_into::<HtmlInputElement>().ok())
                .map(|b| b.value())
                .collect();
            values.join(",")
        }
        Kind::Number { .. } | Kind::List => control.dyn_into::<HtmlInputElement>().ok()?.value(),
    })
}

/// Shows the config's values in every control.
pub fn refresh(config: &Config, selection: &Selection) {
    let json = serde_json::to_value(config).unwrap_or_default();
    for setting in GROUPS.iter().flat_map(|g| g.settings) {
        let text = value_text(&json, setting.path);
        let control: Element = by_id(&control_id(setting.path));
        match setting.kind {
            Kind::Select(_) => control
                .unchecked_into::<HtmlSelectElement>()
                .set_value(&text),
            Kind::Toggle => control
                .unchecked_into::<HtmlInputElement>()
                .set_checked(text == "true"),
            Kind::Checks(_) => {
                let chosen: Vec<&str> = text.split(',').collect();
                if let Ok(boxes) = control.query_selector_all("input") {
                    for i in 0..boxes.length() {
                        if let Some(b) = boxes
                            .item(i)
                            .and_then(|n| n.dyn_into::<HtmlInputElement>().ok())
                        {
                            b.set_checked(chosen.contains(&b.value().as_str()));
                        }
                    }
                }
            }
            Kind::Number { .. } | Kind::List => control
                .unchecked_into::<HtmlInputElement>()
                .set_value(&text),
        }
    }
    let seed: HtmlInputElement = by_id("seed");
    seed.set_value(&config.seed.to_string());
    let modified: HtmlElement = by_id("modified");
    modified.set_hidden(!selection.modified() || selection.scenario.is_none());
    show_raw_inputs(config);
}

/// The boundary is drawn in the generator's units; when a preprocessing bug scales and
/// shifts the inputs, say what the network is really given, so "inputs in the thousands"
/// matches something on screen.
fn show_raw_inputs(config: &Config) {
    let note: HtmlElement = by_id("raw-inputs");
    let (scale, offset) = (config.data.input_scale, config.data.input_offset);
    if scale == 1.0 && offset == 0.0 {
        note.set_text_content(None);
        return note.set_hidden(true);
    }
    let (lo, hi) = (-DOMAIN * scale + offset, DOMAIN * scale + offset);
    let (lo, hi) = (lo.min(hi), lo.max(hi));
    let after = if config.data.standardize {
        ", then standardised to mean 0 and spread 1 before the first layer"
    } else {
        ", and the first layer gets them as they are"
    };
    note.set_text_content(Some(&format!(
        "Axes in the data's own units. The network is given each coordinate as x × {scale} + \
         {offset}: from {lo} to {hi}{after}."
    )));
    note.set_hidden(false);
}
