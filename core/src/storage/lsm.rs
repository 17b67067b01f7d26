//! Log-structured merge tree (DDIA ch. 3, "SSTables and LSM-Trees").
//!
//! Write path: append the entry to the write-ahead log (durable), insert it into the
//! sorted in-memory *memtable*. When the memtable reaches `memtable_bytes` it is
//! *flushed* as an immutable SSTable into level 0, a new WAL is started and the old one
//! deleted. Compaction ([`super::compaction`]) then merges SSTables, size-tiered or
//! leveled.
//!
//! Read path: memtable -> level 0 tables newest first -> level 1 -> level 2 ...; the
//! first version found is the newest. Each table is skipped without I/O if the key is
//! outside its range or its Bloom filter says "definitely not"; otherwise the sparse
//! index names the one data block to read.
//!
//! Durability: the set of live SSTables is recorded in a *manifest*, a log of version
//! edits as in LevelDB and RocksDB ([`VersionEdit`]: tables added and deleted). Flush
//! and compaction write their outputs first, then append one edit (the commit point),
//! then delete their inputs, so a crash at any point leaves either the old or the new
//! version intact. When the manifest grows past [`MANIFEST_ROLL_FACTOR`] times a
//! snapshot of the current version, a new manifest file starting with that snapshot
//! replaces it (RocksDB's `max_manifest_file_size`). Recovery replays the newest
//! manifest that holds a snapshot, opens its tables, deletes orphan files and replays
//! the WAL into a fresh memtable. Manifest bytes are their own cause of write
//! amplification ([`Metrics::manifest_bytes_written`]).

use alloc::collections::BTreeMap;
use alloc::vec::Vec;
use serde::{Deserialize, Serialize};

use super::bloom::optimal_hashes;
use super::compaction::{merge, split_by_bytes, CompactionStrategy, Job};
use super::disk::{Crashed, Disk, FileId, FileKind};
use super::engine::{
    level_number, user_bytes, EngineKind, Key, StorageEngine, StorageEvent, StorageResult, Value,
};
use super::engine_base::{down, EngineBase};
use super::metrics::{LiveCount, Metrics};
use super::sstable::{
    open_table, write_table, Entry, LsmBlock, Probe, Table, TableFormat, VersionEdit,
};

/// A manifest is replaced by a fresh snapshot once it is larger than this many times
/// the snapshot's own size (plus [`MANIFEST_ROLL_SLACK`] bytes).
pub const MANIFEST_ROLL_FACTOR: u64 = 4;
/// Bytes a manifest may always reach before it is rolled.
pub const MANIFEST_ROLL_SLACK: u64 = 1024;

/// Tuning knobs of the LSM-tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LsmConfig {
    /// Flush the memtable when its entries reach this many encoded bytes. Default 512.
    pub memtable_bytes: u64,
    /// Entries per SSTable data block (= sparse index interval). Default 4.
    pub block_entries: u32,
    /// Bloom filter bits per key; 0 disables the filters. Default 10.
    pub bloom_bits_per_key: u32,
    /// Bloom hash functions; 0 = optimal `round(bits_per_key * ln 2)`. Default 0.
    pub bloom_hashes: u32,
    /// Leveled compaction splits its output into tables of about this many bytes.
    /// Default 1024.
    pub target_file_bytes: u64,
    /// The compaction policy. Default leveled (L0 trigger 4, ratio 10).
    pub strategy: CompactionStrategy,
    /// Compaction jobs run after each write at most (a throttle): `u32::MAX` = until
    /// nothing is due, 0 = only by [`Lsm::compact_step`]. Default `u32::MAX`.
    pub compactions_per_write: u32,
}

impl Default for LsmConfig {
    fn default() -> Self {
        LsmConfig {
            memtable_bytes: 512,
            block_entries: 4,
            bloom_bits_per_key: 10,
            bloom_hashes: 0,
            target_file_bytes: 1024,
            strategy: CompactionStrategy::default(),
            compactions_per_write: u32::MAX,
        }
    }
}

