//! The live invariants of the rebalancing world: one server per partition (two during
//! its cut-over), every partition served, no key lost.

use alloc::format;
use alloc::vec::Vec;

use super::super::vec_map::VecSet;
use super::msg::Invariant;
use super::storage::Storage;
use super::Member;
use crate::sim::{Checker, Node, SimTime, Violation};

/// Checks [`Invariant::OneServer`], [`Invariant::Served`] and [`Invariant::NoKeyLost`]
/// against the model of the key set (keys per partition).
#[derive(Clone, Debug)]
pub struct RebalanceChecker {
    pub(super) model: Vec<usize>,
}

impl Checker<Member> for RebalanceChecker {
    fn check(&mut self, _: SimTime, nodes: &[Node<Member>]) -> Result<(), Violation<Invariant>> {
        let moves = match nodes.first().map(|n| &n.process) {
            Some(Member::Coordinator(c)) => Some(&c.moves),
            _ => None,
        };
        let stores: Vec<&Storage> = nodes
            .iter()
            .filter_map(|n| match &n.process {
                Member::Storage(s) => Some(s),
                Member::Coordinator(_) | Member::Router(_) | Member::Client(_) => None,
            })
            .collect();
        for (p, &want) in (0..).zip(&self.model) {
            let servers = stores.iter().filter(|s| s.serving.contains(&p)).count();
            let cut_over = moves.and_then(|m| m.get(&p)).is_some_and(|m| m.copied);
            if servers > 1 + usize::from(cut_over) {
                return Err(Violation {
                    invariant: Invariant::OneServer,
                    detail: format!("{servers} nodes serve partition {p}"),
                });
            }
            if servers == 0 && want > 0 {
                return Err(Violation {
                    invariant: Invariant::Served,
                    detail: format!("no node serves partition {p}"),
                });
            }
            let whole = stores
                .iter()
                .any(|s| s.store.get(&p).map_or(0, VecSet::len) == want);
            if !whole && want > 0 {
                return Err(Violation {
                    invariant: Invariant::NoKeyLost,
                    detail: format!("no node stores all {want} keys of partition {p}"),
                });
            }
        }
        Ok(())
    }
}
