// Hardening of the extension in headless Firefox ESR (geckodriver, temporary add-on from
// dist/extension-firefox): sanitizer-bypass vectors through the real reader-mode path (the toolbar
// button in Firefox's UI) and one lossless toggling order. Needs `./build.sh build` first.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inChromeContext, launchFirefox } from './support/firefox.mjs';
import { EXTENSION } from './support/fixtures.mjs';
import {
  xssVectors,
  vectorPage,
  formPage,
  strictCspPage,
  STRICT_CSP,
  flagOnly,
  STORY_END,
  serveGenerated,
  chunks,
  dangers,
} from './support/hardening.mjs';

const ADDON_ID = 'declutter@declutter.example';
const WIDGET = 'declutter_declutter_example-browser-action';
const BUTTON = `#${WIDGET} .unified-extensions-item-action-button`;
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
const VECTORS = await xssVectors();
const XSS_PAGES = chunks(VECTORS, 9);
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

let server;
let ff;

before(async () => {
  // Firefox pages carry the vectors with their payload setting window.__pwned (flagOnly):
  // dialogs opened by the copies that run while the page loads would stall WebDriver.
  const pages = { form: await formPage(), 'strict-csp': await strictCspPage() };
  XSS_PAGES.forEach((vectors, i) => (pages[`xss-${i}`] = vectorPage(vectors, i, (v) => [flagOnly(v)])));
  server = await serveGenerated(pages);
  // 'ignore': a dialog stays open, so the test can see it rather than WebDriver closing it.
  ff = await launchFirefox({ systemAccess: true, capabilities: { unhandledPromptBehavior: 'ignore' } });
  assert.equal(await ff.installAddon(EXTENSION.firefox), ADDON_ID);
  await inBrowserUi(() => ff.run((id) => CustomizableUI.addWidgetToArea(id, CustomizableUI.AREA_NAVBAR), WIDGET));
});
after(async () => {
  await ff?.close();
  await server?.close();
});

/** Runs `fn` in Firefox's own UI (WebDriver's chrome context), then back in the page. */
const inBrowserUi = (fn) => inChromeContext(ff, fn);

const clickToolbarButton = () => inBrowserUi(() => ff.click(BUTTON));
const readerOpen = () => Boolean(document.querySelector('declutter-reader'));
const readerClosed = () => !document.querySelector('declutter-reader');
const hiddenByUs = () =>
  [...document.querySelectorAll('[style]')].filter(
    (e) => e.style.display === 'none' && e.style.getPropertyPriority('display') === 'important',
  ).length;

/** The reader's closed shadow root: Firefox's WebDriver hands closed roots to the test. */
async function readerRoot() {
  const host = await ff.call('POST', `${ff.path}/element`, { using: 'css selector', value: 'declutter-reader' });
  return ff.call('GET', `${ff.path}/element/${host[ELEMENT]}/shadow`);
}

describe('sanitizer-bypass vectors in reader mode (Firefox)', () => {
  const tried = [];
  let ranOnLoad = 0;
  XSS_PAGES.forEach((vectors, i) => {
    const first = i * XSS_PAGES[0].length + 1;
    it(`runs no script and opens no dialog for vectors ${first}-${first + vectors.length - 1} (inside a paragraph and as a block)`, async () => {
      await ff.goto(server.url(`xss-${i}`));
      await ff.waitFor(() => document.readyState === 'complete');
      await sleep(300); // late handlers of the page's own copies
      // The page's own copies of the vectors run as it loads; only what runs after this counts.
      if (await ff.run(() => window.__pwned !== undefined)) ranOnLoad++;
      await ff.run(() => delete window.__pwned);
      await clickToolbarButton();
      await ff.waitFor(readerOpen);
      await sleep(500);
      assert.equal(await ff.dialogText(), null, 'no dialog open');
      assert.equal(await ff.run(() => typeof window.__pwned), 'undefined', 'no vector set the flag');
      const root = await readerRoot();
      const { html, elements } = await ff.run(
        (r) => ({
          html: r.innerHTML,
          elements: [...r.querySelectorAll('*')].map((e) => ({
            name: e.localName,
            attrs: [...e.attributes].map((a) => [a.name, a.value]),
          })),
        }),
        root,
      );
      assert.ok(html.includes(STORY_END), 'the whole story reached the reader');
      assert.ok(html.includes('a council spokesperson'), 'paragraphs carrying vectors reached the reader');
      assert.deepEqual(dangers(elements), [], 'the live reader DOM has no active element, handler or script URL');
      await clickToolbarButton();
      await ff.waitFor(readerClosed);
      tried.push(...vectors);
    });
  });
  it('tried every vector of tests/xss-vectors.txt', () => {
    assert.deepEqual(tried, VECTORS);
    assert.ok(ranOnLoad >= 5, `the vectors are live in the pages themselves: ${ranOnLoad} pages set the flag while loading`);
    console.log(
      `# Firefox: ${tried.length} vectors tried; ${ranOnLoad} of ${XSS_PAGES.length} pages ran their own copies while loading`,
    );
  });
});

