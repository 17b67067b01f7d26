//! What the stage draws, computed once per change of the run (never per animation
//! frame) from a `PartitionSession`: the keys as one dot path per node colour, the keys
//! the last add or remove moved, the partitions (arcs on the hash ring, ranges on the key
//! bar), the tokens, and the hot partition (DDIA ch. 6, "Skewed Workloads and Relieving
//! Hot Spots").

use super::geometry::{arc_degrees, push_arc, push_dot, Frame, RING_R};
use super::palette::per_colour;
use ddia_core::partition::hash::degrees;
use ddia_core::partition::lab::Batch;
use ddia_core::partition::workload::CELEBRITY;
use ddia_core::partition::{
    is_hot, Key, NodeId, NodeLoad, PartitionId, PartitionLoad, PartitionSession, Placement, Span,
    StrategyKind,
};

/// What the load bars and the hot mark count.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Load {
    /// Keys stored.
    #[default]
    Keys,
    /// Requests received (each key a request touched counts once).
    Requests,
}

impl Load {
    /// A partition's load.
    pub fn of_partition(self, p: &PartitionLoad) -> u64 {
        match self {
            Load::Keys => p.keys,
            Load::Requests => p.requests,
        }
    }

    /// A node's load.
    pub fn of_node(self, n: &NodeLoad) -> u64 {
        match self {
            Load::Keys => n.keys,
            Load::Requests => n.requests,
        }
    }

    /// Its name in the page, plural: `keys`, or `key reads/writes` (what the bars
    /// count: a salted read of the hot key reads every sub-key, so one request can
    /// count several times; play16 C4).
    pub fn name(self) -> &'static str {
        match self {
            Load::Keys => "keys",
            Load::Requests => "key reads/writes",
        }
    }

    /// Its word in the page's markup (`data-load`): `keys`, `requests`.
    pub fn word(self) -> &'static str {
        match self {
            Load::Keys => "keys",
            Load::Requests => "requests",
        }
    }
}

/// A partition is marked hot when its load is at least this many times the mean
/// partition's (and there is more than one partition).
pub const HOT_FACTOR: f64 = 1.5;
/// `most` requests of `total` over `parts` partitions on `nodes` nodes: its factor over
/// the mean partition when it is hot ([`ddia_core::partition::is_hot`]: 1.5 times the
/// mean partition, enough requests, and enough to lift a node), so hundreds of tiny
/// ranges of a few requests each are not hot spots (hq10 U2).
pub fn hot_factor(most: u64, total: u64, parts: usize, nodes: usize) -> Option<f64> {
    let wide = |n: usize| u64::try_from(n).unwrap_or(u64::MAX);
    is_hot(most, total, wide(parts), wide(nodes)).then(|| most as f64 * parts as f64 / total as f64)
}
/// Tokens are labelled with their node while there are at most this many.
pub const MAX_TOKEN_LABELS: usize = 16;

/// A node's token on the ring.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    /// Its angle, degrees clockwise from the top.
    pub deg: f64,
    /// Its node.
    pub node: NodeId,
}

/// A partition of the key-range bar.
#[derive(Clone, Debug, PartialEq)]
pub struct Range {
    /// The partition (named in the log, play16g U3; shown in its tooltip).
    pub id: PartitionId,
    /// Left and right x, bar user units.
    pub x0: f64,
    /// Right end.
    pub x1: f64,
    /// Its owner.
    pub node: NodeId,
    /// First key and end key (exclusive; `None` = unbounded), for its tooltip.
    pub from: Key,
    /// End key.
    pub to: Option<Key>,
    /// Keys in it.
    pub keys: u64,
}

/// The hot partition, if one stands out.
#[derive(Clone, Debug, PartialEq)]
pub struct Hot {
    /// Its load.
    pub load: u64,
    /// Its load over the mean partition's.
    pub factor: f64,
    /// The partitions that mean is over: the last batch's, as at its start (a key range
    /// the batch filled may have split since: the box is that range as it was; hp11 H2).
    pub of: usize,
    /// Its extent: degrees `(from, to)` on the ring or x `(x0, x1)` on the bar.
    pub extent: (f64, f64),
    /// The partitions in that extent now: 1, or the ranges it has since been split
    /// into (DDIA ch. 6, "Rebalancing Partitions": a range past the size threshold
    /// splits; the box around it then holds them all; play16d U1).
    pub now: usize,
}

