//! The key-range bar (DDIA ch. 6, "Partitioning by Key Range"): keys in key order left
//! to right as dots in their owner's colour, and under them the bar of partitions, each
//! a continuous range of keys in its owner's colour, split where a partition grew past
//! the size threshold. The hot range is outlined; the keys the last change moved are
//! ringed.

use super::dots::{celebrity_view, key_dots};
use super::geometry::{BAR_DOT_TOP, BAR_H, BAR_X0, BAR_X1, BAR_Y};
use super::palette::colour_of;
use super::picture::Picture;
use crate::shell::format::fixed;
use leptos::prelude::*;

/// Boundaries are labelled with their key while there are at most this many ranges.
const MAX_RANGE_LABELS: usize = 12;
/// The hot label's right end is at least this far right: its first line, in the
/// phone's 18-unit font, is about 545 units wide (play16d U1).
const HOT_LABEL_MIN_X: f64 = BAR_X1 - 15.0;
/// The hot label's second line's baseline: above the box's dashed top edge (at
/// `BAR_DOT_TOP - 8`), clear of it; its first line is [`HOT_LINE`] higher, under
/// "key order →" (hp11 H1, play16d U1).
const HOT_LABEL_Y: f64 = BAR_DOT_TOP - 15.0;
/// From the hot label's first line to its second, user units (1.5 lines of the
/// desktop's 14-unit font, 1.17 of the phone's 18).
const HOT_LINE: f64 = 21.0;
/// Width of one character of a range label, picture units (about 11 px text).
const LABEL_CHAR_W: f64 = 6.5;

/// The partition ranges, their boundaries' keys while few, and the hot range.
fn ranges_view(p: &Picture) -> impl IntoView {
    let rects = p
        .ranges
        .iter()
        .map(|r| {
            let title = format!(
                "keys {}..{}: {} keys on {}",
                r.from.0,
                r.to.map_or_else(|| "∞".to_string(), |t| t.0.to_string()),
                r.keys,
                r.node
            );
            view! {
                <rect class=format!("range own-{}", colour_of(r.node)) x=fixed(r.x0, 1) y=fixed(BAR_Y, 1)
                    width=fixed((r.x1 - r.x0).max(0.5), 1) height=fixed(BAR_H, 1)>
                    <title>{title}</title>
                </rect>
            }
        })
        .collect_view();
    // A range too narrow for its label goes without (its tooltip names it): labels of
    // neighbouring narrow ranges ran into each other ("N1N2 22", play16e U4).
    let labels = (p.ranges.len() <= MAX_RANGE_LABELS).then(|| {
        p.ranges
            .iter()
            .map(|r| (r, format!("{} {}", r.node, r.from.0)))
            .filter(|(r, text)| r.x1 - r.x0 >= LABEL_CHAR_W * text.chars().count() as f64 + 3.0)
            .map(|(r, text)| {
                view! {
                    <text class="range-label" x=fixed(r.x0 + 3.0, 1) y=fixed(BAR_Y + BAR_H + 14.0, 1)>
                        {text}
                    </text>
                }
            })
            .collect_view()
    });
    let hot = p.hot.as_ref().map(|h| {
        let (x0, x1) = h.extent;
        let x = fixed(x1.clamp(HOT_LABEL_MIN_X, BAR_X1), 1);
        // A range split since the batch: the box holds its parts, and a second line
        // under the first says how many, so the tiles counted match (play16d U1).
        // Both lines are the same element, the second empty when nothing split.
        let split = if h.now > 1 {
            format!("(since split into the {} boxed ranges)", h.now)
        } else {
            String::new()
        };
        view! {
            <g class="hot">
                // Where the requests went, not who holds those keys now (hq10 U1).
                <title>"Where the last batch's requests went, the range as it was then; each dot shows its key's node now."</title>
                <rect class="hot-box" x=fixed(x0 - 2.0, 1) y=fixed(BAR_DOT_TOP - 8.0, 1)
                    width=fixed(x1 - x0 + 4.0, 1) height=fixed(BAR_Y + BAR_H - BAR_DOT_TOP + 10.0, 1) rx="4"></rect>
                // Right-aligned at the range's end, clear of "key order →" at the left.
                <text class="hot-label end" x=x.clone() y=fixed(HOT_LABEL_Y - HOT_LINE, 1)>
                    {format!("hottest of the last batch's {} ranges: ×{} the mean", h.of, fixed(h.factor, 1))}
                </text>
                <text class="hot-label end" x=x y=fixed(HOT_LABEL_Y, 1)>{split}</text>
            </g>
        }
    });
    view! { <g class="ranges">{rects}{labels}</g>{hot} }
}

/// The picked key on the bar: a marked dot and a line down to its range.
pub fn picked_bar(at: (f64, f64)) -> AnyView {
    view! {
        <g class="picked">
            <path class="radius" d=format!("M{} {}V{}", fixed(at.0, 1), fixed(at.1, 1), fixed(BAR_Y + BAR_H, 1))></path>
            <circle class="picked-dot" cx=fixed(at.0, 1) cy=fixed(at.1, 1) r="6"></circle>
        </g>
    }
    .into_any()
}

/// The bar picture's layers for `p` (all but the picked key).
pub fn bar_layers(p: &Picture, dot: f64, moved: bool) -> AnyView {
    view! {
        // Baseline low enough for the phone's 20-unit font (play16d U1).
        <text class="axis-label" x=fixed(BAR_X0, 1) y="19">"key order →"</text>
        {ranges_view(p)}
        {key_dots(p, dot, moved)}
        {celebrity_view(p)}
    }
    .into_any()
}
