//! The benchmark workloads, shared by the native runner (`main.rs`) and the wasm build
//! that `bench/node.mjs` times under Node. Only the workloads live here; timing is done
//! by the caller (wall-clock time is not allowed inside ddia-core).

use ddia_core::consensus::raft::{cluster, RaftParams};
use ddia_core::sim::{Action, LinkFaults, Timed};
use ddia_core::storage::lab::StorageLab;
use ddia_core::storage::{
    apply, generate, AnyEngine, BTreeConfig, CompactionStrategy, EngineConfig, HashLogConfig,
    LsmConfig, StorageEngine, WorkloadConfig,
};

/// Simulated time of one Raft run: 20 minutes (about 1.4 million events).
pub const RAFT_SIM_US: u64 = 1_200_000_000;

/// A 5-server Raft cluster on 1-10 ms links with 1 % loss, a client command every
/// 20 ms and a leader crash and restart every 10 s, run for [`RAFT_SIM_US`].
/// `checked`: with the live invariant checker. Returns (events processed, digest).
pub fn raft_run(seed: u64, checked: bool) -> (u64, u64) {
    let params = RaftParams::default();
    let links = LinkFaults {
        latency_min_us: 1_000,
        latency_max_us: 10_000,
        loss_ppm: 10_000,
        dup_ppm: 0,
    };
    let mut world = cluster(params, seed, links, 0).expect("the default parameters are valid");
    if !checked {
        world.stop_checking();
    }
    for i in 0..RAFT_SIM_US / 20_000 {
        let at_us = i * 20_000;
        let node = (i % 5) as usize;
        let action = Action::Client { node, request: i };
        world.schedule(Timed { at_us, action });
        if at_us % 10_000_000 == 5_000_000 {
            world.schedule(Timed {
                at_us,
                action: Action::Crash(node),
            });
            let back = Timed {
                at_us: at_us + 1_000_000,
                action: Action::Restart(node),
            };
            world.schedule(back);
        }
    }
    world.run_until(ddia_core::sim::SimTime(RAFT_SIM_US));
    assert!(world.violation().is_none(), "{:?}", world.violation());
    (world.events_processed(), world.digest())
}

/// Names of the storage engines benchmarked, in table order.
pub const ENGINES: [&str; 4] = ["hash log", "LSM leveled", "LSM size-tiered", "B-tree"];

fn engine_config(engine: usize) -> EngineConfig {
    match engine {
        0 => EngineConfig::HashLog(HashLogConfig::default()),
        1 => EngineConfig::Lsm(LsmConfig::default()),
        2 => EngineConfig::Lsm(LsmConfig {
            strategy: CompactionStrategy::SizeTiered {
                min_merge: 3,
                max_merge: 8,
                size_ratio_pct: 200,
            },
            ..LsmConfig::default()
        }),
        _ => EngineConfig::BTree(BTreeConfig::default()),
    }
}

/// Operations in one storage run.
pub const STORAGE_OPS: u32 = 100_000;

/// [`STORAGE_OPS`] operations (50 % put, 40 % get, 5 % delete, 5 % scan, Zipf 0.9 over
/// 2,000 keys, 32-byte values) on engine number `engine` (see [`ENGINES`]), background
/// work included. Returns (operations, a checksum of the results).
pub fn storage_run(engine: usize, seed: u64) -> (u64, u64) {
    let ops = generate(WorkloadConfig::skewed_mix(seed, STORAGE_OPS, 2_000, 32));
    let mut e = AnyEngine::new(engine_config(engine));
    let mut sum = 0u64;
    for op in &ops {
        let r = apply(&mut e, op);
        sum = sum
            .wrapping_mul(31)
            .wrapping_add(ddia_core::sim::digest::digest_of(&r));
        e.drain_events();
    }
    (ops.len() as u64, sum)
}

/// The storage lab's race (`scn=race`: an LSM-tree and a B-tree on one workload of
/// 3,000 operations), played one step at a time as the page plays it, every lane's
/// metrics sampled after each operation. Returns (operations, a checksum of the
/// B-tree's write amplification).
pub fn storage_lab_race() -> (u64, u64) {
    let book = ddia_core::storage::lab_book::find("race").expect("the race scenario");
    let mut lab = StorageLab::new(&book.scenario());
    while lab.step() {
        for lane in lab.lanes() {
            std::hint::black_box(lane.current());
        }
    }
    let bt = lab.lanes()[1].metrics().write_amplification_milli();
    (lab.clock(), bt)
}

#[cfg(target_arch = "wasm32")]
mod wasm {
    use wasm_bindgen::prelude::wasm_bindgen;

    /// Runs [`super::raft_run`]; returns "events digest" (digest in hex).
    #[wasm_bindgen]
    pub fn raft(seed: u32, checked: bool) -> String {
        let (events, digest) = super::raft_run(u64::from(seed), checked);
        format!("{events} {digest:016x}")
    }

    /// Runs [`super::storage_run`]; returns "ops checksum".
    #[wasm_bindgen]
    pub fn storage(engine: u32, seed: u32) -> String {
        let (ops, sum) = super::storage_run(engine as usize, u64::from(seed));
        format!("{ops} {sum:016x}")
    }

    /// Runs [`super::storage_lab_race`]; returns "ops checksum".
    #[wasm_bindgen]
    pub fn storage_lab_race() -> String {
        let (ops, sum) = super::storage_lab_race();
        format!("{ops} {sum}")
    }
}
