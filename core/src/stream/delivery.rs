//! What a run delivered, counted from the sink's contents against the log (DDIA ch. 11,
//! "Fault Tolerance"): an event is *lost* when the group has committed past it and the
//! sink holds no effect of it; an effect is *duplicated* for every copy beyond the
//! first. Nothing is assumed from the guarantee chosen. A partition's committed offset
//! is the broker's, or the one the sink stores with the outputs (atomic commit),
//! whichever is further ([`committed`]).

use alloc::collections::BTreeMap;
use alloc::vec::Vec;

use super::broker::Broker;
use super::sink::Sink;

/// Lost and duplicated effects of a run so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Delivery {
    /// Events in the log below the committed offsets (the group says they are done).
    pub done: u64,
    /// Of those, events with no effect in the sink.
    pub lost: u64,
    /// Effects in the sink beyond the first of their event.
    pub duplicated: u64,
    /// Events with exactly one effect in the sink.
    pub once: u64,
}

/// Counts `sink`'s effects against `broker`'s log and committed offsets.
pub fn delivery(broker: &Broker, sink: &Sink) -> Delivery {
    let mut copies: BTreeMap<u64, u64> = BTreeMap::new();
    for o in &sink.outputs {
        *copies.entry(o.id).or_insert(0) += 1;
    }
    let mut d = Delivery {
        duplicated: copies.values().map(|c| c - 1).sum(),
        once: copies.values().filter(|&&c| c == 1).count() as u64,
        ..Delivery::default()
    };
    for (log, committed) in broker.partitions.iter().zip(committed(broker, sink)) {
        for r in log.records().filter(|r| r.offset < committed) {
            d.done += 1;
            if !copies.contains_key(&r.event.id) {
                d.lost += 1;
            }
        }
    }
    d
}

/// Each partition's committed offset: the broker's, or the sink's stored with the
/// outputs under atomic commit, whichever is further.
pub fn committed(broker: &Broker, sink: &Sink) -> Vec<u64> {
    (0u32..)
        .zip(&broker.committed)
        .map(|(p, &c)| c.max(sink.offsets.get(&p).copied().unwrap_or(0)))
        .collect()
}
