// Shared set-up for the www/ demo tests: serve dist/www, start headless Chromium, open the demo,
// and ask the core directly (in Node) what it decides, to compare with what the page shows.
import { chromium } from 'playwright-core';
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve } from '../../support/serve.mjs';
import { CHROMIUM, CHROMIUM_FLAGS } from '../support/chromium.mjs';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const WWW = `${ROOT}dist/www`;

/** Serves dist/www and starts Chromium; every request any page makes is recorded in `requests`. */
export async function start() {
  if (!existsSync(`${WWW}/index.html`)) throw new Error('dist/www is missing: run ./build.sh build first');
  const server = await serve(WWW);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  return {
    url: server.url,
    context,
    requests,
    async stop() {
      await browser.close();
      await new Promise((ok) => server.server.close(ok));
    },
  };
}

/** Opens the demo and waits until the mission example (the first sample) is shown. */
export async function openDemo(env) {
  const page = await env.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${env.url}/`);
  await page.waitForSelector('body[data-shown="mission-example.html"]');
  return { page, errors };
}

/** Picks a sample in the select (unless it is shown already) and waits until it is shown. */
export async function showSample(page, file) {
  if ((await page.getAttribute('body', 'data-shown')) === file) return;
  await page.selectOption('#sample', file);
  await page.waitForSelector(`body[data-shown="${file}"]`);
}

let core;
/** The core's analysis of a sample, computed in Node from the same wasm the demo loads. */
export async function analyzeSample(file, pageUrl) {
  if (!core) {
    core = await import(`${WWW}/pkg/declutter.js`);
    await core.default({ module_or_path: readFileSync(`${WWW}/pkg/declutter_bg.wasm`) });
  }
  return core.analyze_page(readFileSync(`${WWW}/samples/${file}`, 'utf8'), pageUrl);
}

/** Counts per label, as an object. */
export function countLabels(labels) {
  const counts = {};
  for (const l of labels) counts[l] = (counts[l] ?? 0) + 1;
  return counts;
}
