//! The replicated log with Raft's 1-based indices (index 0 is the empty prefix).
//!
//! Beside the entries the log keeps a hash chain: `prefix_digest(i)` digests entries
//! 1..=i, so two logs share a prefix exactly when (with overwhelming probability) their
//! prefix digests at its end agree. Checkers use it to test Log Matching and State
//! Machine Safety in O(1) per event instead of comparing whole logs.
//!
//! Both are [`SharedVec`]s: the copies of a log that rewind checkpoints keep share its
//! entries (issue 18's memory bound).

use super::msg::{Entry, LogIndex, Term};
use crate::sim::digest::StableHasher;
use crate::sim::rewind_vec::SharedVec;
use alloc::vec::Vec;
use core::hash::{Hash, Hasher};

/// A server's log. Durable: it survives crashes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct RaftLog {
    entries: SharedVec<Entry>,
    chain: SharedVec<u64>,
}

fn link(prev: u64, entry: &Entry) -> u64 {
    let mut h = StableHasher::new();
    prev.hash(&mut h);
    entry.hash(&mut h);
    h.finish()
}

impl RaftLog {
    /// Index of the last entry (0 when empty).
    pub fn last_index(&self) -> LogIndex {
        self.entries.len() as LogIndex
    }

    /// Term of the last entry (0 when empty).
    pub fn last_term(&self) -> Term {
        self.entries.last().map_or(0, |e| e.term)
    }

    /// Term of the entry at `index`; `Some(0)` for index 0, `None` past the end.
    pub fn term_at(&self, index: LogIndex) -> Option<Term> {
        if index == 0 {
            return Some(0);
        }
        self.get(index).map(|e| e.term)
    }

    /// The entry at 1-based `index`.
    pub fn get(&self, index: LogIndex) -> Option<&Entry> {
        let i = usize::try_from(index).ok()?.checked_sub(1)?;
        self.entries.get(i)
    }

    /// All entries, index 1 first.
    pub fn entries(&self) -> impl DoubleEndedIterator<Item = &Entry> + '_ {
        self.entries.iter()
    }

    /// Entries from `index` on (at most `max` of them).
    pub fn from(&self, index: LogIndex, max: usize) -> Vec<Entry> {
        let start = before(index);
        self.entries.slice(start, start.saturating_add(max))
    }

    /// Digest of entries 1..=`index` (0 for the empty prefix); `None` past the end.
    pub fn prefix_digest(&self, index: LogIndex) -> Option<u64> {
        if index == 0 {
            return Some(0);
        }
        let i = usize::try_from(index).ok()?.checked_sub(1)?;
        self.chain.get(i).copied()
    }

    /// Appends one entry; returns its index.
    pub fn push(&mut self, entry: Entry) -> LogIndex {
        let prev = self.chain.last().copied().unwrap_or(0);
        self.chain.push(link(prev, &entry));
        self.entries.push(entry);
        self.last_index()
    }

    /// Removes the entry at `index` and every later one.
    pub fn truncate_from(&mut self, index: LogIndex) {
        let keep = before(index);
        if keep < self.entries.len() {
            self.entries.truncate(keep);
            self.chain.truncate(keep);
        }
    }

    /// Raft's "at least as up-to-date" test (paper section 5.4.1): a later last term
    /// wins; with equal last terms, the longer log wins.
    pub fn is_up_to_date(&self, last_log_index: LogIndex, last_log_term: Term) -> bool {
        (last_log_term, last_log_index) >= (self.last_term(), self.last_index())
    }
}

/// How many entries come before `index` (indices start at 1; 0 reads as 1), saturating
/// at `usize::MAX`, past any log's end.
fn before(index: LogIndex) -> usize {
    usize::try_from(index.max(1) - 1).unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log(terms: &[Term]) -> RaftLog {
        let mut l = RaftLog::default();
        for (i, t) in terms.iter().enumerate() {
            l.push(Entry {
                term: *t,
                command: Some(i as u64),
            });
        }
        l
    }

    #[test]
    fn one_based_indices_and_truncation() {
        let mut l = log(&[1, 1, 2]);
        assert_eq!(l.term_at(0), Some(0));
        assert_eq!(l.term_at(3), Some(2));
        assert_eq!(l.term_at(4), None);
        assert_eq!(l.from(2, 10).len(), 2);
        assert_eq!(l.from(2, 1).len(), 1);
        assert!(l.from(9, 10).is_empty());
        l.truncate_from(2);
        assert_eq!(l.last_index(), 1);
    }

    #[test]
    fn indices_past_a_32_bit_usize_are_past_the_end_not_wrapped() {
        // On wasm32, `(index - 1) as usize` made index 2^32 + 1 read as index 1: `from`
        // returned the whole log and `truncate_from` emptied it.
        let mut l = log(&[1, 1, 2]);
        let far = (1u64 << 32) + 1;
        assert!(l.from(far, 10).is_empty());
        l.truncate_from(far);
        assert_eq!(l.last_index(), 3);
    }

    #[test]
    fn prefix_digests_agree_exactly_on_shared_prefixes() {
        let a = log(&[1, 1, 2]);
        let mut b = log(&[1, 1, 3]);
        assert_eq!(a.prefix_digest(0), Some(0));
        assert_eq!(a.prefix_digest(2), b.prefix_digest(2));
        assert_ne!(a.prefix_digest(3), b.prefix_digest(3));
        assert_eq!(a.prefix_digest(4), None);
        b.truncate_from(3);
        b.push(Entry {
            term: 2,
            command: Some(2),
        });
        assert_eq!(a.prefix_digest(3), b.prefix_digest(3));
        assert_eq!(a, b);
    }

    #[test]
    fn up_to_date_compares_last_term_then_length() {
        let l = log(&[1, 2]);
        assert!(l.is_up_to_date(1, 3));
        assert!(l.is_up_to_date(2, 2));
        assert!(!l.is_up_to_date(5, 1));
        assert!(!l.is_up_to_date(1, 2));
    }
}
