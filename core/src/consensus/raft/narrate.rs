//! Plain-language narration of a Raft run for the event log, e.g.
//! "S3 times out, starts term 4" or "S1 becomes leader of term 4 with votes from S1 S2 S4".
//! Servers are named S1..Sn (1-based), as in the Raft paper's figures.

use super::msg::{LogIndex, RaftMsg, RaftNote, RaftReply, Role, CLIENT_RETRY_US};
use super::scenario::{ms, percent};
use crate::sim::{Action, Event, EventOf, LinkFaults, MessageAction, NodeId};
use alloc::format;
use alloc::string::String;

use super::node::RaftNode;

/// `S<id+1>`.
pub fn server(id: NodeId) -> String {
    format!("S{}", id + 1)
}

/// Servers whose bit is set in `mask`, e.g. `S1 S2 S4`.
pub fn servers(mask: u64) -> String {
    let names: alloc::vec::Vec<String> = (0..64)
        .filter(|i| mask & (1u64 << i) != 0)
        .map(server)
        .collect();
    names.join(" ")
}

fn role(r: Role) -> &'static str {
    match r {
        Role::Follower => "follower",
        Role::Candidate => "candidate",
        Role::Leader => "leader",
    }
}

/// One sentence for a server's narrated state change.
pub fn note(node: NodeId, note: &RaftNote) -> String {
    let s = server(node);
    match *note {
        RaftNote::ElectionTimeout { term } => format!("{s} times out, starts term {term}"),
        RaftNote::GrantedVote { term, candidate } => {
            format!("{s} votes for {} in term {term}", server(candidate))
        }
        RaftNote::BecameLeader { term, votes } => format!(
            "{s} becomes leader of term {term} with votes from {}",
            servers(votes)
        ),
        RaftNote::SteppedDown { term, was } => {
            format!("{s} sees term {term} and steps down from {}", role(was))
        }
        RaftNote::Appended { index, command } => {
            format!("{s} appends x={command} at index {index}")
        }
        RaftNote::NoOp {
            index,
            commit_index,
        } => no_op(&s, index, commit_index),
        RaftNote::Truncated { from_index } => {
            format!("{s} deletes conflicting entries from index {from_index}")
        }
        RaftNote::Committed { index } => format!("{s} commits up to index {index}"),
    }
}

/// A new leader's no-op in words: what it commits with it when entries from earlier
/// terms are uncommitted (Raft §5.4.2: those commit only through an entry of the
/// leader's own term), otherwise what it is for (Raft §8: committing it tells the
/// leader which entries are committed).
fn no_op(s: &str, index: LogIndex, commit_index: LogIndex) -> String {
    let first = commit_index + 1;
    let last = index - 1;
    let earlier = match last.checked_sub(first) {
        None => {
            return format!(
                "{s} appends a no-op at index {index}, the first entry of its term: once \
                 it commits, {s} knows what is committed (Raft §8)"
            )
        }
        Some(0) => format!("index {first}"),
        Some(_) => format!("indices {first}-{last}"),
    };
    format!(
        "{s} appends a no-op at index {index}, the first entry of its term: committing it \
         commits {earlier} from earlier terms too (Raft §5.4.2)"
    )
}

