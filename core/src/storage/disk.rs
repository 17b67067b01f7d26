//! A simulated disk: numbered files made of numbered blocks, with measured I/O.
//!
//! DDIA ch. 3 argues about storage engines in terms of bytes written and pages read
//! (write amplification, read amplification). This disk is where those numbers come
//! from: every engine stores all of its durable state here, and every block read or
//! write is counted in [`IoStats`]. Nothing is ever assumed.
//!
//! Model:
//! - A file ([`FileId`]) has a [`FileKind`] and a sequence of blocks. A block is a
//!   typed value `B` (a log record, an SSTable data block, a B-tree page, ...) plus its
//!   encoded size in bytes, which the engine states when it writes the block.
//! - Block writes are atomic (no torn writes) and durable as soon as the call returns
//!   (as if every write were followed by `fsync`).
//! - A crash loses everything that is *not* on the disk: engines keep their volatile
//!   state (memtable, hash index, caches) outside the disk and drop it on crash.
//! - Fault injection: [`Disk::arm_crash_after`] lets exactly `k` more mutating calls
//!   (create, append, write, delete) succeed; the next one fails with
//!   [`Crashed`] and leaves the disk untouched. This is how a scenario crashes an
//!   engine in the middle of a page split, a flush or a compaction.

use alloc::collections::BTreeMap;
use alloc::vec::Vec;

/// Identifier of a file on the simulated disk; ids are never reused.
pub type FileId = u32;

/// What a file holds (used to list files after a crash, and for drawing).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileKind {
    /// A write-ahead log (LSM memtable log or B-tree redo log).
    Wal,
    /// A hash-log data segment (Bitcask).
    Segment,
    /// An immutable sorted string table (LSM).
    SsTable,
    /// The LSM manifest: which SSTables are live, at which level.
    Manifest,
    /// The B-tree page file (block number = page number).
    PageFile,
}

/// The disk crashed (an armed fault fired, or the engine is down): the operation was
/// not acknowledged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Crashed;

/// Cumulative I/O counters of one disk. All integers; ratios are computed on read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct IoStats {
    /// Bytes written by appends and block writes.
    pub bytes_written: u64,
    /// Bytes read by counted block reads.
    pub bytes_read: u64,
    /// Number of blocks (pages, records) written.
    pub blocks_written: u64,
    /// Number of blocks (pages, records) read.
    pub blocks_read: u64,
    /// Files created.
    pub files_created: u64,
    /// Files deleted.
    pub files_deleted: u64,
}

#[derive(Clone, Debug)]
struct Block<B> {
    data: B,
    bytes: u32,
}

/// One file: its kind, its blocks (a `None` slot is a hole in a page file) and size.
#[derive(Clone, Debug)]
struct SimFile<B> {
    kind: FileKind,
    blocks: Vec<Option<Block<B>>>,
    bytes: u64,
}

/// A simulated disk whose blocks have type `B` (each engine picks its own block enum).
#[derive(Clone, Debug)]
pub struct Disk<B> {
    files: BTreeMap<FileId, SimFile<B>>,
    next_id: FileId,
    stats: IoStats,
    /// Mutating calls still allowed before an injected crash (`None` = no fault armed).
    fault_budget: Option<u32>,
    /// Mutating calls performed so far (monotone; for "crash after the k-th write").
    mutations: u64,
}

/// A count (blocks in a file, entries in an encoded record) as the `u32` that block
/// numbers and encoded sizes use, saturating at `u32::MAX`: no simulated run comes near
/// 2^32 blocks or entries, and a saturated size is still the largest one.
pub(crate) fn saturating_u32(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(u32::MAX)
}

impl<B> Default for Disk<B> {
    fn default() -> Self {
        Self::new()
    }
}

impl<B> Disk<B> {
    /// An empty disk.
    pub fn new() -> Self {
        Disk {
            files: BTreeMap::new(),
            next_id: 1,
            stats: IoStats::default(),
            fault_budget: None,
            mutations: 0,
        }
    }

