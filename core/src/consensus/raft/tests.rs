//! Behaviour of a Raft cluster in fixed situations.

use super::*;
use crate::sim::process::{Effect, TestCtx};
use crate::sim::{Action, Event, LinkFaults, Process, SimTime};
use alloc::vec::Vec;

fn world(seed: u64) -> RaftWorld {
    cluster(RaftParams::default(), seed, LinkFaults::default(), 4096).unwrap()
}

fn run_ms(w: &mut RaftWorld, ms: u64) {
    w.run_for(ms * 1_000);
    assert_eq!(w.violation(), None);
}

fn replies(w: &RaftWorld) -> Vec<RaftReply> {
    w.trace()
        .recent()
        .filter_map(|r| match &r.event {
            Event::ClientReply { reply, .. } => Some(*reply),
            _ => None,
        })
        .collect()
}

/// A 20 s run on lossy links with crashes, played a second at a time by `run_until`
/// (which purges the election timers that followers cancel on every AppendEntries)
/// and by single steps (which pop and skip each one): the same events, clock and
/// queue after every second.
#[test]
fn purging_cancelled_timers_changes_nothing_a_run_shows() {
    let links = LinkFaults {
        latency_min_us: 1_000,
        latency_max_us: 20_000,
        loss_ppm: 50_000,
        dup_ppm: 10_000,
    };
    let make = || {
        let mut w = cluster(RaftParams::default(), 9, links, 0).unwrap();
        for (i, at_us) in (0..20_000_000).step_by(20_000).enumerate() {
            let node = i % 5;
            w.schedule(crate::sim::Timed {
                at_us,
                action: Action::Client { node, request: 0 },
            });
            if i % 250 == 100 {
                let crash = Action::Crash(node);
                w.schedule(crate::sim::Timed {
                    at_us,
                    action: crash,
                });
                let restart = Action::Restart(node);
                let at_us = at_us + 700_000;
                w.schedule(crate::sim::Timed {
                    at_us,
                    action: restart,
                });
            }
        }
        w
    };
    let step_to = |w: &mut RaftWorld, end: SimTime| {
        while w.next_event_time().is_some_and(|t| t <= end) && w.step() {}
        w.run_until(end);
    };
    let (mut purged, mut stepped) = (make(), make());
    for s in 1..=20 {
        let end = SimTime(s * 1_000_000);
        purged.run_until(end);
        step_to(&mut stepped, end);
        assert_eq!(purged.queued(), stepped.queued(), "queued at {end}");
    }
    assert!(purged.purged() > 100, "{} purged", purged.purged());
    assert_eq!(stepped.purged(), 0);
    assert_eq!(purged.violation(), None);
    assert_eq!(purged.digest(), stepped.digest());
    assert_eq!(purged.events_processed(), stepped.events_processed());
    assert_eq!(purged.now(), stepped.now());
    assert_eq!(purged.next_event_time(), stepped.next_event_time());
    let ids = |w: &RaftWorld| w.in_flight().map(|m| m.id).collect::<Vec<_>>();
    assert_eq!(ids(&purged), ids(&stepped));
}

#[test]
fn a_leader_is_elected_and_everyone_follows_it() {
    let mut w = world(1);
    run_ms(&mut w, 1_000);
    let (l, term) = leader(&w).expect("a leader within 1 s");
    assert!(term >= 1);
    for n in w.nodes() {
        assert_eq!(n.process.current_term(), term);
        assert_eq!(n.process.leader(), Some(l));
    }
}

#[test]
fn a_command_commits_on_every_server_and_the_client_is_told() {
    let mut w = world(2);
    run_ms(&mut w, 1_000);
    let (l, term) = leader(&w).unwrap();
    w.act(Action::Client {
        node: l,
        request: 5,
    });
    run_ms(&mut w, 200);
    let noop = Entry {
        term,
        command: None,
    };
    let x5 = Entry {
        term,
        command: Some(5),
    };
    for n in w.nodes() {
        assert!(n.process.log().entries().eq(&[noop, x5]));
        assert_eq!(n.process.commit_index(), 2);
    }
    assert!(replies(&w).contains(&RaftReply::Committed {
        index: 2,
        command: 5
    }));
}

