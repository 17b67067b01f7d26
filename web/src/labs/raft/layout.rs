//! Geometry of the Raft stage: servers on a circle, messages along the links between
//! them. Coordinates are SVG user units of the stage's `viewBox`.

/// Width of the stage's `viewBox`.
pub const STAGE_W: f64 = 920.0;
/// Height of the stage's `viewBox`.
pub const STAGE_H: f64 = 520.0;
/// Radius of a server's disc.
pub const NODE_R: f64 = 30.0;
/// Distance between the two lanes of a link (one per direction).
pub const LANE_GAP: f64 = 7.0;

/// A point in stage coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    /// Horizontal, growing to the right.
    pub x: f64,
    /// Vertical, growing downwards.
    pub y: f64,
}

/// Centre of the circle the servers sit on.
pub const CENTER: Point = Point {
    x: STAGE_W / 2.0 + 40.0,
    y: 266.0,
};
/// Radius of that circle.
pub const RING_R: f64 = 146.0;

/// A rectangle of the stage in `viewBox` units: what the stage's SVG shows.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Frame {
    /// The SVG `viewBox` attribute showing this frame.
    pub fn view_box(self) -> String {
        use crate::shell::format::fixed;
        format!(
            "{} {} {} {}",
            fixed(self.x, 0),
            fixed(self.y, 0),
            fixed(self.w, 0),
            fixed(self.h, 0)
        )
    }
}

impl Frame {
    /// The stage point under client pixel `(x, y)` when this frame is drawn in the
    /// client rectangle `(left, top, width, height)` (SVG's default
    /// `xMidYMid meet`: scaled to fit, centred); `None` for an empty rectangle.
    pub fn point_at(
        self,
        (left, top, width, height): (f64, f64, f64, f64),
        (x, y): (f64, f64),
    ) -> Option<Point> {
        let scale = (width / self.w).min(height / self.h);
        (scale > 0.0).then(|| Point {
            x: self.x + (x - left - (width - self.w * scale) / 2.0) / scale,
            y: self.y + (y - top - (height - self.h * scale) / 2.0) / scale,
        })
    }
}

/// The whole stage: the legend in the left column, the ring, the hint at the bottom
/// (wide layout).
pub const FULL: Frame = Frame {
    x: 0.0,
    y: 0.0,
    w: STAGE_W,
    h: STAGE_H,
};

/// Room beside the circle for a side server's label block (it grows outward from the
/// server's centre, [`LabelBlock`]), plus a margin.
const RING_SIDE: f64 = LABEL_WIDTH + 4.0;
/// Room above and below the circle for a top or bottom server's label block.
const RING_TOP: f64 = STRIP_AT + STRIP_H + 4.0;
const RING_BOTTOM: f64 = RING_TOP;

/// Just the ring of servers with their captions and log strips, for the compact layout
/// (an 800x580 iframe, a phone): drawn larger, while the legend moves to the drawer.
pub const RING: Frame = Frame {
    x: CENTER.x - RING_R - RING_SIDE,
    y: CENTER.y - RING_R - RING_TOP,
    w: 2.0 * (RING_R + RING_SIDE),
    h: 2.0 * RING_R + RING_TOP + RING_BOTTOM,
};

/// Where server `i` of `n` sits: evenly spaced, S1 at the top, clockwise.
pub fn node_position(i: usize, n: usize) -> Point {
    let n = n.max(1) as f64;
    let angle = -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * i as f64 / n;
    Point {
        x: CENTER.x + RING_R * angle.cos(),
        y: CENTER.y + RING_R * angle.sin(),
    }
}

/// The fraction of its flight a message has covered at `now`, in `0..=1`
/// (`(now - sent) / (deliver - sent)`; a zero-length flight counts as arrived).
pub fn flight_fraction(now: u64, sent: u64, deliver: u64) -> f64 {
    if deliver <= sent {
        return 1.0;
    }
    let f = now.saturating_sub(sent) as f64 / (deliver - sent) as f64;
    f.clamp(0.0, 1.0)
}

