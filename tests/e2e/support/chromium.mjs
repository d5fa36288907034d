// Headless Chromium (Debian's /usr/bin/chromium) driven by playwright-core, optionally with the
// unpacked extension loaded. Shared by the extension and demo-page suites.
import { chromium } from 'playwright-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Flags that keep Chromium quiet on a closed network (see shared/TOOLCHAIN.md). */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Starts Chromium with a fresh profile. With `extension` (a folder), loads it unpacked and
 * resolves its service worker. `language` (e.g. 'de') is the browser's interface language, which
 * the extension's own follows; on Linux Chromium takes it from LANGUAGE, and needs Debian's
 * chromium-l10n for any but English. Returns { context, worker, extensionId, close }.
 */
export async function launchChromium({
  extension,
  viewport = { width: 1280, height: 900 },
  colorScheme = 'light',
  language,
} = {}) {
  const profile = await mkdtemp(join(tmpdir(), 'declutter-chromium-'));
  const args = [...CHROMIUM_FLAGS];
  if (extension) {
    const dir = resolve(extension);
    args.push(`--disable-extensions-except=${dir}`, `--load-extension=${dir}`);
  }
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args,
    viewport,
    colorScheme,
    ...(language ? { env: { ...process.env, LANGUAGE: language }, locale: language } : {}),
  });
  let worker = null;
  let extensionId = null;
  if (extension) {
    worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    extensionId = new URL(worker.url()).host;
  }
  const close = async () => {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  };
  return { context, worker, extensionId, close };
}

/** A grey SVG that stands in for remote images, so screenshots show where pictures go. */
const PLACEHOLDER = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="675" viewBox="0 0 1200 675">' +
    '<rect width="1200" height="675" fill="#c9ced6"/><path d="M420 470l150-190 110 130 70-80 130 140z" fill="#9aa3af"/>' +
    '<circle cx="760" cy="250" r="45" fill="#9aa3af"/></svg>',
);

/**
 * Keeps the test off the network: every request that does not go to `allowedOrigin` (or an
 * extension / data URL) is answered locally, images with a placeholder and the rest with an
 * error. Returns the list of every URL the browser asked for, in order, for privacy checks.
 */
export async function isolateNetwork(context, allowedOrigin) {
  const seen = [];
  context.on('request', (r) => seen.push(r.url()));
  await context.route(
    (url) => url.origin !== allowedOrigin && url.protocol.startsWith('http'),
    (route) =>
      route.request().resourceType() === 'image'
        ? route.fulfill({ status: 200, contentType: 'image/svg+xml', body: PLACEHOLDER })
        : route.abort('blockedbyclient'),
  );
  return seen;
}
