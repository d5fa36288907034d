// What the extension remembers per site, in storage.local: a person's corrections ("hide this",
// "show this") and the site rules learnt from the core's own decisions (see docs/ARCHITECTURE.md).
// Shared by the document_start script (which reads it), the content script, the background (the
// one writer: every change goes through `localWriter` there) and the options page. A classic
// script that publishes one global. No classification happens here: selectors and the rule
// that decided each hidden box come from the core.
globalThis.declutterSiteStore = (() => {
  /** Bounds: per site and in total, oldest out first. */
  const LIMITS = Object.freeze({
    corrections: 100,
    learned: 50,
    /** Candidates for learning (a kind of box seen on one page so far). */
    seen: 200,
    /** Pages remembered per candidate: two are enough to learn. */
    pages: 3,
    /** Learnt rules dropped by the safety rule, remembered so they are not learnt again. */
    dropped: 100,
    sites: 300,
  });
  /** A kind of box the core hid on this many pages of a site becomes a site rule. */
  const LEARN_AFTER_PAGES = 2;
  /** A learnt rule found hiding story text this many times is dropped (the first time it is
   * lifted on that page only). */
  const DROP_AFTER_STRIKES = 2;

  const INDEX = 'site-index';

  /** What is kept of a page's address for learning: a 32-bit FNV-1a hash of its path, enough to
   * tell two pages apart and not to list the pages a person read. */
  function pageKey(path) {
    let h = 0x811c9dc5;
    for (let i = 0; i < path.length; i++) h = Math.imul(h ^ path.charCodeAt(i), 0x01000193);
    return (h >>> 0).toString(16).padStart(8, '0');
  }
  const keyOf = (host) => `site:${host}`;

  const list = (v) => (Array.isArray(v) ? v : []);
  const str = (v, max = 2000) => (typeof v === 'string' ? v.slice(0, max) : '');
  const num = (v) => (Number.isFinite(v) ? v : 0);

  /** A site's record with every field present and bounded; junk entries dropped. */
  function normalize(raw) {
    const r = raw && typeof raw === 'object' ? raw : {};
    const corrections = list(r.corrections)
      .map((c) => ({
        action: c?.action === 'show' ? 'show' : 'hide',
        selector: str(c?.selector),
        text: str(c?.text, 200),
        at: num(c?.at),
      }))
      .filter((c) => c.selector);
    const learned = list(r.learned)
      .map((l) => ({ selector: str(l?.selector), rule: str(l?.rule, 200), at: num(l?.at), strikes: num(l?.strikes) }))
      .filter((l) => l.selector);
    const seen = list(r.seen)
      .map((s) => ({
        selector: str(s?.selector),
        rule: str(s?.rule, 200),
        pages: list(s?.pages).map((p) => str(p, 500)),
        at: num(s?.at),
      }))
      .filter((s) => s.selector);
    const undo = r.undo && typeof r.undo === 'object' && ['add', 'remove'].includes(r.undo.op) ? r.undo : null;
    return {
      corrections: newest(corrections, LIMITS.corrections),
      learned: newest(learned, LIMITS.learned),
      seen: newest(seen, LIMITS.seen),
      dropped: list(r.dropped)
        .map((d) => str(d))
        .filter(Boolean)
        .slice(-LIMITS.dropped),
      undo,
      touched: num(r.touched),
    };
  }

  /** The `max` newest entries, in the order they came. */
  function newest(entries, max) {
    if (entries.length <= max) return entries;
    const cut = [...entries].sort((a, b) => b.at - a.at)[max - 1].at;
    return entries.filter((e) => e.at >= cut).slice(-max);
  }

  const sameCorrection = (a, b) => a.action === b.action && a.selector === b.selector;

  /**
   * The rules a page of the site is shown with: `hide` (a person's "hide this" and the learnt
   * rules), `show` (a person's "show this": wins over any hide rule and over the core), and
   * `learned` (the learnt selectors, which the core checks against story text on every page).
   * `lifted`: learnt selectors lifted on this page.
   */
  function rulesOf(record, lifted = []) {
    const r = normalize(record);
    const show = r.corrections.filter((c) => c.action === 'show').map((c) => c.selector);
    const own = r.corrections.filter((c) => c.action === 'hide').map((c) => c.selector);
    const learned = r.learned.map((l) => l.selector).filter((s) => !lifted.includes(s) && !own.includes(s));
    return { hide: [...own, ...learned], own, show, learned };
  }

  // ---- Changes (pure: record in, record out). ----

  /** A person's correction. Showing what their own "hide this" hid takes that correction back;
   * hiding what their "show this" brought back does the same. Undo reverses the last one. */
  function correct(record, { action, selector, text = '' }, at = Date.now()) {
    const r = normalize(record);
    const opposite = r.corrections.find((c) => c.selector === selector && c.action !== action);
    if (opposite) {
      r.corrections = r.corrections.filter((c) => c !== opposite);
      r.undo = { op: 'remove', correction: opposite };
    } else {
      const correction = { action, selector, text: str(text, 200), at };
      r.corrections = r.corrections.filter((c) => !sameCorrection(c, correction));
      r.corrections.push(correction);
      r.undo = { op: 'add', correction };
    }
    return normalize(r);
  }

  /** Reverses the last correction (once). */
  function undo(record) {
    const r = normalize(record);
    if (!r.undo) return r;
    const { op, correction } = r.undo;
    if (op === 'add') r.corrections = r.corrections.filter((c) => !sameCorrection(c, correction));
    else r.corrections = [...r.corrections.filter((c) => !sameCorrection(c, correction)), correction];
    r.undo = null;
    return normalize(r);
  }

  /** The kinds of box (selector and rule, from the core) the core hid on one page (`page`: its
   * pageKey). One seen on LEARN_AFTER_PAGES pages becomes a learnt rule, unless it was dropped. */
  function seen(record, items, page, at = Date.now()) {
    const r = normalize(record);
    for (const { selector, rule } of items) {
      if (!selector || r.dropped.includes(selector) || r.learned.some((l) => l.selector === selector)) continue;
      let s = r.seen.find((x) => x.selector === selector && x.rule === rule);
      if (!s) r.seen.push((s = { selector, rule, pages: [], at }));
      if (!s.pages.includes(page)) s.pages = [...s.pages, page].slice(-LIMITS.pages);
      s.at = at;
      if (s.pages.length >= LEARN_AFTER_PAGES) {
        r.seen = r.seen.filter((x) => x !== s);
        r.learned.push({ selector, rule, at, strikes: 0 });
      }
    }
    return normalize(r);
  }

  /** Learnt rules the core found hiding story text on a page: a strike each; dropped (and never
   * learnt again) at DROP_AFTER_STRIKES. A person's corrections are never dropped. */
  function strike(record, selectors) {
    const r = normalize(record);
    r.learned = r.learned.flatMap((l) => {
      if (!selectors.includes(l.selector)) return [l];
      if (l.strikes + 1 < DROP_AFTER_STRIKES) return [{ ...l, strikes: l.strikes + 1 }];
      r.dropped.push(l.selector);
      return [];
    });
    return normalize(r);
  }

  /** Removes one correction (the options page). */
  function removeCorrection(record, { action, selector }) {
    const r = normalize(record);
    r.corrections = r.corrections.filter((c) => !sameCorrection(c, { action, selector }));
    r.undo = null;
    return normalize(r);
  }

  /** Merges imported corrections into a site's record (newest kept when the same). */
  function merge(record, corrections) {
    let r = normalize(record);
    for (const c of normalize({ corrections }).corrections) {
      r.corrections = r.corrections.filter((x) => !sameCorrection(x, c));
      r.corrections.push(c);
    }
    r = normalize(r);
    return r;
  }

  /** Whether a record holds nothing worth keeping. */
  const isEmpty = (r) => !r.corrections.length && !r.learned.length && !r.seen.length && !r.dropped.length;

  const SETTLE_MS = 300;
  const RETRY_MS = [1000, 2000, 5000, 10000];

  /**
   * The one way to write storage.local (used by the background only): `update(host, change)`
   * queues `change(record) -> record` for the site; changes are applied in order to what
   * storage holds, batched into one write per SETTLE_MS (a person's correction at once), and a
   * refused write (quota) is kept and retried, `onState` hearing 'retrying' with the reason and
   * 'saved' when it went through. Sites past LIMITS.sites are removed, least recently changed
   * first. Resolves when the change is stored.
   */
  function localWriter(storage, onState = () => {}) {
    /** host -> [{ change, done }] waiting. */
    let queued = new Map();
    let timer = 0;
    let running = null;
    let failures = 0;

    async function flush() {
      clearTimeout(timer);
      timer = 0;
      if (running || queued.size === 0) return;
      const batch = queued;
      queued = new Map();
      running = (async () => {
        const keys = [...batch.keys()].map(keyOf);
        const stored = await storage.local.get([INDEX, ...keys]);
        const index = { ...(stored[INDEX] ?? {}) };
        const write = {};
        const gone = [];
        const now = Date.now();
        for (const [host, changes] of batch) {
          let r = normalize(stored[keyOf(host)]);
          for (const { change } of changes) r = normalize(change(r));
          r.touched = now;
          if (isEmpty(r)) {
            gone.push(keyOf(host));
            delete index[host];
          } else {
            write[keyOf(host)] = r;
            index[host] = now;
          }
        }
        const hosts = Object.keys(index);
        if (hosts.length > LIMITS.sites) {
          for (const host of hosts.sort((a, b) => index[a] - index[b]).slice(0, hosts.length - LIMITS.sites)) {
            gone.push(keyOf(host));
            delete index[host];
            delete write[keyOf(host)];
          }
        }
        write[INDEX] = index;
        await storage.local.set(write);
        if (gone.length) await storage.local.remove(gone);
      })();
      try {
        await running;
        failures = 0;
        for (const changes of batch.values()) for (const { done } of changes) done(true);
        if (queued.size === 0) onState({ state: 'saved' });
      } catch (e) {
        // Kept, ahead of what came meanwhile, and tried again.
        for (const [host, changes] of queued) batch.set(host, [...(batch.get(host) ?? []), ...changes]);
        queued = batch;
        onState({ state: 'retrying', error: String(e?.message ?? e) });
        timer = setTimeout(flush, RETRY_MS[Math.min(failures++, RETRY_MS.length - 1)]);
        return;
      } finally {
        running = null;
      }
      if (queued.size && !timer) timer = setTimeout(flush, SETTLE_MS);
    }

    function update(host, change, { soon = false } = {}) {
      return new Promise((done) => {
        if (!queued.has(host)) queued.set(host, []);
        queued.get(host).push({ change, done });
        if (running || failures) return;
        if (!soon) flush();
        else if (!timer) timer = setTimeout(flush, SETTLE_MS);
      });
    }

    return { update, flush };
  }

  /** Every site's record (the options page). */
  async function loadAll(storage) {
    const index = (await storage.local.get(INDEX))[INDEX] ?? {};
    const hosts = Object.keys(index);
    const records = hosts.length ? await storage.local.get(hosts.map(keyOf)) : {};
    return Object.fromEntries(hosts.map((h) => [h, normalize(records[keyOf(h)])]));
  }

  return Object.freeze({
    LIMITS,
    LEARN_AFTER_PAGES,
    DROP_AFTER_STRIKES,
    INDEX,
    keyOf,
    pageKey,
    normalize,
    rulesOf,
    correct,
    undo,
    seen,
    strike,
    removeCorrection,
    merge,
    localWriter,
    loadAll,
  });
})();
