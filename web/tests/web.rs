//! Browser tests: run in headless Chromium with
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown -p ddia-web`.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

#[wasm_bindgen_test]
async fn app_mounts_with_header_and_stage() {
    leptos::mount::mount_to_body(ddia_web::App);
    leptos::task::tick().await;

    let doc = document();
    let brand = doc
        .query_selector("header.topbar .brand")
        .unwrap()
        .expect("the header shows the brand");
    assert_eq!(brand.text_content().as_deref(), Some("ddia-lab"));

    let lab = doc
        .query_selector("header.topbar .lab-name")
        .unwrap()
        .expect("the header names the lab");
    assert_eq!(lab.text_content().as_deref(), Some("Raft"));

    assert!(
        doc.query_selector(".stage svg").unwrap().is_some(),
        "the stage holds an SVG"
    );
}
