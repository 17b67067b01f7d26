//! The windowing operator, headless (DDIA ch. 11, "Reasoning About Time"): events in,
//! ordered emissions out. [`Windowing`] takes one event at a time (the lab feeds it as
//! the run goes); [`run_windows`] is the whole operator as one function.
//!
//! Conventions (Flink's unless said; times in µs):
//!
//! - events are processed in arrival order (processing time, ties in the order given);
//!   windows are per key, placed by [`WindowKind`] ([`super::window`] states each
//!   kind's bounds); an event given twice (a reprocessed one) counts twice;
//! - the watermark `W` is [`super::watermark`]'s, recomputed after each event; an event
//!   is **late** when a window it falls in has already fired at its arrival (the
//!   window's last µs `end - 1 <= W`); an event behind the watermark whose windows are
//!   all still open is simply added to them (Flink's `WindowOperator` judges lateness
//!   per window, `isWindowLate`, not per element; DDIA ch. 11, "Knowing when you're
//!   ready": a straggler matters once its window was declared complete);
//! - a window `[start, end)` **fires** (an on-time result) when `W >= end - 1`, its last
//!   µs (Flink's `EventTimeTrigger` at `maxTimestamp`);
//! - the **allowed lateness** applies under every [`LatePolicy`] (Flink's
//!   `allowedLateness`, which combines with `sideOutputLateData`), window by window: a
//!   late event enters each of its windows whose state is still kept (`end - 1 +
//!   lateness > W`; Flink's `isWindowLate`) and skips the purged ones (a hopping event's
//!   earlier windows purge before its later ones; a sliding event's windows are its own,
//!   ending at it, and those of the key's later events within `size` of it, which purge
//!   after it); a purged window is never made again; for every fired window whose result
//!   changed the operator emits a **retraction** of the old result and the
//!   **corrected** one (Beam's accumulating and retracting panes); a session is judged
//!   by the merged session the event would join, and a late event can merge sessions,
//!   which retracts each and emits the merged one;
//! - a late **sliding** event is dropped only when every window that can hold it is
//!   past its close time (`end - 1 + lateness <= W`), including the windows its key's
//!   later events have not made yet: the latest, `[t, t + size)`, closes last (Kafka
//!   Streams' `SlidingWindows`: each window is judged by its own close time, window
//!   end + grace, and a record is skipped as expired only when the latest window
//!   that could hold it is closed); until then it is kept for those windows even if all
//!   its windows made so far are purged (a later window, made by a later event, holds
//!   it: [`super::window::batch`] agrees);
//! - a late event none of whose windows is kept (Flink's `isElementLate`: their state
//!   is purged) follows the policy: `drop` discards it; `side` sends it to a side output
//!   (Flink's `sideOutputLateData`); `update` keeps every window's state for ever, so
//!   it corrects its windows like an event within the lateness (Beam and Flink with an
//!   unbounded allowed lateness): under `update` the lateness changes nothing;
//! - at the end of the input (`end_us`) the watermark jumps to the end of time and every
//!   window still open fires (Flink's `MAX_WATERMARK` at the end of a bounded source).
//!
//! So the final results (on-time and corrected results, minus retracted ones) are the
//! batch oracle ([`super::window::batch`]) over the events the operator accepted.

use alloc::collections::BTreeMap;
use alloc::vec::Vec;

use super::watermark::{WatermarkParams, Watermarks};
use super::window::{Agg, TimedEvent, Window, WindowKind};
use crate::sim::vec_map::VecMap;

/// What happens to a late event beyond the allowed lateness (within it, every policy
/// corrects the event's window).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum LatePolicy {
    /// Discard it (`drop`).
    #[default]
    Drop,
    /// Correct its window however late it is: retraction plus new result (`update`;
    /// window state is kept for ever, the lateness changes nothing).
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
    /// Allowed lateness, µs of event time: a late event less than this behind the
    /// watermark still corrects its window, under every policy.
    pub lateness_us: u64,
    /// The late policy, for events beyond the lateness.
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
    /// The late event: its id, for every late event's emissions (a side output, a
    /// dropped event, or the retractions and corrections it caused).
    pub event: Option<u64>,
}

/// A late event: its id, its arrival (processing time, µs) and what became of it:
/// [`EmissionKind::Corrected`] (added to its windows), [`EmissionKind::Dropped`] or
/// [`EmissionKind::SideOutput`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LateEvent {
    /// The event's id.
    pub id: u64,
    /// Its event time, µs.
    pub event_us: u64,
    /// When it arrived, µs of processing time.
    pub arrival_us: u64,
    /// The watermark it arrived behind, µs.
    pub watermark_us: u64,
    /// The latest of its windows that had fired (the allowed lateness runs from its
    /// end; a session's is the session it would join, merged).
    pub window: Window,
    /// Its windows still open at its arrival (hopping or sliding windows after `window`).
    pub open_windows: u32,
    /// The fired windows it entered (their results corrected): 0 when it joined only
    /// windows still open, or was dropped or sent to the side output.
    pub corrected_windows: u32,
    /// What the operator did with it.
    pub fate: EmissionKind,
}

