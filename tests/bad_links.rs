//! The bad-link table: for every lab, malformed, unknown, repeated, signed, over-long
//! and out-of-range keys are refused with a sentence that names the key, and no input
//! makes a parser panic.

use ddia_core::consensus::raft::Scenario;
use ddia_core::link::{LabLink, MAX_QUERY_BYTES};
use ddia_core::partition::scenario::PartitionScenario;
use ddia_core::storage::lab_scenario::StorageScenario;
use ddia_core::stream::scenario::StreamScenario;
use proptest::prelude::*;

/// (query, the key the error names, words the sentence contains).
const SHARED: &[(&str, &str, &str)] = &[
    ("zzz=1", "zzz", "unknown key"),
    ("seed=1&seed=2", "seed", "appears more than once"),
    ("seed=%2B1", "seed", "not a whole number"),
    ("seed=+1", "seed", "not a whole number"),
    ("seed=-1", "seed", "must be 0 or more"),
    ("seed=18446744073709551616", "seed", "not a whole number"),
    ("lab=paxos", "lab", "unknown lab 'paxos'"),
    ("scn=nope", "scn", "unknown scenario 'nope'; try one of"),
    ("act=%ZZ", "act", ""),
];

const RAFT: &[(&str, &str, &str)] = &[
    ("n=12", "n", "12 is out of range 3-9"),
    ("n=-3", "n", "-3 is out of range 3-9"),
    ("el=5-6", "el", "out of range: use 10 to 10000 ms"),
    ("hb=6000", "hb", "out of range: use 1 to 5000 ms"),
    ("lat=0-20000", "lat", "out of range: use 0 to 10000 ms"),
    ("n=4294967301", "n", "out of range"),
    ("hb=+50", "hb", "not a number"),
    ("el=300-200", "el", "below its lower end"),
    ("loss=150", "loss", "out of range: use 0 to 100%"),
    ("act=5:c9", "act", "beyond S5"),
    ("act=9:h,5:h", "act", "time order"),
    ("t=1.5", "t", "not a whole number"),
];

const STORAGE: &[(&str, &str, &str)] = &[
    ("mem=10", "mem", "out of range 32-65536"),
    ("fan=+4", "fan", "not a whole number"),
    ("engine=rocks", "engine", "try lsm"),
    ("act=p1=a%20b", "act", "letters, digits"),
    ("t=-5", "t", "must be 0 or more"),
];

const PARTITION: &[(&str, &str, &str)] = &[
    ("nodes=65", "nodes", "out of range 1-64"),
    (
        "strategy=chord",
        "strategy",
        "not one of range, mod, ring, fixed, prop",
    ),
    ("tokens=0.360", "tokens", "out of range 0-359"),
    ("tokens=0.120&strategy=mod", "tokens", "use strategy=ring"),
    ("vnodes=+8", "vnodes", "not a whole number"),
    ("route=gossip", "route", "not one of any, tier, client"),
    ("act=w0", "act", "out of range 1-100000"),
    ("act=q-1", "act", "the verbs are"),
    ("act=wt3=17", "act", "out of range 1-16"),
    ("t=-5", "t", "must be 0 or more"),
];

const STREAM: &[(&str, &str, &str)] = &[
    ("parts=9", "parts", "out of range 1-8"),
    ("consumers=0", "consumers", "out of range 1-6"),
    ("consumers=-2", "consumers", "-2 is out of range 1-6"),
    (
        "guarantee=twice",
        "guarantee",
        "not one of amo, alo, eo, eot",
    ),
    ("assign=sticky", "assign", "not one of range, rr"),
    ("crash=1.boom.2", "crash", "<consumer>.<point>.<batch>"),
    ("crash=1.commit.0", "crash", "out of range 1-10000"),
    ("crash=3.commit.1", "crash", "has 2 consumers"),
    ("policy=ignore", "policy", "not one of drop, update, side"),
    ("wm=+5", "wm", "not a whole number"),
    ("act=5:c3", "act", "beyond C2"),
    ("act=5:R3@0", "act", "the topic has 3"),
    ("act=5:z1", "act", "the verbs are"),
    ("t=-5", "t", "must be 0 or more"),
];

fn table<L: LabLink>(cases: &[(&str, &str, &str)]) {
    for (q, key, words) in cases {
        match L::from_query(q) {
            Ok(_) if key.is_empty() && words.is_empty() => {}
            Ok(_) => panic!("{} accepted {q}", L::LAB),
            Err(e) => {
                assert_eq!(e.key, *key, "{} {q}: {e}", L::LAB);
                assert!(e.to_string().contains(words), "{} {q}: {e}", L::LAB);
            }
        }
    }
}

