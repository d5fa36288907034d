// A static file server on 127.0.0.1 for the demo and the browser tests.
// A folder's `headers.json` adds response headers to its files (e.g. a strict CSP), and a folder
// is served by its `index.html` or `source.html` (the fixtures' layout). `?delay=<ms>` (at most
// 5 s) answers that much later, as a slow network does.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, dirname } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
};

async function resolveFile(root, urlPath) {
  const path = normalize(join(root, decodeURIComponent(urlPath)));
  if (!path.startsWith(root)) return null;
  const info = await stat(path).catch(() => null);
  if (info?.isFile()) return path;
  if (info?.isDirectory()) {
    for (const name of ['index.html', 'source.html']) {
      const candidate = join(path, name);
      if ((await stat(candidate).catch(() => null))?.isFile()) return candidate;
    }
  }
  return null;
}

/** Serves `root` on 127.0.0.1:`port` (0 picks a free port). Resolves to { server, url, requests }. */
export async function serve(root, port = 0) {
  root = resolve(root);
  const requests = [];
  const server = createServer(async (req, res) => {
    requests.push(req.url);
    const file = await resolveFile(root, new URL(req.url, 'http://x').pathname);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' };
    const extra = await readFile(join(dirname(file), 'headers.json'), 'utf8').catch(() => null);
    if (extra && extname(file) === '.html') Object.assign(headers, JSON.parse(extra));
    const delay = Math.min(5000, Number(new URL(req.url, 'http://x').searchParams.get('delay')) || 0);
    if (delay) await new Promise((ok) => setTimeout(ok, delay));
    res.writeHead(200, headers);
    res.end(await readFile(file));
  });
  await new Promise((ok) => server.listen(port, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${server.address().port}`;
  return { server, url, requests };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [root = '.', port = '8000'] = process.argv.slice(2);
  const { url } = await serve(root, Number(port));
  console.log(`serving ${resolve(root)} at ${url}/`);
}
