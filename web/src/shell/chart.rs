//! Line charts of series measured from a run (the storage lab's amplification
//! charts; every later lab's charts), drawn by plotters' SVG backend into a string
//! that becomes the chart element's markup. The string is redrawn only when the
//! series change (a memo over them), never on an animation frame.
//!
//! Layout, in SVG user units (CSS scales the whole picture to its box): a header with
//! the title and the legend (one entry per series, in its colour) on one row and the
//! y axis label (with its unit) under it, then the plot with tick labels on both axes
//! and the x axis label (with its unit) under them. Both axes start at zero; the x
//! axis ends at the last point (the run so far), the y axis at a whole tick step at or
//! above the largest point. Text colour and font come from the page's CSS (it
//! overrides plotters' presentation attributes), so dark mode restyles them; lines
//! are drawn in colours that read on light and dark surfaces.

use super::format::short;
use leptos::prelude::*;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Chart width in SVG user units (the `viewBox`; CSS scales it to its box).
pub const WIDTH: u32 = 300;
/// Chart height in SVG user units.
pub const HEIGHT: u32 = 150;
/// Height of the header: the title and legend row, then the y axis label row.
const HEADER: i32 = 30;
/// Middle of the header's first and second rows.
const TITLE_Y: i32 = 8;
const Y_LABEL_Y: i32 = 22;
/// Space around the header and the plot.
const MARGIN: i32 = 6;
/// Right of the plot: room for half the last x tick label.
const RIGHT: i32 = 12;
/// Length of the tick marks.
const TICK_MARK: i32 = 3;
/// Left of the plot: the y tick labels.
const Y_LABEL_AREA: i32 = 30;
/// Below the plot: the x tick labels and, under them, the x axis label (play17d L8:
/// at 24 the label ran into the tick labels and off the picture's foot).
const X_LABEL_AREA: i32 = 30;
/// Tick labels per axis, about.
const TICKS: usize = 5;
/// Radius of the dot on each series' latest point.
const DOT: u32 = 3;
/// Length of a legend entry's line, and the gaps around it.
const SWATCH: i32 = 14;
const GAP: i32 = 4;
const ENTRY_GAP: i32 = 10;
/// Font sizes in user units: title, legend and axis labels, tick labels.
const TITLE_PX: f64 = 11.5;
const LABEL_PX: f64 = 10.0;
const TICK_PX: f64 = 9.5;

/// Tick marks, axis lines and gridlines: a grey that reads on light and dark surfaces.
const AXIS: RGBColor = RGBColor(0x8A, 0x94, 0xA6);
/// Text, when no page CSS restyles it (`.chart text` does).
const INK: RGBColor = RGBColor(0x5B, 0x66, 0x78);

/// plotters' SVG backend writes `font-size` as the requested size / 1.24; this is
/// the size to request for `px` user units.
fn font_px(px: f64) -> f64 {
    px * 1.24
}

/// What a chart is about: its title and axis labels (with units) and the smallest
/// ranges its axes cover.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChartSpec {
    /// Title, drawn top left, e.g. `Write amplification`.
    pub title: &'static str,
    /// x axis label with its unit, e.g. `operations`.
    pub x_label: &'static str,
    /// y axis label with its unit, drawn above the y axis, e.g. `disk bytes per
    /// user byte`.
    pub y_label: &'static str,
    /// The x axis covers at least `0..=x_min`.
    pub x_min: f64,
    /// The y axis covers at least `0..=y_min`.
    pub y_min: f64,
}

/// One line: its legend name, its colour and its `(x, y)` points in data units.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// Legend entry, e.g. `LSM-tree`.
    pub name: &'static str,
    /// Stroke of the line and its legend swatch.
    pub colour: RGBColor,
    /// Points in data units, in drawing order (not finite ones are skipped).
    pub points: Vec<(f64, f64)>,
}

impl Series {
    fn finite_points(&self) -> impl Iterator<Item = (f64, f64)> + '_ {
        self.points
            .iter()
            .copied()
            .filter(|(x, y)| x.is_finite() && y.is_finite())
    }
}

/// `points` as a step line, for a series that is an empirical distribution (the
/// nearest-rank quantile at each percentile): each point's y holds from the previous
/// point's x up to its own, and the line goes straight up or down at the previous x.
/// Charts draw straight lines between the points they are given, so a series is
/// stepped only when its points come through here (default: not).
pub fn step_points(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut out = Vec::with_capacity(points.len() * 2);
    for (i, &(x, y)) in points.iter().enumerate() {
        if let Some(&(prev_x, _)) = i.checked_sub(1).and_then(|j| points.get(j)) {
            out.push((prev_x, y));
        }
        out.push((x, y));
    }
    out
}

