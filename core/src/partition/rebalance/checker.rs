//! The live invariants of the rebalancing world: one server per partition, no key lost.

use alloc::format;
use alloc::vec::Vec;

use super::super::vec_map::VecSet;
use super::msg::Invariant;
use super::storage::Storage;
use super::Member;
use crate::sim::{Checker, Node, SimTime, Violation};

/// Checks [`Invariant::OneServer`] and [`Invariant::NoKeyLost`] against the model of
/// the key set (keys per partition).
#[derive(Clone, Debug)]
pub struct RebalanceChecker {
    pub(super) model: Vec<usize>,
}

impl Checker<Member> for RebalanceChecker {
    fn check(&mut self, _: SimTime, nodes: &[Node<Member>]) -> Result<(), Violation<Invariant>> {
        let stores: Vec<&Storage> = nodes
            .iter()
            .filter_map(|n| match &n.process {
                Member::Storage(s) => Some(s),
                Member::Coordinator(_) | Member::Router(_) | Member::Client(_) => None,
            })
            .collect();
        for (p, &want) in (0..).zip(&self.model) {
            let servers = stores.iter().filter(|s| s.serving.contains(&p)).count();
            if servers > 1 {
                return Err(Violation {
                    invariant: Invariant::OneServer,
                    detail: format!("{servers} nodes serve partition {p}"),
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
