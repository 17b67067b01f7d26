//! Raft's safety properties (paper Figure 3), checked after every event.
//!
//! - Election Safety: at most one leader per term.
//! - Leader Append-Only: a leader never overwrites or deletes entries in its log.
//! - Log Matching: two logs with an entry of the same index and term are identical up
//!   to that index.
//! - Leader Completeness: an entry committed in term T is in the log of every leader of
//!   a term after T.
//! - State Machine Safety: no two servers commit different entries at one index.
//!
//! Logs are compared through their prefix digests ([`RaftLog::prefix_digest`]), so
//! comparing two prefixes costs O(1) however long the logs grow. Per event, a check
//! costs O(servers) while no log changes. When server i's log changes, Log Matching
//! walks each other log back from the shorter end to the last index whose terms agree
//! (one step when the logs agree at their ends, at most the shorter log's length after a
//! conflict), and Leader Completeness takes the highest commit of the earlier terms
//! (O(terms) for a leader).
//!
//! On the way the checker keeps a short history of every term ([`TermHistory`]: who
//! stood, who led, when), which the book scenarios read to tell what has happened.

use super::log::RaftLog;
use super::msg::{LogIndex, Role, Term};
use super::node::RaftNode;
use crate::sim::rewind_vec::SharedVec;
use crate::sim::{Checker, Node, NodeId, SimTime, Violation};
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

/// Raft's safety properties (paper Figure 3), as a violation names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RaftInvariant {
    /// At most one leader per term (§5.2).
    ElectionSafety,
    /// A leader never overwrites or deletes entries in its log (§5.3).
    LeaderAppendOnly,
    /// Two logs with an entry of the same index and term are identical up to it (§5.3).
    LogMatching,
    /// An entry committed in term T is in the log of every leader of a later term
    /// (§5.4).
    LeaderCompleteness,
    /// No two servers apply different entries at one index (§5.4.3).
    StateMachineSafety,
}

impl fmt::Display for RaftInvariant {
    /// The property's name as the paper writes it, e.g. `Election Safety`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RaftInvariant::ElectionSafety => "Election Safety",
            RaftInvariant::LeaderAppendOnly => "Leader Append-Only",
            RaftInvariant::LogMatching => "Log Matching",
            RaftInvariant::LeaderCompleteness => "Leader Completeness",
            RaftInvariant::StateMachineSafety => "State Machine Safety",
        })
    }
}

/// What the checker saw of one term, after every event of the run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TermHistory {
    /// Servers seen as candidate of the term, bit i = server i.
    pub candidates: u64,
    /// The server seen leading the term, if any (Election Safety allows one).
    pub leader: Option<NodeId>,
    /// When the leader was first seen leading (meaningful when `leader` is set).
    pub led_from: SimTime,
    /// When the leader was last seen leading while running: a frozen (paused) leader
    /// does not count until it resumes, and a crashed one not at all.
    pub led_until: SimTime,
    /// The leader's last log index when last seen leading: as a leader only appends,
    /// the furthest its log grew in the term.
    pub last_index: LogIndex,
}

/// Remembers what it has seen so that properties spanning time can be checked.
#[derive(Clone, Default)]
pub struct RaftChecker {
    /// What was seen of each term (its leader checks Election Safety).
    terms: BTreeMap<Term, TermHistory>,
    /// Per leader: its term, and its last index and prefix digest when last checked.
    leader_logs: BTreeMap<NodeId, (Term, LogIndex, u64)>,
    /// Per server: last index and its prefix digest when last checked.
    seen: Vec<(LogIndex, u64)>,
    /// Prefix digest of each index of the longest committed prefix seen.
    committed: SharedVec<u64>,
    /// For each term, the highest index first seen committed by a server of that term
    /// (at least the term that committed it).
    committed_by_term: BTreeMap<Term, LogIndex>,
    /// The last answer of [`RaftChecker::must_hold`]: (term, highest index committed in
    /// the terms before it). A leader is checked after every event and its term rarely
    /// changes, while the walk over the earlier terms grows with the run; forgotten
    /// whenever `committed_by_term` changes.
    must_hold: Option<(Term, LogIndex)>,
}

fn violation(invariant: RaftInvariant, detail: String) -> Result<(), Violation<RaftInvariant>> {
    Err(Violation { invariant, detail })
}

fn tip(log: &RaftLog) -> (LogIndex, u64) {
    let last = log.last_index();
    (last, log.prefix_digest(last).unwrap_or(0))
}

impl RaftChecker {
    /// What was seen of each term so far, oldest first (terms nobody reached as
    /// candidate or leader may be missing).
    pub fn terms(&self) -> &BTreeMap<Term, TermHistory> {
        &self.terms
    }

    fn committed_digest(&self, index: LogIndex) -> Option<u64> {
        match index {
            0 => Some(0),
            i => self.committed.get(usize::try_from(i - 1).ok()?).copied(),
        }
    }

