//! The run's ground truth, kept outside the retained log: every record the broker ever
//! appended, and each event's first processing by a consumer of the group (its
//! processing time). Retention deletes log segments, but it changes neither what was
//! produced nor what was processed and emitted downstream (DDIA ch. 11, "Disk space
//! usage"), so the counters ([`super::delivery`]) and the windowing operator
//! ([`super::lab::StreamLab::windows`]) read this, never the log as it stands.
//!
//! [`History::observe`] runs after every event ([`super::run::StreamRun::step`]).

use alloc::collections::{BTreeMap, BTreeSet};
use alloc::vec::Vec;

use super::consumer::Stage;
use super::log::Record;
use super::window::TimedEvent;
use super::{Member, BROKER};
use crate::sim::{Node, NodeId, SimTime};

/// A batch a consumer has processed: (partition, first offset, the consumer's batch
/// number since it started).
type BatchId = (u32, u64, u64);

/// What happened in the run so far, whatever retention deleted since.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    /// Every record ever appended, per partition, indexed by offset.
    pub records: Vec<Vec<Record>>,
    /// Each event's first processing by a consumer, in processing order: the windowing
    /// operator's input, `arrival_us` being the moment the consumer finished processing
    /// the event's batch (its processing time, DDIA ch. 11, "Event time versus
    /// processing time").
    pub processed: Vec<TimedEvent>,
    processed_ids: BTreeSet<u64>,
    /// Each up consumer's batch last seen processed.
    in_hand: BTreeMap<NodeId, BatchId>,
}

impl History {
    /// Records what the event just handled at `now` changed in `nodes`: records
    /// appended, batches processed.
    pub fn observe(&mut self, now: SimTime, nodes: &[Node<Member>]) {
        for (id, node) in nodes.iter().enumerate() {
            match &node.process {
                Member::Broker(b) if id == BROKER => self.appended(b),
                Member::Consumer(c) if node.up => {
                    let Stage::Working(batch) = &c.stage else {
                        continue;
                    };
                    let Some(first) = batch.records.first().filter(|_| batch.processed) else {
                        continue;
                    };
                    let seen = (batch.partition, first.offset, c.batches);
                    if self.in_hand.insert(id, seen) != Some(seen) {
                        self.processed_batch(batch.partition, &batch.records, now);
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
        for (log, seen) in b.partitions.iter().zip(&mut self.records) {
            let known = seen.len() as u64;
            if log.end() > known {
                seen.extend(log.records().filter(|r| r.offset >= known).copied());
            }
        }
    }

    fn processed_batch(&mut self, partition: u32, records: &[Record], now: SimTime) {
        for r in records {
            if self.processed_ids.insert(r.event.id) {
                self.processed.push(TimedEvent {
                    partition,
                    key: r.event.key,
                    event_us: r.event.event_us,
                    arrival_us: now.as_micros(),
                    value: r.event.value,
                    id: r.event.id,
                });
            }
        }
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
