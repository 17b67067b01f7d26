//! Sorted String Tables (DDIA ch. 3, "SSTables and LSM-Trees").
//!
//! An SSTable is an immutable file of entries sorted by key, written once by a flush or
//! a compaction. Layout on the simulated disk: data blocks of `block_entries` entries
//! each, then one meta block holding the *sparse index* (first key and byte offset of
//! every data block), the Bloom filter, the key range and counts. The meta block is
//! loaded into memory when the table is opened; a point read then costs one data block
//! read (after a range check and a Bloom filter probe).

use alloc::vec::Vec;

use super::bloom::Bloom;
use super::disk::{saturating_u32, Crashed, Disk, FileId, FileKind};
use super::engine::{record_bytes, Key, Value};

/// One versioned entry: the unit of the memtable, WAL, SSTables and merges.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Entry {
    /// The key.
    pub key: Key,
    /// Write sequence number (higher = newer).
    pub seq: u64,
    /// The value, or `None` for a tombstone.
    pub value: Option<Value>,
}

impl Entry {
    /// Encoded size in bytes.
    pub fn bytes(&self) -> u32 {
        record_bytes(self.value.as_ref())
    }
}

/// One sparse-index entry: data block `block` starts at `offset` with key `first_key`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct IndexEntry {
    /// First key of the block.
    pub first_key: Key,
    /// Block number in the file.
    pub block: u32,
    /// Byte offset of the block in the file.
    pub offset: u64,
}

/// The meta block of an SSTable (kept in memory while the table is open).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SstMeta {
    /// Sparse index, one entry per data block, ascending.
    pub index: Vec<IndexEntry>,
    /// Bloom filter over all keys in the table.
    pub bloom: Bloom,
    /// Smallest key.
    pub min_key: Key,
    /// Largest key.
    pub max_key: Key,
    /// Number of entries (tombstones included).
    pub entries: u64,
    /// Number of tombstones.
    pub tombstones: u64,
    /// Highest sequence number in the table.
    pub max_seq: u64,
}

impl SstMeta {
    /// Encoded size: 40 bytes of fixed fields + 20 per index entry + the Bloom filter.
    pub fn encoded_bytes(&self) -> u32 {
        40 + 20 * saturating_u32(self.index.len()) + self.bloom.encoded_bytes()
    }
}

/// One manifest record, a *version edit* as in LevelDB and RocksDB: the tables one
/// flush or compaction added (with their level) and deleted, and the WAL and sequence
/// bookkeeping after it. A manifest file starts with a snapshot (an edit adding every
/// live table) and grows by one appended edit per change, so its cost per change is
/// the size of the change, not of the whole tree.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct VersionEdit {
    /// Tables added, as (level, table id).
    pub added: Vec<(u8, FileId)>,
    /// Tables deleted.
    pub deleted: Vec<FileId>,
    /// WAL files with an id below this are obsolete (already flushed).
    pub wal_min: FileId,
    /// Highest sequence number contained in the SSTables.
    pub last_seq: u64,
}

impl VersionEdit {
    /// Encoded size: 16 bytes + 5 per added table (level, id) + 4 per deleted table.
    pub fn encoded_bytes(&self) -> u32 {
        Self::bytes_for(self.added.len(), self.deleted.len())
    }

    /// Encoded size of an edit adding `added` and deleting `deleted` tables.
    pub fn bytes_for(added: usize, deleted: usize) -> u32 {
        16 + 5 * saturating_u32(added) + 4 * saturating_u32(deleted)
    }
}

/// The block type of the LSM engine's disk.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum LsmBlock {
    /// One WAL record.
    Wal(Entry),
    /// One SSTable data block (sorted entries).
    Data(Vec<Entry>),
    /// The SSTable meta block (sparse index, Bloom filter, key range).
    Meta(SstMeta),
    /// A manifest record (a version edit; the first of a file is a snapshot).
    Manifest(VersionEdit),
}

