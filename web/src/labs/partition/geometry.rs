//! Where things go in the partitioning pictures, as pure functions (tested natively):
//! a key's dot on the hash ring or on the key-range bar, partition arcs, and the SVG
//! path text that draws thousands of dots as one `<path>` per owner (DDIA ch. 6's
//! pictures of hash partitioning and of key ranges).
//!
//! Ring coordinates are SVG user units of a [`RING_VIEW`]-square picture: the hash space
//! `0..2^64` is a circle centred at ([`CENTRE`], [`CENTRE`]), position 0 at the top,
//! growing clockwise ([`ddia_core::partition::hash::degrees`]). A key's dot sits at its
//! hash's angle, at a radius inside the [`DOT_INNER`]..[`DOT_OUTER`] band picked from
//! the hash's low bits, so that dense arcs stay readable. Bar coordinates are user units
//! of a [`BAR_W`]-wide picture; keys run left to right in key order.

use ddia_core::partition::hash::{degrees, key_hash};
use ddia_core::partition::{Key, Span};

/// Width and height of the ring picture, SVG user units.
pub const RING_VIEW: f64 = 400.0;
/// Centre of the ring picture.
pub const CENTRE: f64 = 200.0;
/// Radius of the hash ring itself (the circle the partition arcs are drawn on).
pub const RING_R: f64 = 160.0;
/// Key dots lie between these radii.
pub const DOT_INNER: f64 = 96.0;
/// Outer radius of the key-dot band.
pub const DOT_OUTER: f64 = 148.0;
/// Token ticks run from the ring out to this radius.
pub const TOKEN_OUTER: f64 = 178.0;

/// Width of the key-range picture, SVG user units (about its width on a laptop's
/// stage, so its labels stay readable on a phone).
pub const BAR_W: f64 = 600.0;
/// Left and right end of the key axis in the bar picture.
pub const BAR_X0: f64 = 20.0;
/// Right end of the key axis.
pub const BAR_X1: f64 = 580.0;
/// Key dots of the bar picture lie between these heights (above them: the axis label
/// and the hot range's two-line label, in the phone's larger fonts too: hp11 H1,
/// play16d U1).
pub const BAR_DOT_TOP: f64 = 78.0;
/// Bottom of the key-dot band.
pub const BAR_DOT_BOTTOM: f64 = 122.0;
/// Top of the bar of partitions, under the key dots.
pub const BAR_Y: f64 = BAR_DOT_BOTTOM + 12.0;
/// Height of the bar of partitions.
pub const BAR_H: f64 = 22.0;
/// Height of the whole bar picture (room for boundary labels under the bar).
pub const BAR_VIEW_H: f64 = BAR_Y + BAR_H + 30.0;
/// Room around the ring picture for token and hot labels, user units.
pub const RING_ROOM: f64 = 24.0;

/// Where keys are drawn: around the ring (hash strategies) or along the key axis (key
/// range), which runs from key 0 to `end` (exclusive).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Frame {
    /// The hash ring.
    Ring,
    /// The key-range bar over keys `0..end`.
    Bar {
        /// One past the largest key drawn.
        end: u64,
    },
}

/// `0.0..1.0` from the low 16 bits of `hash` (independent of its angle, which the high
/// bits decide): spreads dots across their band.
fn jitter(hash: u64) -> f64 {
    f64::from(u16::try_from(hash & 0xFFFF).unwrap_or(0)) / 65_536.0
}

/// `(sin, cos)` of `deg` degrees: the browser's `Math` on wasm32 (no trigonometry code
/// in the page's wasm), the standard library natively. Pictures only.
fn sin_cos_deg(deg: f64) -> (f64, f64) {
    let a = deg.to_radians();
    #[cfg(target_arch = "wasm32")]
    {
        (js_sys::Math::sin(a), js_sys::Math::cos(a))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        a.sin_cos()
    }
}

/// The point at `deg` degrees clockwise from the top, at radius `r` from `centre`.
pub fn polar_around(centre: (f64, f64), deg: f64, r: f64) -> (f64, f64) {
    let (sin, cos) = sin_cos_deg(deg);
    (centre.0 + r * sin, centre.1 - r * cos)
}

/// The point of the ring picture at `deg` degrees clockwise from the top, at radius `r`.
pub fn polar(deg: f64, r: f64) -> (f64, f64) {
    polar_around((CENTRE, CENTRE), deg, r)
}

impl Frame {
    /// The centre of `key`'s dot.
    pub fn point(self, key: Key) -> (f64, f64) {
        let h = key_hash(key);
        match self {
            Frame::Ring => polar(degrees(h), DOT_INNER + (DOT_OUTER - DOT_INNER) * jitter(h)),
            Frame::Bar { .. } => (
                self.key_x(key),
                BAR_DOT_TOP + (BAR_DOT_BOTTOM - BAR_DOT_TOP) * jitter(h),
            ),
        }
    }

