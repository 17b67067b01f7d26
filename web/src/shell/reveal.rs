//! Scrolling the least distance that shows an element whole, inside every scrolling
//! box around it: a tapped glossary tip that opened under the compact layout's
//! Events/Charts tabs, the current lab's tab in a header nav narrower than its tabs.

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
