//! The last rebalance carried out over the simulated network (DDIA ch. 6, "Rebalancing
//! Partitions": the old owner keeps serving until the handoff completes). The
//! coordination service (drawn as ZooKeeper, in the middle) tells each old owner to hand
//! a group of keys over; the old owner sends a `Transfer` carrying the keys; the new
//! owner stores them and answers; the old owner reports done; the service activates the
//! new owner and bumps the routing table's version. Messages fly along the links, placed
//! by interpolation between their send and delivery times; lost ones vanish half-way
//! and are resent. The link loss is a control; the run replays when it changes.
//! The reads done after the rebalance fly too (DDIA ch. 6, "Request Routing"): from
//! the client through the mode each was read by, orange, answered or "not mine".

use super::geometry::polar_around;
use super::handoff_label::{label_at, Bounds};
use super::handoff_run::{HandoffRun, SLOW_MOTION};
use super::panel::{f, scenario_knobs, whole32};
use super::state::PartitionState;
use crate::shell::format::{fixed, ms, short};
use crate::shell::knob::{knob_sliders, Knob};
use ddia_core::partition::knobs::{NET_LATENCY, NET_LOSS};
use ddia_core::partition::rebalance::{client, coordinator, Member, Msg, RebalanceWorld, Reply};
use ddia_core::partition::scenario::PartitionScenario;
use ddia_core::sim::Fate;
use leptos::prelude::*;
/// Side of the picture, SVG user units.
const SIDE: f64 = 300.0;
/// Radius of the circle the nodes sit on.
const RADIUS: f64 = 115.0;

/// Where sim node `i` of `n` sits: node 0 (the coordinator) in the middle, the others
/// on a circle from the top, clockwise.
pub fn node_xy(i: usize, n: usize) -> (f64, f64) {
    if i == 0 || n < 2 {
        return (SIDE / 2.0, SIDE / 2.0);
    }
    let deg = 360.0 * (i - 1) as f64 / (n - 1) as f64;
    polar_around((SIDE / 2.0, SIDE / 2.0), deg, RADIUS)
}

/// A message's label and CSS class.
fn msg_label(m: &Msg) -> (String, &'static str) {
    match m {
        Msg::Handoff { .. } => ("handoff".into(), "m-meta"),
        Msg::Transfer { keys, .. } => (format!("{} keys", keys.len()), "m-transfer"),
        Msg::Copied { .. } => ("copied".into(), "m-ok"),
        Msg::Done { .. } => ("done".into(), "m-ok"),
        Msg::Activate { .. } | Msg::Active { .. } => ("activate".into(), "m-meta"),
        Msg::Read { .. } | Msg::Ask { .. } => ("read".into(), "m-read"),
        Msg::ReadReply { reply, .. } | Msg::Answer { reply, .. } => (
            match reply {
                Reply::NotMine(_) => "not mine".into(),
                _ => "answer".into(),
            },
            "m-read",
        ),
        Msg::TableQuery | Msg::Table { .. } => ("table".into(), "m-meta"),
    }
}

/// Messages in flight are labelled while there are at most this many.
pub const MAX_MSG_LABELS: usize = 12;

/// Whether `world`'s messages get labels: past [`MAX_MSG_LABELS`] they pile into a
/// heap, so each keeps only its tooltip.
pub fn shows_labels(world: &RebalanceWorld) -> bool {
    world.in_flight().count() <= MAX_MSG_LABELS
}

/// The name of sim node `i`.
pub fn node_name(world: &RebalanceWorld, i: usize) -> String {
    match world.nodes().get(i).map(|n| &n.process) {
        Some(Member::Coordinator(_)) => "ZooKeeper".into(),
        Some(Member::Router(_)) => "router".into(),
        Some(Member::Client(_)) => "client".into(),
        _ => format!("N{i}"),
    }
}

/// Keys a storage node holds.
fn stored(world: &RebalanceWorld, i: usize) -> Option<usize> {
    match &world.nodes().get(i)?.process {
        Member::Storage(s) => Some(s.store.values().map(|k| k.len()).sum()),
        _ => None,
    }
}

/// One message in flight as drawn: its dot, its label, its CSS class, its tooltip
/// (`N3 → N11: 92 keys`), whether it was lost, and where its label sits.
pub struct MsgMark {
    /// The dot's centre, user units.
    pub dot: (f64, f64),
    /// The label's text (`92 keys`, `copied ✕`).
    pub label: String,
    /// The CSS class of its kind (`m-transfer`...).
    pub class: &'static str,
    /// Sender, receiver and label, for the tooltip.
    pub title: String,
    /// Whether the message is lost.
    pub lost: bool,
    /// The label's centre when it is drawn; `None`: it shows on hover or tap only.
    pub at: Option<(f64, f64)>,
}

