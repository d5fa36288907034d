// The extension in headless Firefox ESR (geckodriver, temporary add-on from dist/extension-firefox).
// Needs `./build.sh build` first.
//
// Everything goes through what a user does, in Firefox's own UI (WebDriver's chrome context):
// the toolbar button is pinned to the toolbar (as "Pin to Toolbar" does) and clicked, its badge
// and tooltip are read from the button; Alt+Shift+R is pressed in the browser window, so
// Firefox's shortcut handling fires the "toggle-reader-mode" command; Escape is pressed in the page.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ACTION_BUTTON as BUTTON, ADDON_ID, inChromeContext, launchFirefoxWithExtension } from './support/firefox.mjs';
import { serveFixtures, fixtureExpected, EXTENSION, appendToShadowStory } from './support/fixtures.mjs';

let server;
let ff;

before(async () => {
  server = await serveFixtures();
  ff = await launchFirefoxWithExtension(EXTENSION.firefox);
});

/** Runs `fn` in Firefox's own UI (WebDriver's chrome context), then back in the page. */
const inBrowserUi = (fn) => inChromeContext(ff, fn);

/** The toolbar button's badge and tooltip for the selected tab. */
const toolbarButton = () =>
  inBrowserUi(() =>
    ff.run((sel) => {
      const b = document.querySelector(sel);
      return { badge: b.getAttribute('badge') ?? '', title: b.getAttribute('tooltiptext') };
    }, BUTTON),
  );
after(async () => {
  await ff?.close();
  await server?.close();
});

const hiddenByUs = () =>
  [...document.querySelectorAll('[style]')].filter(
    (e) => e.style.display === 'none' && e.style.getPropertyPriority('display') === 'important',
  ).length;
const isVisible = (selector) => {
  const el = document.querySelector(selector);
  return Boolean(el && el.checkVisibility());
};
const serialized = () => document.documentElement.outerHTML;
/** tests/fixtures/live/shadow: the story is a web component whose markup a script puts in an
 * open shadow root, with a newsletter box and related links beside it in the root. */
const SHADOW_STORY = "The town's lifeboat station threw open its doors on Saturday";
const SHADOW_STORY_END = 'A new exhibition in the boathouse';
/** Whether the element with this id in the story's shadow root is hidden (false before the
 * root is there). */
const hiddenInRoot = (id) => {
  const root = document.getElementById('host').shadowRoot;
  return Boolean(root) && !root.getElementById(id).checkVisibility();
};
/** The page and the story's shadow root exactly as they serialize. */
const withRoot = () => `${document.documentElement.outerHTML}\n${document.getElementById('host').shadowRoot.innerHTML}`;
const readerOpen = () => Boolean(document.querySelector('declutter-reader'));

async function openDecluttered(name) {
  await ff.goto(server.url(name));
  await ff.waitFor(hiddenByUs);
}

/** Alt+Shift+R in the browser window, as a user presses it. */
const pressReaderShortcut = () => inBrowserUi(() => ff.press('Alt', 'Shift', 'R'));
/** The toolbar button once `done(button)` holds, or as it is after 5 s: the worker sets badge
 * and tooltip in separate calls after the page has changed. */
async function settledButton(done) {
  let button = await toolbarButton();
  for (let tries = 0; !done(button) && tries < 50; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    button = await toolbarButton();
  }
  return button;
}

const clickToolbarButton = () => inBrowserUi(() => ff.click(BUTTON));
const optionsUrl = () => inBrowserUi(() => ff.run((id) => WebExtensionPolicy.getByID(id).getURL('options.html'), ADDON_ID));

/** Switches de-clutter off on the options page, in a tab of its own, as a user does; back on the
 * page's tab afterwards. Returns both tabs (the options tab stays open to switch back on). */
async function switchOffInOptions() {
  const article = await ff.currentTab();
  const options = await ff.newTab();
  await ff.switchTo(options);
  await ff.goto(await optionsUrl());
  await ff.waitFor(() => document.getElementById('enabled').checked);
  await ff.click('#enabled'); // off
  await ff.switchTo(article);
  return { article, options };
}

/** The tooltip on a page the page gate turned down, for `reason`. */
/** Reader mode is offered only where the core found something to read. */
const notStoryTitle = (reason, readable = true) =>
  `Declutter: this is not a story page (${reason}), so nothing was changed.${readable ? ' Click for reader mode.' : ''}`;
