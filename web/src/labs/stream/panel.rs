//! The stream lab's control panel: the shared transport and book picker, the
//! learner's actions (crash and restart by clicking the picture; pause, leave, join,
//! replay here), every scenario setting as a slider or a menu (a change restarts the
//! run at t = 0), and the glossary.

use super::state::StreamState;
use crate::shell::book_picker::BookPicker;
use crate::shell::caption_note::{caption_note, caption_note_view};
use crate::shell::context::context;
use crate::shell::format::plural;
use crate::shell::glossary::{entry, stream::STREAM, Gloss, GlossaryList};
use crate::shell::knob::{knob_sliders_with, slider_value as f, whole, whole32, Commit, Knob};
use crate::shell::live_lab::LiveLab;
use crate::shell::transport::Transport;
use ddia_core::link::LabLink;
use ddia_core::stream::book::BOOK;
use ddia_core::stream::consumer::{CrashPoint, Guarantee};
use ddia_core::stream::knobs;
use ddia_core::stream::scenario::{StreamAction, StreamScenario, WinKind};
use ddia_core::stream::windowing::LatePolicy;
use leptos::prelude::*;

macro_rules! knob {
    ($label:expr, $unit:expr, $range:expr, $step:expr, $hint:expr, $field:ident, u64) => {
        Knob {
            label: $label,
            unit: $unit,
            bounds: $range,
            step: $step,
            hint: $hint,
            get: |s| f(s.$field),
            set: |s, v| s.$field = whole(v),
        }
    };
    ($label:expr, $unit:expr, $range:expr, $step:expr, $hint:expr, $field:ident, u32) => {
        Knob {
            label: $label,
            unit: $unit,
            bounds: $range,
            step: $step,
            hint: $hint,
            get: |s| f(u64::from(s.$field)),
            set: |s, v| s.$field = whole32(v),
        }
    };
}

/// The topic, the group and the producer.
static TOPIC: [Knob<StreamScenario>; 9] = [
    knob!(
        "Partitions",
        "partitions",
        knobs::PARTS,
        1.0,
        "Partitions of the topic: each an append-only log",
        partitions,
        u32
    ),
    knob!(
        "Consumers",
        "consumers",
        knobs::CONSUMERS,
        1.0,
        "Members of the consumer group at the start",
        consumers,
        u32
    ),
    knob!(
        "Batch",
        "records",
        knobs::BATCH,
        1.0,
        "Most records a consumer fetches and processes at once",
        batch,
        u32
    ),
    knob!(
        "Events",
        "events",
        knobs::EVENTS,
        1.0,
        "Events the producer makes",
        events,
        u64
    ),
    knob!(
        "Producer rate: one event every",
        "ms",
        knobs::EVERY,
        1.0,
        "Event time between two events",
        every_ms,
        u64
    ),
    knob!(
        "Keys",
        "keys",
        knobs::KEYS,
        1.0,
        "Distinct keys; a key always goes to the same partition",
        keys,
        u64
    ),
    knob!(
        "Retention: keep",
        "records",
        knobs::KEEP,
        10.0,
        "Records kept per partition (0 = unlimited)",
        keep,
        u64
    ),
    knob!(
        "Retention: keep for",
        "ms",
        knobs::AGE,
        100.0,
        "How long a record is kept (0 = unlimited)",
        age_ms,
        u64
    ),
    knob!(
        "Restart after",
        "ms",
        knobs::RESTART,
        10.0,
        "A crashed consumer restarts after this long",
        restart_ms,
        u64
    ),
];

/// Delays: event time against processing time.
static DELAYS: [Knob<StreamScenario>; 3] = [
    knob!(
        "Delay up to",
        "ms",
        knobs::DELAY,
        5.0,
        "Each event is held 0 to this long before it is sent (uniform)",
        delay_ms,
        u64
    ),
    knob!(
        "Stragglers",
        "%",
        knobs::STRAG,
        1.0,
        "Share of events held much longer",
        straggler_pct,
        u32
    ),
    knob!(
        "Straggler delay",
        "ms",
        knobs::STRAG_MS,
        10.0,
        "A straggler's extra hold",
        straggler_ms,
        u64
    ),
];

