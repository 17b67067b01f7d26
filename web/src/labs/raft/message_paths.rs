//! Hundreds of messages in flight drawn as a few SVG paths. The heaviest Raft run (9
//! servers, a heartbeat every 10 ms, links of 200-300 ms) keeps about 400 messages in
//! the air and starts and retires about 1,600 a second; an element per message cost more
//! than a frame (16.7 ms) to create, move and retire. Above [`AGGREGATE_ABOVE`] messages
//! the stage draws the messages of one look (kind, a carried entry's term colour, the
//! fading step of a doomed one) as one path, and a pointer finds the message under it
//! by distance ([`nearest`]), as the space-time diagram does (`shell/spacetime_lines.rs`).

use super::layout::{drawn_fraction, lane, lerp, node_position, Point};
use super::message_view::drop_opacity;
use super::palette::term_color;
use super::snapshot::{MsgKind, MsgSnap};
use crate::shell::format::{fixed, push_point, translate};
use std::collections::BTreeMap;

/// Most messages in flight drawn one element each (clickable, hoverable on their own);
/// above it they are drawn as paths ([`shape_groups`]).
pub const AGGREGATE_ABOVE: usize = 60;

/// Radius of a message's click target around its centre, stage units (a fingertip,
/// as `message_view.rs`'s `msg-hit` circle).
pub const HIT_R: f64 = 20.0;

/// Opacity steps of a message that will be dropped (it fades as it flies,
/// [`drop_opacity`]): one path per step.
const FADE_STEPS: u8 = 4;

/// Where message `m` is drawn among `n` servers, stage units (the centre of its shape).
pub fn message_point(m: &MsgSnap, n: usize, reduced_motion: bool) -> Point {
    let (a, b) = lane(node_position(m.from, n), node_position(m.to, n));
    lerp(a, b, drawn_fraction(m.flight, m.dropped, reduced_motion))
}

/// What the messages of one path share.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Look {
    /// The kind's CSS classes ([`MsgKind::class`]).
    pub class: &'static str,
    /// The fill of an AppendEntries carrying entries: its term's colour.
    pub fill: Option<&'static str>,
    /// For a message that will be dropped: its fading step, `0..FADE_STEPS`.
    pub fade: Option<u8>,
}

impl Look {
    /// The look of message `m`.
    pub fn of(m: &MsgSnap) -> Self {
        let flown = m.flight.clamp(0.0, 1.0) * f64::from(FADE_STEPS);
        Look {
            class: m.kind.class(),
            fill: matches!(m.kind, MsgKind::Append(_)).then(|| term_color(m.term)),
            fade: m.dropped.then(|| {
                (1..FADE_STEPS)
                    .rev()
                    .find(|&k| flown >= f64::from(k))
                    .unwrap_or(0)
            }),
        }
    }

    /// The opacity of its path (`1`, or the middle of its fading step).
    pub fn opacity(&self) -> f64 {
        self.fade.map_or(1.0, |s| {
            drop_opacity((f64::from(s) + 0.5) / f64::from(FADE_STEPS))
        })
    }
}

/// The messages of one look: their shapes and, for doomed ones, their ✕ marks, as
/// path data in stage units.
#[derive(Clone, Debug, PartialEq)]
pub struct ShapeGroup {
    /// What they share.
    pub look: Look,
    /// How many messages the path draws.
    pub count: usize,
    /// The shapes.
    pub d: String,
    /// The ✕ beside each message that will be dropped (empty for the others).
    pub crosses: String,
}

/// `messages` among `n` servers as one [`ShapeGroup`] per look, in a stable order.
pub fn shape_groups(messages: &[MsgSnap], n: usize, reduced_motion: bool) -> Vec<ShapeGroup> {
    let mut groups: BTreeMap<Look, ShapeGroup> = BTreeMap::new();
    for m in messages {
        let look = Look::of(m);
        let g = groups.entry(look).or_insert_with(|| ShapeGroup {
            look,
            count: 0,
            d: String::new(),
            crosses: String::new(),
        });
        let p = message_point(m, n, reduced_motion);
        shape(&mut g.d, m.kind, p);
        if m.dropped {
            push_point(&mut g.crosses, 'M', p.x + 7.0, p.y - 12.0);
            g.crosses.push_str("l7 7m0 -7l-7 7");
        }
        g.count += 1;
    }
    groups.into_values().collect()
}