    /// Let exactly `k` more mutating calls succeed; the `(k+1)`-th fails with
    /// [`Crashed`]. The fault disarms itself when it fires.
    pub fn arm_crash_after(&mut self, k: u32) {
        self.fault_budget = Some(k);
    }

    /// Remove an armed fault that has not fired.
    pub fn disarm(&mut self) {
        self.fault_budget = None;
    }

    /// Whether a fault is armed and has not fired yet.
    pub fn is_armed(&self) -> bool {
        self.fault_budget.is_some()
    }

    /// Number of mutating calls performed so far.
    pub fn mutations(&self) -> u64 {
        self.mutations
    }

    /// Consume one unit of the fault budget; `Err` when the fault fires.
    fn step(&mut self) -> Result<(), Crashed> {
        if let Some(left) = self.fault_budget {
            if left == 0 {
                self.fault_budget = None;
                return Err(Crashed);
            }
            self.fault_budget = Some(left - 1);
        }
        self.mutations += 1;
        Ok(())
    }

    /// Create an empty file of `kind`; returns its id (ids increase monotonically).
    pub fn create(&mut self, kind: FileKind) -> Result<FileId, Crashed> {
        self.step()?;
        let id = self.next_id;
        self.next_id += 1;
        self.files.insert(
            id,
            SimFile {
                kind,
                blocks: Vec::new(),
                bytes: 0,
            },
        );
        self.stats.files_created += 1;
        Ok(id)
    }

    /// Append one block of `bytes` encoded bytes to file `id`; returns its block
    /// number. Panics if the file does not exist (an engine bug, not a fault).
    pub fn append(&mut self, id: FileId, data: B, bytes: u32) -> Result<u32, Crashed> {
        self.step()?;
        let f = self.files.get_mut(&id).expect("append to a missing file");
        f.blocks.push(Some(Block { data, bytes }));
        f.bytes += u64::from(bytes);
        self.stats.bytes_written += u64::from(bytes);
        self.stats.blocks_written += 1;
        Ok(saturating_u32(f.blocks.len()) - 1)
    }

    /// Write (or overwrite) block `no` of file `id` in place, growing the file with
    /// holes if needed. Used for B-tree pages.
    pub fn write(&mut self, id: FileId, no: u32, data: B, bytes: u32) -> Result<(), Crashed> {
        self.step()?;
        let f = self.files.get_mut(&id).expect("write to a missing file");
        let no = no as usize;
        while f.blocks.len() <= no {
            f.blocks.push(None);
        }
        if let Some(old) = &f.blocks[no] {
            f.bytes -= u64::from(old.bytes);
        }
        f.blocks[no] = Some(Block { data, bytes });
        f.bytes += u64::from(bytes);
        self.stats.bytes_written += u64::from(bytes);
        self.stats.blocks_written += 1;
        Ok(())
    }

    /// Delete file `id` (no-op if it does not exist, but still one mutating step).
    pub fn delete(&mut self, id: FileId) -> Result<(), Crashed> {
        self.step()?;
        if self.files.remove(&id).is_some() {
            self.stats.files_deleted += 1;
        }
        Ok(())
    }

    /// Read block `no` of file `id`, counting its bytes. `None` for a missing block.
    pub fn read(&mut self, id: FileId, no: u32) -> Option<&B> {
        let block = self
            .files
            .get(&id)
            .and_then(|f| f.blocks.get(no as usize))
            .and_then(|b| b.as_ref())?;
        self.stats.bytes_read += u64::from(block.bytes);
        self.stats.blocks_read += 1;
        Some(&block.data)
    }

