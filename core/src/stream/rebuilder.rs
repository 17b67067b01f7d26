//! The v2 view's builder (node [`super::REBUILDER`]): a new application that, when
//! asked, reads every partition of the topic from offset 0 and builds its own per-key
//! sums, beside the live view the consumer group keeps in the sink (DDIA ch. 11,
//! "Replaying old messages", and ch. 12, "Reprocessing data for application
//! evolution": derive a new view by replaying the log, let it catch up, then compare
//! or switch).
//!
//! It reads with its own positions, outside the consumer group (Kafka's `assign()` and
//! `seek(0)`), so starting it pauses nobody: no rebalance. Its table and positions are
//! one durable store, written together, so a crash loses nothing and it reads on
//! where it was. A position below the log start (deleted by retention) reads from the
//! log start, and the v2 view then misses those events.

use alloc::collections::BTreeMap;
use alloc::vec;
use alloc::vec::Vec;

use super::log::Record;
use super::msg::{Msg, Note, Timer};
use super::{Member, BROKER};
use crate::sim::Ctx;

/// Records read per request.
const BATCH: u32 = 8;
/// Processing one record, µs.
const STEP_US: u64 = 2_000;
/// Wait after reaching a partition's end, or before resending, µs.
const POLL_US: u64 = 20_000;
/// Resend an unanswered read after this long, µs.
const RETRY_US: u64 = 100_000;

/// The v2 builder's state (all durable).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Rebuilder {
    /// Asked to build (a rebuild request arrived).
    pub started: bool,
    /// Each partition's next offset to read.
    pub positions: Vec<u64>,
    /// The v2 view: each key's sum of the events read.
    pub view: BTreeMap<u64, i64>,
    /// Records retention had deleted before it read them.
    pub missed: u64,
    /// Records read so far.
    pub read: u64,
    seq: u64,
    cursor: usize,
    /// The partition of the read in flight.
    reading: usize,
    /// Reads in a row that found nothing new.
    empty: usize,
    /// It has once read every partition to its end.
    pub reached_end: bool,
}

impl Rebuilder {
    /// A builder that has not started.
    pub fn new(partitions: u32) -> Self {
        Rebuilder {
            positions: vec![0; usize::try_from(partitions).unwrap_or(0)],
            ..Rebuilder::default()
        }
    }

    /// A rebuild request: an empty view, every partition from offset 0.
    pub(super) fn start(&mut self, ctx: &mut Ctx<'_, Member>) {
        *self = Rebuilder {
            started: true,
            ..Rebuilder::new(u32::try_from(self.positions.len()).unwrap_or(0))
        };
        self.read_next(ctx);
    }

    /// After a restart (or on boot): reads on if it was building.
    pub(super) fn resume(&mut self, ctx: &mut Ctx<'_, Member>) {
        if self.started {
            self.read_next(ctx);
        }
    }

    /// Asks the broker for the next partition's records, round-robin.
    fn read_next(&mut self, ctx: &mut Ctx<'_, Member>) {
        let n = self.positions.len();
        if n == 0 {
            return;
        }
        let p = self.cursor % n;
        self.cursor = self.cursor.wrapping_add(1);
        self.reading = p;
        self.seq += 1;
        let (partition, seq) = (u32::try_from(p).unwrap_or(0), self.seq);
        ctx.send(
            BROKER,
            Msg::Read {
                partition,
                offset: self.positions[p],
                max: BATCH,
                seq,
            },
        );
        ctx.set_timer(RETRY_US, Timer::Retry(seq));
    }

    /// Records from the broker: applied to the view, then the next read after the
    /// processing time (or a poll when there was nothing new).
    pub(super) fn records(
        &mut self,
        seq: u64,
        first: u64,
        records: &[Record],
        ctx: &mut Ctx<'_, Member>,
    ) {
        if seq != self.seq || !self.started {
            return;
        }
        let Some(pos) = self.positions.get_mut(self.reading) else {
            return;
        };
        self.missed += first.saturating_sub(*pos);
        *pos = records.last().map_or(first.max(*pos), |r| r.offset + 1);
        for r in records {
            *self.view.entry(r.event.key).or_insert(0) += r.event.value;
        }
        self.read += records.len() as u64;
        self.empty = if records.is_empty() {
            self.empty + 1
        } else {
            0
        };
        if !self.reached_end && self.empty >= self.positions.len() {
            self.reached_end = true;
            ctx.note(Note::RebuildCaughtUp {
                read: self.read,
                missed: self.missed,
            });
        }
        let wait = if records.is_empty() {
            POLL_US
        } else {
            STEP_US.saturating_mul(records.len() as u64)
        };
        self.seq += 1;
        ctx.set_timer(wait, Timer::Step(self.seq));
    }

    /// Its timers: the next read, or a resend of an unanswered one.
    pub(super) fn on_timer(&mut self, timer: Timer, ctx: &mut Ctx<'_, Member>) {
        match timer {
            Timer::Step(seq) | Timer::Retry(seq) if self.started && seq == self.seq => {
                self.read_next(ctx);
            }
            _ => {}
        }
    }

    /// Whether it has read every partition up to `ends` (each log's end offset) and
    /// found nothing more in a round of reads (its catch-up is narrated then).
    pub fn caught_up(&self, ends: &[u64]) -> bool {
        self.reached_end && self.positions.iter().zip(ends).all(|(p, e)| p >= e)
    }
}
