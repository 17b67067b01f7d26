//! Bitcask-style hash-indexed append-only log (DDIA ch. 3, "Hash Indexes").
//!
//! - Every write appends a record to the *active segment*; an in-memory index maps
//!   each key to the location (segment, byte offset) of its latest record. A get is one
//!   index lookup plus one disk read.
//! - A delete appends a *tombstone* record and removes the key from the index.
//! - When the active segment reaches `segment_bytes` it is closed (immutable) and a new
//!   one is opened. When `merge_trigger` segments have been closed since the last
//!   merge, all closed segments (old merge outputs included) are *merged*: the live
//!   records are copied into new segments and the old ones deleted.
//! - The index is volatile. After a crash it is rebuilt by reading every segment; each
//!   record carries a sequence number, and the highest sequence number per key wins, so
//!   a crash in the middle of a merge (old and new segments both on disk) is harmless.
//! - The index models a *hash* table: it has no key order, so a range scan examines
//!   every key in the index (counted in [`HashLog::scan_keys_examined`]).

use alloc::collections::BTreeMap;
use alloc::vec::Vec;
use serde::{Deserialize, Serialize};

use super::disk::{Crashed, Disk, FileId, FileKind};
use super::engine::{
    record_bytes, user_bytes, EngineKind, Key, StorageEngine, StorageEvent, StorageResult, Value,
};
use super::engine_base::{down, EngineBase};
use super::metrics::Metrics;

/// Tuning knobs of the hash log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct HashLogConfig {
    /// Size (bytes) at which the active segment is closed. Default 1024.
    pub segment_bytes: u64,
    /// Merge all closed segments when this many segments were closed since the last
    /// merge; 0 = only on
    /// [`HashLog::merge`]. Default 4.
    pub merge_trigger: u32,
}

impl Default for HashLogConfig {
    fn default() -> Self {
        HashLogConfig {
            segment_bytes: 1024,
            merge_trigger: 4,
        }
    }
}

/// One record of a segment: `value == None` is a tombstone.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LogRecord {
    /// Global write sequence number (newest wins on recovery).
    pub seq: u64,
    /// The key.
    pub key: Key,
    /// The value, or `None` for a tombstone.
    pub value: Option<Value>,
}

/// Where a key's latest record lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Loc {
    /// Segment file.
    pub segment: FileId,
    /// Record number inside the segment.
    pub record: u32,
    /// Byte offset of the record inside the segment.
    pub offset: u64,
    /// Encoded record size in bytes.
    pub bytes: u32,
    /// Sequence number of the record.
    pub seq: u64,
}

/// A record as drawn by the lab.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RecordView {
    /// The key.
    pub key: Key,
    /// Sequence number.
    pub seq: u64,
    /// Byte offset in the segment.
    pub offset: u64,
    /// Encoded size.
    pub bytes: u32,
    /// Tombstone?
    pub tombstone: bool,
    /// Is this the record the index points to (false = garbage, drawn grey)?
    pub live: bool,
}

/// A segment as drawn by the lab.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SegmentView {
    /// Segment file id.
    pub id: FileId,
    /// Is it the active (appendable) segment?
    pub active: bool,
    /// Size in bytes.
    pub bytes: u64,
    /// Its records in file order.
    pub records: Vec<RecordView>,
}

/// The Bitcask-style engine. See the module docs.
#[derive(Clone, Debug)]
pub struct HashLog {
    cfg: HashLogConfig,
    /// Disk, crashed flag, counters and events.
    base: EngineBase<LogRecord>,
    // --- volatile state (lost on crash) ---
    index: BTreeMap<Key, Loc>,
    active: Option<FileId>,
    closed: Vec<FileId>,
    /// Closed segments not yet merged (a subset of `closed`).
    fresh: Vec<FileId>,
    next_seq: u64,
    // --- lab observation (not engine state) ---
    scan_keys_examined: u64,
}

