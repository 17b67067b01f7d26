// Decides what the page shows from its URL, before any wasm loads:
//  - no query at all: the landing page, static HTML in index.html; no lab code is fetched;
//  - `?lab=storage` (a key below): that lab;
//  - any other query opens the Raft lab, so links written before the landing page existed
//    (`?seed=3&n=5`) keep working, and an unknown `lab=` is explained by its link reader.
// Each lab is its own wasm binary, built by Trunk from web/src/bin/<lab>.rs, so a page
// downloads only the lab it shows. Asset URLs are relative to this script, so the site
// works under any sub-path (`/ddia-lab/`).
(function () {
  "use strict";
  const LABS = { raft: "raft", storage: "storage", partition: "partition", stream: "stream" };
  const root = document.documentElement;
  unwrapEncodedQuery();
  const params = new URLSearchParams(location.search);

  /** A link whose whole query was percent-encoded once more (`?lab%3Dstream%26t%3D5`,
   *  as some chat apps and e-mail clients write it) has no `=` left, and one encoded
   *  after its first `=` (`?lab=partition%26scn%3Dring-60`) has no `&` but an encoded
   *  one: decode it once and put the result in the address bar, so every lab reads its
   *  keys as written. Any other query, or one that does not decode, is left as it is. */
  function unwrapEncodedQuery() {
    const query = location.search.slice(1);
    const wrapped = query.indexOf("=") < 0 || (query.indexOf("&") < 0 && /%26/i.test(query));
    if (query === "" || !wrapped) return;
    let decoded;
    try { decoded = decodeURIComponent(query); } catch (e) { return; }
    if (decoded.indexOf("=") < 0) return;
    history.replaceState(history.state, "", location.pathname + "?" + decoded + location.hash);
  }

  /** Writes the first contentful paint (ms since navigation start) into the body's
   *  data-first-render-ms, the stamp each lab writes once mounted (`make bench`). */
  function stampFirstPaint() {
    new PerformanceObserver(function (list, observer) {
      const paint = list.getEntriesByName("first-contentful-paint")[0];
      if (paint && document.body) {
        observer.disconnect();
        document.body.setAttribute("data-first-render-ms", String(Math.round(paint.startTime)));
      }
    }).observe({ type: "paint", buffered: true });
  }

  /** Runs `f` once the document is parsed (at once if it already is). */
  function whenParsed(f) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", f);
    else f();
  }

  if (params.keys().next().done) {
    root.setAttribute("data-page", "landing");
    stampFirstPaint();
    return;
  }

  // Hides the landing page (landing.css) before the body is drawn, and turns on the labs'
  // stylesheets, which index.html links with media="not all" so that they don't hold up
  // the landing page's first paint.
  root.setAttribute("data-page", "lab");
  document.querySelectorAll("link[data-lab-css]").forEach(function (link) { link.media = "all"; });
  const asked = params.get("lab");
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

  // The wasm downloads while the glue script does (not after it): the glue's init takes
  // the pending response. The empty catch only keeps a failed download from also being
  // an unhandled rejection when the glue itself never loads (`fail` says why).
  const wasm = fetch(new URL(lab + "_bg.wasm", here).href);
  wasm.catch(function () {});

  function start() {
    const landing = document.getElementById("landing");
    if (landing) landing.remove();
    // The glue (wasm-bindgen, no-modules target) defines the global `wasm_bindgen`.
    wasm_bindgen({ module_or_path: wasm })
      .catch(function (e) { fail(String(e)); });
  }

  const glue = document.createElement("script");
  glue.src = new URL(lab + ".js", here).href;
  glue.onerror = function () { whenParsed(function () { fail("its script did not load"); }); };
  glue.onload = function () { whenParsed(start); };
  document.head.appendChild(glue);
})();