fn action(a: &Action<u64>) -> String {
    match a {
        Action::Crash(n) => format!("{} crashes", server(*n)),
        Action::Restart(n) => format!("{} restarts", server(*n)),
        Action::Pause { node, for_us } => {
            format!("{} pauses for {} ms", server(*node), ms(*for_us))
        }
        Action::Skew { node, skew_us } => {
            let sign = if *skew_us < 0 { "-" } else { "" };
            let off = ms(skew_us.unsigned_abs());
            format!(
                "{}'s clock is set {sign}{off} ms off: its timers count durations, so a \
                 steady offset moves none of them (Raft §5.6: safety never depends on clocks)",
                server(*node)
            )
        }
        Action::Drift { node, ppm } => drift(*node, *ppm),
        Action::Partition { side } => format!("network partition: {{{}}} | rest", servers(*side)),
        Action::CutLink { from, to } => {
            format!("link {} → {} is cut", server(*from), server(*to))
        }
        Action::Heal => String::from("the network heals"),
        Action::SetLinks(l) => format!("links now {}", faults(l)),
        Action::SetLink {
            from,
            to,
            faults: l,
        } => format!("link {} → {} now {}", server(*from), server(*to), faults(l)),
        Action::Client { node, request } => {
            format!("a client sends x={request} to {}", server(*node))
        }
        Action::DropMessage(id) => MessageAction::Drop(*id).describe(),
        Action::DuplicateMessage(id) => MessageAction::Duplicate(*id).describe(),
        &Action::HoldMessage { msg, for_us } => MessageAction::Hold { msg, for_us }.describe(),
    }
}

/// A drift rate in words, e.g. `S2's clock now runs 100000 ppm (10%) fast: its
/// election timeouts end sooner`.
fn drift(node: NodeId, ppm: i32) -> String {
    let s = server(node);
    if ppm == 0 {
        return format!("{s}'s clock stops drifting");
    }
    let (way, effect) = if ppm > 0 {
        ("fast", "sooner")
    } else {
        ("slow", "later")
    };
    let rate = ppm.unsigned_abs();
    format!(
        "{s}'s clock now runs {rate} ppm ({}%) {way}: its timeouts end {effect} in real time",
        percent(rate)
    )
}

/// A link's behaviour in words, numbers written as the link writes them (exactly:
/// 2.5 % loss reads "loss 2.5%"), e.g. `5-15 ms, loss 2.5%, duplication 0%`.
fn faults(l: &LinkFaults) -> String {
    format!(
        "{}-{} ms, loss {}%, duplication {}%",
        ms(l.latency_min_us),
        ms(l.latency_max_us),
        percent(l.loss_ppm),
        percent(l.dup_ppm)
    )
}

/// One sentence for an event worth showing in the log, or `None` for routine traffic
/// (sends, deliveries, heartbeat timers, drops) that would drown the story. Messages
/// blocked by a partition are summed up per run instead ([`super::blocked::Blocked`]).
pub fn event(e: &EventOf<RaftNode>) -> Option<String> {
    Some(match e {
        Event::Note { node, note: n } => note(*node, n),
        Event::Applied(a) => action(a),
        Event::Crashed(_) | Event::Restarted(_) => return None,
        Event::Resumed(n) => format!("{} resumes after its pause", server(*n)),
        Event::ClientReply { node, reply } => match reply {
            RaftReply::Committed { index, command } => format!(
                "{} tells the client x={command} is committed at index {index}",
                server(*node)
            ),
            RaftReply::NotLeader {
                leader: Some(l),
                command,
            } => format!(
                "{} is not the leader; it redirects to {}, where the client retries x={command} \
                 {} ms later (a client round trip)",
                server(*node),
                server(*l),
                ms(CLIENT_RETRY_US)
            ),
            RaftReply::NotLeader {
                leader: None,
                command,
            } => format!(
                "{} is not the leader and knows no leader: the client gives up on x={command} \
                 (a real client would retry later, Raft §8)",
                server(*node)
            ),
        },
        Event::ClientUnavailable { node } => {
            format!("{} is down: the client gets no answer", server(*node))
        }
        Event::InvariantViolated { invariant, detail } => {
            format!("INVARIANT VIOLATED: {invariant}: {detail}")
        }
        Event::TimerFired { .. }
        | Event::Sent { .. }
        | Event::Delivered { .. }
        | Event::Dropped { .. }
        | Event::Duplicated { .. }
        | Event::ClientRequest { .. } => return None,
    })
}

