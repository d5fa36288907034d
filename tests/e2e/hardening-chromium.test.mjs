// Hardening of the extension in headless Chromium: sanitizer-bypass vectors through the real
// reader-mode path, lossless toggling, pathological pages, and the extension's own CSP and
// HTML insertion. Needs `./build.sh build` first (uses dist/extension).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launchChromium, isolateNetwork } from './support/chromium.mjs';
import { EXTENSION } from './support/fixtures.mjs';
import { until, actionState, trigger, setSettings, clearSettings, serialized, hiddenCount, readerView } from './support/extension.mjs';
import { xssVectors, vectorPage, formPage, PATHOLOGICAL, STORY_END, serveGenerated, chunks } from './support/hardening.mjs';

const VECTORS = await xssVectors();
const XSS_PAGES = chunks(VECTORS, 9);
const STATUS = /clutter block|nothing to hide|no article|off for this site|could not analyse/;

let server;
let browser;
let worker;

before(async () => {
  const pages = { form: await formPage() };
  XSS_PAGES.forEach((vectors, i) => (pages[`xss-${i}`] = vectorPage(vectors, i)));
  for (const [name, make] of Object.entries(PATHOLOGICAL)) pages[name] = make();
  server = await serveGenerated(pages);
  browser = await launchChromium({ extension: EXTENSION });
  worker = browser.worker;
  await isolateNetwork(browser.context, server.origin);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function newPage() {
  await clearSettings(worker);
  return browser.context.newPage();
}

/** Opens `path` and waits until the extension has reported on it. */
async function open(page, path, { timeout = 10000 } = {}) {
  await page.goto(server.url(path), { timeout: 60000 });
  await until(async () => STATUS.test((await actionState(worker)).title), { timeout, what: `status on ${path}` });
}

/** Every element under the reader's closed shadow root, with its attributes, via DevTools. */
async function readerElements(page) {
  const cdp = await browser.context.newCDPSession(page);
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    const out = [];
    const walk = (node, inReader) => {
      if (inReader && node.nodeType === 1) {
        const a = node.attributes ?? [];
        const attrs = [];
        for (let i = 0; i < a.length; i += 2) attrs.push([a[i], a[i + 1]]);
        out.push({ name: node.localName, attrs });
      }
      const here = inReader || node.nodeName === 'DECLUTTER-READER';
      // The browser's own shadow roots (<details>, <input>) are not page content.
      const shadows = (node.shadowRoots ?? []).filter((r) => r.shadowRootType !== 'user-agent');
      for (const child of [...(node.children ?? []), ...shadows]) walk(child, here);
    };
    walk(root, false);
    return out;
  } finally {
    await cdp.detach();
  }
}

const ACTIVE = new Set(['script', 'iframe', 'frame', 'object', 'embed', 'form', 'base', 'meta', 'link', 'svg', 'math', 'template', 'noscript', 'style']);
const URL_ATTRS = new Set(['href', 'src', 'srcset', 'action', 'formaction', 'poster', 'background', 'cite', 'data', 'xlink:href']);

/** What in the live reader could run a script or load a page-chosen resource as code. */
function dangers(elements) {
  const found = [];
  for (const { name, attrs } of elements) {
    if (ACTIVE.has(name)) found.push(`<${name}>`);
    for (const [k, v] of attrs) {
      if (/^on/i.test(k)) found.push(`<${name} ${k}>`);
      if (URL_ATTRS.has(k.toLowerCase()) && /^[\s\u0000-\u001f]*(javascript|vbscript|data)\s*:/i.test(v.replace(/[\t\n\r]/g, ''))) {
        found.push(`<${name} ${k}="${v}">`);
      }
    }
  }
  return found;
}

describe('sanitizer-bypass vectors in reader mode (Chromium)', () => {
  const tried = [];
  let firedOnLoad = 0;
  XSS_PAGES.forEach((vectors, i) => {
    it(`runs no script and opens no dialog for vectors ${i * XSS_PAGES[0].length + 1}-${i * XSS_PAGES[0].length + vectors.length} (inside a paragraph and as a block)`, async () => {
      const page = await newPage();
      let phase = 'load';
      const dialogs = { load: [], reader: [] };
      page.on('dialog', (d) => {
        dialogs[phase].push(`${d.type()}: ${d.message()}`);
        d.dismiss().catch(() => {});
      });
      try {
        await open(page, `xss-${i}`);
        // The page's own copies of the vectors run as it loads; only what runs after this counts.
        await page.waitForTimeout(300);
        await page.evaluate(() => delete window.__pwned);
        phase = 'reader';
        await trigger(worker, 'action');
        const reader = await until(() => readerView(browser.context, page), { what: 'reader mode' });
        assert.ok(reader.html.includes(STORY_END), 'the whole story reached the reader');
        assert.ok(reader.html.includes('a council spokesperson'), 'paragraphs carrying vectors reached the reader');
        await reader.detach();
        // Hover over the whole reader, so mouse handlers that survived would fire.
        for (let y = 60; y < 900; y += 40) for (let x = 40; x < 1280; x += 160) await page.mouse.move(x, y);
        await page.waitForTimeout(300);
        assert.deepEqual(dialogs.reader, [], 'no dialog while the reader is open');
        assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no vector set the flag');
        assert.deepEqual(dangers(await readerElements(page)), [], 'the live reader DOM has no active element, handler or script URL');
        tried.push(...vectors);
        firedOnLoad += dialogs.load.length;
      } finally {
        await page.close();
      }
    });
  });
  it('tried every vector of tests/xss-vectors.txt', () => {
    assert.ok(VECTORS.length >= 60, `${VECTORS.length} vectors`);
    assert.deepEqual(tried, VECTORS);
    // The vectors are live in the pages themselves: their copies outside the reader ran.
    assert.ok(firedOnLoad >= 10, `${firedOnLoad} dialogs while the pages loaded`);
    console.log(`# Chromium: ${tried.length} vectors tried; ${firedOnLoad} dialogs from the pages' own copies while loading`);
  });
});

describe('lossless toggling (Chromium)', () => {
  // Each step waits for its effect; `state` is what the user has switched on.
  const STEPS = {
    'de-clutter on': async (page, state) => {
      state.declutter = true;
      await setSettings(worker, { enabled: true });
      // While reading, de-clutter waits for the reader to close.
      if (!state.reader) await until(async () => (await hiddenCount(page)) > 0, { what: 'clutter hidden' });
    },
    'de-clutter off': async (page, state) => {
      state.declutter = false;
      await setSettings(worker, { enabled: false });
      await until(async () => /off for this site|reader mode/.test((await actionState(worker)).title), { what: 'de-clutter off' });
      await until(async () => (await hiddenCount(page)) === 0, { what: 'clutter restored' });
    },
    'reader on': async (page, state) => {
      state.reader = true;
      await trigger(worker, 'action');
      await until(async () => (await page.locator('declutter-reader').count()) === 1, { what: 'reader on' });
    },
    'reader off': async (page, state) => {
      state.reader = false;
      await page.keyboard.press('Escape');
      await until(async () => (await page.locator('declutter-reader').count()) === 0, { what: 'reader off' });
      if (state.declutter) await until(async () => (await hiddenCount(page)) > 0, { what: 'clutter hidden after the reader' });
    },
  };
  const ORDERS = [
    ['de-clutter on', 'reader on', 'de-clutter off', 'reader off'],
    ['reader on', 'de-clutter on', 'reader off', 'de-clutter off'],
    ['de-clutter on', 'reader on', 'reader off', 'de-clutter off'],
    ['reader on', 'reader off', 'de-clutter on', 'reader on', 'de-clutter off', 'reader off'],
    ['de-clutter on', 'de-clutter off', 'de-clutter on', 'reader on', 'reader off', 'reader on', 'de-clutter off', 'reader off'],
  ];

  for (const order of ORDERS) {
    it(`${order.join(' → ')}: the page serializes as before, keeps its scroll position and typed form input`, async () => {
      const page = await newPage();
      try {
        await setSettings(worker, { enabled: false });
        await open(page, 'form');
        await page.locator('#search').fill('bumblebee colonies');
        await page.locator('#comment-name').fill('Ruth');
        await page.locator('#comment-text').fill('Wonderful news.\nMore field margins, please!');
        await page.evaluate(() => window.scrollTo(0, 900));
        const scroll = await page.evaluate(() => window.scrollY);
        assert.ok(scroll > 500, `scrolled to ${scroll}`);
        const before = await serialized(page);
        const state = { declutter: false, reader: false };
        for (const step of order) await STEPS[step](page, state);
        assert.equal(await serialized(page), before, 'outerHTML as before');
        assert.equal(await page.evaluate(() => window.scrollY), scroll, 'scroll position');
        assert.deepEqual(
          await page.evaluate(() => ['search', 'comment-name', 'comment-text'].map((id) => document.getElementById(id).value)),
          ['bumblebee colonies', 'Ruth', 'Wonderful news.\nMore field margins, please!'],
          'typed input kept',
        );
      } finally {
        await page.close();
      }
    });
  }
});
