//! The glossary: the field's terms explained where they appear, on hover (mouse) and on
//! tap or Enter (touch, keyboard), and all of a lab's terms in one list. One component
//! for every lab; each lab's terms are data ([`raft::RAFT`], [`storage::STORAGE`],
//! [`partition::PARTITION`], [`stream::STREAM`]).

pub mod partition;
pub mod raft;
pub mod storage;
pub mod stream;

use super::reveal::reveal_soon;
use leptos::prelude::*;
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The number of the next tooltip's element id.
static NEXT_TIP: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// The tip pinned open by a tap, click or Enter: one at a time (play16b N10).
    static PINNED: Cell<Option<RwSignal<bool>>> = const { Cell::new(None) };
}

/// Pins the tip whose state is `open` (open), closing the one pinned before.
fn pin(open: RwSignal<bool>) {
    if let Some(before) = PINNED.replace(Some(open)).filter(|b| *b != open) {
        before.try_set(false);
    }
}

/// Closes the pinned tip, if any.
fn unpin() {
    if let Some(before) = PINNED.take() {
        before.try_set(false);
    }
}

/// While the page is mounted, a press outside every glossary term and its tip, or
/// Escape, closes the pinned tip (play16b N10: on a phone a tapped tip stayed open
/// over the page, and tapping another term stacked a second one on it).
pub fn use_tip_dismissal() {
    use super::listen::listen;
    use wasm_bindgen::JsCast;
    listen(document(), "pointerdown", |ev: web_sys::Event| {
        let on_a_term = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest(".gloss").ok().flatten())
            .is_some();
        if !on_a_term {
            unpin();
        }
    });
    listen(document(), "keydown", |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" {
            unpin();
            // A focused term shows its tip too (keyboard focus): let go of it.
            let focused = document().active_element();
            if let Some(term) = focused.filter(|el| el.class_name() == "gloss-term") {
                if let Ok(term) = term.dyn_into::<web_sys::HtmlElement>() {
                    let _ = term.blur();
                }
            }
        }
    });
}

/// One glossary entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GlossEntry {
    /// The term as the lab writes it, e.g. `commitIndex`.
    pub term: &'static str,
    /// What it means, in one or two sentences.
    pub meaning: &'static str,
    /// Where to read more: a book chapter or a paper section, e.g. `Raft §5.3`.
    pub source: &'static str,
}

