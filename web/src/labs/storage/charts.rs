//! Live amplification charts (plotters on a `<canvas>`): write, read and space
//! amplification over operations, one line per lane. Ratios are computed from the
//! lab's integer samples when drawn.

use super::state::StorageState;
use ddia_core::storage::lab::{kind_name, Sample};
use ddia_core::storage::EngineKind;
use leptos::prelude::*;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;

/// One chart: its canvas id, title and how a sample becomes a ratio.
struct Chart {
    id: &'static str,
    title: &'static str,
    ratio: fn(&Sample) -> Option<f64>,
}

fn div(a: u64, b: u64) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

const CHARTS: [Chart; 3] = [
    Chart {
        id: "chart-write-amp",
        title: "write amplification (disk bytes written / user bytes)",
        ratio: |s| div(s.bytes_written, s.user_bytes),
    },
    Chart {
        id: "chart-read-amp",
        title: "read amplification (tables or pages read per get)",
        ratio: |s| div(s.get_touches, s.gets),
    },
    Chart {
        id: "chart-space-amp",
        title: "space amplification (disk bytes / live bytes)",
        ratio: |s| div(s.disk_bytes, s.live_user_bytes),
    },
];

fn colour(kind: EngineKind) -> RGBColor {
    match kind {
        EngineKind::Lsm => RGBColor(47, 111, 237),
        EngineKind::BTree => RGBColor(214, 120, 0),
        EngineKind::HashLog => RGBColor(31, 157, 85),
    }
}

fn draw(chart: &Chart, lanes: &[(EngineKind, Vec<Sample>)], dark: bool) -> Option<()> {
    let backend = CanvasBackend::new(chart.id)?;
    let root = backend.into_drawing_area();
    let (bg, fg) = if dark {
        (RGBColor(23, 27, 34), RGBColor(152, 162, 179))
    } else {
        (WHITE, RGBColor(91, 102, 120))
    };
    root.fill(&bg).ok()?;
    let series: Vec<(EngineKind, Vec<(f64, f64)>)> = lanes
        .iter()
        .map(|(k, ss)| {
            let pts = ss
                .iter()
                .filter_map(|s| (chart.ratio)(s).map(|r| (s.ops as f64, r)))
                .collect();
            (*k, pts)
        })
        .collect();
    let xmax = series
        .iter()
        .flat_map(|(_, p)| p.iter().map(|q| q.0))
        .fold(10.0f64, f64::max);
    let ymax = series
        .iter()
        .flat_map(|(_, p)| p.iter().map(|q| q.1))
        .fold(1.0f64, f64::max)
        * 1.1;
    let font = ("sans-serif", 11).into_font().color(&fg);
    let mut c = ChartBuilder::on(&root)
        .margin(6)
        .caption(chart.title, font.clone())
        .x_label_area_size(16)
        .y_label_area_size(34)
        .build_cartesian_2d(0f64..xmax, 0f64..ymax)
        .ok()?;
    c.configure_mesh()
        .x_labels(4)
        .y_labels(4)
        .label_style(font)
        .axis_style(fg)
        .light_line_style(bg)
        .bold_line_style(fg.mix(0.15))
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_label_formatter(&|y| format!("{y:.1}"))
        .draw()
        .ok()?;
    for (k, pts) in series {
        c.draw_series(LineSeries::new(pts, colour(k).stroke_width(2)))
            .ok()?;
    }
    root.present().ok()
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
    Effect::new(move |_| {
        let lanes = data.get();
        let dark = window()
            .match_media("(prefers-color-scheme: dark)")
            .ok()
            .flatten()
            .is_some_and(|m| m.matches());
        for c in &CHARTS {
            let _ = draw(c, &lanes, dark);
        }
    });
    let legend = move || {
        data.with(|lanes| {
            lanes
                .iter()
                .map(|(k, _)| {
                    let RGBColor(r, g, b) = colour(*k);
                    view! {
                        <span class="legend-item">
                            <span class="swatch" style=format!("background: rgb({r},{g},{b})")></span>
                            {kind_name(*k)}
                        </span>
                    }
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="storage-charts" aria-label="amplification charts">
            <h2>"Measured over operations " {legend}</h2>
            <div class="chart-row">
                {CHARTS
                    .iter()
                    .map(|c| view! { <canvas id=c.id width="300" height="150" aria-label=c.title></canvas> })
                    .collect::<Vec<_>>()}
            </div>
        </section>
    }
}