impl HashLog {
    /// A new, empty hash log on a fresh disk.
    pub fn new(cfg: HashLogConfig) -> Self {
        let mut disk = Disk::new();
        let active = disk.create(FileKind::Segment).ok();
        HashLog {
            cfg,
            base: EngineBase::new(disk),
            index: BTreeMap::new(),
            active,
            closed: Vec::new(),
            fresh: Vec::new(),
            next_seq: 1,
            scan_keys_examined: 0,
        }
    }

    /// The configuration.
    pub fn config(&self) -> &HashLogConfig {
        &self.cfg
    }

    /// The simulated disk (read-only; for drawing).
    pub fn disk(&self) -> &Disk<LogRecord> {
        &self.base.disk
    }

    /// Index entries examined by range scans so far (a hash index has no order).
    pub fn scan_keys_examined(&self) -> u64 {
        self.scan_keys_examined
    }

    /// Estimated RAM of the in-memory index in bytes: 24 per key (8 key + 4 segment +
    /// 8 offset + 4 size). Bitcask needs every key in RAM; this is what the
    /// "index must fit in memory" knob is compared against.
    pub fn index_memory_bytes(&self) -> u64 {
        self.index.len() as u64 * 24
    }

    /// The in-memory index (key -> location), for drawing. Empty while crashed.
    pub fn index(&self) -> &BTreeMap<Key, Loc> {
        &self.index
    }

    /// Append one record to the active segment, update the index, maybe roll/merge.
    fn write_record(&mut self, key: Key, value: Option<Value>) -> Result<(), Crashed> {
        let active = self.active.expect("active segment while up");
        let bytes = record_bytes(value.as_ref());
        let seq = self.next_seq;
        self.next_seq += 1;
        let offset = self.base.disk.file_bytes(active);
        let tombstone = value.is_none();
        let record = self
            .base
            .disk
            .append(active, LogRecord { seq, key, value }, bytes)?;
        self.base.counters.wal_bytes_written += u64::from(bytes);
        if tombstone {
            self.index.remove(&key);
        } else {
            let loc = Loc {
                segment: active,
                record,
                offset,
                bytes,
                seq,
            };
            self.index.insert(key, loc);
        }
        if self.base.disk.file_bytes(active) >= self.cfg.segment_bytes {
            self.roll_segment()?;
        }
        Ok(())
    }

    /// Close the active segment and open a new one; merge if the trigger is reached.
    fn roll_segment(&mut self) -> Result<(), Crashed> {
        let old = self.active.take().expect("active segment");
        self.active = Some(self.base.disk.create(FileKind::Segment)?);
        self.closed.push(old);
        self.fresh.push(old);
        self.base.counters.flushes += 1;
        self.base.events.push(StorageEvent::SegmentClosed {
            segment: old,
            bytes: self.base.disk.file_bytes(old),
        });
        let trigger = self.cfg.merge_trigger as usize;
        if trigger > 0 && self.fresh.len() >= trigger {
            self.merge_closed()?;
        }
        Ok(())
    }

    /// Merge all closed segments now (no-op with fewer than two). Acknowledged data is
    /// never lost, even if a crash interrupts the merge.
    pub fn merge(&mut self) -> StorageResult<()> {
        self.base.check_up()?;
        if self.closed.len() < 2 {
            return Ok(());
        }
        self.merge_closed().map_err(|_| down(self))
    }

