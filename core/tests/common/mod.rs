//! Helpers shared by the integration tests (each test file includes this module).

use ddia_core::consensus::raft::{cluster, RaftParams, RaftWorld};
use ddia_core::sim::chaos::{schedule, FaultMix};
use ddia_core::sim::{LinkFaults, SimRng};

/// A Raft cluster of `nodes` servers on healthy links, with a random fault schedule
/// (crashes, partitions, loss...) over its first `faulty_us` µs drawn from `seed`
/// (TigerBeetle VOPR style: a seed expands into a run).
pub fn faulty_world(seed: u64, nodes: usize, faulty_us: u64) -> RaftWorld {
    let params = RaftParams {
        nodes,
        ..RaftParams::default()
    };
    let mix = FaultMix {
        duration_us: faulty_us,
        ..FaultMix::default()
    };
    let mut rng = SimRng::new(seed).child(u64::MAX);
    let mut world = cluster(params, seed, LinkFaults::default(), 0).unwrap();
    for t in schedule(&mut rng, nodes, &mix, |r| r.range_inclusive(1, 99)) {
        world.schedule(t);
    }
    world
}
