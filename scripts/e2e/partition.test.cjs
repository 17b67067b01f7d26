// The partitioning lab in the release build, at 1280x800, in an 800x580 iframe-sized
// window (embed=1) and on a 390x844 phone: a book scenario opens at its start and Step
// runs its one action (hash mod N moves most keys, the ring few: the counter says so);
// adding a node through the UI counts the moved keys; a click on a dot looks its key up;
// the last rebalance plays over the simulated network until it settles, no message label
// covering a node's name; the status line agrees with the counter of the shown strategy;
// key ranges say why a join moved nothing when nodes outnumber ranges; on a phone the
// keys-moved number shows under the picture; the stale-route reads fly over the network
// in each routing mode and the event log says how each ended.
// No sideways scroll, the run controls in the first screen, a clean console.
//
// Also writes docs/partition-lab.png, docs/partition-ring-60.png,
// docs/partition-embed-800x580.png, docs/partition-phone.png, docs/partition-handoff.png
// and docs/partition-routing.png.
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

/** The keys-moved number of the status line's "last:" line, or null. */
async function statusMoved(page) {
  const m = /(\d+) of \d+ keys move/.exec(await page.locator(".partition-status .last-op").textContent());
  return m ? Number(m[1]) : null;
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
    assert.strictEqual(await statusMoved(page), modn, "the status line is mod N's");
    await page.locator("button[data-strategy=ring]").click();
    const ring = await keysMoved(page);
    assert.ok(ring > 300 && ring < 2000, `the ring moved ${ring}`);
    assert.strictEqual(await statusMoved(page), ring, "the status line is the ring's");
    assert.match(await page.locator(".partition-status .last-op").textContent(), /consistent hashing/);
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
  // The answer shows where the click was, and the lookup field holds the clicked key.
  const brief = await page.locator(".partition-status [data-figure=picked]").textContent();
  const m = /^key (\d+) → P\d+ on N4 \(moved from N2\)$/.exec(brief);
  assert.ok(m, brief);
  assert.ok(await page.locator(".partition-status [data-figure=picked]").isVisible());
  assert.strictEqual(await page.locator("input[name=key]").inputValue(), m[1]);
  await page.screenshot({ path: shot("partition-ring-60") });
  assert.deepStrictEqual(problems, []);
  await context.close();
});

test("a typed decimal point stays in a number field and is refused by name (1280x800)", async () => {
  const { context, page, problems } = await lab("?lab=partition&nodes=3&tokens=0.120.240", SIZES[0]);
  const field = page.locator("input[name=deg]");
  await field.fill("");
  await field.pressSequentially("45.5");
  assert.strictEqual(await field.inputValue(), "45.5", "the field keeps what was typed (play16b N12)");
  await page.locator("button[data-action=add-at]").click();
  assert.match(await page.locator(".notice-text").textContent(), /must be a whole number from 0 to 359/);
  assert.strictEqual(await keysMoved(page), null, "nothing was added");
  assert.deepStrictEqual(problems, []);
  await context.close();
});

/** Pairs (message label, node text or another message label) whose boxes overlap in
 * the handoff picture now, and how many message labels are drawn (a label shown only
 * on hover or tap is not drawn). */
function labelClashes(page) {
  return page.evaluate(() => {
    const box = (e) => e.getBoundingClientRect();
    const hit = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    const labels = [...document.querySelectorAll(".handoff-svg .h-msg text")].filter((e) => e.getClientRects().length > 0);
    const names = [...document.querySelectorAll(".handoff-svg .h-node text")];
    // A node's circle too (play16d U2: labels were drawn against ZooKeeper's circle).
    const circles = [...document.querySelectorAll(".handoff-svg .h-node circle")];
    const clashes = [];
    labels.forEach((l, i) => {
      for (const n of names) if (hit(box(l), box(n))) clashes.push(`${l.textContent} over ${n.textContent}`);
      for (const c of circles) if (hit(box(l), box(c))) clashes.push(`${l.textContent} over the circle of ${c.parentNode.textContent}`);
      for (const o of labels.slice(i + 1)) if (hit(box(l), box(o))) clashes.push(`${l.textContent} over ${o.textContent}`);
    });
    return { clashes, labels: labels.length };
  });
}

