// The service worker (Chromium) / event page (Firefox): runs the wasm core on the HTML the
// content script sends (`declutter`: hide list and reader article in one pass; `reader`: the
// article alone, when the content script has no current one), hands it the reader's style sheet,
// shows each tab's status on the toolbar button, and turns the user's clicks, shortcut and menu
// choices into messages (protocol.js names them).
// The wasm lives here because Chromium applies a page's CSP to wasm in content scripts.
import init, { declutter, reader, pick } from './declutter.js';
import './protocol.js';
import './settings.js';
import './i18n.js';
import './site-store.js';
import { WARM_UP_PAGE, WARM_UP_URL } from './warm-up.js';

const api = globalThis.browser ?? globalThis.chrome;
const { MSG, STATE } = globalThis.declutterProtocol;
const { load, normalize, siteEnabled, readerAlways, writer, FONT_FILES } = globalThis.declutterSettings;
const { t, plural } = globalThis.declutterI18n;
const siteStore = globalThis.declutterSiteStore;

// Packaged with the extension: loading it is not a network request.
const compiled = init({ module_or_path: api.runtime.getURL('declutter_bg.wasm') });

/** Whether a page has asked the core for anything since the worker started. */
let asked = false;
/**
 * The browser stops an idle worker, and the first analysis after it starts again paid for
 * compiling every function of the module it called (the engine compiles each on its first call)
 * and ran on the engine's first-tier code: up to 17 times a warm one (docs/RELIABILITY.md, "Cold
 * start"). Content scripts wake the worker at document_start (MSG.WAKE), so while the page
 * loads, the core analyses a small built-in page once, which compiles those functions; a request
 * already waiting is not kept waiting for it. Resolves to the warm-up's time in ms (null: none).
 */
const ready = compiled.then(() => {
  if (asked) return null;
  const t0 = performance.now();
  try {
    declutter(WARM_UP_PAGE, WARM_UP_URL, []);
  } catch {
    // A page's analysis reports its own errors; this one only compiles.
  }
  return performance.now() - t0;
});

const MENU_READER = 'declutter-reader';
const MENU_SITE = 'declutter-site';
const MENU_HIDE = 'declutter-hide';
const MENU_SHOW = 'declutter-show';
const MENU_UNDO = 'declutter-undo';
const MENU_READER_SITE = 'declutter-reader-site';
const PAGES = ['http://*/*', 'https://*/*'];

/** Tab id -> host of its page (lost when the worker stops; refilled by the next status). */
const tabHosts = new Map();

/** The toolbar button's tooltip for each status (protocol.js's STATE). */
const TITLES = {
  [STATE.DECLUTTERED]: (n) => plural('titleDecluttered', n),
  [STATE.CLEAN]: () => t('titleClean'),
  [STATE.OFF]: () => t('titleOff'),
  [STATE.NO_ARTICLE]: () => t('titleNoArticle'),
  // The core's reasons and errors are in English: it names them, the shell only shows them.
  [STATE.NOT_STORY]: (_, reason, readable) => (readable ? t('titleNotStoryReadable', reason) : t('titleNotStory', reason)),
  [STATE.READER]: () => t('titleReader'),
  [STATE.ERROR]: (_, reason) => t('titleError', String(reason).slice(0, 160)),
  [STATE.UNSUPPORTED]: () => t('titleUnsupported'),
};

async function showStatus(tabId, { state, hidden = 0, reason = '', readable = false }) {
  const title = (TITLES[state] ?? TITLES[STATE.ERROR])(hidden, reason, readable);
  await Promise.all([
    api.action.setBadgeText({ tabId, text: hidden > 0 && state !== STATE.READER ? String(hidden) : '' }),
    api.action.setTitle({ tabId, title }),
  ]).catch(() => {}); // the tab may be gone already
}

/** Runs one core export; errors come back as data so the page stays untouched. `ms` is the
 * export call alone (the core and the conversion of its answer to JS), for timing splits. */
async function runCore(fn, html, url) {
  asked = true;
  try {
    await ready;
    const t0 = performance.now();
    const result = fn(String(html), String(url));
    return { ok: true, result, ms: performance.now() - t0 };
  } catch (e) {
    return { ok: false, error: String(e?.message ?? e) };
  }
}

/** reader.css as text, read from the package once (an extension file, not a network request). */
let readerStyle = null;
function readerStyleText() {
  readerStyle ??= fetch(api.runtime.getURL('reader.css')).then((r) => r.text());
  readerStyle.catch(() => (readerStyle = null));
  return readerStyle;
}

/** A bundled font's files (settings.js's FONT_FILES), read from the package. */
function fontFiles(font) {
  const files = FONT_FILES[font]?.files;
  if (!files) return Promise.reject(new Error(`no bundled font ${font}`));
  return Promise.all(
    files.map(async ({ file, weight, style }) => {
      const bytes = new Uint8Array(await (await fetch(api.runtime.getURL(`fonts/${file}`))).arrayBuffer());
      return { weight, style, data: bytes.toBase64() };
    }),
  );
}

