//! Plain-language narration of a stream run for the event log, e.g. "the broker
//! declares C1 dead (no heartbeat for a session timeout): rebalance, generation 3; the
//! group pauses". Nodes are named as the link's verbs name them: the broker, the
//! producer, the sink, consumers C1..Cn.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::msg::{Note, RebalanceCause};
use super::{Member, BROKER, FIRST_CONSUMER, PRODUCER, SINK};
use crate::sim::{Event, EventOf, MessageAction, NodeId};

/// A node's name: `broker`, `producer`, `sink`, or `C<n>` (consumers 1-based).
pub fn node(id: NodeId) -> String {
    match id {
        BROKER => "the broker".into(),
        PRODUCER => "the producer".into(),
        SINK => "the sink".into(),
        c => format!("C{}", c + 1 - FIRST_CONSUMER),
    }
}

fn cause(c: RebalanceCause) -> String {
    match c {
        RebalanceCause::Joined(m) => format!("{} joins", node(m)),
        RebalanceCause::Left(m) => format!("{} leaves", node(m)),
        RebalanceCause::Expired(m) => {
            format!(
                "{} is declared dead (no heartbeat for a session timeout)",
                node(m)
            )
        }
        RebalanceCause::Replay(p) => format!("partition {p} is replayed"),
    }
}

/// One sentence for a narrated state change of `who`.
pub fn note(who: NodeId, n: &Note) -> String {
    match n {
        Note::RebalanceBegins {
            generation,
            cause: c,
        } => format!(
            "{}: rebalance to generation {generation}; the group pauses",
            cause(*c)
        ),
        Note::Assigned {
            generation,
            assignment,
        } => {
            let parts: Vec<String> = assignment
                .iter()
                .map(|(m, ps)| {
                    let list: Vec<String> = ps.iter().map(|p| format!("P{p}")).collect();
                    let list = if list.is_empty() {
                        String::from("nothing")
                    } else {
                        list.join(" ")
                    };
                    format!("{} reads {list}", node(*m))
                })
                .collect();
            format!("generation {generation} assigned: {}", parts.join(", "))
        }
        Note::BatchDone { partition, offset } => {
            format!(
                "{} is done with P{partition} up to offset {offset}",
                node(who)
            )
        }
        Note::BatchAbandoned { partition } => format!(
            "{} drops its batch of P{partition} (its generation is over)",
            node(who)
        ),
        Note::Trimmed { partition, count } => {
            format!("retention deletes the {count} oldest records of P{partition}")
        }
    }
}

/// One sentence for a trace event worth narrating (state changes, crashes, restarts,
/// broken invariants, a message dropped, duplicated or held by hand); `None` for
/// message traffic and timers.
pub fn event(e: &EventOf<Member>) -> Option<String> {
    match e {
        Event::Note { node: who, note: n } => Some(note(*who, n)),
        Event::Crashed(n) => Some(format!("{} crashes", node(*n))),
        Event::Restarted(n) => Some(format!("{} restarts", node(*n))),
        Event::Resumed(n) => Some(format!("{} resumes after a pause", node(*n))),
        Event::InvariantViolated { invariant, detail } => {
            Some(format!("{invariant} broken: {detail}"))
        }
        Event::Applied(a) => MessageAction::of(a).map(MessageAction::describe),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn notes_read_as_sentences() {
        let expired = Note::RebalanceBegins {
            generation: 3,
            cause: RebalanceCause::Expired(FIRST_CONSUMER),
        };
        assert_eq!(
            note(BROKER, &expired),
            "C1 is declared dead (no heartbeat for a session timeout): rebalance to \
             generation 3; the group pauses"
        );
        let assigned = Note::Assigned {
            generation: 3,
            assignment: vec![
                (FIRST_CONSUMER + 1, vec![0, 2]),
                (FIRST_CONSUMER + 2, vec![]),
            ],
        };
        assert_eq!(
            note(BROKER, &assigned),
            "generation 3 assigned: C2 reads P0 P2, C3 reads nothing"
        );
        assert_eq!(
            event(&Event::Crashed(SINK)).as_deref(),
            Some("the sink crashes")
        );
        let dropped = Event::Applied(MessageAction::Drop(9).action());
        assert_eq!(event(&dropped).as_deref(), Some("you drop message #9"));
    }
}
