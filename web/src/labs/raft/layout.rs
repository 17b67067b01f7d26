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
    y: 262.0,
};
/// Radius of that circle.
pub const RING_R: f64 = 172.0;

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

/// The whole stage: the legend in the left column, the ring, the hint at the bottom
/// (wide layout).
pub const FULL: Frame = Frame {
    x: 0.0,
    y: 0.0,
    w: STAGE_W,
    h: STAGE_H,
};

/// Room beside the circle for what is centred under a server (caption, log strip).
const RING_SIDE: f64 = 68.0;
/// Room above the circle for a server's halo and its "down" / "paused" mark.
const RING_TOP: f64 = 54.0;
/// Room below the circle for a server's caption and log strip.
const RING_BOTTOM: f64 = 80.0;

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

/// Which side of its server a popup menu of `width` x `height` opens on: away from the
/// edge of the `frame` shown.
pub fn menu_origin(node: Point, width: f64, height: f64, frame: Frame) -> Point {
    let x = if node.x + NODE_R + 12.0 + width > frame.x + frame.w {
        node.x - NODE_R - 12.0 - width
    } else {
        node.x + NODE_R + 12.0
    };
    let y = (node.y - height / 2.0).clamp(frame.y + 4.0, frame.y + frame.h - height - 4.0);
    Point { x, y }
}

/// How a label over the server at `p` is anchored so that it grows toward the ring's
/// centre and never past the stage's side (the compact frame crops close to the ring):
/// `(x offset, text-anchor)`.
pub fn label_anchor(p: Point) -> (f64, &'static str) {
    let dx = p.x - CENTER.x;
    if dx > NODE_R {
        (NODE_R, "end")
    } else if dx < -NODE_R {
        (-NODE_R, "start")
    } else {
        (0.0, "middle")
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

    #[test]
    fn labels_grow_toward_the_centre() {
        assert_eq!(label_anchor(node_position(0, 5)), (0.0, "middle"));
        assert_eq!(label_anchor(node_position(1, 5)).1, "end");
        assert_eq!(label_anchor(node_position(4, 5)).1, "start");
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

    #[test]
    fn menus_stay_on_the_stage() {
        let right = menu_origin(
            Point {
                x: STAGE_W - 40.0,
                y: 10.0,
            },
            160.0,
            150.0,
            FULL,
        );
        assert!(right.x + 160.0 <= STAGE_W && right.y >= 0.0);
        let left = menu_origin(
            Point {
                x: 100.0,
                y: STAGE_H,
            },
            160.0,
            150.0,
            FULL,
        );
        assert!(left.x > 100.0 && left.y + 150.0 <= STAGE_H);
    }

    /// True when the rectangle `x0..x1` x `y0..y1` lies inside `f`.
    fn inside(f: Frame, (x0, y0, x1, y1): (f64, f64, f64, f64)) -> bool {
        x0 >= f.x && y0 >= f.y && x1 <= f.x + f.w && y1 <= f.y + f.h
    }

    #[test]
    fn the_ring_frame_holds_every_server_and_its_menu() {
        assert!(inside(
            FULL,
            (RING.x, RING.y, RING.x + RING.w, RING.y + RING.h)
        ));
        for n in 3..=9 {
            for i in 0..n {
                let p = node_position(i, n);
                // Halo and mark above, caption and log strip (10 cells) below.
                assert!(inside(
                    RING,
                    (p.x - 60.0, p.y - 50.0, p.x + 60.0, p.y + 72.0)
                ));
                let m = menu_origin(p, 178.0, 196.0, RING);
                assert!(
                    inside(RING, (m.x, m.y, m.x + 178.0, m.y + 196.0)),
                    "S{} of {n}",
                    i + 1
                );
            }
        }
        assert_eq!(RING.view_box(), "260 36 480 478");
    }

    #[test]
    fn ring_dash_is_a_percentage() {
        assert_eq!(ring_dash(0.5), "50 100");
        assert_eq!(ring_dash(2.0), "100 100");
        assert_eq!(ring_dash(0.1234), "12.3 100");
    }
}
