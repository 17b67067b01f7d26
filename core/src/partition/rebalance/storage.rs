//! A storage node: the partitions (units) it stores and serves, its side of a handoff
//! (send the keys until copied; keep serving until released, only then stop serving,
//! delete and forward), and reads: answered
//! when it serves the unit; under "any node forwards" passed on by its own copy of the
//! routing table, or to where it handed the unit, as Riak forwards during handoff.

use alloc::vec::Vec;

use super::super::fixed::fixed_partition;
use super::super::vec_map::{VecMap, VecSet};
use super::super::Key;
use super::msg::{MoveId, Msg, Note, Reply, Timer, MAX_HOPS, RETRY_US};
use super::Member;
use crate::sim::{self, Ctx};

/// A storage node's state.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Storage {
    /// Keys stored, by partition (durable).
    pub store: VecMap<u32, VecSet<Key>>,
    /// Partitions this node serves (durable).
    pub serving: VecSet<u32>,
    /// The highest move id seen per partition (durable): older transfers are stale.
    pub(super) seen: VecMap<u32, MoveId>,
    /// Moves whose copy this node completed as the old owner (durable), to answer a
    /// resent `Handoff`.
    pub(super) handed: VecSet<MoveId>,
    /// Where each partition this node handed off went (durable): it forwards reads
    /// of it there.
    pub gone: VecMap<u32, sim::NodeId>,
    /// Its copy of the routing table, the owner of each partition (durable), and the
    /// copy's version, kept current by the coordinator's pushes.
    pub table: (Vec<sim::NodeId>, u64),
    /// Transfers in progress as the old owner: partition -> (to, id) (volatile).
    pub copying: VecMap<u32, (sim::NodeId, MoveId)>,
    /// Fixed partitions (keys map to units by partition), or `None` for a plan's
    /// transfer units.
    pub(super) partitions: Option<u32>,
    /// Whether a retry timer is armed (volatile).
    pub(super) armed: bool,
}

impl Storage {
    pub(super) fn on_message(&mut self, from: sim::NodeId, msg: Msg, ctx: &mut Ctx<'_, Member>) {
        match msg {
            Msg::Handoff { p, to, id } => {
                if self.handed.contains(&id) {
                    ctx.send(0, Msg::Done { p, id });
                } else if self.serving.contains(&p) && !self.copying.contains_key(&p) {
                    self.seen.insert(p, id);
                    self.copying.insert(p, (to, id));
                    self.send_transfer(p, ctx);
                    self.arm(ctx);
                }
            }
            Msg::Transfer { p, id, keys } => {
                if self.seen.get(&p).is_some_and(|&s| s > id) {
                    return;
                }
                self.seen.insert(p, id);
                self.store.entry_or_default(p).extend(keys);
                ctx.send(from, Msg::Copied { p, id });
            }
            Msg::Copied { p, id } if self.copying.get(&p).is_some_and(|&(_, i)| i == id) => {
                self.copying.remove(&p);
                self.handed.insert(id);
                ctx.send(0, Msg::Done { p, id });
            }
            Msg::Release { p, id, to } => {
                if self.handed.contains(&id) && self.serving.remove(&p) {
                    self.store.remove(&p);
                    self.gone.insert(p, to);
                    ctx.note(Note::HandedOff { p });
                }
                ctx.send(0, Msg::Released { p, id });
            }
            Msg::Read { key, unit, req } => {
                let reply = self.serve(key, unit, ctx);
                ctx.send(from, Msg::ReadReply { req, reply });
            }
            Msg::Ask {
                key,
                unit,
                req,
                client,
                hops,
            } => self.ask(key, unit, (req, client, hops), from, ctx),
            Msg::Table { owners, version } if version > self.table.1 => {
                self.table = (owners, version);
            }
            Msg::Activate { p, id, .. } => {
                if self.seen.get(&p).is_some_and(|&s| s == id) && self.serving.insert(p) {
                    self.gone.remove(&p);
                    ctx.note(Note::Serving { p });
                }
                ctx.send(0, Msg::Active { p, id });
            }
            _ => {}
        }
    }

    /// The answer to a read of `key` in `unit`: its value only if this node serves
    /// `unit` (narrated as [`Note::Answered`]).
    fn serve(&self, key: Key, unit: u32, ctx: &mut Ctx<'_, Member>) -> Reply {
        if !self.serving.contains(&unit) {
            return Reply::NotMine(key);
        }
        if !self.store.get(&unit).is_some_and(|s| s.contains(&key)) {
            return Reply::Missing(key);
        }
        ctx.note(Note::Answered { p: unit });
        Reply::Value(key)
    }

    /// An [`Msg::Ask`]: answered here if this node serves `unit`; otherwise passed on
    /// to where it handed `unit`, or to the owner its table names, unless that is this
    /// node or the read has been passed on [`MAX_HOPS`] times: then "not mine".
    fn ask(
        &self,
        key: Key,
        unit: u32,
        (req, client, hops): (u64, sim::NodeId, u32),
        via: sim::NodeId,
        ctx: &mut Ctx<'_, Member>,
    ) {
        let next = self
            .gone
            .get(&unit)
            .or_else(|| self.table.0.get(super::super::to_usize(unit)))
            .copied()
            .filter(|&n| n != ctx.id() && hops < MAX_HOPS);
        let reply = self.serve(key, unit, ctx);
        match (reply, next) {
            (Reply::NotMine(_), Some(n)) => ctx.send(
                n,
                Msg::Ask {
                    key,
                    unit,
                    req,
                    client,
                    hops: hops + 1,
                },
            ),
            (reply, _) => ctx.send(
                client,
                Msg::Answer {
                    req,
                    reply,
                    hops,
                    via,
                },
            ),
        }
    }

    pub(super) fn arm(&mut self, ctx: &mut Ctx<'_, Member>) {
        if !self.armed && !self.copying.is_empty() {
            self.armed = true;
            ctx.set_timer(RETRY_US, Timer::Retry);
        }
    }

    pub(super) fn on_timer(&mut self, ctx: &mut Ctx<'_, Member>) {
        self.armed = false;
        let parts: Vec<u32> = self.copying.keys().copied().collect();
        for p in parts {
            self.send_transfer(p, ctx);
        }
        self.arm(ctx);
    }

    pub(super) fn send_transfer(&self, p: u32, ctx: &mut Ctx<'_, Member>) {
        if let Some(&(to, id)) = self.copying.get(&p) {
            let keys = self
                .store
                .get(&p)
                .map(|s| s.iter().copied().collect())
                .unwrap_or_default();
            ctx.send(to, Msg::Transfer { p, id, keys });
        }
    }

    /// What a read of `key` at this node answers. With fixed partitions the key's
    /// partition is computed (so a served partition lacking the key is `Missing`);
    /// otherwise the node looks the key up among the units it serves.
    pub fn get(&self, key: Key) -> Reply {
        let holds = |u: &u32| self.store.get(u).is_some_and(|s| s.contains(&key));
        match self.partitions {
            Some(parts) => {
                let p = fixed_partition(key, parts);
                if !self.serving.contains(&p) {
                    Reply::NotMine(key)
                } else if holds(&p) {
                    Reply::Value(key)
                } else {
                    Reply::Missing(key)
                }
            }
            None if self.serving.iter().any(holds) => Reply::Value(key),
            None => Reply::NotMine(key),
        }
    }
}
