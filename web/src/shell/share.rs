//! The Share control every lab has (in the header; in the corner when embedded): a
//! button that opens a small panel and copies an absolute link to the run as it is
//! now; the panel also offers an `<iframe>` snippet (`embed=1`, 800x580) and "Export
//! run" ([`super::export`]), and says what it did (a confirmation that fades). If the
//! browser refuses the clipboard, the text is selected for the user to copy.

use super::clipboard::copy_text;
use super::export::download;
use super::live_lab::MountedRun;
use super::notice::{Flash, FlashLine};
use super::page::{page_suffix, LabKind};
use leptos::html::Textarea;
use leptos::prelude::*;

/// Width of the suggested iframe, CSS pixels (the size course pages copy from
/// raft.github.io).
pub const EMBED_WIDTH: u32 = 800;
/// Height of the suggested iframe, CSS pixels.
pub const EMBED_HEIGHT: u32 = 580;

/// `href` without its query and fragment: the page's own address (any host, any
/// sub-path).
pub fn page_base(href: &str) -> &str {
    href.split(['?', '#']).next().unwrap_or(href)
}

/// The absolute link that replays scenario `query` at `speed` on the page at `href`.
pub fn run_link(href: &str, query: &str, speed: f64) -> String {
    format!("{}?{query}{}", page_base(href), page_suffix(speed, false))
}

/// `text` escaped for an HTML attribute value in double quotes.
fn attr(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// An `<iframe>` that embeds `link` without the page chrome (`embed=1`), titled after
/// `lab`.
pub fn iframe_snippet(link: &str, lab: LabKind) -> String {
    format!(
        r#"<iframe src="{}" width="{EMBED_WIDTH}" height="{EMBED_HEIGHT}" title="{}" style="border:0" allow="clipboard-write" loading="lazy"></iframe>"#,
        attr(&format!("{link}&embed=1")),
        attr(&format!("ddia-lab: {} lab", lab.name())),
    )
}

/// The page's address, or empty if it cannot be read.
fn current_href() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default()
}

/// Copies `text` and says so in `said`; if the clipboard is refused, selects `field`
/// and says how to copy it by hand. `what` names the text ("the link to this run").
fn copy_into(what: &'static str, text: String, field: NodeRef<Textarea>, said: Flash) {
    leptos::task::spawn_local(async move {
        if copy_text(&text).await {
            said.show(format!("Copied {what}."));
        } else {
            if let Some(el) = field.get_untracked() {
                let _ = el.focus();
                el.select();
            }
            said.show(format!(
                "This page may not use the clipboard: {what} is selected, press Ctrl+C (⌘C) to copy it."
            ));
        }
    });
}

/// Saves the mounted run as JSON and says so in `said`.
fn export_into(run: MountedRun, said: Flash) {
    let Some(export) = run.export() else {
        return said.show("No run to export yet.");
    };
    match download(&export) {
        Ok(()) => said.show(format!("Downloading {}.", export.file_name())),
        Err(e) => said.show(format!("Could not export the run: {e}.")),
    }
}

/// The Share button and its popover. `corner` places it in the top right corner of an
/// embedded lab (where there is no header).
#[component]
pub fn Share(
    /// The lab on the page (names the iframe).
    lab: LabKind,
    /// Float in the corner (embedded pages) instead of sitting in the header.
    #[prop(optional)]
    corner: bool,
) -> impl IntoView {
    let run = use_context::<MountedRun>().unwrap_or_default();
    let open = RwSignal::new(false);
    let link = RwSignal::new(String::new());
    let snippet = RwSignal::new(String::new());
    let said = Flash::new();
    let button = NodeRef::<leptos::html::Button>::new();
    let link_field = NodeRef::<Textarea>::new();
    let snippet_field = NodeRef::<Textarea>::new();
    // Keyboard users land in the panel when it opens (Escape leaves it).
    Effect::new(move || {
        if let Some(field) = link_field.get() {
            let _ = field.focus();
        }
    });
    let close = move || {
        open.set(false);
        if let Some(b) = button.get_untracked() {
            let _ = b.focus();
        }
    };
    let toggle = move |_| {
        if open.get_untracked() {
            return close();
        }
        open.set(true);
        let Some((query, speed)) = run.query() else {
            return said.show("No run to share yet.");
        };
        let l = run_link(&current_href(), &query, speed);
        snippet.set(iframe_snippet(&l, lab));
        link.set(l.clone());
        copy_into("the link to this run", l, link_field, said);
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.stop_propagation();
            close();
        }
    };
    view! {
        <div class="share-box" class:corner=corner>
            <button
                node_ref=button
                class="share-button"
                data-action="share"
                aria-label="Share this run"
                aria-haspopup="dialog"
                aria-expanded=move || open.get().to_string()
                title="Copy a link to this run, get the code to embed it, or export it as JSON"
                on:click=toggle
            >
                <span aria-hidden="true">"↗"</span>
                <span class="share-label">" Share"</span>
            </button>
            <Show when=move || open.get()>
                <div class="share-pop" role="dialog" aria-label="Share this run" on:keydown=on_key>
                    <p class="share-note">"The link replays this run up to the moment you pressed Share."</p>
                    <label class="share-field">
                        <span>"Link"</span>
                        <textarea node_ref=link_field readonly rows="2" data-share="link" prop:value=move || link.get()></textarea>
                    </label>
                    <label class="share-field">
                        <span>{format!("Embed in a page ({EMBED_WIDTH}×{EMBED_HEIGHT})")}</span>
                        <textarea node_ref=snippet_field readonly rows="3" data-share="iframe" prop:value=move || snippet.get()></textarea>
                    </label>
                    <div class="button-row">
                        <button data-action="copy-link" on:click=move |_| copy_into("the link to this run", link.get_untracked(), link_field, said)>
                            "Copy link"
                        </button>
                        <button data-action="copy-iframe" on:click=move |_| copy_into("the <iframe> code", snippet.get_untracked(), snippet_field, said)>
                            "Copy embed code"
                        </button>
                        <button data-action="export" title="Download the scenario and the recent trace as JSON" on:click=move |_| export_into(run, said)>
                            "Export run (JSON)"
                        </button>
                        <button data-action="close-share" aria-label="Close the share panel" on:click=move |_| close()>
                            "Close"
                        </button>
                    </div>
                    <FlashLine flash=said />
                </div>
            </Show>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_absolute_and_keep_the_sub_path() {
        let href = "https://host.edu/courses/ddia-lab/?lab=raft&seed=1&t=5#top";
        assert_eq!(page_base(href), "https://host.edu/courses/ddia-lab/");
        assert_eq!(
            run_link(href, "lab=raft&seed=3&t=700", 0.1),
            "https://host.edu/courses/ddia-lab/?lab=raft&seed=3&t=700&speed=0.1"
        );
        assert_eq!(
            run_link("http://127.0.0.1:8080/", "lab=storage", 1.0),
            "http://127.0.0.1:8080/?lab=storage&speed=1"
        );
    }

    #[test]
    fn the_snippet_embeds_at_800x580_with_a_title_and_escapes_the_link() {
        let s = iframe_snippet("https://h/?lab=raft&act=5:x1>2", LabKind::Raft);
        assert!(
            s.starts_with(r#"<iframe src="https://h/?lab=raft&amp;act=5:x1&gt;2&amp;embed=1""#),
            "{s}"
        );
        assert!(s.contains(r#"width="800" height="580""#), "{s}");
        assert!(s.contains(r#"title="ddia-lab: Raft lab""#), "{s}");
        assert!(s.ends_with("></iframe>"), "{s}");
    }
}
