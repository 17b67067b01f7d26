//! The stream lab's knob ranges: one [`KnobRange`] per numeric link key, read by the
//! link parser ([`super::scenario`]), its error sentences, its documentation table
//! (checked by a test) and the page's sliders.

use crate::link::KnobRange;

/// Topic partitions (`parts`).
pub const PARTS: KnobRange = KnobRange::new("parts", 1, 8, "partitions");
/// Consumers in the group at the start (`consumers`).
pub const CONSUMERS: KnobRange = KnobRange::new("consumers", 1, 6, "consumers");
/// Most records per fetch (`batch`).
pub const BATCH: KnobRange = KnobRange::new("batch", 1, 32, "records");
/// Events the producer makes (`events`).
pub const EVENTS: KnobRange = KnobRange::new("events", 1, 2000, "events");
/// Between two events (`every`), ms.
pub const EVERY: KnobRange = KnobRange::new("every", 1, 1000, "ms");
/// Distinct keys (`keys`).
pub const KEYS: KnobRange = KnobRange::new("keys", 1, 64, "keys");
/// Longest hold of an event before it is sent (`delay`), ms; holds are uniform from 0.
pub const DELAY: KnobRange = KnobRange::new("delay", 0, 10_000, "ms");
/// Share of stragglers (`strag`), percent.
pub const STRAG: KnobRange = KnobRange::new("strag", 0, 100, "%");
/// A straggler's extra hold (`stragms`), ms.
pub const STRAG_MS: KnobRange = KnobRange::new("stragms", 0, 60_000, "ms");
/// Retention by size: records kept per partition (`keep`; 0 = all).
pub const KEEP: KnobRange = KnobRange::new("keep", 0, 100_000, "records");
/// Retention by time (`age`), ms; 0 = forever.
pub const AGE: KnobRange = KnobRange::new("age", 0, 600_000, "ms");
/// Session timeout (`session`), ms.
pub const SESSION: KnobRange = KnobRange::new("session", 10, 10_000, "ms");
/// Heartbeat interval (`hb`), ms.
pub const HEARTBEAT: KnobRange = KnobRange::new("hb", 1, 5_000, "ms");
/// A crashed consumer restarts after (`restart`), ms.
pub const RESTART: KnobRange = KnobRange::new("restart", 1, 60_000, "ms");
/// Window size (`size`), ms.
pub const SIZE: KnobRange = KnobRange::new("size", 1, 60_000, "ms");
/// Hopping windows' slide (`slide`), ms.
pub const SLIDE: KnobRange = KnobRange::new("slide", 1, 60_000, "ms");
/// Session windows' gap (`gap`), ms.
pub const GAP: KnobRange = KnobRange::new("gap", 1, 60_000, "ms");
/// Watermark out-of-orderness bound (`wm`), ms.
pub const BOUND: KnobRange = KnobRange::new("wm", 0, 60_000, "ms");
/// Idle-partition timeout (`idle`), ms; 0 = never idle.
pub const IDLE: KnobRange = KnobRange::new("idle", 0, 60_000, "ms");
/// Allowed lateness (`late`), ms.
pub const LATENESS: KnobRange = KnobRange::new("late", 0, 600_000, "ms");
/// Message loss (`loss`), percent.
pub const LOSS: KnobRange = KnobRange::new("loss", 0, 100, "%");
/// Message duplication (`dup`), percent.
pub const DUP: KnobRange = KnobRange::new("dup", 0, 100, "%");
/// Longest link latency (`lat`), ms; each message takes between half of it and all of it.
pub const LATENCY: KnobRange = KnobRange::new("lat", 0, 10_000, "ms");
/// The batch a planned crash happens in (`crash=<consumer>.<point>.<batch>`).
pub const CRASH_BATCH: KnobRange = KnobRange::new("crash", 1, 10_000, "batches");

/// Every numeric knob with its own key.
pub const KNOBS: [KnobRange; 23] = [
    PARTS, CONSUMERS, BATCH, EVENTS, EVERY, KEYS, DELAY, STRAG, STRAG_MS, KEEP, AGE, SESSION,
    HEARTBEAT, RESTART, SIZE, SLIDE, GAP, BOUND, IDLE, LATENESS, LOSS, DUP, LATENCY,
];
