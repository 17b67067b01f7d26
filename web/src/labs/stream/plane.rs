//! The event-time against processing-time plane (DDIA ch. 11, "Reasoning About Time"):
//! each event a dot at (its event time, the moment its consumer processed it: a
//! crashed or lagging consumer holds the watermark back); each window a
//! band over its event-time range, rising until the moment its result fired; the
//! watermark a staircase (at each processing time, the event time up to which the
//! operator believes it has seen everything); late events marked by what the late
//! policy did with them. Every mark is computed from `StreamLab::windows` and the
//! events the group processed (`StreamLab::processed`), whatever retention deleted.

use super::state::StreamState;
use crate::shell::format::fixed;
use ddia_core::stream::lab::StreamLab;
use ddia_core::stream::window::{TimedEvent, Window, WindowKind};
use ddia_core::stream::windowing::{EmissionKind, WindowRun};
use leptos::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// Plot area in SVG units: left, right, top, bottom.
const LEFT: f64 = 58.0;
const RIGHT: f64 = 884.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 262.0;
/// Picture size.
pub const VIEW: (f64, f64) = (900.0, 300.0);

/// What happened to an event, as the plane marks it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate {
    /// Arrived ahead of the watermark, counted in its windows.
    OnTime,
    /// Arrived behind the watermark and discarded.
    Dropped,
    /// Arrived behind the watermark, sent to the side output.
    Side,
    /// Arrived behind the watermark within the allowed lateness: its windows' results
    /// were retracted and corrected.
    Corrected,
}

impl Fate {
    /// The SVG class of its mark.
    pub fn class(self) -> &'static str {
        match self {
            Fate::OnTime => "ev",
            Fate::Dropped => "ev dropped",
            Fate::Side => "ev side",
            Fate::Corrected => "ev corrected",
        }
    }
}

/// A window's band: its event-time range and when its result fired (`None`: not yet).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Band {
    /// The window.
    pub window: Window,
    /// Processing time of its first result, µs.
    pub fired_us: Option<u64>,
    /// Events in its results when first fired (all keys).
    pub count: u64,
    /// Processing times of corrections after late events.
    pub corrected: u32,
}

/// Everything the plane draws, in data units (µs).
#[derive(Clone, Debug, PartialEq)]
pub struct Plane {
    /// Both axes run from 0 to this, µs.
    pub span_us: u64,
    /// Tick step, µs.
    pub tick_us: u64,
    /// Each processed event: event time, processing time, partition, fate.
    pub events: Vec<(u64, u64, u32, Fate)>,
    /// Windows with results, and pending ones (tumbling and hopping only).
    pub bands: Vec<Band>,
    /// The watermark after each change: (processing time, watermark).
    pub watermarks: Vec<(u64, u64)>,
    /// Simulated time now, µs.
    pub now_us: u64,
    /// Partitions with no event yet (they hold the watermark back).
    pub silent: Vec<u32>,
}

/// A tick step of 1, 2 or 5 times a power of ten ms giving at most 6 ticks over `span`.
pub fn tick_for(span_us: u64) -> u64 {
    (2..12u32)
        .flat_map(|e| [1u64, 2, 5].map(|m| m * 10u64.pow(e)))
        .find(|step| span_us / step <= 6)
        .unwrap_or(span_us.max(1))
}

fn fates(run: &WindowRun) -> BTreeMap<u64, Fate> {
    let mut out: BTreeMap<u64, Fate> = run.late.iter().map(|&id| (id, Fate::Corrected)).collect();
    for e in &run.emissions {
        let fate = match e.kind {
            EmissionKind::Dropped => Fate::Dropped,
            EmissionKind::SideOutput => Fate::Side,
            _ => continue,
        };
        if let Some(id) = e.event {
            out.insert(id, fate);
        }
    }
    out
}

fn bands(run: &WindowRun, kind: WindowKind, events: &[TimedEvent]) -> Vec<Band> {
    let mut by: BTreeMap<Window, Band> = BTreeMap::new();
    for e in &run.emissions {
        let Some(window) = e.window else { continue };
        let band = by.entry(window).or_insert(Band {
            window,
            fired_us: None,
            count: 0,
            corrected: 0,
        });
        match e.kind {
            EmissionKind::OnTime if band.fired_us.is_none_or(|f| f == e.at_us) => {
                band.fired_us = Some(e.at_us);
                band.count += e.agg.count;
            }
            EmissionKind::Corrected => band.corrected += 1,
            _ => {}
        }
    }
    if matches!(
        kind,
        WindowKind::Tumbling { .. } | WindowKind::Hopping { .. }
    ) {
        let late: BTreeSet<u64> = run.late.iter().copied().collect();
        for e in events.iter().filter(|e| !late.contains(&e.id)) {
            for window in kind.windows(&[(e.event_us, e.value)]).into_keys() {
                by.entry(window).or_insert(Band {
                    window,
                    fired_us: None,
                    count: 0,
                    corrected: 0,
                });
            }
        }
    }
    by.into_values().collect()
}

