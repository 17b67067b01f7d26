//! The space-time diagram of a network lab (issue 18): one lane per node, time to the
//! right, a line per message from send to arrival (a dropped one ends in ✕, one still
//! flying is thin (a dash pattern on hundreds of lines costs more than a frame to
//! raster without a GPU), a duplicate's copy dotted), crashes, pauses and partitions as
//! shaded bands, the lab's marks (a leader elected) as dots. It shows the last few
//! moments up to the one the timeline shows. Hovering (or tapping) a line reads out its
//! message and its Lamport and vector clocks; pressing it goes to its moment, or, for a
//! message still flying, picks it for the [`super::message_menu`] (drop, duplicate,
//! hold back). The data comes from [`ddia_core::sim::spacetime`]; the lines are drawn
//! as a few paths ([`super::spacetime_lines`]) on a layer of their own that scrolls
//! with the window ([`super::spacetime_flow`]), so a busy window stays smooth. A lab
//! may hide a chatty kind of message behind a toggle ([`Quiet`]: the stream lab's
//! heartbeats) and name its kinds in words.

use super::format::{fixed, ms};
use super::message_menu::PickedMessage;
use super::spacetime_flow::{flow_paths_reusing, Flow, FlowCache, SLOTS};
use super::spacetime_lines::{
    describe, nearest, words, y, Axis, LinePath, LANE, REACH_PX, TOUCH_REACH_PX,
};
use super::timeline::Timeline;
use ddia_core::sim::spacetime::{BandKind, LineEnd, MsgLine, SpaceTime};
use ddia_core::sim::MsgId;
use leptos::ev::PointerEvent;
use leptos::prelude::*;

/// The diagram's width in viewBox units: wide, and on a phone (where 1000 units would
/// shrink its 11-unit text to 4 px).
const WIDTH: f64 = 1000.0;
const PHONE_WIDTH: f64 = 420.0;
/// Screens narrow enough for [`PHONE_WIDTH`].
const PHONE_MEDIA: &str = "(max-width: 600px)";
/// Most message lines drawn (the newest), so a long window stays smooth.
pub const MAX_LINES: usize = 1_500;

/// The windows a learner can pick, µs, and their names.
pub const WINDOWS: [(u64, &str); 3] = [(250_000, "0.25 s"), (1_000_000, "1 s"), (5_000_000, "5 s")];

/// Kinds of message a lab hides until the learner asks (they would bury the rest).
#[derive(Clone, Copy)]
pub struct Quiet {
    /// What they are, plural, e.g. `heartbeats` (the toggle's label).
    pub what: &'static str,
    /// True for a label of that kind.
    pub is: fn(&str) -> bool,
}

/// `d`'s axis between the lane names' `margin` and `width` (tracked).
fn axis_in(d: &SpaceTime, margin: Signal<f64>, width: Signal<f64>) -> Axis<'_> {
    Axis::of(d, margin.get(), width.get())
}

/// Left margin for lane names of `chars` characters (11-unit text), viewBox units.
fn left(chars: usize) -> f64 {
    14.0 + 6.5 * chars as f64
}

/// The plot's width for `margin` and `width`, viewBox units (a window's span across it).
fn plot(margin: f64, width: f64) -> f64 {
    width - margin - 6.0
}

/// Texts per kind of line in the lines' layer: its label, its class, then the path
/// data of [`SLOTS`] chunks of time and their crosses' ([`flat`]).
const STRIDE: usize = 2 + 2 * SLOTS;

/// The lines' layer ([`super::spacetime_flow::flow_paths`]) as texts, [`STRIDE`] a kind
/// (a list of texts, as the lanes' names, so the page needs no code for another kind of
/// memo).
type Layer = Memo<Vec<String>>;

/// `kinds` ([`super::spacetime_flow::flow_paths`]) as the texts of a [`Layer`].
fn flat(kinds: Vec<Vec<LinePath>>) -> Vec<String> {
    let mut out = Vec::with_capacity(kinds.len() * STRIDE);
    for k in kinds {
        let mut class = String::from("st-line");
        class += match k[0].end {
            Some(LineEnd::Dropped) => " dropped",
            Some(LineEnd::Flying) => " flying",
            _ => "",
        };
        if k[0].copy {
            class += " copy";
        }
        out.push(k[0].label.to_string());
        out.push(class);
        let mut crosses = Vec::with_capacity(SLOTS);
        for p in k {
            out.push(p.d);
            crosses.push(p.crosses);
        }
        out.append(&mut crosses);
    }
    out
}

