// Shared pieces of the browser end-to-end tests (node's test runner + playwright-core
// driving Debian's Chromium): a static server for dist/ that can mount it under a
// sub-path and on any loopback port (two ports = two origins, for cross-origin iframes),
// a browser launcher with the flags this closed network needs, and a page wrapper that
// records console errors and failed requests so a test can demand a clean console.
//
//   const h = require("./harness.cjs");
//   const server = await h.serve({ prefix: "/ddia-lab/" });   // http://127.0.0.1:<port>/ddia-lab/
//   const browser = await h.launch();
//   const { page, problems } = await h.open(browser, server.url + "?lab=raft", { width: 800, height: 580 });
//
// Run all: node --test scripts/e2e/*.test.cjs   (after `trunk build --release`)
"use strict";
const fs = require("fs");
const http = require("http");
const path = require("path");

const ROOT = path.join(__dirname, "..", "..");
const { chromium } = require(path.join(ROOT, ".tools", "node_modules", "playwright-core"));

const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".cjs": "text/javascript",
  ".mjs": "text/javascript", ".css": "text/css", ".wasm": "application/wasm",
  ".png": "image/png", ".svg": "image/svg+xml", ".ico": "image/x-icon", ".json": "application/json",
};

/** Serves `dir` (default dist/) at `prefix` (default "/") on 127.0.0.1 and a free port.
 *  Anything outside the prefix is a 404, as on a host that serves the app under a sub-path.
 *  Resolves to { url, origin, close() }; `url` ends with the prefix. */
function serve({ dir = path.join(ROOT, "dist"), prefix = "/", host = "127.0.0.1" } = {}) {
  dir = path.resolve(dir);
  if (!fs.existsSync(path.join(dir, "index.html"))) {
    throw new Error(`${dir}/index.html is missing: run 'trunk build --release' first`);
  }
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    let rel = decodeURIComponent(url.pathname);
    if (!rel.startsWith(prefix)) { res.writeHead(404).end("outside the app's path"); return; }
    rel = rel.slice(prefix.length);
    const file = path.join(dir, rel === "" || rel.endsWith("/") ? rel + "index.html" : rel);
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end("not found"); return;
    }
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream" });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, host, () => {
    const origin = `http://${host}:${server.address().port}`;
    resolve({ url: origin + prefix, origin, close: () => new Promise((r) => server.close(r)) });
  }));
}

/** Headless Debian Chromium with the flags this machine's closed network needs. */
function launch() {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** Opens `url` in a fresh context of the given viewport (`hasTouch` for phones).
 *  `problems` collects console errors, uncaught exceptions and failed or 4xx/5xx
 *  requests, each as a line of text. */
async function open(browser, url, { width = 1280, height = 800, hasTouch = false, reducedMotion } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, hasTouch, isMobile: hasTouch, reducedMotion });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`exception: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`failed: ${r.url()} ${r.failure() && r.failure().errorText}`));
  page.on("response", (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  await page.goto(url);
  return { context, page, problems };
}

/** Waits until a lab has mounted (the app stamps body[data-first-render-ms]). */
function mounted(page, timeout = 20000) {
  return page.waitForSelector("body[data-first-render-ms]", { timeout });
}

/** How the page sits in its viewport: the layout width (a phone lays the page out wider
 *  than its screen, and zooms out, when some content cannot shrink), how far it scrolls
 *  sideways, and whether the Play button is in the first screen. */
function fits(page) {
  return page.evaluate(() => {
    const r = document.querySelector("[data-action=play]").getBoundingClientRect();
    return {
      width: innerWidth,
      sideways: document.documentElement.scrollWidth - innerWidth,
      playInView: r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth,
    };
  });
}

/** A fresh browser and a server of dist/ for a test file's `before`, closed by `after`. */
function lifecycle(before, after) {
  const env = {};
  before(async () => {
    env.server = await serve();
    env.browser = await launch();
  });
  after(async () => {
    if (env.browser) await env.browser.close();
    if (env.server) await env.server.close();
  });
  return env;
}


const AXE = process.env.AXE_CORE || path.join(ROOT, ".tools", "node_modules", "axe-core", "axe.min.js");

/** Runs axe-core (npm, installed by scripts/setup.sh; AXE_CORE=... picks another copy)
 *  on the page; resolves to its violations as readable lines. */
async function violations(page) {
  await page.addScriptTag({ content: fs.readFileSync(AXE, "utf8") });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary.split("\n").slice(1).join(" ")}`),
    }));
  });
  return result.map((v) => `${v.id} (${v.help}):\n    ${v.nodes.slice(0, 4).join("\n    ")}`);
}

// Page coordinates of the middle of the first segment of the first path matching
// `selector` (a space-time diagram's lines are a few paths, one segment per message).
function lineMiddle(page, selector) {
  return page.$$eval(selector, (ps) => {
    for (const p of ps) {
      const svg = p.ownerSVGElement;
      // The space-time diagram's lines scroll under a clip (shell/spacetime.rs): a line
      // sent before the window is partly hidden; take a segment whose middle shows.
      const box = (p.closest(".st-clip") || svg).getBoundingClientRect();
      for (const m of p.getAttribute("d").matchAll(/M([\d.-]+) ([\d.-]+)L([\d.-]+) ([\d.-]+)/g)) {
        const pt = svg.createSVGPoint();
        pt.x = (Number(m[1]) + Number(m[3])) / 2;
        pt.y = (Number(m[2]) + Number(m[4])) / 2;
        const c = pt.matrixTransform(svg.getScreenCTM());
        if (c.x > box.left + 2 && c.x < box.right - 2) return { x: c.x, y: c.y };
      }
    }
    throw new Error(`no line of ${ps.length} (${selector}) shows its middle`);
  });
}

module.exports = { ROOT, serve, launch, open, mounted, fits, lifecycle, violations, lineMiddle };
