// Learned site rules before first paint, in headless Chromium with the real extension
// (dist/extension-chromium): on the three story pages of one site (tests/fixtures/live/site, whose
// newsletter box and most-read list the core hides), visited in order in a fresh profile, how
// much of the known clutter (what the core hides once it has run) was already hidden
//   - in the first frame that showed the box (a requestAnimationFrame asked for when the parser
//     inserted it, from an init script in the page's world), and
//   - at DOMContentLoaded (before the content script's analysis, which runs at document_idle),
// and what the document_start script costs the page's main thread (its own clock: the
// synchronous part plus the callback that builds and adopts the sheet; script compilation is not
// included). Two network cases: the site's parser-blocking head script served after 300 ms (as a
// news site's head scripts arrive), and at once (a page with nothing that blocks the parser).
//   node benches/first-paint.mjs [rounds]     (default 5; writes target/bench/first-paint.json)
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchChromium, isolateNetwork } from '../tests/e2e/support/chromium.mjs';
import { serveFixtures } from '../tests/e2e/support/fixtures.mjs';
import { ROOT, median, saveResult, fmt } from './corpus.mjs';

const EXTENSION = resolve(process.env.DECLUTTER_EXTENSION ?? join(ROOT, 'dist', 'extension-chromium'));
if (!existsSync(join(EXTENSION, 'manifest.json'))) throw new Error(`no extension at ${EXTENSION}: ./build.sh build`);
const ROUNDS = Number(process.argv[2] ?? 5);
const PAGES = ['live/site/harbour-ferry', 'live/site/bridge-works', 'live/site/market-hall'];
const CLUTTER = { newsletter: '.newsletter-signup', mostRead: '.most-read' };

/** In the page's world, before its scripts: each clutter box's state in the first frame after
 * the parser inserted it, and at DOMContentLoaded. */
function observe(clutter) {
  const state = (el) => (el.checkVisibility() ? 'shown' : el.style.display === 'none' ? 'inline' : 'sheet');
  const frame = {};
  const dcl = {};
  window.__firstPaint = { frame, dcl };
  const look = () => {
    for (const [name, sel] of Object.entries(clutter)) {
      if (name in frame) continue;
      const el = document.querySelector(sel);
      if (!el) continue;
      frame[name] = 'pending';
      requestAnimationFrame(() => (frame[name] = state(el)));
    }
  };
  new MutationObserver(look).observe(document, { childList: true, subtree: true });
  document.addEventListener('DOMContentLoaded', () => {
    for (const [name, sel] of Object.entries(clutter))
      dcl[name] = document.querySelector(sel) ? state(document.querySelector(sel)) : null;
  });
}

const server = await serveFixtures();
const results = { slow: [], fast: [] };
for (const network of ['slow', 'fast']) {
  for (let round = 0; round < ROUNDS; round++) {
    const browser = await launchChromium({ extension: EXTENSION });
    const { context, worker } = browser;
    await isolateNetwork(context, server.origin);
    if (network === 'fast') {
      await context.route('**/site.js*', (r) => r.continue({ url: r.request().url().replace('delay=300', 'delay=0') }));
    }
    await worker.evaluate(() => {
      globalThis.__statuses = [];
      chrome.runtime.onMessage.addListener((msg) => {
        if (msg?.type === 'status' && msg.timing?.early) globalThis.__statuses.push(msg.timing.early);
        return false;
      });
    });
    const page = await context.newPage();
    await page.addInitScript(observe, CLUTTER);
    for (const [i, name] of PAGES.entries()) {
      await worker.evaluate(() => (globalThis.__statuses.length = 0));
      await page.goto(server.url(name));
      const early = await waitFor(() => worker.evaluate(() => globalThis.__statuses[0]));
      const seen = await page.evaluate(() => window.__firstPaint);
      // Known clutter: what is hidden once the extension is done.
      const known = await page.evaluate(
        (c) => Object.keys(c).filter((k) => !document.querySelector(c[k]).checkVisibility()),
        CLUTTER,
      );
      results[network].push({
        page: i + 1,
        known: known.length,
        frame: known.filter((k) => seen.frame[k] === 'sheet').length,
        frameInline: known.filter((k) => seen.frame[k] === 'inline').length,
        dcl: known.filter((k) => seen.dcl[k] === 'sheet').length,
        cost: early.cost,
        applied: early.applied - early.start,
        rules: early.rules,
      });
      // Let the background store what it learnt (batched) before the next page.
      await new Promise((ok) => setTimeout(ok, 600));
    }
    await browser.close();
  }
}
await server.close();

async function waitFor(fn) {
  for (let i = 0; i < 200; i++) {
    const v = await fn();
    if (v) return v;
    await new Promise((ok) => setTimeout(ok, 50));
  }
  throw new Error('no status from the content script');
}

const summary = {};
console.log(
  'network  page  known clutter  hidden at first frame (by site rules / by the analysis)  hidden at DOMContentLoaded  early script ms (median, max)  sheet in after ms (median)',
);
for (const [network, rows] of Object.entries(results)) {
  for (const n of [1, 2, 3]) {
    const r = rows.filter((x) => x.page === n);
    const sum = (k) => r.reduce((a, x) => a + x[k], 0);
    const line = {
      known: sum('known'),
      frame: sum('frame'),
      frameInline: sum('frameInline'),
      dcl: sum('dcl'),
      costMedian: median(r.map((x) => x.cost)),
      costMax: Math.max(...r.map((x) => x.cost)),
      appliedMedian: median(r.map((x) => x.applied)),
      rules: median(r.map((x) => x.rules)),
    };
    summary[`${network}/${n}`] = line;
    console.log(
      `${network.padEnd(8)} ${n}     ${line.known}             ${line.frame}/${line.known} / ${line.frameInline}/${line.known}                                        ${line.dcl}/${line.known}                        ${fmt(line.costMedian)}, ${fmt(line.costMax)}                          ${fmt(line.appliedMedian)}`,
    );
  }
}
await saveResult('first-paint', { rounds: ROUNDS, summary, results });
