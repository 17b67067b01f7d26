// Time to first render of each lab page (DESIGN.md budget: <= 200 ms on localhost):
// the median of 5 page loads, each in a fresh browser context (empty cache), of the
// milliseconds from navigation start to the lab being mounted, which the app writes
// into body[data-first-render-ms] (web/src/shell/first_render.rs).
//
//   node scripts/first_render.cjs http://127.0.0.1:8093 raft storage
// prints one "lab<TAB>ms" line per lab.
"use strict";
const path = require("path");
const { chromium } = require(path.join(__dirname, "..", ".tools", "node_modules", "playwright-core"));

const RUNS = 5;

async function firstRender(browser, url) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url);
    const body = await page.waitForSelector("body[data-first-render-ms]", { timeout: 15000 });
    return Number(await body.getAttribute("data-first-render-ms"));
  } finally {
    await context.close();
  }
}

(async () => {
  const [base, ...labs] = process.argv.slice(2);
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    for (const lab of labs) {
      const runs = [];
      for (let i = 0; i < RUNS; i++) runs.push(await firstRender(browser, `${base}/?lab=${lab}`));
      runs.sort((a, b) => a - b);
      console.log(`${lab}\t${runs[Math.floor(RUNS / 2)]}`);
    }
  } finally {
    await browser.close();
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
