//! Window and document listeners for as long as the calling component is mounted,
//! through leptos-use's `use_event_listener`, all by one instantiation of it: each
//! distinct event type or handler type would compile its own copy (about 900 bytes of
//! wasm each); a boxed handler on a named event compiles one.

use leptos::ev::Custom;
use wasm_bindgen::JsCast;

/// Calls `handler` with each `event` (a DOM event name: "keydown", "message") that
/// reaches `target`, cast to `E` (the event's interface: `web_sys::KeyboardEvent`...).
pub fn listen<E: JsCast>(
    target: impl Into<web_sys::EventTarget>,
    event: &'static str,
    mut handler: impl FnMut(E) + 'static,
) {
    let boxed: Box<dyn FnMut(web_sys::Event)> = Box::new(move |ev| handler(ev.unchecked_into()));
    let _ = leptos_use_event_listener::use_event_listener(
        target.into(),
        Custom::<web_sys::Event>::new(event),
        boxed,
    );
}
