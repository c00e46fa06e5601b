//! What the link asks the page to show: the compact embed layout, its panels and control
//! groups, the caption (as text), and the `<iframe>` snippet that embeds the current run.

use super::dom::{document, set_text, show};
use crate::link::{self as share, Control, EmbedOptions, Panel, Part};
use crate::scenario::{catalog, Selection};
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// Size of the iframe the snippet proposes: room for the boundary beside the loss curve
/// above a row of controls.
const SNIPPET_SIZE: (u32, u32) = (560, 420);

/// Hides the panels and control groups the options leave out; the caption is plain text.
pub fn apply(embed: &EmbedOptions) {
    if let Some(body) = document().body() {
        let _ = body.class_list().toggle_with_force("embed", embed.embed);
    }
    for &panel in Panel::ALL {
        set_part_shown("data-panel", panel.name(), embed.shows_panel(panel));
    }
    for &control in Control::ALL {
        set_part_shown("data-control", control.name(), embed.shows_control(control));
    }
    // A scenario box with neither picker nor remedies would be an empty frame.
    let any = embed.shows_control(Control::Scenario) || embed.shows_control(Control::Remedies);
    set_selector_shown("section.scenario", any);
    set_text("caption", embed.caption.as_deref().unwrap_or(""));
    show("caption", embed.caption.is_some());
}

fn set_part_shown(attribute: &str, name: &str, shown: bool) {
    set_selector_shown(&format!("[{attribute}=\"{name}\"]"), shown);
}

fn set_selector_shown(selector: &str, shown: bool) {
    let Ok(list) = document().query_selector_all(selector) else {
        return;
    };
    for i in 0..list.length() {
        if let Some(e) = list.item(i).and_then(|n| n.dyn_into::<HtmlElement>().ok()) {
            e.set_hidden(!shown);
        }
    }
}

/// An `<iframe>` that embeds the current run in the compact layout, for the page at `base`
/// (its address without query or fragment). Shown in a text field, never as markup.
pub fn snippet(base: &str, selection: &Selection, embed: &EmbedOptions) -> String {
    let compact = EmbedOptions {
        caption: embed.caption.clone(),
        autoplay: embed.autoplay,
        until: embed.until,
        origins: embed.origins.clone(),
        obeys_none: embed.obeys_none,
        ..EmbedOptions::defaults_for(true)
    };
    let options = if embed.embed { embed } else { &compact };
    let query = share::encode_with(selection, options);
    let title = selection
        .scenario
        .and_then(|id| catalog::find(id).ok())
        .map_or("a neural network training", |s| s.title);
    let (w, h) = SNIPPET_SIZE;
    format!(
        "<iframe src=\"{}?{}\" width=\"{w}\" height=\"{h}\" style=\"border:0\" loading=\"lazy\" title=\"nnlab: {}\"></iframe>",
        attr(base),
        attr(&query),
        attr(title)
    )
}

/// Text safe inside a double-quoted HTML attribute.
fn attr(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
