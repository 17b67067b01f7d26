//! The one sort of the partitioning code. Every ordering it needs is by a `u64` key
//! (a node number, a first key, a span length, a latency in µs), so it sorts through
//! [`stable_order`] alone: each `sort_by_key` closure would be another copy of the sort
//! routine in the page's wasm.

use alloc::vec::Vec;

/// The indices `0..keys.len()` in ascending order of `keys[i]`, equal keys in index
/// order (a stable order).
pub fn stable_order(keys: &[u64]) -> Vec<usize> {
    let mut packed: Vec<(u64, usize)> = keys.iter().copied().zip(0..).collect();
    packed.sort_unstable();
    packed.into_iter().map(|(_, i)| i).collect()
}

/// `items` reordered by `stable_order` of their keys.
pub fn sorted_by<T>(items: Vec<T>, key: impl Fn(&T) -> u64) -> Vec<T> {
    let keys: Vec<u64> = items.iter().map(key).collect();
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    stable_order(&keys)
        .into_iter()
        .filter_map(|i| slots.get_mut(i).and_then(Option::take))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_by_key_and_keeps_ties_in_place() {
        assert_eq!(stable_order(&[5, 1, 5, 0]), [3, 1, 0, 2]);
        assert_eq!(stable_order(&[]), Vec::<usize>::new());
        let words = sorted_by(vec!["bb", "a", "cc", "d"], |w| w.len() as u64);
        assert_eq!(words, ["a", "d", "bb", "cc"]);
    }
}
