// The packages people install, dist/declutter-chromium.zip and dist/declutter-firefox.zip: each is
// unzipped (or installed as is, in Firefox) into its own browser, which must report no manifest
// warning; each manifest holds only keys its browser reads, from one source. Needs
// `./build.sh build` first.
//
// Chromium shows manifest warnings on chrome://extensions in developer mode; the test reads them
// there through the page's own API (chrome.developerPrivate). Firefox keeps them on the add-on's
// Extension object (what about:debugging lists), read from the browser's chrome context. Each
// check is first shown to see a warning in a package that has one.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './support/chromium.mjs';
import { inChromeContext, launchFirefox } from './support/firefox.mjs';
import { EXTENSION } from './support/fixtures.mjs';
import { BROWSERS, manifest as sourceManifest, version } from '../../.ci/manifest.mjs';

const ZIP = Object.fromEntries(
  BROWSERS.map((b) => [b, fileURLToPath(new URL(`../../dist/declutter-${b}.zip`, import.meta.url))]),
);
const BASE = JSON.parse(await readFile(new URL('../../extension/manifest.json', import.meta.url), 'utf8'));
const ADDON_ID = 'declutter@declutter.example';

// Top-level keys each browser documents for Manifest V3 (developer.chrome.com/docs/extensions/
// reference/manifest, developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/manifest.json).
const COMMON_KEYS = [
  'action',
  'author',
  'background',
  'chrome_settings_overrides',
  'chrome_url_overrides',
  'commands',
  'content_scripts',
  'content_security_policy',
  'declarative_net_request',
  'default_locale',
  'description',
  'devtools_page',
  'externally_connectable',
  'homepage_url',
  'host_permissions',
  'icons',
  'incognito',
  'manifest_version',
  'name',
  'offline_enabled',
  'omnibox',
  'optional_host_permissions',
  'optional_permissions',
  'options_page',
  'options_ui',
  'permissions',
  'short_name',
  'storage',
  'version',
  'version_name',
  'web_accessible_resources',
];
const KEYS = {
  chromium: new Set([
    ...COMMON_KEYS,
    'cross_origin_embedder_policy',
    'cross_origin_opener_policy',
    'export',
    'import',
    'key',
    'minimum_chrome_version',
    'oauth2',
    'requirements',
    'sandbox',
    'side_panel',
    'tts_engine',
    'update_url',
  ]),
  firefox: new Set([
    ...COMMON_KEYS,
    'browser_specific_settings',
    'developer',
    'dictionaries',
    'protocol_handlers',
    'sidebar_action',
    'theme',
    'user_scripts',
  ]),
};

let tmp;
/** Each zip unzipped: what Chromium loads and what the file checks read. */
const unzipped = {};

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'declutter-packages-'));
  for (const b of BROWSERS) {
    unzipped[b] = join(tmp, b);
    execFileSync('unzip', ['-q', ZIP[b], '-d', unzipped[b]]);
  }
});
after(() => rm(tmp, { recursive: true, force: true }));

const packaged = async (b) => JSON.parse(await readFile(join(unzipped[b], 'manifest.json'), 'utf8'));

async function files(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath ?? e.path, e.name)))
    .sort();
}

describe('the packages', () => {
  for (const b of BROWSERS) {
    it(`declutter-${b}.zip holds exactly dist/extension-${b}/, in byte order of names, every file dated alike`, async () => {
      const names = execFileSync('unzip', ['-Z1', ZIP[b]], { encoding: 'utf8' }).trim().split('\n');
      assert.deepEqual(
        names,
        [...names].sort((x, y) => Buffer.from(x).compare(Buffer.from(y))),
      );
      assert.deepEqual([...names].sort(), await files(EXTENSION[b]));
      for (const name of names) {
        assert.ok((await readFile(join(unzipped[b], name))).equals(await readFile(join(EXTENSION[b], name))), name);
      }
      assert.ok(names.includes('declutter_bg.wasm') && names.includes('manifest.json'));
      assert.ok(!names.some((n) => /^manifest\..+\.json$/.test(n)), 'the per-browser overlays stay out');
      const dates = execFileSync('unzip', ['-Zl', ZIP[b]], { encoding: 'utf8' }).match(/\d{2}-\w{3}-\d{2} \d{2}:\d{2}/g);
      assert.equal(new Set(dates).size, 1, `one date for every file: ${[...new Set(dates)]}`);
    });
  }

  it('both manifests come from one source: the shared base, their overlay and the version of Cargo.toml', async () => {
    const cargo = (await readFile(new URL('../../Cargo.toml', import.meta.url), 'utf8')).match(/^version = "(.*)"/m)[1];
    assert.equal(version(), cargo);
    for (const b of BROWSERS) {
      const m = await packaged(b);
      assert.deepEqual(m, sourceManifest(b));
      assert.equal(m.version, cargo);
      for (const [key, value] of Object.entries(BASE)) assert.deepEqual(m[key], value, `${b}: ${key}`);
    }
  });

  // Their lengths, in every language, are checked by locales.test.mjs.
  it("the name, description, tooltip and shortcut name come from _locales, in the browser's language", () => {
    assert.equal(BASE.name, '__MSG_extName__');
    assert.equal(BASE.description, '__MSG_extDescription__');
    assert.equal(BASE.action.default_title, '__MSG_actionTitle__');
    assert.equal(BASE.commands['toggle-reader-mode'].description, '__MSG_commandToggleReader__');
    assert.equal(BASE.default_locale, 'en');
  });

  it('the Chromium manifest holds only keys Chromium reads: a service worker, no Firefox settings', async () => {
    const m = await packaged('chromium');
    assert.deepEqual(
      Object.keys(m).filter((k) => !KEYS.chromium.has(k)),
      [],
    );
    assert.deepEqual(m.background, { service_worker: 'background.js', type: 'module' });
  });

  it('the Firefox manifest holds only keys Firefox reads: an event page, the add-on id and the data-collection declaration', async () => {
    const m = await packaged('firefox');
    assert.deepEqual(
      Object.keys(m).filter((k) => !KEYS.firefox.has(k)),
      [],
    );
    assert.deepEqual(m.background, { scripts: ['background.js'], type: 'module' });
    assert.equal(m.browser_specific_settings.gecko.id, ADDON_ID);
    assert.deepEqual(m.browser_specific_settings.gecko.data_collection_permissions, { required: ['none'] });
  });
});

