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
//!
//! A scenario's actions are a script: [`StorageLab::new`] runs them up to the
//! scenario's position (`t`, all of them without one), and [`StorageLab::step`] runs the
//! rest one at a time (a workload operation counts one), so a book scenario plays from
//! its start. Past its end the seeded workload runs only once asked
//! ([`StorageLab::continue_workload`]). A named scenario's check is judged after every
//! action; once met it stays met ([`StorageLab::outcome`]).
//!
//! A crash keeps what is on disk: while an engine is down, [`Lane::on_disk`] is the
//! engine as it was just before the crash, whose SSTables, pages and segments are what
//! the disk holds, and whose memtable and index are what was lost (a B-tree is drawn
//! from its own disk: [`super::btree::BTree::view`] reads the page file)
//! ([`super::lab_crash`] adds the half-written files of an interrupted job and what
//! recovery did with them).

use alloc::collections::{BTreeMap, VecDeque};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::any_engine::{AnyEngine, EngineConfig};
use super::btree::descent;
use super::checker::{apply, OpResult, Oracle};
use super::compaction::CompactionStrategy;
use super::disk::FileId;
use super::engine::{level_number, EngineKind, Key, StorageEngine, StorageEvent, Value};
use super::lab_book::find;
use super::lab_crash::{crash_notes, orphans, recovery_notes, Orphan};
use super::lab_scenario::{LabEngine, StorageScenario, MAX_VALUE_BYTES};
use super::metrics::Metrics;
use super::workload::{Op, Workload};

pub mod rewind;

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
    /// Its value; `None` for a tombstone (delete marker).
    pub value: Option<Value>,
    /// In a merge input: this version reached the output. Elsewhere always true.
    pub kept: bool,
}

impl KeyCell {
    /// True for a tombstone (a delete marker: no value).
    pub fn is_tombstone(&self) -> bool {
        self.value.is_none()
    }
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
    /// What the step teaches beyond its events, in sentences (a crash's half-written
    /// files, what recovery kept of an unacknowledged write, what is lost without a WAL).
    pub notes: Vec<String>,
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
    /// Bytes of the LSM memtable (in memory; 0 for the other engines): live data not
    /// yet in an SSTable.
    pub memtable_bytes: u64,
}

