// Prints every benchmark's figures and the targets as Markdown (the tables of docs/BENCHMARKS.md),
// from criterion's estimates ($CARGO_TARGET_DIR/criterion) and the JSON the other benches write (target/bench).
//   node benches/summary.mjs
import { readFile, readdir, stat } from 'node:fs/promises';
import { execSync } from 'node:child_process';
import { cpus, totalmem, loadavg } from 'node:os';
import { join } from 'node:path';
import { ROOT, CARGO_TARGET, fmt } from './corpus.mjs';

const json = (path) =>
  readFile(path, 'utf8')
    .then(JSON.parse)
    .catch(() => null);
const sh = (cmd) => {
  try {
    return execSync(cmd, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'n/a';
  }
};

/** Criterion's median estimate (ns) per group -> stage, newest run of each group prefix. */
async function criterion() {
  const base = join(CARGO_TARGET, 'criterion');
  const groups = {};
  for (const g of await readdir(base).catch(() => [])) {
    for (const b of await readdir(join(base, g)).catch(() => [])) {
      const meta = await json(join(base, g, b, 'new', 'benchmark.json'));
      const est = await json(join(base, g, b, 'new', 'estimates.json'));
      if (!meta || !est) continue;
      const when = (await stat(join(base, g, b, 'new', 'estimates.json'))).mtimeMs;
      const kind = meta.group_id.startsWith('median page')
        ? 'median'
        : meta.group_id.startsWith('whole corpus')
          ? 'corpus'
          : null;
      if (!kind) continue;
      const stage = meta.function_id ?? meta.value_str;
      const prev = groups[kind]?.[stage];
      if (prev && prev.when > when) continue;
      groups[kind] ??= {};
      groups[kind][stage] = { group: meta.group_id, ns: est.median.point_estimate, bytes: meta.throughput?.Bytes ?? null, when };
    }
  }
  return groups;
}

const check = (ok) => (ok === null ? 'not measured' : ok ? '**met**' : '**not met**');
const pct = (x) => `${fmt(x * 100, 0)} %`;
const lines = [];
const out = (s = '') => lines.push(s);

out('### Machine and versions');
out();
out('| | |');
out('|---|---|');
out(`| CPU | ${sh("lscpu | sed -n 's/^Model name: *//p'")} (nproc ${sh('nproc')}) |`);
out(`| RAM | ${fmt(totalmem() / 2 ** 30, 1)} GiB |`);
out(
  `| load average at the end (1/5/15 min) | ${loadavg()
    .map((l) => fmt(l, 1))
    .join(' / ')} on ${cpus().length} CPUs |`,
);
out(`| rustc | ${sh('rustc --version')} |`);
out(`| node | ${process.version} |`);
out(`| chromium | ${sh('/usr/bin/chromium --version')} |`);
out(`| date | ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC |`);
out();

const crit = await criterion();
let nativeOverhead = null;
/** The same at the median page (interleaved run only): the target is per page, so both count. */
let nativeMedianOverhead = null;
/** Our `analyze` over dom_smoothie's time, median per-page ratio of the interleaved run. */
let nativeVsPeer = null;
/** The reader article alone over dom_smoothie's time, the same way. */
let nativeArticleVsPeer = null;
if (crit.median || crit.corpus) {
  out('### Native (criterion, `cargo bench --bench pipeline`)');
  out();
  out('| stage | median page: ms | median page: MB/s | whole corpus: ms | whole corpus: MB/s |');
  out('|---|---:|---:|---:|---:|');
  for (const stage of ['parse', 'parse+classify', 'parse+classify+reader', 'reader article', 'dom_smoothie']) {
    const m = crit.median?.[stage];
    const c = crit.corpus?.[stage];
    const mbps = (e) => (e?.bytes ? fmt(e.bytes / 1e6 / (e.ns / 1e9), 1) : 'n/a');
    out(`| ${stage} | ${fmt(m?.ns / 1e6)} | ${mbps(m)} | ${fmt(c?.ns / 1e6, 1)} | ${mbps(c)} |`);
  }
  const over = (k) => {
    const g = crit[k];
    return g?.parse && g['parse+classify'] ? (g['parse+classify'].ns - g.parse.ns) / g.parse.ns : null;
  };
  nativeOverhead = over('corpus') ?? over('median');
  const vsPeer = (k) => {
    const g = crit[k];
    return g?.dom_smoothie && g['parse+classify+reader'] ? g['parse+classify+reader'].ns / g.dom_smoothie.ns : null;
  };
  out();
  out(
    `Groups: ${[crit.median, crit.corpus]
      .filter(Boolean)
      .map((g) => `"${Object.values(g)[0].group}"`)
      .join(', ')}.`,
  );
  out(
    `Classification overhead over the parse floor: median page ${over('median') === null ? 'n/a' : pct(over('median'))}, whole corpus ${nativeOverhead === null ? 'n/a' : pct(nativeOverhead)}.`,
  );
  if (vsPeer('median') !== null || vsPeer('corpus') !== null) {
    out();
    out(
      `Our \`analyze\` (parse+classify+reader) over dom_smoothie 0.19's \`Readability::parse\` (\`dom_smoothie\`): median page ${fmt(vsPeer('median'))}×, whole corpus ${fmt(vsPeer('corpus'))}×.`,
    );
  }
  out();
}

const native = await json(join(ROOT, 'target', 'bench', 'native.json'));
if (native) {
  out(
    `### Native, stages interleaved on each page (\`cargo bench --bench stages\`, ${native.pages} pages, ${fmt(native.total_bytes / 1e6)} MB, median of ${native.reps} runs per page)`,
  );
  out();
  out('| stage | median ms per page | MB/s over the corpus |');
  out('|---|---:|---:|');
  for (const [k, st] of Object.entries(native.stages)) out(`| ${k} | ${fmt(st.median_ms)} | ${fmt(st.mb_per_s, 1)} |`);
  out();
  out(
    `Classification overhead over the parse floor: ${pct(native.classify_overhead_over_parse)} (whole corpus), ${pct(native.median_page_classify_overhead_over_parse)} (median page).`,
  );
  out();
  if (native.median_page_full_over_dom_smoothie !== undefined) {
    out(
      `Our \`analyze\` (parse+classify+reader) over dom_smoothie 0.19's \`Readability::parse\`, on the same pages in the same run: ${fmt(native.median_page_full_over_dom_smoothie)}× at the median page (${fmt(native.median_page_full_over_dom_smoothie_30kb)}× over the pages of 30 KB and more), ${fmt(native.full_over_dom_smoothie)}× over the whole corpus.`,
    );
    out();
    nativeVsPeer = native.median_page_full_over_dom_smoothie;
  }
  if (native.median_page_article_over_dom_smoothie !== undefined) {
    out(
      `The reader article alone (metadata, sanitized HTML and text: what dom_smoothie produces; \`analyze\` adds the per-block report and the standalone reader document for the CLI and the demo): ${fmt(native.median_page_article_over_dom_smoothie)}× at the median page (${fmt(native.median_page_article_over_dom_smoothie_30kb)}× over the pages of 30 KB and more), ${fmt(native.article_over_dom_smoothie)}× over the whole corpus.`,
    );
    out();
    nativeArticleVsPeer = native.median_page_article_over_dom_smoothie;
  }
  // Interleaved, so a busy machine slows the stages alike: this is the figure the target uses.
  nativeOverhead = native.classify_overhead_over_parse;
  nativeMedianOverhead = native.median_page_classify_overhead_over_parse;
}

const wasm = await json(join(ROOT, 'target', 'bench', 'wasm-node.json'));
if (wasm) {
  out(
    `### WebAssembly in Node (\`benches/wasm-node.mjs\`, ${wasm.pages} pages, ${fmt(wasm.total_bytes / 1e6)} MB, median of ${wasm.reps} runs per page)`,
  );
  out();
  out('| stage | median ms per page | MB/s over the corpus |');
  out('|---|---:|---:|');
  const names = {
    parse: '`parse_only` (floor)',
    classify: '`parse_and_classify` (every block labelled)',
    declutter: '`declutter` (hide list + reader view of the article)',
    reader: '`reader` (the whole article)',
  };
  for (const [k, s] of Object.entries(wasm.stages)) out(`| ${names[k] ?? k} | ${fmt(s.median_ms)} | ${fmt(s.mb_per_s, 1)} |`);
  out();
  out(
    `Classification overhead over the parse floor: ${pct(wasm.classify_overhead_over_parse)} (whole corpus), ${pct(wasm.median_page_ratio_classify_over_parse - 1)} (median page). Failed pages: ${wasm.failed.length ? wasm.failed.map((f) => f.name).join(', ') : 'none'}.`,
  );
  out();
}

const browser = await json(join(ROOT, 'target', 'bench', 'browser.json'));
/** Ratio of a path, from a result that may predate the cold/kept split (then `reader` is cold). */
const browserRatio = (k) => browser?.[`median_ratio_${k}_over_readability`] ?? null;
if (browser) {
  const split = !browser.median_ms.reader_cold; // an older result: one reader path, always cold
  out(
    `### In headless Chromium (\`benches/browser.mjs\`, ${browser.mode}, ${browser.pages} pages, median of ${browser.reps} runs per page)`,
  );
  out();
  out('| path | median ms per page | median per-page ratio to Readability.js |');
  out('|---|---:|---:|');
  out(`| Readability.js 0.6 \`new Readability(document.cloneNode(true)).parse()\` | ${fmt(browser.median_ms.readability)} | 1 |`);
  if (browser.median_ms.readability_shown) {
    out(
      `| (context) Readability.js parse + its article shown as our reader is (closed shadow root, focused) | ${fmt(browser.median_ms.readability_shown)} | — |`,
    );
  }
  out(
    `| de-clutter: toggle (storage.sync) → elements hidden | ${fmt(browser.median_ms.declutter)} | ${fmt(browserRatio('declutter'))} |`,
  );
  if (split) {
    out(`| reader: toggle → reader view in the page | ${fmt(browser.median_ms.reader)} | ${fmt(browserRatio('reader'))} |`);
  } else {
    const { kept = 0, core = 0 } = browser.reader_sources ?? {};
    out(
      `| reader on a de-cluttered page (default): toggle → reader view; ${kept} of ${kept + core} toggles opened from the kept analysis, ${core} asked the core as the page had changed | ${fmt(browser.median_ms.reader)} | ${fmt(browserRatio('reader'))} |`,
    );
    if (browserRatio('reader_content_script') !== null) {
      out(
        `| … of which the content script's own part (toggle message received → reader in the page) | ${fmt(browser.parts?.reader?.content_script)} | ${fmt(browserRatio('reader_content_script'))} |`,
      );
    }
    out(
      `| reader cold (site switched off, nothing kept): toggle → serialise → core → reader view | ${fmt(browser.median_ms.reader_cold)} | ${fmt(browserRatio('reader_cold'))} |`,
    );
  }
  out();
  const parts = Object.entries(browser.parts ?? {}).filter(([, p]) => p);
  if (parts.length) {
    out('Where the time goes (median ms per page of each part; parts are medians of their own, so they need not add up):');
    out();
    for (const [k, p] of parts)
      out(
        `- ${k}: ${Object.entries(p)
          .map(([n, v]) => `${n} ${fmt(v)}`)
          .join(', ')}`,
      );
    out();
    out(
      "`content_script` is the content script's own time, from the event reaching it to the page changed (serialise, `roundtrip` to the service worker, of which `worker` is the wasm export call and `core` the core alone, then `apply` or `render`); `browser` is the rest of the total: the storage.sync write and its change event (de-clutter) or the action click's message to the tab (reader), plus the status message back.",
    );
    out();
  }
  if (browser.median_ratio_reader_over_readability_shown) {
    out(
      `The target compares with Readability's parse alone, which shows nothing; against its parse plus showing its article the same way, the median per-page ratio of the default reader toggle is ${fmt(browser.median_ratio_reader_over_readability_shown)}.`,
    );
    out();
  }
  out(
    `Pages where both found an article: ${browser.pages_both_found}, median reader ratio there ${fmt(browser.median_ratio_reader_over_readability_both_found)}${split ? '' : ` (cold: ${browser.pages_both_found_cold}, ${fmt(browser.median_ratio_reader_cold_over_readability_both_found)})`}. Failed pages: ${browser.failed.length ? `${browser.failed.map((f) => f.name).join(', ')} (first error: ${browser.failed[0].error})` : 'none'}.`,
  );
  out();
}

const cold = await json(join(ROOT, 'target', 'bench', 'cold-start.json'));
if (cold) {
  out(
    `### Cold start in headless Chromium (\`benches/cold-start.mjs\`, ${cold.pages} pages the core hides something on, median of ${cold.reps} runs per page)`,
  );
  out();
  out(
    '| navigation start → clutter hidden | warm: median / p90 ms | worker stopped: median / p90 ms | cold / warm per page: median / p90 |',
  );
  out('|---|---:|---:|---:|');
  for (const [k, label] of [
    ['', 'from navigation start'],
    ['_after_dcl', "from DOMContentLoaded (the extension's part)"],
  ]) {
    const r = cold.ratio[k ? 'after_dcl' : 'from_navigation'];
    const [w, c] = [cold.ms[`warm${k}`], cold.ms[`cold${k}`]];
    out(`| ${label} | ${fmt(w.median)} / ${fmt(w.p90)} | ${fmt(c.median)} / ${fmt(c.p90)} | ${fmt(r.median)} / ${fmt(r.p90)} |`);
  }
  out();
  if (cold.failed.length) out(`Failed pages: ${cold.failed.map((f) => f.name).join(', ')}.`);
  out();
}

const mem = await json(join(ROOT, 'target', 'bench', 'native-memory.json'));
if (wasm || mem) {
  out('### Size and memory');
  out();
  out('| | |');
  out('|---|---:|');
  if (wasm) {
    out(`| \`declutter_bg.wasm\` (release, wasm-opt -O3) | ${fmt(wasm.wasm_bytes / 1024, 0)} KB |`);
    out(`| same, gzipped (zlib level 9) | ${fmt(wasm.wasm_gzip_bytes / 1024, 0)} KB |`);
    out(`| wasm linear memory after start-up | ${fmt(wasm.memory.at_start / 2 ** 20, 1)} MiB |`);
    out(
      `| wasm linear memory after \`reader\` on the largest page (${wasm.memory.largest_page}, ${fmt(wasm.memory.largest_page_bytes / 1e6)} MB) | ${fmt(wasm.memory.after_largest_page / 2 ** 20, 1)} MiB |`,
    );
    out(`| wasm linear memory after the whole run | ${fmt(wasm.memory.after_run / 2 ** 20, 1)} MiB |`);
  }
  if (mem) {
    out(`| native peak RSS, \`declutter classify\` on ${mem.largest_page} | ${fmt(mem.classify_peak_rss_kb / 1024, 1)} MiB |`);
    out(
      `| native peak RSS, \`declutter extract --format html\` on ${mem.largest_page} | ${fmt(mem.extract_peak_rss_kb / 1024, 1)} MiB |`,
    );
    out(
      `| native peak RSS, \`declutter classify\` on the smallest page | ${fmt(mem.smallest_page_classify_peak_rss_kb / 1024, 1)} MiB |`,
    );
  }
  out();
}

const gz = wasm?.wasm_gzip_bytes ?? null;
const readerTarget = (label, ratio) =>
  out(
    `| in-browser reader median ≤ 1/3 of Readability.js's time${label} | ${ratio === null ? 'n/a' : fmt(ratio)} | ${check(ratio === null ? null : ratio <= 1 / 3)} |`,
  );
out('### Targets');
out();
out('| target | measured | |');
out('|---|---:|---|');
if (browser?.median_ms.reader_cold) {
  readerTarget(', on a de-cluttered page (default path)', browserRatio('reader'));
  readerTarget(', cold (site switched off)', browserRatio('reader_cold'));
} else {
  readerTarget('', browserRatio('reader'));
}
out(
  `| native classification overhead ≤ 50 % of parse time, whole corpus | ${nativeOverhead === null ? 'n/a' : pct(nativeOverhead)} | ${check(nativeOverhead === null ? null : nativeOverhead <= 0.5)} |`,
);
if (nativeMedianOverhead !== null) {
  out(
    `| native classification overhead ≤ 50 % of parse time, median page | ${pct(nativeMedianOverhead)} | ${check(nativeMedianOverhead <= 0.5)} |`,
  );
}
if (nativeVsPeer !== null) {
  out(
    `| native \`analyze\` at or below dom_smoothie 0.19's time, median page (interleaved run) | ${fmt(nativeVsPeer)}× | ${check(nativeVsPeer <= 1)} |`,
  );
}
if (nativeArticleVsPeer !== null) {
  out(
    `| native reader article (dom_smoothie's output) at or below dom_smoothie 0.19's time, median page (interleaved run) | ${fmt(nativeArticleVsPeer)}× | ${check(nativeArticleVsPeer <= 1)} |`,
  );
}
if (cold) {
  for (const [k, label] of [
    ['from_navigation', 'from navigation start'],
    ['after_dcl', 'from DOMContentLoaded'],
  ]) {
    const r = cold.ratio[k].median;
    out(
      `| first page after the worker was stopped ≤ 1.5× a warm worker's time, median page, ${label} | ${fmt(r)}× | ${check(r <= 1.5)} |`,
    );
  }
}
out(
  `| .wasm ≤ 400 KB gzipped, without losing a feature (issue 14) | ${gz === null ? 'n/a' : `${fmt(gz / 1024, 0)} KB`} | ${check(gz === null ? null : gz <= 400 * 1024)} |`,
);
console.log(lines.join('\n'));
