//! Every lab's link round-trips: a generated scenario, written by the app, then passed
//! through each encoding a browser applies (the address bar, `encodeURI`,
//! `URLSearchParams`), reads back as the same scenario. Issue 8: `x1>2` came back as
//! `x1%3E2` and the whole link was rejected.

use ddia_core::link::query::is_link_safe;
use ddia_core::link::LabLink;
use ddia_tests::{
    browser_encodings, partition_scenario, raft_scenario, storage_scenario, stream_scenario,
    LabUnderTest,
};
use proptest::prelude::*;

/// `s`'s link reads back as `s` after every browser encoding, and carries only
/// characters no browser changes.
fn round_trips<L: LabUnderTest>(s: &L) -> Result<(), TestCaseError> {
    let q = s.to_query();
    prop_assert!(
        q.chars().all(|c| is_link_safe(c) || c == '&'),
        "the writer emitted a character a browser may change: {q}"
    );
    for (how, encoded) in browser_encodings(&q) {
        let read = L::from_query(&encoded);
        prop_assert_eq!(read.as_ref(), Ok(s), "{} of {}", how, q);
        let with_page_keys = L::from_query(&format!("?{encoded}&embed=1&speed=0.5"));
        prop_assert_eq!(with_page_keys.as_ref(), Ok(s), "{} of {}", how, q);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn raft_links_survive_browser_encodings(s in raft_scenario()) {
        round_trips(&s)?;
    }

    #[test]
    fn storage_links_survive_browser_encodings(s in storage_scenario()) {
        round_trips(&s)?;
    }

    #[test]
    fn partition_links_survive_browser_encodings(s in partition_scenario()) {
        round_trips(&s)?;
    }

    #[test]
    fn stream_links_survive_browser_encodings(s in stream_scenario()) {
        round_trips(&s)?;
    }
}

#[test]
fn the_issue_8_link_opens_after_the_browser_encodes_it() {
    use ddia_core::consensus::raft::Scenario;
    for q in [
        "?seed=3&act=500000:x1>2",
        "?seed=3&act=500000:x1%3E2",
        "?seed=3&act=500000%3Ax1%3E2",
        "?seed=3&act=500000:l1>2/5000-15000/0/0",
    ] {
        let s = Scenario::from_query(q).unwrap_or_else(|e| panic!("{q}: {e}"));
        assert_eq!(s.seed, 3, "{q}");
        assert_eq!(s.actions.len(), 1, "{q}");
    }
}
