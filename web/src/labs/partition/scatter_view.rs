//! Scatter/gather drawn (DDIA ch. 6, "Partitioning and Secondary Indexes"): the last
//! read of the last index run, on the local (document-partitioned) index and on the
//! global (term-partitioned) one. Requests fly from the client to every partition the
//! read asks; each partition answers after its own time; the replies fly back and the
//! read ends with the slowest, which is marked (it decides the latency). The last
//! write's partitions are drawn too: one for a local index, several for a global one.
//! Times are the core's ([`ddia_core::partition::index::IndexReport`]), played in slow
//! motion by the frame loop (as the handoff: [`super::handoff_run::SLOW_MOTION`]).

use super::handoff_run::frame_micros;
use super::state::PartitionState;
use crate::shell::context::context;
use crate::shell::format::{fixed, short};
use crate::shell::frame_loop::use_frame_loop;
use crate::shell::page::prefers_reduced_motion_now;
use ddia_core::partition::index::IndexReport;
use leptos::prelude::*;

/// A message's flight between the client and a partition, simulated microseconds
/// (drawn only: the index model times the partitions' answers).
pub const FLIGHT_US: u64 = 1_000;
/// Width of one panel, SVG user units.
const W: f64 = 240.0;
/// The client's x; the partitions' x.
const CLIENT_X: f64 = 30.0;
const PART_X: f64 = 170.0;
/// Vertical room per partition.
const ROW: f64 = 16.0;
/// Room for the panel's title.
const TOP: f64 = 22.0;

/// One partition's answer as drawn at `t`: where its request or reply dot is, or none.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Leg {
    /// The request is on its way: `0.0..1.0` from the client.
    Out(f64),
    /// The partition is working on it.
    Working,
    /// The reply is on its way: `0.0..1.0` from the partition.
    Back(f64),
    /// The reply arrived.
    Done,
}

/// Where the read to a partition answering in `answer_us` is at `t` µs.
pub fn leg(answer_us: u64, t: u64) -> Leg {
    let f = |from: u64| (t.saturating_sub(from)) as f64 / FLIGHT_US as f64;
    if t < FLIGHT_US {
        Leg::Out(f(0))
    } else if t < FLIGHT_US + answer_us {
        Leg::Working
    } else if t < 2 * FLIGHT_US + answer_us {
        Leg::Back(f(FLIGHT_US + answer_us))
    } else {
        Leg::Done
    }
}

/// When the read ends: the slowest answer's reply arrives.
pub fn read_ends(r: &IndexReport) -> u64 {
    2 * FLIGHT_US + r.last_read.iter().map(|a| a.1).max().unwrap_or(0)
}

/// The slowest partition the read asked (the first of equals).
pub fn slowest(r: &IndexReport) -> Option<u32> {
    let most = r.last_read.iter().map(|a| a.1).max()?;
    r.last_read.iter().find(|a| a.1 == most).map(|a| a.0)
}

/// What the read's time is made of: the slowest answer of the partitions it asked, or
/// the one answer of a global index's read (play16b N14), plus the request's and the
/// reply's flights, [`FLIGHT_US`] each way, which the drawing adds and the core's
/// latencies (the slowest answer) leave out (hq10 U4).
pub fn waited_for(r: &IndexReport) -> String {
    let answer = if r.last_read.len() == 1 {
        "its one answer"
    } else {
        "the slowest"
    };
    format!("{answer} + {}", round_trip())
}

/// The request's and the reply's flights together, `2 ms round trip`: the drawing adds
/// them, the core's read latencies (the table's percentiles) leave them out (hp11 H3).
pub fn round_trip() -> String {
    format!("{} ms round trip", 2 * FLIGHT_US / 1_000)
}

/// The y of partition `p`.
fn row_y(p: u32) -> f64 {
    TOP + ROW * (f64::from(p) + 0.5)
}

