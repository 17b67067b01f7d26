//! The last rebalance carried out on the simulated network, run once for the whole
//! stage: the main picture draws its moved keys travelling from it
//! ([`super::travel`]), the "Over the network" view draws its messages
//! ([`super::handoff_view`]). Rebuilt from the lab after every change; advanced by the
//! frame loop in slow motion until it settles (DDIA ch. 6, "Rebalancing Partitions").

use super::state::PartitionState;
use crate::shell::frame_loop::use_frame_loop;
use crate::shell::page::prefers_reduced_motion_now;
use ddia_core::partition::rebalance::{
    coordinator, transits, PlannedTransfer, RebalanceWorld, Transit,
};
use ddia_core::sim::{LinkFaults, SimTime};
use leptos::prelude::*;

/// Simulated time per wall time at the lab's 1x: a 5-15 ms link takes about half a
/// second to cross.
pub const SLOW_MOTION: f64 = 0.02;

/// Under reduced motion the run is settled at once, this many simulated µs a step.
const SETTLE_STEP_US: u64 = 10_000;
/// A run stops advancing after this much simulated time (a lossy link can keep a
/// handoff resending for a long while: 10 s is hundreds of retries).
const SETTLE_LIMIT_US: u64 = 10_000_000;

/// Handles to the shared handoff run; `Copy`, shared through context.
#[derive(Clone, Copy)]
pub struct HandoffRun {
    world: StoredValue<Option<RebalanceWorld>, LocalStorage>,
    plan: StoredValue<Vec<PlannedTransfer>, LocalStorage>,
    /// The link loss of the handoff's messages, percent (0-50).
    pub loss_pct: RwSignal<f64>,
    /// Bumped whenever the world advanced or was rebuilt.
    pub drawn: RwSignal<u64>,
}

/// Wall milliseconds of a frame as simulated microseconds at `speed`, slowed down
/// (at least 1 µs, so a run always moves on).
pub fn frame_micros(dt_ms: f64, speed: f64) -> u64 {
    // Bounded: dt is clamped to 0-100 ms and speed is a slider's value.
    ((dt_ms.clamp(0.0, 100.0) * 1000.0 * speed * SLOW_MOTION).round() as u64).max(1)
}

impl HandoffRun {
    /// The run of `st`'s last rebalance, rebuilt after every change and advanced every
    /// animation frame while the calling component is mounted.
    pub fn start(st: PartitionState) -> Self {
        let run = HandoffRun {
            world: StoredValue::new_local(None),
            plan: StoredValue::new_local(Vec::new()),
            loss_pct: RwSignal::new(0.0),
            drawn: RwSignal::new(0),
        };
        Effect::new(move |_| {
            st.version.track();
            run.replay(st);
        });
        use_frame_loop(move |dt_ms, _| {
            if dt_ms.is_finite() {
                run.advance(frame_micros(dt_ms, st.speed.get_untracked()));
            }
        });
        run
    }

    /// Builds the run again from its start (same plan, the current link loss).
    pub fn replay(self, st: PartitionState) {
        let links = LinkFaults {
            // The slider's percentage, clamped to its 0..=50, as parts per million.
            loss_ppm: (self.loss_pct.get_untracked().clamp(0.0, 50.0) * 10_000.0).round() as u32,
            ..LinkFaults::default()
        };
        let (plan, world) = st.with(|l| (l.handoff_plan(), l.handoff_world(links)));
        self.plan.set_value(plan);
        self.world.set_value(world);
        self.drawn.update(|d| *d += 1);
        // Reduced motion: no animation, the outcome at once.
        if prefers_reduced_motion_now() {
            while self.advance(SETTLE_STEP_US) {}
        }
    }

    /// Runs the world `us` simulated microseconds on, unless it has settled (or ran
    /// past [`SETTLE_LIMIT_US`]); whether it moved.
    fn advance(self, us: u64) -> bool {
        let advanced = self
            .world
            .try_update_value(|w| {
                let w = w.as_mut()?;
                let settled = coordinator(w).is_none_or(|c| c.moves.is_empty())
                    && w.in_flight().next().is_none();
                if settled || w.violation().is_some() || w.now().as_micros() > SETTLE_LIMIT_US {
                    return None;
                }
                w.run_until(SimTime::from_micros(w.now().as_micros() + us));
                Some(())
            })
            .flatten();
        if advanced.is_some() {
            self.drawn.update(|d| *d += 1);
        }
        advanced.is_some()
    }

    /// Reads the world (tracking every advance).
    pub fn with_world<R>(self, f: impl FnOnce(Option<&RebalanceWorld>) -> R) -> R {
        self.drawn.track();
        self.world.with_value(|w| f(w.as_ref()))
    }

    /// Where each transfer unit is now, with the plan and the world's time (tracking
    /// every advance); `None` before any rebalance.
    pub fn transits<R>(
        self,
        f: impl FnOnce(&[PlannedTransfer], &[Transit], SimTime) -> R,
    ) -> Option<R> {
        self.with_world(|w| {
            let w = w?;
            self.plan
                .with_value(|plan| Some(f(plan, &transits(w, plan), w.now())))
        })
    }
}
