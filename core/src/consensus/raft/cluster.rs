//! Building a simulated Raft cluster on the kernel, and reading it.

use super::invariants::{RaftChecker, TermHistory};
use super::msg::{Role, Term};
use super::node::RaftNode;
use super::params::RaftParams;
use crate::link::ScenarioError;
use crate::sim::{LinkFaults, NodeId, World};
use alloc::collections::BTreeMap;

/// A world of Raft servers, checked by the five Raft safety properties.
pub type RaftWorld = World<RaftNode, RaftChecker>;

/// `params.nodes` fresh servers on links behaving like `links`, seeded with `seed`,
/// with the five Raft safety properties checked after every event. `trace_capacity`
/// recent events are kept for display (0: digest only). The only way to build Raft
/// servers outside this crate, so every cluster has valid parameters (its checker keeps
/// one bit per server in a `u64`, and the pictures expect [`super::params::NODES`]).
///
/// # Errors
/// `params` out of range ([`RaftParams::validate`]).
pub fn cluster(
    params: RaftParams,
    seed: u64,
    links: LinkFaults,
    trace_capacity: usize,
) -> Result<RaftWorld, ScenarioError> {
    params.validate()?;
    let nodes = (0..params.nodes)
        .map(|i| RaftNode::new(i, params))
        .collect();
    Ok(World::new(seed, nodes, links, trace_capacity))
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
/// term first.
pub fn history(world: &RaftWorld) -> &BTreeMap<Term, TermHistory> {
    world.checker().terms()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cluster_refuses_parameters_out_of_range() {
        // 64 servers or more overflowed the checker's `1 << id` once one of them stood
        // for election; no cluster is built outside the allowed sizes now.
        for nodes in [0, 2, 10, 64, 65] {
            let params = RaftParams {
                nodes,
                ..RaftParams::default()
            };
            let e = cluster(params, 1, LinkFaults::default(), 0)
                .err()
                .unwrap_or_else(|| panic!("{nodes} servers were accepted"));
            assert!(e.message.contains(&format!("cluster size {nodes}")), "{e}");
        }
        let slow_heartbeat = RaftParams {
            heartbeat_us: 6_000_000,
            ..RaftParams::default()
        };
        assert!(cluster(slow_heartbeat, 1, LinkFaults::default(), 0).is_err());
        assert!(cluster(RaftParams::default(), 1, LinkFaults::default(), 0).is_ok());
    }
}
