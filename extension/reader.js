// Reader mode's view, one of the content script's two jobs: shows an article from the core in a
// closed shadow root over the page, with its own style sheet (reader.css) and typography bar,
// and puts the page's scroll position back when it goes. content.js decides when to show and
// hide it.
globalThis.declutterReader = (() => {
  const api = globalThis.browser ?? globalThis.chrome;
  const { MSG } = globalThis.declutterProtocol;
  const { normalize, writer, FONT_FILES } = globalThis.declutterSettings;
  const { t } = globalThis.declutterI18n;
  const exporter = globalThis.declutterExport;
  const speech = globalThis.declutterSpeech;

  /** The reader host's inline style (!important): over the whole page, untouched by its CSS. */
  const HOST_STYLE = [
    ['all', 'initial'],
    ['position', 'fixed'],
    ['inset', '0'],
    ['z-index', '2147483647'],
    ['display', 'block'],
  ];

  /**
   * Printing in reader mode prints the reader alone: the page beside it is left out by a sheet the
   * document adopts while the reader is open (no change to the page's markup).
   */
  const printSheet = new CSSStyleSheet();
  printSheet.replaceSync('@media print { html > :not(declutter-reader) { display: none !important; } }');

  /** While reader mode is open: { host, shadow, page, controls, scroll, onLeave, saved, reading,
   * focus, restoration, pushing, pushed, back } (reading: the read-aloud, where the browser can
   * speak; focus: what had focus before; restoration: the page's history.scrollRestoration;
   * pushing, pushed: the timer that pushes the reader's history entry, and whether it has; back:
   * left by Back). */
  let view = null;
  /** The reader settings (settings.js's `reader`: typography, pictures, read-aloud speed and voice). */
  let typography = normalize().reader;
  /** Every reader host this page has had: the extension's own nodes, which are no change to it. */
  const hosts = new WeakSet();
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

  /** Bundled font -> its FontFaces, once loaded (asked of the background when first chosen). */
  const fontFaces = new Map();

  /**
   * Makes a bundled font usable in the reader: its faces join the document's fonts while reader
   * mode is open (a content script cannot load extension files itself, and font files in a
   * shadow root's @font-face are not used). Binary sources fetch nothing, whatever the page's CSP.
   */
  async function useFont(font) {
    if (!FONT_FILES[font]) return;
    if (!fontFaces.has(font)) {
      const files = api.runtime.sendMessage({ type: MSG.READER_FONT, font }).then((list) => {
        if (!Array.isArray(list)) throw new Error(`font ${font} could not be read`);
        const { family } = FONT_FILES[font];
        return Promise.all(
          list.map(({ weight, style, data }) =>
            new FontFace(family, Uint8Array.fromBase64(data).buffer, { weight, style }).load(),
          ),
        );
      });
      fontFaces.set(font, files);
      files.catch(() => fontFaces.delete(font)); // asked again next time
    }
    const faces = await fontFaces.get(font);
    if (view) for (const face of faces) document.fonts.add(face);
  }

  /** Takes the bundled fonts back out of the document's fonts. */
  async function dropFonts() {
    for (const faces of fontFaces.values()) for (const face of await faces.catch(() => [])) document.fonts.delete(face);
  }

  /** Shows `typography` in the open reader. */
  function applyTypography() {
    if (!view) return;
    const { page, controls } = view;
    page.dataset.font = typography.font;
    page.dataset.theme = typography.theme;
    page.dataset.images = typography.images ? 'on' : 'off';
    page.style.setProperty('--size', `${typography.size}px`);
    page.style.setProperty('--width', `${typography.width}em`);
    page.style.setProperty('--lh', String(typography.lineHeight));
    page.style.setProperty('--letter-spacing', `${typography.letterSpacing}em`);
    page.style.setProperty('--word-spacing', `${typography.wordSpacing}em`);
    controls.font.value = typography.font;
    controls.theme.value = typography.theme;
    controls.images.checked = typography.images;
    useFont(typography.font).catch(() => {});
  }

  /**
   * The bar's changes go through the settings' one writer; the bar says when one is not stored
   * yet. Once everything is stored the value is read back once: the writes' change events come
   * back one by one (in Firefox not always in order) and the last to arrive can be an older one.
   */
  const store = writer(api.storage, ({ state, error }) => {
    if (view) view.controls.status.textContent = state === 'saved' ? '' : t('notSaved', error);
    if (state === 'saved') {
      api.storage.sync
        .get('reader')
        .then((stored) => setTypography(normalize(stored).reader))
        .catch(() => {});
    }
  });
  addEventListener('pagehide', () => store.flush());

  /** Reader typography changed (in the settings): shown at once if reader mode is open, unless
   * a change made in the bar is still to be written (storage then says what it was before). */
  function setTypography(reader) {
    typography = store.pending().reader ?? reader;
    applyTypography();
  }

  /** A change made in the reader's bar: shown at once and saved to the settings. */
  function saveTypography(change) {
    typography = normalize({ reader: { ...typography, ...change } }).reader;
    applyTypography();
    store.write({ reader: typography });
  }

  function formatDate(iso) {
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return iso;
    return d.toLocaleDateString(document.documentElement.lang || undefined, { year: 'numeric', month: 'long', day: 'numeric' });
  }

  /** Languages written right to left, for a page that declares its language but not its direction. */
  const RTL_LANGUAGES = ['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'ks', 'ps', 'sd', 'ug', 'ur', 'yi'];
  const textDirection = (lang) => (RTL_LANGUAGES.includes(String(lang).toLowerCase().split('-')[0]) ? 'rtl' : 'ltr');

  function buildControls() {
    const option = (value, text) => el('option', { value, text });
    const font = el(
      'select',
      { class: 'font' },
      option('serif', t('fontSerif')),
      option('sans', t('fontSans')),
      option('atkinson', 'Atkinson Hyperlegible'),
      option('opendyslexic', 'OpenDyslexic'),
    );
    const images = el('input', { type: 'checkbox', class: 'images' });
    images.addEventListener('change', () => saveTypography({ images: images.checked }));
    const theme = el(
      'select',
      { class: 'theme' },
      option('system', t('themeSystem')),
      option('light', t('themeLight')),
      option('sepia', t('themeSepia')),
      option('dark', t('themeDark')),
    );
    font.addEventListener('change', () => saveTypography({ font: font.value }));
    theme.addEventListener('change', () => saveTypography({ theme: theme.value }));
    const step = (label, name, setting, delta) => {
      const b = el('button', { type: 'button', title: name, 'aria-label': name, text: label });
      b.addEventListener('click', () => saveTypography({ [setting]: Math.round((typography[setting] + delta) * 100) / 100 }));
      return b;
    };
    const action = (label, name, run, props = {}) => {
      const b = el('button', { type: 'button', title: name, 'aria-label': name, text: label, ...props });
      b.addEventListener('click', run);
      return b;
    };
    const save = (ext, type, write) => () =>
      exporter.download(view.page, exporter.fileName(view.saved.title, ext), type, write(view.saved));
    const status = el('span', { class: 'status', role: 'status' });
    const close = el('button', { type: 'button', class: 'close', title: t('closeTitle'), text: `✕ ${t('close')}` });
    close.addEventListener('click', () => view?.onLeave());
    const bar = el(
      'div',
      { class: 'bar', role: 'toolbar', 'aria-label': t('readerSettings'), lang: api.i18n.getUILanguage() },
      el('label', { text: t('font') }, font),
      step('A−', t('smallerText'), 'size', -1),
      step('A+', t('largerText'), 'size', 1),
      step('⇤⇥', t('narrowerLines'), 'width', -2),
      step('⇠⇢', t('widerLines'), 'width', 2),
      step('≡−', t('lessLineSpacing'), 'lineHeight', -0.1),
      step('≡+', t('moreLineSpacing'), 'lineHeight', 0.1),
      step('a·b−', t('lessLetterSpacing'), 'letterSpacing', -0.02),
      step('a·b+', t('moreLetterSpacing'), 'letterSpacing', 0.02),
      step('␣−', t('lessWordSpacing'), 'wordSpacing', -0.05),
      step('␣+', t('moreWordSpacing'), 'wordSpacing', 0.05),
      el('label', { text: t('theme') }, theme),
      el('label', { text: t('images') }, images),
      action('⤓ HTML', t('saveHtml'), save('html', 'text/html', exporter.html), { class: 'save-html' }),
      action('⤓ MD', t('saveMarkdown'), save('md', 'text/markdown', exporter.markdown), { class: 'save-markdown' }),
      action(t('printButton'), t('print'), () => window.print(), { class: 'print' }),
      status,
      close,
    );
    return { bar, font, theme, images, status, close };
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

  /**
   * Shows `article` (the core's: title, byline, published, site_name, reading_minutes, lang,
   * dir, and `content`, its sanitized HTML) over the page, styled by `sheet` (from `styleSheet`).
   * `onLeave` is called when the user asks to leave (Escape, the close button).
   */
  function show(article, sheet, onLeave) {
    const scroll = { x: window.scrollX, y: window.scrollY, anchor: readingAnchor() };
    const focus = document.activeElement;
    const host = document.createElement('declutter-reader');
    hosts.add(host);
    for (const [k, v] of HOST_STYLE) host.style.setProperty(k, v, 'important');
    // Closed: page scripts cannot reach into the reader; the content is the core's
    // ammonia-sanitized HTML, and nothing else from the page is parsed as markup.
    const shadow = host.attachShadow({ mode: 'closed' });
    shadow.adoptedStyleSheets = [sheet];
    const controls = buildControls();
    const meta = el('p', { class: 'meta' });
    for (const part of [
      article.byline && t('byline', article.byline),
      article.published && formatDate(article.published),
      article.reading_minutes && t('minutesRead', article.reading_minutes),
    ]) {
      // Each part in its own direction (<bdi>): the interface's words in a right-to-left article.
      if (part) meta.append(el('span', {}, el('bdi', { text: part })));
    }
    // Parsed in an inert document (no script runs, nothing loads) and moved in as nodes: the
    // tree an innerHTML assignment would build, without an HTML string sink.
    const content = el('div', { class: 'content' });
    const parsed = new DOMParser().parseFromString(article.content, 'text/html');
    content.append(...document.adoptNode(parsed.body).childNodes);
    const title = article.title || document.title;
    const header = el('header');
    if (article.site_name) header.append(el('p', { class: 'site', text: article.site_name }));
    header.append(el('h1', { text: title }), meta);
    const lang = article.lang ? { lang: article.lang } : {};
    const body = el('article', lang, header, content);
    // The article's direction is the whole reader's: a right-to-left story gets its controls
    // mirrored too, so they sit where its lines start. The controls keep the interface's language.
    const dir = ['ltr', 'rtl'].includes(article.dir) ? article.dir : textDirection(article.lang);
    const page = el('div', { class: 'page', tabindex: '-1', role: 'document', dir }, controls.bar, body);
    const reading = speech.available() ? speech.create(body, article.lang, typography, saveTypography) : null;
    if (reading) controls.close.before(reading.controls);
    shadow.append(page);
    const saved = { title, lang: article.lang, dir, header, meta, content };
    view = {
      ...{ host, shadow, page, controls, scroll, onLeave, saved, reading, focus },
      restoration: history.scrollRestoration,
      address: location.href,
    };
    document.adoptedStyleSheets.push(printSheet);
    applyTypography();
    document.documentElement.append(host);
    page.focus({ preventScroll: true });
    window.addEventListener('keydown', onKey, true);
    // Pushing a history entry is a round trip to the browser (about 3 ms here and 6 ms there in
    // headless Chromium), which the reader need not wait for: it is pushed in the next task,
    // after the toggle has been answered.
    view.pushing = setTimeout(pushEntry);
  }

  /**
   * A history entry of its own (same address, same state), so that Back leaves reader mode
   * rather than the page. Its scroll restoration is manual, so that coming back to the page's
   * entry leaves the scroll where hide() puts it.
   */
  function pushEntry() {
    if (!view) return;
    history.scrollRestoration = 'manual';
    history.pushState(history.state, '');
    view.pushed = true;
    window.addEventListener('popstate', onBack);
  }

  /** Back while reading: the reader's history entry is gone already. */
  function onBack() {
    if (!view) return;
    view.back = true;
    view.onLeave();
  }

  /** Takes the reader away and brings the page back to where the user was reading. */
  function hide() {
    if (!view) return;
    const { host, scroll, reading, focus, restoration, back, address, pushing, pushed } = view;
    view = null;
    clearTimeout(pushing);
    window.removeEventListener('popstate', onBack);
    const restore = () => (history.scrollRestoration = restoration);
    // Before its entry was pushed, after Back, or once a single-page site moved on to another
    // address (its entry now sits above the reader's), the reader's entry is not the current
    // one: going back would undo the site's move.
    if (!pushed || back || location.href !== address) restore();
    else {
      window.addEventListener('popstate', restore, { once: true });
      history.back(); // takes the reader's entry away
    }
    reading?.stop();
    dropFonts();
    window.removeEventListener('keydown', onKey, true);
    const sheets = document.adoptedStyleSheets;
    if (sheets.includes(printSheet)) sheets.splice(sheets.indexOf(printSheet), 1);
    host.remove();
    window.scrollTo(scroll.x, scroll.y);
    const top = scroll.anchor && anchorTop(scroll.anchor.range);
    if (top !== null && top !== undefined) window.scrollBy(0, top - scroll.anchor.top);
    if (focus?.isConnected && focus !== document.body) focus.focus({ preventScroll: true });
  }

  /** Reader mode's keys, before the page's own handlers see them: Escape, and read-aloud's. */
  function onKey(e) {
    if (!view) return;
    if (e.key === 'Escape') view.onLeave();
    else if (!view.reading?.onKey(e, view.shadow.activeElement)) return;
    e.preventDefault();
    e.stopImmediatePropagation();
  }

  return { styleSheet, show, hide, setTypography, owns: (node) => hosts.has(node) };
})();
