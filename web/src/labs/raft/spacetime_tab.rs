//! The Logs panel's second view: the space-time diagram of the run's last moments
//! ([`crate::shell::spacetime_tab`]), a dot where a leader was elected.

use super::log_table::LogTable;
use super::state::RaftLabState;
use crate::shell::context::context;
use crate::shell::spacetime_tab::PanelOrSpaceTime;
use ddia_core::consensus::raft::{RaftNode, RaftNote};
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
    let st = context::<RaftLabState>();
    let names = Memo::new(move |_| {
        let n = st.snap.with(|s| s.nodes.len());
        (1..=n).map(|i| format!("S{i}")).collect::<Vec<_>>()
    });
    view! {
        <PanelOrSpaceTime
            name="Logs"
            panel=|| view! { <LogTable /> }
            data=move |window| {
                st.snap.track();
                st.space_time(window)
            }
            names=names
            marks_mean="amber line: RequestVote and its reply, blue: AppendEntries · dot: leader elected"
        />
    }
}
