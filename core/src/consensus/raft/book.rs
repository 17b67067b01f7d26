//! Named book scenarios of the Raft lab (DDIA ch. 9, and ch. 8 for process pauses),
//! each with a caption, the outcome to expect, and a check of that outcome on the
//! world. The page runs the check live at whatever moment the run has reached, so a
//! check says what has not happened *yet* until its whole story has played out.
//!
//! Book scenarios start at time 0 (no `until_us`); their stories end within 2 s of
//! simulated time. The checks read the world's state and the per-term history its
//! checker keeps ([`super::history`]), never the bounded trace, so they hold however
//! long the run goes on.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;

use super::invariants::TermHistory;
use super::msg::{LogIndex, Role, Term};
use super::narrate::{server, servers};
use super::scenario::Scenario;
use super::{history, RaftLog, RaftParams, RaftWorld};
use crate::book::{self, ensure, BookScenario};
use crate::sim::{Action, NodeId, SimTime, Timed};

/// A named scenario of the Raft lab.
pub type RaftBookScenario = BookScenario<Scenario, RaftWorld>;

/// The named scenarios.
pub const BOOK: &[RaftBookScenario] = &[
    BookScenario {
        name: "three-servers",
        title: "Three servers: elect, replicate, fail over",
        caption: "A worked example after Raft §5.2-5.3, with S1, S2, S3 as nodes A, B, C \
                  (a majority is 2). S1 times out first and wins the election of term 1; \
                  at 0.5 s a client sends it x=5, which it appends, replicates, commits \
                  once a majority holds it, and the followers learn the commit with the \
                  next heartbeat (x=5 sits at index 2: a new leader first appends a no-op, \
                  Raft §8). At 1 s S1 crashes; S2 times out and becomes \
                  leader of term 2, and its log still holds x=5 (Raft §5.2-5.4).",
        expected: "S1 leads term 1 and commits x=5 at index 2 on all three servers; after \
                   S1 crashes, S2 leads term 2 with x=5 still at index 2 of its log.",
        build: three_servers,
        check: check_three_servers,
    },
    BookScenario {
        name: "split-vote",
        title: "A split vote",
        caption: "Four servers, so a leader needs 3 votes. S3 and S4 time out within a \
                  millisecond of each other and both stand in term 1; each gets its own \
                  vote and one more, 2 of 4, so nobody wins the term. Randomized election \
                  timeouts break the tie (Raft §5.2, \"split \
                  votes\"): S2's timer runs out next, and it wins term 2.",
        expected: "Term 1 has two candidates, S3 and S4, and no leader; then S2 becomes \
                   leader of term 2.",
        build: split_vote,
        check: check_split_vote,
    },
    BookScenario {
        name: "minority-leader",
        title: "A leader cut off in the minority",
        caption: "Five servers; S1 leads term 1 when a partition at 0.5 s leaves it with \
                  only S2. A client's x=7 sent to S1 at 0.6 s is appended and copied to S2, \
                  but 2 of 5 is no majority, so it never commits, while S3, S4 and S5 elect \
                  a leader of term 2 that commits x=8. When the network heals at 1.5 s, S1 \
                  sees the higher term and steps down, and the conflicting x=7 is deleted \
                  (Raft §5.3-5.4; DDIA ch. 9, the minority side of a \
                  partition cannot decide).",
        expected: "S1 appends x=7 but never commits it; S3 leads term 2 and commits x=8; \
                   after the heal S1 is a follower of term 2 and every log equals S3's, \
                   with x=8 and without x=7.",
        build: minority_leader,
        check: check_minority_leader,
    },
    BookScenario {
        name: "paused-leader",
        title: "A leader frozen by a GC pause",
        caption: "DDIA ch. 8, process pauses: a garbage-collection pause can freeze a \
                  process for longer than any timeout, and it resumes unaware. S1 leads \
                  term 1 when it freezes at 0.5 s for 1 s, far past the 150-300 ms \
                  election timeout, so S3 is elected leader of term 2 while a client's x=7 \
                  waits at S1's door. S1 wakes at 1.5 s still believing it leads term 1, \
                  sends heartbeats and appends x=7 at index 2. Then it handles the messages \
                  that queued while it was frozen: the first is S3's term-2 RequestVote, \
                  and on seeing term 2 S1 steps down (the term number acts as a fencing \
                  token: nobody accepts term-1 AppendEntries any more); S3's queued \
                  AppendEntries then delete x=7 from S1's log (Raft §5.1, §5.3).",
        expected: "S3 leads term 2 before S1 wakes at 1.5 s; S1 wakes as leader of term 1 \
                   and appends x=7 at index 2, then steps down, and x=7 ends in no log. No \
                   term ever has two leaders.",
        build: paused_leader,
        check: check_paused_leader,
    },
];

