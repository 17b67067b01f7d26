//! The space-time diagram's lines laid out in time rather than in the window (issue 18:
//! smooth with the diagram open at the heaviest run). A line's x is its moment on a
//! fixed scale from an origin (the epoch), not its place in the window, so a line that
//! has ended (arrived or dropped) keeps its path data while the window scrolls: the
//! view moves the whole layer instead ([`Flow::shift`], a CSS transform on a layer of
//! its own), and the browser repaints only what changed. Lines go into chunks of time
//! by the moment they ended (a line still flying: now), each chunk in a slot of a ring
//! ([`SLOTS`]), and each kind of line has a path per slot (each its own layer to the
//! browser), so a frame redraws the newest chunk (and the oldest, as lines leave the
//! window) and nothing else. Kinds are drawn in the same order as before (all arrived
//! AppendEntries under all their replies). Plain functions of the diagram's data,
//! tested natively.

use super::spacetime_lines::{end_rank, lane_y, line_paths, LinePath};
use ddia_core::sim::spacetime::{MsgLine, SpaceTime};
use ddia_core::sim::NodeId;

/// Chunks a window is cut into.
pub const CHUNKS: u64 = 8;
/// Slots for the chunks, reused in turn: more than a window's chunks, so two chunks
/// on screen never share one.
pub const SLOTS: usize = 12;
/// Windows the layer scrolls before its origin moves (then every line is drawn anew).
const WINDOWS_PER_EPOCH: u64 = 4;

/// The lines' layer of a diagram: times from `epoch` at `per_us` viewBox units a µs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Flow<'a> {
    /// The moment at x = 0, µs: a multiple of a few windows, so it rarely moves.
    pub epoch: u64,
    /// Scale, viewBox units per µs (the window's span across the plot's width).
    pub per_us: f64,
    /// A chunk's length, µs.
    pub chunk_us: u64,
    /// The nodes with a lane, top to bottom ([`SpaceTime::lanes`]).
    pub lanes: &'a [NodeId],
}

impl<'a> Flow<'a> {
    /// The layer of `d` whose window spans `plot` viewBox units.
    pub fn of(d: &'a SpaceTime, plot: f64) -> Self {
        let span = d.to_us.saturating_sub(d.from_us).max(1);
        Flow {
            epoch: d.from_us - d.from_us % (span * WINDOWS_PER_EPOCH),
            per_us: plot / span as f64,
            chunk_us: (span / CHUNKS).max(1),
            lanes: &d.lanes,
        }
    }

    /// x of time `t`, µs, in viewBox units from the epoch.
    pub fn x(&self, t: u64) -> f64 {
        (t as f64 - self.epoch as f64) * self.per_us
    }

    /// Line `l`'s ends, (x0, y0, x1, y1), whole (the view clips the layer).
    pub fn ends(&self, l: &MsgLine) -> (f64, f64, f64, f64) {
        (
            self.x(l.sent_us),
            lane_y(self.lanes, l.from),
            self.x(l.end_us),
            lane_y(self.lanes, l.to),
        )
    }

    /// How far left the layer moves so that the window's start `from_us` is at its left
    /// edge, as a share of `width` (viewBox units; the view gives the diagram's width,
    /// whose CSS width is its container's).
    pub fn shift(&self, from_us: u64, width: f64) -> f64 {
        self.x(from_us) / width
    }

    /// The slot of a line's chunk (by the moment it ended; for a line still flying,
    /// now).
    fn slot(&self, l: &MsgLine) -> usize {
        let chunk = l.end_us / self.chunk_us;
        usize::try_from(chunk % SLOTS as u64).unwrap_or(0)
    }
}

/// The lines `shown` keeps, as paths: a list per kind of line (label, end, copy), in
/// the order [`line_paths`] gives kinds, of [`SLOTS`] paths, one per chunk's slot (empty
/// where the chunk has no line of the kind).
pub fn flow_paths(
    d: &SpaceTime,
    flow: Flow,
    shown: impl Fn(&MsgLine) -> bool,
) -> Vec<Vec<LinePath>> {
    flow_paths_reusing(d, flow, shown, &mut FlowCache::default())
}

/// Folds `v` into the fingerprint `h` (FNV-1a over words).
fn mix(h: u64, v: u64) -> u64 {
    (h ^ v).wrapping_mul(0x0100_0000_01b3)
}