#[test]
fn a_follower_redirects_the_client_to_the_leader() {
    let mut w = world(3);
    run_ms(&mut w, 1_000);
    let (l, _) = leader(&w).unwrap();
    let f = (l + 1) % 5;
    w.act(Action::Client {
        node: f,
        request: 9,
    });
    assert!(replies(&w).contains(&RaftReply::NotLeader {
        leader: Some(l),
        command: 9
    }));
}

#[test]
fn a_redirected_client_retries_at_the_leader_and_its_command_commits() {
    let mut w = world(3);
    run_ms(&mut w, 1_000);
    let (l, _) = leader(&w).unwrap();
    w.act(Action::Client {
        node: (l + 1) % 5,
        request: 9,
    });
    run_ms(&mut w, 200);
    let committed = replies(&w).into_iter().find_map(|r| match r {
        RaftReply::Committed { index, command: 9 } => Some(index),
        _ => None,
    });
    let index = committed.expect("the retry at the leader commits x=9");
    for n in w.nodes() {
        let at = *n.process.log().get(index).unwrap();
        assert_eq!(at.command, Some(9));
    }
}

#[test]
fn crashing_the_leader_elects_another_with_a_higher_term() {
    let mut w = world(4);
    run_ms(&mut w, 1_000);
    let (old, term) = leader(&w).unwrap();
    w.act(Action::Crash(old));
    run_ms(&mut w, 1_000);
    let (new, new_term) = leader(&w).expect("new leader");
    assert_ne!(new, old);
    assert!(new_term > term);
}

#[test]
fn restart_keeps_term_vote_and_log_but_not_commit_index() {
    let mut w = world(5);
    run_ms(&mut w, 1_000);
    let (l, _) = leader(&w).unwrap();
    w.act(Action::Client {
        node: l,
        request: 1,
    });
    run_ms(&mut w, 200);
    let f = (l + 1) % 5;
    let before = w.nodes()[f].process.clone();
    w.act(Action::Crash(f));
    w.act(Action::Restart(f));
    let after = &w.nodes()[f].process;
    assert_eq!(after.current_term(), before.current_term());
    assert_eq!(after.voted_for(), before.voted_for());
    assert_eq!(after.log(), before.log());
    assert_eq!(after.commit_index(), 0);
    assert_eq!(after.role(), Role::Follower);
    run_ms(&mut w, 200);
    assert_eq!(
        w.nodes()[f].process.commit_index(),
        2,
        "relearnt from the leader"
    );
}

#[test]
fn a_minority_leader_cannot_commit_and_yields_after_heal() {
    let mut w = world(6);
    run_ms(&mut w, 1_000);
    let (old, old_term) = leader(&w).unwrap();
    let committed = w.nodes()[old].process.commit_index();
    assert_eq!(committed, 1, "the leader's no-op");
    w.act(Action::Partition { side: 1 << old });
    w.act(Action::Client {
        node: old,
        request: 7,
    });
    run_ms(&mut w, 2_000);
    assert_eq!(w.nodes()[old].process.log().last_index(), 2);
    assert_eq!(
        w.nodes()[old].process.commit_index(),
        1,
        "minority cannot commit x=7"
    );
    let (new, new_term) = leader(&w).unwrap();
    assert_ne!(new, old);
    assert!(new_term > old_term);
    w.act(Action::Client {
        node: new,
        request: 8,
    });
    run_ms(&mut w, 300);
    let x8 = w.nodes()[new].process.log().last_index();
    assert_eq!(w.nodes()[new].process.commit_index(), x8);
    w.act(Action::Heal);
    run_ms(&mut w, 1_000);
    let logs: Vec<_> = w.nodes().iter().map(|n| n.process.log().clone()).collect();
    assert!(logs.iter().all(|l| l == &logs[0]), "logs converge");
    let commands: Vec<_> = logs[0].entries().filter_map(|e| e.command).collect();
    assert_eq!(commands, [8], "x=7 is gone, x=8 stays");
    assert!(w.trace().recent().any(|r| matches!(
        r.event,
        Event::Note { note: RaftNote::Truncated { from_index: 2 }, node } if node == old
    )));
}

