// Every lab fits the sizes it is opened at (DESIGN.md, "Links and sizes"; issue 8):
// embedded in an 800x580 iframe and on a 390x844 touch phone, no horizontal scroll, the
// stage and the Play button in the first screen, the logs in a drawer that opens on a
// tab; on a phone (touch, or a fine pointer at 390 px: hp11 H4), and on any touch screen
// (a coarse pointer, emulated at 800x580), every visible control is a 40x40 px touch
// target; at 1280x800 the
// panel sits beside the stage and the logs below, side by side.
//
//   trunk build --release && node --test scripts/e2e/layout.test.cjs
//   DIST=/tmp/other-dist node --test scripts/e2e/layout.test.cjs   (another build)
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("path");
const h = require("./harness.cjs");

const DIST = process.env.DIST || path.join(h.ROOT, "dist");
const EMBED = { width: 800, height: 580 };
const PHONE = { width: 390, height: 844, hasTouch: true };
const DESKTOP = { width: 1280, height: 800 };
/** The smallest touch target, CSS px (WCAG 2.5.5 asks 44; the project settles on 40). */
const TOUCH = 40;

/** Each lab's default page and a busy one. */
const PAGES = [
  "?lab=raft",
  "?lab=raft&n=9",
  "?lab=storage",
  "?lab=storage&engine=race&act=w300",
  "?lab=partition",
  "?lab=partition&scn=timestamps&t=1",
  "?lab=stream",
  "?lab=stream&scn=crash-alo&t=800000",
];

let server;
let browser;
test.before(async () => {
  server = await h.serve({ dir: DIST });
  browser = await h.launch();
});
test.after(async () => {
  if (browser) await browser.close();
  if (server) await server.close();
});

/** Opens `query` at `size`, waits for the lab and for layout to settle. */
async function openLab(query, size) {
  const opened = await h.open(browser, server.url + query, size);
  await h.mounted(opened.page);
  await opened.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return opened;
}

/** What the test reads off the page: scroll sizes and the boxes that matter. */
function measure(page) {
  return page.evaluate(() => {
    const box = (el) => {
      if (!el) return null;
      const r = el.getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height };
    };
    const q = (sel) => box(document.querySelector(sel));
    return {
      innerWidth, innerHeight,
      scrollWidth: document.documentElement.scrollWidth,
      scrollHeight: document.documentElement.scrollHeight,
      play: q('[data-action="play"]'),
      stage: q(".stage"),
      panel: q(".panel"),
      drawer: q(".drawer"),
    };
  });
}

/** Every visible interactive element smaller than TOUCH in either direction. A
 *  checkbox or radio counts with its label (a tap anywhere on it toggles the box). */
function smallTargets(page, min) {
  return page.evaluate((min) => {
    const sel = 'a[href], button, input, select, textarea, [role="button"], [role="tab"], [tabindex]:not([tabindex="-1"])';
    const small = [];
    for (const el of document.querySelectorAll(sel)) {
      const style = getComputedStyle(el);
      if (style.visibility === "hidden" || el.closest("[hidden]")) continue;
      const toggle = el.matches('input[type="checkbox"], input[type="radio"]') && el.closest("label");
      const r = (toggle || el).getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue; // not displayed (a closed drawer)
      if (r.width < min - 0.5 || r.height < min - 0.5) {
        const name = el.getAttribute("aria-label") || el.textContent.trim().slice(0, 30) || el.outerHTML.slice(0, 60);
        small.push(`${el.tagName.toLowerCase()} "${name}": ${r.width.toFixed(0)}x${r.height.toFixed(0)}`);
      }
    }
    return small;
  }, min);
}

function assertInside(b, m, what) {
  assert.ok(b, `${what} is missing`);
  assert.ok(b.width > 0 && b.height > 0, `${what} is not displayed`);
  assert.ok(b.left >= -0.5 && b.top >= -0.5 && b.right <= m.innerWidth + 0.5 && b.bottom <= m.innerHeight + 0.5,
    `${what} (${JSON.stringify(b)}) is not inside the first ${m.innerWidth}x${m.innerHeight} screen`);
}

/** The checks shared by the compact sizes. */
async function assertCompact(query, size) {
  const { context, page } = await openLab(query, size);
  try {
    const m = await measure(page);
    assert.ok(m.scrollWidth <= m.innerWidth, `${query}: scrolls sideways (${m.scrollWidth} > ${m.innerWidth})`);
    assert.ok(m.scrollHeight <= m.innerHeight, `${query}: the page scrolls (${m.scrollHeight} > ${m.innerHeight})`);
    assertInside(m.play, m, `${query}: the Play button`);
    assertInside(m.stage, m, `${query}: the stage`);
    assert.ok(m.stage.height >= 0.35 * m.innerHeight, `${query}: the stage is only ${m.stage.height} px tall`);
    // Nothing sits on top of the run controls (the embedded Share button once covered Reset).
    for (const action of ["play", "step", "reset"]) {
      const hit = await page.evaluate((a) => {
        const r = document.querySelector(`[data-action=${a}]`).getBoundingClientRect();
        const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
        return top && top.closest(`[data-action=${a}]`) !== null;
      }, action);
      assert.ok(hit, `${query}: something covers the ${action} button`);
    }
    // The logs: a drawer of tabs, closed at first; a tab opens it on screen, and the
    // Play button stays reachable.
    const tab = page.locator(".drawer-tab", { hasText: "Events" });
    await tab.click();
    const log = await page.locator(".drawer-panel.open .event-log").boundingBox();
    assert.ok(log, `${query}: the Events tab shows no event log`);
    const after = await measure(page);
    assertInside(after.drawer, after, `${query}: the open drawer`);
    assertInside(after.play, after, `${query}: the Play button with the drawer open`);
    assert.ok(after.play.bottom <= after.panel.bottom && after.play.top >= after.panel.top,
      `${query}: the open drawer squeezes the Play button out of the panel`);
  } finally {
    await context.close();
  }
}

