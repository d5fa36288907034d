// Corrections that stick in headless Firefox ESR (geckodriver, temporary add-on from
// dist/extension-firefox). Needs `./build.sh build`.
//
// Driven by the keyboard, as a person without the context menu does: the extension's shortcuts
// are pressed in the browser window (Alt+Shift+X: hide a box, Alt+Shift+W: show hidden boxes,
// Alt+Shift+Z: undo; Alt+Shift+H and S would open Firefox's Help and History menus on Linux), the pointer is moved over the box, arrow keys, Enter and Escape in the page;
// then a reload and a second page of the same site (tests/fixtures/live/site). Last, the picker
// and the options page's overview in German (Debian's firefox-esr-l10n-de).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ACTION_BUTTON as BUTTON, ADDON_ID, inChromeContext, launchFirefoxWithExtension } from './support/firefox.mjs';
import { serveFixtures, EXTENSION } from './support/fixtures.mjs';

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
const PAGES = ['live/site/harbour-ferry', 'live/site/bridge-works', 'live/site/market-hall'];
let server;
let ff;

before(async () => {
  server = await serveFixtures();
});
after(() => server?.close());

/** Each describe has a Firefox of its own, `prefs` in its profile, in `ff` while it runs. */
function withFirefox(prefs) {
  before(async () => {
    ff = await launchFirefoxWithExtension(EXTENSION.firefox, prefs);
  });
  after(() => ff?.close());
}

