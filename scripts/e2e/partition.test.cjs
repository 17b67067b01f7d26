// The partitioning lab in the release build, at 1280x800, in an 800x580 iframe-sized
// window (embed=1) and on a 390x844 phone: a book scenario opens at its start and Step
// runs its one action (hash mod N moves most keys, the ring few: the counter says so);
// adding a node through the UI counts the moved keys; a click on a dot looks its key up;
// the last rebalance plays over the simulated network until it settles.
// No sideways scroll, the run controls in the first screen, a clean console.
//
// Also writes docs/partition-lab.png, docs/partition-ring-60.png,
// docs/partition-embed-800x580.png, docs/partition-phone.png and docs/partition-handoff.png.
//
//   trunk build --release && node --test scripts/e2e/partition.test.cjs
"use strict";
const assert = require("node:assert");
const path = require("path");
const { test, before, after } = require("node:test");
const h = require("./harness.cjs");

const SIZES = [
  { name: "partition-lab", width: 1280, height: 800, hasTouch: false, embed: "" },
  { name: "partition-embed-800x580", width: 800, height: 580, hasTouch: false, embed: "&embed=1" },
  { name: "partition-phone", width: 390, height: 844, hasTouch: true, embed: "" },
];
const shot = (name) => path.join(h.ROOT, "docs", `${name}.png`);

let server;
let browser;
before(async () => {
  server = await h.serve();
  browser = await h.launch();
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.close();
});

/** The lab at `query`, mounted, in a fresh context of `size`. */
async function lab(query, size) {
  const opened = await h.open(browser, server.url + query, size);
  await h.mounted(opened.page);
  return opened;
}

/** The movement counter's number (digits only), or null before any change. */
async function keysMoved(page) {
  const el = page.locator(".move-counter [data-figure=keys-moved]");
  if ((await el.count()) === 0) return null;
  return Number((await el.textContent()).replace(/\D/g, ""));
}

/** Page width against the viewport, and whether Play is in the first screen. */
function fits(page) {
  return page.evaluate(() => {
    const r = document.querySelector("[data-action=play]").getBoundingClientRect();
    return {
      sideways: document.documentElement.scrollWidth - innerWidth,
      playInView: r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth,
    };
  });
}

for (const size of SIZES) {
  test(`mod N vs ring plays from its start, counted (${size.width}x${size.height})`, async () => {
    const { context, page, problems } = await lab(`?lab=partition&scn=mod-vs-ring${size.embed}`, size);
    const f = await fits(page);
    assert.ok(f.sideways <= 0, `scrolls sideways by ${f.sideways} px`);
    assert.ok(f.playInView, "the Play button is not in the first screen");
    assert.match(await page.locator(".partition-status .progress").textContent(), /action 0 of 1/);
    assert.strictEqual(await keysMoved(page), null, "nothing moved before the first action");
    await page.locator("button[data-action=step]").click();
    await page.waitForSelector(".book .check.ok");
    // 10,000 keys, 10 -> 11 nodes: mod N moves about 10/11 of them; the ring about 1/11.
    const modn = await keysMoved(page);
    assert.ok(modn > 8500 && modn <= 10000, `mod N moved ${modn}`);
    await page.locator("button[data-strategy=ring]").click();
    const ring = await keysMoved(page);
    assert.ok(ring > 300 && ring < 2000, `the ring moved ${ring}`);
    await page.waitForTimeout(400); // the tabs' colour transition
    await page.screenshot({ path: shot(size.name) });
    assert.deepStrictEqual(problems, []);
    await context.close();
  });
}

test("a node added through the UI is counted; a dot clicked is looked up (1280x800)", async () => {
  const { context, page, problems } = await lab("?lab=partition&nodes=3&tokens=0.120.240", SIZES[0]);
  await page.locator("input[name=deg]").fill("60");
  await page.locator("button[data-action=add-at]").click();
  const moved = await keysMoved(page);
  assert.ok(moved > 0, `the add at 60° moved ${moved}`);
  assert.match(await page.locator(".move-counter").textContent(), /3 → 4 nodes/);
  // Click the first moved dot: a key in (0°, 60°], now on N4.
  const at = await page.evaluate(() => {
    const path = document.querySelector(".moved-dots path");
    const m = /M(-?[\d.]+) (-?[\d.]+)/.exec(path.getAttribute("d"));
    const svg = path.ownerSVGElement;
    const p = svg.createSVGPoint();
    p.x = Number(m[1]);
    p.y = Number(m[2]);
    const q = p.matrixTransform(svg.getScreenCTM());
    return { x: q.x, y: q.y };
  });
  await page.mouse.click(at.x, at.y);
  assert.strictEqual(await page.locator(".lookup [data-field=owner]").textContent(), "N4 (moved from N2 by the last change)");
  await page.screenshot({ path: shot("partition-ring-60") });
  assert.deepStrictEqual(problems, []);
  await context.close();
});

test("the last rebalance plays over the network and settles (1280x800)", async () => {
  const { context, page, problems } = await lab("?lab=partition&act=a", SIZES[0]);
  await page.locator("button[data-view=handoff]").click();
  await page.waitForSelector(".handoff-svg .m-transfer", { timeout: 10000 });
  assert.match(await page.locator(".handoff-status").textContent(), /transfers under way/);
  await page.screenshot({ path: shot("partition-handoff") });
  await page.waitForFunction(() => /settled/.test(document.querySelector(".handoff-status").textContent), null, { timeout: 20000 });
  assert.strictEqual(await page.locator(".handoff-svg .h-msg").count(), 0, "nothing in flight once settled");
  assert.deepStrictEqual(problems, []);
  await context.close();
});