/// The named scenario `name`.
pub fn find(name: &str) -> Option<&'static RaftBookScenario> {
    book::find(BOOK, name)
}

const S1: NodeId = 0;
const S2: NodeId = 1;
const S3: NodeId = 2;
const S4: NodeId = 3;

fn at(ms: u64, action: Action<u64>) -> Timed<u64> {
    Timed {
        at_us: ms * 1_000,
        action,
    }
}

fn client(node: NodeId, request: u64) -> Action<u64> {
    Action::Client { node, request }
}

fn servers_scenario(seed: u64, nodes: usize) -> Scenario {
    Scenario {
        seed,
        raft: RaftParams {
            nodes,
            ..RaftParams::default()
        },
        ..Scenario::default()
    }
}

/// `Err` if an invariant stopped the run, else the history of its terms.
fn terms(w: &RaftWorld) -> Result<&BTreeMap<Term, TermHistory>, String> {
    if let Some((_, v)) = w.violation() {
        return Err(format!(
            "the run stopped: {} broken ({})",
            v.invariant, v.detail
        ));
    }
    Ok(history(w))
}

/// What was seen of `term` if `who` led it; else `Err` saying who did, or that nobody
/// has yet.
fn led_by(
    terms: &BTreeMap<Term, TermHistory>,
    term: Term,
    who: NodeId,
) -> Result<&TermHistory, String> {
    match terms.get(&term) {
        Some(seen) if seen.leader == Some(who) => Ok(seen),
        Some(TermHistory {
            leader: Some(l), ..
        }) => Err(format!(
            "{} leads term {term}, not {}",
            server(*l),
            server(who)
        )),
        _ => Err(format!("{} is not leader of term {term} yet", server(who))),
    }
}

/// The first term after `after` led by a server in `among` (bit mask), with its leader.
fn next_leader(
    terms: &BTreeMap<Term, TermHistory>,
    after: Term,
    among: u64,
) -> Option<(Term, NodeId, &TermHistory)> {
    terms.range(after + 1..).find_map(|(&t, h)| {
        h.leader
            .filter(|l| among & (1 << l) != 0)
            .map(|l| (t, l, h))
    })
}

/// Index of the first entry holding `command`.
fn index_of(log: &RaftLog, command: u64) -> Option<LogIndex> {
    (1..=log.last_index()).find(|&i| log.get(i).and_then(|e| e.command) == Some(command))
}

/// Every server's log equals `leader`'s, and none holds `gone`.
fn logs_converge(w: &RaftWorld, leader: NodeId, gone: u64) -> Result<(), String> {
    let log = w.nodes()[leader].process.log();
    ensure(index_of(log, gone).is_none(), || {
        format!("{} holds x={gone}", server(leader))
    })?;
    for (i, n) in w.nodes().iter().enumerate() {
        ensure(n.process.log() == log, || {
            format!(
                "{}'s log does not equal {}'s yet",
                server(i),
                server(leader)
            )
        })?;
    }
    Ok(())
}

/// `node` is no longer leader and has seen `term`.
fn stepped_down(w: &RaftWorld, node: NodeId, old: Term, term: Term) -> Result<(), String> {
    let n = &w.nodes()[node].process;
    ensure(n.role() != Role::Leader && n.current_term() >= term, || {
        format!(
            "{} still believes it leads term {old}: it has not heard of term {term} yet",
            server(node)
        )
    })
}

