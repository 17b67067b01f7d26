// The race's B-tree is far wider than the stage (3 levels, 70+ leaves at 1280x800); its
// root sits over the middle of the leaves. A learner must see the root-to-leaf path of the
// last operation without scrolling: the root page and the leaf the operation reached are
// each drawn somewhere inside the visible part of the B-tree's lane (brief s14, item 2).
// Before the fix a get scrolled the lane to its leaf and the root was 4,500 px off.
//   trunk build --release && node --test scripts/e2e/storage_path.test.cjs
"use strict";
const { test, before, after } = require("node:test");
const assert = require("node:assert");
const h = require("./harness.cjs");

let server, browser;
// DIST=/tmp/other-dist runs the same test against another build (e.g. the old code).
before(async () => { server = await h.serve({ dir: process.env.DIST || undefined }); browser = await h.launch(); });
after(async () => { await browser.close(); await server.close(); });

/** In the page: the root page and the last get's leaf of the B-tree's drawing (by page
 *  number), and for each, whether some element naming that page ([data-page]) lies wholly
 *  inside the lane's visible part (the lane clipped by every scrolling ancestor and the
 *  window). */
function seen(page) {
  return page.evaluate(() => {
    const lane = document.querySelector(".lane[data-engine='B-tree']");
    const clip = (a, b) => ({ left: Math.max(a.left, b.left), right: Math.min(a.right, b.right), top: Math.max(a.top, b.top), bottom: Math.min(a.bottom, b.bottom) });
    let view = lane.getBoundingClientRect();
    for (let el = lane.parentElement; el; el = el.parentElement) {
      const s = getComputedStyle(el);
      if (s.overflowX !== "visible" || s.overflowY !== "visible") view = clip(view, el.getBoundingClientRect());
    }
    view = clip(view, { left: 0, top: 0, right: innerWidth, bottom: innerHeight });
    const inside = (r) => r.width > 0 && r.left >= view.left - 0.5 && r.right <= view.right + 0.5 && r.top >= view.top - 0.5 && r.bottom <= view.bottom + 0.5;
    const drawn = [...lane.querySelectorAll("svg .page")];
    const top = (e) => e.getBoundingClientRect().top;
    const root = drawn.reduce((a, b) => (top(a) <= top(b) ? a : b)).getAttribute("data-page");
    const found = drawn.filter((e) => e.classList.contains("probe-found"));
    const leaf = found.length ? found.reduce((a, b) => (top(a) >= top(b) ? a : b)).getAttribute("data-page") : null;
    const visible = (no) => [...lane.querySelectorAll(`[data-page="${no}"]`)].some((e) => inside(e.getBoundingClientRect()));
    return { root, rootVisible: visible(root), leaf, leafVisible: leaf === null || visible(leaf), levels: new Set(drawn.map(top)).size, scrollWidth: lane.scrollWidth, clientWidth: lane.clientWidth };
  });
}

// t=2000 and t=3000 end on a get whose leaf is far from the middle; t=1500 on a put.
for (const t of [1500, 2000, 3000]) {
  test(`?lab=storage&scn=race&t=${t} at 1280x800: the root and the leaf reached are in view`, async () => {
    const { context, page } = await h.open(browser, `${server.url}?lab=storage&scn=race&t=${t}`, { width: 1280, height: 800 });
    try {
      await h.mounted(page);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const s = await seen(page);
      assert.ok(s.levels >= 3 && s.scrollWidth > 5 * s.clientWidth, `a wide, deep tree: ${JSON.stringify(s)}`);
      assert.ok(s.rootVisible, `root p${s.root} in view: ${JSON.stringify(s)}`);
      assert.ok(s.leafVisible, `leaf p${s.leaf} in view: ${JSON.stringify(s)}`);
    } finally {
      await context.close();
    }
  });
}

test("the path names the operation and its pages root first, the leaf holding a found key", async () => {
  const { context, page } = await h.open(browser, `${server.url}?lab=storage&scn=race&t=2000`, { width: 1280, height: 800 });
  try {
    await h.mounted(page);
    const path = await page.evaluate(() => {
      const box = document.querySelector(".lane[data-engine='B-tree'] .btree-path");
      const items = [...box.querySelectorAll("li")];
      const hot = [...document.querySelectorAll(".lane[data-engine='B-tree'] svg .page.probe-found")].map((e) => e.getAttribute("data-page"));
      return { title: box.querySelector(".path-title").innerText, depths: items.map((e) => e.getAttribute("data-depth")), pages: items.map((e) => e.getAttribute("data-page")), hot, key: box.querySelector(".path-key")?.innerText };
    });
    const op = /get (\d+), root to leaf/.exec(path.title);
    assert.ok(op, path.title);
    assert.deepStrictEqual(path.depths, ["0", "1", "2"]);
    assert.deepStrictEqual([...path.pages].sort(), [...path.hot].sort(), "the same pages as the drawing's highlighted path");
    assert.strictEqual(path.key, op[1], "the leaf shows the key it holds");
  } finally {
    await context.close();
  }
});