impl LsmConfig {
    fn format(&self) -> TableFormat {
        let hashes = if self.bloom_hashes == 0 {
            optimal_hashes(self.bloom_bits_per_key)
        } else {
            self.bloom_hashes
        };
        TableFormat {
            block_entries: self.block_entries.max(1),
            bloom_bits_per_key: self.bloom_bits_per_key,
            bloom_hashes: hashes,
        }
    }
}

/// An SSTable as drawn by the lab.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TableView {
    /// File id.
    pub id: FileId,
    /// Smallest and largest key.
    pub min_key: Key,
    /// Largest key.
    pub max_key: Key,
    /// Entries (tombstones included).
    pub entries: u64,
    /// Tombstones.
    pub tombstones: u64,
    /// File size in bytes.
    pub bytes: u64,
    /// Sparse index: (first key, byte offset) per data block.
    pub sparse_index: Vec<(Key, u64)>,
    /// Bloom filter bits (0 = no filter).
    pub bloom_bits: u64,
}

/// The whole LSM-tree as drawn by the lab.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LsmView {
    /// Memtable entries in key order: (key, sequence number, value; `None` for a
    /// tombstone).
    pub memtable: Vec<(Key, u64, Option<Value>)>,
    /// Encoded bytes in the memtable.
    pub memtable_bytes: u64,
    /// Bytes in the live WAL files.
    pub wal_bytes: u64,
    /// Tables per level (level 0 newest first; deeper levels by key).
    pub levels: Vec<Vec<TableView>>,
    /// Target size per level in bytes (`u64::MAX` = unlimited).
    pub level_targets: Vec<u64>,
}

/// A background job of the LSM-tree: what a crash in its middle interrupts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LsmJob {
    /// Writing the memtable out as a level-0 SSTable.
    Flush,
    /// Merging SSTables into new ones.
    Compaction,
}

/// The LSM-tree engine. See the module docs.
#[derive(Clone, Debug)]
pub struct Lsm {
    cfg: LsmConfig,
    /// Disk, crashed flag, counters and events.
    base: EngineBase<LsmBlock>,
    // --- volatile state (lost on crash) ---
    wal: Option<FileId>,
    wal_min: FileId,
    manifest: Option<FileId>,
    memtable: BTreeMap<Key, Entry>,
    mem_bytes: u64,
    levels: Vec<Vec<Table>>,
    pointers: Vec<Option<Key>>,
    next_seq: u64,
    last_flushed_seq: u64,
    /// The job under way; after a crash in its middle, kept (for the lab to say what
    /// broke) until recovery.
    running: Option<LsmJob>,
    /// The live data for [`StorageEngine::metrics`], kept as writes happen instead of
    /// rebuilt from every entry on each call.
    live: LiveCount,
}

impl Lsm {
    /// A new, empty LSM-tree on a fresh disk.
    pub fn new(cfg: LsmConfig) -> Self {
        let n = cfg.strategy.levels();
        let mut lsm = Lsm {
            cfg,
            base: EngineBase::new(Disk::new()),
            wal: None,
            wal_min: 0,
            manifest: None,
            memtable: BTreeMap::new(),
            mem_bytes: 0,
            levels: alloc::vec![Vec::new(); n],
            pointers: alloc::vec![None; n],
            next_seq: 1,
            last_flushed_seq: 0,
            running: None,
            live: LiveCount::default(),
        };
        let wal = lsm.base.disk.create(FileKind::Wal).expect("fresh disk");
        lsm.wal = Some(wal);
        lsm.wal_min = wal;
        lsm.roll_manifest().expect("fresh disk");
        lsm
    }

    /// The configuration.
    pub fn config(&self) -> &LsmConfig {
        &self.cfg
    }

    /// True when the memtable holds a value or a tombstone for `key` (a read stops
    /// there).
    pub fn memtable_holds(&self, key: Key) -> bool {
        self.memtable.contains_key(&key)
    }

    /// Bytes of the memtable's entries (in memory; 0 while crashed).
    pub fn memtable_bytes(&self) -> u64 {
        self.mem_bytes
    }

    /// While crashed: the job the crash interrupted, if it came in the middle of one.
    pub fn interrupted(&self) -> Option<LsmJob> {
        self.running.filter(|_| self.base.is_crashed())
    }