/// Everything the stage draws for one state of the run.
#[derive(Clone, Debug, PartialEq)]
pub struct Picture {
    /// Ring or bar.
    pub frame: Frame,
    /// `(node colour, path)`: every key's dot, one path per colour.
    pub dots: Vec<(u32, String)>,
    /// `(node colour, path)`: the keys the last add or remove moved, in their new
    /// node's colour (drawn over the others, which are then faded).
    pub moved: Vec<(u32, String)>,
    /// `(node colour, path)`: the ring arcs each node's partitions cover.
    pub arcs: Vec<(u32, String)>,
    /// The ring's tokens (partition ends), in ring order.
    pub tokens: Vec<Token>,
    /// The bar's ranges, in key order.
    pub ranges: Vec<Range>,
    /// The hot partition (after a request batch on key ranges: the range that took the
    /// batch's writes, as it was before they split it).
    pub hot: Option<Hot>,
    /// `(label, point)`: the celebrity key as the last batch read it (k0, or each of
    /// its sub-keys once salted: DDIA ch. 6, "Skewed Workloads").
    pub celebrity: Vec<(String, (f64, f64))>,
    /// One key in `every` is drawn (1: all of them; more when there are over the
    /// picture's limit).
    pub every: usize,
}

/// Most keys the main picture draws; beyond it, one key in `n` is drawn (and said).
pub const MAIN_LIMIT: usize = 20_000;

/// One in how many of `keys` keys to draw so that at most `limit` are drawn.
pub fn sample_step(keys: usize, limit: usize) -> usize {
    keys.div_ceil(limit.max(1)).max(1)
}

/// The frame `session`'s strategy is drawn in.
pub fn frame_of(session: &PartitionSession) -> Frame {
    if session.config().kind == StrategyKind::KeyRange {
        let end = session
            .keys()
            .records()
            .last()
            .map_or(1, |r| r.key.0.saturating_add(1));
        Frame::Bar { end }
    } else {
        Frame::Ring
    }
}

/// The picture of `session`, drawing at most about `limit` keys (every key still
/// counts in the partitions and the hot mark, which is measured in `load`); `batch`
/// is the request batch just done, if the last action was one.
pub fn picture(
    session: &PartitionSession,
    limit: usize,
    load: Load,
    batch: Option<&Batch>,
) -> Picture {
    let frame = frame_of(session);
    let placement = session.placement();
    let every = sample_step(session.keys().len(), limit);
    let keys = session.keys().records().iter().step_by(every);
    let dots = per_colour(
        keys.map(|r| (placement.node_of(r.key), frame.point(r.key))),
        push_dot,
    );
    let moves = session.last_move().map_or(&[][..], |m| &m.moves[..]);
    let moved = per_colour(
        moves
            .iter()
            .step_by(every)
            .map(|mv| (mv.to, frame.point(mv.key))),
        push_dot,
    );
    let loads = session.partition_loads();
    let (arcs, tokens) = ring_marks(&loads);
    let ranges = match frame {
        Frame::Bar { end } => bar_ranges(&loads, frame, end),
        Frame::Ring => Vec::new(),
    };
    Picture {
        frame,
        dots,
        moved,
        arcs,
        tokens,
        hot: batch
            .and_then(|b| batch_hot(b, frame, load, &ranges))
            .or_else(|| hot(&loads, placement.nodes().len(), frame, load)),
        ranges,
        celebrity: batch.map_or_else(Vec::new, |b| celebrity_marks(b, frame)),
        every,
    }
}

