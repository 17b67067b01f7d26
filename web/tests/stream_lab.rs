//! Browser test of the stream lab, driven through its UI: a consumer crashed by a click
//! at a moment between its sink write and its offset commit makes the group reprocess
//! the batch, and the duplicate counter (counted from the sink) shows it; a book
//! scenario opens at its start and Play runs it to its expected outcome; stepping the
//! at-most-once crash event by event, its check never goes back to unmet.
//!
//! `wasm-pack test --mode no-install --headless --chrome --chromedriver /usr/bin/chromedriver web -- --test stream_lab`
#![cfg(target_arch = "wasm32")]

use ddia_core::link::LabLink;
use ddia_core::sim::SimTime;
use ddia_core::stream::lab::StreamLab;
use ddia_core::stream::scenario::{StreamAction, StreamScenario, Who};
use ddia_web::shell::page::LabKind;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;

mod common;

use common::{click, find, text};

wasm_bindgen_test_configure!(run_in_browser);

/// Where the run is played to before the counters are read, µs: long after the group
/// has caught up, so a frame's overshoot changes nothing.
const END_US: u64 = 6_000_000;

/// The stream lab mounted for `query`, and what keeps it mounted.
async fn stream(query: &'static str) -> (web_sys::HtmlElement, impl Sized) {
    common::mount_own(LabKind::Stream, ddia_web::labs::stream::mount, query).await
}

/// A counter's value by its name.
fn counter(root: &Element, name: &str) -> u64 {
    text(root, &format!("[data-counter=\"{name}\"] dd"))
        .parse()
        .unwrap_or_else(|_| panic!("no counter {name}"))
}