    /// The simulated disk (read-only; for drawing).
    pub fn disk(&self) -> &Disk<LsmBlock> {
        &self.base.disk
    }

    /// The live tables per level (empty while crashed).
    pub fn levels(&self) -> &[Vec<Table>] {
        &self.levels
    }

    /// The current version as one edit adding every live table.
    fn snapshot(&self) -> VersionEdit {
        let added = self.levels.iter().enumerate().flat_map(|(n, l)| {
            let level = super::engine::level_number(n);
            l.iter().map(move |t| (level, t.id))
        });
        VersionEdit {
            added: added.collect(),
            deleted: Vec::new(),
            wal_min: self.wal_min,
            last_seq: self.last_flushed_seq,
        }
    }

    /// Append one manifest record to `file`, counted as manifest bytes.
    fn append_manifest(&mut self, file: FileId, edit: VersionEdit) -> Result<(), Crashed> {
        let bytes = edit.encoded_bytes();
        self.base
            .disk
            .append(file, LsmBlock::Manifest(edit), bytes)?;
        self.base.counters.manifest_bytes_written += u64::from(bytes);
        Ok(())
    }

    /// Start a new manifest file with a snapshot of the current version, then delete
    /// the previous one.
    fn roll_manifest(&mut self) -> Result<(), Crashed> {
        let f = self.base.disk.create(FileKind::Manifest)?;
        self.append_manifest(f, self.snapshot())?;
        if let Some(old) = self.manifest.replace(f) {
            self.base.disk.delete(old)?;
        }
        Ok(())
    }

    /// Record one change (tables `added` at their levels, tables `deleted`) as an
    /// appended version edit; roll the manifest if it grew too large.
    fn log_edit(&mut self, added: Vec<(u8, FileId)>, deleted: Vec<FileId>) -> Result<(), Crashed> {
        let edit = VersionEdit {
            added,
            deleted,
            wal_min: self.wal_min,
            last_seq: self.last_flushed_seq,
        };
        let file = self.manifest.expect("manifest while up");
        self.append_manifest(file, edit)?;
        let tables: usize = self.levels.iter().map(Vec::len).sum();
        let snapshot = VersionEdit::bytes_for(tables, 0);
        let limit = u64::from(snapshot) * MANIFEST_ROLL_FACTOR + MANIFEST_ROLL_SLACK;
        if self.base.disk.file_bytes(file) > limit {
            self.roll_manifest()?;
        }
        Ok(())
    }

    /// WAL append + memtable insert + maybe flush and compaction.
    fn write(&mut self, key: Key, value: Option<Value>) -> Result<(), Crashed> {
        let entry = Entry {
            key,
            seq: self.next_seq,
            value,
        };
        self.next_seq += 1;
        let bytes = entry.bytes();
        let wal = self.wal.expect("wal while up");
        self.base
            .disk
            .append(wal, LsmBlock::Wal(entry.clone()), bytes)?;
        self.base.counters.wal_bytes_written += u64::from(bytes);
        self.live.set(entry.key, entry.value.as_ref().map(Vec::len));
        self.insert_memtable(entry);
        if self.mem_bytes >= self.cfg.memtable_bytes {
            self.flush()?;
        }
        let mut budget = self.cfg.compactions_per_write;
        while budget > 0 && self.compact_once()? {
            budget -= 1;
        }
        Ok(())
    }

    fn insert_memtable(&mut self, entry: Entry) {
        self.mem_bytes += u64::from(entry.bytes());
        if let Some(old) = self.memtable.insert(entry.key, entry) {
            self.mem_bytes -= u64::from(old.bytes());
        }
    }