/// The key range that took most of `batch`'s requests, as it was at the batch's start,
/// if it took [`HOT_FACTOR`] times the mean range's share: with timestamp keys every
/// write lands in the newest range, which then splits, so the ranges after the batch
/// share a load that one range took (play16b N4). `None` off key ranges or for keys.
fn batch_hot(batch: &Batch, frame: Frame, load: Load, ranges: &[Range]) -> Option<Hot> {
    let (Frame::Bar { end }, Some((Span::Keys { from, to }, parts))) = (frame, batch.busiest_span)
    else {
        return None;
    };
    if load != Load::Requests {
        return None;
    }
    let parts = usize::try_from(parts).unwrap_or(usize::MAX);
    let factor = hot_factor(
        batch.busiest_partition,
        batch.touches,
        parts,
        batch.per_node.len(),
    )?;
    let extent = (frame.key_x(from), frame.key_x(to.unwrap_or(Key(end))));
    // Ranges are disjoint and in key order: those starting inside the extent.
    let now = ranges
        .iter()
        .filter(|r| r.from >= from && to.is_none_or(|t| r.from < t))
        .count();
    Some(Hot {
        load: batch.busiest_partition,
        factor,
        of: parts,
        extent,
        now,
    })
}

/// The celebrity key's marks: `k0` alone, or `k0·1`.. for its sub-keys.
fn celebrity_marks(batch: &Batch, frame: Frame) -> Vec<(String, (f64, f64))> {
    let one = batch.hot_keys.len() == 1;
    (1..)
        .zip(&batch.hot_keys)
        .map(|(i, &k)| {
            let label = if one {
                format!("{CELEBRITY} celebrity")
            } else {
                format!("{CELEBRITY}·{i}")
            };
            (label, frame.point(k))
        })
        .collect()
}

/// Arcs (one path per node colour) and tokens of the arc spans among `loads`.
fn ring_marks(loads: &[PartitionLoad]) -> (Vec<(u32, String)>, Vec<Token>) {
    let arcs: Vec<(NodeId, (f64, f64))> = loads
        .iter()
        .filter_map(|p| Some((p.info.owner, arc_degrees(&p.info.span)?)))
        .collect();
    let tokens = loads
        .iter()
        .filter_map(|p| match p.info.span {
            Span::Arc { upto, .. } => Some(Token {
                deg: degrees(upto),
                node: p.info.owner,
            }),
            _ => None,
        })
        .collect();
    let arcs = per_colour(arcs, |d, (from, to)| push_arc(d, RING_R, from, to));
    (arcs, tokens)
}

/// The ranges of the key spans among `loads`, on a bar over keys `0..end`.
fn bar_ranges(loads: &[PartitionLoad], frame: Frame, end: u64) -> Vec<Range> {
    loads
        .iter()
        .filter_map(|p| match p.info.span {
            Span::Keys { from, to } => Some(Range {
                id: p.info.id,
                x0: frame.key_x(from),
                x1: frame.key_x(to.unwrap_or(Key(end))),
                node: p.info.owner,
                from,
                to,
                keys: p.keys,
            }),
            _ => None,
        })
        .collect()
}

