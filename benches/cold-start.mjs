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
//   node benches/cold-start.mjs [corpus dir]   (BENCH_REPS rounds per page, default 3)
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serve } from '../tests/support/serve.mjs';
import { launchChromium, isolateNetwork } from '../tests/e2e/support/chromium.mjs';
import { stopServiceWorkers } from '../tests/e2e/support/extension.mjs';
import { ROOT, corpusDir, loadCorpus, eachPage, median, saveResult, fmt } from './corpus.mjs';

const EXTENSION = resolve(process.env.DECLUTTER_EXTENSION ?? join(ROOT, 'dist', 'extension-chromium'));
if (!existsSync(join(EXTENSION, 'manifest.json'))) throw new Error(`no extension at ${EXTENSION}: ./build.sh build`);
const REPS = Math.max(1, Number(process.env.BENCH_REPS ?? 3));
const TIMEOUT_MS = 20000;

const dir = corpusDir(process.argv[2]);
const corpus = await loadCorpus(dir);

// The same module the extension ships, in Node: which pages the core hides something on (the
// others have no moment to time).
const glue = await import(pathToFileURL(join(EXTENSION, 'declutter.js')).href);
await glue.default({ module_or_path: await readFile(join(EXTENSION, 'declutter_bg.wasm')) });

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

const browser = await launchChromium({ extension: EXTENSION });
const { context } = browser;
await isolateNetwork(context, origin);
const page = await context.newPage();
await page.addInitScript(watchHiding);
const cdp = await context.newCDPSession(page);

/** Loads `address` and resolves to { at, after_dcl } (ms from navigation start, and from
 * DOMContentLoaded's end). */
async function load(address) {
  await page.goto(address, { waitUntil: 'domcontentloaded', timeout: TIMEOUT_MS });
  const at = await page
    .waitForFunction(() => window.__hiddenAt, null, { timeout: TIMEOUT_MS, polling: 20 })
    .then((h) => h.jsonValue());
  const dcl = await page.evaluate(() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd);
  return { at, after_dcl: at - dcl };
}

let rows;
let failed;
try {
  // The worker's first start-up and the page cache are no part of either case.
  if (pages.length) await load(pages[0].address);
  ({ rows, failed } = await eachPage(pages, async (p) => {
    const warm = [];
    const cold = [];
    for (let i = 0; i < REPS; i++) {
      await load(p.address); // the worker has just analysed this page: warm and tiered up
      warm.push(await load(p.address));
      await stopServiceWorkers(cdp);
      cold.push(await load(p.address));
    }
    const m = (xs, k) => median(xs.map((x) => x[k]));
    return {
      name: p.name,
      bytes: p.bytes,
      warm: m(warm, 'at'),
      cold: m(cold, 'at'),
      warm_after_dcl: m(warm, 'after_dcl'),
      cold_after_dcl: m(cold, 'after_dcl'),
      ratio: m(cold, 'at') / m(warm, 'at'),
      ratio_after_dcl: m(cold, 'after_dcl') / m(warm, 'after_dcl'),
    };
  }));
} finally {
  await browser.close();
  server.close();
  await rm(site, { recursive: true, force: true });
}
if (!rows.length) throw new Error(`no page could be measured; first error: ${failed[0]?.error}`);

const p90 = (values) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil(0.9 * values.length) - 1)];
const stats = (k) => ({ median: median(rows.map((r) => r[k])), p90: p90(rows.map((r) => r[k])) });
const result = {
  corpus: dir,
  extension: EXTENSION,
  pages: rows.length,
  pages_in_corpus: corpus.length,
  reps: REPS,
  failed,
  ms: {
    warm: stats('warm'),
    cold: stats('cold'),
    warm_after_dcl: stats('warm_after_dcl'),
    cold_after_dcl: stats('cold_after_dcl'),
  },
  // Per page cold / warm; the median over pages is the figure the target (≤ 1.5) reads.
  ratio: { from_navigation: stats('ratio'), after_dcl: stats('ratio_after_dcl') },
  per_page: rows,
};
const file = await saveResult('cold-start', result);
console.log(
  `cold start in headless Chromium: ${rows.length} pages (of ${corpus.length}) where the core hides something, median of ${REPS} runs per page`,
);
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
if (failed.length) console.log(`  failed: ${failed.map((f) => `${f.name} (${f.error})`).join(', ')}`);
console.log(`  -> ${file}`);
