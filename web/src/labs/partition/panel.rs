//! The partitioning lab's control panel: the shared transport, the book scenarios, the
//! strategy shown, the inputs ([`super::controls`]), a key lookup, the settings (which
//! replay the run) and the glossary.

use super::controls::{field_action, RebalanceControls, RequestControls, RoutingControls, LOOKUP};
use super::index_view::IndexControls;
use super::lookup::{describe_span, lookup};
use super::movement_view::join_clause;
use super::state::{book_check, PartitionState};
use crate::shell::book_picker::{checked, BookPicker};
use crate::shell::caption_note::{caption_note, caption_note_view};
use crate::shell::context::context;
use crate::shell::format::fixed;
use crate::shell::glossary::{entry, partition::PARTITION, Gloss, GlossaryList};
use crate::shell::knob::{knob_sliders, Commit, Knob};
use crate::shell::live_lab::LiveLab;
use crate::shell::transport::Transport;
use ddia_core::link::LabLink;
use ddia_core::partition::book::BOOK;
use ddia_core::partition::knobs;
use ddia_core::partition::scenario::PartitionScenario;
use ddia_core::partition::{Key, StrategyKind};
use leptos::prelude::*;

/// The glossary term that explains a strategy.
fn strategy_term(kind: StrategyKind) -> &'static str {
    match kind {
        StrategyKind::KeyRange => "key range",
        StrategyKind::HashMod => "hash mod N",
        StrategyKind::Ring => "hash ring",
        StrategyKind::Fixed => "fixed partitions",
        StrategyKind::Proportional => "proportional",
    }
}

/// A short tab label per strategy.
fn strategy_tab(kind: StrategyKind) -> &'static str {
    match kind {
        StrategyKind::KeyRange => "Key range",
        StrategyKind::HashMod => "Hash mod N",
        StrategyKind::Ring => "Ring (vnodes)",
        StrategyKind::Fixed => "Fixed",
        StrategyKind::Proportional => "Proportional",
    }
}

/// Strategy tabs: the same keys and nodes, placed another way.
#[component]
fn StrategyTabs() -> impl IntoView {
    let st = context::<PartitionState>();
    let current = Memo::new(move |_| st.with_session(|s| s.config().kind));
    let tabs = StrategyKind::ALL
        .into_iter()
        .map(|kind| {
            view! {
                <button
                    role="tab"
                    class="tab"
                    data-strategy=kind.word()
                    aria-selected=move || (current.get() == kind).to_string()
                    class:active=move || current.get() == kind
                    title=kind.name()
                    on:click=move |_| st.rebuild(true, |s| s.strategy = kind)
                >
                    {strategy_tab(kind)}
                </button>
            }
        })
        .collect_view();
    view! {
        <section class="group" aria-label="strategy">
            <h2>"Strategy"</h2>
            <div class="tabs" role="tablist">{tabs}</div>
            <p class="hint">
                {move || current.get().name()} " · "
                {move || {
                    let term = strategy_term(current.get());
                    view! { <Gloss entry=entry(PARTITION, term) label="how it places keys" /> }
                }}
            </p>
        </section>
    }
}

