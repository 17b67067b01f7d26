//! The topology picture: the producer, the topic's partitions as tapes of records with
//! their offsets, the consumer group with each member's partitions and position, the
//! committed offsets, the sink, and the messages between them in flight. Clicking a
//! consumer or the sink crashes it (or restarts it when it is down): a recorded input.

use super::state::StreamState;
use crate::shell::compact::{use_compact, use_phone};
use crate::shell::context::context;
use crate::shell::format::fixed;
use ddia_core::sim::{Fate, InFlight, NodeId};
use ddia_core::stream::consumer::Stage;
use ddia_core::stream::lab::StreamLab;
use ddia_core::stream::log::partition_of;
use ddia_core::stream::scenario::{StreamAction, Who};
use ddia_core::stream::{Msg, BROKER, FIRST_CONSUMER, PRODUCER, REBUILDER, SINK};
use leptos::prelude::*;

/// Height of one partition's row.
const ROW: f64 = 38.0;
/// Height of one consumer's box plus its gap.
const MEMBER: f64 = 52.0;
/// Top of the first row (below the column titles).
const TOP: f64 = 34.0;
/// One record's cell on a tape.
const CELL: f64 = 17.0;

/// Where the columns stand: wide, narrow enough to read in an 800x580 iframe, or a
/// phone's, with the group and the sink below the tapes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Layout {
    /// Picture width, SVG units.
    pub width: f64,
    /// Records drawn per tape (the newest; the tape's first offset is written above).
    pub cells: u64,
    tape_x: f64,
    consumer_x: f64,
    box_w: f64,
    sink_x: f64,
    /// Width of the producer's and the sink's boxes.
    side_w: f64,
    /// Boxes per row when the group stands below the tapes (the sink takes the slot
    /// after the last consumer); 0: the group is a column right of the tapes.
    below: usize,
}

/// The wide layout.
pub const WIDE: Layout = Layout {
    width: 900.0,
    cells: 24,
    tape_x: 160.0,
    consumer_x: 640.0,
    box_w: 110.0,
    sink_x: 786.0,
    side_w: 108.0,
    below: 0,
};

/// The compact layout (shell::compact): shorter tapes, narrower boxes.
pub const COMPACT: Layout = Layout {
    width: 580.0,
    cells: 12,
    tape_x: 130.0,
    consumer_x: 376.0,
    box_w: 104.0,
    sink_x: 488.0,
    side_w: 88.0,
    below: 0,
};

/// The phone layout (shell::compact::use_phone): drawn at about its own size on a
/// 390 px screen, so every box is a 40 px target and text stays 10 px or more; the
/// group and the sink stand in rows under the tapes, each tape ends with its reader.
pub const PHONE: Layout = Layout {
    width: 390.0,
    cells: 11,
    tape_x: 140.0,
    consumer_x: 4.0,
    box_w: 120.0,
    sink_x: 4.0,
    side_w: 104.0,
    below: 3,
};

/// The sink's box height beside the tapes.
const SINK_H: f64 = 96.0;

impl Layout {
    fn tape_end(&self) -> f64 {
        self.tape_x + self.cells as f64 * CELL
    }

    fn cell_x(&self, offset: u64, first: u64) -> f64 {
        self.tape_x + (offset.saturating_sub(first)) as f64 * CELL
    }

    /// The first offset a tape of `start..end` draws.
    pub fn first_drawn(&self, start: u64, end: u64) -> u64 {
        start.max(end.saturating_sub(self.cells))
    }

    /// Top of the group's boxes for `partitions` tapes.
    fn group_top(&self, partitions: u32) -> f64 {
        if self.below == 0 {
            TOP
        } else {
            TOP + (f64::from(partitions) * ROW).max(SINK_H) + 26.0
        }
    }

    /// Top-left corner of slot `i` of the group (a consumer, or the sink after them).
    fn slot(&self, i: usize, partitions: u32) -> (f64, f64) {
        let top = self.group_top(partitions);
        match self.below {
            0 => (self.consumer_x, top + i as f64 * MEMBER + 4.0),
            n => (
                self.consumer_x + (i % n) as f64 * (self.box_w + 8.0),
                top + (i / n) as f64 * MEMBER + 4.0,
            ),
        }
    }

