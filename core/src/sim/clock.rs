//! A node's local clock: simulated time plus an offset that is stepped (skew) and grows
//! at a drift rate (DDIA ch. 8, "Unreliable Clocks": a quartz clock drifts by tens to
//! hundreds of parts per million; NTP steps it back). Timers measure durations on this
//! clock, so a constant offset never moves them, but drift does: a clock running 10 %
//! fast ends a 200 ms timeout after about 182 ms of simulated time.

use super::action::MAX_DRIFT_PPM;
use super::time::SimTime;
use super::PPM;

/// One node's clock: `offset(t) = skew_us + drift_ppm * (t - set_at) / 1e6` µs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LocalClock {
    /// The offset from simulated time when the clock was last stepped or its rate
    /// changed, microseconds (positive: ahead).
    pub skew_us: i64,
    /// How fast the clock runs against simulated time, parts per million (positive:
    /// fast), within `±MAX_DRIFT_PPM`.
    pub drift_ppm: i32,
    /// When `skew_us` was taken, simulated time.
    pub set_at: SimTime,
}

impl LocalClock {
    /// The clock's offset from simulated time at `now`, microseconds.
    pub fn offset_us(&self, now: SimTime) -> i64 {
        if self.drift_ppm == 0 {
            // The common case, without the 128-bit division (a library call on wasm32
            // and x86_64 alike, on every handler the kernel runs): the same value.
            return self.skew_us;
        }
        let elapsed = i128::from(now.since(self.set_at));
        let drifted = elapsed * i128::from(self.drift_ppm) / i128::from(PPM);
        let drifted =
            i64::try_from(drifted).unwrap_or(if drifted < 0 { i64::MIN } else { i64::MAX });
        self.skew_us.saturating_add(drifted)
    }

    /// What the clock reads at simulated time `now`.
    pub fn read(&self, now: SimTime) -> SimTime {
        now.offset(self.offset_us(now))
    }

    /// Steps the clock at `now` so that it reads `skew_us` ahead; the rate stays.
    pub fn step(&mut self, now: SimTime, skew_us: i64) {
        self.skew_us = skew_us;
        self.set_at = now;
    }

    /// From `now` on the clock runs `ppm` fast (clamped to `±MAX_DRIFT_PPM`); the offset
    /// reached so far is kept.
    pub fn set_drift(&mut self, now: SimTime, ppm: i32) {
        self.skew_us = self.offset_us(now);
        self.set_at = now;
        self.drift_ppm = ppm.clamp(-MAX_DRIFT_PPM, MAX_DRIFT_PPM);
    }

    /// Simulated microseconds until this clock has counted `local_us`
    /// (`local_us * 1e6 / (1e6 + drift_ppm)`, rounded up, so a timer never fires early).
    pub fn real_duration(&self, local_us: u64) -> u64 {
        if self.drift_ppm == 0 {
            return local_us;
        }
        let rate = u128::try_from(i128::from(PPM) + i128::from(self.drift_ppm)).unwrap_or(1);
        let real = (u128::from(local_us) * u128::from(PPM)).div_ceil(rate.max(1));
        u64::try_from(real).unwrap_or(u64::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_steady_offset_leaves_durations_alone() {
        let mut c = LocalClock::default();
        c.step(SimTime(1_000), 200_000);
        assert_eq!(c.read(SimTime(5_000)), SimTime(205_000));
        assert_eq!(c.real_duration(200_000), 200_000);
    }

    #[test]
    fn drift_grows_the_offset_and_shortens_a_fast_clock_s_timers() {
        let mut c = LocalClock::default();
        c.set_drift(SimTime::ZERO, 100_000);
        assert_eq!(c.offset_us(SimTime::from_millis(1_000)), 100_000);
        assert_eq!(c.real_duration(220_000), 200_000);
        c.set_drift(SimTime::from_millis(1_000), -100_000);
        assert_eq!(c.offset_us(SimTime::from_millis(2_000)), 0);
        assert_eq!(c.real_duration(180_000), 200_000);
        c.set_drift(SimTime::ZERO, i32::MAX);
        assert_eq!(c.drift_ppm, MAX_DRIFT_PPM);
    }
}
