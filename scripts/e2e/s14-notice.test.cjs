// A notice (a bad link key, a clamped value) covers nothing a learner needs: on a phone
// (390x844) it takes a row under the header and pushes the lab down, at 1280x800 it sits
// at the window's foot, clear of the header and the stage's status line; × dismisses it
// and the lab takes the room back (brief s14, item 4: on a phone it covered the header).
//   trunk build --release && node --test scripts/e2e/s14-notice.test.cjs
"use strict";
const { test, before, after } = require("node:test");
const assert = require("node:assert");
const h = require("./harness.cjs");

let server, browser;
// DIST=/tmp/other-dist runs the same test against another build (e.g. the old code).
before(async () => { server = await h.serve({ dir: process.env.DIST || undefined }); browser = await h.launch(); });
after(async () => { await browser.close(); await server.close(); });

// The 800x580 embed (a course page's iframe) has the compact layout's drawer tabs at its
// foot, as a phone has (hs10: its notice was fixed over them).
const SIZES = [{ width: 390, height: 844, hasTouch: true }, { width: 1280, height: 800 }, { width: 800, height: 580, embed: true }];
const QUERIES = ["?lab=raft&zz=1", "?lab=storage&zz=1", "?lab=partition&zz=1", "?lab=raft&speed=1000"];

/** The notice's box, and what of the header, the stage's first line and the run
 *  controls it overlaps. */
function covered(page) {
  return page.evaluate(() => {
    const over = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    const notice = document.querySelector(".notice").getBoundingClientRect();
    const needed = { header: ".topbar", status: "main .stage > :first-child", play: "[data-action=play]", tabs: ".drawer-tabs" };
    const hits = Object.entries(needed)
      .filter(([, sel]) => { const el = document.querySelector(sel); return el && el.getBoundingClientRect().height > 0 && over(notice, el.getBoundingClientRect()); })
      .map(([name]) => name);
    return { hits, notice: [notice.left, notice.top, notice.right, notice.bottom].map(Math.round) };
  });
}

const top = (page, sel) => page.evaluate((s) => document.querySelector(s).getBoundingClientRect().top, sel);

for (const size of SIZES) {
  for (const query of QUERIES) {
    const url = server => server.url + query + (size.embed ? "&embed=1" : "");
    test(`${query} at ${size.width}x${size.height}${size.embed ? " embedded" : ""}: the notice covers nothing needed, and × takes it away`, async () => {
      const { context, page } = await h.open(browser, url(server), size);
      try {
        await h.mounted(page);
        await page.waitForSelector(".notice");
        const seen = await covered(page);
        assert.deepStrictEqual(seen.hits, [], `the notice at ${seen.notice}`);
        const stageTop = await top(page, "main .stage");
        await page.click(".notice-close");
        await page.waitForSelector(".notice", { state: "detached" });
        assert.ok(await top(page, "main .stage") <= stageTop, "the lab keeps or takes back the room");
        assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), "no horizontal scroll");
      } finally {
        await context.close();
      }
    });
  }
}
