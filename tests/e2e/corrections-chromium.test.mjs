// Corrections that stick, site rules and "always open reader mode on this site", in headless
// Chromium (playwright-core, the unpacked dist/extension-chromium). Needs `./build.sh build`.
//
// Driven as a person does: a right click on the box, the context menu's entry (its real listener,
// fired from the service worker with the tab, as the browser does), the picker with the mouse
// and the keyboard; then a reload and a second page of the same site
// (tests/fixtures/live/site: three stories of one site, with volatile class names that differ
// from page to page). Last, the picker and the options page's overview in French.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, isolateNetwork } from './support/chromium.mjs';
import { actionState, getSettings, readerView, setSettings, trigger, until } from './support/extension.mjs';
import { serveFixtures, EXTENSION } from './support/fixtures.mjs';

let browser;
let server;
let worker;
let context;

before(async () => {
  server = await serveFixtures();
  browser = await launchChromium({ extension: EXTENSION.chromium });
  ({ context, worker } = browser);
  await isolateNetwork(context, server.origin);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const PAGES = ['live/site/harbour-ferry', 'live/site/bridge-works', 'live/site/market-hall'];
const WEATHER = '.weather-widget';
const NEWSLETTER = '.newsletter-signup';
const MOST_READ = '.most-read';

/** Whether each box shows (checkVisibility: an ancestor or a style sheet may hide it). */
const visible = (page, selector) => page.evaluate((s) => document.querySelector(s).checkVisibility(), selector);
const boxes = async (page) => ({
  weather: await visible(page, WEATHER),
  newsletter: await visible(page, NEWSLETTER),
  mostRead: await visible(page, MOST_READ),
});
const pickerOpen = (page) => page.evaluate(() => Boolean(document.querySelector('declutter-picker')));
/** The extension's verdict is on the toolbar (the analysis is done). */
const settled = async () =>
  until(async () => /clutter block|nothing to hide|reader mode\. Click/.test((await actionState(worker)).title), {
    what: 'verdict',
  });

async function open(page, name) {
  await page.goto(server.url(name));
  await settled();
}

/** The page's context menu on `selector`, then one of its entries (of the extension whose
 * service worker is `from`). */
async function contextMenu(page, selector, item, from = worker) {
  await page.click(selector, { button: 'right' });
  await trigger(from, `menu:${item}`, { pageUrl: page.url() });
  await until(() => pickerOpen(page), { what: 'picker' });
}

/** The site's first page, with the weather box hidden as a person does it: context menu on its
 * heading, "Hide a box", ↑ to the whole box, Enter. */
async function pageWithWeatherHidden() {
  const page = await context.newPage();
  await open(page, PAGES[0]);
  await contextMenu(page, `${WEATHER} h3`, 'declutter-hide');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await until(async () => !(await visible(page, WEATHER)), { what: 'weather box hidden' });
  return page;
}

const local = (from = worker) => from.evaluate(() => chrome.storage.local.get(null));

describe('corrections in Chromium', () => {
  it('hide this and show this stick on reload and on another page of the site; undo; Escape cancels', async () => {
    const page = await context.newPage();
    await open(page, PAGES[0]);
    // The core hides the newsletter box and the most-read list, and keeps the weather box.
    assert.deepEqual(await boxes(page), { weather: true, newsletter: false, mostRead: false });

    // Escape cancels a pick: nothing changes.
    await contextMenu(page, `${WEATHER} h3`, 'declutter-hide');
    await page.keyboard.press('Escape');
    await until(async () => !(await pickerOpen(page)));
    assert.deepEqual(await boxes(page), { weather: true, newsletter: false, mostRead: false });

    // Hide this: right click on the weather box's heading, "Hide a box", ↑ to the whole box, Enter.
    await contextMenu(page, `${WEATHER} h3`, 'declutter-hide');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await until(async () => !(await visible(page, WEATHER)), { what: 'weather box hidden' });
    assert.equal(await pickerOpen(page), false);
    await until(async () => (await actionState(worker)).badge === '3', { what: 'badge counts the correction' });

    // Show this: "Show hidden boxes" reveals them; a click on the newsletter box brings it back.
    await contextMenu(page, 'h1', 'declutter-show');
    assert.equal(await visible(page, NEWSLETTER), true, 'hidden boxes are revealed while picking');
    await page.click(`${NEWSLETTER} p`);
    await until(async () => !(await pickerOpen(page)));
    assert.deepEqual(await boxes(page), { weather: false, newsletter: true, mostRead: false });

    // Both are stored for the site, with a selector that does not use the page's volatile names.
    const stored = await until(async () => (await local())['site:127.0.0.1']?.corrections?.length === 2 && local());
    const corrections = stored['site:127.0.0.1'].corrections.map(({ action, selector }) => [action, selector]);
    assert.deepEqual(corrections, [
      ['hide', 'div.weather-widget'],
      ['show', 'div.newsletter-signup'],
    ]);

    // A reload, then the site's second and third pages (other volatile class names): the
    // corrections win over the core there too.
    await page.reload();
    await settled();
    assert.deepEqual(await boxes(page), { weather: false, newsletter: true, mostRead: false }, 'after a reload');
    for (const name of PAGES.slice(1)) {
      await open(page, name);
      assert.deepEqual(await boxes(page), { weather: false, newsletter: true, mostRead: false }, name);
    }

    // Undo: the last correction (show the newsletter) is taken back, on the page at once.
    await trigger(worker, 'menu:declutter-undo', { pageUrl: page.url() });
    await until(async () => !(await visible(page, NEWSLETTER)), { what: 'undo hides the newsletter again' });
    assert.deepEqual(await boxes(page), { weather: false, newsletter: false, mostRead: false });

    // Showing what a person hid takes that correction back (and nothing is left to undo it twice).
    await contextMenu(page, 'h1', 'declutter-show');
    await page.click(`${WEATHER} p`);
    await until(() => visible(page, WEATHER), { what: 'weather box back' });
    await until(async () => (await local())['site:127.0.0.1']?.corrections?.length === 0, { what: 'correction removed' });
    await page.close();
  });

  it('switching the site off puts the page back exactly, with the corrections kept', async () => {
    const page = await pageWithWeatherHidden();
    const served = await (await fetch(server.url(PAGES[0]))).text();
    await setSettings(worker, { sites: { '127.0.0.1': false } });
    await until(async () => /off for this site/.test((await actionState(worker)).title));
    assert.deepEqual(await boxes(page), { weather: true, newsletter: true, mostRead: true });
    const sheets = await page.evaluate(() => document.adoptedStyleSheets.length);
    assert.equal(sheets, 0, 'no style sheet of ours is left on the page');
    // The body as served (the parser's own normalisation aside): no attribute of ours left.
    const body = await page.evaluate(() => document.body.outerHTML);
    assert.equal(body.includes('style='), false);
    assert.ok(served.includes('weather-widget'));
    await setSettings(worker, { sites: {} });
    await until(async () => !(await visible(page, WEATHER)), { what: 'on again: the correction applies' });
    await page.close();
  });

  it('learns site rules from two pages and applies them before the third page paints; a rule hiding story text is lifted, then dropped', async () => {
    await worker.evaluate(() => chrome.storage.local.clear());
    const page = await context.newPage();
    // What showed at DOMContentLoaded, before the content script's analysis at document_idle,
    // as the site's own head script (site.js, served late, parser-blocking) noted it.
    const atDomContentLoaded = () =>
      page.evaluate(() => {
        const { newsletter, mostRead, story } = window.__atDomContentLoaded;
        return { newsletter, mostRead, story };
      });
    await open(page, PAGES[0]);
    assert.deepEqual(await atDomContentLoaded(), {
      newsletter: 'shown',
      mostRead: 'shown',
      story: 'shown',
    });
    await open(page, PAGES[1]);
    const learned = await until(async () => (await local())['site:127.0.0.1']?.learned?.length === 2 && local(), {
      what: 'two rules learnt',
    });
    assert.deepEqual(learned['site:127.0.0.1'].learned.map((l) => l.selector).sort(), [
      'div.newsletter-signup',
      'section.most-read',
    ]);

    // The third page: known clutter is hidden before the page is parsed to its end.
    await open(page, PAGES[2]);
    assert.deepEqual(await atDomContentLoaded(), {
      newsletter: 'sheet',
      mostRead: 'sheet',
      story: 'shown',
    });

    // A learnt rule that hides story text (as after a site's redesign): lifted on the page at
    // once, and dropped when it happens again; the other rule stays.
    await worker.evaluate(async () => {
      const { 'site:127.0.0.1': r } = await chrome.storage.local.get('site:127.0.0.1');
      r.learned.push({ selector: 'article.story', rule: 'planted', at: Date.now(), strikes: 0 });
      await chrome.storage.local.set({ 'site:127.0.0.1': r });
    });
    await open(page, PAGES[2]);
    assert.equal((await atDomContentLoaded()).story, 'sheet', 'applied before the analysis');
    await until(() => visible(page, 'article.story p'), { what: 'lifted after the analysis' });
    const struck = await until(
      async () => (await local())['site:127.0.0.1'].learned.find((l) => l.selector === 'article.story')?.strikes === 1,
      {
        what: 'one strike',
      },
    );
    assert.ok(struck);
    await open(page, PAGES[0]);
    await until(() => visible(page, 'article.story p'));
    await until(async () => !(await local())['site:127.0.0.1'].learned.some((l) => l.selector === 'article.story'), {
      what: 'dropped',
    });
    const after = (await local())['site:127.0.0.1'];
    assert.deepEqual(after.dropped, ['article.story']);
    assert.equal(after.learned.length, 2);
    await open(page, PAGES[1]);
    assert.equal((await atDomContentLoaded()).story, 'shown', 'not applied any more');
    await page.close();
  });

  it('always opens reader mode on the site once chosen in the context menu; leaving works as before', async () => {
    const page = await context.newPage();
    await open(page, PAGES[0]);
    await trigger(worker, 'menu:declutter-reader-site', { pageUrl: page.url(), checked: true });
    await until(async () => (await getSettings(worker)).readerSites?.['127.0.0.1'] === true, { what: 'setting stored' });
    const readerOpen = () => page.evaluate(() => Boolean(document.querySelector('declutter-reader')));
    assert.equal(await readerOpen(), false, 'the page it was chosen on stays as it is');
    await page.goto(server.url(PAGES[1]));
    await until(readerOpen, { what: 'reader mode by itself' });
    await page.keyboard.press('Escape');
    await until(async () => /clutter block/.test((await actionState(worker)).title), { what: 'left reader mode' });
    assert.equal(await readerOpen(), false);
    // A page that is not a story (the site's other pages keep theirs) does not open it.
    await page.goto(server.url('product-page'));
    await until(async () => /not a story page/.test((await actionState(worker)).title));
    assert.equal(await readerOpen(), false);
    await trigger(worker, 'menu:declutter-reader-site', { pageUrl: page.url(), checked: false });
    await until(async () => !(await getSettings(worker)).readerSites?.['127.0.0.1']);
    await open(page, PAGES[2]);
    assert.equal(await readerOpen(), false);
    await page.close();
  });

  it('the options page lists each site’s corrections with their text; remove, export and import', async () => {
    await worker.evaluate(() => chrome.storage.local.clear());
    const page = await pageWithWeatherHidden();
    const options = await context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    const item = options.locator('#corrections .correction');
    await until(async () => (await item.count()) === 1, { what: 'listed' });
    assert.match(await item.textContent(), /Hidden div\.weather-widget “Harbour weather Sunny spells/);
    // Export: the browser's download of the file the page makes.
    const [download] = await Promise.all([options.waitForEvent('download'), options.click('#export')]);
    const exported = JSON.parse(await streamText(await download.createReadStream()));
    assert.deepEqual(
      exported.sites['127.0.0.1'].corrections.map((c) => [c.action, c.selector]),
      [['hide', 'div.weather-widget']],
    );
    // Remove: the page shows the box again at once.
    await item.locator('button').click();
    await until(async () => (await item.count()) === 0, { what: 'removed from the list' });
    await until(() => visible(page, WEATHER), { what: 'the box is back on the open page' });
    // Import the file: the correction is back, and applies.
    await options.setInputFiles('#import', {
      name: 'declutter-corrections.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(exported)),
    });
    await until(async () => (await item.count()) === 1, { what: 'imported' });
    await until(async () => !(await visible(page, WEATHER)), { what: 'the imported correction applies' });
    await options.close();
    await page.close();
  });
});

describe('corrections in French (Chromium, interface language fr)', () => {
  let fr;
  before(async () => {
    fr = await launchChromium({ extension: EXTENSION.chromium, language: 'fr' });
    await isolateNetwork(fr.context, server.origin);
  });
  after(() => fr?.close());

  it('the picker and the overview of corrections speak French, with French plural forms', async () => {
    const page = await fr.context.newPage();
    await page.goto(server.url(PAGES[0]));
    await until(async () => /blocs superflus masqués/.test((await actionState(fr.worker)).title), { what: 'verdict' });
    await contextMenu(page, `${WEATHER} h3`, 'declutter-hide', fr.worker);
    const picker = await readerView(fr.context, page, 'DECLUTTER-PICKER');
    await picker.detach();
    assert.match(
      picker.html,
      /<div class="bar" role="status" lang="fr">Masquer ce bloc : cliquez dessus ou appuyez sur Entrée\. Flèches : ↑ plus grand/,
    );
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await until(async () => !(await visible(page, WEATHER)), { what: 'weather box hidden' });

    const options = await fr.context.newPage();
    await options.goto(`chrome-extension://${fr.extensionId}/options.html`);
    const site = options.locator('#corrections .site');
    await until(async () => (await site.count()) === 1, { what: 'listed' });
    const hint = options
      .locator('section', { has: options.locator('#corrections') })
      .locator('p.hint')
      .first();
    assert.match(await hint.textContent(), /^Ce que vous avez masqué ou rétabli/);
    assert.match(
      await site.locator('.correction').textContent(),
      /^Masqué div\.weather-widget « Harbour weather Sunny spells.* » Supprimer$/,
    );
    // French counts 0 as one: "0 règle apprise", where English's rule would give "0 règles apprises".
    assert.equal(await site.locator('p.hint').textContent(), '0 règle apprise');
    await options.getByRole('textbox', { name: 'Site toujours ouvert en mode lecture' }).fill('news.example.org');
    await options.getByRole('button', { name: 'Toujours en mode lecture' }).click();
    const readerSite = options.locator('#readers .reader-site');
    await until(async () => (await readerSite.count()) === 1, { what: 'reader site listed' });
    assert.equal(await readerSite.textContent(), 'news.example.org : toujours ouvrir en mode lecture Supprimer');
    const { corrections } = (await local(fr.worker))['site:127.0.0.1'];
    await options.setInputFiles('#import', {
      name: 'declutter-corrections.json',
      mimeType: 'application/json',
      buffer: Buffer.from(
        JSON.stringify({
          format: 'declutter-corrections',
          version: 1,
          sites: { '127.0.0.1': { corrections }, 'news.example.org': { corrections } },
        }),
      ),
    });
    await until(
      async () => (await options.locator('#corrections-status').textContent()) === 'Corrections importées pour 2 sites.',
      {
        what: 'import status',
      },
    );
    await options.close();
    await page.close();
  });
});

async function streamText(stream) {
  let text = '';
  for await (const chunk of stream) text += chunk;
  return text;
}
