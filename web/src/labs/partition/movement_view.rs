//! The movement counter: what the last add or remove moved, measured over the key set,
//! beside the ideal (DDIA ch. 6, "Rebalancing Partitions": move no more data than
//! necessary; adding a node to n, a balanced scheme moves 1/(n+1) of the keys).

use super::state::PartitionState;
use crate::shell::context::context;
use crate::shell::format::{count, fixed, plural};
use crate::shell::glossary::{entry, partition::PARTITION, Gloss};
use ddia_core::partition::scenario::Dist;
use ddia_core::partition::{Movement, NodeId, Placement, SplitLoad, StrategyKind};
use leptos::prelude::*;

/// `part` of `whole` in percent with one decimal, e.g. `82.3 %`.
pub fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "–".into();
    }
    format!("{} %", fixed(part as f64 * 100.0 / whole as f64, 1))
}

/// The node the change was about: the new node of an add (ids are never reused, so
/// the highest of `nodes`, the nodes after it), the removed node of a remove; `None`
/// on the same nodes.
fn changed_node(m: &Movement, nodes: &[NodeId]) -> Option<NodeId> {
    if m.nodes_after > m.nodes_before {
        nodes.iter().max().copied()
    } else {
        m.moves.iter().map(|k| k.from).find(|n| !nodes.contains(n))
    }
}

/// The moved keys over the ideal, e.g. `9.0× the ideal`; `= the ideal` within 5 %,
/// about it within 15 % either way (play16f U2: symmetric bands); further off, what
/// that means from the moves themselves (play16f U1): nothing moved because no
/// partition was spare to hand over, keys moved between nodes the change left alone
/// (mod N reshuffles), or every key went to the new node, which took more than its
/// share. `nodes` are the nodes after the change; `None` when the ideal is zero.
pub fn versus_ideal(m: &Movement, nodes: &[NodeId]) -> Option<String> {
    let (moved, ideal) = (m.keys_moved(), m.ideal_keys());
    (ideal > 0).then(|| {
        let ratio = fixed(moved as f64 / ideal as f64, 1);
        let changed = changed_node(m, nodes);
        let between = m
            .moves
            .iter()
            .filter(|k| changed.is_some_and(|c| k.from != c && k.to != c))
            .count();
        let why = if moved * 20 < ideal * 17 {
            let short = if moved == 0 {
                "no spare partition to hand over"
            } else {
                "less than a fair share moved"
            };
            return format!("only {ratio}× the ideal: {short}, the nodes stay uneven");
        } else if (ideal * 19..=ideal * 21).contains(&(moved * 20)) {
            return "= the ideal".to_string();
        } else if moved * 20 <= ideal * 23 {
            ", about the ideal"
        } else if between > 0 {
            return format!(
                "{ratio}× the ideal: {} moved between nodes the change left alone",
                count(between as u64)
            );
        } else if m.nodes_after > m.nodes_before {
            ": all to the new node, which took more than its share"
        } else {
            ": more keys moved than evening out needs"
        };
        format!("{ratio}× the ideal{why}")
    })
}

/// The ideal's figure: `: 750 keys (37.5 %)`, or `: none required` (play16b N24) with
/// why: the leaving node held no keys (a remove, play16g W4), else the nodes were
/// already even.
pub fn ideal_text(ideal: u64, m: &Movement) -> String {
    if ideal > 0 {
        format!(": {} keys ({})", count(ideal), percent(ideal, m.keys_total))
    } else if m.nodes_after < m.nodes_before {
        ": none required (the leaving node held no keys)".into()
    } else {
        ": none required (the nodes were even)".into()
    }
}