impl Sample {
    fn of(ops: u64, m: &Metrics, memtable_bytes: u64) -> Sample {
        Sample {
            memtable_bytes,
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

    /// Bytes that hold the data: tables, pages or segments on disk (the write-ahead log
    /// excluded) plus the LSM memtable in memory. Space amplification is this over
    /// [`Sample::live_user_bytes`]: counting the memtable keeps it honest while live
    /// data sits only there (the tables alone would read below 1x).
    pub fn data_bytes(&self) -> u64 {
        (self.disk_bytes - self.wal_disk_bytes) + self.memtable_bytes
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
    /// An up LSM-tree's table ids, in level order, when `files` was last brought up
    /// to date; `None` when unknown (other engines, or taken while down).
    files_of: Option<Vec<FileId>>,
    closed_since_merge: u32,
    merge_trigger: u32,
    compactions_per_op: u32,
    violation: Option<String>,
    /// The engine just before it crashed (its disk is what survived); `None` while up.
    before_crash: Option<AnyEngine>,
    /// A crash-after fault is armed and has not fired.
    armed: bool,
    /// Writes that failed while the engine was up (a crash in their middle): they may
    /// or may not have happened; recovery says which.
    in_doubt: Vec<Op>,
    /// Acknowledged keys lost in crashes of an engine without a WAL.
    lost_keys: u64,
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
            files_of: None,
            closed_since_merge: 0,
            merge_trigger,
            compactions_per_op,
            violation: None,
            before_crash: None,
            armed: false,
            in_doubt: Vec::new(),
            lost_keys: 0,
        };
        lane.engine.drain_events();
        lane.samples.push(lane.current());
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

    /// The counters now, as a sample (the last of [`Lane::samples`] may be older: they
    /// thin out as the run grows).
    pub fn current(&self) -> Sample {
        let memtable = match &self.engine {
            AnyEngine::Lsm(l) => l.memtable_bytes(),
            _ => 0,
        };
        Sample::of(self.ops, &self.engine.metrics(), memtable)
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

    /// While the engine is down: the engine as it was just before the crash. Its
    /// SSTables, pages, segments and WAL are what the disk holds (as written before the
    /// crash); its memtable and hash index are what the crash lost.
    pub fn on_disk(&self) -> Option<&AnyEngine> {
        self.before_crash
            .as_ref()
            .filter(|_| self.engine.is_crashed())
    }

    /// The engine to draw: the one before the crash while down ([`Lane::on_disk`]), else
    /// the live one.
    pub fn shown(&self) -> &AnyEngine {
        self.on_disk().unwrap_or(&self.engine)
    }

    /// While down: the files on disk that the engine before the crash did not list (the
    /// half-written output of the job the crash interrupted), oldest first.
    pub fn orphans(&self) -> Vec<Orphan> {
        self.on_disk()
            .map(|before| orphans(&self.engine, before))
            .unwrap_or_default()
    }

    /// Acknowledged keys lost in crashes because the engine had no WAL (B-tree with
    /// `wal=0`): expected there, and counted instead of flagged.
    pub fn lost_keys(&self) -> u64 {
        self.lost_keys
    }

    /// True for an LSM-tree with size-tiered compaction (runs, not levels).
    pub fn tiered(&self) -> bool {
        matches!(&self.engine, AnyEngine::Lsm(l)
            if matches!(l.config().strategy, CompactionStrategy::SizeTiered { .. }))
    }

    /// True for a B-tree without a write-ahead log.
    pub fn without_wal(&self) -> bool {
        matches!(&self.engine, AnyEngine::BTree(b) if !b.config().wal)
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
                                value: e.value,
                                kept: true,
                            })
                            .collect()
                    });
                }
            }
            AnyEngine::HashLog(h) => {
                let disk = h.disk();
                for s in h.segments_view().into_iter().filter(|s| !s.active) {
                    self.files.entry(s.id).or_insert_with(|| {
                        (0..disk.len_blocks(s.id))
                            .filter_map(|no| disk.peek(s.id, no))
                            .map(|r| KeyCell {
                                key: r.key,
                                seq: r.seq,
                                value: r.value.clone(),
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
        match self.shown() {
            AnyEngine::Lsm(l) => l.levels().iter().flatten().map(|t| t.id).collect(),
            AnyEngine::HashLog(h) => h.segments_view().iter().map(|s| s.id).collect(),
            AnyEngine::BTree(_) => Vec::new(),
        }
    }

    /// An up LSM-tree's table ids in level order; `None` for other engines or while
    /// down.
    fn up_table_ids(&self) -> Option<Vec<FileId>> {
        match &self.engine {
            AnyEngine::Lsm(l) if !self.engine.is_crashed() => {
                Some(l.levels().iter().flatten().map(|t| t.id).collect())
            }
            _ => None,
        }
    }

    /// True when `files` already holds exactly the live files: an up LSM-tree whose
    /// tables are still the ones they were when `files` was last brought up to date
    /// (most operations only touch the memtable).
    fn files_current(&self) -> bool {
        match (&self.engine, &self.files_of) {
            (AnyEngine::Lsm(l), Some(ids)) if !self.engine.is_crashed() => {
                let now = l.levels().iter().flatten().map(|t| t.id);
                now.eq(ids.iter().copied())
            }
            _ => false,
        }
    }

    /// Drains the engine's events into `last`, building merge views.
    fn collect_events(&mut self) {
        let events = self.engine.drain_events();
        let current = self.files_current();
        if !current {
            self.refresh_files();
        }
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
        if !current {
            let live = self.live_files();
            self.files.retain(|id, _| live.contains(id));
            self.files_of = self.up_table_ids();
        }
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
                let hit = l.memtable_holds(key);
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
                path.extend(descent(&pages, key).into_iter().map(|p| ProbeStep::Page {
                    page: p.page,
                    depth: p.depth,
                }));
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
        let up = !self.engine.is_crashed();
        if let Op::Get { key } = op {
            if up {
                self.last.path = self.trace_get(*key);
            }
        }
        let result = apply(&mut self.engine, op);
        if up && result == OpResult::Failed {
            self.in_doubt.push(op.clone());
        }
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
        let s = self.current();
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
                    self.after_recovery();
                }
                self.collect_events();
                self.sample(true);
            }
            LabAction::CrashAfter(k) => {
                if !self.engine.is_crashed() {
                    self.engine.crash_after_disk_writes(*k);
                    self.armed = true;
                }
            }
        }
    }

    /// Keeps the engine as it is before an action that may crash it (a crash, or any
    /// action while a fault is armed): its disk is what a crash leaves.
    fn before(&mut self, action: &LabAction) {
        if !self.engine.is_crashed() && (self.armed || *action == LabAction::Crash) {
            self.before_crash = Some(self.engine.clone());
        }
    }

    /// After an action: a crash is explained ([`crash_notes`]); an engine still up
    /// forgets the copy [`Lane::before`] kept.
    fn after(&mut self, action: &LabAction, op: Option<&Op>) {
        if !self.engine.is_crashed() {
            self.before_crash = None;
            return;
        }
        let crashed_now = self
            .last
            .events
            .iter()
            .any(|e| matches!(e, StorageEvent::Crashed));
        if crashed_now {
            let what = match op {
                Some(op) => describe_op(op),
                None => describe_action(action),
            };
            let doubt = match (op, &self.last.result) {
                (Some(op), Some(OpResult::Failed)) => Some(op),
                _ => None,
            };
            let armed = self.armed && *action != LabAction::Crash;
            let notes = crash_notes(self, armed, &what, doubt);
            self.last.notes.extend(notes);
            self.armed = false;
        }
    }

    /// What recovery did with the writes in doubt; without a WAL, the acknowledged keys
    /// the crash lost, counted (the oracle restarts from what survived: losing them is
    /// the expected outcome, not a fault of the engine).
    fn after_recovery(&mut self) {
        let in_doubt = core::mem::take(&mut self.in_doubt);
        let r = recovery_notes(&self.engine, &in_doubt, &self.oracle, self.without_wal());
        self.last.notes.extend(r.notes);
        if let Some(oracle) = r.oracle {
            self.lost_keys += r.lost;
            self.oracle = oracle;
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
    /// The scenario's actions not done yet (a `Workload(n)` holds the operations left).
    script: VecDeque<LabAction>,
    /// The scenario carries a position (`t`) to keep in its link.
    positioned: bool,
    /// The seeded workload may run past the script (free runs; book scenarios once
    /// asked).
    free: bool,
    /// The action count at which the named scenario's check was first met.
    outcome_at: Option<u64>,
    lanes: Vec<Lane>,
    workload: Workload,
    workload_done: u32,
    clock: u64,
    log: VecDeque<LabLogLine>,
    next_line: u64,
}

impl StorageLab {
    /// Builds the lab for `scenario` and runs its actions up to its position (all of
    /// them without one); the rest wait for [`StorageLab::step`].
    pub fn new(scenario: &StorageScenario) -> StorageLab {
        let base = StorageScenario {
            actions: Vec::new(),
            position: None,
            ..scenario.clone()
        };
        let lanes = scenario
            .engine_configs()
            .into_iter()
            .map(|c| Lane::new(c, scenario.compactions_per_op))
            .collect();
        let mut lab = StorageLab {
            workload: Workload::new(scenario.workload),
            free: base.name.is_none(),
            base,
            history: Vec::new(),
            script: scenario.actions.iter().cloned().collect(),
            positioned: scenario.position.is_some(),
            outcome_at: None,
            lanes,
            workload_done: 0,
            clock: 0,
            log: VecDeque::new(),
            next_line: 0,
        };
        let target = scenario.position.unwrap_or(u64::MAX);
        while lab.clock < target && lab.advance_script() {}
        lab
    }

    /// Runs the rest of the scenario's actions.
    pub fn finish(&mut self) {
        while self.advance_script() {}
    }

    /// The scenario that reproduces this run: the base settings, the actions done and
    /// those still to do, and the position (`t`) when there is a rest or the link had
    /// one.
    pub fn scenario(&self) -> StorageScenario {
        let mut actions = self.history.clone();
        for a in &self.script {
            push_coalesced(&mut actions, a.clone());
        }
        let position = (self.positioned || !self.script.is_empty()).then_some(self.clock);
        StorageScenario {
            actions,
            position,
            ..self.base.clone()
        }
    }

    /// The run's settings (engine, knobs, workload, book scenario name): the scenario
    /// without its actions, borrowed (cheap to read every frame, unlike
    /// [`StorageLab::scenario`], which gathers the actions).
    pub fn settings(&self) -> &StorageScenario {
        &self.base
    }

    /// Actions of the run so far and still to do (a workload operation counts one):
    /// where the scenario ends.
    pub fn script_end(&self) -> u64 {
        let left: u64 = self
            .script
            .iter()
            .map(|a| match a {
                LabAction::Workload(n) => u64::from(*n),
                _ => 1,
            })
            .sum();
        self.clock + left
    }

    /// The scenario's next action, if any is left (a `Workload(n)` holds the operations
    /// left).
    pub fn next_scripted(&self) -> Option<&LabAction> {
        self.script.front()
    }

    /// True when a book scenario has run all its actions and waits for
    /// [`StorageLab::continue_workload`] (Play does not go on by itself).
    pub fn scenario_over(&self) -> bool {
        !self.free && self.script.is_empty()
    }

    /// True when the seeded workload runs on past the scenario's actions (a free run,
    /// or a book scenario after [`StorageLab::continue_workload`]).
    pub fn workload_continues(&self) -> bool {
        self.free
    }

    /// Lets the seeded workload run on after the scenario's actions.
    pub fn continue_workload(&mut self) {
        self.free = true;
    }

    /// The named book scenario's check on the run so far: `None` on a free run, `Ok`
    /// once its expected outcome has happened (it stays met, whatever follows), else
    /// what has not happened yet.
    pub fn outcome(&self) -> Option<Result<(), String>> {
        let book = find(self.base.name.as_deref()?)?;
        Some(match self.outcome_at {
            Some(_) => Ok(()),
            None => book.check(self),
        })
    }

    /// The action count at which the named scenario's outcome was first shown.
    pub fn outcome_at(&self) -> Option<u64> {
        self.outcome_at
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

    /// True when the seeded workload can run an operation (not exhausted, not down, no
    /// violation).
    fn workload_can_run(&self) -> bool {
        self.workload_left() > 0 && !self.is_down() && self.violation().is_none()
    }

    /// True when [`StorageLab::step`] has something to do: the scenario's next action,
    /// or (past the script, in a free run) a workload operation; never after a
    /// violation.
    pub fn can_step(&self) -> bool {
        self.violation().is_none()
            && (!self.script.is_empty() || (self.free && self.workload_can_run()))
    }

    /// Runs the scenario's next action (one workload operation of a `Workload(n)`), or
    /// past the script the next workload operation; false (and nothing recorded) when
    /// there is nothing to run.
    pub fn step(&mut self) -> bool {
        if !self.can_step() {
            return false;
        }
        self.advance_script() || (self.free && self.workload_op())
    }

    /// One unit of the script: its next action, or one operation of its `Workload(n)`
    /// (a workload entry that cannot run, the engine being down, is dropped, as it
    /// would do nothing). False when the script is done.
    fn advance_script(&mut self) -> bool {
        while let Some(next) = self.script.pop_front() {
            match next {
                LabAction::Workload(n) => {
                    if !self.workload_can_run() {
                        continue;
                    }
                    if n > 1 {
                        self.script.push_front(LabAction::Workload(n - 1));
                    }
                    if self.workload_op() {
                        return true;
                    }
                }
                other => {
                    self.apply(other);
                    return true;
                }
            }
        }
        false
    }

    /// Runs and records the next workload operation; false when the workload cannot
    /// run.
    fn workload_op(&mut self) -> bool {
        if !self.workload_can_run() {
            return false;
        }
        let Some(op) = self.workload.next() else {
            return false;
        };
        self.workload_done += 1;
        self.record(LabAction::Workload(1));
        self.run(&LabAction::Workload(1), Some(op));
        true
    }

    /// Runs and records one action of yours, now (the scenario's remaining actions
    /// follow it). `Workload(n)` runs up to `n` operations (it stops early when the
    /// workload ends or an engine goes down).
    pub fn apply(&mut self, action: LabAction) {
        if let LabAction::Workload(n) = action {
            for _ in 0..n {
                if !self.workload_op() {
                    break;
                }
            }
            return;
        }
        self.record(action.clone());
        self.run(&action, None);
    }

    fn record(&mut self, action: LabAction) {
        push_coalesced(&mut self.history, action);
    }

    fn run(&mut self, action: &LabAction, op: Option<Op>) {
        self.clock += 1;
        let was_down = self.is_down();
        for lane in &mut self.lanes {
            lane.last = LastStep::default();
            lane.before(action);
            match &op {
                Some(op) => lane.run_op(op),
                None => lane.act(action),
            }
            lane.after(action, op.as_ref());
        }
        self.narrate(action, op.as_ref(), was_down);
        self.judge();
    }

    /// Records when the named scenario's check is first met.
    fn judge(&mut self) {
        if self.outcome_at.is_none() && self.outcome() == Some(Ok(())) {
            self.outcome_at = Some(self.clock);
        }
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
                let said = match r {
                    OpResult::Failed if !was_down => {
                        "FAILED: the engine crashed in the middle of it (not acknowledged)".into()
                    }
                    r => describe_result(r),
                };
                lines.push((format!("{who}{h} → {said}"), false, mine));
            } else if let Some(h) = &head {
                if !race || lane.kind() == EngineKind::Lsm {
                    lines.push((h.clone(), false, mine));
                }
            }
            for e in &lane.last.events {
                lines.push((
                    format!("{who}{}", describe_lane_event(e, lane)),
                    false,
                    true,
                ));
            }
            for note in &lane.last.notes {
                lines.push((format!("{who}{note}"), false, true));
            }
            for p in &lane.last.path {
                if let Some(t) = describe_probe(p, lane.tiered()) {
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

/// Appends `action` to `actions`, a workload step joining a workload entry before it.
fn push_coalesced(actions: &mut Vec<LabAction>, action: LabAction) {
    if let (LabAction::Workload(n), Some(LabAction::Workload(m))) = (&action, actions.last_mut()) {
        *m += *n;
        return;
    }
    actions.push(action);
}

/// An action in words (for what a crash interrupted).
pub fn describe_action(a: &LabAction) -> String {
    match a {
        LabAction::Workload(n) => format!("{n} workload operations"),
        LabAction::Put(k, v) => describe_op(&Op::Put {
            key: *k,
            value: v.clone(),
        }),
        LabAction::Get(k) => format!("get {k}"),
        LabAction::Delete(k) => format!("delete {k}"),
        LabAction::Flush => "the flush".into(),
        LabAction::Compact => "the compaction".into(),
        LabAction::Crash => "the crash".into(),
        LabAction::Recover => "the recovery".into(),
        LabAction::CrashAfter(_) => "arming the disk".into(),
    }
}

/// A value as text when it is printable ASCII of at most [`MAX_VALUE_BYTES`] (any value
/// a link or the form can put; the empty value is `""`), else as `0x…` hex of its first
/// bytes.
pub fn show_value(v: &[u8]) -> String {
    if v.len() <= MAX_VALUE_BYTES && v.iter().all(|b| b.is_ascii_graphic() || *b == b' ') {
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

/// The last operation of a lane with its result, values shown
/// (`get 5 → "hello"`), if the last action was an operation.
pub fn describe_last(last: &LastStep) -> Option<String> {
    let op = last.op.as_ref()?;
    let result = last
        .result
        .as_ref()
        .map(describe_result)
        .unwrap_or_default();
    Some(format!("{} → {result}", describe_op(op)))
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

/// A probe of the last get in words; `tiered` names a table's place as a run (size-
/// tiered compaction has runs, not levels).
fn describe_probe(p: &ProbeStep, tiered: bool) -> Option<String> {
    let ProbeStep::Table { id, level, outcome } = p else {
        return None;
    };
    let what = match outcome {
        TableProbe::BloomNo => "Bloom filter says definitely not here, skipped",
        TableProbe::Miss => "block read, key absent (Bloom false positive)",
        TableProbe::Unfiltered => "no filter, block read, key absent (without Bloom filters every table covering the key is read)",
        TableProbe::Found => return None,
    };
    Some(format!(
        "  SSTable #{id} ({}): {what}",
        place(*level, tiered)
    ))
}

/// Where an SSTable sits: its level (`L2`), or with size-tiered compaction "a run".
fn place(level: u8, tiered: bool) -> String {
    if tiered {
        "a run".into()
    } else {
        format!("L{level}")
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

/// A structural event of `lane` in words: [`describe_event`], except that a B-tree
/// without a WAL says so when it crashes and recovers.
fn describe_lane_event(e: &StorageEvent, lane: &Lane) -> String {
    match e {
        StorageEvent::Crashed if lane.without_wal() => {
            "CRASH: memory lost (the meta page it cached, page versions not yet written); there is no WAL, so the pages on disk are all that is left"
                .into()
        }
        StorageEvent::Recovered { .. } if lane.without_wal() => {
            "recovered without a WAL: the tree is the pages as they were on disk (nothing to redo)"
                .into()
        }
        StorageEvent::Flushed {
            sstable,
            entries,
            bytes,
            ..
        } if lane.tiered() => format!(
            "flush: {} from the memtable to SSTable #{sstable}, the newest run ({bytes} B)",
            plural(*entries, "entry", "entries")
        ),
        StorageEvent::Compacted {
            inputs, outputs, ..
        } if lane.tiered() => format!(
            "size-tiered merge: runs {} → one run {}",
            file_ids(inputs),
            file_ids(outputs)
        ),
        _ => describe_event(e, lane.kind()),
    }
}

/// Files as `#3 #4`.
fn file_ids(v: &[FileId]) -> String {
    v.iter()
        .map(|i| format!("#{i}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A structural event in words.
pub fn describe_event(e: &StorageEvent, kind: EngineKind) -> String {
    let ids = file_ids;
    match e {
        StorageEvent::SegmentClosed { segment, bytes } => {
            format!(
                "segment #{segment} closed at {bytes} B: the write that reached the size \
                 limit stays in it; new active segment"
            )
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
            EngineKind::BTree => {
                "CRASH: memory lost (the meta page it cached, page versions not yet written); the pages and the WAL are on disk".into()
            }
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
    use crate::link::LabLink;
    use crate::storage::engine::low_byte;
    use crate::storage::lab_scenario::StorageScenario;
    use crate::storage::lsm::LsmView;
    use alloc::vec;

    /// The keys kept of a closed segment or an SSTable carry their values (the pictures'
    /// tooltips show them), tombstones none.
    #[test]
    fn file_keys_carry_values() {
        let l = StorageLab::new(
            &StorageScenario::from_query("engine=hash&seg=32&ops=0&act=p1=Alice,d2,p3=Bob")
                .unwrap(),
        );
        let lane = &l.lanes()[0];
        let AnyEngine::HashLog(h) = lane.engine() else {
            panic!("not a hash log")
        };
        let cells: Vec<KeyCell> = h
            .segments_view()
            .iter()
            .filter_map(|s| lane.file_keys(s.id))
            .flatten()
            .cloned()
            .collect();
        let alice = cells
            .iter()
            .find(|c| c.key == 1)
            .expect("key 1 in a closed segment");
        assert_eq!(alice.value.as_deref(), Some(&b"Alice"[..]));
        assert!(
            cells.iter().any(|c| c.key == 2 && c.is_tombstone()),
            "{cells:?}"
        );
    }

    /// Size-tiered compaction has runs, not levels: its flushes, merges and probes
    /// never say "L0".
    #[test]
    fn size_tiered_runs_are_not_called_levels() {
        let l = StorageLab::new(&StorageScenario::from_query("cs=tier&act=w300").unwrap());
        let log: Vec<&str> = l.log().map(|x| x.text.as_str()).collect();
        assert!(log.iter().any(|t| t.contains("the newest run")), "{log:?}");
        assert!(
            log.iter().any(|t| t.contains("size-tiered merge")),
            "{log:?}"
        );
        assert!(log.iter().any(|t| t.contains("(a run)")), "{log:?}");
        assert!(!log.iter().any(|t| t.contains("L0")), "{log:?}");
    }

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
    fn a_position_replays_the_first_actions_and_keeps_the_rest() {
        let full = StorageScenario::from_query("lab=storage&act=w30,p7=abc,c,r,w5").unwrap();
        let end = StorageLab::new(&full);
        assert_eq!(end.clock(), 38);
        assert_eq!(end.scenario(), full, "no position: every action, no t");
        for n in [0, 1, 29, 30, 31, 32, 33, 36, 38] {
            let mut cut = StorageLab::new(&StorageScenario {
                position: Some(n),
                ..full.clone()
            });
            assert_eq!(cut.clock(), n, "n = {n}");
            assert_eq!(
                cut.scenario().actions,
                full.actions,
                "n = {n}: the rest is kept"
            );
            while cut.clock() < 38 {
                assert!(cut.step(), "n = {n}");
            }
            assert_eq!(
                cut.lanes()[0].metrics(),
                end.lanes()[0].metrics(),
                "n = {n}"
            );
        }
        // An action of yours in the middle goes in at that point; the rest follows.
        let mut mid = StorageLab::new(&StorageScenario {
            position: Some(31),
            ..full.clone()
        });
        mid.apply(LabAction::Get(7));
        let s = mid.scenario();
        assert_eq!(s.position, Some(32));
        assert_eq!(
            LabLink::to_query(&s),
            "lab=storage&seed=1&t=32&act=w30,p7=abc,g7,c,r,w5"
        );
    }

    #[test]
    fn show_value_prints_text_or_hex() {
        let longest = "a".repeat(MAX_VALUE_BYTES);
        assert_eq!(show_value(longest.as_bytes()), format!("\"{longest}\""));
        assert_eq!(show_value(b"Alice"), "\"Alice\"");
        assert_eq!(show_value(&[0, 1, 2, 3]), "0x000102…");
        assert_eq!(show_value(&[]), "\"\"");
    }
}
