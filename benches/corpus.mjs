// Shared by the JavaScript benchmarks: the corpus pages, medians and result files.
import { readdir, readFile, mkdir, writeFile } from 'node:fs/promises';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Cargo's build folder: build.sh keeps it outside the clone (CARGO_TARGET_DIR). */
export const CARGO_TARGET = resolve(process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target'));

/** The corpus folder: first argument, else DECLUTTER_CORPUS, else ../shared/corpus/readability. */
export function corpusDir(arg) {
  return resolve(arg ?? process.env.DECLUTTER_CORPUS ?? join(ROOT, '../shared/corpus/readability'));
}

/** Every `<page>/source.html` of the corpus, smallest first: [{ name, html, bytes }].
 * BENCH_PAGES (a regular expression on page names) narrows it for a quick run. */
export async function loadCorpus(dir) {
  const only = process.env.BENCH_PAGES ? new RegExp(process.env.BENCH_PAGES) : null;
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((d) => d.isDirectory() && (!only || only.test(d.name)))
    .map((d) => d.name);
  const pages = [];
  for (const name of names) {
    const html = await readFile(join(dir, name, 'source.html'), 'utf8').catch(() => null);
    if (html !== null) pages.push({ name, html, bytes: Buffer.byteLength(html) });
  }
  if (pages.length === 0) throw new Error(`no <page>/source.html under ${dir}`);
  return pages.sort((a, b) => a.bytes - b.bytes);
}

/** Measures every page in turn (a page that fails does not stop the others): the rows `measure`
 * returns, and the failed pages with the first line of their error. A dot per page on stderr. */
export async function eachPage(pages, measure) {
  const rows = [];
  const failed = [];
  for (const p of pages) {
    try {
      rows.push(await measure(p));
      process.stderr.write('.');
    } catch (e) {
      failed.push({ name: p.name, error: String(e?.message ?? e).split('\n')[0] });
      process.stderr.write('x');
    }
  }
  process.stderr.write('\n');
  return { rows, failed };
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Repetitions per page and stage (BENCH_REPS), after one warm-up run. */
export const REPS = Math.max(1, Number(process.env.BENCH_REPS ?? 5));

/** Results go to target/bench/<name>.json, where summary.mjs reads them. */
export async function saveResult(name, data) {
  const dir = join(ROOT, 'target', 'bench');
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${name}.json`);
  await writeFile(file, JSON.stringify(data, null, 2));
  return file;
}

export const fmt = (x, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
