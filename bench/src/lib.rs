//! The benchmark workloads, shared by the native runner (`main.rs`) and the wasm build
//! that `bench/node.mjs` times under Node. Only the workloads live here; timing is done
//! by the caller (wall-clock time is not allowed inside ddia-core).

use ddia_core::consensus::raft::{cluster, RaftParams, RaftWorld};
use ddia_core::partition::{
    AnyPlacement, Key, KeySet, Movement, NodeId, Placement, PlacementConfig, StrategyKind,
};
use ddia_core::sim::{rewind, Action, Checkpoints, LinkFaults, SimRng, SimTime, Timed};
use ddia_core::storage::lab::StorageLab;
use ddia_core::storage::{
    apply, generate, AnyEngine, BTreeConfig, CompactionStrategy, EngineConfig, HashLogConfig,
    LsmConfig, StorageEngine, WorkloadConfig,
};

/// Simulated time of one Raft run: 20 minutes (908,677 kernel events with seed 1).
pub const RAFT_SIM_US: u64 = 1_200_000_000;

/// A 5-server Raft cluster on 1-10 ms links with 1 % loss, a client command every
/// 20 ms and a leader crash and restart every 10 s, run for [`RAFT_SIM_US`].
/// `checked`: with the live invariant checker. Returns (events processed, digest).
pub fn raft_run(seed: u64, checked: bool) -> (u64, u64) {
    let mut world = raft_world(seed, checked);
    world.run_until(ddia_core::sim::SimTime(RAFT_SIM_US));
    assert!(world.violation().is_none(), "{:?}", world.violation());
    (world.events_processed(), world.digest())
}

/// The world of [`raft_run`], at time zero with its client commands and crashes
/// scheduled.
fn raft_world(seed: u64, checked: bool) -> RaftWorld {
    let mut world = raft_cluster(seed, checked);
    for action in raft_load(0, RAFT_SIM_US) {
        world.schedule(action);
    }
    world
}

/// The cluster of [`raft_run`], nothing scheduled.
fn raft_cluster(seed: u64, checked: bool) -> RaftWorld {
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
    world
}

/// [`raft_run`]'s inputs in `[from_us, to_us)`: a client command every 20 ms and a
/// leader crash and restart every 10 s.
fn raft_load(from_us: u64, to_us: u64) -> impl Iterator<Item = Timed<u64>> {
    (from_us.div_ceil(20_000)..to_us.div_ceil(20_000)).flat_map(|i| {
        let at_us = i * 20_000;
        let node = (i % 5) as usize;
        let command = Timed {
            at_us,
            action: Action::Client { node, request: i },
        };
        let crash = (at_us % 10_000_000 == 5_000_000).then(|| {
            [
                Timed {
                    at_us,
                    action: Action::Crash(node),
                },
                Timed {
                    at_us: at_us + 1_000_000,
                    action: Action::Restart(node),
                },
            ]
        });
        core::iter::once(command).chain(crash.into_iter().flatten())
    })
}

/// Kernel events in the run a rewind benchmark seeks in.
pub const REWIND_EVENTS: u64 = 1_000_000;
/// Seeks a rewind benchmark times.
pub const REWIND_SEEKS: usize = 25;

/// The [`raft_run`] workload (invariants checked) played to [`REWIND_EVENTS`] in 50 ms
/// slices, each slice's client commands and crashes scheduled as it begins (as a
/// learner's clicks arrive: the lab schedules nothing far ahead), with checkpoints
/// offered after each slice as the Raft lab does ([`rewind::CHECKPOINTS`],
/// [`rewind::SPACING_EVENTS`]), and [`REWIND_SEEKS`] seek targets drawn uniformly over
/// the run. Building it is not timed; each
/// [`RewindBench::seek`] is (DESIGN.md budget: <= 50 ms in wasm).
pub struct RewindBench {
    store: Checkpoints<RaftWorld>,
    targets: Vec<u64>,
}

