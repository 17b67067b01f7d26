//! The coordination service (ZooKeeper-like, node 0): the routing table with its
//! version (flipped as each move completes), the moves under way, and the table pushed
//! to its watchers (routers, and storage nodes when any node may be asked).

use alloc::vec::Vec;

use super::super::owners::{join, leave};
use super::super::vec_map::VecMap;
use super::super::NodeId;
use super::build::{pid, sid};
use super::msg::{MoveId, Msg, Note, Reply, Request, Timer, RETRY_US};
use super::Member;
use crate::sim::{self, Ctx};

/// A pending move at the coordinator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Move {
    /// The move's id.
    pub id: MoveId,
    /// Old owner.
    pub from: sim::NodeId,
    /// New owner.
    pub to: sim::NodeId,
    /// Whether the old owner reported `Done` (the new owner has a copy; activating).
    pub copied: bool,
    /// Whether the new owner reported `Active` (releasing the old owner, which serves
    /// until then).
    pub active: bool,
}

/// The coordination service's state (all durable).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Coordinator {
    /// The routing table's version.
    pub version: u64,
    /// Owner of each partition.
    pub owners: Vec<sim::NodeId>,
    /// Member storage nodes, sorted.
    pub members: Vec<sim::NodeId>,
    /// Moves under way, by partition.
    pub moves: VecMap<u32, Move>,
    /// Moves waiting for the operator (manual mode).
    pub planned: Vec<(u32, sim::NodeId, sim::NodeId)>,
    /// Nodes watching the table (pushed to them at each flip): routers, and
    /// storage nodes when a client may ask any of them.
    pub watchers: Vec<sim::NodeId>,
    pub(super) manual: bool,
    pub(super) next_move: MoveId,
}

impl Coordinator {
    pub(super) fn change(&mut self, req: &Request) -> Reply {
        if !self.moves.is_empty() || !self.planned.is_empty() {
            return Reply::Refused;
        }
        let mut members: Vec<NodeId> = self.members.iter().map(|&n| pid(n)).collect();
        let mut owners: Vec<NodeId> = self.owners.iter().map(|&n| pid(n)).collect();
        let changed = match *req {
            Request::Join(n) if n > 0 && members.len() < owners.len() => {
                join(&mut members, &mut owners, pid(n))
            }
            Request::Leave(n) => leave(&mut members, &mut owners, pid(n)),
            _ => return Reply::Refused,
        };
        if changed.is_err() {
            return Reply::Refused;
        }
        self.members = members.into_iter().map(sid).collect();
        self.planned = (0..)
            .zip(self.owners.iter().zip(&owners))
            .filter(|(_, (a, b))| sid(**b) != **a)
            .map(|(p, (&a, &b))| (p, a, sid(b)))
            .collect();
        Reply::Planned(self.planned.clone())
    }

    /// Turns the planned moves into moves under way (sent by the next resend).
    pub(super) fn schedule_planned(&mut self) {
        for (p, from, to) in core::mem::take(&mut self.planned) {
            let id = self.next_move;
            self.next_move += 1;
            self.moves.insert(
                p,
                Move {
                    id,
                    from,
                    to,
                    copied: false,
                    active: false,
                },
            );
        }
    }

    pub(super) fn start(&mut self, ctx: &mut Ctx<'_, Member>) {
        self.schedule_planned();
        self.resend(ctx);
    }

    pub(super) fn resend(&self, ctx: &mut Ctx<'_, Member>) {
        for (&p, m) in self.moves.iter() {
            self.advance(p, m, ctx);
        }
        if !self.moves.is_empty() {
            ctx.set_timer(RETRY_US, Timer::Retry);
        }
    }

    /// The message that advances move `m` of partition `p`: `Handoff` to the old owner
    /// until it reports the copy done, then `Activate` to the new owner until it is
    /// active, then `Release` to the old owner until it is released.
    fn advance(&self, p: u32, m: &Move, ctx: &mut Ctx<'_, Member>) {
        let (id, to) = (m.id, m.to);
        match (m.copied, m.active) {
            (false, _) => ctx.send(m.from, Msg::Handoff { p, to, id }),
            (true, false) => ctx.send(
                to,
                Msg::Activate {
                    p,
                    id,
                    version: self.version,
                },
            ),
            (true, true) => ctx.send(m.from, Msg::Release { p, id, to }),
        }
    }

    pub(super) fn table(&self) -> Msg {
        Msg::Table {
            owners: self.owners.clone(),
            version: self.version,
        }
    }

    pub(super) fn on_message(&mut self, from: sim::NodeId, msg: Msg, ctx: &mut Ctx<'_, Member>) {
        match msg {
            Msg::Done { p, id } => {
                let Some(m) = self.moves.get_mut(&p).filter(|m| m.id == id && !m.copied) else {
                    return;
                };
                m.copied = true;
                let m = *m;
                self.advance(p, &m, ctx);
            }
            Msg::TableQuery => ctx.send(from, self.table()),
            Msg::Active { p, id } => {
                let Some(m) = self.moves.get_mut(&p).filter(|m| m.id == id && m.copied) else {
                    return;
                };
                m.active = true;
                let m = *m;
                self.advance(p, &m, ctx);
            }
            // The move is over: the table flips, and the watchers hear of it (as
            // Helix's routing tier follows the nodes' reported state). Until it lands
            // their copies are stale, and a read they route to the released old
            // owner is "not mine".
            Msg::Released { p, id }
                if self.moves.get(&p).is_some_and(|m| m.id == id && m.active) =>
            {
                let Some(m) = self.moves.remove(&p) else {
                    return;
                };
                self.version += 1;
                if let Some(o) = self.owners.get_mut(super::super::to_usize(p)) {
                    *o = m.to;
                }
                let (to, version) = (m.to, self.version);
                ctx.note(Note::Flipped { p, to, version });
                for &r in &self.watchers {
                    ctx.send(r, self.table());
                }
            }
            _ => {}
        }
    }
}
