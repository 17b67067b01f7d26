//! The plumbing every storage engine of DDIA ch. 3 shares, written once: the simulated
//! disk, the "down since a crash" flag, the lab's counters and event queue, and the
//! [`StorageEngine`] steps that do not depend on the engine's data structures
//! (refuse calls while down, arm a disk fault, record a crash or a recovery, fill the
//! disk-measured part of [`Metrics`]).
//!
//! What stays in each engine is its own volatile state (hash index, memtable, cached
//! meta page), how it drops that state on a crash, how it rebuilds it from the disk,
//! and its engine-specific metrics (live keys, Bloom filters, compaction debt).

use alloc::vec::Vec;

use super::disk::{Crashed, Disk, FileKind};
use super::engine::{user_bytes, EventLog, StorageEngine, StorageError, StorageEvent};
use super::metrics::Metrics;

/// The shared state of one engine: its disk (durable), whether it is down, and what
/// the lab observes (counters, events). `B` is the engine's block type on the disk.
#[derive(Clone, Debug)]
pub struct EngineBase<B> {
    /// The simulated disk holding all of the engine's durable state; it counts every
    /// byte and block read and written.
    pub disk: Disk<B>,
    /// Engine-maintained counters (operations, bytes by cause, flushes, ...). The
    /// disk-measured fields (`io`, `disk_bytes`) are filled by [`EngineBase::metrics`].
    pub counters: Metrics,
    /// Structural events not yet taken by the lab.
    pub events: EventLog,
    /// Down since a crash and not yet recovered.
    crashed: bool,
}

impl<B> EngineBase<B> {
    /// Up (not crashed), zero counters, an empty event queue, on `disk`.
    pub fn new(disk: Disk<B>) -> Self {
        EngineBase {
            disk,
            counters: Metrics::default(),
            events: EventLog::default(),
            crashed: false,
        }
    }

    /// Whether the engine is down (crashed and not yet recovered).
    pub fn is_crashed(&self) -> bool {
        self.crashed
    }

    /// `Err(StorageError::Crashed)` while down: the first step of every engine call.
    pub fn check_up(&self) -> Result<(), StorageError> {
        if self.crashed {
            Err(StorageError::Crashed)
        } else {
            Ok(())
        }
    }

    /// Let `k` more disk mutations succeed, then fail the next one (the engine then
    /// crashes in the middle of whatever it was doing).
    pub fn crash_after_disk_writes(&mut self, k: u32) {
        self.disk.arm_crash_after(k);
    }

    /// Record a crash: the engine is down, an armed fault is removed, the crash is
    /// counted and a [`StorageEvent::Crashed`] queued. The caller drops its own
    /// volatile state.
    pub fn mark_crashed(&mut self) {
        self.crashed = true;
        self.disk.disarm();
        self.counters.crashes += 1;
        self.events.push(StorageEvent::Crashed);
    }

    /// Mark the engine up again, before it rebuilds its volatile state from the disk.
    pub fn mark_up(&mut self) {
        self.crashed = false;
    }

    /// Record the outcome of a rebuild: on success, `(records replayed, orphan files
    /// deleted)`, queue a [`StorageEvent::Recovered`]. A failed rebuild is passed on
    /// for the caller to crash again.
    pub fn recovered(&mut self, rebuilt: Result<(u64, u64), Crashed>) -> Result<(), Crashed> {
        let (records_replayed, orphans_deleted) = rebuilt?;
        self.events.push(StorageEvent::Recovered {
            records_replayed,
            orphans_deleted,
        });
        Ok(())
    }

    /// Count one acknowledged put of `user_bytes` key + value bytes (see
    /// [`user_bytes`]).
    pub fn count_put(&mut self, user_bytes: u64) {
        self.counters.puts += 1;
        self.counters.user_bytes_written += user_bytes;
    }

    /// Count one acknowledged delete (its key bytes are user bytes written).
    pub fn count_delete(&mut self) {
        self.counters.deletes += 1;
        self.counters.user_bytes_written += user_bytes(None);
    }

    /// The counters with the disk's measurements filled in: `io` (bytes and blocks
    /// read and written, files created and deleted), `disk_bytes` (bytes stored) and
    /// `wal_disk_bytes` (of which in write-ahead logs).
    /// The engine adds its live-data and engine-specific fields.
    pub fn metrics(&self) -> Metrics {
        let mut m = self.counters;
        m.io = self.disk.stats();
        m.disk_bytes = self.disk.total_bytes();
        m.wal_disk_bytes = self.disk.kind_bytes(FileKind::Wal);
        m
    }

    /// Take the queued structural events, oldest first.
    pub fn drain_events(&mut self) -> Vec<StorageEvent> {
        self.events.drain()
    }
}

/// The error path of an engine call that hit a disk fault: crash the engine (unless it
/// is already down, so a crash is counted once) and report
/// [`StorageError::Crashed`].
pub fn down<E: StorageEngine + ?Sized>(engine: &mut E) -> StorageError {
    if !engine.is_crashed() {
        engine.crash();
    }
    StorageError::Crashed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crash_and_recovery_bookkeeping() {
        let mut b: EngineBase<u8> = EngineBase::new(Disk::new());
        let f = b.disk.create(FileKind::Wal).unwrap();
        b.disk.append(f, 1, 10).unwrap();
        assert_eq!(b.check_up(), Ok(()));
        b.crash_after_disk_writes(0);
        b.mark_crashed();
        assert!(b.is_crashed() && !b.disk.is_armed());
        assert_eq!(b.check_up(), Err(StorageError::Crashed));
        b.mark_up();
        assert_eq!(b.recovered(Ok((3, 1))), Ok(()));
        assert_eq!(b.recovered(Err(Crashed)), Err(Crashed));
        assert_eq!(
            b.drain_events(),
            alloc::vec![
                StorageEvent::Crashed,
                StorageEvent::Recovered {
                    records_replayed: 3,
                    orphans_deleted: 1
                }
            ]
        );
        b.count_put(9);
        b.count_delete();
        let m = b.metrics();
        assert_eq!((m.crashes, m.puts, m.deletes), (1, 1, 1));
        assert_eq!(m.user_bytes_written, 9 + 8);
        assert_eq!((m.io.bytes_written, m.disk_bytes), (10, 10));
        assert_eq!(m.wal_disk_bytes, 10);
    }
}