/// The smallest step of the form 1, 2 or 5 times a power of ten that covers `span`
/// in about [`TICKS`] - 1 steps.
fn nice_step(span: f64) -> f64 {
    let raw = span / (TICKS - 1) as f64;
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    (-3..=15)
        .flat_map(|e| [1.0, 2.0, 5.0].map(|m| m * 10f64.powi(e)))
        .find(|step| *step >= raw)
        .unwrap_or(raw)
}

/// The axes' upper ends `(x_max, y_max)`: x ends at the largest x (at least
/// `spec.x_min`), y at a whole tick step at or above the largest y (at least
/// `spec.y_min`). Both are positive.
pub fn ranges(spec: &ChartSpec, series: &[Series]) -> (f64, f64) {
    let points = || series.iter().flat_map(Series::finite_points);
    let x_max = points().map(|p| p.0).fold(spec.x_min, f64::max);
    let y_top = points().map(|p| p.1).fold(spec.y_min, f64::max);
    let step = nice_step(y_top);
    let y_max = (y_top / step).ceil() * step;
    (positive(x_max), positive(y_max))
}

fn positive(v: f64) -> f64 {
    if v.is_finite() && v > 0.0 {
        v
    } else {
        1.0
    }
}

/// What the chart shows, for screen readers: the title, the x of the latest point
/// and each series' latest value, e.g. `Write amplification after 300 operations:
/// LSM-tree 2.41, B-tree 5.1 (disk bytes per user byte)`.
pub fn summary(spec: &ChartSpec, series: &[Series]) -> String {
    let latest: Vec<(&str, (f64, f64))> = series
        .iter()
        .filter_map(|s| s.finite_points().last().map(|p| (s.name, p)))
        .collect();
    let Some(x) = latest.iter().map(|(_, p)| p.0).reduce(f64::max) else {
        return format!("{}: no data yet", spec.title);
    };
    let values: Vec<String> = latest
        .iter()
        .map(|(name, (_, y))| format!("{name} {}", short(*y, 2)))
        .collect();
    format!(
        "{} after {} {}: {} ({})",
        spec.title,
        short(x, 2),
        spec.x_label,
        values.join(", "),
        spec.y_label
    )
}

/// The chart as an SVG document (`WIDTH` x `HEIGHT` user units), or plotters'
/// error as text.
pub fn render(spec: &ChartSpec, series: &[Series]) -> Result<String, String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        let (header, body) = root.split_vertically(HEADER);
        draw_header(&header, spec, series).map_err(failure)?;
        draw_plot(&body, spec, series).map_err(failure)?;
        root.present().map_err(failure)?;
    }
    Ok(svg)
}

/// plotters' error in a sentence, by its kind (the backend's own `std::io::Error` text
/// would link every `io::ErrorKind` name into the page, about 1 KB).
fn failure(e: DrawingAreaErrorKind<std::io::Error>) -> String {
    match e {
        DrawingAreaErrorKind::BackendError(_) => "the SVG backend could not write the chart",
        DrawingAreaErrorKind::SharingError => "the chart's drawing area was in use",
        DrawingAreaErrorKind::LayoutError => "the chart's layout did not fit",
    }
    .to_string()
}

type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;
type DrawResult = Result<(), DrawingAreaErrorKind<std::io::Error>>;

/// Text of `px` user units, left-aligned on its vertical middle.
fn text_style(px: f64) -> TextStyle<'static> {
    ("sans-serif", font_px(px))
        .into_font()
        .color(&INK)
        .pos(Pos::new(HPos::Left, VPos::Center))
}

/// Average advance of a sans-serif character, in em (0.55 for system UI fonts).
const EM_PER_CHAR: f64 = 0.55;

/// Width of `text` at `px` user units, estimated from its length: plotters would
/// measure it in the page, forcing a layout on every redraw.
fn text_width(text: &str, px: f64) -> i32 {
    let chars = f64::from(u32::try_from(text.chars().count()).unwrap_or(u32::MAX));
    // A saturating cast: a width past i32::MAX is clamped.
    (chars * px * EM_PER_CHAR).round() as i32
}

