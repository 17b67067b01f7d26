//! The legend: what the colours and shapes on the stage mean.

use super::message_view::MsgShape;
use super::palette::term_color;
use super::snapshot::MsgKind;
use crate::shell::format::{fixed, translate};
use leptos::prelude::*;

const ROW: f64 = 17.0;

/// What a click on the stage does; under the legend.
pub const STAGE_HINT: &str =
    "Click a server to crash or restart it, send it a client request, pause it, or skew or drift its clock.";

/// The legend on its own, with the hint: the drawer's "Legend" tab in the compact
/// layout, where the stage shows only the ring of servers.
#[component]
pub fn LegendCard() -> impl IntoView {
    view! {
        <section class="legend-card" aria-label="legend">
            <svg class="legend-svg" viewBox="0 0 240 316" role="img" aria-label="What the colours and shapes on the stage mean">
                <Legend x=4.0 y=18.0 />
            </svg>
            <p class="hint">{STAGE_HINT}</p>
        </section>
    }
}

/// The legend, drawn in the stage's free left column.
#[component]
pub fn Legend(x: f64, y: f64) -> impl IntoView {
    let roles = [
        ("node follower", "follower"),
        ("node candidate", "candidate"),
        ("node leader", "leader"),
        ("node crashed", "crashed"),
        ("node paused", "paused (GC)"),
    ];
    let msgs = [
        (MsgKind::RequestVote, "RequestVote"),
        (MsgKind::Vote(true), "vote granted"),
        (MsgKind::Vote(false), "vote refused"),
        (MsgKind::Heartbeat, "heartbeat (empty AppendEntries)"),
        (MsgKind::Append(2), "AppendEntries with 2 entries"),
        (MsgKind::AppendReply(true), "AppendEntries ok"),
        (MsgKind::AppendReply(false), "AppendEntries rejected"),
    ];
    let role_rows = roles.len() as f64;
    let msg_top = role_rows * ROW + 8.0;
    let misc_top = msg_top + msgs.len() as f64 * ROW + 8.0;
    view! {
        <g class="legend" transform=translate(x, y) aria-label="legend">
            <text class="legend-title" y="-8">"Legend"</text>
            {roles
                .into_iter()
                .enumerate()
                .map(|(i, (class, word))| {
                    view! {
                        <g class=class transform=translate(8.0, i as f64 * ROW + 4.0)>
                            <circle class="body" r="6"></circle>
                            <text class="legend-text" x="14" y="4">{word}</text>
                        </g>
                    }
                })
                .collect_view()}
            {msgs
                .into_iter()
                .enumerate()
                .map(|(i, (kind, word))| {
                    view! {
                        <g class=kind.class() transform=translate(8.0, msg_top + i as f64 * ROW)>
                            <MsgShape kind=kind term=1 />
                            <text class="legend-text" x="14" y="4">{word}</text>
                        </g>
                    }
                })
                .collect_view()}
            <g class="msg dropped" transform=translate(8.0, misc_top)>
                <circle r="5"></circle>
                <text class="drop-x" x="-4" y="4">"✕"</text>
                <text class="legend-text" x="14" y="4">"dropped: vanishes half-way"</text>
            </g>
            <g transform=translate(0.0, misc_top + ROW)>
                <rect class="entry committed" x="3" y="-5" width="9" height="9" rx="2" style=format!("--term: {}", term_color(1))></rect>
                <rect class="entry" x="15" y="-5" width="9" height="9" rx="2" style=format!("--term: {}", term_color(1))></rect>
                <rect class="entry unknown" x="27" y="-5" width="9" height="9" rx="2" style=format!("--term: {}", term_color(1))></rect>
                <text class="legend-text" x="42" y="3">"entry committed / not yet / down"</text>
            </g>
            <g transform=translate(0.0, misc_top + 2.0 * ROW)>
                <line class="link cut" x1="0" y1="0" x2="18" y2="0"></line>
                <text class="legend-text" x="22" y="4">"link cut by a partition"</text>
            </g>
            <g transform=translate(8.0, misc_top + 3.0 * ROW)>
                <circle class="legend-timer" r="6" pathLength="100" stroke-dasharray="65 100" transform="rotate(-90)"></circle>
                <text class="legend-text" x="14" y="4">"ring: election timeout left"</text>
            </g>
            <text class="legend-text" y=fixed(misc_top + 4.0 * ROW + 4.0, 1)>"entry colour = term (key under Logs)"</text>
        </g>
    }
}
