// The timeline scrubber under the stage (issue 18): drag back to an earlier moment and see
// it; "Live" returns to the newest moment; an event-log line's stamp goes to its moment; an
// action taken at a past moment forks the run, and the link the page writes replays the
// forked run.
//   trunk build --release && node --test scripts/e2e/timeline.test.cjs
"use strict";
const { test, before, after } = require("node:test");
const assert = require("node:assert");
const h = require("./harness.cjs");

let server, browser;
before(async () => { server = await h.serve({ dir: process.env.DIST || undefined }); browser = await h.launch(); });
after(async () => { await browser.close(); await server.close(); });

const at = (page) => page.$eval(".timeline-at", (e) => e.textContent);
const status = (page) => page.$eval(".stage .status", (e) => e.innerText);
// Drags the range to `fraction` of its length (an input event, as a drag fires).
const drag = (page, fraction) =>
  page.$eval(".timeline-range", (e, f) => {
    e.value = String(Math.round(Number(e.max) * f));
    e.dispatchEvent(new Event("input", { bubbles: true }));
  }, fraction);
const settle = (page) => page.waitForTimeout(400);

test("Raft: drag back shows an earlier moment, Live returns to the newest", async () => {
  const { context, page } = await h.open(browser, server.url + "?lab=raft&scn=minority-leader&t=1200000");
  try {
    await h.mounted(page);
    assert.match(await at(page), /^1200\.0 ms of 1200\.0 ms$/);
    const late = await status(page);
    assert.match(late, /leader S3, term 2/, "by 1.2 s S3 leads term 2");
    await drag(page, 0.5);
    await settle(page);
    assert.match(await at(page), /^600\.0 ms of 1200\.0 ms$/, "the horizon stays");
    assert.match(await status(page), /leader S1, term 1/, "at 0.6 s S1 still leads term 1");
    assert.match(page.url(), /[?&]t=600000(&|$)/, "the link shows the moment");
    await page.click(".timeline-live");
    await settle(page);
    assert.strictEqual(await status(page), late, "Live shows the same run again");
  } finally {
    await context.close();
  }
});

test("Raft: an action at a past moment forks, and its link replays the fork", async () => {
  const { context, page } = await h.open(browser, server.url + "?lab=raft&scn=minority-leader&t=1200000");
  try {
    await h.mounted(page);
    await drag(page, 0.25);
    await settle(page);
    assert.match(await at(page), /^300\.0 ms of 1200\.0 ms$/);
    // Crash S3 at 0.3 s through its menu: the future where S3 leads term 2 is gone.
    await page.click("[data-node='3']");
    await page.click("[data-action=crash]");
    await settle(page);
    assert.match(await at(page), /^300\.0 ms of 300\.0 ms$/, "the fork drops the old horizon");
    const link = page.url();
    assert.match(link, /act=[^&]*300000:c3/, `the crash is in the link: ${link}`);
    const forked = await status(page);
    const { context: c2, page: p2 } = await h.open(browser, link);
    try {
      await h.mounted(p2);
      assert.strictEqual(await status(p2), forked, "the link opens the forked run");
    } finally {
      await c2.close();
    }
  } finally {
    await context.close();
  }
});

test("Raft: clicking an event-log line's stamp goes back to that moment", async () => {
  const { context, page } = await h.open(browser, server.url + "?lab=raft&scn=minority-leader&t=1200000");
  try {
    await h.mounted(page);
    const line = page.locator(".event-log .entry", { hasText: "becomes leader of term 1" }).first();
    const stamp = await line.locator("button.at").innerText();
    await line.locator("button.at").click();
    await settle(page);
    assert.strictEqual(await at(page), `${stamp} of 1200.0 ms`);
    assert.match(await status(page), /leader S1, term 1/, "S1 has just become leader there");
  } finally {
    await context.close();
  }
});

test("Storage: the scrubber is in view, goes back over operations and Live returns", async () => {
  const { context, page } = await h.open(browser, server.url + "?lab=storage&scn=race&t=2000");
  try {
    await h.mounted(page);
    const box = await page.locator(".timeline").boundingBox();
    assert.ok(box && box.y + box.height <= 800, "the timeline is in the first screen at 1280x800");
    const newest = await at(page);
    assert.match(newest, /^operation (\d+) of \1$/, newest);
    await drag(page, 0);
    await settle(page);
    assert.match(await at(page), /^operation 0 of /, "back at the start");
    await page.click(".timeline-live");
    await settle(page);
    assert.strictEqual(await at(page), newest);
  } finally {
    await context.close();
  }
});

