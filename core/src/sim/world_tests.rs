//! Kernel tests with a tiny ping-pong process.

use super::*;
use alloc::vec::Vec;

#[derive(Clone, Debug, Hash)]
enum Msg {
    Ping,
    Pong,
}
impl Labelled for Msg {
    fn label(&self) -> &'static str {
        match self {
            Msg::Ping => "Ping",
            Msg::Pong => "Pong",
        }
    }
}

/// Pings its right neighbour every 10 ms; `pongs` is volatile, `pings_sent` durable.
#[derive(Default)]
struct Pinger {
    pings_sent: u64,
    pongs: u64,
}

impl Process for Pinger {
    type Msg = Msg;
    type Timer = ();
    type Request = u64;
    type Reply = u64;
    type Note = u64;
    type Invariant = &'static str;
    fn on_start(&mut self, ctx: &mut Ctx<'_, Self>) {
        ctx.set_timer(10_000, ());
    }
    fn on_message(&mut self, from: NodeId, msg: Msg, ctx: &mut Ctx<'_, Self>) {
        match msg {
            Msg::Ping => ctx.send(from, Msg::Pong),
            Msg::Pong => self.pongs += 1,
        }
    }
    fn on_timer(&mut self, _: (), ctx: &mut Ctx<'_, Self>) {
        let to = (ctx.id() + 1) % ctx.cluster_size();
        self.pings_sent += 1;
        ctx.send(to, Msg::Ping);
        ctx.set_timer(10_000, ());
    }
    fn on_client(&mut self, request: u64, ctx: &mut Ctx<'_, Self>) {
        ctx.note(request);
        ctx.reply(request + 1);
    }
    fn restarted(&self) -> Self {
        Pinger {
            pings_sent: self.pings_sent,
            pongs: 0,
        }
    }
}

fn world(seed: u64, links: LinkFaults) -> World<Pinger> {
    World::new(seed, (0..3).map(|_| Pinger::default()).collect(), links, 64)
}

fn pongs(w: &World<Pinger>) -> Vec<u64> {
    w.nodes().iter().map(|n| n.process.pongs).collect()
}

fn lossy(loss_ppm: u32) -> LinkFaults {
    LinkFaults {
        loss_ppm,
        dup_ppm: 100_000,
        ..LinkFaults::default()
    }
}

#[test]
fn same_seed_same_digest_other_seed_other_digest() {
    let run = |seed| {
        let mut w = world(seed, lossy(200_000));
        w.run_until(SimTime::from_millis(1_000));
        w.digest()
    };
    assert_eq!(run(1), run(1));
    assert_ne!(run(1), run(2));
}

#[test]
fn healthy_links_deliver_every_ping() {
    let mut w = world(1, LinkFaults::default());
    w.run_until(SimTime::from_millis(1_005));
    // 100 pings each; a pong takes at most 30 ms to come back.
    for p in pongs(&w) {
        assert!((97..=100).contains(&p), "{p}");
    }
    assert!(w.in_flight().count() <= 12);
}

#[test]
fn loss_drops_messages_and_the_trace_says_why() {
    let mut w = world(5, lossy(500_000));
    w.run_until(SimTime::from_millis(1_000));
    let total: u64 = pongs(&w).iter().sum();
    assert!(
        total < 200,
        "half the pings and half the pongs are lost: {total}"
    );
    let mut dropped = 0;
    for r in w.trace().recent() {
        if let Event::Dropped { reason, .. } = r.event {
            assert_eq!(reason, DropReason::Loss);
            dropped += 1;
        }
    }
    assert!(dropped > 0);
}

#[test]
fn partition_isolates_a_node_and_heal_restores_it() {
    let mut w = world(2, LinkFaults::default());
    w.act(Action::Partition { side: 0b001 });
    w.run_until(SimTime::from_millis(500));
    let before = pongs(&w);
    // Node 0 pings node 1 across the cut, node 2 pings node 0 across the cut.
    assert_eq!(before[0], 0);
    assert_eq!(before[2], 0);
    assert!(before[1] > 40);
    w.act(Action::Heal);
    w.run_until(SimTime::from_millis(1_000));
    assert!(pongs(&w)[0] > 40);
}