/// The entry for `term` in `entries` (exact spelling).
///
/// # Panics
/// If `term` is missing: a view names only terms its lab's list defines (unit tests
/// check every call site's terms).
pub fn entry(entries: &'static [GlossEntry], term: &str) -> &'static GlossEntry {
    entries
        .iter()
        .find(|e| e.term == term)
        .unwrap_or_else(|| panic!("no glossary entry for {term}"))
}

/// A term in running text: a dotted underline; hovering shows its meaning (where the
/// device can hover), and a tap, click or Enter pins it open, closing any other; again,
/// a press elsewhere or Escape closes it ([`use_tip_dismissal`]). `label` is the visible text
/// (default: the term itself).
#[component]
pub fn Gloss(
    /// The entry to explain.
    entry: &'static GlossEntry,
    /// The text shown, if not the term itself (e.g. `commit` for commitIndex).
    #[prop(optional)]
    label: Option<&'static str>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    // Unique per use, so a term explained twice on one page has two distinct tips.
    let serial = NEXT_TIP.fetch_add(1, Ordering::Relaxed);
    let tip_id = format!("gloss-tip-{serial}");
    let place = move || fit_soon(format!("#gloss-tip-{serial}"));
    view! {
        <span class="gloss" class:open=move || open.get() on:pointerenter=move |_| place()>
            <button
                type="button"
                class="gloss-term"
                aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-describedby=tip_id.clone()
                on:click=move |ev| {
                    ev.stop_propagation();
                    open.update(|o| *o = !*o);
                    if open.get_untracked() { pin(open) } else { unpin() }
                    place();
                    // Once drawn, scroll the opened tip clear of the edges (and of a
                    // compact layout's Events/Charts tabs under the scrolling box).
                    if open.get_untracked() {
                        reveal_soon(format!("#gloss-tip-{serial}"));
                    }
                }
            >
                {label.unwrap_or(entry.term)}
            </button>
            <span class="gloss-tip" role="tooltip" id=tip_id>
                <strong>{entry.term}</strong>
                {format!(": {} ({})", entry.meaning, entry.source)}
            </span>
        </span>
    }
}

/// Once the tip matching `selector` is drawn where it opens (below the term, from its
/// left edge), marks its `.gloss` with `data-flip` "left" and/or "up" where it must
/// open leftwards from the term's right edge, or upwards, not to overflow the page's
/// viewport (play17c F5). An attribute, not reactive classes: a smaller page.
fn fit_soon(selector: String) {
    let Ok(Some(tip)) = document().query_selector(&selector) else {
        return;
    };
    let (Some(gloss), Some(page)) = (tip.parent_element(), document().document_element()) else {
        return;
    };
    let _ = gloss.remove_attribute("data-flip");
    request_animation_frame(move || {
        let r = tip.get_bounding_client_rect();
        let left = r.right() > f64::from(page.client_width());
        // Upwards only where there is room above the term (its line is about 2 em).
        let up = r.bottom() > f64::from(page.client_height()) && r.top() > r.height() + 40.0;
        let flip = match (left, up) {
            (true, true) => "left up",
            (true, false) => "left",
            (false, true) => "up",
            (false, false) => return,
        };
        let _ = gloss.set_attribute("data-flip", flip);
    });
}

/// `text` cut into pieces: plain text, and each place a term of `entries` is written
/// (at a word start; a plural `s` may follow) paired with its entry, longest term first
/// where two start at one place.
pub fn gloss_spans(
    text: &'static str,
    entries: &'static [GlossEntry],
) -> Vec<(&'static str, Option<&'static GlossEntry>)> {
    let mut out = Vec::new();
    let (mut plain, mut i) = (0, 0);
    while i < text.len() {
        let word_start = i == 0 || !text[..i].ends_with(|c: char| c.is_alphanumeric());
        let found = entries
            .iter()
            .filter(|e| word_start && text[i..].starts_with(e.term))
            .filter(|e| {
                let rest = text[i + e.term.len()..].trim_start_matches('s');
                !rest.starts_with(|c: char| c.is_alphanumeric())
            })
            .max_by_key(|e| e.term.len());
        match found {
            Some(e) => {
                if plain < i {
                    out.push((&text[plain..i], None));
                }
                let end = i + e.term.len();
                out.push((&text[i..end], Some(e)));
                (plain, i) = (end, end);
            }
            None => i += text[i..].chars().next().map_or(1, char::len_utf8),
        }
    }
    if plain < text.len() {
        out.push((&text[plain..], None));
    }
    out
}

/// `text` with each term of `entries` in it explained in place ([`Gloss`]).
pub fn glossed(text: &'static str, entries: &'static [GlossEntry]) -> AnyView {
    gloss_spans(text, entries)
        .into_iter()
        .map(|(piece, e)| match e {
            Some(e) => view! { <Gloss entry=e label=piece /> }.into_any(),
            None => piece.into_any(),
        })
        .collect_view()
        .into_any()
}

/// `meaning` with each `{name}` placeholder of `fill` replaced by its value: the parts of
/// an entry that depend on the run (e.g. `{majority}` = "3 of 4" for four servers).
pub fn filled(meaning: &str, fill: &[(&'static str, String)]) -> String {
    fill.iter().fold(meaning.to_owned(), |text, (name, value)| {
        text.replace(&format!("{{{name}}}"), value)
    })
}

/// Every entry of a lab, as a definition list inside a disclosure (closed until opened).
/// `fill` gives the values of the run-dependent placeholders in the meanings ([`filled`]).
#[component]
pub fn GlossaryList(
    entries: &'static [GlossEntry],
    /// `(placeholder, value)` pairs for this run; none by default.
    #[prop(optional, into)]
    fill: Signal<Vec<(&'static str, String)>>,
) -> impl IntoView {
    view! {
        <details class="glossary group">
            <summary>"Glossary"</summary>
            <dl>
                {entries
                    .iter()
                    .map(|e| view! {
                        <dt>{e.term}</dt>
                        <dd>{move || fill.with(|f| filled(e.meaning, f))} <span class="muted">{format!(" ({})", e.source)}</span></dd>
                    })
                    .collect_view()}
            </dl>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_found_at_word_starts_longest_first() {
        let spans = gloss_spans(
            "a page split cut two pages; the WALrus; SSTables",
            storage::STORAGE,
        );
        let terms: Vec<(&str, Option<&str>)> =
            spans.iter().map(|(t, e)| (*t, e.map(|e| e.term))).collect();
        assert_eq!(
            terms,
            [
                ("a ", None),
                ("page split", Some("page split")),
                (" cut two ", None),
                ("page", Some("page")),
                ("s; the WALrus; ", None),
                ("SSTable", Some("SSTable")),
                ("s", None),
            ]
        );
        let plain: String = spans.iter().map(|s| s.0).collect();
        assert_eq!(plain, "a page split cut two pages; the WALrus; SSTables");
    }

    #[test]
    fn placeholders_are_filled_from_the_run() {
        let text = filled(
            "More than half ({majority}); {majority} again; {other}",
            &[("majority", "3 of 4".into())],
        );
        assert_eq!(text, "More than half (3 of 4); 3 of 4 again; {other}");
    }

    #[test]
    fn every_list_has_unique_sourced_terms() {
        for list in [
            raft::RAFT,
            storage::STORAGE,
            partition::PARTITION,
            stream::STREAM,
        ] {
            for (i, e) in list.iter().enumerate() {
                assert!(!e.meaning.is_empty() && !e.source.is_empty(), "{}", e.term);
                assert!(
                    list[..i].iter().all(|o| o.term != e.term),
                    "{} twice",
                    e.term
                );
                assert_eq!(entry(list, e.term), e);
            }
        }
    }
}