/// Look a key up: type it, or click a dot in the picture.
#[component]
fn KeyLookup() -> impl IntoView {
    let st = context::<PartitionState>();
    let text = RwSignal::new(String::new());
    // A key picked in the picture shows in the field too.
    Effect::new(move |_| {
        if let Some(k) = st.selected.get() {
            text.set(k.0.to_string());
        }
    });
    let go = Callback::new(move |()| match text.get_untracked().trim().parse::<u64>() {
        Ok(k) => st.selected.set(Some(Key(k))),
        Err(_) => st
            .notice
            .set(Some("A key is a whole number (0 or more).".into())),
    });
    let details = move || {
        let key = st.selected.get()?;
        let l = st.with_session(|s| lookup(s, key));
        Some(view! {
            <dl class="lookup">
                <dt>"key"</dt><dd data-field="key">{l.key.0.to_string()}{(!l.stored).then_some(" (not in the key set)")}</dd>
                <dt>"hash"</dt><dd><code>{format!("{:016x}", l.hash)}</code>{format!(" = {}°", fixed(l.deg, 1))}</dd>
                <dt><Gloss entry=entry(PARTITION, "partition") /></dt><dd data-field="partition">{format!("{} · {}", l.partition, describe_span(&l.span))}</dd>
                <dt>"owner"</dt><dd data-field="owner">{l.owner.to_string()}{l.moved_from.map(|f| format!(" (moved from {f} by the last change)"))}</dd>
            </dl>
        })
    };
    view! {
        <section class="group" aria-label="look a key up">
            <h2>"Look a key up"</h2>
            {field_action(&LOOKUP, text, go)}
            <p class="hint">"Or click a dot in the picture."</p>
            {details}
        </section>
    }
}

/// The book scenarios, with their captions and live checks.
#[component]
fn PartitionBook() -> impl IntoView {
    let st = context::<PartitionState>();
    let current = Signal::derive(move || st.with(|l| l.scenario().name.clone()));
    let check = Signal::derive(move || st.with(|l| checked(book_check(l), l.done() >= l.total())));
    let on_pick =
        move |name: Option<&'static str>| match name.and_then(|n| ddia_core::book::find(BOOK, n)) {
            Some(b) => {
                st.playing.set(false);
                st.load(&b.scenario());
            }
            None => st.rebuild(false, |_| {}),
        };
    let note = Signal::derive(move || {
        st.with(|l| caption_note(&l.scenario().changed_from_book(), knob_label))
    });
    view! {
        <BookPicker book=BOOK current=current check=check on_pick=on_pick />
        {caption_note_view(note)}
    }
}

/// The control that sets link key `key`, as it is labelled (a slider's label, or the
/// menu's).
fn knob_label(key: &str) -> Option<&'static str> {
    let menu = match key {
        "strategy" => "strategy",
        "tokens" => "ring tokens",
        "dist" => "request distribution",
        "route" => "routing mode",
        "rebal" => "manual rebalancing",
        "hcrash" => "crash the first old owner",
        _ => "",
    };
    SETTINGS
        .iter()
        .chain(&SKEW_KNOBS)
        .chain(&super::handoff_view::NET_KNOBS)
        .find(|k| k.bounds.key == key)
        .map(|k| k.label)
        .or((!menu.is_empty()).then_some(menu))
}

/// A value as a slider reads it.
pub(super) fn f(v: u64) -> f64 {
    v as f64
}

/// A slider value as a whole number (sliders step by whole units within their range).
fn whole(v: f64) -> u64 {
    // A saturating cast of a slider value (bounded by its KnobRange).
    v.round().max(0.0) as u64
}

/// A slider value as a `u32` (saturating).
pub(super) fn whole32(v: f64) -> u32 {
    u32::try_from(whole(v)).unwrap_or(u32::MAX)
}

