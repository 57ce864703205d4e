// A tiny static server for the browser playground: web/ at /, dist/ at /dist/, examples/ at
// /examples/ (and their train configurations at /recipes.json), the chart libraries at
// /vendor/, on localhost. `npm run playground` builds first, then runs this and prints the URL.
// Options: --port N (default 8080; 0 picks a free one), env PORT too.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
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

/** The chart libraries the playground page loads (from node_modules, minified UMD builds). */
export const VENDOR = {
  'vega.js': 'node_modules/vega/build/vega.min.js',
  'vega-lite.js': 'node_modules/vega-lite/build/vega-lite.min.js',
  'vega-embed.js': 'node_modules/vega-embed/build/vega-embed.min.js',
};

/** The train configurations in examples/ (the recipe menu): JSON files with a "preset". */
export function recipes() {
  const dir = join(root, 'examples');
  const out = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    try {
      const config = JSON.parse(readFileSync(join(dir, name), 'utf8'));
      if (typeof config.preset === 'string') out.push({ name: name.slice(0, -'.json'.length), config });
    } catch { /* not a recipe */ }
  }
  return out;
}

/** The file a URL path maps to (web/, dist/, examples/ or a VENDOR library), or null outside them. */
export function resolvePath(pathname) {
  let path;
  try { path = normalize(decodeURIComponent(pathname)); } catch { return null; }
  if (path.startsWith('/vendor/')) return VENDOR[path.slice('/vendor/'.length)] ? join(root, VENDOR[path.slice('/vendor/'.length)]) : null;
  if (path.startsWith('/examples/')) {
    const dir = join(root, 'examples') + sep, file = join(dir, path.slice('/examples/'.length));
    return file.startsWith(dir) ? file : null;
  }
  const [base, rest] = path.startsWith('/dist/') ? ['dist', path.slice('/dist/'.length)] : ['web', path === '/' ? 'index.html' : path.slice(1)];
  const dir = join(root, base) + sep;
  const file = join(dir, rest);
  return file.startsWith(dir) ? file : null;
}

/** Starts the server on 127.0.0.1:port; resolves to { server, url }. */
export function startPlayground({ port = 8080, host = '127.0.0.1' } = {}) {
  const server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    if (pathname === '/recipes.json') {
      res.writeHead(200, { 'content-type': MIME['.json'], 'cache-control': 'no-store' }).end(JSON.stringify(recipes()));
      return;
    }
    const file = resolvePath(pathname);
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
