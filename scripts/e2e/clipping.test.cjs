// Nothing the learner needs is cut off or covered (issue 14): every text of the storage
// stage's pictures lies inside its own drawing (none starts left of its panel), the
// B-tree's WAL strip and a race lane's title stay in view when a wide tree scrolls
// sideways, and the page's notice leaves the header and the status line in view.
//
//   trunk build --release && node --test scripts/e2e/clipping.test.cjs
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("path");
const h = require("./harness.cjs");

const DIST = process.env.DIST || path.join(h.ROOT, "dist");
const SIZES = [
  { width: 1280, height: 800 },
  { width: 800, height: 580 },
  { width: 390, height: 844, hasTouch: true },
];
/** Pages whose pictures once drew text out of bounds. */
const PAGES = [
  "?lab=storage&act=w2000",
  "?lab=storage&engine=btree&act=w300,x3,p42=hello,p42=hello",
  "?lab=storage&scn=race&t=3000",
  "?lab=storage&engine=hash&act=w300",
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

/** Every SVG text of the stage whose box leaves its drawing's view box, described. */
function textsOutside(page) {
  return page.evaluate(() => {
    const out = [];
    for (const svg of document.querySelectorAll(".storage-stage svg")) {
      const vb = svg.viewBox.baseVal;
      if (!vb || vb.width === 0) continue;
      for (const t of svg.querySelectorAll("text")) {
        if (!t.textContent.trim()) continue;
        const b = t.getBBox();
        if (b.width === 0) continue;
        if (b.x < vb.x - 0.5 || b.x + b.width > vb.x + vb.width + 0.5) {
          out.push(`"${t.textContent.trim().slice(0, 40)}" x ${b.x.toFixed(1)}..${(b.x + b.width).toFixed(1)} outside ${vb.x}..${vb.x + vb.width}`);
        }
      }
    }
    return out;
  });
}

/** HTML labels of a lane (`sel`) that are not wholly inside the lane's visible box. */
function labelsOutOfView(page, sel) {
  return page.evaluate((sel) => {
    const out = [];
    for (const lane of document.querySelectorAll(".storage-stage .lane")) {
      const l = lane.getBoundingClientRect();
      for (const el of lane.querySelectorAll(sel)) {
        for (const child of el.children.length ? el.children : [el]) {
          const r = child.getBoundingClientRect();
          if (r.width === 0) continue;
          if (r.left < l.left - 0.5 || r.right > l.right + 0.5) {
            out.push(`${child.className || el.className}: ${r.left.toFixed(0)}..${r.right.toFixed(0)} outside ${l.left.toFixed(0)}..${l.right.toFixed(0)}`);
          }
        }
      }
    }
    return out;
  }, sel);
}

for (const query of PAGES) {
  for (const size of SIZES) {
    test(`${query} at ${size.width}x${size.height}: no text is cut off`, async () => {
      const { context, page } = await h.open(browser, server.url + query, size);
      try {
        await h.mounted(page);
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        assert.deepEqual(await textsOutside(page), [], "texts outside their drawing");
        assert.deepEqual(await labelsOutOfView(page, ".wal-strip, .lane-title, .lane-note"), [],
          "labels scrolled out of the lane");
      } finally {
        await context.close();
      }
    });
  }
}

test("a notice leaves the header and the status line in view", async () => {
  const { context, page } = await h.open(browser, server.url + "?lab=raft&hb=400&t=600000", SIZES[0]);
  try {
    await h.mounted(page);
    const boxes = await page.evaluate(() => {
      const r = (s) => document.querySelector(s)?.getBoundingClientRect().toJSON();
      return { notice: r(".notice"), status: r(".status"), topbar: r(".topbar") };
    });
    assert.ok(boxes.notice, "the heartbeat notice is shown");
    for (const what of ["status", "topbar"]) {
      const b = boxes[what];
      const apart = boxes.notice.top >= b.bottom || boxes.notice.bottom <= b.top
        || boxes.notice.left >= b.right || boxes.notice.right <= b.left;
      assert.ok(apart, `the notice ${JSON.stringify(boxes.notice)} covers the ${what} ${JSON.stringify(b)}`);
    }
  } finally {
    await context.close();
  }
});