/** The lab at `query` (1280x800) with "Over the network" shown, once `sel` is drawn. */
async function handoff(query, sel) {
  const opened = await lab(query, SIZES[0]);
  await opened.page.locator("button[data-view=handoff]").click();
  await opened.page.waitForSelector(sel, { timeout: 10000 });
  return opened;
}

/** Samples the handoff picture 25 times, 80 ms apart, asserting no label clash each
 * time; calls `first` when labels are first drawn; returns how many were drawn in all. */
async function sampleLabels(page, first = async () => {}) {
  let drawn = 0;
  for (let i = 0; i < 25; i++) {
    const { clashes, labels } = await labelClashes(page);
    assert.deepStrictEqual(clashes, [], `sample ${i}`);
    if (labels > 0 && drawn === 0) await first();
    drawn += labels;
    await page.waitForTimeout(80);
  }
  return drawn;
}

test("at 11 nodes the handoff's labels never pile up (1280x800)", async () => {
  const { context, page, problems } = await handoff("?lab=partition&strategy=ring&nodes=10&act=a&speed=0.5", ".handoff-svg .m-transfer");
  assert.ok((await sampleLabels(page)) > 0, "no message label was drawn at all");
  assert.deepStrictEqual(problems, []);
  await context.close();
});

test("the stale-route replay's labels stay off the nodes and each other (1280x800, play16d U2)", async () => {
  const { context, page, problems } = await handoff("?lab=partition&scn=stale-route&t=7", ".handoff-svg .h-node");
  await page.getByRole("button", { name: /Replay the handoff/ }).click();
  await page.waitForSelector(".handoff-svg .h-msg");
  assert.ok((await sampleLabels(page)) > 0, "no message label was drawn at all");
  // ZooKeeper's name, wider than its circle, is under it, as a caption.
  const { name, circle } = await page.evaluate(() => {
    const g = document.querySelector(".handoff-svg .h-node.coordinator");
    return { name: g.querySelector("text").getBoundingClientRect().toJSON(), circle: g.querySelector("circle").getBoundingClientRect().toJSON() };
  });
  assert.ok(name.top >= circle.bottom - 1, `ZooKeeper's name (top ${name.top}) is across its circle (bottom ${circle.bottom})`);
  assert.deepStrictEqual(problems, []);
  await context.close();
});

test("the network picture fits the 800x580 embed and a 390x844 phone: every node in view (play16d U3, hp12 L1)", async () => {
  for (const size of [SIZES[1], SIZES[2]]) {
    const { context, page, problems } = await lab(`?lab=partition&scn=stale-route&t=1${size.embed}`, size);
    await page.locator("button[data-view=handoff]").click();
    await page.waitForSelector(".handoff-svg .h-node");
    const { cut, small } = await page.evaluate(() => {
      const stage = document.querySelector(".stage").getBoundingClientRect();
      const cut = [...document.querySelectorAll(".handoff-svg .h-node")]
        .map((g) => [g.textContent, g.getBoundingClientRect()])
        .filter(([, r]) => r.bottom > stage.bottom || r.top < stage.top || r.right > stage.right || r.left < stage.left)
        .map(([name, r]) => `${name} at y ${Math.round(r.top)}-${Math.round(r.bottom)} (stage ${Math.round(stage.top)}-${Math.round(stage.bottom)})`);
      // The size a node's name and caption are drawn at on screen, px.
      const small = [...document.querySelectorAll(".handoff-svg .h-node text")]
        .map((t) => [t.textContent, t.getScreenCTM().a * parseFloat(getComputedStyle(t).fontSize)])
        .filter(([, px]) => px < 10)
        .map(([text, px]) => `${text} at ${px.toFixed(1)} px`);
      return { cut, small };
    });
    assert.deepStrictEqual(cut, [], size.name);
    // hp12 L1: on a phone it fits at its full width, not scaled below readable.
    if (size.hasTouch) assert.deepStrictEqual(small, [], size.name);
    assert.deepStrictEqual(problems, []);
    await context.close();
  }
});

