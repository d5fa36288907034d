// The interface's words in the browser's language, from _locales/<lang>/messages.json (English
// when the language has none). A classic script that publishes one global, like protocol.js: the
// content scripts and the options page load it, the background imports it.
globalThis.declutterI18n = (() => {
  const api = globalThis.browser ?? globalThis.chrome;

  /** The message `key` with `subs` for its $1, $2...; the key itself if it is missing, so a
   * forgotten message shows rather than leaving an empty control. */
  const t = (key, ...subs) => api.i18n.getMessage(key, subs.map(String)) || key;

  /** Built on the first count, not at load: the background imports this file and most of its
   * wake-ups count nothing. The language is the messages' own (`locale`), not the browser's: a
   * browser in Polish reads the English messages, whose forms are English ones. */
  let counting = null;

  /**
   * The message for `count` things: `key_<form>` for the plural form the messages' language
   * gives it (English "one" for 1 only, French "one" for 0 and 1), else `key_other` (a form the
   * messages leave out, such as Spanish "many" for a million). $1 is the count, written as the
   * language writes numbers; `subs` are $2...
   */
  function plural(key, count, ...subs) {
    if (!counting) {
      const locale = t('locale');
      counting = { rules: new Intl.PluralRules(locale), number: new Intl.NumberFormat(locale) };
    }
    const args = [counting.number.format(count), ...subs];
    return api.i18n.getMessage(`${key}_${counting.rules.select(count)}`, args.map(String)) || t(`${key}_other`, ...args);
  }

  /**
   * Words a page's markup names: data-i18n (the text), data-i18n-label (aria-label) and
   * data-i18n-placeholder; the page's lang and dir become the interface's.
   */
  function localize(doc) {
    for (const node of doc.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
    for (const node of doc.querySelectorAll('[data-i18n-label]')) node.setAttribute('aria-label', t(node.dataset.i18nLabel));
    for (const node of doc.querySelectorAll('[data-i18n-placeholder]')) node.placeholder = t(node.dataset.i18nPlaceholder);
    doc.documentElement.lang = api.i18n.getUILanguage();
    doc.documentElement.dir = t('@@bidi_dir');
  }

  return Object.freeze({ t, plural, localize });
})();
