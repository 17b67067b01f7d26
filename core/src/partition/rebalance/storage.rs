//! A storage node: the partitions (units) it stores and serves, and its side of a
//! handoff (send the keys until copied, then stop serving and delete).

use alloc::collections::BTreeSet;
use alloc::vec::Vec;

use super::super::fixed::fixed_partition;
use super::super::vec_map::{VecMap, VecSet};
use super::super::Key;
use super::msg::{MoveId, Msg, Note, Reply, Timer, RETRY_US};
use super::Member;
use crate::sim::{self, Ctx};

/// A storage node's state.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Storage {
    /// Keys stored, by partition (durable).
    pub store: VecMap<u32, BTreeSet<Key>>,
    /// Partitions this node serves (durable).
    pub serving: VecSet<u32>,
    /// The highest move id seen per partition (durable): older transfers are stale.
    pub(super) seen: VecMap<u32, MoveId>,
    /// Moves this node completed as the old owner (durable), to answer a resent
    /// `Handoff`.
    pub(super) handed: VecSet<MoveId>,
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
                self.serving.remove(&p);
                self.store.remove(&p);
                self.handed.insert(id);
                ctx.note(Note::HandedOff { p });
                ctx.send(0, Msg::Done { p, id });
            }
            Msg::Read { key, req } => ctx.send(
                from,
                Msg::ReadReply {
                    req,
                    reply: self.get(key),
                },
            ),
            Msg::Activate { p, id, .. } => {
                if self.seen.get(&p).is_some_and(|&s| s == id) && self.serving.insert(p) {
                    ctx.note(Note::Serving { p });
                }
                ctx.send(0, Msg::Active { p, id });
            }
            _ => {}
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
