//! Simulated time. Never the operating system's clock (which panics on wasm32 and
//! breaks replay): the kernel advances [`SimTime`] from event to event.

use core::fmt;
use serde::{Deserialize, Serialize};

/// A point in simulated time, in microseconds since the start of the run.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct SimTime(pub u64);

impl SimTime {
    /// The start of every run.
    pub const ZERO: SimTime = SimTime(0);

    /// `us` microseconds after the start.
    pub const fn from_micros(us: u64) -> Self {
        SimTime(us)
    }

    /// `ms` milliseconds after the start.
    pub const fn from_millis(ms: u64) -> Self {
        SimTime(ms.saturating_mul(1_000))
    }

    /// Microseconds since the start.
    pub const fn as_micros(self) -> u64 {
        self.0
    }

    /// Whole milliseconds since the start (rounded down).
    pub const fn as_millis(self) -> u64 {
        self.0 / 1_000
    }

    /// This time plus `us` microseconds, saturating at the end of time.
    pub const fn plus(self, us: u64) -> Self {
        SimTime(self.0.saturating_add(us))
    }

    /// This time shifted by a signed offset in microseconds, clamped to `[0, MAX]`
    /// (used for a node's skewed local clock).
    pub const fn offset(self, us: i64) -> Self {
        if us >= 0 {
            self.plus(us as u64)
        } else {
            SimTime(self.0.saturating_sub(us.unsigned_abs()))
        }
    }

    /// Microseconds from `earlier` to `self`; zero if `earlier` is later.
    pub const fn since(self, earlier: SimTime) -> u64 {
        self.0.saturating_sub(earlier.0)
    }
}

impl fmt::Display for SimTime {
    /// Milliseconds with three decimals, e.g. `152.300 ms`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:03} ms", self.0 / 1_000, self.0 % 1_000)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;

    #[test]
    fn arithmetic_saturates_and_displays_in_ms() {
        assert_eq!(SimTime::from_millis(2).plus(500).as_micros(), 2_500);
        assert_eq!(SimTime(5).offset(-10), SimTime::ZERO);
        assert_eq!(SimTime(5).offset(10), SimTime(15));
        assert_eq!(SimTime(u64::MAX).plus(1), SimTime(u64::MAX));
        assert_eq!(SimTime(3).since(SimTime(9)), 0);
        assert_eq!(format!("{}", SimTime(152_300)), "152.300 ms");
    }
}
