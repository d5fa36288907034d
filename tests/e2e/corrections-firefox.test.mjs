// Corrections that stick in headless Firefox ESR (geckodriver, temporary add-on from
// dist/extension-firefox). Needs `./build.sh build`.
//
// Driven by the keyboard, as a person without the context menu does: the extension's shortcuts
// are pressed in the browser window (Alt+Shift+X: hide a box, Alt+Shift+W: show hidden boxes,
// Alt+Shift+Z: undo; Alt+Shift+H and S would open Firefox's Help and History menus on Linux), the pointer is moved over the box, arrow keys, Enter and Escape in the page;
// then a reload and a second page of the same site (tests/fixtures/live/site).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ACTION_BUTTON as BUTTON, inChromeContext, launchFirefoxWithExtension } from './support/firefox.mjs';
import { serveFixtures, EXTENSION } from './support/fixtures.mjs';

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
const PAGES = ['live/site/harbour-ferry', 'live/site/bridge-works', 'live/site/market-hall'];
let server;
let ff;

before(async () => {
  server = await serveFixtures();
  ff = await launchFirefoxWithExtension(EXTENSION.firefox);
});
after(async () => {
  await ff?.close();
  await server?.close();
});

const title = () => inChromeContext(ff, () => ff.run((sel) => document.querySelector(sel).getAttribute('tooltiptext'), BUTTON));
async function settled() {
  for (let i = 0; i < 100; i++) {
    if (/clutter block|nothing to hide/.test(await title())) return;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  throw new Error('no verdict on the toolbar');
}
async function open(name) {
  await ff.goto(server.url(name));
  await settled();
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
});