#[test]
fn crash_loses_volatile_state_and_restart_keeps_durable_state() {
    let mut w = world(3, LinkFaults::default());
    w.run_until(SimTime::from_millis(200));
    let others = |w: &World<Pinger>| [0, 2].map(|i| w.nodes()[i].process.pings_sent);
    let before = others(&w);
    w.act(Action::Crash(1));
    let sent = w.nodes()[1].process.pings_sent;
    w.run_until(SimTime::from_millis(400));
    let after = others(&w);
    assert!(
        after[0] >= before[0] + 19 && after[1] >= before[1] + 19,
        "the others keep their timers"
    );
    assert_eq!(
        w.nodes()[1].process.pings_sent,
        sent,
        "no timers while down"
    );
    assert!(!w.nodes()[1].up);
    w.act(Action::Restart(1));
    assert_eq!(w.nodes()[1].process.pongs, 0);
    assert_eq!(w.nodes()[1].process.pings_sent, sent);
    w.run_until(SimTime::from_millis(600));
    assert!(w.nodes()[1].process.pings_sent > sent);
}

#[test]
fn pause_defers_timers_until_resume() {
    let mut w = world(4, LinkFaults::default());
    w.run_until(SimTime::from_millis(100));
    w.act(Action::Pause {
        node: 0,
        for_us: 300_000,
    });
    let sent = w.nodes()[0].process.pings_sent;
    w.run_until(SimTime::from_millis(399));
    assert_eq!(w.nodes()[0].process.pings_sent, sent);
    assert_eq!(w.nodes()[0].paused_until, Some(SimTime::from_millis(400)));
    w.run_until(SimTime::from_millis(400));
    assert_eq!(w.nodes()[0].paused_until, None);
    // The timer that came due during the pause fires as soon as the node resumes.
    assert!(w.nodes()[0].process.pings_sent > sent);
}

#[test]
fn skew_shifts_the_local_clock_only() {
    let mut w = world(4, LinkFaults::default());
    w.act(Action::Skew {
        node: 2,
        skew_us: -5_000_000,
    });
    w.act(Action::Client {
        node: 2,
        request: 41,
    });
    assert_eq!(w.nodes()[2].clock.offset_us(w.now()), -5_000_000);
    assert!(w
        .trace()
        .recent()
        .any(|r| matches!(r.event, Event::ClientReply { node: 2, reply: 42 })));
}

#[test]
fn recorded_live_actions_replay_to_the_same_digest() {
    let mut live = world(9, lossy(100_000));
    live.run_until(SimTime::from_millis(123));
    live.act(Action::Crash(0));
    live.step();
    live.step();
    live.act(Action::Partition { side: 0b010 });
    live.run_until(SimTime::from_millis(400));
    live.act(Action::Restart(0));
    live.act(Action::Client {
        node: 1,
        request: 7,
    });
    live.run_until(SimTime::from_millis(900));

    let mut replay = world(9, lossy(100_000));
    for t in live.recorded().iter().cloned() {
        replay.schedule(t);
    }
    replay.run_until(SimTime::from_millis(900));
    assert_eq!(live.recorded().len(), 4);
    assert_eq!(replay.digest(), live.digest());
}

#[test]
fn out_of_range_nodes_are_ignored_not_panicking() {
    let mut w = world(1, LinkFaults::default());
    w.act(Action::Crash(17));
    w.act(Action::CutLink { from: 0, to: 99 });
    w.run_until(SimTime::from_millis(50));
    assert!(w.nodes().iter().all(|n| n.up));
}

struct NoMorePongsThan(u64);
impl Checker<Pinger> for NoMorePongsThan {
    fn check(&mut self, _: SimTime, nodes: &[Node<Pinger>]) -> Result<(), Violation<&'static str>> {
        match nodes.iter().find(|n| n.process.pongs > self.0) {
            Some(_) => Err(Violation {
                invariant: "pong cap",
                detail: "too many pongs".into(),
            }),
            None => Ok(()),
        }
    }
}

