// In headless Chromium, on every corpus page served from 127.0.0.1: the time from "toggle" to a
// de-cluttered page and to the reader view through the extension's code path, against Mozilla
// Readability.js (`new Readability(document.cloneNode(true)).parse()`) on the same page in the
// same run. Reader mode is timed twice per run:
//   reader       on the de-cluttered page (the default): the content script opens it from the
//                article its last de-clutter analysis kept, or asks the core again if the page
//                changed since (each toggle's `source` is recorded: 'kept' or 'core');
//   reader_cold  with the site switched off: nothing kept, the page is serialised and the core
//                asked, as for any page the extension has not analysed.
//   node benches/browser.mjs [corpus dir]
//
// With a built extension (dist/extension-chromium, or DECLUTTER_EXTENSION=<dir>) the real extension is
// loaded unpacked and its real handlers are fired from the service worker: de-clutter by turning
// the site off and on in storage.sync (the content script re-runs), reader mode by
// `chrome.action.onClicked.dispatch(tab)`. The clock runs in the service worker, from the trigger
// to the content script's status message, which it sends once the page is changed. The status
// carries the content script's own timing (its clock, from the event reaching it to the page
// changed, split into serialise / round trip to the worker / wasm export / core / apply or
// render), so the rest of the total is the browser's part: the storage.sync write and its change
// event, the action click's message to the tab, and the status message back.
// Without one, the same path is rebuilt in a harness page that shows the corpus page in an iframe:
// outerHTML -> postMessage to a Worker running the same wasm -> hide the named elements / build
// the reader in a closed shadow root (from the last de-clutter answer's article for `reader`).
// The Worker outlives the pages, as the service worker does, so its wasm stays warm (compiled and
// tiered up) from page to page.
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, symlink, mkdir, copyFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { serve } from '../tests/support/serve.mjs';
import { CHROMIUM, CHROMIUM_FLAGS } from '../tests/e2e/support/chromium.mjs';
import { ROOT, REPS, corpusDir, loadCorpus, eachPage, median, saveResult, fmt } from './corpus.mjs';

const READABILITY = join(ROOT, 'node_modules', '@mozilla', 'readability', 'Readability.js');
const EXTENSION = resolve(process.env.DECLUTTER_EXTENSION ?? join(ROOT, 'dist', 'extension-chromium'));
const useExtension = existsSync(join(EXTENSION, 'manifest.json'));
const TIMEOUT_MS = 30000;
// storage.sync allows 120 writes a minute; each de-clutter run through the extension takes two
// (site off, site on). Fewer runs per page there by default, and writes are paced.
const REPS_HERE = useExtension ? Number(process.env.BENCH_REPS ?? 2) : REPS;
const SYNC_WRITES_PER_MINUTE = 110;
const syncWrites = [];
async function paceSyncWrite() {
  for (;;) {
    const now = Date.now();
    while (syncWrites.length && syncWrites[0] < now - 60000) syncWrites.shift();
    if (syncWrites.length < SYNC_WRITES_PER_MINUTE) break;
    await new Promise((ok) => setTimeout(ok, syncWrites[0] + 60000 - now + 10));
  }
  syncWrites.push(Date.now());
}
// Scripts run in the page as they would in a tab, but it may not navigate the harness away
// (some corpus pages bust out of frames).
const HARNESS =
  '<!DOCTYPE html><title>bench</title><iframe id="page" sandbox="allow-scripts allow-same-origin" style="width:1280px;height:900px;border:0"></iframe>';

const dir = corpusDir(process.argv[2]);
const pages = await loadCorpus(dir);

// One origin serves the pages, the wasm package and the stand-in worker.
const site = await mkdtemp(join(tmpdir(), 'declutter-bench-site-'));
await symlink(dir, join(site, 'pages'));
await symlink(join(ROOT, 'dist', 'pkg'), join(site, 'pkg'));
await mkdir(join(site, 'bench'));
await copyFile(join(ROOT, 'benches', 'browser-worker.js'), join(site, 'bench', 'worker.js'));
await writeFile(join(site, 'bench', 'harness.html'), HARNESS);
if (!useExtension && !existsSync(join(site, 'pkg', 'declutter_bg.wasm'))) {
  throw new Error('dist/pkg is missing: run ./build.sh build first');
}
const { server, url: origin } = await serve(site, 0);

