//! Event-time windows and the batch oracle (DDIA ch. 11, "Types of windows").
//!
//! Conventions (all times µs of event time; a window is `[start, end)`, end exclusive,
//! as Flink's `TimeWindow` and Beam's `IntervalWindow`):
//!
//! - **tumbling** (`size`): `[t - t mod size, + size)`, one per event (Flink's
//!   `TumblingEventTimeWindows`, offset 0);
//! - **hopping** (`size`, `slide`): every `[s, s + size)` with `s` a multiple of `slide`
//!   and `s <= t < s + size` (Flink's `SlidingEventTimeWindows`, Beam's
//!   `SlidingWindows`; DDIA calls them hopping);
//! - **sliding** (`size`): one window per distinct event time `t` of a key, covering the
//!   `size` µs that end at `t` inclusive, `[t + 1 - size, t + 1)`: "the events within
//!   some interval of each other" (DDIA), Kafka Streams' `SlidingWindows`' windows
//!   ending at each record. The page writes it as Kafka Streams states it, start
//!   excluded and end included, `(t - size, t]` (the same µs): "(760, 860] ms" for an
//!   event at 860 ms ([`super::narrate::window`]);
//! - **session** (`gap`): a key's events sorted by time, split wherever two consecutive
//!   events are `gap` or more apart; a session is `[first, last + gap)` (Flink's
//!   `EventTimeSessionWindows`: each event's window `[t, t + gap)`, overlapping ones
//!   merged).

use alloc::collections::BTreeMap;
use alloc::vec::Vec;

/// An event as the windowing operator sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TimedEvent {
    /// The topic partition it came from (watermarks are per partition).
    pub partition: u32,
    /// Its key (windows are per key).
    pub key: u64,
    /// Event time, µs.
    pub event_us: u64,
    /// Processing time: when the operator receives it, µs.
    pub arrival_us: u64,
    /// Its value (summed).
    pub value: i64,
    /// Its id.
    pub id: u64,
}

/// An event-time window `[start, end)`, µs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Window {
    /// First µs inside.
    pub start: u64,
    /// First µs after.
    pub end: u64,
}

/// A window's result: how many events and their sum.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Agg {
    /// Events.
    pub count: u64,
    /// Sum of their values.
    pub sum: i64,
}

impl Agg {
    fn add(&mut self, value: i64) {
        self.count += 1;
        self.sum += value;
    }

    /// Adds another result's events to this one.
    pub fn merge(&mut self, other: Agg) {
        self.count += other.count;
        self.sum += other.sum;
    }
}

/// The window kinds, sizes in µs of event time (sizes, slides and gaps of 0 are read
/// as 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WindowKind {
    /// Fixed, non-overlapping.
    Tumbling {
        /// Length.
        size_us: u64,
    },
    /// Fixed length, starting every `slide_us`.
    Hopping {
        /// Length.
        size_us: u64,
        /// Between starts.
        slide_us: u64,
    },
    /// One per event, ending at it.
    Sliding {
        /// Length.
        size_us: u64,
    },
    /// Bursts of activity separated by gaps.
    Session {
        /// The inactivity that ends a session.
        gap_us: u64,
    },
}

