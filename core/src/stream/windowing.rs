//! The windowing operator, headless (DDIA ch. 11, "Reasoning About Time"): events in,
//! ordered emissions out. [`run_windows`] is the whole operator as one function.
//!
//! Conventions (Flink's unless said; times in µs):
//!
//! - events are processed in arrival order (processing time, then id); windows are per
//!   key, placed by [`WindowKind`] ([`super::window`] states each kind's bounds);
//! - the watermark `W` is [`super::watermark`]'s, recomputed after each event; an event
//!   is **late** when its event time is at or before the watermark at its arrival, `t
//!   <= W` (Flink: "elements whose timestamp is at or before the current watermark");
//! - a window `[start, end)` **fires** (an on-time result) when `W >= end - 1`, its last
//!   µs (Flink's `EventTimeTrigger` at `maxTimestamp`); on-time events never touch a
//!   fired window, since `t > W >= end - 1`;
//! - a late event follows the [`LatePolicy`]: `drop` discards it; `side` sends it to
//!   a side output (Flink's `sideOutputLateData`); `update` accepts it while `t +
//!   lateness > W` (Flink's allowed lateness), re-computes its key's windows, and for
//!   every fired window whose result changed emits a **retraction** of the old result
//!   and the **corrected** one (Beam's accumulating and retracting panes); a late event
//!   can merge sessions, which retracts each and emits the merged one. Beyond the
//!   lateness it is dropped;
//! - at the end of the input (`end_us`) the watermark jumps to the end of time and every
//!   window still open fires (Flink's `MAX_WATERMARK` at the end of a bounded source).
//!
//! So the final results (on-time and corrected results, minus retracted ones) are the
//! batch oracle ([`super::window::batch`]) over the events the operator accepted.

use alloc::collections::BTreeMap;
use alloc::vec::Vec;

use super::watermark::{WatermarkParams, Watermarks};
use super::window::{Agg, TimedEvent, Window, WindowKind};

/// What happens to a late event.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum LatePolicy {
    /// Discard it (`drop`).
    #[default]
    Drop,
    /// Correct the results within the allowed lateness: retraction plus new result
    /// (`update`).
    Update,
    /// Send it to a side output (`side`).
    Side,
}

impl LatePolicy {
    /// Every policy.
    pub const ALL: [LatePolicy; 3] = [LatePolicy::Drop, LatePolicy::Update, LatePolicy::Side];

    /// The link word.
    pub fn word(self) -> &'static str {
        match self {
            LatePolicy::Drop => "drop",
            LatePolicy::Update => "update",
            LatePolicy::Side => "side",
        }
    }
}

/// The operator's parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct WindowParams {
    /// The windows.
    pub kind: WindowKind,
    /// The watermark.
    pub watermark: WatermarkParams,
    /// Allowed lateness under [`LatePolicy::Update`], µs of event time.
    pub lateness_us: u64,
    /// The late policy.
    pub policy: LatePolicy,
    /// Partitions of the input.
    pub partitions: u32,
}

/// What an emission is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EmissionKind {
    /// A window's result when the watermark passed its end.
    OnTime,
    /// A fired window's corrected result after a late event.
    Corrected,
    /// The withdrawal of a result emitted before.
    Retraction,
    /// A late event on the side output.
    SideOutput,
    /// A late event discarded.
    Dropped,
}

/// One output of the operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Emission {
    /// Processing time, µs.
    pub at_us: u64,
    /// What it is.
    pub kind: EmissionKind,
    /// The key.
    pub key: u64,
    /// The window (`None` for a side output or a dropped event).
    pub window: Option<Window>,
    /// The window's result (for an event: count 1 and its value).
    pub agg: Agg,
    /// The late event, for a side output or a dropped event.
    pub event: Option<u64>,
}

/// What the operator did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WindowRun {
    /// Every emission, in order.
    pub emissions: Vec<Emission>,
    /// The watermark after each change: (processing time, watermark).
    pub watermarks: Vec<(u64, u64)>,
    /// Ids of the events accepted into windows.
    pub accepted: Vec<u64>,
    /// Ids of the events that arrived late (at or behind the watermark), whatever the
    /// policy did with them.
    pub late: Vec<u64>,
}

impl WindowRun {
    /// The final results: on-time and corrected results, minus retracted ones.
    pub fn results(&self) -> BTreeMap<(u64, Window), Agg> {
        let mut out = BTreeMap::new();
        for e in &self.emissions {
            let Some(w) = e.window else { continue };
            match e.kind {
                EmissionKind::OnTime | EmissionKind::Corrected => {
                    out.insert((e.key, w), e.agg);
                }
                EmissionKind::Retraction => {
                    out.remove(&(e.key, w));
                }
                EmissionKind::SideOutput | EmissionKind::Dropped => {}
            }
        }
        out
    }

    /// Emissions of one kind.
    pub fn count(&self, kind: EmissionKind) -> usize {
        self.emissions.iter().filter(|e| e.kind == kind).count()
    }
}

/// One key's state: its accepted events, their windows, and the results emitted.
#[derive(Default)]
struct KeyState {
    events: Vec<(u64, i64)>,
    windows: BTreeMap<Window, Agg>,
    emitted: BTreeMap<Window, Agg>,
}

