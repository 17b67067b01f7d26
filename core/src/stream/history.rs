//! The run's ground truth, kept outside the retained log: every record the broker ever
//! appended, which events a consumer of the group has processed, and the windowing
//! operator's input and state. Retention deletes log segments, but it changes neither
//! what was produced nor what was processed and emitted downstream (DDIA ch. 11, "Disk
//! space usage"), so the counters ([`super::delivery`]) and the windowing operator
//! ([`super::lab::StreamLab::windows`]) read this, never the log as it stands.
//!
//! **Window state follows the delivery guarantee.** The group's windowing operator
//! keeps its state as Kafka Streams keeps a state store: each event's window update is
//! written with the event's effect (its changelog write goes out with the outputs,
//! DDIA ch. 11, "Rebuilding state after a failure"; Kafka Streams flushes state-store
//! changelogs with the outputs before it commits the offsets, and commits all three
//! atomically under exactly-once; Flink's checkpoints snapshot operator state with the
//! input offsets). So an event enters the operator when its effect is applied at the
//! sink, at that moment (its processing time), once per effect:
//!
//! - a crash loses the crashed consumer's updates not yet written with their effects
//!   (its memory); the written ones survive and the partition's next owner goes on
//!   from them (state restored from the changelog);
//! - at-least-once: a batch processed again after a crash before its commit updates
//!   its windows again, so an event counts once per effect in the sink (duplicates
//!   included);
//! - at-most-once: a batch whose effects were lost never reaches its windows;
//! - exactly-once: the idempotent sink skips an event id it holds and the atomic write
//!   applies outputs and offsets once, so every event counts once;
//! - a replay from an old offset delivers events again: under at-least-once they enter
//!   again, now behind the watermark (late, handled by the late policy); under
//!   exactly-once they are deduplicated.
//!
//! [`History::observe`] runs after every event ([`super::run::StreamRun::step`]).

use alloc::collections::BTreeSet;
use alloc::vec::Vec;

use super::consumer::Stage;
use super::log::Record;
use super::msg::Output;
use super::window::TimedEvent;
use super::windowing::Windowing;
use super::{Member, BROKER};
use crate::sim::vec_map::VecMap;
use crate::sim::{Node, NodeId, SimTime};

/// A batch a consumer has processed: (partition, first offset, the consumer's batch
/// number since it started).
type BatchId = (u32, u64, u64);

/// What happened in the run so far, whatever retention deleted since.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    /// Every record ever appended, per partition, indexed by offset.
    pub records: Vec<Vec<Record>>,
    /// The windowing operator's input, in processing order: one entry per effect
    /// applied at the sink (an event with two effects enters twice), `arrival_us` being
    /// the moment the sink applied it with its window update (the operator's
    /// processing time, DDIA ch. 11, "Event time versus processing time").
    pub processed: Vec<TimedEvent>,
    /// The windowing operator fed with `processed`, if the run has windows.
    pub windowing: Option<Windowing>,
    processed_ids: BTreeSet<u64>,
    /// Each appended event's (partition, event time), indexed by id (the producer's
    /// ids count from 0; a Vec, not one more map type in the page).
    placed: Vec<Option<(u32, u64)>>,
    /// Sink outputs already entered.
    applied: usize,
    /// Each up consumer's batch last seen processed.
    in_hand: VecMap<NodeId, BatchId>,
}

impl History {
    /// Records what the event just handled at `now` changed in `nodes`: records
    /// appended, batches processed, effects applied (fed to the windowing operator).
    pub fn observe(&mut self, now: SimTime, nodes: &[Node<Member>]) {
        for (id, node) in nodes.iter().enumerate() {
            match &node.process {
                Member::Broker(b) if id == BROKER => self.appended(b),
                Member::Sink(s) => self.applied(&s.outputs, now),
                Member::Consumer(c) if node.up => {
                    let Stage::Working(batch) = &c.stage else {
                        continue;
                    };
                    let Some(first) = batch.records.first().filter(|_| batch.processed) else {
                        continue;
                    };
                    let seen = (batch.partition, first.offset, c.batches);
                    if self.in_hand.insert(id, seen) != Some(seen) {
                        self.processed_ids
                            .extend(batch.records.iter().map(|r| r.event.id));
                    }
                }
                Member::Consumer(_) => {
                    self.in_hand.remove(&id);
                }
                _ => {}
            }
        }
    }

    fn appended(&mut self, b: &super::broker::Broker) {
        self.records.resize_with(b.partitions.len(), Vec::new);
        for ((log, seen), p) in b.partitions.iter().zip(&mut self.records).zip(0u32..) {
            let known = seen.len() as u64;
            if log.end() > known {
                let fresh = log.records().filter(|r| r.offset >= known);
                for r in fresh {
                    let i = usize::try_from(r.event.id).unwrap_or(usize::MAX);
                    if i >= self.placed.len() && i < usize::MAX {
                        self.placed.resize(i + 1, None);
                    }
                    if let Some(slot) = self.placed.get_mut(i) {
                        *slot = Some((p, r.event.event_us));
                    }
                    seen.push(*r);
                }
            }
        }
    }

    /// Enters the sink's outputs applied since the last call, at `now`.
    fn applied(&mut self, outputs: &[Output], now: SimTime) {
        for o in outputs.get(self.applied..).unwrap_or(&[]) {
            let placed = usize::try_from(o.id).ok().and_then(|i| self.placed.get(i));
            let Some(&Some((partition, event_us))) = placed else {
                continue;
            };
            let e = TimedEvent {
                partition,
                key: o.key,
                event_us,
                arrival_us: now.as_micros(),
                value: o.value,
                id: o.id,
            };
            if let Some(w) = self.windowing.as_mut() {
                w.push(&e);
            }
            self.processed.push(e);
        }
        self.applied = outputs.len();
    }

    /// Whether a consumer has processed event `id` at least once.
    pub fn was_processed(&self, id: u64) -> bool {
        self.processed_ids.contains(&id)
    }

    /// Records appended so far, all partitions.
    pub fn appended_count(&self) -> u64 {
        self.records.iter().map(|p| p.len() as u64).sum()
    }

    /// Every record appended to `partition` below offset `below`.
    pub fn below(&self, partition: usize, below: u64) -> &[Record] {
        let all = self.records.get(partition).map_or(&[][..], Vec::as_slice);
        &all[..all.len().min(usize::try_from(below).unwrap_or(usize::MAX))]
    }
}
