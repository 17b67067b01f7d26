//! Browser test of the storage lab, driven through its UI: typed puts fill the
//! memtable, a flush draws an SSTable in L0, a compaction draws its merge, a get
//! walks to the right table, crash and recover restore the memtable from the WAL.
//! Every book scenario opens at its start and plays to its outcome by Step and by Play
//! after Reset; a crash keeps the disk in the picture and explains what it lost.
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
    all_texts(el, "text")
}

/// The text of every element matching `sel` inside `el`, trimmed.
fn all_texts(el: &Element, sel: &str) -> Vec<String> {
    let nodes = el.query_selector_all(sel).unwrap();
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
    assert_eq!(count(".storage-svg .sstable"), 0);

    put(5, "e").await;
    put(3, "c").await;
    assert_eq!(count("svg.lsm .cell.mem"), 2, "two keys in the memtable");

    put(7, "g").await; // the third entry fills the memtable: flush
    assert_eq!(count(".level[data-level='0']"), 1);
    assert_eq!(
        count(".storage-svg .sstable"),
        1,
        "the flush drew one SSTable"
    );
    assert_eq!(count(".storage-svg .sstable.new"), 1, "and highlights it");
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
    assert_eq!(
        count(".storage-svg .sstable.out"),
        1,
        "the output table is highlighted"
    );
    assert!(text(".merge-view").contains("Compaction L0 → L1"));

    type_into("key", "3");
    click("get").await;
    assert_eq!(
        count(".storage-svg .sstable.probe-found"),
        1,
        "the get found key 3 in a table"
    );
    assert!(text(".event-log").contains("get 3 → \"d\""));

    // The amplification charts (plotters' SVG) plot the run so far: a title, axis
    // labels with units, tick labels, a legend entry and a line per lane; the x axis
    // ends at the last operation; screen readers get the latest values.
    let charts = document().query_selector_all(".chart[role=img]").unwrap();
    assert_eq!(
        charts.length(),
        4,
        "write, read and space amplification, and the WAL on disk"
    );
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
        4,
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
async fn a_book_scenario_loads_at_its_start_with_its_caption() {
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
            .contains("pages hold at most 4 keys"),
        "the caption of the chosen scenario"
    );
    assert!(
        in_root(".book .check.pending").is_some(),
        "it opens before its first action"
    );
    assert_eq!(
        root.query_selector_all(".storage-svg .page")
            .unwrap()
            .length(),
        1,
        "one empty root leaf"
    );
    select.set_value("");
    select
        .dispatch_event(&Event::new("change").unwrap())
        .unwrap();
    leptos::task::tick().await;
    assert!(in_root(".book .caption").is_none(), "back to a free run");
}

/// The lab's own root element's `sel` (HTML or SVG).
fn find_in(root: &HtmlElement, sel: &str) -> Option<Element> {
    root.query_selector(sel).unwrap()
}

/// The element `sel` in `root`, as a `T` (an input, an HTML element).
fn typed_in<T: JsCast>(root: &HtmlElement, sel: &str) -> T {
    find_in(root, sel)
        .unwrap_or_else(|| panic!("no {sel}"))
        .dyn_into()
        .unwrap_or_else(|_| panic!("{sel} is of another type"))
}

fn button_in(root: &HtmlElement, action: &str) -> HtmlElement {
    find_in(root, &format!("button[data-action={action}]"))
        .and_then(|e| e.dyn_into().ok())
        .unwrap_or_else(|| panic!("button {action}"))
}