/**
 * Loads the unpacked extension at `dir` in Chromium and returns what chrome://extensions shows
 * for it in developer mode (manifest errors and warnings are collected only there, so the
 * extension is reloaded once developer mode is on), with the manifest its service worker sees.
 */
async function chromiumReport(dir) {
  const browser = await launchChromium({ extension: dir });
  try {
    const manifest = await browser.worker.evaluate(() => chrome.runtime.getManifest());
    const page = await browser.context.newPage();
    await page.goto('chrome://extensions/');
    const info = await page.evaluate(async (id) => {
      const call = (fn, ...args) =>
        new Promise((ok, fail) =>
          fn(...args, (r) => (chrome.runtime.lastError ? fail(new Error(chrome.runtime.lastError.message)) : ok(r))),
        );
      const dp = chrome.developerPrivate;
      await call(dp.updateProfileConfiguration, { inDeveloperMode: true });
      await call(dp.reload, id, { failQuietly: false });
      // reload answers before the extension is back: wait until it is, with errors collected.
      for (let i = 0; i < 100; i++) {
        const info = await call(dp.getExtensionInfo, id);
        if (info.state === 'ENABLED' && info.errorCollection.isActive) return info;
        await new Promise((ok) => setTimeout(ok, 100));
      }
      throw new Error('the extension did not come back after its reload');
    }, browser.extensionId);
    const messages = (list) => list.map((e) => e.message ?? e);
    return {
      manifest,
      warnings: [info.manifestErrors, info.installWarnings, info.runtimeErrors, info.runtimeWarnings ?? []].flatMap(messages),
    };
  } finally {
    await browser.close();
  }
}

describe('Chromium loads its package without a warning', () => {
  it('the unzipped package: its service worker runs, no manifest warning on chrome://extensions', async () => {
    const r = await chromiumReport(unzipped.chromium);
    assert.deepEqual(r.warnings, []);
    assert.equal(r.manifest.version, version());
    assert.deepEqual(r.manifest.background, { service_worker: 'background.js', type: 'module' });
  });

  it('the check sees a warning where there is one: the same package with background.scripts as well', async () => {
    const dir = join(tmp, 'chromium-both-backgrounds');
    await cp(unzipped.chromium, dir, { recursive: true });
    const m = await packaged('chromium');
    await writeFile(
      join(dir, 'manifest.json'),
      JSON.stringify({ ...m, background: { ...m.background, scripts: ['background.js'] } }),
    );
    const r = await chromiumReport(dir);
    assert.deepEqual(r.warnings, ["'background.scripts' requires manifest version of 2 or lower."]);
  });
});

describe('Firefox installs its package without a warning', () => {
  let ff;
  before(async () => {
    ff = await launchFirefox({ systemAccess: true });
  });
  after(() => ff?.close());

  /** Installs `path` (a zip or a folder) as a temporary add-on; what about:debugging shows. */
  async function firefoxReport(path) {
    const id = await ff.installAddon(path);
    return inChromeContext(ff, () =>
      ff.run(async (id) => {
        const { extension } = WebExtensionPolicy.getByID(id);
        await extension.promiseBackgroundStarted?.();
        const { warnings, errors, backgroundState, version, manifest } = extension;
        return { id, warnings, errors, backgroundState, version, serviceWorker: manifest.background.service_worker };
      }, id),
    );
  }

  it('the zip as downloaded: its event page runs, no manifest warning', async () => {
    const r = await firefoxReport(ZIP.firefox);
    assert.deepEqual(r, {
      id: ADDON_ID,
      warnings: [],
      errors: [],
      backgroundState: 'running',
      version: version(),
      serviceWorker: null,
    });
  });

  // Firefox itself accepts a service worker beside the scripts silently (web-ext lint, run on
  // this package with warnings as errors, flags it); it warns about keys outside its schema.
  it('the check sees a warning where there is one: the same package with a Chromium-only key', async () => {
    const dir = join(tmp, 'firefox-chromium-key');
    await cp(unzipped.firefox, dir, { recursive: true });
    const m = { ...(await packaged('firefox')), side_panel: { default_path: 'options.html' } };
    await writeFile(join(dir, 'manifest.json'), JSON.stringify(m));
    const r = await firefoxReport(dir);
    assert.deepEqual(r.warnings, [
      'Reading manifest: Warning processing side_panel: An unexpected property was found in the WebExtension manifest.',
    ]);
  });

  it('the Chromium package is no Firefox add-on (Firefox refuses a service worker): the packages are not interchangeable', async () => {
    await assert.rejects(ff.installAddon(ZIP.chromium), /background\.service_worker is currently disabled/);
  });
});
