// The content script's own part, loaded after its two jobs (in-place.js: de-clutter in place;
// reader.js: reader mode's view): the page's one state and every transition between states,
// driven by the settings, the page's changes and the toolbar's toggle. No classification happens
// in the extension's JavaScript: the core decides, through the background.
(() => {
  const api = globalThis.browser ?? globalThis.chrome;
  const { MSG, STATE } = globalThis.declutterProtocol;
  const { load, normalize, siteEnabled, readerAlways } = globalThis.declutterSettings;
  const inPlace = globalThis.declutterInPlace;
  const reader = globalThis.declutterReader;
  const picker = globalThis.declutterPicker;
  const early = globalThis.declutterEarly;
  const siteStore = globalThis.declutterSiteStore;
  const HOST = location.hostname;

  /** The site's record in storage.local (corrections, learnt rules), as last read or changed. */
  let record = null;
  /** Learnt rules lifted on this page: the core found them hiding story text, or the page is
   * not a story (nothing is changed there but what a person asked for). */
  let lifted = [];
  /** The element the page's context menu was opened on: where "Hide a box" starts. */
  let menuTarget = null;
  addEventListener('contextmenu', (e) => (menuTarget = e.target), true);
  /** The address reader mode opened by itself on ("always open reader mode on this site"). */
  let autoReader = null;
  /** The address whose hidden boxes were told to the background for learning. */
  let told = null;

  let settings = null;
  /**
   * The page's state: { state } (one of STATE) with what that state carries.
   *   LOADING, OFF, CLEAN             -
   *   DECLUTTERED { hidden }          how many elements are hidden
   *   NOT_STORY { reason, readable }  the page gate's reason; whether reader mode has an article
   *   ERROR { reason }                what the core said
   *   ANALYSING { run, shown, again } the core is reading the page: `run` numbers the request,
   *                                   `shown` is the state the toolbar still shows (null before
   *                                   the first answer), `again` asks for one more run (content
   *                                   arrived meanwhile)
   *   READER { shown, due }           reader mode over the page: `shown` is the state beneath,
   *                                   shown again on leaving; `due` asks for de-clutter then
   * Only `to` changes it.
   */
  let page = { state: STATE.LOADING };
  let runs = 0;

  const READING = Object.freeze({ state: STATE.READER });
  /** The state the toolbar shows for `p` (null: nothing yet). */
  function face(p) {
    if (p.state === STATE.LOADING) return null;
    if (p.state === STATE.ANALYSING) return p.shown;
    return p.state === STATE.READER ? READING : p;
  }

  /**
   * Status for the toolbar button; `timing` (ms, this script's clock) lets benchmarks split the
   * time between the extension's own work and the browser's messaging and storage events.
   */
  function report({ state, hidden, reason, readable }, timing) {
    api.runtime.sendMessage({ type: MSG.STATUS, state, hidden, reason, readable, timing }).catch(() => {});
  }

  /** Elements hidden now: in place by the core, and by the site's rules (the early sheet). */
  function hiddenTotal() {
    return inPlace.hiddenCount() + early.hidden().filter((el) => !inPlace.has(el)).length;
  }

  /** The site's rules as they stand (corrections, learnt rules but the lifted), on the page. */
  function applyRules() {
    const rules = siteStore.rulesOf(record, lifted);
    early.set(rules);
    early.enable(Boolean(settings) && siteEnabled(settings, HOST) && page.state !== STATE.OFF);
    inPlace.setShown(rules.show);
  }

  /** After a correction or a change of rules: the toolbar's count follows. */
  function recount() {
    const shownState = face(page);
    if (!shownState || ![STATE.DECLUTTERED, STATE.CLEAN].includes(shownState.state)) return;
    const hidden = hiddenTotal();
    const next = hidden ? { state: STATE.DECLUTTERED, hidden } : { state: STATE.CLEAN };
    if (page.state === STATE.ANALYSING) to({ ...page, shown: next });
    else if (page.state !== STATE.READER) to(next);
    else to({ ...page, shown: next });
  }

  /** The one way from state to state; the toolbar is told when what it shows changes, and of
   * every finished run (with its timing). */
  function to(next, timing) {
    const before = face(page);
    page = next;
    const now = face(next);
    if (now && (timing || !sameFace(now, before))) report(now, timing);
  }

  /** Whether the toolbar would show the same: a status message wakes the service worker, and a
   * repeated one would also be taken for the answer to whatever the person did last. */
  function sameFace(a, b) {
    return (
      a === b || (a?.state === b?.state && a?.hidden === b?.hidden && a?.reason === b?.reason && a?.readable === b?.readable)
    );
  }

  const send = (msg) => api.runtime.sendMessage(msg).catch(() => {});

  /** De-clutter is due (loaded, switched on, new content): analyse now, or after the running
   * analysis, or when reader mode closes. */
  function declutter() {
    if (!siteEnabled(settings, HOST)) return;
    if (page.state === STATE.ANALYSING) to({ ...page, again: true });
    else if (page.state === STATE.READER) to({ ...page, due: true });
    else analyse(face(page));
  }

  /** Asks the core about the page and turns its answer into the next state; `fresh`: the page
   * is another story now (see `navigated`). */
  async function analyse(shown, fresh = false) {
    const run = ++runs;
    to({ state: STATE.ANALYSING, run, shown, again: false });
    let answer;
    const learned = siteStore.rulesOf(record, lifted).learned;
    try {
      answer = await inPlace.analyse({ fresh, rules: learned });
    } catch (e) {
      answer = { error: String(e?.message ?? e) };
    }
    // Switched off, reader mode opened (it asks for de-clutter again when it closes) or a newer
    // run: this answer is not wanted.
    if (page.state !== STATE.ANALYSING || page.run !== run) return;
    const { again } = page;
    if (answer.error !== undefined) {
      // What is hidden stays hidden, and the toolbar keeps saying so.
      to(inPlace.hiddenCount() && shown ? shown : { state: STATE.ERROR, reason: answer.error });
    } else if (!answer.result.is_article) {
      // The page changed into one that is not a story (or never was): give back what was hidden,
      // and lift the learnt rules (a person's own corrections stay).
      inPlace.restore();
      lifted = [...new Set([...lifted, ...learned])];
      applyRules();
      to({ state: STATE.NOT_STORY, reason: answer.result.gate_reason, readable: Boolean(answer.result.article?.content) });
    } else {
      // Safety: a learnt rule the core finds hiding story text is lifted here at once, and
      // struck (dropped when it happens again).
      const struck = learned.filter((_, i) => answer.result.story_rules?.[i]);
      if (struck.length) {
        lifted = [...new Set([...lifted, ...struck])];
        send({ type: MSG.STRIKE, selectors: struck });
      }
      applyRules();
      // With the document_start script's own timing (its main-thread cost, when its sheet went
      // in, how many rules), for benches/first-paint.mjs.
      const timing = { ...answer.apply(), early: { ...early.timing } };
      const hidden = hiddenTotal();
      to(hidden ? { state: STATE.DECLUTTERED, hidden } : { state: STATE.CLEAN }, timing);
      if (told !== address) {
        told = address;
        // A site rule is a style sheet of the document (early.js), which does not reach into
        // shadow roots: boxes hidden inside one are not learnt.
        const items = [...inPlace.hiddenByCore()]
          .filter(([el]) => el.getRootNode() === document)
          .map(([, { stable, rule }]) => ({ selector: stable, rule }));
        if (items.length) send({ type: MSG.SEEN, page: siteStore.pageKey(location.pathname), items });
      }
      if (readerAlways(settings, HOST) && autoReader !== address && page.state !== STATE.READER) {
        autoReader = address;
        enterReader();
      }
    }
    // Reader mode has something to show: its style sheet is fetched now rather than on the toggle.
    if (answer.result?.article?.content) reader.styleSheet().catch(() => {});
    if (again) declutter();
  }

  function switchOff() {
    picker.cancel();
    early.enable(false);
    inPlace.restore();
    inPlace.forget(); // the page is back as it was: reader mode asks the core again
    const off = { state: STATE.OFF };
    to(page.state === STATE.READER ? { ...page, shown: off, due: false } : off);
  }

  /** Reader mode from the kept article, or from a fresh one if the page changed since. A request
   * that finds nothing to show says so on the toolbar and leaves the state as it is. */
  async function enterReader() {
    const t0 = performance.now();
    const [{ result, error, timing }, sheet] = await Promise.all([inPlace.article(), reader.styleSheet()]);
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
    if (page.state === STATE.READER) return; // opened by another toggle meanwhile
    const rendering = performance.now();
    reader.show(article, sheet, leaveReader);
    const done = performance.now();
    // A running analysis is dropped: de-clutter runs again when the reader closes.
    const due = page.state === STATE.ANALYSING;
    to({ state: STATE.READER, shown: face(page), due }, { ...timing, render: done - rendering, total: done - t0 });
  }

  function leaveReader() {
    if (page.state !== STATE.READER) return;
    const { shown, due } = page;
    reader.hide();
    if (due) analyse(shown);
    else to(shown);
  }

  /**
   * A single-page site changes story without loading a page: history.pushState, or Back. Once
   * the address changed, the page is analysed afresh when it has been still for SETTLE_MS (the
   * site renders the new story after changing the address, or before), at most MAX_SETTLE_MS
   * after the change; meanwhile the kept article, which is the old story's, is dropped, and an
   * open reader, which shows the old story, closes.
   */
  const SETTLE_MS = 250;
  const MAX_SETTLE_MS = 2000;
  let address = location.href;
  let settling = null;

  function navigated() {
    if (settling) {
      clearTimeout(settling.timer);
      settling.timer = setTimeout(afterNavigation, Math.max(0, Math.min(SETTLE_MS, settling.by - performance.now())));
    } else if (location.href !== address) {
      address = location.href;
      inPlace.forget();
      settling = { by: performance.now() + MAX_SETTLE_MS, timer: setTimeout(afterNavigation, SETTLE_MS) };
    }
  }

  function afterNavigation() {
    settling = null;
    if (!settings) return;
    let beneath = face(page);
    if (page.state === STATE.READER) {
      beneath = page.shown;
      reader.hide();
    }
    if (siteEnabled(settings, HOST)) analyse(beneath, true);
    else to(beneath);
  }

  /**
   * Corrections: a person picks a box to hide, or a hidden one to show. The choice is applied at
   * once (the site's rules, on this page) and stored for the site by the background; the site's
   * other pages get it through their rules. No classification here: the core gives the selector
   * of a picked box, and the boxes to show are the ones the extension hid.
   */
  async function startPicker(mode) {
    if (!settings || page.state === STATE.READER || !siteEnabled(settings, HOST)) return;
    if (mode === 'hide') {
      const el = await picker.start({ mode, from: menuTarget });
      menuTarget = null;
      if (el) await hideBox(el);
      return;
    }
    const candidates = () => {
      const all = new Set([...inPlace.hiddenByCore().keys(), ...early.hidden()]);
      return [...all].sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    };
    const reveal = (on) => {
      inPlace.reveal(on);
      early.enable(!on);
    };
    const el = await picker.start({ mode, from: menuTarget, candidates, reveal });
    menuTarget = null;
    if (el) showBox(el);
  }

  /** Stores and applies a correction at once (the background writes it for the site). */
  function correct(correction) {
    record = siteStore.correct(record, correction);
    applyRules();
    recount();
    send({ type: MSG.CORRECT, ...correction });
  }

  async function hideBox(el) {
    const picked = await inPlace.pick(el);
    if (picked.error !== undefined) {
      report({ state: STATE.ERROR, reason: picked.error });
      return;
    }
    let selector = picked.selector;
    const finds = (s) => {
      try {
        return [...document.querySelectorAll(s)].includes(el);
      } catch {
        return false;
      }
    };
    // The live page and the core's parse can differ: the exact path is checked too.
    if (!finds(selector)) selector = finds(picked.path) ? picked.path : null;
    if (!selector) return;
    correct({ action: 'hide', selector, text: picked.text });
  }

  function showBox(el) {
    const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 80);
    const byCore = inPlace.hiddenByCore().get(el);
    if (byCore) return correct({ action: 'show', selector: byCore.stable, text });
    const rules = early.rules();
    const matches = (s) => {
      try {
        return el.matches(s);
      } catch {
        return false;
      }
    };
    // A person's own "hide this" is taken back; a learnt rule is overruled for this box.
    const own = rules.own.find(matches);
    const selector = own ?? rules.learned.find(matches);
    if (selector) correct({ action: 'show', selector, text });
  }

  addEventListener('popstate', navigated);
  globalThis.navigation?.addEventListener('currententrychange', navigated);

  const loaded = Promise.all([load(api.storage), early.ready.catch(() => null)]).then(([s, r]) => {
    settings = s;
    record = r ?? null;
    applyRules();
    reader.setTypography(settings.reader);
    inPlace.watch({
      rerun: declutter,
      mayRefresh: () => page.state === STATE.DECLUTTERED || page.state === STATE.CLEAN,
      ours: (n) => reader.owns(n) || picker.owns(n),
      changed: navigated,
    });
    if (siteEnabled(settings, HOST)) declutter();
    else to({ state: STATE.OFF });
  });
  loaded.catch(() => {});

  api.runtime.onMessage.addListener((msg, _sender, respond) => {
    if (msg?.type === MSG.UNDO) {
      send({ type: MSG.UNDO });
      respond(true);
      return false;
    }
    if (msg?.type === MSG.START_PICKER) {
      loaded.then(() => startPicker(msg.mode)).catch(() => {});
      respond(true);
      return false;
    }
    if (msg?.type !== MSG.TOGGLE_READER) return false;
    loaded
      .then(() => (page.state === STATE.READER ? leaveReader() : enterReader()))
      .catch((e) => report({ state: STATE.ERROR, reason: String(e?.message ?? e) }))
      .then(() => respond({ reader: page.state === STATE.READER }));
    return true;
  });

  api.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && settings && changes[siteStore.keyOf(HOST)]) {
      record = changes[siteStore.keyOf(HOST)].newValue ?? null;
      applyRules();
      recount();
      return;
    }
    if (area !== 'sync' || !settings) return;
    const raw = { ...settings };
    for (const [k, { newValue }] of Object.entries(changes)) raw[k] = newValue;
    const wasOn = siteEnabled(settings, HOST);
    settings = normalize(raw);
    reader.setTypography(settings.reader);
    if (wasOn && !siteEnabled(settings, HOST)) switchOff();
    else if (!wasOn && siteEnabled(settings, HOST)) {
      early.enable(true);
      declutter();
    }
  });
})();