    /// The x of `key` on the bar's axis (`BAR_X0` for the ring, which has none).
    pub fn key_x(self, key: Key) -> f64 {
        match self {
            Frame::Ring => BAR_X0,
            Frame::Bar { end } => {
                let end = end.max(1) as f64;
                BAR_X0 + (BAR_X1 - BAR_X0) * (key.0 as f64 / end).min(1.0)
            }
        }
    }

    /// The key closest to `at` among `keys`, if one is within `reach` user units.
    pub fn nearest(
        self,
        keys: impl Iterator<Item = Key>,
        at: (f64, f64),
        reach: f64,
    ) -> Option<Key> {
        keys.map(|k| {
            let (x, y) = self.point(k);
            (k, (x - at.0).powi(2) + (y - at.1).powi(2))
        })
        .filter(|(_, d2)| *d2 <= reach * reach)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(k, _)| k)
    }
}

/// The width of a key dot, user units: about 80 % of the spacing `keys` dots would have
/// if spread evenly over the frame's dot band, between 1.6 and 6 (10^4 keys stay a
/// texture, 100 keys stay countable).
pub fn dot_width(frame: Frame, keys: usize) -> f64 {
    let band = match frame {
        Frame::Ring => std::f64::consts::PI * (DOT_OUTER * DOT_OUTER - DOT_INNER * DOT_INNER),
        Frame::Bar { .. } => (BAR_X1 - BAR_X0) * (BAR_DOT_BOTTOM - BAR_DOT_TOP),
    };
    let keys = f64::from(u32::try_from(keys.max(1)).unwrap_or(u32::MAX));
    ((band / keys).sqrt() * 0.8).clamp(1.6, 6.0)
}

/// The pictures' `preserveAspectRatio`: scaled to fit, centred across, at the top.
pub const ASPECT: &str = "xMidYMin meet";

/// A box: left, top, width, height.
pub type Rect = (f64, f64, f64, f64);

/// The view box of `frame`'s picture: the ring's square with [`RING_ROOM`] around it,
/// or the bar.
pub fn view_rect(frame: Frame) -> Rect {
    match frame {
        Frame::Ring => (
            -RING_ROOM,
            -RING_ROOM,
            RING_VIEW + 2.0 * RING_ROOM,
            RING_VIEW + 2.0 * RING_ROOM,
        ),
        Frame::Bar { .. } => (0.0, 0.0, BAR_W, BAR_VIEW_H),
    }
}

/// [`view_rect`] as a `viewBox` attribute.
pub fn view_box(frame: Frame) -> String {
    let (x, y, w, h) = view_rect(frame);
    let mut s = String::new();
    for (i, v) in [x, y, w, h].into_iter().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        push_num(&mut s, v);
    }
    s
}

/// The user-unit point under a click at `client` on an SVG element drawn in `rect`
/// (client pixels) whose viewBox is `view`, scaled to fit, centred across and at the
/// top ([`ASPECT`]).
pub fn client_to_view(client: (f64, f64), rect: Rect, view: Rect) -> (f64, f64) {
    let scale = (rect.2 / view.2).min(rect.3 / view.3);
    if !(scale.is_finite() && scale > 0.0) {
        return (view.0, view.1);
    }
    let left = rect.0 + (rect.2 - view.2 * scale) / 2.0;
    let top = rect.1;
    (
        view.0 + (client.0 - left) / scale,
        view.1 + (client.1 - top) / scale,
    )
}

