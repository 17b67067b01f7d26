//! A small SVG line chart for series measured from a run (the storage lab's
//! amplification charts): both axes start at zero, about four ticks a side, one
//! polyline per series, coloured by a CSS class. The geometry is plain data, tested
//! natively; the component only draws it.

use super::format::fixed;
use leptos::prelude::*;

/// Chart width in SVG user units (the `viewBox`; CSS scales it).
pub const WIDTH: f64 = 300.0;
/// Chart height in SVG user units.
pub const HEIGHT: f64 = 150.0;
const LEFT: f64 = 34.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 22.0;
const BOTTOM: f64 = 18.0;
const TICKS: f64 = 4.0;

/// One line: its CSS class (which sets the stroke) and its `(x, y)` points.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// CSS class of the polyline, e.g. `lsm`.
    pub class: &'static str,
    /// Points in data units, in drawing order.
    pub points: Vec<(f64, f64)>,
}

/// A tick: its position in SVG units along its axis and its label.
pub type Tick = (f64, String);

/// Where everything goes, in SVG units.
#[derive(Clone, Debug, PartialEq)]
pub struct Geometry {
    /// `(class, points attribute)` per series.
    pub lines: Vec<(&'static str, String)>,
    /// x ticks: horizontal position and label.
    pub x_ticks: Vec<Tick>,
    /// y ticks: vertical position and label.
    pub y_ticks: Vec<Tick>,
}

/// The smallest step of the form 1, 2 or 5 times a power of ten that covers `span`
/// in `TICKS` steps.
fn nice_step(span: f64) -> f64 {
    let raw = span / TICKS;
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    (-3..=15)
        .flat_map(|e| [1.0, 2.0, 5.0].map(|m| m * 10f64.powi(e)))
        .find(|step| *step >= raw)
        .unwrap_or(raw)
}

/// Decimals a tick label needs for `step` (0 for whole steps, else 1 or 2).
fn decimals(step: f64) -> u32 {
    if step >= 1.0 {
        0
    } else if step >= 0.1 {
        1
    } else {
        2
    }
}

fn ticks(max: f64, step: f64, place: impl Fn(f64) -> f64) -> Vec<Tick> {
    let d = decimals(step);
    (0..)
        .map(|i| f64::from(i) * step)
        .take_while(|v| *v <= max * (1.0 + 1e-9))
        .map(|v| (place(v), fixed(v, d)))
        .collect()
}

/// Lays out `series` with the x axis covering at least `0..=x_min` and the y axis at
/// least `0..=y_min`. The x axis ends at the last point (the run so far); the y axis
/// grows to a whole tick step above the largest point.
pub fn geometry(series: &[Series], x_min: f64, y_min: f64) -> Geometry {
    let points = || series.iter().flat_map(|s| s.points.iter().copied());
    let x_max = points().map(|p| p.0).fold(x_min, f64::max);
    let y_top = points().map(|p| p.1).fold(y_min, f64::max);
    let (x_step, y_step) = (nice_step(x_max), nice_step(y_top));
    let y_max = (y_top / y_step).ceil() * y_step;
    let x_at = move |x: f64| LEFT + x / x_max * (WIDTH - LEFT - RIGHT);
    let y_at = move |y: f64| HEIGHT - BOTTOM - y / y_max * (HEIGHT - TOP - BOTTOM);
    let lines = series
        .iter()
        .map(|s| {
            let pts: Vec<String> = s
                .points
                .iter()
                .map(|&(x, y)| format!("{},{}", fixed(x_at(x), 1), fixed(y_at(y), 1)))
                .collect();
            (s.class, pts.join(" "))
        })
        .collect();
    Geometry {
        lines,
        x_ticks: ticks(x_max, x_step, x_at),
        y_ticks: ticks(y_max, y_step, y_at),
    }
}

/// The chart: a title, gridlines at the y ticks, tick labels and the series.
#[component]
pub fn LineChart(
    /// Shown above the plot and read by screen readers.
    title: &'static str,
    /// The series, in data units.
    #[prop(into)]
    series: Signal<Vec<Series>>,
    /// The x axis covers at least `0..=x_min`.
    x_min: f64,
    /// The y axis covers at least `0..=y_min`.
    y_min: f64,
) -> impl IntoView {
    let geo = Memo::new(move |_| series.with(|s| geometry(s, x_min, y_min)));
    let (x0, x1) = (fixed(LEFT, 0), fixed(WIDTH - RIGHT, 0));
    let (y0, y1) = (fixed(TOP, 0), fixed(HEIGHT - BOTTOM, 0));
    let plot = move || {
        geo.with(|g| {
            let y_grid = g.y_ticks.iter().map(|(y, label)| {
                let y = fixed(*y, 1);
                view! {
                    <line class="grid" x1=x0.clone() x2=x1.clone() y1=y.clone() y2=y.clone()></line>
                    <text class="tick" x=fixed(LEFT - 4.0, 0) y=y text-anchor="end" dy="3">{label.clone()}</text>
                }
            });
            let x_labels = g.x_ticks.iter().map(|(x, label)| {
                view! {
                    <text class="tick" x=fixed(*x, 1) y=fixed(HEIGHT - 5.0, 0) text-anchor="middle">{label.clone()}</text>
                }
            });
            let lines = g.lines.iter().map(|(class, pts)| {
                view! { <polyline class=format!("series {class}") points=pts.clone()></polyline> }
            });
            view! {
                {y_grid.collect::<Vec<_>>()}
                {x_labels.collect::<Vec<_>>()}
                <line class="axis" x1=x0.clone() x2=x0.clone() y1=y0.clone() y2=y1.clone()></line>
                <line class="axis" x1=x0.clone() x2=x1.clone() y1=y1.clone() y2=y1.clone()></line>
                {lines.collect::<Vec<_>>()}
            }
        })
    };
    view! {
        <svg class="line-chart" viewBox=format!("0 0 {} {}", fixed(WIDTH, 0), fixed(HEIGHT, 0)) role="img" aria-label=title>
            <text class="chart-title" x=fixed(WIDTH / 2.0, 0) y="13" text-anchor="middle">{title}</text>
            {plot}
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn points_land_inside_the_plot_and_ticks_cover_the_data() {
        let s = [Series {
            class: "lsm",
            points: vec![(0.0, 0.0), (50.0, 2.5), (120.0, 1.0)],
        }];
        let g = geometry(&s, 10.0, 1.0);
        assert_eq!(g.lines.len(), 1);
        assert_eq!(g.lines[0].0, "lsm");
        let coords: Vec<(f64, f64)> = g.lines[0]
            .1
            .split(' ')
            .map(|p| {
                let (x, y) = p.split_once(',').unwrap();
                (x.parse().unwrap(), y.parse().unwrap())
            })
            .collect();
        assert_eq!(coords[0], (LEFT, HEIGHT - BOTTOM));
        for (x, y) in &coords {
            assert!((LEFT..=WIDTH - RIGHT).contains(x), "x {x}");
            assert!((TOP..=HEIGHT - BOTTOM).contains(y), "y {y}");
        }
        let x_labels: Vec<&str> = g.x_ticks.iter().map(|t| t.1.as_str()).collect();
        assert_eq!(x_labels, ["0", "50", "100"]);
        assert_eq!(
            coords[2].0,
            WIDTH - RIGHT,
            "the last point is at the right edge"
        );
        let y_labels: Vec<&str> = g.y_ticks.iter().map(|t| t.1.as_str()).collect();
        assert_eq!(y_labels, ["0", "1", "2", "3"]);
        assert_eq!(
            g.y_ticks.last().unwrap().0,
            TOP,
            "the top tick is the top edge"
        );
    }

    #[test]
    fn an_empty_chart_still_has_axes_from_the_minimums() {
        let g = geometry(&[], 10.0, 1.0);
        assert!(g.lines.is_empty());
        assert_eq!(g.x_ticks.last().unwrap().1, "10");
        assert_eq!(g.y_ticks.last().unwrap().1, "1.0");
    }
}
