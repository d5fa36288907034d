// Helpers for driving the Declutter extension in Chromium through its real entry points: the
// service worker's event listeners (toolbar click, keyboard command, context menu) and
// storage.sync (what the options page and the context menu write).

/** Polls `fn` until it returns a truthy value. */
export async function until(fn, { timeout = 10000, interval = 50, what = String(fn) } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, interval));
  }
}

/** Badge text and tooltip the toolbar button shows for the active tab. */
export const actionState = (worker) =>
  worker.evaluate(async () => {
    const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
    return {
      badge: await chrome.action.getBadgeText({ tabId: tab.id }),
      title: await chrome.action.getTitle({ tabId: tab.id }),
    };
  });

/**
 * Fires one of the extension's real listeners for the active tab, as the browser does when the
 * user clicks the toolbar button ('action'), presses Alt+Shift+R ('command') or picks a
 * context-menu entry ('menu:<id>', with `info`; the browser fills `pageUrl`, which the
 * worker cannot read from the tab without the "tabs" permission).
 */
export const trigger = (worker, how, info = {}) =>
  worker.evaluate(
    async ([how, info]) => {
      const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
      if (how === 'action') chrome.action.onClicked.dispatch(tab);
      else if (how === 'command') chrome.commands.onCommand.dispatch('toggle-reader-mode', tab);
      else if (how.startsWith('menu:')) {
        chrome.contextMenus.onClicked.dispatch({ menuItemId: how.slice(5), ...info }, tab);
      } else throw new Error(`unknown trigger ${how}`);
    },
    [how, info],
  );

export const setSettings = (worker, values) => worker.evaluate((v) => chrome.storage.sync.set(v), values);
export const getSettings = (worker) => worker.evaluate(() => chrome.storage.sync.get(null));
export const clearSettings = (worker) => worker.evaluate(() => chrome.storage.sync.clear());

/** The page exactly as it serializes (what "restored byte for byte" compares). */
export const serialized = (page) => page.evaluate(() => document.documentElement.outerHTML);

/** Elements the extension has hidden in place (their inline display is none). */
export const hiddenCount = (page) =>
  page.evaluate(
    () =>
      [...document.querySelectorAll('[style]')].filter(
        (e) => e.style.getPropertyPriority('display') === 'important' && e.style.display === 'none',
      ).length,
  );

/**
 * The closed shadow root of the extension's element `host` (the reader's by default, or
 * 'DECLUTTER-PICKER'), seen through the DevTools protocol (page scripts and Playwright locators
 * cannot enter a closed root). Returns null when the element is not on the page, else
 * { html, style(selector), box(selector), fonts(selector) }: computed CSS properties, the border
 * box and the fonts used of a node inside.
 */
export async function readerView(context, page, host = 'DECLUTTER-READER') {
  const cdp = await context.newCDPSession(page);
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    const find = (node, pred) => {
      if (pred(node)) return node;
      for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) {
        const hit = find(child, pred);
        if (hit) return hit;
      }
      return null;
    };
    const element = find(root, (n) => n.nodeName === host);
    if (!element) {
      await cdp.detach();
      return null;
    }
    const shadow = element.shadowRoots?.[0];
    const { outerHTML } = await cdp.send('DOM.getOuterHTML', { nodeId: shadow.nodeId });
    await cdp.send('CSS.enable');
    const style = async (selector, names) => {
      const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: shadow.nodeId, selector });
      const { computedStyle } = await cdp.send('CSS.getComputedStyleForNode', { nodeId });
      return Object.fromEntries(names.map((n) => [n, computedStyle.find((p) => p.name === n)?.value]));
    };
    const box = async (selector) => {
      const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: shadow.nodeId, selector });
      const { model } = await cdp.send('DOM.getBoxModel', { nodeId });
      const [x1, y1, , , x3, y3] = model.border;
      return { x: (x1 + x3) / 2, y: (y1 + y3) / 2, left: x1, right: x3, top: y1, bottom: y3 };
    };
    /** The fonts the browser really draws `selector`'s text with (family names). */
    const fonts = async (selector) => {
      const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: shadow.nodeId, selector });
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
      return fonts.map((f) => f.familyName);
    };
    return { mode: shadow.shadowRootType, html: outerHTML, style, box, fonts, detach: () => cdp.detach() };
  } catch (e) {
    await cdp.detach();
    throw e;
  }
}

/**
 * Starts (or restarts) recording the content script's status messages in the service worker:
 * each carries `state` and, for a finished de-clutter or reader entry, `timing` (its
 * `source` says whether reader mode used the kept analysis or asked the core).
 */
export const recordStatuses = (worker) =>
  worker.evaluate(() => {
    if (!globalThis.__statuses) {
      globalThis.__statuses = [];
      chrome.runtime.onMessage.addListener((msg) => {
        if (msg?.type === 'status') globalThis.__statuses.push(msg);
        return false;
      });
    }
    globalThis.__statuses.length = 0;
  });
export const recordedStatuses = (worker) => worker.evaluate(() => globalThis.__statuses);

/**
 * Starts (or restarts) recording, in the service worker, every request for the core the content
 * scripts send (`declutter` or `reader`): each is one serialisation of the page and one analysis.
 */
export const recordAnalyses = (worker) =>
  worker.evaluate(() => {
    if (!globalThis.__analyses) {
      globalThis.__analyses = [];
      chrome.runtime.onMessage.addListener((msg, sender) => {
        if (msg?.type === 'declutter' || msg?.type === 'reader') globalThis.__analyses.push({ type: msg.type, url: sender.url });
        return false;
      });
    }
    globalThis.__analyses.length = 0;
  });
export const recordedAnalyses = (worker) => worker.evaluate(() => globalThis.__analyses);

/**
 * Stops every service worker through the DevTools protocol (`cdp`: a page's session), as the
 * browser stops an idle one; resolves once the extension's is stopped. Playwright's handle on the
 * stopped worker is not told and hangs: the next event wakes a new instance.
 */
export async function stopServiceWorkers(cdp) {
  const stopped = new Promise((ok) => {
    const seen = ({ versions }) => {
      if (!versions.some((v) => v.scriptURL.startsWith('chrome-extension://') && v.runningStatus === 'stopped')) return;
      cdp.off('ServiceWorker.workerVersionUpdated', seen);
      ok();
    };
    cdp.on('ServiceWorker.workerVersionUpdated', seen);
  });
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await stopped;
}
