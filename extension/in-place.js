// De-clutter in place, one of the content script's two jobs: serialises the page for the core,
// hides what the core names (reversibly, byte for byte) and puts it back, and watches the page
// for changes. content.js decides when to analyse, hide or restore; no classification happens
// here.
//
// One analysis serves both jobs: the de-clutter answer carries the reader article, which is kept
// with the state of the page it was computed from (`generation`). Reader mode opens from the kept
// article while the page has not changed since; after any change it asks the core again.
globalThis.declutterInPlace = (() => {
  const api = globalThis.browser ?? globalThis.chrome;
  const { MSG } = globalThis.declutterProtocol;
  /** Re-analyse later-injected content at most this often, and only when this much was added. */
  const RERUN_MS = 1500;
  const MIN_ADDED_TEXT = 200;
  const MIN_ADDED_ELEMENTS = 8;
  /** Refresh the kept reader article at most this often while the page keeps changing. */
  const REFRESH_MS = 2000;
  const TEXT = Node.TEXT_NODE;

  /** Hidden element -> its original `style` attribute (null when it had none). */
  const hidden = new Map();
  /** Elements the core's last answer named, -> { stable, rule } (its selector for the site's
   * other pages, and the rule that decided it). Those matching a person's "show this" stay. */
  let named = new Map();
  /** Selectors of a person's "show this" for the site (see setShown). */
  let shown = [];
  /** While "show hidden" reveals the hidden boxes for picking. */
  let revealed = false;
  /** Bumped by page changes that can alter the core's answer (see `note`). */
  let generation = 0;
  /** `generation` when the page was last serialised for the core. */
  let snapshot = -1;
  /** The latest core answer: { generation, is_article, article }. */
  let kept = null;
  /** Serialisations so far, and the changes seen since the last one (see `changed`). */
  let serialized = 0;
  let since = [];
  /** The article of the latest answer, as { seq, print }, to tell whether changes mattered. */
  let last = null;
  /** Element -> kinds of change (an attribute's name, '#text') found not to alter the core's answer. */
  const quiet = new WeakMap();
  /** The elements in `quiet` that may still be on the page (see `narrow`). */
  const quietElements = new Set();
  /** Element -> the kinds in `quiet` that were placed outside the story (see `small`), not learnt. */
  const placed = new WeakMap();
  /** Where the latest answer's article is read from on the page (the core's story extent), or null. */
  let story = null;
  /** What content.js gave `watch`: { rerun, mayRefresh, ours }. */
  let hooks = null;

  /** Whether the browser serialises shadow roots it is given (`getHTML`'s `shadowRoots`). */
  const serialisesRoots = typeof Element.prototype.getHTML === 'function';
  /** Shadow roots the observer watches: its watch of the document does not enter them. */
  const observed = new Set();

  /**
   * The page's elements in the order the core counts them (`element_index`): document order,
   * with each open shadow root's elements right after its host, before the host's own children
   * (where the serialised `<template shadowrootmode>` stands; the template is not in the live
   * page, and the core does not count it). `roots` are the open roots entered, in that order;
   * none where the browser cannot serialise them, so that the count matches what it serialises.
   * Closed roots (the reader's, the picker's, and any page's) cannot be entered and are left out.
   */
  function flatten() {
    const elements = [];
    const roots = [];
    const walk = (all) => {
      for (const el of all) {
        elements.push(el);
        const root = serialisesRoots ? el.shadowRoot : null;
        if (root) {
          roots.push(root);
          walk(root.querySelectorAll('*'));
        }
      }
    };
    walk(document.getElementsByTagName('*'));
    return { elements, roots };
  }

  /** Escapes an attribute value as the HTML serialiser does. */
  const escapeAttribute = (v) =>
    v
      .replace(/&/g, '&amp;')
      .replace(/"/g, '&quot;')
      .replace(/\u00a0/g, '&nbsp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;');

  /** The page's HTML with `roots` as declarative shadow roots (`<template shadowrootmode>` first
   * in each host); without roots, `outerHTML` as before. */
  function pageHtml(roots) {
    const dt = document.doctype;
    const doctype = dt ? `<!DOCTYPE ${dt.name}>` : '';
    const root = document.documentElement;
    if (roots.length === 0) return doctype + root.outerHTML;
    // getHTML gives an element's inside only: the root's own tags are written around it.
    const attributes = [...root.attributes].map((a) => ` ${a.name}="${escapeAttribute(a.value)}"`).join('');
    const inside = root.getHTML({ shadowRoots: roots });
    return `${doctype}<${root.localName}${attributes}>${inside}</${root.localName}>`;
  }

  /** Below this much script and style text, the page goes to the core as it is serialised. */
  const MIN_CUT = 32 * 1024;

  /**
   * `html` without the text of the page's scripts and style sheets, which the core does not read
   * (JSON-LD, which it reads, stays): on a news page they are often most of its HTML, and the
   * message to the worker costs time by the byte (about 40 ms a megabyte in Chromium). Every
   * element stays, so the core counts the same elements. The text is cut only where each
   * `<script` and `<style` of `html` lines up, in order, with the next such element of
   * `elements` and its text has exactly that length (comments and `<noscript>`, written as they
   * are, are stepped over); otherwise (such a tag in a template, or inside an attribute's value
   * where a browser does not escape it) the page goes whole.
   */
  function lighten(html, elements) {
    const tagged = elements.filter((el) => el.localName === 'script' || el.localName === 'style');
    const next = /<(script|style|noscript)[\s>]|<!--/g;
    const cuts = [];
    let heavy = 0;
    let paired = 0;
    for (let m = next.exec(html); m; m = next.exec(html)) {
      const name = m[1];
      const end = html.indexOf(name ? `</${name}>` : '-->', m.index + m[0].length);
      if (end < 0) return html;
      next.lastIndex = end;
      if (!name || name === 'noscript') continue;
      const el = tagged[paired++];
      const from = html.indexOf('>', m.index) + 1;
      if (el?.localName !== name || from > end) return html;
      if (el.namespaceURI !== XHTML || (name === 'script' && /ld\+json/i.test(el.type))) continue;
      if (end - from !== el.textContent.length) return html;
      cuts.push(from, end);
      heavy += end - from;
    }
    if (paired !== tagged.length || heavy < MIN_CUT) return html;
    let out = html.slice(0, cuts[0]);
    for (let i = 1; i < cuts.length; i += 2) out += html.slice(cuts[i], cuts[i + 1]);
    return out;
  }
  const XHTML = 'http://www.w3.org/1999/xhtml';

  /** The page as the core sees it (the live DOM, including script-built content and open shadow
   * roots), with the `generation` it stands for and its `elements` as the core counts them:
   * pending mutation records are taken first. */
  function serialize() {
    note(observer.takeRecords());
    snapshot = generation;
    const changes = since;
    since = [];
    const { elements, roots } = flatten();
    for (const root of roots) {
      if (observed.has(root)) continue;
      observed.add(root);
      observer.observe(root, OBSERVED);
    }
    return { html: lighten(pageHtml(roots), elements), elements, generation, seq: ++serialized, changes };
  }

  /** Runs one core export in the background, timed: `roundtrip` is seen from here, `worker` is
   * the export call there (core plus conversion to JS), `core` the core alone. */
  async function ask(type, page, rules = []) {
    const t0 = performance.now();
    const answer = await api.runtime.sendMessage({ type, html: page.html, url: location.href, rules });
    const timing = { roundtrip: performance.now() - t0, worker: answer?.ms, core: answer?.result?.core_ms };
    if (answer?.ok) {
      if (keep(page.generation, answer.result)) locate(page.elements, answer.result.story);
      learn(page, answer.result);
    }
    return { answer, timing };
  }

  /** What of an answer the kept article depends on (both exports return these fields). */
  const print = ({ is_article, article: a }) =>
    JSON.stringify([is_article, a?.title, a?.byline, a?.published, a?.site_name, a?.content]);

  /**
   * A carousel turning, a ticker, a rotating ad: a page can change many times a second in ways
   * the core's answer does not follow. When the answer for a page is the same as the answer for
   * the serialisation just before it, the changes between the two did not matter, and the same
   * kind of change on the same element is no change from now on: it makes no serialisation.
   * Nodes added or removed are always a change. If every change since the last serialisation is
   * now known not to matter, the page is as it was then.
   */
  function learn(page, result) {
    const now = print(result);
    let learnt = false;
    if (last?.seq === page.seq - 1 && last.print === now) {
      for (const change of page.changes) if (change && quietly(change[0], change[1])) learnt = true;
    }
    // Changes that came before the core said where the story is (while it read the page).
    for (const c of since) if (c?.[2] && !isQuiet(c) && outside(c[0]) && quietly(c[0], c[1], story)) learnt = true;
    if (learnt) narrow();
    if (!last || page.seq > last.seq) last = { seq: page.seq, print: now };
    if (generation !== snapshot && since.every((c) => c && isQuiet(c))) generation = snapshot;
  }

  const isQuiet = ([el, kind]) => quiet.get(el)?.has(kind) ?? false;

  /** Marks a kind of change on `el` as not altering the core's answer; returns whether it is new.
   * `where`: the story it was found outside of (see `small`), none when learnt from two answers. */
  function quietly(el, kind, where = null) {
    if (!quiet.has(el)) quiet.set(el, new Set());
    const kinds = quiet.get(el);
    if (kinds.has(kind)) return false;
    kinds.add(kind);
    quietElements.add(el);
    if (where) {
      if (!placed.has(el)) placed.set(el, new Set());
      placed.get(el).add(kind);
    }
    return true;
  }

  /**
   * The article is read from the story's extent (`story`: its containers, headline and byline)
   * and from metadata (`<head>`, `<meta>`, `<title>`, `<time>`, JSON-LD). Text edited and
   * attributes changed on an element outside both cannot change it, with one exception: an
   * element shown or hidden (`hidden`, `aria-hidden`, a `style` with `none` or `hidden` before or
   * after, as the core's segmenter reads them) brings its text in or takes it out, and enough
   * text could make another story; so could a text node given that much. So `small` says
   * whether the record could not add a story's worth of text (MIN_ADDED_TEXT, the same bar as
   * content arriving), and such a change outside the story makes no serialisation: a carousel
   * or a ticker in the page's header never reaches the core. The kind stays known for the
   * element (see `narrow`) until an answer puts the story around it.
   */
  function small(r, type, el, kind) {
    if (type === 'characterData') return r.target.data.length < MIN_ADDED_TEXT;
    if (type === 'childList') return textLength(r.addedNodes) < MIN_ADDED_TEXT;
    const showing =
      kind === 'hidden' ||
      kind === 'aria-hidden' ||
      (kind === 'style' && /none|hidden/i.test(`${r.oldValue} ${el.getAttribute('style')}`));
    return !showing || el.textContent.length < MIN_ADDED_TEXT;
  }

  /** Whether `el` is outside the story's extent (neither in it nor around it) and the metadata. */
  function outside(el) {
    if (!story?.isConnected || !el.isConnected || METADATA.has(el.localName) || document.head?.contains(el)) return false;
    for (let n = el; n; n = above(n)) if (n === story) return false;
    for (let n = story; n; n = above(n)) if (n === el) return false;
    return true;
  }
  const METADATA = new Set(['meta', 'title', 'script', 'time']);

  /** Takes the story's extent from an answer; kinds placed outside an earlier one that the new
   * one holds are changes again. */
  function locate(elements, at) {
    const before = story;
    story = at ? resolve(elements, at.index, at.selector) : null;
    if (story === before) return;
    let moved = false;
    for (const el of quietElements) {
      const kinds = placed.get(el);
      if (!kinds || outside(el)) continue;
      for (const kind of kinds) quiet.get(el)?.delete(kind);
      placed.delete(el);
      moved = true;
    }
    if (moved) narrow();
  }

  /** Keeps the answer's article if it is the newest; returns whether it did. */
  function keep(at, { is_article, article }) {
    if (kept && kept.generation > at) return false;
    kept = { generation: at, is_article, article };
    return true;
  }

  /** The index is checked against the core's CSS path, since the browser's DOM and the core's
   * parse can differ (e.g. `<noscript>` content); a mismatch falls back to the path. */
  function resolve(elements, index, selector) {
    const byIndex = elements[index];
    try {
      if (selector?.startsWith(':host')) return byIndex && atShadowPath(byIndex, selector) ? byIndex : null;
      if (byIndex && (!selector || byIndex.matches(selector))) return byIndex;
      return selector ? document.querySelector(selector) : null;
    } catch {
      return null;
    }
  }

  /**
   * Whether `el` is where the core's path inside a shadow tree says (`:host > div:nth-child(2) >
   * p:nth-child(1)`, from the root down). No selector crosses into a shadow root, so each step
   * is checked on its own, up to a child of a shadow root. There is no fallback: the document
   * has no element at such a path.
   */
  function atShadowPath(el, path) {
    const steps = path.split(' > ').slice(1);
    for (let i = steps.length - 1; i >= 0; i--) {
      if (!el?.matches(steps[i])) return false;
      if (i > 0) el = el.parentElement;
    }
    const root = el.getRootNode();
    return root !== document && el.parentNode === root;
  }

  /** Puts one hidden element back exactly as it was. */
  function unhide(el) {
    const style = hidden.get(el);
    hidden.delete(el);
    // Read first: Chromium writes the attribute of a style changed through CSSOM lazily, and on
    // an element the page took out, after its removal (`style=""` was left).
    el.getAttribute('style');
    if (style === null) el.removeAttribute('style');
    else el.setAttribute('style', style);
  }

  function hide(el) {
    // An element that left the page while the core was reading it stays as the page made it.
    if (!el?.isConnected || hidden.has(el) || el === document.documentElement || el === document.body) return;
    hidden.set(el, el.getAttribute('style'));
    // CSSOM changes are not subject to the page's CSP, unlike an injected <style>.
    el.style.setProperty('display', 'none', 'important');
  }

  /**
   * Asks the core about the page as it is now. Resolves to { error } or to { result, apply }:
   * `result` is the core's answer (is_article, gate_reason, hide, selectors, article), `apply()`
   * hides what it names and returns the timing of the whole run. Elements hidden before that
   * have left the page are put back as they were (a single-page site may put them in again).
   * `fresh` (another story at a new address): the core sees the page without what was hidden
   * for the story before, and what it does not name again is shown again.
   */
  async function analyse({ fresh = false, rules = [] } = {}) {
    const t0 = performance.now();
    const before = fresh ? new Map(hidden) : null;
    if (fresh) restore();
    const page = serialize();
    const { elements } = page;
    // Hidden again in the same task: nothing is painted in between.
    if (fresh) for (const el of before.keys()) if (el.isConnected) hide(el);
    const serialized = performance.now();
    const { answer, timing } = await ask(MSG.DECLUTTER, page, rules);
    if (!answer?.ok) return { error: answer?.error ?? 'no answer' };
    const { hide: indices, selectors, stable = [], rules: deciding = [] } = answer.result;
    const apply = () => {
      const applying = performance.now();
      const before = named;
      named = new Map();
      indices.forEach((index, i) => {
        const el = resolve(elements, index, selectors[i]);
        if (el) named.set(el, { stable: stable[i] ?? selectors[i], rule: deciding[i] ?? '' });
      });
      // Named before and not now: a person's choice or a fresh story; kept when still hidden.
      for (const [el, v] of before) if (!named.has(el) && el.isConnected && !fresh && hidden.has(el)) named.set(el, v);
      for (const el of [...hidden.keys()]) if (!el.isConnected || (fresh && !named.has(el))) unhide(el);
      follow();
      const done = performance.now();
      return { ...timing, serialize: serialized - t0, apply: done - applying, total: done - t0 };
    };
    return { result: answer.result, apply };
  }

  /** Puts every hidden element back exactly as it was. */
  function restore() {
    for (const el of [...hidden.keys()]) unhide(el);
    named = new Map();
  }

  /** Whether `el` matches one of `selectors`, or holds an element that does (a person showed a
   * box that the core hides inside a larger one on this page). */
  function touches(el, selectors) {
    for (const s of selectors) {
      try {
        if (el.matches(s) || el.querySelector(s)) return true;
      } catch {
        // not a selector this browser reads
      }
    }
    return false;
  }

  /** Hides what the core named, but what a person's "show this" brings back. */
  function follow() {
    for (const el of named.keys()) {
      if (touches(el, shown)) {
        if (hidden.has(el)) unhide(el);
      } else hide(el);
    }
  }

  /** A person's "show this" selectors for the site: applied at once. */
  function setShown(selectors) {
    shown = [...selectors];
    if (!revealed) follow();
  }

  /** "Show hidden": the hidden boxes are shown as they were (`on`), for a person to pick one,
   * and hidden again. Their `style` stays as the page made it meanwhile. */
  function reveal(on) {
    if (on === revealed) return;
    revealed = on;
    for (const [el, style] of hidden) {
      if (on) {
        if (style === null) el.removeAttribute('style');
        else el.setAttribute('style', style);
      } else el.style.setProperty('display', 'none', 'important');
    }
  }

  /** The reader article for the page as it is now: the kept one when nothing changed since it
   * was computed, else a fresh one from the core. Resolves to { result, timing } or { error }. */
  async function article() {
    note(observer.takeRecords());
    if (kept?.generation === generation) return { result: kept, timing: { source: 'kept' } };
    const t0 = performance.now();
    const page = serialize();
    const serialized = performance.now();
    const { answer, timing } = await ask(MSG.READER, page);
    if (!answer?.ok) return { error: answer?.error ?? 'no answer' };
    return { result: answer.result, timing: { source: 'core', serialize: serialized - t0, ...timing } };
  }

  // Later-injected content (infinite scroll, lazy widgets): count what was added and ask for a
  // re-run at most every RERUN_MS, only when enough arrived.
  let added = { text: 0, elements: 0 };
  let rerunTimer = 0;
  let refreshTimer = 0;
  /** Churn inside hidden clutter (rotating ads) is not worth another analysis. */
  function insideHidden(node) {
    for (let n = node; n; n = above(n)) if (hidden.has(n)) return true;
    return false;
  }
  /** The node above `n`, a shadow root's host above the root and its children: clutter hidden
   * around a shadow root holds the root's churn too. */
  const above = (n) =>
    n.parentElement ?? n.parentNode?.host ?? (n.nodeType === Node.DOCUMENT_FRAGMENT_NODE ? (n.host ?? null) : null);

  /** The kind of a change: the attribute's name, '#text' for text edited or replaced, null for
   * elements added or removed (never learnt). `type` is the record's type, read once. */
  function kindOf(r, type) {
    if (type === 'attributes') return r.attributeName;
    if (type === 'childList') {
      for (const n of r.addedNodes) if (n.nodeType !== TEXT) return null;
      for (const n of r.removedNodes) if (n.nodeType !== TEXT) return null;
    }
    return '#text';
  }

  /** A change that may alter the core's answer: the kept article is stale. `few`: see `small`. */
  function changed(el, kind, few) {
    if (generation === snapshot) generation++;
    since.push(kind && el ? [el, kind, few] : null);
  }

  const textLength = (nodes) => [...nodes].reduce((n, t) => n + t.data.length, 0);
  /**
   * Counts added content for re-runs, and bumps `generation` on any change outside hidden
   * clutter and the extension's own nodes (the reader): added or removed nodes, edited text,
   * changed attributes (the core reads many: class, id, role, hidden, style, src, href, meta
   * content...). Hiding sets the style of elements already in `hidden`, so it is not a change.
   * Returns whether any record was not known not to matter.
   */
  function note(records) {
    const ours = hooks?.ours ?? (() => false);
    let news = false;
    let aside = false;
    for (const r of records) {
      const type = r.type;
      // The element a change is learnt for (see `learn`): the one whose attribute or text changed.
      const el = type === 'characterData' ? r.target.parentElement : r.target;
      if (type === 'childList' && narrowed?.has(el)) cover(r.addedNodes);
      // Known not to matter: the cheapest way out, taken ten times a second on a busy page.
      const known = quiet.get(el);
      const kind = kindOf(r, type);
      if (known?.has(kind)) continue;
      // Outside the story (see `small`): known not to matter from now on. While the core has
      // not said where the story is, whether the change is small is kept for its answer (the
      // size is read only then: the cheap test first).
      const out = kind !== null && el !== null && outside(el);
      const few = (out || (kind !== null && el !== null && !story)) && small(r, type, el, kind);
      if (out && few) {
        if (quietly(el, kind, story)) aside = true;
        continue;
      }
      news = true;
      if (type === 'childList') {
        const nodes = [...r.addedNodes, ...r.removedNodes].filter((n) => !ours(n));
        if (nodes.length === 0 || insideHidden(r.target)) continue;
        changed(el, kind, few);
        if (kind) {
          // Text replaced (a ticker) is not new content: only what it grew by counts.
          added.text += Math.max(0, textLength(r.addedNodes) - textLength(r.removedNodes));
          continue;
        }
        for (const n of r.addedNodes) {
          if (ours(n)) continue;
          if (n.nodeType === Node.ELEMENT_NODE) {
            added.elements += 1 + n.getElementsByTagName('*').length;
            added.text += n.textContent.length;
          } else if (n.nodeType === TEXT) {
            added.text += n.data.length;
          }
        }
      } else if (!insideHidden(r.target)) {
        changed(el, kind, few);
      }
    }
    if (aside && !narrowing) narrow();
    if (!news) return false;
    if (generation !== snapshot && !refreshTimer) refreshTimer = setTimeout(refreshKept, REFRESH_MS);
    if (rerunTimer || (added.text < MIN_ADDED_TEXT && added.elements < MIN_ADDED_ELEMENTS)) return true;
    rerunTimer = setTimeout(() => {
      rerunTimer = 0;
      added = { text: 0, elements: 0 };
      hooks.rerun();
    }, RERUN_MS);
    return true;
  }
  // A batch of changes that were all known not to matter is no news for content.js either.
  const observer = new MutationObserver((records) => {
    if (note(records)) hooks.changed();
  });
  const OBSERVED = { childList: true, subtree: true, characterData: true, attributes: true, attributeOldValue: true };
  /** Attributes watched on an element even while it lacks them, unless known not to matter there. */
  const GLOBAL_ATTRIBUTES = ['class', 'id', 'style', 'hidden', 'role', 'aria-hidden'];

  /**
   * The ancestors (inclusive) of the elements with changes known not to matter, while the
   * observer watches the page around those changes (see `narrow`); null while it watches the
   * whole page.
   */
  let narrowed = null;
  /** While `narrow` takes the pending records (what they place, it watches around at once). */
  let narrowing = false;

  /**
   * Even a callback that dismisses every record at once costs a call into the content script's
   * world per batch, ten a second on a page with a carousel. So once changes are known not to
   * matter, the observer stops being told of them: instead of the whole document, it watches
   * every element on the way from the root to an element with such changes on its own (its
   * children added or removed, unless only its text is known not to matter; its attributes but
   * the ones known not to matter), each of their other children with all beneath them, and
   * their own text. Anything added to an element on the way is watched whole as it arrives
   * (`cover`, from `note`). What this misses that the whole-page watch saw: the known changes,
   * an element added straight into one whose text is known not to matter (a ticker's), and an
   * attribute newly set on an element with known changes that it did not have, if not one of
   * GLOBAL_ATTRIBUTES.
   */
  function narrow() {
    narrowing = true;
    note(observer.takeRecords());
    narrowing = false;
    observer.disconnect();
    const path = new Set();
    for (const el of quietElements) {
      if (!el.isConnected) quietElements.delete(el);
      else if (el.getRootNode() === document) for (let n = el; n && !path.has(n); n = n.parentElement) path.add(n);
    }
    narrowed = path.size ? path : null;
    if (!narrowed) observer.observe(document.documentElement, OBSERVED);
    for (const el of path) {
      const known = quiet.get(el);
      const childList = !known?.has('#text');
      const names = known ? [...new Set([...el.getAttributeNames(), ...GLOBAL_ATTRIBUTES])].filter((n) => !known.has(n)) : null;
      if (!names) observer.observe(el, { childList, attributes: true, attributeOldValue: true });
      else if (names.length)
        observer.observe(el, { childList, attributes: true, attributeOldValue: true, attributeFilter: names });
      else if (childList) observer.observe(el, { childList });
      for (const child of el.childNodes) {
        if (child.nodeType === Node.ELEMENT_NODE) {
          if (!path.has(child)) observer.observe(child, OBSERVED);
        } else if (childList && child.nodeType === TEXT) {
          observer.observe(child, { characterData: true });
        }
      }
    }
    for (const root of observed) {
      if (root.host.isConnected) observer.observe(root, OBSERVED);
      else observed.delete(root);
    }
  }

  /** Nodes added to an element on the narrowed watch's way are watched whole. */
  function cover(nodes) {
    for (const n of nodes) if (n.nodeType === Node.ELEMENT_NODE || n.nodeType === TEXT) observer.observe(n, OBSERVED);
  }

  /**
   * Small changes start no re-run (a corrected sentence, a lazy image's new address, a ticking
   * "5 min ago"), but they make the kept article stale, and reader mode would then wait for the
   * core. So the kept article is refreshed at most every REFRESH_MS while the page changes: only
   * on an article page, while no re-run is due, the tab is visible and content.js agrees (the
   * page is de-cluttered and no analysis or reader is running: a site switched off is not
   * analysed).
   */
  async function refreshKept() {
    refreshTimer = 0;
    if (!kept?.is_article || rerunTimer || document.hidden || !hooks.mayRefresh()) return;
    note(observer.takeRecords());
    if (kept.generation !== generation) await ask(MSG.READER, serialize()).catch(() => {});
  }

  /**
   * Starts watching the page. `rerun()` is called when enough content arrived for another
   * analysis, `mayRefresh()` says whether the kept article may be refreshed now, `ours(node)`
   * names the extension's own nodes, which are no change to the page, and `changed()` is called
   * after every batch of changes (a single-page site's address changes with its content).
   */
  function watch(given) {
    hooks = given;
    observer.observe(document.documentElement, OBSERVED);
  }

  return {
    analyse,
    restore,
    article,
    watch,
    setShown,
    reveal,
    /** How many elements are hidden now. */
    hiddenCount: () => hidden.size,
    /** The elements the core's answer named and that are hidden now, -> { stable, rule }. */
    hiddenByCore: () => new Map([...named].filter(([el]) => hidden.has(el))),
    /** Whether `el` is hidden in place now. */
    has: (el) => hidden.has(el),
    /** Asks the core for the site selector of `el` (a person's "hide this"): resolves to
     * { selector, path, text } or { error }. The page is serialised as it is; nothing else here
     * changes (the kept article and what was learnt stay). */
    async pick(el) {
      const { elements, roots } = flatten();
      const index = elements.indexOf(el);
      const html = pageHtml(roots);
      const answer = await api.runtime.sendMessage({ type: MSG.PICK, html, url: location.href, index });
      if (!answer?.ok || !answer.result) return { error: answer?.error ?? 'no answer' };
      return answer.result;
    },
    /** Drops the kept article: reader mode asks the core again. */
    forget: () => (kept = null),
  };
})();