const title = () => inChromeContext(ff, () => ff.run((sel) => document.querySelector(sel).getAttribute('tooltiptext'), BUTTON));
/** Waits for the extension's verdict on the toolbar (`verdict`: in the interface's language). */
async function settled(verdict = /clutter block|nothing to hide/) {
  for (let i = 0; i < 100; i++) {
    if (verdict.test(await title())) return;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  throw new Error('no verdict on the toolbar');
}
async function open(name) {
  await ff.goto(server.url(name));
  await settled();
}

/** Runs `fn` on the options page, in a tab of its own, then back on the page's tab. */
async function inOptions(fn) {
  const back = await ff.currentTab();
  const url = await inChromeContext(ff, () => ff.run((id) => WebExtensionPolicy.getByID(id).getURL('options.html'), ADDON_ID));
  const tab = await ff.newTab();
  await ff.switchTo(tab);
  await ff.goto(url);
  try {
    return await fn();
  } finally {
    await ff.closeTab();
    await ff.switchTo(back);
  }
}
/** storage.local, read on the options page until `done(all)` holds. */
async function waitForLocal(done) {
  for (let i = 0; i < 100; i++) {
    const all = await inOptions(() => ff.run(() => browser.storage.local.get(null)));
    if (done(all)) return all;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  throw new Error(`timed out waiting for ${done}`);
}

const boxes = () =>
  ff.run(() => {
    const v = (s) => document.querySelector(s).checkVisibility();
    return { weather: v('.weather-widget'), newsletter: v('.newsletter-signup'), mostRead: v('.most-read') };
  });
const pickerOpen = () => ff.run(() => Boolean(document.querySelector('declutter-picker')));
/** One of the extension's shortcuts, pressed in the browser window. */
const shortcut = async (key) => {
  await inChromeContext(ff, () => ff.press('Alt', 'Shift', key));
  await ff.waitFor(() => Boolean(document.querySelector('declutter-picker')));
};
/** Moves the pointer over the first element matching `selector`. */
async function pointAt(selector) {
  const el = await ff.call('POST', `${ff.path}/element`, { using: 'css selector', value: selector });
  await ff.actions([
    {
      type: 'pointer',
      id: 'mouse',
      parameters: { pointerType: 'mouse' },
      actions: [{ type: 'pointerMove', origin: { [ELEMENT]: el[ELEMENT] }, x: 0, y: 0 }],
    },
  ]);
}

describe('corrections in Firefox', () => {
  withFirefox();

  it('hide this and show this by keyboard stick on reload and on another page of the site; undo; Escape cancels', async () => {
    await open(PAGES[0]);
    assert.deepEqual(await boxes(), { weather: true, newsletter: false, mostRead: false });

    // Escape cancels.
    await shortcut('X');
    await pointAt('h1');
    await ff.press('Escape');
    await ff.waitFor(() => !document.querySelector('declutter-picker'));
    assert.deepEqual(await boxes(), { weather: true, newsletter: false, mostRead: false });

    // Hide: the pointer over the weather box's heading, ↑ to the whole box, Enter.
    await shortcut('X');
    await pointAt('.weather-widget h3');
    await ff.press('\uE013'); // ArrowUp
    await ff.press('\uE007'); // Enter
    await ff.waitFor(() => !document.querySelector('.weather-widget').checkVisibility());
    assert.equal(await pickerOpen(), false);

    // Show: the hidden boxes are revealed; → moves between them (newsletter first, in page
    // order), Enter brings it back.
    await shortcut('W');
    assert.equal((await boxes()).newsletter, true, 'revealed while picking');
    await ff.press('\uE007');
    await ff.waitFor(() => !document.querySelector('declutter-picker'));
    assert.deepEqual(await boxes(), { weather: false, newsletter: true, mostRead: false });

    // A reload and the site's other pages (other volatile class names).
    await ff.goto(server.url(PAGES[0]));
    await settled();
    assert.deepEqual(await boxes(), { weather: false, newsletter: true, mostRead: false }, 'after a reload');
    for (const name of PAGES.slice(1)) {
      await open(name);
      assert.deepEqual(await boxes(), { weather: false, newsletter: true, mostRead: false }, name);
    }

    // Undo takes back the last correction (the newsletter shown) on the open page.
    await inChromeContext(ff, () => ff.press('Alt', 'Shift', 'Z'));
    await ff.waitFor(() => !document.querySelector('.newsletter-signup').checkVisibility());
    assert.deepEqual(await boxes(), { weather: false, newsletter: false, mostRead: false });
  });

  it('learns site rules from two pages and applies them before the third page is parsed; a rule hiding story text is lifted, then dropped', async () => {
    const atDomContentLoaded = () =>
      ff.run(() => {
        const { newsletter, mostRead, story } = window.__atDomContentLoaded;
        return { newsletter, mostRead, story };
      });
    await inOptions(() => ff.run(() => browser.storage.local.clear()));
    await open(PAGES[0]);
    assert.deepEqual(await atDomContentLoaded(), { newsletter: 'shown', mostRead: 'shown', story: 'shown' });
    await open(PAGES[1]);
    const learned = await waitForLocal((all) => all['site:127.0.0.1']?.learned?.length === 2);
    assert.deepEqual(learned['site:127.0.0.1'].learned.map((l) => l.selector).sort(), [
      'div.newsletter-signup',
      'section.most-read',
    ]);
    // The site's head script (served late, parser-blocking) saw them hidden at DOMContentLoaded.
    await open(PAGES[2]);
    assert.deepEqual(await atDomContentLoaded(), { newsletter: 'sheet', mostRead: 'sheet', story: 'shown' });

    // A planted learnt rule over the story: applied early, lifted by the analysis, then dropped.
    await inOptions(() =>
      ff.run(async () => {
        const { 'site:127.0.0.1': r } = await browser.storage.local.get('site:127.0.0.1');
        r.learned.push({ selector: 'article.story', rule: 'planted', at: Date.now(), strikes: 0 });
        await browser.storage.local.set({ 'site:127.0.0.1': r });
      }),
    );
    await open(PAGES[2]);
    assert.equal((await atDomContentLoaded()).story, 'sheet');
    await ff.waitFor(() => document.querySelector('article.story p').checkVisibility());
    await waitForLocal((all) => all['site:127.0.0.1'].learned.find((l) => l.selector === 'article.story')?.strikes === 1);
    await open(PAGES[0]);
    await ff.waitFor(() => document.querySelector('article.story p').checkVisibility());
    const after = await waitForLocal((all) => !all['site:127.0.0.1'].learned.some((l) => l.selector === 'article.story'));
    assert.deepEqual(after['site:127.0.0.1'].dropped, ['article.story']);
    await open(PAGES[1]);
    assert.equal((await atDomContentLoaded()).story, 'shown');
  });

  it('the options page: a site that always opens in reader mode; corrections listed, removed, exported and imported', async () => {
    await open(PAGES[0]);
    // A correction to list: the weather box hidden.
    await shortcut('X');
    await pointAt('.weather-widget h3');
    await ff.press('\uE013');
    await ff.press('\uE007');
    await ff.waitFor(() => !document.querySelector('.weather-widget').checkVisibility());

    await inOptions(async () => {
      await ff.waitFor(() => document.querySelector('#corrections .correction'));
      const listed = await ff.run(() => [...document.querySelectorAll('#corrections .correction')].map((li) => li.textContent));
      assert.equal(listed.length, 1);
      assert.match(listed[0], /Hidden div\.weather-widget “Harbour weather Sunny spells/);
      await ff.type('#reader-host', '127.0.0.1');
      await ff.click('#add-reader');
      await ff.waitFor(() => document.querySelector('#readers .reader-site'));
    });
    // Reader mode opens by itself on the site's story pages; Escape leaves it as before.
    await ff.goto(server.url(PAGES[1]));
    await ff.waitFor(() => Boolean(document.querySelector('declutter-reader')));
    await ff.press('Escape');
    await ff.waitFor(() => !document.querySelector('declutter-reader'));
    assert.equal(await ff.run(() => document.querySelector('.weather-widget').checkVisibility()), false, 'the correction holds');

    await inOptions(async () => {
      // (The page lists what storage holds once it has read it.)
      await ff.waitFor(() => document.querySelector('#readers .reader-site button'));
      await ff.click('#readers .reader-site button');
      await ff.waitFor(() => !document.querySelector('#readers .reader-site'));
      // Export: the file's JSON, as the page builds it for the download.
      const exported = await ff.run(async () => {
        let blob = null;
        const create = URL.createObjectURL;
        URL.createObjectURL = (b) => ((blob = b), create(b));
        HTMLAnchorElement.prototype.click = () => {};
        document.getElementById('export').click();
        for (let i = 0; i < 50 && !blob; i++) await new Promise((ok) => setTimeout(ok, 20));
        return blob ? JSON.parse(await blob.text()) : null;
      });
      assert.equal(exported.format, 'declutter-corrections');
      assert.deepEqual(
        exported.sites['127.0.0.1'].corrections.map((c) => [c.action, c.selector]),
        [['hide', 'div.weather-widget']],
      );
      // Remove it, then import the file back.
      await ff.waitFor(() => document.querySelector('#corrections .correction button'));
      await ff.click('#corrections .correction button');
      await ff.waitFor(() => !document.querySelector('#corrections .correction'));
      await ff.run((data) => {
        const input = document.getElementById('import');
        const dt = new DataTransfer();
        dt.items.add(new File([JSON.stringify(data)], 'declutter-corrections.json', { type: 'application/json' }));
        input.files = dt.files;
        input.dispatchEvent(new Event('change'));
      }, exported);
      await ff.waitFor(() => document.querySelector('#corrections .correction'));
    });
    await open(PAGES[2]);
    assert.equal(
      await ff.run(() => document.querySelector('.weather-widget').checkVisibility()),
      false,
      'imported correction applies',
    );
    assert.equal(
      await ff.run(() => Boolean(document.querySelector('declutter-reader'))),
      false,
      'reader mode no longer by itself',
    );
  });
});

describe('corrections in German (Firefox, interface language de)', () => {
  withFirefox({ 'intl.locale.requested': 'de' });

  it('the picker and the overview of corrections speak German', async () => {
    await ff.goto(server.url(PAGES[0]));
    await settled(/störende Blöcke ausgeblendet/);
    // Show hidden boxes: the picker's hint, from its closed shadow root.
    await shortcut('W');
    const bar = await ff.run(
      (root) => {
        const bar = root.querySelector('.bar');
        return { lang: bar.lang, text: bar.textContent };
      },
      await ff.shadowRoot('declutter-picker'),
    );
    assert.deepEqual(bar, {
      lang: 'de',
      text: 'Einen ausgeblendeten Kasten wieder zeigen: anklicken oder Eingabe drücken. ← → nächster. Esc: abbrechen.',
    });
    await ff.press('\uE007'); // Enter: the newsletter box, first in page order, comes back
    await ff.waitFor(() => !document.querySelector('declutter-picker'));

    await inOptions(async () => {
      await ff.waitFor(() => document.querySelector('#corrections .correction'));
      const overview = await ff.run(() => ({
        heading: document.getElementById('corrections').closest('section').querySelector('h2').textContent,
        correction: document.querySelector('#corrections .correction').textContent,
        learned: document.querySelector('#corrections .site p.hint').textContent,
        buttons: [...document.querySelectorAll('#corrections button')].map((b) => b.textContent),
        exportButton: document.getElementById('export').textContent,
      }));
      assert.equal(overview.heading, 'Korrekturen');
      assert.match(overview.correction, /^Eingeblendet div\.newsletter-signup „.+“ Entfernen$/);
      assert.equal(overview.learned, '0 gelernte Regeln');
      assert.deepEqual(overview.buttons, ['Entfernen', 'Diese Website vergessen']);
      assert.equal(overview.exportButton, 'Korrekturen exportieren (JSON)');
    });
  });
});
