//! The stream world's live invariants ([`Invariant`]), checked after every event.

use alloc::format;
use alloc::vec::Vec;

use super::msg::Invariant;
use super::Member;
use crate::sim::{Checker, Node, SimTime, Violation};

/// Remembers each partition's log bounds and committed offset from the last event.
#[derive(Clone, Debug, Default)]
pub struct StreamChecker {
    /// (log start, log end, committed offset, replays) per partition.
    last: Vec<(u64, u64, u64, u64)>,
}

impl Checker<Member> for StreamChecker {
    fn check(&mut self, _: SimTime, nodes: &[Node<Member>]) -> Result<(), Violation<Invariant>> {
        let Some(Member::Broker(b)) = nodes.first().map(|n| &n.process) else {
            return Ok(());
        };
        let now: Vec<(u64, u64, u64, u64)> = b
            .partitions
            .iter()
            .zip(&b.committed)
            .zip(&b.replays)
            .map(|((log, &c), &r)| (log.start(), log.end(), c, r))
            .collect();
        for (p, (was, is)) in self.last.iter().zip(&now).enumerate() {
            if is.0 < was.0 || is.1 < was.1 || is.0 > is.1 {
                return Err(Violation {
                    invariant: Invariant::AppendOnly,
                    detail: format!(
                        "partition {p} held offsets {}..{}, now {}..{}",
                        was.0, was.1, is.0, is.1
                    ),
                });
            }
            if is.2 < was.2 && is.3 == was.3 {
                return Err(Violation {
                    invariant: Invariant::OffsetsForward,
                    detail: format!(
                        "partition {p}'s committed offset went from {} back to {} without a replay",
                        was.2, is.2
                    ),
                });
            }
        }
        self.last = now;
        Ok(())
    }
}
