//! Every book scenario of every lab says where it comes from (a DDIA chapter or a Raft
//! paper section) and speaks in the page's words, never in link keys such as `cpo=0`.

use ddia_core::link::KnobRange;

/// `(lab, name, caption)` of every book scenario of every lab.
fn captions() -> Vec<(&'static str, &'static str, &'static str)> {
    let storage = ddia_core::storage::lab_book::BOOK
        .iter()
        .map(|b| ("storage", b.name, b.caption));
    let raft = ddia_core::consensus::raft::book::BOOK
        .iter()
        .map(|b| ("raft", b.name, b.caption));
    let partition = ddia_core::partition::book::BOOK
        .iter()
        .map(|b| ("partition", b.name, b.caption));
    let stream = ddia_core::stream::book::BOOK
        .iter()
        .map(|b| ("stream", b.name, b.caption));
    storage.chain(raft).chain(partition).chain(stream).collect()
}

#[test]
fn every_book_caption_cites_its_source() {
    let all = captions();
    assert!(all.len() >= 12, "{} captions", all.len());
    for (lab, name, caption) in all {
        assert!(
            caption.contains("DDIA ch.") || caption.contains("Raft §"),
            "{lab} scenario {name} cites no source: {caption}"
        );
    }
}

#[test]
fn no_book_caption_names_a_link_key() {
    let knobs: Vec<&KnobRange> = ddia_core::storage::lab_knobs::KNOBS
        .iter()
        .chain(&ddia_core::consensus::raft::params::KNOBS)
        .chain(&ddia_core::partition::knobs::KNOBS)
        .chain(&ddia_core::stream::knobs::KNOBS)
        .collect();
    for (lab, name, caption) in captions() {
        for k in &knobs {
            let written = format!("({}=", k.key);
            assert!(
                !caption.contains(&written),
                "{lab} scenario {name} names the link key {}: {caption}",
                k.key
            );
        }
    }
}
