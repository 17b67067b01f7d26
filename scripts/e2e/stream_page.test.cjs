// The stream lab's page at 1280x800, in an 800x580 iframe-sized window (embed=1) and on
// a 390x844 phone: the consumer group and the sink are on screen and tappable (a phone
// stacks them under the tapes), a committed offset behind the drawn tape is written
// beside it, the time plane's text is 10 px or more where it is drawn small, window
// counts never overlap, session windows take their key's colour; on the phone the
// folding sections are 40 px targets, the current lab's tab is in view and a tapped
// glossary tip is clear of the Events/Charts tabs, and its scrubber shows the moment;
// a tapped tip closes on a tap elsewhere, on Escape and when another opens; a hovered
// tip stays inside a 1280x900 viewport; a bad link's notice names all six
// problems; a book caption says which of its settings a link changed.
//
//   trunk build --release && node --test scripts/e2e/stream_page.test.cjs
"use strict";
const assert = require("node:assert");
const { test, before, after } = require("node:test");
const h = require("./harness.cjs");

const SIZES = [
  { width: 1280, height: 800, hasTouch: false, embed: "" },
  { width: 800, height: 580, hasTouch: false, embed: "&embed=1" },
  { width: 390, height: 844, hasTouch: true, embed: "" },
];
const PHONE = SIZES[2];
// One consumer far behind its three partitions at 800 ms.
const LAGGING = "?lab=stream&consumers=1&batch=1&every=5&events=200&wm=5&t=800000";

const env = h.lifecycle(before, after);

async function lab(query, size) {
  const opened = await h.open(env.browser, env.server.url + query, size);
  await h.mounted(opened.page);
  return opened;
}

/** The smallest rendered font size (px) of the text in `sel`: its CSS size times the
 *  SVG's scale. */
const smallestText = (page, sel) =>
  page.evaluate((sel) => {
    const svg = document.querySelector(sel);
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return Math.min(...[...svg.querySelectorAll("text")]
      .filter((t) => t.getBoundingClientRect().width > 0)
      .map((t) => parseFloat(getComputedStyle(t).fontSize) * scale));
  }, sel);

for (const size of SIZES) {
  test(`the group and the sink are on screen and tappable (${size.width}x${size.height})`, async () => {
    const { context, page, problems } = await lab(LAGGING + size.embed, size);
    const f = await h.fits(page);
    assert.ok(f.sideways <= 0, `scrolls sideways by ${f.sideways} px`);
    // Scrolled into view vertically only: a picture that pans sideways inside its own
    // box hides what lies right of the box.
    await page.locator(".topology-wrap").evaluate((w) => w.scrollIntoView({ block: "nearest", inline: "nearest" }));
    const wrap = await page.locator(".topology-wrap").evaluate((w) => [w.scrollWidth, w.clientWidth]);
    assert.ok(wrap[0] <= wrap[1], `the topology pans sideways: ${wrap[0]} px in ${wrap[1]}`);
    for (const sel of [".topology .node.consumer", ".topology .node.sink"]) {
      const node = page.locator(sel).first();
      const r = await node.boundingBox();
      assert.ok(r.x >= 0 && r.x + r.width <= size.width, `${sel} off screen: ${JSON.stringify(r)}`);
      if (size.hasTouch) assert.ok(r.height >= 40, `${sel} is ${r.height} px tall`);
      // Nothing covers its centre: a tap there reaches it.
      const hit = await page.evaluate(([x, y, sel]) => !!document.elementFromPoint(x, y)?.closest(sel),
        [r.x + r.width / 2, r.y + r.height / 2, sel]);
      assert.ok(hit, `${sel}: its centre is covered`);
    }
    const behind = await page.locator(".topology .committed.off-tape").allTextContents();
    assert.strictEqual(behind.length, 3, "each partition's committed offset is behind its tape");
    for (const t of behind) assert.match(t, /◀ committed \d+$/);
    if (size.width < 1000) {
      assert.ok(await smallestText(page, ".plane") >= 9.95, "the plane's text is 10 px or more");
    }
    if (size.hasTouch) {
      assert.ok(await smallestText(page, ".topology") >= 9.95, "the topology's text is 10 px or more");
      await page.locator(".topology .node.consumer").first().tap();
      await page.waitForSelector(".topology .node.consumer.down");
    }
    assert.deepStrictEqual(problems, []);
    await context.close();
  });
}

