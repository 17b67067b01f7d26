//! One enum over the three engines, so a lab (or the B-tree vs LSM race, DDIA ch. 3)
//! can hold "some engine" by value, pick it from a config, and still reach each
//! engine's own structure view by matching.

use alloc::vec::Vec;
use serde::{Deserialize, Serialize};

use super::btree::{BTree, BTreeConfig};
use super::engine::{EngineKind, Key, StorageEngine, StorageEvent, StorageResult, Value};
use super::hash_log::{HashLog, HashLogConfig};
use super::lsm::{Lsm, LsmConfig};
use super::metrics::Metrics;

/// Configuration of any engine.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EngineConfig {
    /// A Bitcask-style hash log.
    HashLog(HashLogConfig),
    /// An LSM-tree.
    Lsm(LsmConfig),
    /// A B-tree.
    BTree(BTreeConfig),
}

impl EngineConfig {
    /// The default configuration of engine `kind`.
    pub fn default_for(kind: EngineKind) -> Self {
        match kind {
            EngineKind::HashLog => EngineConfig::HashLog(HashLogConfig::default()),
            EngineKind::Lsm => EngineConfig::Lsm(LsmConfig::default()),
            EngineKind::BTree => EngineConfig::BTree(BTreeConfig::default()),
        }
    }
}

/// Any of the three engines, by value.
#[derive(Clone, Debug)]
pub enum AnyEngine {
    /// A Bitcask-style hash log.
    HashLog(HashLog),
    /// An LSM-tree.
    Lsm(Lsm),
    /// A B-tree.
    BTree(BTree),
}

impl AnyEngine {
    /// A fresh engine built from `cfg`.
    pub fn new(cfg: EngineConfig) -> Self {
        match cfg {
            EngineConfig::HashLog(c) => AnyEngine::HashLog(HashLog::new(c)),
            EngineConfig::Lsm(c) => AnyEngine::Lsm(Lsm::new(c)),
            EngineConfig::BTree(c) => AnyEngine::BTree(BTree::new(c)),
        }
    }

    /// One step of background work, if any is due: merge closed segments (hash log),
    /// one compaction job (LSM), nothing (B-tree). `Ok(true)` if work was done.
    pub fn background_step(&mut self) -> StorageResult<bool> {
        match self {
            AnyEngine::HashLog(e) => {
                let before = e.metrics().compactions;
                e.merge()?;
                Ok(e.metrics().compactions > before)
            }
            AnyEngine::Lsm(e) => e.compact_step(),
            AnyEngine::BTree(_) => Ok(false),
        }
    }

    fn inner(&self) -> &dyn StorageEngine {
        match self {
            AnyEngine::HashLog(e) => e,
            AnyEngine::Lsm(e) => e,
            AnyEngine::BTree(e) => e,
        }
    }

    fn inner_mut(&mut self) -> &mut dyn StorageEngine {
        match self {
            AnyEngine::HashLog(e) => e,
            AnyEngine::Lsm(e) => e,
            AnyEngine::BTree(e) => e,
        }
    }
}

impl StorageEngine for AnyEngine {
    fn kind(&self) -> EngineKind {
        self.inner().kind()
    }
    fn put(&mut self, key: Key, value: Value) -> StorageResult<()> {
        self.inner_mut().put(key, value)
    }
    fn get(&mut self, key: Key) -> StorageResult<Option<Value>> {
        self.inner_mut().get(key)
    }
    fn delete(&mut self, key: Key) -> StorageResult<()> {
        self.inner_mut().delete(key)
    }
    fn scan(&mut self, lo: Key, hi: Key) -> StorageResult<Vec<(Key, Value)>> {
        self.inner_mut().scan(lo, hi)
    }
    fn crash(&mut self) {
        self.inner_mut().crash()
    }
    fn recover(&mut self) -> StorageResult<()> {
        self.inner_mut().recover()
    }
    fn is_crashed(&self) -> bool {
        self.inner().is_crashed()
    }
    fn crash_after_disk_writes(&mut self, k: u32) {
        self.inner_mut().crash_after_disk_writes(k)
    }
    fn metrics(&self) -> Metrics {
        self.inner().metrics()
    }
    fn drain_events(&mut self) -> Vec<StorageEvent> {
        self.inner_mut().drain_events()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::engine::low_byte;
    use alloc::vec;

    #[test]
    fn every_kind_builds_and_behaves_alike() {
        for kind in [EngineKind::HashLog, EngineKind::Lsm, EngineKind::BTree] {
            let mut e = AnyEngine::new(EngineConfig::default_for(kind));
            assert_eq!(e.kind(), kind);
            for k in 0..50u64 {
                e.put(k, vec![low_byte(k); 3]).unwrap();
            }
            e.delete(10).unwrap();
            e.crash();
            assert!(e.is_crashed());
            e.recover().unwrap();
            assert_eq!(e.get(10).unwrap(), None);
            assert_eq!(e.get(11).unwrap(), Some(vec![11; 3]));
            assert_eq!(e.scan(8, 12).unwrap().len(), 4);
            assert!(e.scan(12, 8).unwrap().is_empty());
            e.background_step().unwrap();
            assert_eq!(e.get(49).unwrap(), Some(vec![49; 3]));
            assert_eq!(e.metrics().puts, 50);
        }
    }
}