describe('a strict page CSP (Firefox)', () => {
  it('reader mode is styled by reader.css on a page whose CSP allows no inline style and nothing from elsewhere', async () => {
    assert.equal((await fetch(server.url('strict-csp'))).headers.get('content-security-policy'), STRICT_CSP);
    await ff.goto(server.url('strict-csp'));
    await ff.waitFor(hiddenByUs);
    assert.equal(await ff.run(() => getComputedStyle(document.body).color), 'rgb(0, 0, 0)', "the page's inline style is blocked");
    await clickToolbarButton();
    await ff.waitFor(readerOpen);
    const style = await ff.run(
      (root) => {
        const page = getComputedStyle(root.querySelector('.page'));
        return { fontSize: page.fontSize, position: page.position, bar: getComputedStyle(root.querySelector('.bar')).position };
      },
      await readerRoot(),
    );
    // Without reader.css: 16px, static, static.
    assert.deepEqual(style, { fontSize: '20px', position: 'fixed', bar: 'sticky' });
    await clickToolbarButton();
    await ff.waitFor(readerClosed);
  });
});

describe('lossless toggling (Firefox)', () => {
  it('de-clutter on → reader on → de-clutter off → reader off: the page serializes as before, keeps its scroll position and typed form input', async () => {
    await ff.context('chrome');
    const optionsUrl = await ff.run((id) => WebExtensionPolicy.getByID(id).getURL('options.html'), ADDON_ID);
    await ff.context('content');
    const article = await ff.currentTab();
    const options = await ff.newTab();
    const toggle = async (checked) => {
      await ff.switchTo(options);
      if ((await ff.run(() => document.getElementById('enabled').checked)) !== checked) await ff.click('#enabled');
      await ff.switchTo(article);
    };
    await ff.switchTo(options);
    await ff.goto(optionsUrl);
    await ff.waitFor(() => document.getElementById('enabled')?.checked);
    await toggle(false);
    await ff.goto(server.url('form'));
    await ff.waitFor(() => document.readyState === 'complete');
    await sleep(500);
    assert.equal(await ff.run(hiddenByUs), 0, 'off: nothing hidden');
    await ff.type('#search', 'bumblebee colonies');
    await ff.type('#comment-name', 'Ruth');
    await ff.type('#comment-text', 'Wonderful news.\nMore field margins, please!');
    await ff.run(() => document.querySelectorAll('article p')[5].scrollIntoView());
    const scroll = await ff.run(() => window.scrollY);
    assert.ok(scroll > 300, `scrolled to ${scroll}`); // reading the story, below the clutter at its top
    const before = await ff.run(() => document.documentElement.outerHTML);

    // Where the page stood after each step, and what had focus: reported if the scroll is off.
    const trail = [];
    const note = async (step) =>
      trail.push(`${step}: ${await ff.run(() => `${window.scrollY} (${document.activeElement?.localName})`)}`);
    await toggle(true);
    await ff.waitFor(hiddenByUs);
    await note('de-clutter on');
    await clickToolbarButton();
    await ff.waitFor(readerOpen);
    await note('reader on');
    await toggle(false);
    await ff.waitFor(() => document.querySelectorAll('[style*="none !important"]').length === 0);
    await note('de-clutter off');
    await ff.press('Escape');
    await ff.waitFor(readerClosed);
    await note('reader off');

    assert.equal(await ff.run(() => document.documentElement.outerHTML), before, 'outerHTML as before');
    // Firefox lays out (and anchors scrolling) in fractions of a pixel: within one pixel.
    const after = await ff.run(() => window.scrollY);
    assert.ok(Math.abs(after - scroll) <= 1, `scroll position ${after}, was ${scroll}; ${trail.join(', ')}`);
    assert.deepEqual(
      await ff.run(() => ['search', 'comment-name', 'comment-text'].map((id) => document.getElementById(id).value)),
      ['bumblebee colonies', 'Ruth', 'Wonderful news.\nMore field margins, please!'],
      'typed input kept',
    );
  });
});