/// Windows and watermark.
static WINDOWS: [Knob<StreamScenario>; 6] = [
    knob!(
        "Window size",
        "ms",
        knobs::SIZE,
        10.0,
        "Tumbling, hopping and sliding windows' length in event time",
        size_ms,
        u64
    ),
    knob!(
        "Hop (slide)",
        "ms",
        knobs::SLIDE,
        10.0,
        "Hopping windows start this often",
        slide_ms,
        u64
    ),
    knob!(
        "Session gap",
        "ms",
        knobs::GAP,
        10.0,
        "A quiet spell this long ends a session window",
        gap_ms,
        u64
    ),
    knob!(
        "Watermark bound",
        "ms",
        knobs::BOUND,
        5.0,
        "How far behind the newest event time the watermark trails (bounded out-of-orderness)",
        bound_ms,
        u64
    ),
    knob!(
        "Idle timeout",
        "ms",
        knobs::IDLE,
        10.0,
        "A partition silent this long is left out of the watermark (0 = never)",
        idle_ms,
        u64
    ),
    knob!(
        "Allowed lateness",
        "ms",
        knobs::LATENESS,
        50.0,
        "How long after the watermark passes a window's end a late event still corrects it, under every policy (update: no limit)",
        lateness_ms,
        u64
    ),
];

/// Faults and group timing.
static FAULTS: [Knob<StreamScenario>; 5] = [
    knob!(
        "Message loss",
        "%",
        knobs::LOSS,
        1.0,
        "Share of messages lost (retried, except at-most-once's sink writes, which are sent once: a lost one is a lost effect)",
        loss_pct,
        u32
    ),
    knob!(
        "Duplication",
        "%",
        knobs::DUP,
        1.0,
        "Share of messages delivered twice; the sink applies a second copy of one write once only (as TCP does), so this never duplicates an effect: retries after a loss or a crash do (the end-to-end argument, DDIA ch. 12)",
        dup_pct,
        u32
    ),
    knob!(
        "Latency up to",
        "ms",
        knobs::LATENCY,
        1.0,
        "Each message takes half of this to all of it",
        latency_ms,
        u64
    ),
    knob!(
        "Session timeout",
        "ms",
        knobs::SESSION,
        10.0,
        "A consumer silent this long is declared dead: rebalance",
        session_ms,
        u64
    ),
    knob!(
        "Heartbeat",
        "ms",
        knobs::HEARTBEAT,
        5.0,
        "How often consumers tell the broker they are alive",
        heartbeat_ms,
        u64
    ),
];

/// The sliders whose 0 is not a number: (link key, what 0 means).
static ZEROS: [(&str, &str); 3] = [
    (knobs::KEEP.key, "unlimited"),
    (knobs::AGE.key, "unlimited"),
    (knobs::IDLE.key, "never"),
];

/// Every slider table, for the tests.
pub fn all_knobs() -> impl Iterator<Item = &'static Knob<StreamScenario>> {
    TOPIC.iter().chain(&DELAYS).chain(&WINDOWS).chain(&FAULTS)
}

/// A menu of one link key's words: `(word, label)`.
pub struct Choice {
    /// The link key it sets.
    pub key: &'static str,
    /// What it sets.
    pub label: &'static str,
    /// Its words and their labels.
    pub options: &'static [(&'static str, &'static str)],
    /// The current word.
    pub get: fn(&StreamScenario) -> String,
}

/// The menus.
pub static CHOICES: [Choice; 4] = [
    Choice {
        key: "guarantee",
        label: "Delivery guarantee",
        options: &[
            ("amo", "at-most-once: commit, then write"),
            ("alo", "at-least-once: write, then commit"),
            ("eo", "exactly-once: idempotent sink"),
            ("eot", "exactly-once: output + offset atomically"),
        ],
        get: |s| s.guarantee.word().into(),
    },
    Choice {
        key: "assign",
        label: "Partition assignment",
        options: &[("range", "range"), ("rr", "round-robin")],
        get: |s| s.assignor.word().into(),
    },
    Choice {
        key: "win",
        label: "Window kind",
        options: &[
            ("tumbling", "tumbling"),
            ("hopping", "hopping"),
            ("sliding", "sliding"),
            ("session", "session"),
        ],
        get: |s| s.win.word().into(),
    },
    Choice {
        key: "policy",
        label: "Late events",
        options: &[
            ("drop", "drop them"),
            ("update", "update the result (retract + correct)"),
            ("side", "send to a side output"),
        ],
        get: |s| s.policy.word().into(),
    },
];

