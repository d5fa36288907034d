// Takes the store screenshots (1280×800, the size both stores take) of the Chromium package in
// headless Chromium, on the mission-example fixture served from 127.0.0.1 (run after
// ./build.sh build):
//   node tests/e2e/support/store-screenshots.mjs   writes docs/store/screenshots/*.png
//
// The fixture links its site's stylesheet, which is not part of the fixture; a small stand-in
// is served in its place so that the page looks like the news site it imitates. Remote pictures
// are grey placeholders (isolateNetwork). The page's HTML is served as it is.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { launchChromium, isolateNetwork } from './chromium.mjs';
import { EXTENSION, serveFixtures } from './fixtures.mjs';
import { actionState, readerView, setSettings, trigger, until } from './extension.mjs';

const OUT = fileURLToPath(new URL('../../../docs/store/screenshots/', import.meta.url));
const SIZE = { width: 1280, height: 800 };

const SITE_CSS = `
body { margin: 0; font: 16px/1.5 Georgia, 'DejaVu Serif', serif; color: #1a1a1a; background: #fff; }
a { color: #0b4f9c; }
.site-header { background: #b0001e; color: #fff; }
.site-header__inner { max-width: 1180px; margin: 0 auto; display: flex; align-items: center; gap: 28px; padding: 10px 20px; }
.site-header__logo img { display: none; }
.site-header__logo::before { content: 'Capital Talk'; font: 700 26px/1 system-ui, sans-serif; color: #fff; }
.site-header a { color: #fff; text-decoration: none; font: 600 15px system-ui, sans-serif; }
.primary-nav__list { display: flex; gap: 18px; list-style: none; margin: 0; padding: 0; }
.ad-slot { display: flex; align-items: center; justify-content: center; margin: 16px auto; border: 1px solid #ddd; }
.ad-slot--leaderboard { width: 970px; min-height: 120px; }
.ad-slot--mpu { width: 300px; height: 250px; }
.site-main { max-width: 1180px; margin: 0 auto; padding: 0 20px; }
.breadcrumbs ol { display: flex; gap: 12px; list-style: none; padding: 0; font: 14px system-ui, sans-serif; }
.article, .breadcrumbs { max-width: 760px; margin: 0 auto; }
.article__headline { font: 700 40px/1.15 system-ui, sans-serif; margin: 8px 0 12px; }
.article__dateline, .article__byline, .article__caption { font: 14px/1.4 system-ui, sans-serif; color: #555; }
figure { margin: 16px 0; }
.article__body p { margin: 0 0 12px; }
figure img { width: 100%; height: 200px; object-fit: cover; display: block; }
.share-bar { display: flex; gap: 8px; margin: 14px 0; }
.share-bar__item { font: 600 13px system-ui, sans-serif; padding: 6px 12px; border-radius: 16px; background: #1877f2; color: #fff; text-decoration: none; border: 0; }
.share-bar__item--x { background: #000; } .share-bar__item--whatsapp { background: #25d366; } .share-bar__item--copy { background: #666; }
.audio-player { display: flex; gap: 12px; align-items: center; padding: 12px; background: #f3f3f3; border-radius: 8px; font: 14px system-ui, sans-serif; }
.read-more { border-left: 4px solid #b0001e; padding-left: 12px; }
.newsletter-signup { background: #fff4e0; padding: 18px 22px; margin: 24px 0; font-family: system-ui, sans-serif; }
.newsletter-signup input[type=email] { padding: 8px; width: 260px; } .newsletter-signup button { padding: 8px 16px; background: #b0001e; color: #fff; border: 0; }
.card-rail__list { display: grid; grid-template-columns: repeat(4, 1fr); gap: 20px; list-style: none; padding: 0; }
.card__link { text-decoration: none; color: #1a1a1a; font: 600 15px/1.3 system-ui, sans-serif; }
.card__tag { color: #b0001e; font-size: 12px; text-transform: uppercase; }
.site-footer { background: #222; color: #ccc; padding: 20px; margin-top: 40px; }
.site-footer a { color: #ccc; }
`;

const browser = await launchChromium({ extension: EXTENSION.chromium, viewport: SIZE });
const server = await serveFixtures();
const { context, worker } = browser;
try {
  await isolateNetwork(context, server.origin);
  await context.route(`${server.origin}/assets/css/**`, (route) => route.fulfill({ contentType: 'text/css', body: SITE_CSS }));
  await mkdir(OUT, { recursive: true });
  const page = await context.newPage();
  const shot = (name) => page.screenshot({ path: `${OUT}${name}.png` });
  const status = (re) => until(async () => re.test((await actionState(worker)).title), { what: String(re) });
  // The byline: share bar, audio player, "Read more" and an ad follow within one screen.
  const toStory = () => page.evaluate(() => window.scrollTo(0, document.querySelector('.article__byline').offsetTop - 16));

  // The page as its site serves it (de-clutter off), then de-cluttered, at the same place.
  await setSettings(worker, { enabled: false, sites: {} });
  await page.goto(server.url('mission-example'));
  await status(/off for this site/);
  await toStory();
  await shot('2-page-as-served');
  await setSettings(worker, { enabled: true });
  await status(/clutter blocks hidden/);
  await toStory();
  await shot('3-decluttered');

  // Reader mode, then with the typography chosen in its toolbar (sans, dark).
  await page.evaluate(() => window.scrollTo(0, 0));
  await trigger(worker, 'action');
  (await until(() => readerView(context, page), { what: 'reader mode' })).detach();
  await page.waitForTimeout(300); // the reader's own pictures (placeholders) settle
  await shot('1-reader-mode');
  await setSettings(worker, { reader: { font: 'sans', size: 20, width: 38, lineHeight: 1.6, theme: 'dark' } });
  // Past the lead picture to the text (the reader scrolls itself, inside its closed root).
  await page.mouse.move(640, 400);
  await page.mouse.wheel(0, 560);
  await page.waitForTimeout(500);
  await shot('4-reader-mode-dark');

  // The options page, with two sites of one's own.
  await setSettings(worker, { sites: { 'news.example.com': false, 'www.capitaltalk.co.uk': true } });
  const options = await context.newPage();
  await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
  await options.waitForSelector('#sites li');
  await options.screenshot({ path: `${OUT}5-options.png` });
  console.log(`wrote ${OUT}{1-reader-mode,2-page-as-served,3-decluttered,4-reader-mode-dark,5-options}.png`);
} finally {
  await browser.close();
  await server.close();
}
