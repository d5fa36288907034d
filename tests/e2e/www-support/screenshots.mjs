// Takes the demo's screenshots for docs/ (run after ./build.sh build):
//   node tests/e2e/www-support/screenshots.mjs
import { start, openDemo, ROOT } from './demo.mjs';

const env = await start();
try {
  const { page } = await openDemo(env);
  const overlay = await (await page.$('#overlay-frame')).contentFrame();
  await overlay.getByText('MI5 Director General, Ken McCallum. Picture: Alamy').click();
  await page.mouse.move(1, 1);
  await page.locator('#details').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${ROOT}docs/screenshot-www-overlay.png` });

  await page.locator('#details .features-box summary').click();
  await page.selectOption('#expected', 'article');
  await page.click('#copy-report');
  await page.locator('.blocks-side').evaluate((side) => {
    side.scrollTop = side.scrollHeight;
  });
  await page.screenshot({ path: `${ROOT}docs/screenshot-www-details.png` });

  await page.check('#dim-hidden');
  await page.locator('.tabs').scrollIntoViewIfNeeded();
  await (await page.$('#overlay-frame')).contentFrame().then((f) => f.evaluate(() => scrollTo(0, 0)));
  await page.screenshot({ path: `${ROOT}docs/screenshot-www-faded.png` });

  await page.click('#tab-reader');
  await page.screenshot({ path: `${ROOT}docs/screenshot-www-reader.png` });

  await page.click('#tab-original');
  // A frame that was in a hidden panel paints a moment after the panel shows.
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${ROOT}docs/screenshot-www-original.png` });
} finally {
  await env.stop();
}
