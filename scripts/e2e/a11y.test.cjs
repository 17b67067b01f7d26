// Accessibility: axe-core (the standard engine, npm `axe-core`, installed by
// scripts/setup.sh into .tools/) finds no violation on the landing page and on every lab
// page, wide (1280x800) and in the compact layouts (an 800x580 iframe, a 390x844 phone),
// with a book scenario loaded, and with a Raft server's menu and a glossary entry open.
//
//   trunk build --release && node --test scripts/e2e/a11y.test.cjs
// (AXE_CORE=/path/to/axe.min.js uses another copy of axe-core; DIST=/tmp/other-dist runs
// against another build, e.g. the old code.)
"use strict";
const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const h = require("./harness.cjs");

const SIZES = [
  { width: 1280, height: 800 },
  { width: 800, height: 580 },
  { width: 390, height: 844, hasTouch: true },
];

const PAGES = [
  "",
  "?lab=raft",
  "?lab=raft&scn=paused-leader&t=1600000",
  "?lab=storage",
  "?lab=storage&scn=sstable-merge",
  "?lab=partition",
  "?lab=partition&scn=mod-vs-ring&t=1",
  "?lab=stream",
  "?lab=stream&scn=late-update&t=1500000",
];

let server;
let browser;
before(async () => {
  server = await h.serve({ dir: process.env.DIST || undefined });
  browser = await h.launch();
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.close();
});

const violations = h.violations;

/** Opens `query` at `size`, paused (reduced motion) so the page holds still. */
async function openStill(query, size) {
  const { context, page } = await h.open(browser, server.url + query, { ...size, reducedMotion: "reduce" });
  await h.mounted(page);
  await page.waitForTimeout(300);
  return { context, page };
}

for (const size of SIZES) {
  for (const query of PAGES) {
    test(`axe finds no violation on /${query} at ${size.width}x${size.height}`, async () => {
      const { context, page } = await openStill(query, size);
      try {
        assert.deepEqual(await violations(page), []);
      } finally {
        await context.close();
      }
    });
  }
}

test("axe finds no violation with a server's menu and a glossary entry open", async () => {
  for (const size of SIZES) {
    const { context, page } = await openStill("?lab=raft", size);
    try {
      await page.locator('g.node[data-node="2"]').first().click();
      await page.waitForSelector(".node-menu");
      assert.deepEqual(await violations(page), [], `menu at ${size.width}`);
      await page.locator(".menu-close").click();
      // In the compact layouts the log table, where the terms are, is a drawer tab.
      if ((await page.locator(".gloss-term >> visible=true").count()) === 0) {
        await page.locator(".drawer-tab", { hasText: "Logs" }).click();
      }
      const term = page.locator(".gloss-term >> visible=true").first();
      await term.scrollIntoViewIfNeeded();
      await term.click();
      await page.waitForSelector(".gloss.open .gloss-tip");
      assert.deepEqual(await violations(page), [], `glossary at ${size.width}`);
    } finally {
      await context.close();
    }
  }
});

test("a server's caption stays readable when a message flies under it", async () => {
  const { context, page } = await openStill("?lab=raft&seed=3&t=2500000", SIZES[0]);
  try {
    const look = await page.evaluate(() => {
      const caption = document.querySelector("g.node .caption");
      const style = getComputedStyle(caption);
      const layers = [...document.querySelector(".stage-svg").children].map((c) => c.getAttribute("class"));
      return {
        paintOrder: style.paintOrder,
        strokeWidth: parseFloat(style.strokeWidth),
        messagesBelowNodes: layers.indexOf("messages") < layers.indexOf("nodes"),
      };
    });
    // Nodes are drawn after messages, and a caption carries a halo of the background.
    assert.equal(look.messagesBelowNodes, true);
    assert.match(look.paintOrder, /^stroke/);
    assert.ok(look.strokeWidth >= 3, `halo ${look.strokeWidth}px`);
  } finally {
    await context.close();
  }
});
