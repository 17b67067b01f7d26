// The stream lab's space-time diagram as a learner reads it (issue 18; play17b N7):
// heartbeats hidden until asked for, a lane only for the processes that took part, a
// crash band that says when the crash happened, message kinds in words, and lines a
// finger can hit on a phone.
//   trunk build --release && node --test scripts/e2e/spacetime.test.cjs
"use strict";
const { test, before, after } = require("node:test");
const assert = require("node:assert");
const h = require("./harness.cjs");

let server, browser;
before(async () => { server = await h.serve({ dir: process.env.DIST || undefined }); browser = await h.launch(); });
after(async () => { await browser.close(); await server.close(); });

// C1 crashes before committing at 224.7 ms and is back at 424.7 ms (scn=crash-alo).
const CRASH = "?lab=stream&scn=crash-alo&t=600000";
const diagram = async (page) => {
  await page.click(".view-switch:has-text('Space-time')");
  await page.waitForSelector(".st-svg");
};
const labels = (page) => page.$$eval(".st-msg", (es) => es.map((e) => e.dataset.label));

test("stream diagram: heartbeats behind a toggle, lanes that took part, the crash's real start, kinds in words", async () => {
  const { context, page } = await h.open(browser, server.url + CRASH);
  try {
    await h.mounted(page);
    await diagram(page);
    const names = await page.$$eval(".st-name", (es) => es.map((e) => e.textContent));
    assert.ok(!names.includes("v2 builder"), `no lane for the idle v2 builder: ${names}`);
    assert.deepStrictEqual(names.slice(0, 4), ["broker", "producer", "sink", "C1"]);
    assert.ok(!(await labels(page)).some((l) => l.startsWith("Heartbeat")), "heartbeats hidden at first");
    const toggle = page.locator(".st-quiet");
    const hidden = Number((await toggle.innerText()).match(/^show heartbeats \((\d+) hidden\)$/)[1]);
    assert.ok(hidden > 0, `${hidden} hidden`);
    await toggle.click();
    assert.ok((await labels(page)).includes("Heartbeat"), "shown on request");
    assert.strictEqual(await toggle.innerText(), "hide heartbeats");
    const band = await page.$eval(".st-band.crashed title", (t) => t.textContent);
    const start = Number(band.match(/^down: (\d+\.\d) ms → /)[1]);
    assert.ok(start < 350, `the crash began before the window (350 ms): ${band}`);
    const mid = await h.lineMiddle(page, ".st-line:not(.flying):not(.dropped)");
    await page.mouse.move(mid.x, mid.y);
    const read = await page.locator(".st-readout").innerText();
    assert.match(read, /^#\d+ [a-z]+( [a-z]+)* \S+ → /, read);
  } finally {
    await context.close();
  }
});

// A point `off` px beside a line (its middle if it can) and at least `clear` px from every
// other line, in page coordinates; null if none.
const besideOneLine = (page, off, clear) => page.evaluate(([off, clear]) => {
  // The lines are on their own layer (.st-flow), scrolled by a transform and clipped to
  // the plot (.st-clip), in the same box as the lanes' .st-svg.
  const svg = [...document.querySelectorAll(".st-svg")].find((e) => e.getBoundingClientRect().width > 0);
  const segs = [];
  const edge = svg.parentElement.querySelector(".st-clip").getBoundingClientRect().left;
  for (const p of svg.parentElement.querySelectorAll(".st-line")) {
    const m = p.ownerSVGElement.getScreenCTM();
    const screen = (x, y) => ({ x: m.a * x + m.c * y + m.e, y: m.b * x + m.d * y + m.f });
    for (const s of p.getAttribute("d").matchAll(/M([\d.-]+) ([\d.-]+)L([\d.-]+) ([\d.-]+)/g)) {
      const [a, b] = [screen(+s[1], +s[2]), screen(+s[3], +s[4])];
      // Only the part right of the clip's edge shows (and is hit).
      if (b.x <= edge) continue;
      if (a.x < edge) {
        const t = (edge - a.x) / (b.x - a.x);
        segs.push([{ x: edge, y: a.y + t * (b.y - a.y) }, b]);
      } else segs.push([a, b]);
    }
  }
  const dist = (q, [a, b]) => {
    const dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
    const t = len2 > 0 ? Math.max(0, Math.min(1, ((q.x - a.x) * dx + (q.y - a.y) * dy) / len2)) : 0;
    return Math.hypot(q.x - a.x - t * dx, q.y - a.y - t * dy);
  };
  const box = svg.getBoundingClientRect();
  for (const s of segs) {
    const [a, b] = s;
    const len = Math.hypot(b.x - a.x, b.y - a.y);
    if (len < 4 * off) continue;
    // Beside its middle first, then along it (a line cut at the window's edge may have
    // room only nearer one end).
    for (const at of [0.5, 0.35, 0.65, 0.2, 0.8]) {
      for (const side of [1, -1]) {
        const q = { x: a.x + at * (b.x - a.x) - side * off * (b.y - a.y) / len, y: a.y + at * (b.y - a.y) + side * off * (b.x - a.x) / len };
        const inside = q.x > box.left + 2 && q.x < box.right - 2 && q.y > box.top + 2 && q.y < box.bottom - 2;
        if (inside && segs.every((o) => o === s || dist(q, o) > clear)) return q;
      }
    }
  }
  return null;
}, [off, clear]);

test("stream diagram on a phone: a tap 12 px beside a line (every other line farther) reads it out", async () => {
  const { context, page } = await h.open(browser, server.url + CRASH, { width: 390, height: 844, hasTouch: true });
  try {
    await h.mounted(page);
    // On a phone the Events panel is a tab of the drawer.
    await page.locator(".drawer-tab", { hasText: "Events" }).click();
    await page.click(".drawer-panel.open .view-switch:has-text('Space-time')");
    await page.waitForSelector(".drawer-panel.open .st-svg");
    await page.locator(".drawer-panel.open .st-svg").scrollIntoViewIfNeeded();
    const q = await besideOneLine(page, 12, 15);
    assert.ok(q, "some line has room beside it");
    const readout = page.locator(".drawer-panel.open .st-readout");
    const before = await readout.innerText();
    await page.touchscreen.tap(q.x, q.y);
    await page.waitForTimeout(200);
    const read = await readout.innerText();
    assert.notStrictEqual(read, before, "the tap found the line");
    assert.match(read, /^#\d+ /, read);
  } finally {
    await context.close();
  }
});
