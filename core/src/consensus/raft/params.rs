//! Raft cluster parameters and the Raft lab's knob ranges: one [`KnobRange`] per knob,
//! read by the link parser (`consensus/raft/scenario.rs`), its error sentences, and the
//! page's sliders.

use crate::link::query::{decimal, err};
use crate::link::{KnobRange, ScenarioError};
use alloc::format;
use alloc::string::String;

/// Tunable knobs of a Raft cluster. Durations are microseconds of simulated time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RaftParams {
    /// Number of servers ([`NODES`]).
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

/// Allowed cluster sizes (`n`).
pub const NODES: KnobRange = KnobRange::new("n", 3, 9, "servers");
/// Allowed election timeouts (`el`), ms. Raft §5.2 suggests 150-300 ms.
pub const ELECTION_MS: KnobRange = KnobRange::new("el", 10, 10_000, "ms");
/// Allowed heartbeat intervals (`hb`), ms.
pub const HEARTBEAT_MS: KnobRange = KnobRange::new("hb", 1, 5_000, "ms");
/// Allowed link latencies (`lat`, and the latency sliders), ms.
pub const LATENCY_MS: KnobRange = KnobRange::new("lat", 0, 10_000, "ms");
/// Allowed message loss (`loss`), percent.
pub const LOSS_PERCENT: KnobRange = KnobRange::new("loss", 0, 100, "%");
/// Allowed message duplication (`dup`), percent.
pub const DUP_PERCENT: KnobRange = KnobRange::new("dup", 0, 100, "%");
/// Every knob of the Raft lab, in the order of the link's keys.
pub const KNOBS: [KnobRange; 6] = [
    NODES,
    ELECTION_MS,
    HEARTBEAT_MS,
    LATENCY_MS,
    LOSS_PERCENT,
    DUP_PERCENT,
];

/// One setting to check against its knob's range: the range, what the setting is in
/// a sentence, and its value in `1/per_unit` of the range's unit.
pub(crate) struct Field<'a> {
    range: &'a KnobRange,
    what: &'a str,
    value: u64,
    per_unit: u64,
    suffix: &'static str,
}

impl<'a> Field<'a> {
    /// A duration `us` microseconds against a range in milliseconds.
    pub(crate) fn ms(range: &'a KnobRange, what: &'a str, us: u64) -> Self {
        Field {
            range,
            what,
            value: us,
            per_unit: 1_000,
            suffix: " ms",
        }
    }

    /// A count (e.g. of servers) against a range of counts.
    pub(crate) fn count(range: &'a KnobRange, what: &'a str, n: u64) -> Self {
        Field {
            range,
            what,
            value: n,
            per_unit: 1,
            suffix: "",
        }
    }

    fn check(&self) -> Result<(), ScenarioError> {
        let per = self.per_unit;
        let allowed = self.range.lo.saturating_mul(per)..=self.range.hi.saturating_mul(per);
        if allowed.contains(&self.value) {
            return Ok(());
        }
        let shown = decimal(self.value, per);
        Err(self
            .range
            .out_of_range(&format!("{} {shown}{}", self.what, self.suffix)))
    }
}

/// Checks each field against its range, in order.
///
/// # Errors
/// The first field out of range, named with its allowed range under its link key.
pub(crate) fn check_fields(fields: &[Field<'_>]) -> Result<(), ScenarioError> {
    fields.iter().try_for_each(Field::check)
}

impl RaftParams {
    /// Checks every field against its range ([`NODES`], [`ELECTION_MS`],
    /// [`HEARTBEAT_MS`]).
    ///
    /// # Errors
    /// A sentence naming the first field out of range and the allowed range, under the
    /// field's link key.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        let nodes = u64::try_from(self.nodes).unwrap_or(u64::MAX);
        check_fields(&[
            Field::count(&NODES, "cluster size", nodes),
            Field::ms(
                &ELECTION_MS,
                "minimum election timeout",
                self.election_min_us,
            ),
            Field::ms(
                &ELECTION_MS,
                "maximum election timeout",
                self.election_max_us,
            ),
            Field::ms(&HEARTBEAT_MS, "heartbeat interval", self.heartbeat_us),
        ])?;
        if self.election_max_us < self.election_min_us {
            return Err(err(
                ELECTION_MS.key,
                "the maximum election timeout is below the minimum",
            ));
        }
        Ok(())
    }

    /// What a valid but surprising setting will do, and why, in one sentence for the
    /// page's notice; `None` when the settings are unremarkable. Raft §5.6 asks for
    /// broadcastTime ≪ electionTimeout; §5.2 randomizes timeouts so that one server
    /// usually times out first and split votes end.
    pub fn advice(&self) -> Option<String> {
        let lo = decimal(self.election_min_us, 1_000);
        let hb = decimal(self.heartbeat_us, 1_000);
        if self.heartbeat_us >= self.election_min_us {
            return Some(format!(
                "The heartbeat interval ({hb} ms) is not shorter than the shortest election \
                 timeout ({lo} ms): followers time out before the leader's next heartbeat \
                 reaches them, so elections follow one another and the term keeps climbing \
                 (Raft §5.6 needs heartbeats well inside the election timeout)."
            ));
        }
        if self.election_min_us == self.election_max_us {
            return Some(format!(
                "Every election timeout is exactly {lo} ms: servers that start together time \
                 out together, all vote for themselves and split the vote again and again \
                 (Raft §5.2 draws each timeout at random from a range so that one server \
                 usually times out first)."
            ));
        }
        None
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
        let slow = RaftParams {
            heartbeat_us: 5_000_500,
            ..RaftParams::default()
        };
        let e = slow.validate().unwrap_err();
        assert_eq!(e.key, "hb");
        assert!(
            e.message
                .starts_with("heartbeat interval 5000.5 ms is out of range: use 1 to 5000 ms"),
            "{}",
            e.message
        );
    }

    #[test]
    fn surprising_settings_are_explained() {
        assert_eq!(RaftParams::default().advice(), None);
        let slow_heartbeat = RaftParams {
            election_min_us: 150_000,
            election_max_us: 200_000,
            heartbeat_us: 500_000,
            ..RaftParams::default()
        };
        let advice = slow_heartbeat.advice().unwrap();
        assert!(advice.starts_with("The heartbeat interval (500 ms) is not shorter than the shortest election timeout (150 ms)"), "{advice}");
        let fixed = RaftParams {
            election_min_us: 500_000,
            election_max_us: 500_000,
            ..RaftParams::default()
        };
        assert!(fixed
            .advice()
            .unwrap()
            .contains("split the vote again and again"));
    }
}
