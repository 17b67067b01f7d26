// The stream lab in the release build, at 1280x800, in an 800x580 iframe-sized window
// (embed=1) and on a 390x844 phone: a book scenario opens at its start and Play runs it
// to its expected outcome; a consumer crashed by a click is drawn as crashed and the
// link records the crash at its time; the time plane marks late events by the policy.
// No sideways scroll, the run controls in the first screen, a clean console.
//
// Also writes docs/stream-lab.png, docs/stream-embed-800x580.png, docs/stream-phone.png.
//
//   trunk build --release && node --test scripts/e2e/stream.test.cjs
"use strict";
const assert = require("node:assert");
const path = require("path");
const { test, before, after } = require("node:test");
const h = require("./harness.cjs");

const SIZES = [
  { name: "stream-lab", width: 1280, height: 800, hasTouch: false, embed: "" },
  { name: "stream-embed-800x580", width: 800, height: 580, hasTouch: false, embed: "&embed=1" },
  { name: "stream-phone", width: 390, height: 844, hasTouch: true, embed: "" },
];
const shot = (name) => path.join(h.ROOT, "docs", `${name}.png`);

const env = h.lifecycle(before, after);

async function lab(query, size) {
  const opened = await h.open(env.browser, env.server.url + query, size);
  await h.mounted(opened.page);
  return opened;
}

const counter = async (page, name) =>
  Number(await page.locator(`[data-counter="${name}"] dd`).textContent());

for (const size of SIZES) {
  test(`late-update plays from its start to its outcome (${size.width}x${size.height})`, async () => {
    const { context, page, problems } = await lab(`?lab=stream&scn=late-update&speed=0.5${size.embed}`, size);
    const f = await h.fits(page);
    assert.ok(f.sideways <= 0, `scrolls sideways by ${f.sideways} px`);
    assert.strictEqual(f.width, size.width, "laid out wider than the screen");
    assert.ok(f.playInView, "the Play button is not in the first screen");
    assert.match(await page.locator(".stream-status").textContent(), /^t = 0\.0 ms/);
    assert.strictEqual(await page.locator(".plane .ev").count(), 0, "no event before the start");
    await page.locator("button[data-action=play]").click();
    await page.waitForSelector(".book .check.ok", { timeout: 20000 });
    await page.locator("button[data-action=play]").click();
    assert.ok((await page.locator(".plane .ev.corrected").count()) > 0, "a late event corrected its window");
    assert.ok((await page.locator(".plane .band.corrected").count()) > 0, "a corrected window");
    assert.ok(await counter(page, "retractions") > 0);
    await page.screenshot({ path: shot(size.name) });
    assert.deepStrictEqual(problems, []);
    await context.close();
  });
}

test("a consumer crashed by a click is drawn crashed and recorded in the link (1280x800)", async () => {
  const { context, page, problems } = await lab("?lab=stream&t=300000", SIZES[0]);
  await page.locator(".topology .node.consumer").first().click();
  await page.waitForSelector(".topology .node.consumer.down");
  await page.waitForFunction(() => /act=300000(%3A|:)c1/.test(location.search));
  assert.match(await page.locator(".topology .node.consumer.down").first().textContent(), /crashed/);
  // The group notices: C1 misses heartbeats for a session timeout, a rebalance follows.
  await page.locator("button[data-action=step]").click();
  for (let i = 0; i < 400 && !/C1 is declared dead/.test(await page.locator(".event-log").textContent()); i++)
    await page.keyboard.press(".");
  assert.match(await page.locator(".event-log").textContent(), /C1 is declared dead/);
  assert.deepStrictEqual(problems, []);
  await context.close();
});

test("an idle partition: no watermark, no window fires, and the plane says why (1280x800)", async () => {
  const { context, page, problems } = await lab("?lab=stream&scn=idle-partition&t=1500000", SIZES[0]);
  assert.match(await page.locator(".plane .no-watermark").textContent(), /no event from P\d.* has reached the windows/);
  assert.strictEqual(await page.locator(".plane .watermark").count(), 0);
  assert.strictEqual(await counter(page, "on-time"), 0);
  assert.deepStrictEqual(problems, []);
  await context.close();
});

test("a planned crash inside 1-record writes says, beside the control, that it did not happen (1280x800)", async () => {
  const { context, page, problems } = await lab("?lab=stream&seed=1&guarantee=amo&batch=1&crash=1.mid.2&t=3000000", SIZES[0]);
  assert.match(await page.locator("[data-missed-crash]").textContent(), /1 record per batch.*did not happen/);
  assert.match(await page.locator(".event-log").textContent(), /did not happen/);
  assert.deepStrictEqual(problems, []);
  await context.close();
});

test("a free run pauses by itself once quiescent, with a 'run complete' line (1280x800)", async () => {
  const { context, page, problems } = await lab("?lab=stream&speed=100", SIZES[0]);
  await page.waitForFunction(() => /run complete: all 60 events/.test(document.querySelector(".event-log").textContent), null, { timeout: 20000 });
  const t1 = await page.locator(".stream-status").textContent();
  await page.waitForTimeout(500);
  assert.strictEqual(await page.locator(".stream-status").textContent(), t1, "paused: the clock stands");
  assert.deepStrictEqual(problems, []);
  await context.close();
});