/// A delivery guarantee's name as the Delivery menu calls it (DDIA ch. 11, "Fault
/// tolerance"; ch. 12, "Exactly-once execution of an operation").
pub fn guarantee_name(g: Guarantee) -> &'static str {
    match g {
        Guarantee::AtMostOnce => "at-most-once",
        Guarantee::AtLeastOnce => "at-least-once",
        Guarantee::ExactlyOnceIdempotent => "exactly-once: idempotent sink",
        Guarantee::ExactlyOnceAtomic => "exactly-once: output + offset atomically",
    }
}

/// The crash point menu's words: `none`, or `<consumer>.<point>.<batch>` built from the
/// three controls.
static CRASH_POINTS: [(&str, &str); 4] = [
    ("none", "no planned crash"),
    ("commit", "after processing, before the commit"),
    ("write", "after the commit, before the sink write"),
    ("mid", "inside the sink write (first batch of 2+ records)"),
];

/// What a setting will do that may surprise, if anything.
pub fn advice(s: &StreamScenario) -> Option<String> {
    let mut out = Vec::new();
    if let Some((c, point, _)) = s.crash {
        if point == CrashPoint::BeforeWrite && s.guarantee != Guarantee::AtMostOnce {
            out.push(format!("C{c} never stands between commit and write: only at-most-once commits before it writes, so this planned crash will not happen."));
        }
        if point == CrashPoint::MidWrite
            && (s.guarantee == Guarantee::ExactlyOnceAtomic || s.batch < 2)
        {
            out.push("A crash inside the sink write needs a batch of 2 or more and a write that is not atomic: it will not happen.".to_string());
        }
    }
    if s.policy == LatePolicy::Update && s.lateness_ms > 0 {
        out.push("The update policy keeps every window's state, so every late event corrects its window however late: the allowed lateness changes nothing.".to_string());
    }
    if s.consumers > s.partitions {
        out.push(format!(
            "{} consumers for {}: {} will be idle (a partition is read by one member).",
            s.consumers,
            plural(u64::from(s.partitions), "partition"),
            s.consumers - s.partitions
        ));
    }
    if s.keys < u64::from(s.partitions) {
        out.push(format!("{} for {}: at least one partition gets no event and holds the watermark back unless the idle timeout is set.", plural(s.keys, "key"), plural(u64::from(s.partitions), "partition")));
    }
    (!out.is_empty()).then(|| out.join(" "))
}

fn select(
    label: &'static str,
    options: &'static [(&'static str, &'static str)],
    current: Signal<String>,
    pick: Callback<String>,
) -> impl IntoView {
    view! {
        <label class="choice">
            <span>{label}</span>
            <select aria-label=label prop:value=move || current.get() on:change=move |ev| pick.run(event_target_value(&ev))>
                {options.iter().map(|(w, l)| view! { <option value=*w>{*l}</option> }).collect_view()}
            </select>
        </label>
    }
}

/// A menu of the group's consumers C1..C`count`, showing `current`.
fn consumer_select(
    label: &'static str,
    count: Signal<u32>,
    current: Signal<u32>,
    pick: Callback<u32>,
) -> impl IntoView {
    view! {
        <label class="choice">
            <span>{label}</span>
            <select aria-label=label prop:value=move || current.get().to_string() on:change=move |ev| {
                if let Ok(n) = event_target_value(&ev).parse::<u32>() {
                    pick.run(n);
                }
            }>
                {move || (1..=count.get()).map(|i| view! { <option value=i.to_string()>{format!("C{i}")}</option> }).collect_view()}
            </select>
        </label>
    }
}