/// The lane of the link `from -> to`: it starts and ends at the rims of the two discs
/// and is shifted sideways (to the right of the direction of travel) by half the lane
/// gap, so that a request and its reply do not overlap.
pub fn lane(from: Point, to: Point) -> (Point, Point) {
    let (dx, dy) = (to.x - from.x, to.y - from.y);
    let len = (dx * dx + dy * dy).sqrt();
    if len < f64::EPSILON {
        return (from, to);
    }
    let (ux, uy) = (dx / len, dy / len);
    let (nx, ny) = (-uy * LANE_GAP / 2.0, ux * LANE_GAP / 2.0);
    let rim = NODE_R + 4.0;
    (
        Point {
            x: from.x + ux * rim + nx,
            y: from.y + uy * rim + ny,
        },
        Point {
            x: to.x - ux * rim + nx,
            y: to.y - uy * rim + ny,
        },
    )
}

/// The point a fraction `t` of the way from `a` to `b`.
pub fn lerp(a: Point, b: Point, t: f64) -> Point {
    Point {
        x: a.x + (b.x - a.x) * t,
        y: a.y + (b.y - a.y) * t,
    }
}

/// Where along its lane a message is drawn. A message that will be dropped vanishes
/// half-way (its flight is half as long), so it covers `0..=0.5` of the lane. With
/// reduced motion every message sits still at its lane's midpoint.
pub fn drawn_fraction(flight: f64, dropped: bool, reduced_motion: bool) -> f64 {
    if reduced_motion {
        0.5
    } else if dropped {
        flight * 0.5
    } else {
        flight
    }
}

/// A rectangle `(x0, y0, x1, y1)` in stage coordinates.
pub type Rect = (f64, f64, f64, f64);

/// True when rectangles `a` and `b` share more than an edge.
fn overlaps(a: Rect, b: Rect) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// The rectangles the label block of the server at `p` covers (caption lines, log
/// strip) at their widest, in stage coordinates.
pub fn label_rects(p: Point) -> [Rect; 2] {
    let b = LabelBlock::at(p);
    let rect = |at: f64, h: f64| {
        let (x, y) = (p.x + b.left(LABEL_WIDTH), p.y + b.band_top(at, h));
        (x, y, x + LABEL_WIDTH, y + h)
    };
    [rect(LABEL_GAP, 2.0 * LINE_H), rect(STRIP_AT, STRIP_H)]
}

/// Radius of a server's halo (the selection and election-timer ring), drawn around
/// its disc.
pub const HALO_R: f64 = 44.0;

/// What server `p` draws, as rectangles: its halo, its caption lines and log strip
/// ([`label_rects`]) and its two clock lines, whether shown or not.
pub fn server_rects(p: Point) -> [Rect; 4] {
    let b = LabelBlock::at(p);
    let (x, y) = (
        p.x + b.left(LABEL_WIDTH),
        p.y + b.band_top(CLOCK_AT, 2.0 * LINE_H),
    );
    let [caption, strip] = label_rects(p);
    [
        (p.x - HALO_R, p.y - HALO_R, p.x + HALO_R, p.y + HALO_R),
        caption,
        strip,
        (x, y, x + LABEL_WIDTH, y + 2.0 * LINE_H),
    ]
}

/// The part of the wide stage a server's menu may cover: below the status line (HTML
/// over the stage's top) and above the hint line at its foot.
pub const MENU_AREA: Frame = Frame {
    x: 0.0,
    y: 44.0,
    w: STAGE_W,
    h: STAGE_H - 44.0 - 24.0,
};

