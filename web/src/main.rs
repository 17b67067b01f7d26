fn main() {
    leptos::mount::mount_to_body(ddia_web::App);
}