/// The menus of `CHOICES` and the planned crash.
#[component]
fn Menus() -> impl IntoView {
    let st = context::<StreamState>();
    let sc = Memo::new(move |_| st.scenario());
    let set = move |key: &'static str| {
        Callback::new(move |word: String| {
            st.rebuild(|s| {
                // The word comes from the menu's own options, which the link parser accepts.
                let _ = s.set_param(key, &word);
            })
        })
    };
    let menus = CHOICES
        .iter()
        .map(|c| {
            select(
                c.label,
                c.options,
                Signal::derive(move || (c.get)(&sc.get())),
                set(c.key),
            )
        })
        .collect_view();
    let crash =
        Signal::derive(move || sc.with(|s| s.crash.map_or("none", |c| c.1.word()).to_string()));
    let on_crash = Callback::new(move |word: String| {
        st.rebuild(|s| {
            s.crash = CrashPoint::ALL
                .into_iter()
                .find(|p| p.word() == word)
                .map(|p| {
                    let (c, _, b) = s.crash.unwrap_or((1, p, 2));
                    (c, p, b)
                });
        })
    });
    let crash_who = move || sc.with(|s| s.crash.map(|(c, _, b)| (c, b)));
    let consumers = move || sc.with(|s| s.consumers);
    view! {
        {menus}
        {select("Planned crash of a consumer", &CRASH_POINTS, crash, on_crash)}
        {move || crash_who().map(|(c, b)| view! {
            <div class="pair">
                {consumer_select("Crashing consumer", Signal::derive(consumers), Signal::derive(move || c), Callback::new(move |n: u32| {
                    st.rebuild(|s| s.crash = s.crash.map(|(_, p, b)| (n, p, b)));
                }))}
                <label class="choice">
                    <span>"In its batch number"</span>
                    <input type="number" min="1" max=knobs::CRASH_BATCH.hi.to_string() aria-label="Batch of the planned crash" prop:value=b.to_string() on:change=move |ev| {
                        if let Ok(n) = knobs::CRASH_BATCH.parse::<u64>(&event_target_value(&ev)) {
                            st.rebuild(|s| s.crash = s.crash.map(|(c, p, _)| (c, p, n)));
                        }
                    } />
                </label>
            </div>
        })}
    }
}

/// The slider sections: summary, the glossary terms written under it (" · " between
/// them), its sliders, and whether it starts open.
type Section = (
    &'static str,
    &'static [&'static str],
    &'static [Knob<StreamScenario>],
    bool,
    Note,
);

/// What a section's settings will do that may surprise, shown under its sliders.
type Note = fn(&StreamScenario) -> Option<String>;

static SECTIONS: [Section; 4] = [
    ("Topic, group and producer", &[], &TOPIC, true, |_| None),
    (
        "Delays: event time vs processing time",
        &["event time", "processing time", "straggler"],
        &DELAYS,
        false,
        |_| None,
    ),
    (
        "Windows and watermark",
        &[
            "watermark",
            "idle timeout",
            "allowed lateness",
            "late event",
        ],
        &WINDOWS,
        false,
        hop_note,
    ),
    ("Faults and heartbeats", &[], &FAULTS, false, heartbeat_note),
];

/// A heartbeat at or beyond the session timeout (DDIA ch. 8, "Timeouts and Unbounded
/// Delays"; Kafka's `heartbeat.interval.ms` must be below `session.timeout.ms`).
pub fn heartbeat_note(s: &StreamScenario) -> Option<String> {
    (s.heartbeat_ms >= s.session_ms).then(|| {
        format!(
            "A heartbeat every {} ms is not shorter than the {} ms session timeout: every consumer is declared dead between heartbeats and the group rebalances over and over.",
            s.heartbeat_ms, s.session_ms
        )
    })
}

/// Hopping windows that hop further than they are long leave event time uncovered.
pub fn hop_note(s: &StreamScenario) -> Option<String> {
    (s.win == WinKind::Hopping && s.slide_ms > s.size_ms).then(|| {
        format!(
            "Windows {} ms long starting every {} ms leave gaps: an event in the last {} ms of each hop is in no window.",
            s.size_ms,
            s.slide_ms,
            s.slide_ms - s.size_ms
        )
    })
}

/// A hint line of glossary terms, " · " between them, each explained on hover and on
/// tap.
pub fn hint_terms(terms: &'static [&'static str]) -> impl IntoView {
    let items = terms
        .iter()
        .enumerate()
        .map(|(i, t)| view! { {(i > 0).then_some(" · ")} <Gloss entry=entry(STREAM, t) /> })
        .collect_view();
    view! { <p class="hint">{items}</p> }
}

