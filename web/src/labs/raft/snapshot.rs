//! A plain-data picture of a Raft world at one instant: everything the views draw,
//! computed from `World` state only (the engine drives the picture). The frame loop
//! takes one snapshot per frame and puts it in one signal, at a cost that does not grow
//! with the run: a server's log is shared with the previous frame's snapshot while it
//! has not changed ([`Snapshot::after`]), and a message's tooltip is formatted only
//! when it is hovered ([`message_title`]).

use super::describe;
use super::layout::flight_fraction;
use super::palette::Look;
use crate::shell::message_menu::in_flight_title;
use ddia_core::consensus::raft::{leader, narrate, Entry, RaftMsg, RaftWorld, Role};
use ddia_core::consensus::raft::{RaftInvariant, RaftLog, RaftNode};
use ddia_core::sim::{Fate, LinkFaults, Node, SimTime};
use std::sync::Arc;

/// One server as drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeSnap {
    /// 0-based id (shown as S`id+1`).
    pub id: usize,
    /// Role, or crashed / paused.
    pub look: Look,
    /// currentTerm.
    pub term: u64,
    /// votedFor in the current term.
    pub voted_for: Option<usize>,
    /// Who it believes leads.
    pub leader: Option<usize>,
    /// The log, index 1 first (shared between snapshots while it is unchanged).
    pub log: Arc<[Entry]>,
    /// commitIndex, or `None` while the server is down: it is volatile state (Raft
    /// Figure 2), lost in the crash; a restarted server starts again from 0.
    pub commit: Option<u64>,
    /// Share of the election timeout still to run, `0..=1` (`None`: no timer, e.g. a
    /// leader or a crashed server).
    pub timer_left: Option<f64>,
    /// How far its clock reads from simulated time now, microseconds (skew plus
    /// drift so far; positive: ahead).
    pub clock_us: i64,
    /// How fast its clock drifts, parts per million (positive: fast).
    pub drift_ppm: i32,
}

/// What kind of message a dot on the stage is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MsgKind {
    /// A candidate asks for a vote.
    RequestVote,
    /// A vote answer; `true` when granted.
    Vote(bool),
    /// AppendEntries without entries.
    Heartbeat,
    /// AppendEntries carrying this many entries.
    Append(usize),
    /// AppendEntries answer; `true` on success.
    AppendReply(bool),
}

impl MsgKind {
    /// The kind of `msg`.
    pub fn of(msg: &RaftMsg) -> Self {
        match msg {
            RaftMsg::RequestVote { .. } => MsgKind::RequestVote,
            RaftMsg::RequestVoteReply { vote_granted, .. } => MsgKind::Vote(*vote_granted),
            RaftMsg::AppendEntries { entries, .. } if entries.is_empty() => MsgKind::Heartbeat,
            RaftMsg::AppendEntries { entries, .. } => MsgKind::Append(entries.len()),
            RaftMsg::AppendEntriesReply { success, .. } => MsgKind::AppendReply(*success),
        }
    }

    /// The CSS class of its shape.
    pub fn class(self) -> &'static str {
        match self {
            MsgKind::RequestVote => "msg vote-req",
            MsgKind::Vote(true) => "msg vote-yes",
            MsgKind::Vote(false) => "msg vote-no",
            MsgKind::Heartbeat => "msg heartbeat",
            MsgKind::Append(_) => "msg append",
            MsgKind::AppendReply(true) => "msg append-ok",
            MsgKind::AppendReply(false) => "msg append-no",
        }
    }
}

/// One message copy in flight (its tooltip: [`message_title`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MsgSnap {
    /// Unique id of the copy (the `<For>` key).
    pub id: u64,
    /// Sender.
    pub from: usize,
    /// Receiver.
    pub to: usize,
    /// Its kind.
    pub kind: MsgKind,
    /// Term it carries (for the colour of an AppendEntries).
    pub term: u64,
    /// Share of its flight done, `0..=1`.
    pub flight: f64,
    /// True when the network will drop it (it vanishes half-way).
    pub dropped: bool,
}