api.runtime.onMessage.addListener((msg, sender, respond) => {
  const tabId = sender.tab?.id;
  switch (msg?.type) {
    case MSG.DECLUTTER:
      runCore((html, url) => declutter(html, url, Array.isArray(msg.rules) ? msg.rules.map(String) : []), msg.html, msg.url).then(
        respond,
      );
      return true;
    case MSG.PICK:
      runCore((html, url) => pick(html, url, Number(msg.index) >>> 0), msg.html, msg.url).then(respond);
      return true;
    case MSG.UNDO:
      if (tabId === undefined || !/^https?:/.test(String(sender.url))) return false;
      undoLast(hostOf(sender.url), tabId).then(() => respond(true));
      return true;
    case MSG.CORRECT:
    case MSG.SEEN:
    case MSG.STRIKE:
      // From a web page's content script: the site is the page's.
      if (tabId === undefined || !/^https?:/.test(String(sender.url))) return false;
      siteChange(msg, hostOf(sender.url), tabId).then(() => respond(true));
      return true;
    case MSG.SITE_DATA:
      // The options page only (an extension page, in a tab of its own), never a web page.
      if (sender.id !== api.runtime.id || !String(sender.url).startsWith(api.runtime.getURL(''))) return false;
      siteData(msg).then(() => respond(true));
      return true;
    case MSG.READER:
      runCore(reader, msg.html, msg.url).then(respond);
      return true;
    case MSG.WAKE:
      // Starting the worker is the point; the answer says when the core is ready, and whether
      // and how long it warmed up.
      ready.then(
        (warmUpMs) => respond({ ready: true, warm_up_ms: warmUpMs }),
        () => respond({ ready: false }),
      );
      return true;
    case MSG.READER_STYLE:
      readerStyleText().then(respond, () => respond(null));
      return true;
    case MSG.READER_FONT:
      fontFiles(msg.font).then(respond, () => respond(null));
      return true;
    case MSG.STATUS:
      if (tabId === undefined) return false;
      tabHosts.set(tabId, hostOf(sender.url));
      if (sender.tab.active) syncSiteMenu(tabId);
      showStatus(tabId, msg).then(() => respond(true));
      return true;
    default:
      return false;
  }
});

async function toggleReader(tab) {
  if (!tab?.id) return;
  try {
    await api.tabs.sendMessage(tab.id, { type: MSG.TOGGLE_READER });
  } catch {
    // No content script: a browser page, the web store, or a tab opened before install.
    await showStatus(tab.id, { state: STATE.UNSUPPORTED });
  }
}

api.action.onClicked.addListener(toggleReader);
api.commands.onCommand.addListener(async (command, tab) => {
  tab ??= (await api.tabs.query({ active: true, currentWindow: true }))[0];
  if (command === 'toggle-reader-mode') toggleReader(tab);
  else if (command === 'hide-box') startPicker(tab, 'hide');
  else if (command === 'show-hidden') startPicker(tab, 'show');
  // The tab names its site (the worker may have forgotten the tab's host since it last ran).
  else if (command === 'undo-correction' && tab?.id) api.tabs.sendMessage(tab.id, { type: MSG.UNDO }).catch(() => {});
});

/** Asks the page to let a person pick a box to hide, or a hidden one to show. */
async function startPicker(tab, mode) {
  if (!tab?.id) return;
  try {
    await api.tabs.sendMessage(tab.id, { type: MSG.START_PICKER, mode });
  } catch {
    await showStatus(tab.id, { state: STATE.UNSUPPORTED });
  }
}

/** The tab whose correction was stored last: told there if it could not be stored yet. */
let correctingTab = null;
/** The one writer of storage.local: per-site corrections and learnt rules (site-store.js). */
const siteWriter = siteStore.localWriter(api.storage, ({ state, error }) => {
  if (state === 'retrying' && correctingTab !== null) {
    api.action.setTitle({ tabId: correctingTab, title: t('correctionsNotSaved', error) }).catch(() => {});
  }
});

/** A page's correction (at once), or what it saw and struck for learning (batched). */
function siteChange(msg, host, tabId) {
  if (!host) return Promise.resolve();
  if (msg.type === MSG.CORRECT) {
    correctingTab = tabId;
    const correction = {
      action: msg.action === 'show' ? 'show' : 'hide',
      selector: String(msg.selector ?? ''),
      text: String(msg.text ?? ''),
    };
    if (!correction.selector) return Promise.resolve();
    return siteWriter.update(host, (r) => siteStore.correct(r, correction));
  }
  if (msg.type === MSG.SEEN) {
    const items = (Array.isArray(msg.items) ? msg.items : []).map((i) => ({
      selector: String(i?.selector ?? ''),
      rule: String(i?.rule ?? ''),
    }));
    return siteWriter.update(host, (r) => siteStore.seen(r, items, String(msg.page ?? '')), { soon: true });
  }
  const selectors = (Array.isArray(msg.selectors) ? msg.selectors : []).map(String);
  return siteWriter.update(host, (r) => siteStore.strike(r, selectors), { soon: true });
}

