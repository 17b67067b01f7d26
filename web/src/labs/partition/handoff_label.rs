//! Where a message's label goes in the handoff picture: beside its dot, off the path,
//! and never over a node's circle, name or key count (those stay readable; a label
//! with no free place is left out, its dot keeps the text as a tooltip).

/// Width of one label character, SVG user units (10-unit sans-serif, a little wide).
const CHAR_W: f64 = 6.2;
/// Height of a line of text, user units.
const LINE_H: f64 = 12.0;
/// How far from the path a label's centre sits at least, user units.
const OFF_PATH: f64 = 11.0;
/// A message dot's radius (5) with a margin: a label keeps this clear of its own dot.
const DOT_CLEAR: f64 = 7.0;
/// Half the width of a node's circle, with a margin.
const NODE_HALF_W: f64 = 19.0;
/// How far above its centre a node's box reaches (circle radius 16, margin).
const NODE_ABOVE: f64 = 19.0;
/// How far below its centre a node's box reaches (the key count at +27, margin).
const NODE_BELOW: f64 = 35.0;

/// An axis-aligned box: left, top, right, bottom, user units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bounds(pub f64, pub f64, pub f64, pub f64);

impl Bounds {
    /// A box of `chars` characters of text centred on `(x, y)`.
    pub fn text(x: f64, y: f64, chars: usize) -> Self {
        let half = chars as f64 * CHAR_W / 2.0;
        Bounds(x - half, y - LINE_H / 2.0, x + half, y + LINE_H / 2.0)
    }

    /// What a node at `(x, y)` covers: its circle, its name and the line under it
    /// (`chars`: the longer of the two, in characters).
    pub fn node(x: f64, y: f64, chars: usize) -> Self {
        let half = (chars as f64 * CHAR_W / 2.0).max(NODE_HALF_W);
        Bounds(x - half, y - NODE_ABOVE, x + half, y + NODE_BELOW)
    }

    /// Whether the two boxes share any area.
    pub fn overlaps(&self, o: &Bounds) -> bool {
        self.0 < o.2 && o.0 < self.2 && self.1 < o.3 && o.1 < self.3
    }
}

/// The centre of a `chars`-character label for a dot at `at` moving along `from -> to`:
/// one side of the path or the other, the first clear of every box in `taken` (the
/// nodes and the labels placed so far) and inside `0..=side` both ways; `None` when
/// neither side is clear.
pub fn label_at(
    at: (f64, f64),
    from: (f64, f64),
    to: (f64, f64),
    chars: usize,
    taken: &[Bounds],
    side: f64,
) -> Option<(f64, f64)> {
    let (dx, dy) = (to.0 - from.0, to.1 - from.1);
    let len = dx.hypot(dy).max(1e-9);
    // The unit normal of the path; labels sit off the path, not on the next dot.
    let (nx, ny) = (-dy / len, dx / len);
    // Far enough along the normal that the text's box clears its own dot, across or
    // up and down, whichever is nearer (play16d U2: "14 keys" was drawn over its dot).
    let half_w = chars as f64 * CHAR_W / 2.0 + DOT_CLEAR;
    let half_h = LINE_H / 2.0 + DOT_CLEAR;
    let off = (half_w / nx.abs().max(1e-9))
        .min(half_h / ny.abs().max(1e-9))
        .max(OFF_PATH);
    [1.0, -1.0].into_iter().find_map(|s: f64| {
        let c = (at.0 + s * nx * off, at.1 + s * ny * off);
        let b = Bounds::text(c.0, c.1, chars);
        let inside = b.0 >= 0.0 && b.1 >= 0.0 && b.2 <= side && b.3 <= side;
        (inside && !taken.iter().any(|n| n.overlaps(&b))).then_some(c)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_leaving_a_node_is_left_out_and_mid_path_sits_beside_it() {
        let a = (150.0, 35.0);
        let b = (150.0, 150.0);
        let nodes = [Bounds::node(a.0, a.1, 2), Bounds::node(b.0, b.1, 9)];
        // On the node: no place clear of it.
        assert_eq!(label_at(a, a, b, 7, &nodes, 300.0), None);
        // Half-way down a vertical path: beside it, off the path, clear of both nodes.
        let mid = (150.0, 92.0);
        let (x, y) = label_at(mid, a, b, 7, &nodes, 300.0).expect("room mid-path");
        assert!((x - 150.0).abs() >= OFF_PATH - 1e-9 && (y - 92.0).abs() < 1e-9);
        let label = Bounds::text(x, y, 7);
        assert!(nodes.iter().all(|n| !n.overlaps(&label)));
        // play16d U2: nor over its own dot, whichever way the path runs.
        for to in [(150.0, 260.0), (260.0, 92.0), (240.0, 180.0), (60.0, 150.0)] {
            let (x, y) = label_at(mid, mid, to, 7, &[], 300.0).expect("room");
            let dot = Bounds(mid.0 - 5.0, mid.1 - 5.0, mid.0 + 5.0, mid.1 + 5.0);
            assert!(!Bounds::text(x, y, 7).overlaps(&dot), "towards {to:?}");
        }
    }

    #[test]
    fn labels_stay_inside_the_picture() {
        let nodes: [Bounds; 0] = [];
        // At the left edge a label of 50 characters (155 units, kept clear of its dot) fits
        // on neither side.
        assert_eq!(
            label_at((5.0, 150.0), (5.0, 0.0), (5.0, 300.0), 50, &nodes, 300.0),
            None
        );
        assert!(label_at(
            (150.0, 150.0),
            (0.0, 150.0),
            (300.0, 150.0),
            7,
            &nodes,
            300.0
        )
        .is_some());
    }
}
