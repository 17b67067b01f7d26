// The storage lab's marks and controls say what they are (issue 14): a legend visible
// without hovering, the B-tree's write-ahead log drawn with split charts, controls for
// cs / wal / merge, size-tiered runs drawn as tiers, the speed tooltip, and narration
// when the Bloom filter is off or a compaction had nothing to do.
//   trunk build --release && node --test scripts/e2e/storage_marks.test.cjs
// SHOTS=/some/dir also saves screenshots at 1280x800 and 390x844.
"use strict";
const { test, before, after } = require("node:test");
const assert = require("node:assert");
const path = require("node:path");
const h = require("./harness.cjs");

let server, browser;
// DIST=/tmp/other-dist runs the same test against another build (e.g. the old code).
before(async () => { server = await h.serve({ dir: process.env.DIST || undefined }); browser = await h.launch(); });
after(async () => { await browser.close(); await server.close(); });

const SIZES = [{ width: 1280, height: 800, name: "1280" }, { width: 390, height: 844, name: "390" }];

async function shot(page, name) {
  if (process.env.SHOTS) await page.screenshot({ path: path.join(process.env.SHOTS, `${name}.png`) });
}

async function withPage(query, size, body) {
  const { context, page } = await h.open(browser, server.url + query, size);
  try {
    await h.mounted(page);
    await body(page);
  } finally {
    await context.close();
  }
}

const logText = (page) => page.evaluate(() => document.querySelector(".event-log")?.innerText ?? "");

// The compact layout keeps charts and events in a drawer; the wide one shows them.
async function openDrawer(page, name) {
  const tab = page.locator(`.drawer-tab:has-text("${name}")`);
  if (await tab.isVisible()) await tab.click();
}

for (const size of SIZES) {
  test(`${size.name}: the legend is on the page, not in tooltips`, async () => {
    await withPage("?lab=storage&act=w60,p7=x,d7", size, async (page) => {
      const legend = page.locator(".storage-legend");
      await legend.scrollIntoViewIfNeeded();
      assert.ok(await legend.isVisible(), "legend visible");
      const text = await legend.innerText();
      for (const word of ["tombstone", "flushed", "compaction", "Bloom filter said no", "found its key"]) {
        assert.ok(text.includes(word), `legend names ${word}: ${text}`);
      }
      assert.ok((await page.locator(".storage-legend .legend-swatch").count()) >= 10);
      await shot(page, `storage-legend-${size.name}`);
    });
  });

  test(`${size.name}: a B-tree draws its write-ahead log, and the charts split it from the pages`, async () => {
    await withPage("?lab=storage&engine=btree&act=w300", size, async (page) => {
      const strip = page.locator(".wal-strip");
      assert.ok(await strip.isVisible(), "WAL strip drawn");
      assert.match(await strip.innerText(), /Write-ahead log on disk/);
      assert.ok(Number(await strip.getAttribute("data-wal-bytes")) > 0);
      assert.ok(await page.locator("[data-setting=wal]").isVisible(), "a wal control");
      await shot(page, `storage-btree-wal-${size.name}`);
      await openDrawer(page, "Charts");
      const charts = await page.locator(".storage-charts").innerText();
      assert.ok(charts.includes("WAL excluded"), charts);
      assert.ok(charts.includes("Write-ahead log on disk"), charts);
      assert.ok(!charts.includes("tables or pages read per get"), charts);
      await shot(page, `storage-btree-charts-${size.name}`);
    });
  });

  test(`${size.name}: size-tiered is a control and draws runs in tiers`, async () => {
    await withPage("?lab=storage&act=w5", size, async (page) => {
      await page.click("[data-setting=cs-tier]");
      await page.waitForFunction(() => location.search.includes("cs=tier"));
      await page.keyboard.press(".");
      await page.waitForFunction(() => document.querySelector(".tier-trigger") !== null);
      assert.match(await page.locator(".tier-trigger").innerText(), /adjacent runs of similar size/);
      assert.strictEqual(await page.getByText("L0 trigger").count(), 0, "no L0 slider to snap back");
    });
    await withPage("?lab=storage&cs=tier&act=w400", size, async (page) => {
      assert.ok(await page.locator(".tier-tag").count() > 0, "runs tagged with their tier");
      assert.ok(await page.locator(".storage-svg.lsm text:has-text('runs')").count() > 0);
      await shot(page, `storage-tiered-${size.name}`);
    });
  });
}