/// Text `i` of `layer`, as it changes.
fn layer_text(layer: Layer, i: usize) -> impl Fn() -> String {
    move || layer.with(|l| l.get(i).cloned().unwrap_or_default())
}

/// The lines of kind number `kind` of `layer`, a path per chunk of time, and their
/// crosses. Each path's data is its own effect: with the views type-erased, rebuilding
/// a view would set every attribute again, and the page would repaint every line every
/// frame; this way a path whose text is the same is left alone.
fn kind_view(layer: Layer, kind: usize) -> impl IntoView {
    let at = kind * STRIDE;
    let text = move |i: usize| layer.with_untracked(|l| l.get(at + i).cloned().unwrap_or_default());
    let (label, class) = (text(0), text(1));
    let paths = (0..SLOTS)
        .map(|slot| view! { <path class=class.clone() d=layer_text(layer, at + 2 + slot)></path> })
        .collect_view();
    let crosses = (0..SLOTS)
        .map(|slot| view! { <path class="st-x" d=layer_text(layer, at + 2 + SLOTS + slot)></path> })
        .collect_view();
    view! { <g class="st-msg" data-label=label>{paths}{crosses}</g> }
}

/// The toggle that shows or hides the `q` lines, saying how many are hidden.
fn quiet_toggle(q: Quiet, show: RwSignal<bool>, data: Signal<SpaceTime>) -> impl IntoView {
    let hidden = move || data.with(|d| d.lines.iter().filter(|l| (q.is)(l.label)).count());
    let label = move || match show.get() {
        true => format!("hide {}", q.what),
        false => format!("show {} ({} hidden)", q.what, hidden()),
    };
    view! {
        <button class="st-window st-quiet" aria-pressed=move || show.get().to_string() on:click=move |_| show.update(|s| *s = !*s)>
            {label}
        </button>
    }
}