    /// Look at block `no` of file `id` WITHOUT counting I/O: for drawing, metrics and
    /// checkers only, never for the engine's own reads.
    pub fn peek(&self, id: FileId, no: u32) -> Option<&B> {
        self.files
            .get(&id)
            .and_then(|f| f.blocks.get(no as usize))
            .and_then(|b| b.as_ref())
            .map(|b| &b.data)
    }

    /// Encoded size of block `no` of file `id` (0 if missing), uncounted.
    pub fn block_bytes(&self, id: FileId, no: u32) -> u32 {
        self.files
            .get(&id)
            .and_then(|f| f.blocks.get(no as usize))
            .and_then(|b| b.as_ref())
            .map_or(0, |b| b.bytes)
    }

    /// Number of block slots in file `id` (0 if missing).
    pub fn len_blocks(&self, id: FileId) -> u32 {
        self.files
            .get(&id)
            .map_or(0, |f| saturating_u32(f.blocks.len()))
    }

    /// Size of file `id` in bytes (0 if missing).
    pub fn file_bytes(&self, id: FileId) -> u64 {
        self.files.get(&id).map_or(0, |f| f.bytes)
    }

    /// Whether file `id` exists.
    pub fn exists(&self, id: FileId) -> bool {
        self.files.contains_key(&id)
    }

    /// The ids of all files of `kind`, ascending (a directory listing; free).
    pub fn list(&self, kind: FileKind) -> Vec<FileId> {
        self.files
            .iter()
            .filter(|(_, f)| f.kind == kind)
            .map(|(id, _)| *id)
            .collect()
    }

    /// Bytes stored in files of `kind`.
    pub fn kind_bytes(&self, kind: FileKind) -> u64 {
        self.files
            .values()
            .filter(|f| f.kind == kind)
            .map(|f| f.bytes)
            .sum()
    }

    /// Total bytes stored on the disk (for space amplification).
    pub fn total_bytes(&self) -> u64 {
        self.files.values().map(|f| f.bytes).sum()
    }

    /// Number of files on the disk.
    pub fn file_count(&self) -> usize {
        self.files.len()
    }

    /// The cumulative I/O counters.
    pub fn stats(&self) -> IoStats {
        self.stats
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_bytes_and_blocks() {
        let mut d: Disk<u8> = Disk::new();
        let f = d.create(FileKind::Segment).unwrap();
        assert_eq!(d.append(f, 7, 100).unwrap(), 0);
        assert_eq!(d.append(f, 8, 50).unwrap(), 1);
        assert_eq!(d.file_bytes(f), 150);
        assert_eq!(d.read(f, 1), Some(&8));
        assert_eq!(d.peek(f, 0), Some(&7));
        let s = d.stats();
        assert_eq!(s.bytes_written, 150);
        assert_eq!(s.blocks_written, 2);
        assert_eq!(s.bytes_read, 50);
        assert_eq!(s.blocks_read, 1);
        d.write(f, 0, 9, 10).unwrap();
        assert_eq!(d.file_bytes(f), 60);
        d.write(f, 4, 1, 10).unwrap();
        assert_eq!(d.len_blocks(f), 5);
        assert_eq!(d.peek(f, 3), None);
        d.delete(f).unwrap();
        assert!(!d.exists(f));
        assert_eq!(d.total_bytes(), 0);
    }

    #[test]
    fn armed_fault_fires_after_k_mutations_and_changes_nothing() {
        let mut d: Disk<u8> = Disk::new();
        let f = d.create(FileKind::Wal).unwrap();
        d.arm_crash_after(2);
        d.append(f, 1, 1).unwrap();
        d.append(f, 2, 1).unwrap();
        assert_eq!(d.append(f, 3, 1), Err(Crashed));
        assert_eq!(d.len_blocks(f), 2);
        assert!(!d.is_armed());
        // Disarmed after firing.
        d.append(f, 3, 1).unwrap();
        assert_eq!(d.list(FileKind::Wal), alloc::vec![f]);
        assert!(d.list(FileKind::SsTable).is_empty());
    }
}
