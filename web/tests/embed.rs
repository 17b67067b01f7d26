//! Browser tests of the embedding API, Share and the address-bar sync, in headless
//! Chromium:
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown -p ddia-web --test embed`.
//! Commands are posted to the test page's own window (its origin is on the lab's
//! `origin=` list), as a parent frame would post them to the lab's window.
#![cfg(target_arch = "wasm32")]

use ddia_web::shell::embed_protocol::{Envelope, Report, RunState};
use ddia_web::shell::export::to_js;
use ddia_web::shell::page::LabKind;
use ddia_web::shell::url::{UrlSync, SYNC_INTERVAL_MS};
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

mod common;
use common::wait_for;

wasm_bindgen_test_configure!(run_in_browser);

fn window() -> web_sys::Window {
    web_sys::window().unwrap()
}

/// The first element under `root` matching `sel`.
fn find(root: &Element, sel: &str) -> Option<Element> {
    root.query_selector(sel).unwrap()
}

/// A command object `{ns: "ddia-lab", v: 1, type, ...fields}`.
fn command(kind: &str, fields: &[(&str, JsValue)]) -> JsValue {
    let o = js_sys::Object::new();
    let set = |k: &str, v: &JsValue| js_sys::Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
    set("ns", &JsValue::from_str("ddia-lab"));
    set("v", &JsValue::from(1));
    set("type", &JsValue::from_str(kind));
    for (k, v) in fields {
        set(k, v);
    }
    o.into()
}

/// Posts `data` to this window, as a parent frame on this page's origin would.
fn post(data: &JsValue) {
    window().post_message(data, "*").unwrap();
}

/// Dispatches a `message` event that claims to come from `origin`.
fn post_from(origin: &str, data: &JsValue) {
    let init = web_sys::MessageEventInit::new();
    init.set_data(data);
    init.set_origin(origin);
    let ev = web_sys::MessageEvent::new_with_event_init_dict("message", &init).unwrap();
    window().dispatch_event(&ev).unwrap();
}

fn playing(root: &Element) -> bool {
    find(root, "button[data-action=play]")
        .and_then(|b| b.get_attribute("aria-pressed"))
        .as_deref()
        == Some("true")
}

fn shown_time(root: &Element) -> String {
    find(root, ".stat.time")
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn the_lab_obeys_commands_from_an_allowed_origin_only() {
    let origin = window().location().origin().unwrap();
    let query: &'static str =
        Box::leak(format!("?seed=3&speed=1&origin={origin}").into_boxed_str());
    let (root, _handle) =
        common::mount_own(LabKind::Raft, ddia_web::labs::raft::mount, query).await;
    assert!(
        wait_for(2_000, || playing(&root)).await,
        "the lab plays at first"
    );

    post_from("https://elsewhere.example", &command("pause", &[]));
    TimeoutFuture::new(300).await;
    assert!(playing(&root), "a command from another origin is ignored");

    post(&JsValue::from_str("pause"));
    post(&command("seek", &[("position", JsValue::from_str("soon"))]));
    post(&command("jump", &[]));
    TimeoutFuture::new(300).await;
    assert!(playing(&root), "malformed messages only warn");

    post(&command("pause", &[]));
    assert!(wait_for(2_000, || !playing(&root)).await, "pause pauses");

    post(&command("seek", &[("position", JsValue::from(1_234_000))]));
    assert!(
        wait_for(5_000, || shown_time(&root) == "t = 1234.0 ms").await,
        "seek forwards: {}",
        shown_time(&root)
    );
    post(&command("seek", &[("position", JsValue::from(500_000))]));
    assert!(
        wait_for(5_000, || shown_time(&root) == "t = 500.0 ms").await,
        "seek backwards replays from the start: {}",
        shown_time(&root)
    );

    let events = || {
        find(&root, ".stat:nth-child(3)")
            .and_then(|e| e.text_content())
            .unwrap_or_default()
    };
    let before = events();
    post(&command("step", &[]));
    assert!(
        wait_for(2_000, || events() != before).await,
        "step runs one event: {before}"
    );

    post(&command(
        "load",
        &[("query", JsValue::from_str("scn=split-vote"))],
    ));
    assert!(
        wait_for(5_000, || shown_time(&root) == "t = 0.0 ms").await,
        "load starts the scenario at its start: {}",
        shown_time(&root)
    );
    let picked = find(&root, ".book select")
        .and_then(|s| s.dyn_into::<web_sys::HtmlSelectElement>().ok())
        .map(|s| s.value());
    assert_eq!(picked.as_deref(), Some("split-vote"));
    assert!(!playing(&root), "a loaded scenario waits for play");

    post(&command("play", &[]));
    assert!(wait_for(2_000, || playing(&root)).await, "play plays");
}

#[wasm_bindgen_test]
async fn without_an_allow_list_the_lab_accepts_nothing() {
    let (root, _handle) = common::mount_own(
        LabKind::Raft,
        ddia_web::labs::raft::mount,
        "?seed=5&speed=1",
    )
    .await;
    assert!(wait_for(2_000, || playing(&root)).await);
    post(&command("pause", &[]));
    TimeoutFuture::new(300).await;
    assert!(playing(&root), "no origin= list: commands are ignored");
}

#[wasm_bindgen_test]
async fn storage_seeks_by_operation() {
    let origin = window().location().origin().unwrap();
    let query: &'static str =
        Box::leak(format!("?lab=storage&act=w40&origin={origin}").into_boxed_str());
    let (root, _handle) =
        common::mount_own(LabKind::Storage, ddia_web::labs::storage::mount, query).await;
    let status = || {
        find(&root, ".storage-status")
            .and_then(|e| e.text_content())
            .unwrap_or_default()
    };
    assert!(status().contains("workload op 40 of"), "{}", status());
    post(&command("seek", &[("position", JsValue::from(12))]));
    assert!(
        wait_for(2_000, || status().contains("workload op 12 of")).await,
        "{}",
        status()
    );
    post(&command("seek", &[("position", JsValue::from(15))]));
    assert!(
        wait_for(2_000, || status().contains("workload op 15 of")).await,
        "{}",
        status()
    );
}

#[wasm_bindgen_test]
async fn share_shows_an_absolute_link_and_an_iframe_and_says_what_it_did() {
    let (root, _handle) = common::mount_own(
        LabKind::Raft,
        ddia_web::labs::raft::mount,
        "?seed=7&t=300000",
    )
    .await;
    let button: HtmlElement = find(&root, "button[data-action=share]")
        .expect("a Share button in the header")
        .dyn_into()
        .unwrap();
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    button.click();
    leptos::task::tick().await;
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    let value = |sel: &str| {
        find(&root, sel)
            .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
            .map(|t| t.value())
            .unwrap_or_default()
    };
    let here = window().location().href().unwrap();
    let base = ddia_web::shell::share::page_base(&here).to_string();
    assert!(
        wait_for(1_000, || !value("textarea[data-share=link]").is_empty()).await,
        "the panel shows the link"
    );
    let link = value("textarea[data-share=link]");
    assert!(link.starts_with(&format!("{base}?lab=raft")), "{link}");
    assert!(
        link.contains("seed=7") && link.contains("t=300000"),
        "{link}"
    );
    let iframe = value("textarea[data-share=iframe]");
    assert!(iframe.starts_with("<iframe src=\""), "{iframe}");
    assert!(iframe.contains("&amp;embed=1") && iframe.contains("width=\"800\" height=\"580\""));
    let focused = || {
        web_sys::window()
            .unwrap()
            .document()
            .unwrap()
            .active_element()
            .and_then(|e| e.get_attribute("data-share"))
    };
    assert!(
        wait_for(1_000, || focused().as_deref() == Some("link")).await,
        "the panel takes the focus"
    );
    let said = || {
        find(&root, ".share-pop .flash")
            .and_then(|e| e.text_content())
            .unwrap_or_default()
    };
    assert!(
        wait_for(3_000, || said().contains("Copied the link")
            || said().contains("is selected"))
        .await,
        "the panel says what it copied: {:?}",
        said()
    );
    let escape = web_sys::KeyboardEventInit::new();
    escape.set_key("Escape");
    escape.set_bubbles(true);
    find(&root, "textarea[data-share=link]")
        .unwrap()
        .dispatch_event(
            &web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &escape).unwrap(),
        )
        .unwrap();
    leptos::task::tick().await;
    assert!(
        find(&root, ".share-pop").is_none(),
        "Escape closes the panel"
    );
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
}

#[wasm_bindgen_test]
async fn the_address_bar_catches_up_with_the_last_change() {
    let mut sync = UrlSync::new(true, true, &["https://course.example".to_string()]);
    let before = window().location().search().unwrap();
    // The run moves on while the update waits: the update reads it when it is written.
    let now = std::rc::Rc::new(std::cell::Cell::new(0));
    for t in [1, 2, 3] {
        now.set(t);
        let run = std::rc::Rc::clone(&now);
        sync.publish(move || (format!("lab=raft&t={}", run.get()), 1.0), false);
    }
    assert_eq!(window().location().search().unwrap(), before, "not at once");
    TimeoutFuture::new(SYNC_INTERVAL_MS + 200).await;
    assert_eq!(
        window().location().search().unwrap(),
        "?lab=raft&t=3&speed=1&embed=1&origin=https://course.example",
        "the trailing update writes the latest run"
    );
    sync.publish(|| ("lab=raft&t=9".to_string(), 1.0), true);
    assert!(window()
        .location()
        .search()
        .unwrap()
        .starts_with("?lab=raft&t=9&"));
    let path = window().location().pathname().unwrap();
    window()
        .history()
        .unwrap()
        .replace_state_with_url(&JsValue::NULL, "", Some(&format!("{path}{before}")))
        .unwrap();
}

#[wasm_bindgen_test]
fn reports_cross_as_plain_objects() {
    let report = Report::State(RunState {
        lab: "raft",
        position: 5,
        unit: "us",
        playing: true,
        numbers: [("term", 2)].into_iter().collect(),
    });
    let js = to_js(&Envelope::new(&report)).unwrap();
    let get = |o: &JsValue, k: &str| js_sys::Reflect::get(o, &JsValue::from_str(k)).unwrap();
    assert_eq!(get(&js, "ns").as_string().as_deref(), Some("ddia-lab"));
    assert_eq!(get(&js, "type").as_string().as_deref(), Some("state"));
    assert_eq!(get(&js, "position").as_f64(), Some(5.0));
    let numbers = get(&js, "numbers");
    assert!(
        !numbers.is_instance_of::<js_sys::Map>(),
        "numbers is a plain object"
    );
    assert_eq!(get(&numbers, "term").as_f64(), Some(2.0));
    assert!(!js.is_instance_of::<js_sys::Map>());
}
