//! A Raft server as a sans-IO [`Process`]: state of paper Figure 2 and the dispatch of
//! events to the election and replication handlers.

use super::invariants::RaftInvariant;
use super::log::RaftLog;
use super::msg::{LogIndex, RaftMsg, RaftNote, RaftReply, RaftTimer, Role, Term, CLIENT_RETRY_US};
use super::params::RaftParams;
use crate::sim::{ClientRetry, Ctx, NodeId, Process, SimTime, TimerId};
use alloc::vec;
use alloc::vec::Vec;

/// One Raft server.
///
/// Durable (survives a crash): `current_term`, `voted_for`, `log`. Everything else is
/// volatile and reset by [`Process::restarted`].
#[derive(Clone, Debug)]
pub struct RaftNode {
    pub(super) id: NodeId,
    pub(super) params: RaftParams,
    // Persistent state on all servers.
    pub(super) current_term: Term,
    pub(super) voted_for: Option<NodeId>,
    pub(super) log: RaftLog,
    // Volatile state on all servers.
    pub(super) role: Role,
    pub(super) commit_index: LogIndex,
    pub(super) leader: Option<NodeId>,
    pub(super) votes: u64,
    pub(super) election_timer: Option<TimerId>,
    pub(super) election_started: SimTime,
    pub(super) election_timeout_us: u64,
    pub(super) heartbeat_timer: Option<TimerId>,
    // Volatile state on leaders.
    pub(super) next_index: Vec<LogIndex>,
    pub(super) match_index: Vec<LogIndex>,
    pub(super) pending: Vec<LogIndex>,
}

impl RaftNode {
    /// A fresh follower `id` of a cluster described by `params`, term 0, empty log.
    pub(crate) fn new(id: NodeId, params: RaftParams) -> Self {
        RaftNode {
            id,
            params,
            current_term: 0,
            voted_for: None,
            log: RaftLog::default(),
            role: Role::Follower,
            commit_index: 0,
            leader: None,
            votes: 0,
            election_timer: None,
            election_started: SimTime::ZERO,
            election_timeout_us: params.election_max_us,
            heartbeat_timer: None,
            next_index: vec![1; params.nodes],
            match_index: vec![0; params.nodes],
            pending: Vec::new(),
        }
    }

    /// This server's id.
    pub fn id(&self) -> NodeId {
        self.id
    }
    /// currentTerm: latest term this server has seen.
    pub fn current_term(&self) -> Term {
        self.current_term
    }
    /// votedFor: candidate that received this server's vote in the current term.
    pub fn voted_for(&self) -> Option<NodeId> {
        self.voted_for
    }
    /// The log.
    pub fn log(&self) -> &RaftLog {
        &self.log
    }
    /// Follower, candidate or leader.
    pub fn role(&self) -> Role {
        self.role
    }
    /// commitIndex: highest log index known to be committed.
    pub fn commit_index(&self) -> LogIndex {
        self.commit_index
    }
    /// Who this server believes is leader of its current term.
    pub fn leader(&self) -> Option<NodeId> {
        self.leader
    }
    /// Votes received as candidate, bit i = server i.
    pub fn votes(&self) -> u64 {
        self.votes
    }
    /// nextIndex per server (meaningful on a leader).
    pub fn next_index(&self) -> &[LogIndex] {
        &self.next_index
    }
    /// matchIndex per server (meaningful on a leader).
    pub fn match_index(&self) -> &[LogIndex] {
        &self.match_index
    }
    /// The running election timer as (start, length in µs) on this server's own clock,
    /// or `None` when no election timer runs (a leader).
    pub fn election_timer(&self) -> Option<(SimTime, u64)> {
        self.election_timer
            .map(|_| (self.election_started, self.election_timeout_us))
    }

    /// (Re)arms the election timer with a fresh random timeout (paper section 5.2).
    pub(super) fn reset_election_timer(&mut self, ctx: &mut Ctx<'_, Self>) {
        if let Some(t) = self.election_timer.take() {
            ctx.cancel_timer(t);
        }
        let (lo, hi) = (self.params.election_min_us, self.params.election_max_us);
        self.election_timeout_us = ctx.rng().range_inclusive(lo, hi);
        self.election_started = ctx.now();
        self.election_timer = Some(ctx.set_timer(self.election_timeout_us, RaftTimer::Election));
    }

