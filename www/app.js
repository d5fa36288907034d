// The demo page: loads a page's HTML, asks the core (analyze_page) what it decided, and shows it.
// No classification happens here: every label, reason and the reader HTML come from the core.
import init, { analyze_page } from './pkg/declutter.js';
import { LABELS, chip } from './labels.js';
import { inertDocument, markup, showInFrame, mark, dimHidden, select as selectInFrame } from './overlay.js';
import { showDetails, fillExpected, report } from './details.js';

const $ = (id) => document.getElementById(id);
const ui = {
  status: $('status'),
  sample: $('sample'),
  file: $('file'),
  pasteForm: $('paste-form'),
  paste: $('paste'),
  pasteUrl: $('paste-url'),
  original: $('original-frame'),
  overlay: $('overlay-frame'),
  dim: $('dim-hidden'),
  dimCount: $('dim-count'),
  legend: $('legend'),
  list: $('block-list'),
  details: $('details'),
  expected: $('expected'),
  reportForm: $('report-form'),
  copy: $('copy-report'),
  reportText: $('report-text'),
  reportStatus: $('report-status'),
  reader: $('reader'),
  readerMeta: $('reader-meta'),
};

/** What is on screen: the page, the core's analysis, the located elements and the picked block. */
const state = { pageUrl: '', analysis: null, elements: [], selected: -1 };

function setStatus(text, isError = false) {
  ui.status.textContent = text;
  ui.status.classList.toggle('error', isError);
}

// --- tabs (WAI-ARIA tabs pattern: arrow keys move between tabs, Tab goes into the panel) ---
const tabs = [...document.querySelectorAll('[role=tab]')];
function openTab(tab, focus) {
  for (const t of tabs) {
    const on = t === tab;
    t.setAttribute('aria-selected', String(on));
    t.tabIndex = on ? 0 : -1;
    $(t.getAttribute('aria-controls')).hidden = !on;
  }
  if (focus) tab.focus();
}
for (const [i, tab] of tabs.entries()) {
  tab.addEventListener('click', () => openTab(tab, false));
  tab.addEventListener('keydown', (e) => {
    const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    openTab(tabs[(to + tabs.length) % tabs.length], true);
  });
}

// --- loading a page ---
function frameLoaded(frame, markupText) {
  return new Promise((resolve) => {
    frame.addEventListener('load', resolve, { once: true });
    frame.srcdoc = markupText;
  });
}

async function show(html, pageUrl, name) {
  let analysis;
  try {
    analysis = analyze_page(html, pageUrl || undefined);
  } catch (e) {
    setStatus(`The core could not read ${name}: ${e.message ?? e}`, true);
    return;
  }
  Object.assign(state, { pageUrl, analysis, elements: [], selected: -1 });
  const { blocks, hide, article, is_article: isArticle, page } = analysis;
  setStatus(
    isArticle
      ? `${name}: ${blocks.length} blocks. A story page (${page.reasons.join('; ')}): the core found an article (${article.word_count} words); the extension would hide ${hide.length} clutter container${hide.length === 1 ? '' : 's'}.`
      : `${name}: ${blocks.length} blocks, not a story page (${page.reasons.join('; ')}): the extension would leave this page alone.`,
  );

  renderLegend(blocks);
  ui.dimCount.textContent = `${hide.length} container${hide.length === 1 ? '' : 's'}`;
  renderList(blocks);
  renderReader(analysis);
  pick(-1);
  ui.reportText.value = '';
  ui.reportStatus.textContent = '';
  await Promise.all([frameLoaded(ui.original, markup(inertDocument(html))), showInFrame(ui.overlay, inertDocument(html))]);
  if (state.analysis !== analysis) return; // another page was chosen meanwhile
  state.elements = mark(ui.overlay, blocks, hide, onFramePick);
  dimHidden(ui.overlay.contentDocument, ui.dim.checked);
  // Lets tests (and curious people) see which page is fully shown.
  document.body.dataset.shown = name;
}

async function loadSample(file) {
  const url = new URL(`samples/${file}`, location.href).href;
  setStatus(`Loading ${file}…`);
  const res = await fetch(url);
  if (!res.ok) {
    setStatus(`Could not load ${file} (HTTP ${res.status}).`, true);
    return;
  }
  await show(await res.text(), url, file);
}

// --- the legend, the block list and the details ---
function renderLegend(blocks) {
  const counts = Object.fromEntries(LABELS.map(([l]) => [l, 0]));
  for (const b of blocks) counts[b.label] = (counts[b.label] ?? 0) + 1;
  ui.legend.replaceChildren(
    ...LABELS.map(([label, meaning]) => {
      const li = document.createElement('li');
      li.dataset.label = label;
      const count = document.createElement('span');
      count.className = 'count';
      count.textContent = counts[label];
      const desc = document.createElement('span');
      desc.className = 'muted';
      desc.textContent = meaning;
      li.append(chip(label), count, desc);
      return li;
    }),
  );
}

function renderList(blocks) {
  ui.list.replaceChildren(
    ...blocks.map((b, i) => {
      const li = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.index = String(i);
      button.tabIndex = i === 0 ? 0 : -1;
      const text = b.text.trim() || `(${b.kind}: <${b.features.tag}>)`;
      const snippet = document.createElement('span');
      snippet.className = 'snippet';
      snippet.textContent = text.length > 90 ? `${text.slice(0, 90)}…` : text;
      button.append(chip(b.label), snippet);
      li.append(button);
      return li;
    }),
  );
}

