//! Partition assignment within a consumer group (DDIA ch. 11, "Partitioned Logs":
//! "each client consumes all the messages in the partitions it has been assigned"),
//! after Kafka's two classic assignors.

use alloc::vec::Vec;

use crate::sim::vec_map::VecMap;
use crate::sim::NodeId;

/// How a group's partitions are spread over its members.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Assignor {
    /// Kafka's `RangeAssignor`: members in order each take a contiguous run of
    /// `partitions / members` partitions, the first `partitions % members` one more.
    #[default]
    Range,
    /// Kafka's `RoundRobinAssignor`: partition `i` goes to member `i mod members`.
    RoundRobin,
}

impl Assignor {
    /// Both assignors.
    pub const ALL: [Assignor; 2] = [Assignor::Range, Assignor::RoundRobin];

    /// The link word (`range`, `rr`).
    pub fn word(self) -> &'static str {
        match self {
            Assignor::Range => "range",
            Assignor::RoundRobin => "rr",
        }
    }

    /// Each member's partitions, ascending; every member has an entry (maybe empty).
    /// `members` in any order (they are sorted first).
    pub fn assign(self, members: &[NodeId], partitions: u32) -> VecMap<NodeId, Vec<u32>> {
        let mut sorted = members.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        let mut out = VecMap::new();
        for &m in &sorted {
            out.insert(m, Vec::new());
        }
        let n = sorted.len();
        if n == 0 {
            return out;
        }
        for p in 0..partitions {
            let i = usize::try_from(p).unwrap_or(usize::MAX);
            let who = match self {
                Assignor::RoundRobin => i % n,
                Assignor::Range => range_owner(i, usize::try_from(partitions).unwrap_or(0), n),
            };
            out.entry_or_default(sorted[who]).push(p);
        }
        out
    }
}

/// The member (index) that owns partition `p` of `parts` under the range assignor.
fn range_owner(p: usize, parts: usize, members: usize) -> usize {
    let (each, extra) = (parts / members, parts % members);
    let big = extra * (each + 1);
    if p < big {
        p / (each + 1)
    } else {
        extra + (p - big) / each.max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    /// Member `m`'s partitions in `a` (none if it has no entry).
    fn of(a: &VecMap<NodeId, Vec<u32>>, m: NodeId) -> &[u32] {
        a.get(&m).map_or(&[], Vec::as_slice)
    }

    #[test]
    fn range_gives_contiguous_runs_and_round_robin_deals() {
        let r = Assignor::Range.assign(&[5, 3, 4], 7);
        assert_eq!(of(&r, 3), vec![0, 1, 2]);
        assert_eq!(of(&r, 4), vec![3, 4]);
        assert_eq!(of(&r, 5), vec![5, 6]);
        let rr = Assignor::RoundRobin.assign(&[3, 4, 5], 7);
        assert_eq!(of(&rr, 3), vec![0, 3, 6]);
        assert_eq!(of(&rr, 5), vec![2, 5]);
        let idle = Assignor::Range.assign(&[3, 4, 5], 2);
        assert!(
            idle.get(&5).is_some_and(Vec::is_empty),
            "more members than partitions: one idles"
        );
        assert!(Assignor::Range.assign(&[], 3).is_empty());
    }
}
