//! Links through a real browser's encodings (issue 8): generated scenarios of every lab,
//! written by the app, passed through this Chromium's `encodeURI`, `URLSearchParams`
//! and its own address bar (`history.replaceState`, then `location.search`), read back
//! as the same scenario.
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown -p ddia-web --test links`.
#![cfg(target_arch = "wasm32")]

use ddia_core::consensus::raft::Scenario;
use ddia_core::link::LabLink;
use ddia_core::storage::lab_scenario::StorageScenario;
use ddia_tests::{raft_scenario, storage_scenario};
use proptest::strategy::Strategy;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// What this browser's address bar makes of `?query` (`history.replaceState`, then
/// `location.search`). Chromium ignores history changes beyond about 200 in 10 s, so
/// the generated cases use [`through_url_parser`] and this one runs once.
fn through_address_bar(query: &str) -> String {
    let window = web_sys::window().unwrap();
    let before = window.location().href().unwrap();
    let history = window.history().unwrap();
    history
        .replace_state_with_url(&JsValue::NULL, "", Some(&format!("?{query}")))
        .unwrap();
    let seen = window.location().search().unwrap();
    history
        .replace_state_with_url(&JsValue::NULL, "", Some(&before))
        .unwrap();
    seen
}

/// What this browser's URL parser (the one behind the address bar and `location`)
/// makes of `?query`.
fn through_url_parser(query: &str) -> String {
    let base = web_sys::window().unwrap().location().href().unwrap();
    web_sys::Url::new_with_base(&format!("?{query}"), &base)
        .unwrap()
        .search()
}

fn browser_encodings(query: &str) -> Vec<(&'static str, String)> {
    let params = web_sys::UrlSearchParams::new_with_str(query).unwrap();
    vec![
        ("encodeURI", String::from(js_sys::encode_uri(query))),
        ("URLSearchParams", String::from(params.to_string())),
        ("URL parser", through_url_parser(query)),
    ]
}

fn survives<L: LabLink + PartialEq + std::fmt::Debug>(s: &L) -> Result<(), TestCaseError> {
    let q = s.to_query();
    for (how, encoded) in browser_encodings(&q) {
        let read = L::from_query(&encoded);
        if read.as_ref() != Ok(s) {
            return Err(TestCaseError::fail(format!(
                "{how}: {q} came back as {encoded}: {read:?}"
            )));
        }
    }
    Ok(())
}

fn check<L: LabLink + PartialEq + std::fmt::Debug>(strategy: impl Strategy<Value = L>) {
    let mut runner = TestRunner::new(Config::with_cases(60));
    if let Err(e) = runner.run(&strategy, |s| survives(&s)) {
        panic!("{e}");
    }
}

#[wasm_bindgen_test]
fn raft_links_survive_this_browser() {
    check(raft_scenario());
}

#[wasm_bindgen_test]
fn storage_links_survive_this_browser() {
    check(storage_scenario());
}

#[wasm_bindgen_test]
fn the_cut_link_of_issue_8_opens_from_the_address_bar() {
    let seen = through_address_bar("seed=3&act=500000:x1>2");
    assert!(
        seen.contains("%3E"),
        "this browser no longer encodes '>': {seen}"
    );
    let s = Scenario::from_query(&seen).unwrap();
    assert_eq!((s.seed, s.actions.len()), (3, 1));
    let _ = StorageScenario::from_query(&through_address_bar("lab=storage&act=p1=a")).unwrap();
}
