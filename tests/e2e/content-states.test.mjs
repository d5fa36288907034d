// The content script's states and transitions (extension/content.js) in headless Chromium, with
// the extension API replaced by a stub: the test answers each request for the core when it likes,
// so that the races a real page rarely meets (a toggle, a switch or new content during an
// analysis) play out step by step. What the toolbar is told is the observable result. Reads the
// scripts from extension/ (no build needed).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launchChromium } from './support/chromium.mjs';

const EXTENSION = new URL('../../extension/', import.meta.url);
const manifest = JSON.parse(await readFile(new URL('manifest.json', EXTENSION), 'utf8'));
const idle = manifest.content_scripts.find((c) => c.run_at === 'document_idle');
const SCRIPTS = await Promise.all(idle.js.map((name) => readFile(new URL(name, EXTENSION), 'utf8')));

const PAGE =
  '<!doctype html><html><head><title>Story</title></head><body>' +
  '<article><h1>Story</h1><p>The story, with more than one sentence. And a second one.</p></article>' +
  '<aside id="promo">Subscribe now</aside></body></html>';

/**
 * Runs in the page before the content scripts: `chrome` as they use it. Statuses go to
 * `__log` ("decluttered:1+t": hidden count, and timing attached); a `declutter` request is logged
 * ("ask") and waits in `__pending` until the test answers it; `reader`, `reader-style` and the
 * others are answered at once.
 */
function installStub() {
  const article = { content: '<p>The story.</p>', title: 'Story' };
  window.__log = [];
  window.__pending = [];
  window.__answer = (hide = true) => ({
    ok: true,
    ms: 1,
    result: { is_article: true, gate_reason: '', hide: hide ? [7] : [], selectors: ['#promo'], article, story: window.__story },
  });
  globalThis.chrome = {
    runtime: {
      sendMessage(msg) {
        if (msg.type === 'status') {
          window.__log.push(`${msg.state}${msg.hidden ? `:${msg.hidden}` : ''}${msg.timing ? '+t' : ''}`);
          return Promise.resolve(true);
        }
        if (msg.type === 'reader-style') return Promise.resolve('.page { font-size: 21px; }');
        if (msg.type === 'reader') {
          window.__readers = (window.__readers ?? 0) + 1;
          return Promise.resolve(window.__answer());
        }
        // What the core hid, for learning site rules: stored by the background.
        if (msg.type === 'seen' || msg.type === 'strike') return Promise.resolve(true);
        // early.js wakes the background where de-clutter is on.
        if (msg.type === 'wake') return Promise.resolve({ ready: true, warm_up_ms: 1 });
        window.__log.push('ask');
        window.__asked = msg;
        return new Promise((ok) => window.__pending.push(ok));
      },
      onMessage: { addListener: (f) => (window.__onMessage = f) },
    },
    // The message names stand for the words (no _locales here).
    i18n: { getMessage: (key) => key, getUILanguage: () => 'en' },
    storage: {
      sync: { get: async () => window.__settings, set: async () => {} },
      local: { get: async () => ({}) },
      onChanged: { addListener: (f) => (window.__onChanged = f) },
    },
  };
}

let browser;
before(async () => {
  browser = await launchChromium();
});
after(() => browser?.close());

/** A page with the content scripts running over the stub, with `settings` in storage.sync. */
async function start(settings = {}, html = PAGE) {
  const page = await browser.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setContent(html);
  await page.evaluate(installStub);
  await page.evaluate((s) => (window.__settings = s), settings);
  for (const content of SCRIPTS) await page.addScriptTag({ content });
  const settle = () => page.waitForTimeout(50);
  await settle();
  const step = async (fn, arg) => {
    const value = await page.evaluate(fn, arg);
    await settle();
    return value;
  };
  return {
    /** Answers the oldest waiting `declutter` request (with `answer`, or the stub's story). */
    answer: (answer) => step((a) => window.__pending.shift()(a ?? window.__answer()), answer),
    toggle: () => step(() => new Promise((ok) => window.__onMessage({ type: 'toggle-reader' }, {}, ok))),
    switchSite: (on) => step((v) => window.__onChanged({ enabled: { newValue: v } }, 'sync'), on),
    /** The site's record in storage.local changed (the background stored what was hidden). */
    recordChanged: () => step(() => window.__onChanged({ [`site:${location.hostname}`]: { newValue: null } }, 'local')),
    /** Adds enough text for a re-run and waits for the re-run's request (1.5 s). */
    addContent: async () => {
      await step(() => document.body.append(Object.assign(document.createElement('p'), { textContent: 'More. '.repeat(60) })));
      await page.waitForTimeout(1600);
    },
    /** Runs `fn` in the page; resolves to what it returns. */
    run: step,
    /** Changes the page with `fn` (in the page), then opens and closes reader mode: resolves to
     * how many times the core was asked for the article meanwhile. */
    readerAfter: async (fn) => {
      const before = await page.evaluate(() => window.__readers ?? 0);
      await step(fn);
      await step(() => new Promise((ok) => window.__onMessage({ type: 'toggle-reader' }, {}, ok)));
      await step(() => new Promise((ok) => window.__onMessage({ type: 'toggle-reader' }, {}, ok)));
      return (await page.evaluate(() => window.__readers ?? 0)) - before;
    },
    /** The HTML of the last request for the core. */
    asked: () => page.evaluate(() => window.__asked.html),
    /** What the toolbar was told, whether the reader and the clutter show, requests waiting. */
    seen: () =>
      page.evaluate(() => ({
        log: window.__log.join(' '),
        reader: Boolean(document.querySelector('declutter-reader')),
        promoHidden: document.getElementById('promo').style.display === 'none',
        waiting: window.__pending.length,
      })),
    close: async () => {
      assert.deepEqual(errors, [], 'no error in the page');
      await page.close();
    },
  };
}