/// What the operator did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WindowRun {
    /// Every emission, in order.
    pub emissions: Vec<Emission>,
    /// The watermark after each change: (processing time, watermark).
    pub watermarks: Vec<(u64, u64)>,
    /// Ids of the events accepted into windows, once per acceptance.
    pub accepted: Vec<u64>,
    /// (event id, window): a window of an accepted late event that it did not enter,
    /// its state purged beyond the allowed lateness (Flink's `isWindowLate`; hopping and
    /// sliding windows, where an event's earlier windows close before its later ones). A
    /// sliding window skipped by the event it would end at is never made.
    pub skipped: Vec<(u64, Window)>,
    /// (event id, window): a window an accepted late event entered (its kept ones; for
    /// a sliding event possibly none, held for a later window of its key).
    pub entered: Vec<(u64, Window)>,
    /// Ids of the events that arrived late (at or behind the watermark), whatever the
    /// policy did with them; an event processed twice can be late twice.
    pub late: Vec<u64>,
    /// The late events with their fate, in arrival order (as `late`).
    pub late_events: Vec<LateEvent>,
}

/// Where the watermark a late event arrived behind stands against the allowed lateness,
/// counted from the last µs of [`LateEvent::window`]: a window's state is purged once the
/// watermark reaches `end - 1 + lateness`, that instant included (Flink's
/// `isWindowLate`, `cleanupTime <= currentWatermark`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LatenessReach {
    /// Before the end of the allowed lateness: the window's state is kept.
    Within,
    /// Exactly at its end: purged.
    AtEnd,
    /// Past its end: purged.
    Beyond,
}

impl LateEvent {
    /// Where the watermark stood against `lateness_us` of allowed lateness (U6).
    pub fn reach(&self, lateness_us: u64) -> LatenessReach {
        let limit = self
            .window
            .end
            .saturating_sub(1)
            .saturating_add(lateness_us);
        match self.watermark_us.cmp(&limit) {
            core::cmp::Ordering::Less => LatenessReach::Within,
            core::cmp::Ordering::Equal => LatenessReach::AtEnd,
            core::cmp::Ordering::Greater => LatenessReach::Beyond,
        }
    }
}

/// The late events by what became of them, each counted once (U5): the parts sum to
/// [`WindowRun::late`]'s length.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct LateTally {
    /// Entered at least one fired window and corrected its result.
    pub corrected: u64,
    /// Entered only windows that had not fired (its fired ones purged, skipped), or,
    /// sliding, none: kept for a later window of its key still within the lateness.
    pub joined_open: u64,
    /// Sent to the side output.
    pub side_output: u64,
    /// Dropped.
    pub dropped: u64,
}

impl WindowRun {
    /// The late events counted by fate ([`LateTally`]).
    pub fn late_tally(&self) -> LateTally {
        let mut t = LateTally::default();
        for l in &self.late_events {
            let part = match l.fate {
                EmissionKind::Dropped => &mut t.dropped,
                EmissionKind::SideOutput => &mut t.side_output,
                _ if l.corrected_windows == 0 => &mut t.joined_open,
                _ => &mut t.corrected,
            };
            *part += 1;
        }
        t
    }

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

    /// The result of `window` over time: after each processing time at which an
    /// emission changed it, (that time, the result then), for key `key` or summed over
    /// every key (`None`). A corrected window reads e.g. `[(803 ms, 4), (946 ms, 5)]`,
    /// "4 -> 5"; a retracted one without a new result reads count 0.
    pub fn result_history(&self, window: Window, key: Option<u64>) -> Vec<(u64, Agg)> {
        let mut current: VecMap<u64, Agg> = VecMap::new();
        let mut out: Vec<(u64, Agg)> = Vec::new();
        for e in &self.emissions {
            if e.window != Some(window) || key.is_some_and(|k| k != e.key) {
                continue;
            }
            match e.kind {
                EmissionKind::Retraction => {
                    current.remove(&e.key);
                }
                _ => {
                    current.insert(e.key, e.agg);
                }
            }
            let mut total = Agg::default();
            current.values().for_each(|a| total.merge(*a));
            match out.last_mut() {
                Some(last) if last.0 == e.at_us => last.1 = total,
                _ => out.push((e.at_us, total)),
            }
        }
        out
    }
}

/// One key's state: its accepted events, their windows, and the results emitted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct KeyState {
    events: Vec<(u64, i64)>,
    windows: BTreeMap<Window, Agg>,
    emitted: VecMap<Window, Agg>,
}

