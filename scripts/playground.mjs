// A tiny static server for the browser playground: web/ at /, dist/ at /dist/, on
// localhost. `npm run playground` builds first, then runs this and prints the URL.
// Options: --port N (default 8080; 0 picks a free one), env PORT too.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.csv': 'text/csv',
  '.ico': 'image/x-icon',
};

/** The file a URL path maps to (web/ or dist/), or null outside them. */
export function resolvePath(pathname) {
  let path;
  try { path = normalize(decodeURIComponent(pathname)); } catch { return null; }
  const [base, rest] = path.startsWith('/dist/') ? ['dist', path.slice('/dist/'.length)] : ['web', path === '/' ? 'index.html' : path.slice(1)];
  const dir = join(root, base) + sep;
  const file = join(dir, rest);
  return file.startsWith(dir) ? file : null;
}

/** Starts the server on 127.0.0.1:port; resolves to { server, url }. */
export function startPlayground({ port = 8080, host = '127.0.0.1' } = {}) {
  const server = createServer((req, res) => {
    const file = resolvePath(new URL(req.url ?? '/', 'http://x').pathname);
    if (!file || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve({ server, url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${address.port}/` });
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === normalize(process.argv[1])) {
  const i = process.argv.indexOf('--port');
  const port = Number(i > 0 ? process.argv[i + 1] : process.env.PORT ?? 8080);
  if (!existsSync(join(root, 'dist', 'index.browser.js'))) {
    console.error('playground: dist/index.browser.js is missing; run `npm run build` first (npm run playground does)');
    process.exit(1);
  }
  startPlayground({ port }).then(({ url }) => {
    console.log(`saddle playground: ${url}  (Ctrl+C to stop)`);
  }, (error) => {
    console.error(`playground: ${error.code === 'EADDRINUSE' ? `port ${port} is in use; try --port 0` : error.message}`);
    process.exit(1);
  });
}
