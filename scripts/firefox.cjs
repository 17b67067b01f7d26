// Headless Firefox ESR driven through geckodriver (W3C WebDriver over HTTP; playwright's
// Firefox needs its own patched build, which this offline machine cannot download), and a
// screenshot of a page of dist/ once its lab has mounted:
//
//   node scripts/firefox.cjs OUT.png '?lab=raft' [1280x800]     (after `trunk build --release`)
//
// Env: GECKODRIVER (default ~/.cargo/bin/geckodriver, see scripts/setup.sh), DIST (dist/).
"use strict";
const { spawn } = require("child_process");
const fs = require("fs");
const net = require("net");
const os = require("os");
const path = require("path");
const h = require("./e2e/harness.cjs");

const GECKODRIVER = process.env.GECKODRIVER || path.join(os.homedir(), ".cargo", "bin", "geckodriver");

/** A free loopback port. */
function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Starts geckodriver and a headless Firefox session with a `width` x `height` viewport.
 *  Resolves to { cmd(method, path, body), quit() }: `cmd` sends one WebDriver command
 *  to the session and resolves to its `value`. */
async function launchFirefox({ width = 1280, height = 800 } = {}) {
  const port = await freePort();
  const driver = spawn(GECKODRIVER, ["--port", String(port), "--log", "error"], { stdio: "ignore" });
  const base = `http://127.0.0.1:${port}`;
  const call = async (method, url, body) => {
    const res = await fetch(base + url, { method, headers: { "content-type": "application/json" }, body: body && JSON.stringify(body) });
    const json = await res.json();
    if (!res.ok) throw new Error(`${method} ${url}: ${json.value && json.value.message}`);
    return json.value;
  };
  for (let i = 0; ; i++) {
    try { await call("GET", "/status"); break; } catch (e) {
      if (i > 100) { driver.kill(); throw e; }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const session = await call("POST", "/session", {
    capabilities: { alwaysMatch: { browserName: "firefox", "moz:firefoxOptions": { args: ["-headless", `--width=${width}`, `--height=${height}`] } } },
  });
  const cmd = (method, url, body) => call(method, `/session/${session.sessionId}${url}`, body);
  // The window's outer size includes no chrome when headless, but make the viewport exact.
  const inner = await cmd("POST", "/execute/sync", { script: "return [innerWidth, innerHeight]", args: [] });
  await cmd("POST", "/window/rect", { width: 2 * width - inner[0], height: 2 * height - inner[1] });
  const quit = async () => {
    try { await cmd("DELETE", ""); } finally { driver.kill(); }
  };
  return { cmd, quit };
}

/** Loads `url` and waits until a lab has mounted (body[data-first-render-ms]) or the
 *  landing page has loaded, plus two animation frames. */
async function openPage(ff, url) {
  await ff.cmd("POST", "/url", { url });
  await ff.cmd("POST", "/execute/async", {
    script: `const done = arguments[0];
      const t0 = Date.now();
      (function poll() {
        const ready = document.body && (document.body.hasAttribute("data-first-render-ms") || !location.search);
        if (ready || Date.now() - t0 > 20000) requestAnimationFrame(() => requestAnimationFrame(() => done(ready)));
        else setTimeout(poll, 50);
      })();`,
    args: [],
  });
}

async function main() {
  const [out, query = "", size = "1280x800"] = process.argv.slice(2);
  if (!out) { console.error("usage: node scripts/firefox.cjs OUT.png '?query' [WxH]"); process.exit(2); }
  const [width, height] = size.split("x").map(Number);
  const server = await h.serve({ dir: process.env.DIST || undefined });
  const ff = await launchFirefox({ width, height });
  try {
    await openPage(ff, server.url + query);
    const png = await ff.cmd("GET", "/screenshot");
    fs.writeFileSync(out, Buffer.from(png, "base64"));
  } finally {
    await ff.quit();
    await server.close();
  }
}

if (require.main === module) main().catch((e) => { console.error(e.message); process.exit(1); });

module.exports = { launchFirefox, openPage };
