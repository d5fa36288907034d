// Outlines the core's blocks inside the script-less, same-origin overlay frame.
//
// The frame parses the same HTML the core parsed, so `element_index` usually finds the block's
// element directly. A browser that parses with scripting off reads <noscript> content as markup
// (the core does not), which shifts later indices: the element found must then also match the
// block's selector, or the selector is used instead.

const STYLE = `
[data-dc-label] { outline: 2px solid var(--dc); outline-offset: -1px; background-color: var(--dc-bg) !important; cursor: pointer; }
[data-dc-label="article"] { --dc: #0068a8; --dc-bg: rgb(0 104 168 / 6%); }
[data-dc-label="caption"] { --dc: #00815c; --dc-bg: rgb(0 129 92 / 10%); }
[data-dc-label="promo"] { --dc: #b34700; --dc-bg: rgb(179 71 0 / 12%); }
[data-dc-label="related-link"] { --dc: #a0368b; --dc-bg: rgb(160 54 139 / 10%); }
[data-dc-label="navigation"] { --dc: #5a5a5a; --dc-bg: rgb(90 90 90 / 8%); }
[data-dc-label="byline"] { --dc: #8a5700; --dc-bg: rgb(138 87 0 / 10%); }
[data-dc-label="other"] { --dc: #767676; --dc-bg: transparent; outline-style: dashed; }
[data-dc-label]:hover { outline-width: 3px; }
html.dc-dim [data-dc-hide] { opacity: .25; filter: grayscale(1); }
[data-dc-selected] { outline: 4px solid #111 !important; outline-offset: 1px; box-shadow: 0 0 0 7px #ffd400; }
`;

// Attributes that make a browser fetch something. The frames show the page without them, so the
// demo never contacts the page's servers (renaming keeps the element tree, and so the indices, intact).
const FETCHING = ['src', 'srcset', 'poster', 'background', 'data', 'href', 'xlink:href', 'http-equiv'];
const HREF_FETCHES = new Set(['link', 'base', 'image', 'use', 'feimage']);

/**
 * Parses `html` without running or loading anything (DOMParser documents are inert) and
 * disarms every attribute that would fetch, navigate or refresh once the tree is shown.
 */
export function inertDocument(html) {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  for (const el of doc.getElementsByTagName('*')) {
    for (const name of FETCHING) {
      if (!el.hasAttribute(name)) continue;
      if (name === 'href' && !HREF_FETCHES.has(el.localName.toLowerCase())) continue;
      el.setAttribute(`data-dc-${name.replace(':', '-')}`, el.getAttribute(name));
      el.removeAttribute(name);
    }
  }
  return doc;
}

/**
 * The inert document as markup, for a frame the demo cannot reach into. Its links get a new-window
 * target, which a sandbox without allow-popups refuses: clicking them leaves the page in place.
 */
export function markup(inert) {
  for (const a of inert.querySelectorAll('a, area')) a.target = '_blank';
  return (inert.doctype ? '<!DOCTYPE html>' : '') + inert.documentElement.outerHTML;
}

/**
 * Shows the inert document in the same-origin `frame` by moving its tree in, so the frame holds
 * exactly the tree that was disarmed. Resolves when it is there.
 */
export function showInFrame(frame, inert) {
  return new Promise((resolve) => {
    frame.addEventListener(
      'load',
      () => {
        const doc = frame.contentDocument;
        doc.replaceChild(doc.importNode(inert.documentElement, true), doc.documentElement);
        resolve();
      },
      { once: true },
    );
    frame.srcdoc = inert.doctype ? '<!DOCTYPE html>' : '';
  });
}

/** Finds each block's element in `doc`; returns an array parallel to `blocks` (null = not found). */
export function locate(doc, blocks) {
  const all = doc.getElementsByTagName('*');
  return blocks.map((b) => {
    const el = all[b.element_index];
    if (el && matches(el, b.selector)) return el;
    try {
      return doc.querySelector(b.selector);
    } catch {
      return null;
    }
  });
}

function matches(el, selector) {
  try {
    return el.matches(selector);
  } catch {
    return false;
  }
}

/**
 * Marks the blocks' elements and the containers the extension would hide (`hide`) in `frame`,
 * and wires clicks and hovers to `onPick(i, how)`, where `how` is 'click', 'hover' or 'leave'.
 * Returns the blocks' elements (parallel to `blocks`).
 */
export function mark(frame, blocks, hide, onPick) {
  const doc = frame.contentDocument;
  const elements = locate(doc, blocks);
  for (const el of locate(doc, hide)) if (el) el.dataset.dcHide = '';
  const owner = new Map();
  elements.forEach((el, i) => {
    // The whole page is no block worth outlining (loose text directly in <body>).
    if (!el || el === doc.body || el === doc.documentElement) return;
    el.dataset.dcLabel = blocks[i].label;
    el.dataset.dcBlock = String(i);
    owner.set(el, i);
  });
  const style = doc.createElement('style');
  style.textContent = STYLE;
  (doc.head ?? doc.documentElement).append(style);

  const blockAt = (target) => {
    for (let n = target; n && n.nodeType === 1; n = n.parentElement) {
      if (owner.has(n)) return owner.get(n);
    }
    return -1;
  };
  // Nothing in the sample may navigate or submit: the frame is a picture of the page.
  doc.addEventListener(
    'click',
    (e) => {
      e.preventDefault();
      const i = blockAt(e.target);
      if (i >= 0) onPick(i, 'click');
    },
    true,
  );
  doc.addEventListener('submit', (e) => e.preventDefault(), true);
  let hovered = -1;
  doc.addEventListener('mouseover', (e) => {
    const i = blockAt(e.target);
    if (i !== hovered) {
      hovered = i;
      onPick(i, i >= 0 ? 'hover' : 'leave');
    }
  });
  doc.documentElement.addEventListener('mouseleave', () => {
    hovered = -1;
    onPick(-1, 'leave');
  });
  return elements;
}

/** Dims (or shows again) what the extension would hide. */
export function dimHidden(doc, on) {
  doc?.documentElement.classList.toggle('dc-dim', on);
}

/** Shows `el` as the selected block (and scrolls to it unless told not to). */
export function select(doc, el, scroll) {
  doc.querySelectorAll('[data-dc-selected]').forEach((n) => n.removeAttribute('data-dc-selected'));
  if (!el) return;
  el.dataset.dcSelected = '';
  if (!scroll) return;
  // Scrolls only the frame: scrollIntoView would also scroll the demo page away from the list.
  const win = doc.defaultView;
  const box = el.getBoundingClientRect();
  win.scrollTo({ top: win.scrollY + box.top - Math.max(0, (win.innerHeight - box.height) / 2), behavior: 'instant' });
}
