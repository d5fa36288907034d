// Pages for the hardening suites, generated into a temporary folder and served from 127.0.0.1:
// articles carrying the sanitizer-bypass vectors of tests/xss-vectors.txt, an article with a
// comment form and a search box (lossless toggling), an article under a strict CSP, and
// pathological pages.
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '../../support/serve.mjs';
import { fixtureSource } from './fixtures.mjs';

const VECTORS_FILE = new URL('../../xss-vectors.txt', import.meta.url);

/** The vectors, one per non-comment line, exactly as the core's tests/xss.rs reads them. */
export async function xssVectors() {
  const text = await readFile(VECTORS_FILE, 'utf8');
  return text.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
}

/** Text that marks the end of every vector page's story: the reader must show it. */
export const STORY_END = 'The regional government is expected to confirm its share of the funding before the summer recess.';

const PARAGRAPHS = [
  'The city council voted on Tuesday to extend the riverside tram line by four kilometres, ending a debate that had run for most of the decade and divided the two largest parties.',
  'Supporters said the extension would cut commuting times for thousands of residents in the eastern districts, where bus journeys into the centre often take more than an hour.',
  'Opponents warned that the cost, now estimated at 310 million euros, could rise further once work begins on the bridge over the old harbour basin, as happened with the first line.',
  'Construction is expected to start next spring, and the first trams should run on the new section within three years if the funding arrives on time.',
];

/**
 * Besides the vector as written (whose payload calls alert), a copy whose `alert(1)` sets
 * window.__pwned, so a script that runs is also caught without a dialog.
 */
const flagVariant = (v) => (v.includes('alert(1)') ? v.replaceAll('alert(1)', 'window.__pwned=1') : null);

/**
 * Ends any raw-text element or form a vector leaves open (`<form><math><mtext></form><form>
 * <mglyph><style>` swallows the rest of the page), so one vector cannot hide the next from
 * the browser's parser; unmatched end tags are ignored.
 */
const CLOSE = '</style></textarea></title></xmp></noembed></noscript></noframes></iframe></select></form>';

/**
 * The vector with every payload (`alert(1)`, `&#97;lert(1)`, `alert(alt)`) setting
 * window.__pwned instead of opening a dialog: for Firefox, where the copies that run while
 * the page loads would leave WebDriver stuck behind their dialogs.
 */