test("no two key-range labels touch at 1280x800, in the 800x580 embed or on a phone (hp12 L2)", async () => {
  for (const query of ["?lab=partition&scn=timestamps", "?lab=partition&scn=timestamps&act=w100,x,x&t=3"]) {
    for (const size of SIZES) {
      const { context, page, problems } = await lab(query + size.embed, size);
      await page.waitForSelector(".partition-svg .range-label");
      const { shown, clashes } = await page.evaluate(() => {
        const labels = [...document.querySelectorAll(".partition-svg:not(.mini) .range-label")]
          .filter((e) => e.getClientRects().length > 0)
          .map((e) => [e.textContent, e.getBoundingClientRect()]);
        const clashes = [];
        labels.forEach(([t, a], i) => {
          for (const [u, b] of labels.slice(i + 1)) {
            if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) clashes.push(`${t} over ${u}`);
          }
        });
        return { shown: labels.length, clashes };
      });
      assert.ok(shown >= 1, `${size.name} ${query}: no label`);
      assert.deepStrictEqual(clashes, [], `${size.name} ${query}`);
      assert.deepStrictEqual(problems, []);
      await context.close();
    }
  }
});

test("the ring's degrees, node names and key names read at 10 px or more (hp12 L4)", async () => {
  const query = "?lab=partition&strategy=ring&nodes=4&vnodes=1&dist=celeb&act=w500,k4,w500";
  for (const size of SIZES) {
    const { context, page, problems } = await lab(query + size.embed, size);
    await page.waitForSelector(".partition-svg.ring .celebrity-label");
    // The phone's key names are left at 13 units (8.3 px): their spread round the dots
    // is laid out for that font.
    const sel = size.hasTouch ? ".deg, .token-label" : ".deg, .token-label, .celebrity-label";
    const small = await page.evaluate((sel) => [...document.querySelectorAll(".partition-svg.ring :is(" + sel + ")")]
      .map((t) => [t.textContent, t.getScreenCTM().a * parseFloat(getComputedStyle(t).fontSize)])
      .filter(([, px]) => px < 10)
      .map(([text, px]) => `${text} at ${px.toFixed(1)} px`), sel);
    assert.ok(await page.locator(".partition-svg.ring .token-label").count() >= 4, size.name);
    assert.deepStrictEqual(small, [], size.name);
    assert.deepStrictEqual(problems, []);
    await context.close();
  }
});

test("a crowd of messages shows each label on hover only (1280x800)", async () => {
  const { context, page, problems } = await handoff("?lab=partition&scn=mod-vs-ring&t=1&speed=0.25", ".handoff-svg .m-meta");
  // Let the messages leave the coordinator, then Space pauses the handoff (the tab
  // button lets the key through once blurred).
  await page.waitForTimeout(1500);
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press(" ");
  await page.waitForFunction(() => /paused/.test(document.querySelector(".handoff-status").textContent));
  assert.strictEqual((await labelClashes(page)).labels, 0, "a crowd is labelled");
  // The pointer on a message's dot shows that message's label (and only its own).
  // A dot on top (the handoff starts at its beginning when the tab opens, so the
  // first messages still sit under the coordinator's circle).
  const at = await page.evaluate(() => {
    for (const c of document.querySelectorAll(".handoff-svg .h-msg circle")) {
      const r = c.getBoundingClientRect();
      const p = { x: r.left + r.width / 2, y: r.top + r.height / 2 };
      if (document.elementFromPoint(p.x, p.y) === c) return p;
    }
    return null;
  });
  assert.ok(at, "no message dot on top");
  await page.mouse.move(at.x, at.y);
  await page.waitForTimeout(150);
  const shown = await page.evaluate(() =>
    [...document.querySelectorAll(".handoff-svg .h-msg text")].filter((e) => e.getClientRects().length > 0).length);
  assert.strictEqual(shown, 1, "the hovered message's label is not the one shown");
  assert.match(await page.locator(".handoff-svg .h-msg title").first().textContent(), /^\S+ → \S+: /);
  assert.deepStrictEqual(problems, []);
  await context.close();
});

test("the last rebalance plays over the network and settles (1280x800)", async () => {
  const { context, page, problems } = await handoff("?lab=partition&act=a", ".handoff-svg .m-transfer");
  assert.match(await page.locator(".handoff-status").textContent(), /transfers? copying \(the old owner serves\)/);
  // While the handoff plays, no message label covers a node's name or key count.
  const drawn = await sampleLabels(page, () => page.screenshot({ path: shot("partition-handoff") }));
  assert.ok(drawn > 0, "no message label was drawn at all");
  await page.waitForFunction(() => /settled/.test(document.querySelector(".handoff-status").textContent), null, { timeout: 20000 });
  assert.strictEqual(await page.locator(".handoff-svg .h-msg").count(), 0, "nothing in flight once settled");
  assert.deepStrictEqual(problems, []);
  await context.close();
});

