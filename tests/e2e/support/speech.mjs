// What reader mode says aloud, seen by the tests. Neither headless browser has a voice here.
// Firefox: two voices registered with the browser's own speech registry (chrome context), one on
// the device and one not, which record what the page asks them to say; the page's real
// speechSynthesis drives them. Chromium: a stand-in speechSynthesis with the same two voices,
// installed in the content script's isolated world (through the DevTools protocol), where the
// extension calls it.

export const VOICES = [
  { name: 'Test Online', voiceURI: 'urn:declutter-test:online', lang: 'en-GB', localService: false },
  { name: 'Test Local', voiceURI: 'urn:declutter-test:local', lang: 'en-GB', localService: true },
  { name: 'Test Arabic', voiceURI: 'urn:declutter-test:arabic', lang: 'ar', localService: true },
];

/**
 * Registers VOICES in Firefox (a session with systemAccess). Returns { said(), finish() }: said()
 * lists { text, uri, rate } of every utterance begun, and 'cancel' where one was cut short;
 * finish() ends the one being spoken, as a voice does when done.
 */
export async function firefoxVoices(ff, inUi) {
  await inUi(() =>
    ff.run((voices) => {
      const registry = Cc['@mozilla.org/synth-voice-registry;1'].getService(Ci.nsISynthVoiceRegistry);
      window.__declutterSpeech = { said: [], task: null };
      const log = window.__declutterSpeech;
      const service = {
        QueryInterface: ChromeUtils.generateQI(['nsISpeechService']),
        speak(text, uri, volume, rate, pitch, task) {
          log.said.push({ text, uri, rate });
          task.setup({
            QueryInterface: ChromeUtils.generateQI(['nsISpeechTaskCallback']),
            onPause() {},
            onResume() {},
            // As a voice does: a cancelled utterance ends, and the next can start.
            onCancel() {
              log.said.push('cancel');
              if (log.task === task) log.task = null;
              task.dispatchEnd(0, 0);
            },
            onVolumeChanged() {},
          });
          task.dispatchStart();
          log.task = task;
        },
      };
      for (const v of voices) registry.addVoice(service, v.voiceURI, v.name, v.lang, v.localService, false);
    }, VOICES),
  );
  return {
    said: () => inUi(() => ff.run(() => window.__declutterSpeech.said)),
    finish: () =>
      inUi(() =>
        ff.run(() => {
          const log = window.__declutterSpeech;
          const task = log.task;
          log.task = null;
          task.dispatchEnd(1, 1);
        }),
      ),
  };
}

/** The stand-in, evaluated in the content script's world: `__declutterSpeech` holds what it was
 * asked to say; its finish() ends the utterance being spoken. */
const STAND_IN = `(() => {
  const voices = ${JSON.stringify(VOICES)};
  const log = { said: [], current: null };
  class Utterance extends EventTarget {
    constructor(text) { super(); Object.assign(this, { text, lang: '', rate: 1, pitch: 1, volume: 1, voice: null }); }
  }
  class Synthesis extends EventTarget {
    getVoices() { return voices; }
    speak(u) { log.said.push({ text: u.text, uri: u.voice?.voiceURI ?? null, rate: u.rate }); log.current = u; }
    cancel() { if (log.current) log.said.push('cancel'); log.current = null; }
    pause() {}
    resume() {}
  }
  log.finish = () => { const u = log.current; log.current = null; u.dispatchEvent(new Event('end')); };
  Object.defineProperty(window, 'speechSynthesis', { value: new Synthesis(), configurable: true });
  window.SpeechSynthesisUtterance = Utterance;
  window.__declutterSpeech = log;
})()`;

/** Installs the stand-in in `page`'s content script world (Chromium); { said(), finish() } as above. */
export async function chromiumVoices(context, page) {
  const cdp = await context.newCDPSession(page);
  const contexts = [];
  cdp.on('Runtime.executionContextCreated', ({ context: c }) => contexts.push(c));
  await cdp.send('Runtime.enable');
  const world = contexts.find((c) => c.auxData?.type === 'isolated' && c.name === 'Declutter');
  if (!world) throw new Error(`no content script world among ${contexts.map((c) => c.name)}`);
  const run = async (expression) => {
    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
      expression,
      contextId: world.id,
      returnByValue: true,
    });
    if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
    return result.value;
  };
  await run(STAND_IN);
  return { said: () => run('window.__declutterSpeech.said'), finish: () => run('window.__declutterSpeech.finish()') };
}