/// The messages of `world` now, each label beside its dot, clear of every node and of
/// every label placed before it (labels never pile up: one with no free place, and all
/// of them past [`MAX_MSG_LABELS`], shows on hover or tap only).
pub fn msg_marks(world: &RebalanceWorld, names: &[String]) -> Vec<MsgMark> {
    let n = names.len();
    let now = world.now().as_micros();
    let mut taken: Vec<Bounds> = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let (x, y) = node_xy(i, n);
            Bounds::node(x, y, name.chars().count())
        })
        .collect();
    let labelled = shows_labels(world);
    world
        .in_flight()
        .map(|m| {
            let span = m
                .deliver_at
                .as_micros()
                .saturating_sub(m.sent_at.as_micros())
                .max(1);
            let done = now.saturating_sub(m.sent_at.as_micros()) as f64 / span as f64;
            let lost = matches!(m.fate, Fate::Drop(_));
            let f = if lost { done.min(0.5) } else { done.min(1.0) };
            let (from, to) = (node_xy(m.from, n), node_xy(m.to, n));
            let dot = (from.0 + (to.0 - from.0) * f, from.1 + (to.1 - from.1) * f);
            let (label, class) = msg_label(&m.msg);
            let label = if lost { format!("{label} ✕") } else { label };
            let chars = label.chars().count();
            let at = labelled
                .then(|| label_at(dot, from, to, chars, &taken, SIDE))
                .flatten();
            if let Some((x, y)) = at {
                taken.push(Bounds::text(x, y, chars));
            }
            let name = |i: usize| names.get(i).map_or("?", String::as_str);
            let title = format!("{} → {}: {label}", name(m.from), name(m.to));
            MsgMark {
                dot,
                label,
                class,
                title,
                lost,
                at,
            }
        })
        .collect()
}

/// The picture of `world` now: messages under the nodes, each label beside its dot
/// and off every node and other label (or shown on hover or tap when there is no room).
fn picture(world: &RebalanceWorld) -> impl IntoView {
    let n = world.nodes().len();
    let names: Vec<String> = (0..n).map(|i| node_name(world, i)).collect();
    let msgs = msg_marks(world, &names)
        .into_iter()
        .map(|m| {
            let (x, y) = m.dot;
            let ((lx, ly), hover) = m.at.map_or(((x, y - 9.0), true), |at| (at, false));
            view! {
                <g class=format!("h-msg {}", m.class) class:lost=m.lost tabindex="0">
                    <circle cx=fixed(x, 1) cy=fixed(y, 1) r="5"><title>{m.title}</title></circle>
                    <text class:on-hover=hover x=fixed(lx, 1) y=fixed(ly, 1)>{m.label}</text>
                </g>
            }
        })
        .collect_view();
    let nodes = names
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let (x, y) = node_xy(i, n);
            let keys = stored(world, i).map(|k| format!("{k} keys"));
            view! {
                <g class="h-node" class:coordinator=i == 0>
                    <circle cx=fixed(x, 1) cy=fixed(y, 1) r="16"></circle>
                    <text class="h-name" x=fixed(x, 1) y=fixed(y + 1.0, 1)>{name}</text>
                    {keys.map(|k| view! { <text class="h-keys" x=fixed(x, 1) y=fixed(y + 27.0, 1)>{k}</text> })}
                </g>
            }
        })
        .collect_view();
    view! {
        <svg class="handoff-svg" viewBox=format!("0 0 {SIDE} {SIDE}") role="img"
            aria-label="The rebalance's messages between the nodes and the coordination service">
            {msgs}
            {nodes}
        </svg>
    }
}

/// How many of the moves under way are in each phase: `[copying, unserved, active]`:
/// the old owner still serves while it copies; once it has handed off (stopped serving
/// and deleted) and until the coordinator activates the new owner, no node serves the
/// unit, so a read of its keys finds no server (the protocol's cut-over gap); then the
/// new owner serves while the coordinator waits for its confirmation.
pub fn phases(world: &RebalanceWorld) -> [usize; 3] {
    let Some(c) = coordinator(world) else {
        return [0; 3];
    };
    let served = |p: u32| {
        world.nodes().iter().any(|n| match &n.process {
            Member::Storage(s) => s.serving.contains(&p),
            _ => false,
        })
    };
    let mut n = [0; 3];
    for (&p, m) in c.moves.iter() {
        n[match (served(p), m.flipped) {
            (true, false) => 0,
            (false, _) => 1,
            (true, true) => 2,
        }] += 1;
    }
    n
}

