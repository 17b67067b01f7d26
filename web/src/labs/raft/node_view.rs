//! One server on the stage: its disc coloured by role, name, term, the election timer
//! ring, and on the ring's outer side its label block ([`LabelBlock`]): role (with a
//! crashed / paused mark), vote, a strip with the end of its log, its clock.

use super::layout::{node_position, ring_dash, LabelBlock, CLOCK_AT, LINE_H, STRIP_AT};
use super::palette::{command_text, term_color, EntryMark, Look};
use super::snapshot::NodeSnap;
use super::state::RaftLabState;
use crate::shell::context::context;
use crate::shell::format::{fixed, ms, short, translate};
use leptos::prelude::*;

/// Log entries shown beside a server (the log table has them all).
pub const STRIP_ENTRIES: usize = 6;
const CELL: f64 = 9.0;
const CELL_GAP: f64 = 2.0;
/// Room for the strip's `+N` (entries not shown) before its cells.
const MORE_W: f64 = 22.0;

/// Tooltip and accessible name of a server: first the words drawn on it (name, term,
/// caption), then the rest.
pub fn node_title(n: &NodeSnap) -> String {
    let vote = n.voted_for.map_or_else(
        || "no vote".to_string(),
        |v| format!("voted for S{}", v + 1),
    );
    let clock = clock_label(n).map_or_else(String::new, |c| format!(", {c}"));
    let commit = n.commit.map_or_else(
        || "commitIndex lost in the crash (volatile; term, vote and log are on disk)".into(),
        |c| format!("commitIndex {c}"),
    );
    format!(
        "S{}, term {}, {}: {vote}, log {} entries, {commit}{clock}. Click for actions.",
        n.id + 1,
        n.term,
        node_caption(n),
        n.log.len(),
    )
}

/// The server's clock against simulated time, as drawn over it when it is off (one
/// line each): `clock +200.0 ms` (the offset now), `runs 10% fast` (drift, DDIA ch. 8).
/// Empty for an exact clock.
pub fn clock_lines(n: &NodeSnap) -> Vec<String> {
    let mut lines = Vec::new();
    if n.clock_us != 0 || n.drift_ppm != 0 {
        let sign = if n.clock_us < 0 { "-" } else { "+" };
        lines.push(format!("clock {sign}{}", ms(n.clock_us.unsigned_abs())));
    }
    if n.drift_ppm != 0 {
        let way = if n.drift_ppm > 0 { "fast" } else { "slow" };
        let pct = f64::from(n.drift_ppm.unsigned_abs()) / 10_000.0;
        lines.push(format!("runs {}% {way}", short(pct, 2)));
    }
    lines
}

/// [`clock_lines`] as one phrase (`clock -1.5 ms, runs 10% fast`), or `None`.
pub fn clock_label(n: &NodeSnap) -> Option<String> {
    let lines = clock_lines(n);
    (!lines.is_empty()).then(|| lines.join(", "))
}

/// The mark drawn before a server's role when it is not running: `✕` crashed, `❚❚`
/// paused.
pub fn mark(look: Look) -> Option<&'static str> {
    match look {
        Look::Crashed => Some("✕"),
        Look::Paused => Some("❚❚"),
        Look::Role(_) => None,
    }
}

/// The second line of a server's label: its vote (on disk, so a crashed server's too),
/// or nothing.
pub fn vote_line(n: &NodeSnap) -> String {
    match (n.look, n.voted_for) {
        (Look::Paused, _) | (_, None) => String::new(),
        (_, Some(v)) => format!("voted S{}", v + 1),
    }
}

/// The line under a server: role and vote (a crashed server's vote is on disk, so it
/// is shown too).
pub fn node_caption(n: &NodeSnap) -> String {
    match (n.look, n.voted_for) {
        (Look::Paused, _) | (_, None) => n.look.word().to_string(),
        (_, Some(v)) => format!("{} · voted S{}", n.look.word(), v + 1),
    }
}

