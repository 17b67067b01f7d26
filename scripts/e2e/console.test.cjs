// A clean console is the norm: the landing page and every lab page, plain and playing a
// book scenario, load with no console error, no uncaught exception and no failed or 4xx/5xx
// request (a missing favicon used to log "Failed to load resource: 404" on every load),
// from the first paint until the lab has run for a second.
//
//   trunk build --release && node --test scripts/e2e/console.test.cjs
"use strict";
const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const h = require("./harness.cjs");

const PAGES = [
  "",
  "?lab=raft",
  "?lab=storage",
  "?lab=raft&scn=split-vote",
  "?lab=storage&scn=sstable-merge",
  "?lab=partition",
  "?lab=partition&scn=stale-route",
  "?lab=stream",
  "?lab=stream&scn=rebalance&t=1200000",
];

let server;
before(async () => {
  server = await h.serve();
});
after(async () => {
  if (server) await server.close();
});

for (const query of PAGES) {
  test(`no console problems on /${query}`, async () => {
    // A browser of its own: Chromium asks a site for its icon once per browser, not per
    // page, so a shared one would hide a missing icon on all but the first page.
    const browser = await h.launch();
    try {
      const { page, problems } = await h.open(browser, server.url + query);
      await h.mounted(page); // a lab's mount, or the landing page's first paint
      await page.waitForTimeout(1000); // let the lab run (and play) for a second
      assert.deepEqual(problems, []);
    } finally {
      await browser.close();
    }
  });
}