/// An open SSTable: its file id, total size and in-memory meta block.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Table {
    /// File id on the disk.
    pub id: FileId,
    /// File size in bytes.
    pub bytes: u64,
    /// The meta block.
    pub meta: SstMeta,
}

/// Outcome of probing one table for a key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Probe {
    /// The key is outside the table's key range (no I/O).
    OutOfRange,
    /// The Bloom filter said "definitely not here" (no I/O).
    BloomNegative,
    /// One data block was read and held the key (value or tombstone).
    Found(Entry),
    /// One data block was read and did not hold the key (a Bloom false positive if the
    /// filter is enabled).
    Missing,
}

/// Shape parameters of newly written tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TableFormat {
    /// Entries per data block (= sparse index interval).
    pub block_entries: u32,
    /// Bloom filter bits per key (0 = no filter).
    pub bloom_bits_per_key: u32,
    /// Bloom filter hash functions.
    pub bloom_hashes: u32,
}

/// Write `entries` (sorted by key, unique keys, non-empty) as a new SSTable.
pub fn write_table(
    disk: &mut Disk<LsmBlock>,
    entries: &[Entry],
    fmt: TableFormat,
) -> Result<Table, Crashed> {
    let id = disk.create(FileKind::SsTable)?;
    let keys: Vec<Key> = entries.iter().map(|e| e.key).collect();
    let bloom = Bloom::build(&keys, fmt.bloom_bits_per_key, fmt.bloom_hashes);
    let mut index = Vec::new();
    let mut offset = 0u64;
    for chunk in entries.chunks(fmt.block_entries.max(1) as usize) {
        let bytes: u32 = chunk.iter().map(Entry::bytes).sum();
        let block = disk.append(id, LsmBlock::Data(chunk.to_vec()), bytes)?;
        index.push(IndexEntry {
            first_key: chunk[0].key,
            block,
            offset,
        });
        offset += u64::from(bytes);
    }
    let meta = SstMeta {
        index,
        bloom,
        min_key: entries.first().map_or(0, |e| e.key),
        max_key: entries.last().map_or(0, |e| e.key),
        entries: entries.len() as u64,
        tombstones: entries.iter().filter(|e| e.value.is_none()).count() as u64,
        max_seq: entries.iter().map(|e| e.seq).max().unwrap_or(0),
    };
    let meta_bytes = meta.encoded_bytes();
    disk.append(id, LsmBlock::Meta(meta.clone()), meta_bytes)?;
    Ok(Table {
        id,
        bytes: disk.file_bytes(id),
        meta,
    })
}

/// Open table `id` by reading its meta block (counted I/O). `None` if it is unreadable
/// (for instance a table whose writing was interrupted by a crash).
pub fn open_table(disk: &mut Disk<LsmBlock>, id: FileId) -> Option<Table> {
    let last = disk.len_blocks(id).checked_sub(1)?;
    let bytes = disk.file_bytes(id);
    match disk.read(id, last)? {
        LsmBlock::Meta(m) => Some(Table {
            id,
            bytes,
            meta: m.clone(),
        }),
        _ => None,
    }
}

impl Table {
    /// Whether `key` lies in `[min_key, max_key]`.
    pub fn covers(&self, key: Key) -> bool {
        self.meta.min_key <= key && key <= self.meta.max_key
    }

    /// Whether the table's key range intersects `[lo, hi]`.
    pub fn overlaps(&self, lo: Key, hi: Key) -> bool {
        self.meta.min_key <= hi && lo <= self.meta.max_key
    }

    /// The data block that may hold `key` (sparse index lookup, in memory).
    fn block_for(&self, key: Key) -> Option<u32> {
        let i = self.meta.index.partition_point(|e| e.first_key <= key);
        i.checked_sub(1).map(|i| self.meta.index[i].block)
    }