/** Undoes the site's last correction; the page follows through storage. */
function undoLast(host, tabId) {
  if (!host) return Promise.resolve();
  correctingTab = tabId ?? null;
  return siteWriter.update(host, siteStore.undo);
}

/** The options page's changes: one correction removed, a site forgotten, corrections imported. */
async function siteData(msg) {
  const host = String(msg.host ?? '');
  if (msg.op === 'remove' && host) {
    await siteWriter.update(host, (r) => siteStore.removeCorrection(r, msg.correction ?? {}));
  } else if (msg.op === 'forget' && host) {
    await siteWriter.update(host, () => siteStore.normalize({}));
  } else if (msg.op === 'import' && msg.sites && typeof msg.sites === 'object') {
    const hosts = Object.keys(msg.sites).slice(0, siteStore.LIMITS.sites);
    await Promise.all(hosts.map((h) => siteWriter.update(String(h), (r) => siteStore.merge(r, msg.sites[h]?.corrections ?? []))));
  }
}

function hostOf(url) {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

async function createMenus() {
  await api.contextMenus.removeAll();
  api.contextMenus.create({ id: MENU_READER, title: t('menuReader'), contexts: ['page'], documentUrlPatterns: PAGES });
  api.contextMenus.create({
    id: MENU_SITE,
    title: t('menuSite'),
    type: 'checkbox',
    checked: true,
    contexts: ['page'],
    documentUrlPatterns: PAGES,
  });
  api.contextMenus.create({ id: MENU_HIDE, title: t('menuHide'), contexts: ['all'], documentUrlPatterns: PAGES });
  api.contextMenus.create({ id: MENU_SHOW, title: t('menuShow'), contexts: ['all'], documentUrlPatterns: PAGES });
  api.contextMenus.create({ id: MENU_UNDO, title: t('menuUndo'), contexts: ['all'], documentUrlPatterns: PAGES });
  api.contextMenus.create({
    id: MENU_READER_SITE,
    title: t('menuReaderSite'),
    type: 'checkbox',
    checked: false,
    contexts: ['page'],
    documentUrlPatterns: PAGES,
  });
}
api.runtime.onInstalled.addListener(createMenus);
api.runtime.onStartup.addListener(createMenus);

/** The tab whose menu switched a site last: told there if the switch could not be stored yet. */
let menuTab = null;
const store = writer(api.storage, ({ state, error }) => {
  if (state === 'retrying' && menuTab !== null) {
    api.action.setTitle({ tabId: menuTab, title: t('siteNotSaved', error) }).catch(() => {});
  }
});

api.contextMenus.onClicked.addListener(async (info, tab) => {
  if (info.menuItemId === MENU_READER) {
    toggleReader(tab);
  } else if (info.menuItemId === MENU_HIDE) {
    startPicker(tab, 'hide');
  } else if (info.menuItemId === MENU_SHOW) {
    startPicker(tab, 'show');
  } else if (info.menuItemId === MENU_UNDO) {
    undoLast(hostOf(info.pageUrl), tab?.id);
  } else if (info.menuItemId === MENU_READER_SITE) {
    const host = hostOf(info.pageUrl);
    if (!host) return;
    const settings = normalize({ ...(await load(api.storage)), ...store.pending() });
    const readerSites = { ...settings.readerSites };
    if (info.checked) readerSites[host] = true;
    else delete readerSites[host];
    menuTab = tab?.id ?? null;
    store.write({ readerSites });
  } else if (info.menuItemId === MENU_SITE) {
    const host = hostOf(info.pageUrl);
    if (!host) return;
    const settings = normalize({ ...(await load(api.storage)), ...store.pending() });
    const sites = { ...settings.sites, [host]: Boolean(info.checked) };
    if (sites[host] === settings.enabled) delete sites[host]; // same as the default: keep the list short
    menuTab = tab?.id ?? null;
    store.write({ sites });
  }
});

/** Keeps the site checkbox in step with the active tab's site. Hosts come from the content
 * script's messages (sender.url), so no "tabs" permission is needed to read tab addresses. */
async function syncSiteMenu(tabId) {
  const host = tabHosts.get(tabId);
  if (!host) return;
  const settings = await load(api.storage);
  try {
    await api.contextMenus.update(MENU_SITE, { checked: siteEnabled(settings, host) });
    await api.contextMenus.update(MENU_READER_SITE, { checked: readerAlways(settings, host) });
  } catch {
    // The menu is re-created on install and start-up; until then there is nothing to update.
  }
}
api.tabs.onActivated.addListener(({ tabId }) => syncSiteMenu(tabId));
api.tabs.onRemoved.addListener((tabId) => tabHosts.delete(tabId));
api.storage.onChanged.addListener(() =>
  api.tabs.query({ active: true, lastFocusedWindow: true }).then(([t]) => t && syncSiteMenu(t.id)),
);
