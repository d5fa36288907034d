// The document_start content script: applies the site's rules (a person's corrections and the
// rules learnt from the core's decisions, site-store.js) as one style sheet as soon as storage
// answers, which is before the page's first paint on a page of any size, so known clutter never
// shows. A constructed sheet adopted by the document: not subject to the page's CSP, and not
// part of the page's markup (the page serialises as before; taking the sheet away restores it).
// content.js, loaded later into the same isolated world, takes it from here: it lifts rules the
// core finds hiding story text, and changes the sheet as corrections are made.
// Listed with the document_idle scripts too (a tab open before the extension was installed has no
// document_start run): the first run is kept.
globalThis.declutterEarly ??= (() => {
  const api = globalThis.browser ?? globalThis.chrome;
  const { keyOf, rulesOf } = globalThis.declutterSiteStore;
  const HOST = location.hostname;
  const started = performance.now();

  const sheet = new CSSStyleSheet();
  /** { hide, show, own, learned } as the sheet has them now. */
  let rules = { hide: [], show: [], own: [], learned: [] };
  let adopted = false;
  /** Timings for the benchmark: main-thread ms spent here, and when the sheet went in. */
  const timing = { start: started, cost: performance.now() - started, applied: null, rules: 0 };

  /** Whether the browser reads `s` as a selector (an imported rule may not be one). */
  function valid(s) {
    try {
      document.createDocumentFragment().querySelector(s);
      return true;
    } catch {
      return false;
    }
  }

  /** One rule per selector that hides, each without what a "show this" brings back. */
  function build(next) {
    rules = { ...next, hide: next.hide.filter(valid), show: next.show.filter(valid) };
    const except = rules.show.length ? `:not(${rules.show.map((s) => `:is(${s})`).join(', ')})` : '';
    sheet.replaceSync(rules.hide.map((s) => `:is(${s})${except} { display: none !important; }`).join('\n'));
  }

  function adopt(on) {
    if (on === adopted) return;
    adopted = on;
    const others = [...document.adoptedStyleSheets].filter((s) => s !== sheet);
    document.adoptedStyleSheets = on ? [...others, sheet] : others;
  }

  /** The site's record and whether de-clutter is on for it, as read at document_start. */
  const ready = Promise.all([api.storage.local.get(keyOf(HOST)), api.storage.sync.get(['enabled', 'sites'])]).then(
    ([local, sync]) => {
      const t0 = performance.now();
      const own = sync.sites?.[HOST];
      const on = typeof own === 'boolean' ? own : sync.enabled !== false;
      const record = local[keyOf(HOST)];
      // De-clutter will ask the core once the page has loaded: the worker starts meanwhile.
      if (on) api.runtime.sendMessage({ type: globalThis.declutterProtocol.MSG.WAKE }).catch(() => {});
      if (on && record) {
        build(rulesOf(record));
        if (rules.hide.length) adopt(true);
      }
      timing.rules = rules.hide.length;
      timing.applied = performance.now();
      timing.cost += timing.applied - t0;
      return record;
    },
  );
  ready.catch(() => {});

  return {
    ready,
    timing,
    /** The rules the sheet applies now. */
    rules: () => rules,
    /** Applies `next` ({ hide, show, own, learned } from site-store's rulesOf). */
    set(next) {
      build(next);
      adopt(rules.hide.length > 0);
    },
    /** Takes the sheet off the page (de-clutter off), or puts it back. */
    enable: (on) => adopt(on && rules.hide.length > 0),
    /** Whether `el` is hidden by the sheet: a hide rule matches and no show rule. */
    hides(el) {
      if (!adopted) return false;
      const m = (s) => {
        try {
          return el.matches(s);
        } catch {
          return false;
        }
      };
      return rules.hide.some(m) && !rules.show.some(m);
    },
    /** Every element the sheet hides now. */
    hidden() {
      if (!adopted) return [];
      const out = new Set();
      for (const s of rules.hide) {
        try {
          for (const el of document.querySelectorAll(s)) if (this.hides(el)) out.add(el);
        } catch {
          // refused selector
        }
      }
      return [...out];
    },
  };
})();
