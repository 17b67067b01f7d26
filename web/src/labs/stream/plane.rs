//! The event-time against processing-time plane (DDIA ch. 11, "Reasoning About Time"):
//! each event a dot at (its event time, the moment its effect and window update were
//! written), once per effect in the sink (a crashed or lagging consumer holds the
//! watermark back); each window a band over its event-time range, rising until the moment its result fired; the
//! watermark a staircase (at each processing time, the event time up to which the
//! operator believes it has seen everything); late events marked by what the late
//! policy did with them. Every mark is computed from `StreamLab::windows` and the
//! events the group processed (`StreamLab::processed`), whatever retention deleted.

use super::state::StreamState;
use crate::shell::compact::{use_compact, use_phone};
use crate::shell::context::context;
use crate::shell::format::fixed;
use ddia_core::stream::lab::StreamLab;
use ddia_core::stream::narrate::window as window_text;
use ddia_core::stream::window::{TimedEvent, Window, WindowKind};
use ddia_core::stream::windowing::{EmissionKind, WindowRun};
use leptos::prelude::*;

/// The event-time axis's caption, and its form in narrow pictures.
const AXIS: &str =
    "event time (ms): when it happened · processing time: when its effect was written";
const AXIS_SHORT: &str = "event time (ms): when it happened";

/// Plot area in SVG units: left, top, bottom; the right edge is the picture's width
/// less [`MARGIN`].
const LEFT: f64 = 58.0;
const MARGIN: f64 = 16.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 262.0;
/// Picture size.
pub const VIEW: (f64, f64) = (900.0, 300.0);
/// The picture's width on a phone and in a compact layout (an 800x580 iframe): drawn
/// at about its own size, so its text stays 10 px or more.
pub const PHONE_WIDTH: f64 = 400.0;
/// See [`PHONE_WIDTH`].
pub const COMPACT_WIDTH: f64 = 500.0;
/// A window count label's box, SVG units per character and height: labels that would
/// overlap one already drawn are left out (the band's tooltip keeps the count).
const LABEL_CHAR: f64 = 6.5;
const LABEL_H: f64 = 12.0;

/// What happened to an event, as the plane marks it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate {
    /// Arrived before its windows fired, counted in them (possibly behind the
    /// watermark, if its window was still open).
    OnTime,
    /// Arrived after its window fired, beyond the allowed lateness, and discarded.
    Dropped,
    /// Arrived after its window fired, beyond the allowed lateness, sent to the side
    /// output.
    Side,
    /// Arrived after its window fired, within the allowed lateness: its windows' results
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
    /// Events in its results now: the first count, less each retracted result, plus
    /// each corrected one (DDIA ch. 11, "Knowing when you're ready": publish a
    /// correction).
    pub now_count: u64,
    /// The key of a session window (sessions are per key); `None` for the other kinds,
    /// whose bands hold every key's result.
    pub key: Option<u64>,
}

impl Band {
    /// The count written on the band: "4", or "4→5" once late events corrected it.
    pub fn label(&self) -> String {
        if self.corrected > 0 && self.now_count != self.count {
            format!("{}→{}", self.count, self.now_count)
        } else {
            self.count.to_string()
        }
    }
}

/// Everything the plane draws, in data units (µs).
#[derive(Clone, Debug, PartialEq)]
pub struct Plane {
    /// Both axes run from 0 to this, µs.
    pub span_us: u64,
    /// Tick step, µs.
    pub tick_us: u64,
    /// Each processed event: event time, processing time, colour, fate. The colour is
    /// its partition, or its key with session windows (a session belongs to one key).
    pub events: Vec<(u64, u64, u64, Fate)>,
    /// Windows with results, and pending ones (tumbling and hopping only).
    pub bands: Vec<Band>,
    /// The watermark after each change: (processing time, watermark).
    pub watermarks: Vec<(u64, u64)>,
    /// Simulated time now, µs.
    pub now_us: u64,
    /// Partitions none of whose events has reached the windows (records may wait in the
    /// topic or in a consumer's batch): they hold the watermark back.
    pub silent: Vec<u32>,
    /// The picture's width, SVG units ([`VIEW`], [`COMPACT_WIDTH`] or [`PHONE_WIDTH`]).
    pub width: f64,
    /// The window kind, for the bounds' brackets in the bands' tooltips.
    pub kind: WindowKind,
    /// Where the watermark stopped, µs, when the stream has ended (every event made
    /// and processed) with windows still waiting: they never fire (N8).
    pub stalled_us: Option<u64>,
}

