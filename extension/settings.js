// Settings shared by the service worker, the content script and the options page.
// Loaded as a classic script (content scripts cannot be modules), so it publishes one global.
globalThis.declutterSettings = (() => {
  const DEFAULTS = Object.freeze({
    /** De-clutter pages automatically. */
    enabled: true,
    /** Per-site override by host name: true (on) or false (off). */
    sites: {},
    /** Sites whose article pages open in reader mode by themselves: host -> true. */
    readerSites: {},
    /** Reader typography, and read-aloud's speed and voice (a voiceURI; '' for the first on the device). */
    reader: {
      font: 'serif',
      size: 20,
      width: 38,
      lineHeight: 1.6,
      /** Extra space between letters and between words, in em. */
      letterSpacing: 0,
      wordSpacing: 0,
      theme: 'system',
      /** Pictures shown in reader mode. */
      images: true,
      speechRate: 1,
      voice: '',
    },
  });
  const LIMITS = {
    size: [14, 32],
    width: [28, 60],
    lineHeight: [1.2, 2.2],
    letterSpacing: [0, 0.2],
    wordSpacing: [0, 0.5],
    speechRate: [0.5, 2],
  };
  const FONTS = ['serif', 'sans', 'atkinson', 'opendyslexic'];
  /** The fonts packaged with the extension (fonts/, copied from their npm packages by build.sh;
   * SIL OFL 1.1): the FONTS that are one, each with its family name and files. */
  const faces = (name) =>
    ['400-normal', '700-normal', '400-italic'].map((face) => {
      const [weight, style] = face.split('-');
      return { file: `${name}-latin-${face}.woff2`, weight, style };
    });
  const FONT_FILES = Object.freeze({
    atkinson: { family: 'Atkinson Hyperlegible', files: faces('atkinson-hyperlegible') },
    opendyslexic: { family: 'OpenDyslexic', files: faces('opendyslexic') },
  });
  const THEMES = ['system', 'light', 'sepia', 'dark'];

  const clamp = (v, [lo, hi], d) => (Number.isFinite(Number(v)) ? Math.min(hi, Math.max(lo, Number(v))) : d);

  /** Fills gaps and drops out-of-range values, so a bad sync entry never breaks a page. */
  function normalize(raw = {}) {
    const r = { ...DEFAULTS.reader, ...(raw.reader ?? {}) };
    return {
      enabled: raw.enabled !== false,
      sites: raw.sites && typeof raw.sites === 'object' ? { ...raw.sites } : {},
      readerSites: raw.readerSites && typeof raw.readerSites === 'object' ? { ...raw.readerSites } : {},
      reader: {
        font: FONTS.includes(r.font) ? r.font : DEFAULTS.reader.font,
        size: clamp(r.size, LIMITS.size, DEFAULTS.reader.size),
        width: clamp(r.width, LIMITS.width, DEFAULTS.reader.width),
        lineHeight: clamp(r.lineHeight, LIMITS.lineHeight, DEFAULTS.reader.lineHeight),
        letterSpacing: clamp(r.letterSpacing, LIMITS.letterSpacing, DEFAULTS.reader.letterSpacing),
        wordSpacing: clamp(r.wordSpacing, LIMITS.wordSpacing, DEFAULTS.reader.wordSpacing),
        theme: THEMES.includes(r.theme) ? r.theme : DEFAULTS.reader.theme,
        images: r.images !== false,
        speechRate: clamp(r.speechRate, LIMITS.speechRate, DEFAULTS.reader.speechRate),
        voice: typeof r.voice === 'string' ? r.voice.slice(0, 300) : DEFAULTS.reader.voice,
      },
    };
  }

  async function load(storage) {
    return normalize(await storage.sync.get(['enabled', 'sites', 'readerSites', 'reader']));
  }

  /** The site's own switch wins over the global one. */
  function siteEnabled(settings, host) {
    const own = settings.sites[host];
    return typeof own === 'boolean' ? own : settings.enabled;
  }

  /** Quiet time before a continuous change (a slider being dragged) is written; then delays
   * between retries of a refused write (the browser counts writes per minute, so retries go on
   * past one minute). */
  const SETTLE_MS = 400;
  const RETRY_MS = [1000, 2000, 5000, 10000];

  /**
   * Writes to `storage.sync` so that no change is lost. The browser allows about 120 writes a
   * minute and refuses the rest, so a slider being dragged is written once it rests for
   * SETTLE_MS (`writeSoon`), while a click or a choice is written at once (`write`: the page may
   * close right after). A refused write (that limit, or a quota) is kept, merged with later
   * changes and retried. `onState` hears 'saved' when everything asked for is stored, and
   * 'retrying' with the browser's reason when it is not, so the page can tell the person their
   * change did not stick yet.
   */
  function writer(storage, onState = () => {}) {
    /** The top-level keys waiting to be written, each with its whole new value. */
    let pending = null;
    /** The keys being written now. */
    let writing = null;
    /** When the pending keys are due: 0 at once, SETTLE_MS while only a slider moved. */
    let wait = 0;
    let timer = 0;
    let failures = 0;

    function after(ms) {
      clearTimeout(timer);
      timer = setTimeout(flush, ms);
    }

    async function flush() {
      clearTimeout(timer);
      timer = 0;
      if (!pending || writing) return;
      writing = pending;
      pending = null;
      try {
        await storage.sync.set(writing);
        failures = 0;
        if (!pending) onState({ state: 'saved' });
      } catch (e) {
        pending = { ...writing, ...pending };
        onState({ state: 'retrying', error: String(e?.message ?? e) });
        after(RETRY_MS[Math.min(failures++, RETRY_MS.length - 1)]);
      } finally {
        writing = null;
      }
      if (pending && !timer) after(wait);
    }

    /** Queues `change` (top-level keys with their whole new values); a retry keeps its time. */
    function queue(change, ms) {
      wait = pending ? Math.min(wait, ms) : ms;
      pending = { ...pending, ...change };
      if (writing || failures) return;
      if (wait) after(wait);
      else flush();
    }

    return {
      write: (change) => queue(change, 0),
      writeSoon: (change) => queue(change, SETTLE_MS),
      /** What is not stored yet (or being stored): overlays what storage says until it is. */
      pending: () => ({ ...writing, ...pending }),
      /** Writes what is pending now (a slider let go, the page going away). */
      flush: () => {
        wait = 0;
        return flush();
      },
    };
  }

  /** Whether the site's article pages open in reader mode by themselves. */
  const readerAlways = (settings, host) => settings.readerSites[host] === true;

  return { DEFAULTS, LIMITS, FONTS, FONT_FILES, THEMES, normalize, load, siteEnabled, readerAlways, writer };
})();
