// Reader mode's read-aloud, with the browser's speechSynthesis: one sentence at a time, the
// sentence being read marked and kept in view, play/pause, previous and next paragraph, speed and
// voice. Voices on the device come first and are chosen by default; a voice the system marks as
// not local (it may send the text to a speech service) is named so in the list.
globalThis.declutterSpeech = (() => {
  const { t } = globalThis.declutterI18n;

  /** What is read as one paragraph: the outermost of these in the article. */
  const BLOCKS = 'h1, h2, h3, h4, h5, h6, p, li, blockquote, figcaption, dt, dd, pre, th, td';
  const RATES = [0.75, 1, 1.25, 1.5, 1.75, 2];

  const base = (lang) =>
    String(lang ?? '')
      .toLowerCase()
      .split(/[-_]/)[0];

  /** The voices for `lang` (all if none speaks it), on-device ones first. */
  function voicesFor(lang) {
    const all = speechSynthesis.getVoices();
    const speaking = all.filter((v) => base(v.lang) === base(lang));
    return [...(speaking.length ? speaking : all)].sort((a, b) => Number(b.localService) - Number(a.localService));
  }

  /** The sentences of `text` as [start, end) offsets, without trailing spaces or empty ones. */
  function sentences(text, lang) {
    const segmenter = new Intl.Segmenter(lang || undefined, { granularity: 'sentence' });
    return [...segmenter.segment(text)]
      .map(({ index, segment }) => [index, index + segment.trimEnd().length])
      .filter(([start, end]) => text.slice(start, end).trim());
  }

  /** Wraps characters [start, end) of `block`'s text in <mark class="speaking">, one mark per text node. */
  function mark(block, start, end) {
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    const pieces = [];
    for (let node = walker.nextNode(), at = 0; node && at < end; at += node.length, node = walker.nextNode()) {
      const from = Math.max(start - at, 0);
      const to = Math.min(end - at, node.length);
      if (from < to) pieces.push([node, from, to]);
    }
    for (const [node, from, to] of pieces) {
      const range = document.createRange();
      range.setStart(node, from);
      range.setEnd(node, to);
      range.surroundContents(Object.assign(document.createElement('mark'), { className: 'speaking' }));
    }
  }

  /** Scrolls the sentence to the middle of the screen when it nears an edge (so the page does not
   * move at every sentence); at once where the user asks for reduced motion. */
  function keepInView(node) {
    const { top, bottom } = node.getBoundingClientRect();
    if (top > innerHeight * 0.15 && bottom < innerHeight * 0.85) return;
    const reduce = matchMedia('(prefers-reduced-motion: reduce)').matches;
    node.scrollIntoView({ block: 'center', behavior: reduce ? 'instant' : 'smooth' });
  }

  function unmark(root) {
    for (const m of root.querySelectorAll('mark.speaking')) {
      const parent = m.parentNode;
      m.replaceWith(...m.childNodes);
      parent.normalize();
    }
  }

  /**
   * Read-aloud for the article `root` in `lang`: returns its `controls` (for the reader's bar),
   * `onKey(event, focused)` (P play/pause, N next paragraph, B previous) and `stop`. `choice` is { speechRate,
   * voice } from the settings; `save` keeps a new choice.
   */
  function create(root, lang, choice, save) {
    const el = (tag, props = {}, ...children) => {
      const node = Object.assign(document.createElement(tag), props);
      node.append(...children);
      return node;
    };
    const header = root.querySelector(':scope > header');
    // The paragraphs, found when first read aloud rather than while the reader opens (most
    // readers are never read aloud). Of the reader's own header, the headline alone: its site
    // name and meta line are no sentences.
    let found = null;
    const paragraphs = () =>
      (found ??= [...root.querySelectorAll(BLOCKS)].filter(
        (b) => !b.parentElement.closest(BLOCKS) && b.textContent.trim() && (b.parentElement !== header || b.localName === 'h1'),
      ));
    let at = { block: 0, sentence: 0 };
    let playing = false;
    /** The utterance being spoken: events of any other (cancelled) one are stale. */
    let current = null;

    const button = (className, label, name) => {
      const node = el('button', { type: 'button', className, textContent: label, title: name });
      node.setAttribute('aria-label', name);
      return node;
    };
    const play = el('button', { type: 'button', className: 'speech-play' });
    // ‹ and › are mirrored in a right-to-left bar; media symbols (⏮ ⏭) are missing from many fonts.
    const previous = button('speech-previous', '‹ ¶', t('speechPrevious'));
    const next = button('speech-next', '¶ ›', t('speechNext'));
    const rate = el('select', { className: 'speech-rate' });
    for (const r of RATES) rate.append(new Option(`${r.toLocaleString()}×`, String(r)));
    const voice = el('select', { className: 'speech-voice' });
    rate.value = String(RATES.includes(choice.speechRate) ? choice.speechRate : 1);

    function showPlaying() {
      play.textContent = playing ? `❚❚ ${t('speechPause')}` : `▶ ${t('speechPlay')}`;
      play.title = playing ? t('speechPauseTitle') : t('speechPlayTitle');
      play.setAttribute('aria-pressed', String(playing));
    }

    function fillVoices() {
      const voices = voicesFor(lang);
      voice.replaceChildren(
        ...voices.map((v) => new Option(v.localService ? v.name : t('speechOnlineVoice', v.name), v.voiceURI)),
      );
      voice.disabled = !voices.length;
      if (!voices.length) voice.append(new Option(t('speechNoVoice'), ''));
      else voice.value = voices.some((v) => v.voiceURI === choice.voice) ? choice.voice : voices[0].voiceURI;
    }

    const chosenVoice = () => speechSynthesis.getVoices().find((v) => v.voiceURI === voice.value) ?? null;

    /** Marks the sentence at `at` and brings it into view; false past the end. */
    function show() {
      unmark(root);
      const blocks = paragraphs();
      for (; at.block < blocks.length; at = { block: at.block + 1, sentence: 0 }) {
        const text = blocks[at.block].textContent;
        const parts = sentences(text, lang);
        if (at.sentence < parts.length) {
          mark(blocks[at.block], ...parts[at.sentence]);
          keepInView(root.querySelector('mark.speaking'));
          return text.slice(...parts[at.sentence]);
        }
      }
      return null;
    }

    function speak() {
      const text = show();
      if (text === null) {
        stop();
        return;
      }
      const u = new SpeechSynthesisUtterance(text);
      u.lang = lang || '';
      u.rate = Number(rate.value);
      u.voice = chosenVoice();
      u.addEventListener('end', () => {
        if (u !== current) return;
        at = { ...at, sentence: at.sentence + 1 };
        speak();
      });
      u.addEventListener('error', () => u === current && pause());
      current = u;
      speechSynthesis.speak(u);
    }

    /** Stops speaking, keeping the place (and its mark). */
    function pause() {
      playing = false;
      current = null;
      speechSynthesis.cancel();
      showPlaying();
    }

    function toggle() {
      if (playing) return pause();
      playing = true;
      showPlaying();
      speak();
    }

    /** Moves to paragraph `block`'s first sentence, reading on from there if reading. */
    function go(block) {
      at = { block: Math.min(Math.max(block, 0), paragraphs().length - 1), sentence: 0 };
      if (!playing) return show();
      current = null;
      speechSynthesis.cancel();
      speak();
    }

    function stop() {
      pause();
      unmark(root);
      at = { block: 0, sentence: 0 };
    }

    play.addEventListener('click', toggle);
    previous.addEventListener('click', () => go(at.block - 1));
    next.addEventListener('click', () => go(at.block + 1));
    rate.addEventListener('change', () => {
      save({ speechRate: Number(rate.value) });
      if (playing) go(at.block);
    });
    voice.addEventListener('change', () => {
      save({ voice: voice.value });
      if (playing) go(at.block);
    });
    speechSynthesis.addEventListener('voiceschanged', fillVoices);
    fillVoices();
    showPlaying();

    const label = (text, control) => el('label', { textContent: `${text} ` }, control);
    const controls = el(
      'span',
      { className: 'speech' },
      play,
      previous,
      next,
      label(t('speechRate'), rate),
      label(t('speechVoice'), voice),
    );
    controls.setAttribute('role', 'group');
    controls.setAttribute('aria-label', t('speechGroup'));

    const KEYS = { p: toggle, n: () => go(at.block + 1), b: () => go(at.block - 1) };
    /** A key pressed in reader mode, with `focused` the reader's focused element: true if it was
     * one of read-aloud's (not while a form control has focus, nor with a modifier). */
    function onKey(e, focused) {
      const run = KEYS[e.key.toLowerCase()];
      if (!run || e.ctrlKey || e.altKey || e.metaKey || focused?.closest('select, input, textarea')) return false;
      run();
      return true;
    }

    return {
      controls,
      onKey,
      stop() {
        stop();
        speechSynthesis.removeEventListener('voiceschanged', fillVoices);
      },
    };
  }

  const available = () => 'speechSynthesis' in globalThis && 'Segmenter' in Intl;

  return Object.freeze({ available, create });
})();