    fn merge_closed(&mut self) -> Result<(), Crashed> {
        let inputs = core::mem::take(&mut self.closed);
        let mut live: Vec<LogRecord> = Vec::new();
        let mut total = 0u64;
        for &seg in &inputs {
            for no in 0..self.base.disk.len_blocks(seg) {
                let Some(rec) = self.base.disk.read(seg, no).cloned() else {
                    continue;
                };
                total += 1;
                let is_live = self
                    .index
                    .get(&rec.key)
                    .is_some_and(|l| l.segment == seg && l.record == no);
                if is_live {
                    live.push(rec);
                }
            }
        }
        self.closed = inputs.clone();
        let mut outputs: Vec<FileId> = Vec::new();
        let mut new_locs: Vec<(Key, Loc)> = Vec::new();
        let mut out: Option<FileId> = None;
        for rec in live {
            let seg = match out {
                Some(s) if self.base.disk.file_bytes(s) < self.cfg.segment_bytes => s,
                _ => {
                    let s = self.base.disk.create(FileKind::Segment)?;
                    outputs.push(s);
                    out = Some(s);
                    s
                }
            };
            let bytes = record_bytes(rec.value.as_ref());
            let offset = self.base.disk.file_bytes(seg);
            let (key, seq) = (rec.key, rec.seq);
            let record = self.base.disk.append(seg, rec, bytes)?;
            self.base.counters.compaction_bytes_written += u64::from(bytes);
            let loc = Loc {
                segment: seg,
                record,
                offset,
                bytes,
                seq,
            };
            new_locs.push((key, loc));
        }
        // Swap: point the index at the new segments, then delete the old ones
        // (oldest first, so a crash midway never resurrects a deleted key).
        for (key, loc) in new_locs.iter() {
            self.index.insert(*key, *loc);
        }
        self.closed = outputs.clone();
        self.fresh.clear();
        for &seg in &inputs {
            self.base.disk.delete(seg)?;
        }
        self.base.counters.compactions += 1;
        self.base.events.push(StorageEvent::SegmentMerged {
            inputs,
            outputs,
            dropped_records: total - new_locs.len() as u64,
        });
        Ok(())
    }

    /// Rebuild the index by reading every segment (highest sequence number wins).
    fn rebuild(&mut self) -> Result<u64, Crashed> {
        let mut segments = self.base.disk.list(FileKind::Segment);
        // Oldest data first: segments hold disjoint sequence ranges (except copies left
        // by an interrupted merge), so order them by their smallest sequence number.
        segments.sort_by_cached_key(|&s| (self.min_seq(s), s));
        let mut latest: BTreeMap<Key, (u64, Option<Loc>)> = BTreeMap::new();
        let mut replayed = 0u64;
        let mut max_seq = 0u64;
        for &seg in &segments {
            let mut offset = 0u64;
            for no in 0..self.base.disk.len_blocks(seg) {
                let bytes = self.base.disk.block_bytes(seg, no);
                let Some(rec) = self.base.disk.read(seg, no) else {
                    continue;
                };
                replayed += 1;
                max_seq = max_seq.max(rec.seq);
                let newer = latest.get(&rec.key).is_none_or(|(s, _)| rec.seq > *s);
                if newer {
                    let loc = rec.value.as_ref().map(|_| Loc {
                        segment: seg,
                        record: no,
                        offset,
                        bytes,
                        seq: rec.seq,
                    });
                    latest.insert(rec.key, (rec.seq, loc));
                }
                offset += u64::from(bytes);
            }
        }
        // `extend`, not `collect`: collecting into a BTreeMap adds a sort to the wasm.
        self.index = BTreeMap::new();
        self.index.extend(
            latest
                .into_iter()
                .filter_map(|(k, (_, loc))| loc.map(|l| (k, l))),
        );
        self.next_seq = max_seq + 1;
        self.fresh = segments.clone();
        self.closed = segments;
        self.active = Some(self.base.disk.create(FileKind::Segment)?);
        Ok(replayed)
    }

    /// Smallest sequence number in segment `seg` (uncounted; `u64::MAX` if empty).
    fn min_seq(&self, seg: FileId) -> u64 {
        (0..self.base.disk.len_blocks(seg))
            .filter_map(|no| self.base.disk.peek(seg, no).map(|r| r.seq))
            .min()
            .unwrap_or(u64::MAX)
    }

