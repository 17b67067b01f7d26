// Time to first render of each page (DESIGN.md budgets, localhost: a lab <= 200 ms, the
// landing page <= 100 ms): the median of 5 page loads, each in a fresh browser context
// (empty cache), of the milliseconds from navigation start to the stamp in
// body[data-first-render-ms]: a lab writes it once mounted (web/src/shell/first_render.rs),
// the landing page at its first contentful paint (static/loader.js).
//
//   node scripts/first_render.cjs http://127.0.0.1:8093 landing raft storage
// prints one "page<TAB>ms" line per page: `landing` is the site without a query, any
// other name the lab `?lab=<name>`.
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
  const [base, ...pages] = process.argv.slice(2);
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    for (const name of pages) {
      const url = name === "landing" ? `${base}/` : `${base}/?lab=${name}`;
      const runs = [];
      for (let i = 0; i < RUNS; i++) runs.push(await firstRender(browser, url));
      runs.sort((a, b) => a - b);
      console.log(`${name}\t${runs[Math.floor(RUNS / 2)]}`);
    }
  } finally {
    await browser.close();
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
