//! Downloads: the plots as one PNG (drawn here from the canvases), and the history (CSV,
//! JSON) and run bundle, which the worker writes because it holds the run.

use super::dom::{create, document, on};
use super::{send, show_error, Shared};
use crate::web::protocol::{ExportKind, ToWorker};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    Blob, BlobPropertyBag, CanvasRenderingContext2d, HtmlAnchorElement, HtmlCanvasElement,
};

/// Gap between the charts in the PNG, in pixels.
const GAP: u32 = 12;

pub fn wire(app: &Shared) {
    let target: web_sys::EventTarget = document()
        .query_selector(".exports")
        .ok()
        .flatten()
        .expect("index.html has the downloads row")
        .into();
    let a = app.clone();
    on(&target, "click", move |e| {
        let Some(kind) = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.get_attribute("data-export"))
        else {
            return;
        };
        match kind.as_str() {
            "png" => {
                if let Err(e) = download_png(&file_stem(&a)) {
                    show_error(&format!("The plots could not be saved: {e:?}"));
                }
            }
            "history-csv" => ask(&a, ExportKind::HistoryCsv),
            "history-json" => ask(&a, ExportKind::HistoryJson),
            "bundle" => ask(&a, ExportKind::Bundle),
            _ => {}
        }
    });
}

fn ask(app: &Shared, kind: ExportKind) {
    send(app, ToWorker::Export { kind });
}

/// `nnlab-<scenario>-seed<seed>-epoch<n>`: names that sort and say what they hold.
fn file_stem(app: &Shared) -> String {
    let a = app.borrow();
    let epoch = a.frame.as_ref().map_or(0, |f| f.header.epoch);
    format!(
        "nnlab-{}-seed{}-epoch{epoch}",
        a.selection.scenario.unwrap_or("custom"),
        a.selection.seed
    )
}

/// The worker's file arrives: hand it to the browser as a download.
pub fn received(kind: ExportKind, filename: &str, text: &str) {
    let mime = match kind {
        ExportKind::HistoryCsv => "text/csv",
        ExportKind::HistoryJson | ExportKind::Bundle => "application/json",
    };
    if let Err(e) = download_text(filename, mime, text) {
        show_error(&format!("{filename} could not be saved: {e:?}"));
    }
}

fn download_text(filename: &str, mime: &str, text: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    click_link(&url, filename);
    // The browser has read the blob once the click is handled; free it on the next turn.
    let free = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(w) = web_sys::window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(free.unchecked_ref(), 1000);
    }
    Ok(())
}

fn click_link(href: &str, filename: &str) {
    let link: HtmlAnchorElement = create("a");
    link.set_href(href);
    link.set_download(filename);
    link.click();
}

/// The charts on show, side by side two to a row, as one PNG.
fn download_png(stem: &str) -> Result<(), JsValue> {
    let list = document().query_selector_all(".views figure:not([hidden]) canvas")?;
    let canvases: Vec<HtmlCanvasElement> = (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into().ok())
        .collect();
    let rows: Vec<&[HtmlCanvasElement]> = canvases.chunks(2).collect();
    let width = rows
        .iter()
        .map(|r| r.iter().map(|c| c.width() + GAP).sum::<u32>() + GAP)
        .max()
        .unwrap_or(GAP);
    let height = rows
        .iter()
        .map(|r| r.iter().map(|c| c.height()).max().unwrap_or(0) + GAP)
        .sum::<u32>()
        + GAP;
    let sheet: HtmlCanvasElement = create("canvas");
    sheet.set_width(width);
    sheet.set_height(height);
    let ctx: CanvasRenderingContext2d = sheet
        .get_context("2d")?
        .ok_or("no 2d context")?
        .dyn_into()?;
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, width as f64, height as f64);
    let mut y = GAP;
    for row in rows {
        let mut x = GAP;
        for c in row {
            ctx.draw_image_with_html_canvas_element(c, x as f64, y as f64)?;
            x += c.width() + GAP;
        }
        y += row.iter().map(|c| c.height()).max().unwrap_or(0) + GAP;
    }
    click_link(
        &sheet.to_data_url_with_type("image/png")?,
        &format!("{stem}-plots.png"),
    );
    Ok(())
}
