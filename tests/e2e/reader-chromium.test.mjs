// Reader mode's own features in headless Chromium: the interface in the browser's language and
// right-to-left articles. Needs `./build.sh build` first (uses dist/extension-chromium).
import { after, before, beforeEach, afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, isolateNetwork } from './support/chromium.mjs';
import { serveFixtures, EXTENSION } from './support/fixtures.mjs';
import { until, actionState, trigger, clearSettings, hiddenCount, readerView } from './support/extension.mjs';

let server;
before(async () => {
  server = await serveFixtures();
});
after(() => server?.close());

/** A browser with the extension, its interface in `language`, and a fresh tab per test. */
function withBrowser(language) {
  const b = {};
  before(async () => {
    b.browser = await launchChromium({ extension: EXTENSION.chromium, language });
    b.worker = b.browser.worker;
    await isolateNetwork(b.browser.context, server.origin);
  });
  after(() => b.browser?.close());
  beforeEach(async () => {
    await clearSettings(b.worker);
    b.page = await b.browser.context.newPage();
  });
  afterEach(() => b.page.close());
  /** Opens a fixture and waits until the extension has reported on it (the tooltip changed). */
  b.open = async (name) => {
    await b.page.goto(server.url(name));
    const initial = await b.worker.evaluate(() => chrome.runtime.getManifest().action.default_title);
    const first = await b.worker.evaluate(() => chrome.i18n.getMessage('actionTitle'));
    await until(async () => ![initial, first].includes((await actionState(b.worker)).title), { what: `status on ${name}` });
  };
  b.enterReader = async () => {
    await trigger(b.worker, 'action');
    return until(() => readerView(b.browser.context, b.page), { what: 'reader mode' });
  };
  return b;
}

describe('reader mode in German (Chromium, interface language de)', () => {
  const b = withBrowser('de');

  it('the tooltip, the reader controls and the options page are in German', async () => {
    await b.open('mission-example');
    const hidden = await hiddenCount(b.page);
    assert.equal(
      (await actionState(b.worker)).title,
      `Declutter: ${hidden} störende Blöcke ausgeblendet. Klicken für den Lesemodus.`,
    );
    const reader = await b.enterReader();
    assert.match(reader.html, /<div class="bar" role="toolbar" aria-label="Leseeinstellungen" lang="de"/);
    assert.match(reader.html, /aria-label="Größere Schrift"/);
    assert.match(reader.html, /Von Henry Moore/);
    assert.match(reader.html, /\d+ Min\. Lesezeit/);
    // The article keeps its own language; only the controls are the interface's.
    assert.match(reader.html, /<article lang="en-GB">/);
    await reader.detach();
    assert.equal((await actionState(b.worker)).title, 'Declutter: Lesemodus. Klicken oder Esc drücken zum Verlassen.');
    const options = await b.browser.context.newPage();
    await options.goto(`chrome-extension://${b.browser.extensionId}/options.html`);
    assert.equal(await options.title(), 'Declutter-Einstellungen');
    assert.equal(await options.locator('html').getAttribute('lang'), 'de');
    assert.equal(await options.locator('label[for="size"]').textContent(), 'Schriftgröße');
    assert.equal(await options.locator('#theme option[value="dark"]').textContent(), 'Dunkel');
    await options.locator('#site-host').fill('news.example.org');
    await options.getByRole('button', { name: 'Hinzufügen' }).click();
    assert.equal(await options.getByRole('combobox', { name: 'Einstellung für news.example.org' }).inputValue(), 'false');
    await options.close();
  });
});

describe('right-to-left articles (Chromium)', () => {
  const b = withBrowser();

  it('lays out an Arabic article right to left, with its controls mirrored', async () => {
    await b.open('rtl-arabic');
    const reader = await b.enterReader();
    assert.match(reader.html, /<div class="page" tabindex="-1" role="document" dir="rtl"/);
    assert.match(reader.html, /<article lang="ar">/);
    assert.equal((await reader.style('.content p', ['direction']))['direction'], 'rtl');
    assert.equal((await reader.style('.bar', ['direction']))['direction'], 'rtl');
    // Mirrored: the first control (the font) is at the right, Close at the left; the headline
    // starts at the right edge of the text column.
    const font = await reader.box('.bar label');
    const close = await reader.box('.bar .close');
    assert.ok(close.x < font.x, `close (${close.x}) left of the font choice (${font.x})`);
    const h1 = await reader.box('h1');
    const column = await reader.box('article');
    assert.ok(h1.right > column.right - 40 && h1.right <= column.right, `headline ends at the column's right edge`);
    await reader.detach();
  });

  it('keeps a left-to-right article and its controls left to right', async () => {
    await b.open('mission-example');
    const reader = await b.enterReader();
    assert.match(reader.html, /<div class="page" tabindex="-1" role="document" dir="ltr"/);
    const font = await reader.box('.bar label');
    const close = await reader.box('.bar .close');
    assert.ok(close.x > font.x);
    await reader.detach();
  });
});
