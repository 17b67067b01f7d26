//! The stream lab's book scenarios stepped event by event (DDIA "Every lab": a check
//! judges the whole run so far and stays met once met; numbers are honest): lost and
//! duplicated effects never fall, and a check never goes back to unmet.

use ddia_core::book::find;
use ddia_core::sim::SimTime;
use ddia_core::stream::book::BOOK;
use ddia_core::stream::lab::{StreamLab, STORY_US};

#[test]
fn every_book_check_stays_met_and_no_count_falls_event_by_event() {
    for b in BOOK {
        let mut lab = StreamLab::new(&b.scenario());
        let (mut lost, mut duplicated, mut met_at) = (0, 0, None);
        while lab.now() < SimTime(STORY_US) && lab.step() {
            let d = lab.delivery();
            assert!(
                d.lost >= lost && d.duplicated >= duplicated,
                "{}: at {} lost {lost} -> {}, duplicated {duplicated} -> {}",
                b.name,
                lab.now(),
                d.lost,
                d.duplicated
            );
            (lost, duplicated) = (d.lost, d.duplicated);
            let met = find(BOOK, b.name).unwrap().check(&lab);
            match (met_at, met) {
                (None, Ok(())) => met_at = Some(lab.now()),
                (Some(at), Err(why)) => panic!(
                    "{}: met at {at}, unmet again at {}: {why}",
                    b.name,
                    lab.now()
                ),
                _ => {}
            }
        }
        assert!(met_at.is_some(), "{}: never met", b.name);
    }
}

#[test]
fn the_rebalance_story_duplicates_the_zombies_batch_and_narrates_the_refused_commit() {
    use ddia_core::sim::Event;
    use ddia_core::stream::msg::Note;
    use ddia_core::stream::FIRST_CONSUMER;
    let mut lab = StreamLab::new(&find(BOOK, "rebalance").unwrap().scenario());
    lab.run.world.set_trace_capacity(1_000_000);
    lab.finish();
    let notes: Vec<(usize, Note)> = lab
        .run
        .world
        .trace()
        .recent()
        .filter_map(|r| match &r.event {
            Event::Note { node, note } => Some((*node, note.clone())),
            _ => None,
        })
        .collect();
    let refused: Vec<(u64, u64)> = notes
        .iter()
        .filter_map(|(node, n)| match n {
            Note::CommitRefused { from, to, .. } if *node == FIRST_CONSUMER => Some((*from, *to)),
            _ => None,
        })
        .collect();
    assert_eq!(refused.len(), 1, "C1's one commit after waking: {notes:?}");
    let (from, to) = refused[0];
    assert_eq!(
        lab.delivery().duplicated,
        to - from,
        "that batch, and nothing else"
    );
    assert!(
        !notes
            .iter()
            .any(|(_, n)| matches!(n, Note::BatchAbandoned { .. })),
        "C2 commits its batch in hand before each rebalance: {notes:?}"
    );
    let text = ddia_core::stream::narrate::note(
        FIRST_CONSUMER,
        &notes
            .iter()
            .find(|(_, n)| matches!(n, Note::CommitRefused { .. }))
            .unwrap()
            .1,
    );
    assert!(
        text.contains("refused") && text.contains("already in the sink"),
        "{text}"
    );
}

#[test]
fn the_v2_view_fills_from_offset_0_beside_the_live_one_without_a_rebalance() {
    let book = find(BOOK, "rebuild").unwrap().scenario();
    let mut lab = StreamLab::new(&book);
    lab.run_until(SimTime(1_799_000));
    let rebalances = lab.run.broker().group.rebalances;
    assert_eq!(lab.view().v2, None, "no v2 view before the rebuild");
    lab.run_until(SimTime(1_900_000));
    let v2 = lab.run.rebuilder();
    assert!(
        v2.read > 0 && !lab.v2_caught_up(),
        "filling: {} read",
        v2.read
    );
    let partial: i64 = lab.view().v2.unwrap().values().sum();
    let live: i64 = lab.view().live.values().sum();
    assert!(partial < live, "the v2 view starts empty and fills");
    lab.finish();
    assert!(lab.v2_caught_up() && lab.view().v2_agrees());
    assert_eq!(
        lab.run.broker().group.rebalances,
        rebalances,
        "nobody paused"
    );
    // With retention the replay cannot see deleted records: v2 differs from live.
    let mut kept = StreamLab::new(&ddia_core::stream::scenario::StreamScenario { keep: 5, ..book });
    kept.finish();
    assert!(kept.v2_caught_up() && kept.run.rebuilder().missed > 0);
    assert!(!kept.view().v2_agrees());
}

#[test]
fn the_late_captions_say_what_the_run_makes_in_words() {
    let book = |name| find(BOOK, name).unwrap();
    let mut lab = StreamLab::new(&book("late-drop").scenario());
    assert_eq!(
        book("late-update").check(&StreamLab::new(&book("late-update").scenario())),
        Err("no window result has been retracted".to_string()),
        "words, not an enum name"
    );
    lab.finish();
    let p = lab.run.producer();
    assert!(book("late-drop")
        .caption
        .contains("makes 2 of its 60 events"));
    assert_eq!((p.stragglers, p.made), (2, 60));
    for name in ["late-drop", "late-side"] {
        assert_eq!(
            book(name).scenario().lateness_ms,
            0,
            "{name}: stragglers beyond it"
        );
    }
}
