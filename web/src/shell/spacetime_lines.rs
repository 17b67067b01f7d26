//! The space-time diagram's message lines, drawn cheaply (issue 18: smooth at the
//! heaviest run): one SVG path per kind of line (label, how it ended, copy or not)
//! instead of an element per message, and a hit test that finds the line under the
//! pointer for the hover readout and the press (within a reach given in screen pixels,
//! wider for a finger). Plain functions of the diagram's data, tested natively.

use super::format::{ms, push_point};
use ddia_core::sim::logical_clock::Stamp;
use ddia_core::sim::spacetime::{LineEnd, MsgLine, SpaceTime};
use ddia_core::sim::NodeId;
use std::collections::BTreeMap;

/// Lane height, in viewBox units.
pub const LANE: f64 = 20.0;
/// Farthest a mouse pointer may be from a line to hover or press it, CSS pixels (the
/// lines are 1.2 units wide: this is their invisible hit stroke).
pub const REACH_PX: f64 = 8.0;
/// The same for a finger (a touch or pen press), CSS pixels: about half a fingertip.
pub const TOUCH_REACH_PX: f64 = 22.0;

/// Where times fall across the diagram: `from..to` µs between the lane names' margin
/// (`left`, viewBox units) and the right edge (`width`).
#[derive(Clone, Copy, Debug)]
pub struct Axis<'a> {
    /// First moment shown, µs.
    pub from: u64,
    /// Last moment shown, µs.
    pub to: u64,
    /// x of `from`, viewBox units.
    pub left: f64,
    /// The diagram's width, viewBox units.
    pub width: f64,
    /// The nodes with a lane, top to bottom ([`SpaceTime::lanes`]).
    pub lanes: &'a [NodeId],
}

impl<'a> Axis<'a> {
    /// The axis of `d` between `left` and `width`.
    pub fn of(d: &'a SpaceTime, left: f64, width: f64) -> Self {
        Axis {
            from: d.from_us,
            to: d.to_us,
            left,
            width,
            lanes: &d.lanes,
        }
    }

    /// y of node `node`'s lane centre (a node without a lane: below the last).
    pub fn y(&self, node: NodeId) -> f64 {
        lane_y(self.lanes, node)
    }

    /// x of time `t`, µs.
    pub fn x(&self, t: u64) -> f64 {
        let span = self.to.saturating_sub(self.from).max(1) as f64;
        self.left + (t.saturating_sub(self.from) as f64 / span) * (self.width - self.left - 6.0)
    }

    /// Line `l`'s ends, (x0, y0, x1, y1), as far as it shows: a line sent before the
    /// window starts at the window's edge, where its slope crosses it (the lines' layer,
    /// [`super::spacetime_flow`], draws it whole and clips it there).
    pub fn ends(&self, l: &MsgLine) -> (f64, f64, f64, f64) {
        let span = self.to.saturating_sub(self.from).max(1) as f64;
        let plot = self.width - self.left - 6.0;
        let x0 = self.left + (l.sent_us as f64 - self.from as f64) / span * plot;
        let (y0, x1, y1) = (self.y(l.from), self.x(l.end_us), self.y(l.to));
        if x0 >= self.left || x1 <= x0 {
            return (x0.max(self.left), y0, x1, y1);
        }
        let cut = (self.left - x0) / (x1 - x0);
        (self.left, y0 + cut * (y1 - y0), x1, y1)
    }
}

/// y of node `node`'s lane centre among `lanes` (the nodes with a lane, top to bottom;
/// a node without one: below the last).
pub fn lane_y(lanes: &[NodeId], node: NodeId) -> f64 {
    y(lanes.binary_search(&node).unwrap_or_else(|i| i))
}

/// y of the centre of the lane in row `i` (0 at the top).
pub fn y(i: usize) -> f64 {
    12.0 + LANE * (i as f64 + 0.5)
}

