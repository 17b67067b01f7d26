//! The lab's charts (plotters, [`crate::shell::chart`]) and the guarantee comparison,
//! all measured from runs: each partition's consumer lag over simulated time; window
//! completeness against the watermark bound (events a tighter bound leaves late, and
//! how much later a looser one fires: `ddia_core::stream::completeness`); and lost and
//! duplicated effects of this very run under each delivery guarantee, counted from
//! each run's sink (DDIA ch. 11).

use super::panel::guarantee_name;
use super::state::StreamState;
use crate::shell::chart::{ChartSpec, LineChart, Series};
use crate::shell::context::context;
use ddia_core::sim::SimTime;
use ddia_core::stream::completeness::completeness;
use ddia_core::stream::consumer::Guarantee;
use ddia_core::stream::delivery::Delivery;
use ddia_core::stream::lab::StreamLab;
use ddia_core::stream::scenario::StreamScenario;
use leptos::prelude::*;
use plotters::style::RGBColor;

/// Partition names and line colours (the picture's `own-0` .. `own-7`).
const PARTITIONS: [(&str, RGBColor); 8] = [
    ("P0", RGBColor(0x4E, 0x79, 0xA7)),
    ("P1", RGBColor(0xF2, 0x8E, 0x2B)),
    ("P2", RGBColor(0x59, 0xA1, 0x4F)),
    ("P3", RGBColor(0xE1, 0x57, 0x59)),
    ("P4", RGBColor(0x76, 0xB7, 0xB2)),
    ("P5", RGBColor(0xC9, 0xA2, 0x27)),
    ("P6", RGBColor(0xB0, 0x7A, 0xA1)),
    ("P7", RGBColor(0xFF, 0x9D, 0xA7)),
];

/// Watermark bounds the completeness chart compares, ms.
pub const BOUNDS_MS: [u64; 8] = [0, 10, 20, 50, 100, 200, 400, 800];

const LAG: ChartSpec = ChartSpec {
    title: "Consumer lag",
    x_label: "simulated time (ms)",
    y_label: "records behind (log end - committed)",
    x_min: 100.0,
    y_min: 4.0,
};

const LATE: ChartSpec = ChartSpec {
    title: "Completeness",
    x_label: "watermark bound (ms)",
    y_label: "events left late",
    x_min: 800.0,
    y_min: 4.0,
};

const WAIT: ChartSpec = ChartSpec {
    title: "Latency",
    x_label: "watermark bound (ms)",
    y_label: "mean ms from a window's end to its result",
    x_min: 800.0,
    y_min: 10.0,
};

/// The lag series, one per partition.
pub fn lag_series(samples: &[(u64, Vec<u64>)]) -> Vec<Series> {
    PARTITIONS
        .iter()
        .enumerate()
        .filter(|(i, _)| samples.last().is_some_and(|s| *i < s.1.len()))
        .map(|(i, &(name, colour))| Series {
            name,
            colour,
            points: samples
                .iter()
                .map(|(t, lag)| (*t as f64 / 1_000.0, lag.get(i).copied().unwrap_or(0) as f64))
                .collect(),
        })
        .collect()
}

/// The run's own bound's mark on a sweep chart: a grey line up to the curve (N8).
const THIS_RUN: (&str, RGBColor) = ("this run's bound", RGBColor(0x80, 0x80, 0x80));

/// The bounds a sweep compares, µs: [`BOUNDS_MS`] and the run's own `bound_us`.
pub fn sweep_bounds(bound_us: u64) -> Vec<u64> {
    let mut bounds: Vec<u64> = BOUNDS_MS.iter().map(|b| b * 1_000).collect();
    if let Err(i) = bounds.binary_search(&bound_us) {
        bounds.insert(i, bound_us);
    }
    bounds
}

/// Events left late and mean wait, against [`sweep_bounds`], on the run's own events;
/// each with a grey line at the run's own bound.
pub fn completeness_series(lab: &StreamLab) -> (Vec<Series>, Vec<Series>) {
    let params = lab.scenario().window_params();
    let bounds = sweep_bounds(params.watermark.bound_us);
    let own_ms = params.watermark.bound_us as f64 / 1_000.0;
    let c = completeness(lab.processed(), &params, &bounds);
    let line = |name, colour, f: fn(&ddia_core::stream::completeness::Completeness) -> f64| {
        let points: Vec<(f64, f64)> = c
            .iter()
            .map(|x| (x.bound_us as f64 / 1_000.0, f(x)))
            .collect();
        let at = points.iter().find(|p| p.0 == own_ms).map_or(0.0, |p| p.1);
        vec![
            Series {
                name,
                colour,
                points,
            },
            Series {
                name: THIS_RUN.0,
                colour: THIS_RUN.1,
                points: vec![(own_ms, 0.0), (own_ms, at)],
            },
        ]
    };
    (
        line("late", RGBColor(0xD6, 0x3B, 0x3B), |x| x.late as f64),
        line("mean wait", RGBColor(0x2F, 0x6F, 0xED), |x| {
            x.mean_wait_us as f64 / 1_000.0
        }),
    )
}

