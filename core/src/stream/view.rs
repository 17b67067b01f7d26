//! A derived view rebuilt from the log (DDIA ch. 11, "State, Streams, and
//! Immutability": the state is the result of applying the log from the beginning; ch.
//! 12, "Reprocessing data for application evolution"): a per-key sum computed by
//! replaying every partition from offset 0, compared with the live view the consumers
//! built in the sink.

use alloc::collections::BTreeMap;

use super::broker::Broker;
use super::sink::Sink;

/// The live view against the view rebuilt from offset 0.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ViewCheck {
    /// Each key's sum in the sink (the live view).
    pub live: BTreeMap<u64, i64>,
    /// Each key's sum over the whole log, replayed from offset 0.
    pub rebuilt: BTreeMap<u64, i64>,
    /// Every partition still starts at offset 0 (retention has deleted nothing), so the
    /// rebuild saw every event.
    pub complete: bool,
}

impl ViewCheck {
    /// Whether the live view equals the rebuilt one.
    pub fn agrees(&self) -> bool {
        self.live == self.rebuilt
    }

    /// Keys whose sums differ, with (live, rebuilt); a missing key counts as 0.
    pub fn differences(&self) -> BTreeMap<u64, (i64, i64)> {
        let keys = self.live.keys().chain(self.rebuilt.keys());
        keys.filter_map(|&k| {
            let pair = (
                self.live.get(&k).copied().unwrap_or(0),
                self.rebuilt.get(&k).copied().unwrap_or(0),
            );
            (pair.0 != pair.1).then_some((k, pair))
        })
        .collect()
    }
}

/// Replays `broker`'s partitions from their first stored offset and compares the sums
/// with `sink`'s view.
pub fn rebuild(broker: &Broker, sink: &Sink) -> ViewCheck {
    let mut rebuilt = BTreeMap::new();
    for log in &broker.partitions {
        for r in log.records() {
            *rebuilt.entry(r.event.key).or_insert(0) += r.event.value;
        }
    }
    ViewCheck {
        live: sink.view(),
        rebuilt,
        complete: broker.partitions.iter().all(|l| l.start() == 0),
    }
}
