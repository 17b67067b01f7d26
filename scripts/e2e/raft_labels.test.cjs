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