    /// Flush the memtable to a new level-0 SSTable (no-op when empty).
    fn flush(&mut self) -> Result<(), Crashed> {
        if self.memtable.is_empty() {
            return Ok(());
        }
        self.running = Some(LsmJob::Flush);
        let new_wal = self.base.disk.create(FileKind::Wal)?;
        let entries: Vec<Entry> = self.memtable.values().cloned().collect();
        let table = write_table(&mut self.base.disk, &entries, self.cfg.format())?;
        let (id, bytes) = (table.id, table.bytes);
        self.base.counters.data_bytes_written += bytes;
        self.last_flushed_seq = self.last_flushed_seq.max(table.meta.max_seq);
        self.levels[0].insert(0, table);
        self.wal_min = new_wal;
        self.log_edit(alloc::vec![(0, id)], Vec::new())?;
        for old in self.base.disk.list(FileKind::Wal) {
            if old < new_wal {
                self.base.disk.delete(old)?;
                self.base
                    .events
                    .push(StorageEvent::WalTruncated { wal: old });
            }
        }
        self.wal = Some(new_wal);
        self.memtable.clear();
        self.mem_bytes = 0;
        self.base.counters.flushes += 1;
        self.base.events.push(StorageEvent::Flushed {
            sstable: id,
            level: 0,
            entries: entries.len() as u64,
            bytes,
        });
        self.running = None;
        Ok(())
    }

    /// Flush the memtable now, whatever its size, then compact as configured.
    pub fn flush_now(&mut self) -> StorageResult<()> {
        self.base.check_up()?;
        self.flush().map_err(|_| down(self))?;
        let mut budget = self.cfg.compactions_per_write;
        while budget > 0 {
            match self.compact_once() {
                Ok(true) => budget -= 1,
                Ok(false) => break,
                Err(_) => return Err(down(self)),
            }
        }
        Ok(())
    }

    /// Run one compaction job if one is due; `Ok(true)` if it ran.
    pub fn compact_step(&mut self) -> StorageResult<bool> {
        self.base.check_up()?;
        self.compact_once().map_err(|_| down(self))
    }

    fn compact_once(&mut self) -> Result<bool, Crashed> {
        let job = self
            .cfg
            .strategy
            .pick(&self.levels, &self.pointers, self.cfg.target_file_bytes);
        match job {
            Some(job) => self.run_job(job).map(|_| true),
            None => Ok(false),
        }
    }

    fn take_tables(&self, level: usize, ids: &[FileId]) -> Vec<Table> {
        self.levels[level]
            .iter()
            .filter(|t| ids.contains(&t.id))
            .cloned()
            .collect()
    }

    /// Tables that hold data older than the job's inputs and are not part of it.
    fn older_than(&self, job: &Job) -> Vec<Table> {
        if job.from_level == job.to_level {
            // Size-tiered: the runs after the window.
            let last = self.levels[0]
                .iter()
                .rposition(|t| job.upper.contains(&t.id))
                .unwrap_or(0);
            return self.levels[0][last + 1..].to_vec();
        }
        self.levels[job.to_level + 1..].concat()
    }

    fn run_job(&mut self, job: Job) -> Result<(), Crashed> {
        self.running = Some(LsmJob::Compaction);
        while self.levels.len() <= job.to_level {
            // A level over its target with nothing beneath: the tree grows a level.
            self.levels.push(Vec::new());
            self.pointers.push(None);
        }
        let upper = self.take_tables(job.from_level, &job.upper);
        let lower = self.take_tables(job.to_level, &job.lower);
        let mut inputs = Vec::new();
        for t in upper.iter().chain(lower.iter()) {
            inputs.extend(t.read_all(&mut self.base.disk));
        }
        let older = self.older_than(&job);
        let merged = merge(inputs, |k| !older.iter().any(|t| t.covers(k)));
        let mut outputs = Vec::new();
        for chunk in split_by_bytes(merged.entries, job.split_bytes) {
            let t = write_table(&mut self.base.disk, &chunk, self.cfg.format())?;
            self.base.counters.compaction_bytes_written += t.bytes;
            outputs.push(t);
        }
        let output_ids: Vec<FileId> = outputs.iter().map(|t| t.id).collect();
        self.install(&job, outputs, &upper);
        let to = level_number(job.to_level);
        let added = output_ids.iter().map(|id| (to, *id)).collect();
        let deleted = job.upper.iter().chain(job.lower.iter()).copied().collect();
        self.log_edit(added, deleted)?;
        for id in job.upper.iter().chain(job.lower.iter()) {
            self.base.disk.delete(*id)?;
        }
        self.base.counters.compactions += 1;
        self.base.events.push(StorageEvent::Compacted {
            from_level: level_number(job.from_level),
            to_level: level_number(job.to_level),
            inputs: job.upper.iter().chain(job.lower.iter()).copied().collect(),
            outputs: output_ids,
            dropped_versions: merged.dropped_versions,
            dropped_tombstones: merged.dropped_tombstones,
        });
        self.running = None;
        Ok(())
    }

