//! Building the stream world from its parameters, and running it with a crash planned
//! at an exact point of one consumer's pipeline ([`CrashPoint`]).

use alloc::vec::Vec;

use super::assign::Assignor;
use super::broker::Broker;
use super::consumer::{Consumer, ConsumerConfig, CrashPoint, Guarantee, Mark, Stage};
use super::delivery::{committed, delivery, pending_writes, Delivery};
use super::group::{Group, GroupTiming};
use super::history::History;
use super::log::Retention;
use super::producer::{Producer, ProducerConfig};
use super::rebuilder::Rebuilder;
use super::sink::Sink;
use super::{Member, StreamWorld, BROKER, FIRST_CONSUMER, PRODUCER, REBUILDER, SINK};
use crate::sim::{Action, LinkFaults, SimTime, Timed};

/// Everything the stream world is built from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StreamParams {
    /// The topic's partitions (1 or more).
    pub partitions: u32,
    /// Consumers in the group at the start.
    pub consumers: u32,
    /// How partitions are assigned.
    pub assignor: Assignor,
    /// Every consumer's configuration.
    pub consumer: ConsumerConfig,
    /// The producer's configuration.
    pub producer: ProducerConfig,
    /// The topic's retention.
    pub retention: Retention,
    /// Heartbeats, session timeout and rebalance pause.
    pub timing: GroupTiming,
}

impl Default for StreamParams {
    /// Three partitions, two consumers (range assignor), the default producer,
    /// consumer and group timing, no retention limit.
    fn default() -> Self {
        StreamParams {
            partitions: 3,
            consumers: 2,
            assignor: Assignor::Range,
            consumer: ConsumerConfig::default(),
            producer: ProducerConfig::default(),
            retention: Retention::default(),
            timing: GroupTiming::default(),
        }
    }
}

impl StreamParams {
    /// The world at time zero: broker, producer, sink, then the consumers, on links
    /// behaving like `links`, randomness from `seed`.
    pub fn world(&self, seed: u64, links: LinkFaults) -> StreamWorld {
        let group = Group {
            assignor: self.assignor,
            ..Group::default()
        };
        let consumer = ConsumerConfig {
            heartbeat_us: self.timing.heartbeat_us,
            ..self.consumer
        };
        let mut members = Vec::from([
            Member::Broker(Broker::new(
                self.partitions,
                self.retention,
                group,
                self.timing,
            )),
            Member::Producer(Producer::new(self.producer)),
            Member::Sink(Sink::default()),
            Member::Rebuilder(Rebuilder::new(self.partitions)),
        ]);
        members.extend((0..self.consumers).map(|_| Member::Consumer(Consumer::new(consumer))));
        StreamWorld::new(seed, members, links, 0)
    }
}

/// A crash of consumer `consumer` (0-based) when it reaches `point` in its `batch`-th
/// batch (from 1), and its restart `restart_after_us` later. Inside the sink write
/// ([`CrashPoint::MidWrite`]) it is the first batch of two records or more from the
/// `batch`-th on (a 1-record write has no inside), so the same plan crashes every
/// guarantee but the atomic write, whatever the fetches returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CrashPlan {
    /// Which consumer (0 = the first, node [`FIRST_CONSUMER`]).
    pub consumer: u32,
    /// Where in its pipeline.
    pub point: CrashPoint,
    /// In which batch.
    pub batch: u64,
    /// Restart after this long, µs.
    pub restart_after_us: u64,
}

impl CrashPlan {
    /// Whether the consumer standing at `mark` is where the plan crashes it.
    fn reached(&self, mark: Mark) -> bool {
        match self.point {
            CrashPoint::MidWrite => mark.point == self.point && mark.batch >= self.batch,
            _ => mark.point == self.point && mark.batch == self.batch,
        }
    }

    /// Whether a consumer configured as `config` past the planned batch may still
    /// reach the point: inside a write of 2 records or more, not atomic.
    fn waits(&self, config: &ConsumerConfig) -> bool {
        self.point == CrashPoint::MidWrite
            && config.batch >= 2
            && config.guarantee != Guarantee::ExactlyOnceAtomic
    }
}

/// The stream world, its planned crash, and its ground truth.
pub struct StreamRun {
    /// The world.
    pub world: StreamWorld,
    /// What the run appended and processed so far, whatever retention deleted since.
    pub history: History,
    plan: Option<CrashPlan>,
    /// The planned crash, once it has happened.
    pub crashed: Option<Crashed>,
    /// The planned crash, once its batch has passed without it.
    pub missed: Option<Missed>,
    /// Records in the planned batch, once the consumer holds it.
    planned_records: Option<usize>,
}

/// A planned crash that could not happen: its consumer went past the planned batch
/// without standing at the planned point (only at-most-once stands between commit and
/// write; an atomic write has no inside, nor a write of batches of at most 1 record).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Missed {
    /// When the consumer began a later batch, simulated time.
    pub at: SimTime,
    /// The plan.
    pub plan: CrashPlan,
    /// Records in the planned batch (`None`: the consumer never held it).
    pub records: Option<usize>,
}

/// Where the planned crash caught its consumer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Crashed {
    /// When, simulated time.
    pub at: SimTime,
    /// The consumer's batch it crashed in (from 1).
    pub batch: u64,
    /// The partition of the batch in hand.
    pub partition: u32,
    /// The batch's first offset.
    pub first: u64,
    /// The offset after the batch.
    pub next: u64,
    /// Effects of the batch written before the crash.
    pub written: usize,
}

impl Crashed {
    /// Records in the batch.
    pub fn records(&self) -> u64 {
        self.next - self.first
    }
}

