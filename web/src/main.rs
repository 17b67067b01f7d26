//! Entry point: mounts the app on the page's body.

use leptos::prelude::*;

fn main() {
    leptos::mount::mount_to_body(|| view! { <ddia_web::App /> });
}