    /// Replace the job's inputs by its outputs in the in-memory level structure.
    fn install(&mut self, job: &Job, outputs: Vec<Table>, upper: &[Table]) {
        if job.from_level == job.to_level {
            let level = &mut self.levels[0];
            let pos = level
                .iter()
                .position(|t| job.upper.contains(&t.id))
                .unwrap_or(0);
            level.retain(|t| !job.upper.contains(&t.id));
            for (i, t) in outputs.into_iter().enumerate() {
                level.insert(pos + i, t);
            }
            return;
        }
        self.levels[job.from_level].retain(|t| !job.upper.contains(&t.id));
        let to = &mut self.levels[job.to_level];
        to.retain(|t| !job.lower.contains(&t.id));
        to.extend(outputs);
        order_level(to, job.to_level);
        self.pointers[job.from_level] = upper.iter().map(|t| t.meta.max_key).max();
    }

    /// Tables to probe for `key`, in newest-first order, as (level, position in the
    /// level): indices, not copies of the tables' Bloom filters and sparse indexes.
    fn candidates(&self, key: Key) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for (n, level) in self.levels.iter().enumerate() {
            if n == 0 || matches!(self.cfg.strategy, CompactionStrategy::SizeTiered { .. }) {
                let covering = level.iter().enumerate().filter(|(_, t)| t.covers(key));
                out.extend(covering.map(|(i, _)| (n, i)));
            } else {
                let i = level.partition_point(|t| t.meta.max_key < key);
                if level.get(i).is_some_and(|t| t.covers(key)) {
                    out.push((n, i));
                }
            }
        }
        out
    }

    fn get_inner(&mut self, key: Key) -> Option<Value> {
        if let Some(e) = self.memtable.get(&key) {
            return e.value.clone();
        }
        for (level, i) in self.candidates(key) {
            let t = &self.levels[level][i];
            let read_before = self.base.disk.stats().bytes_read;
            let bloom_on = t.meta.bloom.enabled();
            if bloom_on {
                self.base.counters.bloom.probes += 1;
            }
            let probe = t.probe(&mut self.base.disk, key);
            self.base.counters.get_bytes_read += self.base.disk.stats().bytes_read - read_before;
            let absent = matches!(probe, Probe::BloomNegative | Probe::Missing);
            if bloom_on && absent {
                let bloom = &mut self.base.counters.bloom;
                bloom.expected_fp_ppb_sum += t.meta.bloom.exact_fpr_ppb();
                bloom.textbook_fp_ppb_sum += t.meta.bloom.expected_fpr_ppb();
            }
            match probe {
                Probe::OutOfRange => {}
                Probe::BloomNegative => self.base.counters.bloom.negatives += 1,
                Probe::Missing => {
                    self.base.counters.get_touches += 1;
                    if bloom_on {
                        self.base.counters.bloom.false_positives += 1;
                    }
                }
                Probe::Found(e) => {
                    self.base.counters.get_touches += 1;
                    return e.value;
                }
            }
        }
        None
    }

    fn replay_wal(&mut self) -> u64 {
        let mut replayed = 0;
        let mut max_seq = self.last_flushed_seq;
        for w in self.base.disk.list(FileKind::Wal) {
            for no in 0..self.base.disk.len_blocks(w) {
                if let Some(LsmBlock::Wal(e)) = self.base.disk.read(w, no).cloned() {
                    replayed += 1;
                    max_seq = max_seq.max(e.seq);
                    let newer = self.memtable.get(&e.key).is_none_or(|o| o.seq < e.seq);
                    if newer {
                        self.insert_memtable(e);
                    }
                }
            }
        }
        self.next_seq = max_seq + 1;
        replayed
    }

    /// The newest manifest file that begins with a snapshot (a file whose roll was
    /// interrupted before its snapshot landed is skipped), and the version it records:
    /// every edit applied in order, as (level, table id) and the last edit's
    /// bookkeeping.
    fn read_manifest(&mut self) -> (FileId, Vec<(u8, FileId)>, VersionEdit) {
        for f in self.base.disk.list(FileKind::Manifest).into_iter().rev() {
            let mut live: Vec<(u8, FileId)> = Vec::new();
            let mut last = None;
            for no in 0..self.base.disk.len_blocks(f) {
                if let Some(LsmBlock::Manifest(e)) = self.base.disk.read(f, no) {
                    live.retain(|(_, id)| !e.deleted.contains(id));
                    live.extend(e.added.iter().copied());
                    last = Some(e.clone());
                }
            }
            if let Some(last) = last {
                return (f, live, last);
            }
        }
        unreachable!("a manifest with a snapshot is always on disk")
    }

    /// Rebuild from disk: newest manifest, its tables, orphan cleanup, WAL replay.
    /// Level 0 is put back newest data first (by highest sequence number), deeper
    /// levels by key, as [`Lsm::install`] keeps them.
    fn rebuild(&mut self) -> Result<(u64, u64), Crashed> {
        let (mf, live, last) = self.read_manifest();
        self.manifest = Some(mf);
        self.wal_min = last.wal_min;
        self.last_flushed_seq = last.last_seq;
        let deepest = live.iter().map(|(l, _)| usize::from(*l) + 1).max();
        let n = self.cfg.strategy.levels().max(deepest.unwrap_or(0));
        self.levels = alloc::vec![Vec::new(); n];
        self.pointers = alloc::vec![None; n];
        for &(level, id) in &live {
            let t = open_table(&mut self.base.disk, id).expect("manifest tables are complete");
            self.levels[usize::from(level)].push(t);
        }
        for (depth, level) in self.levels.iter_mut().enumerate() {
            order_level(level, depth);
        }
        let live: Vec<FileId> = live.iter().map(|(_, id)| *id).collect();
        let m = last;
        let mut orphans = Vec::new();
        orphans.extend(
            self.base
                .disk
                .list(FileKind::SsTable)
                .into_iter()
                .filter(|id| !live.contains(id)),
        );
        orphans.extend(
            self.base
                .disk
                .list(FileKind::Manifest)
                .into_iter()
                .filter(|id| *id != mf),
        );
        orphans.extend(
            self.base
                .disk
                .list(FileKind::Wal)
                .into_iter()
                .filter(|id| *id < m.wal_min),
        );
        for id in &orphans {
            self.base.disk.delete(*id)?;
        }
        let replayed = self.replay_wal();
        self.live = LiveCount::recount(
            self.logical_contents()
                .values()
                .map(|e| (e.key, e.value.as_ref().map(Vec::len))),
        );
        self.wal = match self.base.disk.list(FileKind::Wal).last() {
            Some(w) => Some(*w),
            None => Some(self.base.disk.create(FileKind::Wal)?),
        };
        Ok((replayed, orphans.len() as u64))
    }

    /// The structure for drawing (uncounted).
    pub fn view(&self) -> LsmView {
        let levels = self
            .levels
            .iter()
            .map(|l| l.iter().map(table_view).collect())
            .collect();
        let level_targets = (0..self.levels.len())
            .map(|n| {
                if n == 0 {
                    u64::MAX
                } else {
                    self.cfg.strategy.level_target(n)
                }
            })
            .collect();
        LsmView {
            memtable: self
                .memtable
                .values()
                .map(|e| (e.key, e.seq, e.value.clone()))
                .collect(),
            memtable_bytes: self.mem_bytes,
            wal_bytes: self
                .base
                .disk
                .list(FileKind::Wal)
                .iter()
                .map(|w| self.base.disk.file_bytes(*w))
                .sum(),
            levels,
            level_targets,
        }
    }

    /// The newest version of every key (uncounted; for metrics and checkers).
    fn logical_contents(&self) -> BTreeMap<Key, Entry> {
        let mut all: BTreeMap<Key, Entry> = BTreeMap::new();
        let tables = self.levels.iter().flatten();
        let entries = tables
            .flat_map(|t| t.peek_all(&self.base.disk))
            .chain(self.memtable.values().cloned());
        for e in entries {
            if all.get(&e.key).is_none_or(|o| o.seq < e.seq) {
                all.insert(e.key, e);
            }
        }
        all
    }
}