impl StreamRun {
    /// The world of `params` with `plan` armed.
    pub fn new(
        params: &StreamParams,
        seed: u64,
        links: LinkFaults,
        plan: Option<CrashPlan>,
    ) -> Self {
        StreamRun {
            world: params.world(seed, links),
            history: History::default(),
            plan,
            crashed: None,
            missed: None,
            planned_records: None,
        }
    }

    /// Processes the next event and records what it changed in the [`History`]; when
    /// the planned consumer stands at its crash point, its crash is queued at this very
    /// instant (after every event of the instant, and before its next step, which is a
    /// step later). False when nothing is left.
    pub fn step(&mut self) -> bool {
        let stepped = self.world.step();
        self.history.observe(self.world.now(), self.world.nodes());
        self.watch_plan();
        stepped
    }

    /// Queues the planned crash when its consumer stands at the point; notes a plan
    /// whose batch passed without it.
    fn watch_plan(&mut self) {
        if let (Some(plan), None, None) = (self.plan, self.crashed, self.missed) {
            let node = FIRST_CONSUMER + usize::try_from(plan.consumer).unwrap_or(usize::MAX);
            let up = self.world.nodes().get(node).is_some_and(|n| n.up);
            let batch = self
                .consumer(plan.consumer)
                .and_then(|c| match (&c.stage, c.mark) {
                    (Stage::Working(b), Some(mark)) if up && plan.reached(mark) => Some((b, mark)),
                    _ => None,
                });
            if let Some((b, mark)) = batch {
                let now = self.world.now();
                self.crashed = Some(Crashed {
                    at: now,
                    batch: mark.batch,
                    partition: b.partition,
                    first: b.records.first().map_or(0, |r| r.offset),
                    next: b.next_offset(),
                    written: b.written,
                });
                self.world.schedule(Timed {
                    at_us: now.as_micros(),
                    action: Action::Crash(node),
                });
                self.world.schedule(Timed {
                    at_us: now.plus(plan.restart_after_us).as_micros(),
                    action: Action::Restart(node),
                });
                return;
            }
            let Some(c) = self.consumer(plan.consumer) else {
                return;
            };
            match &c.stage {
                Stage::Working(b) if c.batches == plan.batch => {
                    self.planned_records = Some(b.records.len());
                }
                _ if c.batches > plan.batch && !plan.waits(&c.config) => {
                    self.missed = Some(Missed {
                        at: self.world.now(),
                        plan,
                        records: self.planned_records,
                    });
                }
                _ => {}
            }
        }
    }

    /// The planned crash while it has neither happened nor been missed, and how many
    /// batches its consumer has begun so far: at the run's end, a plan for a batch the
    /// consumer never reached (B2).
    pub fn pending_plan(&self) -> Option<(CrashPlan, u64)> {
        match (self.plan, self.crashed, self.missed) {
            (Some(plan), None, None) => {
                let begun = self.consumer(plan.consumer).map_or(0, |c| c.batches);
                Some((plan, begun))
            }
            _ => None,
        }
    }

    /// Runs every event up to time `t`, then sets the clock to `t`.
    pub fn run_until(&mut self, t: SimTime) {
        while self.world.next_event_time().is_some_and(|next| next <= t) && self.step() {}
        self.world.run_until(t);
    }

    /// The broker.
    pub fn broker(&self) -> &Broker {
        match self.world.nodes().get(BROKER).map(|n| &n.process) {
            Some(Member::Broker(b)) => b,
            _ => unreachable!("node 0 is the broker"),
        }
    }

    /// The sink.
    pub fn sink(&self) -> &Sink {
        match self.world.nodes().get(SINK).map(|n| &n.process) {
            Some(Member::Sink(s)) => s,
            _ => unreachable!("node 2 is the sink"),
        }
    }

    /// The producer.
    pub fn producer(&self) -> &Producer {
        match self.world.nodes().get(PRODUCER).map(|n| &n.process) {
            Some(Member::Producer(p)) => p,
            _ => unreachable!("node 1 is the producer"),
        }
    }

    /// The v2 view's builder.
    pub fn rebuilder(&self) -> &Rebuilder {
        match self.world.nodes().get(REBUILDER).map(|n| &n.process) {
            Some(Member::Rebuilder(r)) => r,
            _ => unreachable!("node 3 is the v2 builder"),
        }
    }

    /// Consumer `i` (0-based).
    pub fn consumer(&self, i: u32) -> Option<&Consumer> {
        let node = FIRST_CONSUMER + usize::try_from(i).ok()?;
        match self.world.nodes().get(node).map(|n| &n.process) {
            Some(Member::Consumer(c)) => Some(c),
            _ => None,
        }
    }

    /// Lost and duplicated effects so far, counted from the sink.
    pub fn delivery(&self) -> Delivery {
        delivery(self)
    }

    /// Each partition's consumer lag: records between the committed offset and the log
    /// end (DDIA ch. 11, "Consumer offsets").
    pub fn lag(&self) -> Vec<u64> {
        let b = self.broker();
        b.partitions
            .iter()
            .zip(committed(b, self.sink()))
            .map(|(l, c)| l.end().saturating_sub(c))
            .collect()
    }

    /// True when the producer has made and delivered every event, the group has
    /// committed every partition to its end ([`committed`]) and no write is on its way
    /// to the sink (at-most-once commits before it writes): the sink's counters are
    /// final (U6a).
    pub fn settled(&self) -> bool {
        let p = self.producer();
        let b = self.broker();
        let done = committed(b, self.sink());
        p.made == p.config.events
            && p.pending.is_empty()
            && b.partitions.iter().zip(done).all(|(l, c)| c >= l.end())
            && pending_writes(self).is_empty()
    }
}
