// The first page after the browser stopped the extension's service worker: in headless Chromium
// with the built extension (dist/extension-chromium, or DECLUTTER_EXTENSION=<dir>), on every
// corpus page the core hides something on, the time from navigation start to the clutter hidden,
// with a warm worker (it has just de-cluttered the same page) and with a cold one (stopped
// through the DevTools protocol, `ServiceWorker.stopAllWorkers`, as the browser stops an idle
// worker; the page's content script wakes it). Pages are served from 127.0.0.1 with their
// scripts taken out and forbidden (saved news pages redirect to their own origin).
// "Hidden" is read in the page itself: a MutationObserver from an init script notes when the
// first element gets the content script's inline `display: none !important`; the content script
// hides every element in one task, so that is when the page changed. Both cases load the same
// page the same way, so page load itself is in both; `after_dcl` is the extension's part alone
// (from DOMContentLoaded, before which the content script does not run).
// To compare builds on a loaded machine, DECLUTTER_EXTENSION may name several folders, comma
// separated: one browser each, side by side, and per page and round the builds take turns (the
// order alternating), so that the machine's load falls on all of them alike.
//   node benches/cold-start.mjs [corpus dir]   (BENCH_REPS rounds per page, default 3)
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serve } from '../tests/support/serve.mjs';
import { launchChromium, isolateNetwork } from '../tests/e2e/support/chromium.mjs';
import { stopServiceWorkers } from '../tests/e2e/support/extension.mjs';
import { ROOT, corpusDir, loadCorpus, median, saveResult, fmt } from './corpus.mjs';

const EXTENSIONS = (process.env.DECLUTTER_EXTENSION ?? join(ROOT, 'dist', 'extension-chromium'))
  .split(',')
  .map((d) => resolve(d));
for (const dir of EXTENSIONS)
  if (!existsSync(join(dir, 'manifest.json'))) throw new Error(`no extension at ${dir}: ./build.sh build`);
const REPS = Math.max(1, Number(process.env.BENCH_REPS ?? 3));
const TIMEOUT_MS = 20000;

const dir = corpusDir(process.argv[2]);
const corpus = await loadCorpus(dir);

// The same module the (first) extension ships, in Node: which pages the core hides something on
// (the others have no moment to time).
const glue = await import(pathToFileURL(join(EXTENSIONS[0], 'declutter.js')).href);
await glue.default({ module_or_path: await readFile(join(EXTENSIONS[0], 'declutter_bg.wasm')) });

const site = await mkdtemp(join(tmpdir(), 'declutter-cold-'));
const { server, url: origin } = await serve(site, 0);
const pages = [];
for (const p of corpus) {
  const html = p.html.replace(/<script\b[\s\S]*?<\/script\s*>/gi, '');
  const address = `${origin}/${encodeURIComponent(p.name)}/`;
  const answer = glue.declutter(html, address, []);
  if (!answer.is_article || !answer.hide.length) continue;
  await mkdir(join(site, p.name));
  await writeFile(join(site, p.name, 'source.html'), html);
  await writeFile(join(site, p.name, 'headers.json'), JSON.stringify({ 'content-security-policy': "script-src 'none'" }));
  pages.push({ name: p.name, bytes: Buffer.byteLength(html), address });
}

/** In the page's world, before anything else: when the first element was hidden in place. */
function watchHiding() {
  new MutationObserver((records, observer) => {
    const hid = records.some(
      (r) => r.target.style?.getPropertyPriority('display') === 'important' && r.target.style.display === 'none',
    );
    if (!hid) return;
    window.__hiddenAt = performance.now();
    observer.disconnect();
  }).observe(document, { attributes: true, attributeFilter: ['style'], subtree: true });
}

/** One browser per build, each with a page that notes when clutter was hidden. */
const builds = [];
for (const extension of EXTENSIONS) {
  const browser = await launchChromium({ extension });
  await isolateNetwork(browser.context, origin);
  const page = await browser.context.newPage();
  await page.addInitScript(watchHiding);
  builds.push({ extension, browser, page, cdp: await browser.context.newCDPSession(page), rows: [], failed: [] });
}

/** Loads `address` in `page` and resolves to { at, after_dcl } (ms from navigation start, and
 * from DOMContentLoaded's end). */
