//! The storage lab's glossary (DDIA ch. 3, "Storage and Retrieval"), as data: the
//! storage lab places [`super::Gloss`] and [`super::GlossaryList`] where it needs them.

use super::GlossEntry;

/// The storage lab's terms.
pub const STORAGE: &[GlossEntry] = &[
    GlossEntry {
        term: "segment",
        meaning: "One append-only file of a log-structured store. Writes go to the newest \
                  segment; a full one is closed and never changed again.",
        source: "DDIA ch. 3, hash indexes",
    },
    GlossEntry {
        term: "hash index",
        meaning: "An in-memory map from each key to the byte offset of its latest record in a \
                  segment (Bitcask). It is lost in a crash and rebuilt by reading the segments.",
        source: "DDIA ch. 3, hash indexes",
    },
    GlossEntry {
        term: "WAL",
        meaning: "Write-ahead log: every write is appended to a log on disk before it is \
                  applied in memory or to pages, so a crash can redo it on recovery.",
        source: "DDIA ch. 3, making B-trees reliable; LSM-trees",
    },
    GlossEntry {
        term: "memtable",
        meaning: "The sorted in-memory table an LSM-tree writes into. When it grows past a \
                  threshold it is flushed to disk as an SSTable; a crash loses it (the WAL \
                  brings it back).",
        source: "DDIA ch. 3, constructing and maintaining SSTables",
    },
    GlossEntry {
        term: "SSTable",
        meaning: "Sorted String Table: an immutable file of key-value pairs sorted by key, with \
                  a sparse index, so it can be searched and merged like merge sort.",
        source: "DDIA ch. 3, SSTables and LSM-trees",
    },
    GlossEntry {
        term: "compaction",
        meaning: "Merging SSTables (or segments) into new ones, keeping only each key's newest \
                  value and dropping deleted keys, to save space and speed up reads. It costs \
                  extra disk writes (write amplification).",
        source: "DDIA ch. 3, compaction",
    },
    GlossEntry {
        term: "level",
        meaning: "In leveled compaction, SSTables are grouped into levels L0, L1, ...; each level \
                  is about T times larger than the one above, and compaction moves data down.",
        source: "DDIA ch. 3, size-tiered and leveled compaction",
    },
    GlossEntry {
        term: "tombstone",
        meaning: "A special record that marks a key as deleted. It hides older values until \
                  compaction reaches the oldest data and both can be dropped.",
        source: "DDIA ch. 3, hash indexes",
    },
    GlossEntry {
        term: "Bloom filter",
        meaning: "A small bit array per SSTable that answers \"definitely not here\" or \"maybe \
                  here\", so a read skips most tables that lack the key. A \"maybe\" that turns \
                  out wrong is a false positive.",
        source: "DDIA ch. 3, performance optimizations",
    },
    GlossEntry {
        term: "page",
        meaning: "A B-tree's fixed-size block on disk, holding sorted keys and references to \
                  child pages; a read follows one page per level from the root.",
        source: "DDIA ch. 3, B-trees",
    },
    GlossEntry {
        term: "page split",
        meaning: "When a B-tree page is full, it is split into two half-full pages and the parent \
                  gains a key; a split at the root makes the tree one level taller.",
        source: "DDIA ch. 3, B-trees",
    },
    GlossEntry {
        term: "write amplification",
        meaning: "Bytes written to disk per byte the application wrote: the WAL, flushes and \
                  compactions all count.",
        source: "DDIA ch. 3, comparing B-trees and LSM-trees",
    },
    GlossEntry {
        term: "read amplification",
        meaning: "How many tables, pages or records one read has to look at.",
        source: "DDIA ch. 3, comparing B-trees and LSM-trees",
    },
    GlossEntry {
        term: "space amplification",
        meaning: "Bytes holding the data (SSTables, pages or segments on disk, plus the \
                  memtable) per byte of live data: old values and tombstones not yet \
                  compacted, half-empty pages. The write-ahead log is left out and charted \
                  on its own, since a flush or checkpoint truncates it; the hash log has \
                  none, its segments are its log.",
        source: "DDIA ch. 3, comparing B-trees and LSM-trees",
    },
    GlossEntry {
        term: "disk second",
        meaning: "The lab's unit of disk time. Its disk cost model charges 10 ns for every \
                  byte read or written (100 MB/s), so one disk second moves 100 MB. Ops per \
                  disk second = operations run / disk seconds spent on them: the fewer bytes \
                  an engine moves per operation, the more operations a second. Shown from \
                  100 operations on, once flushes, splits or merges have had their share.",
        source: "DDIA ch. 3, comparing B-trees and LSM-trees (throughput)",
    },
];
