//! The keys dialog every lab gets: `?` (wherever the focus is, except in a text field)
//! or the header's Keys button lists the keyboard shortcuts
//! ([`super::keyboard::SHORTCUTS`]) in a modal `<dialog>`. Esc or Close closes it, and
//! the focus goes back to where it was.

use super::keyboard::SHORTCUTS;
use leptos::html::Dialog;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// The dialog of one page, and the element that had the focus when it opened.
#[derive(Clone, Copy)]
pub struct KeysHelp {
    dialog: NodeRef<Dialog>,
    opener: StoredValue<Option<HtmlElement>, LocalStorage>,
}

impl KeysHelp {
    /// A closed dialog (mount it with [`KeysDialog`]).
    pub fn new() -> Self {
        KeysHelp {
            dialog: NodeRef::new(),
            opener: StoredValue::new_local(None),
        }
    }

    /// Opens the dialog, modal, remembering what had the focus; nothing if it is open.
    pub fn open(&self) {
        let Some(dialog) = self.dialog.get_untracked() else {
            return;
        };
        if dialog.open() {
            return;
        }
        let focused = document()
            .active_element()
            .and_then(|e| e.dyn_into::<HtmlElement>().ok());
        self.opener.set_value(focused);
        let _ = dialog.show_modal();
    }

    /// Closes the dialog (the `close` event gives the focus back).
    fn close(&self) {
        if let Some(dialog) = self.dialog.get_untracked() {
            dialog.close();
        }
    }

    /// Gives the focus back to the element that had it when the dialog opened.
    fn give_focus_back(&self) {
        if let Some(el) = self.opener.get_value() {
            let _ = el.focus();
        }
    }
}

impl Default for KeysHelp {
    fn default() -> Self {
        Self::new()
    }
}

/// The dialog, closed until `?` or [`KeysButton`] opens it. The page provides `help`
/// as context; the lab's shortcut listener ([`super::live_lab::drive`]) opens it on `?`.
#[component]
pub fn KeysDialog(help: KeysHelp) -> impl IntoView {
    // One string, not a view per cell: the same table for less wasm. The keys and
    // their meanings are constants without markup characters.
    let rows: String = SHORTCUTS
        .iter()
        .map(|(key, what, _)| {
            format!("<tr><th scope=\"row\"><kbd>{key}</kbd></th><td>{what}</td></tr>")
        })
        .collect();
    view! {
        <dialog
            class="keys-dialog"
            node_ref=help.dialog
            aria-label="Keyboard shortcuts"
            on:close=move |_| help.give_focus_back()
        >
            <h2>"Keyboard shortcuts"</h2>
            <p>"They work wherever the focus is, except in a text field. Esc closes this list."</p>
            <table inner_html=format!("<tbody>{rows}</tbody>")></table>
            <button class="keys-close" type="button" on:click=move |_| help.close()>"Close"</button>
        </dialog>
    }
}

/// The header's button that opens the dialog, for mouse and touch users.
#[component]
pub fn KeysButton(help: KeysHelp) -> impl IntoView {
    view! {
        <button
            class="keys-button"
            type="button"
            aria-haspopup="dialog"
            aria-label="Keys: the keyboard shortcuts"
            title="Keyboard shortcuts (press ?)"
            on:click=move |_| help.open()
        >
            <span aria-hidden="true">"?"</span>
            <span class="keys-label">"Keys"</span>
        </button>
    }
}
