// The options page's overview of what is remembered per site (storage.local, site-store.js): the
// sites that open in reader mode by themselves (a setting, storage.sync), each site's
// corrections with their example text, to remove one by one, and export/import as JSON. Every
// change goes through the background, the one writer of storage.local.
/* global hostFrom -- options.js's, loaded before this script */
(() => {
  const api = globalThis.browser ?? globalThis.chrome;
  const { MSG } = globalThis.declutterProtocol;
  const { load, normalize, writer } = globalThis.declutterSettings;
  const siteStore = globalThis.declutterSiteStore;
  const $ = (id) => document.getElementById(id);

  // ---- User-visible strings (to move into _locales/*/messages.json). ----
  const STRINGS = {
    title: 'Corrections',
    hint: 'What you hid or brought back on a site ("Hide a box", "Show hidden boxes" in the page\'s context menu) and the sites that open in reader mode by themselves. Rules learnt from pages you read are listed as a count.',
    none: 'No corrections yet.',
    readerSite: (host) => `${host}: always open reader mode`,
    readerHost: 'Site that always opens in reader mode',
    addReader: 'Always reader mode',
    badHost: 'Enter a host name such as news.example.com.',
    hide: 'Hidden',
    show: 'Shown',
    learned: (n) => `${n} learnt rule${n === 1 ? '' : 's'}`,
    remove: 'Remove',
    forget: 'Forget this site',
    exportButton: 'Export corrections (JSON)',
    importLabel: 'Import corrections (JSON)',
    imported: (n) => `Imported corrections for ${n} site${n === 1 ? '' : 's'}.`,
    badFile: 'This file is not a Declutter corrections export.',
    saved: 'Saved.',
  };
  /** The export's format tag and version. */
  const FORMAT = 'declutter-corrections';

  $('corrections-title').textContent = STRINGS.title;
  $('corrections-hint').textContent = STRINGS.hint;
  $('export').textContent = STRINGS.exportButton;
  $('import-label').textContent = STRINGS.importLabel;
  $('add-reader').textContent = STRINGS.addReader;
  $('reader-host').setAttribute('aria-label', STRINGS.readerHost);

  const tell = (text) => ($('corrections-status').textContent = text);
  const send = (msg) => api.runtime.sendMessage({ type: MSG.SITE_DATA, ...msg }).then(() => tell(STRINGS.saved));
  const settingsStore = writer(api.storage, ({ state, error }) => state === 'retrying' && tell(`${error}`));

  const button = (text, onClick) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = text;
    b.addEventListener('click', onClick);
    return b;
  };

  /** Changes the sites that open in reader mode (a setting: storage.sync, the one writer). */
  async function setReaderSite(host, on) {
    const current = normalize({ ...(await load(api.storage)), ...settingsStore.pending() });
    const readerSites = { ...current.readerSites };
    if (on) readerSites[host] = true;
    else delete readerSites[host];
    settingsStore.write({ readerSites });
  }

  $('add-reader-site').addEventListener('submit', (e) => {
    e.preventDefault();
    const host = hostFrom($('reader-host').value);
    if (!host) return tell(STRINGS.badHost);
    $('reader-host').value = '';
    setReaderSite(host, true);
  });

  async function render() {
    const [settings, sites] = await Promise.all([load(api.storage), siteStore.loadAll(api.storage)]);
    const readers = $('readers');
    readers.replaceChildren();
    for (const host of Object.keys(settings.readerSites).sort()) {
      const li = document.createElement('li');
      li.className = 'reader-site';
      li.append(
        STRINGS.readerSite(host),
        ' ',
        button(STRINGS.remove, () => setReaderSite(host, false)),
      );
      readers.append(li);
    }
    const list = $('corrections');
    list.replaceChildren();
    const hosts = Object.keys(sites)
      .filter((h) => sites[h].corrections.length || sites[h].learned.length)
      .sort();
    for (const host of hosts) {
      const site = sites[host];
      const box = document.createElement('section');
      box.className = 'site';
      box.dataset.host = host;
      const h = document.createElement('h3');
      h.textContent = host;
      const ul = document.createElement('ul');
      for (const c of site.corrections) {
        const li = document.createElement('li');
        li.className = 'correction';
        const what = document.createElement('strong');
        what.textContent = c.action === 'hide' ? STRINGS.hide : STRINGS.show;
        const sel = document.createElement('code');
        sel.textContent = c.selector;
        li.append(
          what,
          ' ',
          sel,
          ` “${c.text}” `,
          button(STRINGS.remove, () => send({ op: 'remove', host, correction: c })),
        );
        ul.append(li);
      }
      const learned = document.createElement('p');
      learned.className = 'hint';
      learned.textContent = STRINGS.learned(site.learned.length);
      box.append(
        h,
        ul,
        learned,
        button(STRINGS.forget, () => send({ op: 'forget', host })),
      );
      list.append(box);
    }
    $('no-corrections').textContent = hosts.length || Object.keys(settings.readerSites).length ? '' : STRINGS.none;
  }

  $('export').addEventListener('click', async () => {
    const sites = await siteStore.loadAll(api.storage);
    const out = { format: FORMAT, version: 1, sites: {} };
    for (const [host, r] of Object.entries(sites)) {
      if (r.corrections.length) out.sites[host] = { corrections: r.corrections };
    }
    // A file made here and saved by the browser: no network request.
    const url = URL.createObjectURL(new Blob([JSON.stringify(out, null, 2)], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'declutter-corrections.json';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  });

  $('import').addEventListener('change', async (e) => {
    const file = e.target.files?.[0];
    if (!file) return;
    let data;
    try {
      data = JSON.parse(await file.text());
    } catch {
      data = null;
    }
    e.target.value = '';
    if (data?.format !== FORMAT || !data.sites || typeof data.sites !== 'object') {
      tell(STRINGS.badFile);
      return;
    }
    await send({ op: 'import', sites: data.sites });
    tell(STRINGS.imported(Object.keys(data.sites).length));
  });

  api.storage.onChanged.addListener(() => render());
  render();
})();