    /// The sink's box: x, y, width, height.
    fn sink_rect(&self, partitions: u32, consumers: usize) -> (f64, f64, f64, f64) {
        match self.below {
            0 => (self.sink_x, TOP, self.side_w, SINK_H),
            _ => {
                let (x, y) = self.slot(consumers, partitions);
                (x, y, self.box_w, MEMBER - 8.0)
            }
        }
    }

    /// The picture's height for `partitions` and `consumers`.
    pub fn height(&self, partitions: u32, consumers: usize) -> f64 {
        let rows = f64::from(partitions) * ROW;
        match self.below {
            0 => {
                let members = consumers as f64 * MEMBER;
                TOP + rows.max(members).max(120.0) + 16.0
            }
            n => self.group_top(partitions) + (consumers / n + 1) as f64 * MEMBER + 8.0,
        }
    }
}

fn row_y(p: u32) -> f64 {
    TOP + f64::from(p) * ROW + ROW / 2.0
}

/// Where a message to or from `node` starts or ends, given the partition it concerns,
/// for a picture of `shape` = (partitions, consumers).
fn anchor(
    l: &Layout,
    node: NodeId,
    partition: Option<u32>,
    toward: NodeId,
    (parts, consumers): (u32, usize),
) -> (f64, f64) {
    // A message of no partition (an acknowledgement, a heartbeat) runs along the top
    // edge, over the first tape: across the tapes it would cross a partition's name.
    let mid = if partition.is_some() {
        TOP + 60.0
    } else {
        TOP + 2.0
    };
    match node {
        PRODUCER => (l.side_w + 4.0, mid),
        SINK => {
            let (x, y, _, h) = l.sink_rect(parts, consumers);
            (x, y + h / 2.0)
        }
        BROKER => {
            let y = partition.map_or(mid, row_y);
            if toward == PRODUCER {
                (l.tape_x, y)
            } else {
                (l.tape_end() + 8.0, y)
            }
        }
        REBUILDER => {
            let (x, y) = l.slot(v2_slot(l, consumers), parts);
            (x, y + (MEMBER - 8.0) / 2.0)
        }
        c => {
            let (x, y) = l.slot(c.saturating_sub(FIRST_CONSUMER), parts);
            let h = MEMBER - 8.0;
            match (toward == SINK, l.below) {
                (true, _) => (x + l.box_w, y + h / 2.0),
                (false, 0) => (x, y + h / 2.0),
                (false, _) => (x + l.box_w / 2.0, y),
            }
        }
    }
}

/// The partition a message concerns, if one.
fn msg_partition(m: &Msg, partitions: u32) -> Option<u32> {
    match m {
        Msg::Produce(e) => Some(partition_of(e.key, partitions)),
        Msg::Fetch { partition, .. } | Msg::Commit { partition, .. } => Some(*partition),
        _ => None,
    }
}

/// True for messages that carry events or effects (the rest is group control).
fn is_data(m: &Msg) -> bool {
    matches!(
        m,
        Msg::Produce(_) | Msg::Records { .. } | Msg::Write { .. } | Msg::Fetch { .. }
    )
}

/// The picture's shape: (partitions, consumers).
fn shape(lab: &StreamLab) -> (u32, usize) {
    let parts = u32::try_from(lab.run.broker().partitions.len()).unwrap_or(0);
    (parts, lab.run.world.nodes().len() - FIRST_CONSUMER)
}

/// One message's dot: its place and class.
fn message_dot(l: &Layout, lab: &StreamLab, m: &InFlight<Msg>) -> (f64, f64, &'static str) {
    let shape = shape(lab);
    let p = msg_partition(&m.msg, shape.0);
    let (x0, y0) = anchor(l, m.from, p, m.to, shape);
    let (x1, y1) = anchor(l, m.to, p, m.from, shape);
    let now = lab.now().as_micros();
    let span = m
        .deliver_at
        .as_micros()
        .saturating_sub(m.sent_at.as_micros())
        .max(1);
    let mut f = now.saturating_sub(m.sent_at.as_micros()) as f64 / span as f64;
    let class = match m.fate {
        Fate::Drop(_) => {
            f = f.min(0.5);
            "msg lost"
        }
        Fate::Deliver if is_data(&m.msg) => "msg data",
        Fate::Deliver => "msg control",
    };
    let f = f.clamp(0.0, 1.0);
    (x0 + (x1 - x0) * f, y0 + (y1 - y0) * f, class)
}