/// The SVG markup of `messages` among `n` servers: a `<g>` per [`ShapeGroup`] (its
/// kind's classes, `data-count`, the opacity of its fading step) holding its shapes'
/// path (and ✕ marks), the entry counts of AppendEntries, and one transparent path of
/// discs of [`HIT_R`], the click target. One string, set as the layer's markup once a
/// frame: no element per message.
pub fn markup(messages: &[MsgSnap], n: usize, reduced_motion: bool) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for g in shape_groups(messages, n, reduced_motion) {
        let Look { class, fill, fade } = g.look;
        let _ = write!(
            out,
            r#"<g class="{class}{}" data-kind="{}" data-count="{}" opacity="{}"><path class="msg-shapes"{} d="{}"/>"#,
            if fade.is_some() { " dropped" } else { "" },
            class.trim_start_matches("msg "),
            g.count,
            fixed(g.look.opacity(), 2),
            fill.map(|c| format!(r#" style="fill: {c}""#))
                .unwrap_or_default(),
            g.d
        );
        if fade.is_some() {
            let _ = write!(out, r#"<path class="drop-x-marks" d="{}"/>"#, g.crosses);
        }
        out.push_str("</g>");
    }
    out.push_str(r#"<g class="msg append">"#);
    let mut hits = String::new();
    for m in messages {
        let p = message_point(m, n, reduced_motion);
        circle(&mut hits, p, HIT_R);
        if let MsgKind::Append(k) = m.kind {
            let _ = write!(
                out,
                r#"<text class="count" transform="{}">{k}</text>"#,
                translate(p.x, p.y + 4.0)
            );
        }
    }
    let _ = write!(out, r#"</g><path class="msg-hits" d="{hits}"/>"#);
    out
}

/// Appends the shape of a `kind` message centred on `p` (the sizes of
/// `message_view.rs`'s `MsgShape`).
fn shape(d: &mut String, kind: MsgKind, p: Point) {
    match kind {
        MsgKind::RequestVote => circle(d, p, 7.0),
        MsgKind::Vote(_) => circle(d, p, 5.0),
        MsgKind::Heartbeat => circle(d, p, 4.5),
        // 18 x 14, corners of radius 3.
        MsgKind::Append(_) => {
            push_point(d, 'M', p.x - 6.0, p.y - 7.0);
            d.push_str("h12a3 3 0 0 1 3 3v8a3 3 0 0 1-3 3h-12a3 3 0 0 1-3-3v-8a3 3 0 0 1 3-3z");
        }
        // A square of side 9 turned 45°.
        MsgKind::AppendReply(_) => {
            push_point(d, 'M', p.x, p.y - 6.4);
            d.push_str("l6.4 6.4l-6.4 6.4l-6.4-6.4z");
        }
    }
}

/// Appends a circle of radius `r` around `p`, as two arcs (to a tenth of a unit).
fn circle(d: &mut String, p: Point, r: f64) {
    push_point(d, 'M', p.x - r, p.y);
    for across in [2.0 * r, -2.0 * r] {
        push_point(d, 'a', r, r);
        d.push_str(" 0 1 0");
        push_point(d, ' ', across, 0.0);
    }
}

/// The message nearest `p` (stage units) within `reach`, the newest of equally near
/// ones.
pub fn nearest(
    messages: &[MsgSnap],
    n: usize,
    reduced_motion: bool,
    p: Point,
    reach: f64,
) -> Option<u64> {
    messages
        .iter()
        .map(|m| {
            let q = message_point(m, n, reduced_motion);
            (((q.x - p.x).powi(2) + (q.y - p.y).powi(2)).sqrt(), m.id)
        })
        .filter(|(dist, _)| *dist <= reach)
        .min_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
        .map(|(_, id)| id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(id: u64, from: usize, to: usize, kind: MsgKind, flight: f64, dropped: bool) -> MsgSnap {
        MsgSnap {
            id,
            from,
            to,
            kind,
            term: 2,
            flight,
            dropped,
        }
    }

    #[test]
    fn one_path_per_look_with_a_shape_per_message() {
        let ms = [
            msg(1, 0, 1, MsgKind::Heartbeat, 0.2, false),
            msg(2, 0, 2, MsgKind::Heartbeat, 0.7, false),
            msg(3, 1, 0, MsgKind::AppendReply(true), 0.5, false),
            msg(4, 0, 1, MsgKind::Heartbeat, 0.1, true),
            msg(5, 0, 1, MsgKind::Heartbeat, 0.9, true),
            msg(6, 0, 1, MsgKind::Append(3), 0.5, false),
        ];
        let groups = shape_groups(&ms, 3, false);
        let looks: Vec<_> = groups
            .iter()
            .map(|g| (g.look.class, g.look.fade, g.count))
            .collect();
        assert_eq!(
            looks,
            [
                ("msg append", None, 1),
                ("msg append-ok", None, 1),
                ("msg heartbeat", None, 2),
                ("msg heartbeat", Some(0), 1),
                ("msg heartbeat", Some(3), 1),
            ]
        );
        let heartbeats = &groups[2];
        assert_eq!(heartbeats.d.matches('M').count(), 2, "{}", heartbeats.d);
        assert_eq!(heartbeats.crosses, "");
        assert_eq!(
            groups[3].crosses.matches('M').count(),
            1,
            "a ✕ per doomed message"
        );
        assert_eq!(
            groups[0].look.fill,
            Some(term_color(2)),
            "an entry's term colour"
        );
        assert!(
            groups[3].look.opacity() > groups[4].look.opacity(),
            "it fades"
        );
        assert_eq!(groups[2].look.opacity(), 1.0);
    }

    #[test]
    fn a_shape_is_drawn_where_the_message_is() {
        let m = msg(1, 0, 1, MsgKind::Heartbeat, 0.5, false);
        let p = message_point(&m, 2, false);
        let g = shape_groups(&[m], 2, false);
        let start = &g[0].d[1..g[0].d.find('a').unwrap()];
        let xy: Vec<f64> = start.split(' ').map(|v| v.parse().unwrap()).collect();
        assert!(
            (xy[0] - (p.x - 4.5)).abs() < 0.06 && (xy[1] - p.y).abs() < 0.06,
            "{start} vs {p:?}"
        );
        let all = markup(&[m, msg(2, 1, 0, MsgKind::Append(3), 0.5, false)], 2, false);
        assert_eq!(
            all.matches("<path").count(),
            3,
            "two kinds and the click target: {all}"
        );
        assert!(
            all.contains(r#"data-count="1""#) && all.contains(">3</text>"),
            "{all}"
        );
    }

    #[test]
    fn the_pointer_finds_the_nearest_message_within_reach() {
        let a = msg(1, 0, 1, MsgKind::Heartbeat, 0.2, false);
        let b = msg(2, 0, 1, MsgKind::Heartbeat, 0.8, false);
        let (pa, pb) = (message_point(&a, 3, false), message_point(&b, 3, false));
        let near_a = Point {
            x: pa.x + 3.0,
            y: pa.y,
        };
        assert_eq!(nearest(&[a, b], 3, false, near_a, HIT_R), Some(1));
        assert_eq!(nearest(&[a, b], 3, false, pb, HIT_R), Some(2));
        let far = Point {
            x: pa.x,
            y: pa.y + 2.0 * HIT_R,
        };
        assert_eq!(nearest(&[a, b], 3, false, far, HIT_R), None);
        let same = msg(3, 0, 1, MsgKind::Heartbeat, 0.2, false);
        assert_eq!(
            nearest(&[a, same], 3, false, pa, HIT_R),
            Some(3),
            "the newest"
        );
    }
}
