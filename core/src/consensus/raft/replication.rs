//! Log replication and commitment (Raft paper sections 5.3 and 5.4.2).

use super::msg::{Entry, LogIndex, RaftMsg, RaftNote, RaftReply, RaftTimer, Role, Term};
use super::node::{not_leader, RaftNode};
use crate::sim::{Ctx, NodeId};
use alloc::vec::Vec;

/// Most entries one AppendEntries carries.
pub const MAX_ENTRIES_PER_MESSAGE: usize = 32;

/// The fields of an AppendEntries request.
pub(super) struct Append {
    pub term: Term,
    pub prev_log_index: LogIndex,
    pub prev_log_term: Term,
    pub entries: Vec<Entry>,
    pub leader_commit: LogIndex,
}

impl RaftNode {
    /// A client command: the leader appends it and replicates it at once; any other
    /// server refuses and names the leader it knows.
    pub(super) fn on_client_command(&mut self, command: u64, ctx: &mut Ctx<'_, Self>) {
        if self.role != Role::Leader {
            not_leader(self, command, ctx);
            return;
        }
        let index = self.append(Some(command), ctx);
        self.pending.push(index);
        self.broadcast_append(ctx);
        self.advance_commit(ctx);
    }

    /// Appends a current-term entry to the leader's own log; returns its index.
    pub(super) fn append(&mut self, command: Option<u64>, ctx: &mut Ctx<'_, Self>) -> LogIndex {
        let index = self.log.push(Entry {
            term: self.current_term,
            command,
        });
        self.match_index[self.id] = index;
        ctx.note(match command {
            Some(command) => RaftNote::Appended { index, command },
            None => RaftNote::NoOp {
                index,
                commit_index: self.commit_index,
            },
        });
        index
    }

    /// Heartbeat timer: the leader sends AppendEntries to every follower.
    pub(super) fn on_heartbeat_timer(&mut self, ctx: &mut Ctx<'_, Self>) {
        self.heartbeat_timer = None;
        if self.role != Role::Leader {
            return;
        }
        self.broadcast_append(ctx);
        self.heartbeat_timer = Some(ctx.set_timer(self.params.heartbeat_us, RaftTimer::Heartbeat));
    }

    pub(super) fn broadcast_append(&mut self, ctx: &mut Ctx<'_, Self>) {
        for p in self.peers() {
            self.send_append(p, ctx);
        }
    }

    /// Sends `to` the entries from its nextIndex on (none: a heartbeat).
    fn send_append(&self, to: NodeId, ctx: &mut Ctx<'_, Self>) {
        let next = self.next_index[to];
        let prev_log_index = next - 1;
        let msg = RaftMsg::AppendEntries {
            term: self.current_term,
            prev_log_index,
            prev_log_term: self.log.term_at(prev_log_index).unwrap_or(0),
            entries: self.log.from(next, MAX_ENTRIES_PER_MESSAGE),
            leader_commit: self.commit_index,
        };
        ctx.send(to, msg);
    }

    /// AppendEntries receiver rules: reject a stale term or a log that does not contain
    /// prevLogIndex with prevLogTerm; otherwise delete conflicting entries, append the
    /// new ones and advance commitIndex to min(leaderCommit, index of last new entry).
    pub(super) fn on_append_entries(
        &mut self,
        leader: NodeId,
        req: Append,
        ctx: &mut Ctx<'_, Self>,
    ) {
        if req.term < self.current_term {
            self.reply_append(leader, false, self.log.last_index(), ctx);
            return;
        }
        if self.role != Role::Follower {
            self.become_follower(ctx);
        } else {
            self.reset_election_timer(ctx);
        }
        self.leader = Some(leader);
        if self.log.term_at(req.prev_log_index) != Some(req.prev_log_term) {
            let hint = self
                .log
                .last_index()
                .min(req.prev_log_index.saturating_sub(1));
            self.reply_append(leader, false, hint, ctx);
            return;
        }
        let last_new = req.prev_log_index + req.entries.len() as LogIndex;
        self.merge_entries(req.prev_log_index, req.entries, ctx);
        let commit = req.leader_commit.min(last_new);
        if commit > self.commit_index {
            self.commit_index = commit;
            ctx.note(RaftNote::Committed { index: commit });
        }
        self.reply_append(leader, true, last_new, ctx);
    }

