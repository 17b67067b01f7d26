//! A consumer (nodes 3..): a member of the group that fetches a batch from one of its
//! partitions, processes it, writes one effect per event to the sink and commits the
//! batch's offset, in the order its delivery guarantee sets (DDIA ch. 11, "Fault
//! Tolerance", and Kafka's consumer):
//!
//! | guarantee | order after processing | a crash between them |
//! |---|---|---|
//! | at-most-once | commit, then write | after the commit, before the write: the batch's effects are lost |
//! | at-least-once | write, then commit | after the write, before the commit: the batch is processed again, its effects duplicated |
//! | exactly-once (idempotent sink) | write keyed by event id, then commit | as at-least-once, but the sink skips an event it already holds |
//! | exactly-once (atomic) | one atomic write of the outputs and the offset to the sink, then an informational commit | a batch is applied whole or not at all; on assignment the consumer reads its offsets from the sink |
//!
//! Each step of the pipeline takes `step_us` of simulated time (processing takes
//! `step_us` per record), so the moments between steps are distinct instants: the
//! consumer raises a [`Mark`] at each [`CrashPoint`] it reaches, and a crash planned
//! there ([`super::lab`]) happens before the next step. All its state is volatile: a
//! restarted consumer rejoins the group and starts from the committed offsets.

use alloc::collections::VecDeque;
use alloc::vec::Vec;

use super::log::Record;
use super::msg::{Msg, Note, Output, Request, Timer, WriteKind};
use super::{Member, BROKER, SINK};
use crate::sim::vec_map::VecMap;
use crate::sim::Ctx;

/// When the consumer commits its offset, relative to processing and the sink write.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Guarantee {
    /// Commit before writing (`amo`).
    AtMostOnce,
    /// Write, then commit (`alo`).
    #[default]
    AtLeastOnce,
    /// Write to an idempotent sink, then commit (`eo`).
    ExactlyOnceIdempotent,
    /// Write the outputs and the offset in one atomic write (`eot`).
    ExactlyOnceAtomic,
}

impl Guarantee {
    /// Every guarantee.
    pub const ALL: [Guarantee; 4] = [
        Guarantee::AtMostOnce,
        Guarantee::AtLeastOnce,
        Guarantee::ExactlyOnceIdempotent,
        Guarantee::ExactlyOnceAtomic,
    ];

    /// The link word.
    pub fn word(self) -> &'static str {
        match self {
            Guarantee::AtMostOnce => "amo",
            Guarantee::AtLeastOnce => "alo",
            Guarantee::ExactlyOnceIdempotent => "eo",
            Guarantee::ExactlyOnceAtomic => "eot",
        }
    }

    /// Its name in words, e.g. "exactly-once (idempotent sink)".
    pub fn name(self) -> &'static str {
        match self {
            Guarantee::AtMostOnce => "at-most-once",
            Guarantee::AtLeastOnce => "at-least-once",
            Guarantee::ExactlyOnceIdempotent => "exactly-once (idempotent sink)",
            Guarantee::ExactlyOnceAtomic => "exactly-once (output + offset atomically)",
        }
    }

    /// Whether it promises never to lose an effect.
    pub fn no_loss(self) -> bool {
        self != Guarantee::AtMostOnce
    }

    /// Whether it promises never to duplicate an effect.
    pub fn no_duplicate(self) -> bool {
        self != Guarantee::AtLeastOnce
    }

    fn steps(self, n: usize) -> VecDeque<Step> {
        let writes = (0..n).map(Step::Write);
        match self {
            Guarantee::AtMostOnce => core::iter::once(Step::Commit).chain(writes).collect(),
            Guarantee::AtLeastOnce | Guarantee::ExactlyOnceIdempotent => {
                writes.chain(core::iter::once(Step::Commit)).collect()
            }
            Guarantee::ExactlyOnceAtomic => [Step::Atomic, Step::Commit].into_iter().collect(),
        }
    }
}

/// A moment of the pipeline where a crash can be planned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CrashPoint {
    /// After processing, before the offset commit (`commit`).
    BeforeCommit,
    /// After the offset commit, before the sink write (`write`): at-most-once only.
    BeforeWrite,
    /// Inside the sink write: after the batch's first effect is written, before the
    /// rest (`mid`); batches of two or more, not the atomic write (it has no inside). A
    /// plan for batch `n` crashes in the first batch of two or more from the `n`-th on.
    MidWrite,
}

