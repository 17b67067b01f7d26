//! Secondary indexes (DDIA ch. 6, "Partitioning and Secondary Indexes"): run the same
//! workload on a local (document-partitioned) and a global (term-partitioned,
//! asynchronously updated) index, one partition per node, and compare the partitions
//! each read and write touched, the reads that missed a just-written document, and the
//! read latency percentiles (nearest-rank).

use super::controls::{field_action, typed, FieldAction};
use super::movement_view::percent;
use super::scatter_view::round_trip;
use super::state::PartitionState;
use crate::shell::chart::{step_points, ChartSpec, LineChart, Series};
use crate::shell::context::context;
use crate::shell::format::{count, fixed, short};
use crate::shell::glossary::{entry, partition::PARTITION, Gloss};
use ddia_core::partition::index::IndexReport;
use ddia_core::partition::knobs::BATCH;
use ddia_core::partition::scenario::PartitionAction;
use leptos::prelude::*;
use plotters::style::RGBColor;

const LATENCY: ChartSpec = ChartSpec {
    title: "Read latency",
    x_label: "percentile (nearest-rank)",
    y_label: "ms per read by the secondary index",
    x_min: 100.0,
    y_min: 1.0,
};

/// A report's read latency as `(percentile, ms)` steps: the empirical distribution
/// (each whole percentile's nearest-rank latency), not straight lines between a few
/// percentiles, which would invent the latencies in between (play16 A7).
pub fn latency_points(r: &IndexReport) -> Vec<(f64, f64)> {
    let points: Vec<(f64, f64)> = (1..)
        .zip(&r.quantiles_us)
        .map(|(p, &us)| (f64::from(p), us as f64 / 1000.0))
        .collect();
    step_points(&points)
}

/// Per operation, to one decimal: `total / ops`.
fn per(total: u64, ops: u32) -> String {
    if ops == 0 {
        "–".into()
    } else {
        fixed(total as f64 / f64::from(ops), 1)
    }
}

/// `part` of `reads` with the share: `1 002 of 2 000 (50.1 %)` (play16b N14).
fn of_reads(part: u32, reads: u32) -> String {
    let (part, reads) = (u64::from(part), u64::from(reads));
    format!(
        "{} of {} ({})",
        count(part),
        count(reads),
        percent(part, reads)
    )
}

/// Microseconds as milliseconds, to one decimal.
fn ms_of(us: u64) -> String {
    format!("{} ms", short(us as f64 / 1000.0, 1))
}

/// The two reports side by side.
fn table(local: &IndexReport, global: &IndexReport) -> impl IntoView {
    let row = |label: &'static str, f: fn(&IndexReport) -> String| {
        view! { <tr><th scope="row">{label}</th><td>{f(local)}</td><td>{f(global)}</td></tr> }
    };
    view! {
        <table class="figures index-figures">
            <thead><tr><th scope="col">{format!("per operation (latency: the partitions' answers, without the {})", round_trip())}</th><th scope="col">"local"</th><th scope="col">"global"</th></tr></thead>
            <tbody>
                {row("partitions per write", |r| per(r.write_partitions, r.writes))}
                {row("partitions per read", |r| per(r.read_partitions, r.reads))}
                {row("reads right after a write that missed it", |r| of_reads(r.stale_reads, r.reads_after_write))}
                {row("p50 read latency", |r| ms_of(r.p50_p95_p99_us.0))}
                {row("p95 read latency", |r| ms_of(r.p50_p95_p99_us.1))}
                {row("p99 read latency", |r| ms_of(r.p50_p95_p99_us.2))}
            </tbody>
        </table>
    }
}

/// Run the index workload.
const RUN_INDEX: FieldAction = FieldAction {
    label: "Operations",
    name: "index-ops",
    bounds: (BATCH.lo, Some(BATCH.hi)),
    action: "index",
    button: "Run both",
    title: "Run the same workload on a local and a global index and measure both",
    primary: true,
};

/// The group: run the workload, then the table and the latency chart.
#[component]
pub fn IndexControls() -> impl IntoView {
    let st = context::<PartitionState>();
    let ops = RwSignal::new(String::from("300"));
    let reports = Memo::new(move |_| st.with(|l| l.index_reports().cloned()));
    let ran = Memo::new(move |_| reports.with(Option::is_some));
    let run = Callback::new(move |()| {
        if let Some(n) = typed(st, ops, &BATCH, "The number of operations") {
            st.act(PartitionAction::Index(n));
        }
    });
    let series = Memo::new(move |_| {
        reports.with(|r| {
            r.as_ref().map_or_else(Vec::new, |(local, global)| {
                vec![
                    Series {
                        name: "local",
                        colour: RGBColor(0xC7, 0x77, 0x00),
                        points: latency_points(local),
                    },
                    Series {
                        name: "global",
                        colour: RGBColor(0x2F, 0x6F, 0xED),
                        points: latency_points(global),
                    },
                ]
            })
        })
    });
    view! {
        <section class="group" aria-label="secondary indexes">
            <h2>"Secondary indexes"</h2>
            <p class="hint">
                <Gloss entry=entry(PARTITION, "local index") /> " vs " <Gloss entry=entry(PARTITION, "global index") />
                ": each operation writes a document and reads by a term, one index partition per node."
            </p>
            {field_action(&RUN_INDEX, ops, run)}
            {move || reports.with(|r| r.as_ref().map(|(l, g)| table(l, g)))}
            {move || ran.get().then(|| view! {
                <LineChart spec=LATENCY series=series />
                <p class="hint"><Gloss entry=entry(PARTITION, "scatter/gather") />": a local read waits for the slowest partition."</p>
            })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_become_milliseconds() {
        let r = IndexReport {
            writes: 4,
            reads: 2,
            write_partitions: 10,
            read_partitions: 8,
            p50_p95_p99_us: (1_500, 4_000, 9_000),
            stale_reads: 1,
            quantiles_us: [vec![1_500; 98], vec![50_000; 2]].concat(),
            ..IndexReport::default()
        };
        let steps = latency_points(&r);
        // Flat at 1.5 ms to the 98th percentile, then straight up to 50 ms: no line
        // slanting through latencies no read had.
        assert_eq!(steps.first(), Some(&(1.0, 1.5)));
        assert!(steps.contains(&(98.0, 1.5)) && steps.contains(&(98.0, 50.0)));
        assert_eq!(steps.last(), Some(&(100.0, 50.0)));
        assert!(steps.iter().all(|&(_, ms)| ms == 1.5 || ms == 50.0));
        assert_eq!(per(r.write_partitions, r.writes), "2.5");
        assert_eq!(per(1, 0), "–");
        assert_eq!(
            of_reads(1_002, 2_000),
            "1\u{202F}002 of 2\u{202F}000 (50.1 %)"
        );
    }
}
