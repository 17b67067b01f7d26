// The partitioning lab's pictures teach what the book says (play16b): after salting the
// celebrity key, the load bars show the last batch, so the node salting relieved drops
// (N3), and k0 then its sub-keys are marked; after a timestamp batch the range that took
// every write is marked hot at the right end of the key bar (N4); after an index run the
// scatter/gather diagram takes the picture's place, readable (12 px text or more) and in
// view in an 800x580 embed, the global read "asked one partition" and the missed reads
// have a denominator (N14); "All five strategies" has no axe violation (L1); a `t` past
// the run's end is named in the notice (N19).
//
//   trunk build --release && node --test scripts/e2e/partition-teaching.test.cjs
"use strict";
const assert = require("node:assert");
const { test, before, after } = require("node:test");
const h = require("./harness.cjs");

const DESKTOP = { width: 1280, height: 800, hasTouch: false };
const EMBED = { width: 800, height: 580, hasTouch: false };

const env = h.lifecycle(before, after);

/** The lab at `query`, mounted, in a fresh context of `size`. */
async function lab(query, size) {
  const opened = await h.open(env.browser, env.server.url + query, size);
  await h.mounted(opened.page);
  return opened;
}

async function step(page, times = 1) {
  for (let i = 0; i < times; i += 1) await page.locator("button[data-action=step]").click();
}

/** `{node: requests}` from the load bars counting requests. */
async function requestBars(page) {
  await page.locator(".load-toggle [data-load=requests]").click();
  return page.evaluate(() => Object.fromEntries([...document.querySelectorAll(".load-row")]
    .map((r) => [r.dataset.node, Number(r.querySelector(".load-value").textContent.split("·")[0].replace(/\D/g, ""))])));
}

test("celebrity: the bars show the last batch, so salting relieves the hot node; k0 and its sub-keys are marked", async () => {
  const { context, page, problems } = await lab("?lab=partition&scn=celebrity", DESKTOP);
  await step(page);
  const first = await requestBars(page);
  const hot = Object.keys(first).reduce((a, b) => (first[a] >= first[b] ? a : b));
  assert.deepStrictEqual(await page.locator(".celebrity-label").allTextContents(), ["k0 celebrity"]);
  await step(page, 2);
  const last = await requestBars(page);
  assert.ok(last[hot] < first[hot], `node ${hot}: ${first[hot]} before salting, ${last[hot]} after`);
  assert.match(await page.locator(".load-bars h2").textContent(), /in the last batch/);
  assert.strictEqual(await page.locator(".celebrity-label").count(), 8);
  assert.deepStrictEqual(problems, []);
  await context.close();
});

test("timestamps: the range that took the batch's writes is marked hot at the bar's right end", async () => {
  const { context, page, problems } = await lab("?lab=partition&scn=timestamps", DESKTOP);
  await step(page);
  const box = page.locator(".picture-box .hot-box");
  assert.strictEqual(await box.count(), 1, "a hot range is marked");
  const { right, barRight, label, boxTop, labelBox, svgTop } = await page.evaluate(() => {
    const hotBox = document.querySelector(".picture-box .hot-box").getBoundingClientRect();
    const ranges = [...document.querySelectorAll(".picture-box .range")].map((r) => r.getBoundingClientRect().right);
    const text = document.querySelector(".picture-box .hot-label");
    return {
      right: hotBox.right, barRight: Math.max(...ranges), label: text.textContent, boxTop: hotBox.top,
      labelBox: text.getBoundingClientRect().toJSON(), svgTop: text.ownerSVGElement.getBoundingClientRect().top,
    };
  });
  assert.ok(Math.abs(right - barRight) < 8, `hot box ends at ${right}, the bar at ${barRight}`);
  // hp11 H2: the factor's mean is over the batch's ranges, and the label says so.
  assert.match(label, /hottest of the last batch's \d+ ranges: ×/);
  // hp11 H1: the label sits inside the picture and above the box's dashed edge.
  assert.ok(labelBox.top >= svgTop - 0.5, `the label's top ${labelBox.top} is above the picture's ${svgTop}`);
  assert.ok(labelBox.bottom <= boxTop - 1, `the label (bottom ${labelBox.bottom}) runs into the box's edge at ${boxTop}`);
  assert.deepStrictEqual(problems, []);
  await context.close();
});

for (const [name, size, query] of [
  ["1280x800", DESKTOP, ""],
  ["800x580 embed", EMBED, "&embed=1"],
]) {
  test(`secondary index: the scatter/gather diagram takes the picture's place, readable and in view (${name})`, async () => {
    const { context, page, problems } = await lab(`?lab=partition&scn=secondary-index${query}`, size);
    await step(page);
    const sg = page.locator(".picture-box .scatter-gather");
    await sg.waitFor();
    const m = await page.evaluate(() => {
      const svgs = [...document.querySelectorAll(".picture-box .sg-svg")];
      const px = svgs.flatMap((svg) => {
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        return [...svg.querySelectorAll("text")].map((t) => parseFloat(getComputedStyle(t).fontSize) * scale);
      });
      const top = Math.min(...svgs.map((s) => s.getBoundingClientRect().top));
      return { smallest: Math.min(...px), top, height: innerHeight };
    });
    assert.ok(m.smallest >= 11, `smallest diagram text ${m.smallest.toFixed(1)} px`);
    assert.ok(m.top < m.height - 100, `the diagram starts at y=${m.top} of ${m.height}`);
    await page.waitForFunction(() => (document.querySelector(".picture-box .scatter-gather").textContent.match(/read done in/g) || []).length === 2, null, { timeout: 20000 });
    assert.match(await sg.textContent(), /its one answer/);
    assert.match(await page.locator(".index-figures").textContent(), /reads right after a write that missed it.*\d of \d[\d\s]* \(\d+\.\d %\)/);
    assert.deepStrictEqual(problems, []);
    await context.close();
  });
}

test("All five strategies has no axe violation; a t past the end is named", async () => {
  const { context, page, problems } = await lab("?lab=partition&scn=mod-vs-ring&t=1", DESKTOP);
  await page.locator(".stage-tabs [data-view=all]").click();
  await page.locator(".strategy-card").first().waitFor();
  // The chosen tab's colour transition over first, so axe sees its final colours.
  await page.waitForFunction(() => document.getAnimations().length === 0);
  assert.deepStrictEqual(await h.violations(page), []);
  await page.goto(env.server.url + "?lab=partition&scn=stale-route&t=99");
  await h.mounted(page);
  assert.match(await page.locator(".notice").textContent(), /99 is past the run's last action/);
  assert.match(await page.locator(".partition-status .progress").textContent(), /action 7 of 7/);
  assert.deepStrictEqual(problems, []);
  await context.close();
});
