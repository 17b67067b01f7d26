//! Colours of the partitioning lab: one per node (its keys, arcs, ranges, tokens and
//! load bar), and one per strategy for the charts. Node colours are CSS classes
//! (`own-0` .. `own-11`, static/partition.css, light and dark); chart lines are RGB for
//! plotters.

use ddia_core::partition::{NodeId, StrategyKind};
use plotters::style::RGBColor;

/// Distinct node colours; node `N(i)` gets colour `(i - 1) mod NODE_COLOURS`, so the
/// 11th node of the book's "10 to 11 nodes" example still has a colour of its own.
pub const NODE_COLOURS: u32 = 12;

/// The colour index of `node`.
pub fn colour_of(node: NodeId) -> u32 {
    node.0.saturating_sub(1) % NODE_COLOURS
}

/// The CSS class that colours `node`'s marks.
pub fn owner_class(node: NodeId) -> String {
    format!("own-{}", colour_of(node))
}

/// One text per node colour: `write(text of its node's colour, item)` for each
/// `(node, item)`; the colours that got any text, in colour order (one SVG path each).
pub fn per_colour<T>(
    items: impl IntoIterator<Item = (NodeId, T)>,
    write: impl Fn(&mut String, T),
) -> Vec<(u32, String)> {
    let mut texts: Vec<String> = (0..NODE_COLOURS).map(|_| String::new()).collect();
    for (node, item) in items {
        if let Some(t) = usize::try_from(colour_of(node))
            .ok()
            .and_then(|c| texts.get_mut(c))
        {
            write(t, item);
        }
    }
    (0..NODE_COLOURS)
        .zip(texts)
        .filter(|(_, t)| !t.is_empty())
        .collect()
}

/// A strategy's line in the charts; each reads on light and dark surfaces.
pub fn strategy_rgb(kind: StrategyKind) -> RGBColor {
    match kind {
        StrategyKind::KeyRange => RGBColor(0x7B, 0x61, 0xC9),
        StrategyKind::HashMod => RGBColor(0xD6, 0x3B, 0x3B),
        StrategyKind::Ring => RGBColor(0x2F, 0x6F, 0xED),
        StrategyKind::Fixed => RGBColor(0x1F, 0x9D, 0x55),
        StrategyKind::Proportional => RGBColor(0xC7, 0x77, 0x00),
    }
}

/// The "ideal" line of a chart (a grey that reads on both surfaces).
pub const IDEAL_RGB: RGBColor = RGBColor(0x8A, 0x94, 0xA6);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eleven_nodes_have_eleven_colours() {
        let colours: std::collections::BTreeSet<u32> =
            (1..=11).map(|i| colour_of(NodeId(i))).collect();
        assert_eq!(colours.len(), 11);
        assert_eq!(
            colour_of(NodeId(13)),
            colour_of(NodeId(1)),
            "then they repeat"
        );
        assert_eq!(owner_class(NodeId(0)), "own-0", "no underflow");
        let css = include_str!("../../../../static/partition.css");
        for i in 0..NODE_COLOURS {
            assert!(
                css.contains(&format!(".own-{i} ")),
                "partition.css lacks .own-{i}"
            );
        }
    }

    #[test]
    fn texts_are_grouped_by_colour_in_colour_order() {
        let items = [(NodeId(2), "b"), (NodeId(1), "a"), (NodeId(14), "c")];
        let out = per_colour(items, |t, s| t.push_str(s));
        assert_eq!(out, vec![(0, "a".to_string()), (1, "bc".to_string())]);
    }

    #[test]
    fn strategies_have_distinct_lines() {
        let rgbs: std::collections::BTreeSet<(u8, u8, u8)> = StrategyKind::ALL
            .iter()
            .map(|k| {
                let c = strategy_rgb(*k);
                (c.0, c.1, c.2)
            })
            .collect();
        assert_eq!(rgbs.len(), StrategyKind::ALL.len());
    }
}
