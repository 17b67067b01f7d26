//! A vector whose full chunks are shared between copies (issue 18: checkpoint memory).
//!
//! A long Raft run keeps up to [`super::rewind::CHECKPOINTS`] copies of its world, and
//! each copy held every server's whole log: memory grew with the log times the copies
//! (172 MB of wasm memory at 10^6 events). A [`SharedVec`] keeps its elements in
//! immutable chunks of [`CHUNK`] behind reference counts, plus a short unshared tail, so
//! cloning it copies at most one chunk's worth and the copies share the rest: the copies
//! of a log cost about one log, plus `CHUNK` entries per copy. Appending and reading
//! by index are O(1); truncating into a shared chunk copies that chunk's kept part
//! (the way persistent vectors such as Clojure's or the `im` crate's trade a little
//! indirection for cheap copies).

use alloc::sync::Arc;
use alloc::vec::Vec;
use core::hash::{Hash, Hasher};

/// Elements per shared chunk.
pub const CHUNK: usize = 256;

/// A growable sequence of `T` whose full chunks copies share.
#[derive(Clone)]
pub struct SharedVec<T> {
    /// Full chunks, [`CHUNK`] elements each, never changed once made.
    chunks: Vec<Arc<[T]>>,
    /// The last, unshared elements (fewer than [`CHUNK`]).
    tail: Vec<T>,
}

impl<T> Default for SharedVec<T> {
    fn default() -> Self {
        SharedVec {
            chunks: Vec::new(),
            tail: Vec::new(),
        }
    }
}

impl<T: Clone> SharedVec<T> {
    /// How many elements.
    pub fn len(&self) -> usize {
        self.chunks.len() * CHUNK + self.tail.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The element at `i` (0-based).
    pub fn get(&self, i: usize) -> Option<&T> {
        match self.chunks.get(i / CHUNK) {
            Some(chunk) => chunk.get(i % CHUNK),
            None => self.tail.get(i - self.chunks.len() * CHUNK),
        }
    }

    /// The last element.
    pub fn last(&self) -> Option<&T> {
        self.tail
            .last()
            .or_else(|| self.chunks.last().and_then(|c| c.last()))
    }

    /// Appends `value`; a full tail becomes a shared chunk.
    pub fn push(&mut self, value: T) {
        self.tail.push(value);
        if self.tail.len() == CHUNK {
            let full = core::mem::take(&mut self.tail);
            self.chunks.push(Arc::from(full));
        }
    }

    /// Keeps the first `len` elements.
    pub fn truncate(&mut self, len: usize) {
        let full = len / CHUNK;
        if full < self.chunks.len() {
            self.tail = self.chunks[full][..len % CHUNK].to_vec();
            self.chunks.truncate(full);
        } else {
            self.tail.truncate(len - full * CHUNK);
        }
    }

    /// The elements in order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> + '_ {
        self.chunks.iter().flat_map(|c| c.iter()).chain(&self.tail)
    }

    /// Copies of the elements `start..end` (clipped to the length).
    pub fn slice(&self, start: usize, end: usize) -> Vec<T> {
        let end = end.min(self.len());
        let mut out = Vec::with_capacity(end.saturating_sub(start));
        let mut i = start;
        // A run at a time (the part of one chunk, or the tail), not element by element.
        while i < end {
            let (run, from) = match self.chunks.get(i / CHUNK) {
                Some(chunk) => (&chunk[..], i % CHUNK),
                None => (&self.tail[..], i - self.chunks.len() * CHUNK),
            };
            let take = (end - i).min(run.len() - from);
            out.extend_from_slice(&run[from..from + take]);
            i += take;
        }
        out
    }
}

impl<T: Clone> Extend<T> for SharedVec<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, values: I) {
        for v in values {
            self.push(v);
        }
    }
}

impl<T: Clone + PartialEq> PartialEq for SharedVec<T> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl<T: Clone + Eq> Eq for SharedVec<T> {}

impl<T: Clone + Hash> Hash for SharedVec<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.len().hash(state);
        for v in self.iter() {
            v.hash(state);
        }
    }
}

impl<T: Clone + core::fmt::Debug> core::fmt::Debug for SharedVec<T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(n: usize) -> SharedVec<usize> {
        let mut v = SharedVec::default();
        v.extend(0..n);
        v
    }

    #[test]
    fn reads_as_a_vector_across_chunks_and_truncations() {
        let n = 3 * CHUNK + 17;
        let mut v = of(n);
        let plain: Vec<usize> = (0..n).collect();
        assert_eq!(v.len(), n);
        assert!(v.iter().eq(plain.iter()));
        assert_eq!(v.get(CHUNK), Some(&CHUNK));
        assert_eq!(v.get(n), None);
        assert_eq!(v.last(), Some(&(n - 1)));
        assert_eq!(
            v.slice(CHUNK - 2, CHUNK + 2),
            [CHUNK - 2, CHUNK - 1, CHUNK, CHUNK + 1]
        );
        for keep in [n, 2 * CHUNK + 5, 2 * CHUNK, CHUNK - 1, 0] {
            v.truncate(keep);
            assert!(v.iter().eq(plain[..keep].iter()), "kept {keep}");
            assert_eq!(v, of(keep), "equal however it is chunked");
        }
        v.push(7);
        assert_eq!(v.last(), Some(&7));
    }

    /// Copies share their full chunks: a copy of a long vector allocates only its
    /// chunk pointers and its tail, and a change to one copy leaves the other as it was.
    #[test]
    fn copies_share_full_chunks_and_stay_independent() {
        let a = of(10 * CHUNK + 3);
        let mut b = a.clone();
        assert!(a
            .chunks
            .iter()
            .zip(&b.chunks)
            .all(|(x, y)| Arc::ptr_eq(x, y)));
        b.truncate(4 * CHUNK + 1);
        b.push(999);
        assert_eq!(a, of(10 * CHUNK + 3), "the original is unchanged");
        assert_eq!(b.get(4 * CHUNK + 1), Some(&999));
        assert_eq!(Arc::strong_count(&a.chunks[0]), 2, "still shared");
    }
}
