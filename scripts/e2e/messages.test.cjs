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

// The stream lab (issue 18): the same menu from a dot on the topology or a thin (flying) line of
// the space-time diagram (the Charts panel's second view), recorded with the same verbs.
const STREAM = "?lab=stream&t=600000";
const diagram = async (page) => {
  await page.click(".view-switch:has-text('Space-time')");
  await page.waitForSelector(".st-svg");
};

test("stream: the space-time diagram has a lane per process and follows the scrubber", async () => {
  const { context, page } = await h.open(browser, server.url + STREAM);
  try {
    await h.mounted(page);
    await diagram(page);
    const names = await page.$$eval(".st-name", (es) => es.map((e) => e.textContent));
    assert.deepStrictEqual(names.slice(0, 4), ["broker", "producer", "sink", "C1"], "no lane for the idle v2 builder");
    assert.match(await page.locator(".st-caption").innerText(), /^350\.0 ms → 600\.0 ms/, "the last 0.25 s");
    const labels = await page.$$eval(".st-msg", (es) => es.map((e) => e.dataset.label));
    for (const l of ["Produce", "Fetch", "Records", "SinkWrite"]) assert.ok(labels.includes(l), `${l} drawn: ${labels.length} lines`);
    // Hover: the clocks at send and arrival, the arrival's vector above the send's.
    const mid = await h.lineMiddle(page, ".st-line:not(.flying):not(.dropped)");
    await page.mouse.move(mid.x, mid.y);
    const title = await page.locator(".st-readout").innerText();
    const m = title.match(/Lamport (\d+) → (\d+), vector \[([\d ]+)\] → \[([\d ]+)\]/);
    assert.ok(m, title);
    assert.ok(Number(m[1]) < Number(m[2]), title);
    const [sent, got] = [m[3], m[4]].map((v) => v.split(" ").map(Number));
    assert.ok(sent.every((x, i) => x <= got[i]) && sent.some((x, i) => x < got[i]), `happened before: ${title}`);
    await page.$eval(".timeline-range", (e) => {
      e.value = "300000";
      e.dispatchEvent(new Event("input", { bubbles: true }));
    });
    await page.waitForTimeout(400);
    assert.match(await page.locator(".st-caption").innerText(), /^50\.0 ms → 300\.0 ms/, "the diagram follows the scrubber");
  } finally {
    await context.close();
  }
});

// Each presses a message in flight and gives its id.
const pressFlyingLine = async (page) => {
  await diagram(page);
  const mid = await h.lineMiddle(page, ".st-line.flying");
  await page.mouse.move(mid.x, mid.y);
  const id = (await page.locator(".st-readout").innerText()).match(/^#(\d+) .* still flying/)[1];
  await page.mouse.down();
  await page.mouse.up();
  return id;
};
const pressDot = async (page) => {
  const dot = page.locator(".topology .msg-pick").first();
  const id = await dot.getAttribute("data-id");
  await dot.dispatchEvent("pointerdown");
  return id;
};

for (const [where, press] of [["a thin (flying) line of the diagram", pressFlyingLine], ["a dot on the topology", pressDot]]) {
  test(`stream: pressing ${where} opens the menu; Drop is recorded and replayed by the link`, async () => {
    const { context, page } = await h.open(browser, server.url + STREAM);
    try {
      await h.mounted(page);
      const id = await press(page);
      const menu = page.locator(".message-menu");
      await menu.waitFor();
      assert.match(await menu.innerText(), /(broker|producer|sink|C\d) → (broker|producer|sink|C\d): \w+/, "the bar names the message");
      await page.click("[data-action=drop-message]");
      await page.waitForTimeout(300);
      assert.strictEqual(await menu.count(), 0, "the bar closes");
      const link = page.url();
      assert.match(link, new RegExp(`act=[^&]*600000(:|%3A)D${id}(,|&|$)`), link);
      // The event log (the Events panel's first view: the diagram may be showing).
      const dropped = async (p) => {
        await p.locator(".view-switch", { hasText: /^Events$/ }).click();
        return p.locator(".event-log .entry", { hasText: `you drop message #${id}` }).count();
      };
      assert.strictEqual(await dropped(page), 1, "the event log says so");
      const { context: c2, page: p2 } = await h.open(browser, link);
      try {
        await h.mounted(p2);
        assert.strictEqual(await dropped(p2), 1, "the link replays the drop");
      } finally {
        await c2.close();
      }
    } finally {
      await context.close();
    }
  });
}
