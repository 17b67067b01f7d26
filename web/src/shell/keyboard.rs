//! Keyboard shortcuts: space plays or pauses, `.` runs one event. Keys typed into a
//! form control are left alone.

use leptos::prelude::*;

/// What a key press asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortcut {
    /// Space: play or pause.
    TogglePlay,
    /// `.`: process one event.
    Step,
}

/// The shortcut for `key` (a `KeyboardEvent.key`) pressed while the element named
/// `target_tag` (upper-case tag name) has focus, if any.
pub fn shortcut(key: &str, target_tag: &str, modifiers: bool) -> Option<Shortcut> {
    if modifiers || matches!(target_tag, "INPUT" | "TEXTAREA" | "SELECT" | "BUTTON") {
        return None;
    }
    match key {
        " " | "Spacebar" => Some(Shortcut::TogglePlay),
        "." => Some(Shortcut::Step),
        _ => None,
    }
}

/// Calls `on_shortcut` for every shortcut pressed anywhere in the window while the
/// calling component is mounted.
pub fn use_shortcuts(on_shortcut: impl Fn(Shortcut) + 'static) {
    let _ =
        leptos_use_event_listener::use_event_listener(window(), leptos::ev::keydown, move |ev| {
            let tag = ev
                .target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
                .map(|el| el.tag_name().to_ascii_uppercase())
                .unwrap_or_default();
            let modifiers = ev.ctrl_key() || ev.meta_key() || ev.alt_key();
            if let Some(s) = shortcut(&ev.key(), &tag, modifiers) {
                ev.prevent_default();
                on_shortcut(s);
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_map_outside_form_controls_only() {
        assert_eq!(shortcut(" ", "BODY", false), Some(Shortcut::TogglePlay));
        assert_eq!(shortcut(".", "svg", false), Some(Shortcut::Step));
        assert_eq!(shortcut(" ", "INPUT", false), None);
        assert_eq!(shortcut(" ", "BUTTON", false), None);
        assert_eq!(shortcut(".", "BODY", true), None);
        assert_eq!(shortcut("a", "BODY", false), None);
    }
}
