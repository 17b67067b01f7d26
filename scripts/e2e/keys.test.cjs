// Keyboard and motion in every lab (DESIGN.md "Every lab": space play/pause, `.` one step
// and `,` one step back whatever has focus except text fields; prefers-reduced-motion
// starts paused), with
// real key presses in Chromium (synthetic events in wasm tests do not reach the browser's
// default actions, such as a focused button's click on space).
//   trunk build --release && node --test scripts/e2e/keys.test.cjs
"use strict";
const { test, before, after } = require("node:test");
const assert = require("node:assert");
const h = require("./harness.cjs");

let server, browser;
// DIST=/tmp/other-dist runs the same test against another build (e.g. the old code).
before(async () => { server = await h.serve({ dir: process.env.DIST || undefined }); browser = await h.launch(); });
after(async () => { await browser.close(); await server.close(); });

const playing = (page) => page.getAttribute("[data-action=play]", "aria-pressed");
// Links that open paused (a position to show, or recorded actions); the reduced-motion
// test opens the same lab without them, where it would otherwise play at once.
const LABS = [
  { query: "?lab=raft&seed=3&t=500000", free: "?lab=raft&seed=3" },
  { query: "?lab=storage&act=w5", free: "?lab=storage" },
  { query: "?lab=partition&scn=mod-vs-ring", free: "?lab=partition" },
  { query: "?lab=stream&scn=crash-alo", free: "?lab=stream" },
];

// What the lab's stage and status show (the picture and its numbers, not the controls).
const shown = (page) => page.evaluate(() => document.querySelector("main").innerText);

for (const lab of LABS) {
  test(`${lab.query}: space and . work after clicking a button, not in a text field`, async () => {
    const { context, page } = await h.open(browser, server.url + lab.query);
    try {
      await h.mounted(page);
      assert.strictEqual(await playing(page), "false", "a link with a position opens paused");
      await page.click("[data-action=reset]");
      await page.keyboard.press(" ");
      assert.strictEqual(await playing(page), "true", "space after clicking Reset plays");
      await page.keyboard.press(" ");
      assert.strictEqual(await playing(page), "false", "space again pauses");
      const url = page.url();
      const before = await page.evaluate(() => document.body.innerText);
      await page.keyboard.press(".");
      await page.waitForTimeout(200);
      assert.notStrictEqual(await page.evaluate(() => document.body.innerText), before, "`.` steps");
      assert.ok(!/act=[^&]*q\d=2/.test(url), "space never clicked a focused button");
      await page.focus("input[type=number]");
      await page.keyboard.press(" ");
      assert.strictEqual(await playing(page), "false", "space in the seed field types, it does not play");
    } finally {
      await context.close();
    }
  });

  test(`${lab.query}: , goes one step back, and . forward again shows the same`, async () => {
    const { context, page } = await h.open(browser, server.url + lab.query);
    try {
      await h.mounted(page);
      await page.click("[data-action=reset]");
      for (const key of [".", ".", "."]) {
        await page.keyboard.press(key);
        await page.waitForTimeout(150);
      }
      const ahead = await shown(page);
      await page.keyboard.press(",");
      await page.waitForTimeout(300);
      const back = await shown(page);
      assert.notStrictEqual(back, ahead, "`,` changes what is shown");
      assert.strictEqual(await playing(page), "false", "`,` leaves the run paused");
      await page.keyboard.press(".");
      await page.waitForTimeout(300);
      assert.strictEqual(await shown(page), ahead, "`.` after `,` shows the same moment again");
    } finally {
      await context.close();
    }
  });

  test(`${lab.free}: prefers-reduced-motion starts paused`, async () => {
    const { context, page } = await h.open(browser, server.url + lab.free, { reducedMotion: "reduce" });
    try {
      await h.mounted(page);
      await page.waitForTimeout(500);
      assert.strictEqual(await playing(page), "false");
    } finally {
      await context.close();
    }
  });
}

// `?` lists the shortcuts in a dialog every lab gets from the shell (brief s14, item 5):
// real key presses, whatever button has the focus; Esc closes it and the focus goes back;
// while it is open Space does not play; axe-core finds nothing wrong with it open; the
// header's Keys button opens it for mouse and touch users, at 1280x800 and on a phone.
const dialogOpen = (page) => page.evaluate(() => [...document.querySelectorAll("dialog.keys-dialog")].some((d) => d.open));

for (const lab of LABS) {
  test(`${lab.query}: ? lists the keys, Esc closes the list and gives the focus back`, async () => {
    const { context, page } = await h.open(browser, server.url + lab.query);
    try {
      await h.mounted(page);
      await page.click("[data-action=reset]");
      assert.strictEqual(await dialogOpen(page), false, "closed at first");
      await page.keyboard.press("?");
      assert.strictEqual(await dialogOpen(page), true, "? opens the list");
      const text = await page.locator("dialog.keys-dialog").innerText();
      for (const key of ["Space", ".", ",", "?"]) assert.ok(text.includes(key), `lists ${key}: ${text}`);
      assert.deepStrictEqual(await h.violations(page), [], "axe-core, with the dialog open");
      await page.keyboard.press(" ");
      assert.strictEqual(await playing(page), "false", "Space in the dialog does not play the lab");
      await page.keyboard.press("Escape");
      assert.strictEqual(await dialogOpen(page), false, "Esc closes it");
      assert.strictEqual(await page.evaluate(() => document.activeElement.getAttribute("data-action")), "reset", "the focus is back on Reset");
      await page.keyboard.press(" ");
      assert.strictEqual(await playing(page), "true", "Space plays again once it is closed");
    } finally {
      await context.close();
    }
  });
}

for (const size of [{ width: 1280, height: 800 }, { width: 390, height: 844, hasTouch: true }]) {
  test(`${size.width}x${size.height}: the Keys button is visible, opens the list, Close closes it`, async () => {
    const { context, page } = await h.open(browser, server.url + "?lab=raft&seed=3&t=500000", size);
    try {
      await h.mounted(page);
      const button = page.locator(".topbar .keys-button");
      assert.ok(await button.isVisible(), "the Keys button is in the header");
      const box = await button.boundingBox();
      assert.ok(box.x >= 0 && box.x + box.width <= size.width, `inside the header: ${JSON.stringify(box)}`);
      await button.click();
      assert.strictEqual(await dialogOpen(page), true, "the button opens the list");
      await page.click("dialog.keys-dialog .keys-close");
      assert.strictEqual(await dialogOpen(page), false, "Close closes it");
    } finally {
      await context.close();
    }
  });
}