/// First row: the title at the left, the legend right-aligned. Second row: the y
/// axis label with its unit, above the y axis.
fn draw_header(area: &Area, spec: &ChartSpec, series: &[Series]) -> DrawResult {
    let title = ("sans-serif", font_px(TITLE_PX))
        .into_font()
        .style(FontStyle::Bold)
        .color(&INK)
        .pos(Pos::new(HPos::Left, VPos::Center));
    area.draw(&Text::new(spec.title, (MARGIN, TITLE_Y), title))?;
    area.draw(&Text::new(
        spec.y_label,
        (MARGIN, Y_LABEL_Y),
        text_style(LABEL_PX),
    ))?;
    let widths: Vec<i32> = series
        .iter()
        .map(|s| text_width(s.name, LABEL_PX))
        .collect();
    let right = i32::try_from(WIDTH).unwrap_or(0) - MARGIN;
    for (s, x) in series.iter().zip(legend_positions(&widths, right)) {
        let line = ShapeStyle::from(&s.colour).stroke_width(3);
        area.draw(&PathElement::new(
            vec![(x, TITLE_Y), (x + SWATCH, TITLE_Y)],
            line,
        ))?;
        area.draw(&Text::new(
            s.name,
            (x + SWATCH + GAP, TITLE_Y),
            text_style(LABEL_PX),
        ))?;
    }
    Ok(())
}

/// Left edge of each legend entry (swatch, gap, name of `widths[i]`), laid out left
/// to right so that the last one ends at `right`.
fn legend_positions(widths: &[i32], right: i32) -> Vec<i32> {
    let entry = |w: i32| SWATCH + GAP + w;
    let total: i32 = widths.iter().map(|w| entry(*w) + ENTRY_GAP).sum::<i32>() - ENTRY_GAP;
    let mut x = right - total;
    widths
        .iter()
        .map(|w| {
            let at = x;
            x += entry(*w) + ENTRY_GAP;
            at
        })
        .collect()
}

/// Axes, horizontal gridlines, tick labels, the x axis label, a line per series and
/// a dot on its latest point.
fn draw_plot(area: &Area, spec: &ChartSpec, series: &[Series]) -> DrawResult {
    let (x_max, y_max) = ranges(spec, series);
    let mut chart = ChartBuilder::on(area)
        .margin_left(MARGIN)
        .margin_right(RIGHT)
        .margin_top(2)
        .x_label_area_size(X_LABEL_AREA)
        .y_label_area_size(Y_LABEL_AREA)
        .build_cartesian_2d(0.0..x_max, 0.0..y_max)?;
    let ticks = |v: &f64| short(*v, 2);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .set_all_tick_mark_size(TICK_MARK)
        .x_labels(TICKS)
        .y_labels(TICKS)
        .x_label_formatter(&ticks)
        .y_label_formatter(&ticks)
        .x_desc(spec.x_label)
        .label_style(("sans-serif", font_px(TICK_PX)).into_font().color(&INK))
        .axis_desc_style(("sans-serif", font_px(LABEL_PX)).into_font().color(&INK))
        .axis_style(AXIS)
        .bold_line_style(AXIS.mix(0.3))
        .light_line_style(TRANSPARENT)
        .draw()?;
    for s in series {
        let line = ShapeStyle::from(&s.colour).stroke_width(2);
        chart.draw_series(LineSeries::new(s.finite_points(), line))?;
        if let Some(last) = s.finite_points().last() {
            chart.draw_series([Circle::new(last, DOT, s.colour.filled())])?;
        }
    }
    Ok(())
}

