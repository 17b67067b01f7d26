//! Keyboard shortcuts: space plays or pauses, `.` runs one event, `,` goes one step
//! back, `?` lists them ([`super::keys_help`]), whatever has focus (a button just
//! clicked, a slider, the stage), except a field that takes text, where the keys are
//! typed, and an open dialog, which has its own keys (Esc closes it).

use leptos::prelude::*;

/// What a key press asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortcut {
    /// Space: play or pause.
    TogglePlay,
    /// `.`: process one event.
    Step,
    /// `,`: go back one step (replayed from the start: runs are deterministic).
    StepBack,
    /// `?`: show the shortcuts.
    Help,
}

/// Every shortcut as the help dialog lists it: the key as printed, what it does.
pub const SHORTCUTS: [(&str, &str, Shortcut); 4] = [
    ("Space", "play or pause", Shortcut::TogglePlay),
    (
        ".",
        "one step forward (one event or operation)",
        Shortcut::Step,
    ),
    (
        ",",
        "one step back (the run replays to the moment before)",
        Shortcut::StepBack,
    ),
    ("?", "this list of keys", Shortcut::Help),
];

/// The shortcut for `key` (a `KeyboardEvent.key`), if any, unless the focus is in a
/// field that takes text (`typing`) or a modifier key is held.
pub fn shortcut(key: &str, typing: bool, modifiers: bool) -> Option<Shortcut> {
    if modifiers || typing {
        return None;
    }
    match key {
        " " | "Spacebar" => Some(Shortcut::TogglePlay),
        "." => Some(Shortcut::Step),
        "," => Some(Shortcut::StepBack),
        "?" => Some(Shortcut::Help),
        _ => None,
    }
}

/// Calls `on_shortcut` for every shortcut pressed anywhere in the window while the
/// calling component is mounted.
pub fn use_shortcuts(on_shortcut: impl Fn(Shortcut) + 'static) {
    super::listen::listen(window(), "keydown", move |ev: web_sys::KeyboardEvent| {
        let typing = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(t).ok())
            .is_some_and(|el| takes_text(&el) || in_dialog(&el));
        let modifiers = ev.ctrl_key() || ev.meta_key() || ev.alt_key();
        if let Some(s) = shortcut(&ev.key(), typing, modifiers) {
            ev.prevent_default();
            on_shortcut(s);
        }
    });
}

/// True for an element whose keys are typed text: a text area, an editable element or
/// an `<input>` whose type takes text (text, number, search...; not a slider, a
/// checkbox or a button).
fn takes_text(el: &web_sys::HtmlElement) -> bool {
    match el.tag_name().to_ascii_uppercase().as_str() {
        "TEXTAREA" => true,
        "INPUT" => input_takes_text(&el.get_attribute("type").unwrap_or_default()),
        _ => el.is_content_editable(),
    }
}

/// True for an element inside a `<dialog>` (its keys are the dialog's).
fn in_dialog(el: &web_sys::HtmlElement) -> bool {
    el.closest("dialog").ok().flatten().is_some()
}

/// True for the `<input type=…>` values that take typed text (an absent or unknown
/// type is text).
pub fn input_takes_text(kind: &str) -> bool {
    !matches!(
        kind.to_ascii_lowercase().as_str(),
        "range" | "checkbox" | "radio" | "button" | "submit" | "reset" | "color" | "file" | "image"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_map_unless_typing_or_modified() {
        assert_eq!(shortcut(" ", false, false), Some(Shortcut::TogglePlay));
        assert_eq!(shortcut(".", false, false), Some(Shortcut::Step));
        assert_eq!(shortcut(",", false, false), Some(Shortcut::StepBack));
        assert_eq!(shortcut(",", true, false), None);
        assert_eq!(shortcut(" ", true, false), None);
        assert_eq!(shortcut(".", false, true), None);
        assert_eq!(shortcut("a", false, false), None);
        assert_eq!(shortcut("?", false, false), Some(Shortcut::Help));
    }

    /// The help dialog lists each key as the browser names it: its printed key maps to
    /// the shortcut it describes (Space is `" "`).
    #[test]
    fn the_listed_keys_are_the_shortcuts() {
        for (key, _, s) in SHORTCUTS {
            let typed = if key == "Space" { " " } else { key };
            assert_eq!(shortcut(typed, false, false), Some(s), "{key}");
        }
    }

    #[test]
    fn sliders_and_buttons_do_not_take_text_but_fields_do() {
        for kind in ["range", "checkbox", "button", "RADIO"] {
            assert!(!input_takes_text(kind), "{kind}");
        }
        for kind in ["", "text", "number", "search", "email", "whatever"] {
            assert!(input_takes_text(kind), "{kind}");
        }
    }
}
