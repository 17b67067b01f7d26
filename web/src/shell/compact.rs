//! When a lab switches to its compact layout: an 800x580 iframe (the size course pages
//! copy from raft.github.io), a phone, any window too small for stage, panel and logs
//! at once. `static/app.css` lays the page out under the same media query; Rust reads
//! it too where the picture itself changes (the Raft stage's frame).

use leptos::prelude::*;

/// The media query of the compact layout: narrower than 1000 px or lower than 680 px
/// (CSS pixels). `static/app.css` uses exactly this text (a unit test checks).
pub const COMPACT_MEDIA: &str = "(max-width: 1000px), (max-height: 680px)";

/// True while the page matches [`COMPACT_MEDIA`]; follows window resizes.
pub fn use_compact() -> Signal<bool> {
    leptos_use_media_query::use_media_query(COMPACT_MEDIA)
}

/// The phone layout's media query: a screen 640 CSS px wide or less, where a lab
/// stacks what stands side by side on wider screens (`static/app.css` uses the same).
pub const PHONE_MEDIA: &str = "(max-width: 640px)";

/// True while the page matches [`PHONE_MEDIA`]; follows window resizes.
pub fn use_phone() -> Signal<bool> {
    leptos_use_media_query::use_media_query(PHONE_MEDIA)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stylesheet_uses_the_same_query() {
        let css = include_str!("../../../static/app.css");
        let rule = format!("@media {COMPACT_MEDIA} {{");
        assert!(css.contains(&rule), "static/app.css lacks `{rule}`");
    }
}
