// Starts the lab the URL names (`?lab=storage`; no `lab`, or one we do not know, opens
// the Raft lab, whose link reader then explains). Each lab is its own wasm binary, built
// by Trunk from web/src/bin/<lab>.rs, so a page downloads only the lab it shows.
(function () {
  "use strict";
  const LABS = { raft: "raft", storage: "storage" };
  const asked = new URLSearchParams(location.search).get("lab");
  const lab = Object.prototype.hasOwnProperty.call(LABS, asked) ? LABS[asked] : LABS.raft;
  const here = new URL(".", document.currentScript.src);

  function fail(why) {
    const p = document.createElement("p");
    p.className = "load-error";
    p.setAttribute("role", "alert");
    p.textContent = "The " + lab + " lab could not start: " + why +
      ". Reload the page; if it persists, your browser may lack WebAssembly.";
    document.body.appendChild(p);
  }

  const glue = document.createElement("script");
  glue.src = new URL(lab + ".js", here).href;
  glue.onerror = function () { fail("its script did not load"); };
  glue.onload = function () {
    // The glue (wasm-bindgen, no-modules target) defines the global `wasm_bindgen`.
    wasm_bindgen({ module_or_path: new URL(lab + "_bg.wasm", here).href })
      .catch(function (e) { fail(String(e)); });
  };
  document.head.appendChild(glue);
})();