/// `n` `thing`s, singular for one ("1 key", "3 keys").
fn counted(n: usize, thing: &str) -> String {
    format!("{n} {thing}{}", if n == 1 { "" } else { "s" })
}

/// A node's box: label lines, class, and what clicking it does.
struct NodeBox {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
    class: String,
    lines: [String; 3],
    click: Option<(StreamAction, String)>,
}

fn consumer_box(l: &Layout, lab: &StreamLab, i: usize) -> NodeBox {
    let node = FIRST_CONSUMER + i;
    let n = &lab.run.world.nodes()[node];
    let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
    let who = Who::Consumer(number);
    let c = lab.run.consumer(number - 1);
    let rebalancing = lab.run.broker().group.rebalancing_until.is_some();
    let (state, detail) = match c.map(|c| &c.stage) {
        _ if !n.up => ("crashed".to_string(), "memory lost".to_string()),
        _ if n.paused_until.is_some() => ("paused (GC)".to_string(), String::new()),
        Some(Stage::Working(b)) => (
            format!(
                "batch P{} {}..{}",
                b.partition,
                b.records.first().map_or(0, |r| r.offset),
                b.next_offset()
            ),
            if b.committed {
                "committed"
            } else if b.processed {
                "processed"
            } else {
                "processing"
            }
            .to_string(),
        ),
        // Every event committed: its fetches find nothing, it waits for more (N8).
        Some(Stage::Fetching(_)) if lab.run.settled() => {
            ("idle".to_string(), "all read".to_string())
        }
        Some(Stage::Fetching(p)) => (format!("fetching P{p}"), String::new()),
        Some(Stage::Joining) => ("joining".to_string(), String::new()),
        Some(Stage::Left) => ("left the group".to_string(), String::new()),
        Some(Stage::Offsets) => ("reading offsets".to_string(), String::new()),
        Some(Stage::Idle) | None => (
            if rebalancing {
                "paused: rebalance"
            } else {
                "idle"
            }
            .to_string(),
            String::new(),
        ),
    };
    let action = if n.up {
        (
            StreamAction::Crash(who),
            format!("Crash C{number} (its memory and batch in hand are lost)"),
        )
    } else {
        (
            StreamAction::Restart(who),
            format!("Restart C{number} (it rejoins the group)"),
        )
    };
    let (x, y) = l.slot(i, shape(lab).0);
    NodeBox {
        x,
        y,
        w: l.box_w,
        h: MEMBER - 8.0,
        class: format!(
            "node consumer own-{}{}",
            i % 12,
            if n.up { "" } else { " down" }
        ),
        lines: [format!("C{number}"), state, detail],
        click: Some(action),
    }
}

/// The v2 builder's slot in the group's column: after the consumers, and after the
/// sink when the sink stands in the group's rows (a phone).
fn v2_slot(l: &Layout, consumers: usize) -> usize {
    consumers + usize::from(l.below > 0)
}

/// The v2 builder (DDIA ch. 12, "Reprocessing data for application evolution"): a
/// reader outside the group, drawn once it has started.
fn v2_box(l: &Layout, lab: &StreamLab) -> Option<NodeBox> {
    let v2 = lab.run.rebuilder();
    if !v2.started {
        return None;
    }
    let (parts, consumers) = shape(lab);
    let (x, y) = l.slot(v2_slot(l, consumers), parts);
    let state = if lab.v2_caught_up() {
        "caught up"
    } else {
        "reading from 0"
    };
    Some(NodeBox {
        x,
        y,
        w: l.box_w,
        h: MEMBER - 8.0,
        class: "node v2".to_string(),
        lines: [
            "v2 builder".to_string(),
            state.to_string(),
            counted(usize::try_from(v2.read).unwrap_or(usize::MAX), "record") + " read",
        ],
        click: None,
    })
}

