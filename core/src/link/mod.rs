//! Links are data (docs/ARCHITECTURE.md, "The lab contract"): every lab's run
//! round-trips through a URL query string, so a link reproduces the run exactly.
//!
//! A query is one **envelope**, read and written here for every lab, around the lab's
//! own parameters:
//!
//! | key | meaning | example |
//! |---|---|---|
//! | `lab` | which lab ([`LABS`]) | `raft` |
//! | `scn` | start from a named book scenario of the lab ([`crate::book`]) | `split-vote` |
//! | `seed` | the run's PRNG seed, unsigned 64-bit | `42` |
//! | `t` | the position to show (simulated µs in network labs) | `1200000` |
//! | `act` | the recorded inputs, `,`-separated verbs of the lab | `900000:c1` |
//!
//! Any other key is the lab's own ([`LabLink::set_param`]); [`PAGE_KEYS`] belong to the
//! page and are skipped. Values are percent-decoded as browsers and `URLSearchParams`
//! encode them ([`query::decode`]), and the writer emits only characters that survive
//! any browser's re-encoding ([`query::QueryWriter`]), so a link the app writes opens
//! again after it was shared, pasted or percent-encoded.

pub mod contract;
mod envelope;
pub mod knob;
pub mod query;

pub use contract::{LabInfo, LabLink, ReadLink, LABS};
pub(crate) use envelope::lab_envelope;
pub use knob::KnobRange;

use alloc::string::String;
use core::fmt;

/// Query keys that belong to the page, not to the run; scenario parsers skip them.
/// `embed=1` drops the page chrome, `speed` sets the playback speed, `origin` lists the
/// parent origins an embedded lab accepts commands from.
pub const PAGE_KEYS: &[&str] = &["embed", "speed", "origin"];

/// Most inputs (`act` verbs) a link may carry.
pub const MAX_ACTIONS: usize = 10_000;

/// Longest query a link may have, bytes (after the `?`). Browsers accept about 2 MB;
/// longer links than this are refused with a notice instead of being parsed.
pub const MAX_QUERY_BYTES: usize = 400_000;

/// Most `key=value` pairs a link may carry; those after are left out with a notice. No lab
/// has more than 40 keys, and a bound this small lets repeats be found by comparing each
/// key with those before it.
pub const MAX_QUERY_PAIRS: usize = 200;

/// Why a query string was rejected: the offending key and a sentence for the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    /// The query key at fault (empty when the whole string is at fault).
    pub key: String,
    /// What is wrong and what is allowed.
    pub message: String,
}

impl fmt::Display for ScenarioError {
    /// `“key”: message`: the key in typographic quotes, which the page's notice shows as
    /// they are (Markdown backticks would show as backticks).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.key.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "“{}”: {}", self.key, self.message)
        }
    }
}
