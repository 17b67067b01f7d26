//! Stream processing, DDIA ch. 11 (and the derived data of ch. 12): a log-based
//! broker with a partitioned topic, a consumer group, delivery guarantees, event time
//! and windows.
//!
//! The broker world runs on the simulation kernel ([`crate::sim`]), so message loss,
//! delay, duplication, crashes and pauses apply to it like to every networked lab:
//!
//! - node 0, [`broker::Broker`]: the topic's partitions ([`log`]: append-only, offsets,
//!   retention by size or time), the committed offsets, and the group coordinator
//!   ([`group`]: heartbeats, session timeouts, rebalances that pause the group,
//!   assignment by [`assign::Assignor`]);
//! - node 1, [`producer::Producer`]: keyed events with an event time, held for a seeded
//!   delay (and sometimes a straggler's) before they reach the broker;
//! - node 2, [`sink::Sink`]: the database the consumers write their effects to, whose
//!   per-key sums are the derived view;
//! - node 3, [`rebuilder::Rebuilder`]: a v2 view built, on request, by replaying
//!   every partition from offset 0 outside the group;
//! - nodes 4.., [`consumer::Consumer`]: the group's members, committing offsets
//!   before or after the sink write as their [`consumer::Guarantee`] says.
//!
//! Time ([`window`], [`watermark`], [`windowing`]): event-time windows (tumbling,
//! hopping, sliding, session), watermarks by bounded out-of-orderness per partition
//! combined by the minimum with an idle timeout, allowed lateness and a late policy,
//! run headless by [`windowing::run_windows`] and checked against a batch oracle
//! ([`window::batch`]); [`completeness`] measures what a tighter or looser watermark
//! costs. In the lab the group's window state follows the delivery guarantee: each
//! event's window update is written with its effect ([`history`] says how a crash,
//! reprocessing and a replay change it).
//!
//! [`narrate`] tells the run in sentences for the event log.
//!
//! The lab: [`lab`] (the driver the page and the book read), [`scenario`] (its link,
//! `lab=stream`), [`knobs`] (its knob ranges), [`book`] (its book scenarios).
//!
//! [`delivery`] counts lost and duplicated effects from the sink's contents; [`view`]
//! rebuilds the derived view by replaying the log from offset 0; [`checker`] checks
//! the log and the offsets after every event; [`run`] builds the world and carries out
//! a crash planned at an exact point of a consumer's pipeline.

#![warn(missing_docs)]

pub mod assign;
pub mod book;
pub mod broker;
pub mod checker;
pub mod completeness;
pub mod consumer;
pub mod delivery;
pub mod group;
pub mod history;
pub mod knobs;
pub mod lab;
pub mod log;
pub mod msg;
pub mod narrate;
pub mod producer;
pub mod rebuilder;
pub mod run;
pub mod scenario;
pub mod sink;
pub mod view;
pub mod watermark;
pub mod window;
pub mod windowing;

pub use checker::StreamChecker;
pub use consumer::{CrashPoint, Guarantee};
pub use delivery::{delivery, Delivery};
pub use log::{Event, Record, Retention};
pub use msg::{Invariant, Msg, Note, Request, Timer};
pub use run::{CrashPlan, Crashed, Missed, StreamParams, StreamRun};

use crate::sim::{self, Ctx, Process, World};

/// The broker's node.
pub const BROKER: sim::NodeId = 0;
/// The producer's node.
pub const PRODUCER: sim::NodeId = 1;
/// The sink's node.
pub const SINK: sim::NodeId = 2;
/// The v2 view builder's node.
pub const REBUILDER: sim::NodeId = 3;
/// The first consumer's node.
pub const FIRST_CONSUMER: sim::NodeId = 4;

/// The stream world: its processes, checked after every event by [`StreamChecker`].
pub type StreamWorld = World<Member, StreamChecker>;

/// One process of the stream world.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Member {
    /// Node 0.
    Broker(broker::Broker),
    /// Node 1.
    Producer(producer::Producer),
    /// Node 2.
    Sink(sink::Sink),
    /// Node 3.
    Rebuilder(rebuilder::Rebuilder),
    /// Nodes 4...
    Consumer(consumer::Consumer),
}

impl Process for Member {
    type Msg = Msg;
    type Timer = Timer;
    type Request = Request;
    type Reply = ();
    type Note = Note;
    type Invariant = Invariant;