impl CrashPoint {
    /// Every point.
    pub const ALL: [CrashPoint; 3] = [
        CrashPoint::BeforeCommit,
        CrashPoint::BeforeWrite,
        CrashPoint::MidWrite,
    ];

    /// The link word.
    pub fn word(self) -> &'static str {
        match self {
            CrashPoint::BeforeCommit => "commit",
            CrashPoint::BeforeWrite => "write",
            CrashPoint::MidWrite => "mid",
        }
    }
}

/// A crash point the consumer has just reached, in its `batch`-th batch (from 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Mark {
    /// The point.
    pub point: CrashPoint,
    /// The batch.
    pub batch: u64,
}

/// How a consumer works, µs of simulated time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ConsumerConfig {
    /// Its delivery guarantee.
    pub guarantee: Guarantee,
    /// Most records per fetch.
    pub batch: u32,
    /// One step of the pipeline (and processing one record).
    pub step_us: u64,
    /// Wait before fetching again after an empty or refused fetch.
    pub poll_us: u64,
    /// Resend an unanswered request after this long.
    pub retry_us: u64,
    /// Between heartbeats.
    pub heartbeat_us: u64,
}

impl Default for ConsumerConfig {
    /// At-least-once, batches of 4, 2 ms steps, 20 ms polls, 100 ms retries, 50 ms
    /// heartbeats.
    fn default() -> Self {
        ConsumerConfig {
            guarantee: Guarantee::AtLeastOnce,
            batch: 4,
            step_us: 2_000,
            poll_us: 20_000,
            retry_us: 100_000,
            heartbeat_us: 50_000,
        }
    }
}

/// One step after processing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Step {
    /// Commit the batch's offset to the broker.
    Commit,
    /// Write the effect of the batch's `i`-th record.
    Write(usize),
    /// Write every effect and the offset atomically.
    Atomic,
}

/// A batch being worked on.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Batch {
    /// Its partition.
    pub partition: u32,
    /// Its records.
    pub records: Vec<Record>,
    /// Processed (the steps after processing have begun).
    pub processed: bool,
    /// Its offset is committed.
    pub committed: bool,
    /// Effects written so far.
    pub written: usize,
    steps: VecDeque<Step>,
}

impl Batch {
    /// The batch's first offset.
    pub fn first_offset(&self) -> u64 {
        self.records.first().map_or(0, |r| r.offset)
    }

    /// The offset after the batch.
    pub fn next_offset(&self) -> u64 {
        self.records.last().map_or(0, |r| r.offset + 1)
    }

    /// Ids of the events whose effect is still to be written by this batch (a write
    /// step ahead, the one under way included).
    pub fn unwritten(&self) -> impl Iterator<Item = u64> + '_ {
        self.steps
            .iter()
            .flat_map(move |step| match *step {
                Step::Write(i) => self.records.get(i..=i).unwrap_or(&[]),
                Step::Atomic => &self.records[..],
                Step::Commit => &[],
            })
            .map(|r| r.event.id)
    }
}

/// Where the consumer is.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Stage {
    /// Waiting for an assignment.
    Joining,
    /// Left the group on request.
    Left,
    /// Asking the sink for its offsets (atomic commit).
    Offsets,
    /// Between batches.
    Idle,
    /// Waiting for the records of a fetch of this partition.
    Fetching(u32),
    /// Processing or writing and committing a batch.
    Working(Batch),
}

/// A consumer's state (all volatile).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Consumer {
    /// Its configuration.
    pub config: ConsumerConfig,
    /// Where it is.
    pub stage: Stage,
    /// The group generation of its assignment.
    pub generation: u64,
    /// Its partitions and the next offset it reads in each.
    pub positions: VecMap<u32, u64>,
    /// Batches begun since it started.
    pub batches: u64,
    /// The crash point it has just reached, if any.
    pub mark: Option<Mark>,
    session: u64,
    epoch: u64,
    seq: u64,
    waiting: Option<u64>,
    cursor: usize,
}

impl Consumer {
    /// A consumer that has not joined yet.
    pub fn new(config: ConsumerConfig) -> Self {
        Consumer {
            config,
            stage: Stage::Joining,
            generation: 0,
            positions: VecMap::new(),
            batches: 0,
            mark: None,
            session: 0,
            epoch: 0,
            seq: 0,
            waiting: None,
            cursor: 0,
        }
    }

