// The extension's CPU time on a page that never stops changing: tests/fixtures/live/carousel (a
// top-stories carousel and a markets ticker, each changed every 100 ms, outside the story) in
// headless Chromium with the built extension, over CHURN_SECONDS (default 60) once the page has
// been de-cluttered. The page's renderer is profiled through the DevTools protocol (V8's
// sampling profiler, 100 µs): self time of the page's own script (its URL) against the content
// scripts' (chrome-extension:// URLs: the MutationObserver and any serialisation). The service
// worker's part is each analysis the content script asked for meanwhile, counted as it reaches
// the worker and costed at a warm analysis's round trip (an upper bound of the worker's time).
// CHURN_SETTLE_SECONDS (default 0) waits that long after de-clutter before measuring: the steady
// state, once the content script knows which changes do not matter (at their first turn here,
// outside the story; churn that has to be learnt from the core's answers takes about 2 s).
//   node benches/churn.mjs        (DECLUTTER_EXTENSION=<dir> for another build of the extension)
import { join, resolve } from 'node:path';
import { launchChromium } from '../tests/e2e/support/chromium.mjs';
import { serveFixtures } from '../tests/e2e/support/fixtures.mjs';
import {
  until,
  actionState,
  setSettings,
  recordAnalyses,
  recordedAnalyses,
  recordStatuses,
  recordedStatuses,
} from '../tests/e2e/support/extension.mjs';
import { ROOT, saveResult, fmt } from './corpus.mjs';

const SECONDS = Number(process.env.CHURN_SECONDS ?? 60);
const SETTLE = Number(process.env.CHURN_SETTLE_SECONDS ?? 0);
const EXTENSION = resolve(process.env.DECLUTTER_EXTENSION ?? join(ROOT, 'dist', 'extension-chromium'));

const server = await serveFixtures();
const browser = await launchChromium({ extension: EXTENSION });
const { worker, context } = browser;
try {
  await recordStatuses(worker);
  const page = await context.newPage();
  const url = server.url('live/carousel');
  await page.goto(url);
  await until(async () => /clutter block|nothing to hide/.test((await actionState(worker)).title), { what: 'de-cluttered' });

  await page.waitForTimeout(SETTLE * 1000);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await recordAnalyses(worker);
  const ticks0 = await page.evaluate(() => window.__ticks);
  await cdp.send('Profiler.start');
  await page.waitForTimeout(SECONDS * 1000);
  const { profile } = await cdp.send('Profiler.stop');
  const ticks = (await page.evaluate(() => window.__ticks)) - ticks0;
  const analyses = (await recordedAnalyses(worker)).length;

  // Each sample belongs to the nearest frame with a script URL (native DOM calls count for the
  // script that made them): the page's own, or the content scripts'.
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const owner = (id) => {
    for (let n = byId.get(id); n; n = byId.get(parent.get(n.id))) {
      const u = n.callFrame.url;
      if (u) return u.startsWith(url) ? 'page' : u.startsWith('chrome-extension://') ? 'extension' : 'other';
    }
    return 'none';
  };
  const ms = { page: 0, extension: 0, other: 0, none: 0 };
  profile.samples.forEach((id, i) => (ms[owner(id)] += profile.timeDeltas[i + 1] ?? 0));
  for (const k of Object.keys(ms)) ms[k] /= 1000;
  // One warm analysis, timed: the site switched off and on again makes the content script re-run.
  await recordStatuses(worker);
  await setSettings(worker, { enabled: false });
  await setSettings(worker, { enabled: true });
  const warm = (await until(async () => (await recordedStatuses(worker)).find((m) => m.timing), { what: 'a warm run' })).timing;
  const workerMs = analyses * warm.roundtrip;
  const result = {
    seconds: SECONDS,
    settle_seconds: SETTLE,
    ticks,
    page_script_ms: ms.page,
    content_script_ms: ms.extension,
    analyses,
    worker_ms_upper_bound: workerMs,
    warm_analysis: warm,
    extension_share_of_page_script: (ms.extension + workerMs) / ms.page,
  };
  await saveResult('churn', result);
  console.log(
    `churn over ${SECONDS} s${SETTLE ? ` after ${SETTLE} s` : ''} (${ticks} turns of the carousel): page script ${fmt(ms.page)} ms, ` +
      `content scripts ${fmt(ms.extension)} ms, ${analyses} analyses (worker ≤ ${fmt(workerMs)} ms); ` +
      `extension / page script = ${(100 * result.extension_share_of_page_script).toFixed(2)} %`,
  );
} finally {
  await browser.close();
  await server.close();
}