/// The simulated time the status line shows, ms.
fn shown_ms(root: &Element) -> u64 {
    let t = text(root, ".stream-status");
    t.trim_start_matches("t = ")
        .split('.')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// The first moment (every 5 ms from 200 ms) at which crashing C1 of the default run
/// (at-least-once) duplicates effects, and how many, replayed natively.
fn a_crash_that_duplicates() -> (u64, u64) {
    (40..200)
        .map(|i| i * 5_000)
        .find_map(|t| {
            let mut lab = StreamLab::new(&StreamScenario::default());
            lab.run_until(SimTime(t));
            lab.act(StreamAction::Crash(Who::Consumer(1)));
            lab.run_until(SimTime(END_US));
            let d = lab.delivery().duplicated;
            (d > 0).then_some((t, d))
        })
        .expect("some moment between write and commit")
}

#[wasm_bindgen_test]
async fn a_consumer_crashed_by_a_click_before_its_commit_duplicates_its_batch() {
    let (at, expected) = a_crash_that_duplicates();
    let query: &'static str = Box::leak(format!("?lab=stream&t={at}&speed=100").into_boxed_str());
    let (root, _keep) = stream(query).await;
    assert_eq!(
        counter(&root, "duplicated"),
        0,
        "nothing duplicated before the crash"
    );
    let c1 = find(&root, ".topology .node.consumer").expect("C1 in the picture");
    assert!(c1.get_attribute("aria-label").unwrap().contains("Crash C1"));
    c1.dispatch_event(&web_sys::MouseEvent::new("click").unwrap())
        .unwrap();
    leptos::task::tick().await;
    assert!(
        find(&root, ".topology .node.consumer.down").is_some(),
        "C1 drawn as crashed"
    );
    click(&root, "button[data-action=play]").await;
    // Play pauses by itself once the run is quiescent ("run complete" in the log).
    let complete = || text(&root, ".event-log").contains("run complete");
    let played = common::wait_for(20_000, || complete() || shown_ms(&root) >= END_US / 1_000).await;
    assert!(played, "the run completed or reached {} ms", END_US / 1_000);
    if !complete() {
        click(&root, "button[data-action=play]").await;
    }
    let duplicated = counter(&root, "duplicated");
    assert!(duplicated > 0, "the reprocessed batch is counted");
    assert_eq!(duplicated, expected, "the counter is the sink's count");
    assert_eq!(counter(&root, "lost"), 0, "at-least-once loses nothing");
}

#[wasm_bindgen_test]
async fn a_book_scenario_opens_at_its_start_and_plays_to_its_outcome() {
    let (root, _keep) = stream("?lab=stream&scn=crash-eo&speed=100").await;
    assert_eq!(shown_ms(&root), 0, "opens at t = 0");
    assert!(
        find(&root, ".book .check.pending").is_some(),
        "not met at the start"
    );
    click(&root, "button[data-action=play]").await;
    let met = common::wait_for(20_000, || find(&root, ".book .check.ok").is_some()).await;
    assert!(met, "{}", text(&root, ".book"));
    assert_eq!(counter(&root, "lost"), 0);
    assert_eq!(counter(&root, "duplicated"), 0);
    assert!(counter(&root, "rewrites-ignored") > 0);
}

/// A slider by its name: (thumb value, label text).
fn slider(root: &Element, name: &str) -> (f64, String) {
    common::sliders(root)
        .into_iter()
        .find(|s| s.0 == name)
        .map(|s| (s.1, s.2))
        .unwrap_or_else(|| panic!("no slider {name}"))
}

#[wasm_bindgen_test]
async fn time_sliders_sit_on_round_values_and_zero_retention_reads_unlimited() {
    let (root, _keep) = stream("?lab=stream").await;
    assert!(
        common::assert_thumbs_on_labels(&root) >= 20,
        "every stream slider"
    );
    for (name, value) in [
        ("Window size", 100.0),
        ("Restart after", 200.0),
        ("Heartbeat", 50.0),
        ("Hop (slide)", 50.0),
    ] {
        assert_eq!(slider(&root, name).0, value, "{name}");
    }
    assert_eq!(slider(&root, "Retention: keep").1, "unlimited");
    assert_eq!(slider(&root, "Retention: keep for").1, "unlimited");
    // One step left of 100 ms is the round stop 80 ms, and the run takes it.
    set_input(&root, "Window size (ms)", |size| {
        size.value_as_number() - 1.0
    })
    .await;
    assert_eq!(slider(&root, "Window size"), (80.0, "80 ms".to_string()));
}

/// Sets the range input named `label` to `to(input)` and commits it.
async fn set_input(
    root: &Element,
    label: &str,
    to: impl Fn(&web_sys::HtmlInputElement) -> f64,
) -> web_sys::HtmlInputElement {
    let input: web_sys::HtmlInputElement = find(root, &format!("input[aria-label='{label}']"))
        .unwrap_or_else(|| panic!("no slider {label}"))
        .dyn_into()
        .unwrap();
    input.set_value_as_number(to(&input));
    input
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    leptos::task::tick().await;
    input
}

/// N3: time sliders are round stops on a log scale: a fifth of the way along Window
/// size is a size a one-second run can use, and the left end (Home) is the link's
/// minimum (it was 0, which the link refuses).
#[wasm_bindgen_test]
async fn time_sliders_are_logarithmic_and_start_at_the_links_minimum() {
    let (root, _keep) = stream("?lab=stream").await;
    let max = |i: &web_sys::HtmlInputElement| i.max().parse::<f64>().unwrap();
    set_input(&root, "Window size (ms)", |i| (max(i) * 0.2).round()).await;
    let (fifth, _) = slider(&root, "Window size");
    assert!((50.0..=150.0).contains(&fifth), "a fifth along: {fifth} ms");
    for (label, name, lo) in [
        ("Window size (ms)", "Window size", "1 ms"),
        ("Hop (slide) (ms)", "Hop (slide)", "1 ms"),
        ("Session gap (ms)", "Session gap", "1 ms"),
        ("Heartbeat (ms)", "Heartbeat", "1 ms"),
        ("Session timeout (ms)", "Session timeout", "10 ms"),
    ] {
        let input = set_input(&root, label, |i| i.min().parse().unwrap()).await;
        assert_eq!(
            input.min(),
            "0",
            "{label}: the track starts at its first stop"
        );
        let (thumb, shown) = slider(&root, name);
        assert_eq!(shown, lo, "{label}");
        assert_eq!(
            format!("{thumb} ms"),
            shown,
            "{label}: the thumb is on the label"
        );
    }
    assert_eq!(
        text(&root, ".notice-text"),
        "",
        "every minimum is a value the link accepts"
    );
}

#[wasm_bindgen_test]
async fn the_other_labs_sliders_still_show_their_defaults() {
    use ddia_web::labs::{partition, raft, storage};
    let labs: [(LabKind, ddia_web::shell::page::MountLab, &'static str); 3] = [
        (LabKind::Raft, raft::mount, "?lab=raft"),
        (LabKind::Storage, storage::mount, "?lab=storage"),
        (LabKind::Partition, partition::mount, "?lab=partition"),
    ];
    for (kind, mount, query) in labs {
        let (root, _keep) = common::mount_own(kind, mount, query).await;
        assert!(common::assert_thumbs_on_labels(&root) > 0, "{query}");
    }
}

#[wasm_bindgen_test]
async fn guarantees_are_named_as_the_delivery_menu_names_them() {
    let (root, _keep) = stream("?lab=stream&t=300000").await;
    let heading = text(&root, ".counters h2");
    assert!(heading.contains("(at-least-once)"), "{heading}");
    click(&root, "button[data-action=compare]").await;
    let rows = root
        .query_selector_all(".compare tbody tr td:first-child")
        .unwrap();
    let names: Vec<String> = (0..rows.length())
        .map(|i| rows.item(i).unwrap().text_content().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "at-most-once",
            "at-least-once",
            "exactly-once: idempotent sink",
            "exactly-once: output + offset atomically"
        ]
    );
}

#[wasm_bindgen_test]
async fn a_committed_offset_older_than_the_drawn_tape_is_written_beside_it() {
    let query = "?lab=stream&consumers=1&batch=1&every=5&events=200&wm=5&t=800000";
    let mut lab = StreamLab::new(&StreamScenario::from_query(query).unwrap());
    lab.run_until(SimTime(800_000));
    let committed = ddia_core::stream::delivery::committed(lab.run.broker(), lab.run.sink());
    let ends: Vec<u64> = lab
        .run
        .broker()
        .partitions
        .iter()
        .map(|l| l.end())
        .collect();
    // Far enough behind that no layout (12 or 24 records a tape) draws it.
    assert!(
        committed.iter().zip(&ends).all(|(c, e)| c + 24 < *e),
        "{committed:?} {ends:?}"
    );
    let (root, _keep) = stream(query).await;
    let marks = root
        .query_selector_all(".topology .committed.off-tape")
        .unwrap();
    let shown: Vec<String> = (0..marks.length())
        .map(|i| marks.item(i).unwrap().text_content().unwrap())
        .collect();
    assert_eq!(shown.len(), committed.len(), "{shown:?}");
    for (s, c) in shown.iter().zip(&committed) {
        // The mark's text follows its tooltip.
        assert!(s.ends_with(&format!("◀ committed {c}")), "{s} for {c}");
    }
    assert!(
        find(&root, ".topology path.committed").is_none(),
        "no triangle clamped to the tape's edge"
    );
}

#[wasm_bindgen_test]
async fn one_key_is_one_key_and_partition_names_are_drawn_over_the_messages() {
    let (root, _keep) = stream("?lab=stream&scn=idle-partition&t=300000").await;
    assert_eq!(slider(&root, "Keys").1, "1 key");
    let sink = text(&root, ".topology .node.sink");
    assert!(
        sink.contains(" 1 key") && !sink.contains("1 keys"),
        "{sink}"
    );
    let svg = find(&root, ".topology").unwrap();
    let last_dot = svg.query_selector_all("circle.msg").unwrap();
    assert!(last_dot.length() > 0, "messages in flight at 300 ms");
    let dot = last_dot.item(last_dot.length() - 1).unwrap();
    let name = find(&svg, ".tape-name").unwrap();
    let after = dot.compare_document_position(&name) & web_sys::Node::DOCUMENT_POSITION_FOLLOWING;
    assert!(
        after != 0,
        "P0's name is painted after (over) the last message dot"
    );
}

#[wasm_bindgen_test]
async fn stepping_the_at_most_once_crash_never_unmeets_its_check_or_unloses_an_effect() {
    let (root, _keep) = stream("?lab=stream&scn=crash-amo&t=480000").await;
    let (mut met, mut lost, mut flips) = (false, 0, 0);
    for _ in 0..600 {
        click(&root, "button[data-action=step]").await;
        let now = find(&root, ".book .check.ok").is_some();
        flips += u32::from(met && !now);
        met |= now;
        let l = counter(&root, "lost");
        assert!(
            l >= lost,
            "lost fell from {lost} to {l} at {} ms",
            shown_ms(&root)
        );
        lost = l;
    }
    assert!(met, "{}", text(&root, ".book"));
    assert_eq!(flips, 0, "the check went back to unmet");
    let mut native = StreamLab::new(&StreamScenario::from_query("scn=crash-amo").unwrap());
    native.finish();
    let batch = native.run.crashed.expect("C1 crashes").records();
    assert_eq!(
        lost, batch,
        "the batch C1 held when it crashed, nothing in flight"
    );
}

/// N6: a heartbeat not shorter than the session timeout is explained under the sliders
/// (its section opens by itself), and the explanation goes once the heartbeat is short.
#[wasm_bindgen_test]
async fn a_heartbeat_beyond_the_session_timeout_says_the_group_will_rebalance_forever() {
    let (root, _keep) = stream("?lab=stream&hb=400").await;
    let note = find(&root, "details [data-note]").expect("a note under the sliders");
    let section = note.closest("details").unwrap().unwrap();
    assert!(section.has_attribute("open"), "its section is open");
    assert!(
        text(&section, "summary").contains("heartbeats"),
        "{}",
        text(&section, "summary")
    );
    let said = note.text_content().unwrap();
    assert!(
        said.contains("every 400 ms")
            && said.contains("300 ms session timeout")
            && said.contains("rebalances over and over"),
        "{said}"
    );
    let track = ddia_web::shell::slider::Track::new(1.0, 5_000.0, 5.0, "ms");
    set_input(&root, "Heartbeat (ms)", |_| track.position(50.0)).await;
    assert_eq!(slider(&root, "Heartbeat").1, "50 ms");
    assert!(
        find(&root, "[data-note]").is_none(),
        "no note for a 50 ms heartbeat"
    );
}

/// N4: in the rebuild scenario the derived view is open from the start, and once the
/// v2 builder reads it is drawn as a reader with its own position on every tape.
#[wasm_bindgen_test]
async fn the_rebuild_draws_the_v2_builder_and_opens_the_derived_view() {
    let (root, _keep) = stream("?lab=stream&scn=rebuild").await;
    let derived = find(&root, "details.derived").expect("the derived view");
    assert!(
        derived.has_attribute("open"),
        "open at t = 0 of the rebuild"
    );
    assert!(
        find(&root, ".topology .node.v2").is_none(),
        "no builder before 1.8 s"
    );
    let (root, _keep) = stream("?lab=stream&scn=rebuild&t=2000000").await;
    let v2 = text(&root, ".topology .node.v2");
    assert!(v2.starts_with("v2 builder"), "{v2}");
    let marks = root.query_selector_all(".topology .v2pos").unwrap();
    assert_eq!(marks.length(), 3, "one position per partition");
    let (root, _keep) = stream("?lab=stream&t=2000000").await;
    assert!(!find(&root, "details.derived")
        .unwrap()
        .has_attribute("open"));
    assert!(find(&root, ".topology .v2pos").is_none());
}

/// N8 and N2: at the end of a finite run the plane says why its last windows never
/// fire, consumers read idle, and a corrected window is written "old→new".
#[wasm_bindgen_test]
async fn a_finished_run_explains_its_waiting_windows_and_shows_corrections() {
    let (root, _keep) = stream("?lab=stream&scn=late-update&t=3000000").await;
    let note = text(&root, "[data-stalled]");
    assert!(
        note.contains("the watermark stops at") && note.contains("end-of-input watermark"),
        "{note}"
    );
    let consumers = root.query_selector_all(".topology .node.consumer").unwrap();
    for i in 0..consumers.length() {
        let c = consumers.item(i).unwrap().text_content().unwrap();
        assert!(c.contains("idle") && !c.contains("fetching"), "{c}");
    }
    let counts = root.query_selector_all(".plane .band .count").unwrap();
    let written: Vec<String> = (0..counts.length())
        .map(|i| counts.item(i).unwrap().text_content().unwrap())
        .collect();
    assert!(written.iter().any(|c| c.contains('→')), "{written:?}");
    let (root, _keep) = stream("?lab=stream&scn=late-update&t=500000").await;
    assert!(
        find(&root, "[data-stalled]").is_none(),
        "events still coming"
    );
}