for (const size of SIZES) {
  test(`sliding windows' counts never overlap (${size.width}x${size.height})`, async () => {
    const { context, page, problems } = await lab("?lab=stream&win=sliding&t=700000" + size.embed, size);
    const boxes = await page.evaluate(() =>
      [...document.querySelectorAll(".plane .count")].map((t) => t.getBoundingClientRect().toJSON()));
    assert.ok(boxes.length > 5, `${boxes.length} counts written`);
    boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => {
      const apart = a.right <= b.left + 0.5 || b.right <= a.left + 0.5 || a.bottom <= b.top + 0.5 || b.bottom <= a.top + 0.5;
      assert.ok(apart, `counts overlap: ${JSON.stringify(a)} ${JSON.stringify(b)}`);
    }));
    assert.deepStrictEqual(problems, []);
    await context.close();
  });
}

test("session windows and their events take their key's colour (1280x800)", async () => {
  const { context, page, problems } = await lab("?lab=stream&win=session&t=1500000", SIZES[0]);
  const bands = await page.locator(".plane .band").evaluateAll((gs) => gs.map((g) => g.getAttribute("class")));
  assert.ok(bands.length > 0 && bands.every((c) => /own-\d+/.test(c)), `session bands: ${bands}`);
  const dots = new Set(await page.locator(".plane .ev").evaluateAll((ps) => ps.map((p) => p.getAttribute("class"))));
  assert.ok(dots.size > 4, `dots in ${dots.size} colours: by key (8), not by partition (3)`);
  assert.deepStrictEqual(problems, []);
  await context.close();
});

test("phone: the folding section headings are 40 px targets", async () => {
  const { context, page, problems } = await lab("?lab=stream", PHONE);
  const heights = await page.locator(".stream-lab summary").evaluateAll((ss) =>
    ss.map((s) => [s.textContent.trim(), s.getBoundingClientRect().height]));
  assert.ok(heights.length >= 4);
  for (const [name, height] of heights) assert.ok(height >= 40, `"${name}" is ${height} px tall`);
  assert.deepStrictEqual(problems, []);
  await context.close();
});

test("phone: the current lab's tab is in view in the header", async () => {
  const { context, page, problems } = await lab("?lab=stream", PHONE);
  await page.waitForTimeout(200);
  const tab = await page.locator(".lab-switch a.current").boundingBox();
  const nav = await page.locator(".lab-switch").boundingBox();
  assert.ok(tab.x >= nav.x - 0.5 && tab.x + tab.width <= nav.x + nav.width + 0.5,
    `the current tab (${tab.x}..${tab.x + tab.width}) is scrolled out of the nav (${nav.x}..${nav.x + nav.width})`);
  assert.deepStrictEqual(problems, []);
  await context.close();
});

test("phone: a tapped glossary tip opens clear of the Events/Charts tabs", async () => {
  const { context, page, problems } = await lab("?lab=stream", PHONE);
  // A term at the foot of the scrolling panel, just above the tabs.
  const term = page.locator(".panel .gloss-term").first();
  await term.evaluate((t) => t.scrollIntoView({ block: "end" }));
  await term.tap();
  const tip = page.locator(".panel .gloss.open .gloss-tip");
  await tip.waitFor();
  await page.waitForTimeout(300);
  const r = await tip.boundingBox();
  const tabs = await page.locator(".drawer-tabs").boundingBox();
  assert.ok(r.y + r.height <= tabs.y + 1, `the tip ends at ${r.y + r.height}, the tabs start at ${tabs.y}`);
  assert.ok(r.y >= 0, "the tip's top is on screen");
  assert.deepStrictEqual(problems, []);
  await context.close();
});