/// The settings: sliders and menus; a change restarts the run at t = 0.
#[component]
fn Settings() -> impl IntoView {
    let st = context::<StreamState>();
    let sc = Memo::new(move |_| st.scenario());
    let settings: Signal<StreamScenario> = sc.into();
    let commit: Commit<StreamScenario> =
        Callback::new(move |(k, v): (&Knob<StreamScenario>, f64)| st.rebuild(|s| (k.set)(s, v)));
    view! {
        <section class="group" aria-label="delivery">
            <h2>"Delivery " <span class="muted">"(restarts the run)"</span></h2>
            {hint_terms(&["at-most-once", "at-least-once", "exactly-once", "idempotent sink"])}
            <Menus />
            {move || {
                let missed = st.with(|s| s.crash_not_happened());
                view! {
                    // Once the run told why the planned crash did not happen, the
                    // forecast of it is not repeated (U7).
                    {sc.with(|s| match missed {
                        Some(_) => advice(&StreamScenario { crash: None, ..s.clone() }),
                        None => advice(s),
                    }).map(|a| view! { <p class="hint advice">{a}</p> })}
                    {missed.map(|t| view! { <p class="hint advice" data-missed-crash="">{t}</p> })}
                }
            }}
        </section>
        {SECTIONS.iter().map(|&(summary, terms, knobs, open, note)| view! {
            // A section with a note opens by itself, so the note is seen.
            <details class="group settings" open=move || open || sc.with(note).is_some()>
                <summary>{summary}</summary>
                {(!terms.is_empty()).then(|| hint_terms(terms))}
                {knob_sliders_with(knobs, settings, commit, 1, &ZEROS)}
                {move || sc.with(note).map(|a| view! { <p class="hint advice" data-note="">{a}</p> })}
            </details>
        }).collect_view()}
    }
}

/// The learner's actions besides clicking the picture.
#[component]
fn Actions() -> impl IntoView {
    let st = context::<StreamState>();
    let who = RwSignal::new(1u32);
    let consumers = move || st.with_lab(|l| l.scenario().consumers);
    let partitions = move || st.with_lab(|l| l.scenario().partitions);
    let replay_all = move |_| {
        for partition in 0..partitions() {
            st.act(StreamAction::Replay {
                partition,
                offset: 0,
            });
        }
    };
    view! {
        <section class="group" aria-label="actions">
            <h2>"Actions"</h2>
            <p class="hint">"Click a consumer or the sink in the picture to crash it; click it again to restart it."</p>
            {hint_terms(&["offset", "committed offset", "consumer group", "rebalance", "consumer lag"])}
            <div class="pair">
                {consumer_select("Consumer to act on", Signal::derive(consumers), who.into(), Callback::new(move |n| who.set(n)))}
                <button data-action="pause" title="A process pause (GC) of 600 ms, longer than the default session timeout"
                    on:click=move |_| st.act(StreamAction::Pause(ddia_core::stream::scenario::Who::Consumer(who.get_untracked()), 600_000))>"Pause 600 ms"</button>
            </div>
            <div class="button-row">
                <button data-action="leave" on:click=move |_| st.act(StreamAction::Leave(who.get_untracked()))>"Leave group"</button>
                <button data-action="join" on:click=move |_| st.act(StreamAction::Join(who.get_untracked()))>"Join again"</button>
            </div>
            <button data-action="replay" title="Set every partition's committed offset back to 0: the group reprocesses the whole log"
                on:click=replay_all>"Replay every partition from offset 0"</button>
        </section>
    }
}

/// What a link changed from the book scenario the run started from, for under its
/// caption ([`caption_note`]).
pub fn settings_note(s: &StreamScenario) -> Option<String> {
    caption_note(&s.changed_from_book(), knob_label)
}

/// The control that sets link key `key`, as it is labelled.
fn knob_label(key: &str) -> Option<&'static str> {
    match key {
        "crash" => Some("planned crash"),
        _ => all_knobs()
            .find(|k| k.bounds.key == key)
            .map(|k| k.label)
            .or_else(|| CHOICES.iter().find(|c| c.key == key).map(|c| c.label)),
    }
}

/// The book scenarios, with their captions and live checks.
#[component]
fn StreamBook() -> impl IntoView {
    let st = context::<StreamState>();
    let current = Signal::derive(move || st.with_lab(|l| l.scenario().name.clone()));
    let check = Signal::derive(move || st.book_check());
    let note = Signal::derive(move || st.with_lab(|l| settings_note(l.scenario())));
    let on_pick =
        move |name: Option<&'static str>| match name.and_then(|n| ddia_core::book::find(BOOK, n)) {
            Some(b) => {
                st.playing.set(false);
                st.load(&b.scenario(), false);
            }
            None => st.rebuild(|s| s.name = None),
        };
    // After the picker, not in it: a prop of the shared picker costs every lab's page.
    view! {
        <BookPicker book=BOOK current=current check=check on_pick=on_pick />
        {caption_note_view(note)}
    }
}