/// Puts the tables of level `depth` in the order the LSM keeps them: level 0 newest
/// data first (highest sequence number first: its tables overlap), deeper levels by
/// smallest key (DDIA ch. 3, "SSTables and LSM-Trees"). One sort for every level, so
/// the wasm holds one sort instantiation for tables.
fn order_level(level: &mut [Table], depth: usize) {
    level.sort_by_key(|t| {
        if depth == 0 {
            u64::MAX - t.meta.max_seq
        } else {
            t.meta.min_key
        }
    });
}

fn table_view(t: &Table) -> TableView {
    TableView {
        id: t.id,
        min_key: t.meta.min_key,
        max_key: t.meta.max_key,
        entries: t.meta.entries,
        tombstones: t.meta.tombstones,
        bytes: t.bytes,
        sparse_index: t
            .meta
            .index
            .iter()
            .map(|i| (i.first_key, i.offset))
            .collect(),
        bloom_bits: t.meta.bloom.bits(),
    }
}

impl StorageEngine for Lsm {
    fn kind(&self) -> EngineKind {
        EngineKind::Lsm
    }

    fn put(&mut self, key: Key, value: Value) -> StorageResult<()> {
        self.base.check_up()?;
        let ub = user_bytes(Some(&value));
        self.write(key, Some(value)).map_err(|_| down(self))?;
        self.base.count_put(ub);
        Ok(())
    }