// play16b N10: one tapped tip at a time, closed by a tap elsewhere or by Escape.
test("phone: a tapped glossary tip closes on a tap elsewhere, on Escape and when another opens", async () => {
  const { context, page, problems } = await lab("?lab=stream", PHONE);
  const terms = page.locator(".panel .gloss-term");
  const shown = () => page.locator(".gloss-tip").evaluateAll((tips) => tips.filter((t) => t.getClientRects().length > 0).length);
  await terms.nth(0).tap();
  assert.strictEqual(await shown(), 1, "the tapped tip shows");
  await terms.nth(1).tap();
  assert.strictEqual(await shown(), 1, "a second tap on another term replaces the first tip");
  // The header's right end: no control there (the panel may still be scrolling the
  // tip into view, and a touch on a scrolling box only stops the scroll).
  const bar = await page.locator(".topbar").boundingBox();
  await page.touchscreen.tap(bar.x + bar.width - 3, bar.y + 3);
  assert.strictEqual(await shown(), 0, "a tap elsewhere closes it");
  await terms.nth(0).tap();
  await page.keyboard.press("Escape");
  assert.strictEqual(await shown(), 0, "Escape closes it");
  assert.deepStrictEqual(problems, []);
  await context.close();
});

test("a bad link's notice names all six problems", async () => {
  const { context, page } = await lab("?lab=stream&parts=99&wkind=bogus&foo=1&seed=abc&guarantee=xx&t=-5", SIZES[0]);
  const notice = await page.locator(".notice").textContent();
  for (const key of ["parts", "wkind", "foo", "seed", "guarantee", "“t”"]) {
    assert.ok(notice.includes(key), `${key} missing: ${notice}`);
  }
  assert.doesNotMatch(notice, /and \d+ more/, "no problem is left unnamed");
  await context.close();
});

// play17c F5: a hovered glossary tip near the viewport's right edge opens leftwards.
test("a hovered glossary tip stays inside the viewport (1280x900)", async () => {
  const { context, page, problems } = await lab("?lab=stream&scn=crash-amo&t=600000", { width: 1280, height: 900 });
  const terms = page.locator(".panel section[aria-label='actions'] .gloss-term");
  assert.ok(await terms.count() >= 4, "the Actions panel's terms");
  for (let i = 0; i < await terms.count(); i += 1) {
    const term = terms.nth(i);
    await term.scrollIntoViewIfNeeded();
    await term.hover();
    await page.waitForTimeout(100);
    const r = await term.locator("xpath=following-sibling::span[1]").boundingBox();
    const name = await term.textContent();
    assert.ok(r.x >= 0 && r.x + r.width <= 1280, `${name}: the tip spans ${r.x}..${r.x + r.width}`);
    assert.ok(r.y >= 0 && r.y + r.height <= 900, `${name}: the tip spans ${r.y}..${r.y + r.height} down`);
  }
  assert.deepStrictEqual(problems, []);
  await context.close();
});

// play17c F3: a link that changes a book scenario's settings says so after its caption.
test("a changed book scenario's caption says what the link changed", async () => {
  const { context, page } = await lab("?lab=stream&scn=late-drop&size=1000", SIZES[0]);
  const note = await page.locator(".panel .caption-changed").textContent();
  assert.match(note, /own settings; this link changed: window size\.$/);
  await context.close();
});

