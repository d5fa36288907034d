// Reader mode's own features in headless Chromium: the interface in the browser's language,
// right-to-left articles, saving and printing, reading aloud, legible type, focus, history and
// the accessibility tree. Needs `./build.sh build` first (uses dist/extension-chromium).
import { after, before, beforeEach, afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { launchChromium, isolateNetwork } from './support/chromium.mjs';
import { serveFixtures, fixtureExpected, EXTENSION } from './support/fixtures.mjs';
import { pdfPageCount } from './support/pdf.mjs';
import { chromiumVoices } from './support/speech.mjs';
import {
  until,
  actionState,
  trigger,
  clearSettings,
  getSettings,
  hiddenCount,
  readerView,
  serialized,
} from './support/extension.mjs';

/** Screenshots for the README (docs/screenshot-reader-*.png are copies). */
const SHOTS = new URL('../../dist/e2e-screenshots/', import.meta.url);
const shot = (page, name) => page.screenshot({ path: new URL(name, SHOTS).pathname });

let server;
before(async () => {
  server = await serveFixtures();
  await mkdir(SHOTS, { recursive: true });
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
    await shot(b.page, 'reader-rtl.png');
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

describe('save and print (Chromium)', () => {
  const b = withBrowser();

  /** Clicks the reader's button `selector` as a user does and returns the file downloaded. */
  async function saveWith(reader, selector) {
    const { x, y } = await reader.box(selector);
    const [download] = await Promise.all([b.page.waitForEvent('download'), b.page.mouse.click(x, y)]);
    return { name: download.suggestedFilename(), text: await readFile(await download.path(), 'utf8') };
  }

  it('saves the article as standalone HTML: its text, pictures as links, nothing that loads or runs', async () => {
    await b.open('mission-example');
    const reader = await b.enterReader();
    const { name, text } = await saveWith(reader, '.save-html');
    await reader.detach();
    const expected = await fixtureExpected('mission-example');
    assert.equal(name, `${expected.title.replace(/[:?"]/g, ' ').replace(/\s+/g, ' ')}.html`);
    assert.match(text, /^<!doctype html>\n<html lang="en-GB" dir="ltr"><head><meta charset="utf-8">/);
    assert.match(text, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">/);
    assert.ok(text.includes(`<h1>${expected.title}</h1>`));
    assert.ok(text.includes('By Henry Moore'));
    const plain = text.replace(/<[^>]*>/g, '');
    for (const sentence of expected.article_contains) assert.ok(plain.includes(sentence), sentence.slice(0, 40));
    assert.match(text, /<a href="https:\/\/images\.capitaltalk\.co\.uk\/[^"]+">\[Image: [^\]]+\]<\/a>/);
    assert.doesNotMatch(text, /<img|\ssrcs?e?t?=|<script|<iframe|\son\w+=/i, 'nothing that loads or runs');
    assert.ok(text.includes(`Saved from <a href="${server.url('mission-example')}">`));
  });

  it('a saved page of hostile markup holds no script, event handler or javascript: link', async () => {
    await b.open('xss-vectors');
    const reader = await b.enterReader();
    const html = await saveWith(reader, '.save-html');
    const md = await saveWith(reader, '.save-markdown');
    await reader.detach();
    for (const { text } of [html, md]) {
      assert.ok(text.includes('Fake parcel-delivery texts'));
      assert.doesNotMatch(text, /<script|<iframe|<object|<embed|<svg|\son\w+\s*=|javascript:|__pwned/i);
    }
  });

  it('saves the article as Markdown: title, byline, paragraphs, pictures and links', async () => {
    await b.open('mission-example');
    const reader = await b.enterReader();
    const { name, text } = await saveWith(reader, '.save-markdown');
    await reader.detach();
    const expected = await fixtureExpected('mission-example');
    assert.ok(name.endsWith('.md'));
    assert.ok(text.startsWith(`# ${expected.title}\n\n*By Henry Moore · 6 December 2024 · `), text.slice(0, 200));
    const paragraphs = text.split('\n\n');
    for (const sentence of expected.article_contains) {
      const words = sentence.replace(/[*_[\]\\]/g, '').slice(0, 50);
      assert.ok(
        paragraphs.some((p) => p.replace(/[*_[\]\\]|\(<[^>]*>\)/g, '').includes(words)),
        `a paragraph has: ${words}`,
      );
    }
    assert.match(text, /\n\[\\\[Image: [^\]]*\\\]\]\(<https:\/\/images\.capitaltalk\.co\.uk\/[^>]+>\)/);
    assert.match(text, /\n\*[^*\n]*Picture: Getty[^*\n]*\*\n/, 'a caption in italics');
    assert.ok(text.endsWith(`Saved from <${server.url('mission-example')}>\n`));
  });

  it('prints the article alone: the page and the reader controls are left out, the text flows over pages', async () => {
    await b.open('mission-example');
    const reader = await b.enterReader();
    await b.page.emulateMedia({ media: 'print' });
    try {
      assert.equal(await b.page.evaluate(() => getComputedStyle(document.body).display), 'none', 'the page is left out');
      assert.equal((await reader.style('.bar', ['display'])).display, 'none', 'no controls');
      assert.deepEqual(await reader.style('.page', ['position', 'overflow-y', 'background-color', 'color']), {
        position: 'static',
        'overflow-y': 'visible',
        'background-color': 'rgb(255, 255, 255)',
        color: 'rgb(0, 0, 0)',
      });
      const pdf = await b.page.pdf();
      assert.ok(pdfPageCount(pdf) >= 2, `the article flows over pages, not ${pdfPageCount(pdf)}`);
      await reader.detach();
      await b.page.keyboard.press('Escape');
      await until(async () => (await b.page.locator('declutter-reader').count()) === 0, { what: 'reader closed' });
      assert.equal(await b.page.evaluate(() => getComputedStyle(document.body).display), 'block', 'the page prints again');
    } finally {
      await b.page.emulateMedia({ media: null });
    }
  });
});

describe('read aloud (Chromium)', () => {
  const b = withBrowser();
  const click = async (reader, selector) => {
    const { x, y } = await reader.box(selector);
    await b.page.mouse.click(x, y);
  };
  /** The sentence marked in the reader: the text of its marks. */
  const text = (html) => html.replace(/<[^>]*>/g, '');
  const marked = (html) => [...html.matchAll(/<mark class="speaking">([^<]*)<\/mark>/g)].map((m) => m[1]).join('');

  it('reads sentence by sentence with the on-device voice, marks the sentence, pauses, skips and changes speed', async () => {
    await b.open('mission-example');
    const voices = await chromiumVoices(b.browser.context, b.page);
    let reader = await b.enterReader();
    assert.match(reader.html, /<option value="urn:declutter-test:local">Test Local<\/option>/);
    assert.match(
      reader.html,
      /<option value="urn:declutter-test:online">Test Online \(online: the text may leave your device\)<\/option>/,
    );
    assert.doesNotMatch(reader.html, /Test Arabic/, "only voices of the article's language");
    await click(reader, '.speech-play');
    await reader.detach();
    const said = await until(async () => (await voices.said()).length === 1 && voices.said(), { what: 'speaking' });
    const expected = await fixtureExpected('mission-example');
    assert.deepEqual(
      said,
      [{ text: expected.title, uri: 'urn:declutter-test:local', rate: 1 }],
      'the headline, by the local voice',
    );
    reader = await readerView(b.browser.context, b.page);
    assert.equal(marked(reader.html), expected.title, 'the sentence being read is marked');
    assert.match(reader.html, /class="speech-play" title="Pause reading \(P\)" aria-pressed="true"/);
    await voices.finish();
    const second = await until(async () => (await voices.said())[1], { what: 'the next sentence' });
    reader = await readerView(b.browser.context, b.page);
    assert.equal(marked(reader.html), second.text, 'the mark follows');
    await shot(b.page, 'reader-read-aloud.png');
    // P pauses (the voice is cut short), P again reads on from the same sentence.
    await b.page.keyboard.press('p');
    await until(async () => (await voices.said()).at(-1) === 'cancel', { what: 'paused' });
    await b.page.keyboard.press('p');
    await until(async () => (await voices.said()).at(-1)?.text === second.text, { what: 'resumed' });
    // N skips to the next paragraph, B back to the one before.
    await b.page.keyboard.press('n');
    const skipped = await until(async () => (await voices.said()).at(-1)?.text !== second.text && (await voices.said()).at(-1), {
      what: 'skipped',
    });
    reader = await readerView(b.browser.context, b.page);
    assert.equal(marked(reader.html), skipped.text);
    assert.ok(!text(reader.html).includes(`${second.text} ${skipped.text}`), 'another paragraph');
    await b.page.keyboard.press('b');
    await until(async () => (await voices.said()).at(-1)?.text === second.text, { what: 'back' });
    const options = await reader.box('.speech-rate');
    await reader.detach();
    await b.page.mouse.click(options.x, options.y);
    await b.page.keyboard.press('ArrowDown');
    await b.page.keyboard.press('ArrowDown');
    await b.page.keyboard.press('Enter');
    await until(async () => (await voices.said()).at(-1)?.rate === 1.5, { what: 'faster' });
    await until(async () => (await getSettings(b.worker)).reader?.speechRate === 1.5, { what: 'speed kept' });
    // Leaving reader mode stops the voice and takes the marks away.
    await b.page.keyboard.press('Escape');
    await until(async () => (await voices.said()).at(-1) === 'cancel', { what: 'stopped on leaving' });
  });

  it('keeps the sentence being read in view as it reads on', async () => {
    await b.open('mission-example');
    await b.page.emulateMedia({ reducedMotion: 'no-preference' });
    const voices = await chromiumVoices(b.browser.context, b.page);
    const reader = await b.enterReader();
    await click(reader, '.speech-play');
    for (let i = 0; i < 14; i++) {
      await until(async () => (await voices.said()).length === i + 1, { what: `sentence ${i + 1}` });
      await voices.finish();
    }
    await until(async () => (await voices.said()).length === 15, { what: 'sentence 15' });
    const onScreen = async () => {
      const view = await readerView(b.browser.context, b.page);
      const [mark, h1] = [await view.box('mark.speaking'), await view.box('h1')];
      await view.detach();
      return mark.top >= 0 && mark.bottom <= 900 && h1.bottom < 0;
    };
    // Scrolled smoothly: the sentence comes into view, the headline goes.
    await until(onScreen, { what: 'the marked sentence on screen' });
    await reader.detach();
  });
});

describe('read aloud with reduced motion (Chromium)', () => {
  const b = withBrowser();

  it('brings the sentence into view at once, without a smooth scroll', async () => {
    await b.open('mission-example');
    await b.page.emulateMedia({ reducedMotion: 'reduce' });
    const voices = await chromiumVoices(b.browser.context, b.page);
    const reader = await b.enterReader();
    const { x, y } = await reader.box('.speech-play');
    await b.page.mouse.click(x, y);
    for (let i = 0; i < 14; i++) {
      await until(async () => (await voices.said()).length === i + 1, { what: `sentence ${i + 1}` });
      await voices.finish();
    }
    await until(async () => (await voices.said()).length === 15, { what: 'sentence 15' });
    // No waiting: the scroll has happened with the mark.
    const view = await readerView(b.browser.context, b.page);
    const mark = await view.box('mark.speaking');
    assert.ok(mark.top >= 0 && mark.bottom <= 900, `the marked sentence is on screen (${mark.top}-${mark.bottom})`);
    await view.detach();
    await reader.detach();
  });
});

describe('legible type (Chromium)', () => {
  const b = withBrowser();

  it('draws the text in a bundled font, spaces letters and words, hides pictures, and keeps the choices', async () => {
    await b.open('mission-example');
    let reader = await b.enterReader();
    const press = async (selector) => {
      const { x, y } = await reader.box(selector);
      await b.page.mouse.click(x, y);
    };
    assert.ok(!(await reader.fonts('.content p')).includes('Atkinson Hyperlegible'));
    // The font menu, as a user picks from it: Serif, Sans, Atkinson Hyperlegible.
    await press('.bar select.font');
    await b.page.keyboard.press('ArrowDown');
    await b.page.keyboard.press('ArrowDown');
    await b.page.keyboard.press('Enter');
    await until(async () => (await reader.fonts('.content p')).includes('Atkinson Hyperlegible'), {
      what: 'text drawn in Atkinson Hyperlegible',
    });
    await press('button[aria-label="More space between letters"]');
    await press('button[aria-label="More space between letters"]');
    await press('button[aria-label="More space between words"]');
    await press('.bar input.images');
    await until(async () => (await getSettings(b.worker)).reader?.images === false, { what: 'settings saved' });
    // Each click is written to storage.sync, whose change events come back one by one: wait for the last.
    await until(async () => (await reader.style('.content img', ['display'])).display === 'none', { what: 'pictures hidden' });
    const { reader: saved } = await getSettings(b.worker);
    assert.deepEqual([saved.font, saved.letterSpacing, saved.wordSpacing], ['atkinson', 0.04, 0.05]);
    assert.deepEqual(await reader.style('.content p', ['letter-spacing', 'word-spacing']), {
      'letter-spacing': '0.8px',
      'word-spacing': '1px',
    });
    await reader.detach();
    // Kept: after a reload the reader opens with them; OpenDyslexic from the options page.
    await b.page.keyboard.press('Escape');
    assert.equal(
      await b.page.evaluate(() => [...document.fonts].some((f) => f.family.includes('Atkinson'))),
      false,
      'the font leaves the page with the reader',
    );
    const options = await b.browser.context.newPage();
    await options.goto(`chrome-extension://${b.browser.extensionId}/options.html`);
    assert.equal(await options.locator('#letterSpacing').inputValue(), '0.04');
    assert.equal(await options.locator('#images').isChecked(), false);
    await options.locator('#font').selectOption('opendyslexic');
    await until(async () => (await getSettings(b.worker)).reader?.font === 'opendyslexic');
    await options.close();
    await b.page.reload();
    await b.open('mission-example');
    reader = await b.enterReader();
    await until(async () => (await reader.fonts('.content p')).includes('OpenDyslexic'), { what: 'text drawn in OpenDyslexic' });
    await shot(b.page, 'reader-legible.png');
    assert.equal((await reader.style('.content img', ['display'])).display, 'none', 'pictures still hidden');
    await reader.detach();
  });
});

describe('focus, history and screen readers (Chromium)', () => {
  const b = withBrowser();

  it('gives focus back to where it was on leaving reader mode', async () => {
    await b.open('mission-example');
    const link = b.page.locator('#article-body p a').first();
    await link.focus();
    await trigger(b.worker, 'command');
    await until(() => readerView(b.browser.context, b.page).then((r) => r && (r.detach(), true)), { what: 'reader mode' });
    assert.equal(await b.page.evaluate(() => document.activeElement.localName), 'declutter-reader', 'focus in the reader');
    await b.page.keyboard.press('Escape');
    await until(async () => (await b.page.locator('declutter-reader').count()) === 0, { what: 'reader closed' });
    assert.equal(await link.evaluate((a) => a === document.activeElement), true, 'the link has focus again');
  });

  it("the browser's Back button leaves reader mode, not the page; after Escape, Back leaves the page", async () => {
    await b.page.goto(`${server.origin}/`);
    await b.open('mission-example');
    const url = b.page.url();
    const before = await serialized(b.page);
    (await b.enterReader()).detach();
    await b.page.goBack();
    await until(async () => (await b.page.locator('declutter-reader').count()) === 0, { what: 'reader closed by Back' });
    assert.equal(b.page.url(), url, 'still on the article');
    assert.equal(await serialized(b.page), before);
    await until(async () => /clutter blocks hidden/.test((await actionState(b.worker)).title), { what: 'status back' });
    (await b.enterReader()).detach();
    await b.page.keyboard.press('Escape');
    await until(async () => (await b.page.locator('declutter-reader').count()) === 0, { what: 'reader closed' });
    await b.page.goBack();
    assert.equal(b.page.url(), `${server.origin}/`, 'Back now leaves the article');
  });

  it('every control of the reader has a name in the accessibility tree', async () => {
    await b.open('mission-example');
    (await b.enterReader()).detach();
    const cdp = await b.browser.context.newCDPSession(b.page);
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    await cdp.detach();
    const byId = new Map(nodes.map((n) => [n.nodeId, n]));
    const toolbar = nodes.find((n) => n.role?.value === 'toolbar' && n.name?.value === 'Reader settings');
    assert.ok(toolbar, 'the reader settings toolbar, named');
    const controls = [];
    const walk = (n) => {
      if (['button', 'combobox', 'checkbox'].includes(n.role?.value)) controls.push([n.role.value, n.name?.value ?? '']);
      for (const id of n.childIds ?? []) walk(byId.get(id));
    };
    walk(toolbar);
    assert.deepEqual(
      controls.filter(([, name]) => !name.trim()),
      [],
      'no control without a name',
    );
    const names = controls.map(([role, name]) => `${role}: ${name}`);
    for (const expected of [
      'combobox: Font',
      'button: Larger text',
      'button: More space between letters',
      'checkbox: Images',
      'button: Save as Markdown',
      'button: ▶ Read aloud',
      'button: Next paragraph (N)',
      'combobox: Speed',
      'combobox: Voice',
    ]) {
      assert.ok(names.includes(expected), `${expected} in ${names.join(', ')}`);
    }
  });
});
