//! The branch a fork discarded (issue 18): when the learner acts at a past moment, the
//! run as it was (its pending actions, its checkpoints) is kept here. The lab shows
//! where the two runs first differ (found by running both a few thousand events ahead
//! and comparing their traces, [`ddia_core::sim::diverge`]) and, on request, both at
//! the moment the timeline shows ([`crate::shell::fork_bar`]).

use super::describe;
use super::session::{RaftSession, SEEK_EVENT_BUDGET};
use crate::shell::fork_bar::{ForkNote, SideBySide};
use ddia_core::consensus::raft::{narrate, RaftWorld, Role};

/// Trace events each branch is run ahead to find where they part (a few ms).
pub const LOOKAHEAD_EVENTS: usize = 5_000;

/// The discarded branch and where it parts from the run kept.
pub struct Fork {
    other: RaftSession,
    note: ForkNote,
}

impl Fork {
    /// `other` is the run as it was just before the learner acted; `ours` the run just
    /// after.
    pub fn new(other: RaftSession, ours: &RaftSession) -> Self {
        let from = other.world().trace().len();
        let at_us = other.world().now().as_micros();
        let (a, a_ended) = ours.lookahead(from, LOOKAHEAD_EVENTS);
        let (b, b_ended) = other.lookahead(from, LOOKAHEAD_EVENTS);
        Fork {
            other,
            note: ForkNote::new(at_us, (&a, a_ended), (&b, b_ended), describe::event),
        }
    }

    /// Where it happened and where the runs part.
    pub fn note(&self) -> &ForkNote {
        &self.note
    }

    /// Both runs at `ours`'s moment (the discarded one goes there, replayed from its
    /// checkpoints, no further than it had gone), a row per server.
    pub fn side_by_side(&mut self, ours: &RaftWorld) -> SideBySide {
        let t = ours.now().as_micros().min(self.other.horizon());
        if self.other.world().now().as_micros() != t {
            self.other.seek(t, SEEK_EVENT_BUDGET);
        }
        let theirs = self.other.world();
        let rows = (0..ours.nodes().len())
            .map(|i| {
                (
                    narrate::server(i),
                    server_state(ours, i),
                    server_state(theirs, i),
                )
            })
            .collect();
        SideBySide {
            at_us: theirs.now().as_micros(),
            rows,
        }
    }
}

/// Server `i` in a few words: `leader · term 2 · log 5 · commitIndex 4`, or `down`.
pub fn server_state(world: &RaftWorld, i: usize) -> String {
    let Some(n) = world.nodes().get(i) else {
        return String::from("—");
    };
    let p = &n.process;
    let role = match (n.up, p.role()) {
        (false, _) => {
            return format!(
                "down · term {} · log {}",
                p.current_term(),
                p.log().last_index()
            )
        }
        (true, Role::Leader) => "leader",
        (true, Role::Candidate) => "candidate",
        (true, Role::Follower) => "follower",
    };
    format!(
        "{role} · term {} · log {} · commitIndex {}",
        p.current_term(),
        p.log().last_index(),
        p.commit_index()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use ddia_core::consensus::raft::Scenario;
    use ddia_core::link::LabLink;
    use ddia_core::sim::Action;

    fn at_1200_ms() -> RaftSession {
        let q = "scn=minority-leader&t=1200000";
        RaftSession::new(Scenario::from_query(q).unwrap()).0
    }

    #[test]
    fn a_crash_at_a_past_moment_keeps_the_run_before_and_finds_where_they_part() {
        let mut s = at_1200_ms();
        s.seek(300_000, u64::MAX);
        assert!(s.fork().is_none(), "a rewind alone forks nothing");
        s.act(Action::Crash(2));
        let note = s.fork().expect("the run before is kept").note().clone();
        assert_eq!(note.at_us, 300_000);
        let (at, ours, theirs) = note.parted.expect("the runs part");
        assert_eq!(at, 300_000, "right at the crash");
        assert_eq!(ours, "S3 is down");
        assert_ne!(theirs, ours);
        let here = s.side_by_side().expect("both runs");
        assert_eq!(here.at_us, 300_000);
        assert!(here.rows[2].1.starts_with("down"), "{:?}", here.rows[2]);
        assert!(here.rows[2].2.starts_with("follower"), "{:?}", here.rows[2]);
        s.advance(900_000);
        let later = s.side_by_side().expect("both runs");
        assert_eq!(
            later.at_us, 1_200_000,
            "the run before goes as far as it had gone"
        );
        assert!(
            later.rows[2].2.starts_with("leader · term 2"),
            "{:?}",
            later.rows[2]
        );
        assert!(later.rows[2].1.starts_with("down"));
    }

    #[test]
    fn the_link_replays_the_forked_run_and_an_action_at_the_newest_moment_keeps_no_fork() {
        let mut s = at_1200_ms();
        s.seek(300_000, u64::MAX);
        s.act(Action::Crash(2));
        s.advance(200_000);
        let replay = RaftSession::new(s.scenario()).0;
        assert_eq!(replay.world().digest(), s.world().digest());
        s.forget_fork();
        assert!(s.fork().is_none());
        s.act(Action::Restart(2));
        assert!(s.fork().is_none(), "nothing was discarded");
    }
}