// play17c F5: a phone's scrubber shows the moment and a step forward, and its thumb is at
// the right end when the run is paused at its newest moment.
test("phone: the scrubber shows the moment, and its thumb is at the end", async () => {
  const { context, page, problems } = await lab("?lab=stream&scn=late-update&t=1500000", PHONE);
  await page.waitForTimeout(500);
  const at = page.locator(".timeline-at");
  assert.ok(await at.isVisible(), "the moment is shown");
  assert.match(await at.textContent(), /^1500(\.0+)? ms/);
  assert.ok(await page.locator(".timeline-forward").isVisible(), "the step forward is shown");
  const [value, max] = await page.locator(".timeline-range").evaluate((r) => [r.value, r.max]);
  assert.strictEqual(value, max, "paused at the newest moment: the thumb at the right end");
  const f = await h.fits(page);
  assert.ok(f.sideways <= 0, `scrolls sideways by ${f.sideways} px`);
  assert.deepStrictEqual(problems, []);
  await context.close();
});

// N3: time sliders have round stops on a log scale (shared/slider.rs): a pointer click a
// fifth of the way along Window size picks a size a one-second run can use (linear
// 0-60 s it gave 12 000 ms), and Home is the link's minimum (1 ms), which the link keeps.
for (const size of [SIZES[0], PHONE]) {
  test(`a click at 20 % of Window size is a useful size; Home is 1 ms (${size.width}x${size.height})`, async () => {
    const { context, page, problems } = await lab("?lab=stream", size);
    await page.locator("summary", { hasText: "Windows and watermark" }).click();
    const input = page.locator("input[aria-label='Window size (ms)']");
    await input.scrollIntoViewIfNeeded();
    const r = await input.boundingBox();
    const at = { x: r.x + r.width * 0.2, y: r.y + r.height / 2 };
    if (size.hasTouch) await page.touchscreen.tap(at.x, at.y);
    else await page.mouse.click(at.x, at.y);
    const label = page.locator("label.slider", { has: input }).locator(".slider-value");
    await page.waitForTimeout(100);
    const ms = parseFloat(await label.textContent());
    assert.ok(ms >= 40 && ms <= 250, `a fifth along Window size is ${ms} ms`);
    if (!size.hasTouch) {
      await input.focus();
      await page.keyboard.press("Home");
      assert.strictEqual(await label.textContent(), "1 ms");
      await page.waitForFunction(() => /[?&]size=1(&|$)/.test(location.search), null, { timeout: 3000 });
      const link = await page.evaluate(() => location.search);
      await page.goto(env.server.url + link);
      await h.mounted(page);
      const notice = await page.locator(".notice-text").allTextContents();
      assert.ok(notice.every((t) => t.trim() === ""), `${link} opens with a notice: ${notice}`);
    }
    assert.deepStrictEqual(problems, []);
    await context.close();
  });
}

// play17d N6: on a phone a glossary tip opened by a tap is seen whole, above the drawer's
// tabs, whatever box its term scrolls in (shared: the partition lab too).
test("phone: every tapped glossary tip is seen whole above the drawer's tabs", async () => {
  for (const query of ["?lab=stream&scn=late-update", "?lab=partition"]) {
    const { context, page } = await lab(query, PHONE);
    const terms = page.locator(".gloss-term:visible");
    const n = await terms.count();
    assert.ok(n > 3, `${query}: terms to tap`);
    for (let i = 0; i < n; i++) {
      const term = terms.nth(i);
      await term.evaluate((b) => b.scrollIntoView({ block: "end" }));
      await term.tap();
      await page.waitForTimeout(200);
      const seen = await page.evaluate(() => {
        const tip = document.querySelector(".gloss.open .gloss-tip");
        const t = tip.getBoundingClientRect();
        const tabs = document.querySelector(".drawer-tabs").getBoundingClientRect();
        const x = t.left + t.width / 2;
        const mine = (y) => tip.contains(document.elementFromPoint(x, y));
        return { term: tip.querySelector("strong").textContent, whole: t.top >= 0 && t.bottom <= tabs.top && mine(t.top + 3) && mine(t.bottom - 3) };
      });
      assert.ok(seen.whole, `${query}: the tip of ${seen.term}`);
      await page.keyboard.press("Escape");
    }
    await context.close();
  }
});
