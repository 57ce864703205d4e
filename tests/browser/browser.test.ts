// Real-browser test: Debian's Chromium driven by playwright-core (no browser download).
// Serves the repository over HTTP, imports dist/index.browser.js in the page (fetch +
// compileStreaming of the .wasm beside it) and checks that every result has the same
// bits as in Node for the same build and seed. CI installs Chromium (.ci/run); without
// it the test is skipped locally and fails under CI.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { haveChromium, launchChromium } from './chromium.js';
import * as saddle from '../../bindings/index.js';
import { BUILDS } from '../helpers/builds.js';
// @ts-expect-error: plain ESM shared with the page
import { run } from './workload.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html', '.map': 'application/json' };
let server: Server;
let origin = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    const file = join(root, path === '/' ? 'tests/browser/index.html' : path);
    if (!file.startsWith(root) || !existsSync(file)) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test.runIf(haveChromium)('Chromium loads the browser bundle and gets the same bits as Node', async () => {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(origin + '/');
    // a string, so vitest's transform does not rewrite the page's dynamic imports
    const inBrowser = await page.evaluate(`(async () => {
      const [lib, workload] = await Promise.all([import('/dist/index.browser.js'), import('/tests/browser/workload.js')]);
      return workload.run(lib, lib.hasRelaxedSimd() ? ['simd', 'relaxed'] : ['simd']);
    })()`) as Awaited<ReturnType<typeof run>>;
    expect(errors).toEqual([]);
    const inNode = await run(saddle, BUILDS);
    // Chromium ships relaxed SIMD, so its auto build is the relaxed one
    expect(inBrowser.auto).toBe('relaxed');
    for (const build of BUILDS) {
      expect(inBrowser.builds[build], `browser ran the ${build} build`).toBeDefined();
      expect(inBrowser.builds[build]).toEqual(inNode.builds[build]);
      expect(inBrowser.builds[build].liveBytes).toBe(0);
    }
    // RNG words are build-independent
    expect(inBrowser.builds.simd.normal).toEqual(inBrowser.builds[BUILDS[BUILDS.length - 1]].normal);
  } finally {
    await browser.close();
  }
});