/// A hot-range split judged on what it is for, load (play16f W3): the last batch's
/// busiest node and its share before, and after with the batch on today's ranges
/// (the bars show it as it ran, play16h U1), e.g. `N2 206 → N3 150 of 500 key
/// reads/writes (41.2 % → 30.0 %)`. The verdict says when the split range was not on
/// the busiest node, whose load then stays (play16h W2); the keys moved are the upper
/// part's.
pub fn split_load_text(l: &SplitLoad) -> String {
    let verdict = if l.after.1 < l.before.1 {
        "spread the load".into()
    } else {
        format!("the range was on {}, not the busiest node", l.from)
    };
    format!(
        ": {verdict} · the last batch's busiest node {} {} → {} {} of {} key reads/writes ({} → {}) with the batch on today's ranges (the bars: as it ran); the keys moved are the upper part's",
        l.before.0,
        l.before.1,
        l.after.0,
        l.after.1,
        l.total,
        percent(l.before.1, l.total),
        percent(l.after.1, l.total)
    )
}

/// After a hot-range split under timestamp keys, why it will not last (play16h W2):
/// the next writes go above the newest key again, all into the last range (DDIA ch. 6,
/// "Partitioning by Key Range": the remedy is a key prefix). `None` otherwise.
pub fn timestamp_split_note(dist: Dist, split: bool) -> Option<&'static str> {
    (split && dist == Dist::Timestamps).then_some(
        "Timestamp keys: the next batch writes above the newest key again, all into the last range, on one node; a split moves the hot spot, it does not spread it. The book's remedy: prefix each key (e.g. with the sensor's name) so writes spread over the ranges.",
    )
}

/// What the change was: `10 → 11 nodes`, or, with the same nodes, that partitions
/// were split, merged or re-weighted and handed between them (DDIA ch. 6, "Dynamic
/// partitioning": a split partition's half can move to another node).
pub fn change_head(m: &Movement) -> String {
    if m.nodes_before == m.nodes_after {
        format!(
            "the same {} nodes: partitions split, merged or re-weighted, and handed between them",
            m.nodes_after
        )
    } else {
        format!("{} → {} nodes", m.nodes_before, m.nodes_after)
    }
}

/// Why an add moved nothing, when the new node found no partition to take: there are
/// fewer partitions than nodes (DDIA ch. 6, "Dynamic partitioning": a new node takes
/// partitions from the others; with fewer ranges than nodes it idles until a range
/// splits). `partitions` counts them after the add; `None` when the add moved keys.
pub fn no_partition_note(m: &Movement, kind: StrategyKind, partitions: usize) -> Option<String> {
    let nodes = usize::try_from(m.nodes_after).unwrap_or(usize::MAX);
    let starved = m.nodes_after > m.nodes_before && m.keys_moved() == 0 && partitions < nodes;
    let (word, until) = if kind == StrategyKind::KeyRange {
        ("range", "it gets one when a range splits")
    } else {
        ("partition", "add partitions to use it")
    };
    starved.then(|| {
        format!("no {word} to give the new node: {partitions} {word}s, {nodes} nodes; {until}")
    })
}

/// The share of the ring, in whole percent, a node joining with `vnodes` hashed
/// (uniformly random) tokens takes on average from nodes of one set token each at
/// `degrees`, and whether that is most of the ring. Each set token keeps the part of
/// the arc before it (length `a`, a fraction of the ring) after the nearest new token
/// landing in it: on average `(1 - (1 - a)^(k+1)) / (k+1)` for `k` new tokens; the new
/// node takes the rest (one token against 0°, 120° and 240°: 1/6 of the ring, not 1/4).
pub fn join_share(degrees: &[u32], vnodes: u32) -> (u64, bool) {
    let mut d: Vec<u32> = degrees.iter().map(|d| d % 360).collect();
    d.sort_unstable();
    d.dedup();
    if d.is_empty() || vnodes == 0 {
        return (0, false);
    }
    let k1 = f64::from(vnodes) + 1.0;
    // powi, not powf: an integer power needs no libm `pow` in the page (about 2 KB).
    let e = i32::try_from(vnodes).unwrap_or(i32::MAX - 1) + 1;
    let arcs = d.iter().zip(d.iter().cycle().skip(1)).map(|(a, b)| {
        let gap = (b + 360 - a) % 360;
        f64::from(if gap == 0 { 360 } else { gap }) / 360.0
    });
    let kept: f64 = arcs.map(|a| (1.0 - (1.0 - a).powi(e)) / k1).sum();
    let share = (1.0 - kept).clamp(0.0, 1.0);
    // A saturating cast of a value in 0..=100.
    ((share * 100.0).round() as u64, share > 0.5)
}

