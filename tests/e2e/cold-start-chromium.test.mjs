// The first page after the browser stopped the extension's service worker (issue 15, item 5), in
// headless Chromium: the worker is stopped through the DevTools protocol, as the browser stops an
// idle one. Speed is the benchmark's (benches/cold-start.mjs); these check that a cold start
// still de-clutters, and that the worker starts and warms the core up while the page loads.
// Needs `./build.sh build` first (uses dist/extension-chromium).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, isolateNetwork } from './support/chromium.mjs';
import { serveFixtures, fixtureSource, EXTENSION } from './support/fixtures.mjs';
import { until, hiddenCount, stopServiceWorkers } from './support/extension.mjs';

const STORY = 'newsletter-and-app-promo';
/** How long the page's parser-blocking head script takes to arrive. */
const SCRIPT_DELAY_MS = 3000;

let server;
let browser;
let page;
let cdp;
/** The extension's options page: talks to the background without the stopped worker's handle. */
let extensionPage;
/** The extension's worker's running status as the DevTools protocol last reported it. */
let status = null;

before(async () => {
  server = await serveFixtures();
  browser = await launchChromium({ extension: EXTENSION.chromium });
  await isolateNetwork(browser.context, server.origin);
  extensionPage = await browser.context.newPage();
  await extensionPage.goto(`chrome-extension://${browser.extensionId}/options.html`);
  page = await browser.context.newPage();
  cdp = await browser.context.newCDPSession(page);
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    const ours = versions.find((v) => v.scriptURL.startsWith(`chrome-extension://${browser.extensionId}/`));
    if (ours) status = ours.runningStatus;
  });
  await cdp.send('ServiceWorker.enable');
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const isHidden = (selector) =>
  page
    .locator(selector)
    .first()
    .evaluate((el) => !el.checkVisibility());

describe('cold start: the service worker stopped by the browser (Chromium)', () => {
  it('de-clutters the next page after the worker was stopped, as a warm worker does', async () => {
    await page.goto(server.url(STORY));
    await until(async () => (await hiddenCount(page)) > 0, { what: 'de-clutter with a warm worker' });
    const warm = await hiddenCount(page);

    await stopServiceWorkers(cdp);
    assert.equal(status, 'stopped');
    await page.goto(server.url(STORY));
    await until(async () => (await hiddenCount(page)) === warm, { what: 'the same de-clutter after a cold start' });
    assert.ok(await isHidden('#newsletter-promo-1'), 'the newsletter box is hidden');
    assert.ok(!(await isHidden('#article-body > p')), "the story's first paragraph is shown");
  });

  it('starts the stopped worker at document_start and warms the core up before the page asks', async () => {
    // The story, with a head script that holds the parser (and the content script's analysis,
    // which waits for the page to load) for SCRIPT_DELAY_MS.
    const source = (await fixtureSource(STORY)).replace('<head>', '<head><script src="/slow-head.js"></script>');
    const url = `${server.origin}/cold-start/story/`;
    await page.route(url, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: source }));
    await page.route(`${server.origin}/slow-head.js`, async (route) => {
      await new Promise((ok) => setTimeout(ok, SCRIPT_DELAY_MS));
      await route.fulfill({ contentType: 'text/javascript', body: '' });
    });

    await stopServiceWorkers(cdp);
    const loading = page.goto(url);
    // Without the wake-up at document_start, the worker stays stopped until the page has loaded.
    await until(() => status === 'running', { timeout: SCRIPT_DELAY_MS - 1000, what: 'the worker running' });
    assert.equal(await page.evaluate(() => document.readyState), 'loading', 'the worker started while the page was loading');

    // The answer to the wake-up message says whether the core warmed up at this start.
    const answer = await extensionPage.evaluate(() => chrome.runtime.sendMessage({ type: 'wake' }));
    assert.equal(answer.ready, true);
    assert.ok(answer.warm_up_ms > 0, `the core warmed up at start-up (${JSON.stringify(answer)})`);

    await loading;
    await until(async () => (await hiddenCount(page)) > 0, { what: 'de-clutter after the page loaded' });
    assert.ok(await isHidden('#newsletter-promo-1'));
  });
});
