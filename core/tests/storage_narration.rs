//! What the storage lab says when a control had nothing to do, or when the mechanism a
//! learner expects is switched off (issue 14, "Controls and numbers that say what they
//! did"): the links are the issue's own.

use ddia_core::link::LabLink;
use ddia_core::storage::lab::StorageLab;
use ddia_core::storage::lab_scenario::StorageScenario;

fn log_of(query: &str) -> Vec<String> {
    let s = StorageScenario::from_query(query).expect("a valid link");
    StorageLab::new(&s).log().map(|l| l.text.clone()).collect()
}

#[test]
fn without_bloom_filters_every_table_is_read_and_no_false_positive_is_claimed() {
    let log = log_of("l0=2&bloom=0&act=p1=a,p2=b,p3=c,f,p5=x,p6=y,f,p7=z,p9=q,f,g8");
    assert!(
        !log.iter().any(|l| l.contains("false positive")),
        "{log:#?}"
    );
    assert!(
        log.iter().any(|l| l.contains("no filter, block read")),
        "{log:#?}"
    );
}

#[test]
fn compact_with_nothing_due_says_why() {
    let log = log_of("act=w40,p41=a,f,d41,f,m,m,m,m");
    let idle: Vec<&String> = log.iter().filter(|l| l.contains("nothing due")).collect();
    assert!(!idle.is_empty(), "{log:#?}");
    assert!(
        idle[0].contains("tables that trigger a compaction"),
        "{idle:?}"
    );
    let tiered = log_of("cs=tier&act=p1=a,f,m");
    assert!(
        tiered
            .iter()
            .any(|l| l.contains("adjacent runs of similar size")),
        "{tiered:#?}"
    );
    let btree = log_of("engine=btree&act=p1=a,m");
    assert!(
        btree.iter().any(|l| l.contains("nothing to compact")),
        "{btree:#?}"
    );
}

#[test]
fn a_segment_closes_after_the_write_that_crosses_its_limit_and_says_so() {
    use ddia_core::storage::lab::{describe_event, show_value};
    use ddia_core::storage::{EngineKind, StorageEvent};
    let line = describe_event(
        &StorageEvent::SegmentClosed {
            segment: 1,
            bytes: 77,
        },
        EngineKind::HashLog,
    );
    assert!(line.contains("closed at 77 B"), "{line}");
    assert!(
        line.contains("the write that reached the size limit"),
        "{line}"
    );
    assert_eq!(show_value(b""), "\"\"", "an empty value is shown as text");
}
