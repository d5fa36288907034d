// The content script: a thin shell around the core's decisions. It sends the page's HTML to the
// service worker, hides what the core names (reversibly, byte for byte) and shows reader mode.
// No classification happens here.
//
// One analysis serves both: the de-clutter answer carries the reader article, which is kept with
// the state of the page it was computed from. Reader mode opens from the kept article while the
// page has not changed since; after any change it asks the core again (the cold path).
(() => {
  const api = globalThis.browser ?? globalThis.chrome;
  const { MSG, STATE } = globalThis.declutterProtocol;
  const { load, normalize, siteEnabled } = globalThis.declutterSettings;
  const HOST = location.hostname;
  /** Re-analyse later-injected content at most this often, and only when this much was added. */
  const RERUN_MS = 1500;
  /** Refresh the kept reader article at most this often while the page keeps changing. */
  const REFRESH_MS = 2000;
  const MIN_ADDED_TEXT = 200;
  const MIN_ADDED_ELEMENTS = 8;

  let settings = null;
  /** Hidden element -> its original `style` attribute (null when it had none). */
  const hidden = new Map();
  let lastStatus = { state: STATE.CLEAN };
  let reader = null;
  let running = false;
  /** Content arrived while the core was busy: run once more afterwards. */
  let again = false;
  /** De-clutter was asked for while reader mode was open. */
  let deferred = false;
  /** Bumped by page changes that can alter the core's answer (see `note`). */
  let generation = 0;
  /** `generation` when the page was last serialised for the core. */
  let snapshot = -1;
  /** The latest core answer: { generation, is_article, article }. */
  let kept = null;
  /** What the extension adds to the page itself (the reader's host), which changes nothing. */
  const ours = new WeakSet();

  /** Status for the toolbar button; `timing` (ms, this script's clock) lets benchmarks split the
   * time between the extension's own work and the browser's messaging and storage events. */
  const report = (status, timing) => {
    if (status.state !== STATE.READER) lastStatus = status;
    api.runtime.sendMessage({ type: MSG.STATUS, ...status, timing }).catch(() => {});
  };

  /** The page as the core sees it (the live DOM, including script-built content), with the
   * `generation` it stands for: pending mutation records are taken first. */
  function serialize() {
    note(observer.takeRecords());
    snapshot = generation;
    const dt = document.doctype;
    return { html: (dt ? `<!DOCTYPE ${dt.name}>` : '') + document.documentElement.outerHTML, generation };
  }

  /** Runs one core export in the service worker, timed: `roundtrip` is seen from here, `worker`
   * is the export call there (core plus conversion to JS), `core` the core alone. */
  async function ask(type, page) {
    const t0 = performance.now();
    const answer = await api.runtime.sendMessage({ type, html: page.html, url: location.href });
    const timing = { roundtrip: performance.now() - t0, worker: answer?.ms, core: answer?.result?.core_ms };
    if (answer?.ok) keep(page.generation, answer.result);
    return { answer, timing };
  }

  function keep(at, { is_article, article }) {
    if (!kept || kept.generation <= at) kept = { generation: at, is_article, article };
  }

  /** The index is checked against the core's CSS path, since the browser's DOM and the core's
   * parse can differ (e.g. `<noscript>` content); a mismatch falls back to the path. */
  function resolve(elements, index, selector) {
    const byIndex = elements[index];
    try {
      if (byIndex && (!selector || byIndex.matches(selector))) return byIndex;
      return selector ? document.querySelector(selector) : null;
    } catch {
      return null;
    }
  }

  function hide(el) {
    if (!el || hidden.has(el) || el === document.documentElement || el === document.body) return;
    hidden.set(el, el.getAttribute('style'));
    // CSSOM changes are not subject to the page's CSP, unlike an injected <style>.
    el.style.setProperty('display', 'none', 'important');
  }

  /** Puts every hidden element back exactly as it was. */
  function restore() {
    for (const [el, style] of hidden) {
      if (style === null) el.removeAttribute('style');
      else el.setAttribute('style', style);
    }
    hidden.clear();
  }

  async function declutter() {
    if (!siteEnabled(settings, HOST)) return;
    if (reader) {
      deferred = true; // switched on while reading: de-clutter when the reader closes
      return;
    }
    if (running) {
      again = true;
      return;
    }
    running = true;
    const t0 = performance.now();
    try {
      const elements = Array.from(document.getElementsByTagName('*'));
      const page = serialize();
      const serialized = performance.now();
      const { answer, timing } = await ask(MSG.DECLUTTER, page);
      if (!answer?.ok) {
        if (hidden.size === 0) report({ state: STATE.ERROR, reason: answer?.error ?? 'no answer' });
        return;
      }
      const { is_article, gate_reason, hide: indices, selectors, article } = answer.result;
      // Reader mode has something to show: its style sheet is fetched now rather than on the toggle.
      if (article?.content) styleSheet().catch(() => {});
      if (!is_article) {
        // The page changed into one that is not a story (or never was): give back what was hidden.
        restore();
        report({ state: STATE.NOT_STORY, reason: gate_reason, readable: Boolean(article?.content) });
        return;
      }
      if (!siteEnabled(settings, HOST)) return; // switched off while the core ran
      if (reader) {
        deferred = true;
        return;
      }
      const applying = performance.now();
      indices.forEach((index, i) => hide(resolve(elements, index, selectors[i])));
      const done = performance.now();
      report(hidden.size ? { state: STATE.DECLUTTERED, hidden: hidden.size } : { state: STATE.CLEAN }, {
        ...timing,
        serialize: serialized - t0,
        apply: done - applying,
        total: done - t0,
      });
    } catch (e) {
      if (hidden.size === 0) report({ state: STATE.ERROR, reason: String(e?.message ?? e) });
    } finally {
      running = false;
      if (again) {
        again = false;
        declutter();
      }
    }
  }

  // Later-injected content (infinite scroll, lazy widgets): count what was added and re-run
  // at most every RERUN_MS, only when enough arrived.
  let added = { text: 0, elements: 0 };
  let timer = 0;
  let refreshTimer = 0;
  /** Churn inside hidden clutter (rotating ads) is not worth another analysis. */
  function insideHidden(node) {
    for (let n = node; n; n = n.parentElement) if (hidden.has(n)) return true;
    return false;
  }
  /**
   * Counts added content for re-runs, and bumps `generation` on any change outside hidden
   * clutter and the reader: added or removed nodes, edited text, changed attributes (the core
   * reads many: class, id, role, hidden, style, src, href, meta content...). Hiding sets the
   * style of elements already in `hidden`, so it is not a change.
   */
  function note(records) {
    for (const r of records) {
      if (r.type === 'childList') {
        const nodes = [...r.addedNodes, ...r.removedNodes].filter((n) => !ours.has(n));
        if (nodes.length === 0 || insideHidden(r.target)) continue;
        if (generation === snapshot) generation++;
        for (const n of r.addedNodes) {
          if (ours.has(n)) continue;
          if (n.nodeType === Node.ELEMENT_NODE) {
            added.elements += 1 + n.getElementsByTagName('*').length;
            added.text += n.textContent.length;
          } else if (n.nodeType === Node.TEXT_NODE) {
            added.text += n.data.length;
          }
        }
      } else if (generation === snapshot && !insideHidden(r.target)) {
        generation++;
      }
    }
    if (generation !== snapshot && !refreshTimer) refreshTimer = setTimeout(refreshKept, REFRESH_MS);
    if (timer || (added.text < MIN_ADDED_TEXT && added.elements < MIN_ADDED_ELEMENTS)) return;
    timer = setTimeout(() => {
      timer = 0;
      added = { text: 0, elements: 0 };
      declutter();
    }, RERUN_MS);
  }
  const observer = new MutationObserver(note);

  /**
   * Small changes start no re-run (a corrected sentence, a lazy image's new address, a ticking
   * "5 min ago"), but they make the kept article stale, and reader mode would then wait for the
   * core. So the kept article is refreshed at most every REFRESH_MS while the page changes:
   * only on an article page, while de-clutter is on (a site switched off is not analysed) and
   * the tab is visible.
   */
  async function refreshKept() {
    refreshTimer = 0;
    if (!kept?.is_article || reader || running || timer || document.hidden || !siteEnabled(settings, HOST)) return;
    note(observer.takeRecords());
    if (kept.generation !== generation) await ask(MSG.READER, serialize()).catch(() => {});
  }

  function switchOff() {
    restore();
    kept = null; // the page is back as it was: reader mode asks the core again
    report({ state: STATE.OFF });
  }

  // ---- reader mode ------------------------------------------------------------------------

  /** The reader's style sheet, asked for once per page. */
  let sheet = null;
  /**
   * reader.css as a constructed style sheet, asked of the background once per page: a content
   * script can read no extension file that is not web-accessible, and the extension lists none,
   * so that pages cannot probe for it. A constructed sheet is not subject to the page's CSP.
   */
  function styleSheet() {
    sheet ??= api.runtime.sendMessage({ type: MSG.READER_STYLE }).then((css) => {
      if (typeof css !== 'string') throw new Error('reader.css could not be read');
      const s = new CSSStyleSheet();
      s.replaceSync(css);
      return s;
    });
    sheet.catch(() => (sheet = null)); // asked again next time
    return sheet;
  }

  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(props)) {
      if (k === 'text') node.textContent = v;
      else node.setAttribute(k, v);
    }
    node.append(...children);
    return node;
  }

  function applyTypography() {
    if (!reader) return;
    const r = settings.reader;
    const page = reader.page;
    page.dataset.font = r.font;
    page.dataset.theme = r.theme;
    page.style.setProperty('--size', `${r.size}px`);
    page.style.setProperty('--width', `${r.width}em`);
    page.style.setProperty('--lh', String(r.lineHeight));
    reader.controls.font.value = r.font;
    reader.controls.theme.value = r.theme;
  }

  function saveReader(change) {
    const next = normalize({ ...settings, reader: { ...settings.reader, ...change } });
    settings = next;
    applyTypography();
    api.storage.sync.set({ reader: next.reader }).catch(() => {});
  }

  function formatDate(iso) {
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return iso;
    return d.toLocaleDateString(document.documentElement.lang || undefined, { year: 'numeric', month: 'long', day: 'numeric' });
  }

  function buildControls() {
    const option = (value, text) => el('option', { value, text });
    const font = el('select', { 'aria-label': 'Font', class: 'font' }, option('serif', 'Serif'), option('sans', 'Sans'));
    const theme = el(
      'select',
      { 'aria-label': 'Theme', class: 'theme' },
      option('system', 'System'),
      option('light', 'Light'),
      option('sepia', 'Sepia'),
      option('dark', 'Dark'),
    );
    font.addEventListener('change', () => saveReader({ font: font.value }));
    theme.addEventListener('change', () => saveReader({ theme: theme.value }));
    const step = (label, title, key, delta) => {
      const b = el('button', { type: 'button', title, 'aria-label': title, text: label });
      b.addEventListener('click', () => saveReader({ [key]: Math.round((settings.reader[key] + delta) * 10) / 10 }));
      return b;
    };
    const close = el('button', { type: 'button', class: 'close', title: 'Leave reader mode (Esc)', text: '✕ Close' });
    close.addEventListener('click', () => leaveReader());
    const bar = el(
      'div',
      { class: 'bar', role: 'toolbar', 'aria-label': 'Reader settings' },
      el('label', { text: 'Font' }, font),
      step('A−', 'Smaller text', 'size', -1),
      step('A+', 'Larger text', 'size', 1),
      step('⇤⇥', 'Narrower lines', 'width', -2),
      step('⇠⇢', 'Wider lines', 'width', 2),
      step('≡−', 'Less line spacing', 'lineHeight', -0.1),
      step('≡+', 'More line spacing', 'lineHeight', 0.1),
      el('label', { text: 'Theme' }, theme),
      close,
    );
    return { bar, font, theme };
  }

  /**
   * The text the user is reading and where it sits in the viewport, as a one-character range.
   * De-clutter can be switched off (or on) under the reader, which moves the page's text, so
   * leaving the reader brings these words back to the same place rather than restoring a stale
   * offset; a range follows the words even inside a tall container, where an element would not.
   */
  function readingAnchor() {
    for (let y = 0.3; y < 1; y += 0.1) {
      const x = window.innerWidth / 2;
      const py = window.innerHeight * y;
      const caret = document.caretPositionFromPoint?.(x, py);
      const range = caret ? document.createRange() : document.caretRangeFromPoint?.(x, py);
      if (caret) range.setStart(caret.offsetNode, caret.offset);
      const node = range?.startContainer;
      if (!node || node.nodeType !== Node.TEXT_NODE) continue;
      // One character wide: a collapsed range has no box in every browser.
      range.setEnd(node, Math.min(range.startOffset + 1, node.length));
      const top = anchorTop(range);
      if (top !== null) return { range, top };
    }
    return null;
  }

  function anchorTop(range) {
    const node = range.startContainer;
    if (!node.isConnected || !node.parentElement?.getClientRects().length) return null;
    const rect = range.getClientRects()[0] ?? node.parentElement.getBoundingClientRect();
    return rect.top;
  }

  /** The article for the page as it is now: the kept one when nothing changed since it was
   * computed, else a fresh one from the core. */
  async function currentArticle() {
    note(observer.takeRecords());
    if (kept?.generation === generation) return { result: kept, timing: { source: 'kept' } };
    const t0 = performance.now();
    const page = serialize();
    const serialized = performance.now();
    const { answer, timing } = await ask(MSG.READER, page);
    if (!answer?.ok) return { error: answer?.error ?? 'no answer' };
    return { result: answer.result, timing: { source: 'core', serialize: serialized - t0, ...timing } };
  }

  async function enterReader() {
    const t0 = performance.now();
    const [{ result, error, timing }, readerSheet] = await Promise.all([currentArticle(), styleSheet()]);
    if (error !== undefined) {
      report({ state: STATE.ERROR, reason: error });
      return;
    }
    // On a page that is not a story the core's answer is still its best reading of the page.
    const { article } = result;
    if (!article?.content) {
      report({ state: STATE.NO_ARTICLE }, { ...timing, total: performance.now() - t0 });
      return;
    }
    if (reader) return;
    const rendering = performance.now();
    const scroll = { x: window.scrollX, y: window.scrollY, anchor: readingAnchor() };
    const host = document.createElement('declutter-reader');
    ours.add(host);
    for (const [k, v] of [
      ['all', 'initial'],
      ['position', 'fixed'],
      ['inset', '0'],
      ['z-index', '2147483647'],
      ['display', 'block'],
    ]) {
      host.style.setProperty(k, v, 'important');
    }
    // Closed: page scripts cannot reach into the reader; the content is the core's
    // ammonia-sanitized HTML, and nothing else from the page is parsed as markup.
    const shadow = host.attachShadow({ mode: 'closed' });
    shadow.adoptedStyleSheets = [readerSheet];
    const controls = buildControls();
    const meta = el('p', { class: 'meta' });
    for (const part of [
      article.byline && `By ${article.byline}`,
      article.published && formatDate(article.published),
      article.reading_minutes && `${article.reading_minutes} min read`,
    ]) {
      if (part) meta.append(el('span', { text: part }));
    }
    // Parsed in an inert document (no script runs, nothing loads) and moved in as nodes: the
    // tree an innerHTML assignment would build, without an HTML string sink.
    const content = el('div', { class: 'content' });
    const parsed = new DOMParser().parseFromString(article.content, 'text/html');
    content.append(...document.adoptNode(parsed.body).childNodes);
    const header = el('header');
    if (article.site_name) header.append(el('p', { class: 'site', text: article.site_name }));
    header.append(el('h1', { text: article.title || document.title }), meta);
    const body = el('article', { dir: article.dir || 'auto', ...(article.lang ? { lang: article.lang } : {}) }, header, content);
    const page = el('div', { class: 'page', tabindex: '-1', role: 'document' }, controls.bar, body);
    shadow.append(page);
    reader = { host, page, controls, scroll };
    applyTypography();
    document.documentElement.append(host);
    page.focus({ preventScroll: true });
    window.addEventListener('keydown', onKey, true);
    const done = performance.now();
    report({ state: STATE.READER }, { ...timing, render: done - rendering, total: done - t0 });
  }

  function leaveReader() {
    if (!reader) return;
    const { host, scroll } = reader;
    reader = null;
    window.removeEventListener('keydown', onKey, true);
    host.remove();
    window.scrollTo(scroll.x, scroll.y);
    const top = scroll.anchor && anchorTop(scroll.anchor.range);
    if (top !== null && top !== undefined) window.scrollBy(0, top - scroll.anchor.top);
    report(lastStatus);
    if (deferred) {
      deferred = false;
      declutter();
    }
  }

  function onKey(e) {
    if (e.key === 'Escape' && reader) {
      e.preventDefault();
      e.stopImmediatePropagation();
      leaveReader();
    }
  }

  api.runtime.onMessage.addListener((msg, _sender, respond) => {
    if (msg?.type !== MSG.TOGGLE_READER) return false;
    (reader ? Promise.resolve(leaveReader()) : enterReader())
      .catch((e) => report({ state: STATE.ERROR, reason: String(e?.message ?? e) }))
      .then(() => respond({ reader: Boolean(reader) }));
    return true;
  });

  api.storage.onChanged.addListener((changes, area) => {
    if (area !== 'sync' || !settings) return;
    const raw = { ...settings };
    for (const [k, { newValue }] of Object.entries(changes)) raw[k] = newValue;
    const wasOn = siteEnabled(settings, HOST);
    settings = normalize(raw);
    applyTypography();
    if (wasOn && !siteEnabled(settings, HOST)) switchOff();
    else if (!wasOn && siteEnabled(settings, HOST)) declutter();
  });

  load(api.storage)
    .then((s) => {
      settings = s;
      observer.observe(document.documentElement, { childList: true, subtree: true, characterData: true, attributes: true });
      if (siteEnabled(settings, HOST)) return declutter();
      report({ state: STATE.OFF });
    })
    .catch(() => {});
})();
