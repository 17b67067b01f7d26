//! Single messages in the stream lab (issue 18): a message in flight on the topology
//! (or a dashed line in the space-time diagram) picked with a press opens the shell's
//! [`MessageMenu`]; dropping a Records batch, duplicating a SinkWrite or holding an
//! OffsetCommit back is recorded as an action (`D`, `U`, `H` verbs) like a crash.

use super::spacetime_tab::lane_name;
use super::state::StreamState;
use crate::shell::context::context;
use crate::shell::format::fixed;
use crate::shell::message_menu::{in_flight_title, MessageMenu, PickedMessage};
use ddia_core::sim::{Labelled, MessageAction};
use ddia_core::stream::scenario::StreamAction;
use leptos::prelude::*;

/// Radius of a message's press target around its 4-unit dot, viewBox units.
const HIT_R: f64 = 12.0;

/// Message `id` in words while it flies, e.g. `C1 → broker: Fetch`, tracked.
pub fn message_title(st: StreamState, id: u64) -> Option<String> {
    st.with_lab(|l| {
        let m = l.run.world.in_flight().find(|m| m.id == id)?;
        Some(in_flight_title(
            &lane_name(m.from),
            &lane_name(m.to),
            m.msg.label(),
            m.fate,
        ))
    })
}

/// The menu for the picked message, recording the choice as a stream action.
#[component]
pub fn StreamMessageMenu() -> impl IntoView {
    let st = context::<StreamState>();
    view! {
        <MessageMenu
            describe=move |id| message_title(st, id)
            act=move |m: MessageAction| st.act(StreamAction::Message(m))
        />
    }
}

/// Message `id`'s dot at (`x`, `y`) with class `class`, and a press target around it
/// that picks it (a press, not a click: the picture is redrawn every frame).
pub fn message_dot(id: u64, x: f64, y: f64, class: &'static str) -> impl IntoView {
    let picked = context::<PickedMessage>();
    let (cx, cy) = (fixed(x, 1), fixed(y, 1));
    view! {
        <g class="msg-pick" data-id=id class:picked=move || picked.is(id) on:pointerdown=move |_| picked.pick(id)>
            <circle class="msg-hit" cx=cx.clone() cy=cy.clone() r=fixed(HIT_R, 0) />
            <circle class=class cx=cx cy=cy r="4" />
        </g>
    }
}
