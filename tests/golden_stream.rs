//! Golden digests of fixed stream-lab scenarios (DDIA ch. 11). The same file runs
//! natively (`cargo test`) and on wasm32 under Node (`wasm-pack test --node tests`), so
//! equal constants prove native and wasm runs identical: every message, timer, crash,
//! rebalance and commit of the broker world, and the windowing operator's emissions.
//!
//! How the constants were obtained: run natively with a constant set to 0; the failure
//! message prints the actual digest. Update one only when a change of behaviour is
//! intended.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use ddia_core::link::LabLink;
use ddia_core::sim::digest::digest_of;
use ddia_core::stream::lab::StreamLab;
use ddia_core::stream::scenario::StreamScenario;

/// (scenario query, expected digest of the trace and the window emissions).
const GOLDEN: &[(&str, u64)] = &[
    ("lab=stream&scn=crash-amo", 0x619a_6746_1141_df17),
    ("lab=stream&scn=crash-alo", 0x4e72_3166_70ad_37bf),
    ("lab=stream&scn=crash-eo", 0xac99_5f55_325d_3e75),
    ("lab=stream&scn=late-update", 0x3029_6796_f7e5_b5a6),
    ("lab=stream&scn=idle-partition", 0x171a_3eb6_a6db_4e2d),
    ("lab=stream&scn=rebuild", 0xb18f_3ae5_6921_94ae),
    ("lab=stream&scn=rebalance", 0x348b_41bc_9e81_e09f),
    // A lossy, duplicating network, an atomic sink, hopping windows, a broker crash.
    (
        "lab=stream&seed=5&guarantee=eot&consumers=3&loss=10&dup=10&win=hopping&strag=5&act=700000:cb,900000:rb,1200000:cs,1500000:rs",
        0x1cf5_30a0_940f_d499,
    ),
];

#[test]
fn golden_stream_digests() {
    let mut report = String::new();
    let mut ok = true;
    for (query, expected) in GOLDEN {
        let s = StreamScenario::from_query(query).expect("valid golden scenario");
        let mut lab = StreamLab::new(&s);
        lab.finish();
        assert_eq!(lab.violation(), None, "{query}");
        assert!(lab.run.world.events_processed() > 100, "{query}: too quiet");
        let got = digest_of(&(lab.digest(), &lab.windows().emissions));
        report.push_str(&format!("{query}: {got:#018x}\n"));
        ok &= got == *expected;
    }
    assert!(ok, "digests changed; actual:\n{report}");
}
