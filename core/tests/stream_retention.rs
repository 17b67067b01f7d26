//! Retention deletes log segments, not history (DDIA ch. 11, "Disk space usage"): the
//! counters and the windows' results already emitted stay as they were, and records
//! deleted before the group processed them are counted as lost and narrated.

use ddia_core::link::LabLink;
use ddia_core::sim::{Event, SimTime};
use ddia_core::stream::lab::{StreamLab, STORY_US};
use ddia_core::stream::msg::Note;
use ddia_core::stream::scenario::StreamScenario;

fn lab(query: &str) -> StreamLab {
    StreamLab::new(&StreamScenario::from_query(query).unwrap())
}

#[test]
fn retention_neither_unloses_effects_nor_rewrites_emitted_results() {
    for query in [
        "guarantee=amo&crash=1.write.2&keep=5",
        "keep=10",
        "age=200&strag=10",
    ] {
        let mut lab = lab(query);
        let (mut lost, mut emitted) = (0, Vec::new());
        while lab.now() < SimTime(STORY_US) && lab.step() {
            let d = lab.delivery();
            assert!(
                d.lost >= lost,
                "{query}: lost {lost} -> {} at {}",
                d.lost,
                lab.now()
            );
            lost = d.lost;
            let w = lab.windows();
            assert!(
                w.emissions.starts_with(&emitted),
                "{query}: an emitted result changed at {}",
                lab.now()
            );
            emitted = w.emissions.clone();
        }
        let trimmed: u64 = lab.run.broker().partitions.iter().map(|l| l.start()).sum();
        assert!(trimmed > 0, "{query}: retention deleted nothing");
        assert_eq!(lab.run.history.appended_count(), 60, "{query}");
    }
}

#[test]
fn records_deleted_before_the_group_read_them_are_lost_and_narrated() {
    let mut lab = lab("keep=3&act=100000:c1,100000:c2,1500000:r1,1500000:r2");
    lab.run.world.set_trace_capacity(100_000);
    lab.finish();
    let d = lab.delivery();
    assert!(d.lost_to_retention > 0, "{d:?}");
    assert!(d.lost >= d.lost_to_retention);
    let skipped: u64 = lab
        .run
        .world
        .trace()
        .recent()
        .filter_map(|r| match &r.event {
            Event::Note {
                note: Note::SkippedByRetention { from, to, .. },
                ..
            } => Some(to - from),
            _ => None,
        })
        .sum();
    assert!(
        skipped >= d.lost,
        "at-least-once loses only what the group skipped: {skipped} skipped, {d:?}"
    );
}