#[test]
fn a_violation_stops_the_run_at_that_event() {
    let pingers = (0..3).map(|_| Pinger::default()).collect();
    let mut w = World::with_checker(1, pingers, LinkFaults::default(), 64, NoMorePongsThan(3));
    assert_eq!(
        w.checker().0,
        3,
        "the world's checker is read as its own type"
    );
    w.run_until(SimTime::from_millis(1_000));
    let (at, v) = w.violation().cloned().expect("violation");
    assert_eq!(v.invariant, "pong cap");
    assert!(at < SimTime::from_millis(100));
    assert_eq!(w.now(), at);
    assert!(!w.step());
}

#[test]
fn one_link_can_be_made_lossy_on_its_own() {
    let mut w = world(6, LinkFaults::default());
    let dead = LinkFaults {
        loss_ppm: PPM,
        ..LinkFaults::default()
    };
    w.act(Action::SetLink {
        from: 0,
        to: 1,
        faults: dead,
    });
    w.run_until(SimTime::from_millis(500));
    let p = pongs(&w);
    assert_eq!(p[0], 0, "every ping 0 -> 1 is lost");
    assert!(p[1] > 40 && p[2] > 40, "{p:?}");
}

/// The first ping in flight: its id and when it would land.
fn first_ping(w: &World<Pinger>) -> (MsgId, SimTime) {
    let m = w.in_flight().next().expect("a ping in flight");
    (m.id, m.deliver_at)
}

/// Runs to the first ping's departure (10 ms) and returns the world and that ping.
fn with_a_ping_in_flight() -> (World<Pinger>, MsgId, SimTime) {
    let mut w = world(5, LinkFaults::default());
    w.set_trace_capacity(100_000);
    w.run_until(SimTime(10_000));
    let (id, at) = first_ping(&w);
    (w, id, at)
}

fn delivered(w: &World<Pinger>, id: MsgId) -> Vec<SimTime> {
    w.trace()
        .recent()
        .filter(|r| matches!(r.event, Event::Delivered { msg, .. } if msg == id))
        .map(|r| r.at)
        .collect()
}

#[test]
fn a_message_dropped_by_hand_never_arrives() {
    let (mut w, id, _) = with_a_ping_in_flight();
    w.act(Action::DropMessage(id));
    w.run_until(SimTime(15_000));
    assert!(delivered(&w, id).is_empty());
    let why = w.trace().recent().find_map(|r| match r.event {
        Event::Dropped { msg, reason, .. } if msg == id => Some(reason),
        _ => None,
    });
    assert_eq!(why, Some(DropReason::ByHand));
    assert!(w.in_flight().all(|m| m.id != id), "off the wire at once");
}

#[test]
fn a_message_duplicated_by_hand_arrives_twice() {
    let (mut w, id, _) = with_a_ping_in_flight();
    w.act(Action::DuplicateMessage(id));
    let copy = w.in_flight().map(|m| m.id).max().unwrap();
    assert_ne!(copy, id);
    w.run_until(SimTime(60_000));
    assert_eq!(delivered(&w, id).len(), 1);
    assert_eq!(delivered(&w, copy).len(), 1, "the copy arrives too");
}

#[test]
fn a_message_held_by_hand_arrives_that_much_later() {
    let (mut w, id, due) = with_a_ping_in_flight();
    w.act(Action::HoldMessage {
        msg: id,
        for_us: 30_000,
    });
    w.run_until(SimTime(80_000));
    assert_eq!(delivered(&w, id), [due.plus(30_000)]);
}

#[test]
fn hand_actions_on_landed_messages_do_nothing() {
    let (mut w, id, due) = with_a_ping_in_flight();
    w.run_until(due);
    let before = w.in_flight().count();
    for a in [
        Action::DropMessage(id),
        Action::DuplicateMessage(id),
        Action::HoldMessage { msg: id, for_us: 1 },
        Action::DropMessage(u64::MAX),
    ] {
        w.act(a);
    }
    assert_eq!(w.in_flight().count(), before);
    assert_eq!(delivered(&w, id).len(), 1);
}