test("reads during the rebalance fly through each routing mode and are narrated (1280x800)", async () => {
  const { context, page, problems } = await lab("?lab=partition&scn=stale-route&t=7&speed=4", SIZES[0]);
  // A glossary term in a heading reads in the heading's case (play16 D).
  const cases = await page.evaluate(() =>
    [...document.querySelectorAll(".partition-lab h2 .gloss-term")].map((g) => getComputedStyle(g).textTransform));
  assert.ok(cases.length > 0 && cases.every((c) => c === "uppercase"), cases.join());
  // The read paths say which model they are drawn in: after the change, the nodes on
  // the coordinator's table; the network tab replays them as the old owner releases the key.
  const note = await page.locator(".route-view [data-figure=route-model]").textContent();
  assert.match(note, /once the change is done: every node knows table v2 .* "Over the network" replays these reads as the old owner releases the key/);
  await page.locator("button[data-view=handoff]").click();
  await page.waitForSelector(".handoff-svg .h-msg.m-read", { timeout: 15000 });
  await page.screenshot({ path: shot("partition-routing") });
  const log = () => page.locator(".event-log").textContent();
  await page.waitForFunction(
    () => ["any node forwards", "routing tier", "partition-aware client"].every((m) =>
      document.querySelector(".event-log").textContent.includes(`over the network, read k1 (${m})`)),
    null, { timeout: 30000 });
  const text = await log();
  // hp10 P1: each read is sent as the old owner releases k1, before the new table
  // reaches whoever routes it: forwarded, "not mine" and retried, an error.
  // hp11 H7: the node that forwards says "not mine".
  assert.match(text, /any node forwards\) sent to N\d+ at [\d.]+ ms: (forwarded \d× between nodes, last )?N\d+: not mine, forwards to N5; N5 answered/);
  assert.match(text, /routing tier\) sent to router at [\d.]+ ms: a stale table got 1 "not mine" and was retried, N5 answered/);
  assert.match(text, /partition-aware client\) sent to N\d+ at [\d.]+ ms: the client's table was stale: N\d+ answered "not mine", an error/);
  assert.deepStrictEqual(problems, []);
  await context.close();
});

test("key ranges: an add with more nodes than ranges says why nothing moved (1280x800)", async () => {
  const { context, page, problems } = await lab("?lab=partition&strategy=range&keys=1000&act=a,a,a,a,a,a,a,a", SIZES[0]);
  assert.strictEqual(await keysMoved(page), 0, "the last add found no range to take");
  const note = await page.locator(".move-counter [data-note=no-partition]").textContent();
  const m = /no range to give the new node: (\d+) ranges, (\d+) nodes/.exec(note);
  assert.ok(m && Number(m[1]) < Number(m[2]), note);
  assert.match(await page.locator(".partition-status .progress").textContent(), new RegExp(`${m[2]} nodes · ${m[1]} partitions`));
  assert.match(await page.locator(".partition-charts [title*='range falls']").getAttribute("title"), /none to spare until one splits/);
  assert.deepStrictEqual(problems, []);
  await context.close();
});

/** Whether the element `sel` is wholly in the window and on top at its centre. */
function readable(page, sel) {
  return page.evaluate((s) => {
    const e = document.querySelector(s);
    const r = e.getBoundingClientRect();
    const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight && (e === top || e.contains(top));
  }, sel);
}

test("on a phone the keys-moved number shows under the picture in the first screen (390x844)", async () => {
  const { context, page, problems } = await lab("?lab=partition&act=a", SIZES[2]);
  const number = ".move-counter [data-figure=keys-moved]";
  assert.ok(await readable(page, number), "the number is hidden");
  const below = await page.evaluate((s) => document.querySelector(s).getBoundingClientRect().top
    - document.querySelector(".partition-svg").getBoundingClientRect().bottom, number);
  assert.ok(below >= 0 && below < 120, `the number is ${below} px under the picture`);
  assert.deepStrictEqual(problems, []);
  await context.close();
});

