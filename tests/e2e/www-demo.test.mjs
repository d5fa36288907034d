// The www/ demo in headless Chromium: it shows what the core decided and why, runs nothing from
// the sample pages, and requests nothing but its own files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { start, openDemo, showSample, analyzeSample, countLabels, WWW } from './www-support/demo.mjs';

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.stop();
});

const MISSION = 'mission-example.html';
const overlayFrame = async (page) => (await page.$('#overlay-frame')).contentFrame();

/** The label of the outlined block that contains the innermost element whose text has `text`. */
async function labelAround(frame, text) {
  return frame.evaluate((t) => {
    const hits = [...document.body.querySelectorAll('*')].filter((e) => e.textContent.includes(t));
    const innermost = hits.find((e) => ![...e.children].some((c) => c.textContent.includes(t)));
    return innermost?.closest('[data-dc-label]')?.dataset.dcLabel ?? null;
  }, text);
}

test('the legend and the outlines count exactly the labels the core gives the mission example', async () => {
  const { page, errors } = await openDemo(env);
  const core = await analyzeSample(MISSION, `${env.url}/samples/${MISSION}`);
  const expected = countLabels(core.blocks.map((b) => b.label));

  const legend = Object.fromEntries(
    await page.$$eval('#legend li', (lis) =>
      lis.map((li) => [li.dataset.label, Number(li.querySelector('.count').textContent)]).filter(([, n]) => n > 0),
    ),
  );
  assert.deepEqual(legend, expected);

  // Blocks that are loose text in <body> are not outlined (that would outline the whole page).
  const outlinable = core.blocks.filter((b) => !['body', 'html'].includes(b.features.tag));
  const outlined = await (
    await overlayFrame(page)
  ).$$eval('[data-dc-block]', (els) =>
    els.map((e) => ({ i: Number(e.dataset.dcBlock), label: e.dataset.dcLabel, tag: e.localName })),
  );
  assert.deepEqual(countLabels(outlined.map((o) => o.label)), countLabels(outlinable.map((b) => b.label)));
  for (const o of outlined) assert.equal(o.tag, core.blocks[o.i].features.tag, `block ${o.i} outlines the right element`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('every block of every sample is outlined on its own element', async () => {
  const { page } = await openDemo(env);
  const files = JSON.parse(readFileSync(`${WWW}/samples/index.json`, 'utf8'));
  for (const file of files) {
    await showSample(page, file);
    const core = await analyzeSample(file, `${env.url}/samples/${file}`);
    const outlinable = core.blocks.map((b, i) => [b, i]).filter(([b]) => !['body', 'html'].includes(b.features.tag));
    const outlined = await (
      await overlayFrame(page)
    ).$$eval('[data-dc-block]', (els) => Object.fromEntries(els.map((e) => [e.dataset.dcBlock, e.localName])));
    for (const [b, i] of outlinable) assert.equal(outlined[i], b.features.tag, `${file}: block ${i} (${b.selector})`);
  }
  await page.close();
});

test('"fade out what the extension would hide" fades exactly the core\'s hide list', async () => {
  const { page } = await openDemo(env);
  const core = await analyzeSample(MISSION, `${env.url}/samples/${MISSION}`);
  assert.equal(await page.textContent('#dim-count'), `${core.hide.length} containers`);
  const frame = await overlayFrame(page);
  const faded = () => frame.$$eval('[data-dc-hide]', (els) => els.filter((e) => getComputedStyle(e).opacity < 1).length);
  assert.equal(await faded(), 0);
  await page.check('#dim-hidden');
  assert.equal(await faded(), core.hide.length);
  for (const h of core.hide) {
    assert.ok(await frame.$eval(h.selector, (e) => getComputedStyle(e).opacity < 1), `${h.selector} is faded`);
  }
  const story = frame.locator('p', { hasText: 'The UK’s intelligence agency has been forced' });
  assert.equal(await story.evaluate((e) => getComputedStyle(e).opacity), '1', 'the story stays');
  await page.close();
});

test('known blocks of the mission example carry the right label in the overlay', async () => {
  const { page } = await openDemo(env);
  const frame = await overlayFrame(page);
  assert.equal(await labelAround(frame, 'Listen to this article'), 'promo');
  assert.equal(await labelAround(frame, 'MI5 Director General, Ken McCallum. Picture: Alamy'), 'caption');
  assert.equal(await labelAround(frame, 'More Latest News'), 'related-link');
  assert.equal(await labelAround(frame, "Read more: Russia 'to fire its hypersonic"), 'related-link');
  assert.equal(await labelAround(frame, 'MI5 has been left “stretched”'), 'article');
  await page.close();
});

test('the reader view shows the headline and the paragraphs but no "Read more:" line', async () => {
  const { page } = await openDemo(env);
  await page.click('#tab-reader');
  assert.equal(await page.isVisible('#panel-blocks'), false);
  const reader = page.locator('#reader');
  await reader.waitFor();
  assert.equal(
    (await reader.locator('h1').textContent()).trim(),
    "Threat from Russia distracting 'stretched' MI5 from counterterrorism efforts",
  );
  assert.ok((await reader.locator('p').count()) >= 12, 'the story has at least 12 paragraphs');
  const text = await reader.textContent();
  assert.match(text, /MI5 has been left “stretched” as the growing threat from Russia/);
  assert.match(text, /It won’t always be the right approach/);
  assert.doesNotMatch(text, /Read more:/);
  assert.doesNotMatch(text, /Listen to this article/);
  assert.match(await page.textContent('#reader-meta'), /\d+ words · about \d+ min to read/);
  await page.close();
});

test('clicking a block in the page shows its label, score, rule and features', async () => {
  const { page } = await openDemo(env);
  const core = await analyzeSample(MISSION, `${env.url}/samples/${MISSION}`);
  const caption = core.blocks.find((b) => b.text.includes('Picture: Alamy'));
  await (await overlayFrame(page)).getByText('MI5 Director General, Ken McCallum. Picture: Alamy').click();
  const details = page.locator('#details');
  assert.equal(await details.locator('.decision .chip').textContent(), 'caption');
  assert.match(await details.locator('.decision').textContent(), new RegExp(`score ${caption.score.toFixed(2)}`));
  assert.equal(await details.locator('.reason').textContent(), caption.reason);
  assert.equal(await details.locator('.selector').textContent(), caption.selector);
  await details.locator('.features-box summary').click();
  const nearMedia = details.locator('.features tr', { hasText: 'near_media' });
  assert.equal(await nearMedia.locator('td').textContent(), String(caption.features.near_media));
  assert.equal(await page.getAttribute('#block-list button[aria-current]', 'data-index'), String(core.blocks.indexOf(caption)));
  await page.close();
});

test('the block list is keyboard navigable and shows the focused block', async () => {
  const { page } = await openDemo(env);
  const core = await analyzeSample(MISSION, `${env.url}/samples/${MISSION}`);
  await page.focus('#block-list button[data-index="0"]');
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.index), '3');
  assert.equal(
    await page.textContent('#details .block-text'),
    core.blocks[3].text.slice(0, 240) || '(no text: an image or an empty slot)',
  );
  await page.keyboard.press('End');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.index), String(core.blocks.length - 1));
  // The picked block is marked in the overlay too.
  const selected = await (
    await overlayFrame(page)
  ).$eval('[data-dc-selected]', (e) => {
    const box = e.getBoundingClientRect();
    return { i: e.dataset.dcBlock, inView: box.bottom > 0 && box.top < innerHeight };
  });
  assert.deepEqual(selected, { i: String(core.blocks.length - 1), inView: true });
  // Tabs follow the WAI-ARIA pattern: arrow keys move between them.
  await page.focus('#tab-blocks');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.getAttribute('#tab-reader', 'aria-selected'), 'true');
  assert.equal(await page.isVisible('#panel-reader'), true);
  await page.close();
});

