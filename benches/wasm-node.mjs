// The release wasm module in Node, on every corpus page (dist/bench-pkg, built by `./build.sh bench`:
// the extension's module plus the stage exports; sizes are the extension's own, dist/pkg):
// parsing alone (the floor), `parse_and_classify` (every block's label), `declutter` (what the
// extension's de-clutter pass calls: hide list plus the reader view of the article) and `reader`
// (the whole article, as the reader's cold path asks for it), plus the module's size and its linear memory after the largest page.
//   node benches/wasm-node.mjs [corpus dir]
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { ROOT, REPS, corpusDir, loadCorpus, median, saveResult, fmt } from './corpus.mjs';

const PKG = join(ROOT, 'dist', 'bench-pkg');
const missing = (path) => () => {
  throw new Error(`${path} is missing: run ./build.sh bench`);
};
const wasmPath = join(PKG, 'declutter_bg.wasm');
const wasmBytes = await readFile(wasmPath).catch(missing(wasmPath));
const shippedPath = join(ROOT, 'dist', 'pkg', 'declutter_bg.wasm');
const shippedBytes = await readFile(shippedPath).catch(missing(shippedPath));
const glue = await import(pathToFileURL(join(PKG, 'declutter.js')).href);
const exports = await glue.default({ module_or_path: wasmBytes });
const url = (name) => `http://127.0.0.1/${name}/`;

const dir = corpusDir(process.argv[2]);
const pages = await loadCorpus(dir);

// Memory first, on a fresh instance: linear memory only grows, so measured now it reflects the
// largest page alone (plus start-up), not the high-water mark of the whole run.
const largest = pages[pages.length - 1];
const memoryAtStart = exports.memory.buffer.byteLength;
glue.reader(largest.html, url(largest.name));
const memoryAfterLargest = exports.memory.buffer.byteLength;

const STAGES = {
  parse: (p) => glue.parse_only(p.html),
  classify: (p) => glue.parse_and_classify(p.html),
  declutter: (p) => glue.declutter(p.html, url(p.name)),
  reader: (p) => glue.reader(p.html, url(p.name)),
};

const rows = [];
const failed = [];
for (const page of pages) {
  try {
    for (const run of Object.values(STAGES)) run(page); // warm-up, and errors surface here
  } catch (e) {
    failed.push({ name: page.name, error: String(e?.message ?? e) });
    continue;
  }
  const times = Object.fromEntries(Object.keys(STAGES).map((k) => [k, []]));
  for (let i = 0; i < REPS; i++) {
    for (const [stage, run] of Object.entries(STAGES)) {
      const t0 = performance.now();
      run(page);
      times[stage].push(performance.now() - t0);
    }
  }
  rows.push({ name: page.name, bytes: page.bytes, ...Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)])) });
}

const totalBytes = rows.reduce((s, r) => s + r.bytes, 0);
const stages = {};
for (const stage of Object.keys(STAGES)) {
  const sum = rows.reduce((s, r) => s + r[stage], 0);
  stages[stage] = { median_ms: median(rows.map((r) => r[stage])), total_ms: sum, mb_per_s: totalBytes / 1e6 / (sum / 1000) };
}
const sum = (k) => stages[k].total_ms;
const result = {
  corpus: dir,
  pages: rows.length,
  failed,
  reps: REPS,
  total_bytes: totalBytes,
  stages,
  // Time above the parse floor, relative to it, over the whole corpus.
  classify_overhead_over_parse: (sum('classify') - sum('parse')) / sum('parse'),
  reader_overhead_over_parse: (sum('reader') - sum('parse')) / sum('parse'),
  median_page_ratio_classify_over_parse: median(rows.map((r) => r.classify / r.parse)),
  wasm_bytes: shippedBytes.length,
  wasm_gzip_bytes: gzipSync(shippedBytes, { level: 9 }).length,
  memory: {
    at_start: memoryAtStart,
    after_largest_page: memoryAfterLargest,
    largest_page: largest.name,
    largest_page_bytes: largest.bytes,
    after_run: exports.memory.buffer.byteLength,
  },
  per_page: rows,
};
const file = await saveResult('wasm-node', result);

console.log(
  `wasm in Node ${process.version}: ${rows.length} pages (${fmt(totalBytes / 1e6)} MB), median of ${REPS} runs per page`,
);
for (const [k, s] of Object.entries(stages)) {
  console.log(`  ${k.padEnd(10)} median ${fmt(s.median_ms)} ms/page  ${fmt(s.mb_per_s, 1)} MB/s`);
}
console.log(`  classify overhead / parse floor: ${fmt(result.classify_overhead_over_parse * 100, 0)} %`);
console.log(`  .wasm ${fmt(result.wasm_bytes / 1024, 0)} KB, gzipped ${fmt(result.wasm_gzip_bytes / 1024, 0)} KB`);
console.log(
  `  linear memory after the largest page (${largest.name}, ${fmt(largest.bytes / 1e6)} MB): ${fmt(memoryAfterLargest / 2 ** 20, 1)} MiB`,
);
if (failed.length) console.log(`  failed: ${failed.map((f) => `${f.name} (${f.error})`).join(', ')}`);
console.log(`  -> ${file}`);