/// Where the menu (`width` x `height`) of server `i` of `n` opens: the spot in `area`
/// nearest the server that covers no server's halo, label or clock lines (searched on a
/// grid of 4 units), or `None` when there is none (then the menu is drawn outside the
/// stage's picture: [`super::node_menu`]).
pub fn menu_spot(i: usize, n: usize, (width, height): (f64, f64), area: Frame) -> Option<Point> {
    const STEP: f64 = 4.0;
    let node = node_position(i, n);
    let taken: Vec<Rect> = (0..n)
        .flat_map(|k| server_rects(node_position(k, n)))
        .collect();
    let cols = ((area.w - width) / STEP).floor().max(-1.0) as i32;
    let rows = ((area.h - height) / STEP).floor().max(-1.0) as i32;
    let gap = |r: Rect| {
        let dx = (r.0 - node.x).max(node.x - r.2).max(0.0);
        let dy = (r.1 - node.y).max(node.y - r.3).max(0.0);
        dx.hypot(dy)
    };
    (0..=cols)
        .flat_map(|c| (0..=rows).map(move |r| (c, r)))
        .map(|(c, r)| {
            let (x, y) = (area.x + f64::from(c) * STEP, area.y + f64::from(r) * STEP);
            (x, y, x + width, y + height)
        })
        .filter(|m| taken.iter().all(|t| !overlaps(*m, *t)))
        .min_by(|a, b| gap(*a).total_cmp(&gap(*b)))
        .map(|m| Point { x: m.0, y: m.1 })
}

/// Distance from a server's centre to its label block: clear of its halo.
pub const LABEL_GAP: f64 = 44.0;
/// Height of one text line of a label block.
pub const LINE_H: f64 = 13.0;
/// Where the log strip starts: after the two caption lines (role, vote).
pub const STRIP_AT: f64 = LABEL_GAP + 2.0 * LINE_H + 4.0;
/// Height of the log strip (one cell).
pub const STRIP_H: f64 = 9.0;
/// Where the clock lines start: after the strip.
pub const CLOCK_AT: f64 = STRIP_AT + STRIP_H + 4.0;
/// The widest a label block gets: a clock line (`clock +110.0 ms`), wider than the
/// log strip's cells and its `+N` count.
pub const LABEL_WIDTH: f64 = 96.0;

/// Where a server's label (role, vote, log strip, clock) goes: on the outer side of the
/// ring, above a server in the top half and below one in the bottom half, centred
/// under a server near the top or bottom and growing outward from the centre of a
/// server on a side. Every link is a chord of the ring, so no message (which flies
/// along a link) ever crosses a label; a test checks it for 3 to 9 servers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LabelBlock {
    /// +1: the block is below the server; -1: above it.
    pub down: f64,
    /// `text-anchor` of its lines: `middle`, `start` (right side) or `end` (left side).
    pub anchor: &'static str,
}

impl LabelBlock {
    /// The block of the server at `p`.
    pub fn at(p: Point) -> Self {
        let (dx, dy) = (p.x - CENTER.x, p.y - CENTER.y);
        let cos = dx / (dx * dx + dy * dy).sqrt().max(f64::EPSILON);
        let anchor = if cos.abs() < 0.35 {
            "middle"
        } else if cos > 0.0 {
            "start"
        } else {
            "end"
        };
        let down = if dy < -1e-6 { -1.0 } else { 1.0 };
        LabelBlock { down, anchor }
    }

    /// The `y` of the top of a band `height` tall whose near edge is `at` from the
    /// server's centre.
    pub fn band_top(self, at: f64, height: f64) -> f64 {
        if self.down > 0.0 {
            at
        } else {
            -at - height
        }
    }

    /// How far from the server's centre caption line `k` (0: role, 1: vote) starts, so
    /// that both read top to bottom whichever side the block is on.
    pub fn caption_at(self, k: u8) -> f64 {
        let k = if self.down > 0.0 { k } else { 1 - k.min(1) };
        LABEL_GAP + LINE_H * f64::from(k)
    }

    /// The baseline of a text line whose near edge is `at` from the server's centre.
    pub fn baseline(self, at: f64) -> f64 {
        self.band_top(at, LINE_H) + LINE_H - 3.0
    }

    /// The left edge of a row `width` wide, relative to the server's centre.
    pub fn left(self, width: f64) -> f64 {
        match self.anchor {
            "start" => 0.0,
            "end" => -width,
            _ => -width / 2.0,
        }
    }
}