/// The server with id `id` of `n`.
#[component]
pub fn NodeView(id: usize, #[prop(into)] n: Signal<usize>) -> impl IntoView {
    let st = context::<RaftLabState>();
    let node = Memo::new(move |_| st.snap.with(|s| s.node(id).cloned()));
    let get =
        move |f: fn(&NodeSnap) -> String| node.with(|n| n.as_ref().map(f).unwrap_or_default());
    let pos = move || node_position(id, n.get());
    let block = Memo::new(move |_| LabelBlock::at(pos()));
    // The node changes every frame (its timer ring); its name, only now and then.
    let title = Memo::new(move |_| get(node_title));
    let anchor = move || format!("text-anchor: {}", block.get().anchor);
    let look = move || node.with(|n| n.as_ref().map_or(Look::Crashed, |n| n.look));
    let timer = move || node.with(|n| n.as_ref().and_then(|n| n.timer_left));
    let select = move || {
        st.selected
            .update(|s| *s = if *s == Some(id) { None } else { Some(id) })
    };
    view! {
        <g
            class=move || look().class()
            class:selected=move || st.selected.get() == Some(id)
            data-node=id + 1
            data-role=move || look().word()
            data-term=move || get(|n| n.term.to_string())
            transform=move || {
                let p = pos();
                translate(p.x, p.y)
            }
            on:click=move |ev| {
                ev.stop_propagation();
                select();
            }
        >
            // The drawn words are hidden from assistive technology: the button over the
            // server (below) says them all in its name.
            <g aria-hidden="true">
            <circle class="halo" r="44"></circle>
            <circle class="timer-track" r="37"></circle>
            <circle
                class="timer"
                r="37"
                pathLength="100"
                transform="rotate(-90)"
                visibility=move || if timer().is_some() { "visible" } else { "hidden" }
                stroke-dasharray=move || ring_dash(timer().unwrap_or(0.0))
            ></circle>
            <circle class="body" r="30"></circle>
            <text class="name" y="-2">{format!("S{}", id + 1)}</text>
            <text class="term" y="14">{move || get(|n| format!("term {}", n.term))}</text>
            <text class="caption" y=move || fixed(block.get().baseline(block.get().caption_at(0)), 1) style=anchor>
                {move || mark(look()).map(|m| view! { <tspan class="mark">{m} " "</tspan> })}
                {move || look().word()}
            </text>
            <text class="caption vote" y=move || fixed(block.get().baseline(block.get().caption_at(1)), 1) style=anchor>
                {move || get(vote_line)}
            </text>
            <LogStrip node=node block=block />
            {move || {
                let b = block.get();
                let lines = node.with(|n| n.as_ref().map(clock_lines).unwrap_or_default());
                let last = lines.len().saturating_sub(1);
                lines
                    .into_iter()
                    .enumerate()
                    .map(|(i, line)| {
                        // Top to bottom on either side of the server.
                        let k = if b.down > 0.0 { i } else { last - i };
                        let y = b.baseline(CLOCK_AT + LINE_H * k as f64);
                        view! { <text class="clock" y=fixed(y, 1) style=anchor()>{line}</text> }
                    })
                    .collect_view()
            }}
            </g>
            // The server as a control: a transparent disc over it, with no text inside,
            // so its accessible name is all a screen reader hears (axe-core:
            // label-content-name-mismatch).
            <circle
                class="hit"
                r="44"
                role="button"
                tabindex="0"
                aria-label=title
                on:keydown=move |ev| {
                    if ev.key() == "Enter" {
                        select();
                    }
                }
            >
                <title>{title}</title>
            </circle>
        </g>
    }
}

/// The last [`STRIP_ENTRIES`] log entries of a server, after a `+N` for the entries
/// not shown: filled when committed, hollow when not, dashed when its commitIndex was
/// lost in a crash, coloured by term.
#[component]
fn LogStrip(node: Memo<Option<NodeSnap>>, block: Memo<LabelBlock>) -> impl IntoView {
    let strip = Memo::new(move |_| {
        node.with(|n| {
            n.as_ref().map_or_else(Vec::new, |n| {
                let skip = n.log.len().saturating_sub(STRIP_ENTRIES);
                n.log
                    .iter()
                    .enumerate()
                    .skip(skip)
                    .map(|(i, e)| {
                        let index = i as u64 + 1;
                        (index, e.term, e.command, EntryMark::of(index, n.commit))
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    let hidden = move || {
        node.with(|n| {
            n.as_ref()
                .map_or(0, |n| n.log.len().saturating_sub(STRIP_ENTRIES))
        })
    };
    move || {
        let cells = strip.get();
        let more = hidden();
        let block = block.get();
        let more_w = if more > 0 { MORE_W } else { 0.0 };
        let width = cells.len() as f64 * (CELL + CELL_GAP) - CELL_GAP;
        let left = block.left(more_w + width);
        let x0 = left + more_w;
        let top = block.band_top(STRIP_AT, CELL);
        view! {
            <g class="strip" transform=format!("translate(0 {})", fixed(top, 1))>
                {(more > 0).then(|| view! {
                    <text class="strip-more" x=fixed(left, 1) y="8">{format!("+{more}")}</text>
                })}
                {cells
                    .into_iter()
                    .enumerate()
                    .map(|(k, (index, term, command, mark))| {
                        view! {
                            <rect
                                class=format!("entry {}", mark.class())
                                x=fixed(x0 + k as f64 * (CELL + CELL_GAP), 1)
                                y="0"
                                width=fixed(CELL, 0)
                                height=fixed(CELL, 0)
                                rx="2"
                                style=format!("--term: {}", term_color(term))
                            >
                                <title>
                                    {format!(
                                        "index {index}, term {term}, {}, {}",
                                        command_text(command),
                                        mark.words(),
                                    )}
                                </title>
                            </rect>
                        }
                    })
                    .collect_view()}
            </g>
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ddia_core::consensus::raft::Role;

    fn snap(look: Look, voted_for: Option<usize>) -> NodeSnap {
        NodeSnap {
            id: 2,
            look,
            term: 4,
            voted_for,
            leader: None,
            log: std::sync::Arc::from([]),
            commit: Some(0),
            timer_left: None,
            clock_us: 0,
            drift_ppm: 0,
        }
    }

    #[test]
    fn captions_and_titles_read_well() {
        assert_eq!(
            node_caption(&snap(Look::Role(Role::Follower), Some(0))),
            "follower · voted S1"
        );
        assert_eq!(
            node_caption(&snap(Look::Crashed, Some(0))),
            "crashed · voted S1"
        );
        let mut down = snap(Look::Crashed, None);
        down.commit = None;
        assert!(node_title(&down).contains("commitIndex lost in the crash"));
        let t = node_title(&snap(Look::Role(Role::Leader), Some(2)));
        assert!(
            t.starts_with("S3, term 4, leader · voted S3: voted for S3"),
            "{t}"
        );
        let mut skewed = snap(Look::Role(Role::Follower), None);
        assert_eq!(clock_label(&skewed), None);
        skewed.clock_us = 200_000;
        assert_eq!(clock_label(&skewed).as_deref(), Some("clock +200.0 ms"));
        skewed.clock_us = -1_500;
        skewed.drift_ppm = 100_000;
        assert_eq!(
            clock_label(&skewed).as_deref(),
            Some("clock -1.5 ms, runs 10% fast")
        );
        assert!(node_title(&skewed).contains("clock -1.5 ms, runs 10% fast"));
    }
}
