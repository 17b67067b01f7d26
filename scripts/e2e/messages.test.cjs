// Control of single messages (issue 18): click a message in flight to drop it, send it
// again or hold it back; each is a recorded action, so the link replays it.
//   trunk build --release && node --test scripts/e2e/messages.test.cjs
"use strict";
const { test, before, after } = require("node:test");
const assert = require("node:assert");
const h = require("./harness.cjs");

let server, browser;
before(async () => { server = await h.serve({ dir: process.env.DIST || undefined }); browser = await h.launch(); });
after(async () => { await browser.close(); await server.close(); });

// A moment of the default run with messages in flight (S1 has just become leader).
const QUERY = "?lab=raft&seed=3&t=800000";
const inFlight = async (page) => Number((await page.locator(".stage .status").innerText()).match(/(\d+) in flight/)[1]);
const status = (page) => page.$eval(".stage .status", (e) => e.innerText);

for (const [action, verb, change] of [["drop-message", "D", -1], ["duplicate-message", "U", 1], ["hold-message", "H", 0]]) {
  test(`${action}: a click on a message and on the menu's button, recorded and replayed by the link`, async () => {
    const { context, page } = await h.open(browser, server.url + QUERY);
    try {
      await h.mounted(page);
      const before = await inFlight(page);
      assert.ok(before > 0, "messages are in flight");
      await page.locator(".messages .msg .msg-hit").first().click({ force: true });
      const menu = page.locator(".message-menu");
      await menu.waitFor();
      assert.match(await menu.innerText(), /S\d → S\d/, "the bar names the message");
      await page.click(`[data-action=${action}]`);
      await page.waitForTimeout(300);
      assert.strictEqual(await menu.count(), 0, "the bar closes");
      assert.strictEqual(await inFlight(page), before + change);
      const link = page.url();
      assert.match(link, new RegExp(`act=[^&]*800000(:|%3A)${verb}\\d`), link);
      const after = await status(page);
      const { context: c2, page: p2 } = await h.open(browser, link);
      try {
        await h.mounted(p2);
        assert.strictEqual(await status(p2), after, "the link replays it");
      } finally {
        await c2.close();
      }
    } finally {
      await context.close();
    }
  });
}