    /// Boots: a fresh session, joins the group, starts heartbeats.
    pub(super) fn start(&mut self, ctx: &mut Ctx<'_, Member>) {
        self.session = ctx.rng().next_u64();
        ctx.send(BROKER, Msg::Join);
        ctx.set_timer(self.config.heartbeat_us, Timer::Heartbeat);
    }

    /// Handles a message from the broker or the sink.
    pub(super) fn on_message(&mut self, msg: Msg, ctx: &mut Ctx<'_, Member>) {
        match msg {
            Msg::HeartbeatAck { generation, member } => self.heartbeat_ack(generation, member, ctx),
            Msg::Assign {
                generation,
                partitions,
                offsets,
            } => self.assigned(generation, &partitions, &offsets, ctx),
            Msg::OffsetsAre { seq, offsets } if self.answers(seq) => {
                let parts: Vec<u32> = self.positions.keys().copied().collect();
                for (p, o) in parts.into_iter().zip(offsets) {
                    if let Some(o) = o {
                        self.positions.insert(p, o);
                    }
                }
                self.idle(self.config.step_us, ctx);
            }
            Msg::Records {
                seq,
                first,
                records,
                fenced,
            } if self.answers(seq) => self.records(first, records, fenced, ctx),
            Msg::Committed { seq, ok } if self.answers(seq) => {
                if ok {
                    self.step_done(ctx);
                } else {
                    self.abandon(ctx);
                }
            }
            Msg::Written { seq, fenced } if self.answers(seq) => {
                if fenced {
                    self.drop_batch(false, ctx);
                    self.ask_offsets(ctx);
                } else {
                    self.step_done(ctx);
                }
            }
            _ => {}
        }
    }

    /// Handles one of its timers.
    pub(super) fn on_timer(&mut self, timer: Timer, ctx: &mut Ctx<'_, Member>) {
        match timer {
            Timer::Heartbeat if self.stage != Stage::Left => {
                ctx.send(BROKER, Msg::Heartbeat(self.generation));
                ctx.set_timer(self.config.heartbeat_us, Timer::Heartbeat);
            }
            Timer::Step(epoch) if epoch == self.epoch => self.step(ctx),
            Timer::Retry(seq) if self.waiting == Some(seq) => self.resend(ctx),
            _ => {}
        }
    }

    /// A request from outside: leave or join the group.
    pub(super) fn on_request(&mut self, request: Request, ctx: &mut Ctx<'_, Member>) {
        match request {
            Request::Leave if self.stage != Stage::Left => {
                self.drop_batch(true, ctx);
                self.stage = Stage::Left;
                self.positions.clear();
                ctx.send(BROKER, Msg::Leave);
            }
            Request::Join if self.stage == Stage::Left => {
                self.stage = Stage::Joining;
                self.start(ctx);
            }
            _ => {}
        }
    }

    fn answers(&self, seq: u64) -> bool {
        self.waiting == Some(seq)
    }

    fn heartbeat_ack(&mut self, generation: u64, member: bool, ctx: &mut Ctx<'_, Member>) {
        if self.stage == Stage::Left {
            return;
        }
        if !member {
            ctx.send(BROKER, Msg::Join);
        } else if generation > self.generation {
            ctx.send(BROKER, Msg::Sync);
        }
    }

    fn assigned(
        &mut self,
        generation: u64,
        partitions: &[u32],
        offsets: &[u64],
        ctx: &mut Ctx<'_, Member>,
    ) {
        let fresh = generation > self.generation || self.stage == Stage::Joining;
        if !fresh || generation < self.generation || self.stage == Stage::Left {
            return;
        }
        self.drop_batch(false, ctx);
        self.generation = generation;
        self.positions.clear();
        for (&p, &o) in partitions.iter().zip(offsets) {
            self.positions.insert(p, o);
        }
        if self.config.guarantee == Guarantee::ExactlyOnceAtomic && !partitions.is_empty() {
            self.ask_offsets(ctx);
        } else {
            self.idle(self.config.step_us, ctx);
        }
    }

    /// Atomic commit: reads its partitions' offsets from the sink before reading on.
    fn ask_offsets(&mut self, ctx: &mut Ctx<'_, Member>) {
        self.stage = Stage::Offsets;
        let partitions: Vec<u32> = self.positions.keys().copied().collect();
        self.request(SINK, ctx, |seq| Msg::Offsets { seq, partitions });
    }