impl WindowKind {
    /// The windows of one key's events (`(event time, value)`, any order) with their
    /// results.
    pub fn windows(&self, events: &[(u64, i64)]) -> BTreeMap<Window, Agg> {
        let mut sorted = events.to_vec();
        sorted.sort_unstable();
        let mut out: BTreeMap<Window, Agg> = BTreeMap::new();
        match *self {
            WindowKind::Tumbling { size_us } => {
                let size = size_us.max(1);
                for &(t, v) in &sorted {
                    let start = t - t % size;
                    out.entry(Window {
                        start,
                        end: start.saturating_add(size),
                    })
                    .or_default()
                    .add(v);
                }
            }
            WindowKind::Hopping { size_us, slide_us } => {
                let (size, slide) = (size_us.max(1), slide_us.max(1));
                for &(t, v) in &sorted {
                    // Starts from the latest at or before `t` back while the window
                    // still reaches `t` (none when `t` falls in a gap, size < slide).
                    let mut s = Some(t - t % slide);
                    while let Some(start) = s.filter(|&st| st.saturating_add(size) > t) {
                        out.entry(Window {
                            start,
                            end: start.saturating_add(size),
                        })
                        .or_default()
                        .add(v);
                        s = start.checked_sub(slide);
                    }
                }
            }
            WindowKind::Sliding { size_us } => {
                let size = size_us.max(1);
                for &(t, _) in &sorted {
                    let w = Window {
                        start: (t + 1).saturating_sub(size),
                        end: t + 1,
                    };
                    let agg = out.entry(w).or_default();
                    if agg.count == 0 {
                        let inside = sorted.iter().filter(|(u, _)| (w.start..w.end).contains(u));
                        inside.for_each(|&(_, v)| agg.add(v));
                    }
                }
            }
            WindowKind::Session { gap_us } => {
                let gap = gap_us.max(1);
                let mut current: Option<(Window, Agg)> = None;
                for &(t, v) in &sorted {
                    current = match current {
                        Some((mut w, mut agg)) if t < w.end => {
                            w.end = w.end.max(t.saturating_add(gap));
                            agg.add(v);
                            Some((w, agg))
                        }
                        other => {
                            if let Some((w, agg)) = other {
                                out.insert(w, agg);
                            }
                            let mut agg = Agg::default();
                            agg.add(v);
                            Some((
                                Window {
                                    start: t,
                                    end: t.saturating_add(gap),
                                },
                                agg,
                            ))
                        }
                    };
                }
                if let Some((w, agg)) = current {
                    out.insert(w, agg);
                }
            }
        }
        out
    }
}

/// The batch oracle: every key's windows over `events` computed at once, as a batch
/// job over the same input would (DDIA ch. 10 vs ch. 11).
pub fn batch<'a>(
    events: impl IntoIterator<Item = &'a TimedEvent>,
    kind: WindowKind,
) -> BTreeMap<(u64, Window), Agg> {
    let mut by_key: BTreeMap<u64, Vec<(u64, i64)>> = BTreeMap::new();
    for e in events {
        by_key.entry(e.key).or_default().push((e.event_us, e.value));
    }
    let mut out = BTreeMap::new();
    for (key, times) in by_key {
        for (w, agg) in kind.windows(&times) {
            out.insert((key, w), agg);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(m: &BTreeMap<Window, Agg>) -> Vec<(u64, u64, u64)> {
        m.iter().map(|(w, a)| (w.start, w.end, a.count)).collect()
    }

    #[test]
    fn each_kind_places_events_by_its_convention() {
        let ev = [(5, 1), (12, 1), (14, 1), (31, 1)];
        let tumbling = WindowKind::Tumbling { size_us: 10 }.windows(&ev);
        assert_eq!(keys(&tumbling), [(0, 10, 1), (10, 20, 2), (30, 40, 1)]);
        let gaps = WindowKind::Hopping {
            size_us: 3,
            slide_us: 10,
        }
        .windows(&ev);
        assert_eq!(
            keys(&gaps),
            [(10, 13, 1), (30, 33, 1)],
            "5 and 14 fall in gaps"
        );
        let hopping = WindowKind::Hopping {
            size_us: 10,
            slide_us: 5,
        }
        .windows(&ev);
        assert_eq!(
            keys(&hopping),
            [
                (0, 10, 1),
                (5, 15, 3),
                (10, 20, 2),
                (25, 35, 1),
                (30, 40, 1)
            ]
        );
        let sliding = WindowKind::Sliding { size_us: 10 }.windows(&ev);
        assert_eq!(
            keys(&sliding),
            [(0, 6, 1), (3, 13, 2), (5, 15, 3), (22, 32, 1)]
        );
        let split = WindowKind::Session { gap_us: 7 }.windows(&ev);
        assert_eq!(
            keys(&split),
            [(5, 12, 1), (12, 21, 2), (31, 38, 1)],
            "5 and 12 are a gap apart"
        );
        let merged = WindowKind::Session { gap_us: 8 }.windows(&ev);
        assert_eq!(keys(&merged), [(5, 22, 3), (31, 39, 1)]);
    }
}
