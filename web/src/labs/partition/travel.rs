//! The last rebalance's moved keys on the main picture, where the handoff on the
//! simulated network has them ([`super::handoff_run`]; DDIA ch. 6, "Rebalancing
//! Partitions": the old owner keeps serving until the handoff completes). Until its
//! `Transfer` arrives a moved key stays at its place in the old owner's colour; while
//! the message is on the wire a copy of the key flies from the old owner (its token
//! after the key on the ring, its nearest range on the bar) to the key's place; once
//! the new owner stores it, the key shows in the new owner's colour. Computed from the
//! world's in-flight and stored transfers ([`ddia_core::partition::rebalance::transits`]).

use super::geometry::{Frame, BAR_H, BAR_Y, CENTRE};
use super::palette::per_colour;
use super::picture::Picture;
use ddia_core::partition::hash::{degrees, key_hash};
use ddia_core::partition::rebalance::{PlannedTransfer, Transit};
use ddia_core::partition::{Key, NodeId};
use ddia_core::sim::SimTime;

/// One transfer unit as the main picture draws it.
#[derive(Clone, Debug, PartialEq)]
pub struct Parcel {
    /// The old owner.
    pub from: NodeId,
    /// The new owner.
    pub to: NodeId,
    /// Where its keys leave the old owner, user units.
    pub start: (f64, f64),
    /// Its drawn keys' places, user units.
    pub points: Vec<(f64, f64)>,
}

/// The drawn moved keys, one SVG path per node colour each.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TravelLayers {
    /// Keys only at their old owner, in its colour, at their places.
    pub held: Vec<(u32, String)>,
    /// Copies on the wire, in their new owner's colour, part-way to their places.
    pub flying: Vec<(u32, String)>,
    /// Keys the new owner stores, in its colour, at their places.
    pub arrived: Vec<(u32, String)>,
}

/// Degrees clockwise from `from` to `to`, `0.0..360.0`.
fn clockwise(from: f64, to: f64) -> f64 {
    (to - from).rem_euclid(360.0)
}

/// Where `key`'s copy leaves `from`: on the ring, the first of `from`'s tokens
/// clockwise from the key (the token that owned it before an add), else the ring's
/// centre (hash mod N has no tokens; a removed node has none left); on the bar, the
/// middle of `from`'s range nearest the key, else the key's place on the bar.
pub fn start_of(p: &Picture, from: NodeId, key: Key) -> (f64, f64) {
    match p.frame {
        Frame::Ring => {
            let at = degrees(key_hash(key));
            p.tokens
                .iter()
                .filter(|t| t.node == from)
                .min_by(|a, b| clockwise(at, a.deg).total_cmp(&clockwise(at, b.deg)))
                .map_or((CENTRE, CENTRE), |t| {
                    super::geometry::polar(t.deg, super::geometry::RING_R)
                })
        }
        Frame::Bar { .. } => {
            let x = p.frame.key_x(key);
            let mid = |r: &super::picture::Range| (r.x0 + r.x1) / 2.0;
            let x = p
                .ranges
                .iter()
                .filter(|r| r.node == from)
                .map(mid)
                .min_by(|a, b| (a - x).abs().total_cmp(&(b - x).abs()))
                .unwrap_or(x);
            (x, BAR_Y + BAR_H / 2.0)
        }
    }
}

/// The parcels of `plan` on picture `p`, drawing one key in `p.every` of each.
pub fn parcels(p: &Picture, plan: &[PlannedTransfer]) -> Vec<Parcel> {
    plan.iter()
        .map(|t| Parcel {
            from: t.from,
            to: t.to,
            start: t
                .keys
                .first()
                .map_or((CENTRE, CENTRE), |&k| start_of(p, t.from, k)),
            points: t
                .keys
                .iter()
                .step_by(p.every.max(1))
                .map(|&k| p.frame.point(k))
                .collect(),
        })
        .collect()
}