const profile = await mkdtemp(join(tmpdir(), 'declutter-bench-profile-'));
const args = [...CHROMIUM_FLAGS];
if (useExtension) args.push(`--disable-extensions-except=${EXTENSION}`, `--load-extension=${EXTENSION}`);
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  args,
  viewport: { width: 1280, height: 900 },
});
// Nothing leaves 127.0.0.1: the corpus pages name remote images and scripts.
await context.route(
  (u) => u.origin !== origin && u.protocol.startsWith('http'),
  (route) => route.abort('blockedbyclient'),
);
const worker = useExtension ? (context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'))) : null;
const page = context.pages()[0] ?? (await context.newPage());
async function openHarness() {
  await page.goto(`${origin}/bench/harness.html`);
  await page.addScriptTag({ path: READABILITY });
  await page.evaluate(installReadabilityTimer);
  await page.evaluate(installStandIn);
}
if (!useExtension) await openHarness();

/** Runs in the harness page: the extension's content-script path, applied to the corpus page in
 * the iframe, against a Worker that lives as long as the harness (as the service worker does). */
function installStandIn() {
  const frame = document.getElementById('page');
  const doc = () => frame.contentDocument;
  const worker = new Worker('/bench/worker.js', { type: 'module' });
  const pending = new Map();
  let next = 0;
  worker.onmessage = ({ data }) => {
    pending.get(data.id)?.(data);
    pending.delete(data.id);
  };
  /** Serialises the page and asks the worker; also returns where the time went. */
  const ask = (type) =>
    new Promise((ok) => {
      const id = next++;
      const t0 = performance.now();
      const dt = doc().doctype;
      const html = (dt ? `<!DOCTYPE ${dt.name}>` : '') + doc().documentElement.outerHTML;
      const t1 = performance.now();
      pending.set(id, (answer) =>
        ok({
          ...answer,
          parts: { serialize: t1 - t0, roundtrip: performance.now() - t1, worker: answer.workerMs, core: answer.result?.core_ms },
        }),
      );
      worker.postMessage({ id, type, html, url: frame.contentWindow.location.href });
    });
  /** The article of the last de-clutter answer, as the content script keeps it. */
  let kept = null;
  const render = (article) => {
    const host = doc().createElement('declutter-reader');
    const shadow = host.attachShadow({ mode: 'closed' });
    const h1 = doc().createElement('h1');
    h1.textContent = article.title || doc().title;
    const content = doc().createElement('div');
    // As the content script does: parsed in an inert document, moved in as nodes.
    const parsed = new DOMParser().parseFromString(article.content, 'text/html');
    content.append(...doc().adoptNode(parsed.body).childNodes);
    shadow.append(h1, content);
    doc().documentElement.append(host);
    return host;
  };
  const resolveEl = (elements, index, selector) => {
    const byIndex = elements[index];
    try {
      if (byIndex && (!selector || byIndex.matches(selector))) return byIndex;
      return selector ? doc().querySelector(selector) : null;
    } catch {
      return null;
    }
  };
  window.__declutterBench = {
    open: (url) =>
      new Promise((ok, fail) => {
        kept = null;
        frame.onload = ok;
        frame.onerror = fail;
        frame.src = url;
      }),
    readability: () => window.__readabilityTimed(doc()),
    async declutter() {
      const t0 = performance.now();
      const elements = Array.from(doc().getElementsByTagName('*'));
      const answer = await ask('declutter');
      if (!answer.ok) return { error: answer.error };
      kept = answer.result;
      const applying = performance.now();
      const hidden = new Map();
      if (answer.result.is_article) {
        const { hide, selectors = [] } = answer.result;
        hide.forEach((index, i) => {
          const el = resolveEl(elements, index, selectors[i]);
          if (!el || hidden.has(el) || el === doc().documentElement || el === doc().body) return;
          hidden.set(el, el.getAttribute('style'));
          el.style.setProperty('display', 'none', 'important');
        });
      }
      const done = performance.now();
      for (const [el, style] of hidden) style === null ? el.removeAttribute('style') : el.setAttribute('style', style);
      return {
        ms: done - t0,
        state: answer.result.is_article ? 'decluttered' : 'no-article',
        parts: { ...answer.parts, apply: done - applying },
      };
    },
    async reader(cold) {
      const t0 = performance.now();
      let result = kept;
      let parts = { source: 'kept' };
      if (cold || !kept) {
        const answer = await ask('reader');
        if (!answer.ok) return { error: answer.error };
        result = answer.result;
        parts = { source: 'core', ...answer.parts };
      }
      const { is_article, article } = result;
      if (!is_article || !article?.content) return { ms: performance.now() - t0, state: 'no-article', parts };
      const rendering = performance.now();
      const host = render(article);
      const done = performance.now();
      host.remove();
      return { ms: done - t0, state: 'reader', parts: { ...parts, render: done - rendering } };
    },
  };
}

/** Runs in the service worker: fires a real handler and times it up to the status message;
 * returns that time, the state reached and the content script's own timing. */
async function extensionStep([step, host, timeoutMs]) {
  const api = globalThis.chrome;
  const waitStatus = (pred) =>
    new Promise((ok, fail) => {
      const timer = setTimeout(() => {
        api.runtime.onMessage.removeListener(listen);
        fail(new Error(`no status after ${step}`));
      }, timeoutMs);
      function listen(msg) {
        if (msg?.type === 'status' && pred(msg)) {
          clearTimeout(timer);
          api.runtime.onMessage.removeListener(listen);
          ok({ t: performance.now(), state: msg.state, timing: msg.timing });
        }
        return false;
      }
      api.runtime.onMessage.addListener(listen);
    });
  const [tab] = await api.tabs.query({ active: true, lastFocusedWindow: true });
  if (step === 'ready') {
    // The content script reports once its first run on the loaded page has finished.
    const initial = api.runtime.getManifest().action.default_title;
    const end = performance.now() + timeoutMs;
    while ((await api.action.getTitle({ tabId: tab.id })) === initial) {
      if (performance.now() > end) throw new Error('the content script never reported');
      await new Promise((ok) => setTimeout(ok, 20));
    }
    return {};
  }
  if (step === 'off') {
    const done = waitStatus((m) => m.state === 'off');
    await api.storage.sync.set({ sites: { [host]: false } });
    return done;
  }
  if (step === 'declutter') {
    const done = waitStatus((m) => m.state !== 'off');
    const t0 = performance.now();
    await api.storage.sync.set({ sites: { [host]: true } });
    const { t, state, timing } = await done;
    return { ms: t - t0, state, timing };
  }
  if (step === 'reset') {
    // A page that failed may have left the site switched off, and writing the same value again
    // raises no change event: the next page starts from the default (on).
    const { sites = {} } = await api.storage.sync.get('sites');
    if (sites[host] === false) await api.storage.sync.set({ sites: {} });
    return {};
  }
  if (step === 'reader') {
    // A toggle's outcome carries its timing (or is an error); a status that merely repeats
    // the page's state is not its answer.
    const done = waitStatus((m) => Boolean(m.timing) || m.state === 'error');
    const t0 = performance.now();
    api.action.onClicked.dispatch(tab);
    const { t, state, timing } = await done;
    if (state === 'reader') {
      const left = waitStatus((m) => m.state !== 'reader');
      api.action.onClicked.dispatch(tab);
      await left;
    }
    return { ms: t - t0, state, timing };
  }
  throw new Error(`unknown step ${step}`);
}

/** Where the time of one extension step went: the content script's parts (its clock), and
 * `browser`, the rest of the total (storage.sync write and change event, or the action click's
 * message to the tab; the status message back). */
function extensionParts({ ms, timing }) {
  if (!timing) return {};
  const { total, ...parts } = timing;
  return { ...parts, content_script: total, browser: ms - total };
}

const readabilityRun = () => page.evaluate(() => window.__readabilityTimed(document));

/** Runs in the page: Readability.js as Firefox runs it (`ms`, the figure the target compares
 * with), then its article shown the way our reader is (a closed shadow root, focused), so
 * `shown_ms` compares like with like: ours includes showing the reader, the target's figure
 * does not. The shown copy is removed at once. */
function installReadabilityTimer() {
  window.__readabilityTimed = (doc) => {
    const t0 = performance.now();
    const article = new window.Readability(doc.cloneNode(true)).parse();
    const parsed = performance.now();
    if (!article?.content) return { ms: parsed - t0, shown_ms: parsed - t0, state: 'none' };
    const host = doc.createElement('readability-view');
    const shadow = host.attachShadow({ mode: 'closed' });
    const view = doc.createElement('div');
    view.tabIndex = -1;
    const h1 = doc.createElement('h1');
    h1.textContent = article.title;
    const content = doc.createElement('div');
    content.innerHTML = article.content;
    view.append(h1, content);
    shadow.append(view);
    doc.documentElement.append(host);
    view.focus({ preventScroll: true });
    const shown = performance.now();
    host.remove();
    return { ms: parsed - t0, shown_ms: shown - t0, state: 'article' };
  };
}

async function measure(name) {
  const host = new URL(origin).hostname;
  const pageUrl = `${origin}/pages/${encodeURIComponent(name)}/source.html`;
  let ours;
  if (useExtension) {
    await paceSyncWrite();
    await worker.evaluate(extensionStep, ['reset', host, TIMEOUT_MS]);
    await page.goto(pageUrl, { waitUntil: 'load', timeout: TIMEOUT_MS });
    await page.addScriptTag({ path: READABILITY });
    await page.evaluate(installReadabilityTimer);
    await worker.evaluate(extensionStep, ['ready', host, TIMEOUT_MS]);
    ours = {
      // Readability runs on the untouched page: the site is switched off first.
      readability: async () => {
        await paceSyncWrite();
        await worker.evaluate(extensionStep, ['off', host, TIMEOUT_MS]);
        return readabilityRun();
      },
      // Still off: nothing analysed, nothing kept.
      reader_cold: () => worker.evaluate(extensionStep, ['reader', host, TIMEOUT_MS]),
      declutter: async () => {
        await paceSyncWrite();
        return worker.evaluate(extensionStep, ['declutter', host, TIMEOUT_MS]);
      },
      // Right after de-clutter, as a user toggles on a page the extension has de-cluttered.
      reader: () => worker.evaluate(extensionStep, ['reader', host, TIMEOUT_MS]),
    };
    for (const [k, run] of Object.entries(ours)) {
      ours[k] = async () => {
        const r = await run();
        return { ...r, parts: extensionParts(r) };
      };
    }
  } else {
    // A page that broke the harness (it failed) must not fail the pages after it.
    if (!(await page.evaluate(() => Boolean(window.__declutterBench)).catch(() => false))) await openHarness();
    await page.evaluate((u) => window.__declutterBench.open(u), pageUrl);
    ours = {
      readability: () => page.evaluate(() => window.__declutterBench.readability()),
      reader_cold: () => page.evaluate(() => window.__declutterBench.reader(true)),
      declutter: () => page.evaluate(() => window.__declutterBench.declutter()),
      reader: () => page.evaluate(() => window.__declutterBench.reader(false)),
    };
  }
  const times = Object.fromEntries(Object.keys(ours).map((k) => [k, []]));
  const parts = {};
  const states = {};
  /** Per path, how many timed toggles opened from the kept article and how many asked the core. */
  const sources = {};
  for (let i = 0; i <= REPS_HERE; i++) {
    for (const [k, run] of Object.entries(ours)) {
      const r = await run();
      if (r.error) throw new Error(`${k}: ${r.error}`);
      states[k] = r.state;
      if (i === 0) continue; // the warm-up (wasm start-up, JIT)
      times[k].push(r.ms);
      if (Number.isFinite(r.shown_ms)) (times.readability_shown ??= []).push(r.shown_ms);
      const { source, ...numbers } = r.parts ?? {};
      if (source) (sources[k] ??= {})[source] = (sources[k][source] ?? 0) + 1;
      for (const [part, ms] of Object.entries(numbers)) if (Number.isFinite(ms)) ((parts[k] ??= {})[part] ??= []).push(ms);
    }
  }
  const split = Object.fromEntries(
    Object.entries(parts).map(([k, p]) => [k, Object.fromEntries(Object.entries(p).map(([n, v]) => [n, median(v)]))]),
  );
  return { ...Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)])), states, sources, parts: split };
}