/// Why the last windows of a finite run never fire, if they do not.
pub fn stalled_note(wm_us: u64) -> String {
    format!(
        "No more events: the watermark stops at {} ms, so the windows after it never fire. A finite stream needs an end-of-input watermark (Flink and Beam emit one at the end of a bounded input).",
        wm_us / 1_000
    )
}

/// A tick step of 1, 2 or 5 times a power of ten ms giving at most 6 ticks over `span`.
pub fn tick_for(span_us: u64) -> u64 {
    (2..12u32)
        .flat_map(|e| [1u64, 2, 5].map(|m| m * 10u64.pow(e)))
        .find(|step| span_us / step <= 6)
        .unwrap_or(span_us.max(1))
}

/// Each late processing's mark, by (event id, arrival): an event processed twice (a
/// reprocessed batch, a replay) can be on time once and late once. Few: a linear
/// search (a map type of its own would cost the page its B-tree code).
fn fates(run: &WindowRun) -> Vec<((u64, u64), Fate)> {
    run.late_events
        .iter()
        .map(|l| {
            let fate = match l.fate {
                EmissionKind::Dropped => Fate::Dropped,
                EmissionKind::SideOutput => Fate::Side,
                _ => Fate::Corrected,
            };
            ((l.id, l.arrival_us), fate)
        })
        .collect()
}

/// The band of `(key, window)` in `bands`, kept in (key, window) order, added empty if
/// missing.
fn band_at(bands: &mut Vec<Band>, key: Option<u64>, window: Window) -> &mut Band {
    let i = match bands.binary_search_by(|b| (b.key, b.window).cmp(&(key, window))) {
        Ok(i) => i,
        Err(i) => {
            bands.insert(
                i,
                Band {
                    window,
                    fired_us: None,
                    count: 0,
                    corrected: 0,
                    now_count: 0,
                    key,
                },
            );
            i
        }
    };
    &mut bands[i]
}

fn bands(run: &WindowRun, kind: WindowKind, events: &[TimedEvent]) -> Vec<Band> {
    let per_key = matches!(kind, WindowKind::Session { .. });
    let mut out = Vec::new();
    for e in &run.emissions {
        let Some(window) = e.window else { continue };
        let band = band_at(&mut out, per_key.then_some(e.key), window);
        match e.kind {
            EmissionKind::OnTime if band.fired_us.is_none_or(|f| f == e.at_us) => {
                band.fired_us = Some(e.at_us);
                band.count += e.agg.count;
                band.now_count += e.agg.count;
            }
            EmissionKind::Retraction => {
                band.now_count = band.now_count.saturating_sub(e.agg.count);
            }
            EmissionKind::Corrected => {
                band.corrected += 1;
                band.now_count += e.agg.count;
            }
            _ => {}
        }
    }
    if matches!(
        kind,
        WindowKind::Tumbling { .. } | WindowKind::Hopping { .. }
    ) {
        for e in events.iter().filter(|e| !run.late.contains(&e.id)) {
            for window in kind.windows(&[(e.event_us, e.value)]).into_keys() {
                band_at(&mut out, None, window);
            }
        }
    }
    out
}

