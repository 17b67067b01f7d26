//! The one interface shared by the three storage engines of DDIA ch. 3, and the
//! structural events they report for the lab to animate.
//!
//! Keys are `u64` and compared numerically (so key 10 sorts after key 2, unlike the
//! byte-string order of DDIA ch. 3's string keys, where "10" sorts before "2"). Values
//! are byte strings (`Vec<u8>`); their length is what the byte counters see.

use alloc::collections::VecDeque;
use alloc::vec::Vec;
use serde::{Deserialize, Serialize};

use super::disk::{saturating_u32, Crashed, FileId};
use super::metrics::Metrics;

/// A key: an unsigned 64-bit integer, ordered numerically. Encoded as 8 bytes.
pub type Key = u64;

/// A value: an arbitrary byte string.
pub type Value = Vec<u8>;

/// Encoded size of a key in bytes.
pub const KEY_BYTES: u32 = 8;

/// Encoded size of a log/SSTable record header: key (8) + sequence number (8) +
/// value length (4) + tombstone flag (1).
pub const RECORD_HEADER_BYTES: u32 = 21;

/// Encoded size in bytes of one record holding `value` (`None` = tombstone).
pub fn record_bytes(value: Option<&Value>) -> u32 {
    RECORD_HEADER_BYTES + value.map_or(0, |v| saturating_u32(v.len()))
}

/// A level's index as the `u8` level number of [`StorageEvent`]s, saturating at
/// `u8::MAX` (the lab allows at most a handful of levels).
pub fn level_number(level: usize) -> u8 {
    u8::try_from(level).unwrap_or(u8::MAX)
}

/// The low byte of `n` (what `n as u8` keeps), for filling values with a byte pattern.
pub(crate) fn low_byte(n: u64) -> u8 {
    n.to_le_bytes()[0]
}

/// "User bytes" of one write as the application sees it: key + value bytes (a delete
/// counts its key only). The denominator of write amplification.
pub fn user_bytes(value: Option<&Value>) -> u64 {
    u64::from(KEY_BYTES) + value.map_or(0, |v| v.len() as u64)
}

/// Why an engine call failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StorageError {
    /// The engine crashed (an injected disk fault fired during this call, or it is
    /// down since an earlier crash). The call was NOT acknowledged; call
    /// [`StorageEngine::recover`].
    Crashed,
}

impl From<Crashed> for StorageError {
    fn from(_: Crashed) -> Self {
        StorageError::Crashed
    }
}

/// Result type of engine calls.
pub type StorageResult<T> = Result<T, StorageError>;

/// A structural change inside an engine, for the lab to animate (DDIA ch. 3).
/// File ids refer to the engine's simulated disk.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum StorageEvent {
    /// Hash log: the active segment reached its size limit and was closed.
    SegmentClosed {
        /// The closed segment.
        segment: FileId,
        /// Its size in bytes.
        bytes: u64,
    },
    /// Hash log: closed segments were merged, keeping only the latest record per key.
    SegmentMerged {
        /// The merged (now deleted) segments.
        inputs: Vec<FileId>,
        /// The new segments.
        outputs: Vec<FileId>,
        /// Records dropped (overwritten values and tombstones).
        dropped_records: u64,
    },
    /// LSM: the memtable was written out as a new SSTable.
    Flushed {
        /// The new SSTable.
        sstable: FileId,
        /// The level it went to (0, or the single tier list for size-tiered).
        level: u8,
        /// Entries written (tombstones included).
        entries: u64,
        /// Bytes of the SSTable file.
        bytes: u64,
    },
    /// LSM: SSTables were merged (k-way merge, newest value wins).
    Compacted {
        /// Level the inputs came from (the upper one).
        from_level: u8,
        /// Level the outputs went to.
        to_level: u8,
        /// Input SSTables (deleted).
        inputs: Vec<FileId>,
        /// Output SSTables.
        outputs: Vec<FileId>,
        /// Older versions of keys that were dropped (a newer version exists).
        dropped_versions: u64,
        /// Tombstones dropped because no older data can remain beneath them.
        dropped_tombstones: u64,
    },
    /// B-tree: a full page split in two; `separator` went up to the parent.
    PageSplit {
        /// The page that overflowed (keeps the lower half).
        page: u32,
        /// The new page (holds the upper half).
        new_page: u32,
        /// The key pushed into the parent.
        separator: Key,
        /// Height of the page above the leaves (0 = leaf).
        height: u32,
    },
    /// B-tree: the root split and a new root was created; the tree grew one level.
    NewRoot {
        /// The new root page.
        root: u32,
        /// The new number of levels.
        levels: u32,
    },
    /// A write-ahead log was checkpointed (its contents are no longer needed).
    WalTruncated {
        /// The WAL file that was dropped.
        wal: FileId,
    },
    /// The engine crashed; volatile state is gone.
    Crashed,
    /// The engine recovered from its disk.
    Recovered {
        /// Log records (WAL entries or segment records) read during recovery.
        records_replayed: u64,
        /// Files deleted during recovery (orphans from an interrupted operation).
        orphans_deleted: u64,
    },
}

