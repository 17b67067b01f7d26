//! The pictures' legend, always visible (touch screens have no hover): every mark of the
//! ring and the bar, each swatch drawn with the picture's own classes
//! (static/partition.css), so the swatch is the mark. Only the current picture's marks
//! are listed.

use super::geometry::Frame;
use super::picture::Picture;
use super::state::PartitionState;
use crate::shell::context::context;
use crate::shell::glossary::{entry, partition::PARTITION, Gloss};
use leptos::prelude::*;

/// What a swatch draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Swatch {
    /// Key dots in two node colours.
    Dots,
    /// A key dot ringed: moved by the last change.
    Moved,
    /// A moved key's copy on the wire, flying to its place.
    Flying,
    /// An arc of the ring in a node's colour.
    Arc,
    /// A token tick.
    Token,
    /// A key range of the bar.
    Range,
    /// The dashed red outline of the hot partition.
    Hot,
    /// The picked key and its clockwise walk.
    Picked,
}

/// One entry: the mark, what it means, and the glossary term it names (if any).
#[derive(PartialEq)]
pub struct Entry {
    /// The mark.
    pub swatch: Swatch,
    /// Its meaning.
    pub text: &'static str,
    /// A glossary term to link, shown after the text.
    pub term: Option<&'static str>,
}

const fn e(swatch: Swatch, text: &'static str, term: Option<&'static str>) -> Entry {
    Entry { swatch, text, term }
}

/// The flying key's legend text, the same on the ring and the bar.
const FLYING: &str = "a moved key's copy on the wire, flying from its old node to its place (the old node keeps serving it until the new one is active, then lets it go)";

/// Marks of the hash ring.
pub const RING: [Entry; 7] = [
    e(
        Swatch::Dots,
        "a key at its hash's angle, in its node's colour",
        Some("hash ring"),
    ),
    e(
        Swatch::Arc,
        "the arc of hashes a node's partition covers",
        Some("partition"),
    ),
    e(
        Swatch::Token,
        "a token: a partition's end; keys go clockwise to the next one",
        Some("vnode"),
    ),
    e(
        Swatch::Moved,
        "bright: moved by the last change; in its old node's colour until its transfer arrives, then its new node's (the rest fade)",
        Some("rebalancing"),
    ),
    e(
        Swatch::Flying,
        FLYING,
        None,
    ),
    e(
        Swatch::Hot,
        "the partition with the most requests, far above the mean (keys held are not load)",
        Some("hot spot"),
    ),
    e(
        Swatch::Picked,
        "the key you picked (on arcs, its walk to the token that owns it)",
        None,
    ),
];

/// Marks of the key-range bar.
pub const BAR: [Entry; 6] = [
    e(
        Swatch::Dots,
        "a key, left to right in key order, in its node's colour",
        None,
    ),
    e(
        Swatch::Range,
        "a partition: a range of keys, split when it grows too big",
        Some("key range"),
    ),
    e(
        Swatch::Moved,
        "bright: moved by the last change; in its old node's colour until its transfer arrives, then its new node's (the rest fade)",
        Some("rebalancing"),
    ),
    e(
        Swatch::Flying,
        FLYING,
        None,
    ),
    e(
        Swatch::Hot,
        "the range with the most requests, far above the mean (keys held are not load)",
        Some("hot spot"),
    ),
    e(Swatch::Picked, "the key you picked", None),
];

/// A swatch's SVG markup: the picture's own marks, with its classes.
fn swatch_markup(s: Swatch) -> &'static str {
    match s {
        Swatch::Dots => {
            r#"<path class="dots own-0" stroke-width="5" d="M8 9h0M17 6h0"/><path class="dots own-1" stroke-width="5" d="M26 11h0"/>"#
        }
        Swatch::Moved => {
            r#"<g class="key-dots faded"><path class="dots own-0" stroke-width="5" d="M6 9h0M28 9h0"/></g><path class="dots moved own-2" stroke-width="6.5" d="M17 9h0"/>"#
        }
        Swatch::Flying => {
            r#"<path class="flight" d="M4 14L22 6"/><path class="dots moved flying own-2" stroke-width="6.5" d="M22 6h0"/>"#
        }
        Swatch::Arc => r#"<path class="arc own-0" d="M3 14A20 20 0 0 1 31 14"/>"#,
        Swatch::Token => r#"<path class="token own-1" d="M17 2V16"/>"#,
        Swatch::Range => r#"<rect class="range own-2" x="2" y="4" width="30" height="10"/>"#,
        Swatch::Hot => r#"<rect class="hot-box" x="3" y="3" width="28" height="12" rx="3"/>"#,
        Swatch::Picked => {
            r#"<path class="walk" d="M4 14A16 16 0 0 1 24 4"/><circle class="picked-dot" cx="6" cy="13" r="4"/>"#
        }
    }
}

/// The entries of picture `p`'s marks: the ring's or the bar's, without arcs and
/// tokens when none are drawn (hash mod N has neither: a key's node is its hash mod N).
pub fn shown(p: &Picture) -> Vec<&'static Entry> {
    let entries: &'static [Entry] = if p.frame == Frame::Ring { &RING } else { &BAR };
    entries
        .iter()
        .filter(|e| match e.swatch {
            Swatch::Arc => !p.arcs.is_empty(),
            Swatch::Token => !p.tokens.is_empty(),
            _ => true,
        })
        .collect()
}

/// The legend of the current picture.
#[component]
pub fn PartitionLegend() -> impl IntoView {
    let st = context::<PartitionState>();
    let entries = Memo::new(move |_| st.picture.with(shown));
    let rows = move || {
        entries
            .get()
            .into_iter()
            .map(|en| {
                view! {
                    <li>
                        <svg class="legend-swatch" viewBox="0 0 34 18" width="34" height="18" aria-hidden="true" inner_html=swatch_markup(en.swatch)></svg>
                        <span>
                            {en.text}
                            {en.term.map(|t| view! { " " <span class="legend-term">"(" <Gloss entry=entry(PARTITION, t) /> ")"</span> })}
                        </span>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <section class="partition-legend" aria-label="legend">
            <h2>"Legend"</h2>
            <ul>{rows}</ul>
            <p class="hint">"Colours are nodes: each node's colour is its load bar's. Click a dot to look its key up."</p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_mod_n_lists_no_arcs_or_tokens() {
        use super::super::picture::{picture, Load, MAIN_LIMIT};
        use ddia_core::partition::{KeySet, PartitionSession, PlacementConfig, StrategyKind};
        let of = |kind| {
            let config = PlacementConfig {
                kind,
                ..PlacementConfig::default()
            };
            let s = PartitionSession::new(config, 4, KeySet::sequential(100, 8));
            shown(&picture(&s, MAIN_LIMIT, Load::Keys, None))
                .iter()
                .map(|e| e.swatch)
                .collect::<Vec<_>>()
        };
        let modn = of(StrategyKind::HashMod);
        assert!(!modn.contains(&Swatch::Arc) && !modn.contains(&Swatch::Token));
        let ring = of(StrategyKind::Ring);
        assert!(ring.contains(&Swatch::Arc) && ring.contains(&Swatch::Token));
    }

    #[test]
    fn every_term_named_is_in_the_glossary() {
        for en in RING.iter().chain(BAR.iter()) {
            if let Some(t) = en.term {
                assert!(PARTITION.iter().any(|g| g.term == t), "{t}");
            }
        }
    }
}
