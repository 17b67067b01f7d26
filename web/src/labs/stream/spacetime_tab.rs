//! The Events panel's second view in the stream lab: the space-time diagram of the
//! run's last moments ([`crate::shell::spacetime_tab`]): a lane for the broker, the
//! producer, the sink and each consumer (and the v2 builder once it works), a line per
//! message named in words (produce, fetch, records, offset commit, sink write...;
//! heartbeats hidden until asked for), a dot where a rebalance began or a consumer
//! dropped its batch. It follows the scrubber; a thin (flying) line can be dropped,
//! duplicated or held back (DDIA ch. 11's failures, made by hand).

use super::state::StreamState;
use crate::shell::context::context;
use crate::shell::event_log::EventLog;
use crate::shell::spacetime::{Quiet, MAX_LINES};
use crate::shell::spacetime_tab::PanelOrSpaceTime;
use ddia_core::sim::spacetime::space_time;
use ddia_core::sim::{Event, EventOf, Labelled, NodeId};
use ddia_core::stream::msg::{Msg, Note};
use ddia_core::stream::{narrate, Member};
use leptos::prelude::*;

/// The window the diagram opens with, µs: a quarter second already holds a few
/// hundred messages (fetches, heartbeats, records, sink writes).
const WINDOW_US: u64 = 250_000;

/// The events the stream lab marks on a lane: the broker begins a rebalance, a
/// consumer drops its batch (its generation is over).
pub fn stream_mark(e: &EventOf<Member>) -> Option<(NodeId, &'static str)> {
    match e {
        Event::Note {
            node,
            note: Note::RebalanceBegins { .. },
        } => Some((*node, "rebalance")),
        Event::Note {
            node,
            note: Note::BatchAbandoned { .. },
        } => Some((*node, "batch dropped")),
        _ => None,
    }
}

/// True for a heartbeat or its acknowledgement (hidden until asked for: they are most
/// of the lines and tell little).
pub fn heartbeat(label: &str) -> bool {
    let ack = Msg::HeartbeatAck {
        generation: 0,
        member: true,
    };
    label == Msg::Heartbeat(0).label() || label == ack.label()
}

/// A lane's name: `broker`, `producer`, `sink`, `C1`...
pub fn lane_name(node: NodeId) -> String {
    let name = narrate::node(node);
    name.strip_prefix("the ")
        .map_or(name.clone(), str::to_string)
}

/// The event log, or the space-time diagram, as the switch says.
#[component]
pub fn EventsOrSpaceTime() -> impl IntoView {
    let st = context::<StreamState>();
    let names = Memo::new(move |_| {
        let n = st.with_lab(|l| l.run.world.nodes().len());
        (0..n).map(lane_name).collect::<Vec<_>>()
    });
    view! {
        <PanelOrSpaceTime
            name="Events"
            panel=move || view! { <EventLog lines=st.log milestones="crashes and restarts, rebalances, late events" /> }
            data=move |window| st.with_lab(|l| space_time(&l.run.world, window, MAX_LINES, stream_mark))
            names=names
            marks_mean="blue: events and effects (produce, fetch, records, sink write), grey: group control · dot: a rebalance begins (broker lane) or a consumer drops its batch"
            first_window_us=WINDOW_US
            quiet=Quiet { what: "heartbeats", is: heartbeat }
            in_words=true
        />
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ddia_core::link::LabLink;
    use ddia_core::sim::SimTime;
    use ddia_core::stream::lab::StreamLab;
    use ddia_core::stream::scenario::StreamScenario;
    use ddia_core::stream::BROKER;

    #[test]
    fn lanes_are_named_as_the_event_log_names_nodes() {
        let names: Vec<String> = (0..6).map(lane_name).collect();
        assert_eq!(
            names,
            ["broker", "producer", "sink", "v2 builder", "C1", "C2"]
        );
    }

    #[test]
    fn a_rebalance_is_marked_on_the_broker_lane_and_messages_are_lines() {
        let mut lab = StreamLab::new(&StreamScenario::from_query("scn=rebalance").unwrap());
        lab.run.world.set_trace_capacity(100_000);
        lab.run_until(SimTime(1_500_000));
        let d = space_time(&lab.run.world, 1_500_000, usize::MAX, stream_mark);
        assert!(
            d.marks
                .iter()
                .any(|m| m.node == BROKER && m.text == "rebalance"),
            "{:?}",
            d.marks
        );
        assert!(d.lines.iter().any(|l| l.label == "Fetch"));
        assert!(d.lines.iter().any(|l| l.label == "Produce"));
        let beats = d.lines.iter().filter(|l| heartbeat(l.label)).count();
        assert!(
            beats > 0 && beats < d.lines.len(),
            "{beats} of {}",
            d.lines.len()
        );
    }

    /// play17b N7: the v2 builder has no lane in a run that never rebuilds, and has
    /// one in the rebuild scenario once it works.
    #[test]
    fn the_idle_v2_builder_has_no_lane() {
        use super::super::session::TRACE_CAPACITY;
        use ddia_core::stream::REBUILDER;
        let lanes = |query: &str, t: u64| {
            let mut lab = StreamLab::new(&StreamScenario::from_query(query).unwrap());
            lab.run.world.set_trace_capacity(TRACE_CAPACITY);
            lab.run_until(SimTime(t));
            space_time(&lab.run.world, 250_000, MAX_LINES, stream_mark).lanes
        };
        let plain = lanes("scn=crash-alo", 600_000);
        assert!(!plain.contains(&REBUILDER), "{plain:?}");
        assert!(plain.contains(&BROKER) && plain.len() >= 5, "{plain:?}");
        assert!(lanes("scn=rebuild", 3_000_000).contains(&REBUILDER));
    }
}
