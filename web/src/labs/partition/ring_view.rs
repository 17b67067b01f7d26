//! The hash ring (DDIA ch. 6, "Partitioning by Hash of Key", consistent hashing): the
//! hash space as a circle, each node's partitions as arcs in its colour ending at its
//! tokens, every key as a dot at its hash's angle in its owner's colour, the keys the
//! last change moved ringed, the hot partition outlined, and the key you picked with
//! its clockwise walk to the token that owns it. Hash mod N has no arcs: a key's node
//! is its hash mod N, so neighbours on the ring land anywhere.

use super::dots::{celebrity_view, key_dots};
use super::geometry::{polar, push_arc, push_num, CENTRE, DOT_INNER, RING_R, TOKEN_OUTER};
use super::lookup::Lookup;
use super::palette::per_colour;
use super::picture::{Picture, MAX_TOKEN_LABELS};
use crate::shell::format::{fixed, short};
use ddia_core::partition::Span;
use leptos::prelude::*;

/// Radius of the hot partition's outline, just outside the arcs.
const HOT_R: f64 = RING_R + 10.0;

/// `M x1 y1 L x2 y2` from radius `r0` to `r1` at `deg` (written with [`push_num`]: no
/// `format!` of four numbers, hp12 size cut).
fn radial(deg: f64, r0: f64, r1: f64) -> String {
    let mut d = String::new();
    for (cmd, r) in [('M', r0), ('L', r1)] {
        let (x, y) = polar(deg, r);
        d.push(cmd);
        push_num(&mut d, x);
        d.push(' ');
        push_num(&mut d, y);
    }
    d
}

/// How far a label of `text` at the ring's 13-unit font (characters about 8 units wide,
/// lines 14 high) reaches from its centre along the radius at `deg`: half its width
/// across, half its height up and down (hp12 L4: `N1 76°` was drawn over its tick,
/// `270°` over the key dots).
fn reach(deg: f64, text: &str) -> f64 {
    let (x, y) = polar(deg, 1.0);
    (x - CENTRE).abs() * 4.0 * text.chars().count() as f64 + (y - CENTRE).abs() * 7.0
}

/// The token ticks, one path per node colour, and labels while there are few.
fn tokens_view(p: &Picture) -> impl IntoView {
    let by_colour = per_colour(p.tokens.iter().map(|t| (t.node, t.deg)), |d, deg| {
        d.push_str(&radial(deg, RING_R - 6.0, TOKEN_OUTER));
    });
    let ticks = by_colour
        .into_iter()
        .map(|(c, d)| view! { <path class=format!("token own-{c}") d=d></path> })
        .collect_view();
    let labels = (p.tokens.len() <= MAX_TOKEN_LABELS).then(|| {
        p.tokens
            .iter()
            .map(|t| {
                let text = format!("{} {}°", t.node, short(t.deg, 0));
                let (x, y) = polar(t.deg, TOKEN_OUTER + 4.0 + reach(t.deg, &text));
                view! { <text class="token-label" x=fixed(x, 1) y=fixed(y, 1)>{text}</text> }
            })
            .collect_view()
    });
    view! { <g class="tokens">{ticks}{labels}</g> }
}

/// The hot partition's outline and its label.
fn hot_view(p: &Picture) -> Option<impl IntoView> {
    let hot = p.hot.as_ref()?;
    let (from, to) = hot.extent;
    let mut d = String::new();
    push_arc(&mut d, HOT_R, from, to);
    let (x, y) = polar((from + to) / 2.0, HOT_R + 26.0);
    Some(view! {
        <g class="hot">
            <path class="hot-arc" d=d></path>
            <text class="hot-label" x=fixed(x, 1) y=fixed(y, 1)>
                {format!("hottest partition ×{}", fixed(hot.factor, 1))}
            </text>
        </g>
    })
}

/// The picked key: a marked dot, the radius to its hash on the ring and, on arc
/// strategies, the clockwise walk from there to the token that owns it.
pub fn picked_ring(l: &Lookup, at: (f64, f64)) -> AnyView {
    let walk = match l.span {
        Span::Arc { after, upto } if after != upto => {
            let end = ddia_core::partition::hash::degrees(upto);
            let end = if end < l.deg { end + 360.0 } else { end };
            let mut d = String::new();
            push_arc(&mut d, RING_R, l.deg, end.max(l.deg + 0.01));
            Some(view! { <path class="walk" d=d></path> })
        }
        _ => None,
    };
    view! {
        <g class="picked">
            <path class="radius" d=radial(l.deg, 0.0, RING_R)></path>
            {walk}
            <circle class="picked-dot" cx=fixed(at.0, 1) cy=fixed(at.1, 1) r="6"></circle>
        </g>
    }
    .into_any()
}

/// The ring's fixed marks: the hash space circle and its degree labels.
fn backdrop() -> impl IntoView {
    let labels = [0u32, 90, 180, 270].map(|d| {
        // Inside the key-dot band, where no dot covers them (hp12 L4: clear of the dots
        // across at the larger font too).
        let text = format!("{d}°");
        let deg = f64::from(d);
        let (x, y) = polar(deg, DOT_INNER - 4.0 - reach(deg, &text));
        view! { <text class="deg" x=fixed(x, 1) y=fixed(y, 1)>{text}</text> }
    });
    view! {
        <circle class="ring-base" cx=fixed(CENTRE, 0) cy=fixed(CENTRE, 0) r=fixed(RING_R, 0)></circle>
        {labels}
    }
}

/// The ring picture's static layers for `p` (all but the picked key).
pub fn ring_layers(p: &Picture, dot: f64, moved: bool) -> AnyView {
    let arcs = p
        .arcs
        .iter()
        .map(|(c, d)| view! { <path class=format!("arc own-{c}") d=d.clone()></path> })
        .collect_view();
    view! {
        {backdrop()}
        <g class="arcs">{arcs}</g>
        {tokens_view(p)}
        {key_dots(p, dot, moved)}
        {celebrity_view(p)}
        // On top, with a halo: readable over the ticks and dots (play16e U4).
        {hot_view(p)}
    }
    .into_any()
}
