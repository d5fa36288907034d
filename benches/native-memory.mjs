// Native peak memory: `/usr/bin/time -v` around the release CLI classifying the largest page.
//   node benches/native-memory.mjs [corpus dir]
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { CARGO_TARGET, corpusDir, loadCorpus, saveResult, fmt } from './corpus.mjs';

const dir = corpusDir(process.argv[2]);
const pages = await loadCorpus(dir);
const largest = pages[pages.length - 1];
const cli = join(CARGO_TARGET, 'release', 'declutter');
const file = join(dir, largest.name, 'source.html');

const peakKb = (args) => {
  const run = spawnSync('/usr/bin/time', ['-v', cli, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (run.status !== 0) throw new Error(`${cli} ${args.join(' ')}: ${run.stderr}`);
  return Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr)[1]);
};
// The CLI's floor: start-up, reading the file and printing (a tiny page through the same path).
const smallest = join(dir, pages[0].name, 'source.html');
const result = {
  largest_page: largest.name,
  largest_page_bytes: largest.bytes,
  classify_peak_rss_kb: peakKb(['classify', file]),
  extract_peak_rss_kb: peakKb(['extract', file, '--format', 'html']),
  smallest_page_classify_peak_rss_kb: peakKb(['classify', smallest]),
  cli: execFileSync(cli, ['--version'], { encoding: 'utf8' }).trim(),
};
const out = await saveResult('native-memory', result);
console.log(`native peak RSS on the largest page (${largest.name}, ${fmt(largest.bytes / 1e6)} MB):`);
console.log(
  `  classify ${fmt(result.classify_peak_rss_kb / 1024, 1)} MiB, extract ${fmt(result.extract_peak_rss_kb / 1024, 1)} MiB (smallest page: ${fmt(result.smallest_page_classify_peak_rss_kb / 1024, 1)} MiB)`,
);
console.log(`  -> ${out}`);
