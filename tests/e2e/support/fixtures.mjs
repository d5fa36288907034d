// The hand-written fixture pages, served from 127.0.0.1 by tests/support/serve.mjs.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { serve } from '../../support/serve.mjs';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));
export const EXTENSION = fileURLToPath(new URL('../../../dist/extension/', import.meta.url));

/** Serves tests/fixtures; `url(name)` is a fixture page's address. */
export async function serveFixtures() {
  const { server, url, requests } = await serve(FIXTURES, 0);
  return {
    origin: url,
    requests,
    url: (name) => `${url}/${name}/`,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

export const fixtureSource = (name) => readFile(new URL(`${name}/source.html`, `file://${FIXTURES}`), 'utf8');
export const fixtureExpected = async (name) =>
  JSON.parse(await readFile(new URL(`${name}/expected.json`, `file://${FIXTURES}`), 'utf8'));