    pub(super) fn stop_election_timer(&mut self, ctx: &mut Ctx<'_, Self>) {
        if let Some(t) = self.election_timer.take() {
            ctx.cancel_timer(t);
        }
    }

    /// All rules for servers: a higher term makes any server a follower of that term.
    fn observe_term(&mut self, term: Term, ctx: &mut Ctx<'_, Self>) {
        if term <= self.current_term {
            return;
        }
        let was = self.role;
        self.current_term = term;
        self.voted_for = None;
        self.leader = None;
        if was != Role::Follower {
            self.become_follower(ctx);
            ctx.note(RaftNote::SteppedDown { term, was });
        }
    }

    pub(super) fn become_follower(&mut self, ctx: &mut Ctx<'_, Self>) {
        self.role = Role::Follower;
        self.votes = 0;
        self.pending.clear();
        self.reset_election_timer(ctx);
    }

    pub(super) fn peers(&self) -> impl Iterator<Item = NodeId> + '_ {
        (0..self.params.nodes).filter(move |&p| p != self.id)
    }
}

impl Process for RaftNode {
    type Msg = RaftMsg;
    type Timer = RaftTimer;
    type Request = u64;
    type Reply = RaftReply;
    type Note = RaftNote;
    type Invariant = RaftInvariant;

    fn on_start(&mut self, ctx: &mut Ctx<'_, Self>) {
        self.reset_election_timer(ctx);
    }

    fn on_message(&mut self, from: NodeId, msg: RaftMsg, ctx: &mut Ctx<'_, Self>) {
        self.observe_term(msg.term(), ctx);
        match msg {
            RaftMsg::RequestVote {
                term,
                last_log_index,
                last_log_term,
            } => self.on_request_vote(from, term, last_log_index, last_log_term, ctx),
            RaftMsg::RequestVoteReply { term, vote_granted } => {
                self.on_vote_reply(from, term, vote_granted, ctx)
            }
            RaftMsg::AppendEntries {
                term,
                prev_log_index,
                prev_log_term,
                entries,
                leader_commit,
            } => {
                let req = super::replication::Append {
                    term,
                    prev_log_index,
                    prev_log_term,
                    entries,
                    leader_commit,
                };
                self.on_append_entries(from, req, ctx)
            }
            RaftMsg::AppendEntriesReply {
                term,
                success,
                match_index,
            } => self.on_append_reply(from, term, success, match_index, ctx),
        }
    }

    fn on_timer(&mut self, timer: RaftTimer, ctx: &mut Ctx<'_, Self>) {
        match timer {
            RaftTimer::Election => {
                self.election_timer = None;
                self.start_election(ctx);
            }
            RaftTimer::Heartbeat => self.on_heartbeat_timer(ctx),
        }
    }

    fn on_client(&mut self, command: u64, ctx: &mut Ctx<'_, Self>) {
        self.on_client_command(command, ctx);
    }

    /// A redirected client retries at the leader the follower named (Raft §8); told of
    /// no leader, it gives up (narrated).
    fn client_retry(reply: &RaftReply) -> Option<ClientRetry<u64>> {
        match *reply {
            RaftReply::NotLeader {
                leader: Some(node),
                command,
            } => Some(ClientRetry {
                node,
                request: command,
                after_us: CLIENT_RETRY_US,
            }),
            _ => None,
        }
    }

    fn restarted(&self) -> Self {
        let mut fresh = RaftNode::new(self.id, self.params);
        fresh.current_term = self.current_term;
        fresh.voted_for = self.voted_for;
        fresh.log = self.log.clone();
        fresh
    }
}

/// Replies `NotLeader` to a client whose `command` reached a server which cannot take commands.
pub(super) fn not_leader(node: &RaftNode, command: u64, ctx: &mut Ctx<'_, RaftNode>) {
    ctx.reply(RaftReply::NotLeader {
        leader: node.leader,
        command,
    });
}
