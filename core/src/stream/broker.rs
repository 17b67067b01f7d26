//! The broker (node 0): the topic's partitions, the consumer group's committed offsets,
//! and the group coordinator (DDIA ch. 11, "Using logs for message storage": "the
//! broker periodically records the consumer offsets"; "Replaying old messages").
//!
//! Its log and committed offsets are durable (on disk); the group's membership is not:
//! after a broker restart every consumer rejoins.

use alloc::collections::BTreeSet;
use alloc::vec::Vec;

use super::group::{Group, GroupTiming};
use super::log::{partition_of, Event, PartitionLog, Record, Retention};
use super::msg::{Msg, Note, RebalanceCause, Timer};
use super::Member;
use crate::sim::{Ctx, NodeId};

/// The broker's state.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Broker {
    /// The topic's partitions.
    pub partitions: Vec<PartitionLog>,
    /// Their retention.
    pub retention: Retention,
    /// Each partition's committed offset (the next offset the group reads).
    pub committed: Vec<u64>,
    /// Each partition's explicit replays so far (a committed offset may go back only
    /// with one).
    pub replays: Vec<u64>,
    /// The consumer group.
    pub group: Group,
    /// The group's timing.
    pub timing: GroupTiming,
    /// Ids of every event appended (the idempotent producer's dedup, as Kafka's
    /// `enable.idempotence`: a resent `Produce` is not appended twice).
    appended: BTreeSet<u64>,
}

impl Broker {
    /// A broker with `partitions` empty partitions.
    pub fn new(partitions: u32, retention: Retention, group: Group, timing: GroupTiming) -> Self {
        let n = usize::try_from(partitions).unwrap_or(0);
        Broker {
            partitions: alloc::vec![PartitionLog::default(); n],
            retention,
            committed: alloc::vec![0; n],
            replays: alloc::vec![0; n],
            group,
            timing,
            appended: BTreeSet::new(),
        }
    }

    fn count(&self) -> u32 {
        u32::try_from(self.partitions.len()).unwrap_or(u32::MAX)
    }

    /// Appends `event` to its key's partition unless it is already there.
    pub(super) fn produce(&mut self, event: Event, ctx: &mut Ctx<'_, Member>) {
        if self.appended.insert(event.id) {
            let p = partition_of(event.key, self.count());
            let now = ctx.now().as_micros();
            if let Some(log) = self.partitions.get_mut(index(p)) {
                log.append(event, now);
                let count = log.trim(self.retention, now);
                if count > 0 {
                    ctx.note(Note::Trimmed {
                        partition: p,
                        count,
                    });
                }
            }
        }
    }

    /// Answers a fetch: records, or `fenced` while the member may not read `partition`.
    pub(super) fn fetch(&self, from: NodeId, msg: &Msg) -> Option<Msg> {
        let Msg::Fetch {
            generation,
            partition,
            offset,
            max,
            seq,
        } = *msg
        else {
            return None;
        };
        self.partitions.get(index(partition))?;
        if !self.group.may_use(from, generation, partition) {
            return Some(Msg::Records {
                seq,
                first: offset,
                records: Vec::new(),
                fenced: true,
            });
        }
        let (first, records) = self.read(partition, offset, max);
        Some(Msg::Records {
            seq,
            first,
            records,
            fenced: false,
        })
    }

    /// Up to `max` records of `partition` from `offset` (from the log start if
    /// retention deleted `offset`), with the first offset read.
    pub(super) fn read(&self, partition: u32, offset: u64, max: u32) -> (u64, Vec<Record>) {
        self.partitions
            .get(index(partition))
            .map_or((offset, Vec::new()), |log| log.read(offset, index(max)))
    }

    /// Stores a commit from the partition's owner in the current generation (or in the
    /// generation before, while a rebalance revokes it: [`Group::may_commit`]). Offsets
    /// only move forward here (a delayed copy of an older commit changes nothing).
    pub(super) fn commit(
        &mut self,
        from: NodeId,
        generation: u64,
        partition: u32,
        offset: u64,
    ) -> bool {
        if !self.group.may_commit(from, generation, partition) {
            return false;
        }
        if let Some(c) = self.committed.get_mut(index(partition)) {
            *c = (*c).max(offset);
        }
        true
    }

