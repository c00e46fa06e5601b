//! Small DOM helpers, so page code reads as what it builds rather than how.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement};

pub fn document() -> Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a page has a document")
}

/// The element with this id; the page's HTML defines every id the code uses.
pub fn by_id<T: JsCast>(id: &str) -> T {
    document()
        .get_element_by_id(id)
        .unwrap_or_else(|| panic!("index.html lacks #{id}"))
        .dyn_into::<T>()
        .unwrap_or_else(|_| panic!("#{id} has the wrong element type"))
}

pub fn create<T: JsCast>(tag: &str) -> T {
    document()
        .create_element(tag)
        .expect("valid tag")
        .dyn_into::<T>()
        .expect("element type")
}

pub fn el(tag: &str, class: &str, text: &str) -> HtmlElement {
    let e: HtmlElement = create(tag);
    if !class.is_empty() {
        e.set_class_name(class);
    }
    if !text.is_empty() {
        e.set_text_content(Some(text));
    }
    e
}

pub fn set_text(id: &str, text: &str) {
    let e: Element = by_id(id);
    if e.text_content().as_deref() != Some(text) {
        e.set_text_content(Some(text));
    }
}

pub fn set_attr(e: &Element, name: &str, value: &str) {
    let _ = e.set_attribute(name, value);
}

pub fn show(id: &str, visible: bool) {
    let e: HtmlElement = by_id(id);
    e.set_hidden(!visible);
}

/// Adds an event listener that lives as long as the page.
pub fn on<F: FnMut(web_sys::Event) + 'static>(target: &web_sys::EventTarget, event: &str, f: F) {
    let cb = Closure::<dyn FnMut(web_sys::Event)>::new(f);
    let _ = target.add_event_listener_with_callback(event, cb.as_ref().unchecked_ref());
    cb.forget();
}