    /// Sends a request built from a fresh `seq` and waits for its answer.
    fn request(&mut self, to: usize, ctx: &mut Ctx<'_, Member>, msg: impl FnOnce(u64) -> Msg) {
        self.seq += 1;
        let seq = self.seq;
        self.waiting = Some(seq);
        ctx.send(to, msg(seq));
        ctx.set_timer(self.config.retry_us, Timer::Retry(seq));
    }

    /// Between batches; the next step after `after_us`. A new epoch makes every earlier
    /// step timer stale.
    fn idle(&mut self, after_us: u64, ctx: &mut Ctx<'_, Member>) {
        self.stage = Stage::Idle;
        self.waiting = None;
        self.mark = None;
        self.epoch += 1;
        ctx.set_timer(after_us, Timer::Step(self.epoch));
    }

    /// Drops the batch in hand (its uncommitted work will be done again by the
    /// partition's next owner), `leaving` the group or because its generation is over.
    fn drop_batch(&mut self, leaving: bool, ctx: &mut Ctx<'_, Member>) {
        if let Stage::Working(b) = &self.stage {
            ctx.note(Note::BatchAbandoned {
                partition: b.partition,
                from: b.first_offset(),
                to: b.next_offset(),
                written: b.written as u64,
                leaving,
            });
        }
        self.stage = Stage::Joining;
        self.waiting = None;
        self.mark = None;
        self.epoch += 1;
    }

    /// Its commit was refused: says so, and drops the batch.
    fn abandon(&mut self, ctx: &mut Ctx<'_, Member>) {
        if let Stage::Working(b) = &self.stage {
            ctx.note(Note::CommitRefused {
                partition: b.partition,
                from: b.first_offset(),
                to: b.next_offset(),
                generation: self.generation,
                written: b.written as u64,
            });
            self.stage = Stage::Idle;
        }
        self.drop_batch(false, ctx);
        self.idle(self.config.poll_us, ctx);
    }

    fn step(&mut self, ctx: &mut Ctx<'_, Member>) {
        match &mut self.stage {
            Stage::Idle => self.fetch(ctx),
            Stage::Working(b) if !b.processed => {
                b.processed = true;
                b.steps = self.config.guarantee.steps(b.records.len());
                self.advance(ctx);
            }
            Stage::Working(_) if self.waiting.is_none() => self.perform(ctx),
            _ => {}
        }
    }

    fn fetch(&mut self, ctx: &mut Ctx<'_, Member>) {
        let parts: Vec<(u32, u64)> = self.positions.iter().map(|(&p, &o)| (p, o)).collect();
        if parts.is_empty() {
            self.idle(self.config.poll_us, ctx);
            return;
        }
        let (partition, offset) = parts[self.cursor % parts.len()];
        self.cursor = self.cursor.wrapping_add(1);
        self.stage = Stage::Fetching(partition);
        let (generation, max) = (self.generation, self.config.batch);
        self.request(BROKER, ctx, |seq| Msg::Fetch {
            generation,
            partition,
            offset,
            max,
            seq,
        });
    }

    fn records(
        &mut self,
        first: u64,
        records: Vec<Record>,
        fenced: bool,
        ctx: &mut Ctx<'_, Member>,
    ) {
        let Stage::Fetching(partition) = self.stage else {
            return;
        };
        self.waiting = None;
        let asked = self.positions.get(&partition).copied().unwrap_or(first);
        if !fenced && first > asked {
            ctx.note(Note::SkippedByRetention {
                partition,
                from: asked,
                to: first,
            });
        }
        if fenced || records.is_empty() {
            if !fenced {
                self.positions.insert(partition, first);
            }
            self.idle(self.config.poll_us, ctx);
            return;
        }
        self.batches += 1;
        let processing = self.config.step_us.saturating_mul(records.len() as u64);
        self.stage = Stage::Working(Batch {
            partition,
            records,
            processed: false,
            committed: false,
            written: 0,
            steps: VecDeque::new(),
        });
        self.epoch += 1;
        ctx.set_timer(processing, Timer::Step(self.epoch));
    }

