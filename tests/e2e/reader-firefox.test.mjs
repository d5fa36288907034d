// Reader mode's own features in headless Firefox ESR: the interface in the browser's language,
// right-to-left articles, saving and printing, reading aloud, legible type, focus, history and
// labels for screen readers, reduced motion. Needs `./build.sh build` first (uses dist/extension-firefox) and, for
// German, Debian's firefox-esr-l10n-de (.ci/install.sh).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inChromeContext, launchFirefox } from './support/firefox.mjs';
import { serveFixtures, fixtureExpected, EXTENSION } from './support/fixtures.mjs';
import { pdfPageCount } from './support/pdf.mjs';
import { firefoxVoices } from './support/speech.mjs';

const ADDON_ID = 'declutter@declutter.example';
const WIDGET = 'declutter_declutter_example-browser-action';
const BUTTON = `#${WIDGET} .unified-extensions-item-action-button`;

let server;
before(async () => {
  server = await serveFixtures();
});
after(() => server?.close());

/** A Firefox with the extension and its toolbar button, its interface in `language`, with `prefs`;
 * downloads go to `b.downloads` without asking. */
function withFirefox(language, extraPrefs = {}) {
  const b = {};
  before(async () => {
    b.downloads = await mkdtemp(join(tmpdir(), 'declutter-downloads-'));
    const prefs = {
      'browser.download.dir': b.downloads,
      'browser.download.folderList': 2,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
      ...(language ? { 'intl.locale.requested': language } : {}),
      ...extraPrefs,
    };
    b.ff = await launchFirefox({ systemAccess: true, prefs });
    assert.equal(await b.ff.installAddon(EXTENSION.firefox), ADDON_ID);
    await b.inUi(() => b.ff.run((id) => CustomizableUI.addWidgetToArea(id, CustomizableUI.AREA_NAVBAR), WIDGET));
  });
  after(async () => {
    await b.ff?.close();
    await rm(b.downloads, { recursive: true, force: true });
  });
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

describe('save and print (Firefox)', () => {
  const b = withFirefox();

  /** Clicks the reader's button `selector` as a user does and returns the file downloaded. */
  async function saveWith(root, selector) {
    const before = new Set(await readdir(b.downloads));
    await b.ff.run((root, sel) => root.querySelector(sel).click(), root, selector);
    // Firefox creates the file empty, writes a .part beside it and moves that over it when done.
    let name;
    for (let i = 0; i < 100 && !name; i++) {
      await new Promise((ok) => setTimeout(ok, 100));
      const files = await readdir(b.downloads);
      const done = !files.some((n) => n.endsWith('.part'));
      const found = files.find((n) => !before.has(n) && !n.endsWith('.part'));
      if (done && found && (await stat(join(b.downloads, found))).size > 0) name = found;
    }
    assert.ok(name, `a file was downloaded for ${selector}`);
    return { name, text: await readFile(join(b.downloads, name), 'utf8') };
  }

  it('saves the article as standalone HTML and as Markdown', async () => {
    await b.open('mission-example');
    const root = await b.enterReader();
    const html = await saveWith(root, '.save-html');
    const md = await saveWith(root, '.save-markdown');
    await b.ff.press('Escape');
    const expected = await fixtureExpected('mission-example');
    assert.ok(html.name.endsWith('.html') && md.name.endsWith('.md'));
    assert.match(html.text, /^<!doctype html>\n<html lang="en-GB" dir="ltr"><head><meta charset="utf-8">/);
    assert.ok(html.text.includes(`<h1>${expected.title}</h1>`));
    assert.match(html.text, /<a href="https:\/\/images\.capitaltalk\.co\.uk\/[^"]+">\[Image: [^\]]+\]<\/a>/);
    assert.doesNotMatch(html.text, /<img|\ssrc=|<script|<iframe|\son\w+=/i, 'nothing that loads or runs');
    assert.ok(md.text.startsWith(`# ${expected.title}\n\n*By Henry Moore · 6 December 2024 · `), md.text.slice(0, 200));
    for (const { text } of [html, md]) {
      const plain = text.replace(/<[^>]*>|[*_\\]/g, '');
      for (const sentence of expected.article_contains.slice(0, 3)) {
        assert.ok(plain.includes(sentence.replace(/[*_]/g, '')), sentence.slice(0, 40));
      }
    }
  });

  it('a saved page of hostile markup holds no script, event handler or javascript: link', async () => {
    await b.open('xss-vectors');
    const root = await b.enterReader();
    const saved = [await saveWith(root, '.save-html'), await saveWith(root, '.save-markdown')];
    await b.ff.press('Escape');
    for (const { text } of saved) {
      assert.ok(text.includes('Fake parcel-delivery texts'));
      assert.doesNotMatch(text, /<script|<iframe|<object|<embed|<svg|\son\w+\s*=|javascript:|__pwned/i);
    }
  });

  it('prints the article alone: the page and the reader controls are left out, the text flows over pages', async () => {
    await b.open('mission-example');
    const root = await b.enterReader();
    const medium = (m) => b.inUi(() => b.ff.run((m) => (gBrowser.selectedBrowser.browsingContext.mediumOverride = m), m));
    await medium('print');
    try {
      const styles = await b.ff.run((root) => {
        const css = (node) => getComputedStyle(node);
        const page = css(root.querySelector('.page'));
        return {
          body: css(document.body).display,
          bar: css(root.querySelector('.bar')).display,
          page: [page.position, page.overflowY, page.backgroundColor, page.color],
        };
      }, root);
      assert.deepEqual(styles, {
        body: 'none',
        bar: 'none',
        page: ['static', 'visible', 'rgb(255, 255, 255)', 'rgb(0, 0, 0)'],
      });
    } finally {
      await medium('');
    }
    const pdf = Buffer.from(await b.ff.call('POST', `${b.ff.path}/print`, {}), 'base64');
    assert.ok(pdfPageCount(pdf) >= 2, `the article flows over pages, not ${pdfPageCount(pdf)}`);
    await b.ff.press('Escape');
    await b.ff.waitFor(() => !document.querySelector('declutter-reader'));
    await medium('print');
    try {
      assert.equal(await b.ff.run(() => getComputedStyle(document.body).display), 'block', 'the page prints again');
    } finally {
      await medium('');
    }
  });
});

describe('read aloud (Firefox)', () => {
  const b = withFirefox();
  let voices;
  before(async () => {
    voices = await firefoxVoices(b.ff, b.inUi);
  });
  const marked = (root) =>
    b.ff.run((root) => [...root.querySelectorAll('mark.speaking')].map((m) => m.textContent).join(''), root);

  it('reads sentence by sentence with the on-device voice, marks the sentence, pauses and skips by keyboard', async () => {
    await b.open('mission-example');
    const root = await b.enterReader();
    const voiceList = await b.ff.run(
      (root) => [...root.querySelectorAll('.speech-voice option')].map((o) => [o.value, o.textContent]),
      root,
    );
    assert.deepEqual(voiceList, [
      ['urn:declutter-test:local', 'Test Local'],
      ['urn:declutter-test:online', 'Test Online (online: the text may leave your device)'],
    ]);
    const expected = await fixtureExpected('mission-example');
    const start = (await voices.said()).length;
    const said = async () => (await voices.said()).slice(start);
    await b.ff.run((root) => root.querySelector('.speech-play').click(), root);
    for (let i = 0; i < 50 && (await said()).length === 0; i++) await new Promise((ok) => setTimeout(ok, 100));
    assert.deepEqual(await said(), [{ text: expected.title, uri: 'urn:declutter-test:local', rate: 1 }]);
    assert.equal(await marked(root), expected.title);
    await voices.finish();
    for (let i = 0; i < 50 && (await said()).length < 2; i++) await new Promise((ok) => setTimeout(ok, 100));
    const second = (await said())[1];
    assert.equal(await marked(root), second.text, 'the mark follows');
    await b.ff.press('p');
    await b.ff.waitFor((root) => root.querySelector('.speech-play').getAttribute('aria-pressed') === 'false', {}, root);
    assert.equal((await said()).at(-1), 'cancel', 'paused: the voice was cut short');
    await b.ff.press('n');
    const skippedTo = await marked(root);
    assert.notEqual(skippedTo, second.text, 'N moved on a paragraph while paused');
    await b.ff.press('p');
    for (let i = 0; i < 50 && (await said()).at(-1)?.text !== skippedTo; i++) await new Promise((ok) => setTimeout(ok, 100));
    assert.equal((await said()).at(-1).text, skippedTo, 'reads on from there');
    await b.ff.press('Escape');
    await b.ff.waitFor(() => !document.querySelector('declutter-reader'));
    assert.equal((await said()).at(-1), 'cancel', 'leaving reader mode stops the voice');
  });
});

describe('legible type (Firefox)', () => {
  const b = withFirefox();

  it('draws the text in a bundled font, spaces letters and words, hides pictures', async () => {
    await b.open('mission-example');
    const root = await b.enterReader();
    await b.ff.run((root) => {
      const font = root.querySelector('.bar select.font');
      font.value = 'atkinson';
      font.dispatchEvent(new Event('change'));
      const press = (name) => root.querySelector(`button[aria-label="${name}"]`).click();
      press('More space between letters');
      press('More space between letters');
      press('More space between words');
      root.querySelector('.bar input.images').click();
    }, root);
    // The page sees the reader's fonts in the document's set (what a shadow root's text is drawn with).
    const atkinson = () =>
      [...document.fonts].filter((f) => f.family.includes('Atkinson')).map((f) => `${f.weight} ${f.style} ${f.status}`);
    await b.ff.waitFor(() => [...document.fonts].filter((f) => f.family.includes('Atkinson')).length === 3);
    const faces = await b.ff.run(atkinson);
    assert.deepEqual(faces.sort(), ['400 italic loaded', '400 normal loaded', '700 normal loaded']);
    // Each click is written to storage.sync, whose change events come back one by one: wait for the last.
    await b.ff.waitFor((root) => getComputedStyle(root.querySelector('.content img')).display === 'none', {}, root);
    const style = await b.ff.run((root) => {
      const p = getComputedStyle(root.querySelector('.content p'));
      return [p.fontFamily, p.letterSpacing, p.wordSpacing, getComputedStyle(root.querySelector('.content img')).display];
    }, root);
    assert.deepEqual(style, ['"Atkinson Hyperlegible", system-ui, sans-serif', '0.8px', '1px', 'none']);
    await b.ff.press('Escape');
    await b.ff.waitFor(() => !document.querySelector('declutter-reader'));
    assert.equal(
      await b.ff.run(() => [...document.fonts].some((f) => f.family.includes('Atkinson'))),
      false,
      'the font leaves the page with the reader',
    );
    await b.ff.goto(await b.optionsUrl());
    const options = await b.ff.run(() => [
      document.getElementById('font').value,
      document.getElementById('letterSpacing').value,
      document.getElementById('images').checked,
    ]);
    assert.deepEqual(options, ['atkinson', '0.04', false], 'kept in the settings');
  });
});

describe('focus, history and screen readers (Firefox)', () => {
  const b = withFirefox();
  const readerOpen = () => Boolean(document.querySelector('declutter-reader'));
  const readerClosed = () => !document.querySelector('declutter-reader');

  it('gives focus back to where it was on leaving reader mode (Alt+Shift+R, then Escape)', async () => {
    await b.open('mission-example');
    await b.ff.run(() => document.querySelector('#article-body p a').focus());
    await b.inUi(() => b.ff.press('Alt', 'Shift', 'R'));
    await b.ff.waitFor(readerOpen);
    assert.equal(await b.ff.run(() => document.activeElement.localName), 'declutter-reader', 'focus in the reader');
    await b.ff.press('Escape');
    await b.ff.waitFor(readerClosed);
    assert.equal(await b.ff.run(() => document.activeElement === document.querySelector('#article-body p a')), true);
  });

  it("the browser's Back button leaves reader mode, not the page; after Escape, Back leaves the page", async () => {
    await b.ff.goto(`${server.origin}/`);
    await b.open('mission-example');
    const url = server.url('mission-example');
    const before = await b.ff.run(() => document.documentElement.outerHTML);
    await b.enterReader();
    await b.ff.call('POST', `${b.ff.path}/back`, {});
    await b.ff.waitFor(readerClosed);
    assert.equal(await b.ff.call('GET', `${b.ff.path}/url`), url, 'still on the article');
    assert.equal(await b.ff.run(() => document.documentElement.outerHTML), before);
    await b.enterReader();
    await b.ff.press('Escape');
    await b.ff.waitFor(readerClosed);
    await b.ff.call('POST', `${b.ff.path}/back`, {});
    assert.equal(await b.ff.call('GET', `${b.ff.path}/url`), `${server.origin}/`, 'Back now leaves the article');
  });

  it('every control of the reader is labelled: its own text, aria-label or a label around it', async () => {
    await b.open('mission-example');
    const root = await b.enterReader();
    const unnamed = await b.ff.run(
      (root) =>
        [...root.querySelectorAll('.bar button, .bar select, .bar input')]
          .filter((c) => !(c.getAttribute('aria-label') || c.textContent.trim() || c.closest('label')?.textContent.trim()))
          .map((c) => c.outerHTML),
      root,
    );
    assert.deepEqual(unnamed, []);
    await b.ff.press('Escape');
  });
});

describe('read aloud with reduced motion (Firefox)', () => {
  // Smooth scrolling on (the automation profile turns it off), so that a smooth scroll would show.
  const b = withFirefox(undefined, { 'ui.prefersReducedMotion': 1, 'general.smoothScroll': true });

  it('brings the sentence into view at once, without a smooth scroll', async () => {
    const voices = await firefoxVoices(b.ff, b.inUi);
    await b.open('mission-example');
    const root = await b.enterReader();
    await b.ff.run((root) => root.querySelector('.speech-play').click(), root);
    for (let i = 1; i <= 15; i++) {
      for (let tries = 0; tries < 50 && (await voices.said()).length < i; tries++) await new Promise((ok) => setTimeout(ok, 100));
      if (i < 15) await voices.finish();
    }
    // No waiting: the scroll has happened with the mark.
    const box = await b.ff.run((root) => {
      const { top, bottom } = root.querySelector('mark.speaking').getBoundingClientRect();
      return { top, bottom, height: innerHeight };
    }, root);
    assert.ok(box.top >= 0 && box.bottom <= box.height, `the marked sentence is on screen (${box.top}-${box.bottom})`);
    await b.ff.press('Escape');
  });
});