#[test]
fn the_old_term_entry_is_not_committed_by_counting_replicas() {
    // Figure 8 of the Raft paper, in spirit: a leader only counts replicas for entries
    // of its own term. Here the leader of a new term carries an old-term entry that it
    // re-replicates; commitIndex moves only when a current-term entry reaches a majority.
    let mut w = world(7);
    run_ms(&mut w, 1_000);
    let (l, _) = leader(&w).unwrap();
    // Cut the leader off right after it appends: the entry stays on the leader only.
    w.act(Action::Partition { side: 1 << l });
    w.act(Action::Client {
        node: l,
        request: 3,
    });
    run_ms(&mut w, 100);
    let old = w.nodes()[l].process.log();
    let x3 = old.last_index();
    assert_eq!(
        old.get(x3).and_then(|e| e.command),
        Some(3),
        "premise: S{l} holds x=3"
    );
    assert!(
        w.nodes()[l].process.commit_index() < x3,
        "premise: x=3 is not committed"
    );
    w.act(Action::Heal);
    w.act(Action::Crash(l));
    run_ms(&mut w, 1_000);
    let (l2, t2) = leader(&w).expect("premise: a new leader while S{l} is down");
    w.act(Action::Restart(l));
    run_ms(&mut w, 500);
    // The old entry x=3 (term < t2) was either overwritten or, if it survived, was
    // committed together with an entry of term t2.
    let n = &w.nodes()[l2].process;
    assert!(w.nodes()[l].process.current_term() >= t2);
    let last = n
        .log()
        .get(n.commit_index())
        .expect("premise: the new leader has committed entries (its no-op at least)");
    assert_eq!(
        last.term, t2,
        "the last committed entry is of the leader's term"
    );
}

#[test]
fn the_checker_catches_two_leaders_in_one_term() {
    let mut w = world(8);
    run_ms(&mut w, 1_000);
    let (l, term) = leader(&w).unwrap();
    let other = (l + 1) % 5;
    let p = w.process_mut(other).unwrap();
    p.role = Role::Leader;
    p.current_term = term;
    w.act(Action::Client {
        node: other,
        request: 1,
    });
    let (_, v) = w.violation().cloned().expect("caught");
    assert_eq!(v.invariant, RaftInvariant::ElectionSafety);
}

#[test]
fn the_checker_catches_diverging_committed_entries() {
    let mut w = world(9);
    run_ms(&mut w, 1_000);
    let (l, _) = leader(&w).unwrap();
    w.act(Action::Client {
        node: l,
        request: 1,
    });
    run_ms(&mut w, 300);
    let f = (l + 1) % 5;
    let p = w.process_mut(f).unwrap();
    p.log.truncate_from(1);
    p.log.push(Entry {
        term: 99,
        command: Some(2),
    });
    w.step();
    let (_, v) = w.violation().cloned().expect("caught");
    assert_eq!(v.invariant, RaftInvariant::StateMachineSafety);
}

#[test]
fn narration_reads_like_the_paper() {
    assert_eq!(
        narrate::note(2, &RaftNote::ElectionTimeout { term: 4 }),
        "S3 times out, starts term 4"
    );
    assert_eq!(
        narrate::note(
            0,
            &RaftNote::BecameLeader {
                term: 4,
                votes: 0b1011
            }
        ),
        "S1 becomes leader of term 4 with votes from S1 S2 S4"
    );
}

