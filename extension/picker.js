// The element picker for corrections ("hide this", "show this"): highlights the box under the
// pointer (or the one chosen with the keyboard) in an overlay of its own, a closed shadow root
// the page's CSS cannot reach, and hands the chosen element to content.js. It changes nothing on
// the page itself. Keys: arrows move (Up: the box around, Down: back in, Left/Right: the box
// before/after), Enter chooses, Escape cancels. No classification happens here: in "show" mode
// the boxes to choose from are the ones the extension hid.
globalThis.declutterPicker = (() => {
  const { t } = globalThis.declutterI18n;

  /** The overlay host's style, set through CSSOM (a page's CSP may refuse style attributes). */
  const HOST_STYLE = [
    ['all', 'initial'],
    ['position', 'fixed'],
    ['inset', '0'],
    ['z-index', '2147483646'],
    ['pointer-events', 'none'],
    ['display', 'block'],
  ];
  const CSS = `
    .box { position: fixed; box-sizing: border-box; border: 3px solid #d33; background: rgb(221 51 51 / 0.15);
      pointer-events: none; border-radius: 3px; }
    .show .box { border-color: #1a7f37; background: rgb(26 127 55 / 0.15); }
    .hidden { position: fixed; box-sizing: border-box; border: 2px dashed #1a7f37; pointer-events: none; }
    .bar { position: fixed; left: 50%; bottom: 16px; transform: translateX(-50%); max-width: 90vw;
      font: 14px/1.4 system-ui, sans-serif; color: #fff; background: #222; padding: 8px 14px; border-radius: 6px; }`;

  const hosts = new WeakSet();
  let sheet = null;
  /** While picking: { mode, host, box, bar, target, candidates, reveal, done }. */
  let pick = null;

  function start({ mode, from = null, candidates = null, reveal = null }) {
    return new Promise((done) => {
      if (pick) finish(null);
      const host = document.createElement('declutter-picker');
      for (const [k, v] of HOST_STYLE) host.style.setProperty(k, v, 'important');
      hosts.add(host);
      const root = host.attachShadow({ mode: 'closed' });
      // A constructed sheet: a page's CSP governs <style> elements, even in a shadow root.
      sheet ??= new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
      const wrap = document.createElement('div');
      wrap.className = mode;
      const box = document.createElement('div');
      box.className = 'box';
      const bar = document.createElement('div');
      bar.className = 'bar';
      bar.setAttribute('role', 'status');
      // The page's language is not the interface's: a screen reader reads the hint in its own.
      bar.lang = t('locale');
      wrap.append(box, bar);
      root.append(wrap);
      document.documentElement.append(host);
      const list = candidates ? candidates() : null;
      if (list && list.length === 0) bar.textContent = t('pickerNoHidden');
      else bar.textContent = mode === 'hide' ? t('pickerHide') : t('pickerShow');
      pointer = null;
      reveal?.(true);
      // In "show" mode every hidden box, shown for the while, is outlined.
      const outlines = (list ?? []).map((el) => {
        const o = document.createElement('div');
        o.className = 'hidden';
        wrap.append(o);
        return [el, o];
      });
      pick = { mode, host, box, bar, target: null, list, outlines, reveal, done, path: [] };
      addEventListener('mousemove', onMove, true);
      addEventListener('click', onClick, true);
      addEventListener('keydown', onKey, true);
      addEventListener('scroll', draw, true);
      const first = from && from !== document.documentElement && from !== document.body ? from : null;
      aim(list ? (nearest(first) ?? list[0] ?? null) : (first ?? centre()));
    });
  }

  /** The element in the middle of the viewport, for a person who starts with the keyboard. */
  function centre() {
    const el = document.elementFromPoint(innerWidth / 2, innerHeight / 3);
    return el === document.documentElement || el === document.body ? null : el;
  }

  /** In "show" mode, the candidate that holds `el` (the boxes are revealed, so the pointer may be
   * over something inside one). */
  function nearest(el) {
    if (!pick?.list) return el;
    for (let n = el; n; n = n.parentElement) if (pick.list.includes(n)) return n;
    return null;
  }

  function aim(el) {
    if (!pick) return;
    pick.target = el;
    if (el) el.scrollIntoView?.({ block: 'nearest' });
    draw();
  }

  const place = (el, r) =>
    Object.assign(el.style, {
      display: 'block',
      left: `${r.left}px`,
      top: `${r.top}px`,
      width: `${r.width}px`,
      height: `${r.height}px`,
    });

  function draw() {
    if (!pick) return;
    for (const [el, o] of pick.outlines) place(o, el.getBoundingClientRect());
    const { box, target } = pick;
    if (!target?.isConnected) {
      box.style.display = 'none';
      return;
    }
    place(box, target.getBoundingClientRect());
  }

  const ours = (n) => n && hosts.has(n);

  /** Where the pointer was: browsers send a mousemove when the layout moves under a pointer at
   * rest (revealing the hidden boxes does), which must not move the highlight. */
  let pointer = null;

  function onMove(e) {
    const at = `${e.screenX},${e.screenY}`;
    if (at === pointer) return;
    pointer = at;
    if (ours(e.target)) return;
    const el = nearest(e.target);
    if (el && el !== document.documentElement && el !== document.body && el !== pick.target) {
      pick.path = [];
      aim(el);
    }
  }

  function onClick(e) {
    e.preventDefault();
    e.stopImmediatePropagation();
    const el = nearest(e.target);
    if (el && el !== document.documentElement && el !== document.body) pick.target = el;
    finish(pick.target);
  }

  function step(dir) {
    const t = pick.target;
    if (pick.list) {
      const i = pick.list.indexOf(t);
      const n = pick.list.length;
      if (n) aim(pick.list[(i + (dir === 'next' ? 1 : n - 1)) % n]);
      return;
    }
    if (!t) return aim(centre());
    if (dir === 'out' && t.parentElement && t.parentElement !== document.body && t.parentElement !== document.documentElement) {
      pick.path.push(t);
      aim(t.parentElement);
    } else if (dir === 'in') {
      aim(pick.path.pop() ?? t.firstElementChild ?? t);
    } else if (dir === 'next' || dir === 'prev') {
      pick.path = [];
      aim((dir === 'next' ? t.nextElementSibling : t.previousElementSibling) ?? t);
    }
  }

  function onKey(e) {
    const keys = { ArrowUp: 'out', ArrowDown: 'in', ArrowRight: 'next', ArrowLeft: 'prev' };
    if (e.key === 'Escape') finish(null);
    else if (e.key === 'Enter') finish(pick.target);
    else if (keys[e.key]) step(keys[e.key]);
    else return;
    e.preventDefault();
    e.stopImmediatePropagation();
  }

  function finish(chosen) {
    if (!pick) return;
    const { host, reveal, done } = pick;
    pick = null;
    removeEventListener('mousemove', onMove, true);
    removeEventListener('click', onClick, true);
    removeEventListener('keydown', onKey, true);
    removeEventListener('scroll', draw, true);
    host.remove();
    reveal?.(false);
    done(chosen && chosen.isConnected ? chosen : null);
  }

  return {
    /** Starts picking; resolves to the chosen element, or null (Escape). `mode`: 'hide' or
     * 'show'; `from`: where to start (the element of the context menu); `candidates()`: in
     * "show" mode, the hidden boxes, shown while `reveal(true)`. */
    start,
    cancel: () => finish(null),
    active: () => pick !== null,
    owns: (node) => hosts.has(node),
  };
})();
