//! Browser tests of the Raft lab, driven through its UI in headless Chromium:
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown -p ddia-web --test web`.
//! Each test mounts the app with its own query (the `query` prop), so the address bar
//! is left alone.
#![cfg(target_arch = "wasm32")]

use ddia_web::shell::page::LabKind;
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Document, Element, HtmlElement, MouseEvent, MouseEventInit};

mod common;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

fn find(sel: &str) -> Option<Element> {
    document().query_selector(sel).unwrap()
}

fn attr(sel: &str, name: &str) -> u64 {
    find(sel)
        .and_then(|e| e.get_attribute(name))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// The status line's leader (1-based server number, 0: none) and its term.
fn shown_leader() -> (u64, u64) {
    (
        attr(".stat.leader", "data-leader"),
        attr(".stat.leader", "data-term"),
    )
}

/// Polls every 50 ms of wall time for up to `ms` until `done` holds.
async fn wait_for(ms: u32, done: impl Fn() -> bool) -> bool {
    for _ in 0..ms / 50 {
        if done() {
            return true;
        }
        TimeoutFuture::new(50).await;
    }
    done()
}

fn click(el: &Element) {
    let init = MouseEventInit::new();
    init.set_bubbles(true);
    let ev = MouseEvent::new_with_mouse_event_init_dict("click", &init).unwrap();
    el.dispatch_event(&ev).unwrap();
}

#[wasm_bindgen_test]
async fn crashing_the_leader_through_the_ui_elects_a_new_one_with_a_higher_term() {
    leptos::mount::mount_to_body(
        || view! { <ddia_web::App lab=LabKind::Raft mount=ddia_web::labs::raft::mount query="?seed=4&speed=5" /> },
    );
    leptos::task::tick().await;
    assert!(
        wait_for(15_000, || shown_leader().0 != 0).await,
        "the page shows a leader"
    );
    let (old, old_term) = shown_leader();
    let node = find(&format!("g[data-node='{old}']")).expect("the leader's node");
    assert_eq!(node.get_attribute("data-role").as_deref(), Some("leader"));

    click(&node);
    leptos::task::tick().await;
    let crash: HtmlElement = find("button[data-action=crash]")
        .expect("the node menu offers Crash")
        .dyn_into()
        .unwrap();
    crash.click();
    leptos::task::tick().await;
    assert!(
        wait_for(1_000, || {
            find(&format!("g[data-node='{old}']"))
                .and_then(|n| n.get_attribute("data-role"))
                .as_deref()
                == Some("crashed")
        })
        .await,
        "the crashed leader is drawn crashed"
    );
    let new_leader = || {
        let (l, t) = shown_leader();
        l != 0 && l != old && t > old_term
    };
    assert!(
        wait_for(15_000, new_leader).await,
        "a new leader with a higher term; still {:?}",
        shown_leader()
    );
    assert!(
        document()
            .query_selector(".event-log")
            .unwrap()
            .and_then(|e| e.text_content())
            .unwrap_or_default()
            .contains("becomes leader"),
        "the event log narrates the election"
    );
}

#[wasm_bindgen_test]
async fn a_malformed_link_gets_a_notice_and_the_default_lab() {
    leptos::mount::mount_to_body(
        || view! { <ddia_web::App lab=LabKind::Raft mount=ddia_web::labs::raft::mount query="?n=12&speed=1" /> },
    );
    leptos::task::tick().await;
    let notice = find(".notice-text")
        .and_then(|e| e.text_content())
        .unwrap_or_default();
    assert!(notice.contains("12 is out of range 3-9"), "{notice}");
    assert!(notice.contains("default scenario"), "{notice}");
    let nodes = document()
        .query_selector_all("g[data-node]")
        .unwrap()
        .length();
    assert!(
        nodes >= 5,
        "the default five servers are drawn, got {nodes}"
    );
}

#[wasm_bindgen_test]
async fn a_book_scenario_plays_until_the_page_shows_its_outcome() {
    let (root, _keep) = common::mount_own(
        LabKind::Raft,
        ddia_web::labs::raft::mount,
        "?seed=3&speed=10",
    )
    .await;
    let in_root = |sel: &str| root.query_selector(sel).unwrap();
    assert!(
        in_root(".book .check").is_none(),
        "a free run has nothing to check"
    );
    let select: web_sys::HtmlSelectElement = in_root(".book select").unwrap().dyn_into().unwrap();
    select.set_value("split-vote");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    leptos::task::tick().await;
    let caption = in_root(".book .caption").and_then(|e| e.text_content());
    assert!(caption.is_some_and(|c| c.contains("split")), "the caption");
    assert!(
        wait_for(10_000, || in_root(".book .check.ok").is_some()).await,
        "the run reaches the expected outcome"
    );
    let leader = in_root(".stat.leader").expect("the status line");
    assert_eq!(leader.get_attribute("data-term").as_deref(), Some("2"));
    assert_eq!(leader.get_attribute("data-leader").as_deref(), Some("2"));
}
