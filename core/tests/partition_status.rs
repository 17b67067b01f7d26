//! The lab's status line follows the shown strategy: after an add (narrated once per
//! strategy, all five measured on the same keys) it is the shown strategy's line, with
//! the same figure as its movement counter.

use ddia_core::partition::lab::PartitionLab;
use ddia_core::partition::scenario::{PartitionAction, PartitionScenario};
use ddia_core::partition::StrategyKind;

#[test]
fn after_an_add_the_status_line_is_the_shown_strategys() {
    for kind in StrategyKind::ALL {
        let s = PartitionScenario {
            strategy: kind,
            actions: vec![PartitionAction::AddNode],
            ..PartitionScenario::default()
        };
        let lab = PartitionLab::new(&s);
        let m = lab.session().last_move().expect("the add moved keys");
        let line = lab.status_line().expect("the add is narrated");
        let moved = format!("{} of {} keys move", m.keys_moved(), m.keys_total);
        assert!(
            line.text.starts_with(kind.name()) && line.text.contains(&moved),
            "{kind:?}: status {:?}, counter {moved}",
            line.text
        );
    }
}

#[test]
fn after_a_request_batch_the_status_line_is_the_newest() {
    let s = PartitionScenario {
        actions: vec![PartitionAction::AddNode, PartitionAction::Requests(10)],
        ..PartitionScenario::default()
    };
    let lab = PartitionLab::new(&s);
    assert_eq!(lab.status_line(), lab.log().last());
}