let rows;
let failed;
try {
  ({ rows, failed } = await eachPage(pages, async (p) => {
    const m = await measure(p.name);
    return {
      name: p.name,
      bytes: p.bytes,
      ...m,
      reader_over_readability: m.reader / m.readability,
      reader_over_readability_shown: m.reader / m.readability_shown,
      reader_cold_over_readability: m.reader_cold / m.readability,
      reader_content_script_over_readability: m.parts.reader?.content_script / m.readability,
      declutter_over_readability: m.declutter / m.readability,
    };
  }));
} finally {
  await context.close();
  server.close();
  await rm(profile, { recursive: true, force: true });
  await rm(site, { recursive: true, force: true });
}

if (rows.length === 0) {
  console.error(`no page could be measured; first error: ${failed[0]?.error}`);
  process.exit(1);
}
const both = rows.filter((r) => r.states.reader === 'reader' && r.states.readability === 'article');
const bothCold = rows.filter((r) => r.states.reader_cold === 'reader' && r.states.readability === 'article');
const PATHS = ['declutter', 'reader', 'reader_cold'];
const sum = (k, source) => rows.reduce((n, r) => n + (r.sources?.[k]?.[source] ?? 0), 0);
const result = {
  corpus: dir,
  mode: useExtension ? `extension (${relative(ROOT, EXTENSION) || '.'})` : 'stand-in (page -> Worker with the same wasm)',
  chromium: execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(),
  pages: rows.length,
  failed,
  reps: REPS_HERE,
  // reader: on the de-cluttered page (the default path); reader_cold: site switched off.
  median_ms: Object.fromEntries(['readability', 'readability_shown', ...PATHS].map((k) => [k, median(rows.map((r) => r[k]))])),
  // Per page, ours / Readability's time; the median over pages. "both" counts only pages where
  // both produced an article.
  median_ratio_reader_over_readability: median(rows.map((r) => r.reader_over_readability)),
  median_ratio_reader_over_readability_both_found: both.length ? median(both.map((r) => r.reader_over_readability)) : null,
  // Context, not the target: ours against Readability's parse plus showing its article the same way.
  median_ratio_reader_over_readability_shown: median(rows.map((r) => r.reader_over_readability_shown)),
  pages_both_found: both.length,
  median_ratio_reader_cold_over_readability: median(rows.map((r) => r.reader_cold_over_readability)),
  median_ratio_reader_cold_over_readability_both_found: bothCold.length
    ? median(bothCold.map((r) => r.reader_cold_over_readability))
    : null,
  pages_both_found_cold: bothCold.length,
  median_ratio_declutter_over_readability: median(rows.map((r) => r.declutter_over_readability)),
  // The content script's own part of the default reader toggle (extension only): what is left
  // once the browser's messaging is taken out.
  median_ratio_reader_content_script_over_readability: useExtension
    ? median(rows.map((r) => r.reader_content_script_over_readability))
    : null,
  // Timed reader toggles on the de-cluttered page: opened from the kept article, or the page had
  // changed since the analysis and the core was asked again.
  reader_sources: { kept: sum('reader', 'kept'), core: sum('reader', 'core') },
  // Where the time goes, median ms per page of each part (see extensionParts; the stand-in has
  // no browser part). The parts of one path need not add up to its median total.
  parts: Object.fromEntries(
    PATHS.map((k) => {
      const withParts = rows.filter((r) => r.parts?.[k]);
      if (!withParts.length) return [k, null];
      const names = [...new Set(withParts.flatMap((r) => Object.keys(r.parts[k])))];
      return [k, Object.fromEntries(names.map((n) => [n, median(withParts.map((r) => r.parts[k][n]).filter(Number.isFinite))]))];
    }),
  ),
  per_page: rows,
};
const file = await saveResult('browser', result);
const ratio = (k) => fmt(result[`median_ratio_${k}_over_readability`]);
console.log(`in headless Chromium, ${result.mode}: ${rows.length} pages, median of ${REPS_HERE} runs per page`);
console.log(
  `  Readability.js parse() median ${fmt(result.median_ms.readability)} ms/page; parse + shown like our reader ${fmt(result.median_ms.readability_shown)} ms/page (reader ratio to it ${ratio('reader')} -> ${fmt(result.median_ratio_reader_over_readability_shown)})`,
);
console.log(
  `  de-clutter (toggle -> hidden)                     median ${fmt(result.median_ms.declutter)} ms/page, ours/Readability ${ratio('declutter')}`,
);
console.log(
  `  reader on the de-cluttered page (toggle -> view)  median ${fmt(result.median_ms.reader)} ms/page, ours/Readability ${ratio('reader')} (kept article ${result.reader_sources.kept}, core asked ${result.reader_sources.core} of the toggles)`,
);
console.log(
  `  reader cold, site off (toggle -> view)            median ${fmt(result.median_ms.reader_cold)} ms/page, ours/Readability ${ratio('reader_cold')}`,
);
if (useExtension)
  console.log(`  reader on the de-cluttered page, content script's own part: ours/Readability ${ratio('reader_content_script')}`);
for (const [k, p] of Object.entries(result.parts)) {
  if (p)
    console.log(
      `  ${k} time split (median ms per page): ${Object.entries(p)
        .map(([n, v]) => `${n} ${fmt(v)}`)
        .join(', ')}`,
    );
}
if (failed.length) console.log(`  failed: ${failed.map((f) => `${f.name} (${f.error})`).join(', ')}`);
console.log(`  -> ${file}`);
