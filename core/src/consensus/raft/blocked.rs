//! The messages a network partition blocks, summed up in one sentence of the event log.
//!
//! A partition blocks every message across it, every heartbeat round: narrated one
//! line per message (or per link), they scroll the story away within seconds. The
//! event log instead keeps one line per run of blocked messages (until something else
//! happens), saying who could not reach whom and what they tried to send, e.g.
//! `the partition blocks 24 messages: S1 → S3 S4 S5 (AppendEntries), S3 → S1 S2
//! (AppendEntries)`. DDIA ch. 8, "network partitions"; Raft §5.2-5.3 for the messages.

use super::narrate::server;
use super::node::RaftNode;
use crate::sim::{DropReason, Event, EventOf, NodeId};
use alloc::collections::{BTreeMap, BTreeSet};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// What one sender could not get across the partition.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Sender {
    /// The servers it could not reach.
    to: BTreeSet<NodeId>,
    /// The kinds of message blocked, in the order first seen (e.g. `AppendEntries`).
    kinds: Vec<&'static str>,
}

/// A run of messages blocked by a partition: how many, and per sender whom they were
/// for and of which kinds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Blocked {
    count: u64,
    senders: BTreeMap<NodeId, Sender>,
}

impl Blocked {
    /// Counts `event` in if it is a message the partition blocked; false (and nothing
    /// counted) for any other event.
    pub fn add(&mut self, event: &EventOf<RaftNode>) -> bool {
        let Event::Dropped {
            from,
            to,
            label,
            reason: DropReason::Partition,
            ..
        } = event
        else {
            return false;
        };
        self.count += 1;
        let sender = self.senders.entry(*from).or_default();
        sender.to.insert(*to);
        if !sender.kinds.contains(label) {
            sender.kinds.push(label);
        }
        true
    }

    /// How many messages were blocked.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// The run in one sentence, senders in id order.
    pub fn sentence(&self) -> String {
        let noun = if self.count == 1 {
            "message"
        } else {
            "messages"
        };
        let senders: Vec<String> = self
            .senders
            .iter()
            .map(|(from, s)| {
                let to: Vec<String> = s.to.iter().map(|&t| server(t)).collect();
                format!(
                    "{} → {} ({})",
                    server(*from),
                    to.join(" "),
                    s.kinds.join(", ")
                )
            })
            .collect();
        format!(
            "the partition blocks {} {noun}: {}",
            self.count,
            senders.join(", ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dropped(
        from: NodeId,
        to: NodeId,
        label: &'static str,
        reason: DropReason,
    ) -> EventOf<RaftNode> {
        Event::Dropped {
            msg: 0,
            from,
            to,
            label,
            reason,
        }
    }

    #[test]
    fn a_round_of_blocked_messages_is_one_sentence() {
        let mut b = Blocked::default();
        assert!(b.add(&dropped(0, 2, "AppendEntries", DropReason::Partition)));
        assert_eq!(
            b.sentence(),
            "the partition blocks 1 message: S1 → S3 (AppendEntries)"
        );
        for to in [3, 4, 2] {
            assert!(b.add(&dropped(0, to, "AppendEntries", DropReason::Partition)));
        }
        assert!(b.add(&dropped(2, 0, "RequestVote", DropReason::Partition)));
        assert!(b.add(&dropped(2, 1, "AppendEntries", DropReason::Partition)));
        assert_eq!(
            b.sentence(),
            "the partition blocks 6 messages: S1 → S3 S4 S5 (AppendEntries), \
             S3 → S1 S2 (RequestVote, AppendEntries)"
        );
        assert_eq!(b.count(), 6);
    }

    #[test]
    fn other_events_are_not_counted() {
        let mut b = Blocked::default();
        assert!(!b.add(&dropped(0, 2, "AppendEntries", DropReason::Loss)));
        assert!(!b.add(&Event::Crashed(1)));
        assert_eq!(b, Blocked::default());
    }
}
