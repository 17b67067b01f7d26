//! The replicated log with Raft's 1-based indices (index 0 is the empty prefix).

use super::msg::{Entry, LogIndex, Term};
use alloc::vec::Vec;

/// A server's log. Durable: it survives crashes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct RaftLog {
    entries: Vec<Entry>,
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
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Entries from `index` on (at most `max` of them).
    pub fn from(&self, index: LogIndex, max: usize) -> Vec<Entry> {
        let start = (index.max(1) - 1) as usize;
        let end = self.entries.len().min(start.saturating_add(max));
        self.entries.get(start..end).map_or_else(Vec::new, |s| s.to_vec())
    }

    /// Appends one entry; returns its index.
    pub fn push(&mut self, entry: Entry) -> LogIndex {
        self.entries.push(entry);
        self.last_index()
    }

    /// Removes the entry at `index` and every later one.
    pub fn truncate_from(&mut self, index: LogIndex) {
        self.entries.truncate((index.max(1) - 1) as usize);
    }

    /// Raft's "at least as up-to-date" test (paper section 5.4.1): a later last term
    /// wins; with equal last terms, the longer log wins.
    pub fn is_up_to_date(&self, last_log_index: LogIndex, last_log_term: Term) -> bool {
        (last_log_term, last_log_index) >= (self.last_term(), self.last_index())
    }
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
    fn up_to_date_compares_last_term_then_length() {
        let l = log(&[1, 2]);
        assert!(l.is_up_to_date(1, 3));
        assert!(l.is_up_to_date(2, 2));
        assert!(!l.is_up_to_date(5, 1));
        assert!(!l.is_up_to_date(1, 2));
    }
}