    fn on_start(&mut self, ctx: &mut Ctx<'_, Self>) {
        match self {
            Member::Broker(b) => {
                ctx.set_timer(b.timing.heartbeat_us, Timer::Expire);
            }
            Member::Producer(p) => p.start(ctx),
            Member::Sink(_) => {}
            Member::Rebuilder(r) => r.resume(ctx),
            Member::Consumer(c) => c.start(ctx),
        }
    }

    fn on_message(&mut self, from: sim::NodeId, msg: Msg, ctx: &mut Ctx<'_, Self>) {
        match self {
            Member::Broker(b) => broker_message(b, from, msg, ctx),
            Member::Producer(p) => {
                if let Msg::Produced(id) = msg {
                    p.pending.remove(&id);
                }
            }
            Member::Sink(s) => match msg {
                Msg::Offsets { seq, partitions } => s.offsets(from, seq, &partitions, ctx),
                write => s.write(from, write, ctx),
            },
            Member::Rebuilder(r) => {
                if let Msg::Records {
                    seq,
                    first,
                    records,
                    ..
                } = msg
                {
                    r.records(seq, first, &records, ctx);
                }
            }
            Member::Consumer(c) => c.on_message(msg, ctx),
        }
    }

    fn on_timer(&mut self, timer: Timer, ctx: &mut Ctx<'_, Self>) {
        match (self, timer) {
            (Member::Broker(b), Timer::Expire) => b.expire(ctx),
            (Member::Broker(b), Timer::Rebalanced(g)) => b.rebalanced(g, ctx),
            (Member::Producer(p), Timer::Tick) => p.tick(ctx),
            (Member::Producer(p), Timer::Send(id) | Timer::Resend(id)) => p.send(id, ctx),
            (Member::Consumer(c), t) => c.on_timer(t, ctx),
            (Member::Rebuilder(r), t) => r.on_timer(t, ctx),
            _ => {}
        }
    }

    fn on_client(&mut self, request: Request, ctx: &mut Ctx<'_, Self>) {
        match (self, request) {
            (Member::Broker(b), Request::Replay { partition, offset }) => {
                b.replay(partition, offset, ctx)
            }
            (Member::Rebuilder(r), Request::Rebuild) => r.start(ctx),
            (Member::Consumer(c), r) => c.on_request(r, ctx),
            _ => {}
        }
    }

    /// The broker keeps its log and offsets, the sink everything it applied, the v2
    /// builder its view and positions; the producer loses its unsent buffer, a consumer
    /// everything.
    fn restarted(&self) -> Self {
        match self {
            Member::Broker(b) => Member::Broker(b.restarted()),
            Member::Producer(p) => Member::Producer(p.restarted()),
            Member::Sink(s) => Member::Sink(s.clone()),
            Member::Rebuilder(r) => Member::Rebuilder(r.clone()),
            Member::Consumer(c) => Member::Consumer(c.restarted()),
        }
    }
}

fn broker_message(b: &mut broker::Broker, from: sim::NodeId, msg: Msg, ctx: &mut Ctx<'_, Member>) {
    match msg {
        Msg::Produce(event) => {
            b.produce(event, ctx);
            ctx.send(from, Msg::Produced(event.id));
        }
        Msg::Join => b.join(from, ctx),
        Msg::Leave => b.leave(from, ctx),
        Msg::Heartbeat(_) => b.heartbeat(from, ctx),
        Msg::Sync => b.send_assignment(from, ctx),
        Msg::Read {
            partition,
            offset,
            max,
            seq,
        } => {
            let (first, records) = b.read(partition, offset, max);
            let fenced = false;
            ctx.send(
                from,
                Msg::Records {
                    seq,
                    first,
                    records,
                    fenced,
                },
            );
        }
        Msg::Fetch { .. } => {
            if let Some(reply) = b.fetch(from, &msg) {
                ctx.send(from, reply);
            }
        }
        Msg::Commit {
            generation,
            partition,
            offset,
            seq,
        } => {
            let before = b.committed.get(broker::index(partition)).copied();
            let ok = b.commit(from, generation, partition, offset);
            if ok && before < Some(offset) {
                ctx.note(Note::OffsetCommitted {
                    member: from,
                    partition,
                    offset,
                });
            }
            ctx.send(from, Msg::Committed { seq, ok });
        }
        _ => {}
    }
}
