//! What a link changed from the book scenario it names, said under the caption (whose
//! numbers are the book scenario's, play17c F3): `scn=mod-vs-ring&nodes=11` runs 11 → 12
//! nodes under a caption that says 10 → 11 (play16g U1).

use leptos::prelude::*;

/// "The caption and the expected outcome are for the scenario's own settings; this
/// link changed: window size, seed." for the link keys `changed`
/// ([`ddia_core::link::LabLink::changed_from_book`], in link order), each named by
/// `label` (the lab's control label for a key, `None` to show the key); `None` when
/// nothing changed.
pub fn caption_note(
    changed: &[String],
    label: impl Fn(&str) -> Option<&'static str>,
) -> Option<String> {
    if changed.is_empty() {
        return None;
    }
    let names: Vec<String> = changed
        .iter()
        .map(|k| match k.as_str() {
            "seed" => "seed".into(),
            "act" => "recorded actions".into(),
            _ => label(k).unwrap_or(k).to_ascii_lowercase(),
        })
        .collect();
    Some(format!(
        "The caption and the expected outcome are for the scenario's own settings; \
         this link changed: {}.",
        names.join(", ")
    ))
}

/// The note as a paragraph, for after a lab's book picker (a prop of the shared
/// picker would cost every lab's page).
pub fn caption_note_view(note: Signal<Option<String>>) -> impl IntoView {
    move || {
        note.get()
            .map(|n| view! { <p class="hint caption-changed">{n}</p> })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_note_names_each_changed_key_by_its_control() {
        let keys = |k: &[&str]| k.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let label = |k: &str| (k == "size").then_some("Window size");
        assert_eq!(
            caption_note(&keys(&["size", "seed", "act", "x"]), label).as_deref(),
            Some("The caption and the expected outcome are for the scenario's own settings; this link changed: window size, seed, recorded actions, x.")
        );
        assert_eq!(caption_note(&[], label), None);
    }
}