    /// The segments and their records, for drawing (uncounted reads).
    pub fn segments_view(&self) -> Vec<SegmentView> {
        let mut out = Vec::new();
        for id in self.base.disk.list(FileKind::Segment) {
            let mut records = Vec::new();
            let mut offset = 0u64;
            for no in 0..self.base.disk.len_blocks(id) {
                let bytes = self.base.disk.block_bytes(id, no);
                if let Some(r) = self.base.disk.peek(id, no) {
                    let live = self
                        .index
                        .get(&r.key)
                        .is_some_and(|l| l.segment == id && l.record == no);
                    records.push(RecordView {
                        key: r.key,
                        seq: r.seq,
                        offset,
                        bytes,
                        tombstone: r.value.is_none(),
                        live,
                    });
                }
                offset += u64::from(bytes);
            }
            out.push(SegmentView {
                id,
                active: self.active == Some(id),
                bytes: self.base.disk.file_bytes(id),
                records,
            });
        }
        out
    }
}

impl StorageEngine for HashLog {
    fn kind(&self) -> EngineKind {
        EngineKind::HashLog
    }

    fn put(&mut self, key: Key, value: Value) -> StorageResult<()> {
        self.base.check_up()?;
        let ub = user_bytes(Some(&value));
        self.write_record(key, Some(value))
            .map_err(|_| down(self))?;
        self.base.count_put(ub);
        Ok(())
    }

    fn get(&mut self, key: Key) -> StorageResult<Option<Value>> {
        self.base.check_up()?;
        self.base.counters.gets += 1;
        let Some(loc) = self.index.get(&key).copied() else {
            return Ok(None);
        };
        self.base.counters.get_touches += 1;
        self.base.counters.get_bytes_read += u64::from(loc.bytes);
        let rec = self.base.disk.read(loc.segment, loc.record);
        Ok(rec.and_then(|r| r.value.clone()))
    }

    fn delete(&mut self, key: Key) -> StorageResult<()> {
        self.base.check_up()?;
        self.write_record(key, None).map_err(|_| down(self))?;
        self.base.count_delete();
        Ok(())
    }

    fn scan(&mut self, lo: Key, hi: Key) -> StorageResult<Vec<(Key, Value)>> {
        self.base.check_up()?;
        self.base.counters.scans += 1;
        // A hash index has no order: look at every entry, keep those in range.
        self.scan_keys_examined += self.index.len() as u64;
        let hits: Vec<(Key, Loc)> = self
            .index
            .iter()
            .filter(|(k, _)| lo <= **k && **k <= hi)
            .map(|(k, l)| (*k, *l))
            .collect();
        let mut out = Vec::with_capacity(hits.len());
        for (k, loc) in hits {
            if let Some(v) = self
                .base
                .disk
                .read(loc.segment, loc.record)
                .and_then(|r| r.value.clone())
            {
                out.push((k, v));
            }
        }
        Ok(out)
    }

    fn crash(&mut self) {
        self.index.clear();
        self.active = None;
        self.closed.clear();
        self.fresh.clear();
        self.next_seq = 0;
        self.base.mark_crashed();
    }

    fn recover(&mut self) -> StorageResult<()> {
        self.base.mark_up();
        let rebuilt = self.rebuild().map(|replayed| (replayed, 0));
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
        m.live_keys = self.index.len() as u64;
        m.live_user_bytes = self
            .index
            .values()
            .map(|l| u64::from(l.bytes) - u64::from(super::engine::RECORD_HEADER_BYTES) + 8)
            .sum();
        m.compaction_debt_bytes = self
            .fresh
            .iter()
            .map(|s| self.base.disk.file_bytes(*s))
            .sum();
        m
    }

    fn drain_events(&mut self) -> Vec<StorageEvent> {
        self.base.drain_events()
    }
}

#[cfg(test)]
mod tests {
    use super::super::engine::StorageError;
    use super::*;
    use crate::storage::engine::low_byte;
    use alloc::vec;