test('"Copy as report" puts the report JSON on the clipboard and in the text box', async () => {
  await env.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.url });
  const { page } = await openDemo(env);
  const core = await analyzeSample(MISSION, `${env.url}/samples/${MISSION}`);
  const listen = core.blocks.find((b) => b.text.startsWith('Listen to this article'));
  assert.equal(await page.isDisabled('#copy-report'), true, 'nothing to report before a block is picked');
  await (await overlayFrame(page)).getByText('Listen to this article').click();
  await page.selectOption('#expected', 'article');
  await page.click('#copy-report');
  await page.waitForFunction(() => document.querySelector('#report-text').value !== '');
  const expected = {
    page_url: `${env.url}/samples/${MISSION}`,
    selector: listen.selector,
    label_given: 'promo',
    label_expected: 'article',
    story_page: true,
    gate_reasons: core.page.reasons,
  };
  assert.match(core.page.reasons[0], /declares itself an article/);
  assert.deepEqual(JSON.parse(await page.inputValue('#report-text')), expected);
  assert.deepEqual(JSON.parse(await page.evaluate(() => navigator.clipboard.readText())), expected);
  assert.equal(await page.textContent('#report-status'), 'Copied to the clipboard.');
  await page.close();
});

test('pasted HTML and a local file are analyzed like the samples', async () => {
  const { page } = await openDemo(env);
  await page.click('#paste-box summary');
  await page.click('#paste-form button');
  assert.match(await page.textContent('#status'), /Paste some HTML first/);
  const html = readFileSync(`${WWW}/samples/inline-read-more.html`, 'utf8');
  await page.fill('#paste', html);
  await page.fill('#paste-url', 'https://news.example/story');
  await page.click('#paste-form button');
  await page.waitForSelector('body[data-shown="Pasted HTML"]');
  const core = await analyzeSample('inline-read-more.html', 'https://news.example/story');
  assert.match(await page.textContent('#status'), new RegExp(`${core.blocks.length} blocks`));

  await page.setInputFiles('#file', { name: 'my-page.html', mimeType: 'text/html', buffer: Buffer.from(html) });
  await page.waitForSelector('body[data-shown="my-page.html"]');
  assert.equal(await page.locator('#block-list button').count(), core.blocks.length);
  await page.close();
});