impl RewindBench {
    /// Plays the run and keeps its checkpoints.
    pub fn new(seed: u64) -> Self {
        let mut world = raft_cluster(seed, true);
        let mut store = Checkpoints::new(rewind::CHECKPOINTS, rewind::SPACING_EVENTS);
        store.offer(0, 0, || world.checkpoint());
        while world.events_processed() < REWIND_EVENTS {
            let now = world.now().as_micros();
            for action in raft_load(now, now + 50_000) {
                world.schedule(action);
            }
            world.run_for(50_000);
            let (at, events) = (world.now().as_micros(), world.events_processed());
            store.offer(at, events, || world.checkpoint());
        }
        let end = world.now().as_micros();
        let mut rng = SimRng::new(seed).child(7);
        let targets = (0..REWIND_SEEKS)
            .map(|_| rng.range_inclusive(0, end))
            .collect();
        RewindBench { store, targets }
    }

    /// Seeks to target `i`: the latest checkpoint at or before it, copied, run to it.
    /// Returns the digest there (so the work cannot be skipped).
    pub fn seek(&self, i: usize) -> u64 {
        let t = self.targets[i % self.targets.len()];
        let from = self.store.at_or_before(t).expect("the start is kept");
        let mut world = from.state.checkpoint();
        world.run_until(SimTime(t));
        world.digest()
    }

    /// How many checkpoints the run keeps.
    pub fn checkpoints(&self) -> usize {
        self.store.len()
    }
}

/// Operations of the long storage run a storage seek benchmark seeks in.
pub const STORAGE_REWIND_OPS: u64 = 100_000;

/// The storage lab (an LSM-tree, a free run of [`STORAGE_REWIND_OPS`] operations over
/// 2,000 keys) played as the page plays it, a checkpoint offered every 10 operations (a
/// frame's worth at speed 100x) as `labs/storage/state.rs` does, and [`REWIND_SEEKS`]
/// seek targets drawn uniformly over the run. Building it is not timed; each
/// [`StorageRewindBench::seek`] is.
pub struct StorageRewindBench {
    store: Checkpoints<StorageLab>,
    scenario: ddia_core::storage::lab_scenario::StorageScenario,
    targets: Vec<u64>,
}

impl StorageRewindBench {
    /// Plays the run and keeps its checkpoints.
    pub fn new(seed: u64) -> Self {
        use ddia_core::link::LabLink;
        use ddia_core::storage::lab::rewind::SPACING_OPS;
        use ddia_core::storage::lab_scenario::StorageScenario;
        let query = format!("engine=lsm&seed={seed}&ops={STORAGE_REWIND_OPS}&keys=2000");
        let scenario = StorageScenario::from_query(&query).expect("a valid storage link");
        let mut lab = StorageLab::new(&scenario);
        let mut store = Checkpoints::new(rewind::CHECKPOINTS, SPACING_OPS);
        store.offer(0, 0, || lab.clone());
        while lab.step() {
            if lab.clock() % 10 == 0 {
                store.offer(lab.clock(), lab.clock(), || lab.clone());
            }
        }
        let end = lab.clock();
        let mut rng = SimRng::new(seed).child(7);
        let targets = (0..REWIND_SEEKS)
            .map(|_| rng.range_inclusive(0, end))
            .collect();
        StorageRewindBench {
            store,
            scenario: lab.scenario(),
            targets,
        }
    }

    /// Seeks to target `i` as the page does ([`ddia_core::storage::lab::rewind::seek`]);
    /// returns the position reached (so the work cannot be skipped).
    pub fn seek(&self, i: usize) -> u64 {
        let t = self.targets[i % self.targets.len()];
        ddia_core::storage::lab::rewind::seek(&self.store, &self.scenario, t).clock()
    }