    fn small() -> HashLog {
        HashLog::new(HashLogConfig {
            segment_bytes: 60,
            merge_trigger: 0,
        })
    }

    #[test]
    fn put_get_overwrite_delete() {
        let mut h = small();
        h.put(1, vec![b'a']).unwrap();
        h.put(2, vec![b'b']).unwrap();
        h.put(1, vec![b'c']).unwrap();
        assert_eq!(h.get(1).unwrap(), Some(vec![b'c']));
        h.delete(2).unwrap();
        assert_eq!(h.get(2).unwrap(), None);
        assert_eq!(h.scan(0, 10).unwrap(), vec![(1, vec![b'c'])]);
        assert_eq!(h.scan_keys_examined(), 1);
        assert_eq!(h.index_memory_bytes(), 24);
    }

    #[test]
    fn f4_merge_example_keeps_latest_values() {
        // After DDIA ch. 3, Figure 3-3: Segment 1: user:1=Alice, user:2=Bob, user:1=Alice2 /
        // Segment 2: user:2=Bob2, user:3=Charlie -> user:1=Alice2, user:2=Bob2,
        // user:3=Charlie. Records are 21 + 5 or so bytes; segments hold ~3 records.
        let mut h = HashLog::new(HashLogConfig {
            segment_bytes: 70,
            merge_trigger: 0,
        });
        h.put(1, b"Alice".to_vec()).unwrap();
        h.put(2, b"Bob".to_vec()).unwrap();
        h.put(1, b"Alice2".to_vec()).unwrap();
        h.put(2, b"Bob2".to_vec()).unwrap();
        h.put(3, b"Charlie".to_vec()).unwrap();
        h.put(9, b"x".to_vec()).unwrap();
        h.drain_events();
        let before = h.segments_view();
        let garbage = before
            .iter()
            .flat_map(|s| &s.records)
            .filter(|r| !r.live)
            .count();
        assert_eq!(garbage, 2, "{before:?}");
        h.merge().unwrap();
        let ev = h.drain_events();
        assert!(matches!(
            ev.last(),
            Some(StorageEvent::SegmentMerged {
                dropped_records: 2,
                ..
            })
        ));
        for s in h.segments_view() {
            assert!(s.records.iter().all(|r| r.live));
        }
        assert_eq!(h.get(1).unwrap(), Some(b"Alice2".to_vec()));
        assert_eq!(h.get(2).unwrap(), Some(b"Bob2".to_vec()));
        assert_eq!(h.get(3).unwrap(), Some(b"Charlie".to_vec()));
    }

    #[test]
    fn crash_rebuilds_index_by_scanning_segments() {
        let mut h = small();
        for k in 0..20u64 {
            h.put(k % 7, vec![low_byte(k); 5]).unwrap();
        }
        h.delete(3).unwrap();
        let before = h.scan(0, 100).unwrap();
        let read_before = h.metrics().io.bytes_read;
        h.crash();
        assert_eq!(h.get(1), Err(StorageError::Crashed));
        h.recover().unwrap();
        assert!(h.metrics().io.bytes_read > read_before);
        assert_eq!(h.scan(0, 100).unwrap(), before);
        assert_eq!(h.get(3).unwrap(), None);
    }

    #[test]
    fn crash_in_the_middle_of_a_merge_loses_nothing() {
        for k in 0..12u32 {
            let mut h = small();
            for i in 0..30u64 {
                h.put(i % 5, vec![low_byte(i); 4]).unwrap();
            }
            h.delete(2).unwrap();
            let want = h.scan(0, 100).unwrap();
            h.crash_after_disk_writes(k);
            let r = h.merge();
            if r.is_err() {
                assert!(h.is_crashed());
            }
            if h.is_crashed() {
                h.recover().unwrap();
            }
            h.crash_after_disk_writes(u32::MAX);
            assert_eq!(h.scan(0, 100).unwrap(), want, "crash after {k} writes");
        }
    }
}
