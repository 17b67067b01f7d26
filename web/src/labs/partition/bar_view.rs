//! The key-range bar (DDIA ch. 6, "Partitioning by Key Range"): keys in key order left
//! to right as dots in their owner's colour, and under them the bar of partitions, each
//! a continuous range of keys in its owner's colour, split where a partition grew past
//! the size threshold. The hot range is outlined; the keys the last change moved are
//! ringed.

use super::dots::{celebrity_view, key_dots};
use super::geometry::{BAR_DOT_TOP, BAR_H, BAR_X0, BAR_X1, BAR_Y};
use super::palette::colour_of;
use super::picture::{Picture, Range};
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
/// Width of one character of a range label, picture units, at its 10-unit font (about
/// 11 px text on a laptop, 13 px in the 800x580 embed).
const LABEL_CHAR_W: f64 = 6.5;
/// The same on a phone, where the label is drawn at 17 units (static/partition.css,
/// max-width 600px; about 10 px on a 390 px screen): a label fitting its range at 10
/// units ran into the next range's there (hp12 L2).
const PHONE_CHAR_W: f64 = 1.7 * LABEL_CHAR_W;

/// A range's label (`N1 22`) if its range is wide enough for it at the 10-unit font,
/// with whether it is also wide enough at the phone's 17 units (the page hides it
/// there when not).
fn range_label(r: &Range) -> Option<(String, bool)> {
    let text = format!("{} {}", r.node, r.from.0);
    let room = r.x1 - r.x0 - 3.0;
    let chars = text.chars().count() as f64;
    (room >= LABEL_CHAR_W * chars).then_some((text, room >= PHONE_CHAR_W * chars))
}

/// The partition ranges, their boundaries' keys while few, and the hot range.
fn ranges_view(p: &Picture) -> impl IntoView {
    let rects = p
        .ranges
        .iter()
        .map(|r| {
            let title = format!(
                "{}: keys {}..{}: {} keys on {}",
                r.id,
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
            .filter_map(|r| Some((r, range_label(r)?)))
            .map(|(r, (text, phone))| {
                view! {
                    <text class="range-label" class:desk=!phone x=fixed(r.x0 + 3.0, 1) y=fixed(BAR_Y + BAR_H + 14.0, 1)>
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labs::partition::picture::{picture, Load, MAIN_LIMIT};
    use ddia_core::link::LabLink;

    /// The font size `static/partition.css` gives range labels in its first rule
    /// for `.partition-svg .range-label` after `from` (user units).
    fn css_font(from: &str) -> f64 {
        let css = include_str!("../../../../static/partition.css");
        let rule = css[css.find(from).unwrap()..]
            .split(".partition-svg .range-label")
            .nth(1)
            .unwrap();
        let size = rule.split("font-size:").nth(1).unwrap();
        size[..size.find("px").unwrap()].trim().parse().unwrap()
    }

    /// hp12 L2: a key-range run after several splits; at each size the labels drawn
    /// there (the phone's: those fitting at its font) each stay inside their range, in
    /// characters as wide as the stylesheet's font size there makes them, so no two
    /// touch; some label is drawn on a laptop but not on a phone.
    #[test]
    fn range_labels_fit_their_range_at_each_size() {
        let desk = css_font(".partition-svg .deg");
        let phone = css_font("@media (max-width: 600px) {\n  .partition-svg .deg");
        assert!(phone > desk, "{desk} {phone}");
        let s = ddia_core::partition::scenario::PartitionScenario::from_query(
            "lab=partition&scn=timestamps&act=w100,x,x",
        )
        .unwrap();
        let mut l = ddia_core::partition::lab::PartitionLab::new(&s);
        l.finish();
        let p = picture(l.session(), MAIN_LIMIT, Load::Requests, l.fresh_batch());
        assert!(
            p.ranges.len() > 8 && p.ranges.len() <= MAX_RANGE_LABELS,
            "{}",
            p.ranges.len()
        );
        let mut only_desk = 0;
        for r in &p.ranges {
            let Some((text, on_phone)) = range_label(r) else {
                continue;
            };
            let chars = text.chars().count() as f64;
            for (font, drawn) in [(desk, true), (phone, on_phone)] {
                let end = r.x0 + 3.0 + chars * LABEL_CHAR_W * font / desk;
                assert!(
                    !drawn || end <= r.x1 + 1e-9,
                    "{text} at {font}: {end} > {}",
                    r.x1
                );
            }
            only_desk += usize::from(!on_phone);
        }
        assert!(only_desk > 0);
    }
}