    /// Appends `entries` after `prev`, truncating only at the first real conflict (a
    /// stale or duplicated AppendEntries must never shorten the log).
    fn merge_entries(&mut self, prev: LogIndex, entries: Vec<Entry>, ctx: &mut Ctx<'_, Self>) {
        for (i, entry) in entries.into_iter().enumerate() {
            let index = prev + 1 + i as LogIndex;
            match self.log.term_at(index) {
                Some(t) if t == entry.term => continue,
                Some(_) => {
                    self.log.truncate_from(index);
                    ctx.note(RaftNote::Truncated { from_index: index });
                }
                None => {}
            }
            self.log.push(entry);
        }
    }

    fn reply_append(
        &self,
        leader: NodeId,
        success: bool,
        match_index: LogIndex,
        ctx: &mut Ctx<'_, Self>,
    ) {
        let msg = RaftMsg::AppendEntriesReply {
            term: self.current_term,
            success,
            match_index,
        };
        ctx.send(leader, msg);
    }

    /// Leader side: on success raise matchIndex and nextIndex and try to commit; on
    /// failure back nextIndex up (using the follower's hint) and retry at once.
    pub(super) fn on_append_reply(
        &mut self,
        from: NodeId,
        term: Term,
        success: bool,
        match_index: LogIndex,
        ctx: &mut Ctx<'_, Self>,
    ) {
        if self.role != Role::Leader || term != self.current_term {
            return;
        }
        if success {
            let m = match_index.min(self.log.last_index());
            if m > self.match_index[from] {
                self.match_index[from] = m;
            }
            self.next_index[from] = self.next_index[from].max(self.match_index[from] + 1);
            self.advance_commit(ctx);
            if self.next_index[from] <= self.log.last_index() {
                self.send_append(from, ctx);
            }
        } else {
            let backed = (self.next_index[from] - 1).min(match_index + 1).max(1);
            if backed < self.next_index[from] {
                self.next_index[from] = backed.max(self.match_index[from] + 1);
                self.send_append(from, ctx);
            }
        }
    }

    /// Commit rule (section 5.4.2): the largest N > commitIndex stored on a majority
    /// with log[N].term == currentTerm becomes the commitIndex. Entries of earlier
    /// terms are committed only indirectly, by this rule.
    ///
    /// As raft-rs does: the majority-th largest matchIndex is the largest N stored on a
    /// majority. A log's terms never decrease, so if log[N] is of an earlier term, so
    /// is every entry below it and nothing commits. N is found among the matchIndex
    /// values themselves (the largest one that a majority has reached), without a
    /// sorted copy: O(servers²) comparisons per reply and no allocation, however many
    /// entries are uncommitted.
    pub(super) fn advance_commit(&mut self, ctx: &mut Ctx<'_, Self>) {
        let need = self.params.majority();
        if need == 0 {
            return;
        }
        // Only a value above commitIndex can move it: most replies (heartbeats answered
        // by followers that are up to date) look no further than that.
        let (matched, commit) = (&self.match_index, self.commit_index);
        let reached = |v: LogIndex| matched.iter().filter(|&&m| m >= v).count() >= need;
        let Some(n) = matched
            .iter()
            .copied()
            .filter(|&v| v > commit && reached(v))
            .max()
        else {
            return;
        };
        if self.log.term_at(n) == Some(self.current_term) {
            self.commit_to(n, ctx);
        }
    }

    fn commit_to(&mut self, index: LogIndex, ctx: &mut Ctx<'_, Self>) {
        self.commit_index = index;
        ctx.note(RaftNote::Committed { index });
        let log = &self.log;
        self.pending.retain(|&i| {
            if i > index {
                return true;
            }
            if let Some(command) = log.get(i).and_then(|e| e.command) {
                ctx.reply(RaftReply::Committed { index: i, command });
            }
            false
        });
    }
}