/// The windowing operator with its state, fed one event at a time in arrival order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Windowing {
    params: WindowParams,
    wm: Watermarks,
    keys: VecMap<u64, KeyState>,
    run: WindowRun,
}

impl Windowing {
    /// No event yet.
    pub fn new(params: WindowParams) -> Self {
        Windowing {
            params,
            wm: Watermarks::new(params.partitions, params.watermark),
            keys: VecMap::new(),
            run: WindowRun::default(),
        }
    }

    /// What it did so far.
    pub fn run(&self) -> &WindowRun {
        &self.run
    }

    /// Processes event `e` (arriving no earlier than the events before it): late or
    /// accepted, then fires what the watermark passed.
    pub fn push(&mut self, e: &TimedEvent) {
        let watermark = self.wm.current();
        self.wm.observe(e.partition, e.event_us, e.arrival_us);
        let kind = self.params.kind;
        let state = self.keys.entry_or_default(e.key);
        let targets = targets(kind, state, e);
        let fired = |w: &&Window| watermark.is_some_and(|wm| w.end.saturating_sub(1) <= wm);
        match (watermark, targets.iter().rfind(fired)) {
            (Some(wm), Some(&last_fired)) => self.late_event(e, wm, last_fired, &targets),
            _ => {
                accept(e, state, kind, &targets, &mut self.run);
                // Sessions it merged may have fired already: retract them.
                if let Some(wm) = watermark.filter(|_| matches!(kind, WindowKind::Session { .. })) {
                    correct(e, state, wm, &mut self.run);
                }
            }
        }
        let before = self.wm.current();
        let now = self.wm.advance(e.arrival_us);
        fire(now, before, e.arrival_us, &mut self.keys, &mut self.run);
    }

    /// The end of the input at processing time `end_us`: every open window fires.
    pub fn finish(&mut self, end_us: u64) {
        let before = self.wm.current();
        let now = self.wm.finish();
        fire(now, before, end_us, &mut self.keys, &mut self.run);
    }

    /// Late event `e` (its windows `targets`, the latest fired one `last_fired`): it
    /// enters each of them whose state is kept (within the allowed lateness, or any
    /// under `update`) and corrects the fired ones; if none is kept, the policy
    /// drops it or sends it aside (Flink's `isWindowLate` per window, then
    /// `isElementLate`).
    fn late_event(
        &mut self,
        e: &TimedEvent,
        watermark: u64,
        last_fired: Window,
        targets: &[Window],
    ) {
        let p = self.params;
        let kept = |w: &Window| {
            p.policy == LatePolicy::Update
                || w.end.saturating_sub(1).saturating_add(p.lateness_us) > watermark
        };
        let (live, purged): (Vec<Window>, Vec<Window>) = targets.iter().partition(|w| kept(w));
        // Kafka Streams' sliding windows: a window a later event of the key will make
        // may still hold it; the latest, [t, t + size), closes last. Dropped only when
        // that one is past its close too.
        let later = match p.kind {
            WindowKind::Sliding { size_us } => kept(&Window {
                start: e.event_us,
                end: e.event_us.saturating_add(size_us.max(1)),
            }),
            _ => false,
        };
        let fate = match p.policy {
            _ if !live.is_empty() || later => EmissionKind::Corrected,
            LatePolicy::Side => EmissionKind::SideOutput,
            LatePolicy::Drop | LatePolicy::Update => EmissionKind::Dropped,
        };

        let fired = |w: &&Window| w.end.saturating_sub(1) <= watermark;
        let corrected = match fate {
            EmissionKind::Corrected => live.iter().filter(fired).count(),
            _ => 0,
        };
        let open = targets.len() - targets.iter().filter(fired).count();
        self.run.late.push(e.id);
        self.run.late_events.push(LateEvent {
            id: e.id,
            event_us: e.event_us,
            arrival_us: e.arrival_us,
            watermark_us: watermark,
            window: last_fired,
            open_windows: u32::try_from(open).unwrap_or(u32::MAX),
            corrected_windows: u32::try_from(corrected).unwrap_or(u32::MAX),
            fate,
        });
        if fate == EmissionKind::Corrected {
            self.run.skipped.extend(purged.iter().map(|&w| (e.id, w)));
            self.run.entered.extend(live.iter().map(|&w| (e.id, w)));
            let state = self.keys.entry_or_default(e.key);
            accept(e, state, p.kind, &live, &mut self.run);
            correct(e, state, watermark, &mut self.run);
        } else {
            self.run.emissions.push(Emission {
                at_us: e.arrival_us,
                kind: fate,
                key: e.key,
                window: None,
                agg: Agg {
                    count: 1,
                    sum: e.value,
                },
                event: Some(e.id),
            });
        }
    }
}

