// The "why this label?" panel and the "copy as report" box.
import { LABELS, chip } from './labels.js';

const el = (tag, props = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
};

/** Features as rows of [name, value], nested objects flattened to `outer.inner`. */
function featureRows(features, prefix = '') {
  return Object.entries(features).flatMap(([k, v]) =>
    v && typeof v === 'object' ? featureRows(v, `${prefix}${k}.`) : [[prefix + k, v]],
  );
}

function formatValue(v) {
  if (v === null) return '—';
  if (typeof v === 'number' && !Number.isInteger(v)) return v.toFixed(2);
  return String(v);
}

/** Fills the details panel with block `i` of `blocks`; `preview` while the pointer rests on it. */
export function showDetails(panel, blocks, i, preview = false) {
  const heading = panel.querySelector('h2');
  panel.replaceChildren(heading);
  if (i < 0) {
    panel.append(el('p', { className: 'muted', textContent: 'Click a block in the page or pick one in the list.' }));
    return;
  }
  const b = blocks[i];
  const text = b.text.length > 240 ? `${b.text.slice(0, 240)}…` : b.text;
  if (preview) panel.append(el('p', { className: 'preview', textContent: 'Under the pointer. Click to keep this block here.' }));
  panel.append(
    el('p', { className: 'decision' }, chip(b.label), ` score ${b.score.toFixed(2)} · ${b.kind} block · <${b.features.tag}>`),
    el('blockquote', { className: 'block-text', textContent: text || '(no text: an image or an empty slot)' }),
    el('h3', { textContent: 'Rule' }),
    el('p', { className: 'reason', textContent: b.reason }),
    el('h3', { textContent: 'Selector' }),
    el('code', { className: 'selector', textContent: b.selector }),
  );
  const rows = featureRows(b.features).filter(([k]) => k !== 'tag' && k !== 'kind');
  const table = el(
    'table',
    { className: 'features' },
    el('caption', { textContent: 'Features the rules looked at' }),
    el(
      'thead',
      {},
      el('tr', {}, el('th', { scope: 'col', textContent: 'feature' }), el('th', { scope: 'col', textContent: 'value' })),
    ),
    el(
      'tbody',
      {},
      ...rows.map(([k, v]) =>
        el(
          'tr',
          { className: v === true ? 'on' : '' },
          el('th', { scope: 'row', textContent: k }),
          el('td', { textContent: formatValue(v) }),
        ),
      ),
    ),
  );
  panel.append(el('details', { className: 'features-box' }, el('summary', { textContent: `Features (${rows.length})` }), table));
}

/** Fills the "it should be" select with every label. */
export function fillExpected(select) {
  select.replaceChildren(...LABELS.map(([l]) => el('option', { value: l, textContent: l })));
}

/** The report a user sends when a block has the wrong label. */
export function report(pageUrl, block, expected, page) {
  return {
    page_url: pageUrl,
    selector: block.selector,
    label_given: block.label,
    label_expected: expected,
    // The gate decides whether the extension acts at all: a wrong label matters only on a story page.
    story_page: page.story,
    gate_reasons: page.reasons,
  };
}
