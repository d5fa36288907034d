// Headless Firefox ESR driven over geckodriver's WebDriver HTTP API (Playwright cannot drive
// stock Firefox). Each session gets its own geckodriver process and a fresh profile.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

export const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
export const GECKODRIVER = process.env.GECKODRIVER ?? 'geckodriver';

const freePort = () =>
  new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });

class WebDriverError extends Error {}

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
const KEYS = { Alt: '\uE00A', Shift: '\uE008', Control: '\uE009', Escape: '\uE00C' };

/**
 * Starts geckodriver and a headless Firefox session. `prefs` go into the fresh profile;
 * `systemAccess` allows the chrome (browser UI) context, used to press browser shortcuts.
 */
export async function launchFirefox({ prefs = {}, systemAccess = false, width = 1280, height = 900, capabilities = {} } = {}) {
  const port = await freePort();
  const driverArgs = ['--port', String(port), '--binary', FIREFOX];
  if (systemAccess) driverArgs.push('--allow-system-access');
  const driver = spawn(GECKODRIVER, driverArgs, {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  driver.stderr.on('data', (d) => (stderr += d));
  const base = `http://127.0.0.1:${port}`;

  async function call(method, path, body) {
    const res = await fetch(base + path, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await res.json();
    if (!res.ok) throw new WebDriverError(`${method} ${path}: ${json.value?.error}: ${json.value?.message}`);
    return json.value;
  }

  for (let i = 0; ; i++) {
    try {
      await fetch(`${base}/status`);
      break;
    } catch (e) {
      if (i > 100) throw new Error(`geckodriver did not start: ${stderr}`);
      await new Promise((ok) => setTimeout(ok, 100));
    }
  }
  const args = ['-headless', `--width=${width}`, `--height=${height}`];
  const { sessionId } = await call('POST', '/session', {
    capabilities: {
      alwaysMatch: {
        browserName: 'firefox',
        'moz:firefoxOptions': { binary: FIREFOX, args, prefs },
        ...capabilities,
      },
    },
  });
  const s = `/session/${sessionId}`;

  const session = {
    call,
    /** Prefix of this session's WebDriver endpoints, for commands without a helper here. */
    path: s,
    /** Installs an unpacked extension folder as a temporary add-on; resolves to its id. */
    installAddon: (path) => call('POST', `${s}/moz/addon/install`, { path: resolve(path), temporary: true }),
    goto: (url) => call('POST', `${s}/url`, { url }),
    /** Runs `fn` (a function) in the current context with `args`; returns its (awaited) result. */
    run: (fn, ...args) => call('POST', `${s}/execute/sync`, { script: `return (${fn}).apply(null, arguments)`, args }),
    /** Switches between 'content' (the page) and 'chrome' (the browser UI; needs systemAccess). */
    context: (context) => call('POST', `${s}/moz/context`, { context }),
    actions: (actions) => call('POST', `${s}/actions`, { actions }),
    releaseActions: () => call('DELETE', `${s}/actions`),
    /** Clicks the first element matching `selector` the way a user would (WebDriver click). */
    async click(selector) {
      const el = await call('POST', `${s}/element`, { using: 'css selector', value: selector });
      await call('POST', `${s}/element/${el[ELEMENT]}/click`, {});
    },
    /** The shadow root of the first element matching `selector`, as an argument for `run`:
     * Firefox's WebDriver hands closed roots to the test too. */
    async shadowRoot(selector) {
      const el = await call('POST', `${s}/element`, { using: 'css selector', value: selector });
      return call('GET', `${s}/element/${el[ELEMENT]}/shadow`);
    },
    /** Closes the current tab; `switchTo` another afterwards. */
    closeTab: () => call('DELETE', `${s}/window`),
    /** Types `text` into the first element matching `selector`, as a user would. */
    async type(selector, text) {
      const el = await call('POST', `${s}/element`, { using: 'css selector', value: selector });
      await call('POST', `${s}/element/${el[ELEMENT]}/value`, { text });
    },
    /** The text of the open alert, confirm or prompt dialog, or null when none is open. */
    async dialogText() {
      try {
        return await call('GET', `${s}/alert/text`);
      } catch (e) {
        if (/no such alert/.test(e.message)) return null;
        throw e;
      }
    },
    dismissDialog: () => call('POST', `${s}/alert/dismiss`, {}),
    /** Presses a chord such as ['Alt', 'Shift', 'R'] in the current context. */
    async press(...keys) {
      const codes = keys.map((k) => KEYS[k] ?? k);
      await session.actions([
        {
          type: 'key',
          id: 'keyboard',
          actions: [
            ...codes.map((value) => ({ type: 'keyDown', value })),
            ...codes.reverse().map((value) => ({ type: 'keyUp', value })),
          ],
        },
      ]);
      await session.releaseActions();
    },
    /** Opens a new tab and returns its handle; `switchTo(handle)` selects a tab. */
    newTab: async () => (await call('POST', `${s}/window/new`, { type: 'tab' })).handle,
    switchTo: (handle) => call('POST', `${s}/window`, { handle }),
    currentTab: () => call('GET', `${s}/window`),
    screenshot: async () => Buffer.from(await call('GET', `${s}/screenshot`), 'base64'),
    /** Polls `fn` in the page until it returns a truthy value. */
    async waitFor(fn, { timeout = 10000, interval = 100 } = {}, ...args) {
      const end = Date.now() + timeout;
      for (;;) {
        const value = await session.run(fn, ...args);
        if (value) return value;
        if (Date.now() > end) throw new Error(`timed out waiting for ${fn}`);
        await new Promise((ok) => setTimeout(ok, interval));
      }
    },
    async close() {
      await call('DELETE', s).catch(() => {});
      driver.kill();
    },
  };
  return session;
}

/** Runs `fn` in the browser's own UI (WebDriver's chrome context), then returns to the page. */
export async function inChromeContext(session, fn) {
  await session.context('chrome');
  try {
    return await fn();
  } finally {
    await session.context('content');
  }
}

/** The extension's add-on id, and its toolbar button in Firefox's UI. */
export const ADDON_ID = 'declutter@declutter.example';
export const ACTION_WIDGET = 'declutter_declutter_example-browser-action';
export const ACTION_BUTTON = `#${ACTION_WIDGET} .unified-extensions-item-action-button`;

/** Firefox (browser UI access on, `prefs` in its profile) with the unpacked extension at `path`
 * installed as a temporary add-on and its toolbar button pinned, as "Pin to Toolbar" does. */
export async function launchFirefoxWithExtension(path, prefs = {}) {
  const session = await launchFirefox({ systemAccess: true, prefs });
  const id = await session.installAddon(path);
  if (id !== ADDON_ID) throw new Error(`installed ${id}, not ${ADDON_ID}`);
  await inChromeContext(session, () =>
    session.run((w) => CustomizableUI.addWidgetToArea(w, CustomizableUI.AREA_NAVBAR), ACTION_WIDGET),
  );
  return session;
}
