//! The storage lab's driver (DDIA ch. 3): one engine, or an LSM-tree and a B-tree side
//! by side ("the race", C3.4), fed the same seeded workload and the same manual
//! actions. Plain data, tested natively; the web view draws from it.
//!
//! Each [`LabAction`] runs on every lane, then the lane's background work (LSM
//! compaction jobs, hash-log merges) runs as separate steps so the picture can show
//! what each step did: [`Lane::last`] holds the events of the last action, the path a
//! `get` walked (memtable -> Bloom filter -> SSTable, root -> leaf, index -> segment)
//! and, for every merge, its input and output keys with the dropped versions marked.
//!
//! Every result is checked against a `BTreeMap` oracle (docs/ARCHITECTURE.md, principle
//! 4, "Checkers run live"). Metrics
//! are sampled as integer counters over operations for the charts. The history of
//! actions is recorded (consecutive workload steps coalesced) so that
//! [`StorageLab::scenario`] replays the run exactly.

use alloc::collections::{BTreeMap, VecDeque};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::any_engine::{AnyEngine, EngineConfig};
use super::checker::{apply, OpResult, Oracle};
use super::compaction::CompactionStrategy;
use super::disk::FileId;
use super::engine::{level_number, EngineKind, Key, StorageEngine, StorageEvent, Value};
use super::lab_scenario::{LabEngine, StorageScenario};
use super::metrics::Metrics;
use super::workload::{Op, Workload};

/// Lines kept in the lab's log.
pub const LOG_CAPACITY: usize = 200;
/// Most metric samples kept per lane; past it every other sample is dropped and the
/// sampling interval doubles.
pub const MAX_SAMPLES: usize = 256;
/// Simulated I/O cost per byte read or written, nanoseconds (a 100 MB/s disk).
pub const IO_NS_PER_BYTE: u64 = 10;

/// One thing the user (or the workload) does to the lab.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum LabAction {
    /// Run the next `n` operations of the seeded workload.
    Workload(u32),
    /// Put `key = value`.
    Put(Key, Value),
    /// Read `key`.
    Get(Key),
    /// Delete `key`.
    Delete(Key),
    /// LSM: flush the memtable now. Hash log: close the active segment (no-op here).
    Flush,
    /// One background step now: an LSM compaction job or a hash-log merge.
    Compact,
    /// Crash now: volatile state (memtable, index, caches) is lost.
    Crash,
    /// Recover from the disk (WAL replay / index rebuild).
    Recover,
    /// Let `k` more disk writes succeed, then crash in the middle of whatever runs.
    CrashAfter(u32),
}

/// One key version inside a drawn table or segment.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct KeyCell {
    /// The key.
    pub key: Key,
    /// Its sequence number (newer = larger).
    pub seq: u64,
    /// A tombstone (delete marker).
    pub tombstone: bool,
    /// In a merge input: this version reached the output. Elsewhere always true.
    pub kept: bool,
}

/// A table or segment with its keys.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FileKeys {
    /// File id on the engine's disk.
    pub id: FileId,
    /// Key versions in file order.
    pub cells: Vec<KeyCell>,
}

/// One merge (LSM compaction or hash-log segment merge), keys included.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MergeView {
    /// Level of the upper inputs (0 for a hash-log merge).
    pub from_level: u8,
    /// Level of the outputs.
    pub to_level: u8,
    /// Input files, with `kept` marking the versions that survived.
    pub inputs: Vec<FileKeys>,
    /// Output files.
    pub outputs: Vec<FileKeys>,
    /// Older versions dropped.
    pub dropped_versions: u64,
    /// Tombstones dropped.
    pub dropped_tombstones: u64,
}

/// What one table did for a point read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TableProbe {
    /// The Bloom filter said "definitely not here": no I/O.
    BloomNo,
    /// The filter said "maybe", a block was read, the key was not there (a Bloom
    /// false positive).
    Miss,
    /// The table has no Bloom filter (`bloom=0`): a block was read, the key was not
    /// there. Without filters every table whose key range covers the key is read.
    Unfiltered,
    /// The key's newest version was here (value or tombstone).
    Found,
}

/// One stop on the path a `get` walked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProbeStep {
    /// LSM: the memtable, and whether it held the key.
    Memtable {
        /// The memtable held the key.
        hit: bool,
    },
    /// LSM: one SSTable whose key range covers the key.
    Table {
        /// The table.
        id: FileId,
        /// Its level.
        level: u8,
        /// What happened there.
        outcome: TableProbe,
    },
    /// B-tree: one page on the way from the root to a leaf.
    Page {
        /// Page number.
        page: u32,
        /// Depth (0 = root).
        depth: u32,
    },
    /// Hash log: the in-memory index lookup, then one seek.
    Index {
        /// Segment and byte offset of the key's latest record, if indexed.
        at: Option<(FileId, u64)>,
    },
}

/// What the last action did on one lane.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct LastStep {
    /// The operation run, if the action was an operation.
    pub op: Option<Op>,
    /// Its result.
    pub result: Option<OpResult>,
    /// Structural events, oldest first (flushes, compactions, splits, crash ...).
    pub events: Vec<StorageEvent>,
    /// The path of a point read.
    pub path: Vec<ProbeStep>,
    /// Merges, with their keys.
    pub merges: Vec<MergeView>,
    /// This step's result disagreed with the oracle.
    pub violation: bool,
}