test('a page without an article says so instead of showing a reader view', async () => {
  const { page } = await openDemo(env);
  await page.click('#paste-box summary');
  await page.fill(
    '#paste',
    '<!DOCTYPE html><title>Hello</title><nav><a href="/a">A</a> <a href="/b">B</a></nav><p>Just a short note.</p>',
  );
  await page.click('#paste-form button');
  await page.waitForSelector('body[data-shown="Pasted HTML"]');
  assert.match(
    await page.textContent('#status'),
    /not a story page \(no story text found\): the extension would leave this page alone/,
  );
  assert.match(await page.textContent('#reader-meta'), /Not a story page; reader mode on demand/);
  await page.close();
});

test('the no-article sample is shown as a page without an article', async () => {
  const { page } = await openDemo(env);
  await showSample(page, 'no-article.html');
  assert.match(await page.textContent('#status'), /not a story page \(declares itself a list or collection\)/);
  assert.match(await page.textContent('#reader'), /No article on this page/);
  await page.close();
});

test('no script from the xss-vectors sample runs in any frame, even when its elements are used', async () => {
  const { page } = await openDemo(env);
  assert.equal(await page.getAttribute('#original-frame', 'sandbox'), '');
  assert.equal(await page.getAttribute('#overlay-frame', 'sandbox'), 'allow-same-origin');
  await showSample(page, 'xss-vectors.html');
  const overlay = await overlayFrame(page);
  await overlay.getByText('More advice').hover();
  await overlay.getByText('More advice').click();
  await overlay.getByText('Read the warning signs').click();
  await overlay.getByRole('button', { name: 'Vote' }).click();
  await page.click('#tab-original');
  const original = await (await page.$('#original-frame')).contentFrame();
  await original.getByText('More advice').hover();
  await page.click('#tab-reader');
  await page.hover('#reader p');
  const frames = page.frames();
  assert.ok(frames.length >= 3, 'the page, the original and the overlay frames');
  for (const frame of frames) {
    assert.equal(await frame.evaluate(() => window.__pwned), undefined, `no __pwned in ${frame.url()}`);
  }
  // The overlay still shows the same document (no navigation happened).
  assert.equal(await overlay.evaluate(() => document.querySelectorAll('[data-dc-block]').length > 0), true);
  await page.close();
});

test("viewing every sample in every view requests nothing but the demo's own files", async () => {
  const { page } = await openDemo(env);
  const files = JSON.parse(readFileSync(`${WWW}/samples/index.json`, 'utf8'));
  for (const file of files) {
    await showSample(page, file);
    for (const tab of ['#tab-original', '#tab-blocks', '#tab-reader']) await page.click(tab);
  }
  // A link clicked in the original view goes nowhere: the page stays.
  await showSample(page, MISSION);
  await page.click('#tab-original');
  const original = await (await page.$('#original-frame')).contentFrame();
  const pages = page.context().pages().length;
  await original.locator('a.site-header__logo').click();
  await original.locator('a', { hasText: 'Listen Live' }).click({ timeout: 2000 });
  assert.equal(original.url(), 'about:srcdoc');
  assert.equal(await original.locator('h1').count(), 1);
  assert.equal(page.context().pages().length, pages, 'no new window opened');
  await page.close();
  // Only URLs with a host leave the browser (data: and javascript: do not; the latter is proven
  // inert by the xss test above).
  const outside = env.requests.filter((u) => /^(https?|wss?|ftp):/i.test(u) && !u.startsWith(`${env.url}/`));
  assert.deepEqual(outside, []);
  assert.ok(
    env.requests.some((u) => u.endsWith('/pkg/declutter_bg.wasm')),
    'requests are being recorded',
  );
});