    /// Probe for `key`: range check, Bloom filter, then at most one block read.
    pub fn probe(&self, disk: &mut Disk<LsmBlock>, key: Key) -> Probe {
        if !self.covers(key) {
            return Probe::OutOfRange;
        }
        if !self.meta.bloom.may_contain(key) {
            return Probe::BloomNegative;
        }
        let Some(block) = self.block_for(key) else {
            return Probe::Missing;
        };
        match disk.read(self.id, block) {
            Some(LsmBlock::Data(es)) => match es.binary_search_by_key(&key, |e| e.key) {
                Ok(i) => Probe::Found(es[i].clone()),
                Err(_) => Probe::Missing,
            },
            _ => Probe::Missing,
        }
    }

    /// Entries with `lo <= key <= hi`, reading only the blocks that can hold them.
    /// Returns the entries and the number of blocks read.
    pub fn range(&self, disk: &mut Disk<LsmBlock>, lo: Key, hi: Key) -> (Vec<Entry>, u64) {
        let mut out = Vec::new();
        let mut reads = 0;
        let idx = &self.meta.index;
        for (i, ie) in idx.iter().enumerate() {
            let next_first = idx.get(i + 1).map(|n| n.first_key);
            let below = next_first.is_some_and(|n| n <= lo);
            if below || ie.first_key > hi {
                continue;
            }
            reads += 1;
            if let Some(LsmBlock::Data(es)) = disk.read(self.id, ie.block) {
                out.extend(es.iter().filter(|e| lo <= e.key && e.key <= hi).cloned());
            }
        }
        (out, reads)
    }

    /// All entries of the table (counted reads of every data block).
    pub fn read_all(&self, disk: &mut Disk<LsmBlock>) -> Vec<Entry> {
        let mut out = Vec::with_capacity(usize::try_from(self.meta.entries).unwrap_or(0));
        for ie in &self.meta.index {
            if let Some(LsmBlock::Data(es)) = disk.read(self.id, ie.block) {
                out.extend(es.iter().cloned());
            }
        }
        out
    }

    /// All entries WITHOUT counting I/O (drawing and metrics only).
    pub fn peek_all(&self, disk: &Disk<LsmBlock>) -> Vec<Entry> {
        let mut out = Vec::new();
        for ie in &self.meta.index {
            if let Some(LsmBlock::Data(es)) = disk.peek(self.id, ie.block) {
                out.extend(es.iter().cloned());
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::engine::low_byte;
    use alloc::vec;

    fn e(key: Key, seq: u64, v: Option<u8>) -> Entry {
        Entry {
            key,
            seq,
            value: v.map(|b| vec![b; 4]),
        }
    }

    #[test]
    fn sparse_index_finds_block_and_costs_one_read() {
        let mut disk = Disk::new();
        let entries: Vec<Entry> = (0..10).map(|i| e(i * 10, i, Some(low_byte(i)))).collect();
        let fmt = TableFormat {
            block_entries: 3,
            bloom_bits_per_key: 10,
            bloom_hashes: 7,
        };
        let t = write_table(&mut disk, &entries, fmt).unwrap();
        assert_eq!(t.meta.index.len(), 4);
        assert_eq!(t.meta.index[1].first_key, 30);
        assert_eq!(t.meta.index[1].offset, 3 * 25);
        let before = disk.stats().blocks_read;
        assert_eq!(t.probe(&mut disk, 40), Probe::Found(e(40, 4, Some(4))));
        assert_eq!(disk.stats().blocks_read, before + 1);
        assert_eq!(t.probe(&mut disk, 1000), Probe::OutOfRange);
        let (r, reads) = t.range(&mut disk, 35, 65);
        assert_eq!(
            r.iter().map(|x| x.key).collect::<Vec<_>>(),
            vec![40, 50, 60]
        );
        assert_eq!(reads, 2);
        let reopened = open_table(&mut disk, t.id).unwrap();
        assert_eq!(reopened, t);
    }
}
