//! Colours and words for what the Raft stage shows: one hue per term, one CSS class
//! per role. The role colours themselves live in `static/app.css` (light and dark).

use ddia_core::consensus::raft::Role;

/// Distinct hues for terms 1, 2, 3, …; they repeat after the last one (the term key
/// and the log table then print the number). Chosen to read on both the light and the
/// dark background; the blue comes last, so the first terms are never mistaken for the
/// leader's blue.
pub const TERM_HUES: [&str; 8] = [
    "#f28e2b", "#59a14f", "#b07aa1", "#e15759", "#76b7b2", "#edc948", "#9c755f", "#4e79a7",
];

/// The colour of log entries (and badges) of `term`. Term 0 (no leader yet) is grey.
pub fn term_color(term: u64) -> &'static str {
    if term == 0 {
        return "#8a94a6";
    }
    TERM_HUES[((term - 1) % TERM_HUES.len() as u64) as usize]
}

/// How a log entry's command reads: `x=5`, or `no-op` for the entry a new leader
/// appends at the start of its term (Raft §8).
pub fn command_text(command: Option<u64>) -> String {
    command.map_or_else(|| "no-op".to_string(), |c| format!("x={c}"))
}

/// What a log entry's cell says about its commitment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryMark {
    /// At or below the server's commitIndex: drawn solid.
    Committed,
    /// Above it: drawn hollow.
    Uncommitted,
    /// On a crashed server's disk, whose commitIndex (volatile, Raft Figure 2) was
    /// lost in the crash: drawn dashed.
    Unknown,
}

impl EntryMark {
    /// The mark of the entry at `index` (1-based) on a server whose commitIndex is
    /// `commit` (`None`: lost in a crash).
    pub fn of(index: u64, commit: Option<u64>) -> Self {
        match commit {
            None => EntryMark::Unknown,
            Some(c) if index <= c => EntryMark::Committed,
            Some(_) => EntryMark::Uncommitted,
        }
    }

    /// The CSS class added to the entry's cell.
    pub fn class(self) -> &'static str {
        match self {
            EntryMark::Committed => "committed",
            EntryMark::Uncommitted => "uncommitted",
            EntryMark::Unknown => "unknown",
        }
    }

    /// The mark in words, for tooltips.
    pub fn words(self) -> &'static str {
        match self {
            EntryMark::Committed => "committed",
            EntryMark::Uncommitted => "not committed yet",
            EntryMark::Unknown => "on disk; whether it is committed was lost with commitIndex",
        }
    }
}

/// The state a server is drawn in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Look {
    /// Up and running in this role.
    Role(Role),
    /// Crashed.
    Crashed,
    /// Frozen by a process pause.
    Paused,
}

impl Look {
    /// The lower-case word shown under the server and used in `data-role`.
    pub fn word(self) -> &'static str {
        match self {
            Look::Role(Role::Follower) => "follower",
            Look::Role(Role::Candidate) => "candidate",
            Look::Role(Role::Leader) => "leader",
            Look::Crashed => "crashed",
            Look::Paused => "paused",
        }
    }

    /// The CSS class carrying the colours.
    pub fn class(self) -> &'static str {
        match self {
            Look::Role(Role::Follower) => "node follower",
            Look::Role(Role::Candidate) => "node candidate",
            Look::Role(Role::Leader) => "node leader",
            Look::Crashed => "node crashed",
            Look::Paused => "node paused",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_cycle_through_distinct_hues() {
        assert_eq!(term_color(1), TERM_HUES[0]);
        assert_eq!(term_color(8), TERM_HUES[7]);
        assert_eq!(term_color(9), TERM_HUES[0]);
        assert_ne!(term_color(1), term_color(2));
        assert_ne!(term_color(0), term_color(1));
        let mut hues = TERM_HUES.to_vec();
        hues.sort_unstable();
        hues.dedup();
        assert_eq!(hues.len(), TERM_HUES.len());
    }

    #[test]
    fn commands_read_as_assignments_or_no_ops() {
        assert_eq!(command_text(Some(5)), "x=5");
        assert_eq!(command_text(None), "no-op");
    }

    #[test]
    fn a_lost_commit_index_marks_every_entry_unknown() {
        assert_eq!(EntryMark::of(2, Some(2)), EntryMark::Committed);
        assert_eq!(EntryMark::of(3, Some(2)), EntryMark::Uncommitted);
        assert_eq!(EntryMark::of(1, None), EntryMark::Unknown);
        assert_ne!(EntryMark::Unknown.class(), EntryMark::Uncommitted.class());
    }

    #[test]
    fn looks_have_words_and_classes() {
        assert_eq!(Look::Role(Role::Leader).word(), "leader");
        assert_eq!(Look::Crashed.class(), "node crashed");
        assert!(Look::Paused.class().starts_with("node "));
    }
}