test("a size-tiered run's tier tag stays clear of its keys", async () => {
  await withPage("?lab=storage&cs=tier&act=w400", { width: 1280, height: 800 }, async (page) => {
    const clashes = await page.evaluate(() => {
      const out = [];
      for (const tag of document.querySelectorAll(".storage-svg .tier-tag")) {
        const t = tag.getBoundingClientRect();
        for (const label of tag.parentElement.querySelectorAll(".tick-label")) {
          const l = label.getBoundingClientRect();
          if (t.x < l.x + l.width - 1 && l.x < t.x + t.width - 1 && t.y < l.y + l.height - 1 && l.y < t.y + t.height - 1) {
            out.push(`${tag.textContent} over key ${label.textContent}`);
          }
        }
      }
      return out;
    });
    assert.ok((await page.locator(".tier-tag").count()) > 0);
    assert.deepStrictEqual(clashes, []);
  });
});

// A picture wider than the stage shows a fade and "scroll →" at its right edge until
// the lane is scrolled to its end (touch screens hide scroll bars).
for (const [query, size] of [
  ["?lab=storage&scn=race&t=3000", { width: 800, height: 580 }],
  ["?lab=storage&scn=race&t=3000", { width: 390, height: 844, hasTouch: true }],
  ["?lab=storage&engine=btree&act=w300", { width: 1280, height: 800 }],
]) {
  test(`${size.width}x${size.height} ${query}: a lane wider than the stage says so`, async () => {
    await withPage(query, size, async (page) => {
      await page.locator(".lane-wrap[data-more=right]").first().waitFor({ timeout: 5000 });
      const handle = await page.locator(".lane-wrap[data-more=right]").first().elementHandle();
      const wrap = page.locator(".lane-wrap[data-more=right]").first();
      const cue = wrap.locator(".scroll-cue");
      assert.ok(await cue.isVisible(), "the cue shows");
      assert.match(await cue.innerText(), /scroll →/);
      const lane = wrap.locator(".lane");
      const box = await lane.boundingBox();
      const cueBox = await cue.boundingBox();
      assert.ok(Math.abs(cueBox.x + cueBox.width - (box.x + box.width)) < 2, "at the lane's right edge");
      assert.ok(cueBox.x + cueBox.width <= size.width + 1, "inside the window");
      await lane.evaluate((el) => { el.scrollLeft = el.scrollWidth; });
      await page.waitForFunction((el) => !el.hasAttribute("data-more"), handle);
      assert.ok(!(await handle.evaluate((el) => getComputedStyle(el.querySelector(".scroll-cue")).display !== "none")),
        "scrolled to the end: no cue");
      await shot(page, `storage-scroll-cue-${size.width}`);
    });
  });
}

test("the hash log's merge threshold is a control; the speed tooltip says 10 operations a second", async () => {
  await withPage("?lab=storage&engine=hash&act=w5", { width: 1280, height: 800 }, async (page) => {
    assert.ok(await page.getByText("Merge after").count() > 0);
    const title = await page.getAttribute("input[aria-label^=Speed]", "title");
    assert.match(title, /10 workload operations a second; a scenario's own action .* takes 0\.5 s, 2 a second/);
  });
});

test("bloom=0 narrates that every table is read; an idle compaction says why", async () => {
  await withPage("?lab=storage&l0=2&bloom=0&act=p1=a,p2=b,p3=c,f,p5=x,p6=y,f,p7=z,p9=q,f,g8", { width: 1280, height: 800 }, async (page) => {
    await openDrawer(page, "Events");
    const log = await logText(page);
    assert.ok(log.includes("no filter"), log);
    assert.ok(!log.includes("false positive"), log);
    const figures = await page.evaluate(() => document.querySelector("table.figures")?.textContent ?? "");
    assert.match(figures, /no filter: every table covering the key is read/);
    assert.ok(!/expected 100/.test(figures), figures);
  });
  await withPage("?lab=storage&act=w40,p41=a,f,d41,f,m", { width: 1280, height: 800 }, async (page) => {
    await openDrawer(page, "Events");
    assert.ok((await logText(page)).includes("nothing due"));
  });
});