fn three_servers() -> Scenario {
    Scenario {
        actions: alloc::vec![at(500, client(S1, 5)), at(1_000, Action::Crash(S1))],
        ..servers_scenario(1, 3)
    }
}

fn check_three_servers(w: &RaftWorld) -> Result<(), String> {
    let terms = terms(w)?;
    if terms.values().all(|t| t.leader.is_none()) {
        return Err("no server has won an election yet".into());
    }
    led_by(terms, 1, S1)?;
    let nodes = w.nodes();
    let s1 = nodes[S1].process.log();
    let x5 = index_of(s1, 5).ok_or("the client has not sent x=5 to S1 yet")?;
    ensure(x5 == 2, || {
        format!("x=5 is at index {x5} of S1's log, not 2")
    })?;
    for (i, n) in nodes.iter().enumerate() {
        ensure(n.process.commit_index() >= x5, || {
            format!("{} has not learned that x=5 is committed yet", server(i))
        })?;
    }
    ensure(!nodes[S1].up, || "S1 has not crashed yet".into())?;
    let (new, term) = super::leader(w).ok_or("no new leader since S1 crashed yet")?;
    ensure((new, term) == (S2, 2), || {
        format!("{} leads term {term}, not S2 term 2", server(new))
    })?;
    ensure(nodes[new].process.log().get(x5) == s1.get(x5), || {
        format!("{} lacks x=5 at index {x5}", server(new))
    })
}

fn split_vote() -> Scenario {
    servers_scenario(12, 4)
}

fn check_split_vote(w: &RaftWorld) -> Result<(), String> {
    let terms = terms(w)?;
    let split = terms.iter().find(|(_, t)| t.candidates.count_ones() >= 2);
    let Some((&term, seen)) = split else {
        return Err("no two servers have stood in the same term yet".into());
    };
    if let Some(l) = seen.leader {
        return Err(format!(
            "{} won term {term}: the vote was not split",
            server(l)
        ));
    }
    let (won, winner, _) = next_leader(terms, term, u64::MAX).ok_or_else(|| {
        format!("term {term} has two candidates and no leader; no later term has a leader yet")
    })?;
    ensure(term == 1 && seen.candidates == 1 << S3 | 1 << S4, || {
        format!(
            "term {term}'s candidates are {}, not term 1's S3 and S4",
            servers(seen.candidates)
        )
    })?;
    ensure((won, winner) == (2, S2), || {
        format!("{} won term {won}, not S2 term 2", server(winner))
    })
}

/// x=7 to S1 at 0.6 s in `minority-leader` and `paused-leader`.
const X7_AT_MS: u64 = 600;

fn minority_leader() -> Scenario {
    Scenario {
        actions: alloc::vec![
            at(
                500,
                Action::Partition {
                    side: 1 << S1 | 1 << S2
                }
            ),
            at(X7_AT_MS, client(S1, 7)),
            at(1_000, client(S3, 8)),
            at(1_500, Action::Heal),
        ],
        ..servers_scenario(5, 5)
    }
}

fn check_minority_leader(w: &RaftWorld) -> Result<(), String> {
    let terms = terms(w)?;
    let old = led_by(terms, 1, S1)?;
    ensure(w.now() >= SimTime::from_millis(X7_AT_MS), || {
        "the client has not sent x=7 to S1 yet".into()
    })?;
    ensure(old.last_index >= 2, || {
        "S1 has not appended x=7 as leader of term 1".into()
    })?;
    let majority = 0b11100;
    let (term, new, _) =
        next_leader(terms, 1, majority).ok_or("S3, S4 and S5 have not elected a leader yet")?;
    ensure((term, new) == (2, S3), || {
        format!("{} leads term {term}, not S3 term 2", server(new))
    })?;
    let n = &w.nodes()[new].process;
    let x8 = index_of(n.log(), 8).filter(|&i| i <= n.commit_index());
    ensure(x8.is_some(), || "S3 has not committed x=8 yet".into())?;
    stepped_down(w, S1, 1, term)?;
    logs_converge(w, new, 7)?;
    ensure(
        w.nodes()[S1].process.commit_index() >= x8.unwrap_or(0),
        || "S1 has not learned that x=8 is committed yet".into(),
    )
}