/// Appends `v` with one decimal (integer arithmetic: no float formatting code in wasm).
pub fn push_num(out: &mut String, v: f64) {
    use std::fmt::Write;
    // A saturating cast of a picture coordinate (bounded by the view box).
    let tenths = (v * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    let a = tenths.unsigned_abs();
    let _ = write!(out, "{sign}{}.{}", a / 10, a % 10);
}

/// Appends a dot at `(x, y)` to an SVG path: a zero-length segment, which a round
/// line cap turns into a disc of the stroke's width (one element for thousands of
/// dots).
pub fn push_dot(d: &mut String, (x, y): (f64, f64)) {
    d.push('M');
    push_num(d, x);
    d.push(' ');
    push_num(d, y);
    d.push_str("h0");
}

/// The ring angles `(from, to)` in degrees, clockwise, of an arc span; `None` for other
/// spans. A span whose ends are equal is the whole ring (`0.0, 360.0`).
pub fn arc_degrees(span: &Span) -> Option<(f64, f64)> {
    match *span {
        Span::Arc { after, upto } if after == upto => Some((0.0, 360.0)),
        Span::Arc { after, upto } => {
            let (a, b) = (degrees(after), degrees(upto));
            Some((a, if b <= a { b + 360.0 } else { b }))
        }
        _ => None,
    }
}

/// Appends an SVG arc at radius `r` from `from` to `to` degrees (clockwise, `to >
/// from`); a whole turn is drawn as two half circles.
pub fn push_arc(d: &mut String, r: f64, from: f64, to: f64) {
    if to - from >= 359.999 {
        push_arc(d, r, from, from + 180.0);
        push_arc(d, r, from + 180.0, from + 360.0);
        return;
    }
    let (x1, y1) = polar(from, r);
    let (x2, y2) = polar(to, r);
    d.push('M');
    push_num(d, x1);
    d.push(' ');
    push_num(d, y1);
    d.push('A');
    push_num(d, r);
    d.push(' ');
    push_num(d, r);
    d.push_str(if to - from > 180.0 {
        " 0 1 1 "
    } else {
        " 0 0 1 "
    });
    push_num(d, x2);
    d.push(' ');
    push_num(d, y2);
}

/// Width of a celebrity label's character (bold sans-serif, 13 units on the ring, 11
/// on the bar), user units.
const MARK_CHAR_W: f64 = 8.0;

/// Where to write the label of each of the marked dots `marks` (the celebrity
/// key's sub-keys, DDIA ch. 6 "Skewed Workloads"): the start of each label's baseline,
/// the first of eight spots round its dot (right then left, above then below, then a
/// line further) whose box is clear of every marked dot and of the labels placed
/// before it; the first spot if none is (play16d U4: `k0·3`, `k0·5`, `k0` overlapped).
pub fn label_spots(marks: &[(String, (f64, f64))]) -> Vec<(f64, f64)> {
    // Plain loops over the marks (a handful): the label's box is (lx, ly - 10) to
    // (lx + w, ly + 3), a dot's is 6 units round its centre.
    let width = |i: usize| marks[i].0.chars().count() as f64 * MARK_CHAR_W;
    let mut spots: Vec<(f64, f64)> = Vec::with_capacity(marks.len());
    for (i, (_, (x, y))) in marks.iter().enumerate() {
        let w = width(i);
        let mut spot = (x + 7.0, y - 5.0);
        for k in 0..8 {
            let ly = y + [-5.0, 15.0, -17.0, 27.0][k / 2];
            let lx = if k % 2 == 0 { x + 7.0 } else { x - 7.0 - w };
            let clear_of = |l: f64, t: f64, r: f64, b: f64| {
                !(lx < r && l < lx + w && ly - 10.0 < b && t < ly + 3.0)
            };
            let dots = marks
                .iter()
                .all(|(_, (dx, dy))| clear_of(dx - 6.0, dy - 6.0, dx + 6.0, dy + 6.0));
            let labels = spots
                .iter()
                .enumerate()
                .all(|(j, &(sx, sy))| clear_of(sx, sy - 10.0, sx + width(j), sy + 3.0));
            if dots && labels {
                spot = (lx, ly);
                break;
            }
        }
        spots.push(spot);
    }
    spots
}

#[cfg(test)]
mod tests {
    use super::*;

    /// play16d U4: labels of dots close together are spread clear of each other and
    /// of the dots; a lone dot's label is at its upper right.
    #[test]
    fn close_labels_are_spread_apart() {
        let at = [(200.0, 40.0), (204.0, 44.0), (196.0, 46.0)];
        let texts: Vec<String> = ["k0", "k0·3", "k0·5"].map(String::from).into();
        let marks: Vec<_> = texts.iter().cloned().zip(at).collect();
        let spots = label_spots(&marks);
        let b: Vec<_> = spots
            .iter()
            .zip(&texts)
            .map(|(&(x, y), t)| {
                (
                    x,
                    y - 10.0,
                    x + t.chars().count() as f64 * MARK_CHAR_W,
                    y + 3.0,
                )
            })
            .collect();
        let hit = |a: (f64, f64, f64, f64), o: (f64, f64, f64, f64)| {
            a.0 < o.2 && o.0 < a.2 && a.1 < o.3 && o.1 < a.3
        };
        for (i, a) in b.iter().enumerate() {
            for o in &b[i + 1..] {
                assert!(!hit(*a, *o), "{a:?} over {o:?}");
            }
            for &(x, y) in &at {
                assert!(
                    !hit(*a, (x - 5.0, y - 5.0, x + 5.0, y + 5.0)),
                    "{a:?} over a dot"
                );
            }
        }
        assert_eq!(label_spots(&marks[..1]), vec![(207.0, 35.0)]);
    }
    use ddia_core::partition::hash::at_degrees;

    #[test]
    fn ring_dots_sit_at_their_hash_angle_inside_the_band() {
        for k in 0..500 {
            let (x, y) = Frame::Ring.point(Key(k));
            let r = ((x - CENTRE).powi(2) + (y - CENTRE).powi(2)).sqrt();
            assert!((DOT_INNER - 1e-9..=DOT_OUTER).contains(&r), "{k}: r = {r}");
            let deg = (x - CENTRE)
                .atan2(CENTRE - y)
                .to_degrees()
                .rem_euclid(360.0);
            let want = degrees(key_hash(Key(k)));
            let diff = (deg - want).abs();
            assert!(diff < 1e-6 || (360.0 - diff) < 1e-6, "{k}: {deg} vs {want}");
        }
        assert_eq!(polar(0.0, 10.0), (CENTRE, CENTRE - 10.0), "0° is the top");
        let (x, y) = polar(90.0, 10.0);
        assert!(
            (x - CENTRE - 10.0).abs() < 1e-9 && (y - CENTRE).abs() < 1e-9,
            "90° is the right"
        );
    }

    #[test]
    fn bar_dots_follow_key_order() {
        let f = Frame::Bar { end: 1_000 };
        assert_eq!(f.key_x(Key(0)), BAR_X0);
        assert_eq!(f.key_x(Key(500)), (BAR_X0 + BAR_X1) / 2.0);
        assert_eq!(f.key_x(Key(5_000)), BAR_X1, "clamped at the end");
        assert!(f.point(Key(10)).0 < f.point(Key(11)).0);
        let (_, y) = f.point(Key(7));
        assert!((BAR_DOT_TOP..=BAR_DOT_BOTTOM).contains(&y));
        assert_eq!(Frame::Bar { end: 0 }.key_x(Key(0)), BAR_X0, "an empty axis");
    }

    #[test]
    fn the_nearest_key_within_reach_is_picked() {
        let f = Frame::Ring;
        let keys = (0..200).map(Key);
        let target = Key(123);
        let at = f.point(target);
        assert_eq!(f.nearest(keys.clone(), at, 5.0), Some(target));
        assert_eq!(
            f.nearest(keys, (CENTRE, CENTRE), 5.0),
            None,
            "nothing in the middle"
        );
    }

    #[test]
    fn clicks_map_to_view_units_through_the_letterbox() {
        // A 400-unit square view box drawn in a 800x400 px box: scale 1, 200 px bars.
        let view = (-40.0, -40.0, 480.0, 480.0);
        let rect = (10.0, 20.0, 960.0, 480.0);
        assert_eq!(client_to_view((250.0, 20.0), rect, view), (-40.0, -40.0));
        assert_eq!(client_to_view((490.0, 260.0), rect, view), (200.0, 200.0));
        assert_eq!(
            client_to_view((1.0, 1.0), (0.0, 0.0, 0.0, 0.0), view),
            (-40.0, -40.0)
        );
        assert!(dot_width(Frame::Ring, 10_000) < dot_width(Frame::Ring, 100));
        assert_eq!(dot_width(Frame::Ring, 0), 6.0);
    }

    #[test]
    fn dots_and_arcs_are_plain_path_text() {
        let mut dots = String::new();
        push_dot(&mut dots, (1.25, 2.0));
        push_dot(&mut dots, (-3.0, 40.04));
        assert_eq!(dots, "M1.3 2.0h0M-3.0 40.0h0");
        let mut d = String::new();
        push_arc(&mut d, 10.0, 0.0, 90.0);
        assert_eq!(d, "M200.0 190.0A10.0 10.0 0 0 1 210.0 200.0");
        let mut whole = String::new();
        push_arc(&mut whole, 10.0, 0.0, 360.0);
        assert_eq!(whole.matches('A').count(), 2, "a whole turn is two halves");
    }

    #[test]
    fn arcs_wrap_past_the_top() {
        let span = Span::Arc {
            after: at_degrees(300),
            upto: at_degrees(60),
        };
        let (a, b) = arc_degrees(&span).unwrap();
        assert!(
            (a - 300.0).abs() < 1e-6 && (b - 420.0).abs() < 1e-6,
            "{a} {b}"
        );
        let whole = Span::Arc { after: 5, upto: 5 };
        assert_eq!(arc_degrees(&whole), Some((0.0, 360.0)));
        let keys = Span::Keys {
            from: Key(0),
            to: None,
        };
        assert_eq!(arc_degrees(&keys), None);
    }
}