/// One panel: `r`'s last read at `t` µs and its last write, for `partitions`.
fn panel(title: &'static str, r: &IndexReport, partitions: u32, t: u64) -> impl IntoView {
    let h = TOP + ROW * f64::from(partitions.max(1)) + 36.0;
    let cy = TOP + ROW * f64::from(partitions.max(1)) / 2.0;
    let slow = slowest(r);
    let asked = |p: u32| r.last_read.iter().find(|a| a.0 == p).map(|a| a.1);
    let rows = (0..partitions)
        .map(|p| {
            let y = row_y(p);
            let answer = asked(p);
            let written = r.last_write.contains(&p);
            let home = r.last_write.first() == Some(&p);
            let state = answer.map(|a| leg(a, t));
            let dot = match state {
                Some(Leg::Out(f)) => Some((CLIENT_X + (PART_X - CLIENT_X) * f, cy + (y - cy) * f, "req")),
                Some(Leg::Back(f)) => Some((PART_X + (CLIENT_X - PART_X) * f, y + (cy - y) * f, "rep")),
                _ => None,
            };
            let label = answer.map(|a| format!("{} ms", short(a as f64 / 1000.0, 1)));
            view! {
                <g class="sg-part" class:asked=answer.is_some() class:working=state == Some(Leg::Working)
                    class:slowest=slow == Some(p) && answer.is_some() class:written=written data-partition=p>
                    {answer.map(|_| view! { <path class="sg-link" d=format!("M{} {}L{} {}", fixed(CLIENT_X, 0), fixed(cy, 1), fixed(PART_X, 0), fixed(y, 1))></path> })}
                    {written.then(|| view! { <path class="sg-write" class:home=home d=format!("M{} {}L{} {}", fixed(CLIENT_X, 0), fixed(cy + 3.0, 1), fixed(PART_X, 0), fixed(y + 3.0, 1))></path> })}
                    <rect x=fixed(PART_X, 0) y=fixed(y - 6.0, 1) width="12" height="12" rx="2"></rect>
                    <text class="sg-name" x=fixed(PART_X - 4.0, 0) y=fixed(y, 1)>{format!("P{p}")}</text>
                    {label.filter(|_| matches!(state, Some(Leg::Back(_) | Leg::Done))).map(|l| view! { <text class="sg-time" x=fixed(PART_X + 16.0, 0) y=fixed(y, 1)>{l}</text> })}
                    {dot.map(|(x, y, c)| view! { <circle class=format!("sg-dot {c}") cx=fixed(x, 1) cy=fixed(y, 1) r="3.5"></circle> })}
                </g>
            }
        })
        .collect_view();
    let end = read_ends(r);
    let (outcome, why) = if t >= end {
        (
            format!("read done in {} ms:", short(end as f64 / 1000.0, 1)),
            waited_for(r),
        )
    } else {
        (format!("{} ms", short(t as f64 / 1000.0, 1)), String::new())
    };
    view! {
        <svg class="sg-svg" viewBox=format!("0 0 {W} {}", fixed(h, 1)) role="img"
            aria-label=format!("{title}: the last read asks {} partition(s), the last write touches {}", r.last_read.len(), r.last_write.len())>
            <text class="sg-title" x="4" y="12">{title}</text>
            <circle class="sg-client" cx=fixed(CLIENT_X, 0) cy=fixed(cy, 1) r="9"></circle>
            <text class="sg-client-name" x=fixed(CLIENT_X, 0) y=fixed(cy + 20.0, 1)>"client"</text>
            {rows}
            <text class="sg-outcome" x="4" y=fixed(h - 24.0, 1)>{outcome}</text>
            <text class="sg-outcome" x="4" y=fixed(h - 9.0, 1)>{why}</text>
        </svg>
    }
}

/// The two panels, replayed from the start after every index run.
#[component]
pub fn ScatterGather() -> impl IntoView {
    let st = context::<PartitionState>();
    let reports = Memo::new(move |_| st.with(|l| l.index_reports().cloned()));
    let t = RwSignal::new(0u64);
    let end = move || {
        reports.with(|r| {
            r.as_ref()
                .map_or(0, |(l, g)| read_ends(l).max(read_ends(g)))
        })
    };
    // Reduced motion: the read's outcome at once.
    let start = move || {
        if prefers_reduced_motion_now() {
            end()
        } else {
            0
        }
    };
    Effect::new(move |_| {
        reports.track();
        t.set(start());
    });
    use_frame_loop(move |dt_ms, _| {
        let now = t.get_untracked();
        if dt_ms.is_finite() && now < end() {
            t.set(now + frame_micros(dt_ms, st.speed.get_untracked()));
        }
    });
    move || {
        reports.with(|r| {
            let (local, global) = r.as_ref()?;
            // A local read asks every partition: their number.
            let n = u32::try_from(local.last_read.len()).unwrap_or(1);
            let now = t.get();
            Some(view! {
                <section class="scatter-gather" aria-label="scatter/gather">
                    <h2>"The last index read and write"</h2>
                    <div class="sg-panels">
                        {panel("local index", local, n, now)}
                        {panel("global index", global, n, now)}
                    </div>
                    <p class="hint">"Dots fly to each partition the read asks and back after its answer time; the red one is the slowest, and the read waits for it. Thin grey lines: the partitions the last write touched (solid: the document's own)."</p>
                    <button data-action="replay-read" title="Play the last read again" on:click=move |_| t.set(start())>"↺ Replay the read"</button>
                </section>
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_flies_out_waits_and_flies_back() {
        assert_eq!(leg(5_000, 0), Leg::Out(0.0));
        assert_eq!(leg(5_000, 500), Leg::Out(0.5));
        assert_eq!(leg(5_000, 3_000), Leg::Working);
        assert_eq!(leg(5_000, 6_500), Leg::Back(0.5));
        assert_eq!(leg(5_000, 7_000), Leg::Done);
    }

    #[test]
    fn the_slowest_partition_decides_when_the_read_ends() {
        let r = IndexReport {
            last_read: vec![(0, 2_000), (1, 50_000), (2, 3_000), (3, 50_000)],
            last_write: vec![2],
            ..IndexReport::default()
        };
        assert_eq!(slowest(&r), Some(1));
        assert_eq!(read_ends(&r), 52_000);
        assert_eq!(slowest(&IndexReport::default()), None);
        assert_eq!(waited_for(&r), "the slowest + 2 ms round trip");
        let one = IndexReport {
            last_read: vec![(2, 3_000)],
            ..IndexReport::default()
        };
        assert_eq!(waited_for(&one), "its one answer + 2 ms round trip");
        // hp11 H3: the round trip named is what the drawing adds to an instant answer.
        let instant = IndexReport {
            last_read: vec![(0, 0)],
            ..IndexReport::default()
        };
        let added = format!("{} ms ", read_ends(&instant) / 1_000);
        assert!(round_trip().starts_with(&added), "{}", round_trip());
    }
}