/// The paths of each slot as last drawn, with a fingerprint of what they were drawn
/// from (the layer's epoch, scale and lanes; each line's id, end and how it ended: the
/// rest of a line never changes), so that a frame writes only the path data of chunks
/// whose lines changed (the newest, the oldest): the other chunks' text is the same as
/// the frame before.
#[derive(Clone, Debug, Default)]
pub struct FlowCache {
    /// Per slot: the fingerprint and the paths, in [`line_paths`]' order.
    slots: Vec<(u64, Vec<LinePath>)>,
}

/// [`flow_paths`], taking the paths of a slot whose lines are those `cache` drew last
/// time, on the same layer, from `cache` instead of writing them again.
pub fn flow_paths_reusing(
    d: &SpaceTime,
    flow: Flow,
    shown: impl Fn(&MsgLine) -> bool,
    cache: &mut FlowCache,
) -> Vec<Vec<LinePath>> {
    cache.slots.resize_with(SLOTS, Default::default);
    let layer = flow
        .lanes
        .iter()
        .fold(mix(flow.epoch, flow.per_us.to_bits()), |h, &n| {
            mix(h, n as u64)
        });
    let mut slots: Vec<Vec<&MsgLine>> = vec![Vec::new(); SLOTS];
    for l in d.lines.iter().filter(|l| shown(l)) {
        slots[flow.slot(l)].push(l);
    }
    let mut kinds: Vec<Vec<LinePath>> = Vec::new();
    for (slot, lines) in slots.into_iter().enumerate() {
        let key = lines.iter().fold(layer, |h, l| {
            mix(mix(mix(h, l.id), l.end_us), u64::from(end_rank(l.end)))
        });
        let cached = &mut cache.slots[slot];
        if cached.0 != key || key == 0 {
            *cached = (key, line_paths(lines.into_iter(), |l| flow.ends(l)));
        }
        for p in cached.1.iter().cloned() {
            // In [`line_paths`]' order of kinds (kept sorted as kinds are met).
            let at = kinds.iter().position(|k| order(&k[0]) >= order(&p));
            let at = at.unwrap_or(kinds.len());
            if kinds.get(at).is_none_or(|k| order(&k[0]) != order(&p)) {
                let empty = LinePath {
                    label: p.label,
                    end: p.end,
                    copy: p.copy,
                    ..LinePath::default()
                };
                kinds.insert(at, vec![empty; SLOTS]);
            }
            kinds[at][slot] = p;
        }
    }
    kinds
}