fn sink_box(l: &Layout, lab: &StreamLab) -> NodeBox {
    let up = lab.run.world.nodes()[SINK].up;
    let sink = lab.run.sink();
    let action = if up {
        (
            StreamAction::Crash(Who::Sink),
            "Crash the sink (what it applied stays on disk)".to_string(),
        )
    } else {
        (
            StreamAction::Restart(Who::Sink),
            "Restart the sink".to_string(),
        )
    };
    let (parts, consumers) = shape(lab);
    let (x, y, w, h) = l.sink_rect(parts, consumers);
    NodeBox {
        x,
        y,
        w,
        h,
        class: format!("node sink{}", if up { "" } else { " down" }),
        lines: [
            "sink".to_string(),
            counted(sink.outputs.len(), "effect"),
            counted(sink.view().len(), "key"),
        ],
        click: Some(action),
    }
}

fn producer_box(l: &Layout, lab: &StreamLab) -> NodeBox {
    let p = lab.run.producer();
    NodeBox {
        x: 4.0,
        y: TOP,
        w: l.side_w - 4.0,
        h: SINK_H,
        class: "node producer".to_string(),
        lines: [
            "producer".to_string(),
            format!("made {}/{}", p.made, p.config.events),
            format!("{} held", p.pending.len()),
        ],
        click: None,
    }
}

fn draw_box(st: StreamState, b: NodeBox) -> impl IntoView {
    let [l0, l1, l2] = b.lines;
    let (action, title) = match b.click {
        Some((a, t)) => (Some(a), Some(t)),
        None => (None, None),
    };
    let clickable = action.is_some();
    // The accessible name starts with the text the box shows.
    let shown: Vec<&str> = [&l0, &l1, &l2]
        .into_iter()
        .map(String::as_str)
        .filter(|l| !l.is_empty())
        .collect();
    let label = title.as_ref().map(|t| format!("{}: {t}", shown.join(" ")));
    view! {
        <g
            class=b.class
            role=clickable.then_some("button")
            tabindex=clickable.then_some("0")
            aria-label=label
            on:click=move |_| if let Some(a) = action { st.act(a) }
            on:keydown=move |ev| if ev.key() == "Enter" { if let Some(a) = action { st.act(a) } }
        >
            <title>{title.clone()}</title>
            <rect x=fixed(b.x, 1) y=fixed(b.y, 1) width=fixed(b.w, 1) height=fixed(b.h, 1) rx="6" />
            // One text with a line per tspan, spaces between: its visible text reads
            // "C1 idle", as the button's name begins (axe label-content-name-mismatch).
            <text>
                <tspan class="node-name" x=fixed(b.x + 8.0, 1) y=fixed(b.y + 15.0, 1)>{l0}</tspan>" "
                <tspan x=fixed(b.x + 8.0, 1) y=fixed(b.y + 28.0, 1)>{l1}</tspan>" "
                <tspan x=fixed(b.x + 8.0, 1) y=fixed(b.y + 40.0, 1)>{l2}</tspan>
            </text>
        </g>
    }
}

/// Where partition `p`'s reader `i` is shown: beside the tapes a line to its box; under
/// them (a phone) a short line and its name at the tape's end.
fn owner_mark(l: &Layout, lab: &StreamLab, y: f64, i: usize, paused: bool) -> impl IntoView {
    let class = format!(
        "assign own-{}{}",
        i % 12,
        if paused { " paused" } else { "" }
    );
    let from = (l.tape_end() + 30.0, y);
    let shape = shape(lab);
    let (to, name) = match l.below {
        0 => (anchor(l, FIRST_CONSUMER + i, None, BROKER, shape), None),
        _ => ((from.0 + 10.0, y), Some(format!("C{}", i + 1))),
    };
    let d = format!(
        "M{} {}L{} {}",
        fixed(from.0, 1),
        fixed(from.1, 1),
        fixed(to.0, 1),
        fixed(to.1, 1)
    );
    let name = name.map(|n| {
        view! { <text class=format!("owner own-{}", i % 12) x=fixed(to.0 + 2.0, 1) y=fixed(y + 4.0, 1)>{n}</text> }
    });
    view! { <path class=class d=d /> {name} }
}

