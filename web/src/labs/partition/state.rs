//! The partitioning lab's reactive state: the run in a non-reactive holder, a version
//! signal bumped whenever it changes, the picture recomputed once per change (never per
//! frame), and the key the learner picked. Every button ends as an input to the run.

use super::lookup::lookup;
use super::picture::{picture, Picture};
use crate::shell::format::count;
use ddia_core::partition::{
    Key, KeySet, NodeId, PartitionSession, Placement, PlacementConfig, StrategyKind,
};
use leptos::prelude::*;

/// Handles to the lab's state; `Copy`, shared through context.
#[derive(Clone, Copy)]
pub struct PartitionState {
    run: StoredValue<PartitionSession, LocalStorage>,
    /// Bumped after every change of the run.
    pub version: RwSignal<u64>,
    /// What the stage draws, recomputed when the run changes.
    pub picture: Memo<Picture>,
    /// The key the learner picked (click or lookup), if any.
    pub selected: RwSignal<Option<Key>>,
    /// The page's notice banner.
    pub notice: RwSignal<Option<String>>,
}

impl PartitionState {
    /// The state for a session.
    pub fn new(session: PartitionSession, notice: RwSignal<Option<String>>) -> Self {
        let run = StoredValue::new_local(session);
        let version = RwSignal::new(0u64);
        let picture = Memo::new(move |_| {
            version.track();
            run.with_value(picture)
        });
        PartitionState {
            run,
            version,
            picture,
            selected: RwSignal::new(None),
            notice,
        }
    }

    /// Reads the session (tracking the version, so views redraw after changes).
    pub fn with_session<R>(&self, f: impl FnOnce(&PartitionSession) -> R) -> R {
        self.version.track();
        self.run.with_value(f)
    }

    fn changed(&self) {
        self.version.update(|v| *v += 1);
    }

    /// Adds a node; says why not in the notice when the strategy refuses.
    pub fn add_node(&self) {
        let r = self.run.try_update_value(|s| s.add_node());
        match r {
            Some(Err(e)) => self.notice.set(Some(format!("Could not add a node: {e}."))),
            _ => self.changed(),
        }
    }

    /// Removes `node`; says why not in the notice when it cannot be.
    pub fn remove_node(&self, node: NodeId) {
        let r = self.run.try_update_value(|s| s.remove_node(node));
        match r {
            Some(Err(e)) => self
                .notice
                .set(Some(format!("Could not remove {node}: {e}."))),
            _ => self.changed(),
        }
    }

    /// Places the same keys on the same nodes with `kind`.
    pub fn set_strategy(&self, kind: StrategyKind) {
        self.run.update_value(|s| s.set_strategy(kind));
        self.changed();
    }

    /// Picks the key nearest to `at` (picture user units) within `reach`; a click on
    /// empty space clears the pick.
    pub fn pick_at(&self, at: (f64, f64), reach: f64) {
        let frame = self.picture.with_untracked(|p| p.frame);
        let key = self
            .run
            .with_value(|s| frame.nearest(s.keys().records().iter().map(|r| r.key), at, reach));
        self.selected.set(key);
    }

    /// The line above the picture.
    pub fn status_text(&self) -> String {
        self.with_session(|s| {
            let p = s.placement();
            format!(
                "{} · {} nodes · {} partitions · {} keys",
                s.config().kind.name(),
                p.nodes().len(),
                p.partitions().len(),
                count(s.keys().len() as u64)
            )
        })
    }

    /// What the picture shows, for screen readers.
    pub fn picture_summary(&self) -> String {
        let status = self.status_text();
        let picked = self.selected.get().map(|k| {
            let l = self.with_session(|s| lookup(s, k));
            format!(
                "; picked {} on {} in partition {}",
                l.key, l.owner, l.partition
            )
        });
        format!(
            "Keys as dots coloured by their node: {status}{}",
            picked.unwrap_or_default()
        )
    }
}

/// The default run until the scenario type lands.
pub fn default_session() -> PartitionSession {
    PartitionSession::new(
        PlacementConfig {
            kind: StrategyKind::Ring,
            ..PlacementConfig::default()
        },
        10,
        KeySet::sequential(2_000, 100),
    )
}