/// A bounded queue of [`StorageEvent`]s; the oldest are dropped past `capacity`.
#[derive(Clone, Debug)]
pub struct EventLog {
    events: VecDeque<StorageEvent>,
    capacity: usize,
    dropped: u64,
}

impl Default for EventLog {
    fn default() -> Self {
        EventLog::new(4096)
    }
}

impl EventLog {
    /// An empty log holding at most `capacity` events.
    pub fn new(capacity: usize) -> Self {
        EventLog {
            events: VecDeque::new(),
            capacity,
            dropped: 0,
        }
    }

    /// Record one event.
    pub fn push(&mut self, e: StorageEvent) {
        if self.capacity == 0 {
            self.dropped += 1;
            return;
        }
        if self.events.len() == self.capacity {
            self.events.pop_front();
            self.dropped += 1;
        }
        self.events.push_back(e);
    }

    /// Take all queued events, oldest first.
    pub fn drain(&mut self) -> Vec<StorageEvent> {
        self.events.drain(..).collect()
    }

    /// Events dropped because the queue was full.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }
}

/// Which engine an instance is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EngineKind {
    /// Bitcask-style hash-indexed append-only log ([`super::HashLog`]).
    HashLog,
    /// Log-structured merge tree ([`super::Lsm`]).
    Lsm,
    /// B-tree with a write-ahead log ([`super::BTree`]).
    BTree,
}

/// The interface of every storage engine (DDIA ch. 3).
///
/// A call that returns `Ok` is *acknowledged*: its effect survives any later crash.
/// A call that returns `Err(StorageError::Crashed)` may or may not have taken effect;
/// the engine is then down until [`StorageEngine::recover`].
pub trait StorageEngine {
    /// Which engine this is.
    fn kind(&self) -> EngineKind;
    /// Insert or overwrite `key`.
    fn put(&mut self, key: Key, value: Value) -> StorageResult<()>;
    /// The current value of `key`, if any.
    fn get(&mut self, key: Key) -> StorageResult<Option<Value>>;
    /// Remove `key` (writes a tombstone where the engine needs one).
    fn delete(&mut self, key: Key) -> StorageResult<()>;
    /// All live pairs with `lo <= key <= hi`, in ascending key order.
    fn scan(&mut self, lo: Key, hi: Key) -> StorageResult<Vec<(Key, Value)>>;
    /// Crash now: drop all volatile state (memtable, index, caches). Disk survives.
    fn crash(&mut self);
    /// Rebuild volatile state from the disk (index scan, WAL replay, redo).
    fn recover(&mut self) -> StorageResult<()>;
    /// Whether the engine is down (crashed and not yet recovered).
    fn is_crashed(&self) -> bool;
    /// Let `k` more disk mutations succeed, then crash in the middle of whatever
    /// operation is running (a split, a flush, a compaction, a merge).
    fn crash_after_disk_writes(&mut self, k: u32);
    /// Current metrics (integer counters; ratios are methods on [`Metrics`]).
    fn metrics(&self) -> Metrics;
    /// Take the structural events recorded since the last call, oldest first.
    fn drain_events(&mut self) -> Vec<StorageEvent>;
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn sizes_and_event_log_bound() {
        assert_eq!(record_bytes(None), 21);
        assert_eq!(record_bytes(Some(&vec![0; 10])), 31);
        assert_eq!(user_bytes(Some(&vec![0; 10])), 18);
        let mut log = EventLog::new(2);
        log.push(StorageEvent::Crashed);
        log.push(StorageEvent::WalTruncated { wal: 1 });
        log.push(StorageEvent::WalTruncated { wal: 2 });
        assert_eq!(log.dropped(), 1);
        assert_eq!(
            log.drain(),
            vec![
                StorageEvent::WalTruncated { wal: 1 },
                StorageEvent::WalTruncated { wal: 2 }
            ]
        );
        assert!(log.drain().is_empty());
    }
}