/// `n` and `word`, with an `s` unless `n` is 1.
fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// What the handoff shows now, in words.
fn status(world: &RebalanceWorld) -> String {
    let Some(c) = coordinator(world) else {
        return String::new();
    };
    let t = ms(world.now().as_micros());
    if let Some((_, v)) = world.violation() {
        return format!("{t}: INVARIANT BROKEN: {}", v.detail);
    }
    let reading = client(world).map_or(0, |r| r.pending.len());
    if c.moves.is_empty() && reading == 0 {
        return format!(
            "{t}: settled; routing table v{} (here each group handed over is a version); every moved key is on its new node",
            c.version
        );
    }
    let [copying, unserved, active] = phases(world);
    let mut parts = vec![format!(
        "routing table v{} (here each group handed over is a version)",
        c.version
    )];
    if reading > 0 {
        parts.push(format!("{} under way", plural(reading, "read")));
    }
    if copying > 0 {
        parts.push(format!(
            "{} copying (the old owner serves)",
            plural(copying, "transfer")
        ));
    }
    if unserved > 0 {
        parts.push(format!(
            "{} handed off, the new owner not yet active: no node serves them, reads fail",
            plural(unserved, "group")
        ));
    }
    if active > 0 {
        parts.push(format!(
            "{} served by the new owner (the service awaits its confirmation)",
            plural(active, "group")
        ));
    }
    format!("{t}: {}", parts.join("; "))
}

/// The network's knobs (link keys `hloss`, `hlat`): changing one replays the handoff.
static NET_KNOBS: [Knob<PartitionScenario>; 2] = [
    Knob {
        label: "Link loss",
        unit: "%",
        bounds: NET_LOSS,
        step: 5.0,
        hint: "The chance that each message of the handoff is lost; lost ones are resent",
        get: |s| f(u64::from(s.net_loss_pct)),
        set: |s, v| s.net_loss_pct = whole32(v),
    },
    Knob {
        label: "Message delay up to",
        unit: "ms",
        bounds: NET_LATENCY,
        step: 5.0,
        hint: "Each message takes 5 ms to this long",
        get: |s| f(u64::from(s.net_latency_ms)),
        set: |s, v| s.net_latency_ms = whole32(v),
    },
];