/// The layers for `parcels` whose units are where `transits` say at `now`.
pub fn travel_layers(parcels: &[Parcel], transits: &[Transit], now: SimTime) -> TravelLayers {
    let mut held = Vec::new();
    let mut flying = Vec::new();
    let mut arrived = Vec::new();
    for (parcel, t) in parcels.iter().zip(transits) {
        let f = t.progress(now);
        for &(x, y) in &parcel.points {
            match t {
                Transit::AtNew => arrived.push((parcel.to, (x, y))),
                Transit::AtOld => held.push((parcel.from, (x, y))),
                Transit::OnTheWire { .. } => {
                    held.push((parcel.from, (x, y)));
                    let (sx, sy) = parcel.start;
                    flying.push((parcel.to, (sx + (x - sx) * f, sy + (y - sy) * f)));
                }
            }
        }
    }
    let paths = |dots: Vec<(NodeId, (f64, f64))>| per_colour(dots, super::geometry::push_dot);
    TravelLayers {
        held: paths(held),
        flying: paths(flying),
        arrived: paths(arrived),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labs::partition::picture::{picture, Load, MAIN_LIMIT};
    use ddia_core::partition::hash::at_degrees;
    use ddia_core::partition::rebalance::plan_of;
    use ddia_core::partition::ring::Ring;
    use ddia_core::partition::StrategyKind;
    use ddia_core::partition::{AnyPlacement, KeySet, PartitionSession, PlacementConfig};

    fn dots(layer: &[(u32, String)]) -> usize {
        layer.iter().map(|(_, d)| d.matches('M').count()).sum()
    }

    /// The book's ring at 0°, 120° and 240° gains a node at 60°: the moved keys leave
    /// from the token at 120° (their old owner's), are held, fly, then arrive.
    #[test]
    fn moved_keys_are_held_then_fly_from_the_old_token_then_arrive() {
        let config = PlacementConfig {
            kind: StrategyKind::Ring,
            ..PlacementConfig::default()
        };
        let tokens = [0, 120, 240].map(at_degrees);
        let tokens: Vec<(NodeId, u64)> = (1..).map(NodeId).zip(tokens).collect();
        let ring = AnyPlacement::Ring(Ring::with_tokens(&tokens, 8));
        let mut s = PartitionSession::from_placement(config, ring, KeySet::sequential(300, 8));
        s.add_node_at(at_degrees(60)).unwrap();
        let p = picture(&s, MAIN_LIMIT, Load::Keys, None);
        let plan = plan_of(s.last_move().unwrap());
        let parcels = parcels(&p, &plan);
        let moved: usize = parcels.iter().map(|q| q.points.len()).sum();
        assert!(moved > 0);
        let old = p
            .tokens
            .iter()
            .find(|t| (t.deg - 120.0).abs() < 0.5)
            .unwrap();
        let at120 = super::super::geometry::polar(old.deg, super::super::geometry::RING_R);
        for q in &parcels {
            assert_eq!(q.from, old.node);
            assert!((q.start.0 - at120.0).abs() < 1e-6 && (q.start.1 - at120.1).abs() < 1e-6);
        }
        let n = parcels.len();
        let now = SimTime::from_micros(1_000);
        let all = |t: Transit| vec![t; n];
        let held = travel_layers(&parcels, &all(Transit::AtOld), now);
        assert_eq!(
            (dots(&held.held), dots(&held.flying), dots(&held.arrived)),
            (moved, 0, 0)
        );
        let wire = Transit::OnTheWire {
            sent_at: SimTime::from_micros(0),
            deliver_at: SimTime::from_micros(2_000),
        };
        let mid = travel_layers(&parcels, &all(wire), now);
        assert_eq!(
            (dots(&mid.held), dots(&mid.flying), dots(&mid.arrived)),
            (moved, moved, 0)
        );
        let done = travel_layers(&parcels, &all(Transit::AtNew), now);
        assert_eq!(
            (dots(&done.held), dots(&done.flying), dots(&done.arrived)),
            (0, 0, moved)
        );
        assert_eq!(
            done.arrived, p.moved,
            "arrived = the settled picture's moved keys"
        );
    }
}