/// Metric counters at one moment (integers; the charts compute the ratios).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Sample {
    /// Operations run so far on this lane.
    pub ops: u64,
    /// User bytes written (key + value per put, key per delete).
    pub user_bytes: u64,
    /// Disk bytes written.
    pub bytes_written: u64,
    /// Disk bytes read.
    pub bytes_read: u64,
    /// Point reads.
    pub gets: u64,
    /// SSTables / pages / records read by point reads.
    pub get_touches: u64,
    /// Bytes on disk.
    pub disk_bytes: u64,
    /// Of those, bytes in write-ahead logs.
    pub wal_disk_bytes: u64,
    /// Live user bytes.
    pub live_user_bytes: u64,
}

impl Sample {
    fn of(ops: u64, m: &Metrics) -> Sample {
        Sample {
            ops,
            user_bytes: m.user_bytes_written,
            bytes_written: m.io.bytes_written,
            bytes_read: m.io.bytes_read,
            gets: m.gets,
            get_touches: m.get_touches,
            disk_bytes: m.disk_bytes,
            wal_disk_bytes: m.wal_disk_bytes,
            live_user_bytes: m.live_user_bytes,
        }
    }

    /// Simulated I/O time so far, nanoseconds ([`IO_NS_PER_BYTE`]).
    pub fn io_ns(&self) -> u64 {
        (self.bytes_written + self.bytes_read) * IO_NS_PER_BYTE
    }

    /// Operations per simulated second of disk I/O (0 before any I/O).
    pub fn ops_per_io_second(&self) -> u64 {
        super::metrics::per(self.ops, 1_000_000_000, self.io_ns())
    }
}

/// One engine of the lab with its oracle, samples and last step.
#[derive(Clone, Debug)]
pub struct Lane {
    engine: AnyEngine,
    oracle: Oracle,
    ops: u64,
    samples: Vec<Sample>,
    sample_every: u64,
    last: LastStep,
    files: BTreeMap<FileId, Vec<KeyCell>>,
    closed_since_merge: u32,
    merge_trigger: u32,
    compactions_per_op: u32,
    violation: Option<String>,
}

impl Lane {
    fn new(cfg: EngineConfig, compactions_per_op: u32) -> Lane {
        let (cfg, merge_trigger) = match cfg {
            EngineConfig::Lsm(c) => (
                EngineConfig::Lsm(super::LsmConfig {
                    compactions_per_write: 0,
                    ..c
                }),
                0,
            ),
            EngineConfig::HashLog(c) => (
                EngineConfig::HashLog(super::HashLogConfig {
                    merge_trigger: 0,
                    ..c
                }),
                c.merge_trigger,
            ),
            other => (other, 0),
        };
        let mut lane = Lane {
            engine: AnyEngine::new(cfg),
            oracle: Oracle::new(),
            ops: 0,
            samples: Vec::new(),
            sample_every: 1,
            last: LastStep::default(),
            files: BTreeMap::new(),
            closed_since_merge: 0,
            merge_trigger,
            compactions_per_op,
            violation: None,
        };
        lane.engine.drain_events();
        lane.samples.push(Sample::of(0, &lane.engine.metrics()));
        lane
    }

    /// The engine (match on it to reach each engine's `view()`).
    pub fn engine(&self) -> &AnyEngine {
        &self.engine
    }

    /// Which engine.
    pub fn kind(&self) -> EngineKind {
        self.engine.kind()
    }

    /// Current metrics.
    pub fn metrics(&self) -> Metrics {
        self.engine.metrics()
    }

    /// Operations run on this lane (failed ones included).
    pub fn ops(&self) -> u64 {
        self.ops
    }

    /// Metric samples over operations, oldest first (the last one is current).
    pub fn samples(&self) -> &[Sample] {
        &self.samples
    }

    /// What the last action did.
    pub fn last(&self) -> &LastStep {
        &self.last
    }

    /// The keys of a live SSTable or closed segment, if known.
    pub fn file_keys(&self, id: FileId) -> Option<&[KeyCell]> {
        self.files.get(&id).map(Vec::as_slice)
    }

    /// The first disagreement with the oracle, if any (the lab stops there).
    pub fn violation(&self) -> Option<&str> {
        self.violation.as_deref()
    }

    /// Keys whose value is uncertain after unacknowledged writes.
    pub fn uncertain_keys(&self) -> usize {
        self.oracle.uncertain_keys()
    }

    /// The oracle's certainly-present keys (what every acknowledged write left).
    pub fn acknowledged(&self) -> BTreeMap<Key, Value> {
        self.oracle.certain()
    }

    /// Records the live immutable files (SSTables, closed segments) and their keys.
    fn refresh_files(&mut self) {
        match &self.engine {
            AnyEngine::Lsm(l) => {
                for t in l.levels().iter().flatten() {
                    self.files.entry(t.id).or_insert_with(|| {
                        t.peek_all(l.disk())
                            .into_iter()
                            .map(|e| KeyCell {
                                key: e.key,
                                seq: e.seq,
                                tombstone: e.value.is_none(),
                                kept: true,
                            })
                            .collect()
                    });
                }
            }
            AnyEngine::HashLog(h) => {
                for s in h.segments_view().into_iter().filter(|s| !s.active) {
                    self.files.entry(s.id).or_insert_with(|| {
                        s.records
                            .iter()
                            .map(|r| KeyCell {
                                key: r.key,
                                seq: r.seq,
                                tombstone: r.tombstone,
                                kept: true,
                            })
                            .collect()
                    });
                }
            }
            AnyEngine::BTree(_) => {}
        }
    }

