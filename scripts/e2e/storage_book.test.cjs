// The storage lab's book scenarios and crashes in the release build, at 1280x800 and on a
// 390x844 phone: a scenario opens at its start and Step walks its own actions (Play stops
// at its end); a crashed LSM-tree keeps its SSTables and WAL drawn, its memtable drawn as
// lost; a crashed B-tree keeps its pages. The console stays clean.
//
// Also writes the screenshots docs/storage-scenario-midway.png,
// docs/storage-crashed-lsm.png and docs/storage-crashed-btree.png (and -phone.png at
// 390x844).
//
//   trunk build --release && node --test scripts/e2e/storage_book.test.cjs
"use strict";
const assert = require("node:assert");
const path = require("path");
const { test, before, after } = require("node:test");
const h = require("./harness.cjs");

const SIZES = [
  { suffix: "", width: 1280, height: 800, hasTouch: false },
  { suffix: "-phone", width: 390, height: 844, hasTouch: true },
];
const shot = (name, suffix) => path.join(h.ROOT, "docs", `${name}${suffix}.png`);

let server;
let browser;
before(async () => {
  server = await h.serve();
  browser = await h.launch();
});
after(async () => {
  await browser.close();
  await server.close();
});

/** The lab at `query`, mounted, in a fresh context of `size`. */
async function lab(query, size) {
  const opened = await h.open(browser, server.url + query, size);
  await h.mounted(opened.page);
  return opened;
}

const progress = (page) => page.locator(".storage-status .progress").textContent();

for (const size of SIZES) {
  test(`a book scenario plays from its start, one action a step (${size.width}x${size.height})`, async () => {
    const { context, page, problems } = await lab("?lab=storage&scn=sstable-merge", size);
    assert.match(await progress(page), /scenario action 0 of 8/);
    assert.match(await page.locator(".book .check").textContent(), /not \(yet\)/);
    for (let n = 1; n <= 5; n++) {
      await page.locator("button[data-action=step]").click();
      assert.match(await progress(page), new RegExp(`scenario action ${n} of 8`));
    }
    assert.strictEqual(await page.locator(".storage-svg .sstable").count(), 1, "the first flush's SSTable");
    await page.screenshot({ path: shot("storage-scenario-midway", size.suffix) });
    await page.locator("button[data-action=play]").click();
    await page.waitForSelector(".scenario-end", { timeout: 10000 });
    assert.match(await progress(page), /scenario action 8 of 8/);
    assert.strictEqual(await page.locator(".book .check.ok").count(), 1, "the check is met (not merely pending)");
    assert.strictEqual(await page.locator("button[data-action=play]").getAttribute("aria-pressed"), "false");
    assert.deepStrictEqual(problems, []);
    await context.close();
  });

  test(`a crashed LSM-tree and B-tree keep their disk (${size.width}x${size.height})`, async () => {
    const lsm = await lab("?lab=storage&act=w100,c", size);
    assert.ok((await lsm.page.locator(".storage-svg .sstable").count()) >= 3, "SSTables on disk");
    assert.strictEqual(await lsm.page.locator(".memtable.lost").count(), 1, "the memtable is lost");
    await lsm.page.screenshot({ path: shot("storage-crashed-lsm", size.suffix) });
    assert.deepStrictEqual(lsm.problems, []);
    await lsm.context.close();

    const bt = await lab("?lab=storage&engine=btree&act=w40,c", size);
    assert.ok((await bt.page.locator(".page").count()) > 1, "pages on disk");
    assert.match(await bt.page.locator(".lane-note").textContent(), /on disk, as the crash left it/);
    await bt.page.screenshot({ path: shot("storage-crashed-btree", size.suffix) });
    assert.deepStrictEqual(bt.problems, []);
    await bt.context.close();
  });
}
