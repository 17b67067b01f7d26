//! Scrolling the least distance that shows an element whole, inside every scrolling
//! box around it: a tapped glossary tip that opened under the compact layout's
//! Events/Charts tabs, the current lab's tab in a header nav narrower than its tabs.

use leptos::prelude::{document, request_animation_frame};
use web_sys::{Element, ScrollIntoViewOptions, ScrollLogicalPosition};

/// Scrolls `el` into view by the least distance, vertically and horizontally
/// (`scrollIntoView({block: "nearest", inline: "nearest"})`); nothing moves when it is
/// already in view.
pub fn reveal(el: &Element) {
    let options = ScrollIntoViewOptions::new();
    options.set_block(ScrollLogicalPosition::Nearest);
    options.set_inline(ScrollLogicalPosition::Nearest);
    el.scroll_into_view_with_scroll_into_view_options(&options);
}

/// Once the page is next drawn, [`reveal`]s the first element matching the CSS
/// `selector` (e.g. `#gloss-tip-3`), if there is one. By selector rather than a
/// `NodeRef`: one shared function instead of a `NodeRef` and an `Effect` per element
/// type keeps every page's wasm smaller.
pub fn reveal_soon(selector: String) {
    request_animation_frame(move || {
        if let Ok(Some(el)) = document().query_selector(&selector) {
            reveal(&el);
        }
    });
}