    /// How many checkpoints the run keeps.
    pub fn checkpoints(&self) -> usize {
        self.store.len()
    }
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

/// Nodes, vnodes per node (ring) and fixed partitions of the partitioning benchmarks.
pub const PART_NODES: u32 = 10;
/// Tokens per node on both rings (the lab's and `hashring`'s).
pub const PART_VNODES: u32 = 64;
/// Keys looked up in one lookup run, and the key set of one rebalance run.
pub const PART_KEYS: u64 = 100_000;

/// The partitioning strategies benchmarked, in table order.
pub const STRATEGIES: [StrategyKind; 5] = StrategyKind::ALL;

fn placement(kind: StrategyKind, keys: &KeySet) -> AnyPlacement {
    let config = PlacementConfig {
        kind,
        vnodes: PART_VNODES,
        partitions: 1024,
        split_bytes: 64 * 1024,
        merge_bytes: 16 * 1024,
    };
    let nodes: Vec<NodeId> = (1..=PART_NODES).map(NodeId).collect();
    let mut p = AnyPlacement::new(&config, &nodes);
    p.fit(keys);
    p
}

/// [`PART_KEYS`] key lookups (key -> partition -> node) on strategy `kind` over
/// [`PART_NODES`] nodes, ten times. Returns (lookups, a checksum of the owners).
pub fn partition_lookups(kind: StrategyKind) -> (u64, u64) {
    let keys = KeySet::sequential(PART_KEYS, 100);
    let p = placement(kind, &keys);
    let mut sum = 0u64;
    for round in 0..10u64 {
        for k in 0..PART_KEYS {
            let n = p.node_of(Key(k ^ (round << 40)));
            sum = sum.wrapping_mul(31).wrapping_add(u64::from(n.0));
        }
    }
    (10 * PART_KEYS, sum)
}

/// The same lookups on the `hashring` crate (SipHash, [`PART_VNODES`] virtual nodes
/// per node added as `(node, vnode)` pairs): the reference.
pub fn hashring_lookups() -> (u64, u64) {
    let mut ring = hashring::HashRing::new();
    for n in 1..=PART_NODES {
        for v in 0..PART_VNODES {
            ring.add((n, v));
        }
    }
    let mut sum = 0u64;
    for round in 0..10u64 {
        for k in 0..PART_KEYS {
            let (n, _) = ring.get(&(k ^ (round << 40))).copied().unwrap_or((0, 0));
            sum = sum.wrapping_mul(31).wrapping_add(u64::from(n));
        }
    }
    (10 * PART_KEYS, sum)
}

/// One rebalance of [`PART_KEYS`] keys on strategy `kind`: an 11th node joins and the
/// keys that move are computed ([`Movement::between`]). Returns (keys examined, keys
/// moved); the time for 10^5 keys is `PART_KEYS / rate`.
pub fn partition_rebalance(kind: StrategyKind) -> (u64, u64) {
    let keys = KeySet::sequential(PART_KEYS, 100);
    let before = placement(kind, &keys);
    let mut after = before.clone();
    after
        .add_node(NodeId(PART_NODES + 1))
        .expect("room for an 11th node");
    after.fit(&keys);
    let m = Movement::between(&before, &after, &keys);
    (PART_KEYS, m.keys_moved())
}

/// The consistent-hashing rebalance of [`partition_rebalance`] carried out over the
/// simulated network ([`ddia_core::partition::rebalance::handoff_world`]: transfers,
/// acknowledgements, table flips) on 1-10 ms links with 1 % loss, until every move is
/// done. Returns (keys examined, as [`partition_rebalance`] counts them, so that the
/// time for 10^5 keys is `PART_KEYS / rate`; kernel events; simulated microseconds the
/// handoff took).
pub fn partition_handoff() -> (u64, u64, u64) {
    use ddia_core::partition::rebalance::{coordinator, handoff_world, plan_of};
    let keys = KeySet::sequential(PART_KEYS, 100);
    let before = placement(StrategyKind::Ring, &keys);
    let mut after = before.clone();
    after
        .add_node(NodeId(PART_NODES + 1))
        .expect("room for an 11th node");
    let plan = plan_of(&Movement::between(&before, &after, &keys));
    let links = LinkFaults {
        latency_min_us: 1_000,
        latency_max_us: 10_000,
        loss_ppm: 10_000,
        dup_ppm: 0,
    };
    let mut world = handoff_world(&plan, 1, links, (false, false));
    while coordinator(&world).is_some_and(|c| !c.moves.is_empty()) && world.step() {}
    assert!(world.violation().is_none(), "{:?}", world.violation());
    (PART_KEYS, world.events_processed(), world.now().as_micros())
}

/// Events in one stream run.
pub const STREAM_EVENTS: u64 = 10_000;

/// [`STREAM_EVENTS`] keyed events, one per ms, through the broker world (3 partitions, 2
/// at-least-once consumers fetching up to 32 records, an idempotent-free sink, 1-10 ms
/// links) until the group has committed them all. Returns (events committed, kernel
/// events, digest).
pub fn stream_broker() -> (u64, u64, u64) {
    use ddia_core::stream::consumer::ConsumerConfig;
    use ddia_core::stream::producer::ProducerConfig;
    use ddia_core::stream::{StreamParams, StreamRun};
    let params = StreamParams {
        consumer: ConsumerConfig {
            batch: 32,
            step_us: 10,
            ..ConsumerConfig::default()
        },
        producer: ProducerConfig {
            events: STREAM_EVENTS,
            interval_us: 1_000,
            delay_max_us: 0,
            ..ProducerConfig::default()
        },
        ..StreamParams::default()
    };
    let links = LinkFaults {
        latency_min_us: 1_000,
        latency_max_us: 10_000,
        loss_ppm: 0,
        dup_ppm: 0,
    };
    let mut run = StreamRun::new(&params, 1, links, None);
    let mut t = 0;
    while !run.settled() {
        t += 1_000_000;
        run.run_until(ddia_core::sim::SimTime(t));
    }
    assert!(
        run.world.violation().is_none(),
        "{:?}",
        run.world.violation()
    );
    let d = run.delivery();
    (d.done, run.world.events_processed(), run.world.digest())
}

/// The windowing operator over [`STREAM_EVENTS`] events on 3 partitions and 8 keys, one
/// per ms, 10 % of them 300 ms late: 100 ms tumbling windows, a 20 ms watermark bound,
/// late events corrected within 1 s. Returns (events, emissions).
pub fn stream_windows() -> (u64, u64) {
    use ddia_core::stream::watermark::WatermarkParams;
    use ddia_core::stream::window::{TimedEvent, WindowKind};
    use ddia_core::stream::windowing::{run_windows, LatePolicy, WindowParams};
    let events: Vec<TimedEvent> = (0..STREAM_EVENTS)
        .map(|i| TimedEvent {
            partition: u32::try_from(i % 3).unwrap_or(0),
            key: i % 8,
            event_us: i * 1_000,
            arrival_us: i * 1_000 + if i % 10 == 0 { 300_000 } else { 2_000 },
            value: 1,
            id: i,
        })
        .collect();
    let params = WindowParams {
        kind: WindowKind::Tumbling { size_us: 100_000 },
        watermark: WatermarkParams {
            bound_us: 20_000,
            idle_us: 0,
        },
        lateness_us: 1_000_000,
        policy: LatePolicy::Update,
        partitions: 3,
    };
    let run = run_windows(&events, &params, Some(u64::MAX));
    (STREAM_EVENTS, run.emissions.len() as u64)
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

    /// Runs [`super::partition_lookups`] on strategy number `kind` (5: `hashring`);
    /// returns "lookups checksum".
    #[wasm_bindgen]
    pub fn partition_lookups(kind: u32) -> String {
        let (n, sum) = match super::STRATEGIES.get(kind as usize) {
            Some(&k) => super::partition_lookups(k),
            None => super::hashring_lookups(),
        };
        format!("{n} {sum:016x}")
    }

    /// Runs [`super::partition_rebalance`] on strategy number `kind`; returns "keys moved".
    #[wasm_bindgen]
    pub fn partition_rebalance(kind: u32) -> String {
        let k = super::STRATEGIES[kind as usize % super::STRATEGIES.len()];
        let (n, moved) = super::partition_rebalance(k);
        format!("{n} {moved}")
    }

    /// Runs [`super::partition_handoff`]; returns "keys events simulated-µs".
    #[wasm_bindgen]
    pub fn partition_handoff() -> String {
        let (keys, events, us) = super::partition_handoff();
        format!("{keys} {events} {us}")
    }

    /// Runs [`super::stream_broker`]; returns "events kernel-events digest".
    #[wasm_bindgen]
    pub fn stream_broker() -> String {
        let (events, kernel, digest) = super::stream_broker();
        format!("{events} {kernel} {digest:016x}")
    }

    /// Runs [`super::stream_windows`]; returns "events emissions".
    #[wasm_bindgen]
    pub fn stream_windows() -> String {
        let (events, emissions) = super::stream_windows();
        format!("{events} {emissions}")
    }

    /// Runs [`super::storage_run`]; returns "ops checksum".
    #[wasm_bindgen]
    pub fn storage(engine: u32, seed: u32) -> String {
        let (ops, sum) = super::storage_run(engine as usize, u64::from(seed));
        format!("{ops} {sum:016x}")
    }

    /// [`super::RewindBench`] for JavaScript: built once, then each seek timed by Node.
    #[wasm_bindgen]
    pub struct RewindBench(super::RewindBench);

    #[wasm_bindgen]
    impl RewindBench {
        /// Plays the 10^6-event run and keeps its checkpoints.
        #[wasm_bindgen(constructor)]
        pub fn new(seed: u32) -> RewindBench {
            RewindBench(super::RewindBench::new(u64::from(seed)))
        }

        /// Seeks to target `i`; returns the digest there in hex.
        pub fn seek(&self, i: u32) -> String {
            format!("{:016x}", self.0.seek(i as usize))
        }

        /// How many checkpoints the run keeps.
        pub fn checkpoints(&self) -> u32 {
            u32::try_from(self.0.checkpoints()).unwrap_or(u32::MAX)
        }
    }

    /// [`super::StorageRewindBench`] for JavaScript.
    #[wasm_bindgen]
    pub struct StorageRewindBench(super::StorageRewindBench);

    #[wasm_bindgen]
    impl StorageRewindBench {
        /// Plays the long storage run and keeps its checkpoints.
        #[wasm_bindgen(constructor)]
        pub fn new(seed: u32) -> StorageRewindBench {
            StorageRewindBench(super::StorageRewindBench::new(u64::from(seed)))
        }

        /// Seeks to target `i`; returns the position reached.
        pub fn seek(&self, i: u32) -> u32 {
            u32::try_from(self.0.seek(i as usize)).unwrap_or(u32::MAX)
        }

        /// How many checkpoints the run keeps.
        pub fn checkpoints(&self) -> u32 {
            u32::try_from(self.0.checkpoints()).unwrap_or(u32::MAX)
        }
    }

    /// The wasm linear memory's size, KiB (it only grows: the peak so far).
    #[wasm_bindgen]
    pub fn memory_kib() -> u32 {
        u32::try_from(core::arch::wasm32::memory_size(0) * 64).unwrap_or(u32::MAX)
    }

    /// Runs [`super::storage_lab_race`]; returns "ops checksum".
    #[wasm_bindgen]
    pub fn storage_lab_race() -> String {
        let (ops, sum) = super::storage_lab_race();
        format!("{ops} {sum}")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_network_handoff_finishes_in_simulated_seconds() {
        let (_, events, us) = super::partition_handoff();
        std::println!("{events} events, {us} µs simulated");
        assert!(events > 100 && us < 5_000_000, "{events} events, {us} µs");
    }
}
