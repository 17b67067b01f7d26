//! The data a placement is measured on: a set of keys, each with its value's size.

use alloc::vec::Vec;

use super::Key;

/// One stored key and the size of its value, bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Record {
    /// The key.
    pub key: Key,
    /// Its value's size, bytes (what moving it costs).
    pub bytes: u32,
}

/// A set of records in key order, one per key.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeySet {
    records: Vec<Record>,
}

impl KeySet {
    /// The set of `records`; of two records with one key the later one is kept.
    pub fn new(records: impl IntoIterator<Item = Record>) -> Self {
        let mut set = KeySet::default();
        for r in records {
            set.insert(r);
        }
        set
    }

    /// Keys `0..n`, each with a value of `bytes` bytes.
    pub fn sequential(n: u64, bytes: u32) -> Self {
        KeySet {
            records: (0..n).map(|k| Record { key: Key(k), bytes }).collect(),
        }
    }

    /// Adds a record, replacing the one with the same key.
    pub fn insert(&mut self, r: Record) {
        match self.records.binary_search_by_key(&r.key, |x| x.key) {
            Ok(i) => self.records[i] = r,
            Err(i) => self.records.insert(i, r),
        }
    }

    /// The records, in key order.
    pub fn records(&self) -> &[Record] {
        &self.records
    }

    /// The records with keys in `from..to` (`to == None`: unbounded above).
    pub fn range(&self, from: Key, to: Option<Key>) -> &[Record] {
        let lo = self.records.partition_point(|r| r.key < from);
        let hi = match to {
            Some(t) => self.records.partition_point(|r| r.key < t),
            None => self.records.len(),
        };
        &self.records[lo..hi.max(lo)]
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether there are no keys.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Sum of the values' sizes, bytes.
    pub fn total_bytes(&self) -> u64 {
        self.records.iter().map(|r| u64::from(r.bytes)).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_stay_sorted_and_unique() {
        let s = KeySet::new([5, 1, 9, 5].map(|k| Record {
            key: Key(k),
            bytes: u32::try_from(k).unwrap(),
        }));
        let keys: Vec<u64> = s.records().iter().map(|r| r.key.0).collect();
        assert_eq!(keys, [1, 5, 9]);
        assert_eq!(s.total_bytes(), 15);
        assert_eq!(s.range(Key(2), Some(Key(9))).len(), 1);
        assert_eq!(s.range(Key(5), None).len(), 2);
        assert_eq!(s.range(Key(9), Some(Key(2))).len(), 0);
    }
}