function listButton(i) {
  return ui.list.querySelector(`button[data-index="${i}"]`);
}

/** Shows block `i` (or nothing for -1) as the picked block everywhere. */
function pick(i, { scrollFrame = false, scrollList = false } = {}) {
  state.selected = i;
  showDetails(ui.details, state.analysis?.blocks ?? [], i);
  ui.list.querySelectorAll('[aria-current]').forEach((b) => b.removeAttribute('aria-current'));
  const button = listButton(i);
  if (button) {
    button.setAttribute('aria-current', 'true');
    ui.list.querySelectorAll('button').forEach((b) => {
      b.tabIndex = b === button ? 0 : -1;
    });
    if (scrollList) button.scrollIntoView({ block: 'nearest' });
  }
  if (ui.overlay.contentDocument) selectInFrame(ui.overlay.contentDocument, state.elements[i], scrollFrame);
  const has = i >= 0;
  ui.expected.disabled = !has;
  ui.copy.disabled = !has;
  if (has) ui.expected.value = state.analysis.blocks[i].label;
}

function onFramePick(i, how) {
  const blocks = state.analysis.blocks;
  if (how === 'click') pick(i, { scrollList: true });
  else if (how === 'hover') showDetails(ui.details, blocks, i, i !== state.selected);
  else showDetails(ui.details, blocks, state.selected);
}

ui.list.addEventListener('click', (e) => {
  const button = e.target.closest('button[data-index]');
  if (button) pick(Number(button.dataset.index), { scrollFrame: true });
});
ui.list.addEventListener('focusin', (e) => {
  const button = e.target.closest('button[data-index]');
  if (button && Number(button.dataset.index) !== state.selected) pick(Number(button.dataset.index), { scrollFrame: true });
});
ui.list.addEventListener('keydown', (e) => {
  const button = e.target.closest('button[data-index]');
  if (!button) return;
  const n = ui.list.querySelectorAll('button').length;
  const i = Number(button.dataset.index);
  const to = { ArrowDown: i + 1, ArrowUp: i - 1, Home: 0, End: n - 1, PageDown: i + 10, PageUp: i - 10 }[e.key];
  if (to === undefined) return;
  e.preventDefault();
  listButton(Math.max(0, Math.min(n - 1, to))).focus();
});

ui.dim.addEventListener('change', () => dimHidden(ui.overlay.contentDocument, ui.dim.checked));

// --- the report ---
ui.reportForm.addEventListener('submit', async (e) => {
  e.preventDefault();
  if (state.selected < 0) return;
  const json = JSON.stringify(
    report(state.pageUrl, state.analysis.blocks[state.selected], ui.expected.value, state.analysis.page),
    null,
    2,
  );
  ui.reportText.value = json;
  try {
    await navigator.clipboard.writeText(json);
    ui.reportStatus.textContent = 'Copied to the clipboard.';
  } catch {
    ui.reportText.select();
    ui.reportStatus.textContent = 'The clipboard is not available: the report is selected in the box above.';
  }
});

// --- the reader view ---
function renderReader({ is_article: isArticle, article, document: readerDocument }) {
  if (!article.content) {
    ui.readerMeta.textContent = '';
    ui.reader.replaceChildren();
    const p = document.createElement('p');
    p.textContent = 'No article on this page: reader mode has nothing to show here.';
    ui.reader.append(p);
    return;
  }
  // On a page that is not a story, reader mode runs only when asked and shows its best reading.
  ui.readerMeta.textContent = `${isArticle ? '' : 'Not a story page; reader mode on demand · '}${article.word_count} words · about ${article.reading_minutes} min to read${article.site_name ? ` · ${article.site_name}` : ''}`;
  // The reader document is the core's ammonia-sanitized one; this page's CSP forbids inline scripts too.
  // Images become placeholders: the demo fetches nothing from the page's servers.
  const doc = inertDocument(readerDocument);
  for (const img of doc.querySelectorAll('img')) {
    const box = doc.createElement('span');
    box.className = 'img-placeholder';
    box.textContent = `Image${img.alt ? `: ${img.alt}` : ''}`;
    img.replaceWith(box);
  }
  for (const a of doc.querySelectorAll('a[href]')) {
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
  }
  ui.reader.replaceChildren(...doc.body.childNodes);
  ui.reader.lang = article.lang ?? '';
  ui.reader.dir = article.dir ?? 'auto';
}

// --- sources: samples, pasted HTML, local files ---
function sampleTitle(file) {
  const name = file.replace(/\.html$/, '').replace(/-/g, ' ');
  return name[0].toUpperCase() + name.slice(1);
}

ui.sample.addEventListener('change', () => loadSample(ui.sample.value));
ui.pasteForm.addEventListener('submit', (e) => {
  e.preventDefault();
  const html = ui.paste.value;
  if (!html.trim()) {
    setStatus('Paste some HTML first.', true);
    ui.paste.focus();
    return;
  }
  show(html, ui.pasteUrl.value.trim(), 'Pasted HTML');
});
ui.file.addEventListener('change', async () => {
  const file = ui.file.files[0];
  if (file) await show(await file.text(), '', file.name);
});
fillExpected(ui.expected);

try {
  await init();
  const files = await (await fetch('samples/index.json')).json();
  files.sort((a, b) => (b === 'mission-example.html') - (a === 'mission-example.html') || a.localeCompare(b));
  ui.sample.replaceChildren(...files.map((f) => new Option(sampleTitle(f), f)));
  await loadSample(files[0]);
} catch (e) {
  setStatus(`The demo could not start: ${e.message ?? e}`, true);
}
