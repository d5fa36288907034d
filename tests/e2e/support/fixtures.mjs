// The hand-written fixture pages, served from 127.0.0.1 by tests/support/serve.mjs.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { serve } from '../../support/serve.mjs';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));
/** The unpacked package of each browser, as `./build.sh build` writes it. */
export const EXTENSION = {
  chromium: fileURLToPath(new URL('../../../dist/extension-chromium/', import.meta.url)),
  firefox: fileURLToPath(new URL('../../../dist/extension-firefox/', import.meta.url)),
};

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

/** Run in the page of `live/shadow` (by `page.evaluate` or geckodriver): the web component adds
 * a paragraph with `text` to the story in its shadow root. */
export const appendToShadowStory = (text) => {
  const p = document.createElement('p');
  p.textContent = text;
  document.getElementById('host').shadowRoot.getElementById('story-body').append(p);
};
