// Animation frame time of the Raft lab under load (DESIGN.md budget: median frame
// <= 16.7 ms, i.e. 60 fps, headless Chromium without GPU). The heaviest run the lab
// allows: 9 servers, heartbeats every 10 ms, links of 200-300 ms (election timeouts of
// 1-2 s, so a leader holds), opened at 4 s of simulated time when a leader is sending,
// then played at 1x: hundreds of messages fly at once. After 1 s of warm-up, the page's own requestAnimationFrame
// intervals are recorded for 3 s of wall time, with the "N in flight" count of the
// status line at each frame.
//
//   node scripts/frame_time.cjs http://127.0.0.1:8093 ['?other query' ['css selector']]
// clicks the selector's element first if one is given (e.g. the Space-time switch, to
// measure with the space-time diagram drawn every frame), and prints "query<TAB>median ms<TAB>p95 ms<TAB>frames<TAB>median in flight<TAB>max in flight<TAB>main-thread CPU ms per frame<TAB>raster CPU ms per frame<TAB>frames that missed their vsync".
// The last two come from a Chromium trace of the same seconds (thread CPU time, `tdur`):
// on a loaded machine frame intervals grow with the load, CPU time per frame much less.
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const { chromium } = require(path.join(__dirname, "..", ".tools", "node_modules", "playwright-core"));

const QUERY = process.argv[3] || "?lab=raft&n=9&hb=10&el=1000-2000&lat=200-300&speed=1&t=4000000";

// Thread CPU time (ms) per animation frame of the page's main thread and of its raster
// workers, from a trace's complete events.
function cpuPerFrame(trace) {
  const events = trace.traceEvents || trace;
  const names = new Map();
  for (const e of events) {
    if (e.ph === "M" && e.name === "thread_name") names.set(`${e.pid}:${e.tid}`, e.args.name);
  }
  let main = 0, raster = 0, frames = 0;
  for (const e of events) {
    if (e.ph !== "X") continue;
    const thread = names.get(`${e.pid}:${e.tid}`) || "";
    const t = (e.tdur ?? e.dur ?? 0) / 1000;
    if (thread === "CrRendererMain" && e.name === "RunTask") main += t;
    if (thread === "CrRendererMain" && e.name === "FireAnimationFrame") frames += 1;
    if (e.name === "RasterTask") raster += t;
  }
  const per = (x) => (frames ? x / frames : 0).toFixed(1);
  return { main: per(main), raster: per(raster) };
}

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

(async () => {
  const [base] = process.argv.slice(2);
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${base}/${QUERY}`);
    // A late `t` replays the whole run first (10 minutes: about a million events).
    await page.waitForSelector("body[data-first-render-ms]", { timeout: 120000 });
    const click = process.argv[4];
    if (click) await page.click(click);
    // A link with `t` opens paused at that moment: play it (space; the page's shortcut
    // wherever focus is, except a text field).
    await page.keyboard.press(" ");
    const tracePath = path.join(os.tmpdir(), `frame-trace-${process.pid}.json`);
    await browser.startTracing(page, { path: tracePath, categories: ["devtools.timeline", "disabled-by-default-devtools.timeline"] });
    const r = await page.evaluate(() => new Promise((done) => {
      const gaps = [];
      const flying = [];
      const inFlight = () => {
        for (const s of document.querySelectorAll(".stat")) {
          const m = /^(\d+) in flight$/.exec(s.textContent.trim());
          if (m) return Number(m[1]);
        }
        return 0;
      };
      const start = performance.now();
      let last = null;
      const tick = (t) => {
        if (t - start > 1000) {
          if (last !== null) gaps.push(t - last);
          flying.push(inFlight());
          last = t;
        }
        if (t - start < 4000) requestAnimationFrame(tick);
        else done({ gaps, flying });
      };
      requestAnimationFrame(tick);
    }));
    await browser.stopTracing();
    const cpu = cpuPerFrame(JSON.parse(fs.readFileSync(tracePath, "utf8")));
    fs.unlinkSync(tracePath);
    const gaps = r.gaps.sort((a, b) => a - b);
    const flying = r.flying.sort((a, b) => a - b);
    // A frame that missed its vsync: an interval of two refreshes or more (33 ms at 60 Hz;
    // one refresh varies by a few tenths of a millisecond of timer jitter).
    const missed = gaps.filter((g) => g > 25).length;
    console.log([QUERY, quantile(gaps, 0.5).toFixed(1), quantile(gaps, 0.95).toFixed(1),
      gaps.length, quantile(flying, 0.5), flying[flying.length - 1], cpu.main, cpu.raster, missed].join("\t"));
  } finally {
    await browser.close();
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