test("on a phone the book caption opens folded to its title, the picture in the first screen, and unfolds (390x844, hp10 P3)", async () => {
  const { context, page, problems } = await lab("?lab=partition&scn=stale-route", SIZES[2]);
  assert.ok(await readable(page, ".book-brief summary"), "the scenario's title is not in the first screen");
  assert.strictEqual(await page.locator(".book-brief .caption").isVisible(), false, "the caption opens unfolded");
  const svg = await page.locator(".partition-svg").boundingBox();
  assert.ok(svg.y + svg.height / 2 < 844, `the picture's middle is at ${svg.y + svg.height / 2} px, below the first screen`);
  assert.ok((await fits(page)).playInView, "the Play button is not in the first screen");
  await page.locator(".book-brief summary").click();
  assert.ok(await readable(page, ".book-brief .caption"), "the caption does not unfold into view");
  assert.ok(await readable(page, ".book-brief .expected"), "the expected outcome does not unfold into view");
  // The manual-rebalancing box: its label row is the 40 px target.
  const row = await page.locator("label.check-row:has([data-setting=manual])").boundingBox();
  assert.ok(row.height >= 40, `the manual checkbox's target is ${row.height} px tall`);
  assert.deepStrictEqual(problems, []);
  await context.close();
});

test("the manual checkbox sits on its label's row (1280x800)", async () => {
  const { context, page, problems } = await lab("?lab=partition", SIZES[0]);
  const at = await page.evaluate(() => {
    const box = document.querySelector("[data-setting=manual]");
    const text = [...box.parentElement.childNodes].find((n) => n.nodeType === 3 && n.textContent.trim());
    const range = document.createRange();
    range.selectNodeContents(text);
    const b = box.getBoundingClientRect();
    const lines = [...range.getClientRects()];
    const mid = (b.top + b.bottom) / 2;
    return { within: mid > lines[0].top && mid < lines[lines.length - 1].bottom, gap: lines[0].left - b.right };
  });
  assert.ok(at.within && at.gap >= 0 && at.gap < 20, `the label is not beside the box: ${JSON.stringify(at)}`);
  assert.deepStrictEqual(problems, []);
  await context.close();
});

test("under prefers-reduced-motion the moved keys and the index read show their outcome at once", async () => {
  const size = { ...SIZES[0], reducedMotion: "reduce" };
  const { context, page, problems } = await lab("?lab=partition&scn=ring-60", size);
  await page.locator("button[data-action=step]").click();
  const moved = await keysMoved(page);
  assert.ok(moved > 0);
  const dots = (sel) => page.evaluate((s) => [...document.querySelectorAll(s)]
    .reduce((n, p) => n + (p.getAttribute("d").match(/M/g) || []).length, 0), sel);
  // No frame needed: the handoff is settled when the step returns.
  assert.strictEqual(await dots(".moved-dots .dots.held"), 0, "nothing still held");
  assert.strictEqual(await dots(".moved-dots .dots.flying"), 0, "nothing flying");
  assert.strictEqual(await dots(".moved-dots .dots.moved"), moved, "every moved key arrived");
  await page.goto(server.url + "?lab=partition&scn=secondary-index");
  await h.mounted(page);
  await page.locator("button[data-action=step]").click();
  const done = await page.locator(".scatter-gather").textContent();
  assert.strictEqual((done.match(/read done in/g) || []).length, 2, done);
  assert.deepStrictEqual(problems, []);
  await context.close();
});

test("the network picture fits the stage: every node and its label in view (1280x800, play16b N22)", async () => {
  for (const scn of ["ring-60", "mod-vs-ring"]) {
    const { context, page, problems } = await lab(`?lab=partition&scn=${scn}&t=1`, SIZES[0]);
    await page.locator("button[data-view=handoff]").click();
    await page.waitForSelector(".handoff-svg .h-node");
    const cut = await page.evaluate(() => {
      const stage = document.querySelector(".stage").getBoundingClientRect();
      return [...document.querySelectorAll(".handoff-svg .h-node text")]
        .map((t) => [t.textContent, t.getBoundingClientRect()])
        .filter(([, r]) => r.bottom > stage.bottom || r.top < stage.top || r.right > stage.right || r.left < stage.left)
        .map(([name, r]) => `${name} at y ${Math.round(r.bottom)} (stage ends ${Math.round(stage.bottom)})`);
    });
    assert.deepStrictEqual(cut, [], scn);
    assert.deepStrictEqual(problems, []);
    await context.close();
  }
});
