//! Words for any kernel event: the protocol's own narration where it has one, and a
//! short technical line for routine traffic (shown when stepping one event at a time).

use ddia_core::consensus::raft::{narrate, RaftNode, RaftTimer};
use ddia_core::sim::{DropReason, Event, EventOf};

/// One line for `event`.
pub fn event(event: &EventOf<RaftNode>) -> String {
    if let Some(text) = narrate::event(event) {
        return text;
    }
    let s = |id: usize| narrate::server(id);
    match event {
        Event::Sent {
            from, to, label, ..
        } => format!("{} sends {label} to {}", s(*from), s(*to)),
        Event::Delivered {
            from, to, label, ..
        } => format!("{} receives {label} from {}", s(*to), s(*from)),
        Event::Dropped {
            from,
            to,
            label,
            reason,
            ..
        } => {
            let why = match reason {
                DropReason::Loss => "lost by the network",
                DropReason::Partition => "blocked by the partition",
                DropReason::NodeDown => "not received: the server is down",
                DropReason::ByHand => "dropped by you",
            };
            format!("{label} {} → {} {why}", s(*from), s(*to))
        }
        Event::Duplicated { msg, copy } => {
            format!("message #{msg} goes twice (the copy is #{copy})")
        }
        Event::TimerFired { node, timer } => match timer {
            RaftTimer::Election => format!("{}'s election timer fires", s(*node)),
            RaftTimer::Heartbeat => format!("{}'s heartbeat timer fires", s(*node)),
        },
        Event::Crashed(n) => format!("{} is down", s(*n)),
        Event::Restarted(n) => format!("{} boots from its durable state", s(*n)),
        Event::ClientRequest { node, request } => {
            format!("{} receives client command x={request}", s(*node))
        }
        _ => String::from("(event)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routine_traffic_gets_a_line_too() {
        let e: EventOf<RaftNode> = Event::Sent {
            msg: 1,
            from: 0,
            to: 2,
            label: "RequestVote",
        };
        assert_eq!(event(&e), "S1 sends RequestVote to S3");
        let e: EventOf<RaftNode> = Event::Dropped {
            msg: 1,
            from: 1,
            to: 0,
            label: "AppendEntries",
            reason: DropReason::Loss,
        };
        assert!(event(&e).contains("lost"));
        let e: EventOf<RaftNode> = Event::Crashed(3);
        assert_eq!(event(&e), "S4 is down");
    }
}