#[test]
fn the_space_time_diagram_draws_messages_crashes_and_partitions() {
    use super::spacetime::{space_time, BandKind, LineEnd};
    let mut w = world(5, LinkFaults::default());
    w.set_trace_capacity(100_000);
    w.schedule(Timed {
        at_us: 25_000,
        action: Action::Crash(1),
    });
    w.schedule(Timed {
        at_us: 45_000,
        action: Action::Restart(1),
    });
    w.schedule(Timed {
        at_us: 60_000,
        action: Action::Partition { side: 0b1 },
    });
    w.run_until(SimTime(72_000));
    let d = space_time(&w, 72_000, usize::MAX, |e| match e {
        Event::Crashed(n) => Some((*n, "down")),
        _ => None,
    });
    assert!(d.complete);
    let sent = w
        .trace()
        .recent()
        .filter(|r| matches!(r.event, Event::Sent { .. }))
        .count();
    let originals = d.lines.iter().filter(|l| !l.copy).count();
    assert_eq!(originals, sent, "a line per message sent");
    assert!(d
        .lines
        .iter()
        .all(|l| l.sent_us <= l.end_us && l.end_us <= 72_000));
    let flying = d.lines.iter().filter(|l| l.end == LineEnd::Flying).count();
    assert_eq!(flying, w.in_flight().count());
    assert!(
        d.lines.iter().any(|l| l.end == LineEnd::Dropped),
        "pings to the crashed node"
    );
    let crash = d
        .bands
        .iter()
        .find(|b| b.kind == BandKind::Crashed)
        .unwrap();
    assert_eq!(
        (crash.node, crash.from_us, crash.to_us),
        (Some(1), 25_000, 45_000)
    );
    let cut = d
        .bands
        .iter()
        .find(|b| b.kind == BandKind::Partitioned)
        .unwrap();
    assert_eq!(
        (cut.node, cut.from_us, cut.to_us),
        (None, 60_000, 72_000),
        "open until now"
    );
    assert_eq!(d.marks.len(), 1);
    let newest = space_time(&w, 72_000, 3, |_| None);
    assert_eq!(
        newest.lines,
        d.lines[d.lines.len() - 3..],
        "the newest 3 lines"
    );
    let late = space_time(&w, 10_000, usize::MAX, |_| None);
    assert!(
        late.lines.iter().all(|l| l.end_us >= 62_000),
        "only the window's lines"
    );
    assert!(late.bands.iter().all(|b| b.kind == BandKind::Partitioned));
    assert_eq!(d.lanes, [0, 1, 2], "every node pinged or was pinged");
}

/// play17b N7: a band that began before the window keeps its real start (the view
/// clips it; its tooltip says when it began), and one that began before the trace
/// kept says its start is unknown.
#[test]
fn a_band_keeps_its_start_before_the_window() {
    use super::spacetime::{space_time, BandKind};
    let mut w = world(3, LinkFaults::default());
    w.set_trace_capacity(100_000);
    w.schedule(Timed {
        at_us: 25_000,
        action: Action::Crash(1),
    });
    w.run_until(SimTime(90_000));
    let crashed = |window: u64, w: &World<Pinger>| {
        let d = space_time(w, window, usize::MAX, |_| None);
        let b = d
            .bands
            .iter()
            .find(|b| b.kind == BandKind::Crashed)
            .cloned();
        b.map(|b| (b.from_us, b.from_known, b.to_us))
    };
    assert_eq!(crashed(30_000, &w), Some((25_000, true, 90_000)));
    w.set_trace_capacity(10);
    let kept_from = w.trace().recent().next().map(|r| r.at.as_micros());
    assert_eq!(
        crashed(30_000, &w),
        kept_from.map(|k| (k.max(60_000), false, 90_000)),
        "down since before the oldest event kept"
    );
}
