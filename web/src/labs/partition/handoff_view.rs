//! The last rebalance carried out over the simulated network (DDIA ch. 6, "Rebalancing
//! Partitions": the old owner keeps serving until the handoff completes). The
//! coordination service (drawn as ZooKeeper, in the middle) tells each old owner to hand
//! a group of keys over; the old owner sends a `Transfer` carrying the keys; the new
//! owner stores them and answers; the old owner reports done (still serving); the
//! service activates the new owner; only then does it release the old owner, which
//! stops serving and deletes, and then bumps the routing table's version. A crashed
//! node is
//! drawn struck through, with when it crashed. Messages fly along the links, placed
//! by interpolation between their send and delivery times; lost ones vanish half-way
//! and are resent. The link loss is a control; the run replays when it changes.
//! The reads done after the rebalance fly too (DDIA ch. 6, "Request Routing"): from
//! the client through the mode each was read by, coloured by mode, answered or "not
//! mine".

use super::geometry::polar_around;
use super::handoff_label::{label_at, Bounds};
use super::handoff_run::{HandoffRun, SLOW_MOTION};
use super::handoff_title::{planned_line, run_title, unreplayed_line};
use super::panel::{f, scenario_knobs, whole32};
use super::state::PartitionState;
use crate::shell::context::context;
use crate::shell::format::{fixed, ms, plural, short};
use crate::shell::knob::{knob_sliders, Knob};
use ddia_core::partition::knobs::{NET_LATENCY, NET_LOSS};
use ddia_core::partition::rebalance::{
    client, coordinator, Member, Msg, RebalanceWorld, Reply, RETRY_US,
};
use ddia_core::partition::routing::RoutingMode;
use ddia_core::partition::scenario::PartitionScenario;
use ddia_core::sim::{Event, Fate, MsgId};
use leptos::prelude::*;
/// Side of the picture, SVG user units.
const SIDE: f64 = 300.0;
/// Radius of the circle the nodes sit on.
const RADIUS: f64 = 115.0;
/// The view box: [`SIDE`] square with 24 units more on the left and the right, so a
/// caption as wide as `1 000 moved keys` under the leftmost or rightmost node is not
/// cut (hp11 H6).
const VIEW_BOX: &str = "-24 0 348 300";

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
        Msg::Release { .. } | Msg::Released { .. } => ("release".into(), "m-meta"),
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

/// The routing mode of a read message from `from` to `to` in `world`: `Ask` and
/// `Answer` are "any node forwards"; a `Read` or `ReadReply` with the router at one
/// end goes through the routing tier; the others are the partition-aware client's.
/// `None` for the handoff's own messages.
pub fn read_mode(
    world: &RebalanceWorld,
    m: &Msg,
    (from, to): (usize, usize),
) -> Option<RoutingMode> {
    let router = |i: usize| {
        matches!(
            world.nodes().get(i).map(|n| &n.process),
            Some(Member::Router(_))
        )
    };
    match m {
        Msg::Ask { .. } | Msg::Answer { .. } => Some(RoutingMode::AnyNode),
        Msg::Read { .. } | Msg::ReadReply { .. } if router(from) || router(to) => {
            Some(RoutingMode::Tier)
        }
        Msg::Read { .. } | Msg::ReadReply { .. } => Some(RoutingMode::Client),
        _ => None,
    }
}