/// The handoff view: the picture, its status, the network's knobs, replay.
#[component]
pub fn HandoffView() -> impl IntoView {
    let st = expect_context::<PartitionState>();
    let run = expect_context::<HandoffRun>();
    let build = move || run.replay(st);
    let (settings, commit) = scenario_knobs(st, true);
    let crash = Memo::new(move |_| st.with(|l| l.scenario().net_crash));
    let shown = move || {
        run.with_world(|w| match w {
            Some(w) => view! {
                <p class="hint handoff-status">{status(w)}{run.paused.get().then_some(" · paused (Space plays; . and , step)")}</p>
                {picture(w)}
            }
            .into_any(),
            None => view! { <p class="hint">"Add or remove a node: its transfers play here, over the simulated network."</p> }.into_any(),
        })
    };
    view! {
        <section class="handoff-view" aria-label="the last rebalance over the network">
            {shown}
            <div class="handoff-controls">
                {knob_sliders(&NET_KNOBS, settings, commit, 1)}
                <label class="check-row">
                    <input type="checkbox" data-setting="hcrash" prop:checked=move || crash.get()
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            st.rebuild(true, |s| s.net_crash = on);
                        } />
                    " crash the first old owner 10 ms in, back 50 ms later"
                </label>
                <button data-action="replay-handoff" title="Play the handoff again from its start" on:click=move |_| build()>"↺ Replay the handoff"</button>
            </div>
            <p class="hint">{format!("Slow motion: 1x plays {} ms of simulated time a second. ", short(SLOW_MOTION * 1000.0, 0))}"Dots are messages: grey asks, blue carries keys, green confirms, orange is a read and its answer (the reads after the rebalance, each by its routing mode); ✕ lost; a label with no free place (every label while more than a dozen fly) shows on hover or tap. Under a node: how many of the moved keys it holds now."</p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ddia_core::link::LabLink;
    use ddia_core::partition::lab::PartitionLab;
    use ddia_core::partition::scenario::PartitionScenario;
    use ddia_core::sim::SimTime;

    /// The ring-60 handoff says what phase it is in: copying while the old owner
    /// serves, then the cut-over gap where no node serves, then settled.
    #[test]
    fn the_status_follows_the_handoff_through_its_gap() {
        let s = PartitionScenario::from_query("lab=partition&scn=ring-60").unwrap();
        let mut lab = PartitionLab::new(&s);
        lab.finish();
        let mut w = lab.handoff_world().unwrap();
        let mut seen = Vec::new();
        for step in 1..=400u64 {
            w.run_until(SimTime::from_micros(step * 250));
            let line = status(&w);
            let phase = if line.contains("no node serves") {
                "gap"
            } else if line.contains("the old owner serves") {
                "copying"
            } else if line.contains("served by the new owner") {
                "active"
            } else if line.contains("settled") {
                "settled"
            } else {
                panic!("{line}")
            };
            assert_eq!(phase == "gap", phases(&w)[1] > 0, "{line}");
            if seen.last() != Some(&phase) {
                seen.push(phase);
            }
        }
        assert_eq!(seen, ["copying", "gap", "active", "settled"]);
    }

    /// While a read made after the rebalance is under way the handoff is not called
    /// settled, even once every group has moved.
    #[test]
    fn reads_under_way_are_not_settled() {
        let s = PartitionScenario::from_query("lab=partition&scn=stale-route").unwrap();
        let mut lab = PartitionLab::new(&s);
        lab.finish();
        let mut w = lab.handoff_world().unwrap();
        let mut seen_reads = false;
        for step in 1..=2_000u64 {
            w.run_until(SimTime::from_micros(step * 100));
            let line = status(&w);
            let reading = client(&w).is_some_and(|c| !c.pending.is_empty());
            seen_reads |= reading && line.contains("under way");
            assert!(!(reading && line.contains("settled")), "{line}");
        }
        assert!(seen_reads);
        assert!(status(&w).contains("settled"));
    }

    /// The handoff world of the link `q` after its last action.
    fn world_of(q: &str) -> RebalanceWorld {
        let s = PartitionScenario::from_query(q).unwrap();
        let mut lab = PartitionLab::new(&s);
        lab.finish();
        lab.handoff_world().unwrap()
    }

    /// Mod N from 10 to 11 nodes sends over a hundred handoffs at once: no label is
    /// drawn then (each message shows its own on hover or tap); the ring's one group
    /// is labelled.
    #[test]
    fn a_crowd_of_messages_is_not_labelled() {
        let world = |scn: &str| {
            let mut w = world_of(&format!("lab=partition&scn={scn}"));
            w.run_until(SimTime::from_micros(1_000));
            w
        };
        let crowd = world("mod-vs-ring");
        assert!(
            !shows_labels(&crowd),
            "{} in flight",
            crowd.in_flight().count()
        );
        let names: Vec<String> = (0..crowd.nodes().len())
            .map(|i| node_name(&crowd, i))
            .collect();
        let marks = msg_marks(&crowd, &names);
        assert!(marks.iter().all(|m| m.at.is_none()));
        assert!(
            marks.iter().any(|m| m.title.starts_with("ZooKeeper → N")),
            "{}",
            marks[0].title
        );
        assert!(shows_labels(&world("ring-60")));
    }

    /// A ring of 10 nodes gains an 11th: the handoffs converge on the new node, and
    /// no two drawn labels overlap at any moment (play16 C6), while some are drawn.
    #[test]
    fn labels_never_pile_up_at_eleven_nodes() {
        let mut w = world_of("lab=partition&strategy=ring&nodes=10&act=a");
        let names: Vec<String> = (0..w.nodes().len()).map(|i| node_name(&w, i)).collect();
        let mut drawn = 0;
        for step in 1..=400u64 {
            w.run_until(SimTime::from_micros(step * 250));
            let boxes: Vec<Bounds> = msg_marks(&w, &names)
                .iter()
                .filter_map(|m| {
                    m.at.map(|(x, y)| Bounds::text(x, y, m.label.chars().count()))
                })
                .collect();
            drawn += boxes.len();
            for (i, a) in boxes.iter().enumerate() {
                for b in &boxes[i + 1..] {
                    assert!(!a.overlaps(b), "at {} µs: {a:?} over {b:?}", step * 250);
                }
            }
        }
        assert!(drawn > 0);
    }
}
