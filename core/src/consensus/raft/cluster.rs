//! Building a simulated Raft cluster on the kernel, and reading it.

use super::invariants::{RaftChecker, TermHistory};
use super::msg::{Role, Term};
use super::node::RaftNode;
use super::params::RaftParams;
use crate::sim::{LinkFaults, NodeId, World};
use alloc::boxed::Box;
use alloc::collections::BTreeMap;

/// A world of Raft servers.
pub type RaftWorld = World<RaftNode>;

/// `params.nodes` fresh servers on links behaving like `links`, seeded with `seed`,
/// with the five Raft safety properties checked after every event. `trace_capacity`
/// recent events are kept for display (0: digest only).
pub fn cluster(
    params: RaftParams,
    seed: u64,
    links: LinkFaults,
    trace_capacity: usize,
) -> RaftWorld {
    let nodes = (0..params.nodes)
        .map(|i| RaftNode::new(i, params))
        .collect();
    let mut world = World::new(seed, nodes, links, trace_capacity);
    world.set_checker(Box::new(RaftChecker::default()));
    world
}

/// The running leader with the highest term, if any server that is up is leader.
pub fn leader(world: &RaftWorld) -> Option<(NodeId, Term)> {
    world
        .nodes()
        .iter()
        .enumerate()
        .filter(|(_, n)| n.up && n.process.role() == Role::Leader)
        .map(|(i, n)| (i, n.process.current_term()))
        .max_by_key(|&(_, t)| t)
}

/// What the run's checker saw of each term so far (who stood, who led and when), oldest
/// term first; `None` for a world built without [`cluster`]'s checker.
pub fn history(world: &RaftWorld) -> Option<&BTreeMap<Term, TermHistory>> {
    let checker = world.checker()?.as_any()?.downcast_ref::<RaftChecker>()?;
    Some(checker.terms())
}