/// Runs the operator over `events` (any order: they are taken by arrival time, then
/// id), ending the input at processing time `end_us` (`None`: no end, windows the
/// watermark has not passed never fire).
pub fn run_windows(events: &[TimedEvent], params: &WindowParams, end_us: Option<u64>) -> WindowRun {
    let mut order: Vec<&TimedEvent> = events.iter().collect();
    // Unstable: ids are unique, so the order is the same, without a stable sort in the page.
    order.sort_unstable_by_key(|e| (e.arrival_us, e.id));
    let mut wm = Watermarks::new(params.partitions, params.watermark);
    let mut keys: BTreeMap<u64, KeyState> = BTreeMap::new();
    let mut run = WindowRun::default();
    for e in order {
        let late = wm.current().is_some_and(|w| e.event_us <= w);
        wm.observe(e.partition, e.event_us, e.arrival_us);
        if late {
            run.late.push(e.id);
            late_event(e, params, wm.current().unwrap_or(0), &mut keys, &mut run);
        } else {
            accept(e, keys.entry(e.key).or_default(), params.kind, &mut run);
        }
        let before = wm.current();
        let now = wm.advance(e.arrival_us);
        fire(now, before, e.arrival_us, &mut keys, &mut run);
    }
    if let Some(end) = end_us {
        let before = wm.current();
        let now = wm.finish();
        fire(now, before, end, &mut keys, &mut run);
    }
    run
}

/// Adds an accepted event to its key's windows: tumbling and hopping windows take each
/// event on its own, so its windows' results grow; sliding and session windows depend
/// on the neighbouring events, so the key's windows are computed again.
fn accept(e: &TimedEvent, state: &mut KeyState, kind: WindowKind, run: &mut WindowRun) {
    let event = (e.event_us, e.value);
    state.events.push(event);
    match kind {
        WindowKind::Tumbling { .. } | WindowKind::Hopping { .. } => {
            for (w, agg) in kind.windows(&[event]) {
                state.windows.entry(w).or_default().merge(agg);
            }
        }
        WindowKind::Sliding { .. } | WindowKind::Session { .. } => {
            state.windows = kind.windows(&state.events);
        }
    }
    run.accepted.push(e.id);
}

fn late_event(
    e: &TimedEvent,
    params: &WindowParams,
    watermark: u64,
    keys: &mut BTreeMap<u64, KeyState>,
    run: &mut WindowRun,
) {
    let within = e.event_us.saturating_add(params.lateness_us) > watermark;
    let lone = |kind| Emission {
        at_us: e.arrival_us,
        kind,
        key: e.key,
        window: None,
        agg: Agg {
            count: 1,
            sum: e.value,
        },
        event: Some(e.id),
    };
    match params.policy {
        LatePolicy::Side => run.emissions.push(lone(EmissionKind::SideOutput)),
        LatePolicy::Update if within => {
            let state = keys.entry(e.key).or_default();
            accept(e, state, params.kind, run);
            correct(e.key, state, watermark, e.arrival_us, run);
        }
        LatePolicy::Drop | LatePolicy::Update => run.emissions.push(lone(EmissionKind::Dropped)),
    }
}

/// After a late event changed a key's windows: retracts every fired result that changed
/// or vanished, and emits the corrected and newly fired ones.
fn correct(key: u64, state: &mut KeyState, watermark: u64, at_us: u64, run: &mut WindowRun) {
    let fired = |w: &Window| w.end.saturating_sub(1) <= watermark;
    let stale: Vec<(Window, Agg)> = state
        .emitted
        .iter()
        .filter(|(w, agg)| state.windows.get(w) != Some(agg))
        .map(|(&w, &a)| (w, a))
        .collect();
    for (w, agg) in stale {
        state.emitted.remove(&w);
        run.emissions
            .push(emission(at_us, EmissionKind::Retraction, key, w, agg));
    }
    let fresh: Vec<(Window, Agg)> = state
        .windows
        .iter()
        .filter(|(w, _)| fired(w) && !state.emitted.contains_key(w))
        .map(|(&w, &a)| (w, a))
        .collect();
    for (w, agg) in fresh {
        state.emitted.insert(w, agg);
        run.emissions
            .push(emission(at_us, EmissionKind::Corrected, key, w, agg));
    }
}

/// Fires every window the watermark has newly passed.
fn fire(
    now: Option<u64>,
    before: Option<u64>,
    at_us: u64,
    keys: &mut BTreeMap<u64, KeyState>,
    run: &mut WindowRun,
) {
    let Some(w_now) = now else { return };
    if now == before {
        return;
    }
    run.watermarks.push((at_us, w_now));
    for (&key, state) in keys.iter_mut() {
        let due: Vec<(Window, Agg)> = state
            .windows
            .iter()
            .filter(|(w, _)| w.end.saturating_sub(1) <= w_now && !state.emitted.contains_key(w))
            .map(|(&w, &a)| (w, a))
            .collect();
        for (w, agg) in due {
            state.emitted.insert(w, agg);
            run.emissions
                .push(emission(at_us, EmissionKind::OnTime, key, w, agg));
        }
    }
}

fn emission(at_us: u64, kind: EmissionKind, key: u64, w: Window, agg: Agg) -> Emission {
    Emission {
        at_us,
        kind,
        key,
        window: Some(w),
        agg,
        event: None,
    }
}
