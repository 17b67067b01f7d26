// The embedding API across origins, as a course page uses it: the app (dist/) on one port,
// docs/embed-demo.html on another, so the lab runs in a cross-origin iframe. The demo page
// drives it with postMessage and records what the lab posts (window.received).
//
//   trunk build --release && node --test scripts/e2e/embed.test.cjs
//
// Also writes docs/embed-800x580.png: the iframe at 800x580 as a course page shows it.
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const fs = require("fs");
const path = require("path");
const h = require("./harness.cjs");

const SHOT = path.join(h.ROOT, "docs", "embed-800x580.png");

/** Resolves to the first message the demo page received (since `from`) that `pred` accepts. */
async function message(page, from, pred, timeout = 15000) {
  const handle = await page.waitForFunction(
    ([from, src]) => window.received.slice(from).find(new Function("m", "return " + src)),
    [from, pred],
    { timeout },
  );
  return handle.jsonValue();
}

/** How many messages the demo page has received so far. */
const count = (page) => page.evaluate(() => window.received.length);

/** The lab's frame (the one at the app's origin). */
const labFrame = (page, app) => page.frames().find((f) => f.url().startsWith(app.origin) && f.url().includes("embed=1"));

test("a course page on another origin drives an embedded lab", async (t) => {
  const app = await h.serve();
  const site = await h.serve({ dir: h.ROOT });
  const browser = await h.launch();
  t.after(async () => { await browser.close(); await app.close(); await site.close(); });

  const { page, problems } = await h.open(browser, `${site.url}docs/embed-demo.html?app=${encodeURIComponent(app.url)}`);
  const warnings = [];
  page.on("console", (m) => { if (m.type() === "warning") warnings.push(m.text()); });

  await t.test("the lab says it is ready, then reports its state", async () => {
    const ready = await message(page, 0, 'm.type === "ready"');
    assert.deepStrictEqual(ready, { ns: "ddia-lab", v: 1, type: "ready", lab: "raft", unit: "us" });
    const state = await message(page, 0, 'm.type === "state" && m.playing');
    assert.strictEqual(state.lab, "raft");
    for (const k of ["term", "leader", "events", "in_flight"]) assert.strictEqual(typeof state.numbers[k], "number", k);
  });

  await t.test("the iframe at 800x580 shows the lab", async () => {
    const frame = labFrame(page, app);
    assert.ok(frame, "the lab's frame");
    await h.mounted(frame);
    const box = await page.locator("#lab").boundingBox();
    assert.deepStrictEqual([Math.round(box.width), Math.round(box.height)], [802, 582]); // + 1 px border
    assert.ok(await frame.locator(".stage svg").first().isVisible(), "the stage is drawn");
    assert.strictEqual(await frame.locator(".notice").count(), 0, "the link (with origin=) is read without a notice");
    assert.ok(await frame.locator("button[data-action=share]").isVisible(), "Share is reachable without the header");
    assert.ok(await frame.evaluate(() => document.documentElement.scrollWidth <= innerWidth), "no horizontal scroll");
  });

  await t.test("pause, step and seek move the lab as its state reports", async () => {
    let from = await count(page);
    await page.evaluate(() => send("pause"));
    const paused = await message(page, from, 'm.type === "state" && !m.playing');

    from = await count(page);
    await page.evaluate(() => send("step"));
    const stepped = await message(page, from, `m.type === "state" && m.numbers.events === ${paused.numbers.events + 1}`);
    assert.strictEqual(stepped.playing, false);
    assert.ok(stepped.position >= paused.position);

    from = await count(page);
    await page.evaluate(() => send("seek", { position: 1500000 }));
    await message(page, from, 'm.type === "state" && m.position === 1500000 && !m.playing');
    await labFrame(page, app).locator(".stat.time", { hasText: "t = 1500.0 ms" }).waitFor();
    await page.locator("#lab").screenshot({ path: SHOT });
    from = await count(page);
    await page.evaluate(() => send("seek", { position: 400000 }));
    const back = await message(page, from, 'm.type === "state" && m.position === 400000');
    assert.ok(back.numbers.events < stepped.numbers.events + 1000000, "replayed from the start");
  });

  await t.test("load starts a book scenario whose outcome is reported", async () => {
    const from = await count(page);
    await page.evaluate(() => send("load", { query: "lab=raft&scn=split-vote" }));
    await message(page, from, 'm.type === "state" && m.position === 0 && !m.playing');
    await page.evaluate(() => send("seek", { position: 3000000 }));
    const outcome = await message(page, from, 'm.type === "outcome"');
    assert.deepStrictEqual(outcome, { ns: "ddia-lab", v: 1, type: "outcome", lab: "raft", scenario: "split-vote" });
    const bad = await count(page);
    await page.evaluate(() => send("load", { query: "lab=raft&n=12" }));
    const error = await message(page, bad, 'm.type === "error"');
    assert.match(error.detail, /“n”: 12 is out of range 3-9/);
  });

  await t.test("a malformed message only warns; another script's message is ignored quietly", async () => {
    await page.evaluate((origin) => {
      const w = document.getElementById("lab").contentWindow;
      w.postMessage("play", origin);
      w.postMessage({ ns: "other", type: "play" }, origin);
      w.postMessage({ ns: "ddia-lab", v: 1, type: "jump" }, origin);
      w.postMessage({ ns: "ddia-lab", v: 1, type: "seek", position: -3 }, origin);
    }, app.origin);
    await page.waitForTimeout(300);
    const from = await count(page);
    await page.evaluate(() => send("play"));
    await message(page, from, 'm.type === "state" && m.playing');
    const rejected = warnings.filter((w) => w.includes("ddia-lab: rejected a message"));
    assert.strictEqual(rejected.length, 2, warnings.join("\n"));
  });

  await t.test("a lab whose origin= list leaves this page out ignores it", async () => {
    await page.evaluate((src) => {
      const f = document.createElement("iframe");
      f.id = "other";
      f.width = 800; f.height = 580;
      f.src = src;
      document.body.appendChild(f);
    }, `${app.url}?lab=raft&seed=9&embed=1&origin=https://course.example.edu`);
    const frame = await (async () => {
      for (let i = 0; i < 100; i++) {
        const f = page.frames().find((f) => f.url().includes("seed=9"));
        if (f) return f;
        await page.waitForTimeout(100);
      }
      throw new Error("no second frame");
    })();
    await h.mounted(frame);
    const pressed = () => frame.locator("button[data-action=play]").getAttribute("aria-pressed");
    assert.strictEqual(await pressed(), "true");
    await page.evaluate((origin) => {
      document.getElementById("other").contentWindow.postMessage({ ns: "ddia-lab", v: 1, type: "pause" }, origin);
    }, app.origin);
    await page.waitForTimeout(500);
    assert.strictEqual(await pressed(), "true", "still playing");
    assert.ok(warnings.some((w) => w.includes(`ignored a command from ${site.origin}`)), warnings.join("\n"));
  });

  await t.test("Export run downloads the scenario and the recent trace", async () => {
    const frame = labFrame(page, app);
    await frame.locator("button[data-action=share]").click();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      frame.locator("button[data-action=export]").click(),
    ]);
    const run = JSON.parse(fs.readFileSync(await download.path(), "utf8"));
    assert.strictEqual(download.suggestedFilename(), `ddia-lab-raft-seed-${run.seed}.json`);
    assert.strictEqual(run.format, "ddia-lab run");
    assert.match(run.scenario, /^lab=raft&scn=split-vote&seed=1/);
    assert.ok(run.trace.length > 10 && typeof run.trace[0].text === "string");
  });

  assert.deepStrictEqual(problems, []);
});
