// Sub-path hosting and the landing page: dist/ served under /ddia-lab/ (as on a course site
// or GitHub Pages), where anything requested from / is a 404. Every lab must mount there,
// the landing page must render without downloading any lab, and its links must open labs.
//
//   trunk build --release && node --test scripts/e2e/hosting.test.cjs
"use strict";
const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const h = require("./harness.cjs");

const PREFIX = "/ddia-lab/";
/** A selector only each lab's own picture has. */
const LAB_PICTURE = { raft: "svg .nodes", storage: ".storage-stage", partition: ".partition-stage", stream: ".topology" };

let server;
let browser;
before(async () => {
  server = await h.serve({ prefix: PREFIX });
  browser = await h.launch();
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.close();
});

/** Opens `query` under the prefix, runs `check(page)`, then demands a clean console. */
async function visit(query, check) {
  const { context, page, problems } = await h.open(browser, server.url + query);
  try {
    await check(page);
    assert.deepEqual(problems, [], `problems on ${PREFIX}${query}`);
  } finally {
    await context.close();
  }
}

/** Waits for `lab` to mount and checks that its picture, not the landing page, is shown. */
async function labMounted(page, lab) {
  await h.mounted(page);
  await page.waitForSelector(LAB_PICTURE[lab], { timeout: 10000 });
  assert.equal(await page.$("#landing"), null, "the landing page is gone on a lab's page");
  const media = await page.$$eval("link[data-lab-css]", (ls) => ls.map((l) => l.media));
  assert.deepEqual([...new Set(media)], ["all"], "the labs' stylesheets are on");
}

/** The paths of every resource the page has fetched so far. */
function fetched(page) {
  return page.evaluate(() => performance.getEntriesByType("resource").map((r) => new URL(r.name).pathname));
}

for (const lab of Object.keys(LAB_PICTURE)) {
  test(`the ${lab} lab mounts under ${PREFIX}`, () =>
    visit(`?lab=${lab}`, async (page) => {
      await labMounted(page, lab);
      for (const path of await fetched(page)) {
        assert.ok(path.startsWith(PREFIX), `${path} was requested outside ${PREFIX}`);
      }
    }));
}

test("an old link with scenario keys but no lab= still opens the Raft lab", () =>
  visit("?seed=3&n=5", (page) => labMounted(page, "raft")));

test("the landing page renders a card per lab and downloads no lab", () =>
  visit("", async (page) => {
    await h.mounted(page); // the landing page stamps its first paint
    assert.ok(await page.isVisible("#landing"));
    const cards = await page.$$eval(".lab-card", (cs) => cs.map((c) => c.id).sort());
    assert.deepEqual(cards, Object.keys(LAB_PICTURE).map((lab) => `lab-${lab}`).sort());
    await page.waitForLoadState("load");
    const labCode = (await fetched(page)).filter((p) => /\.wasm$|\/(raft|storage|partition|stream)\.js$/.test(p));
    assert.deepEqual(labCode, [], "the landing page fetched lab code");
    assert.equal(await page.$(".app"), null, "no lab mounted on the landing page");
    // The labs' stylesheets don't block the landing page, so its pictures must not need them:
    // the ring's arcs have their node colours and the names beside marks read on the card.
    const look = await page.evaluate(() => ({
      media: [...document.querySelectorAll("link[data-lab-css]")].map((l) => l.media),
      arc: getComputedStyle(document.querySelector("#lab-partition svg path")).stroke,
      names: [...document.querySelectorAll(".pic-name-out text")].map((t) => getComputedStyle(t).fill),
      card: getComputedStyle(document.querySelector("#lab-partition .lab-card-picture")).backgroundColor,
    }));
    assert.deepEqual([...new Set(look.media)], ["not all"], "lab stylesheets are off on the landing page");
    assert.match(look.arc, /^rgb\(\d+, \d+, \d+\)$/, `a node colour, not ${look.arc}`);
    assert.ok(look.names.length >= 7, "the ring's and the stream's names");
    for (const fill of look.names) assert.notEqual(fill, look.card, "a name drawn in the card's colour");
    assert.ok(!look.names.includes("rgb(255, 255, 255)"), "white names on a light card");
  }));

test("the landing page's links open the lab and a book scenario under the sub-path", () =>
  visit("", async (page) => {
    await page.click("#lab-storage .lab-card-open");
    await page.waitForURL(/lab=storage/);
    await labMounted(page, "storage");
    assert.equal(new URL(page.url()).pathname, PREFIX);
    await page.goBack();
    await page.click('#lab-raft a[href$="scn=split-vote"]');
    await page.waitForURL(/scn=split-vote/);
    await labMounted(page, "raft");
    assert.equal(new URL(page.url()).searchParams.get("scn"), "split-vote");
  }));