/// The committed-offset marker of a tape that draws from offset `first`: a triangle
/// under the record at `committed`, or, when that record is older than the tape's
/// drawn part, "◀ committed N" under the tape's left end.
fn committed_mark(l: &Layout, p: u32, y: f64, committed: u64, first: u64) -> impl IntoView {
    let title =
        format!("P{p} committed offset {committed}: the group has finished every record before it");
    if committed < first {
        view! {
            <text class="committed off-tape" x=fixed(l.tape_x + 22.0, 1) y=fixed(y + 20.0, 1)>
                <title>{title}</title>
                {format!("◀ committed {committed}")}
            </text>
        }
        .into_any()
    } else {
        let cx = l.cell_x(committed, first);
        view! {
            <path class="committed" d=format!("M{0} {1}l-5 8h10z", fixed(cx, 1), fixed(y + 10.0, 1))>
                <title>{title}</title>
            </path>
        }
        .into_any()
    }
}

/// The v2 builder's position on each tape, once it reads: "▼" over the next record it
/// reads, or "◀ v2 reads N" over the tape's left end when that record is older than
/// the drawn part.
fn v2_marks(l: &Layout, lab: &StreamLab) -> impl IntoView {
    let v2 = lab.run.rebuilder();
    let logs = &lab.run.broker().partitions;
    let started = if v2.started { logs.len() } else { 0 };
    (0..started)
        .zip(&v2.positions)
        .map(|(p, &at)| {
            let first = l.first_drawn(logs[p].start(), logs[p].end());
            let (x, shown, class) = if at < first {
                (l.tape_x + 30.0, format!("◀ v2 reads {at}"), "v2pos off-tape")
            } else {
                (l.cell_x(at, first) + 3.0, "▼".to_string(), "v2pos")
            };
            let y = row_y(u32::try_from(p).unwrap_or(0));
            view! {
                <text class=class x=fixed(x, 1) y=fixed(y - 11.0, 1)>
                    <title>{format!("P{p}: the v2 builder reads offset {at} next (its own position, from offset 0, outside the group)")}</title>
                    {shown}
                </text>
            }
        })
        .collect_view()
}

/// One partition's tape: its records (committed ones filled), offsets, the committed
/// marker and the owner's line.
fn tape(l: &Layout, lab: &StreamLab, p: u32) -> impl IntoView {
    let b = lab.run.broker();
    let log = &b.partitions[usize::try_from(p).unwrap_or(0)];
    let committed = ddia_core::stream::delivery::committed(b, lab.run.sink())
        .get(usize::try_from(p).unwrap_or(0))
        .copied()
        .unwrap_or(0);
    let first = l.first_drawn(log.start(), log.end());
    let y = row_y(p);
    let cells = log
        .records()
        .filter(|r| r.offset >= first)
        .map(|r| {
            let class = if r.offset < committed { "rec done" } else { "rec" };
            view! {
                <rect class=class x=fixed(l.cell_x(r.offset, first) + 1.0, 1) y=fixed(y - 9.0, 1) width="15" height="18" rx="2">
                    <title>{format!("P{p} offset {}: event {} (key {}, event time {} ms)", r.offset, r.event.id, r.event.key, r.event.event_us / 1_000)}</title>
                </rect>
            }
        })
        .collect_view();
    let paused = b.group.rebalancing_until.is_some();
    let owner = b
        .group
        .owner(p)
        .map(|o| owner_mark(l, lab, y, o.saturating_sub(FIRST_CONSUMER), paused));
    view! {
        <g class="tape">
            <text class="offset" x=fixed(l.tape_x, 1) y=fixed(y - 12.0, 1)>{first.to_string()}</text>
            <rect class="tape-bg" x=fixed(l.tape_x, 1) y=fixed(y - 10.0, 1) width=fixed(l.cells as f64 * CELL, 1) height="20" />
            {cells}
            <text class="offset end" x=fixed(l.tape_end() + 4.0, 1) y=fixed(y + 4.0, 1)>{log.end().to_string()}</text>
            {committed_mark(l, p, y, committed, first)}
            {owner}
        </g>
    }
}

/// The partitions' names, drawn over the messages so a dot never hides one.
fn tape_names(l: &Layout, parts: u32) -> impl IntoView {
    (0..parts)
        .map(|p| view! { <text class="tape-name" x=fixed(l.tape_x - 32.0, 1) y=fixed(row_y(p) + 4.0, 1)>{format!("P{p}")}</text> })
        .collect_view()
}

