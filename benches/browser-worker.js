// Stand-in for the extension's service worker while no extension is built: the same wasm module
// answering the same messages ({type: 'declutter' | 'reader', html, url}) from a Worker.
import init, { declutter, reader } from '/pkg/declutter.js';

const ready = init({ module_or_path: '/pkg/declutter_bg.wasm' });
const CORE = { declutter, reader };

self.onmessage = async ({ data: { id, type, html, url } }) => {
  try {
    await ready;
    const t0 = performance.now();
    const result = CORE[type](html, url);
    self.postMessage({ id, ok: true, result, workerMs: performance.now() - t0 });
  } catch (e) {
    self.postMessage({ id, ok: false, error: String(e?.message ?? e) });
  }
};