/// `text` with a read's routing mode word between `open` and `close` (`read (tier)`,
/// `m-read by-tier`); `text` alone for the handoff's own messages.
fn with_mode(text: &str, mode: Option<RoutingMode>, (open, close): (&str, &str)) -> String {
    match mode {
        Some(m) => format!("{text}{open}{}{close}", m.word()),
        None => text.into(),
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

/// Up to this many processes on the circle, a node's caption says `121 moved keys`
/// (87 units); with more, neighbours are under 87 units apart (13 on the circle are
/// 55 apart; play16d U2, "N6" and "N7") and the captions are bare numbers.
const ROOMY: usize = 8;

/// The line under storage node `i`: `crashed at 10.0 ms` while it is down, else how
/// many of the moved keys it holds: `121 moved keys`, or, when more than [`ROOMY`]
/// share the circle, `1717 keys` under N1 (at the top, its neighbours a line lower)
/// and the bare number under the others (`1718`: `1718 keys` ran into its
/// neighbour's caption at 11 nodes, hp12 L3); `None` for the other processes.
fn node_caption(world: &RebalanceWorld, i: usize) -> Option<String> {
    let word = match (world.nodes().len() > ROOMY + 1, i) {
        (false, _) => " moved keys",
        (true, 1) => " keys",
        _ => "",
    };
    crashed_label(world, i).or_else(|| stored(world, i).map(|k| format!("{k}{word}")))
}

/// One message in flight as drawn: its dot, its label, its CSS class, its tooltip
/// (`N3 → N11: 92 keys`), whether it was lost, and where its label sits.
pub struct MsgMark {
    /// The message copy's id (a tap pins its label).
    pub id: MsgId,
    /// The dot's centre, user units.
    pub dot: (f64, f64),
    /// The label's text (`92 keys`, `copied ✕`).
    pub label: String,
    /// The CSS classes of its kind (`m-transfer`...) and, for a read, its routing
    /// mode (`m-read by-tier`).
    pub class: String,
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
            let caption = node_caption(world, i).map_or(0, |c| c.chars().count());
            Bounds::node(x, y, name.chars().count().max(caption))
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
            let mode = read_mode(world, &m.msg, (m.from, m.to));
            let label = with_mode(&label, mode, (" (", ")"));
            let label = if lost { format!("{label} ✕") } else { label };
            let class = with_mode(class, mode, (" by-", ""));
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
                id: m.id,
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
/// A tap (or click) on a message's dot pins its label until the message lands or the
/// dot is tapped again (play16b L7: a phone has no hover).
fn picture(world: &RebalanceWorld, pinned: RwSignal<Option<MsgId>>) -> impl IntoView {
    let n = world.nodes().len();
    let names: Vec<String> = (0..n).map(|i| node_name(world, i)).collect();
    let msgs = msg_marks(world, &names)
        .into_iter()
        .map(|m| {
            let (x, y) = m.dot;
            let id = m.id;
            let ((lx, ly), hover) = m.at.map_or(((x, y - 9.0), true), |at| (at, false));
            view! {
                <g class=format!("h-msg {}", m.class) class:lost=m.lost tabindex="0"
                    class:pinned=move || pinned.get() == Some(id)
                    on:click=move |_| pinned.update(|p| *p = (*p != Some(id)).then_some(id))>
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
            let crashed = crashed_label(world, i).is_some();
            let keys = node_caption(world, i);
            view! {
                <g class="h-node" class:coordinator=i == 0 class:down=crashed>
                    <circle cx=fixed(x, 1) cy=fixed(y, 1) r="16"></circle>
                    {crashed.then(|| view! {
                        <line class="h-strike" x1=fixed(x - 13.0, 1) y1=fixed(y - 13.0, 1) x2=fixed(x + 13.0, 1) y2=fixed(y + 13.0, 1)></line>
                    })}
                    // ZooKeeper is wider than a circle: its name goes under it, where a
                    // storage node's caption goes (play16d U2).
                    <text class="h-name" x=fixed(x, 1) y=fixed(y + if i == 0 { 27.0 } else { 1.0 }, 1)>{name}</text>
                    {keys.map(|k| view! { <text class="h-keys" x=fixed(x, 1) y=fixed(y + 27.0, 1)>{k}</text> })}
                </g>
            }
        })
        .collect_view();
    view! {
        <svg class="handoff-svg" viewBox=VIEW_BOX role="img"
            aria-label="The rebalance's messages between the nodes and the coordination service">
            {msgs}
            {nodes}
        </svg>
    }
}

/// Who serves a moving group now: a server counts only while it is up (a crashed
/// one answers nothing until it restarts).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Served {
    /// Its old owner alone (copying, or the new owner not active or down).
    Old,
    /// Its new owner alone (the old owner released, or down).
    New,
    /// Both (from the new owner's activation to the old owner's release).
    Both,
    /// Neither: its servers are down.
    Nobody,
}

/// Every [`Served`], in the status line's order.
const SERVED: [Served; 4] = [Served::Old, Served::New, Served::Both, Served::Nobody];

impl Served {
    /// In words, for the status line.
    fn words(self) -> &'static str {
        match self {
            Served::Old => "the old owner serves",
            Served::New => "the new owner serves",
            Served::Both => "both owners serve",
            Served::Nobody => "nobody serves",
        }
    }
}

/// Each move under way: its phase (0 copying, 1 copied and the new owner being
/// activated, 2 the new owner active and the old owner being released) and who
/// serves its group now. The old owner serves until it is released (DDIA ch. 6: the
/// database keeps serving while it rebalances), unless it is down.
pub fn moves_now(world: &RebalanceWorld) -> Vec<(usize, Served)> {
    let Some(c) = coordinator(world) else {
        return Vec::new();
    };
    let serves = |i: usize, p: u32| {
        world.nodes().get(i).is_some_and(|n| {
            n.up && matches!(&n.process, Member::Storage(s) if s.serving.contains(&p))
        })
    };
    c.moves
        .iter()
        .map(|(&p, m)| {
            let phase = usize::from(m.copied) + usize::from(m.active);
            let who = match (serves(m.from, p), serves(m.to, p)) {
                (true, true) => Served::Both,
                (true, false) => Served::Old,
                (false, true) => Served::New,
                (false, false) => Served::Nobody,
            };
            (phase, who)
        })
        .collect()
}

/// When storage node `i` of `world` last crashed, if it is down now (µs; `None` when
/// up, or when the trace no longer holds the crash: then `Some(None)`).
fn down_since(world: &RebalanceWorld, i: usize) -> Option<Option<u64>> {
    if world.nodes().get(i)?.up {
        return None;
    }
    let at = world
        .trace()
        .recent()
        .rev()
        .find(|r| matches!(r.event, Event::Crashed(n) if n == i))
        .map(|r| r.at.as_micros());
    Some(at)
}

/// "crashed at 10.0 ms" for node `i` while it is down.
fn crashed_label(world: &RebalanceWorld, i: usize) -> Option<String> {
    down_since(world, i)
        .map(|at| at.map_or_else(|| "crashed".into(), |t| format!("crashed at {}", ms(t))))
}

/// The crashed storage nodes that alone serve some moving group: "N2 is down (crashed
/// at 10.0 ms): nobody serves its groups until it restarts".
fn down_lines(world: &RebalanceWorld) -> Vec<String> {
    let Some(c) = coordinator(world) else {
        return Vec::new();
    };
    let servers = |p: u32| {
        world
            .nodes()
            .iter()
            .enumerate()
            .filter(move |(_, n)| match &n.process {
                Member::Storage(s) => s.serving.contains(&p),
                _ => false,
            })
    };
    let mut down: Vec<usize> = Vec::new();
    for &p in c.moves.keys() {
        if servers(p).all(|(_, n)| !n.up) {
            for (i, _) in servers(p) {
                if !down.contains(&i) {
                    down.push(i);
                }
            }
        }
    }
    down.into_iter()
        .map(|i| {
            let why = crashed_label(world, i).unwrap_or_default();
            format!("N{i} is down ({why}): nobody serves its groups until it restarts")
        })
        .collect()
}

/// What the handoff shows now, in words: per phase and per who serves, how many
/// groups.
fn status(world: &RebalanceWorld) -> String {
    let Some(c) = coordinator(world) else {
        return String::new();
    };
    let t = ms(world.now().as_micros());
    if let Some((_, v)) = world.violation() {
        return format!("{t}: INVARIANT BROKEN: {}", v.detail);
    }
    let table = format!(
        "{} handed over",
        plural(c.version.saturating_sub(1), "group")
    );
    let reading = client(world).map_or(0, |r| r.pending.len());
    if c.moves.is_empty() && reading == 0 {
        return format!(
            "{t}: settled; {table} (the table changes once per group here, once per rebalance in the Request routing panel); every moved key is on its new node"
        );
    }
    let mut parts = vec![table];
    parts.extend(down_lines(world));
    if reading > 0 {
        parts.push(format!("{} under way", plural(count(reading), "read")));
    }
    let moves = moves_now(world);
    for (phase, who) in (0..3).flat_map(|p| SERVED.map(|w| (p, w))) {
        let n = count(moves.iter().filter(|&&m| m == (phase, who)).count());
        if n == 0 {
            continue;
        }
        let what = match (phase, who) {
            (0, _) => format!("{} copying", plural(n, "transfer")),
            // The new owner took over, but the coordinator has not heard so yet
            // (play16e U3: both lines said "being activated").
            (1, Served::Both | Served::New) => format!(
                "{} copied, the new owner active, its activation not yet confirmed",
                plural(n, "group")
            ),
            (1, _) => format!(
                "{} copied, the new owner being activated",
                plural(n, "group")
            ),
            _ => format!(
                "{} active on the new owner, the old owner being released",
                plural(n, "group")
            ),
        };
        parts.push(format!("{what} ({})", who.words()));
    }
    if world.in_flight().next().is_none() {
        if let Some(next) = world.next_event_time() {
            parts.push(format!(
                "nothing on the wire: waiting for a retry ({}), next at {}",
                ms(RETRY_US),
                ms(next.as_micros())
            ));
        }
    }
    format!("{t}: {}", parts.join("; "))
}

/// A count for [`plural`].
fn count(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// The network's knobs (link keys `hloss`, `hlat`): changing one replays the handoff.
pub(super) static NET_KNOBS: [Knob<PartitionScenario>; 2] = [
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
    let st = context::<PartitionState>();
    let run = context::<HandoffRun>();
    let build = move || run.replay(st);
    run.shown(st);
    let (settings, commit) = scenario_knobs(st, true);
    let crash = Memo::new(move |_| st.with(|l| l.scenario().net_crash));
    let pinned = RwSignal::new(None::<MsgId>);
    let told = move || {
        st.with(|l| {
            let title = run_title(l).map(|t| view! { <p class="handoff-title">{t}</p> });
            let planned = planned_line(l)
                .map(|t| view! { <p class="hint move-note" data-note="planned">{t}</p> });
            let left = unreplayed_line(&l.unreplayed_reads())
                .map(|t| view! { <p class="hint" data-note="unreplayed">{t}</p> });
            view! { <div class="handoff-head">{planned}{title}{left}</div> }
        })
    };
    let shown = move || {
        run.with_world(|w| match w {
            Some(w) => view! {
                <p class="hint handoff-status">{status(w)}{run.paused.get().then_some(" · paused (Play or Space resumes; Step or “.” runs one event, “,” goes one back)")}</p>
                {picture(w, pinned)}
            }
            .into_any(),
            None => view! { <p class="hint">"Add or remove a node: its transfers play here, over the simulated network."</p> }.into_any(),
        })
    };
    view! {
        <section class="handoff-view" aria-label="the last rebalance over the network">
            {told}
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
            <p class="hint handoff-hint" tabindex="0">{format!("Slow motion: 1x plays {} ms of simulated time a second. ", short(SLOW_MOTION * 1000.0, 0))}"Dots are messages: grey asks, blue carries keys, green confirms, a read and its answer is orange through any node (forwarding), purple through the routing tier, teal from the partition-aware client, labelled "(any)", "(tier)" or "(client)" (the reads after the rebalance, each by its routing mode); ✕ lost; a label with no free place (every label while more than a dozen fly) shows on hover, and a tap on its dot pins it. Under a node: how many of the moved keys it holds now."</p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ddia_core::link::LabLink;
    use ddia_core::partition::lab::PartitionLab;
    use ddia_core::partition::scenario::PartitionScenario;
    use ddia_core::sim::{Action, SimTime};

    /// hp11 H6: a caption as wide as `1 000 moved keys` (16 characters of at most 6
    /// units at the 10-unit font) under any node stays inside the view box, and the
    /// view box holds the whole square the nodes are placed in.
    #[test]
    fn node_captions_fit_the_view_box() {
        let v: Vec<f64> = VIEW_BOX.split(' ').map(|n| n.parse().unwrap()).collect();
        let (left, right) = (v[0], v[0] + v[2]);
        assert!(left <= 0.0 && right >= SIDE && v[1] <= 0.0 && v[1] + v[3] >= SIDE);
        let half = 16.0 * 6.0 / 2.0;
        for n in 3..=14 {
            for i in 1..n {
                let (x, _) = node_xy(i, n);
                assert!(
                    x - half >= left && x + half <= right,
                    "node {i} of {n} at x {x}"
                );
            }
        }
    }

    /// The ring-60 handoff goes through its phases in order (copying, then copied
    /// and activating, then both owners serving until the release), then settles;
    /// never a moment where no node serves.
    #[test]
    fn the_handoff_goes_through_its_phases_with_no_gap() {
        let mut w = world_of("lab=partition&scn=ring-60");
        let mut seen = Vec::new();
        for step in 1..=400u64 {
            w.run_until(SimTime::from_micros(step * 250));
            let now = moves_now(&w);
            assert!(now.iter().all(|m| m.1 != Served::Nobody), "{now:?}");
            let phase = now.first().map_or(3, |m| m.0);
            if seen.last() != Some(&phase) {
                seen.push(phase);
            }
        }
        assert_eq!(seen, [0, 1, 2, 3]);
    }

    /// hp10 P2: who serves follows the crashes in every phase, and the status says
    /// it: with both owners up the old owner serves, and both once the new owner is
    /// active; a crashed old owner serves nothing (then nobody, or the new owner
    /// alone); a crashed new owner leaves the old owner serving.
    #[test]
    fn who_serves_is_true_whichever_owner_is_down() {
        // ring-60: N2 hands one group to N4.
        let base = world_of("lab=partition&scn=ring-60");
        let cases = [
            (0, [Served::Old, Served::Nobody, Served::Old]),
            (1, [Served::Old, Served::Nobody, Served::Old]),
            (2, [Served::Both, Served::New, Served::Old]),
        ];
        for (phase, want) in cases {
            let mut w = base.clone();
            while moves_now(&w).first().map(|m| m.0) != Some(phase) {
                assert!(w.step(), "phase {phase} never came");
            }
            for (down, want) in [None, Some(2), Some(4)].into_iter().zip(want) {
                let mut w = w.clone();
                if let Some(n) = down {
                    w.act(Action::Crash(n));
                }
                assert_eq!(
                    moves_now(&w),
                    [(phase, want)],
                    "phase {phase}, {down:?} down"
                );
                let line = status(&w);
                for other in SERVED {
                    let said = line.contains(&format!("({})", other.words()));
                    assert_eq!(said, other == want, "{line}");
                }
            }
        }
    }

    /// With `hcrash`, the crashed old owner is named in the status with its crash
    /// time, as serving nobody; while nothing flies, the status says a retry is due.
    #[test]
    fn a_crashed_node_is_said_to_be_down() {
        let s = PartitionScenario::from_query("lab=partition&scn=ring-60&hcrash=1").unwrap();
        let mut lab = PartitionLab::new(&s);
        lab.finish();
        let mut w = lab.handoff_world().unwrap();
        w.set_trace_capacity(1 << 12);
        w.run_until(SimTime::from_micros(11_000));
        let line = status(&w);
        assert!(
            line.contains("N2 is down (crashed at 10.0 ms): nobody serves its groups"),
            "{line}"
        );
        assert_eq!(crashed_label(&w, 2).as_deref(), Some("crashed at 10.0 ms"));
        assert_eq!(crashed_label(&w, 1), None);
        let mut waited = false;
        while w.now() < SimTime::from_micros(400_000) && w.step() {
            waited |= status(&w).contains("waiting for a retry (200.0 ms)");
        }
        assert!(waited, "{}", status(&w));
        assert!(!status(&w).contains("is down"));
    }

    /// play16b N20: the stale-route reads on the wire are told apart by routing
    /// mode, each of the three seen.
    #[test]
    fn reads_on_the_wire_are_told_apart_by_mode() {
        let s = PartitionScenario::from_query("lab=partition&scn=stale-route").unwrap();
        let mut lab = PartitionLab::new(&s);
        lab.finish();
        let mut w = lab.handoff_world().unwrap();
        let mut seen = Vec::new();
        while w.now() < SimTime::from_millis(300) && w.step() {
            for m in w.in_flight() {
                if let Some(mode) = read_mode(&w, &m.msg, (m.from, m.to)) {
                    if !seen.contains(&mode) {
                        seen.push(mode);
                    }
                }
            }
        }
        assert_eq!(seen.len(), 3, "{seen:?}");
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

    /// hp12 L3: at 11 and 12 nodes, hash mod N hands over about 1 700 keys from every
    /// node; while it does, each node's caption keeps a character's width (and a third
    /// of a line) clear of its neighbours' (`1717 keys` and `1718 keys` under N1 and N2
    /// ran together).
    #[test]
    fn crowded_captions_keep_clear_of_each_other() {
        for scn in ["mod-vs-ring", "mod-vs-ring&nodes=11"] {
            let mut w = world_of(&format!("lab=partition&scn={scn}"));
            let n = w.nodes().len();
            w.run_until(SimTime::from_micros(30_000));
            let captions: Vec<Bounds> = (1..n)
                .filter_map(|i| {
                    let (x, y) = node_xy(i, n);
                    let b = Bounds::text(x, y + 27.0, node_caption(&w, i)?.chars().count());
                    Some(Bounds(b.0 - 3.1, b.1 - 2.0, b.2 + 3.1, b.3 + 2.0))
                })
                .collect();
            assert!(captions.len() >= 11, "{scn}");
            for (i, a) in captions.iter().enumerate() {
                for b in &captions[i + 1..] {
                    assert!(!a.overlaps(b), "{scn}: caption {a:?} over {b:?}");
                }
            }
            assert!(node_caption(&w, 1).is_some_and(|c| c.ends_with(" keys")));
        }
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
        // play16d U2: no two nodes' captions overlap (N6 and N7 at the bottom did).
        let captions: Vec<Bounds> = (1..names.len())
            .filter_map(|i| {
                let (x, y) = node_xy(i, names.len());
                Some(Bounds::text(
                    x,
                    y + 27.0,
                    node_caption(&w, i)?.chars().count(),
                ))
            })
            .collect();
        assert!(captions.len() >= 11);
        for (i, a) in captions.iter().enumerate() {
            for b in &captions[i + 1..] {
                assert!(!a.overlaps(b), "caption {a:?} over {b:?}");
            }
        }
    }
}