/// What "+ Add node" does on a ring of set tokens at `degrees`: the new node's token
/// count and its expected share (hq10 W2, verify16: "most" only when it is).
pub fn join_clause(degrees: &[u32], vnodes: u32) -> String {
    let (share, most) = join_share(degrees, vnodes);
    format!(
        "\"+ Add node\" gives the new node {} against the others' one each, so it takes about {share} % of the ring on average{}",
        plural(u64::from(vnodes), "hashed token"),
        if most { ", most of it" } else { "" }
    )
}

/// Why a join on a ring of set tokens moved far more than the ideal (over twice it):
/// each set token is one node's only token, while "+ Add node" gives the new node
/// `vnodes` hashed tokens, and a node's share of the ring follows its token count
/// (play16 C10). `None` otherwise.
pub fn token_join_note(
    m: &Movement,
    kind: StrategyKind,
    tokens: &[u32],
    vnodes: u32,
) -> Option<String> {
    let join = m.nodes_after > m.nodes_before && m.keys_moved() > 2 * m.ideal_keys();
    (join && !tokens.is_empty() && kind == StrategyKind::Ring).then(|| {
        format!(
            "the set tokens give each node one token; {} (\"+ Add at °\" adds one token)",
            join_clause(tokens, vnodes)
        )
    })
}

