//! Helpers shared by the browser tests (`mod common;` in each test file). Each test
//! file compiles this module on its own and uses only some of it.
#![allow(dead_code)]

use ddia_web::shell::page::{LabKind, MountLab};
use leptos::mount::UnmountHandle;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// Mounts lab `lab` (its `mount` function) for `query` in a container of its own, so
/// the other tests' labs on the same page are not in the way of its selectors; keep the
/// handle alive while the test runs.
pub async fn mount_own(
    lab: LabKind,
    mount: MountLab,
    query: &'static str,
) -> (HtmlElement, UnmountHandle<impl Mountable>) {
    let document = web_sys::window().unwrap().document().unwrap();
    let root: HtmlElement = document.create_element("div").unwrap().dyn_into().unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        view! { <ddia_web::App lab=lab mount=mount query=query /> }
    });
    leptos::task::tick().await;
    (root, handle)
}

/// Polls every 50 ms of wall time for up to `ms` until `done` holds.
pub async fn wait_for(ms: u32, done: impl Fn() -> bool) -> bool {
    for _ in 0..ms / 50 {
        if done() {
            return true;
        }
        gloo_timers::future::TimeoutFuture::new(50).await;
    }
    done()
}

/// The first element under `root` matching `sel`.
pub fn find(root: &Element, sel: &str) -> Option<Element> {
    root.query_selector(sel).unwrap()
}

/// The text of the first element under `root` matching `sel` ("" if none).
pub fn text(root: &Element, sel: &str) -> String {
    find(root, sel)
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

/// Clicks the first element under `root` matching `sel`, then lets the page react.
pub async fn click(root: &Element, sel: &str) {
    let b: HtmlElement = find(root, sel)
        .unwrap_or_else(|| panic!("no {sel}"))
        .dyn_into()
        .unwrap();
    b.click();
    leptos::task::tick().await;
}

/// Every range slider under `root` but the transport's speed (its thumb moves on a
/// logarithmic scale): (its name, the value its thumb sits on, the text of its label).
pub fn sliders(root: &Element) -> Vec<(String, f64, String)> {
    let list = root.query_selector_all("label.slider").unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
        .map(|s| {
            let input: web_sys::HtmlInputElement = find(&s, "input").unwrap().dyn_into().unwrap();
            // A round-stops slider's input holds an index; `data-thumb` its value.
            let thumb = input
                .get_attribute("data-thumb")
                .and_then(|t| t.parse().ok())
                .unwrap_or_else(|| input.value_as_number());
            (text(&s, ".slider-name"), thumb, text(&s, ".slider-value"))
        })
        .filter(|(name, _, _)| name != "Speed")
        .collect()
}

/// Checks that every slider's thumb sits on the number its label shows (a word such as
/// "unlimited" stands for 0), and returns how many were checked.
pub fn assert_thumbs_on_labels(root: &Element) -> usize {
    let all = sliders(root);
    for (name, thumb, label) in &all {
        let number = label
            .split(' ')
            .next()
            .and_then(|n| n.parse::<f64>().ok())
            .unwrap_or(0.0);
        assert_eq!(
            *thumb, number,
            "{name}: the thumb is on {thumb}, the label says {label}"
        );
    }
    all.len()
}
