//! Browser test of the storage lab, driven through its UI: typed puts fill the
//! memtable, a flush draws an SSTable in L0, a compaction draws its merge, a get
//! walks to the right table, crash and recover restore the memtable from the WAL.
//!
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown -p ddia-web --test storage_lab`
#![cfg(target_arch = "wasm32")]

use ddia_web::shell::page::LabKind;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Document, Element, Event, HtmlElement, HtmlInputElement, HtmlSelectElement};

mod common;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

fn count(sel: &str) -> u32 {
    document().query_selector_all(sel).unwrap().length()
}

fn text(sel: &str) -> String {
    document()
        .query_selector(sel)
        .unwrap()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

/// The text of every SVG `<text>` inside `el`, trimmed.
fn texts_in(el: &Element) -> Vec<String> {
    let nodes = el.query_selector_all("text").unwrap();
    (0..nodes.length())
        .filter_map(|i| nodes.item(i)?.text_content())
        .map(|t| t.trim().to_string())
        .collect()
}

fn type_into(name: &str, value: &str) {
    let input: HtmlInputElement = document()
        .query_selector(&format!(".op-form input[name={name}]"))
        .unwrap()
        .expect("input")
        .dyn_into()
        .unwrap();
    input.set_value(value);
    input.dispatch_event(&Event::new("input").unwrap()).unwrap();
}

async fn click(action: &str) {
    let b: HtmlElement = document()
        .query_selector(&format!("button[data-action={action}]"))
        .unwrap()
        .unwrap_or_else(|| panic!("button {action}"))
        .dyn_into()
        .unwrap();
    b.click();
    leptos::task::tick().await;
}

async fn put(key: u64, value: &str) {
    type_into("key", &key.to_string());
    type_into("value", value);
    click("put").await;
}

#[wasm_bindgen_test]
async fn put_flush_compact_get_crash_recover_through_the_ui() {
    // 64-byte memtable (3 small entries), L0 trigger 2, no workload (nothing plays).
    leptos::mount::mount_to_body(|| {
        view! { <ddia_web::App lab=LabKind::Storage mount=ddia_web::labs::storage::mount query="?lab=storage&mem=64&l0=2&ops=0" /> }
    });
    leptos::task::tick().await;
    assert_eq!(text("header .lab-name"), "Storage");
    assert!(count("svg.lsm") == 1, "the LSM picture is drawn");
    assert_eq!(count(".sstable"), 0);

    put(5, "e").await;
    put(3, "c").await;
    assert_eq!(count("svg.lsm .cell.mem"), 2, "two keys in the memtable");

    put(7, "g").await; // the third entry fills the memtable: flush
    assert_eq!(count(".level[data-level='0']"), 1);
    assert_eq!(count(".sstable"), 1, "the flush drew one SSTable");
    assert_eq!(count(".sstable.new"), 1, "and highlights it");
    assert_eq!(count("svg.lsm .cell.mem"), 0, "the memtable is empty again");
    assert!(text(".event-log").contains("flush: 3 entries"));

    put(2, "b").await;
    put(3, "d").await;
    click("flush").await; // second L0 table: the trigger fires a compaction
    assert_eq!(count(".merge-view"), 1, "the compaction's merge is drawn");
    assert_eq!(
        count(".merge-view .cell.dropped"),
        1,
        "the old version of key 3 is dropped"
    );
    assert_eq!(count(".sstable.out"), 1, "the output table is highlighted");
    assert!(text(".merge-view").contains("Compaction L0 → L1"));

    type_into("key", "3");
    click("get").await;
    assert_eq!(
        count(".sstable.probe-found"),
        1,
        "the get found key 3 in a table"
    );
    assert!(text(".event-log").contains("get 3 → \"d\""));

    // The amplification charts (plotters' SVG) plot the run so far: a title, axis
    // labels with units, tick labels, a legend entry and a line per lane; the x axis
    // ends at the last operation; screen readers get the latest values.
    let charts = document().query_selector_all(".chart[role=img]").unwrap();
    assert_eq!(charts.length(), 3);
    let write_amp: Element = charts.item(0).unwrap().dyn_into().unwrap();
    let texts = texts_in(&write_amp);
    for expected in [
        "Write amplification",
        "disk bytes written per user byte",
        "operations",
        "LSM-tree",
        "0",
    ] {
        assert!(
            texts.iter().any(|t| t == expected),
            "{expected:?} in {texts:?}"
        );
    }
    let label = write_amp.get_attribute("aria-label").unwrap_or_default();
    assert!(
        label.starts_with("Write amplification after 6 operations: LSM-tree "),
        "{label}"
    );
    assert_eq!(
        count(".chart polyline[stroke-width='2']"),
        3,
        "a line per lane in each chart"
    );
    let points = write_amp
        .query_selector("polyline[stroke-width='2']")
        .unwrap()
        .and_then(|e| e.get_attribute("points"))
        .unwrap_or_default();
    assert!(
        points.split_whitespace().count() >= 2,
        "write amplification has points: {points:?}"
    );

    // A crash takes no sample: the charts keep their drawing (not redrawn).
    put(9, "i").await;
    let drawn = write_amp.first_element_child().expect("the chart's svg");
    click("crash").await;
    assert_eq!(count(".down-banner"), 1);
    assert!(
        write_amp
            .first_element_child()
            .is_some_and(|now| now.is_same_node(Some(&drawn))),
        "a crash does not redraw the charts"
    );
    click("recover").await;
    assert_eq!(count(".down-banner"), 0);
    assert!(text(".event-log").contains("recovered: 1 WAL records replayed"));
    assert_eq!(
        count("svg.lsm .cell.mem"),
        1,
        "the WAL restored the memtable"
    );

    // A bad link: a notice names the key, the default lab is shown.
    leptos::mount::mount_to_body(
        || view! { <ddia_web::App lab=LabKind::Storage mount=ddia_web::labs::storage::mount query="?lab=storage&fan=1&ops=0" /> },
    );
    leptos::task::tick().await;
    let notice = text(".notice-text");
    assert!(
        notice.contains("“fan”") && notice.contains("3-64"),
        "{notice}"
    );
    assert_eq!(count("svg.lsm"), 2);
}

/// The storage lab for `query`, in a container of its own.
async fn mount_own(
    query: &'static str,
) -> (HtmlElement, leptos::mount::UnmountHandle<impl Mountable>) {
    common::mount_own(LabKind::Storage, ddia_web::labs::storage::mount, query).await
}

#[wasm_bindgen_test]
async fn a_book_scenario_loads_with_its_caption_and_shows_its_outcome() {
    let (root, _keep) = mount_own("?lab=storage&ops=0").await;
    let in_root = |sel: &str| root.query_selector(sel).unwrap();
    assert!(
        in_root(".book .caption").is_none(),
        "a free run has no caption"
    );
    let select: HtmlSelectElement = in_root(".book select").unwrap().dyn_into().unwrap();
    select.set_value("btree-split");
    select
        .dispatch_event(&Event::new("change").unwrap())
        .unwrap();
    leptos::task::tick().await;
    let caption = in_root(".book .caption").and_then(|e| e.text_content());
    assert!(
        caption
            .unwrap_or_default()
            .contains("Pages hold at most 4 keys"),
        "the caption of the chosen scenario"
    );
    assert!(in_root(".book .check.ok").is_some(), "its outcome is shown");
    assert_eq!(
        root.query_selector_all(".page").unwrap().length(),
        4,
        "a root over three leaves"
    );
    select.set_value("");
    select
        .dispatch_event(&Event::new("change").unwrap())
        .unwrap();
    leptos::task::tick().await;
    assert!(in_root(".book .caption").is_none(), "back to a free run");
}

#[wasm_bindgen_test]
async fn a_slider_commits_the_value_the_browser_reads() {
    let (root, _keep) = mount_own("?lab=storage&ops=0").await;
    let slider: HtmlInputElement = root
        .query_selector("input[type=range][aria-label^='Key space']")
        .unwrap()
        .expect("the key space slider")
        .dyn_into()
        .unwrap();
    let shown = || {
        slider
            .closest(".slider")
            .unwrap()
            .and_then(|l| l.query_selector(".slider-value").unwrap())
            .and_then(|o| o.text_content())
            .unwrap_or_default()
    };
    assert!(!shown().starts_with("500"), "{}", shown());
    slider.set_value("500");
    slider
        .dispatch_event(&Event::new("change").unwrap())
        .unwrap();
    leptos::task::tick().await;
    assert_eq!(shown(), "500 keys", "the committed key space is shown");
    assert_eq!(slider.value(), "500");
}

#[wasm_bindgen_test]
async fn a_wide_b_tree_scrolls_its_root_into_view() {
    // The test page has no stylesheet: give lanes the app's sideways scrolling.
    let style = document().create_element("style").unwrap();
    style.set_text_content(Some(".storage-stage .lane { overflow-x: auto; }"));
    document().head().unwrap().append_child(&style).unwrap();
    let (root, _keep) = mount_own("?lab=storage&engine=btree&act=w200").await;
    leptos::task::tick().await;
    let lane = root.query_selector(".lane").unwrap().expect("a lane");
    assert!(
        lane.scroll_width() > lane.client_width(),
        "200 operations make the tree wider than the stage"
    );
    let top = |e: &web_sys::Element| e.get_bounding_client_rect().top();
    let pages = root.query_selector_all(".page").unwrap();
    let tree_root: web_sys::Element = (0..pages.length())
        .filter_map(|i| pages.item(i)?.dyn_into().ok())
        .min_by(|a, b| top(a).total_cmp(&top(b)))
        .expect("pages");
    let in_view = || {
        let (view, page) = (
            lane.get_bounding_client_rect(),
            tree_root.get_bounding_client_rect(),
        );
        page.left() >= view.left() && page.right() <= view.right()
    };
    // The lab scrolls on the animation frame after the picture is drawn.
    for _ in 0..40 {
        if in_view() {
            break;
        }
        gloo_timers::future::TimeoutFuture::new(25).await;
    }
    assert!(in_view(), "the root is in view");
}