/// The plane of `lab` now.
pub fn plane(lab: &StreamLab) -> Plane {
    let events = lab.processed();
    let run = lab.windows();
    let now_us = lab.now().as_micros();
    let fate = fates(&run);
    // The events' extent, and now while it is near: a run left playing after its
    // events does not squeeze them into a corner (now then stays at the top edge).
    let data = events
        .iter()
        .map(|e| e.event_us.max(e.arrival_us))
        .fold(100_000, u64::max);
    let top = data.max(now_us.min(data + data / 5));
    let tick_us = tick_for(top);
    let span_us = top.div_ceil(tick_us) * tick_us;
    let parts = lab.scenario().partitions;
    let seen: BTreeSet<u32> = events.iter().map(|e| e.partition).collect();
    Plane {
        span_us,
        tick_us,
        events: events
            .iter()
            .map(|e| {
                (
                    e.event_us,
                    e.arrival_us,
                    e.partition,
                    fate.get(&e.id).copied().unwrap_or(Fate::OnTime),
                )
            })
            .collect(),
        bands: bands(&run, lab.scenario().window_params().kind, events),
        watermarks: run.watermarks.clone(),
        now_us,
        silent: (0..parts).filter(|p| !seen.contains(p)).collect(),
    }
}

impl Plane {
    /// x of event time `t`.
    pub fn x(&self, t: u64) -> f64 {
        LEFT + (RIGHT - LEFT) * t.min(self.span_us) as f64 / self.span_us.max(1) as f64
    }

    /// y of processing time `t` (up is later).
    pub fn y(&self, t: u64) -> f64 {
        BOTTOM - (BOTTOM - TOP) * t.min(self.span_us) as f64 / self.span_us.max(1) as f64
    }

    /// The watermark's staircase as an SVG path: it holds each value until the next
    /// change, and its last value until now.
    pub fn watermark_path(&self) -> Option<String> {
        let (first_at, first_wm) = *self.watermarks.first()?;
        let mut d = format!(
            "M{} {}",
            fixed(self.x(first_wm), 1),
            fixed(self.y(first_at), 1)
        );
        for &(at, next) in &self.watermarks[1..] {
            d.push_str(&format!(
                "V{}H{}",
                fixed(self.y(at), 1),
                fixed(self.x(next), 1)
            ));
        }
        d.push_str(&format!("V{}", fixed(self.y(self.now_us), 1)));
        Some(d)
    }
}

fn ticks(p: &Plane) -> impl IntoView {
    (0..=p.span_us / p.tick_us)
        .map(|i| {
            let t = i * p.tick_us;
            let label = (t / 1_000).to_string();
            let (x, y) = (fixed(p.x(t), 1), fixed(p.y(t), 1));
            view! {
                <path class="grid" d=format!("M{x} {}V{}M{} {y}H{}", fixed(BOTTOM, 1), fixed(TOP, 1), fixed(LEFT, 1), fixed(RIGHT, 1)) />
                <text class="tick" x=x.clone() y=fixed(BOTTOM + 14.0, 1)>{label.clone()}</text>
                <text class="tick y" x=fixed(LEFT - 6.0, 1) y=y>{label}</text>
            }
        })
        .collect_view()
}

fn band_view(p: &Plane, b: &Band, i: usize) -> impl IntoView {
    let (x0, x1) = (p.x(b.window.start), p.x(b.window.end));
    let top = p.y(b.fired_us.unwrap_or(p.now_us));
    let class = match (b.fired_us, b.corrected) {
        (None, _) => "band pending",
        (Some(_), 0) => "band",
        _ => "band corrected",
    };
    let lane = if i % 2 == 0 { "" } else { " odd" };
    let title = match b.fired_us {
        Some(f) => format!(
            "window [{}, {}) ms fired at {} ms with {} events{}",
            b.window.start / 1_000,
            b.window.end / 1_000,
            f / 1_000,
            b.count,
            if b.corrected > 0 {
                format!(", corrected {} time(s) by late events", b.corrected)
            } else {
                String::new()
            }
        ),
        None => format!(
            "window [{}, {}) ms: waiting for the watermark to pass its end",
            b.window.start / 1_000,
            b.window.end / 1_000
        ),
    };
    let fired = b.fired_us.map(|_| {
        view! {
            <path class="fired" d=format!("M{} {}H{}", fixed(x0, 1), fixed(top, 1), fixed(x1, 1)) />
            <text class="count" x=fixed((x0 + x1) / 2.0, 1) y=fixed(top - 3.0, 1)>{b.count.to_string()}</text>
        }
    });
    view! {
        <g class=format!("{class}{lane}")>
            <title>{title}</title>
            <rect x=fixed(x0, 1) y=fixed(top, 1) width=fixed((x1 - x0).max(1.0), 1) height=fixed((BOTTOM - top).max(0.0), 1) />
            {fired}
        </g>
    }
}

