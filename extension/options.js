// The options page: global switch, per-site list and reader typography, all in storage.sync.
const api = globalThis.browser ?? globalThis.chrome;
const { load, normalize, writer, DEFAULTS } = globalThis.declutterSettings;
const { t, localize } = globalThis.declutterI18n;
const $ = (id) => document.getElementById(id);
const NUMBERS = ['size', 'width', 'lineHeight', 'letterSpacing', 'wordSpacing'];
/** A site's setting in the list: the <select>'s values and labels. */
const SITE_MODES = [
  ['true', t('optionsOn')],
  ['false', t('optionsOff')],
];

let settings = normalize();

function flash(text) {
  $('saved').textContent = text;
}

const store = writer(api.storage, ({ state, error }) => flash(state === 'saved' ? t('optionsSaved') : t('notSaved', error)));
addEventListener('pagehide', () => store.flush());

function render() {
  $('enabled').checked = settings.enabled;
  $('font').value = settings.reader.font;
  $('theme').value = settings.reader.theme;
  $('images').checked = settings.reader.images;
  for (const key of NUMBERS) {
    $(key).value = settings.reader[key];
    $(`${key}-out`).textContent = settings.reader[key];
  }
  const list = $('sites');
  list.replaceChildren();
  const hosts = Object.keys(settings.sites).sort();
  for (const host of hosts) {
    const mode = document.createElement('select');
    mode.setAttribute('aria-label', t('optionsSiteModeFor', host));
    for (const [value, text] of SITE_MODES) mode.append(new Option(text, value));
    mode.value = String(settings.sites[host]);
    mode.addEventListener('change', () => saveSites({ ...settings.sites, [host]: mode.value === 'true' }));
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.textContent = t('optionsRemove');
    remove.addEventListener('click', () => {
      const sites = { ...settings.sites };
      delete sites[host];
      saveSites(sites);
    });
    const name = document.createElement('span');
    name.className = 'host';
    name.textContent = host;
    const li = document.createElement('li');
    li.append(name, mode, remove);
    list.append(li);
  }
  $('no-sites').hidden = hosts.length > 0;
}

/** Shows `change` and stores it, at once or (`soon`) when a slider being dragged rests. */
function save(change, soon = false) {
  settings = normalize({ ...settings, ...change });
  render();
  if (soon) store.writeSoon(change);
  else store.write(change);
}

const saveSites = (sites) => save({ sites });
const saveReader = (change, soon) => save({ reader: normalize({ reader: { ...settings.reader, ...change } }).reader }, soon);

/** Accepts a bare host or a pasted address. */
function hostFrom(text) {
  const t = text.trim();
  if (!t) return '';
  try {
    return new URL(t.includes('://') ? t : `https://${t}`).hostname;
  } catch {
    return '';
  }
}

localize(document);
$('enabled').addEventListener('change', (e) => save({ enabled: e.target.checked }));
$('font').addEventListener('change', (e) => saveReader({ font: e.target.value }));
$('theme').addEventListener('change', (e) => saveReader({ theme: e.target.value }));
$('images').addEventListener('change', (e) => saveReader({ images: e.target.checked }));
for (const key of NUMBERS) {
  $(key).addEventListener('input', (e) => saveReader({ [key]: Number(e.target.value) }, true));
  $(key).addEventListener('change', () => store.flush()); // let go: written now
}
$('reset').addEventListener('click', () => saveReader({ ...DEFAULTS.reader }));
$('add-site').addEventListener('submit', (e) => {
  e.preventDefault();
  const host = hostFrom($('site-host').value);
  if (!host) {
    flash(t('optionsBadHost'));
    return;
  }
  $('site-host').value = '';
  saveSites({ ...settings.sites, [host]: $('site-mode').value === 'true' });
});

/** What storage says, with the changes not written yet on top (a slider still being dragged). */
const current = async () => normalize({ ...(await load(api.storage)), ...store.pending() });

api.storage.onChanged.addListener(async (_changes, area) => {
  if (area !== 'sync') return;
  settings = await current();
  render();
});

current().then((s) => {
  settings = s;
  render();
});