/// The partition with the most requests, if it has [`HOT_FACTOR`] times the mean and
/// no other as many; `None` when `load` counts keys (an uneven arc or range of keys is
/// placement noise, not a hot spot: DDIA ch. 6's hot spot is load).
fn hot(loads: &[PartitionLoad], nodes: usize, frame: Frame, load: Load) -> Option<Hot> {
    if loads.len() < 2 || load != Load::Requests {
        return None;
    }
    let total: u64 = loads.iter().map(|p| load.of_partition(p)).sum();
    let top = loads.iter().max_by_key(|p| load.of_partition(p))?;
    let most = load.of_partition(top);
    if loads
        .iter()
        .filter(|p| load.of_partition(p) == most)
        .count()
        > 1
    {
        return None;
    }
    let factor = hot_factor(most, total, loads.len(), nodes)?;
    let extent = match (frame, top.info.span) {
        (Frame::Bar { end }, Span::Keys { from, to }) => {
            (frame.key_x(from), frame.key_x(to.unwrap_or(Key(end))))
        }
        (_, span) => arc_degrees(&span)?,
    };
    Some(Hot {
        load: load.of_partition(top),
        factor,
        of: loads.len(),
        extent,
        now: 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labs::partition::palette::colour_of;
    use ddia_core::partition::{KeySet, PlacementConfig};

    fn session(kind: StrategyKind, nodes: u32, keys: u64) -> PartitionSession {
        let config = PlacementConfig {
            kind,
            ..PlacementConfig::default()
        };
        PartitionSession::new(config, nodes, KeySet::sequential(keys, 8))
    }

    #[test]
    fn every_key_is_one_dot_in_its_owners_colour() {
        let s = session(StrategyKind::HashMod, 5, 1_000);
        let p = picture(&s, MAIN_LIMIT, Load::Keys, None);
        assert_eq!(p.frame, Frame::Ring);
        let dots: usize = p.dots.iter().map(|(_, d)| d.matches('M').count()).sum();
        assert_eq!(dots, 1_000);
        let loads = s.node_loads();
        for (colour, d) in &p.dots {
            let node = loads.iter().find(|l| colour_of(l.node) == *colour).unwrap();
            assert_eq!(d.matches('M').count() as u64, node.keys, "{}", node.node);
        }
        assert!(p.moved.is_empty(), "nothing moved yet");
    }

    #[test]
    fn an_added_node_draws_the_moved_keys() {
        let mut s = session(StrategyKind::HashMod, 3, 600);
        s.add_node().unwrap();
        let p = picture(&s, MAIN_LIMIT, Load::Keys, None);
        let moved = s.last_move().unwrap().keys_moved();
        assert!(moved > 0);
        let drawn: usize = p.moved.iter().map(|(_, d)| d.matches('M').count()).sum();
        assert_eq!(drawn as u64, moved);
        let new_node = colour_of(s.placement().nodes().last().copied().unwrap());
        assert!(
            p.moved.iter().any(|(c, _)| *c == new_node),
            "moved keys in the new node's colour"
        );
        let small = picture(&s, 100, Load::Keys, None);
        assert_eq!(small.every, 6);
        let dots: usize = small.dots.iter().map(|(_, d)| d.matches('M').count()).sum();
        assert_eq!(dots, 100, "one key in 6 of 600");
        assert_eq!(sample_step(0, 10), 1);
    }

    #[test]
    fn a_partition_far_above_the_mean_is_hot() {
        use ddia_core::partition::{NodeId, PartitionId, PartitionInfo};
        let part = |id: u32, keys: u64| PartitionLoad {
            info: PartitionInfo {
                id: PartitionId(id),
                span: Span::Keys {
                    from: Key(u64::from(id) * 10),
                    to: Some(Key(u64::from(id) * 10 + 10)),
                },
                owner: NodeId(1),
            },
            keys: 100 - keys,
            bytes: 100 - keys,
            requests: keys,
        };
        let frame = Frame::Bar { end: 30 };
        let even = [part(0, 10), part(1, 10), part(2, 10)];
        assert_eq!(hot(&even, 1, frame, Load::Requests), None);
        let skewed = [part(0, 10), part(1, 10), part(2, 40)];
        let h = hot(&skewed, 1, frame, Load::Requests).unwrap();
        assert_eq!(h.load, 40);
        assert!((h.factor - 2.0).abs() < 1e-9);
        assert_eq!(h.extent, (frame.key_x(Key(20)), frame.key_x(Key(30))));
        assert_eq!(
            hot(&skewed[2..], 1, frame, Load::Requests),
            None,
            "one partition is never hot"
        );
        let tied = [part(0, 5), part(1, 40), part(2, 40)];
        assert_eq!(
            hot(&tied, 1, frame, Load::Requests),
            None,
            "no single hot one"
        );
        // Keys 90, 90, 60 (or any spread of keys) are never a hot spot.
        let keys = [part(0, 90), part(1, 90), part(2, 10)];
        assert_eq!(hot(&keys, 1, frame, Load::Keys), None);
    }

    /// hq10 U2: a few requests on many tiny ranges are chance, not a hot spot; a range
    /// that alone lifts its node past the node test's margin is.
    #[test]
    fn a_hot_partition_needs_enough_requests_to_load_a_node() {
        // 512 ranges, 500 uniform requests on 4 nodes: the busiest has 5, ×5.1.
        assert_eq!(hot_factor(5, 500, 512, 4), None);
        // 500 requests of 2,000 in one of 40 ranges: ×10, and a node's worth.
        let f = hot_factor(500, 2_000, 40, 4).expect("hot");
        assert!((f - 10.0).abs() < 1e-9, "{f}");
        // Far above the mean but fewer than the minimum requests.
        assert_eq!(hot_factor(9, 12, 20, 1), None);
        // Enough requests but below a quarter of the mean node's.
        assert_eq!(hot_factor(100, 10_000, 400, 4), None);
        let l = lab_of("lab=partition&strategy=range&val=1024&split=2048&act=w500");
        assert!(l.session().placement().partitions().len() > 100);
        let p = picture(l.session(), MAIN_LIMIT, Load::Requests, l.fresh_batch());
        assert_eq!(p.hot, None, "uniform requests on tiny ranges");
    }

    fn lab_of(query: &str) -> ddia_core::partition::lab::PartitionLab {
        use ddia_core::link::LabLink;
        let s = ddia_core::partition::scenario::PartitionScenario::from_query(query).unwrap();
        ddia_core::partition::lab::PartitionLab::new(&s)
    }

    /// play16b N4: after a timestamp batch the newest range, which took every write
    /// and then split, is marked hot up to the bar's right end.
    #[test]
    fn the_range_that_took_a_timestamp_batch_is_hot() {
        let l = lab_of("lab=partition&strategy=range&dist=ts&act=w500");
        let p = picture(l.session(), MAIN_LIMIT, Load::Requests, l.fresh_batch());
        let h = p.hot.expect("the newest range is hot");
        let Frame::Bar { end } = p.frame else {
            panic!("a bar")
        };
        assert!((h.extent.1 - p.frame.key_x(Key(end))).abs() < 1e-9, "{h:?}");
        assert!(h.factor >= HOT_FACTOR);
    }

    /// play16h U5: after a hot split the box still marks where the batch went, now
    /// split into more ranges.
    #[test]
    fn the_hot_range_stays_marked_after_a_hot_split() {
        let mut l = lab_of("lab=partition&strategy=range&act=dist:ts,w500,x");
        l.finish();
        let p = picture(l.session(), MAIN_LIMIT, Load::Requests, l.fresh_batch());
        let h = p.hot.expect("the range the batch wrote to");
        assert!(h.now > 1, "{h:?}");
    }

    /// hp11 H2: after the timestamp scenario's batch split the range that took it, the
    /// box is that range as it was and its factor is against the batch's ranges, not
    /// the more ranges there are now.
    #[test]
    fn the_hot_factor_is_against_the_ranges_of_the_batch_it_measures() {
        let mut l = lab_of("scn=timestamps");
        l.finish();
        let b = l.fresh_batch().expect("the batch is the last action");
        let (_, parts) = b.busiest_span.expect("a busiest range");
        let now = l.session().placement().partitions().len();
        let p = picture(l.session(), MAIN_LIMIT, Load::Requests, Some(b));
        let h = p.hot.expect("hot");
        assert_eq!(h.of, usize::try_from(parts).unwrap());
        assert!(
            now > h.of,
            "the range split: {now} ranges now, {} then",
            h.of
        );
        let mean = b.touches as f64 / h.of as f64;
        assert!(
            (h.factor - b.busiest_partition as f64 / mean).abs() < 1e-9,
            "{h:?}"
        );
        let inside = p
            .ranges
            .iter()
            .filter(|r| r.x0 >= h.extent.0 - 1e-9)
            .count();
        assert!(inside > 1, "the box spans the ranges it split into");
        // play16d U1: the label counts the ranges in the box, not the batch's.
        assert_eq!(h.now, inside);
        let Span::Keys { from, .. } = b.busiest_span.unwrap().0 else {
            panic!("a key range")
        };
        let after = l
            .session()
            .placement()
            .partitions()
            .into_iter()
            .filter(|p| matches!(p.span, Span::Keys { from: f, .. } if f >= from))
            .count();
        assert_eq!(h.now, after);
    }

    /// play16b N3: the celebrity key is marked, then each of its sub-keys once salted.
    #[test]
    fn the_celebrity_key_and_its_sub_keys_are_marked() {
        let marks = |q: &str| {
            let l = lab_of(q);
            picture(l.session(), MAIN_LIMIT, Load::Requests, l.fresh_batch()).celebrity
        };
        let before = marks("lab=partition&act=dist:celeb,w300");
        assert_eq!(before.len(), 1);
        assert_eq!(before[0].0, "k0 celebrity");
        let after = marks("lab=partition&act=dist:celeb,k8,w300");
        assert_eq!(after.len(), 8);
        assert_eq!(after[7].0, "k0·8");
        assert!(
            marks("lab=partition&act=w300").is_empty(),
            "no celebrity under uniform"
        );
    }
}
