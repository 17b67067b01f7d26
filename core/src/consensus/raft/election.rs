//! Leader election (Raft paper section 5.2 and the up-to-date check of 5.4.1).

use super::msg::{LogIndex, RaftMsg, RaftNote, RaftTimer, Role, Term};
use super::node::RaftNode;
use crate::sim::{Ctx, NodeId};

impl RaftNode {
    /// Election timeout: become candidate of the next term, vote for itself and ask
    /// every other server for its vote.
    pub(super) fn start_election(&mut self, ctx: &mut Ctx<'_, Self>) {
        if self.role == Role::Leader {
            return;
        }
        self.current_term += 1;
        self.role = Role::Candidate;
        self.voted_for = Some(self.id);
        self.votes = 1 << self.id;
        self.leader = None;
        ctx.note(RaftNote::ElectionTimeout {
            term: self.current_term,
        });
        self.reset_election_timer(ctx);
        let msg = RaftMsg::RequestVote {
            term: self.current_term,
            last_log_index: self.log.last_index(),
            last_log_term: self.log.last_term(),
        };
        for p in self.peers() {
            ctx.send(p, msg.clone());
        }
        self.maybe_win(ctx);
    }

    /// RequestVote receiver rules: grant at most one vote per term, and only to a
    /// candidate whose log is at least as up-to-date as ours.
    pub(super) fn on_request_vote(
        &mut self,
        candidate: NodeId,
        term: Term,
        last_log_index: LogIndex,
        last_log_term: Term,
        ctx: &mut Ctx<'_, Self>,
    ) {
        let free = self.voted_for.is_none_or(|v| v == candidate);
        let grant = term == self.current_term
            && free
            && self.log.is_up_to_date(last_log_index, last_log_term);
        if grant {
            self.voted_for = Some(candidate);
            self.reset_election_timer(ctx);
            ctx.note(RaftNote::GrantedVote { term, candidate });
        }
        ctx.send(
            candidate,
            RaftMsg::RequestVoteReply {
                term: self.current_term,
                vote_granted: grant,
            },
        );
    }

    /// Counts a vote; a majority makes the candidate leader.
    pub(super) fn on_vote_reply(
        &mut self,
        from: NodeId,
        term: Term,
        granted: bool,
        ctx: &mut Ctx<'_, Self>,
    ) {
        if self.role != Role::Candidate || term != self.current_term || !granted {
            return;
        }
        self.votes |= 1 << from;
        self.maybe_win(ctx);
    }

    fn maybe_win(&mut self, ctx: &mut Ctx<'_, Self>) {
        if self.votes.count_ones() as usize >= self.params.majority() {
            self.become_leader(ctx);
        }
    }

    /// Upon election: initialise nextIndex and matchIndex, append a no-op of the new
    /// term (paper section 8: entries of earlier terms commit only with one of the
    /// leader's own term) and send AppendEntries to every server at once.
    fn become_leader(&mut self, ctx: &mut Ctx<'_, Self>) {
        self.role = Role::Leader;
        self.leader = Some(self.id);
        self.stop_election_timer(ctx);
        let next = self.log.last_index() + 1;
        self.next_index.iter_mut().for_each(|n| *n = next);
        self.match_index.iter_mut().for_each(|m| *m = 0);
        ctx.note(RaftNote::BecameLeader {
            term: self.current_term,
            votes: self.votes,
        });
        self.append(None, ctx);
        self.broadcast_append(ctx);
        if let Some(t) = self.heartbeat_timer.take() {
            ctx.cancel_timer(t);
        }
        self.heartbeat_timer = Some(ctx.set_timer(self.params.heartbeat_us, RaftTimer::Heartbeat));
    }
}