describe("the content script's states (stubbed extension API, Chromium)", () => {
  it('analysing → decluttered, with the run timing', async () => {
    const p = await start();
    await p.answer();
    assert.deepEqual(await p.seen(), { log: 'ask decluttered:1+t', reader: false, promoHidden: true, waiting: 0 });
    await p.close();
  });

  it('a stored record that changes nothing tells the toolbar nothing new', async () => {
    // A repeated status would also be taken for the answer to the person's next toggle.
    const p = await start();
    await p.answer();
    await p.recordChanged();
    assert.deepEqual(await p.seen(), { log: 'ask decluttered:1+t', reader: false, promoHidden: true, waiting: 0 });
    await p.close();
  });

  it("the core is sent the page without its scripts' and style sheets' text, JSON-LD kept", async () => {
    const code = `window.state = "${'x'.repeat(40000)}";`;
    const heavy = PAGE.replace(
      '</head>',
      `<script>${code}</script><style>p { color: red; }</style>` +
        '<script type="application/ld+json">{"@type":"NewsArticle"}</script></head>',
    );
    const p = await start({}, heavy);
    const html = await p.asked();
    assert.ok(!html.includes('xxxxxxxxxx') && !html.includes('color: red'), 'script and style text left out');
    assert.ok(html.includes('<script></script><style></style>'), 'their elements kept');
    assert.ok(html.includes('"@type":"NewsArticle"'), 'JSON-LD kept');
    await p.answer();
    assert.equal((await p.seen()).promoHidden, true);
    await p.close();
    // A script the page's elements do not hold (in a template): the page goes whole.
    const p2 = await start({}, heavy.replace('</body>', `<template><script>${code}</script></template></body>`));
    assert.ok((await p2.asked()).includes('xxxxxxxxxx'));
    await p2.answer();
    await p2.close();
  });

  it('reader mode opened during the first analysis drops it, and de-clutters when it closes', async () => {
    const p = await start();
    await p.toggle();
    await p.answer(); // the dropped run's answer: nothing hidden under the reader
    assert.deepEqual(await p.seen(), { log: 'ask reader+t', reader: true, promoHidden: false, waiting: 0 });
    await p.toggle();
    await p.answer();
    assert.deepEqual(await p.seen(), { log: 'ask reader+t ask decluttered:1+t', reader: false, promoHidden: true, waiting: 0 });
    await p.close();
  });

  it('switched off during an analysis: off, and its answer is dropped', async () => {
    const p = await start();
    await p.switchSite(false);
    await p.answer();
    assert.deepEqual(await p.seen(), { log: 'ask off', reader: false, promoHidden: false, waiting: 0 });
    await p.close();
  });

  it('switched off and on during an analysis: only the newer run counts', async () => {
    const p = await start();
    await p.switchSite(false);
    await p.switchSite(true);
    await p.answer({
      ok: true,
      ms: 1,
      result: { is_article: false, gate_reason: 'stale', hide: [], selectors: [], article: null },
    });
    assert.deepEqual(await p.seen(), { log: 'ask off ask', reader: false, promoHidden: false, waiting: 1 });
    await p.answer();
    assert.deepEqual(await p.seen(), { log: 'ask off ask decluttered:1+t', reader: false, promoHidden: true, waiting: 0 });
    await p.close();
  });

  it('content arriving during an analysis asks for one more run after it', async () => {
    const p = await start();
    await p.addContent();
    assert.equal((await p.seen()).waiting, 1, 'no second request while the first runs');
    await p.answer();
    assert.deepEqual(await p.seen(), { log: 'ask decluttered:1+t ask', reader: false, promoHidden: true, waiting: 1 });
    await p.answer();
    assert.equal((await p.seen()).log, 'ask decluttered:1+t ask decluttered:1+t');
    await p.close();
  });

  it('a failed re-run keeps the clutter hidden and the toolbar as it was', async () => {
    const p = await start();
    await p.answer();
    await p.addContent();
    await p.answer({ ok: false, error: 'page too large' });
    assert.deepEqual(await p.seen(), { log: 'ask decluttered:1+t ask', reader: false, promoHidden: true, waiting: 0 });
    await p.close();
  });

  it('a failed first run says so', async () => {
    const p = await start();
    await p.answer({ ok: false, error: 'page too large' });
    assert.equal((await p.seen()).log, 'ask error');
    await p.close();
  });

  it('site off: reader mode in and out, then switched on under the reader: de-clutter when it closes', async () => {
    const p = await start({ enabled: false });
    await p.toggle();
    await p.toggle();
    assert.deepEqual(await p.seen(), { log: 'off reader+t off', reader: false, promoHidden: false, waiting: 0 });
    await p.toggle();
    await p.switchSite(true);
    assert.equal((await p.seen()).waiting, 0, 'no analysis under the reader');
    await p.toggle();
    await p.answer();
    assert.deepEqual(await p.seen(), {
      log: 'off reader+t off reader+t off ask decluttered:1+t',
      reader: false,
      promoHidden: true,
      waiting: 0,
    });
    await p.close();
  });

  it('switched off under the reader: the clutter comes back at once, the toolbar says off when it closes', async () => {
    const p = await start();
    await p.answer();
    await p.toggle();
    await p.switchSite(false);
    assert.deepEqual(await p.seen(), { log: 'ask decluttered:1+t reader+t', reader: true, promoHidden: false, waiting: 0 });
    await p.toggle();
    assert.deepEqual(await p.seen(), { log: 'ask decluttered:1+t reader+t off', reader: false, promoHidden: false, waiting: 0 });
    await p.close();
  });

  it('reader mode left before its history entry was pushed leaves the history alone; left later, takes its entry away', async () => {
    const p = await start();
    await p.answer();
    // An entry of the page's own before the reader: going back over it would be a navigation.
    await p.run(() => history.pushState(null, '', '#before'));
    const length = await p.run(() => history.length);
    // Escape as soon as the reader is in the page, before the next task (where the entry is pushed).
    await p.run(
      () =>
        new Promise((ok) => {
          new MutationObserver((_, observer) => {
            if (!document.querySelector('declutter-reader')) return;
            observer.disconnect();
            window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
            ok();
          }).observe(document.documentElement, { childList: true });
          window.__onMessage({ type: 'toggle-reader' }, {}, () => {});
        }),
    );
    const left = () =>
      p.run(() => ({ hash: location.hash, length: history.length, reader: Boolean(document.querySelector('declutter-reader')) }));
    assert.deepEqual(await left(), { hash: '#before', length, reader: false });
    await p.toggle();
    assert.equal(await p.run(() => history.length), length + 1, 'the reader has an entry of its own');
    await p.toggle();
    assert.deepEqual(await left(), { hash: '#before', length: length + 1, reader: false });
    await p.close();
  });

  it('changes outside the story keep the kept article; a story edit or much text shown outside it does not', async () => {
    const html = PAGE.replace(
      '<body>',
      '<body><header><p id="tick" class="a">Markets: up</p><div id="more" hidden>' +
        'Text that is no story yet. '.repeat(10) +
        '</div></header>',
    );
    const p = await start({}, html);
    // The core says where the story is: the <article> (html, head, title, body, header, p, div).
    await p.run(() => (window.__story = { index: 7, selector: 'article' }));
    await p.answer();
    const tick = () => {
      const el = document.getElementById('tick');
      el.className = el.className === 'a' ? 'b' : 'a';
      el.textContent = `Markets: ${Math.random()}`;
      el.setAttribute('aria-hidden', 'true');
    };
    assert.equal(await p.readerAfter(tick), 0, 'a class, text and aria-hidden outside the story: the kept article');
    assert.equal(await p.readerAfter(tick), 0, 'and again');
    const show = () => document.getElementById('more').removeAttribute('hidden');
    assert.equal(await p.readerAfter(show), 1, 'much text shown outside the story: asked again');
    const edit = () => (document.querySelector('article p').textContent = 'The story, edited. And a second sentence.');
    assert.equal(await p.readerAfter(edit), 1, 'the story edited: asked again');
    await p.close();
  });
});
