//! The key dots of both pictures: one `<path>` per node colour (thousands of dots as a
//! handful of elements); after an add or remove, every dot is faded and the moved keys
//! are drawn again on top, in their new node's colour, a little larger.

use super::geometry::label_spots;
use super::picture::Picture;
use super::travel::TravelLayers;
use crate::shell::format::fixed;
use leptos::prelude::*;

/// One path per colour of `paths`, dots `width` user units wide, with `class`.
fn paths_view(paths: &[(u32, String)], width: f64, class: &'static str) -> impl IntoView {
    paths
        .iter()
        .map(|(c, d)| {
            view! { <path class=format!("{class} own-{c}") stroke-width=fixed(width, 1) d=d.clone()></path> }
        })
        .collect_view()
}

/// Every key's dot, then (if `moved`) the moved keys over them as the last change
/// left them; the main picture draws them travelling instead ([`travel_dots`]).
pub fn key_dots(p: &Picture, width: f64, moved: bool) -> impl IntoView {
    view! {
        <g class="key-dots" class:faded=!p.moved.is_empty()>{paths_view(&p.dots, width, "dots")}</g>
        {moved.then(|| view! { <g class="moved-dots">{paths_view(&p.moved, width + 1.5, "dots moved")}</g> })}
    }
}

/// The celebrity key's marks ([`Picture::celebrity`]): a ring round each of its keys'
/// dots, labelled (`k0 celebrity`, or `k0·1`.. for its salted sub-keys).
pub fn celebrity_view(p: &Picture) -> impl IntoView {
    let marks = p
        .celebrity
        .iter()
        .zip(label_spots(&p.celebrity))
        .map(|((label, (x, y)), (lx, ly))| {
            view! {
                <circle class="celebrity-dot" cx=fixed(*x, 1) cy=fixed(*y, 1) r="5"></circle>
                <text class="celebrity-label" x=fixed(lx, 1) y=fixed(ly, 1)>{label.clone()}</text>
            }
        })
        .collect_view();
    view! { <g class="celebrity">{marks}</g> }
}

/// The moved keys where the handoff has them ([`TravelLayers`]): held by the old
/// owner, flying, arrived.
pub fn travel_dots(t: &TravelLayers, width: f64) -> impl IntoView {
    view! {
        <g class="moved-dots">
            {paths_view(&t.held, width + 1.5, "dots held")}
            {paths_view(&t.arrived, width + 1.5, "dots moved")}
            {paths_view(&t.flying, width + 1.5, "dots moved flying")}
        </g>
    }
}
