//! Raft's safety properties (paper Figure 3), checked after every event.
//!
//! - Election Safety: at most one leader per term.
//! - Leader Append-Only: a leader never overwrites or deletes entries in its log.
//! - Log Matching: two logs with an entry of the same index and term are identical up
//!   to that index.
//! - Leader Completeness: a committed entry is in the log of every leader of a later
//!   term.
//! - State Machine Safety: no two servers commit different entries at one index.

use super::msg::{Entry, Role, Term};
use super::node::RaftNode;
use crate::sim::{Checker, Node, NodeId, SimTime, Violation};
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::vec::Vec;

/// Remembers what it has seen so that properties spanning time can be checked.
#[derive(Default)]
pub struct RaftChecker {
    leaders: BTreeMap<Term, NodeId>,
    leader_logs: BTreeMap<NodeId, (Term, Vec<Entry>)>,
    seen_logs: Vec<Vec<Entry>>,
    /// The longest committed prefix seen, each entry with the term of the server
    /// first seen holding it committed (at least the term that committed it).
    committed: Vec<(Entry, Term)>,
}

fn violation(invariant: &'static str, detail: alloc::string::String) -> Result<(), Violation> {
    Err(Violation { invariant, detail })
}

impl RaftChecker {
    fn election_safety(&mut self, id: NodeId, n: &RaftNode) -> Result<(), Violation> {
        if n.role() != Role::Leader {
            return Ok(());
        }
        let term = n.current_term();
        match self.leaders.insert(term, id) {
            Some(other) if other != id => violation(
                "Election Safety",
                format!("S{} and S{} are both leaders of term {term}", other + 1, id + 1),
            ),
            _ => Ok(()),
        }
    }

    fn leader_append_only(&mut self, id: NodeId, n: &RaftNode) -> Result<(), Violation> {
        if n.role() != Role::Leader {
            self.leader_logs.remove(&id);
            return Ok(());
        }
        let log = n.log().entries();
        if let Some((term, before)) = self.leader_logs.get(&id) {
            if *term == n.current_term() && !log.starts_with(before) {
                return violation(
                    "Leader Append-Only",
                    format!("leader S{} of term {term} changed entries of its log", id + 1),
                );
            }
        }
        if self.leader_logs.get(&id).is_none_or(|(_, b)| b.as_slice() != log) {
            self.leader_logs.insert(id, (n.current_term(), log.to_vec()));
        }
        Ok(())
    }

    fn log_matching(&self, id: NodeId, nodes: &[Node<RaftNode>]) -> Result<(), Violation> {
        let a = nodes[id].process.log().entries();
        for (other, node) in nodes.iter().enumerate().filter(|(o, _)| *o != id) {
            let b = node.process.log().entries();
            let common = a.len().min(b.len());
            if let Some(k) = (0..common).rev().find(|&i| a[i].term == b[i].term) {
                if a[..=k] != b[..=k] {
                    return violation(
                        "Log Matching",
                        format!(
                            "S{} and S{} agree on the term at index {} but differ before it",
                            id + 1,
                            other + 1,
                            k + 1
                        ),
                    );
                }
            }
        }
        Ok(())
    }

    fn state_machine_safety(&mut self, id: NodeId, n: &RaftNode) -> Result<(), Violation> {
        let upto = (n.commit_index() as usize).min(n.log().entries().len());
        let committed = &n.log().entries()[..upto];
        let overlap = committed.len().min(self.committed.len());
        if let Some(i) = (0..overlap).find(|&i| committed[i] != self.committed[i].0) {
            return violation(
                "State Machine Safety",
                format!(
                    "S{} committed a different entry at index {} than another server",
                    id + 1,
                    i + 1
                ),
            );
        }
        let term = n.current_term();
        self.committed
            .extend(committed[overlap..].iter().map(|e| (*e, term)));
        Ok(())
    }

    /// Paper section 5.4.3: an entry committed in term T is in the log of every leader
    /// of a term after T. (A stale leader of an older term may lack it.)
    fn leader_completeness(&self, id: NodeId, n: &RaftNode) -> Result<(), Violation> {
        if n.role() != Role::Leader {
            return Ok(());
        }
        let term = n.current_term();
        let log = n.log().entries();
        for (i, (e, committed_in)) in self.committed.iter().enumerate() {
            if *committed_in < term && log.get(i) != Some(e) {
                return violation(
                    "Leader Completeness",
                    format!(
                        "leader S{} of term {term} lacks committed entry {} (term {})",
                        id + 1,
                        i + 1,
                        e.term
                    ),
                );
            }
        }
        Ok(())
    }
}

impl Checker<RaftNode> for RaftChecker {
    fn check(&mut self, _now: SimTime, nodes: &[Node<RaftNode>]) -> Result<(), Violation> {
        if self.seen_logs.len() != nodes.len() {
            self.seen_logs = alloc::vec![Vec::new(); nodes.len()];
        }
        for (id, node) in nodes.iter().enumerate() {
            let n = &node.process;
            self.state_machine_safety(id, n)?;
            if !node.up {
                continue;
            }
            self.election_safety(id, n)?;
            self.leader_append_only(id, n)?;
            self.leader_completeness(id, n)?;
            if self.seen_logs[id].as_slice() != n.log().entries() {
                self.log_matching(id, nodes)?;
                self.seen_logs[id] = n.log().entries().to_vec();
            }
        }
        Ok(())
    }
}