export const flagOnly = (v) => v.replace(/(?:a|&#97;)lert\((?:1|alt)\)/g, 'window.__pwned=1');

/**
 * An article in which each vector sits inside a body paragraph and as a block of its own.
 * `variants` gives the copies of a vector to embed (by default: as written, and with its
 * payload setting the flag).
 */
export function vectorPage(vectors, n, variants = (v) => [v, flagVariant(v)].filter(Boolean)) {
  let body = `<p>${PARAGRAPHS[0]}</p>\n`;
  vectors.forEach((vector, i) => {
    for (const v of variants(vector)) {
      body += `<p>${PARAGRAPHS[(i + 1) % 4]} ${v} And the debate goes on, said a council spokesperson.</p>${CLOSE}\n`;
      body += `<div>${v}${CLOSE}</div>\n`;
      body += `<p>${PARAGRAPHS[(i + 2) % 4]}</p>\n`;
    }
  });
  body += `<p>${STORY_END}</p>\n`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Council approves tram extension, part ${n} | City Gazette</title>
<meta property="og:title" content="Council approves tram extension">
</head>
<body><header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav></header>
<main><article><h1>Council approves tram extension</h1>
<p class="byline">By Ana Example</p>
${body}</article></main>
<footer><a href="/about">About us</a> <a href="/contact">Contact</a></footer></body></html>`;
}

/**
 * A fixture article with a search box in its header and a comment form after the story; the
 * story is tripled so that the page, once de-cluttered, is still long enough to keep a reading
 * position in it (a short page would clamp the scroll position).
 */
export async function formPage() {
  const source = await fixtureSource('share-bar-and-comments');
  return (
    source
      // Firefox is not network-isolated like Chromium: a remote picture failing at an unknown
      // moment would move the text under a measured scroll position. A local 404 fails at once.
      .replace(/src="https:\/\/[^"]*"/g, 'src="/missing"')
      .replace(
        /(<div class="ArticleBody_body__x7Yq2">)([\s\S]*?)(\n {4}<\/div>)/,
        (_, open, story, close) => open + story + story + story + close,
      )
      .replace(
        '</header>',
        '<form role="search" action="/search"><input id="search" name="q" type="search" aria-label="Search"></form></header>',
      )
      .replace(
        '</body>',
        '<section id="reply"><h2>Leave a comment</h2><form action="/comments" method="post">' +
          '<label>Name <input id="comment-name" name="name"></label>' +
          '<label>Comment <textarea id="comment-text" name="text" rows="4"></textarea></label>' +
          '<button type="submit">Post comment</button></form></section></body>',
      )
  );
}

/** A page's strictest CSP that still runs its own scripts: nothing inline, nothing from elsewhere. */
export const STRICT_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'";

/** A fixture article served with STRICT_CSP, with an inline style of its own that the policy
 * blocks (it would turn the text red): { html, headers } for `serveGenerated`. */
export async function strictCspPage() {
  const html = (await fixtureSource('share-bar-and-comments')).replace(
    '</head>',
    '<style>body { color: rgb(255, 0, 0) !important; }</style></head>',
  );
  return { html, headers: { 'Content-Security-Policy': STRICT_CSP } };
}

const PARA =
  '<p>The council voted on Tuesday to extend the riverside tram line by four kilometres, ending a debate that had run for most of the decade, and divided the parties.</p>\n';

/** Pathological pages; each is a folder with an index.html. */
export const PATHOLOGICAL = {
  // Chromium's parser stops nesting at depth 512, so the live DOM is flatter than the source.
  'deep-100k': () => '<title>Deep</title>' + '<div>'.repeat(100_000) + 'x' + '</div>'.repeat(100_000),
  // Nesting built by a script is not capped: the live DOM really is 2,000 deep (5,000 under
  // an article crashes Chromium's renderer itself, with or without the extension).
  'deep-script-2k': () =>
    '<title>Deep by script</title><article><h1>Tram line</h1>' +
    PARA.repeat(12) +
    '</article>' +
    '<script>let n = document.body; for (let i = 0; i < 2000; i++) n = n.appendChild(document.createElement("div")); n.textContent = "bottom";</script>',
  // Hidden, so the suite does not wait ~20 s for Chromium to lay out a million blocks; the
  // extension still sees (and serializes) every element.
  'elements-1m': () => '<title>A million elements</title><div hidden>' + '<p>x</p>'.repeat(1_000_000) + '</div>',
  'article-30mb': () =>
    '<html><head><title>Long read</title></head><body><article><h1>Long read</h1>' +
    PARA.repeat(170_000) +
    '</article></body></html>',
};

/**
 * Writes `pages` ({ path: html or { html, headers } }) into a fresh temporary folder and serves
 * it, each page with its response headers. Returns { origin, url(path), close }.
 */
export async function serveGenerated(pages) {
  const root = await mkdtemp(join(tmpdir(), 'declutter-hardening-'));
  for (const [path, page] of Object.entries(pages)) {
    const { html, headers } = typeof page === 'string' ? { html: page } : page;
    await mkdir(join(root, path), { recursive: true });
    await writeFile(join(root, path, 'index.html'), html);
    if (headers) await writeFile(join(root, path, 'headers.json'), JSON.stringify(headers));
  }
  const { server, url } = await serve(root, 0);
  return {
    origin: url,
    url: (path) => `${url}/${path}/`,
    close: async () => {
      await new Promise((ok) => server.close(ok));
      await rm(root, { recursive: true, force: true });
    },
  };
}

const ACTIVE = new Set([
  'script',
  'iframe',
  'frame',
  'object',
  'embed',
  'form',
  'base',
  'meta',
  'link',
  'svg',
  'math',
  'template',
  'noscript',
  'style',
]);
const URL_ATTRS = new Set([
  'href',
  'src',
  'srcset',
  'action',
  'formaction',
  'poster',
  'background',
  'cite',
  'data',
  'xlink:href',
]);

// Browsers skip leading control characters in a URL, so the vectors use them.
// eslint-disable-next-line no-control-regex
const SCRIPT_URL = /^[\s\u0000-\u001f]*(javascript|vbscript|data)\s*:/i;

/**
 * What in the live reader DOM ([{ name, attrs: [[name, value]] }], as the browser parsed the
 * sanitized HTML) could run a script or load page-chosen code: the browser's own parse is
 * where mutation XSS would show.
 */
export function dangers(elements) {
  const found = [];
  for (const { name, attrs } of elements) {
    if (ACTIVE.has(name)) found.push(`<${name}>`);
    for (const [k, v] of attrs) {
      if (/^on/i.test(k)) found.push(`<${name} ${k}>`);
      if (URL_ATTRS.has(k.toLowerCase()) && SCRIPT_URL.test(v.replace(/[\t\n\r]/g, ''))) {
        found.push(`<${name} ${k}="${v}">`);
      }
    }
  }
  return found;
}

/** Splits `list` into `n` runs of near-equal length. */
export function chunks(list, n) {
  const size = Math.ceil(list.length / n);
  return Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));
}