/// Runs the operator over `events` (any order: they are taken by arrival time, ties in
/// the order given), ending the input at processing time `end_us` (`None`: no end,
/// windows the watermark has not passed never fire).
pub fn run_windows(events: &[TimedEvent], params: &WindowParams, end_us: Option<u64>) -> WindowRun {
    let mut order: Vec<(u64, usize)> = events
        .iter()
        .enumerate()
        .map(|(i, e)| (e.arrival_us, i))
        .collect();
    // Unstable: the index makes every key unique, so the order is a stable sort's,
    // without a stable sort in the page.
    order.sort_unstable();
    let mut op = Windowing::new(*params);
    for (_, i) in order {
        op.push(&events[i]);
    }
    if let Some(end) = end_us {
        op.finish(end);
    }
    op.run
}

/// The windows event `e` of a key in `state` lands in, in order: its own windows
/// (tumbling, hopping); for sliding windows, every window the key has that contains it
/// (those of its later events less than `size` after it) and its own, ending at it; or
/// the session it makes or joins, merged with its neighbours (Flink judges a merged
/// session window).
fn targets(kind: WindowKind, state: &KeyState, e: &TimedEvent) -> Vec<Window> {
    let event = (e.event_us, e.value);
    let t = e.event_us;
    match kind {
        WindowKind::Sliding { size_us } => {
            // Its own window ends first (windows are ordered by start, then end).
            let own = Window {
                start: (t + 1).saturating_sub(size_us.max(1)),
                end: t + 1,
            };
            let mut out = Vec::new();
            if !state.windows.contains_key(&own) {
                out.push(own);
            }
            for w in state.windows.keys() {
                if w.start <= t && t < w.end {
                    out.push(*w);
                }
            }
            out
        }
        WindowKind::Session { .. } => {
            let mut events = state.events.clone();
            events.push(event);
            let merged = kind.windows(&events).into_keys();
            merged.filter(|w| w.start <= t && t < w.end).collect()
        }
        _ => kind.windows(&[event]).into_keys().collect(),
    }
}

/// Adds an accepted event to its key's windows `into` (those whose state is kept): each
/// existing one's result grows, a new one (a tumbling or hopping window's first event, a
/// sliding event's own window) holds the key's events inside it; purged windows are left
/// as they are, and never made. Sessions depend on the neighbouring events, so the key's
/// sessions are computed again.
fn accept(
    e: &TimedEvent,
    state: &mut KeyState,
    kind: WindowKind,
    into: &[Window],
    run: &mut WindowRun,
) {
    let event = (e.event_us, e.value);
    state.events.push(event);
    match kind {
        WindowKind::Session { .. } => state.windows = kind.windows(&state.events),
        _ => {
            // The key's events before `e` (pushed last), for a new window's result.
            let before = &state.events[..state.events.len() - 1];
            let one = |value| Agg {
                count: 1,
                sum: value,
            };
            for &w in into {
                let agg = state.windows.entry(w).or_default();
                // A new window: the key's earlier events inside it (none for tumbling or
                // hopping, whose windows are made by their first event).
                if agg.count == 0 {
                    for &(u, v) in before {
                        if w.start <= u && u < w.end {
                            agg.merge(one(v));
                        }
                    }
                }
                agg.merge(one(e.value));
            }
        }
    }
    run.accepted.push(e.id);
}

/// After late event `e` changed its key's windows: retracts every fired result that
/// changed or vanished, and emits the corrected and newly fired ones.
fn correct(e: &TimedEvent, state: &mut KeyState, watermark: u64, run: &mut WindowRun) {
    let fired = |w: &Window| w.end.saturating_sub(1) <= watermark;
    let stale: Vec<(Window, Agg)> = state
        .emitted
        .iter()
        .filter(|(w, agg)| state.windows.get(w) != Some(agg))
        .map(|(&w, &a)| (w, a))
        .collect();
    let caused = |kind, w, agg| Emission {
        event: Some(e.id),
        ..emission(e.arrival_us, kind, e.key, w, agg)
    };
    for (w, agg) in stale {
        state.emitted.remove(&w);
        run.emissions.push(caused(EmissionKind::Retraction, w, agg));
    }
    let fresh: Vec<(Window, Agg)> = state
        .windows
        .iter()
        .filter(|(w, _)| fired(w) && !state.emitted.contains_key(w))
        .map(|(&w, &a)| (w, a))
        .collect();
    for (w, agg) in fresh {
        state.emitted.insert(w, agg);
        run.emissions.push(caused(EmissionKind::Corrected, w, agg));
    }
}

/// Fires every window the watermark has newly passed.
fn fire(
    now: Option<u64>,
    before: Option<u64>,
    at_us: u64,
    keys: &mut VecMap<u64, KeyState>,
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