fn event_mark(p: &Plane, (ev, at, part, fate): (u64, u64, u32, Fate)) -> impl IntoView {
    let (x, y) = (fixed(p.x(ev), 1), fixed(p.y(at), 1));
    let class = format!("{} own-{}", fate.class(), part % 12);
    let d = match fate {
        Fate::OnTime | Fate::Corrected => {
            format!("M{x} {y}m-3.5 0a3.5 3.5 0 1 0 7 0a3.5 3.5 0 1 0-7 0")
        }
        Fate::Dropped => format!("M{x} {y}m-4-4l8 8m0-8l-8 8"),
        Fate::Side => format!("M{x} {y}m0-5l5 5l-5 5l-5-5z"),
    };
    view! { <path class=class d=d /> }
}

/// The plane, redrawn when the run changes.
#[component]
pub fn TimePlane() -> impl IntoView {
    let st = expect_context::<StreamState>();
    let drawn = Memo::new(move |_| st.with_lab(plane));
    let picture = move || {
        drawn.with(|p| {
            let bands = p.bands.iter().enumerate().map(|(i, b)| band_view(p, b, i)).collect_view();
            let dots = p.events.iter().map(|&e| event_mark(p, e)).collect_view();
            let wm = p.watermark_path().map(|d| view! { <path class="watermark" d=d /> });
            let silent = (!p.silent.is_empty() && p.watermarks.is_empty()).then(|| {
                let list: Vec<String> = p.silent.iter().map(|s| format!("P{s}")).collect();
                view! { <text class="no-watermark" x=fixed(LEFT + 8.0, 1) y=fixed(TOP + 14.0, 1)>{format!("no watermark: {} never had an event, so the minimum over partitions is undefined", list.join(", "))}</text> }
            });
            let now = fixed(p.y(p.now_us), 1);
            view! {
                {ticks(p)}
                {bands}
                <path class="diagonal" d=format!("M{} {}L{} {}", fixed(p.x(0), 1), fixed(p.y(0), 1), fixed(p.x(p.span_us), 1), fixed(p.y(p.span_us), 1)) />
                <path class="now" d=format!("M{} {now}H{}", fixed(LEFT, 1), fixed(RIGHT, 1)) />
                {wm}
                {dots}
                {silent}
            }
        })
    };
    view! {
        <figure class="plane-wrap">
            <svg class="plane" viewBox=format!("0 0 {} {}", VIEW.0, VIEW.1) role="img"
                aria-label=move || drawn.with(|p| format!("Event time against processing time: {} events, {} windows, watermark {}", p.events.len(), p.bands.len(), p.watermarks.last().map_or("not yet defined".to_string(), |w| format!("at {} ms", w.1 / 1_000))))>
                {picture}
                <text class="axis" x=fixed((LEFT + RIGHT) / 2.0, 1) y="294">"event time (ms): when it happened · processing time: when its consumer processed it"</text>
                <text class="axis y" x="12" y=fixed((TOP + BOTTOM) / 2.0, 1) transform=format!("rotate(-90 12 {})", fixed((TOP + BOTTOM) / 2.0, 1))>"processing time (ms)"</text>
            </svg>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ddia_core::link::LabLink;
    use ddia_core::sim::SimTime;
    use ddia_core::stream::scenario::StreamScenario;

    fn at(q: &str, t: u64) -> Plane {
        let mut lab = StreamLab::new(&StreamScenario::from_query(q).unwrap());
        lab.run_until(SimTime(t));
        plane(&lab)
    }

    #[test]
    fn a_long_quiet_run_keeps_its_events_spread_over_the_plane() {
        let p = at("events=20", 20_000_000);
        let last = p.events.iter().map(|e| e.1).max().unwrap();
        assert!(
            p.span_us < 2 * last,
            "{} for events up to {last}",
            p.span_us
        );
        assert_eq!(p.y(p.now_us), TOP, "now at the top edge");
    }

    #[test]
    fn ticks_are_few_and_round() {
        assert_eq!(tick_for(1_200_000), 200_000);
        assert_eq!(tick_for(100_000), 20_000);
        assert_eq!(tick_for(3_000_000), 500_000);
    }

    #[test]
    fn late_events_are_marked_by_the_policy() {
        for (policy, fate) in [
            ("drop", Fate::Dropped),
            ("side", Fate::Side),
            ("update", Fate::Corrected),
        ] {
            let p = at(&format!("scn=late-{policy}"), 2_500_000);
            assert!(p.events.iter().any(|e| e.3 == fate), "{policy}");
            assert!(
                p.events.iter().all(|e| e.3 == fate || e.3 == Fate::OnTime),
                "{policy}"
            );
        }
        let p = at("scn=late-update", 2_500_000);
        assert!(p.bands.iter().any(|b| b.corrected > 0));
    }

    #[test]
    fn an_idle_partition_leaves_no_watermark_and_no_fired_band() {
        let p = at("scn=idle-partition", 2_000_000);
        assert!(p.watermarks.is_empty());
        assert!(!p.silent.is_empty());
        assert!(p.bands.iter().all(|b| b.fired_us.is_none()));
        assert!(p.watermark_path().is_none());
        let healthy = at("", 2_000_000);
        assert!(healthy.bands.iter().any(|b| b.fired_us.is_some()));
        let path = healthy.watermark_path().unwrap();
        assert!(path.starts_with('M') && path.contains('H'), "{path}");
    }
}
