// The manifest of one browser's package: extension/manifest.json (what both browsers read) plus
// extension/manifest.<browser>.json (what only that browser reads: Chromium's service worker;
// Firefox's event page, add-on id and data-collection declaration), with the version of
// Cargo.toml. An overlay may only add keys, so every key is written in one place.
//   node .ci/manifest.mjs chromium|firefox   prints the manifest (build.sh writes it to the package)
//   node .ci/manifest.mjs --version          prints the version
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const BROWSERS = ['chromium', 'firefox'];
const ROOT = new URL('../', import.meta.url);
const read = (path) => readFileSync(new URL(path, ROOT), 'utf8');

/** `version` of Cargo.toml's [package] table: the one place the version is written. */
export function version() {
  const table = read('Cargo.toml')
    .split(/^\[/m)
    .find((t) => t.startsWith('package]'));
  const v = table?.match(/^version\s*=\s*"([^"]*)"/m)?.[1];
  // Both stores take one to four dot-separated integers, no pre-release suffix.
  if (!v || !/^\d+(\.\d+){0,3}$/.test(v)) throw new Error(`Cargo.toml [package] version ${v} is not a manifest version`);
  return v;
}

export function manifest(browser) {
  if (!BROWSERS.includes(browser)) throw new Error(`browser must be one of ${BROWSERS.join(', ')}, not ${browser}`);
  const { manifest_version, name, ...base } = JSON.parse(read('extension/manifest.json'));
  const overlay = JSON.parse(read(`extension/manifest.${browser}.json`));
  const twice = Object.keys(overlay).filter((k) => k in base || ['manifest_version', 'name', 'version'].includes(k));
  if ('version' in base || twice.length)
    throw new Error(`written twice (base, manifest.${browser}.json or Cargo.toml): ${twice.join(', ') || 'version'}`);
  return { manifest_version, name, version: version(), ...base, ...overlay };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = process.argv[2];
  process.stdout.write(arg === '--version' ? `${version()}\n` : `${JSON.stringify(manifest(arg), null, 2)}\n`);
}