    /// Sets `partition`'s committed offset to `offset` (backwards allowed) and
    /// rebalances so its owner starts there. A reset while a rebalance runs joins it
    /// (the assignment that ends it hands out the offsets as they are then): resetting
    /// every partition at once is one admin action and one rebalance, as Kafka's
    /// `kafka-consumer-groups --reset-offsets` resets a whole group (which must be
    /// inactive) in one go. The old generation may no longer commit the partition, so
    /// no late commit undoes the reset.
    pub(super) fn replay(&mut self, partition: u32, offset: u64, ctx: &mut Ctx<'_, Member>) {
        let i = index(partition);
        if i >= self.committed.len() {
            return;
        }
        self.committed[i] = offset;
        self.replays[i] += 1;
        if self.group.rebalancing_until.is_none() {
            self.rebalance(RebalanceCause::Replay(partition, offset), ctx);
        } else {
            // Told once per partition (U4): the rebalance line names the first.
            ctx.note(Note::OffsetReset { partition, offset });
        }
        for (_, ps) in self.group.revoked.iter_mut() {
            ps.retain(|&p| p != partition);
        }
    }

    /// A member joined (or rejoined) at `now`.
    pub(super) fn join(&mut self, member: NodeId, ctx: &mut Ctx<'_, Member>) {
        let known = self.group.members.insert(member, ctx.now()).is_some();
        if !known {
            self.rebalance(RebalanceCause::Joined(member), ctx);
        } else if self.group.rebalancing_until.is_none() {
            self.send_assignment(member, ctx);
        }
    }

    /// A member left cleanly.
    pub(super) fn leave(&mut self, member: NodeId, ctx: &mut Ctx<'_, Member>) {
        if self.group.members.remove(&member).is_some() {
            self.rebalance(RebalanceCause::Left(member), ctx);
        }
    }

    /// A heartbeat: refreshes the member, answers with the generation.
    pub(super) fn heartbeat(&mut self, member: NodeId, ctx: &mut Ctx<'_, Member>) {
        let now = ctx.now();
        let known = match self.group.members.get_mut(&member) {
            Some(seen) => {
                *seen = now;
                true
            }
            None => false,
        };
        let generation = self.group.generation;
        ctx.send(
            member,
            Msg::HeartbeatAck {
                generation,
                member: known,
            },
        );
    }

    /// Declares dead the members whose heartbeats stopped, then checks again later.
    pub(super) fn expire(&mut self, ctx: &mut Ctx<'_, Member>) {
        for m in self.group.expired(ctx.now(), self.timing.session_us) {
            self.group.members.remove(&m);
            self.group.expirations += 1;
            self.rebalance(RebalanceCause::Expired(m), ctx);
        }
        ctx.set_timer(self.timing.heartbeat_us, Timer::Expire);
    }

    fn rebalance(&mut self, cause: RebalanceCause, ctx: &mut Ctx<'_, Member>) {
        let generation = self.group.begin(ctx.now(), self.timing.rebalance_us);
        ctx.note(Note::RebalanceBegins { generation, cause });
        ctx.set_timer(self.timing.rebalance_us, Timer::Rebalanced(generation));
    }

    /// The rebalance of `generation` is over: hand out the assignment.
    pub(super) fn rebalanced(&mut self, generation: u64, ctx: &mut Ctx<'_, Member>) {
        if !self.group.finish(generation, self.count()) {
            return;
        }
        let assignment: Vec<(usize, Vec<u32>)> = self
            .group
            .assignment
            .iter()
            .map(|(&m, ps)| (m, ps.clone()))
            .collect();
        ctx.note(Note::Assigned {
            generation,
            assignment,
        });
        let members: Vec<NodeId> = self.group.members.keys().copied().collect();
        for m in members {
            self.send_assignment(m, ctx);
        }
    }

    /// Sends `member` its partitions in the current generation with their offsets.
    pub(super) fn send_assignment(&self, member: NodeId, ctx: &mut Ctx<'_, Member>) {
        if self.group.rebalancing_until.is_some() {
            return;
        }
        let partitions = self
            .group
            .assignment
            .get(&member)
            .cloned()
            .unwrap_or_default();
        let offsets = partitions
            .iter()
            .map(|&p| self.committed.get(index(p)).copied().unwrap_or(0))
            .collect();
        ctx.send(
            member,
            Msg::Assign {
                generation: self.group.generation,
                partitions,
                offsets,
            },
        );
    }

    /// After a restart: the log and the committed offsets are on disk, the group's
    /// membership is gone (every consumer rejoins).
    pub(super) fn restarted(&self) -> Self {
        let mut b = self.clone();
        b.group.members.clear();
        b.group.assignment.clear();
        b.group.revoked.clear();
        b.group.rebalancing_until = None;
        b
    }
}

/// A partition number or count as an index.
pub(super) fn index(p: u32) -> usize {
    usize::try_from(p).unwrap_or(usize::MAX)
}