/// The diagram of `data`, a lane per node of [`SpaceTime::lanes`] named from `names`,
/// with a window picker.
#[component]
pub fn SpaceTimeView(
    /// The diagram (recomputed by the lab when its run moves).
    #[prop(into)]
    data: Signal<SpaceTime>,
    /// Every node's name, node 0 first, e.g. `S1`..`S5`.
    #[prop(into)]
    names: Signal<Vec<String>>,
    /// The window shown, µs (the picker sets it).
    window: RwSignal<u64>,
    /// What the lab's line colours and marks (dots) mean, e.g. `dot: leader elected`.
    marks_mean: &'static str,
    /// Kinds hidden until the toggle shows them.
    #[prop(default = None)]
    quiet: Option<Quiet>,
    /// True to name message kinds in words (`sink ack`), not as identifiers.
    #[prop(optional)]
    in_words: bool,
) -> impl IntoView {
    let timeline = use_context::<Timeline>();
    let picked = use_context::<PickedMessage>();
    let go = move |at: u64| {
        if let Some(t) = timeline {
            t.seek(at);
        }
    };
    let lanes = Signal::derive(move || data.with(|d| d.lanes.len()));
    let margin = Signal::derive(move || {
        names.with(|n| left(n.iter().map(|s| s.chars().count()).max().unwrap_or(0)))
    });
    let show_quiet = RwSignal::new(false);
    // The lines drawn and hit: all, or all but the quiet kind.
    let shown =
        move |l: &MsgLine| show_quiet.get_untracked() || quiet.is_none_or(|q| !(q.is)(l.label));
    let kind = move |label: &str| {
        if in_words {
            words(label)
        } else {
            label.to_string()
        }
    };
    let phone = leptos_use_media_query::use_media_query(PHONE_MEDIA);
    let width = Signal::derive(move || if phone.get() { PHONE_WIDTH } else { WIDTH });
    let height = Signal::derive(move || 12.0 + LANE * lanes.get() as f64 + 8.0);
    let name = move |i: usize| names.with_untracked(|n| n.get(i).cloned().unwrap_or_default());
    // The line under the pointer (hover, or the last press).
    let hovered = RwSignal::new(None::<MsgId>);
    let svg = NodeRef::<leptos::svg::Svg>::new();
    let locate = move |ev: &PointerEvent| -> Option<MsgLine> {
        let r = svg.get_untracked()?.get_bounding_client_rect();
        if r.width() <= 0.0 || r.height() <= 0.0 {
            return None;
        }
        let units = width.get_untracked() / r.width();
        let px = (f64::from(ev.client_x()) - r.left()) * units;
        let py = (f64::from(ev.client_y()) - r.top()) * height.get_untracked() / r.height();
        let reach = if ev.pointer_type() == "mouse" {
            REACH_PX
        } else {
            TOUCH_REACH_PX
        };
        data.with_untracked(|d| {
            let a = Axis::of(d, margin.get_untracked(), width.get_untracked());
            nearest(d, a, (px, py), reach * units, shown).cloned()
        })
    };
    // A press, not a click: while the run plays the diagram is redrawn every frame.
    // A line still flying is picked (the message menu opens); any other goes to its end.
    let press = move |ev: PointerEvent| {
        let Some(l) = locate(&ev) else { return };
        hovered.set(Some(l.id));
        match picked.filter(|_| l.end == LineEnd::Flying) {
            Some(p) => p.pick(l.id),
            None => go(l.end_us),
        }
    };
    let hover = move |ev: PointerEvent| {
        let id = locate(&ev).map(|l| l.id);
        if hovered.get_untracked() != id {
            hovered.set(id);
        }
    };
    let picker = WINDOWS
        .iter()
        .map(|&(us, label)| {
            view! {
                <button
                    class="st-window"
                    aria-pressed=move || (window.get() == us).to_string()
                    on:click=move |_| window.set(us)
                >
                    {label}
                </button>
            }
        })
        .collect_view();
    let lane_nodes = Memo::new(move |_| data.with(|d| d.lanes.clone()));
    let lane_views = move || {
        let x0 = fixed(margin.get(), 0);
        lane_nodes.with(|nodes| {
            nodes
                .iter()
                .enumerate()
                .map(|(i, &node)| {
                    view! {
                        <line class="st-lane" x1=x0.clone() x2=fixed(width.get(), 0) y1=fixed(y(i), 1) y2=fixed(y(i), 1)></line>
                        <text class="st-name" x="4" y=fixed(y(i) + 4.0, 1)>{name(node)}</text>
                    }
                })
                .collect_view()
        })
    };
    let bands = move || {
        data.with(|d| {
            d.bands
                .iter()
                .map(|b| {
                    let a = axis_in(d, margin, width);
                    let (x0, x1) = (a.x(b.from_us), a.x(b.to_us));
                    let (top, h) = match b.node {
                        Some(i) => (a.y(i) - LANE / 2.0, LANE),
                        None => (12.0, LANE * lanes.get_untracked() as f64),
                    };
                    let (class, what) = match b.kind {
                        BandKind::Crashed => ("st-band crashed", "down"),
                        BandKind::Paused => ("st-band paused", "paused"),
                        BandKind::Partitioned => ("st-band partitioned", "network partitioned"),
                    };
                    let since = if b.from_known { "" } else { "before " };
                    let title = format!("{what}: {since}{} → {}", ms(b.from_us), ms(b.to_us));
                    view! {
                        <rect class=class x=fixed(x0, 1) y=fixed(top, 1) width=fixed((x1 - x0).max(1.0), 1) height=fixed(h, 1)>
                            <title>{title}</title>
                        </rect>
                    }
                })
                .collect_view()
        })
    };
    // The lines, on their own layer: a chunk's path data stays the same text while
    // the window scrolls (only the transform below moves), so the page repaints little.
    // The chunks whose lines did not change keep the text drawn the frame before.
    let drawn = StoredValue::new(FlowCache::default());
    let layer: Layer = Memo::new(move |_| {
        show_quiet.track();
        data.with(|d| {
            let flow = Flow::of(d, plot(margin.get(), width.get()));
            drawn
                .try_update_value(|c| flat(flow_paths_reusing(d, flow, shown, c)))
                .unwrap_or_default()
        })
    });
    // The kinds drawn (label and class): the paths are made anew only when these change.
    let kinds = Memo::new(move |_| {
        layer.with(|l| {
            let kind = |k: &[String]| format!("{} {}", k[0], k[1]);
            l.chunks(STRIDE).map(kind).collect::<Vec<String>>()
        })
    });
    let lines = move || kinds.with(|ks| (0..ks.len()).map(|i| kind_view(layer, i)).collect_view());
    // The layer holds the plot and the 6-unit gap on its right (a ✕ at the window's end).
    let layer_width = move || width.get() - margin.get();
    // By whole pixels (1 cqw is a hundredth of the diagram's width): a layer moved by a
    // fraction of a pixel is drawn again.
    let shift = move || {
        data.with(|d| {
            let (m, w) = (margin.get(), width.get());
            let share = Flow::of(d, plot(m, w)).shift(d.from_us, w);
            format!(
                "translateX(round(calc({}cqw), 1px))",
                fixed(-share * 100.0, 3)
            )
        })
    };
    let view_box = move || format!("0 0 {} {}", width.get(), fixed(height.get(), 0));
    let hovered_line = move || {
        let id = hovered.get()?;
        data.with(|d| d.lines.iter().find(|l| l.id == id).cloned())
    };
    let highlight = move || {
        hovered_line().map(|l| {
            let (x0, y0, x1, y1) = data.with(|d| axis_in(d, margin, width).ends(&l));
            view! {
                <line class="st-hover" x1=fixed(x0, 1) y1=fixed(y0, 1) x2=fixed(x1, 1) y2=fixed(y1, 1)></line>
            }
        })
    };
    let readout = move || {
        hovered_line().map_or_else(
            || String::from("Hover or tap a line: its message and its Lamport and vector clocks."),
            |l| describe(&l, name, kind),
        )
    };
    let marks = move || {
        data.with(|d| {
            d.marks
                .iter()
                .map(|m| {
                    let a = axis_in(d, margin, width);
                    let (cx, cy, at) = (a.x(m.at_us), a.y(m.node), m.at_us);
                    let title = format!("{} {} at {}", name(m.node), m.text, ms(m.at_us));
                    view! {
                        <g
                            class="st-mark"
                            on:pointerdown=move |ev: PointerEvent| {
                                ev.stop_propagation();
                                go(at);
                            }
                        >
                            <circle cx=fixed(cx, 1) cy=fixed(cy, 1) r="5"></circle>
                            <text x=fixed(cx + 7.0, 1) y=fixed(cy - 6.0, 1)>{m.text}</text>
                            <title>{title}</title>
                        </g>
                    }
                })
                .collect_view()
        })
    };
    let caption = move || {
        data.with(|d| {
            let gap = if d.complete {
                ""
            } else {
                " (the oldest part is no longer kept)"
            };
            format!("{} → {}{gap}", ms(d.from_us), ms(d.to_us))
        })
    };
    view! {
        <div class="spacetime">
            <div class="st-head">
                <span class="st-caption">{caption}</span>
                <span class="st-picker" role="group" aria-label="window">{picker}</span>
                {quiet.map(|q| quiet_toggle(q, show_quiet, data))}
            </div>
            <div class="st-plot">
                <svg class="st-svg" viewBox=view_box aria-hidden="true">
                    {lane_views}
                    {bands}
                </svg>
                <div class="st-clip" style:left=move || format!("{}%", fixed(margin.get() / width.get() * 100.0, 3))>
                    <svg
                        class="st-flow"
                        viewBox=move || format!("0 0 {} {}", fixed(layer_width(), 1), fixed(height.get(), 0))
                        preserveAspectRatio="none"
                        style:transform=shift
                        aria-hidden="true"
                    >
                        {lines}
                    </svg>
                </div>
                <svg
                    node_ref=svg
                    class="st-top"
                    class:on-line=move || hovered.get().is_some()
                    viewBox=view_box
                    role="img"
                    aria-label="Space-time diagram: one lane per node, time to the right, a line per message from send to arrival"
                    on:pointermove=hover
                    on:pointerleave=move |ev: PointerEvent| {
                        // A finger leaves after every tap: its line stays read out.
                        if ev.pointer_type() == "mouse" {
                            hovered.set(None);
                        }
                    }
                    on:pointerdown=press
                >
                    {highlight}
                    {marks}
                </svg>
            </div>
            <p class="st-readout">{readout}</p>
            <p class="st-legend">
                "solid: arrived · ✕: dropped · thin: still flying · dotted: a duplicate · grey band: down · amber: paused · red: partitioned · "
                {marks_mean}
                ". Press a line to go to that moment, a thin one to drop, duplicate or hold that message."
            </p>
        </div>
    }
}
