//! What a run delivered, counted from the sink's contents against every event the log
//! ever held ([`super::history`], so retention changes no count) and the committed
//! offsets (DDIA ch. 11, "Fault Tolerance"). An event the group has committed past is
//! *done*; a done event with no effect in the sink is *pending* while a consumer still
//! holds its write or the write is on the wire, and *lost* once no consumer will write
//! it any more (its consumer crashed, dropped the batch, or the write was lost; or
//! retention deleted it before any consumer processed it). An effect is *duplicated*
//! for every copy beyond the first. Nothing is assumed from the guarantee chosen.
//! Without an explicit replay, lost and duplicated never fall.
//!
//! A partition's committed offset is the broker's, or the one the sink stores with the
//! outputs (atomic commit), whichever is further ([`committed`]).

use alloc::collections::{BTreeMap, BTreeSet};
use alloc::vec::Vec;

use super::broker::Broker;
use super::consumer::Stage;
use super::msg::Msg;
use super::run::StreamRun;
use super::sink::Sink;
use super::{Member, SINK};
use crate::sim::Fate;

/// Lost and duplicated effects of a run so far, counted in events and effects.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Delivery {
    /// Events below the committed offsets (the group says they are done).
    pub done: u64,
    /// Of those, events with no effect in the sink that no consumer will write any more.
    pub lost: u64,
    /// Of the lost, events retention deleted before any consumer processed them.
    pub lost_to_retention: u64,
    /// Of the done, events with no effect yet whose write is still coming (held by a
    /// consumer, or on the wire to the sink).
    pub pending: u64,
    /// Effects in the sink beyond the first of their event.
    pub duplicated: u64,
    /// Events with exactly one effect in the sink.
    pub once: u64,
}

/// Counts the sink's effects of `run` against its history and committed offsets.
pub fn delivery(run: &StreamRun) -> Delivery {
    let sink = run.sink();
    let mut copies: BTreeMap<u64, u64> = BTreeMap::new();
    for o in &sink.outputs {
        *copies.entry(o.id).or_insert(0) += 1;
    }
    let mut d = Delivery {
        duplicated: copies.values().map(|c| c - 1).sum(),
        once: copies.values().filter(|&&c| c == 1).count() as u64,
        ..Delivery::default()
    };
    let coming = pending_writes(run);
    for (p, committed) in committed(run.broker(), sink).into_iter().enumerate() {
        for r in run.history.below(p, committed) {
            let id = r.event.id;
            d.done += 1;
            if copies.contains_key(&id) {
                continue;
            }
            if coming.contains(&id) {
                d.pending += 1;
            } else {
                d.lost += 1;
                d.lost_to_retention += u64::from(!run.history.was_processed(id));
            }
        }
    }
    d
}

/// Ids of the events whose effect is still coming: held by an up consumer with the
/// write ahead, or in a write on the wire to the sink.
pub fn pending_writes(run: &StreamRun) -> BTreeSet<u64> {
    let mut ids = BTreeSet::new();
    for n in run.world.nodes().iter().filter(|n| n.up) {
        if let Member::Consumer(c) = &n.process {
            if let Stage::Working(b) = &c.stage {
                ids.extend(b.unwritten());
            }
        }
    }
    for m in run.world.in_flight() {
        if let (SINK, Fate::Deliver, Msg::Write { outputs, .. }) = (m.to, m.fate, &m.msg) {
            ids.extend(outputs.iter().map(|o| o.id));
        }
    }
    ids
}

/// Each partition's committed offset: the broker's, or the sink's stored with the
/// outputs under atomic commit, whichever is further.
pub fn committed(broker: &Broker, sink: &Sink) -> Vec<u64> {
    (0u32..)
        .zip(&broker.committed)
        .map(|(p, &c)| c.max(sink.offsets.get(&p).copied().unwrap_or(0)))
        .collect()
}
