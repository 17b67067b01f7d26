//! Model checking of storage engines against a `BTreeMap` oracle, op by op, and the
//! golden run digest (DESIGN.md principle 5: "storage: agreement with a `BTreeMap`
//! model").
//!
//! An acknowledged write fixes the key's value. A write that failed because of a
//! crash may or may not have taken effect, so the oracle then allows both the old and
//! the new value until the next read of that key tells which one survived.

use alloc::collections::BTreeMap;
use alloc::vec::Vec;
use core::hash::{Hash, Hasher};

use super::engine::{Key, StorageEngine, Value};
use super::workload::Op;
use crate::sim::digest::StableHasher;

/// What an engine answered to one [`Op`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum OpResult {
    /// A put or delete was acknowledged.
    Ack,
    /// A get returned this.
    Value(Option<Value>),
    /// A scan returned these rows.
    Rows(Vec<(Key, Value)>),
    /// The call failed with `StorageError::Crashed` (not acknowledged).
    Failed,
}

/// Run one operation on an engine.
pub fn apply<E: StorageEngine + ?Sized>(engine: &mut E, op: &Op) -> OpResult {
    let r = match op {
        Op::Put { key, value } => engine.put(*key, value.clone()).map(|_| OpResult::Ack),
        Op::Get { key } => engine.get(*key).map(OpResult::Value),
        Op::Delete { key } => engine.delete(*key).map(|_| OpResult::Ack),
        Op::Scan { lo, hi } => engine.scan(*lo, *hi).map(OpResult::Rows),
    };
    r.unwrap_or(OpResult::Failed)
}

/// The engine disagreed with the oracle.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Divergence {
    /// The operation whose result was wrong.
    pub op: Op,
    /// The key that was wrong.
    pub key: Key,
    /// The values the oracle allowed (`None` = absent).
    pub allowed: Vec<Option<Value>>,
    /// What the engine returned for that key.
    pub got: Option<Value>,
}

/// The `BTreeMap` oracle: for each key, the set of states it may be in.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Oracle {
    allowed: BTreeMap<Key, Vec<Option<Value>>>,
}

