// The names the extension's scripts share, written once: the messages between the content
// scripts and the background, and the states of a tab's page (which the toolbar button shows).
// A classic script (content scripts cannot be modules) that publishes one global; the background
// imports it for that global.
globalThis.declutterProtocol = (() => {
  /** Message `type`s. */
  const MSG = Object.freeze({
    /** Page → background, { html, url }: answers { ok, result: the core's `declutter` (what to hide
     * and the reader article, from one pass), ms } or { ok: false, error }. */
    DECLUTTER: 'declutter',
    /** Page → background, at document_start where de-clutter is on: starts the worker if the
     * browser stopped it, so that the core is compiled and warm by the time the page asks; answers
     * { ready, warm_up_ms }. */
    WAKE: 'wake',
    /** Page → background, { html, url }: the same answer with the core's `reader` (the article alone). */
    READER: 'reader',
    /** Page → background: answers the reader's style sheet (reader.css) as text. */
    READER_STYLE: 'reader-style',
    /** Page → background, { font } (a key of settings.js's FONT_FILES): answers its packaged files
     * as [{ weight, style, data }], data in base64 (messages carry JSON). */
    READER_FONT: 'reader-font',
    /** Page → background, { state, hidden, reason, readable, timing }: what the toolbar button shows. */
    STATUS: 'status',
    /** Background → page: the user asked to enter or leave reader mode; answers { reader }. */
    TOGGLE_READER: 'toggle-reader',
    /** Page → background, { html, url, index }: the core's `pick` for the element at `index`
     * (answers { ok, result: { selector, path, text } }). */
    PICK: 'pick',
    /** Background → page, { mode: 'hide' | 'show' }: a person asked to pick a box to hide, or a
     * hidden one to show (context menu, shortcut). */
    START_PICKER: 'start-picker',
    /** Page → background, { action: 'hide' | 'show', selector, text }: a person's correction for
     * the page's site, stored in storage.local (site-store.js). */
    CORRECT: 'correct',
    /** Page → background, { page, items: [{ selector, rule }] }: what the core hid on a story
     * page of the site (its site selectors and rules), to learn site rules from. */
    SEEN: 'seen',
    /** Background → page: the shortcut asked to undo the last correction; the page answers with
     * the same message to the background, whose sender's address names the site. */
    UNDO: 'undo',
    /** Page → background, { selectors }: learnt rules the core found hiding story text. */
    STRIKE: 'strike',
    /** Options page → background, { op: 'remove' | 'import' | 'forget', host, ... }. */
    SITE_DATA: 'site-data',
  });

  /** The states of a tab's page (content.js holds one per page), which are also the statuses the
   * toolbar button shows, but for LOADING and ANALYSING (never shown); NO_ARTICLE and UNSUPPORTED
   * are statuses only. */
  const STATE = Object.freeze({
    /** The content script is reading the settings; nothing shown yet. */
    LOADING: 'loading',
    /** De-clutter is off for the site: the page as served. */
    OFF: 'off',
    /** The core is reading the page; the toolbar still shows the state before. */
    ANALYSING: 'analysing',
    /** A story page with clutter hidden in place. */
    DECLUTTERED: 'decluttered',
    /** A story page with nothing to hide. */
    CLEAN: 'clean',
    /** The core's page gate took the page for something else than a story: the page as served. */
    NOT_STORY: 'not-story',
    /** The core could not read the page (too large, too deep): the page as served. */
    ERROR: 'error',
    /** Reader mode, over the page. */
    READER: 'reader',
    /** Reader mode was asked for and the core found nothing to show. */
    NO_ARTICLE: 'no-article',
    /** A tab without the content script (not a web page). */
    UNSUPPORTED: 'unsupported',
  });

  return Object.freeze({ MSG, STATE });
})();