for (const query of PAGES) {
  test(`${query} embedded at 800x580: no scrolling, stage and Play in view, logs in a drawer`, async () => {
    await assertCompact(query + "&embed=1", EMBED);
  });

  test(`${query} at 800x580 with the header: stage and Play in view`, async () => {
    await assertCompact(query, EMBED);
  });

  test(`${query} on a 390x844 phone: fits, and every control is a ${TOUCH} px target`, async () => {
    await assertCompact(query, PHONE);
    const { context, page } = await openLab(query, PHONE);
    try {
      const header = await page.locator(".topbar").boundingBox();
      assert.ok(header.height <= 56, `the header is ${header.height} px tall`);
      const brand = await page.locator(".topbar .brand").evaluate((a) => { const r = document.createRange(); r.selectNodeContents(a); return r.getClientRects().length; });
      assert.equal(brand, 1, "the brand 'ddia-lab' is one line (it wrapped at its hyphen)");
      // play17d N8a: the lab tabs pan, and an edge with more tabs beyond it fades out.
      const fades = async (to) => {
        await page.locator("nav.lab-switch").evaluate((n, to) => { n.scrollLeft = to === "start" ? 0 : n.scrollWidth; }, to);
        await page.waitForTimeout(150);
        return page.locator("nav.lab-switch").evaluate((n) => {
          const s = getComputedStyle(n);
          return { pans: n.scrollWidth > n.clientWidth, left: s.getPropertyValue("--fade-l"), right: s.getPropertyValue("--fade-r") };
        });
      };
      const [start, end] = [await fades("start"), await fades("end")];
      if (start.pans) {
        assert.deepEqual([start.left, start.right, end.left, end.right], ["0px", "36px", "36px", "0px"], "the tabs' fading edges");
      }
      assert.deepEqual(await smallTargets(page, TOUCH), [], "controls smaller than a fingertip");
      await page.locator(".drawer-tab").first().click();
      assert.deepEqual(await smallTargets(page, TOUCH), [], "controls smaller than a fingertip, drawer open");
    } finally {
      await context.close();
    }
  });

  // hp11 H4: a phone whose browser reports a fine pointer (or a narrow desktop window)
  // gets the same targets: the header's lab tabs, the stage's tabs, Play and Step, the
  // panel's buttons, links and fields, the drawer's tabs, closed and open.
  test(`${query} at 390x844 with a fine pointer: every control is still a ${TOUCH} px target`, async () => {
    const { context, page } = await openLab(query, { width: PHONE.width, height: PHONE.height });
    try {
      assert.ok(!(await page.evaluate(() => matchMedia("(pointer: coarse)").matches)), "the pointer is coarse");
      assert.deepEqual(await smallTargets(page, TOUCH), [], "controls smaller than a fingertip");
      await page.locator(".drawer-tab").first().click();
      assert.deepEqual(await smallTargets(page, TOUCH), [], "controls smaller than a fingertip, drawer open");
    } finally {
      await context.close();
    }
  });

  test(`${query} at 800x580 on a touch screen (coarse pointer): every control is a ${TOUCH} px target`, async () => {
    const { context, page } = await openLab(query, { ...EMBED, hasTouch: true });
    try {
      assert.ok(await page.evaluate(() => matchMedia("(pointer: coarse)").matches), "the pointer is not coarse");
      assert.deepEqual(await smallTargets(page, TOUCH), [], "controls smaller than a fingertip");
    } finally {
      await context.close();
    }
  });

  test(`${query} at 1280x800: panel beside the stage, logs below side by side`, async () => {
    const { context, page } = await openLab(query, DESKTOP);
    try {
      const m = await measure(page);
      assert.ok(m.scrollWidth <= m.innerWidth, `scrolls sideways (${m.scrollWidth})`);
      assert.ok(m.panel.left >= m.stage.right, "the panel is not beside the stage");
      assert.ok(m.panel.top < m.stage.bottom && m.stage.top < m.panel.bottom, "the panel is not beside the stage");
      assertInside(m.play, m, "the Play button");
      assert.equal(await page.locator(".drawer-tabs").isVisible(), false, "the drawer's tabs show on a desktop");
      const panels = await page.locator(".drawer-panel:visible").evaluateAll((els) =>
        els.map((e) => e.getBoundingClientRect().toJSON()));
      assert.equal(panels.length, 2, "the logs are not both shown");
      assert.ok(panels[1].left >= panels[0].right && panels[0].top >= m.stage.bottom, "the logs are not side by side below");
    } finally {
      await context.close();
    }
  });
}
