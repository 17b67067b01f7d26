//! The space-time diagram of a network lab (issue 18): one lane per node, time to the
//! right, a line per message from send to arrival (a dropped one ends in ✕, one still
//! flying is dashed, a duplicate's copy dotted), crashes, pauses and partitions as
//! shaded bands, the lab's marks (a leader elected) as dots. It shows the last few
//! moments up to the one the timeline shows; clicking a line or a mark goes there, and
//! clicking a message still flying picks it for the [`super::message_menu`] (drop,
//! duplicate, hold back). The data comes from [`ddia_core::sim::spacetime`].

use super::format::{fixed, ms};
use super::message_menu::PickedMessage;
use super::timeline::Timeline;
use ddia_core::sim::logical_clock::Stamp;
use ddia_core::sim::spacetime::{BandKind, LineEnd, SpaceTime};
use leptos::prelude::*;

/// Lane height, in viewBox units.
const LANE: f64 = 20.0;
/// The diagram's width in viewBox units: wide, and on a phone (where 1000 units would
/// shrink its 11-unit text to 4 px).
const WIDTH: f64 = 1000.0;
const PHONE_WIDTH: f64 = 420.0;
/// Screens narrow enough for [`PHONE_WIDTH`].
const PHONE_MEDIA: &str = "(max-width: 600px)";
/// Left margin for lane names of `chars` characters (11-unit text), viewBox units.
fn left(chars: usize) -> f64 {
    14.0 + 6.5 * chars as f64
}
/// Most message lines drawn (the newest), so a long window stays smooth.
pub const MAX_LINES: usize = 1_500;

/// The windows a learner can pick, µs, and their names.
pub const WINDOWS: [(u64, &str); 3] = [(250_000, "0.25 s"), (1_000_000, "1 s"), (5_000_000, "5 s")];

/// Where times fall across the diagram: `from..to` µs between the lane names' margin
/// (`left`, viewBox units) and the right edge (`width`).
#[derive(Clone, Copy)]
struct Axis {
    from: u64,
    to: u64,
    left: f64,
    width: f64,
}

impl Axis {
    /// x of time `t`, µs.
    fn x(&self, t: u64) -> f64 {
        let span = self.to.saturating_sub(self.from).max(1) as f64;
        self.left + (t.saturating_sub(self.from) as f64 / span) * (self.width - self.left - 6.0)
    }
}

/// The clocks at a message's send and arrival, e.g. `; Lamport 41 → 44, vector
/// [3 1 0 0 0] → [3 1 2 5 0]`; empty when not kept.
pub fn clocks_text(clocks: &(Option<Stamp>, Option<Stamp>)) -> String {
    let vector = |s: &Stamp| {
        let v: Vec<String> = s.vector.iter().map(u64::to_string).collect();
        format!("[{}]", v.join(" "))
    };
    match clocks {
        (Some(s), Some(d)) => format!(
            "; Lamport {} → {}, vector {} → {}",
            s.lamport,
            d.lamport,
            vector(s),
            vector(d)
        ),
        (Some(s), None) => format!("; Lamport {}, vector {} at its send", s.lamport, vector(s)),
        _ => String::new(),
    }
}

/// y of lane `i`'s centre.
fn y(i: usize) -> f64 {
    12.0 + LANE * (i as f64 + 0.5)
}

