//! Raft cluster parameters and their allowed ranges.

use crate::link::query::err;
use crate::link::ScenarioError;
use alloc::format;
use alloc::string::String;

/// Tunable knobs of a Raft cluster. Durations are microseconds of simulated time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RaftParams {
    /// Number of servers, 3..=9.
    pub nodes: usize,
    /// Shortest randomized election timeout (paper section 5.2 suggests 150-300 ms).
    pub election_min_us: u64,
    /// Longest randomized election timeout.
    pub election_max_us: u64,
    /// Interval between a leader's heartbeats; should be well below the minimum
    /// election timeout.
    pub heartbeat_us: u64,
}

impl Default for RaftParams {
    /// Five servers, 150-300 ms election timeouts, 50 ms heartbeats.
    fn default() -> Self {
        RaftParams {
            nodes: 5,
            election_min_us: 150_000,
            election_max_us: 300_000,
            heartbeat_us: 50_000,
        }
    }
}

/// Allowed cluster sizes.
pub const NODES: core::ops::RangeInclusive<usize> = 3..=9;
/// Allowed election timeouts, microseconds (10 ms to 10 s).
pub const ELECTION_US: core::ops::RangeInclusive<u64> = 10_000..=10_000_000;
/// Allowed heartbeat intervals, microseconds (1 ms to 5 s).
pub const HEARTBEAT_US: core::ops::RangeInclusive<u64> = 1_000..=5_000_000;

impl RaftParams {
    /// Checks every field against its range.
    ///
    /// # Errors
    /// A sentence naming the first field out of range and the allowed range (no key:
    /// the fields are checked together, after every link key is read).
    pub fn validate(&self) -> Result<(), ScenarioError> {
        self.check().map_err(|m| err("", m))
    }

    fn check(&self) -> Result<(), String> {
        if !NODES.contains(&self.nodes) {
            return Err(format!(
                "cluster size {} is out of range: use 3 to 9 servers",
                self.nodes
            ));
        }
        for (name, v) in [
            ("minimum election timeout", self.election_min_us),
            ("maximum election timeout", self.election_max_us),
        ] {
            if !ELECTION_US.contains(&v) {
                return Err(format!(
                    "{name} {} ms is out of range: use 10 to 10000 ms",
                    v / 1000
                ));
            }
        }
        if self.election_max_us < self.election_min_us {
            return Err(String::from(
                "the maximum election timeout is below the minimum",
            ));
        }
        if !HEARTBEAT_US.contains(&self.heartbeat_us) {
            return Err(format!(
                "heartbeat interval {} ms is out of range: use 1 to 5000 ms",
                self.heartbeat_us / 1000
            ));
        }
        Ok(())
    }

    /// Votes needed to win an election or entries' copies needed to commit.
    pub fn majority(&self) -> usize {
        self.nodes / 2 + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_bad_values_are_named() {
        assert!(RaftParams::default().validate().is_ok());
        let bad = RaftParams {
            nodes: 12,
            ..RaftParams::default()
        };
        assert!(bad
            .validate()
            .unwrap_err()
            .message
            .contains("cluster size 12"));
        let inverted = RaftParams {
            election_min_us: 300_000,
            election_max_us: 200_000,
            ..RaftParams::default()
        };
        assert!(inverted
            .validate()
            .unwrap_err()
            .message
            .contains("below the minimum"));
        assert_eq!(RaftParams::default().majority(), 3);
    }
}
