//! The partitioning lab's knob ranges: one [`KnobRange`] per numeric link key, read by
//! the link parser ([`super::scenario`]), its error sentences, its documentation table
//! (checked by a test) and the page's sliders.

use crate::link::KnobRange;

/// Nodes at the start (`nodes`).
pub const NODES: KnobRange = KnobRange::new("nodes", 1, 64, "nodes");
/// Consistent hashing: tokens per node; proportional: partitions per node (`vnodes`).
pub const VNODES: KnobRange = KnobRange::new("vnodes", 1, 256, "vnodes");
/// Fixed partitions: their number, for the cluster's life (`parts`).
pub const PARTS: KnobRange = KnobRange::new("parts", 1, 4096, "partitions");
/// Key range: a partition larger than this splits (`split`), bytes.
pub const SPLIT: KnobRange = KnobRange::new("split", 64, 1 << 20, "bytes");
/// Keys stored at the start (`keys`), also the key space requests draw from.
pub const KEYS: KnobRange = KnobRange::new("keys", 1, 100_000, "keys");
/// Value size (`val`), bytes.
pub const VAL: KnobRange = KnobRange::new("val", 1, 4096, "bytes");
/// Zipf exponent in hundredths (`zipf`; 100 = s 1.0).
pub const ZIPF: KnobRange = KnobRange::new("zipf", 0, 300, "");
/// The celebrity key's share of requests (`hot`), percent.
pub const HOT: KnobRange = KnobRange::new("hot", 1, 100, "%");
/// Share of requests that are writes (`writes`), percent.
pub const WRITES: KnobRange = KnobRange::new("writes", 0, 100, "%");
/// Sub-keys the hot key is salted with at the start (`salt`; 1 = not salted).
pub const SALT: KnobRange = KnobRange::new("salt", 1, 64, "sub-keys");
/// A ring token's position in whole degrees (each of `tokens`).
pub const DEGREES: KnobRange = KnobRange::new("tokens", 0, 359, "degrees");
/// A ring node's weight (`wt` actions): it gets `vnodes × weight` tokens.
pub const WEIGHT: KnobRange = KnobRange::new("act", 1, 16, "× vnodes");
/// Requests in one `w` action.
pub const BATCH: KnobRange = KnobRange::new("act", 1, 100_000, "requests");

/// The handoff's link loss (`hloss`, the "Over the network" view), percent.
pub const NET_LOSS: KnobRange = KnobRange::new("hloss", 0, 50, "%");
/// The handoff's largest one-way message delay (`hlat`), ms (the smallest is 5 ms).
pub const NET_LATENCY: KnobRange = KnobRange::new("hlat", 5, 500, "ms");
/// Whether the first transfer's old owner crashes mid-handoff and restarts (`hcrash`).
pub const NET_CRASH: KnobRange = KnobRange::new("hcrash", 0, 1, "");

/// Every numeric knob with its own key.
pub const KNOBS: [KnobRange; 14] = [
    NODES,
    VNODES,
    PARTS,
    SPLIT,
    KEYS,
    VAL,
    ZIPF,
    HOT,
    WRITES,
    SALT,
    DEGREES,
    NET_LOSS,
    NET_LATENCY,
    NET_CRASH,
];

/// Most requests a whole run may make (the `w` actions together).
pub const MAX_REQUESTS: u64 = 1_000_000;