/// The plane of `lab` now.
pub fn plane(lab: &StreamLab) -> Plane {
    let events = lab.processed();
    let run = lab.windows();
    let now_us = lab.now().as_micros();
    let fate = fates(run);
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
    let kind = lab.scenario().window_params().kind;
    let by_key = matches!(kind, WindowKind::Session { .. });
    let bands = bands(run, kind, events);
    let ended = lab.run.settled() && bands.iter().any(|b| b.fired_us.is_none());
    Plane {
        stalled_us: run.watermarks.last().filter(|_| ended).map(|w| w.1),
        span_us,
        tick_us,
        events: events
            .iter()
            .map(|e| {
                (
                    e.event_us,
                    e.arrival_us,
                    if by_key {
                        e.key
                    } else {
                        u64::from(e.partition)
                    },
                    fate.iter()
                        .find(|f| f.0 == (e.id, e.arrival_us))
                        .map_or(Fate::OnTime, |f| f.1),
                )
            })
            .collect(),
        bands,
        watermarks: run.watermarks.clone(),
        now_us,
        silent: (0..parts)
            .filter(|&p| events.iter().all(|e| e.partition != p))
            .collect(),
        width: VIEW.0,
        kind,
    }
}

impl Plane {
    /// x of event time `t`.
    pub fn x(&self, t: u64) -> f64 {
        LEFT + (self.right() - LEFT) * t.min(self.span_us) as f64 / self.span_us.max(1) as f64
    }

    /// The plot area's right edge.
    fn right(&self) -> f64 {
        self.width - MARGIN
    }

    /// Which bands' counts are written: each band's label, centred over its fired
    /// edge, unless it would overlap a label already written (sliding and hopping
    /// windows stack many bands over one spot).
    pub fn labelled(&self) -> Vec<bool> {
        let mut placed: Vec<(f64, f64, f64)> = Vec::new();
        self.bands
            .iter()
            .map(|b| {
                let Some(fired) = b.fired_us else {
                    return false;
                };
                let x = (self.x(b.window.start) + self.x(b.window.end)) / 2.0;
                let y = self.y(fired) - 3.0;
                let half = b.label().chars().count() as f64 * LABEL_CHAR / 2.0 + 1.0;
                let free = placed
                    .iter()
                    .all(|&(px, py, ph)| (px - x).abs() >= ph + half || (py - y).abs() >= LABEL_H);
                if free {
                    placed.push((x, y, half));
                }
                free
            })
            .collect()
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
                <path class="grid" d=format!("M{x} {}V{}M{} {y}H{}", fixed(BOTTOM, 1), fixed(TOP, 1), fixed(LEFT, 1), fixed(p.right(), 1)) />
                <text class="tick" x=x.clone() y=fixed(BOTTOM + 14.0, 1)>{label.clone()}</text>
                <text class="tick y" x=fixed(LEFT - 6.0, 1) y=y>{label}</text>
            }
        })
        .collect_view()
}