/// S1's pause in `paused-leader`: from 0.5 s, for 1 s.
const PAUSE_AT_MS: u64 = 500;
const PAUSE_MS: u64 = 1_000;

fn paused_leader() -> Scenario {
    Scenario {
        actions: alloc::vec![
            at(
                PAUSE_AT_MS,
                Action::Pause {
                    node: S1,
                    for_us: PAUSE_MS * 1_000,
                }
            ),
            at(X7_AT_MS, client(S1, 7)),
        ],
        ..servers_scenario(18, 5)
    }
}

fn check_paused_leader(w: &RaftWorld) -> Result<(), String> {
    let terms = terms(w)?;
    let old = led_by(terms, 1, S1)?;
    let now = w.now();
    ensure(now >= SimTime::from_millis(PAUSE_AT_MS), || {
        "S1 has not paused yet".into()
    })?;
    let wake = SimTime::from_millis(PAUSE_AT_MS + PAUSE_MS);
    let others = !(1u64 << S1);
    let new = next_leader(terms, 1, others).filter(|(_, _, h)| h.led_from < wake);
    let Some((term, new, _)) = new else {
        return Err(if now < wake {
            "the others have not elected a new leader yet".into()
        } else {
            "nobody else was elected while S1 was frozen".into()
        });
    };
    ensure((term, new) == (2, S3), || {
        format!("{} leads term {term}, not S3 term 2", server(new))
    })?;
    ensure(old.led_until >= wake, || {
        if now < wake {
            "S1 has not woken up yet".into()
        } else {
            "S1 no longer led term 1 when it woke".into()
        }
    })?;
    ensure(old.last_index >= 2, || {
        "S1 has not appended x=7 as leader of term 1".into()
    })?;
    stepped_down(w, S1, 1, term)?;
    logs_converge(w, new, 7)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::Violation;
    use alloc::vec::Vec;

    /// Every story is over by then.
    const END_MS: u64 = 3_000;

    fn run_to(s: &Scenario, ms: u64) -> RaftWorld {
        let mut w = s.build_raft(0).unwrap();
        w.run_until(SimTime::from_millis(ms));
        w
    }

    fn no_violation(name: &str, w: &RaftWorld) {
        if let Some((_, Violation { invariant, detail })) = w.violation() {
            panic!("{name}: {invariant}: {detail}");
        }
    }

    /// The paused-leader caption tells the wake-up in the run's own order: S1 appends
    /// x=7, then the first queued message that shows it term 2 is S3's RequestVote, and
    /// only then does it step down; S3's AppendEntries delete x=7 after that.
    #[test]
    fn the_paused_leader_caption_follows_the_run() {
        use super::super::msg::RaftNote;
        use crate::sim::Event;
        let b = find("paused-leader").unwrap();
        assert!(b.caption.contains("first is S3's term-2 RequestVote"));
        let mut w = b.scenario().build_raft(100_000).unwrap();
        w.run_until(SimTime::from_millis(1_600));
        let s1: Vec<&Event<_, _, _, _, _>> = w
            .trace()
            .recent()
            .filter(|r| r.at >= SimTime::from_millis(1_500))
            .map(|r| &r.event)
            .filter(|e| match e {
                Event::Note { node, .. } => *node == S1,
                Event::Delivered { to, label, .. } => *to == S1 && *label != "AppendEntriesReply",
                _ => false,
            })
            .collect();
        let appended = s1
            .iter()
            .position(|e| {
                matches!(
                    e,
                    Event::Note {
                        note: RaftNote::Appended { command: 7, .. },
                        ..
                    }
                )
            })
            .expect("S1 appends x=7");
        let stepped = s1
            .iter()
            .position(|e| {
                matches!(
                    e,
                    Event::Note {
                        note: RaftNote::SteppedDown { term: 2, .. },
                        ..
                    }
                )
            })
            .expect("S1 steps down");
        assert!(appended < stepped);
        assert!(
            matches!(s1[stepped - 1], Event::Delivered { from, label: "RequestVote", .. } if *from == S3),
            "{:?}",
            s1[stepped - 1]
        );
        let truncated = s1
            .iter()
            .position(|e| {
                matches!(
                    e,
                    Event::Note {
                        note: RaftNote::Truncated { .. },
                        ..
                    }
                )
            })
            .expect("x=7 deleted");
        assert!(stepped < truncated);
    }

    #[test]
    fn every_check_says_not_yet_at_the_start() {
        for b in BOOK {
            let s = b.scenario();
            assert_eq!(s.until_us, None, "{}", b.name);
            let e = b.check(&s.build_raft(0).unwrap()).unwrap_err();
            assert!(e.contains("yet"), "{}: {e}", b.name);
        }
    }

    /// Checked every 10 ms, as the page would: only "not yet" until the outcome holds,
    /// then it holds for good (the checks read no bounded trace).
    #[test]
    fn a_check_turns_true_once_and_stays_true() {
        for b in BOOK {
            let mut w = b.scenario().build_raft(0).unwrap();
            let mut met = None;
            for ms in (0..=END_MS).step_by(10) {
                w.run_until(SimTime::from_millis(ms));
                match (b.check(&w), met) {
                    (Ok(()), None) => met = Some(ms),
                    (Ok(()), Some(_)) => {}
                    (Err(e), None) => assert!(e.contains("yet"), "{} at {ms} ms: {e}", b.name),
                    (Err(e), Some(_)) => panic!("{} at {ms} ms, after it held: {e}", b.name),
                }
            }
            assert!(met.is_some_and(|ms| ms <= 2_000), "{}", b.name);
            w.run_until(SimTime::from_millis(30_000));
            no_violation(b.name, &w);
            if let Err(e) = b.check(&w) {
                panic!("{} at 30 s: {e}", b.name);
            }
        }
    }

    #[test]
    fn the_name_does_not_change_the_run() {
        for b in BOOK {
            let named = run_to(&b.scenario(), END_MS);
            let plain = run_to(&(b.build)(), END_MS);
            assert_eq!(named.digest(), plain.digest(), "{}", b.name);
        }
    }

    #[test]
    fn a_perturbed_scenario_fails_its_check_in_plain_words() {
        let mut short_pause = paused_leader();
        short_pause.actions[0].action = Action::Pause {
            node: S1,
            for_us: 100_000,
        };
        let e = check_paused_leader(&run_to(&short_pause, END_MS)).unwrap_err();
        assert_eq!(e, "nobody else was elected while S1 was frozen");

        let mut no_heal = minority_leader();
        no_heal.actions.pop();
        let e = check_minority_leader(&run_to(&no_heal, END_MS)).unwrap_err();
        assert_eq!(
            e,
            "S1 still believes it leads term 1: it has not heard of term 2 yet"
        );

        let mut no_crash = three_servers();
        no_crash.actions.pop();
        let e = check_three_servers(&run_to(&no_crash, END_MS)).unwrap_err();
        assert_eq!(e, "S1 has not crashed yet");

        let other_seed = Scenario {
            seed: 1,
            ..split_vote()
        };
        let e = check_split_vote(&run_to(&other_seed, END_MS)).unwrap_err();
        assert!(e.starts_with("no two servers"), "{e}");
    }

    #[test]
    fn checks_fail_on_the_wrong_run() {
        let other = run_to(&Scenario::default(), END_MS);
        let failed: Vec<_> = BOOK.iter().filter(|b| b.check(&other).is_err()).collect();
        assert_eq!(failed.len(), BOOK.len());
    }
}