/// True for the turns of the story a reader looks for in a long log: timeouts and new
/// terms, leaders elected and stepping down, commits, truncations, the inputs applied
/// (faults and client commands), and invariant violations. Votes, appends, redirects
/// and blocked messages are routine.
pub fn milestone(e: &EventOf<RaftNode>) -> bool {
    match e {
        Event::Note { note, .. } => matches!(
            note,
            RaftNote::ElectionTimeout { .. }
                | RaftNote::BecameLeader { .. }
                | RaftNote::SteppedDown { .. }
                | RaftNote::Committed { .. }
                | RaftNote::Truncated { .. }
        ),
        Event::Applied(_)
        | Event::Resumed(_)
        | Event::InvariantViolated { .. }
        | Event::ClientReply {
            reply: RaftReply::Committed { .. },
            ..
        } => true,
        _ => false,
    }
}

/// A short description of a message for tooltips, e.g. `AppendEntries t3 prev 4/2 +2`.
pub fn message(m: &RaftMsg) -> String {
    match m {
        RaftMsg::RequestVote {
            term,
            last_log_index,
            last_log_term,
        } => format!("RequestVote term {term}, last log {last_log_index}/{last_log_term}"),
        RaftMsg::RequestVoteReply { term, vote_granted } => format!(
            "Vote {} (term {term})",
            if *vote_granted { "granted" } else { "refused" }
        ),
        RaftMsg::AppendEntries {
            term,
            prev_log_index,
            entries,
            leader_commit,
            ..
        } if entries.is_empty() => {
            format!("Heartbeat term {term}, prev {prev_log_index}, commit {leader_commit}")
        }
        RaftMsg::AppendEntries {
            term,
            prev_log_index,
            entries,
            leader_commit,
            ..
        } => format!(
            "AppendEntries term {term}, prev {prev_log_index}, {} entries, commit {leader_commit}",
            entries.len()
        ),
        RaftMsg::AppendEntriesReply {
            term,
            success,
            match_index,
        } => format!(
            "AppendEntries {} (term {term}, match {match_index})",
            if *success { "ok" } else { "rejected" }
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_no_op_claims_earlier_entries_only_when_some_are_uncommitted() {
        let first = RaftNote::NoOp {
            index: 1,
            commit_index: 0,
        };
        let all_committed = RaftNote::NoOp {
            index: 3,
            commit_index: 2,
        };
        for n in [first, all_committed] {
            let text = note(0, &n);
            assert!(
                text.ends_with("S1 knows what is committed (Raft §8)"),
                "{text}"
            );
        }
        let one = RaftNote::NoOp {
            index: 3,
            commit_index: 1,
        };
        assert!(note(1, &one).ends_with("commits index 2 from earlier terms too (Raft §5.4.2)"));
        let two = RaftNote::NoOp {
            index: 4,
            commit_index: 1,
        };
        assert!(note(1, &two).ends_with("commits indices 2-3 from earlier terms too (Raft §5.4.2)"));
    }

    #[test]
    fn numbers_read_as_the_link_writes_them() {
        // A 2.5 % loss used to read "loss 2%" while the link kept 2.5.
        let l = LinkFaults {
            latency_min_us: 5_500,
            latency_max_us: 15_000,
            loss_ppm: 25_000,
            dup_ppm: 1,
        };
        assert_eq!(
            action(&Action::SetLinks(l)),
            "links now 5.5-15 ms, loss 2.5%, duplication 0.0001%"
        );
        assert_eq!(
            action(&Action::SetLink {
                from: 0,
                to: 1,
                faults: l
            }),
            "link S1 → S2 now 5.5-15 ms, loss 2.5%, duplication 0.0001%"
        );
        let pause = Action::Pause {
            node: 2,
            for_us: 200_500,
        };
        assert_eq!(action(&pause), "S3 pauses for 200.5 ms");
        let skew = Action::Skew {
            node: 0,
            skew_us: -5_250,
        };
        assert!(action(&skew).starts_with("S1's clock is set -5.25 ms off: "));
        let drift = Action::Drift {
            node: 1,
            ppm: -100_000,
        };
        assert_eq!(
            action(&drift),
            "S2's clock now runs 100000 ppm (10%) slow: its timeouts end later in real time"
        );
    }
}
