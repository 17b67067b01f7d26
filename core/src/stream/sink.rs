//! The sink (node 2): the database a consumer writes its effects to, and the derived
//! view they build (a per-key sum). Everything it applied is durable. Duplicated and
//! lost effects are counted from its contents ([`super::delivery`]), never assumed.

use alloc::collections::{BTreeMap, BTreeSet};
use alloc::vec::Vec;

use super::msg::{Msg, Output, WriteKind};
use super::Member;
use crate::sim::vec_map::{VecMap, VecSet};
use crate::sim::{Ctx, NodeId};

/// The sink's state.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Sink {
    /// Every output applied, in order (duplicates included).
    pub outputs: Vec<Output>,
    /// Ids of the events with an applied output.
    pub ids: BTreeSet<u64>,
    /// Atomic commit: each partition's next offset, stored with its outputs.
    pub offsets: VecMap<u32, u64>,
    /// Outputs an idempotent write skipped because their event was already applied.
    pub skipped: u64,
    /// Requests applied, by (session, seq): a copy of one is not applied again.
    seen: VecSet<(u64, u64)>,
}

impl Sink {
    /// Applies a write (once per request) and acknowledges it.
    pub(super) fn write(&mut self, from: NodeId, msg: Msg, ctx: &mut Ctx<'_, Member>) {
        let Msg::Write {
            session,
            seq,
            outputs,
            kind,
        } = msg
        else {
            return;
        };
        let fenced = self.seen.insert((session, seq)) && !self.apply(&outputs, kind);
        ctx.send(from, Msg::Written { seq, fenced });
    }

    /// Applies a write; false when an atomic write is fenced.
    fn apply(&mut self, outputs: &[Output], kind: WriteKind) -> bool {
        match kind {
            WriteKind::Plain => self.append(outputs, false),
            WriteKind::Idempotent => self.append(outputs, true),
            WriteKind::Atomic {
                partition,
                from,
                offset,
            } => match self.offsets.get(&partition).copied() {
                Some(held) if held >= offset => {}
                Some(held) if held != from => return false,
                _ => {
                    self.append(outputs, false);
                    self.offsets.insert(partition, offset);
                }
            },
        }
        true
    }

    fn append(&mut self, outputs: &[Output], skip_known: bool) {
        for o in outputs {
            if self.ids.insert(o.id) || !skip_known {
                self.outputs.push(*o);
            } else {
                self.skipped += 1;
            }
        }
    }

    /// Answers an offset query (atomic commit).
    pub(super) fn offsets(
        &self,
        from: NodeId,
        seq: u64,
        partitions: &[u32],
        ctx: &mut Ctx<'_, Member>,
    ) {
        let offsets = partitions
            .iter()
            .map(|p| self.offsets.get(p).copied())
            .collect();
        ctx.send(from, Msg::OffsetsAre { seq, offsets });
    }

    /// The derived view: each key's sum of the applied outputs.
    pub fn view(&self) -> BTreeMap<u64, i64> {
        let mut view = BTreeMap::new();
        for o in &self.outputs {
            *view.entry(o.key).or_insert(0) += o.value;
        }
        view
    }
}