    fn get(&mut self, key: Key) -> StorageResult<Option<Value>> {
        self.base.check_up()?;
        self.base.counters.gets += 1;
        Ok(self.get_inner(key))
    }

    fn delete(&mut self, key: Key) -> StorageResult<()> {
        self.base.check_up()?;
        self.write(key, None).map_err(|_| down(self))?;
        self.base.count_delete();
        Ok(())
    }

    fn scan(&mut self, lo: Key, hi: Key) -> StorageResult<Vec<(Key, Value)>> {
        self.base.check_up()?;
        self.base.counters.scans += 1;
        if lo > hi {
            return Ok(Vec::new());
        }
        let mut newest: BTreeMap<Key, Entry> = BTreeMap::new();
        let tables: Vec<Table> = self
            .levels
            .iter()
            .flatten()
            .filter(|t| t.overlaps(lo, hi))
            .cloned()
            .collect();
        let mem = self.memtable.range(lo..=hi).map(|(_, e)| e.clone());
        let mut all: Vec<Entry> = mem.collect();
        for t in &tables {
            all.extend(t.range(&mut self.base.disk, lo, hi).0);
        }
        for e in all {
            if newest.get(&e.key).is_none_or(|o| o.seq < e.seq) {
                newest.insert(e.key, e);
            }
        }
        Ok(newest
            .into_values()
            .filter_map(|e| e.value.map(|v| (e.key, v)))
            .collect())
    }

    fn crash(&mut self) {
        self.wal = None;
        self.manifest = None;
        self.memtable.clear();
        self.mem_bytes = 0;
        for l in self.levels.iter_mut() {
            l.clear();
        }
        self.next_seq = 0;
        self.live = LiveCount::default();
        self.base.mark_crashed();
    }

    fn recover(&mut self) -> StorageResult<()> {
        self.base.mark_up();
        self.running = None;
        let rebuilt = self.rebuild();
        self.base.recovered(rebuilt).map_err(|_| down(self))
    }

    fn is_crashed(&self) -> bool {
        self.base.is_crashed()
    }

    fn crash_after_disk_writes(&mut self, k: u32) {
        self.base.crash_after_disk_writes(k);
    }

