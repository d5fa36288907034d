// Reader mode's own features in headless Firefox ESR: the interface in the browser's language and
// right-to-left articles. Needs `./build.sh build` first (uses dist/extension-firefox) and, for
// German, Debian's firefox-esr-l10n-de (.ci/install.sh).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inChromeContext, launchFirefox } from './support/firefox.mjs';
import { serveFixtures, EXTENSION } from './support/fixtures.mjs';

const ADDON_ID = 'declutter@declutter.example';
const WIDGET = 'declutter_declutter_example-browser-action';
const BUTTON = `#${WIDGET} .unified-extensions-item-action-button`;

let server;
before(async () => {
  server = await serveFixtures();
});
after(() => server?.close());

/** A Firefox with the extension and its toolbar button, its interface in `language`. */
function withFirefox(language) {
  const b = {};
  before(async () => {
    const prefs = language ? { 'intl.locale.requested': language } : {};
    b.ff = await launchFirefox({ systemAccess: true, prefs });
    assert.equal(await b.ff.installAddon(EXTENSION.firefox), ADDON_ID);
    await b.inUi(() => b.ff.run((id) => CustomizableUI.addWidgetToArea(id, CustomizableUI.AREA_NAVBAR), WIDGET));
  });
  after(() => b.ff?.close());
  b.inUi = (fn) => inChromeContext(b.ff, fn);
  b.title = () => b.inUi(() => b.ff.run((sel) => document.querySelector(sel).getAttribute('tooltiptext'), BUTTON));
  /** Opens a fixture and waits until the toolbar button's tooltip is no longer the default. */
  b.open = async (name) => {
    await b.ff.goto(server.url(name));
    const initial = await b.inUi(() =>
      b.ff.run((id) => WebExtensionPolicy.getByID(id).extension.localizeMessage('actionTitle'), ADDON_ID),
    );
    for (let i = 0; i < 100 && (await b.title()) === initial; i++) await new Promise((ok) => setTimeout(ok, 100));
  };
  /** Clicks the toolbar button and returns the reader's (closed) shadow root, for `ff.run`. */
  b.enterReader = async () => {
    await b.inUi(() => b.ff.click(BUTTON));
    await b.ff.waitFor(() => Boolean(document.querySelector('declutter-reader')));
    return b.ff.shadowRoot('declutter-reader');
  };
  b.optionsUrl = () => b.inUi(() => b.ff.run((id) => WebExtensionPolicy.getByID(id).getURL('options.html'), ADDON_ID));
  return b;
}

describe('reader mode in German (Firefox, interface language de)', () => {
  const b = withFirefox('de');

  it('the tooltip, the reader controls and the options page are in German', async () => {
    await b.open('mission-example');
    const hidden = await b.ff.run(() => document.querySelectorAll('[style*="none !important"]').length);
    assert.equal(await b.title(), `Declutter: ${hidden} störende Blöcke ausgeblendet. Klicken für den Lesemodus.`);
    const root = await b.enterReader();
    const bar = await b.ff.run((root) => {
      const bar = root.querySelector('.bar');
      return {
        label: bar.getAttribute('aria-label'),
        lang: bar.lang,
        buttons: [...bar.querySelectorAll('button')].map((x) => x.getAttribute('aria-label') ?? x.textContent),
        meta: root.querySelector('.meta').textContent,
        articleLang: root.querySelector('article').lang,
      };
    }, root);
    assert.equal(bar.label, 'Leseeinstellungen');
    assert.equal(bar.lang, 'de');
    assert.ok(bar.buttons.includes('Größere Schrift'), bar.buttons.join(', '));
    assert.match(bar.meta, /^Von Henry Moore.*\d+ Min\. Lesezeit$/);
    assert.equal(bar.articleLang, 'en-GB', 'the article keeps its own language');
    await b.ff.press('Escape');
    await b.ff.goto(await b.optionsUrl());
    const options = await b.ff.run(() => ({
      title: document.title,
      lang: document.documentElement.lang,
      size: document.querySelector('label[for="size"]').textContent,
      dark: document.querySelector('#theme option[value="dark"]').textContent,
    }));
    assert.deepEqual(options, { title: 'Declutter-Einstellungen', lang: 'de', size: 'Schriftgröße', dark: 'Dunkel' });
  });
});

describe('right-to-left articles (Firefox)', () => {
  const b = withFirefox();

  /** Where the bar's font choice and Close button are, and how the headline sits in its column. */
  const layout = (root) => {
    const box = (sel) => root.querySelector(sel).getBoundingClientRect();
    return {
      dir: root.querySelector('.page').dir,
      direction: getComputedStyle(root.querySelector('.content p')).direction,
      font: box('.bar label').left,
      close: box('.bar .close').left,
      h1Right: box('h1').right,
      columnRight: box('article').right,
    };
  };

  it('lays out an Arabic article right to left, with its controls mirrored', async () => {
    await b.open('rtl-arabic');
    const l = await b.ff.run(layout, await b.enterReader());
    assert.equal(l.dir, 'rtl');
    assert.equal(l.direction, 'rtl');
    assert.ok(l.close < l.font, `close (${l.close}) left of the font choice (${l.font})`);
    assert.ok(l.h1Right > l.columnRight - 40 && l.h1Right <= l.columnRight, "headline ends at the column's right edge");
    await b.ff.press('Escape');
  });

  it('keeps a left-to-right article and its controls left to right', async () => {
    await b.open('mission-example');
    const l = await b.ff.run(layout, await b.enterReader());
    assert.equal(l.dir, 'ltr');
    assert.ok(l.close > l.font);
    await b.ff.press('Escape');
  });
});