/// The current leader for the status line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LeaderSnap {
    /// Server id.
    pub id: usize,
    /// Its term.
    pub term: u64,
}

/// A broken invariant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ViolationSnap {
    /// When, µs.
    pub at_us: u64,
    /// Which invariant (its `Display` is the paper's name).
    pub invariant: RaftInvariant,
    /// What was seen.
    pub detail: String,
}

/// Everything drawn for one frame.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Snapshot {
    /// Simulated time, µs.
    pub now_us: u64,
    /// Kernel events processed.
    pub events: u64,
    /// Servers by id.
    pub nodes: Vec<NodeSnap>,
    /// Messages on the wire, by id.
    pub messages: Vec<MsgSnap>,
    /// Cut directed links `(from, to)`.
    pub cut: Vec<(usize, usize)>,
    /// The running leader with the highest term.
    pub leader: Option<LeaderSnap>,
    /// Highest term any server has seen.
    pub max_term: u64,
    /// The invariant violation that stopped the run.
    pub violation: Option<ViolationSnap>,
    /// Current behaviour of the links.
    pub links: LinkFaults,
    /// The most recent kernel event, in words.
    pub last_event: Option<String>,
}

impl Snapshot {
    /// The picture of `world` now.
    pub fn of(world: &RaftWorld) -> Snapshot {
        Self::after(world, &Snapshot::default())
    }

    /// The picture of `world` now, sharing with `prev` (the previous frame's) every log
    /// that has not changed since.
    pub fn after(world: &RaftWorld, prev: &Snapshot) -> Snapshot {
        let now = world.now();
        Snapshot {
            now_us: now.as_micros(),
            events: world.events_processed(),
            nodes: world
                .nodes()
                .iter()
                .enumerate()
                .map(|(id, n)| node_snap(id, n, now.as_micros(), prev.node(id)))
                .collect(),
            messages: world
                .in_flight()
                .map(|m| MsgSnap {
                    id: m.id,
                    from: m.from,
                    to: m.to,
                    kind: MsgKind::of(&m.msg),
                    term: m.msg.term(),
                    flight: flight_fraction(
                        now.as_micros(),
                        m.sent_at.as_micros(),
                        m.deliver_at.as_micros(),
                    ),
                    dropped: matches!(m.fate, Fate::Drop(_)),
                })
                .collect(),
            cut: world.net().cut_links().collect(),
            leader: leader(world).map(|(id, term)| LeaderSnap { id, term }),
            max_term: world
                .nodes()
                .iter()
                .map(|n| n.process.current_term())
                .max()
                .unwrap_or(0),
            violation: world.violation().map(|(at, v)| ViolationSnap {
                at_us: at.as_micros(),
                invariant: v.invariant,
                detail: v.detail.clone(),
            }),
            links: *world.net().default_link(),
            last_event: world
                .trace()
                .recent()
                .next_back()
                .map(|r| describe::event(&r.event)),
        }
    }

    /// The server with id `id`.
    pub fn node(&self, id: usize) -> Option<&NodeSnap> {
        self.nodes.get(id)
    }

    /// The message with id `id` (messages are sorted by id).
    pub fn message(&self, id: u64) -> Option<&MsgSnap> {
        self.messages
            .binary_search_by_key(&id, |m| m.id)
            .ok()
            .map(|i| &self.messages[i])
    }

    /// True when the link between `a` and `b` is cut in either direction.
    pub fn is_cut(&self, a: usize, b: usize) -> bool {
        self.cut.contains(&(a, b)) || self.cut.contains(&(b, a))
    }

    /// The longest log, for the log table's columns.
    pub fn longest_log(&self) -> usize {
        self.nodes.iter().map(|n| n.log.len()).max().unwrap_or(0)
    }
}

