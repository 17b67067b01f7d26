//! Storage engines of DDIA chapter 3 (hash-indexed log, LSM-tree, B-tree).
//!
//! Three engines implement one trait, [`StorageEngine`], over a simulated disk
//! ([`disk::Disk`]) that measures every byte written and read. Each engine keeps its
//! durable state on that disk and its volatile state (hash index, memtable, caches) in
//! memory; [`StorageEngine::crash`] drops the volatile state and
//! [`StorageEngine::recover`] rebuilds it from the disk. Faults can be injected in the
//! middle of any operation with [`StorageEngine::crash_after_disk_writes`].
//!
//! - [`hash_log`]: Bitcask-style append-only log with an in-memory hash index.
//! - [`lsm`]: memtable + WAL + SSTables ([`sstable`]) with Bloom filters ([`bloom`]) and
//!   size-tiered or leveled compaction ([`compaction`]).
//! - [`btree`]: fixed-size pages, splits up to the root, a redo WAL.
//! - `engine_base`: the plumbing the three engines share (disk, crashed flag,
//!   counters, events; crash, recovery and metrics bookkeeping).
//! - [`metrics`]: write / read / space amplification, Bloom false-positive rate.
//! - [`workload`]: a seeded workload generator shared by all engines.
//! - [`checker`]: a `BTreeMap` oracle that checks an engine op by op.
//!
//! - [`any_engine`]: one enum over the three engines, built from an [`EngineConfig`].
//! - [`lab`]: the storage lab's driver (one engine or the LSM vs B-tree race),
//!   [`lab_scenario`]: its URL-serialisable scenario, [`lab_knobs`]: its knobs' ranges,
//!   [`lab_book`]: named book scenarios, [`lab_crash`]: what a crash left and what
//!   recovery did with it, [`lab_values`]: the values beside the keys.
//!
//! Keys are `u64` (numeric order), values are byte strings; see [`engine`].

#![warn(missing_docs)]

pub mod any_engine;
pub mod bloom;
pub mod btree;
pub mod checker;
pub mod compaction;
pub mod disk;
pub mod engine;
pub(crate) mod engine_base;
pub mod hash_log;
pub mod lab;
pub mod lab_book;
pub mod lab_crash;
pub mod lab_knobs;
pub mod lab_scenario;
pub mod lab_values;
pub mod lsm;
pub mod metrics;
pub mod sstable;
pub mod workload;

pub use any_engine::{AnyEngine, EngineConfig};
pub use btree::{BTree, BTreeConfig};
pub use checker::{apply, digest_run, Divergence, OpResult, Oracle};
pub use compaction::CompactionStrategy;
pub use disk::{Disk, FileId, FileKind, IoStats};
pub use engine::{
    EngineKind, Key, StorageEngine, StorageError, StorageEvent, StorageResult, Value,
};
pub use hash_log::{HashLog, HashLogConfig};
pub use lsm::{Lsm, LsmConfig, LsmJob};
pub use metrics::{BloomStats, Metrics};
pub use workload::{generate, KeyDist, Op, OpMix, Workload, WorkloadConfig};
