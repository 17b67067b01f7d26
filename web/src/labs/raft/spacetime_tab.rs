//! The Logs panel's second view: the space-time diagram of the run's last moments
//! ([`crate::shell::spacetime`]), with a switch between the two.

use super::log_table::LogTable;
use super::state::RaftLabState;
use crate::shell::spacetime::SpaceTimeView;
use ddia_core::consensus::raft::{RaftNode, RaftNote};
use ddia_core::sim::spacetime::SpaceTime;
use ddia_core::sim::{Event, EventOf, NodeId};
use leptos::prelude::*;

/// The events Raft marks on a server's lane: a leader elected.
pub fn raft_mark(e: &EventOf<RaftNode>) -> Option<(NodeId, &'static str)> {
    match e {
        Event::Note {
            node,
            note: RaftNote::BecameLeader { .. },
        } => Some((*node, "leader")),
        _ => None,
    }
}

/// The log table, or the space-time diagram, as the switch says.
#[component]
pub fn LogsOrSpaceTime() -> impl IntoView {
    let st = expect_context::<RaftLabState>();
    let diagram = RwSignal::new(false);
    let window = RwSignal::new(1_000_000u64);
    let data = Memo::new(move |_| {
        st.snap.track();
        if diagram.get() {
            st.space_time(window.get())
        } else {
            SpaceTime::default()
        }
    });
    let lanes = Signal::derive(move || st.snap.with(|s| s.nodes.len()));
    let switch = move |on: bool, name: &'static str| {
        view! {
            <button
                class="view-switch"
                aria-pressed=move || (diagram.get() == on).to_string()
                on:click=move |_| diagram.set(on)
            >
                {name}
            </button>
        }
    };
    view! {
        <div class="view-switches" role="group" aria-label="what the panel shows">
            {switch(false, "Logs")}
            {switch(true, "Space-time")}
        </div>
        <Show when=move || diagram.get() fallback=|| view! { <LogTable /> }>
            <SpaceTimeView data=data lanes=lanes window=window />
        </Show>
    }
}