fn band_view(p: &Plane, b: &Band, i: usize, label: bool) -> impl IntoView {
    let (x0, x1) = (p.x(b.window.start), p.x(b.window.end));
    let top = p.y(b.fired_us.unwrap_or(p.now_us));
    let class = match (b.fired_us, b.corrected) {
        (None, _) => "band pending",
        (Some(_), 0) => "band",
        _ => "band corrected",
    };
    let lane = match b.key {
        Some(k) => format!(" own-{}", k % 12),
        None if i % 2 == 0 => String::new(),
        None => " odd".to_string(),
    };
    let bounds = window_text(b.window, p.kind);
    let title = match b.fired_us {
        Some(f) => format!(
            "{}window {bounds} fired at {} ms with {} events{}",
            b.key
                .map_or(String::new(), |k| format!("key {k}: session ")),
            f / 1_000,
            b.count,
            match b.corrected {
                0 => String::new(),
                1 => format!(", corrected once by a late event: now {}", b.now_count),
                n => format!(", corrected {n} times by late events: now {}", b.now_count),
            }
        ),
        None => format!("window {bounds}: waiting for the watermark to pass its end"),
    };
    let fired = b.fired_us.map(|_| {
        let count = label.then(|| view! { <text class="count" x=fixed((x0 + x1) / 2.0, 1) y=fixed(top - 3.0, 1)>{b.label()}</text> });
        view! {
            <path class="fired" d=format!("M{} {}H{}", fixed(x0, 1), fixed(top, 1), fixed(x1, 1)) />
            {count}
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

fn event_mark(p: &Plane, (ev, at, colour, fate): (u64, u64, u64, Fate)) -> impl IntoView {
    let (x, y) = (fixed(p.x(ev), 1), fixed(p.y(at), 1));
    let class = format!("{} own-{}", fate.class(), colour % 12);
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
    let st = context::<StreamState>();
    let (phone, compact) = (use_phone(), use_compact());
    let drawn = Memo::new(move |_| {
        let width = match (phone.get(), compact.get()) {
            (true, _) => PHONE_WIDTH,
            (false, true) => COMPACT_WIDTH,
            (false, false) => VIEW.0,
        };
        Plane {
            width,
            ..st.with_lab(plane)
        }
    });
    // One reactive view for the whole figure: the picture changes with every frame of a
    // run anyway, and one closure is less wasm than one per attribute.
    let figure = move || {
        drawn.with(|p| {
            let labels = p.labelled();
            let bands = p.bands.iter().zip(labels).enumerate().map(|(i, (b, l))| band_view(p, b, i, l)).collect_view();
            let dots = p.events.iter().map(|&e| event_mark(p, e)).collect_view();
            let wm = p.watermark_path().map(|d| view! { <path class="watermark" d=d /> });
            let silent = (!p.silent.is_empty() && p.watermarks.is_empty()).then(|| {
                let list: Vec<String> = p.silent.iter().map(|s| format!("P{s}")).collect();
                let (x, x2) = (fixed(LEFT + 8.0, 1), fixed(LEFT + 8.0, 1));
                view! {
                    <text class="no-watermark" x=x y=fixed(TOP + 14.0, 1)>
                        {format!("no watermark: no event from {} has reached the windows,", list.join(", "))}
                        <tspan x=x2 dy="1.2em">"so the minimum over partitions is undefined"</tspan>
                    </text>
                }
            });
            let now = fixed(p.y(p.now_us), 1);
            let label = format!(
                "Event time against processing time: {} events, {} windows, watermark {}",
                p.events.len(),
                p.bands.len(),
                p.watermarks.last().map_or("not yet defined".to_string(), |w| format!("at {} ms", w.1 / 1_000))
            );
            let axis = if p.width < VIEW.0 { AXIS_SHORT } else { AXIS };
            let stalled = p.stalled_us.map(|w| view! { <figcaption class="hint" data-stalled="">{stalled_note(w)}</figcaption> });
            view! {
                <svg class="plane" viewBox=format!("0 0 {} {}", p.width, VIEW.1) role="img" aria-label=label>
                    {ticks(p)}
                    {bands}
                    <path class="diagonal" d=format!("M{} {}L{} {}", fixed(p.x(0), 1), fixed(p.y(0), 1), fixed(p.x(p.span_us), 1), fixed(p.y(p.span_us), 1)) />
                    <path class="now" d=format!("M{} {now}H{}", fixed(LEFT, 1), fixed(p.right(), 1)) />
                    {wm}
                    {dots}
                    {silent}
                    <text class="axis" x=fixed((LEFT + p.right()) / 2.0, 1) y="294">{axis}</text>
                    <text class="axis y" x="12" y=fixed((TOP + BOTTOM) / 2.0, 1) transform=format!("rotate(-90 12 {})", fixed((TOP + BOTTOM) / 2.0, 1))>"processing time (ms)"</text>
                </svg>
                {stalled}
            }
        })
    };
    view! { <figure class="plane-wrap">{figure}</figure> }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ddia_core::link::LabLink;
    use ddia_core::sim::SimTime;
    use ddia_core::stream::scenario::StreamScenario;
    use std::collections::BTreeSet;

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

    /// N2: a window a late event corrected is written "4→5" on its band.
    #[test]
    fn a_corrected_window_is_written_old_count_arrow_new_count() {
        let p = at("scn=late-update", 3_000_000);
        let fixed: Vec<&Band> = p.bands.iter().filter(|b| b.corrected > 0).collect();
        assert!(!fixed.is_empty());
        for b in fixed {
            assert_eq!(
                b.now_count,
                b.count + u64::from(b.corrected),
                "one more event each"
            );
            assert_eq!(b.label(), format!("{}→{}", b.count, b.now_count));
        }
        let dropped = at("scn=late-drop", 3_000_000);
        assert!(
            dropped.bands.iter().all(|b| !b.label().contains('→')),
            "drop corrects nothing"
        );
    }

    #[test]
    fn session_windows_are_drawn_per_key_in_the_key_s_colour() {
        let p = at("win=session", 1_500_000);
        assert!(!p.bands.is_empty());
        assert!(
            p.bands.iter().all(|b| b.key.is_some()),
            "a session belongs to a key"
        );
        let keys: BTreeSet<u64> = p.bands.iter().filter_map(|b| b.key).collect();
        let colours: BTreeSet<u64> = p.events.iter().map(|e| e.2).collect();
        assert!(keys.is_subset(&colours), "{keys:?} {colours:?}");
        assert!(
            colours.len() > 4,
            "coloured by key (8), not by partition (4)"
        );
        assert!(at("", 1_500_000).bands.iter().all(|b| b.key.is_none()));
    }

    /// The written counts, as boxes: (centre x, baseline y, half width).
    fn count_boxes(p: &Plane) -> Vec<(f64, f64, f64)> {
        p.bands
            .iter()
            .zip(p.labelled())
            .filter(|(_, shown)| *shown)
            .map(|(b, _)| {
                let x = (p.x(b.window.start) + p.x(b.window.end)) / 2.0;
                let half = b.label().chars().count() as f64 * LABEL_CHAR / 2.0;
                (x, p.y(b.fired_us.unwrap()), half)
            })
            .collect()
    }

    #[test]
    fn window_counts_never_overlap() {
        for (q, width) in [
            ("win=sliding", VIEW.0),
            ("win=hopping", VIEW.0),
            ("", PHONE_WIDTH),
        ] {
            let p = Plane {
                width,
                ..at(q, 1_500_000)
            };
            let boxes = count_boxes(&p);
            assert!(boxes.len() > 3, "{q}: counts are written");
            for (i, a) in boxes.iter().enumerate() {
                for b in &boxes[i + 1..] {
                    let apart = (a.0 - b.0).abs() >= a.2 + b.2 || (a.1 - b.1).abs() >= LABEL_H;
                    assert!(apart, "{q}: {a:?} and {b:?} overlap");
                }
            }
        }
        let tumbling = at("", 1_500_000);
        assert!(
            tumbling
                .labelled()
                .iter()
                .zip(&tumbling.bands)
                .all(|(l, b)| *l == b.fired_us.is_some()),
            "tumbling windows: every count"
        );
    }

    #[test]
    fn a_finite_run_says_its_last_windows_never_fire() {
        let p = at("scn=late-drop", 3_000_000);
        let wm = p.stalled_us.expect("windows waiting after the last event");
        assert_eq!(Some(wm), p.watermarks.last().map(|w| w.1));
        assert!(p
            .bands
            .iter()
            .any(|b| b.fired_us.is_none() && b.window.end > wm));
        assert!(stalled_note(wm).contains(&format!("stops at {} ms", wm / 1_000)));
        assert_eq!(
            at("scn=late-drop", 500_000).stalled_us,
            None,
            "events still coming"
        );
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