    fn metrics(&self) -> Metrics {
        let mut m = self.base.metrics();
        self.live.fill(&mut m);
        let tables = self.levels.iter().flatten();
        for t in tables {
            m.bloom.bits += t.meta.bloom.bits();
            m.bloom.keys += t.meta.bloom.keys();
        }
        m.bloom.hashes = self.cfg.format().bloom_hashes;
        m.compaction_debt_bytes = self.cfg.strategy.debt(&self.levels);
        m
    }

    fn drain_events(&mut self) -> Vec<StorageEvent> {
        self.base.drain_events()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::engine::low_byte;
    use alloc::vec;

    fn small(strategy: CompactionStrategy) -> Lsm {
        Lsm::new(LsmConfig {
            memtable_bytes: 100,
            block_entries: 2,
            target_file_bytes: 120,
            strategy,
            ..LsmConfig::default()
        })
    }

    fn leveled() -> CompactionStrategy {
        CompactionStrategy::Leveled {
            l0_trigger: 2,
            level_ratio: 3,
            l1_bytes: 200,
            max_levels: 4,
        }
    }

    fn tiered() -> CompactionStrategy {
        CompactionStrategy::SizeTiered {
            min_merge: 3,
            max_merge: 8,
            size_ratio_pct: 200,
        }
    }

    #[test]
    fn memtable_flushes_sorted_and_reads_follow_levels() {
        let mut l = small(leveled());
        // DDIA ch. 3, "SSTables and LSM-Trees": the memtable sorts writes, so 5, 3, 7
        // flush as 3, 5, 7.
        for k in [5u64, 3, 7] {
            l.put(k, vec![low_byte(k); 10]).unwrap();
        }
        l.flush_now().unwrap();
        let v = l.view();
        assert!(v.memtable.is_empty());
        let t = &v.levels[0][0];
        assert_eq!((t.min_key, t.max_key, t.entries), (3, 7, 3));
        assert_eq!(
            t.sparse_index.iter().map(|x| x.0).collect::<Vec<_>>(),
            vec![3, 7]
        );
        assert_eq!(l.get(5).unwrap(), Some(vec![5; 10]));
        assert_eq!(l.get(4).unwrap(), None);
        assert!(matches!(
            l.drain_events().last(),
            Some(StorageEvent::Flushed { entries: 3, .. })
        ));
    }

    #[test]
    fn leveled_builds_levels_and_stays_correct() {
        let mut l = small(leveled());
        for i in 0..300u64 {
            l.put((i * 37) % 101, vec![low_byte(i); 8]).unwrap();
            if i % 7 == 0 {
                l.delete((i * 11) % 101).unwrap();
            }
        }
        let v = l.view();
        assert!(v.levels.iter().skip(2).any(|lv| !lv.is_empty()), "{v:?}");
        for lv in v.levels.iter().skip(1) {
            for w in lv.windows(2) {
                assert!(w[0].max_key < w[1].min_key, "level overlaps: {lv:?}");
            }
        }
        let m = l.metrics();
        assert!(m.compactions > 0);
        assert!(m.write_amplification() > 1.0);
    }

    #[test]
    fn tiered_merges_similar_runs() {
        let mut l = small(tiered());
        for i in 0..200u64 {
            l.put(i % 50, vec![low_byte(i); 8]).unwrap();
        }
        let ev = l.drain_events();
        assert!(ev
            .iter()
            .any(|e| matches!(e, StorageEvent::Compacted { .. })));
        assert_eq!(l.view().levels.len(), 1);
        for k in 0..50u64 {
            let want = low_byte(150 + k);
            assert_eq!(l.get(k).unwrap(), Some(vec![want; 8]));
        }
    }

    #[test]
    fn crash_before_flush_replays_wal() {
        let mut l = small(leveled());
        l.put(1, vec![1]).unwrap();
        l.put(2, vec![2]).unwrap();
        l.delete(1).unwrap();
        l.crash();
        assert!(l.get(2).is_err());
        l.recover().unwrap();
        assert_eq!(l.get(1).unwrap(), None);
        assert_eq!(l.get(2).unwrap(), Some(vec![2]));
        assert!(matches!(
            l.drain_events().last(),
            Some(StorageEvent::Recovered {
                records_replayed: 3,
                ..
            })
        ));
    }
}
