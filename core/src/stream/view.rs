//! The derived view (DDIA ch. 11, "State, Streams, and Immutability": the state is the
//! result of applying the log from the beginning) and what it is compared with: the
//! live view the consumer group built in the sink (each key's sum), the batch oracle
//! over every event ever appended (the run's [`History`], so retention does not change
//! it), and the v2 view a new application builds by replaying the log from offset 0
//! ([`super::rebuilder`], ch. 12, "Reprocessing data for application evolution").

use alloc::collections::BTreeMap;

use super::history::History;
use super::rebuilder::Rebuilder;
use super::sink::Sink;

/// Each key's sum.
pub type View = BTreeMap<u64, i64>;

/// The views of a run now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ViewCheck {
    /// Each key's sum in the sink (the live view).
    pub live: View,
    /// Each key's sum over every event appended: what a batch job over the whole log
    /// would compute.
    pub oracle: View,
    /// The v2 view replayed from offset 0, once a rebuild started.
    pub v2: Option<View>,
}

impl ViewCheck {
    /// Whether the live view equals the oracle.
    pub fn agrees(&self) -> bool {
        self.live == self.oracle
    }

    /// Whether the v2 view exists and equals the live one.
    pub fn v2_agrees(&self) -> bool {
        self.v2.as_ref() == Some(&self.live)
    }

    /// Keys whose live sum differs from the oracle or the v2 view.
    pub fn differences(&self) -> BTreeMap<u64, (i64, i64)> {
        let keys = self.live.keys().chain(self.oracle.keys());
        let get = |v: &View, k| v.get(&k).copied().unwrap_or(0);
        // `extend`, not `collect`: a collected BTree sorts, one more sort in the page's wasm.
        let mut out = BTreeMap::new();
        out.extend(keys.filter_map(|&k| {
            let pair = (get(&self.live, k), get(&self.oracle, k));
            let v2_off = self.v2.as_ref().is_some_and(|v| get(v, k) != pair.0);
            (pair.0 != pair.1 || v2_off).then_some((k, pair))
        }));
        out
    }
}

/// The views of a run with `history`, `sink` and `rebuilder`.
pub fn views(history: &History, sink: &Sink, rebuilder: &Rebuilder) -> ViewCheck {
    let mut oracle = BTreeMap::new();
    for r in history.records.iter().flatten() {
        *oracle.entry(r.event.key).or_insert(0) += r.event.value;
    }
    ViewCheck {
        live: sink.view(),
        oracle,
        v2: rebuilder.started.then(|| rebuilder.view.clone()),
    }
}
