//! Live amplification charts: write, read and space amplification over operations,
//! one line per lane (SVG, [`crate::shell::line_chart`]). Ratios are computed from the
//! lab's integer samples when drawn.

use super::state::StorageState;
use crate::shell::line_chart::{LineChart, Series};
use ddia_core::storage::lab::{kind_name, Sample};
use ddia_core::storage::EngineKind;
use leptos::prelude::*;

/// One chart: its title and how a sample becomes a ratio.
struct Chart {
    title: &'static str,
    ratio: fn(&Sample) -> Option<f64>,
}

fn div(a: u64, b: u64) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

const CHARTS: [Chart; 3] = [
    Chart {
        title: "write amplification (disk bytes written / user bytes)",
        ratio: |s| div(s.bytes_written, s.user_bytes),
    },
    Chart {
        title: "read amplification (tables or pages read per get)",
        ratio: |s| div(s.get_touches, s.gets),
    },
    Chart {
        title: "space amplification (disk bytes / live bytes)",
        ratio: |s| div(s.disk_bytes, s.live_user_bytes),
    },
];

/// The CSS class that colours an engine's line and legend swatch.
fn class(kind: EngineKind) -> &'static str {
    match kind {
        EngineKind::Lsm => "lsm",
        EngineKind::BTree => "btree",
        EngineKind::HashLog => "hashlog",
    }
}

/// One series per lane: `(operations, ratio)` for every sample with a ratio.
fn series(chart: &Chart, lanes: &[(EngineKind, Vec<Sample>)]) -> Vec<Series> {
    lanes
        .iter()
        .map(|(kind, samples)| Series {
            class: class(*kind),
            points: samples
                .iter()
                .filter_map(|s| (chart.ratio)(s).map(|r| (s.ops as f64, r)))
                .collect(),
        })
        .collect()
}

/// The three charts, redrawn whenever the samples change.
#[component]
pub fn AmpCharts() -> impl IntoView {
    let st = expect_context::<StorageState>();
    let data = Memo::new(move |_| {
        st.with(|lab| {
            lab.lanes()
                .iter()
                .map(|l| (l.kind(), l.samples().to_vec()))
                .collect::<Vec<_>>()
        })
    });
    let legend = move || {
        data.with(|lanes| {
            lanes
                .iter()
                .map(|(k, _)| {
                    view! {
                        <span class="legend-item">
                            <span class=format!("swatch {}", class(*k))></span>
                            {kind_name(*k)}
                        </span>
                    }
                })
                .collect::<Vec<_>>()
        })
    };
    let charts = CHARTS.iter().map(|c| {
        let lines = Signal::derive(move || data.with(|lanes| series(c, lanes)));
        view! { <LineChart title=c.title series=lines x_min=10.0 y_min=1.0 /> }
    });
    view! {
        <section class="storage-charts" aria-label="amplification charts">
            <h2>"Measured over operations " {legend}</h2>
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
        assert_eq!(s[0].class, "lsm");
        assert_eq!(s[0].points, vec![(4.0, 2.5)]);
    }
}
