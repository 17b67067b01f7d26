//! Random fault schedules, VOPR style: a seed expands into a logged list of timed
//! actions (crashes, restarts, partitions, one-way cuts, pauses, lossy and duplicating
//! links, client requests). Used by the property tests and by the labs' "chaos" runs.

use super::action::{Action, Timed};
use super::net::LinkFaults;
use super::rng::SimRng;
use alloc::vec::Vec;

/// What a random schedule may contain. Durations are microseconds, probabilities
/// parts per million.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FaultMix {
    /// Actions fall in `0..duration_us`.
    pub duration_us: u64,
    /// How many actions to draw.
    pub actions: usize,
    /// Highest loss a `SetLinks` may choose.
    pub max_loss_ppm: u32,
    /// Highest duplication a `SetLinks` may choose.
    pub max_dup_ppm: u32,
    /// Latency range a `SetLinks` chooses within, microseconds.
    pub latency_us: (u64, u64),
    /// Longest process pause.
    pub max_pause_us: u64,
}

impl Default for FaultMix {
    /// Ten seconds, 30 actions, loss up to 30 %, duplication up to 10 %, latency
    /// 1-50 ms, pauses up to 1 s.
    fn default() -> Self {
        FaultMix {
            duration_us: 10_000_000,
            actions: 30,
            max_loss_ppm: 300_000,
            max_dup_ppm: 100_000,
            latency_us: (1_000, 50_000),
            max_pause_us: 1_000_000,
        }
    }
}

/// Draws a schedule for a cluster of `nodes` (>= 2) nodes, sorted by time.
/// `request` makes the payload of each client request.
pub fn schedule<R>(
    rng: &mut SimRng,
    nodes: usize,
    mix: &FaultMix,
    mut request: impl FnMut(&mut SimRng) -> R,
) -> Vec<Timed<R>> {
    let mut out: Vec<Timed<R>> = (0..mix.actions)
        .map(|_| {
            let at_us = rng.range_inclusive(0, mix.duration_us.saturating_sub(1));
            let action = one(rng, nodes, mix, &mut request);
            Timed { at_us, action }
        })
        .collect();
    out.sort_by_key(|t| t.at_us);
    out
}

fn one<R>(
    rng: &mut SimRng,
    nodes: usize,
    mix: &FaultMix,
    request: &mut impl FnMut(&mut SimRng) -> R,
) -> Action<R> {
    let node = rng.index(nodes);
    match rng.range_inclusive(0, 9) {
        0 => Action::Crash(node),
        1 | 2 => Action::Restart(node),
        3 => {
            // A proper, non-empty subset on one side.
            let all = (1u64 << nodes) - 1;
            let side = rng.range_inclusive(1, all - 1);
            Action::Partition { side }
        }
        4 => Action::CutLink {
            from: node,
            to: (node + 1 + rng.index(nodes - 1)) % nodes,
        },
        5 => Action::Heal,
        6 => Action::SetLinks(LinkFaults {
            latency_min_us: mix.latency_us.0,
            latency_max_us: rng.range_inclusive(mix.latency_us.0, mix.latency_us.1),
            loss_ppm: ppm_up_to(rng, mix.max_loss_ppm),
            dup_ppm: ppm_up_to(rng, mix.max_dup_ppm),
        }),
        7 => Action::Pause {
            node,
            for_us: rng.range_inclusive(1, mix.max_pause_us),
        },
        _ => Action::Client {
            node,
            request: request(rng),
        },
    }
}

/// A uniform probability in `0..=max` parts per million.
fn ppm_up_to(rng: &mut SimRng, max: u32) -> u32 {
    // The draw is at most `max`, a u32, so the conversion never fails.
    u32::try_from(rng.range_inclusive(0, u64::from(max))).unwrap_or(max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedules_are_sorted_in_range_and_reproducible() {
        let mix = FaultMix::default();
        let a = schedule(&mut SimRng::new(5), 5, &mix, |r| r.next_u64());
        let b = schedule(&mut SimRng::new(5), 5, &mix, |r| r.next_u64());
        assert_eq!(a, b);
        assert_eq!(a.len(), 30);
        assert!(a.windows(2).all(|w| w[0].at_us <= w[1].at_us));
        for t in &a {
            assert!(t.at_us < mix.duration_us);
            if let Action::Partition { side } = t.action {
                assert!(side != 0 && side < 31);
            }
            if let Action::SetLinks(l) = t.action {
                assert!(l.loss_ppm <= 300_000);
            }
        }
    }
}
