//! Browser test of the partitioning lab, driven through its UI: adding a node counts
//! the keys that moved (hash mod N moves most of them; the same add under consistent
//! hashing moves few), looking a key up names its partition and owner, and a book
//! scenario opens at its start and plays to its outcome with Step, and with Play after
//! Reset.
//!
//! `wasm-pack test --mode no-install --headless --chrome --chromedriver /usr/bin/chromedriver web -- --test partition_lab`
#![cfg(target_arch = "wasm32")]

use ddia_core::partition::{Key, Placement};
use ddia_web::shell::page::LabKind;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, HtmlElement, HtmlInputElement};

mod common;

wasm_bindgen_test_configure!(run_in_browser);

fn find(root: &Element, sel: &str) -> Option<Element> {
    root.query_selector(sel).unwrap()
}

fn text(root: &Element, sel: &str) -> String {
    find(root, sel)
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

async fn click(root: &Element, sel: &str) {
    let b: HtmlElement = find(root, sel)
        .unwrap_or_else(|| panic!("no {sel}"))
        .dyn_into()
        .unwrap();
    b.click();
    leptos::task::tick().await;
}

/// The number the movement counter shows (digits only; thin spaces group thousands).
fn keys_moved(root: &Element) -> Option<u64> {
    let t = text(root, ".move-counter [data-figure=keys-moved]");
    let digits: String = t.chars().filter(char::is_ascii_digit).collect();
    digits.parse().ok()
}

async fn mount(query: &'static str) -> (HtmlElement, impl Sized) {
    common::mount_own(LabKind::Partition, ddia_web::labs::partition::mount, query).await
}

#[wasm_bindgen_test]
async fn adding_a_node_counts_the_keys_that_moved_under_each_strategy() {
    let (root, _keep) = mount("?lab=partition&strategy=mod&nodes=10&keys=1100").await;
    assert_eq!(keys_moved(&root), None, "nothing moved before the add");
    click(&root, "button[data-action=add-node]").await;
    let modn = keys_moved(&root).expect("the counter after the add");
    // hash mod N from 10 to 11 nodes: about 10/11 of 1,100 keys, far above 1/11 (100).
    assert!((850..=1_100).contains(&modn), "mod N moved {modn}");
    assert!(text(&root, ".move-counter").contains("10 → 11 nodes"));
    // The same run shown under consistent hashing: the same add moves few keys.
    click(&root, "button[data-strategy=ring]").await;
    let ring = keys_moved(&root).expect("the ring's counter");
    assert!(ring < 400, "the ring moved {ring}");
    assert!(text(&root, ".partition-status").contains("consistent hashing"));
    // All five side by side: one card each, each with its own count.
    click(&root, "button[data-view=all]").await;
    assert_eq!(
        root.query_selector_all(".strategy-card").unwrap().length(),
        5
    );
    let cards = root
        .query_selector_all(".strategy-card [data-figure=keys-moved]")
        .unwrap();
    assert_eq!(cards.length(), 5, "every strategy made the same add");
}

#[wasm_bindgen_test]
async fn a_key_looked_up_names_its_partition_and_owner() {
    let (root, _keep) = mount("?lab=partition&nodes=5&keys=500").await;
    let input: HtmlInputElement = find(&root, "input[name=key]").unwrap().dyn_into().unwrap();
    input.set_value("17");
    input.dispatch_event(&Event::new("input").unwrap()).unwrap();
    click(&root, "button[data-action=lookup]").await;
    let s = ddia_core::partition::scenario::PartitionScenario {
        nodes: 5,
        keys: 500,
        ..Default::default()
    };
    let lab = ddia_core::partition::lab::PartitionLab::new(&s);
    let (p, owner) = lab.session().placement().locate(Key(17));
    assert_eq!(text(&root, ".lookup [data-field=owner]"), owner.to_string());
    // The answer also shows above the picture, where a click on a dot is.
    assert_eq!(
        text(&root, ".partition-status [data-figure=picked]"),
        format!("key 17 → {p} on {owner}")
    );
    assert!(text(&root, ".lookup [data-field=partition]").starts_with(&p.to_string()));
    assert_eq!(
        root.query_selector_all(".partition-svg .picked-dot")
            .unwrap()
            .length(),
        1
    );
    // Enter in the field looks the typed key up again.
    input.set_value("18");
    input.dispatch_event(&Event::new("input").unwrap()).unwrap();
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Enter");
    let enter =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    input.dispatch_event(&enter).unwrap();
    leptos::task::tick().await;
    assert_eq!(text(&root, ".lookup [data-field=key]"), "18");
}

#[wasm_bindgen_test]
async fn a_book_scenario_plays_from_its_start_to_its_outcome() {
    let (root, _keep) = mount("?lab=partition&scn=ring-60").await;
    assert!(text(&root, ".book .check").contains("not (yet)"));
    assert_eq!(keys_moved(&root), None, "it opens before its first action");
    assert_eq!(
        root.query_selector_all(".token-label").unwrap().length(),
        3,
        "N1, N2, N3"
    );
    click(&root, "button[data-action=step]").await;
    assert!(
        find(&root, ".book .check.ok").is_some(),
        "{}",
        text(&root, ".book .check")
    );
    assert_eq!(
        root.query_selector_all(".token-label").unwrap().length(),
        4,
        "N4 at 60°"
    );
    assert!(keys_moved(&root).is_some_and(|n| n > 0));
    // Reset replays it from its start; Play runs its action and stops at its end.
    click(&root, "button[data-action=reset]").await;
    assert!(text(&root, ".book .check").contains("not (yet)"));
    click(&root, "button[data-action=play]").await;
    let done = common::wait_for(5_000, || find(&root, ".book .check.ok").is_some()).await;
    assert!(done, "{}", text(&root, ".book .check"));
    leptos::task::tick().await;
    let play = find(&root, "button[data-action=play]").unwrap();
    assert_eq!(
        play.get_attribute("aria-pressed").as_deref(),
        Some("false"),
        "Play stops at the end: {}",
        text(&root, ".partition-status")
    );
}

/// Dots drawn by the paths matching `sel` (each dot is one `M` of a path).
fn dots(root: &Element, sel: &str) -> usize {
    let list = root.query_selector_all(sel).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .filter_map(|e| e.get_attribute("d"))
        .map(|d| d.matches('M').count())
        .sum()
}

/// On the main ring, the keys the node at 60° takes stay with their old owner until
/// their transfer is delivered, fly on the wire, then show under the new owner: all
/// read from the handoff running on the simulated network, not set by the button.
#[wasm_bindgen_test]
async fn moved_keys_travel_on_the_ring_when_their_transfer_is_delivered() {
    let (root, _keep) = mount("?lab=partition&scn=ring-60").await;
    assert_eq!(dots(&root, ".travel-layer .moved-dots path"), 0);
    click(&root, "button[data-action=step]").await;
    let moved = keys_moved(&root).expect("the ring-60 step moves keys");
    let moved = usize::try_from(moved).unwrap();
    assert_eq!(
        dots(&root, ".moved-dots .dots.held"),
        moved,
        "all held at first"
    );
    assert_eq!(
        dots(&root, ".moved-dots .dots.moved"),
        0,
        "none arrived yet"
    );
    let flew = common::wait_for(5_000, || dots(&root, ".moved-dots .dots.flying") > 0).await;
    assert!(flew, "a copy flies while its Transfer is on the wire");
    let arrived = common::wait_for(10_000, || {
        dots(&root, ".moved-dots .dots.moved:not(.flying)") == moved
    })
    .await;
    assert!(arrived, "every moved key arrives at its new owner");
    assert_eq!(dots(&root, ".moved-dots .dots.held"), 0);
    assert_eq!(dots(&root, ".moved-dots .dots.flying"), 0);
}

/// The secondary-index scenario draws its last read: the local index asks all 8
/// partitions and marks the slowest; the global index asks one; the read ends.
#[wasm_bindgen_test]
async fn an_index_read_scatters_to_every_partition_and_waits_for_the_slowest() {
    let (root, _keep) = mount("?lab=partition&scn=secondary-index").await;
    assert!(
        find(&root, ".scatter-gather").is_none(),
        "nothing before the run"
    );
    click(&root, "button[data-action=step]").await;
    let panels = root.query_selector_all(".scatter-gather .sg-svg").unwrap();
    assert_eq!(panels.length(), 2, "local and global");
    let count = |i: u32, sel: &str| {
        let p: Element = panels.item(i).unwrap().dyn_into().unwrap();
        p.query_selector_all(sel).unwrap().length()
    };
    assert_eq!(
        count(0, ".sg-part.asked"),
        8,
        "a local read asks every partition"
    );
    assert_eq!(count(1, ".sg-part.asked"), 1, "a global read asks one");
    assert_eq!(count(0, ".sg-part.slowest"), 1, "the slowest is marked");
    assert_eq!(count(0, ".sg-write"), 1, "a local write touches its own");
    assert!(count(1, ".sg-write") >= 2, "a global write touches more");
    let done = common::wait_for(8_000, || {
        text(&root, ".scatter-gather")
            .matches("read done in")
            .count()
            == 2
    })
    .await;
    assert!(done, "{}", text(&root, ".scatter-gather"));
}

/// Sets form control `sel` to `value` (a select's option, or a checkbox's "on"/"off")
/// and fires its `change`.
async fn change(root: &Element, sel: &str, value: &str) {
    let el = find(root, sel).unwrap_or_else(|| panic!("no {sel}"));
    if let Some(cb) = el.dyn_ref::<HtmlInputElement>() {
        cb.set_checked(value == "on");
    } else {
        el.dyn_ref::<web_sys::HtmlSelectElement>()
            .expect("a select")
            .set_value(value);
    }
    el.dispatch_event(&Event::new("change").unwrap()).unwrap();
    leptos::task::tick().await;
}

/// play16 B1: the request distribution, the routing mode and manual rebalancing apply
/// from the moment they change (recorded actions, in the link), not to the whole run.
#[wasm_bindgen_test]
async fn a_setting_changed_mid_run_applies_from_now_on() {
    let (root, _keep) = mount("?lab=partition").await;
    let nodes = || {
        root.query_selector_all(".load-bars .load-row")
            .unwrap()
            .length()
    };
    click(&root, "button[data-action=add-node]").await;
    click(&root, "button[data-action=add-node]").await;
    assert_eq!(nodes(), 6);
    change(&root, "input[data-setting=manual]", "on").await;
    assert_eq!(nodes(), 6, "the two adds before stay done");
    click(&root, "button[data-action=add-node]").await;
    assert_eq!(nodes(), 6, "the third waits for the operator");
    assert!(text(&root, ".plan").contains("add a node"));
    click(
        &root,
        "input[name=batch] ~ button, button[data-action=requests]",
    )
    .await;
    let batch = text(&root, ".partition-status .last-op");
    change(&root, "select[data-setting=dist]", "ts").await;
    assert!(
        text(&root, ".partition-status .last-op").contains("from now on requests pick keys"),
        "the change is narrated, the batch before it kept: {batch}"
    );
    change(&root, "select[data-setting=route]", "tier").await;
    // Share carries the changes as actions, in order.
    click(&root, "button[data-action=share]").await;
    let link = || {
        find(&root, "textarea[data-share=link]")
            .and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
            .map(|t| t.value())
            .unwrap_or_default()
    };
    assert!(common::wait_for(1_000, || !link().is_empty()).await);
    let link = link();
    let q = link.split_once('?').map_or("", |(_, q)| q);
    assert!(
        q.contains("act=a,a,rebal:manual,a,w500,dist:ts,route:tier"),
        "recorded in order: {q}"
    );
    // The link reads back to the same run.
    use ddia_core::link::LabLink;
    let back = ddia_core::partition::scenario::PartitionScenario::from_query(q).unwrap();
    let lab = ddia_core::partition::lab::PartitionLab::new(&back);
    assert_eq!(lab.session().placement().nodes().len(), 6);
    assert_eq!(lab.routing().word(), "tier");
}

/// Presses `key` as the keyboard shortcuts hear it (a keydown on the window).
async fn press(key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    web_sys::window().unwrap().dispatch_event(&ev).unwrap();
    leptos::task::tick().await;
}

/// play16 B2: with "Over the network" shown, Space pauses the handoff, `.` runs one
/// event of it and `,` goes one back, and the main run stays where it was; the
/// network's knobs come from the link.
#[wasm_bindgen_test]
async fn the_transport_drives_the_handoff_while_it_is_shown() {
    let (root, _keep) = mount("?lab=partition&scn=ring-60&t=1&hloss=20&hcrash=1").await;
    let progress = text(&root, ".partition-status .progress");
    click(&root, "button[data-view=handoff]").await;
    let status = || text(&root, ".handoff-status");
    press(" ").await;
    assert!(status().contains("paused"), "{}", status());
    let held = status();
    assert!(
        !common::wait_for(300, || status() != held).await,
        "paused: the handoff stays at {held}"
    );
    for _ in 0..40 {
        press(".").await;
        if status() != held {
            break;
        }
    }
    let stepped = status();
    assert_ne!(stepped, held, "'.' runs the handoff's next events");
    press(",").await;
    assert_ne!(status(), stepped, "',' goes one event back");
    assert_eq!(
        text(&root, ".partition-status .progress"),
        progress,
        "the main run did not move"
    );
    let crash: HtmlInputElement = find(&root, "input[data-setting=hcrash]")
        .expect("the crash knob")
        .dyn_into()
        .unwrap();
    assert!(crash.checked(), "hcrash=1 from the link");
}

/// Item 3: a read made after a rebalance, in each routing mode (any node forwards, a
/// routing tier, a partition-aware client), flies through that mode during the
/// handoff over the network (orange dots), and the event log narrates how each ended.
#[wasm_bindgen_test]
async fn reads_after_a_rebalance_are_routed_over_the_network_in_every_mode() {
    use ddia_core::link::LabLink;
    use ddia_core::partition::lab::PartitionLab;
    use ddia_core::partition::scenario::PartitionScenario;
    let (root, _keep) = mount("?lab=partition&speed=4").await;
    click(&root, "button[data-action=add-node]").await;
    let after_add = PartitionLab::new(&PartitionScenario::from_query("act=a").unwrap());
    let key = after_add.handoff_plan()[0].keys[0].0;
    for mode in ["any", "tier", "client"] {
        change(&root, "select[data-setting=route]", mode).await;
        let field: HtmlInputElement = find(&root, "input[name=read-key]")
            .unwrap()
            .dyn_into()
            .unwrap();
        field.set_value(&key.to_string());
        field.dispatch_event(&Event::new("input").unwrap()).unwrap();
        leptos::task::tick().await;
        click(&root, "button[data-action=read]").await;
    }
    click(&root, "button[data-view=handoff]").await;
    let flew = common::wait_for(10_000, || {
        root.query_selector_all(".handoff-svg .h-msg.m-read")
            .unwrap()
            .length()
            > 0
    })
    .await;
    assert!(flew, "a read flies over the network");
    let log = || text(&root, ".event-log");
    let told = common::wait_for(30_000, || {
        [
            "any node forwards",
            "routing tier",
            "partition-aware client",
        ]
        .iter()
        .all(|m| log().contains(&format!("over the network, read k{key} ({m})")))
    })
    .await;
    assert!(told, "each mode's read is narrated: {}", log());
}

/// play16: what the settled handoff said stays in the event log when a change that
/// leaves the handoff alone rebuilds the log (the run is kept, not replayed).
#[wasm_bindgen_test]
async fn the_settled_handoff_line_survives_a_rebuilt_log() {
    let (root, _keep) = mount("?lab=partition&scn=ring-60&t=1&speed=8").await;
    click(&root, "button[data-view=handoff]").await;
    let said = || text(&root, ".event-log").contains("the handoff over the network settled");
    assert!(common::wait_for(20_000, said).await, "the handoff settles");
    change(&root, "select[data-setting=dist]", "zipf").await;
    assert!(
        text(&root, ".event-log").contains("from now on requests pick keys"),
        "the log was rebuilt with the new action"
    );
    assert!(said(), "the settled line is still there");
    assert!(
        text(&root, ".handoff-status").contains("settled"),
        "and the run with it"
    );
}

/// The simulated time the handoff's status starts with, in ms (`12.3 ms: …`).
fn handoff_ms(root: &Element) -> f64 {
    let t = text(root, ".handoff-status");
    t.split(" ms")
        .next()
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(f64::NAN)
}

/// play16b N7, N8: at the end of a one-action scenario the on-screen Play/Pause and
/// Step drive the handoff (touch users have no Space); the handoff, first shown after
/// the change, starts at its beginning although it played meanwhile on the Picture.
#[wasm_bindgen_test]
async fn the_buttons_drive_the_handoff_at_the_end_of_a_run_from_its_start() {
    let (root, _keep) = mount("?lab=partition&scn=ring-60&t=1").await;
    common::wait_for(1_500, || false).await;
    click(&root, "button[data-view=handoff]").await;
    let first = handoff_ms(&root);
    assert!(
        first < 5.0,
        "the handoff opens at its start, not at {first} ms"
    );
    let step: HtmlElement = find(&root, "button[data-action=step]")
        .unwrap()
        .dyn_into()
        .unwrap();
    assert!(!step.has_attribute("disabled"), "Step drives the handoff");
    assert!(text(&root, ".transport-hint").contains("Play/Pause and Step drive it"));
    click(&root, "button[data-action=play]").await;
    assert!(text(&root, ".handoff-status").contains("paused (Play or Space resumes"));
    assert_eq!(text(&root, "button[data-action=play]").trim(), "▶Play");
    let held = handoff_ms(&root);
    click(&root, "button[data-action=step]").await;
    assert!(
        handoff_ms(&root) > held,
        "Step ran the handoff's next event"
    );
}

/// play16b L2: a seek on the timeline keeps a paused handoff paused.
#[wasm_bindgen_test]
async fn a_seek_keeps_the_handoff_paused() {
    let (root, _keep) = mount("?lab=partition&scn=stale-route&t=7").await;
    click(&root, "button[data-view=handoff]").await;
    for _ in 0..5 {
        press(".").await;
    }
    let before = text(&root, ".handoff-status");
    assert!(before.contains("paused"), "{before}");
    assert!(!before.starts_with("0.0 ms"), "{before}");
    let range: HtmlInputElement = find(&root, ".timeline-range").unwrap().dyn_into().unwrap();
    range.set_value("3");
    range.dispatch_event(&Event::new("input").unwrap()).unwrap();
    leptos::task::tick().await;
    let held = text(&root, ".handoff-status");
    assert!(
        held.starts_with("0.0 ms"),
        "the seek rebuilt the handoff: {held}"
    );
    assert!(held.contains("paused"), "{held}");
    assert!(
        !common::wait_for(300, || text(&root, ".handoff-status") != held).await,
        "the handoff stayed where the seek put it"
    );
}

/// play16b L7: in a crowd (labels on hover only), a tap on a message's dot pins its
/// label, and it stays pinned when the picture is drawn again (a phone has no hover).
#[wasm_bindgen_test]
async fn a_tap_on_a_message_pins_its_label() {
    let (root, _keep) = mount("?lab=partition&scn=mod-vs-ring&t=1").await;
    click(&root, "button[data-view=handoff]").await;
    click(&root, "button[data-action=step]").await;
    let dots = root.query_selector_all(".handoff-svg .h-msg").unwrap();
    assert!(dots.length() > 12, "a crowd: {} messages", dots.length());
    let title = dots
        .item(dots.length() / 2)
        .unwrap()
        .text_content()
        .unwrap_or_default();
    // A bubbling click, as a tap sends (the page listens on the document).
    js_sys::eval(&format!(
        "document.querySelectorAll('.handoff-svg .h-msg')[{}].dispatchEvent(new MouseEvent('click', {{ bubbles: true }}))",
        dots.length() / 2
    ))
    .unwrap();
    leptos::task::tick().await;
    click(&root, "button[data-action=step]").await;
    let pinned = find(&root, ".handoff-svg .h-msg.pinned").expect("the tapped message is pinned");
    assert_eq!(pinned.text_content().unwrap_or_default(), title);
    let label = pinned.query_selector("text").unwrap().unwrap();
    let shown = web_sys::window()
        .unwrap()
        .get_computed_style(&label)
        .unwrap()
        .unwrap()
        .get_property_value("display")
        .unwrap();
    assert_ne!(shown, "none", "the pinned label shows");
}
