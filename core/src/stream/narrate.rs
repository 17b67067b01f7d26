//! Plain-language narration of a stream run for the event log, e.g. "the broker
//! declares C1 dead (no heartbeat for a session timeout): rebalance, generation 3; the
//! group pauses". Nodes are named as the link's verbs name them: the broker, the
//! producer, the sink, consumers C1..Cn.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::consumer::{CrashPoint, Guarantee};
use super::msg::{Note, RebalanceCause, Request};
use super::run::Missed;
use super::{Member, BROKER, FIRST_CONSUMER, PRODUCER, REBUILDER, SINK};
use crate::sim::{Event, EventOf, MessageAction, NodeId};

/// A node's name: `broker`, `producer`, `sink`, or `C<n>` (consumers 1-based).
pub fn node(id: NodeId) -> String {
    match id {
        BROKER => "the broker".into(),
        PRODUCER => "the producer".into(),
        SINK => "the sink".into(),
        REBUILDER => "the v2 builder".into(),
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
        RebalanceCause::Replay(p) => format!(
            "P{p}'s committed offset is set back (an admin offset reset: the group must \
             stop, so its owner starts over from there)"
        ),
    }
}

/// ", although its N effects are already in the sink" (nothing for none).
fn in_sink(written: u64) -> String {
    match written {
        0 => String::new(),
        1 => String::from(", although 1 effect of it is already in the sink"),
        n => format!(", although {n} effects of it are already in the sink"),
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
        Note::OffsetCommitted {
            member,
            partition,
            offset,
        } => format!("{} commits offset {offset} of P{partition}", node(*member)),
        Note::BatchAbandoned {
            partition,
            from,
            to,
            written,
        } => format!(
            "{} drops its batch P{partition} {from}..{to} (its generation is over){}",
            node(who),
            in_sink(*written)
        ),
        Note::CommitRefused {
            partition,
            from,
            to,
            generation,
            written,
        } => format!(
            "{} commits P{partition} up to offset {to}: refused, generation {generation} is \
             over (P{partition} has a new owner, which reads it from offset {from}){}",
            node(who),
            in_sink(*written)
        ),
        Note::SkippedByRetention {
            partition,
            from,
            to,
        } => format!(
            "{} asks P{partition} from offset {from}, but retention already deleted offsets \
             {from}..{to}: it skips {} records (each without an effect in the sink is lost) \
             and reads on from {to}",
            node(who),
            to - from
        ),
        Note::RebuildCaughtUp { read, missed } => {
            let gone = match missed {
                0 => String::new(),
                m => format!("; {m} records were deleted by retention before it got there"),
            };
            format!(
                "the v2 builder has caught up: it read every partition to its end \
                 ({read} records){gone}; compare the v2 view with the live one"
            )
        }
        Note::Trimmed { partition, count } => {
            format!("retention deletes the {count} oldest records of P{partition}")
        }
    }
}

/// Why a planned crash did not happen, for the log and beside the crash control, e.g.
/// "C1's batch 2 held 1 record: a 1-record write has no inside, so the planned crash
/// did not happen".
pub fn missed(m: &Missed, guarantee: Guarantee) -> String {
    let who = node(FIRST_CONSUMER + usize::try_from(m.plan.consumer).unwrap_or(0));
    let batch = m.plan.batch;
    let why = match (m.plan.point, m.records) {
        (_, None) => format!("{who} never held a batch {batch} (it restarted and counts again)"),
        (CrashPoint::MidWrite, Some(n)) if n < 2 => {
            format!("{who}'s batch {batch} held 1 record: a 1-record write has no inside")
        }
        (CrashPoint::MidWrite, _) if guarantee == Guarantee::ExactlyOnceAtomic => {
            format!("{who}'s batch {batch} was written in one atomic write, which has no inside")
        }
        (CrashPoint::BeforeWrite, _) if guarantee != Guarantee::AtMostOnce => format!(
            "{who} writes before it commits ({}), so in batch {batch} it never stood between \
             commit and write",
            guarantee.name()
        ),
        _ => format!("{who}'s batch {batch} was dropped before it reached the point"),
    };
    format!("{why}, so the planned crash did not happen")
}

/// One sentence for a trace event worth narrating (state changes, crashes, restarts,
/// broken invariants, a message dropped, duplicated or held by hand); `None` for
/// message traffic and timers.
pub fn event(e: &EventOf<Member>) -> Option<String> {
    match e {
        Event::Note { node: who, note: n } => Some(note(*who, n)),
        Event::ClientRequest {
            request: Request::Rebuild,
            ..
        } => Some(String::from(
            "the v2 builder starts an empty view and reads every partition from offset 0, \
             with its own positions outside the group (no rebalance)",
        )),
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
