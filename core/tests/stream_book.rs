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