/// The cluster and data settings; changing one replays the run.
static SETTINGS: [Knob<PartitionScenario>; 6] = [
    Knob {
        label: "Nodes at the start",
        unit: "nodes",
        bounds: knobs::NODES,
        step: 1.0,
        hint: "How many nodes the run starts with",
        get: |s| f(u64::from(s.nodes)),
        set: |s, v| s.nodes = whole32(v),
    },
    Knob {
        label: "Vnodes per node",
        unit: "tokens",
        bounds: knobs::VNODES,
        step: 1.0,
        hint: "Ring: tokens per node; proportional: partitions per node",
        get: |s| f(u64::from(s.vnodes)),
        set: |s, v| s.vnodes = whole32(v),
    },
    Knob {
        label: "Fixed partitions",
        unit: "partitions",
        bounds: knobs::PARTS,
        step: 1.0,
        hint: "Fixed: the number of partitions for the cluster's whole life (also the most nodes)",
        get: |s| f(u64::from(s.partitions)),
        set: |s, v| s.partitions = whole32(v),
    },
    Knob {
        label: "Split past",
        unit: "bytes",
        bounds: knobs::SPLIT,
        step: 64.0,
        hint: "Key range: a partition larger than this splits in two; below a quarter of it, neighbours merge",
        get: |s| f(s.split_bytes),
        set: |s, v| s.split_bytes = whole(v),
    },
    Knob {
        label: "Keys",
        unit: "keys",
        bounds: knobs::KEYS,
        step: 1.0,
        hint: "Keys stored at the start (keys 0 to this)",
        get: |s| f(s.keys),
        set: |s, v| s.keys = whole(v),
    },
    Knob {
        label: "Value size",
        unit: "bytes",
        bounds: knobs::VAL,
        step: 1.0,
        hint: "Bytes per value (what a moved key costs to transfer)",
        get: |s| f(u64::from(s.value_bytes)),
        set: |s, v| s.value_bytes = whole32(v),
    },
];

/// Request settings; changing one replays the run.
static SKEW_KNOBS: [Knob<PartitionScenario>; 4] = [
    Knob {
        label: "Zipf exponent",
        unit: "/100",
        bounds: knobs::ZIPF,
        step: 5.0,
        hint: "Zipf requests: 0 is uniform, 100 is classic Zipf, higher is more skewed",
        get: |s| f(u64::from(s.zipf)),
        set: |s, v| s.zipf = whole32(v),
    },
    Knob {
        label: "Celebrity share",
        unit: "%",
        bounds: knobs::HOT,
        step: 1.0,
        hint: "Celebrity requests: the share of requests that go to the one hot key",
        get: |s| f(u64::from(s.hot_pct)),
        set: |s, v| s.hot_pct = whole32(v),
    },
    Knob {
        label: "Writes",
        unit: "%",
        bounds: knobs::WRITES,
        step: 1.0,
        hint: "The share of requests that write (a salted key's reads fan out, its writes do not)",
        get: |s| f(u64::from(s.writes_pct)),
        set: |s, v| s.writes_pct = whole32(v),
    },
    Knob {
        label: "Salt at the start",
        unit: "sub-keys",
        bounds: knobs::SALT,
        step: 1.0,
        hint: "Sub-keys of the hot key when the run starts (1 = unsalted); the Salt button changes it during the run",
        get: |s| f(u64::from(s.salt)),
        set: |s, v| s.salt = whole32(v),
    },
];

/// Ring tokens typed as whole degrees (`0 120 240`, commas or dots also separate);
/// empty means hashed vnodes. `None` where the link reader refuses them
/// ([`ddia_core::partition::scenario::parse_tokens`]: not a degree in 0-359, an angle
/// twice, more than the most nodes).
pub fn parse_tokens(text: &str) -> Option<Vec<u32>> {
    ddia_core::partition::scenario::parse_tokens(text).ok()
}

/// Ring tokens typed in the panel, or what is wrong with them in the link reader's
/// words (its typed error: an angle twice, not a degree, too many) and that the
/// tokens stay as they were (play16f U3).
pub fn tokens_typed(text: &str) -> Result<Vec<u32>, String> {
    ddia_core::partition::scenario::parse_tokens(text)
        .map_err(|e| format!("Ring tokens: {}; the tokens are unchanged.", e.message))
}

/// What set ring tokens override: the node count comes from them (one node per
/// token, for every strategy), so the "Nodes at the start" slider does nothing; and a
/// node added with "+ Add node" gets `vnodes` hashed tokens against the others' one.
pub fn tokens_note(tokens: &str, vnodes: u32) -> Option<String> {
    let n = tokens.split_whitespace().count();
    (n > 0).then(|| {
        format!("Ring tokens set: every strategy starts with one node per token ({n}); \"Nodes at the start\" applies once the tokens are cleared. {}; \"+ Add at °\" adds one token.", join_clause(&parse_tokens(tokens).unwrap_or_default(), vnodes))
    })
}