/// Where `p`'s kind comes in [`line_paths`]' order.
fn order(p: &LinePath) -> (&'static str, u8, bool) {
    (p.label, p.end.map_or(0, end_rank), p.copy)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ddia_core::sim::spacetime::LineEnd;

    /// A line from lane 0 to lane 1 (spacetime_lines' test line).
    fn line(id: u64, sent: u64, end_us: u64, end: LineEnd) -> MsgLine {
        crate::shell::spacetime_lines::tests::line(id, 0, 1, sent, end_us, end)
    }

    /// The heavy run's diagram at `to_us`: a 1 s window, a line ending every 10 ms
    /// (sent 250 ms before), and a line still flying.
    fn at(to_us: u64) -> SpaceTime {
        let from_us = to_us - 1_000_000;
        let mut lines: Vec<MsgLine> = (0..1_000u64)
            .map(|i| line(i, i * 10_000, i * 10_000 + 250_000, LineEnd::Delivered))
            .filter(|l| l.end_us >= from_us && l.end_us <= to_us)
            .collect();
        lines.push(line(999, to_us - 100_000, to_us, LineEnd::Flying));
        SpaceTime {
            from_us,
            to_us,
            complete: true,
            lines,
            lanes: vec![0, 1],
            ..SpaceTime::default()
        }
    }

    fn all(_: &MsgLine) -> bool {
        true
    }

    /// The point of the layer: a frame later (the window moved 16 ms) only the slots of
    /// the newest and the oldest chunk have other path data; the rest are the same text,
    /// so the page leaves them be.
    #[test]
    fn a_frame_later_only_the_chunks_at_the_ends_change() {
        let (a, b) = (at(2_000_000), at(2_016_000));
        let (fa, fb) = (Flow::of(&a, 1_000.0), Flow::of(&b, 1_000.0));
        assert_eq!(fa.epoch, fb.epoch, "the origin stays");
        let (pa, pb) = (flow_paths(&a, fa, all), flow_paths(&b, fb, all));
        assert_eq!(pa.len(), 2, "arrived, then flying");
        assert_eq!(pb[0][0].end, Some(LineEnd::Delivered));
        assert_eq!(pb[1][0].end, Some(LineEnd::Flying));
        let changed =
            |k: usize| -> Vec<usize> { (0..SLOTS).filter(|&i| pa[k][i] != pb[k][i]).collect() };
        let oldest = fb.slot(&line(0, 0, 1_016_000, LineEnd::Delivered));
        let newest = fb.slot(&line(0, 0, 2_016_000, LineEnd::Delivered));
        assert_eq!(changed(0), vec![oldest.min(newest), oldest.max(newest)]);
        assert_eq!(changed(1), vec![newest], "the flying line grew");
        let drawn: usize = pb.iter().flatten().map(|p| p.d.matches('M').count()).sum();
        assert_eq!(drawn, b.lines.len(), "every line once");
    }

    /// Scrolling the layer by [`Flow::shift`] puts a moment where the window's axis has
    /// it: the window's start at the left edge, its end a plot's width further.
    #[test]
    fn the_shift_lines_the_layer_up_with_the_window() {
        let d = at(5_300_000);
        let f = Flow::of(&d, 994.0);
        assert_eq!(f.epoch, 4_000_000, "a multiple of 4 windows");
        let (width, shift) = (1_000.0, f.shift(d.from_us, 1_000.0));
        let on_screen = |t: u64| f.x(t) - shift * width;
        assert!(on_screen(d.from_us).abs() < 1e-9);
        assert!((on_screen(d.to_us) - 994.0).abs() < 1e-9);
        let l = &d.lines[0];
        assert_eq!(f.ends(l).0, f.x(l.sent_us));
        assert_eq!(
            (f.ends(l).1, f.ends(l).3),
            (lane_y(&[0, 1], 0), lane_y(&[0, 1], 1))
        );
    }

    /// Kinds come in one order whatever chunk they first show in (so the arrived
    /// AppendEntries stay under all their replies, as before the layer had chunks).
    #[test]
    fn kinds_keep_their_order_across_chunks() {
        let mut d = at(2_000_000);
        d.lines.retain(|l| l.end != LineEnd::Flying);
        // Pings only in slot 0, the first met; every other line an Ack.
        let f = Flow::of(&d, 1_000.0);
        let acks: Vec<bool> = d.lines.iter().map(|l| f.slot(l) != 0).collect();
        for (l, ack) in d.lines.iter_mut().zip(acks) {
            if ack {
                l.label = "Ack";
            }
        }
        let kinds = flow_paths(&d, Flow::of(&d, 1_000.0), all);
        let labels: Vec<&str> = kinds.iter().map(|k| k[0].label).collect();
        assert_eq!(
            labels,
            vec!["Ack", "Ping"],
            "Ping met first, Ack first in order"
        );
        assert!(kinds.iter().all(|k| k.len() == SLOTS));
    }

    /// Reusing the chunks drawn the frame before gives the same paths as drawing them
    /// all anew, frame after frame, and across a move of the origin.
    #[test]
    fn reused_chunks_are_the_paths_drawn_anew() {
        let mut cache = FlowCache::default();
        for to in (2_000_000..2_400_000)
            .step_by(16_000)
            .chain([6_000_000, 6_016_000])
        {
            let d = at(to);
            let f = Flow::of(&d, 1_000.0);
            let reused = flow_paths_reusing(&d, f, all, &mut cache);
            assert_eq!(reused, flow_paths(&d, f, all), "at {to} µs");
        }
        let d = at(6_016_000);
        let f = Flow::of(&d, 1_000.0);
        let none = |_: &MsgLine| false;
        assert!(flow_paths_reusing(&d, f, none, &mut cache).is_empty());
    }

    #[test]
    fn a_hidden_line_is_not_drawn() {
        let d = at(2_000_000);
        let f = Flow::of(&d, 1_000.0);
        let kinds = flow_paths(&d, f, |l| l.end != LineEnd::Flying);
        assert_eq!(kinds.len(), 1, "only the arrived lines");
        assert!(kinds[0].iter().all(|p| p.end == Some(LineEnd::Delivered)));
    }
}