impl Oracle {
    /// An oracle for an empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn allowed(&self, key: Key) -> Vec<Option<Value>> {
        self.allowed
            .get(&key)
            .cloned()
            .unwrap_or_else(|| alloc::vec![None])
    }

    fn fix(&mut self, key: Key, v: Option<Value>) {
        match v {
            None => {
                self.allowed.remove(&key);
            }
            Some(v) => {
                self.allowed.insert(key, alloc::vec![Some(v)]);
            }
        }
    }

    fn widen(&mut self, key: Key, v: Option<Value>) {
        let mut set = self.allowed(key);
        if !set.contains(&v) {
            set.push(v);
        }
        self.allowed.insert(key, set);
    }

    /// Observe `got` for `key`: it must be allowed; the key's state is then known.
    fn observe(&mut self, op: &Op, key: Key, got: Option<Value>) -> Result<(), Divergence> {
        let allowed = self.allowed(key);
        if !allowed.contains(&got) {
            return Err(Divergence {
                op: op.clone(),
                key,
                allowed,
                got,
            });
        }
        self.fix(key, got);
        Ok(())
    }

    /// Check one operation's result and update the model.
    pub fn check(&mut self, op: &Op, result: &OpResult) -> Result<(), Divergence> {
        match (op, result) {
            (Op::Put { key, value }, OpResult::Ack) => self.fix(*key, Some(value.clone())),
            (Op::Put { key, value }, OpResult::Failed) => self.widen(*key, Some(value.clone())),
            (Op::Delete { key }, OpResult::Ack) => self.fix(*key, None),
            (Op::Delete { key }, OpResult::Failed) => self.widen(*key, None),
            (Op::Get { key }, OpResult::Value(v)) => self.observe(op, *key, v.clone())?,
            (Op::Scan { lo, hi }, OpResult::Rows(rows)) => self.check_scan(op, *lo, *hi, rows)?,
            (_, OpResult::Failed) => {}
            (_, other) => {
                let key = match op {
                    Op::Put { key, .. } | Op::Get { key } | Op::Delete { key } => *key,
                    Op::Scan { lo, .. } => *lo,
                };
                let got = match other {
                    OpResult::Value(v) => v.clone(),
                    _ => None,
                };
                return Err(Divergence {
                    op: op.clone(),
                    key,
                    allowed: self.allowed(key),
                    got,
                });
            }
        }
        Ok(())
    }

    fn check_scan(
        &mut self,
        op: &Op,
        lo: Key,
        hi: Key,
        rows: &[(Key, Value)],
    ) -> Result<(), Divergence> {
        let mut prev: Option<Key> = None;
        for (k, v) in rows {
            let sorted = prev.is_none_or(|p| p < *k);
            if !sorted || *k < lo || *k > hi {
                return Err(Divergence {
                    op: op.clone(),
                    key: *k,
                    allowed: Vec::new(),
                    got: Some(v.clone()),
                });
            }
            prev = Some(*k);
            self.observe(op, *k, Some(v.clone()))?;
        }
        let expected: Vec<Key> = if lo <= hi {
            self.allowed.range(lo..=hi).map(|(k, _)| *k).collect()
        } else {
            Vec::new()
        };
        for k in expected {
            if rows.binary_search_by_key(&k, |r| r.0).is_err() {
                self.observe(op, k, None)?;
            }
        }
        Ok(())
    }

    /// Keys whose state is still uncertain (after unacknowledged writes).
    pub fn uncertain_keys(&self) -> usize {
        self.allowed.values().filter(|s| s.len() > 1).count()
    }

    /// Keys that are certainly present, with their values.
    pub fn certain(&self) -> BTreeMap<Key, Value> {
        // `extend`, not `collect`: collecting into a BTreeMap adds a sort to the wasm.
        let mut certain = BTreeMap::new();
        certain.extend(self.allowed.iter().filter_map(|(k, s)| match s.as_slice() {
            [Some(v)] => Some((*k, v.clone())),
            _ => None,
        }));
        certain
    }
}

/// Run `ops` on `engine` and digest every result, every structural event and the
/// final metrics with the stable FNV-1a hasher. Same engine config + same ops = same
/// digest, natively and on wasm32.
pub fn digest_run<E: StorageEngine + ?Sized>(engine: &mut E, ops: &[Op]) -> u64 {
    let mut h = StableHasher::new();
    for op in ops {
        apply(engine, op).hash(&mut h);
        engine.drain_events().hash(&mut h);
    }
    engine.metrics().hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn oracle_catches_lost_and_stale_values() {
        let mut o = Oracle::new();
        let put = Op::Put {
            key: 1,
            value: vec![7],
        };
        o.check(&put, &OpResult::Ack).unwrap();
        let get = Op::Get { key: 1 };
        assert!(o.check(&get, &OpResult::Value(None)).is_err());
        o.check(&get, &OpResult::Value(Some(vec![7]))).unwrap();
        let scan = Op::Scan { lo: 0, hi: 5 };
        assert!(o.check(&scan, &OpResult::Rows(vec![])).is_err());
        assert!(o
            .check(&scan, &OpResult::Rows(vec![(1, vec![7]), (2, vec![0])]))
            .is_err());
        o.check(&scan, &OpResult::Rows(vec![(1, vec![7])])).unwrap();
    }

    #[test]
    fn failed_write_allows_both_states_until_observed() {
        let mut o = Oracle::new();
        let put = Op::Put {
            key: 3,
            value: vec![1],
        };
        o.check(&put, &OpResult::Failed).unwrap();
        assert_eq!(o.uncertain_keys(), 1);
        let get = Op::Get { key: 3 };
        o.check(&get, &OpResult::Value(None)).unwrap();
        assert_eq!(o.uncertain_keys(), 0);
        // Now known absent: the value may not reappear.
        assert!(o.check(&get, &OpResult::Value(Some(vec![1]))).is_err());
    }
}
