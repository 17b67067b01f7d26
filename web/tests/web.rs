//! Browser tests of the Raft lab, driven through its UI in headless Chromium:
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown -p ddia-web --test web`.
//! Each test mounts the app with its own query (the `query` prop), so the address bar
//! is left alone.
#![cfg(target_arch = "wasm32")]

use ddia_web::shell::page::LabKind;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Document, Element, HtmlElement, MouseEvent, MouseEventInit};

mod common;
use common::wait_for;

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
    assert!(!notice.contains('`'), "no Markdown backticks: {notice}");
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
    let (root, _keep) = raft("?seed=3&speed=10").await;
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

/// Mounts the Raft lab for `query` in a container of its own (keep the handle).
async fn raft(
    query: &'static str,
) -> (
    HtmlElement,
    leptos::mount::UnmountHandle<impl leptos::tachys::view::Mountable>,
) {
    common::mount_own(LabKind::Raft, ddia_web::labs::raft::mount, query).await
}

/// How many elements match `sel` inside `root`.
fn count(root: &HtmlElement, sel: &str) -> u32 {
    root.query_selector_all(sel).unwrap().length()
}

/// The text of the first element matching `sel` inside `root` ("" if none).
fn text_in(root: &HtmlElement, sel: &str) -> String {
    root.query_selector(sel)
        .unwrap()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

/// Opens server `node`'s menu inside `root` and clicks its item `action`.
async fn menu_action(root: &HtmlElement, node: u32, action: &str) {
    let server = root
        .query_selector(&format!("g[data-node='{node}']"))
        .unwrap()
        .expect("the server");
    click(&server);
    leptos::task::tick().await;
    let item: HtmlElement = root
        .query_selector(&format!("button[data-action={action}]"))
        .unwrap()
        .unwrap_or_else(|| panic!("the menu offers {action}"))
        .dyn_into()
        .unwrap();
    item.click();
    leptos::task::tick().await;
}

#[wasm_bindgen_test]
async fn a_skewed_or_drifting_clock_is_drawn_on_its_server_and_narrated() {
    // Paused at t = 0.1 s, so the test reads a still picture.
    let (root, _keep) = raft("?seed=3&t=100000").await;
    assert_eq!(
        text_in(&root, "g[data-node='2'] .clock"),
        "",
        "an exact clock"
    );
    menu_action(&root, 2, "skew").await;
    assert_eq!(
        text_in(&root, "g[data-node='2'] .clock"),
        "clock +200.0 ms",
        "the offset is drawn"
    );
    let log = text_in(&root, ".event-log");
    assert!(log.contains("moves none of them"), "{log}");
    menu_action(&root, 2, "drift").await;
    let drawn: Vec<String> = (0..2)
        .map(|i| {
            root.query_selector_all("g[data-node='2'] .clock")
                .unwrap()
                .item(i)
                .and_then(|e| e.text_content())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(drawn, ["clock +200.0 ms", "runs 10% fast"]);
    let log = text_in(&root, ".event-log");
    assert!(
        log.contains("S2's clock now runs 100000 ppm (10%) fast"),
        "{log}"
    );
    let label = root
        .query_selector("g[data-node='2'] .hit[role=button]")
        .unwrap()
        .and_then(|g| g.get_attribute("aria-label"))
        .unwrap_or_default();
    assert!(label.starts_with("S2, term "), "{label}");
    assert!(label.contains("runs 10% fast"), "{label}");
}

#[wasm_bindgen_test]
async fn settings_that_surprise_say_what_will_happen() {
    let (slow, _keep) = raft("?el=150-200&hb=500&t=0").await;
    let notice = text_in(&slow, ".notice-text");
    assert!(
        notice.contains("heartbeat interval (500 ms) is not shorter than the shortest election timeout (150 ms)"),
        "{notice}"
    );
    let (fixed, _keep2) = raft("?el=500-500&t=0").await;
    let notice = text_in(&fixed, ".notice-text");
    assert!(
        notice.contains("split the vote again and again"),
        "{notice}"
    );
    let (fast, _keep3) = raft("?speed=1000&t=0").await;
    let notice = text_in(&fast, ".notice-text");
    assert!(
        notice.contains("speed=1000") && notice.contains("plays at 100x"),
        "{notice}"
    );
}

#[wasm_bindgen_test]
async fn shrinking_the_cluster_says_it_dropped_the_recorded_actions() {
    let (root, _keep) = raft("?n=5&act=100000:c5,150000:r5&t=200000").await;
    assert_eq!(text_in(&root, ".notice-text"), "");
    let servers: web_sys::HtmlInputElement = root
        .query_selector("input[aria-label='Servers (servers)']")
        .unwrap()
        .expect("the Servers slider")
        .dyn_into()
        .unwrap();
    servers.set_value("3");
    servers
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    leptos::task::tick().await;
    let notice = text_in(&root, ".notice-text");
    assert!(
        notice.contains("the 2 recorded actions of the old run") && notice.contains("t = 0"),
        "{notice}"
    );
}

#[wasm_bindgen_test]
async fn the_glossary_opens_on_tap_and_the_term_key_numbers_the_colours() {
    let (root, _keep) = raft("?seed=3&t=1000000").await;
    let term = root
        .query_selector(".log-table-wrap .gloss-term")
        .unwrap()
        .expect("a glossary term in the log table's heading");
    assert!(root.query_selector(".gloss.open").unwrap().is_none());
    click(&term);
    leptos::task::tick().await;
    let tip = text_in(&root, ".gloss.open .gloss-tip");
    assert!(tip.contains("Raft §"), "{tip}");
    click(&term);
    leptos::task::tick().await;
    assert!(
        root.query_selector(".gloss.open").unwrap().is_none(),
        "a second tap closes it"
    );
    let swatches = text_in(&root, ".term-key");
    assert!(swatches.contains('1'), "the key numbers term 1: {swatches}");
    let list = text_in(&root, ".glossary");
    for word in [
        "term",
        "commitIndex",
        "majority",
        "no-op",
        "election timeout",
        "heartbeat",
        "matchIndex",
    ] {
        assert!(list.contains(word), "the glossary lists {word}");
    }
}

#[wasm_bindgen_test]
async fn the_chosen_book_scenario_is_named_in_full() {
    let (root, _keep) = raft("?scn=three-servers&t=0").await;
    assert_eq!(
        text_in(&root, ".book .book-title"),
        "Three servers: elect, replicate, fail over"
    );
}

#[wasm_bindgen_test]
async fn a_crashed_server_keeps_its_term_vote_and_log_and_loses_its_commit_index() {
    // S2 leads term 1 and x=1 is committed everywhere when S5 crashes at 0.95 s.
    let (root, _keep) = raft("?seed=3&act=600000:q2=1,950000:c5&t=1000000").await;
    let row = |sel: &str| format!(".log-table tbody tr:nth-child(5) {sel}");
    assert_eq!(
        text_in(&root, &row("td.commit")),
        "lost",
        "commitIndex is volatile"
    );
    assert!(
        root.query_selector(&row(".cell.committed"))
            .unwrap()
            .is_none(),
        "no entry of S5 is drawn as known committed"
    );
    assert_eq!(
        count(&root, &row(".cell.unknown")),
        2,
        "its log (no-op, x=1) is on disk"
    );
    assert_eq!(count(&root, "g[data-node='5'] .strip .entry.unknown"), 2);
    let label = root
        .query_selector("g[data-node='5'] .hit[role=button]")
        .unwrap()
        .and_then(|g| g.get_attribute("aria-label"))
        .unwrap_or_default();
    assert!(
        label.contains(", crashed · voted S") && label.contains("commitIndex lost"),
        "{label}"
    );
    menu_action(&root, 5, "restart").await;
    assert_eq!(
        text_in(&root, &row("td.commit")),
        "0",
        "a restart starts at 0"
    );
    assert_eq!(count(&root, &row(".cell.uncommitted")), 2);
}

#[wasm_bindgen_test]
async fn play_after_a_second_reset_advances_time() {
    let (root, _keep) = raft("?seed=3&speed=1&t=200000").await;
    let button = |action: &str| -> HtmlElement {
        root.query_selector(&format!("button[data-action={action}]"))
            .unwrap()
            .unwrap_or_else(|| panic!("a {action} button"))
            .dyn_into()
            .unwrap()
    };
    for _ in 0..2 {
        button("reset").click();
        leptos::task::tick().await;
    }
    assert_eq!(
        text_in(&root, ".stat.time"),
        "t = 0.0 ms",
        "Reset goes to t = 0"
    );
    button("play").click();
    leptos::task::tick().await;
    assert!(
        wait_for(3_000, || text_in(&root, ".stat.time") != "t = 0.0 ms").await,
        "Play advances time after two Resets"
    );
}

#[wasm_bindgen_test]
async fn a_notice_about_a_setting_is_withdrawn_once_the_setting_is_fixed() {
    let (root, _keep) = raft("?el=150-200&hb=500&t=0").await;
    assert!(text_in(&root, ".notice-text").contains("heartbeat interval (500 ms)"));
    let heartbeat: web_sys::HtmlInputElement = root
        .query_selector("input[aria-label='Heartbeat (ms)']")
        .unwrap()
        .expect("the Heartbeat slider")
        .dyn_into()
        .unwrap();
    // A round-stops track: the input holds the index of the 50 ms stop.
    let track = ddia_web::shell::slider::Track::new(1.0, 5_000.0, 1.0, "ms");
    heartbeat.set_value_as_number(track.position(50.0));
    heartbeat
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    leptos::task::tick().await;
    assert_eq!(
        text_in(&root, ".notice-text"),
        "",
        "the heartbeat is below the timeout now"
    );
}

/// True when the boxes of `a` and `b` on the screen overlap.
fn overlap(a: &Element, b: &Element) -> bool {
    let (a, b) = (a.get_bounding_client_rect(), b.get_bounding_client_rect());
    a.left() < b.right() && b.left() < a.right() && a.top() < b.bottom() && b.top() < a.bottom()
}

#[wasm_bindgen_test]
async fn no_message_is_drawn_over_a_servers_label() {
    // At 0.94 s and 0.99 s S1's AppendEntries to S3 and S4 used to fly across its caption
    // and log strip, and S2's reply over its caption.
    for query in [
        "?scn=minority-leader&t=940000",
        "?scn=minority-leader&t=990000",
    ] {
        let (root, _keep) = raft(query).await;
        let all = |sel: &str| {
            let list = root.query_selector_all(sel).unwrap();
            (0..list.length())
                .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
                .collect::<Vec<_>>()
        };
        let messages = all(".messages .msg");
        let labels = all(".node .caption, .node .strip, .node .clock");
        assert!(!messages.is_empty() && labels.len() >= 10, "{query}");
        for m in &messages {
            for l in &labels {
                assert!(
                    !overlap(m, l),
                    "{query}: {} over {:?}",
                    m.text_content().unwrap_or_default(),
                    l.text_content()
                );
            }
        }
    }
}

#[wasm_bindgen_test]
async fn a_message_tooltip_is_formatted_when_hovered() {
    let (root, _keep) = raft("?scn=minority-leader&t=940000").await;
    let msg = root
        .query_selector(".messages .msg")
        .unwrap()
        .expect("a message in flight");
    let title = || text_in(&root, ".messages .msg title");
    assert_eq!(title(), "", "not formatted before a hover");
    msg.dispatch_event(&web_sys::Event::new("pointerenter").unwrap())
        .unwrap();
    leptos::task::tick().await;
    let text = title();
    assert!(
        text.starts_with('S') && text.contains(" → S") && text.contains("term "),
        "{text}"
    );
}

#[wasm_bindgen_test]
async fn the_glossary_majority_is_computed_from_the_cluster_size() {
    for (query, want) in [
        ("?scn=three-servers&t=0", "(2 of 3)"),
        ("?n=4&t=0", "(3 of 4)"),
        ("?n=9&t=0", "(5 of 9)"),
        ("?t=0", "(3 of 5)"),
    ] {
        let (root, _keep) = raft(query).await;
        let list = text_in(&root, ".glossary");
        assert!(
            list.contains(&format!("More than half of all servers {want}")),
            "{query}: {list}"
        );
    }
}

#[wasm_bindgen_test]
async fn a_command_sent_to_a_follower_is_retried_at_the_leader_and_committed() {
    let (root, _keep) = raft("?seed=3&n=4&t=1200000&act=500000:q1=1,530000:q1=2").await;
    let log = text_in(&root, ".event-log");
    for want in [
        "S1 is not the leader; it redirects to S2, where the client retries x=1",
        "S2 tells the client x=1 is committed",
        "S2 tells the client x=2 is committed",
    ] {
        assert!(log.contains(want), "{want}: {log}");
    }
}

/// The `title` of the button `data-action=action` inside `root`, and whether it is disabled.
fn button_state(root: &HtmlElement, action: &str) -> (String, bool) {
    let b: web_sys::HtmlButtonElement = root
        .query_selector(&format!("button[data-action={action}]"))
        .unwrap()
        .expect("the button")
        .dyn_into()
        .unwrap();
    (b.title(), b.disabled())
}

#[wasm_bindgen_test]
async fn partition_and_heal_say_why_they_do_nothing() {
    let (root, keep) = raft("?seed=3&t=100000").await;
    let (title, off) = button_state(&root, "heal");
    assert!(off && title.contains("Nothing to heal"), "{title}");
    drop(keep);
    root.remove();
    let (root, _keep) = raft("?seed=3&act=50000:P1.2&t=100000").await;
    let chip = root
        .query_selector(".chips .chip")
        .unwrap()
        .expect("S1's chip");
    click(&chip);
    leptos::task::tick().await;
    let (title, off) = button_state(&root, "partition");
    assert!(off && title.contains("Heal it first"), "{title}");
    let (_, heal_off) = button_state(&root, "heal");
    assert!(!heal_off, "a partition can be healed");
}

/// A pointer event of `kind` at client pixel `(x, y)`, bubbling, sent to `el`.
fn pointer_at(el: &Element, kind: &str, (x, y): (f64, f64)) {
    let init = MouseEventInit::new();
    init.set_bubbles(true);
    init.set_client_x(x.round() as i32);
    init.set_client_y(y.round() as i32);
    let ev = MouseEvent::new_with_mouse_event_init_dict(kind, &init).unwrap();
    el.dispatch_event(&ev).unwrap();
}

/// Issue 18 (frame time): with hundreds of messages in flight the stage draws them as
/// a few paths, not an element each, and a message can still be hovered and picked.
#[wasm_bindgen_test]
async fn hundreds_of_messages_are_a_few_paths_and_one_can_still_be_picked() {
    let (root, _keep) = raft("?n=9&hb=10&el=1000-2000&lat=200-300&t=4000000").await;
    let stats = root.query_selector_all(".stat").unwrap();
    let flying: u32 = (0..stats.length())
        .filter_map(|i| stats.item(i)?.text_content())
        .find_map(|t| t.strip_suffix(" in flight")?.parse().ok())
        .unwrap_or(0);
    let groups = root.query_selector_all(".messages [data-count]").unwrap();
    let drawn: u32 = (0..groups.length())
        .filter_map(|i| groups.item(i)?.dyn_into::<Element>().ok())
        .filter_map(|g| g.get_attribute("data-count")?.parse::<u32>().ok())
        .sum();
    assert!(flying > 200, "a heavy run: {flying} in flight");
    assert_eq!(drawn, flying, "every message drawn once");
    assert!(groups.length() <= 8, "{} paths", groups.length());
    assert_eq!(
        count(&root, ".messages g.msg[data-kind]:not([data-count])"),
        0,
        "no element per message"
    );
    // A heartbeat's centre (its path starts at its leftmost point), in client pixels.
    let d = root
        .query_selector(".messages .heartbeat .msg-shapes")
        .unwrap()
        .and_then(|p| p.get_attribute("d"))
        .expect("heartbeats in flight");
    let start: Vec<f64> = d[1..d.find('a').unwrap()]
        .split(' ')
        .map(|v| v.parse().unwrap())
        .collect();
    let svg = root.query_selector(".stage-svg").unwrap().unwrap();
    let view: Vec<f64> = svg
        .get_attribute("viewBox")
        .unwrap()
        .split(' ')
        .map(|v| v.parse().unwrap())
        .collect();
    let r = svg.get_bounding_client_rect();
    let scale = (r.width() / view[2]).min(r.height() / view[3]);
    let client = (
        r.left() + (r.width() - view[2] * scale) / 2.0 + (start[0] + 4.5 - view[0]) * scale,
        r.top() + (r.height() - view[3] * scale) / 2.0 + (start[1] - view[1]) * scale,
    );
    let hits = root.query_selector(".messages .msg-hits").unwrap().unwrap();
    pointer_at(&hits, "pointermove", client);
    leptos::task::tick().await;
    let title = text_in(&root, ".messages > title");
    assert!(title.starts_with('S') && title.contains(" → S"), "{title}");
    pointer_at(&hits, "click", client);
    leptos::task::tick().await;
    assert_eq!(
        text_in(&root, ".message-menu-what"),
        title,
        "the message menu opens for it"
    );
    assert_eq!(
        count(&root, ".messages g.msg.picked"),
        1,
        "drawn on its own, outlined"
    );
}
