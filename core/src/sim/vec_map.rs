//! Small ordered maps and sets kept as a sorted `Vec`: a node's partitions, the moves
//! under way, a router's pending reads (partition lab); a group's members, the events
//! a producer awaits acks for, a consumer's positions, the sink's offsets and
//! requests, a window operator's keys and emitted results (stream lab); the logical
//! clocks' stamps in flight (every space-time view). Each holds a handful of entries
//! (or gains them in key order), and a `BTreeMap` brings a copy of its node code
//! (insert, remove, rebalance, clone, drop) into the page's wasm for every key/value
//! type; these share `Vec`'s. Iteration is in key order, as a `BTreeMap`'s.

use alloc::vec::Vec;

/// A map from `K` to `V`, its entries sorted by key (unique keys).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct VecMap<K, V> {
    entries: Vec<(K, V)>,
}

impl<K, V> Default for VecMap<K, V> {
    fn default() -> Self {
        VecMap {
            entries: Vec::new(),
        }
    }
}

impl<K: Ord, V> VecMap<K, V> {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// Where `key` is (`Ok`) or would go (`Err`).
    fn find(&self, key: &K) -> Result<usize, usize> {
        self.entries.binary_search_by(|(k, _)| k.cmp(key))
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The value of `key`.
    pub fn get(&self, key: &K) -> Option<&V> {
        self.find(key).ok().map(|i| &self.entries[i].1)
    }

    /// The value of `key`, to change.
    pub fn get_mut(&mut self, key: &K) -> Option<&mut V> {
        self.find(key).ok().map(|i| &mut self.entries[i].1)
    }

    /// Whether `key` has a value.
    pub fn contains_key(&self, key: &K) -> bool {
        self.find(key).is_ok()
    }

    /// Sets `key` to `value`; the value it replaced, if any.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(i) => Some(core::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.entries.insert(i, (key, value));
                None
            }
        }
    }

    /// Removes `key`; its value, if it had one.
    pub fn remove(&mut self, key: &K) -> Option<V> {
        self.find(key).ok().map(|i| self.entries.remove(i).1)
    }

    /// Removes every entry.
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// The value of `key`, inserted as `V::default()` first if absent.
    pub fn entry_or_default(&mut self, key: K) -> &mut V
    where
        V: Default,
    {
        let i = match self.find(&key) {
            Ok(i) => i,
            Err(i) => {
                self.entries.insert(i, (key, V::default()));
                i
            }
        };
        &mut self.entries[i].1
    }

    /// The entries in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    /// The entries in key order, their values to change.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&K, &mut V)> {
        self.entries.iter_mut().map(|(k, v)| (&*k, v))
    }

    /// The keys in order.
    pub fn keys(&self) -> impl Iterator<Item = &K> {
        self.entries.iter().map(|(k, _)| k)
    }

    /// The values in key order.
    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.entries.iter().map(|(_, v)| v)
    }
}

impl<K: Ord, V> Extend<(K, V)> for VecMap<K, V> {
    /// Inserts every entry, a later value for a key replacing an earlier one (as a
    /// `BTreeMap`'s `extend`).
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, entries: I) {
        for (k, v) in entries {
            self.insert(k, v);
        }
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for VecMap<K, V> {
    /// The map of `entries`, inserted one by one (no sort, unlike a `BTreeMap`'s).
    fn from_iter<I: IntoIterator<Item = (K, V)>>(entries: I) -> Self {
        let mut map = VecMap::new();
        map.extend(entries);
        map
    }
}

impl<K: serde::Serialize, V: serde::Serialize> serde::Serialize for VecMap<K, V> {
    /// A map in key order, as a `BTreeMap` serializes (e.g. a JSON object).
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.entries.iter().map(|(k, v)| (k, v)))
    }
}

impl<K, V> IntoIterator for VecMap<K, V> {
    type Item = (K, V);
    type IntoIter = alloc::vec::IntoIter<(K, V)>;

    /// The entries in key order.
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

/// A set of `K`, sorted (a [`VecMap`] to `()`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct VecSet<K>(VecMap<K, ()>);

impl<K: Ord> VecSet<K> {
    /// Adds `key`; whether it was new.
    pub fn insert(&mut self, key: K) -> bool {
        self.0.insert(key, ()).is_none()
    }

    /// Removes `key`; whether it was there.
    pub fn remove(&mut self, key: &K) -> bool {
        self.0.remove(key).is_some()
    }

    /// Whether `key` is in the set.
    pub fn contains(&self, key: &K) -> bool {
        self.0.contains_key(key)
    }

    /// The members in order.
    pub fn iter(&self) -> impl Iterator<Item = &K> {
        self.0.keys()
    }

    /// The number of members.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Removes every member.
    pub fn clear(&mut self) {
        self.0.clear();
    }
}

impl<K: Ord> Extend<K> for VecSet<K> {
    /// Adds every key (cheapest in ascending order: each lands at the end).
    fn extend<I: IntoIterator<Item = K>>(&mut self, keys: I) {
        for k in keys {
            self.insert(k);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::collections::BTreeMap;
    use proptest::prelude::*;

    proptest! {
        /// Any sequence of inserts and removes leaves the same entries, in the same
        /// order, as a `BTreeMap` given the same sequence.
        #[test]
        fn agrees_with_a_btreemap(ops in proptest::collection::vec((any::<bool>(), 0u8..16, any::<u8>()), 0..64)) {
            let mut ours = VecMap::new();
            let mut model = BTreeMap::new();
            for (put, k, v) in ops {
                if put {
                    prop_assert_eq!(ours.insert(k, v), model.insert(k, v));
                } else {
                    prop_assert_eq!(ours.remove(&k), model.remove(&k));
                }
                prop_assert_eq!(ours.len(), model.len());
                prop_assert!(ours.iter().eq(model.iter()));
            }
        }
    }

    #[test]
    fn a_set_says_what_changed() {
        let mut s = VecSet::default();
        assert!(s.insert(3) && s.insert(1) && !s.insert(3));
        assert!(s.iter().copied().eq([1, 3]));
        assert!(s.contains(&1) && s.remove(&1) && !s.remove(&1) && !s.contains(&1));
        s.clear();
        assert!(s.is_empty() && !s.contains(&3));
        let mut m: VecMap<u32, Vec<u8>> = VecMap::new();
        m.entry_or_default(2).push(7);
        m.entry_or_default(2).push(8);
        assert_eq!(m.get(&2).map(Vec::as_slice), Some(&[7, 8][..]));
    }
}