/// The panel.
#[component]
pub fn StreamPanel() -> impl IntoView {
    let st = context::<StreamState>();
    let can_run = Signal::derive(move || {
        st.version.track();
        st.can_run()
    });
    let seed = Signal::derive(move || st.with_lab(|l| l.scenario().seed));
    view! {
        <Transport
            playing=st.playing
            can_run=can_run
            on_toggle=move |()| st.toggle_play()
            on_step=move |()| st.step()
            on_reset=move |()| st.reset()
            speed=st.speed
            seed=seed
            on_seed=move |s: u64| st.rebuild(|sc| sc.seed = s)
        />
        <StreamBook />
        <Actions />
        <Settings />
        <GlossaryList entries=STREAM />
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ddia_core::link::KnobRange;

    #[test]
    fn the_sliders_span_the_ranges_the_link_accepts() {
        crate::shell::knob::assert_sliders_round_trip(all_knobs());
    }

    /// No option exists only as a link key: every numeric knob has a slider (the crash
    /// batch its own field), every word key a menu.
    #[test]
    fn every_link_key_has_a_control() {
        let sliders: Vec<&str> = all_knobs().map(|k| k.bounds.key).collect();
        let missing: Vec<&KnobRange> = knobs::KNOBS
            .iter()
            .filter(|r| !sliders.contains(&r.key))
            .collect();
        assert!(missing.is_empty(), "{missing:?}");
        for c in &CHOICES {
            for (word, _) in c.options {
                let mut s = StreamScenario::default();
                s.set_param(c.key, word).unwrap();
                assert_eq!((c.get)(&s), *word);
            }
        }
        let words: Vec<&str> = CRASH_POINTS.iter().skip(1).map(|p| p.0).collect();
        assert_eq!(words, CrashPoint::ALL.map(CrashPoint::word));
    }

    /// play17c F3: the caption of `scn=late-drop&size=1000` says its 100 ms window is
    /// the scenario's setting, not this run's.
    #[test]
    fn a_changed_book_scenario_says_what_changed() {
        let note = |q| settings_note(&StreamScenario::from_query(q).unwrap());
        assert_eq!(
            note("scn=late-drop&size=1000").as_deref(),
            Some("The caption and the expected outcome are for the scenario's own settings; this link changed: window size.")
        );
        assert_eq!(
            note("scn=crash-amo&guarantee=eo&seed=2").as_deref(),
            Some("The caption and the expected outcome are for the scenario's own settings; this link changed: seed, delivery guarantee.")
        );
        assert_eq!(note("scn=late-drop"), None);
    }

    /// The counters and the comparison name a guarantee as the menu does.
    #[test]
    fn each_guarantee_is_named_as_its_menu_option() {
        for (word, label) in CHOICES[0].options {
            let s = StreamScenario::from_query(&format!("guarantee={word}")).unwrap();
            assert!(label.starts_with(guarantee_name(s.guarantee)), "{label}");
        }
    }

    #[test]
    fn surprising_settings_are_explained() {
        let s = StreamScenario::from_query("crash=1.write.2").unwrap();
        assert!(advice(&s).unwrap().contains("will not happen"));
        let s = StreamScenario::from_query("keys=2").unwrap();
        assert!(advice(&s).unwrap().contains("holds the watermark back"));
        let s = StreamScenario::from_query("keys=1&parts=4").unwrap();
        assert!(advice(&s).unwrap().starts_with("1 key for 4 partitions: "));
        let s = StreamScenario::from_query("consumers=2&parts=1&keys=8").unwrap();
        assert!(advice(&s)
            .unwrap()
            .starts_with("2 consumers for 1 partition: 1 will"));
        let s = StreamScenario::from_query("policy=update&late=500").unwrap();
        assert!(advice(&s).unwrap().contains("lateness changes nothing"));
        assert_eq!(advice(&StreamScenario::default()), None);
        let s = StreamScenario::from_query("hb=400").unwrap();
        assert_eq!(
            heartbeat_note(&s).as_deref(),
            Some("A heartbeat every 400 ms is not shorter than the 300 ms session timeout: every consumer is declared dead between heartbeats and the group rebalances over and over.")
        );
        let s = StreamScenario::from_query("win=hopping&size=100&slide=300").unwrap();
        assert!(hop_note(&s).unwrap().contains("leave gaps"));
        for s in [
            StreamScenario::default(),
            StreamScenario::from_query("win=hopping").unwrap(),
        ] {
            assert_eq!((heartbeat_note(&s), hop_note(&s)), (None, None));
        }
    }
}
