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
    ("lab=stream&scn=crash-amo", 0x8867_8945_c396_0989),
    ("lab=stream&scn=crash-alo", 0x3d1c_5e90_d827_55e6),
    ("lab=stream&scn=crash-eo", 0x5a80_b40a_386e_1c1d),
    ("lab=stream&scn=late-update", 0xcea4_3599_3373_578a),
    ("lab=stream&scn=idle-partition", 0xa3b3_7805_aa01_e72a),
    ("lab=stream&scn=rebuild", 0x2e3f_49a4_758a_6e15),
    ("lab=stream&scn=rebalance", 0xcb43_c771_381c_568a),
    // A lossy, duplicating network, an atomic sink, hopping windows, a broker crash.
    (
        "lab=stream&seed=5&guarantee=eot&consumers=3&loss=10&dup=10&win=hopping&strag=5&act=700000:cb,900000:rb,1200000:cs,1500000:rs",
        0x3c85_291c_c872_3eb2,
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