/// A chart element: role `img`, labelled by [`summary`], its markup the SVG from
/// [`render`] (or the error, said in the page). Both are recomputed only when
/// `series` changes; pass a memo so that equal series do not redraw.
#[component]
pub fn LineChart(
    /// Title, axis labels and minimum ranges.
    spec: ChartSpec,
    /// The series, in data units.
    #[prop(into)]
    series: Signal<Vec<Series>>,
) -> impl IntoView {
    let drawn = Memo::new(move |_| series.with(|s| (render(&spec, s), summary(&spec, s))));
    let svg = move || drawn.with(|d| d.0.clone().unwrap_or_default());
    let error = move || {
        drawn.with(|d| {
            d.0.as_ref()
                .err()
                .map(|e| format!("{} could not be drawn: {e}", spec.title))
        })
    };
    view! {
        <div class="chart" role="img" aria-label=move || drawn.with(|d| d.1.clone()) inner_html=svg></div>
        {move || error().map(|e| view! { <p class="chart-error">{e}</p> })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_points_hold_each_value_back_to_the_previous_x() {
        assert_eq!(
            step_points(&[(1.0, 5.0), (2.0, 5.0), (3.0, 50.0)]),
            vec![(1.0, 5.0), (1.0, 5.0), (2.0, 5.0), (2.0, 50.0), (3.0, 50.0)]
        );
        assert_eq!(step_points(&[]), vec![]);
    }

    const SPEC: ChartSpec = ChartSpec {
        title: "Write amplification",
        x_label: "operations",
        y_label: "disk bytes per user byte",
        x_min: 10.0,
        y_min: 1.0,
    };

    fn lane(name: &'static str, points: Vec<(f64, f64)>) -> Series {
        Series {
            name,
            colour: RGBColor(0x2F, 0x6F, 0xED),
            points,
        }
    }

    #[test]
    fn steps_are_one_two_or_five_times_a_power_of_ten() {
        assert_eq!(nice_step(10.0), 5.0);
        assert_eq!(nice_step(1.1), 0.5);
        assert_eq!(nice_step(2000.0), 500.0);
        assert_eq!(nice_step(3.0), 1.0);
        assert_eq!(nice_step(0.0), 1.0);
        assert_eq!(nice_step(f64::NAN), 1.0);
    }

    #[test]
    fn the_x_axis_ends_at_the_data_and_y_at_a_whole_step() {
        let s = [lane(
            "LSM-tree",
            vec![(0.0, 0.0), (50.0, 2.5), (120.0, 1.0)],
        )];
        assert_eq!(ranges(&SPEC, &s), (120.0, 3.0));
        assert_eq!(ranges(&SPEC, &[]), (10.0, 1.0), "the minimums");
        let odd = [lane("x", vec![(f64::NAN, 9.0), (3.0, f64::INFINITY)])];
        assert_eq!(
            ranges(&SPEC, &odd),
            (10.0, 1.0),
            "not finite points skipped"
        );
    }

    #[test]
    fn the_summary_says_each_series_latest_value() {
        let s = [
            lane("LSM-tree", vec![(0.0, 1.0), (300.0, 2.414)]),
            lane("B-tree", vec![(300.0, 5.1)]),
        ];
        assert_eq!(
            summary(&SPEC, &s),
            "Write amplification after 300 operations: LSM-tree 2.41, B-tree 5.1 \
             (disk bytes per user byte)"
        );
        assert_eq!(summary(&SPEC, &[]), "Write amplification: no data yet");
        let empty = [lane("LSM-tree", vec![])];
        assert_eq!(summary(&SPEC, &empty), "Write amplification: no data yet");
    }

    #[test]
    fn text_width_grows_with_characters_not_bytes() {
        assert_eq!(text_width("LSM-tree", 10.0), 44);
        assert_eq!(text_width("÷÷", 10.0), text_width("ab", 10.0));
        assert_eq!(text_width("", 10.0), 0);
    }

    #[test]
    fn legend_entries_end_at_the_right_edge() {
        let xs = legend_positions(&[40, 30], 352);
        let total = (SWATCH + GAP + 40) + ENTRY_GAP + (SWATCH + GAP + 30);
        assert_eq!(
            xs,
            vec![352 - total, 352 - total + SWATCH + GAP + 40 + ENTRY_GAP]
        );
        assert!(legend_positions(&[], 352).is_empty());
    }

    #[test]
    fn the_svg_has_title_axis_labels_ticks_legend_and_a_line_per_series() {
        let s = [
            lane("LSM-tree", vec![(0.0, 1.0), (150.0, 2.0), (300.0, 2.5)]),
            Series {
                name: "B-tree",
                colour: RGBColor(0xC7, 0x77, 0x00),
                points: vec![(0.0, 1.0), (300.0, 4.0)],
            },
        ];
        let svg = render(&SPEC, &s).unwrap();
        assert!(svg.starts_with("<svg"), "{svg}");
        let texts: Vec<&str> = svg
            .split("<text")
            .skip(1)
            .filter_map(|el| el.split_once('>')?.1.split_once("</text>"))
            .map(|(text, _)| text.trim())
            .collect();
        for text in [
            "Write amplification",
            "operations",
            "disk bytes per user byte",
            "LSM-tree",
            "B-tree",
            "0",
            "300",
            "4",
        ] {
            assert!(texts.contains(&text), "{text} missing from {texts:?}");
        }
        let lines = |colour: &str| {
            svg.split("<polyline")
                .skip(1)
                .filter_map(|el| el.split("/>").next())
                .filter(|el| el.contains(colour) && el.contains("stroke-width=\"2\""))
                .count()
        };
        assert_eq!(lines("#2F6FED"), 1, "one LSM-tree line");
        assert_eq!(lines("#C77700"), 1, "one B-tree line");
        assert_eq!(svg.matches("<circle").count(), 2, "a dot per series");
    }
}
