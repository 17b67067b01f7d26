//! The group coordinator's membership: who is in the consumer group, when each was
//! last heard from, the generation and its assignment (DDIA ch. 11, "Partitioned Logs":
//! consumers in a group share the partitions; Kafka's group protocol: a member that
//! misses heartbeats for a session timeout is declared dead, and every change of
//! membership is a rebalance that pauses the whole group until the new assignment is
//! handed out).

use alloc::vec::Vec;

use super::assign::Assignor;
use crate::sim::vec_map::VecMap;
use crate::sim::{NodeId, SimTime};

/// The group's timing, µs of simulated time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct GroupTiming {
    /// A member silent this long is declared dead (Kafka's `session.timeout.ms`).
    pub session_us: u64,
    /// Between a consumer's heartbeats (Kafka's `heartbeat.interval.ms`).
    pub heartbeat_us: u64,
    /// How long a rebalance pauses the group (the join and sync round trips).
    pub rebalance_us: u64,
}

impl Default for GroupTiming {
    /// A 300 ms session, 50 ms heartbeats, 60 ms rebalances.
    fn default() -> Self {
        GroupTiming {
            session_us: 300_000,
            heartbeat_us: 50_000,
            rebalance_us: 60_000,
        }
    }
}

/// One consumer group's membership and assignment.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Group {
    /// The assignor.
    pub assignor: Assignor,
    /// Members and when each was last heard from.
    pub members: VecMap<NodeId, SimTime>,
    /// Increases with every rebalance; requests from older generations are refused.
    pub generation: u64,
    /// Each member's partitions in this generation (empty while rebalancing).
    pub assignment: VecMap<NodeId, Vec<u32>>,
    /// While a rebalance runs, each member's partitions of the generation before: a
    /// member still in the group may commit them (Kafka's eager rebalance commits in
    /// `onPartitionsRevoked` before rejoining), so a healthy consumer's batch in hand
    /// is not processed twice.
    pub revoked: VecMap<NodeId, Vec<u32>>,
    /// While `Some(t)`, a rebalance pauses the group until `t`.
    pub rebalancing_until: Option<SimTime>,
    /// Rebalances so far.
    pub rebalances: u64,
    /// Members declared dead so far (missed heartbeats).
    pub expirations: u64,
}

impl Group {
    /// The member that owns `partition` in this generation, if any.
    pub fn owner(&self, partition: u32) -> Option<NodeId> {
        self.assignment
            .iter()
            .find(|(_, ps)| ps.contains(&partition))
            .map(|(&m, _)| m)
    }

    /// Whether `member` may fetch or commit `partition` in `generation` now.
    pub fn may_use(&self, member: NodeId, generation: u64, partition: u32) -> bool {
        self.rebalancing_until.is_none()
            && generation == self.generation
            && self.owner(partition) == Some(member)
    }

    /// Whether `member` may commit `partition` in `generation` now: as
    /// [`Group::may_use`], or, while a rebalance runs, a member still in the group
    /// committing a partition it owned in the generation before.
    pub fn may_commit(&self, member: NodeId, generation: u64, partition: u32) -> bool {
        let revoking = self.rebalancing_until.is_some()
            && generation + 1 == self.generation
            && self.members.contains_key(&member)
            && self
                .revoked
                .get(&member)
                .is_some_and(|ps| ps.contains(&partition));
        revoking || self.may_use(member, generation, partition)
    }

    /// Starts a rebalance at `now`: a new generation, no assignment until it ends.
    pub fn begin(&mut self, now: SimTime, rebalance_us: u64) -> u64 {
        self.generation += 1;
        self.rebalances += 1;
        self.revoked = core::mem::take(&mut self.assignment);
        self.rebalancing_until = Some(now.plus(rebalance_us));
        self.generation
    }

    /// Ends the rebalance of `generation` with an assignment of `partitions` over the
    /// members; false if a later rebalance superseded it.
    pub fn finish(&mut self, generation: u64, partitions: u32) -> bool {
        if generation != self.generation || self.rebalancing_until.is_none() {
            return false;
        }
        let members: Vec<NodeId> = self.members.keys().copied().collect();
        self.assignment = self.assignor.assign(&members, partitions);
        self.revoked.clear();
        self.rebalancing_until = None;
        true
    }

    /// Members silent for longer than `session_us` at `now`.
    pub fn expired(&self, now: SimTime, session_us: u64) -> Vec<NodeId> {
        self.members
            .iter()
            .filter(|(_, &seen)| now.since(seen) > session_us)
            .map(|(&m, _)| m)
            .collect()
    }
}