    fn live_files(&self) -> Vec<FileId> {
        match &self.engine {
            AnyEngine::Lsm(l) => l.levels().iter().flatten().map(|t| t.id).collect(),
            AnyEngine::HashLog(h) => h.segments_view().iter().map(|s| s.id).collect(),
            AnyEngine::BTree(_) => Vec::new(),
        }
    }

    /// Drains the engine's events into `last`, building merge views.
    fn collect_events(&mut self) {
        let events = self.engine.drain_events();
        self.refresh_files();
        for e in &events {
            match e {
                StorageEvent::Compacted {
                    from_level,
                    to_level,
                    inputs,
                    outputs,
                    dropped_versions,
                    dropped_tombstones,
                } => {
                    let mv = self.merge_view(
                        (*from_level, *to_level),
                        inputs,
                        outputs,
                        (*dropped_versions, *dropped_tombstones),
                    );
                    self.last.merges.push(mv);
                }
                StorageEvent::SegmentMerged {
                    inputs,
                    outputs,
                    dropped_records,
                } => {
                    let mv = self.merge_view((0, 0), inputs, outputs, (*dropped_records, 0));
                    self.last.merges.push(mv);
                    self.closed_since_merge = 0;
                }
                StorageEvent::SegmentClosed { .. } => self.closed_since_merge += 1,
                StorageEvent::Recovered { .. } => self.closed_since_merge = 0,
                _ => {}
            }
        }
        self.last.events.extend(events);
        let live = self.live_files();
        self.files.retain(|id, _| live.contains(id));
    }