/// One token per node at chosen angles (the book's 0°, 120°, 240°), or hashed vnodes.
#[component]
fn TokensField() -> impl IntoView {
    let st = context::<PartitionState>();
    let current = Memo::new(move |_| {
        st.with(|l| {
            l.scenario()
                .tokens
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(" ")
        })
    });
    let text = RwSignal::new(current.get_untracked());
    // A new run (a book scenario, a reset) shows its own tokens.
    Effect::new(move |_| text.set(current.get()));
    let apply = move || match tokens_typed(&text.get_untracked()) {
        Ok(t) => st.rebuild(false, |s| s.tokens = t),
        Err(why) => st.refuse(why),
    };
    view! {
        <form class="pair inline" on:submit=move |ev| { ev.prevent_default(); apply(); }>
            <label title="Ring only: one node per token at these angles; empty for hashed vnodes">
                <span>"Ring tokens (°)"</span>
                <input type="text" name="tokens" aria-label="Ring tokens in degrees" placeholder="hashed vnodes"
                    prop:value=text on:input=move |ev| text.set(event_target_value(&ev)) />
            </label>
            <button type="submit" data-action="tokens">"Set tokens"</button>
        </form>
        {move || {
            let vnodes = st.with(|l| l.scenario().vnodes);
            tokens_note(&current.get(), vnodes).map(|t| view! { <p class="hint" data-note="tokens">{t}</p> })
        }}
    }
}

/// The scenario as sliders read it, and a commit that sets a knob and replays the run
/// (keeping the book scenario's name if `keep_name`).
pub(super) fn scenario_knobs(
    st: PartitionState,
    keep_name: bool,
) -> (Signal<PartitionScenario>, Commit<PartitionScenario>) {
    let sc = Memo::new(move |_| st.scenario());
    let commit = Callback::new(move |(k, v): (&Knob<PartitionScenario>, f64)| {
        st.rebuild(keep_name, |s| (k.set)(s, v))
    });
    (sc.into(), commit)
}

/// The settings sliders.
#[component]
fn Settings() -> impl IntoView {
    let st = context::<PartitionState>();
    let (settings, commit) = scenario_knobs(st, false);
    view! {
        <section class="group" aria-label="settings">
            <h2>"Settings " <span class="muted">"(replay your actions)"</span></h2>
            {knob_sliders(&SETTINGS, settings, commit, 1)}
            <TokensField />
            {knob_sliders(&SKEW_KNOBS, settings, commit, 1)}
        </section>
    }
}