async function load(page, address) {
  await page.goto(address, { waitUntil: 'domcontentloaded', timeout: TIMEOUT_MS });
  const at = await page
    .waitForFunction(() => window.__hiddenAt, null, { timeout: TIMEOUT_MS, polling: 20 })
    .then((h) => h.jsonValue());
  const dcl = await page.evaluate(() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd);
  return { at, after_dcl: at - dcl };
}

/** One round on one build: a warm load (the worker has just analysed this page: warm and tiered
 * up), then the worker stopped and a cold one. */
async function round({ page, cdp }, address) {
  await load(page, address);
  const warm = await load(page, address);
  await stopServiceWorkers(cdp);
  return { warm, cold: await load(page, address) };
}

try {
  // The worker's first start-up and the page cache are no part of either case.
  if (pages.length) for (const b of builds) await load(b.page, pages[0].address);
  let turn = 0;
  for (const p of pages) {
    const runs = new Map(builds.map((b) => [b, []]));
    const errors = new Map();
    for (let i = 0; i < REPS; i++) {
      for (const b of turn++ % 2 ? [...builds].reverse() : builds) {
        if (errors.has(b)) continue;
        await round(b, p.address).then(
          (r) => runs.get(b).push(r),
          (e) => errors.set(b, String(e?.message ?? e).split('\n')[0]),
        );
      }
    }
    for (const b of builds) {
      if (errors.has(b)) {
        b.failed.push({ name: p.name, error: errors.get(b) });
        continue;
      }
      const m = (k, key) => median(runs.get(b).map((r) => r[k][key]));
      b.rows.push({
        name: p.name,
        bytes: p.bytes,
        warm: m('warm', 'at'),
        cold: m('cold', 'at'),
        warm_after_dcl: m('warm', 'after_dcl'),
        cold_after_dcl: m('cold', 'after_dcl'),
        ratio: m('cold', 'at') / m('warm', 'at'),
        ratio_after_dcl: m('cold', 'after_dcl') / m('warm', 'after_dcl'),
      });
    }
    process.stderr.write(errors.size ? 'x' : '.');
  }
  process.stderr.write('\n');
} finally {
  for (const b of builds) await b.browser.close();
  server.close();
  await rm(site, { recursive: true, force: true });
}

const p90 = (values) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil(0.9 * values.length) - 1)];

/** One build's figures: per case median and p90 over pages; per page cold / warm, whose median
 * over pages is the figure the target (≤ 1.5) reads. */
function summary({ extension, rows, failed }) {
  if (!rows.length) throw new Error(`no page could be measured with ${extension}; first error: ${failed[0]?.error}`);
  const stats = (k) => ({ median: median(rows.map((r) => r[k])), p90: p90(rows.map((r) => r[k])) });
  return {
    extension,
    pages: rows.length,
    failed,
    ms: {
      warm: stats('warm'),
      cold: stats('cold'),
      warm_after_dcl: stats('warm_after_dcl'),
      cold_after_dcl: stats('cold_after_dcl'),
    },
    ratio: { from_navigation: stats('ratio'), after_dcl: stats('ratio_after_dcl') },
    per_page: rows,
  };
}

const results = builds.map(summary);
const common = { corpus: dir, pages_in_corpus: corpus.length, reps: REPS };
// One build: its figures at the top level, as before; several: one entry each.
const file = await saveResult('cold-start', results.length === 1 ? { ...common, ...results[0] } : { ...common, builds: results });
console.log(
  `cold start in headless Chromium: pages (of ${corpus.length}) where the core hides something, median of ${REPS} runs per page${results.length > 1 ? `, ${results.length} builds taking turns` : ''}`,
);
for (const result of results) {
  console.log(`${result.extension}: ${result.pages} pages`);
  for (const [k, label] of [
    ['', 'navigation start → clutter hidden'],
    ['_after_dcl', 'DOMContentLoaded → clutter hidden'],
  ]) {
    const w = result.ms[`warm${k}`];
    const c = result.ms[`cold${k}`];
    const r = result.ratio[k ? 'after_dcl' : 'from_navigation'];
    console.log(
      `  ${label}: warm median ${fmt(w.median)} ms, p90 ${fmt(w.p90)}; cold (worker stopped) median ${fmt(c.median)} ms, p90 ${fmt(c.p90)}; cold/warm per page median ${fmt(r.median)}, p90 ${fmt(r.p90)}`,
    );
  }
  if (result.failed.length) console.log(`  failed: ${result.failed.map((f) => `${f.name} (${f.error})`).join(', ')}`);
}
console.log(`  -> ${file}`);