test("Raft: the space-time diagram draws the partition and the drops, and a line goes to its moment", async () => {
  const { context, page } = await h.open(browser, server.url + "?lab=raft&scn=minority-leader&t=1700000");
  try {
    await h.mounted(page);
    await page.click(".view-switch:has-text('Space-time')");
    await page.waitForSelector(".st-svg");
    assert.ok(await page.locator(".st-band.partitioned").count() >= 1, "the partition from 0.5 s to 1.5 s is a band");
    // One path per kind of line, a segment (M...L...) per message.
    const segments = (sel) => page.$$eval(sel, (ps) => ps.reduce((n, p) => n + p.getAttribute("d").split("M").length - 1, 0));
    assert.ok(await segments(".st-line.dropped") > 10, "messages the partition blocked end in a cross");
    assert.strictEqual(await segments(".st-x"), 2 * await segments(".st-line.dropped"), "a ✕ (two strokes) on each");
    assert.match(await page.locator(".st-caption").innerText(), /^700\.0 ms → 1700\.0 ms/);
    await page.locator(".st-window", { hasText: /^5 s$/ }).click();
    assert.match(await page.locator(".st-caption").innerText(), /^0\.0 ms → 1700\.0 ms/, "5 s reaches the start");
    assert.strictEqual(await page.locator(".st-mark").count(), 2, "S1 (term 1) and S3 (term 2) elected");
    const mid = await h.lineMiddle(page, ".st-line:not(.flying)");
    await page.mouse.move(mid.x, mid.y);
    const read = await page.locator(".st-readout").innerText();
    const arrived = Number(read.match(/(?:arrived|dropped) ([\d.]+) ms/)[1]);
    assert.match(read, /Lamport \d+ → \d+, vector \[[\d ]+\] → \[[\d ]+\]/, "hover reads out the clocks");
    await page.mouse.down();
    await page.mouse.up();
    await settle(page);
    assert.strictEqual(await at(page), `${arrived.toFixed(1)} ms of 1700.0 ms`, "the line's moment");
  } finally {
    await context.close();
  }
});

test("Raft: a fork keeps the run before, names the first difference and shows both side by side", async () => {
  const { context, page } = await h.open(browser, server.url + "?lab=raft&scn=minority-leader&t=1200000&speed=1");
  try {
    await h.mounted(page);
    assert.strictEqual(await page.locator(".fork-bar").count(), 0, "no fork yet");
    await drag(page, 0.25);
    await settle(page);
    await page.click("[data-node='3']");
    await page.click("[data-action=crash]");
    await settle(page);
    const bar = page.locator(".fork-bar");
    assert.match(await bar.innerText(), /changed the run at 300\.0 ms/);
    assert.strictEqual(await bar.locator(".fork-ours").innerText(), "S3 is down", "the first differing event of this run");
    assert.ok((await bar.locator(".fork-theirs").innerText()).length > 0, "and of the run before");
    await page.click(".fork-compare");
    const row = page.locator(".fork-table tbody tr").nth(2);
    assert.match(await row.innerText(), /S3\s+down[^\n]*\s+follower/, "S3: down here, a follower in the run before");
    assert.ok(await row.evaluate((e) => e.classList.contains("differ")));
    // Play past 1.2 s (at 1x): the run before, which went no further, had S3 lead term 2.
    await page.keyboard.press("Space");
    await page.waitForFunction(() => parseFloat(document.querySelector(".timeline-at").textContent) > 1250);
    await page.keyboard.press("Space");
    await settle(page);
    assert.match(await page.locator(".fork-table caption").innerText(), /1200\.0 ms/, "where the run before ended");
    assert.match(await row.innerText(), /S3\s+down[^\n]*\s+leader · term 2/, "the run before, at its last moment");
    const link = page.url();
    assert.match(link, /act=[^&]*300000:c3/, link);
    const { context: c2, page: p2 } = await h.open(browser, link);
    try {
      await h.mounted(p2);
      assert.strictEqual(await status(p2), await status(page), "the link replays the forked run");
    } finally {
      await c2.close();
    }
    await page.click(".fork-forget");
    assert.strictEqual(await page.locator(".fork-bar").count(), 0, "forgotten");
  } finally {
    await context.close();
  }
});

test("Stream: an action after a seek back keeps the run before for the fork bar", async () => {
  const { context, page } = await h.open(browser, server.url + "?lab=stream&act=900000:c1&t=1000000");
  try {
    await h.mounted(page);
    assert.strictEqual(await page.locator(".fork-bar").count(), 0, "no fork yet");
    await drag(page, 0.4);
    await settle(page);
    assert.match(await at(page), /^400\.0 ms of 1000\.0 ms$/);
    // Pause C1 at 0.4 s: its crash at 0.9 s, the learner's later action, is the future dropped.
    await page.click("[data-action=pause]");
    await settle(page);
    const bar = page.locator(".fork-bar");
    assert.match(await bar.innerText(), /changed the run at 400\.0 ms/);
    assert.ok((await bar.locator(".fork-ours").innerText()).length > 0, "the first differing event of this run");
    await page.click(".fork-compare");
    const c1 = page.locator(".fork-table tbody tr").filter({ hasText: /^C1/ });
    assert.match(await c1.innerText(), /^C1\s+paused[^\n]*\s+up/, "C1: paused here, up in the run before");
    assert.ok(await c1.evaluate((e) => e.classList.contains("differ")));
    await page.click(".fork-forget");
    assert.strictEqual(await page.locator(".fork-bar").count(), 0, "forgotten");
  } finally {
    await context.close();
  }
});