/// `entries` as a shared log: `prev`'s when it holds the same log. A server's log is
/// known by its length and last term: two logs with an entry of the same index and
/// term are identical up to it (Raft §5.3, Log Matching), and a leader makes at most one
/// entry per index in its term, so a server's log with the same last index and term
/// as before is the same log.
fn shared_log(log: &RaftLog, prev: Option<&NodeSnap>) -> Arc<[Entry]> {
    let len = usize::try_from(log.last_index()).unwrap_or(usize::MAX);
    let last_term = log.entries().next_back().map(|e| e.term);
    match prev {
        Some(p) if p.log.len() == len && p.log.last().map(|e| e.term) == last_term => {
            Arc::clone(&p.log)
        }
        _ => log.entries().copied().collect(),
    }
}

/// The tooltip of message `id` if it is still in flight, e.g. `S1 → S3: Heartbeat term
/// 2, prev 4, commit 4 — will be dropped`.
pub fn message_title(world: &RaftWorld, id: u64) -> Option<String> {
    let m = world.in_flight().find(|m| m.id == id)?;
    Some(in_flight_title(
        &narrate::server(m.from),
        &narrate::server(m.to),
        &narrate::message(&m.msg),
        m.fate,
    ))
}

fn node_snap(id: usize, node: &Node<RaftNode>, now_us: u64, prev: Option<&NodeSnap>) -> NodeSnap {
    let p = &node.process;
    let look = if !node.up {
        Look::Crashed
    } else if node.paused_until.is_some() {
        Look::Paused
    } else {
        Look::Role(p.role())
    };
    let clock_us = node.clock.offset_us(SimTime(now_us));
    let local_now = now_us.saturating_add_signed(clock_us);
    let timer_left = match (node.up, p.role(), p.election_timer()) {
        (true, Role::Follower | Role::Candidate, Some((start, len))) if len > 0 => {
            Some(1.0 - flight_fraction(local_now, start.as_micros(), start.as_micros() + len))
        }
        _ => None,
    };
    NodeSnap {
        id,
        look,
        term: p.current_term(),
        voted_for: p.voted_for(),
        leader: p.leader(),
        log: shared_log(p.log(), prev),
        commit: node.up.then(|| p.commit_index()),
        timer_left,
        clock_us,
        drift_ppm: node.clock.drift_ppm,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ddia_core::consensus::raft::Scenario;
    use ddia_core::link::LabLink;
    use ddia_core::sim::Action;

    fn run(query: &str) -> RaftWorld {
        Scenario::from_query(query)
            .unwrap()
            .build_raft(256)
            .unwrap()
    }

    #[test]
    fn a_fresh_cluster_is_all_followers_with_running_timers() {
        let s = Snapshot::of(&run(""));
        assert_eq!(s.nodes.len(), 5);
        assert!(s.leader.is_none());
        for n in &s.nodes {
            assert_eq!(n.look, Look::Role(Role::Follower));
            let left = n.timer_left.expect("followers run an election timer");
            assert!((0.0..=1.0).contains(&left));
        }
    }

    #[test]
    fn a_leader_is_seen_and_its_log_replicates() {
        let mut w = run("t=1000000");
        let s = Snapshot::of(&w);
        let l = s.leader.expect("a leader after one second");
        assert_eq!(s.nodes[l.id].look, Look::Role(Role::Leader));
        assert_eq!(s.nodes[l.id].timer_left, None);
        assert!(s.max_term >= l.term);
        w.act(Action::Client {
            node: l.id,
            request: 7,
        });
        w.run_for(200_000);
        let s = Snapshot::of(&w);
        let last = s.nodes[l.id].log.len() as u64;
        assert!(s
            .nodes
            .iter()
            .all(|n| n.log.len() as u64 == last && n.commit == Some(last)));
        assert_eq!(s.nodes[0].log.last().unwrap().command, Some(7));
    }

    #[test]
    fn messages_partitions_and_crashes_show() {
        let mut w = run("t=1000000");
        w.act(Action::Partition { side: 0b11 });
        w.act(Action::Crash(4));
        w.run_for(60_000);
        // Every 50 ms a leader sends heartbeats, and without one a candidate's RequestVote
        // goes out within an election timeout (at most 300 ms); they fly 5-15 ms.
        let mut s = Snapshot::of(&w);
        for _ in 0..300 {
            if !s.messages.is_empty() {
                break;
            }
            w.run_for(1_000);
            s = Snapshot::of(&w);
        }
        assert!(s.is_cut(0, 2) && s.is_cut(2, 0) && !s.is_cut(0, 1));
        assert_eq!(s.nodes[4].look, Look::Crashed);
        assert!(!s.messages.is_empty(), "heartbeats are in flight");
        for m in &s.messages {
            assert!((0.0..=1.0).contains(&m.flight));
            assert_eq!(s.message(m.id), Some(m));
            let title = message_title(&w, m.id).expect("in flight");
            assert!(title.starts_with(&format!("S{} → S{}", m.from + 1, m.to + 1)));
            assert_eq!(m.dropped, title.ends_with("will be dropped"), "{title}");
        }
        assert_eq!(message_title(&w, u64::MAX), None);
        assert!(s.last_event.is_some());
    }

    #[test]
    fn a_crash_loses_the_commit_index_and_a_restart_starts_it_at_zero() {
        let mut w = run("seed=3&act=600000:q2=1&t=900000");
        w.act(Action::Crash(4));
        let down = Snapshot::of(&w);
        assert_eq!(down.nodes[4].commit, None, "volatile: lost in the crash");
        assert_eq!(down.nodes[4].log.len(), 2, "the log is on disk");
        assert!(down.nodes[4].term >= 1, "so is currentTerm");
        w.act(Action::Restart(4));
        assert_eq!(Snapshot::of(&w).nodes[4].commit, Some(0));
        w.run_for(200_000);
        let up = Snapshot::of(&w);
        assert_eq!(up.nodes[4].commit, up.nodes[1].commit, "caught up");
        assert_eq!(up.nodes[4].commit, Some(2));
    }

    #[test]
    fn an_unchanged_log_is_shared_with_the_previous_frame_not_copied() {
        let mut w = run("seed=3&act=600000:q2=1,700000:q2=2&t=900000");
        let first = Snapshot::of(&w);
        w.run_for(30_000);
        let next = Snapshot::after(&w, &first);
        assert!(next.now_us > first.now_us);
        for (a, b) in first.nodes.iter().zip(&next.nodes) {
            assert!(
                Arc::ptr_eq(&a.log, &b.log),
                "S{}'s log was copied",
                a.id + 1
            );
        }
        w.act(Action::Client {
            node: 1,
            request: 3,
        });
        let grown = Snapshot::after(&w, &next);
        assert!(!Arc::ptr_eq(&grown.nodes[1].log, &next.nodes[1].log));
        assert_eq!(grown.nodes[1].log.len(), next.nodes[1].log.len() + 1);
        assert_eq!(grown, Snapshot::of(&w), "sharing changes nothing drawn");
    }

    #[test]
    fn message_kinds_tell_heartbeats_from_entries() {
        let hb = RaftMsg::AppendEntries {
            term: 1,
            prev_log_index: 0,
            prev_log_term: 0,
            entries: vec![],
            leader_commit: 0,
        };
        assert_eq!(MsgKind::of(&hb), MsgKind::Heartbeat);
        let ae = RaftMsg::AppendEntries {
            term: 1,
            prev_log_index: 0,
            prev_log_term: 0,
            entries: vec![Entry {
                term: 1,
                command: Some(1),
            }],
            leader_commit: 0,
        };
        assert_eq!(MsgKind::of(&ae), MsgKind::Append(1));
        assert_ne!(MsgKind::Heartbeat.class(), MsgKind::Append(1).class());
    }
}
