// No message is drawn over a Raft server's label (role, vote, log strip, clock), in the
// release build with its stylesheet, at the sizes the lab is opened at. The labels sit on
// the ring's outer side and links are chords of the ring; scn=minority-leader at 0.94 s
// and 0.99 s used to fly S1's AppendEntries across its own caption and strip.
//   trunk build --release && node --test scripts/e2e/raft_labels.test.cjs
"use strict";
const { test, before, after } = require("node:test");
const assert = require("node:assert");
const h = require("./harness.cjs");

let server, browser;
// DIST=/tmp/other-dist runs the same test against another build (e.g. the old code).
before(async () => { server = await h.serve({ dir: process.env.DIST || undefined }); browser = await h.launch(); });
after(async () => { await browser.close(); await server.close(); });

const SIZES = [{ width: 1280, height: 800 }, { width: 390, height: 844, hasTouch: true }];
const QUERIES = [
  "?lab=raft&scn=minority-leader&t=940000",
  "?lab=raft&scn=minority-leader&t=990000",
  "?lab=raft&n=9&hb=10&seed=2&act=900000:k6/-150000&t=1205000",
];

/** Every (message, label) pair whose boxes on the screen overlap, in words. */
function overlaps(page) {
  return page.evaluate(() => {
    const over = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    const labels = [...document.querySelectorAll(".node .caption, .node .strip, .node .clock")]
      .map((l) => [l, l.getBoundingClientRect()])
      .filter(([, r]) => r.width > 0);
    const messages = [...document.querySelectorAll(".messages .msg")];
    const hits = [];
    for (const m of messages) {
      const mr = m.getBoundingClientRect();
      for (const [l, lr] of labels) {
        if (over(mr, lr)) hits.push(`${m.getAttribute("data-kind")} over S${l.closest(".node").getAttribute("data-node")}'s ${l.getAttribute("class")}`);
      }
    }
    return { hits, messages: messages.length, labels: labels.length };
  });
}

for (const size of SIZES) {
  for (const query of QUERIES) {
    test(`${query} at ${size.width}x${size.height}: no message over a label`, async () => {
      const { context, page } = await h.open(browser, server.url + query, size);
      try {
        await h.mounted(page);
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        const seen = await overlaps(page);
        assert.ok(seen.messages > 0 && seen.labels >= 10, JSON.stringify(seen));
        assert.deepStrictEqual(seen.hits, []);
      } finally {
        await context.close();
      }
    });
  }
}

// A server's menu covers no server's disc or label (brief s14, item 3: on a phone S3's
// menu covered S4 to S6), at every size the lab is opened at, for each server in turn.
const MENU_SIZES = [...SIZES, { width: 800, height: 580 }];
const MENU_QUERIES = ["?lab=raft&seed=3&t=1006000", "?lab=raft&n=9&seed=2&t=1205000", "?lab=raft&n=3&seed=1&t=800000"];

/** What the open menu covers, in words, and whether it lies inside the window. */
function menuCovers(page) {
  return page.evaluate(() => {
    const over = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    const menu = document.querySelector(".node-menu").getBoundingClientRect();
    const hits = [...document.querySelectorAll("g[data-node] .body, g[data-node] .caption, g[data-node] .strip, g[data-node] .clock")]
      .filter((el) => { const r = el.getBoundingClientRect(); return r.width > 0 && over(menu, r); })
      .map((el) => `S${el.closest("g[data-node]").getAttribute("data-node")}'s ${el.getAttribute("class")}`);
    const inWindow = menu.left >= 0 && menu.top >= 0 && menu.right <= innerWidth && menu.bottom <= innerHeight;
    return { hits, inWindow, menu: [menu.left, menu.top, menu.right, menu.bottom].map(Math.round) };
  });
}

for (const size of MENU_SIZES) {
  for (const query of MENU_QUERIES) {
    test(`${query} at ${size.width}x${size.height}: each server's menu covers no server`, async () => {
      const { context, page } = await h.open(browser, server.url + query, size);
      try {
        await h.mounted(page);
        const n = await page.locator("g[data-node]").count();
        assert.ok(n >= 3);
        for (let i = 1; i <= n; i++) {
          await page.click(`g[data-node='${i}']`);
          await page.waitForSelector(".node-menu");
          const seen = await menuCovers(page);
          assert.deepStrictEqual(seen.hits, [], `S${i}'s menu at ${seen.menu}`);
          assert.ok(seen.inWindow, `S${i}'s menu inside the window: ${seen.menu}`);
          await page.click(".node-menu .menu-close");
          await page.waitForSelector(".node-menu", { state: "detached" });
        }
      } finally {
        await context.close();
      }
    });
  }
}
