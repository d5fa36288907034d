// The options page's overview of what is remembered per site (storage.local, site-store.js): the
// sites that open in reader mode by themselves (a setting, storage.sync), each site's
// corrections with their example text, to remove one by one, and export/import as JSON. Every
// change goes through the background, the one writer of storage.local.
/* global hostFrom -- options.js's, loaded before this script */
(() => {
  const api = globalThis.browser ?? globalThis.chrome;
  const { MSG } = globalThis.declutterProtocol;
  const { load, normalize, writer } = globalThis.declutterSettings;
  const { t, plural } = globalThis.declutterI18n;
  const siteStore = globalThis.declutterSiteStore;
  const $ = (id) => document.getElementById(id);

  /** The export's format tag and version. */
  const FORMAT = 'declutter-corrections';

  const tell = (text) => ($('corrections-status').textContent = text);
  const send = (msg) => api.runtime.sendMessage({ type: MSG.SITE_DATA, ...msg }).then(() => tell(t('optionsSaved')));
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
    if (!host) return tell(t('optionsBadHost'));
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
        t('correctionsReaderSite', host),
        ' ',
        button(t('optionsRemove'), () => setReaderSite(host, false)),
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
        what.textContent = c.action === 'hide' ? t('correctionsHidden') : t('correctionsShown');
        const sel = document.createElement('code');
        sel.textContent = c.selector;
        li.append(
          what,
          ' ',
          sel,
          ` ${t('correctionsExample', c.text)} `,
          button(t('optionsRemove'), () => send({ op: 'remove', host, correction: c })),
        );
        ul.append(li);
      }
      const learned = document.createElement('p');
      learned.className = 'hint';
      learned.textContent = plural('correctionsLearned', site.learned.length);
      box.append(
        h,
        ul,
        learned,
        button(t('correctionsForget'), () => send({ op: 'forget', host })),
      );
      list.append(box);
    }
    $('no-corrections').textContent = hosts.length || Object.keys(settings.readerSites).length ? '' : t('correctionsNone');
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
      tell(t('correctionsBadFile'));
      return;
    }
    await send({ op: 'import', sites: data.sites });
    tell(plural('correctionsImported', Object.keys(data.sites).length));
  });

  api.storage.onChanged.addListener(() => render());
  render();
})();