/// The picture.
#[component]
pub fn Topology() -> impl IntoView {
    let st = context::<StreamState>();
    let compact = use_compact();
    let phone = use_phone();
    let picture = move || {
        let l = &match (phone.get(), compact.get()) {
            (true, _) => PHONE,
            (false, true) => COMPACT,
            (false, false) => WIDE,
        };
        st.with_lab(|lab| {
            let (parts, consumers) = shape(lab);
            let v2 = usize::from(lab.run.rebuilder().started);
            let h = l.height(parts, consumers + v2);
            let tapes = (0..parts).map(|p| tape(l, lab, p)).collect_view();
            let mut boxes = vec![producer_box(l, lab), sink_box(l, lab)];
            boxes.extend((0..consumers).map(|i| consumer_box(l, lab, i)));
            boxes.extend(v2_box(l, lab));
            let boxes = boxes.into_iter().map(|b| draw_box(st, b)).collect_view();
            let dots = lab
                .run
                .world
                .in_flight()
                .map(|m| {
                    let (x, y, class) = message_dot(l, lab, m);
                    super::messages::message_dot(m.id, x, y, class)
                })
                .collect_view();
            let group = &lab.run.broker().group;
            let (class, banner) = match group.rebalancing_until {
                Some(_) => ("col rebalance", format!("rebalance {}: group paused", group.generation)),
                None => ("col", "consumer group".to_string()),
            };
            let (gx, gy) = match l.below {
                0 => (l.consumer_x, 18.0),
                _ => (l.consumer_x, l.group_top(parts) - 8.0),
            };
            let sink_title = (l.below == 0)
                .then(|| view! { <text class="col" x=fixed(l.sink_x, 1) y="18">"sink"</text> });
            view! {
                <svg class="topology" viewBox=format!("0 0 {} {}", l.width, fixed(h, 1)) role="group"
                    aria-label="The producer, the topic's partitions as tapes of records with offsets and committed offsets, the consumer group and the sink">
                    <text class="col" x="4" y="18">"producer"</text>
                    <text class="col" x=fixed(l.tape_x - 32.0, 1) y="18">"topic: partitions (offsets)"</text>
                    {sink_title}
                    <text class=class x=fixed(gx, 1) y=fixed(gy, 1)>{banner}</text>
                    {tapes}
                    {boxes}
                    {dots}
                    {v2_marks(l, lab)}
                    {tape_names(l, parts)}
                </svg>
            }
        })
    };
    view! { <div class="topology-wrap">{picture}</div> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_phone_layout_fits_its_width_with_40_px_boxes() {
        for consumers in 1..=6 {
            let (x, _, w, h) = PHONE.sink_rect(8, consumers);
            assert!(x + w <= PHONE.width, "the sink after {consumers} consumers");
            assert!(
                h * 370.0 / PHONE.width >= 40.0,
                "a 40 px target on a 390 px phone"
            );
            for i in 0..consumers {
                let (x, y) = PHONE.slot(i, 8);
                assert!(x + PHONE.box_w <= PHONE.width && y > PHONE.group_top(8) - 1.0);
                assert!(
                    y + MEMBER <= PHONE.height(8, consumers),
                    "C{} inside",
                    i + 1
                );
            }
        }
        assert!(
            PHONE.tape_end() + 52.0 <= PHONE.width,
            "the end offset and the reader fit"
        );
    }

    /// The producer's acknowledgements (no partition) once flew across "P1".
    #[test]
    fn no_control_message_crosses_a_partition_name() {
        for l in [WIDE, COMPACT, PHONE] {
            for parts in 1..=8 {
                for (from, to) in [(PRODUCER, BROKER), (BROKER, PRODUCER)] {
                    let (_, y0) = anchor(&l, from, None, to, (parts, 2));
                    let (_, y1) = anchor(&l, to, None, from, (parts, 2));
                    let name_top = row_y(0) + 4.0 - 10.0;
                    assert!(y0.max(y1) + 4.0 < name_top, "{y0} {y1} under P0's name");
                }
            }
        }
    }

    #[test]
    fn beside_the_tapes_the_group_is_a_column() {
        assert_eq!(WIDE.slot(1, 3), (WIDE.consumer_x, TOP + MEMBER + 4.0));
        assert_eq!(
            COMPACT.sink_rect(3, 2),
            (COMPACT.sink_x, TOP, COMPACT.side_w, SINK_H)
        );
    }
}
