//! Where each group of moved keys is during a handoff (DDIA ch. 6, "Rebalancing
//! Partitions": the old owner keeps serving until the handoff completes), read from
//! the world's state, so a page can draw the keys travelling: still at the old owner,
//! on the wire in a `Transfer` message, or stored by the new owner.

use alloc::vec::Vec;

use super::build::{sid, PlannedTransfer};
use super::{Member, Msg, RebalanceWorld};
use crate::sim::{Fate, SimTime};

/// Where one transfer unit's keys are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transit {
    /// Only at the old owner: no copy sent yet, or every copy sent so far was lost.
    AtOld,
    /// A `Transfer` carrying them is on the wire and will arrive (the earliest such
    /// copy): it left at `sent_at` and arrives at `deliver_at` (simulated time).
    OnTheWire {
        /// When it left.
        sent_at: SimTime,
        /// When it arrives.
        deliver_at: SimTime,
    },
    /// The new owner stores them (it serves them once the coordinator activates it).
    AtNew,
}

impl Transit {
    /// How far along the wire the keys are at `now`, `0.0..=1.0`: 0 at the old owner,
    /// 1 at the new one.
    pub fn progress(self, now: SimTime) -> f64 {
        match self {
            Transit::AtOld => 0.0,
            Transit::AtNew => 1.0,
            Transit::OnTheWire {
                sent_at,
                deliver_at,
            } => {
                let span = deliver_at.as_micros().saturating_sub(sent_at.as_micros());
                let done = now.as_micros().saturating_sub(sent_at.as_micros());
                if span == 0 {
                    1.0
                } else {
                    (done as f64 / span as f64).min(1.0)
                }
            }
        }
    }
}

/// Where each unit of `plan` is in `world` (a world built by
/// [`super::handoff_world`] from that plan: unit `i` is `plan[i]`).
pub fn transits(world: &RebalanceWorld, plan: &[PlannedTransfer]) -> Vec<Transit> {
    (0u32..)
        .zip(plan)
        .map(|(unit, t)| {
            let stored = match world.nodes().get(sid(t.to)).map(|n| &n.process) {
                Some(Member::Storage(s)) => s.store.contains_key(&unit),
                _ => false,
            };
            if stored {
                return Transit::AtNew;
            }
            world
                .in_flight()
                .filter(|m| {
                    matches!(m.msg, Msg::Transfer { p, .. } if p == unit)
                        && !matches!(m.fate, Fate::Drop(_))
                })
                .min_by_key(|m| m.deliver_at)
                .map_or(Transit::AtOld, |m| Transit::OnTheWire {
                    sent_at: m.sent_at,
                    deliver_at: m.deliver_at,
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::{handoff_world, plan_of};
    use super::*;
    use crate::partition::StrategyKind;
    use crate::partition::{AnyPlacement, KeySet, Movement, NodeId, PlacementConfig};
    use crate::sim::LinkFaults;

    /// Hash mod N going from 3 to 4 nodes over 200 keys.
    fn plan() -> Vec<PlannedTransfer> {
        let config = PlacementConfig {
            kind: StrategyKind::HashMod,
            ..PlacementConfig::default()
        };
        let keys = KeySet::sequential(200, 8);
        let before = AnyPlacement::new(&config, &[1, 2, 3].map(NodeId));
        let after = AnyPlacement::new(&config, &[1, 2, 3, 4].map(NodeId));
        plan_of(&Movement::between(&before, &after, &keys))
    }

    /// Each unit goes at-old -> on the wire -> at-new, and its progress only grows.
    #[test]
    fn keys_leave_the_old_owner_travel_and_arrive() {
        let plan = plan();
        assert!(!plan.is_empty());
        let mut w = handoff_world(&plan, 7, LinkFaults::default(), (false, false));
        assert!(transits(&w, &plan).iter().all(|t| *t == Transit::AtOld));
        let mut seen_wire = false;
        let mut last = alloc::vec![0.0; plan.len()];
        for step in 1..=400u64 {
            w.run_until(SimTime::from_micros(step * 500));
            for (i, t) in transits(&w, &plan).into_iter().enumerate() {
                seen_wire |= matches!(t, Transit::OnTheWire { .. });
                let p = t.progress(w.now());
                assert!(p >= last[i], "unit {i} went back: {p} < {}", last[i]);
                last[i] = p;
            }
        }
        assert!(seen_wire, "some transfer was seen in flight");
        assert!(transits(&w, &plan).iter().all(|t| *t == Transit::AtNew));
    }

    /// A lost copy is not on the wire: the keys are still only at the old owner.
    #[test]
    fn a_lost_transfer_leaves_the_keys_at_the_old_owner() {
        let plan = plan();
        let all_lost = LinkFaults {
            loss_ppm: 1_000_000,
            ..LinkFaults::default()
        };
        let mut w = handoff_world(&plan, 7, all_lost, (false, false));
        w.run_until(SimTime::from_micros(50_000));
        let pending = super::super::coordinator(&w).map_or(0, |c| c.moves.len());
        assert_eq!(pending, plan.len(), "no move can complete");
        assert!(transits(&w, &plan).iter().all(|t| *t == Transit::AtOld));
    }
}
