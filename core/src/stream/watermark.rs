//! Watermarks by bounded out-of-orderness (DDIA ch. 11, "Knowing when you're ready"),
//! after Flink's `BoundedOutOfOrdernessWatermarks` and `withIdleness`:
//!
//! - each partition's watermark is `max event time seen - bound - 1` (µs): "no event at
//!   or before this time is still expected from this partition"; before its first event
//!   (or while that is negative) it is minus infinity (`None`);
//! - the operator's watermark is the minimum over the partitions that are not idle, and
//!   never goes back;
//! - a partition is idle once no event has arrived from it for `idle_us` of processing
//!   time (0: never idle). An idle partition is left out of the minimum, so it no
//!   longer holds the watermark back; its next event makes it active again. If every
//!   partition is idle the watermark stays where it is.

use alloc::vec;
use alloc::vec::Vec;

/// The watermark's parameters, µs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct WatermarkParams {
    /// The out-of-orderness bound.
    pub bound_us: u64,
    /// Processing time without events after which a partition is idle (0: never).
    pub idle_us: u64,
}

/// The watermarks of `partitions` partitions.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Watermarks {
    params: WatermarkParams,
    max_event: Vec<Option<u64>>,
    last_arrival: Vec<u64>,
    current: Option<u64>,
}

impl Watermarks {
    /// No event seen on any of `partitions` partitions.
    pub fn new(partitions: u32, params: WatermarkParams) -> Self {
        let n = usize::try_from(partitions.max(1)).unwrap_or(1);
        Watermarks {
            params,
            max_event: vec![None; n],
            last_arrival: vec![0; n],
            current: None,
        }
    }

    /// The operator's watermark (`None`: minus infinity).
    pub fn current(&self) -> Option<u64> {
        self.current
    }

    /// Records an event of `partition` with event time `event_us` arriving at
    /// `arrival_us`.
    pub fn observe(&mut self, partition: u32, event_us: u64, arrival_us: u64) {
        let Some(i) = usize::try_from(partition)
            .ok()
            .filter(|&i| i < self.max_event.len())
        else {
            return;
        };
        self.max_event[i] = Some(self.max_event[i].map_or(event_us, |m| m.max(event_us)));
        self.last_arrival[i] = self.last_arrival[i].max(arrival_us);
    }

    /// Whether partition `i` is idle at processing time `now_us`.
    pub fn idle(&self, i: usize, now_us: u64) -> bool {
        self.params.idle_us > 0
            && now_us.saturating_sub(self.last_arrival.get(i).copied().unwrap_or(0))
                >= self.params.idle_us
    }

    /// Recomputes the watermark at processing time `now_us`; returns it.
    pub fn advance(&mut self, now_us: u64) -> Option<u64> {
        let mut min: Option<Option<u64>> = None;
        for (i, max) in self.max_event.iter().enumerate() {
            if self.idle(i, now_us) {
                continue;
            }
            let wm = max.and_then(|m| m.checked_sub(self.params.bound_us + 1));
            min = Some(match min {
                None => wm,
                Some(m) => m.min(wm),
            });
        }
        if let Some(Some(w)) = min {
            self.current = Some(self.current.map_or(w, |c| c.max(w)));
        }
        self.current
    }

    /// The end of the input: the watermark jumps to the end of time.
    pub fn finish(&mut self) -> Option<u64> {
        self.current = Some(u64::MAX);
        self.current
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_slowest_partition_holds_the_watermark_until_it_idles() {
        let params = WatermarkParams {
            bound_us: 10,
            idle_us: 100,
        };
        let mut wm = Watermarks::new(2, params);
        wm.observe(0, 50, 1);
        assert_eq!(wm.advance(1), None, "partition 1 has seen nothing");
        wm.observe(1, 30, 2);
        assert_eq!(wm.advance(2), Some(19), "min(50, 30) - 10 - 1");
        wm.observe(0, 200, 150);
        assert_eq!(wm.advance(150), Some(189), "partition 1 is idle: left out");
        wm.observe(1, 35, 160);
        assert_eq!(wm.advance(160), Some(189), "never back");
        let mut never_idle = Watermarks::new(
            2,
            WatermarkParams {
                bound_us: 0,
                idle_us: 0,
            },
        );
        never_idle.observe(0, 500, 10_000);
        assert_eq!(
            never_idle.advance(10_000),
            None,
            "an empty partition holds it forever"
        );
        assert_eq!(never_idle.finish(), Some(u64::MAX));
    }
}