const OFF_TITLE = 'Declutter is off for this site. Click for reader mode.';
const READER_TITLE = 'Declutter: reader mode. Click or press Escape to leave.';

/** Opens a fixture and waits until the toolbar button's tooltip is `title`; returns the button. */
async function openWithTitle(name, title) {
  await ff.goto(server.url(name));
  const button = await settledButton((b) => b.title === title);
  assert.equal(button.title, title, `tooltip on ${name}`);
  return button;
}

describe('extension in Firefox', () => {
  it('hides the mission page clutter and keeps the story and captions visible', async () => {
    await openDecluttered('mission-example');
    assert.equal(await ff.run(isVisible, 'section.card-rail'), false, '"More Latest News" hidden');
    assert.equal(await ff.run(isVisible, 'p.read-more'), false, '"Read more:" hidden');
    assert.equal(await ff.run(isVisible, 'h1.article__headline'), true);
    assert.equal(await ff.run(isVisible, '.article__caption'), true, 'caption visible');
    const expected = await fixtureExpected('mission-example');
    const text = await ff.run(() => document.body.innerText); // innerText leaves out hidden elements
    for (const sentence of expected.article_contains.slice(0, 4)) assert.ok(text.includes(sentence), sentence.slice(0, 40));
    assert.ok(!text.includes('More Latest News'));
  });

  it('shows the number of hidden blocks on the toolbar badge and explains it in the tooltip', async () => {
    await openDecluttered('mission-example');
    const hidden = await ff.run(hiddenByUs);
    const expectedTitle = `Declutter: ${hidden} clutter blocks hidden. Click for reader mode.`;
    const { badge, title } = await settledButton((b) => b.badge === String(hidden) && b.title === expectedTitle);
    assert.equal(badge, String(hidden));
    assert.equal(title, `Declutter: ${hidden} clutter blocks hidden. Click for reader mode.`);
  });

  it('opens reader mode from the toolbar button and closes it from there, page unchanged', async () => {
    // A page without scripts of its own: photo-captions' lazy loader rewrites its images when
    // they scroll into view, which is the page changing itself, not the extension.
    await openDecluttered('inline-read-more');
    const before = await ff.run(serialized);
    await clickToolbarButton();
    await ff.waitFor(readerOpen);
    assert.equal(
      (await settledButton((b) => /reader mode\. Click or press Escape/.test(b.title))).title,
      'Declutter: reader mode. Click or press Escape to leave.',
    );
    await clickToolbarButton();
    await ff.waitFor(() => !document.querySelector('declutter-reader'));
    assert.equal(await ff.run(serialized), before);
  });

  it('de-clutters a page whose Content-Security-Policy forbids wasm', async () => {
    const response = await fetch(server.url('strict-csp'));
    assert.equal(response.headers.get('content-security-policy'), "script-src 'self'; object-src 'none'");
    await openDecluttered('strict-csp');
    assert.equal(await ff.run(isVisible, '#related'), false);
    assert.equal(await ff.run(isVisible, '#story-text > p'), true);
  });

  it('leaves a section front and a product page untouched, and de-clutters a story', async () => {
    const { article, options } = await switchOffInOptions();
    let on = false;
    /** Flips the switch on the options page, as a user does, and comes back to the page's tab. */
    const flip = async () => {
      await ff.switchTo(options);
      await ff.click('#enabled');
      on = !on;
      await ff.switchTo(article);
    };
    try {
      for (const [name, reason, readable] of [
        ['no-article', 'declares itself a list or collection', false],
        ['product-page', 'declares itself a product', true],
      ]) {
        await openWithTitle(name, OFF_TITLE);
        const before = await ff.run(serialized);
        await flip(); // on: the content script analyses the open page
        const { badge, title } = await settledButton((b) => b.title === notStoryTitle(reason, readable));
        assert.equal(title, notStoryTitle(reason, readable), `${name}: not-a-story tooltip`);
        assert.equal(badge, '', `${name}: no badge`);
        assert.equal(await ff.run(hiddenByUs), 0, `${name}: nothing hidden`);
        assert.equal(await ff.run(serialized), before, `${name}: page serializes exactly as before`);
        await flip(); // off, for the next page
      }
      await flip(); // on
      await ff.switchTo(options);
      await ff.closeTab();
      await ff.switchTo(article);
      await openDecluttered('mission-example');
      const hidden = await ff.run(hiddenByUs);
      assert.ok(hidden >= 3, `hid ${hidden} blocks on the story`);
      assert.equal(await ff.run(isVisible, '#more-latest-news'), false, '"More Latest News" hidden');
      assert.equal(await ff.run(isVisible, 'h1.article__headline'), true, 'headline visible');
      const expectedTitle = `Declutter: ${hidden} clutter blocks hidden. Click for reader mode.`;
      assert.equal((await settledButton((b) => b.title === expectedTitle)).title, expectedTitle);
    } finally {
      // Whatever failed, the tests after this one start with de-clutter on and one tab.
      if (!on) await flip();
      if ((await ff.call('GET', `${ff.path}/window/handles`)).includes(options)) {
        await ff.switchTo(options);
        await ff.closeTab();
        await ff.switchTo(article);
      }
    }
  });

  it('toggles reader mode with Alt+Shift+R and leaves with Escape, restoring the page and scroll', async () => {
    await openDecluttered('mission-example');
    await ff.run(() => window.scrollTo(0, 600));
    const scroll = await ff.run(() => window.scrollY);
    assert.ok(scroll > 300, `scrolled to ${scroll}`);
    const before = await ff.run(serialized);
    await pressReaderShortcut();
    await ff.waitFor(readerOpen);
    assert.equal(
      await ff.run(() => document.elementFromPoint(640, 450)?.localName),
      'declutter-reader',
      'reader covers the page',
    );
    assert.equal(await ff.run(() => document.querySelector('declutter-reader').shadowRoot), null, 'closed to page scripts');
    await ff.press('Escape');
    await ff.waitFor(() => !document.querySelector('declutter-reader'));
    assert.equal(await ff.run(serialized), before);
    assert.equal(await ff.run(() => window.scrollY), scroll);
    await pressReaderShortcut();
    await ff.waitFor(readerOpen);
    await pressReaderShortcut();
    await ff.waitFor(() => !document.querySelector('declutter-reader'));
    assert.equal(await ff.run(serialized), before);
  });

  // Over 200 characters: enough new text for the content script to re-run the analysis.
  const LATE =
    'A late paragraph, added by the page after it loaded, says the committee will publish its findings in the spring, ' +
    'after hearing from the agency, its critics, two former directors and, for the first time, members of the public.';
  const appendParagraph = (text) => {
    const p = document.createElement('p');
    p.textContent = text;
    document.querySelector('#article-body > p:last-of-type').after(p);
  };
  /** Opens reader mode with the toolbar button, returns its HTML and leaves with Escape. */
  async function readerHtml() {
    await clickToolbarButton();
    await ff.waitFor(readerOpen);
    const html = await ff.run((root) => root.innerHTML, await ff.shadowRoot('declutter-reader'));
    await ff.press('Escape');
    await ff.waitFor(() => !document.querySelector('declutter-reader'));
    return html;
  }

  it('reader mode on a de-cluttered page shows the article a fresh analysis gives with de-clutter off', async () => {
    await openDecluttered('mission-example');
    const fromDeclutter = await readerHtml();
    assert.ok(fromDeclutter.includes('MI5 has been left “stretched”'));
    const { article, options } = await switchOffInOptions();
    await ff.waitFor(() => !document.querySelector('[style*="none !important"]'));
    const fresh = await readerHtml();
    await ff.switchTo(options);
    await ff.click('#enabled'); // on again, for the tests after this one
    await ff.closeTab();
    await ff.switchTo(article);
    assert.equal(fromDeclutter, fresh);
  });

  it('reader mode shows a paragraph the page appended, before and after the re-analysis', async () => {
    await openDecluttered('mission-example');
    await ff.run(appendParagraph, LATE);
    assert.ok((await readerHtml()).includes(LATE), 'toggled at once: the new paragraph is there');
    await ff.run(appendParagraph, `${LATE} (Updated.)`);
    await new Promise((ok) => setTimeout(ok, 2500)); // the re-analysis runs 1.5 s after new content
    const html = await readerHtml();
    assert.ok(html.includes(`${LATE} (Updated.)`), 'after the re-analysis: the newer paragraph is there too');
  });

  it('opens reader mode on demand on a product page (not a story) with its description; leaving restores the page', async () => {
    await openWithTitle('product-page', notStoryTitle('declares itself a product'));
    assert.equal(await ff.run(hiddenByUs), 0, 'nothing hidden on a product page');
    const before = await ff.run(serialized);
    await clickToolbarButton();
    await ff.waitFor(readerOpen);
    // Not /reader mode/: the not-a-story tooltip ends "Click for reader mode." too.
    assert.equal((await settledButton((b) => b.title === READER_TITLE)).title, READER_TITLE);
    const html = await ff.run((root) => root.innerHTML, await ff.shadowRoot('declutter-reader'));
    const text = html.replace(/<[^>]*>/g, '');
    assert.ok(text.includes('The Trailhead 2 is our lightest trail shoe yet'), 'the product description');
    assert.ok(text.includes('Sizes run true to length'), 'the description to its last paragraph');
    assert.ok(html.includes('>Trailhead 2 running shoe</h1>'), 'the product name as the title');
    for (const clutter of ['You may also like', 'Add to basket', 'Get 10% off your first order']) {
      assert.ok(!text.includes(clutter), `no "${clutter}"`);
    }
    await clickToolbarButton();
    await ff.waitFor(() => !document.querySelector('declutter-reader'));
    assert.equal(await ff.run(serialized), before, 'page serializes exactly as before');
    assert.equal(await ff.run(hiddenByUs), 0);
    const { badge, title } = await settledButton((b) => b.title === notStoryTitle('declares itself a product'));
    assert.equal(title, notStoryTitle('declares itself a product'), 'tooltip back to the page status');
    assert.equal(badge, '');
  });

  it('keeps the last value of a reader-mode slider dragged for several seconds on the options page', async () => {
    const page = await ff.currentTab();
    const options = await ff.newTab();
    await ff.switchTo(options);
    await ff.goto(await optionsUrl());
    await ff.waitFor(() => document.getElementById('size').value === '20');
    const box = await ff.run(() => {
      const r = document.getElementById('size').getBoundingClientRect();
      window.__inputs = 0;
      document.getElementById('size').addEventListener('input', () => window.__inputs++);
      return { x: r.x, y: r.y + r.height / 2, width: r.width };
    });
    const at = (f) => ({ type: 'pointerMove', x: Math.round(box.x + box.width * f), y: Math.round(box.y), duration: 10 });
    // Back and forth for a few seconds, as a person hesitating would, letting go four fifths along.
    const sweeps = [];
    for (let i = 0; i < 400; i++) sweeps.push(at(i % 80 < 40 ? (i % 40) / 40 : 1 - (i % 40) / 40));
    await ff.actions([
      {
        type: 'pointer',
        id: 'mouse',
        parameters: { pointerType: 'mouse' },
        actions: [at(0.5), { type: 'pointerDown', button: 0 }, ...sweeps, at(0.8), { type: 'pointerUp', button: 0 }],
      },
    ]);
    await ff.releaseActions();
    const final = Number(await ff.run(() => document.getElementById('size').value));
    assert.ok((await ff.run(() => window.__inputs)) > 120, 'more changes than storage.sync takes in a minute');
    assert.notEqual(final, 20, 'moved off the default');
    await ff.waitFor(async (v) => (await browser.storage.sync.get('reader')).reader?.size === v, {}, final);
    assert.equal(await ff.run(() => document.getElementById('saved').textContent), 'Saved.');
    await ff.goto(await optionsUrl());
    await ff.waitFor((v) => document.getElementById('size').value === String(v), {}, final);
    await ff.run(() => browser.storage.sync.remove('reader')); // the default again, for the tests after this one
    await ff.closeTab();
    await ff.switchTo(page);
  });

  it('follows a single-page site from story to story with pushState and Back', async () => {
    await ff.goto(server.url('live/spa'));
    await ff.waitFor(() => !document.getElementById('related').checkVisibility());
    await ff.click('#next'); // pushState, and the page renders the next story in place
    await ff.waitFor(() => document.getElementById('newsletter') && !document.getElementById('newsletter').checkVisibility());
    // (A site rule learnt from earlier pages may hide the new box before the analysis puts back
    // what left: wait for it.)
    await ff.waitFor(() => window.__related.getAttribute('style') === null);
    assert.ok((await readerHtml()).includes('Work to replace the swing bridge'), 'reader shows the new story');
    await ff.call('POST', `${ff.path}/back`, {});
    await ff.waitFor(() => document.getElementById('related') && !document.getElementById('related').checkVisibility());
    await ff.waitFor(() => window.__newsletter.getAttribute('style') === null);
    const html = await readerHtml();
    assert.ok(html.includes('A Carnegie library that was once earmarked'), 'reader shows the first story again');
    assert.ok(!html.includes('Work to replace the swing bridge'));
  });

  it('hides the clutter inside a web component’s open shadow root and keeps its story; reader mode shows it', async () => {
    await ff.goto(server.url('live/shadow'));
    await ff.waitFor(hiddenInRoot, {}, 'promo');
    assert.equal(await ff.run(hiddenInRoot, 'related'), true, 'related links in the root hidden');
    assert.equal(await ff.run(hiddenInRoot, 'story'), false, 'the story shown');
    // After the host in the document: found by an index that counts the root's elements.
    assert.equal(await ff.run(isVisible, '#most-read'), false, 'the most-read box after the host hidden');
    assert.equal(await ff.run(isVisible, '#byline'), true, 'the slotted byline shown');
    const html = await readerHtml();
    assert.ok(html.includes(SHADOW_STORY) && html.includes(SHADOW_STORY_END), 'the story in the reader');
    assert.ok(!html.includes('Sign up to our morning briefing') && !html.includes('Harbour dredging plan'));
    // A paragraph the component adds later: the root is watched, so the kept article is stale.
    const late = 'A late paragraph in the component says the crew will hold a second open day next summer.';
    await ff.run(appendToShadowStory, late);
    assert.ok((await readerHtml()).includes(late), 'the reader shows what the root gained');
  });

  it('puts a page and its shadow root back exactly when switched off; reader mode asks the core for the story', async () => {
    const { article, options } = await switchOffInOptions();
    await ff.goto(server.url('live/shadow'));
    await ff.waitFor(() => document.readyState === 'complete' && Boolean(document.getElementById('host').shadowRoot));
    await new Promise((ok) => setTimeout(ok, 500));
    const before = await ff.run(withRoot);
    // Off: nothing is kept, reader mode asks the core about the page as it is.
    const html = await readerHtml();
    assert.ok(html.includes(SHADOW_STORY) && html.includes(SHADOW_STORY_END), 'the story in the reader');
    assert.equal(await ff.run(withRoot), before);
    await ff.switchTo(options);
    await ff.click('#enabled'); // on
    await ff.switchTo(article);
    await ff.waitFor(hiddenInRoot, {}, 'promo');
    assert.notEqual(await ff.run(withRoot), before);
    await ff.switchTo(options);
    await ff.click('#enabled'); // off again
    await ff.switchTo(article);
    await ff.waitFor((id) => document.getElementById('host').shadowRoot.getElementById(id).checkVisibility(), {}, 'promo');
    assert.equal(await ff.run(withRoot), before);
    // On again, and the options tab closed, for the tests after this one.
    await ff.switchTo(options);
    await ff.click('#enabled');
    await ff.closeTab();
    await ff.switchTo(article);
  });

  it('the options page switches de-clutter off and the open page is restored byte for byte', async () => {
    const { article, options } = await switchOffInOptions();
    await ff.goto(server.url('mission-example'));
    await ff.waitFor(() => document.readyState === 'complete');
    await new Promise((ok) => setTimeout(ok, 500));
    assert.equal(await ff.run(hiddenByUs), 0, 'off: nothing hidden');
    const before = await ff.run(serialized);
    await ff.switchTo(options);
    await ff.click('#enabled'); // on
    await ff.switchTo(article);
    await ff.waitFor(hiddenByUs);
    assert.notEqual(await ff.run(serialized), before);
    await ff.switchTo(options);
    await ff.click('#enabled'); // off again
    await ff.switchTo(article);
    await ff.waitFor(() => document.querySelectorAll('[style*="none !important"]').length === 0);
    assert.equal(await ff.run(serialized), before);
  });
});
