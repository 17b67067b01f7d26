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
    let Some(clipboard) = clipboard.filter(|_| policy_allows_clipboard()) else {
        return false;
    };
    let clipboard: web_sys::Clipboard = clipboard.unchecked_into();
    JsFuture::from(clipboard.write_text(text)).await.is_ok()
}

/// False when the page's permissions policy blocks `clipboard-write` (an iframe without
/// `allow="clipboard-write"`): asking the clipboard then only logs a violation. Browsers
/// without `document.featurePolicy` are asked anyway.
fn policy_allows_clipboard() -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    let policy = js_sys::Reflect::get(&document, &JsValue::from_str("featurePolicy"))
        .ok()
        .filter(JsValue::is_object);
    let Some(policy) = policy else {
        return true;
    };
    let allows = js_sys::Reflect::get(&policy, &JsValue::from_str("allowsFeature"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    allows.is_none_or(|f| {
        f.call1(&policy, &JsValue::from_str("clipboard-write"))
            .is_ok_and(|v| v.is_truthy())
    })
}