#[test]
fn raft_refuses_bad_links_by_name() {
    table::<Scenario>(SHARED);
    table::<Scenario>(RAFT);
}

#[test]
fn storage_refuses_bad_links_by_name() {
    table::<StorageScenario>(SHARED);
    table::<StorageScenario>(STORAGE);
}

#[test]
fn partition_refuses_bad_links_by_name() {
    table::<PartitionScenario>(SHARED);
    table::<PartitionScenario>(PARTITION);
}

#[test]
fn stream_refuses_bad_links_by_name() {
    table::<StreamScenario>(SHARED);
    table::<StreamScenario>(STREAM);
}

#[test]
fn an_over_long_link_is_refused_with_its_size() {
    let long = format!("seed=1&act={}", "1:h,".repeat(MAX_QUERY_BYTES / 4));
    for e in [
        Scenario::from_query(&long).unwrap_err(),
        StorageScenario::from_query(&long).map(|_| ()).unwrap_err(),
        PartitionScenario::from_query(&long)
            .map(|_| ())
            .unwrap_err(),
        StreamScenario::from_query(&long).map(|_| ()).unwrap_err(),
    ] {
        assert!(e.message.contains("refused"), "{e}");
    }
}

proptest! {
    #[test]
    fn no_query_makes_a_parser_panic(q in "[a-z=&%+,:0-9>./-]{0,80}") {
        let _ = Scenario::from_query(&q);
        let _ = StorageScenario::from_query(&q);
        let _ = PartitionScenario::from_query(&q);
        let _ = StreamScenario::from_query(&q);
    }
}

/// A page reads a link as far as it goes: the valid keys applied, each bad one named
/// (issue 14: one typo used to discard the whole link).
fn lenient<L: LabLink + std::fmt::Debug + PartialEq>(
    query: &str,
    expect: impl Fn(&L) -> bool,
    bad_keys: &[&str],
) {
    let read = L::read_query(query);
    let keys: Vec<&str> = read.problems.iter().map(|p| p.key.as_str()).collect();
    assert_eq!(keys, bad_keys, "{} {query}: {:?}", L::LAB, read.problems);
    assert!(
        expect(&read.scenario),
        "{} {query}: {:?}",
        L::LAB,
        read.scenario
    );
    if bad_keys.is_empty() {
        assert_eq!(Ok(read.scenario), L::from_query(query));
    }
}

#[test]
fn a_bad_key_is_named_and_the_valid_ones_applied() {
    lenient::<Scenario>(
        "seed=7&n=12&hb=40",
        |s| s.seed == 7 && s.raft.heartbeat_us == 40_000 && s.raft.nodes == 5,
        &["n"],
    );
    lenient::<Scenario>("seed=7&seed=8&zzz=1", |s| s.seed == 7, &["seed", "zzz"]);
    lenient::<Scenario>(
        "scn=nope&seed=9",
        |s| s.seed == 9 && s.name.is_none(),
        &["scn"],
    );
    lenient::<Scenario>(
        "n=3&act=5:c5&seed=4",
        |s| s.seed == 4 && s.raft.nodes == 3 && s.actions.is_empty(),
        &["act"],
    );
    lenient::<Scenario>("seed=4&t=9", |s| s.seed == 4 && s.until_us == Some(9), &[]);
    lenient::<StorageScenario>(
        "lab=storage&mem=10&fan=5",
        |s| s.btree.max_keys == 5,
        &["mem"],
    );
    lenient::<StorageScenario>(
        "lab=storage&ops=10&act=w50",
        |s| s.workload.ops == 10 && s.actions.is_empty(),
        &["act"],
    );
    lenient::<PartitionScenario>(
        "lab=partition&nodes=99&vnodes=16",
        |s| s.vnodes == 16 && s.nodes == 4,
        &["nodes"],
    );
    let long = "a".repeat(MAX_QUERY_BYTES + 1);
    let read = Scenario::read_query(&long);
    assert_eq!((read.applied, read.problems.len()), (0, 1));
    assert_eq!(read.scenario, Scenario::default());
}

#[test]
fn a_link_for_another_lab_says_so_before_anything_else() {
    for e in [
        Scenario::from_query("scn=race&lab=storage").unwrap_err(),
        Scenario::read_query("scn=race&lab=storage").problems[0].clone(),
    ] {
        assert_eq!(e.key, "lab", "{e}");
        assert!(e.message.contains("not Storage"), "{e}");
    }
}