    /// Raises the mark of the step ahead (or finishes the batch) and waits a step.
    fn advance(&mut self, ctx: &mut Ctx<'_, Member>) {
        let Stage::Working(b) = &self.stage else {
            return;
        };
        let point = match b.steps.front() {
            None => {
                self.positions.insert(b.partition, b.next_offset());
                self.idle(self.config.step_us, ctx);
                return;
            }
            Some(Step::Commit) => Some(CrashPoint::BeforeCommit),
            Some(Step::Write(_)) if b.written > 0 => Some(CrashPoint::MidWrite),
            Some(Step::Write(_)) if b.committed => Some(CrashPoint::BeforeWrite),
            Some(_) => None,
        };
        self.mark = point.map(|point| Mark {
            point,
            batch: self.batches,
        });
        self.epoch += 1;
        ctx.set_timer(self.config.step_us, Timer::Step(self.epoch));
    }

    /// Takes the step ahead: sends its request (an at-most-once write is not waited for).
    fn perform(&mut self, ctx: &mut Ctx<'_, Member>) {
        self.mark = None;
        let Stage::Working(b) = &self.stage else {
            return;
        };
        let Some(&step) = b.steps.front() else {
            return;
        };
        let (partition, offset, generation) = (b.partition, b.next_offset(), self.generation);
        let from = b.records.first().map_or(offset, |r| r.offset);
        let session = self.session;
        let outputs: Vec<Output> = match step {
            Step::Write(i) => b.records.get(i).map(output).into_iter().collect(),
            Step::Atomic => b.records.iter().map(output).collect(),
            Step::Commit => Vec::new(),
        };
        let kind = match (step, self.config.guarantee) {
            (Step::Atomic, _) => WriteKind::Atomic {
                partition,
                from,
                offset,
            },
            (_, Guarantee::ExactlyOnceIdempotent) => WriteKind::Idempotent,
            _ => WriteKind::Plain,
        };
        match step {
            Step::Commit => self.request(BROKER, ctx, |seq| Msg::Commit {
                generation,
                partition,
                offset,
                seq,
            }),
            Step::Write(_) if self.config.guarantee == Guarantee::AtMostOnce => {
                self.seq += 1;
                let seq = self.seq;
                ctx.send(
                    SINK,
                    Msg::Write {
                        session,
                        seq,
                        outputs,
                        kind,
                    },
                );
                self.step_done(ctx);
            }
            Step::Write(_) | Step::Atomic => self.request(SINK, ctx, |seq| Msg::Write {
                session,
                seq,
                outputs,
                kind,
            }),
        }
    }

    /// The step ahead is acknowledged (or needed no answer): on to the next.
    fn step_done(&mut self, ctx: &mut Ctx<'_, Member>) {
        self.waiting = None;
        if let Stage::Working(b) = &mut self.stage {
            match b.steps.pop_front() {
                Some(Step::Commit) => b.committed = true,
                Some(Step::Write(_)) => b.written += 1,
                Some(Step::Atomic) => b.written = b.records.len(),
                None => {}
            }
        }
        self.advance(ctx);
    }

    /// An unanswered request is sent again, as a new request (a new `seq`): the
    /// application's retry, which a non-idempotent sink applies twice if the first
    /// attempt did arrive (DDIA ch. 12, "The end-to-end argument").
    fn resend(&mut self, ctx: &mut Ctx<'_, Member>) {
        match &self.stage {
            Stage::Offsets => self.ask_offsets(ctx),
            Stage::Fetching(_) => {
                self.stage = Stage::Idle;
                self.fetch(ctx);
            }
            Stage::Working(_) => self.perform(ctx),
            _ => {}
        }
    }

    /// After a crash nothing is kept but the configuration.
    pub(super) fn restarted(&self) -> Self {
        Consumer::new(self.config)
    }
}

/// The effect of one record: its value added to its key.
fn output(r: &Record) -> Output {
    Output {
        id: r.event.id,
        key: r.event.key,
        value: r.event.value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn each_guarantee_orders_its_steps() {
        let steps = |g: Guarantee| Vec::from(g.steps(2));
        assert_eq!(
            steps(Guarantee::AtMostOnce),
            vec![Step::Commit, Step::Write(0), Step::Write(1)]
        );
        assert_eq!(
            steps(Guarantee::AtLeastOnce),
            vec![Step::Write(0), Step::Write(1), Step::Commit]
        );
        assert_eq!(
            steps(Guarantee::ExactlyOnceAtomic),
            vec![Step::Atomic, Step::Commit]
        );
    }
}