/// The counter (empty until a node is added or removed).
#[component]
pub fn MoveCounter() -> impl IntoView {
    let st = context::<PartitionState>();
    let last = Memo::new(move |_| st.with_session(|s| s.last_move().cloned()));
    let note = move || {
        st.with_session(|s| {
            let m = s.last_move()?;
            let kind = s.config().kind;
            no_partition_note(m, kind, s.placement().partitions().len())
        })
        .or_else(|| {
            let (tokens, vnodes) = st.with(|l| (l.scenario().tokens.clone(), l.scenario().vnodes));
            st.with_session(|s| token_join_note(s.last_move()?, s.config().kind, &tokens, vnodes))
        })
        .or_else(|| {
            let split = st.with_session(|s| s.last_split().is_some());
            timestamp_split_note(st.with(|l| l.dist()), split).map(String::from)
        })
    };
    let body = move || {
        last.with(|m| match m {
            None => view! {
                <p class="hint">"Add, remove or re-weight a node, or split the hot range: the keys that move are counted here, against the ideal."</p>
            }
            .into_any(),
            Some(m) => {
                let moved = m.keys_moved();
                let split = st.with_session(|s| s.last_split().copied());
                // A hot split is judged on load: no keys ideal to draw (play16f W3).
                let ideal = if split.is_some() { 0 } else { m.ideal_keys() };
                let scale = moved.max(ideal).max(1) as f64;
                let w = |n: u64| format!("width: {}%", fixed(n as f64 * 100.0 / scale, 1));
                view! {
                    <p class="move-head">
                        {change_head(m)}
                    </p>
                    <p class="move-figure">
                        <strong data-figure="keys-moved">{count(moved)}</strong>
                        {format!(" of {} keys moved ({})", count(m.keys_total), percent(moved, m.keys_total))}
                    </p>
                    {note().map(|t| view! { <p class="move-note" data-note="no-partition">{t}</p> })}
                    <div class="move-bars" aria-hidden="true">
                        <span class="move-bar moved" style=w(moved)></span>
                        <span class="move-bar ideal" style=w(ideal)></span>
                    </div>
                    <p class="move-ideal">
                        <Gloss entry=entry(PARTITION, "ideal movement") label="ideal" />
                        {match split {
                            Some(l) => split_load_text(&l),
                            None => ideal_text(ideal, m)
                                + &st
                                    .with_session(|s| versus_ideal(m, s.placement().nodes()))
                                    .map(|v| format!(" · moved {v}"))
                                    .unwrap_or_default(),
                        }}
                    </p>
                    <p class="move-more muted">
                        {format!(
                            "{} of {} bytes moved; partitions receiving keys: {}",
                            count(m.bytes_moved),
                            count(m.bytes_total),
                            m.partitions_moved
                        )}
                    </p>
                }
                .into_any()
            }
        })
    };
    view! {
        <section class="move-counter" aria-label="keys moved by the last change" aria-live="polite">
            <h2>"Keys moved"</h2>
            {body}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ddia_core::partition::{Key, KeyMove, NodeId, PartitionId};

    /// hq10 W2, verify16: the new node's expected share against set tokens; "most" only
    /// when it is. One random token against 0°, 120°, 240° takes half an arc on
    /// average (1/6, as the ring-60 scenario's 16.6 % shows), not 1/4.
    #[test]
    fn a_joining_nodes_share_follows_its_tokens() {
        let even = [0, 120, 240];
        assert_eq!(
            join_share(&even, 1),
            (17, false),
            "1 token against 3 even ones"
        );
        assert_eq!(join_share(&even, 4), (48, false));
        assert_eq!(join_share(&even, 8), (68, true));
        assert_eq!(join_share(&[0, 180], 1), (25, false), "half of a half");
        assert_eq!(join_share(&even, 0), (0, false));
        assert_eq!(join_share(&[], 3), (0, false));
    }

    /// play16b N24: no "ideal: 0 keys" beside keys moved.
    #[test]
    fn a_zero_ideal_says_none_was_required_and_why() {
        let m = |before, after| Movement {
            moves: vec![],
            keys_total: 2_000,
            nodes_before: before,
            nodes_after: after,
            ..Movement::default()
        };
        assert_eq!(
            ideal_text(0, &m(4, 4)),
            ": none required (the nodes were even)"
        );
        // play16g W4: a node with no keys leaves; the others were not even.
        assert_eq!(
            ideal_text(0, &m(9, 8)),
            ": none required (the leaving node held no keys)"
        );
        assert_eq!(ideal_text(750, &m(4, 5)), ": 750 keys (37.5 %)");
    }

    #[test]
    fn percentages_and_the_ratio_to_the_ideal() {
        assert_eq!(percent(823, 1_000), "82.3 %");
        assert_eq!(percent(1, 0), "–");
        let nodes: Vec<NodeId> = (1..=11).map(NodeId).collect();
        let m = Movement {
            moves: vec![],
            keys_total: 1_100,
            nodes_before: 10,
            nodes_after: 11,
            ideal: 100,
            ..Movement::default()
        };
        // play16f U1 (c): nothing moved says why.
        assert_eq!(
            versus_ideal(&m, &nodes).as_deref(),
            Some("only 0.0× the ideal: no spare partition to hand over, the nodes stay uneven")
        );
        let moved = |n: u32, from: u32, to: u32| Movement {
            moves: vec![
                KeyMove {
                    key: Key(0),
                    from: NodeId(from),
                    to: NodeId(to),
                    partition: PartitionId(0),
                    bytes: 1,
                };
                usize::try_from(n).unwrap()
            ],
            ..m.clone()
        };
        // play16f U1 (a): mod N reshuffles between old nodes; a ring's extra all went
        // to the new node.
        assert_eq!(
            versus_ideal(&moved(250, 1, 2), &nodes).as_deref(),
            Some("2.5× the ideal: 250 moved between nodes the change left alone")
        );
        assert_eq!(
            versus_ideal(&moved(140, 1, 11), &nodes).as_deref(),
            Some("1.4× the ideal: all to the new node, which took more than its share")
        );
        // play16f U2 (b): symmetric bands around the ideal.
        for (n, want) in [
            (90, "0.9× the ideal, about the ideal"),
            (110, "1.1× the ideal, about the ideal"),
            (100, "= the ideal"),
            (
                80,
                "only 0.8× the ideal: less than a fair share moved, the nodes stay uneven",
            ),
        ] {
            assert_eq!(
                versus_ideal(&moved(n, 1, 11), &nodes).as_deref(),
                Some(want)
            );
        }
        let none = Movement::default();
        assert_eq!(versus_ideal(&none, &nodes), None);
    }

    #[test]
    fn a_hot_split_is_judged_on_the_load_it_spreads() {
        let l = SplitLoad {
            from: NodeId(2),
            before: (NodeId(2), 206),
            after: (NodeId(3), 150),
            total: 500,
        };
        let text = split_load_text(&l);
        assert!(text.starts_with(": spread the load"), "{text}");
        assert!(
            text.contains("busiest node N2 206 → N3 150 of 500 key reads/writes (41.2 % → 30.0 %)"),
            "{text}"
        );
        assert!(text.contains("the upper part's"), "{text}");
        // play16h W2: a range on another node leaves the busiest node's load as it was.
        let elsewhere = SplitLoad {
            from: NodeId(3),
            after: l.before,
            ..l
        };
        let text = split_load_text(&elsewhere);
        assert!(
            text.starts_with(": the range was on N3, not the busiest node"),
            "{text}"
        );
    }

    #[test]
    fn a_split_under_timestamp_keys_says_the_hot_spot_returns() {
        let note = timestamp_split_note(Dist::Timestamps, true).unwrap();
        assert!(note.contains("prefix"), "{note}");
        assert_eq!(timestamp_split_note(Dist::Zipf, true), None);
        assert_eq!(timestamp_split_note(Dist::Timestamps, false), None);
    }

    #[test]
    fn a_change_says_whether_nodes_joined_or_partitions_moved_between_them() {
        let add = Movement {
            nodes_before: 4,
            nodes_after: 5,
            ..Movement::default()
        };
        assert_eq!(change_head(&add), "4 → 5 nodes");
        let split = Movement {
            nodes_after: 4,
            ..add
        };
        assert!(change_head(&split).starts_with("the same 4 nodes: partitions split"));
    }

    #[test]
    fn an_add_with_fewer_ranges_than_nodes_says_why_nothing_moved() {
        let add = Movement {
            moves: vec![],
            keys_total: 1_000,
            nodes_before: 4,
            nodes_after: 5,
            ..Movement::default()
        };
        assert_eq!(
            no_partition_note(&add, StrategyKind::KeyRange, 4).as_deref(),
            Some(
                "no range to give the new node: 4 ranges, 5 nodes; it gets one when a range splits"
            )
        );
        assert_eq!(no_partition_note(&add, StrategyKind::KeyRange, 5), None);
        let remove = Movement {
            nodes_before: 5,
            nodes_after: 4,
            ..add.clone()
        };
        assert_eq!(no_partition_note(&remove, StrategyKind::KeyRange, 3), None);
    }

    #[test]
    fn a_hashed_join_on_set_tokens_says_why_it_took_most_of_the_ring() {
        let join = Movement {
            moves: vec![],
            keys_total: 1_000,
            nodes_before: 3,
            nodes_after: 4,
            ideal: 250,
            ..Movement::default()
        };
        let moved = |n: u32| Movement {
            moves: (0..n)
                .map(|k| KeyMove {
                    key: Key(u64::from(k)),
                    from: NodeId(1),
                    to: NodeId(4),
                    partition: PartitionId(0),
                    bytes: 64,
                })
                .collect(),
            ..join.clone()
        };
        const SET: [u32; 3] = [0, 120, 240];
        let note = token_join_note(&moved(913), StrategyKind::Ring, &SET, 64).expect("a note");
        assert!(note.contains("64 hashed tokens"), "{note}");
        assert_eq!(
            token_join_note(&moved(913), StrategyKind::Ring, &[], 64),
            None
        );
        assert_eq!(
            token_join_note(&moved(913), StrategyKind::HashMod, &SET, 64),
            None
        );
        assert_eq!(
            token_join_note(&moved(300), StrategyKind::Ring, &SET, 64),
            None
        );
    }
}