    /// Also records the term's leader and when it was seen leading.
    fn election_safety(
        &mut self,
        now: SimTime,
        id: NodeId,
        node: &Node<RaftNode>,
    ) -> Result<(), Violation<RaftInvariant>> {
        let n = &node.process;
        let term = n.current_term();
        let seen = self.terms.entry(term).or_default();
        match seen.leader {
            Some(other) if other != id => {
                return violation(
                    RaftInvariant::ElectionSafety,
                    format!(
                        "S{} and S{} are both leaders of term {term}",
                        other + 1,
                        id + 1
                    ),
                )
            }
            Some(_) => {}
            None => {
                seen.leader = Some(id);
                seen.led_from = now;
            }
        }
        if node.paused_until.is_none() {
            seen.led_until = now;
            seen.last_index = n.log().last_index();
        }
        Ok(())
    }

    fn leader_append_only(
        &mut self,
        id: NodeId,
        n: &RaftNode,
    ) -> Result<(), Violation<RaftInvariant>> {
        let term = n.current_term();
        if let Some(&(t, len, digest)) = self.leader_logs.get(&id) {
            if t == term && n.log().prefix_digest(len) != Some(digest) {
                return violation(
                    RaftInvariant::LeaderAppendOnly,
                    format!(
                        "leader S{} of term {term} changed or removed entries up to index {len}",
                        id + 1
                    ),
                );
            }
        }
        let (len, digest) = tip(n.log());
        self.leader_logs.insert(id, (term, len, digest));
        Ok(())
    }

    /// Checks server `id`'s log against every other log: at the highest index where the
    /// terms agree, the prefixes must be identical.
    fn log_matching(
        &self,
        id: NodeId,
        nodes: &[Node<RaftNode>],
    ) -> Result<(), Violation<RaftInvariant>> {
        let a = nodes[id].process.log();
        for (other, node) in nodes.iter().enumerate().filter(|(o, _)| *o != id) {
            let b = node.process.log();
            let common = a.last_index().min(b.last_index());
            let k = (1..=common).rev().find(|&i| a.term_at(i) == b.term_at(i));
            if let Some(k) = k.filter(|&k| a.prefix_digest(k) != b.prefix_digest(k)) {
                return violation(
                    RaftInvariant::LogMatching,
                    format!(
                        "S{} and S{} hold the same term at index {k} but differ before it",
                        id + 1,
                        other + 1
                    ),
                );
            }
        }
        Ok(())
    }

    fn state_machine_safety(
        &mut self,
        id: NodeId,
        n: &RaftNode,
    ) -> Result<(), Violation<RaftInvariant>> {
        let log = n.log();
        let commit = n.commit_index().min(log.last_index());
        let known = self.committed.len() as LogIndex;
        let shared = commit.min(known);
        if log.prefix_digest(shared) != self.committed_digest(shared) {
            return violation(
                RaftInvariant::StateMachineSafety,
                format!(
                    "S{} has committed entries up to index {shared} that differ from another server's",
                    id + 1
                ),
            );
        }
        if commit > known {
            self.committed
                .extend((known + 1..=commit).filter_map(|i| log.prefix_digest(i)));
            let top = self.committed_by_term.entry(n.current_term()).or_default();
            *top = (*top).max(commit);
            self.must_hold = None;
        }
        Ok(())
    }

    /// Paper section 5.4.3. A stale leader of an older term may lack newer commits.
    fn leader_completeness(
        &mut self,
        id: NodeId,
        n: &RaftNode,
    ) -> Result<(), Violation<RaftInvariant>> {
        let term = n.current_term();
        let must_hold = self.must_hold(term);
        if n.log().prefix_digest(must_hold) != self.committed_digest(must_hold) {
            return violation(
                RaftInvariant::LeaderCompleteness,
                format!(
                    "leader S{} of term {term} lacks entries committed (up to index {must_hold}) in earlier terms",
                    id + 1
                ),
            );
        }
        Ok(())
    }

    /// The highest index committed in a term before `term` (0: none).
    fn must_hold(&mut self, term: Term) -> LogIndex {
        if let Some((_, index)) = self.must_hold.filter(|&(t, _)| t == term) {
            return index;
        }
        let index = self
            .committed_by_term
            .range(..term)
            .map(|(_, &i)| i)
            .max()
            .unwrap_or(0);
        self.must_hold = Some((term, index));
        index
    }

    fn check_node(
        &mut self,
        now: SimTime,
        id: NodeId,
        nodes: &[Node<RaftNode>],
    ) -> Result<(), Violation<RaftInvariant>> {
        let node = &nodes[id];
        let n = &node.process;
        self.state_machine_safety(id, n)?;
        if !node.up {
            return Ok(());
        }
        if n.role() == Role::Leader {
            self.election_safety(now, id, node)?;
            self.leader_append_only(id, n)?;
            self.leader_completeness(id, n)?;
        } else {
            self.leader_logs.remove(&id);
        }
        if n.role() == Role::Candidate {
            self.terms.entry(n.current_term()).or_default().candidates |= 1 << id;
        }
        let now = tip(n.log());
        if self.seen[id] != now {
            self.log_matching(id, nodes)?;
            self.seen[id] = now;
        }
        Ok(())
    }
}

impl Checker<RaftNode> for RaftChecker {
    fn check(
        &mut self,
        now: SimTime,
        nodes: &[Node<RaftNode>],
    ) -> Result<(), Violation<RaftInvariant>> {
        if self.seen.len() != nodes.len() {
            self.seen = alloc::vec![(0, 0); nodes.len()];
        }
        (0..nodes.len()).try_for_each(|id| self.check_node(now, id, nodes))
    }
}