/// The lines of one kind as one path: `d` holds a segment per message, `crosses` a ✕
/// (two strokes) at the end of each dropped one.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LinePath {
    /// The messages' kind, e.g. `AppendEntries` (the stylesheet colours by it).
    pub label: &'static str,
    /// How they ended.
    pub end: Option<LineEnd>,
    /// True for duplicates' copies.
    pub copy: bool,
    /// The path data.
    pub d: String,
    /// The crosses' path data (dropped lines only).
    pub crosses: String,
}

/// `lines` grouped into paths, one per (label, end, copy), in a stable order, each line
/// drawn between the (x0, y0, x1, y1) that `ends` gives it.
pub fn line_paths<'l>(
    lines: impl Iterator<Item = &'l MsgLine>,
    ends: impl Fn(&MsgLine) -> (f64, f64, f64, f64),
) -> Vec<LinePath> {
    let mut groups: BTreeMap<(&'static str, u8, bool), LinePath> = BTreeMap::new();
    for l in lines {
        let p = groups
            .entry((l.label, end_rank(l.end), l.copy))
            .or_insert_with(|| LinePath {
                label: l.label,
                end: Some(l.end),
                copy: l.copy,
                ..LinePath::default()
            });
        let (x0, y0, x1, y1) = ends(l);
        segment(&mut p.d, (x0, y0), (x1, y1));
        if l.end == LineEnd::Dropped {
            segment(&mut p.crosses, (x1 - 3.0, y1 - 3.0), (x1 + 3.0, y1 + 3.0));
            segment(&mut p.crosses, (x1 - 3.0, y1 + 3.0), (x1 + 3.0, y1 - 3.0));
        }
    }
    groups.into_values().collect()
}

/// Where lines that ended as `end` come among a kind's paths: arrived, dropped, flying.
pub fn end_rank(end: LineEnd) -> u8 {
    match end {
        LineEnd::Delivered => 0,
        LineEnd::Dropped => 1,
        LineEnd::Flying => 2,
    }
}

/// Appends `M x0 y0 L x1 y1` to path data `d`, to a tenth of a unit, with no
/// allocation (thousands of segments a frame).
fn segment(d: &mut String, (x0, y0): (f64, f64), (x1, y1): (f64, f64)) {
    push_point(d, 'M', x0, y0);
    push_point(d, 'L', x1, y1);
}

/// Distance from (`px`, `py`) to the segment (`x0`, `y0`)-(`x1`, `y1`).
fn distance(px: f64, py: f64, (x0, y0, x1, y1): (f64, f64, f64, f64)) -> f64 {
    let (dx, dy) = (x1 - x0, y1 - y0);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((px - x0) * dx + (py - y0) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    ((px - x0 - t * dx).powi(2) + (py - y0 - t * dy).powi(2)).sqrt()
}

/// The line `shown` keeps nearest (`px`, `py`) within `reach` (viewBox units); the
/// newest of equally near ones.
pub fn nearest<'d>(
    d: &'d SpaceTime,
    axis: Axis,
    (px, py): (f64, f64),
    reach: f64,
    shown: impl Fn(&MsgLine) -> bool,
) -> Option<&'d MsgLine> {
    d.lines
        .iter()
        .filter(|l| shown(l))
        .map(|l| (distance(px, py, axis.ends(l)), l))
        .filter(|(dist, _)| *dist <= reach)
        .min_by(|a, b| a.0.total_cmp(&b.0).then(b.1.sent_us.cmp(&a.1.sent_us)))
        .map(|(_, l)| l)
}