/// An SVG arc-free description of the remaining election time: the dash pattern for a
/// ring with `pathLength = 100` showing `fraction` of the circumference.
pub fn ring_dash(fraction: f64) -> String {
    let f = crate::shell::format::short(fraction.clamp(0.0, 1.0) * 100.0, 1);
    format!("{f} 100")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shortest distance from `p` to the rectangle `(x0, y0, x1, y1)`.
    fn to_rect(p: Point, (x0, y0, x1, y1): (f64, f64, f64, f64)) -> f64 {
        let (cx, cy) = (p.x.clamp(x0, x1), p.y.clamp(y0, y1));
        ((p.x - cx).powi(2) + (p.y - cy).powi(2)).sqrt()
    }

    #[test]
    fn no_message_ever_flies_over_a_label() {
        // A message is drawn within 12 units of its lane (the AppendEntries box is
        // 18x14, half a diagonal 11.4).
        let reach = 12.0;
        for n in 3..=9 {
            for (i, j) in (0..n).flat_map(|i| (0..n).map(move |j| (i, j))) {
                if i == j {
                    continue;
                }
                let (a, b) = lane(node_position(i, n), node_position(j, n));
                for k in 0..n {
                    for r in label_rects(node_position(k, n)) {
                        for step in 0..=100 {
                            let d = to_rect(lerp(a, b, f64::from(step) / 100.0), r);
                            assert!(
                                d >= reach,
                                "{n} servers: S{}→S{} passes {d:.1} from S{}'s label",
                                i + 1,
                                j + 1,
                                k + 1
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn labels_grow_outward() {
        let top = LabelBlock::at(node_position(0, 5));
        assert_eq!((top.down, top.anchor), (-1.0, "middle"));
        assert!(top.baseline(LABEL_GAP) < -LABEL_GAP);
        assert_eq!(LabelBlock::at(node_position(1, 5)).anchor, "start");
        assert_eq!(LabelBlock::at(node_position(4, 5)).anchor, "end");
        let bottom = LabelBlock::at(node_position(2, 4));
        assert_eq!((bottom.down, bottom.anchor), (1.0, "middle"));
        assert_eq!(bottom.band_top(LABEL_GAP, LINE_H), LABEL_GAP);
        // Role above vote on either side.
        assert!(top.baseline(top.caption_at(0)) < top.baseline(top.caption_at(1)));
        assert!(bottom.baseline(bottom.caption_at(0)) < bottom.baseline(bottom.caption_at(1)));
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn servers_are_evenly_spaced_from_the_top() {
        let top = node_position(0, 5);
        assert!(close(top.x, CENTER.x) && close(top.y, CENTER.y - RING_R));
        for n in 3..=9 {
            let d = |i: usize| {
                let (a, b) = (node_position(i, n), node_position((i + 1) % n, n));
                ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt()
            };
            for i in 0..n {
                assert!(close(d(i), d(0)));
            }
            for i in 0..n {
                let p = node_position(i, n);
                assert!(p.x - NODE_R > 0.0 && p.x + NODE_R < STAGE_W);
                assert!(p.y - NODE_R > 0.0 && p.y + NODE_R < STAGE_H);
            }
        }
        // Clockwise: S2 of 4 is on the right.
        assert!(node_position(1, 4).x > CENTER.x);
    }

    #[test]
    fn flight_interpolates_and_clamps() {
        assert_eq!(flight_fraction(100, 100, 200), 0.0);
        assert_eq!(flight_fraction(150, 100, 200), 0.5);
        assert_eq!(flight_fraction(500, 100, 200), 1.0);
        assert_eq!(flight_fraction(50, 100, 200), 0.0);
        assert_eq!(flight_fraction(100, 100, 100), 1.0);
        assert_eq!(drawn_fraction(1.0, true, false), 0.5);
        assert_eq!(drawn_fraction(0.2, false, true), 0.5);
        assert_eq!(drawn_fraction(0.2, false, false), 0.2);
    }

    #[test]
    fn lanes_of_opposite_directions_do_not_overlap() {
        let (a, b) = (Point { x: 0.0, y: 0.0 }, Point { x: 100.0, y: 0.0 });
        let (s1, e1) = lane(a, b);
        let (s2, e2) = lane(b, a);
        assert!(close(s1.y, LANE_GAP / 2.0) && close(s2.y, -LANE_GAP / 2.0));
        assert!(close(s1.x, NODE_R + 4.0) && close(e1.x, 100.0 - NODE_R - 4.0));
        assert!(close(e2.x, NODE_R + 4.0));
        let mid = lerp(s1, e1, 0.5);
        assert!(close(mid.x, 50.0));
        assert_eq!(lane(a, a), (a, a));
    }

    /// True when the rectangle `x0..x1` x `y0..y1` lies inside `f`.
    fn inside(f: Frame, (x0, y0, x1, y1): (f64, f64, f64, f64)) -> bool {
        x0 >= f.x && y0 >= f.y && x1 <= f.x + f.w && y1 <= f.y + f.h
    }

    #[test]
    fn the_ring_frame_holds_every_server() {
        assert!(inside(
            FULL,
            (RING.x, RING.y, RING.x + RING.w, RING.y + RING.h)
        ));
        for n in 3..=9 {
            for i in 0..n {
                let p = node_position(i, n);
                // The halo, and the label block on its side.
                assert!(inside(
                    RING,
                    (p.x - 44.0, p.y - 44.0, p.x + 44.0, p.y + 44.0)
                ));
                for (x0, y0, x1, y1) in label_rects(p) {
                    assert!(inside(RING, (x0, y0, x1, y1)), "S{} of {n}", i + 1);
                    assert!(
                        inside(FULL, (x0, y0 - 30.0, x1, y1)),
                        "clear of the status line"
                    );
                }
            }
        }
        assert_eq!(RING.view_box(), "254 33 492 466");
    }

    /// On the wide stage every server's menu has a spot that covers no server's halo,
    /// label or clock (brief s14: S2's menu covered S3's circle on a phone, S1's hid
    /// its own "leader / voted S2"), inside the area below the status line, beside
    /// its server rather than across the stage.
    #[test]
    fn a_servers_menu_covers_no_server() {
        let size = (170.0, 230.0);
        for n in 3..=9 {
            for i in 0..n {
                let m = menu_spot(i, n, size, MENU_AREA)
                    .unwrap_or_else(|| panic!("S{} of {n}: no spot", i + 1));
                let menu = (m.x, m.y, m.x + size.0, m.y + size.1);
                assert!(inside(MENU_AREA, menu), "S{} of {n}: {menu:?}", i + 1);
                for k in 0..n {
                    for r in server_rects(node_position(k, n)) {
                        assert!(!overlaps(menu, r), "S{} of {n} covers S{}", i + 1, k + 1);
                    }
                }
                let p = node_position(i, n);
                let near = (m.x - p.x).abs().min((m.x + size.0 - p.x).abs());
                assert!(near < 300.0, "S{} of {n}: {near} units away", i + 1);
            }
        }
        // The ring frame of a phone holds no such spot for nine servers.
        assert_eq!(menu_spot(0, 9, size, RING), None);
    }

    #[test]
    fn ring_dash_is_a_percentage() {
        assert_eq!(ring_dash(0.5), "50 100");
        assert_eq!(ring_dash(2.0), "100 100");
        assert_eq!(ring_dash(0.1234), "12.3 100");
    }

    #[test]
    fn a_client_pixel_maps_to_the_stage_point_under_it() {
        // The full stage (920 x 520) in a box twice as wide as it needs: centred.
        let box_ = (100.0, 50.0, 2.0 * 920.0 + 200.0, 2.0 * 520.0);
        let at = |x, y| FULL.point_at(box_, (x, y)).unwrap();
        assert_eq!(at(200.0, 50.0), Point { x: 0.0, y: 0.0 });
        assert_eq!(
            at(200.0 + 2.0 * 460.0, 50.0 + 2.0 * 100.0),
            Point { x: 460.0, y: 100.0 }
        );
        let ring = RING
            .point_at((0.0, 0.0, RING.w, RING.h), (0.0, 0.0))
            .unwrap();
        assert_eq!(
            ring,
            Point {
                x: RING.x,
                y: RING.y
            }
        );
        assert_eq!(FULL.point_at((0.0, 0.0, 0.0, 10.0), (1.0, 1.0)), None);
    }
}