    fn merge_view(
        &self,
        levels: (u8, u8),
        inputs: &[FileId],
        outputs: &[FileId],
        dropped: (u64, u64),
    ) -> MergeView {
        let outs: Vec<FileKeys> = outputs
            .iter()
            .map(|id| FileKeys {
                id: *id,
                cells: self.files.get(id).cloned().unwrap_or_default(),
            })
            .collect();
        let survived = |c: &KeyCell| {
            outs.iter()
                .any(|o| o.cells.iter().any(|x| x.key == c.key && x.seq == c.seq))
        };
        let ins = inputs
            .iter()
            .map(|id| FileKeys {
                id: *id,
                cells: self
                    .files
                    .get(id)
                    .map(|cells| {
                        cells
                            .iter()
                            .map(|c| KeyCell {
                                kept: survived(c),
                                ..c.clone()
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            })
            .collect();
        MergeView {
            from_level: levels.0,
            to_level: levels.1,
            inputs: ins,
            outputs: outs,
            dropped_versions: dropped.0,
            dropped_tombstones: dropped.1,
        }
    }

    /// The path a `get(key)` is about to walk (uncounted: it only looks).
    fn trace_get(&self, key: Key) -> Vec<ProbeStep> {
        let mut path = Vec::new();
        match &self.engine {
            AnyEngine::Lsm(l) => {
                let v = l.view();
                let hit = v.memtable.iter().any(|e| e.0 == key);
                path.push(ProbeStep::Memtable { hit });
                if hit {
                    return path;
                }
                for (n, level) in l.levels().iter().enumerate() {
                    for t in level.iter().filter(|t| t.covers(key)) {
                        let filtered = t.meta.bloom.enabled();
                        let outcome = if filtered && !t.meta.bloom.may_contain(key) {
                            TableProbe::BloomNo
                        } else if self
                            .files
                            .get(&t.id)
                            .is_some_and(|c| c.iter().any(|c| c.key == key))
                        {
                            TableProbe::Found
                        } else if filtered {
                            TableProbe::Miss
                        } else {
                            TableProbe::Unfiltered
                        };
                        path.push(ProbeStep::Table {
                            id: t.id,
                            level: level_number(n),
                            outcome,
                        });
                        if outcome == TableProbe::Found {
                            return path;
                        }
                    }
                }
            }
            AnyEngine::BTree(b) => {
                let pages = b.view();
                let Some(mut page) = pages.first().map(|p| p.page) else {
                    return path;
                };
                for _ in 0..=64 {
                    let Some(p) = pages.iter().find(|p| p.page == page) else {
                        break;
                    };
                    path.push(ProbeStep::Page {
                        page,
                        depth: p.depth,
                    });
                    if p.leaf {
                        break;
                    }
                    let idx = p.keys.partition_point(|k| *k <= key);
                    match p.children.get(idx) {
                        Some(c) => page = *c,
                        None => break,
                    }
                }
            }
            AnyEngine::HashLog(h) => {
                let at = h.index().get(&key).map(|l| (l.segment, l.offset));
                path.push(ProbeStep::Index { at });
            }
        }
        path
    }

    /// Runs one operation and the background work it triggers.
    fn run_op(&mut self, op: &Op) {
        if let Op::Get { key } = op {
            if !self.engine.is_crashed() {
                self.last.path = self.trace_get(*key);
            }
        }
        let result = apply(&mut self.engine, op);
        self.ops += 1;
        if self.violation.is_none() {
            if let Err(d) = self.oracle.check(op, &result) {
                self.last.violation = true;
                self.violation = Some(format!(
                    "{} answered {} for key {} after {}; the model allows {}",
                    kind_name(self.kind()),
                    show_opt(&d.got),
                    d.key,
                    describe_op(&d.op),
                    d.allowed
                        .iter()
                        .map(show_opt)
                        .collect::<Vec<_>>()
                        .join(" or ")
                ));
            }
        }
        self.last.op = Some(op.clone());
        self.last.result = Some(result);
        self.collect_events();
        self.background(self.compactions_per_op);
        self.sample(false);
    }

    /// Up to `budget` background jobs (compactions / a due merge).
    fn background(&mut self, budget: u32) {
        let mut left = budget;
        while left > 0 && !self.engine.is_crashed() {
            let due = match &self.engine {
                AnyEngine::HashLog(_) => {
                    self.merge_trigger > 0 && self.closed_since_merge >= self.merge_trigger
                }
                AnyEngine::Lsm(_) => true,
                AnyEngine::BTree(_) => false,
            };
            if !due {
                break;
            }
            let ran = self.engine.background_step().unwrap_or(false);
            self.collect_events();
            if !ran {
                break;
            }
            left -= 1;
        }
    }

    fn sample(&mut self, force: bool) {
        if !force && self.ops % self.sample_every != 0 {
            return;
        }
        let s = Sample::of(self.ops, &self.engine.metrics());
        if self.samples.last().is_some_and(|l| l.ops == s.ops) {
            self.samples.pop();
        }
        self.samples.push(s);
        if self.samples.len() > MAX_SAMPLES {
            let kept: Vec<Sample> = self
                .samples
                .iter()
                .enumerate()
                .filter(|(i, _)| i % 2 == 0)
                .map(|(_, s)| *s)
                .collect();
            self.samples = kept;
            self.sample_every *= 2;
        }
    }

    fn act(&mut self, action: &LabAction) {
        match action {
            LabAction::Workload(_) => {}
            LabAction::Put(k, v) => self.run_op(&Op::Put {
                key: *k,
                value: v.clone(),
            }),
            LabAction::Get(k) => self.run_op(&Op::Get { key: *k }),
            LabAction::Delete(k) => self.run_op(&Op::Delete { key: *k }),
            LabAction::Flush => {
                if let AnyEngine::Lsm(l) = &mut self.engine {
                    let _ = l.flush_now();
                }
                self.collect_events();
                self.background(self.compactions_per_op);
                self.sample(true);
            }
            LabAction::Compact => {
                let _ = self.engine.background_step();
                self.collect_events();
                self.sample(true);
            }
            LabAction::Crash => {
                if !self.engine.is_crashed() {
                    self.engine.crash();
                }
                self.collect_events();
            }
            LabAction::Recover => {
                if self.engine.is_crashed() {
                    let _ = self.engine.recover();
                }
                self.collect_events();
                self.sample(true);
            }
            LabAction::CrashAfter(k) => {
                if !self.engine.is_crashed() {
                    self.engine.crash_after_disk_writes(*k);
                }
            }
        }
    }
}

/// A line of the lab's log.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LabLogLine {
    /// Position in the run (a stable key).
    pub index: u64,
    /// Actions done so far (the lab's clock), workload operations counted one by one.
    pub at_op: u64,
    /// The sentence.
    pub text: String,
    /// True for an oracle violation.
    pub alarm: bool,
    /// True for a turn of the story (a flush, compaction, split, merge, crash or
    /// recovery, or an action of the user's); false for workload traffic and probes.
    pub milestone: bool,
}

/// The storage lab. See the module docs.
#[derive(Clone, Debug)]
pub struct StorageLab {
    base: StorageScenario,
    history: Vec<LabAction>,
    lanes: Vec<Lane>,
    workload: Workload,
    workload_done: u32,
    clock: u64,
    log: VecDeque<LabLogLine>,
    next_line: u64,
}

impl StorageLab {
    /// Builds the lab for `scenario` and replays its recorded actions.
    pub fn new(scenario: &StorageScenario) -> StorageLab {
        let base = StorageScenario {
            actions: Vec::new(),
            ..scenario.clone()
        };
        let lanes = scenario
            .engine_configs()
            .into_iter()
            .map(|c| Lane::new(c, scenario.compactions_per_op))
            .collect();
        let mut lab = StorageLab {
            workload: Workload::new(scenario.workload),
            base,
            history: Vec::new(),
            lanes,
            workload_done: 0,
            clock: 0,
            log: VecDeque::new(),
            next_line: 0,
        };
        for a in &scenario.actions {
            lab.apply(a.clone());
        }
        lab
    }

    /// The scenario that reproduces this run (base settings + recorded actions).
    pub fn scenario(&self) -> StorageScenario {
        StorageScenario {
            actions: self.history.clone(),
            ..self.base.clone()
        }
    }

    /// The lanes: one engine, or LSM then B-tree in race mode.
    pub fn lanes(&self) -> &[Lane] {
        &self.lanes
    }

    /// Which engine(s).
    pub fn engine(&self) -> LabEngine {
        self.base.engine
    }

    /// The log, oldest first.
    pub fn log(&self) -> impl Iterator<Item = &LabLogLine> {
        self.log.iter()
    }

    /// Actions done so far (workload operations counted one by one).
    pub fn clock(&self) -> u64 {
        self.clock
    }

    /// Workload operations run so far.
    pub fn workload_done(&self) -> u32 {
        self.workload_done
    }

    /// Workload operations left.
    pub fn workload_left(&self) -> u32 {
        self.base.workload.ops.saturating_sub(self.workload_done)
    }

    /// True while some engine is crashed (operations are refused until recovery).
    pub fn is_down(&self) -> bool {
        self.lanes.iter().any(|l| l.engine.is_crashed())
    }

    /// The first oracle violation of any lane.
    pub fn violation(&self) -> Option<&str> {
        self.lanes.iter().find_map(|l| l.violation())
    }

    /// True when the workload can run another step (not exhausted, not down, no
    /// violation).
    pub fn can_step(&self) -> bool {
        self.workload_left() > 0 && !self.is_down() && self.violation().is_none()
    }

    /// Runs the next workload operation; false (and nothing recorded) when it cannot.
    pub fn step(&mut self) -> bool {
        if !self.can_step() {
            return false;
        }
        self.apply(LabAction::Workload(1));
        true
    }

    /// Runs and records one action. `Workload(n)` runs up to `n` operations (it stops
    /// early when the workload ends or an engine goes down).
    pub fn apply(&mut self, action: LabAction) {
        if let LabAction::Workload(n) = action {
            for _ in 0..n {
                if !self.can_step() {
                    break;
                }
                let Some(op) = self.workload.next() else {
                    break;
                };
                self.workload_done += 1;
                self.record(LabAction::Workload(1));
                self.run(&LabAction::Workload(1), Some(op));
            }
            return;
        }
        self.record(action.clone());
        self.run(&action, None);
    }

    fn record(&mut self, action: LabAction) {
        if let (LabAction::Workload(1), Some(LabAction::Workload(m))) =
            (&action, self.history.last_mut())
        {
            *m += 1;
            return;
        }
        self.history.push(action);
    }

    fn run(&mut self, action: &LabAction, op: Option<Op>) {
        self.clock += 1;
        let was_down = self.is_down();
        for lane in &mut self.lanes {
            lane.last = LastStep::default();
            match &op {
                Some(op) => lane.run_op(op),
                None => lane.act(action),
            }
        }
        self.narrate(action, op.as_ref(), was_down);
    }

    fn say(&mut self, text: String, alarm: bool, milestone: bool) {
        self.log.push_back(LabLogLine {
            index: self.next_line,
            at_op: self.clock,
            text,
            alarm,
            milestone,
        });
        self.next_line += 1;
        while self.log.len() > LOG_CAPACITY {
            self.log.pop_front();
        }
    }

    fn narrate(&mut self, action: &LabAction, op: Option<&Op>, was_down: bool) {
        let race = self.lanes.len() > 1;
        let mine = op.is_none();
        let mut lines: Vec<(String, bool, bool)> = Vec::new();
        let head = match (action, op) {
            (_, Some(op)) => Some(describe_op(op)),
            (LabAction::Put(k, v), _) => Some(describe_op(&Op::Put {
                key: *k,
                value: v.clone(),
            })),
            (LabAction::Get(k), _) => Some(format!("get {k}")),
            (LabAction::Delete(k), _) => Some(format!("delete {k}")),
            (LabAction::CrashAfter(k), _) => Some(format!(
                "armed: the disk fails after {k} more write{}",
                if *k == 1 { "" } else { "s" }
            )),
            (LabAction::Crash, _) if was_down => Some("already down".into()),
            (LabAction::Recover, _) if !was_down => Some("nothing to recover".into()),
            _ => None,
        };
        for lane in &self.lanes {
            let who = if race {
                format!("{}: ", kind_name(lane.kind()))
            } else {
                String::new()
            };
            if let (Some(h), Some(r)) = (&head, &lane.last.result) {
                lines.push((format!("{who}{h} → {}", describe_result(r)), false, mine));
            } else if let Some(h) = &head {
                if !race || lane.kind() == EngineKind::Lsm {
                    lines.push((h.clone(), false, mine));
                }
            }
            for e in &lane.last.events {
                lines.push((
                    format!("{who}{}", describe_event(e, lane.kind())),
                    false,
                    true,
                ));
            }
            for p in &lane.last.path {
                if let Some(t) = describe_probe(p) {
                    lines.push((format!("{who}{t}"), false, false));
                }
            }
            if *action == LabAction::Compact && lane.last.events.is_empty() && !was_down {
                lines.push((format!("{who}{}", describe_idle(&lane.engine)), false, true));
            }
            if lane.last.violation {
                if let Some(v) = &lane.violation {
                    lines.push((format!("{who}VIOLATION: {v}"), true, true));
                }
            }
        }
        for (t, a, m) in lines {
            self.say(t, a, m);
        }
    }
}

/// Short engine names for the log and the page.
pub fn kind_name(k: EngineKind) -> &'static str {
    match k {
        EngineKind::HashLog => "hash log",
        EngineKind::Lsm => "LSM-tree",
        EngineKind::BTree => "B-tree",
    }
}

/// A value as text when it is short printable ASCII, else as `0x…` hex of its first
/// bytes.
pub fn show_value(v: &[u8]) -> String {
    if !v.is_empty() && v.len() <= 24 && v.iter().all(|b| b.is_ascii_graphic() || *b == b' ') {
        return format!("\"{}\"", String::from_utf8_lossy(v));
    }
    let mut s = String::from("0x");
    for b in v.iter().take(3) {
        s.push_str(&format!("{b:02x}"));
    }
    if v.len() > 3 {
        s.push('…');
    }
    s
}

/// Keys as `[1, 2, 3]`, for tooltips and messages (without `Debug` formatting, whose
/// code the web page would otherwise carry).
pub fn key_list(keys: &[Key]) -> String {
    let shown: Vec<String> = keys.iter().map(|k| format!("{k}")).collect();
    format!("[{}]", shown.join(", "))
}

fn show_opt(v: &Option<Value>) -> String {
    match v {
        Some(v) => show_value(v),
        None => "nothing".into(),
    }
}

/// An operation in words.
pub fn describe_op(op: &Op) -> String {
    match op {
        Op::Put { key, value } => format!("put {key} = {}", show_value(value)),
        Op::Get { key } => format!("get {key}"),
        Op::Delete { key } => format!("delete {key}"),
        Op::Scan { lo, hi } => format!("scan {lo}..={hi}"),
    }
}

fn describe_result(r: &OpResult) -> String {
    match r {
        OpResult::Ack => "acknowledged".into(),
        OpResult::Value(Some(v)) => show_value(v),
        OpResult::Value(None) => "not found".into(),
        OpResult::Rows(rows) => format!("{} rows", rows.len()),
        OpResult::Failed => "FAILED: the engine is down (not acknowledged)".into(),
    }
}

fn describe_probe(p: &ProbeStep) -> Option<String> {
    match p {
        ProbeStep::Table {
            id,
            level,
            outcome: TableProbe::BloomNo,
        } => Some(format!(
            "  SSTable #{id} (L{level}): Bloom filter says definitely not here, skipped"
        )),
        ProbeStep::Table {
            id,
            level,
            outcome: TableProbe::Miss,
        } => Some(format!(
            "  SSTable #{id} (L{level}): block read, key absent (Bloom false positive)"
        )),
        ProbeStep::Table {
            id,
            level,
            outcome: TableProbe::Unfiltered,
        } => Some(format!(
            "  SSTable #{id} (L{level}): no filter, block read, key absent (without Bloom filters every table covering the key is read)"
        )),
        _ => None,
    }
}

/// Why "compact one step" found nothing to do: what the policy waits for.
pub fn describe_idle(engine: &AnyEngine) -> String {
    match engine {
        AnyEngine::Lsm(l) => match l.config().strategy {
            CompactionStrategy::Leveled { l0_trigger, .. } => format!(
                "compact: nothing due, L0 holds {} of the {l0_trigger} tables that trigger a compaction and no level is over its target",
                l.levels()[0].len()
            ),
            CompactionStrategy::SizeTiered {
                min_merge,
                size_ratio_pct,
                ..
            } => format!(
                "compact: nothing due, no {min_merge} adjacent runs of similar size (largest at most {size_ratio_pct} % of the smallest) among {}",
                plural(l.levels()[0].len() as u64, "run", "runs")
            ),
        },
        AnyEngine::HashLog(_) => {
            "merge: nothing to do, fewer than two closed segments hold records to merge".into()
        }
        AnyEngine::BTree(_) => {
            "compact: a B-tree has nothing to compact, it updates its pages in place".into()
        }
    }
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A structural event in words.
pub fn describe_event(e: &StorageEvent, kind: EngineKind) -> String {
    let ids = |v: &[FileId]| {
        v.iter()
            .map(|i| format!("#{i}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    match e {
        StorageEvent::SegmentClosed { segment, bytes } => {
            format!("segment #{segment} full ({bytes} B): closed, new active segment")
        }
        StorageEvent::SegmentMerged {
            inputs,
            outputs,
            dropped_records,
        } => format!(
            "merge: segments {} → {}, {} dropped",
            ids(inputs),
            ids(outputs),
            plural(*dropped_records, "stale record", "stale records")
        ),
        StorageEvent::Flushed {
            sstable,
            level,
            entries,
            bytes,
        } => format!(
            "flush: {} from the memtable to SSTable #{sstable} in L{level} ({bytes} B)",
            plural(*entries, "entry", "entries")
        ),
        StorageEvent::Compacted {
            from_level,
            to_level,
            inputs,
            outputs,
            dropped_versions,
            dropped_tombstones,
        } => format!(
            "compaction L{from_level}→L{to_level}: {} → {}; dropped {} and {}",
            ids(inputs),
            ids(outputs),
            plural(*dropped_versions, "old version", "old versions"),
            plural(*dropped_tombstones, "tombstone", "tombstones")
        ),
        StorageEvent::PageSplit {
            page,
            new_page,
            separator,
            height,
        } => format!(
            "page {page} full: split into {page} + {new_page}, key {separator} goes up ({})",
            if *height == 0 {
                "leaf"
            } else {
                "internal page"
            }
        ),
        StorageEvent::NewRoot { root, levels } => {
            format!("the root split: new root page {root}, the tree has {levels} levels")
        }
        StorageEvent::WalTruncated { wal } => format!("WAL #{wal} no longer needed: deleted"),
        StorageEvent::Crashed => match kind {
            EngineKind::Lsm => "CRASH: memtable lost (the WAL is on disk)".into(),
            EngineKind::BTree => "CRASH: cached pages lost (the WAL is on disk)".into(),
            EngineKind::HashLog => "CRASH: in-memory hash index lost".into(),
        },
        StorageEvent::Recovered {
            records_replayed,
            orphans_deleted,
        } => {
            let what = match kind {
                EngineKind::Lsm => "WAL records replayed into the memtable",
                EngineKind::BTree => "WAL records redone",
                EngineKind::HashLog => "log records scanned to rebuild the index",
            };
            let mut s = format!("recovered: {records_replayed} {what}");
            if *orphans_deleted > 0 {
                s.push_str(&format!(
                    ", {} of an interrupted operation deleted",
                    plural(*orphans_deleted, "orphan file", "orphan files")
                ));
            }
            s
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::engine::low_byte;
    use crate::storage::lab_scenario::StorageScenario;
    use crate::storage::lsm::LsmView;
    use alloc::vec;

    fn on(engine: LabEngine) -> StorageScenario {
        StorageScenario {
            engine,
            ..StorageScenario::default()
        }
    }

    fn lsm_view(lab: &StorageLab) -> LsmView {
        match lab.lanes()[0].engine() {
            AnyEngine::Lsm(l) => l.view(),
            _ => panic!("not an LSM"),
        }
    }

    #[test]
    fn key_lists_read_like_the_debug_output_they_replace() {
        assert_eq!(key_list(&[25, 27]), "[25, 27]");
        assert_eq!(key_list(&[7]), "[7]");
        assert_eq!(key_list(&[]), "[]");
    }

    #[test]
    fn workload_steps_are_recorded_coalesced_and_replay_exactly() {
        let s = StorageScenario::default();
        let mut lab = StorageLab::new(&s);
        for _ in 0..30 {
            assert!(lab.step());
        }
        lab.apply(LabAction::Put(5, b"hello".to_vec()));
        lab.apply(LabAction::Workload(20));
        lab.apply(LabAction::Get(5));
        let sc = lab.scenario();
        assert_eq!(
            sc.actions,
            vec![
                LabAction::Workload(30),
                LabAction::Put(5, b"hello".to_vec()),
                LabAction::Workload(20),
                LabAction::Get(5)
            ]
        );
        let again = StorageLab::new(&sc);
        assert_eq!(again.lanes()[0].metrics(), lab.lanes()[0].metrics());
        assert_eq!(again.lanes()[0].samples(), lab.lanes()[0].samples());
        assert_eq!(again.workload_done(), 50);
        assert_eq!(
            lab.lanes()[0].last().result,
            Some(OpResult::Value(Some(b"hello".to_vec())))
        );
    }

    #[test]
    fn flush_and_compaction_are_visible_with_keys() {
        let s = on(LabEngine::Lsm);
        let mut lab = StorageLab::new(&s);
        let mut flushed = false;
        let mut merged = None;
        for _ in 0..400 {
            lab.step();
            let last = lab.lanes()[0].last();
            flushed |= last
                .events
                .iter()
                .any(|e| matches!(e, StorageEvent::Flushed { .. }));
            if let Some(m) = last.merges.first() {
                merged = Some(m.clone());
            }
        }
        assert!(flushed);
        let m = merged.expect("a compaction within 400 ops");
        assert!(!m.inputs.is_empty() && !m.outputs.is_empty());
        let in_cells: usize = m.inputs.iter().map(|f| f.cells.len()).sum();
        let kept: usize = m
            .inputs
            .iter()
            .map(|f| f.cells.iter().filter(|c| c.kept).count())
            .sum();
        let out_cells: usize = m.outputs.iter().map(|f| f.cells.len()).sum();
        assert_eq!(kept, out_cells);
        assert_eq!(
            (in_cells - kept) as u64,
            m.dropped_versions + m.dropped_tombstones
        );
        // Every live table's keys are known for drawing.
        for t in lsm_view(&lab).levels.iter().flatten() {
            let keys = lab.lanes()[0].file_keys(t.id).expect("cached");
            assert_eq!(keys.len() as u64, t.entries);
        }
        assert!(lab.log().count() > 10);
        assert!(lab.violation().is_none());
    }

    #[test]
    fn get_path_walks_memtable_bloom_and_tables() {
        let mut s = on(LabEngine::Lsm);
        s.lsm.memtable_bytes = 60; // two 1-byte entries per SSTable
        s.compactions_per_op = 0;
        let mut lab = StorageLab::new(&s);
        for k in [10u64, 20, 30, 40, 50, 60] {
            lab.apply(LabAction::Put(k, vec![1]));
        }
        lab.apply(LabAction::Put(70, vec![7]));
        lab.apply(LabAction::Get(70));
        assert_eq!(
            lab.lanes()[0].last().path,
            vec![ProbeStep::Memtable { hit: true }]
        );
        lab.apply(LabAction::Get(15));
        let path = &lab.lanes()[0].last().path;
        assert_eq!(path[0], ProbeStep::Memtable { hit: false });
        assert!(path.len() >= 2, "{path:?}");
        assert!(path[1..].iter().all(|p| matches!(
            p,
            ProbeStep::Table {
                outcome: TableProbe::BloomNo | TableProbe::Miss,
                ..
            }
        )));
        lab.apply(LabAction::Get(10));
        let path = &lab.lanes()[0].last().path;
        assert!(matches!(
            path.last(),
            Some(ProbeStep::Table {
                outcome: TableProbe::Found,
                ..
            })
        ));
    }

    #[test]
    fn btree_and_hash_log_paths() {
        let s = on(LabEngine::BTree);
        let mut lab = StorageLab::new(&s);
        for k in 0..40u64 {
            lab.apply(LabAction::Put(k, vec![1]));
        }
        lab.apply(LabAction::Get(33));
        let path = &lab.lanes()[0].last().path;
        let AnyEngine::BTree(b) = lab.lanes()[0].engine() else {
            panic!()
        };
        assert_eq!(u32::try_from(path.len()), Ok(b.meta().unwrap().levels));
        let mut lab = StorageLab::new(&on(LabEngine::HashLog));
        lab.apply(LabAction::Put(3, vec![1]));
        lab.apply(LabAction::Get(3));
        assert!(matches!(
            lab.lanes()[0].last().path[..],
            [ProbeStep::Index { at: Some(_) }]
        ));
    }

    #[test]
    fn crash_refuses_work_and_recovery_replays_the_wal() {
        let s = on(LabEngine::Lsm);
        let mut lab = StorageLab::new(&s);
        lab.apply(LabAction::Put(1, b"a".to_vec()));
        lab.apply(LabAction::Put(2, b"b".to_vec()));
        lab.apply(LabAction::Crash);
        assert!(lab.is_down());
        assert!(!lab.step());
        lab.apply(LabAction::Put(3, b"c".to_vec()));
        assert_eq!(lab.lanes()[0].last().result, Some(OpResult::Failed));
        lab.apply(LabAction::Recover);
        assert!(!lab.is_down());
        assert!(lab.lanes()[0].last().events.iter().any(|e| matches!(
            e,
            StorageEvent::Recovered {
                records_replayed: 2,
                ..
            }
        )));
        assert_eq!(lsm_view(&lab).memtable.len(), 2);
        assert!(lab.log().any(|l| l.text.contains("2 WAL records replayed")));
        lab.apply(LabAction::Get(3));
        assert_eq!(lab.lanes()[0].last().result, Some(OpResult::Value(None)));
        assert!(lab.violation().is_none());
    }

    #[test]
    fn race_feeds_both_engines_the_same_ops() {
        let s = on(LabEngine::Race);
        let mut lab = StorageLab::new(&s);
        lab.apply(LabAction::Workload(300));
        let [a, b] = lab.lanes() else { panic!() };
        assert_eq!((a.kind(), b.kind()), (EngineKind::Lsm, EngineKind::BTree));
        assert_eq!((a.ops(), b.ops()), (300, 300));
        assert_eq!(
            a.metrics().user_bytes_written,
            b.metrics().user_bytes_written
        );
        assert_eq!(a.metrics().live_keys, b.metrics().live_keys);
        assert!(a.samples().last().unwrap().ops_per_io_second() > 0);
        assert!(b.samples().last().unwrap().ops_per_io_second() > 0);
    }

    #[test]
    fn samples_stay_bounded() {
        let mut s = StorageScenario::default();
        s.workload.ops = 3000;
        let mut lab = StorageLab::new(&s);
        lab.apply(LabAction::Workload(3000));
        let samples = lab.lanes()[0].samples();
        assert!(samples.len() <= MAX_SAMPLES, "{}", samples.len());
        assert!(samples.windows(2).all(|w| w[0].ops < w[1].ops));
        assert_eq!(samples.last().unwrap().ops % 16, 0);
        assert!(lab.log().count() <= LOG_CAPACITY);
        assert!(!lab.step(), "the workload is exhausted");
    }

    #[test]
    fn hash_log_merge_shows_dropped_records() {
        let mut s = on(LabEngine::HashLog);
        s.hash.segment_bytes = 60;
        s.hash.merge_trigger = 2;
        let mut lab = StorageLab::new(&s);
        let mut merges = Vec::new();
        for i in 0..12u64 {
            lab.apply(LabAction::Put(i % 3, vec![low_byte(i); 4]));
            merges.extend(lab.lanes()[0].last().merges.clone());
        }
        assert!(!merges.is_empty());
        let m = &merges[0];
        let dropped = m
            .inputs
            .iter()
            .flat_map(|f| &f.cells)
            .filter(|c| !c.kept)
            .count() as u64;
        assert_eq!(dropped, m.dropped_versions);
        assert!(dropped > 0);
    }

    #[test]
    fn show_value_prints_text_or_hex() {
        assert_eq!(show_value(b"Alice"), "\"Alice\"");
        assert_eq!(show_value(&[0, 1, 2, 3]), "0x000102…");
        assert_eq!(show_value(&[]), "0x");
    }
}