/// A message kind's identifier (ASCII CamelCase) in words: `SinkAck` is `sink ack`, `HeartbeatAck`
/// `heartbeat ack` (for labs whose kinds are not the field's names, unlike Raft's RPCs).
pub fn words(label: &str) -> String {
    let mut out = String::with_capacity(label.len() + 4);
    for (i, c) in label.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push(' ');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// Line `l` in words with its clocks, e.g. `#12 AppendEntries S1 → S3: sent 300.0 ms,
/// arrived 305.1 ms; Lamport 41 → 44, vector [3 1 0] → [3 1 2]`; `name` names a lane,
/// `kind` the message's kind (its label as is, or [`words`]).
pub fn describe(
    l: &MsgLine,
    name: impl Fn(usize) -> String,
    kind: impl Fn(&str) -> String,
) -> String {
    let ended = match l.end {
        LineEnd::Delivered => "arrived",
        LineEnd::Dropped => "dropped",
        LineEnd::Flying => "still flying",
    };
    format!(
        "#{} {} {} → {}: sent {}, {ended} {}{}",
        l.id,
        kind(l.label),
        name(l.from),
        name(l.to),
        ms(l.sent_us),
        ms(l.end_us),
        clocks_text(&l.clocks)
    )
}

/// The clocks at a message's send and arrival, e.g. `; Lamport 41 → 44, vector
/// [3 1 0 0 0] → [3 1 2 5 0]`; empty when not kept.
pub fn clocks_text(clocks: &(Option<Stamp>, Option<Stamp>)) -> String {
    let vector = |s: &Stamp| {
        let v: Vec<String> = s.vector.iter().map(u64::to_string).collect();
        format!("[{}]", v.join(" "))
    };
    match clocks {
        (Some(s), Some(d)) => format!(
            "; Lamport {} → {}, vector {} → {}",
            s.lamport,
            d.lamport,
            vector(s),
            vector(d)
        ),
        (Some(s), None) => format!("; Lamport {}, vector {} at its send", s.lamport, vector(s)),
        _ => String::new(),
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A `Ping` line from lane `from` to `to`, sent at `sent` µs, ending at `end_us`.
    pub(in crate::shell) fn line(
        id: u64,
        from: usize,
        to: usize,
        sent: u64,
        end_us: u64,
        end: LineEnd,
    ) -> MsgLine {
        MsgLine {
            id,
            from,
            to,
            label: "Ping",
            sent_us: sent,
            end_us,
            end,
            copy: false,
            clocks: (None, None),
        }
    }

    fn diagram() -> SpaceTime {
        SpaceTime {
            from_us: 0,
            to_us: 1_000,
            complete: true,
            lines: vec![
                line(1, 0, 1, 0, 500, LineEnd::Delivered),
                line(2, 1, 0, 500, 1_000, LineEnd::Dropped),
                line(3, 0, 2, 900, 1_000, LineEnd::Flying),
                line(4, 2, 0, 100, 300, LineEnd::Delivered),
            ],
            lanes: vec![0, 1, 2],
            ..SpaceTime::default()
        }
    }

    const AXIS: Axis = Axis {
        from: 0,
        to: 1_000,
        left: 10.0,
        width: 1_016.0,
        lanes: &[0, 1, 2],
    };

    fn all(_: &MsgLine) -> bool {
        true
    }

    #[test]
    fn one_path_per_kind_of_line_with_a_segment_per_message() {
        let d = diagram();
        let paths = line_paths(d.lines.iter(), |l| AXIS.ends(l));
        assert_eq!(paths.len(), 3, "arrived, dropped, flying");
        let arrived = &paths[0];
        assert_eq!(arrived.end, Some(LineEnd::Delivered));
        assert_eq!(arrived.d, "M10.0 22.0L510.0 42.0M110.0 62.0L310.0 22.0");
        assert_eq!(
            paths[1].crosses.matches('M').count(),
            2,
            "a ✕ is two strokes"
        );
        assert!(paths[0].crosses.is_empty());
    }

    #[test]
    fn the_pointer_finds_the_nearest_line_within_reach() {
        let d = diagram();
        let on_first = nearest(&d, AXIS, (400.0, 37.6), 8.0, all).map(|l| l.id);
        assert_eq!(on_first, Some(1), "along #1, past where #4 crosses it");
        assert_eq!(
            nearest(&d, AXIS, (700.0, 90.0), 8.0, all),
            None,
            "nothing near"
        );
        let end_of_3 = AXIS.ends(&d.lines[2]);
        let near_3 = (end_of_3.2, end_of_3.3 - 1.0);
        assert_eq!(nearest(&d, AXIS, near_3, 8.0, all).map(|l| l.id), Some(3));
        let not_3 = |l: &MsgLine| l.id != 3;
        assert_eq!(
            nearest(&d, AXIS, near_3, 8.0, not_3),
            None,
            "a hidden line is not hit"
        );
    }

    /// A finger's reach: 15 units off a line is a miss for a mouse and a hit for a
    /// touch (the reach the view converts from [`TOUCH_REACH_PX`]).
    #[test]
    fn a_wider_reach_finds_a_line_a_finger_missed_by_a_little() {
        let d = diagram();
        let (x0, y0, _, _) = AXIS.ends(&d.lines[0]);
        let off = (x0 + 1.0, y0 - 15.0);
        assert_eq!(nearest(&d, AXIS, off, 8.0, all), None);
        assert_eq!(nearest(&d, AXIS, off, 20.0, all).map(|l| l.id), Some(1));
    }

    /// A line sent before the window shows from the window's edge, where it crosses it,
    /// and is hit only there (the lines' layer clips the rest).
    #[test]
    fn a_line_sent_before_the_window_starts_at_its_edge() {
        let axis = Axis { from: 200, ..AXIS };
        let l = line(9, 0, 2, 0, 600, LineEnd::Delivered);
        let (x0, y0, x1, y1) = axis.ends(&l);
        assert_eq!(
            (x0, x1),
            (10.0, 510.0),
            "from the edge to the arrival at 600 µs"
        );
        assert!(
            (y0 - (22.0 + 40.0 / 3.0)).abs() < 1e-9,
            "a third of the way down: {y0}"
        );
        assert_eq!(y1, 62.0);
        let whole = line(10, 0, 2, 300, 600, LineEnd::Delivered);
        assert_eq!(
            axis.ends(&whole).0,
            135.0,
            "a line in the window is not cut"
        );
    }

    #[test]
    fn lanes_are_rows_of_the_nodes_that_have_one() {
        let axis = Axis {
            lanes: &[0, 2, 5],
            ..AXIS
        };
        assert_eq!(axis.y(0), y(0));
        assert_eq!(
            axis.y(2),
            y(1),
            "node 1 has no lane: node 2 is the second row"
        );
        assert_eq!(axis.y(5), y(2));
    }

    #[test]
    fn kinds_read_as_words() {
        assert_eq!(words("SinkAck"), "sink ack");
        assert_eq!(words("HeartbeatAck"), "heartbeat ack");
        assert_eq!(words("Produced"), "produced");
        assert_eq!(words("OffsetCommit"), "offset commit");
    }

    #[test]
    fn a_line_reads_as_its_message_and_clocks() {
        let mut l = line(7, 0, 1, 1_000, 2_500, LineEnd::Delivered);
        l.clocks = (
            Some(Stamp {
                lamport: 4,
                vector: vec![3, 1, 0],
            }),
            Some(Stamp {
                lamport: 6,
                vector: vec![3, 1, 2],
            }),
        );
        let text = describe(&l, |i| format!("S{}", i + 1), str::to_string);
        assert_eq!(
            text,
            "#7 Ping S1 → S2: sent 1.0 ms, arrived 2.5 ms; Lamport 4 → 6, vector [3 1 0] → [3 1 2]"
        );
        l.clocks.1 = None;
        assert!(describe(&l, |_| String::new(), words)
            .ends_with("; Lamport 4, vector [3 1 0] at its send"));
        assert_eq!(clocks_text(&(None, None)), "");
    }
}