#[test]
fn a_new_leader_commits_an_earlier_terms_entry_through_its_no_op() {
    // Paper section 5.4.2 and section 8: x=4 reaches every log in term t, but its
    // leader crashes before it learns of the commit. The next leader's no-op of its own
    // term commits x=4 without any new client command.
    let mut w = world(10);
    run_ms(&mut w, 1_000);
    let (l, t) = leader(&w).unwrap();
    w.act(Action::Client {
        node: l,
        request: 4,
    });
    // Let AppendEntries reach the followers but crash the leader before replies count.
    w.run_for(16_000);
    w.act(Action::Crash(l));
    run_ms(&mut w, 1_000);
    let (l2, t2) = leader(&w).unwrap();
    assert!(t2 > t);
    let n = &w.nodes()[l2].process;
    let x4 = n.log().entries().position(|e| e.command == Some(4));
    let x4 = x4.expect("x=4 survived on the new leader") as u64 + 1;
    assert!(n.commit_index() > x4, "committed with the no-op after it");
    assert_eq!(n.log().get(n.commit_index()).unwrap().term, t2);
}

#[test]
fn figure_8_an_old_term_entry_on_a_majority_is_not_committed_by_counting() {
    // Raft paper Figure 8 / section 5.4.2: leader of term 3 holds an entry of term 2
    // stored on a majority. Counting replicas must not commit it; only once an entry
    // of term 3 is on a majority do both commit.
    use crate::sim::{Ctx, SimRng, SimTime};
    let mut node = RaftNode::new(0, RaftParams::default());
    node.role = Role::Leader;
    node.current_term = 3;
    node.log.push(Entry {
        term: 2,
        command: Some(1),
    });
    node.match_index = alloc::vec![1, 1, 1, 0, 0];
    let (mut rng, mut next_timer, mut effects) = (SimRng::new(1), 0, Vec::new());
    let mut ctx = Ctx {
        id: 0,
        cluster_size: 5,
        local_now: SimTime::ZERO,
        rng: &mut rng,
        next_timer: &mut next_timer,
        effects: &mut effects,
    };
    node.advance_commit(&mut ctx);
    assert_eq!(
        node.commit_index, 0,
        "term-2 entry not committed by counting"
    );
    node.log.push(Entry {
        term: 3,
        command: None,
    });
    node.match_index = alloc::vec![2, 2, 2, 0, 0];
    node.advance_commit(&mut ctx);
    assert_eq!(
        node.commit_index, 2,
        "committed with the term-3 entry after it"
    );
}

#[test]
fn a_handler_is_tested_without_a_world() {
    // RequestVote receiver rules (Raft §5.2, §5.4.1) on one server, through a test Ctx.
    let mut node = RaftNode::new(1, RaftParams::default());
    let mut t: TestCtx<RaftNode> = TestCtx::new(1, 5, SimTime::ZERO, 7);
    node.on_start(&mut t.ctx());
    t.take();
    let ask = RaftMsg::RequestVote {
        term: 1,
        last_log_index: 0,
        last_log_term: 0,
    };
    node.on_message(0, ask.clone(), &mut t.ctx());
    assert_eq!((node.current_term(), node.voted_for()), (1, Some(0)));
    let effects = t.take();
    let granted = |e: &Effect<RaftNode>| {
        matches!(
            e,
            Effect::Send {
                msg: RaftMsg::RequestVoteReply {
                    term: 1,
                    vote_granted: true
                },
                ..
            }
        )
    };
    assert!(effects.iter().any(granted), "the vote is granted");
    assert!(effects.iter().any(|e| matches!(
        e,
        Effect::Note(RaftNote::GrantedVote {
            term: 1,
            candidate: 0
        })
    )));
    node.on_message(2, ask, &mut t.ctx());
    let refused = t.take();
    assert!(
        !refused.iter().any(granted),
        "one vote per term: S3 is refused"
    );
    assert!(refused
        .iter()
        .any(|e| matches!(e, Effect::Send { to: 2, .. })));
}