fn text_in(root: &HtmlElement, sel: &str) -> String {
    find_in(root, sel)
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

async fn press(root: &HtmlElement, action: &str) {
    button_in(root, action).click();
    leptos::task::tick().await;
}

fn disabled(root: &HtmlElement, action: &str) -> bool {
    find_in(root, &format!("button[data-action={action}]"))
        .is_some_and(|b| b.has_attribute("disabled"))
}

/// "scenario action <done> of <end>" from the status line.
fn scenario_progress(root: &HtmlElement) -> (u64, u64) {
    let status = text_in(root, ".storage-status .progress");
    let tail = status
        .split("scenario action ")
        .nth(1)
        .unwrap_or_else(|| panic!("no scenario progress in {status:?}"));
    let mut words = tail.split(" of ");
    let done = words.next().and_then(|w| w.trim().parse().ok()).unwrap();
    let end = words.next().and_then(|w| w.trim().parse().ok()).unwrap();
    (done, end)
}

/// At the start: nothing done, the check not met, nothing in the log.
fn at_start(root: &HtmlElement, name: &str) -> u64 {
    let (done, end) = scenario_progress(root);
    assert_eq!(done, 0, "{name} opens at its start");
    assert!(end > 0, "{name}");
    assert!(find_in(root, ".book .check.pending").is_some(), "{name}");
    assert!(find_in(root, ".scenario-end").is_none(), "{name}");
    end
}

/// At the end: every action done, the check met, Play and Step stopped, the choice to
/// carry on offered.
fn at_end(root: &HtmlElement, name: &str, end: u64) {
    assert_eq!(scenario_progress(root), (end, end), "{name}");
    assert!(
        find_in(root, ".book .check.ok").is_some(),
        "{name}: {}",
        text_in(root, ".book .check")
    );
    assert!(disabled(root, "step") && disabled(root, "play"), "{name}");
    assert!(find_in(root, ".scenario-end").is_some(), "{name}");
    assert!(
        find_in(root, "button[data-action=continue]").is_some(),
        "{name}"
    );
}

/// Plays until the scenario's end (Play stops there by itself).
async fn play_to_end(root: &HtmlElement, name: &str) {
    press(root, "play").await;
    for _ in 0..2_000 {
        if find_in(root, ".scenario-end").is_some() {
            break;
        }
        gloo_timers::future::TimeoutFuture::new(10).await;
    }
    let play = find_in(root, "button[data-action=play]").unwrap();
    assert_eq!(
        play.get_attribute("aria-pressed").as_deref(),
        Some("false"),
        "{name}: Play stopped at the end"
    );
}

#[wasm_bindgen_test]
async fn every_book_scenario_plays_from_its_start_by_step_and_by_play_after_reset() {
    for b in ddia_core::storage::lab_book::BOOK {
        let query: &'static str =
            Box::leak(format!("?lab=storage&scn={}&speed=100", b.name).into_boxed_str());
        let (root, keep) = mount_own(query).await;
        let end = at_start(&root, b.name);
        let log = text_in(&root, ".event-log");
        assert!(
            !log.contains(" → "),
            "{}: nothing has happened yet: {log}",
            b.name
        );

        // Step: one action a step, to the end (a long workload, as in the race, is
        // clicked through in batches drawn once each, so the page stays responsive).
        let step = button_in(&root, "step");
        let batch = match end {
            0..=20 => 1,
            21..=200 => 10,
            201..=1000 => 100,
            _ => 500,
        };
        let mut n = 0;
        while n < end {
            let k = batch.min(end - n);
            for _ in 0..k {
                step.click();
            }
            n += k;
            gloo_timers::future::TimeoutFuture::new(0).await;
            leptos::task::tick().await;
            assert_eq!(scenario_progress(&root).0, n, "{}", b.name);
        }
        at_end(&root, b.name, end);

        // Reset replays it from its start; Play runs it to the end and stops.
        press(&root, "reset").await;
        assert_eq!(at_start(&root, b.name), end);
        play_to_end(&root, b.name).await;
        at_end(&root, b.name, end);

        // Carrying on is a choice; the check stays met.
        press(&root, "continue").await;
        for _ in 0..200 {
            if find_in(&root, ".scenario-end").is_none() {
                break;
            }
            gloo_timers::future::TimeoutFuture::new(10).await;
        }
        gloo_timers::future::TimeoutFuture::new(100).await;
        assert!(
            !text_in(&root, ".storage-status .progress").contains("scenario action"),
            "{}: past the scenario, the workload runs on",
            b.name
        );
        assert!(
            find_in(&root, ".book .check.ok").is_some(),
            "{}: the outcome stays met: {}",
            b.name,
            text_in(&root, ".book .check")
        );
        drop(keep);
        root.remove();
    }
}

#[wasm_bindgen_test]
async fn a_crashed_lsm_tree_keeps_its_sstables_and_loses_its_memtable() {
    let (root, _keep) = mount_own("?lab=storage&act=w100,c").await;
    assert!(find_in(&root, ".down-banner").is_some());
    let tables = root
        .query_selector_all(".storage-svg .sstable")
        .unwrap()
        .length();
    assert!(tables >= 3, "the SSTables on disk are drawn: {tables}");
    assert!(
        !text_in(&root, ".level[data-level='0']").contains("0 tables"),
        "L0 is drawn as on disk"
    );
    assert!(
        find_in(&root, ".storage-svg .memtable.lost").is_some(),
        "the memtable is drawn as lost"
    );
    assert!(text_in(&root, "svg.lsm").contains("recovery replays it"));
    press(&root, "recover").await;
    assert!(find_in(&root, ".down-banner").is_none());
    assert!(find_in(&root, ".storage-svg .memtable.lost").is_none());
}

#[wasm_bindgen_test]
async fn a_crashed_b_tree_and_hash_log_keep_their_disk() {
    let (root, keep) = mount_own("?lab=storage&engine=btree&act=w40,c").await;
    assert!(find_in(&root, ".down-banner").is_some());
    assert!(
        root.query_selector_all(".storage-svg .page")
            .unwrap()
            .length()
            > 1,
        "the pages on disk are drawn"
    );
    assert!(!root
        .text_content()
        .unwrap_or_default()
        .contains("The B-tree is down"));
    assert!(text_in(&root, ".lane-note").contains("on disk, as the crash left it"));
    drop(keep);
    root.remove();
    let (root, _keep) = mount_own("?lab=storage&engine=hash&act=w80,c").await;
    assert!(
        root.query_selector_all(".storage-svg .segment")
            .unwrap()
            .length()
            > 1
    );
    assert!(text_in(&root, "svg.hashlog").contains("hash index: LOST"));
}

/// A B-tree without a WAL crashed half-way through a split: leaf p1 is drawn as the
/// disk holds it (21 29: 68 and 89 moved out), the split's new page p4 that no parent
/// points to is drawn, and the parent and meta page that were only in memory are drawn
/// as lost.
#[wasm_bindgen_test]
async fn a_torn_b_tree_is_drawn_as_its_disk_holds_it() {
    let (root, _keep) = mount_own("?lab=storage&engine=btree&wal=0&act=w20,x2,w10").await;
    assert!(find_in(&root, ".down-banner").is_some());
    let page_keys = |sel: &str| -> Vec<String> {
        let el = find_in(&root, sel).unwrap_or_else(|| panic!("no {sel}"));
        texts_in(&el)
            .into_iter()
            .filter(|t| !t.starts_with('p'))
            .collect()
    };
    assert_eq!(page_keys(".page.leaf[data-page='1']"), ["21", "29"]);
    assert_eq!(page_keys(".page.stray[data-page='4']"), ["30", "68", "89"]);
    assert_eq!(
        root.query_selector_all(".storage-svg .page.lost")
            .unwrap()
            .length(),
        2,
        "the new parent p3 and the meta page were lost"
    );
    assert!(text_in(&root, ".storage-legend").contains("(a split written half-way)"));
    press(&root, "recover").await;
    assert!(find_in(&root, ".storage-svg .page.lost").is_none());
}

#[wasm_bindgen_test]
async fn an_interrupted_compaction_is_drawn_and_narrated() {
    // crash-compaction after w80, x3 and the compaction that crashes.
    let (root, _keep) = mount_own("?lab=storage&scn=crash-compaction&t=82").await;
    assert!(find_in(&root, ".down-banner").is_some());
    assert!(
        find_in(&root, ".storage-svg .orphan").is_some(),
        "the half-written output is drawn"
    );
    let log = text_in(&root, ".event-log");
    assert!(
        log.contains("the armed disk failed in the middle of the compaction"),
        "{log}"
    );
    assert!(log.contains("the crash interrupted a compaction"), "{log}");
    press(&root, "step").await; // the scenario's Recover
    assert!(find_in(&root, ".storage-svg .orphan").is_none());
    assert!(
        text_in(&root, ".event-log").contains("orphan file of an interrupted operation deleted")
    );
}

#[wasm_bindgen_test]
async fn unacknowledged_writes_and_a_missing_wal_are_explained() {
    let (root, keep) = mount_own("?lab=storage&engine=btree&act=w20,x2,w10,r").await;
    let log = text_in(&root, ".event-log");
    assert!(
        log.contains("was never acknowledged, yet after recovery key 30"),
        "{log}"
    );
    drop(keep);
    root.remove();
    let (root, _keep) = mount_own("?lab=storage&engine=btree&wal=0&act=w20,x2,w10,r").await;
    let log = text_in(&root, ".event-log");
    assert!(
        !log.contains("VIOLATION") && !log.contains("the WAL is on disk"),
        "{log}"
    );
    assert!(log.contains("2 acknowledged keys were lost"), "{log}");
    assert!(find_in(&root, ".violation").is_none());
}

#[wasm_bindgen_test]
async fn a_32_character_value_is_shown_as_text() {
    let value = "a".repeat(32);
    let query: &'static str =
        Box::leak(format!("?lab=storage&ops=0&act=p5={value},g5").into_boxed_str());
    let (root, _keep) = mount_own(query).await;
    let log = text_in(&root, ".event-log");
    assert!(log.contains(&format!("get 5 → \"{value}\"")), "{log}");
    assert_eq!(
        text_in(&root, ".storage-status .last-op"),
        format!("last: get 5 → \"{value}\""),
        "the value is shown above the picture"
    );
}

#[wasm_bindgen_test]
async fn a_slider_commits_the_value_the_browser_reads() {
    let (root, _keep) = mount_own("?lab=storage&ops=0").await;
    let slider: HtmlInputElement = typed_in(&root, "input[type=range][aria-label^='Key space']");
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
    let pages = root.query_selector_all(".storage-svg .page").unwrap();
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

#[wasm_bindgen_test]
async fn pages_and_records_show_their_values() {
    let (root, keep) = mount_own("?lab=storage&engine=btree&ops=0&act=p1=Alice,p2=Bob").await;
    let tip = text_in(&root, ".storage-svg .page.leaf title");
    assert_eq!(tip, "page 1 (leaf): 1 = \"Alice\", 2 = \"Bob\"");
    drop(keep);
    root.remove();
    let (root, _keep) = mount_own("?lab=storage&engine=hash&ops=0&act=p1=Alice,d1").await;
    let tips: Vec<String> = {
        let nodes = root.query_selector_all(".cell title").unwrap();
        (0..nodes.length())
            .filter_map(|i| nodes.item(i)?.text_content())
            .collect()
    };
    assert!(
        tips.iter()
            .any(|t| t.starts_with("1 = \"Alice\" at offset 0")),
        "{tips:?}"
    );
    assert!(
        tips.iter().any(|t| t.starts_with("1 = tombstone")),
        "{tips:?}"
    );
}

/// The storage terms are explained where they appear: a tap on "memtable" in the
/// legend opens its meaning, "write amp." in the figures names write amplification, and
/// the glossary lists every term.
#[wasm_bindgen_test]
async fn storage_terms_open_on_tap_and_the_glossary_lists_them() {
    let (root, _keep) = mount_own("?lab=storage&ops=0").await;
    let term: HtmlElement = typed_in(&root, ".storage-legend .gloss-term");
    assert_eq!(term.text_content().unwrap_or_default(), "memtable");
    assert!(find_in(&root, ".gloss.open").is_none());
    term.click();
    leptos::task::tick().await;
    let tip = text_in(&root, ".gloss.open .gloss-tip");
    assert!(
        tip.starts_with("memtable: ") && tip.contains("DDIA ch. 3"),
        "{tip}"
    );
    let figures = text_in(&root, ".figures .gloss-tip");
    assert!(figures.starts_with("write amplification: "), "{figures}");
    let list = text_in(&root, ".glossary");
    for word in [
        "SSTable",
        "Bloom filter",
        "tombstone",
        "page split",
        "hash index",
    ] {
        assert!(list.contains(word), "the glossary lists {word}");
    }
}

/// Memtable cells and SSTable keys show their value (or tombstone) and seq on hover.
#[wasm_bindgen_test]
async fn memtable_and_sstable_keys_show_their_values() {
    let (root, keep) = mount_own("?lab=storage&ops=0&act=p5=hello,d6").await;
    let mem = all_texts(&root, "svg.lsm .cell.mem title");
    assert!(
        mem.contains(&"key 5 = \"hello\" (seq 1)".to_string()),
        "{mem:?}"
    );
    assert!(
        mem.contains(&"key 6 = tombstone (seq 2)".to_string()),
        "{mem:?}"
    );
    drop(keep);
    root.remove();
    let (root, _keep) = mount_own("?lab=storage&ops=0&act=p5=hello,d6,f").await;
    let ticks = all_texts(&root, "svg.lsm .sstable g title");
    assert_eq!(
        ticks,
        ["key 5 = \"hello\" (seq 1)", "key 6 = tombstone (seq 2)"]
    );
}

/// A refused value's notice goes once the value is fixed; the figures say "ops per
/// disk second"; a book scenario counts its own actions, not workload operations;
/// size-tiered compaction has a slider for its trigger.
#[wasm_bindgen_test]
async fn small_controls_say_what_they_mean() {
    let (root, keep) = mount_own("?lab=storage&ops=0").await;
    let value: HtmlInputElement = typed_in(&root, ".op-form input[name=value]");
    let set = |v: &str| {
        value.set_value(v);
        value.dispatch_event(&Event::new("input").unwrap()).unwrap();
    };
    set("a b");
    press(&root, "put").await;
    assert!(text_in(&root, ".notice-text").contains("The value may hold only"));
    set("ab");
    leptos::task::tick().await;
    assert!(find_in(&root, ".notice-text").is_none(), "the notice went");
    assert!(text_in(&root, ".figures").contains("ops per disk second"));
    assert!(text_in(&root, ".speed-hint").contains("2 a second"));
    drop(keep);
    root.remove();
    let (root, keep) = mount_own("?lab=storage&scn=sstable-merge").await;
    let status = text_in(&root, ".storage-status .progress");
    assert_eq!(status, "scenario action 0 of 8");
    drop(keep);
    root.remove();
    let (root, _keep) = mount_own("?lab=storage&cs=tier&ops=0").await;
    assert!(find_in(&root, "input[type=range][aria-label^='Tier trigger']").is_some());
}

/// The figure row of `label` in the figures table (its cells' text, joined).
fn figure_row(root: &HtmlElement, label: &str) -> String {
    let rows = root.query_selector_all(".figures tbody tr").unwrap();
    (0..rows.length())
        .filter_map(|i| rows.item(i)?.text_content())
        .find(|t| t.starts_with(label))
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn the_hash_log_has_no_wal_chart_and_the_space_chart_agrees_with_its_glossary() {
    let (root, keep) = mount_own("?lab=storage&engine=hash&act=w20").await;
    let charts = all_texts(&root, ".storage-charts .chart").join(" | ");
    assert!(!charts.contains("Write-ahead log on disk"), "{charts}");
    assert!(
        charts.contains("Space amplification, WAL excluded"),
        "{charts}"
    );
    assert!(text_in(&root, ".chart-none").contains("segments are its log"));
    assert!(figure_row(&root, "log on disk").contains("none"));
    let glossary = text_in(&root, ".glossary");
    assert!(
        glossary.contains("The write-ahead log is left out"),
        "{glossary}"
    );
    drop(keep);
    root.remove();
    let (root, _keep) = mount_own("?lab=storage&engine=btree&act=w20").await;
    assert!(
        find_in(&root, ".chart-none").is_none(),
        "a B-tree has a WAL chart"
    );
}

#[wasm_bindgen_test]
async fn ops_per_disk_second_waits_for_enough_operations_and_is_explained() {
    let (root, keep) = mount_own("?lab=storage&act=p1=a").await;
    let row = figure_row(&root, "ops per disk second");
    assert!(row.ends_with('–'), "{row}");
    assert!(text_in(&root, ".glossary").contains("disk second"));
    assert!(find_in(&root, ".figures .gloss-term").is_some());
    drop(keep);
    root.remove();
    let (root, _keep) = mount_own("?lab=storage&act=w200").await;
    let row = figure_row(&root, "ops per disk second");
    assert!(row.ends_with("ops/s"), "{row}");
}
