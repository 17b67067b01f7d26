//! Copying text to the system clipboard (`navigator.clipboard.writeText`). The browser
//! may refuse: no clipboard outside secure contexts (plain `http` on another host), or
//! an iframe without `allow="clipboard-write"`; callers then select the text instead.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Copies `text`; true once the clipboard holds it, false if there is no clipboard or
/// the browser refused.
pub async fn copy_text(text: &str) -> bool {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return false;
    };
    let clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .ok()
        .filter(|c| c.is_object());
    let Some(clipboard) = clipboard else {
        return false;
    };
    let clipboard: web_sys::Clipboard = clipboard.unchecked_into();
    JsFuture::from(clipboard.write_text(text)).await.is_ok()
}