/// This run's scenario replayed to `until_us` under each guarantee: its delivery.
pub fn per_guarantee(s: &StreamScenario, until_us: u64) -> Vec<(Guarantee, Delivery)> {
    Guarantee::ALL
        .into_iter()
        .map(|guarantee| {
            let mut lab = StreamLab::new(&StreamScenario {
                guarantee,
                until_us: None,
                ..s.clone()
            });
            lab.run_until(SimTime(until_us));
            (guarantee, lab.delivery())
        })
        .collect()
}

/// The guarantee comparison: computed on request (four runs), for the moment shown.
#[component]
fn GuaranteeTable() -> impl IntoView {
    let st = context::<StreamState>();
    let table = RwSignal::new(None::<(u64, Vec<(Guarantee, Delivery)>)>);
    let compare = move |_| {
        let (s, now) = st.with(|s| (s.lab().scenario().clone(), s.now()));
        table.set(Some((now, per_guarantee(&s, now))));
    };
    let rows = move || {
        table.get().map(|(at, rows)| {
            let body = rows
                .into_iter()
                .map(|(g, d)| {
                    let (lost, dup) = (d.lost > 0, d.duplicated > 0);
                    view! {
                        <tr data-guarantee=g.word()><td>{guarantee_name(g)}</td><td>{d.done.to_string()}</td><td class:bad=lost>{d.lost.to_string()}</td><td class:bad=dup>{d.duplicated.to_string()}</td></tr>
                    }
                })
                .collect_view();
            view! {
                <table class="view-table">
                    <caption>{format!("This run's settings, crashes and actions at t = {} ms", at / 1_000)}</caption>
                    <thead><tr><th>"guarantee"</th><th>"done"</th><th>"lost"</th><th>"duplicated"</th></tr></thead>
                    <tbody>{body}</tbody>
                </table>
                <p class="hint">"Counted from the sink against the log: lost = done but no effect in the sink; duplicated = effects beyond an event's first."</p>
            }
        })
    };
    view! {
        <section class="compare" aria-label="lost and duplicated effects per guarantee">
            <h3>"Lost and duplicated effects per guarantee"</h3>
            <button data-action="compare" on:click=compare>"Compare the four guarantees at this moment"</button>
            {rows}
        </section>
    }
}

/// The charts tab.
#[component]
pub fn StreamCharts() -> impl IntoView {
    let st = context::<StreamState>();
    let lag = Memo::new(move |_| st.with(|s| lag_series(s.lag())));
    // Eight windowing runs: only when a log changed, not every frame.
    let logs = Memo::new(move |_| st.logs());
    let both = Memo::new(move |_| {
        logs.track();
        st.peek(|s| completeness_series(s.lab()))
    });
    view! {
        <section class="charts" aria-label="charts">
            <LineChart spec=LAG series=lag />
            <LineChart spec=LATE series=Signal::derive(move || both.with(|b| b.0.clone())) />
            <LineChart spec=WAIT series=Signal::derive(move || both.with(|b| b.1.clone())) />
            <GuaranteeTable />
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ddia_core::link::LabLink;

    #[test]
    fn a_crash_before_the_commit_duplicates_only_under_at_least_once() {
        let s = StreamScenario::from_query("crash=1.commit.2").unwrap();
        let rows = per_guarantee(&s, 2_500_000);
        for (g, d) in rows {
            assert_eq!(d.duplicated > 0, g == Guarantee::AtLeastOnce, "{g:?} {d:?}");
            assert_eq!(d.lost, 0, "{g:?}");
        }
    }

    #[test]
    fn a_looser_bound_leaves_fewer_late_events() {
        let mut lab = StreamLab::new(&StreamScenario::from_query("scn=late-drop").unwrap());
        lab.run_until(SimTime(2_500_000));
        let (late, wait) = completeness_series(&lab);
        let late: Vec<f64> = late[0].points.iter().map(|p| p.1).collect();
        assert!(late.windows(2).all(|w| w[0] >= w[1]), "{late:?}");
        assert!(late[0] > late[late.len() - 1], "{late:?}");
        let last = wait[0].points.len() - 1;
        assert!(wait[0].points[last].1 > wait[0].points[0].1);
    }

    /// N8: each sweep marks the run's own bound, which is one of its points.
    #[test]
    fn the_sweeps_mark_the_runs_own_bound() {
        let mut lab = StreamLab::new(&StreamScenario::from_query("wm=25").unwrap());
        lab.run_until(SimTime(2_500_000));
        let (late, wait) = completeness_series(&lab);
        for chart in [late, wait] {
            let own = &chart[1];
            assert_eq!(own.name, THIS_RUN.0);
            assert_eq!(own.points[0], (25.0, 0.0));
            let on_curve = chart[0].points.iter().find(|p| p.0 == 25.0);
            assert_eq!(
                on_curve.map(|p| p.1),
                Some(own.points[1].1),
                "up to the curve"
            );
        }
        assert_eq!(
            sweep_bounds(20_000).len(),
            BOUNDS_MS.len(),
            "20 ms is swept already"
        );
    }
}
