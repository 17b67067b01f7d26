//! Live amplification charts: write, read and space amplification over operations,
//! one line per lane, drawn by plotters ([`crate::shell::chart`]). Ratios are
//! computed from the lab's integer samples when drawn (DDIA chapter 3, "Comparing
//! B-Trees and LSM-Trees"). Space is split: the data (SSTables, pages, segments) in
//! one chart, the write-ahead log in another, so that a B-tree's redo log, which grows
//! until a checkpoint truncates it, is not read as pages wasting space.

use super::state::StorageState;
use crate::shell::chart::{ChartSpec, LineChart, Series};
use crate::shell::context::context;
use ddia_core::storage::lab::{kind_name, Sample};
use ddia_core::storage::EngineKind;
use leptos::prelude::*;
use plotters::style::RGBColor;

/// One chart: what it shows, how a sample becomes a ratio, and the engine that has no
/// such line, if any, with what the page says in the chart's place when it runs alone.
struct Chart {
    spec: ChartSpec,
    ratio: fn(&Sample) -> Option<f64>,
    without: Option<(EngineKind, &'static str)>,
}

fn div(a: u64, b: u64) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

/// Every chart's x axis: operations run so far, at least 10; y from 0 to at least
/// `y_min`.
const fn spec(title: &'static str, y_label: &'static str, y_min: f64) -> ChartSpec {
    ChartSpec {
        title,
        x_label: "operations",
        y_label,
        x_min: 10.0,
        y_min,
    }
}

const CHARTS: [Chart; 4] = [
    Chart {
        spec: spec(
            "Write amplification",
            "disk bytes written per user byte",
            1.0,
        ),
        ratio: |s| div(s.bytes_written, s.user_bytes),
        without: None,
    },
    Chart {
        spec: spec(
            "Read amplification",
            "SSTables, pages or records read per get",
            1.0,
        ),
        ratio: |s| div(s.get_touches, s.gets),
        without: None,
    },
    Chart {
        spec: spec(
            "Space amplification, WAL excluded",
            "data bytes (memtable included) per live byte",
            1.0,
        ),
        ratio: |s| div(s.data_bytes(), s.live_user_bytes),
        without: None,
    },
    Chart {
        spec: spec(
            "Write-ahead log on disk",
            "KB; truncated at each flush or checkpoint",
            1.0,
        ),
        ratio: |s| Some(s.wal_disk_bytes as f64 / 1024.0),
        without: Some((
            EngineKind::HashLog,
            "No write-ahead log chart: the hash log's segments are its log, so it keeps no \
             separate one (DDIA ch. 3, \"Hash Indexes\").",
        )),
    },
];

/// An engine's line colour; each reads on the light and the dark surface (the
/// light theme's accent, warning and ok colours).
fn colour(kind: EngineKind) -> RGBColor {
    match kind {
        EngineKind::Lsm => RGBColor(0x2F, 0x6F, 0xED),
        EngineKind::BTree => RGBColor(0xC7, 0x77, 0x00),
        EngineKind::HashLog => RGBColor(0x1F, 0x9D, 0x55),
    }
}

/// One series per lane: `(operations, ratio)` for every sample with a ratio.
/// True if `chart` has a line for engine `kind`.
fn applies(chart: &Chart, kind: EngineKind) -> bool {
    chart.without.is_none_or(|(lacking, _)| lacking != kind)
}

/// One series per lane that has the chart: `(operations, ratio)` for every sample with a ratio.
fn series(chart: &Chart, lanes: &[(EngineKind, Vec<Sample>)]) -> Vec<Series> {
    lanes
        .iter()
        .filter(|(kind, _)| applies(chart, *kind))
        .map(|(kind, samples)| Series {
            name: kind_name(*kind),
            colour: colour(*kind),
            points: samples
                .iter()
                .filter_map(|s| (chart.ratio)(s).map(|r| (s.ops as f64, r)))
                .collect(),
        })
        .collect()
}

/// The four charts, redrawn only when the samples change.
#[component]
pub fn AmpCharts() -> impl IntoView {
    let st = context::<StorageState>();
    let data = Memo::new(move |_| {
        st.with(|lab| {
            lab.lanes()
                .iter()
                .map(|l| (l.kind(), l.samples().to_vec()))
                .collect::<Vec<_>>()
        })
    });
    let charts = CHARTS.iter().map(|c| {
        let lines = Memo::new(move |_| data.with(|lanes| series(c, lanes)));
        let shown = move || data.with(|lanes| lanes.iter().any(|(k, _)| applies(c, *k)));
        let why = c.without.map_or("", |(_, why)| why);
        view! {
            <Show when=shown fallback=move || view! { <p class="chart-none hint">{why}</p> }>
                <LineChart spec=c.spec series=lines />
            </Show>
        }
    });
    view! {
        <section class="storage-charts" aria-label="amplification charts">
            <h2>"Measured over operations"</h2>
            <div class="chart-row">{charts.collect::<Vec<_>>()}</div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn series_skip_samples_without_a_ratio() {
        let samples = vec![
            Sample::default(),
            Sample {
                ops: 4,
                user_bytes: 100,
                bytes_written: 250,
                ..Sample::default()
            },
        ];
        let s = series(&CHARTS[0], &[(EngineKind::Lsm, samples)]);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].name, "LSM-tree");
        assert_eq!(s[0].colour, colour(EngineKind::Lsm));
        assert_eq!(s[0].points, vec![(4.0, 2.5)]);
    }

    /// A B-tree whose redo log is 30 times its pages: the space chart shows the pages
    /// alone, the log chart the log (issue 14: one total read as "B-trees waste 30x").
    #[test]
    fn space_is_split_from_the_log() {
        let sample = Sample {
            ops: 10,
            disk_bytes: 31_000,
            wal_disk_bytes: 30_000,
            live_user_bytes: 1_000,
            ..Sample::default()
        };
        let lanes = [(EngineKind::BTree, vec![sample])];
        assert_eq!(series(&CHARTS[2], &lanes)[0].points, vec![(10.0, 1.0)]);
        let log = series(&CHARTS[3], &lanes)[0].points[0].1;
        assert!((log - 30_000.0 / 1024.0).abs() < 1e-9);
        let hash = [(EngineKind::HashLog, vec![sample])];
        assert!(
            series(&CHARTS[3], &hash).is_empty(),
            "the hash log has no WAL line"
        );
        assert_eq!(series(&CHARTS[2], &hash).len(), 1);
        assert!(!CHARTS[1].spec.y_label.contains("tables or pages read"));
    }
}