/// The diagram of `data`, one lane per name (node 0 first), with a window picker.
#[component]
pub fn SpaceTimeView(
    /// The diagram (recomputed by the lab when its run moves).
    #[prop(into)]
    data: Signal<SpaceTime>,
    /// The lanes' names, e.g. `S1`..`S5`.
    #[prop(into)]
    names: Signal<Vec<String>>,
    /// The window shown, µs (the picker sets it).
    window: RwSignal<u64>,
    /// What the lab's line colours and marks (dots) mean, e.g. `dot: leader elected`.
    marks_mean: &'static str,
) -> impl IntoView {
    let timeline = use_context::<Timeline>();
    let picked = use_context::<PickedMessage>();
    let go = move |at: u64| {
        if let Some(t) = timeline {
            t.seek(at);
        }
    };
    // A line still flying is picked (the message menu opens); any other goes to its end.
    let press = move |id: u64, flying: bool, at: u64| match picked.filter(|_| flying) {
        Some(p) => p.pick(id),
        None => go(at),
    };
    let lanes = Signal::derive(move || names.with(Vec::len));
    let margin = Signal::derive(move || {
        names.with(|n| left(n.iter().map(|s| s.chars().count()).max().unwrap_or(0)))
    });
    let phone = leptos_use_media_query::use_media_query(PHONE_MEDIA);
    let width = move || if phone.get() { PHONE_WIDTH } else { WIDTH };
    let axis = move |d: &SpaceTime| Axis {
        from: d.from_us,
        to: d.to_us,
        left: margin.get(),
        width: width(),
    };
    let height = move || 12.0 + LANE * lanes.get() as f64 + 8.0;
    let picker = WINDOWS
        .iter()
        .map(|&(us, name)| {
            view! {
                <button
                    class="st-window"
                    aria-pressed=move || (window.get() == us).to_string()
                    on:click=move |_| window.set(us)
                >
                    {name}
                </button>
            }
        })
        .collect_view();
    let lane_views = move || {
        let x0 = fixed(margin.get(), 0);
        names.with(|n| {
            n.iter()
                .enumerate()
                .map(|(i, name)| {
                    view! {
                        <line class="st-lane" x1=x0.clone() x2=fixed(width(), 0) y1=fixed(y(i), 1) y2=fixed(y(i), 1)></line>
                        <text class="st-name" x="4" y=fixed(y(i) + 4.0, 1)>{name.clone()}</text>
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
                    let a = axis(d);
                    let (x0, x1) = (a.x(b.from_us), a.x(b.to_us));
                    let (top, h) = match b.node {
                        Some(i) => (y(i) - LANE / 2.0, LANE),
                        None => (12.0, LANE * lanes.get_untracked() as f64),
                    };
                    let (class, what) = match b.kind {
                        BandKind::Crashed => ("st-band crashed", "down"),
                        BandKind::Paused => ("st-band paused", "paused"),
                        BandKind::Partitioned => ("st-band partitioned", "network partitioned"),
                    };
                    let title = format!("{what}: {} → {}", ms(b.from_us), ms(b.to_us));
                    view! {
                        <rect class=class x=fixed(x0, 1) y=fixed(top, 1) width=fixed((x1 - x0).max(1.0), 1) height=fixed(h, 1)>
                            <title>{title}</title>
                        </rect>
                    }
                })
                .collect_view()
        })
    };
    let lines = move || {
        data.with(|d| {
            let skip = d.lines.len().saturating_sub(MAX_LINES);
            d.lines
                .iter()
                .skip(skip)
                .map(|l| {
                    let a = axis(d);
                    let (x0, x1) = (a.x(l.sent_us), a.x(l.end_us));
                    let (y0, y1) = (y(l.from), y(l.to));
                    let ended = match l.end {
                        LineEnd::Delivered => "arrived",
                        LineEnd::Dropped => "dropped",
                        LineEnd::Flying => "still flying",
                    };
                    let name = |i: usize| names.with_untracked(|n| n.get(i).cloned().unwrap_or_default());
                    let title = format!(
                        "#{} {} {} → {}: sent {}, {ended} {}{}",
                        l.id,
                        l.label,
                        name(l.from),
                        name(l.to),
                        ms(l.sent_us),
                        ms(l.end_us),
                        clocks_text(&l.clocks)
                    );
                    let (id, at, flying) = (l.id, l.end_us, l.end == LineEnd::Flying);
                    let cross = (l.end == LineEnd::Dropped).then(|| {
                        view! { <text class="st-x" x=fixed(x1 - 4.0, 1) y=fixed(y1 + 4.0, 1)>"✕"</text> }
                    });
                    view! {
                        // pointerdown, not click: while the run plays the lines are
                        // redrawn every frame, between a press and its release.
                        <g class="st-msg" data-label=l.label data-id=id on:pointerdown=move |_| press(id, flying, at)>
                            <line
                                class="st-line"
                                class:dropped=l.end == LineEnd::Dropped
                                class:flying=l.end == LineEnd::Flying
                                class:copy=l.copy
                                x1=fixed(x0, 1)
                                y1=fixed(y0, 1)
                                x2=fixed(x1, 1)
                                y2=fixed(y1, 1)
                            ></line>
                            <title>{title}</title>
                            {cross}
                        </g>
                    }
                })
                .collect_view()
        })
    };
    let marks = move || {
        data.with(|d| {
            d.marks
                .iter()
                .map(|m| {
                    let (cx, cy, at) = (axis(d).x(m.at_us), y(m.node), m.at_us);
                    let who = names.with_untracked(|n| n.get(m.node).cloned().unwrap_or_default());
                    let title = format!("{who} {} at {}", m.text, ms(m.at_us));
                    view! {
                        <g class="st-mark" on:pointerdown=move |_| go(at)>
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
            </div>
            <svg
                class="st-svg"
                viewBox=move || format!("0 0 {} {}", width(), fixed(height(), 0))
                role="img"
                aria-label="Space-time diagram: one lane per node, time to the right, a line per message from send to arrival"
            >
                {lane_views}
                {bands}
                {lines}
                {marks}
            </svg>
            <p class="st-legend">
                "solid: arrived · ✕: dropped · dashed: still flying · dotted: a duplicate · grey band: down · amber: paused · red: partitioned · "
                {marks_mean}
                ". Hover a line for its Lamport and vector clocks at send and arrival; click it to go to that moment, a dashed one to drop, duplicate or hold that message."
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lines_clocks_read_send_then_arrival() {
        let stamp = |lamport, vector: Vec<u64>| Stamp { lamport, vector };
        let sent = stamp(4, vec![3, 1, 0]);
        let arrived = stamp(6, vec![3, 1, 2]);
        assert_eq!(
            clocks_text(&(Some(sent.clone()), Some(arrived))),
            "; Lamport 4 → 6, vector [3 1 0] → [3 1 2]"
        );
        assert_eq!(
            clocks_text(&(Some(sent), None)),
            "; Lamport 4, vector [3 1 0] at its send"
        );
        assert_eq!(clocks_text(&(None, None)), "");
    }
}
