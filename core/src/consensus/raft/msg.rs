//! Raft's messages, log entries, timers, client replies and narrated notes, after
//! Figure 2 of the Raft paper (Ongaro & Ousterhout, "In Search of an Understandable
//! Consensus Algorithm", 2014). The sender's id is the kernel's `from`, so
//! `candidateId` and `leaderId` are not repeated inside the messages.

use crate::sim::{Labelled, NodeId};
use alloc::vec::Vec;

/// Raft term number; starts at 0, increases by one per election.
pub type Term = u64;
/// 1-based log index; 0 means "before the first entry".
pub type LogIndex = u64;

/// One log entry: the term in which a leader created it and the client's command, or
/// `None` for the no-op a new leader appends at the start of its term (Raft §8, §5.4.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Entry {
    /// Term of the leader that appended it.
    pub term: Term,
    /// The client's command (an opaque number, shown as `x=<value>`); `None`: no-op.
    pub command: Option<u64>,
}

/// Messages between Raft servers (paper Figure 2).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum RaftMsg {
    /// A candidate asks for a vote (paper section 5.2).
    RequestVote {
        term: Term,
        last_log_index: LogIndex,
        last_log_term: Term,
    },
    /// The answer to RequestVote.
    RequestVoteReply { term: Term, vote_granted: bool },
    /// Log replication; with no entries it is a heartbeat (paper section 5.3).
    AppendEntries {
        term: Term,
        prev_log_index: LogIndex,
        prev_log_term: Term,
        entries: Vec<Entry>,
        leader_commit: LogIndex,
    },
    /// The answer to AppendEntries. On success `match_index` is the index of the last
    /// entry the follower now shares with the leader; on failure it is the follower's
    /// last log index (a hint to back `nextIndex` up faster).
    AppendEntriesReply {
        term: Term,
        success: bool,
        match_index: LogIndex,
    },
}

impl RaftMsg {
    /// The sender's term.
    pub fn term(&self) -> Term {
        match self {
            RaftMsg::RequestVote { term, .. }
            | RaftMsg::RequestVoteReply { term, .. }
            | RaftMsg::AppendEntries { term, .. }
            | RaftMsg::AppendEntriesReply { term, .. } => *term,
        }
    }

    /// True for an AppendEntries that carries no entries.
    pub fn is_heartbeat(&self) -> bool {
        matches!(self, RaftMsg::AppendEntries { entries, .. } if entries.is_empty())
    }
}

impl Labelled for RaftMsg {
    fn label(&self) -> &'static str {
        match self {
            RaftMsg::RequestVote { .. } => "RequestVote",
            RaftMsg::RequestVoteReply { .. } => "RequestVoteReply",
            RaftMsg::AppendEntries { .. } => "AppendEntries",
            RaftMsg::AppendEntriesReply { .. } => "AppendEntriesReply",
        }
    }
}

/// What a Raft timer is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RaftTimer {
    /// Follower or candidate heard nothing from a leader in time.
    Election,
    /// Leader's turn to send AppendEntries (heartbeats) to every follower.
    Heartbeat,
}

/// How long a redirected client takes to reach the leader it was named: the reply's way
/// back and the request's way to the leader, each the default link's 10 ms mean
/// latency ([`crate::sim::LinkFaults::default`]), microseconds.
pub const CLIENT_RETRY_US: u64 = 20_000;

/// A server's answer to a client command.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RaftReply {
    /// The command is committed at `index`.
    Committed { index: LogIndex, command: u64 },
    /// This server is not the leader of `command`; `leader` is who it believes leads,
    /// if anyone (the client retries there, [`CLIENT_RETRY_US`] later).
    NotLeader {
        leader: Option<NodeId>,
        command: u64,
    },
}

/// Role of a server (paper Figure 4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// Passive: answers leaders and candidates.
    Follower,
    /// Asking for votes in its term.
    Candidate,
    /// Accepts client commands and replicates them.
    Leader,
}

/// A narrated change of a server's state, for the event log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RaftNote {
    /// The election timer fired; the server became candidate of `term`.
    ElectionTimeout { term: Term },
    /// The server granted its vote in `term` to `candidate`.
    GrantedVote { term: Term, candidate: NodeId },
    /// Won the election of `term` with the votes in bit mask `votes` (bit i = server i).
    BecameLeader { term: Term, votes: u64 },
    /// Saw a higher `term` and fell back to follower (it was `was`).
    SteppedDown { term: Term, was: Role },
    /// The leader appended client command `command` at `index`.
    Appended { index: LogIndex, command: u64 },
    /// A new leader appended its start-of-term no-op at `index` while its commitIndex
    /// was `commit_index`: entries `commit_index + 1 .. index` are from earlier terms and
    /// commit with it (Raft §5.4.2, §8).
    NoOp {
        index: LogIndex,
        commit_index: LogIndex,
    },
    /// A conflicting suffix was removed from `from_index` on.
    Truncated { from_index: LogIndex },
    /// commitIndex advanced to `index`.
    Committed { index: LogIndex },
}