/// The panel.
#[component]
pub fn PartitionPanel() -> impl IntoView {
    let st = context::<PartitionState>();
    let can_run = Signal::derive(move || st.driven_handoff().is_some() || st.can_step());
    let playing = Signal::derive(move || match st.driven_handoff() {
        Some(run) => !run.paused.get(),
        None => st.playing.get(),
    });
    let seed = Signal::derive(move || st.with(|l| l.scenario().seed));
    let hint = move || {
        match st.driven_handoff() {
        Some(_) => "While \"Over the network\" shows a handoff with events left, Play/Pause and Step drive it (or Space, . and ,).",
        None => "Play and Step run a scenario's actions (1x = one a second); your own actions run at once.",
    }
    };
    view! {
        <Transport
            playing=playing
            can_run=can_run
            on_toggle=move |()| st.toggle_play()
            on_step=move |()| st.step()
            on_reset=move |()| st.reset()
            speed=st.speed
            seed=seed
            on_seed=move |s: u64| st.rebuild(false, |sc| sc.seed = s)
            speed_meaning="Recorded actions per wall-clock second: 1x is one action a second"
        />
        <p class="hint transport-hint">{hint}</p>
        <p class="hint" data-hint="seed">"Seed: placement is a fixed hash of node ids and vnode numbers ("<Gloss entry=entry(PARTITION, "token") label="tokens" />"), the same for every seed; the seed changes the requests and the network delays."</p>
        <PartitionBook />
        <StrategyTabs />
        <RebalanceControls />
        <RequestControls />
        <RoutingControls />
        <IndexControls />
        <KeyLookup />
        <Settings />
        <GlossaryList entries=PARTITION />
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every slider's ends are core's range for its key, and a link carrying either end
    /// reads back to the same scenario.
    /// play16g U1: `scn=mod-vs-ring&nodes=11` runs 11 → 12 nodes under a caption that
    /// says 10 → 11: the page says the link changed the node count.
    #[test]
    fn a_changed_book_scenario_names_the_changed_control() {
        let note = |q| {
            let s = PartitionScenario::from_query(q).unwrap();
            caption_note(&s.changed_from_book(), knob_label)
        };
        let n = note("scn=mod-vs-ring&nodes=11&route=tier").unwrap();
        assert!(
            n.ends_with("changed: nodes at the start, routing mode."),
            "{n}"
        );
        assert_eq!(note("scn=mod-vs-ring"), None);
    }

    #[test]
    fn the_sliders_span_the_ranges_the_link_accepts() {
        for k in SETTINGS.iter().chain(&SKEW_KNOBS) {
            assert!(
                knobs::KNOBS.iter().any(|r| r.key == k.bounds.key),
                "{}",
                k.label
            );
            for v in [k.min(), k.max()] {
                let mut s = PartitionScenario::default();
                (k.set)(&mut s, v);
                assert_eq!((k.get)(&s), v, "{} = {v}", k.label);
                let back = PartitionScenario::from_query(&s.to_query());
                assert_eq!(back.as_ref(), Ok(&s), "{} = {v}", k.label);
            }
        }
    }

    #[test]
    fn tokens_are_typed_as_degrees() {
        assert_eq!(parse_tokens("0 120 240"), Some(vec![0, 120, 240]));
        assert_eq!(parse_tokens(" 0,120.240 "), Some(vec![0, 120, 240]));
        assert_eq!(parse_tokens(""), Some(vec![]), "empty: hashed vnodes");
        assert_eq!(parse_tokens("0 360"), None);
        assert_eq!(parse_tokens("-5"), None);
        assert_eq!(parse_tokens("ten"), None);
        assert_eq!(parse_tokens("10 10"), None, "two nodes at one angle");
        // play16f U3: the panel names the problem, as the link reader does.
        let twice = tokens_typed("10, 10").unwrap_err();
        assert!(twice.contains("10° appears twice"), "{twice}");
        assert!(twice.ends_with("the tokens are unchanged."), "{twice}");
        assert_eq!(tokens_typed("0 120"), Ok(vec![0, 120]));
        let many = vec!["1"; 65].join(" ");
        assert_eq!(parse_tokens(&many), None, "more tokens than nodes");
        let s = PartitionScenario {
            tokens: parse_tokens("0 120 240").unwrap(),
            ..PartitionScenario::default()
        };
        assert_eq!(
            PartitionScenario::from_query(&s.to_query()).as_ref(),
            Ok(&s)
        );
    }

    #[test]
    fn set_tokens_say_they_decide_the_node_count() {
        assert_eq!(tokens_note("", 8), None);
        let t = tokens_note("0 90 180", 64).unwrap();
        assert!(t.contains("one node per token (3)"), "{t}");
        assert!(t.contains("64 hashed tokens"), "{t}");
        let one = tokens_note("0 120 240", 1).unwrap();
        assert!(one.contains("1 hashed token "), "{one}");
    }

    #[test]
    fn every_strategy_names_a_glossary_term() {
        for kind in StrategyKind::ALL {
            let term = strategy_term(kind);
            assert!(PARTITION.iter().any(|g| g.term == term), "{term}");
        }
    }
}
