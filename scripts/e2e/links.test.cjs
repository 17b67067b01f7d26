// Links as a learner uses them (issues 8 and 14): a link the app wrote opens again after
// the browser percent-encodes it, under a sub-path; a link with a typo applies its valid
// keys, names the bad one, and stays in the address bar as typed until the next action.
//   trunk build --release && node --test scripts/e2e/links.test.cjs
"use strict";
const { test, before, after } = require("node:test");
const assert = require("node:assert");
const h = require("./harness.cjs");

let server, browser;
// DIST=/tmp/other-dist runs the same test against another build (e.g. the old code).
before(async () => {
  server = await h.serve({ dir: process.env.DIST || undefined, prefix: "/ddia-lab/" });
  browser = await h.launch();
});
after(async () => { await browser.close(); await server.close(); });

const notice = (page) => page.evaluate(() => document.querySelector(".notice")?.textContent ?? "");
const search = (page) => page.evaluate(() => location.search);

test("a cut link written as x1>2 opens from the address bar under a sub-path", async () => {
  const { context, page, problems } = await h.open(browser, server.url + "?seed=3&act=500000:x1>2&t=600000");
  try {
    await h.mounted(page);
    assert.match(await search(page), /x1%3E2|x1to2/, "the browser encoded '>' (or the app rewrote it)");
    assert.strictEqual(await notice(page), "", "no notice: the link was read");
    await page.waitForFunction(() => /act=500000:x1to2/.test(location.search));
    assert.match(await page.inputValue("input[type=number]"), /^3$/);
    assert.deepStrictEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("a typo is named, the rest applied, and the link kept as typed until an action", async () => {
  const typed = "?lab=raft&seed=7&n=12&hb=40&t=300000";
  const { context, page } = await h.open(browser, server.url + typed);
  try {
    await h.mounted(page);
    const said = await notice(page);
    assert.match(said, /12 is out of range 3-9/);
    assert.match(said, /The rest of it is applied/);
    assert.strictEqual(await page.inputValue("input[type=number]"), "7", "seed=7 applied");
    await page.waitForTimeout(800);
    assert.strictEqual(await search(page), typed, "the address bar keeps the link as typed");
    await page.click("[data-action=step]");
    await page.waitForFunction(() => !/n=12/.test(location.search));
    assert.match(await search(page), /seed=7&n=5&el=150-300&hb=40&/);
  } finally {
    await context.close();
  }
});

test("the header's ddia-lab leads back to the landing page, under the sub-path", async () => {
  const { context, page } = await h.open(browser, server.url + "?lab=storage");
  try {
    await h.mounted(page);
    await page.click("header .brand");
    await page.waitForSelector(".lab-card");
    assert.strictEqual(new URL(page.url()).pathname, "/ddia-lab/");
  } finally {
    await context.close();
  }
});

for (const [lab, query, shown, encode] of [
  ["stream", "lab=stream&scn=late-update&t=1500000", /scn=late-update/, encodeURIComponent],
  ["partition", "lab=partition&scn=ring-60&t=1", /scn=ring-60/, encodeURIComponent],
  // Only what follows `lab=` encoded (play16 C9): `?lab=partition%26scn%3Dring-60%26t%3D1`.
  ["partition", "lab=partition&scn=ring-60&t=1", /scn=ring-60/, (q) => "lab=" + encodeURIComponent(q.slice(4))],
]) {
  test(`a ${lab} link whose query was percent-encoded (${encode(query).slice(0, 16)}…) opens that lab, under a sub-path`, async () => {
    const url = server.url + "?" + encode(query);
    assert.doesNotMatch(url.split("?")[1], /&/, "the query's pairs are encoded");
    const { context, page, problems } = await h.open(browser, url);
    try {
      await h.mounted(page);
      const loaded = await page.evaluate(() =>
        performance.getEntriesByType("resource").map((r) => r.name).filter((n) => n.endsWith("_bg.wasm")));
      assert.deepStrictEqual(loaded.map((n) => n.split("/").pop().replace(/-[0-9a-f]+_bg/, "_bg")), [`${lab}_bg.wasm`]);
      assert.strictEqual(await notice(page), "", "no notice: the link was read");
      assert.match(await search(page), shown);
      assert.deepStrictEqual(problems, []);
    } finally {
      await context.close();
    }
  });
}
