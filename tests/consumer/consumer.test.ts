// The packed tarball as a downstream project sees it: `npm pack`, install into a fresh
// project, then ESM and CJS use of every entry, `tsc --strict` under each module
// resolution on the current and the oldest supported TypeScript, and esbuild and Vite
// bundles run in headless Chromium giving the same numbers as Node.
// Needs `npm run build` (npm test does it) and, for the browser part, Chromium (tests/browser).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { haveChromium, launchChromium } from '../browser/chromium.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
/** The compilers the .d.ts must satisfy without skipLibCheck: the oldest supported and the current one. */
const TYPESCRIPTS = { '5.0': `${root}node_modules/typescript-5.0/bin/tsc`, current: `${root}node_modules/typescript/bin/tsc` };

let dir = '';

function sh(cmd: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): string {
  return execFileSync(cmd, args, { cwd: options.cwd ?? dir, encoding: 'utf8', stdio: 'pipe', env: { ...process.env, NODE_OPTIONS: '', ...options.env } });
}
const node = (args: string[]) => sh(process.execPath, args);
function write(files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'saddle-consumer-'));
  const out = JSON.parse(sh('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: root }));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', `./${out[0].filename}`]);
  cpSync(`${root}tests/consumer/workload.mjs`, join(dir, 'workload.mjs'));
}, 120_000);
afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

/** What the ESM entries export, and a gemm through each loadSaddle. */
const esmProbe = `
  import * as main from 'saddle';
  import * as nodeOnly from 'saddle/node';
  import * as inline from 'saddle/inline';
  import { readFileSync } from 'node:fs';
  const schema = JSON.parse(readFileSync(new URL(import.meta.resolve('saddle/config.schema.json')), 'utf8'));
  const wasm = readFileSync(new URL(import.meta.resolve('saddle/saddle.simd.wasm')));
  const version = JSON.parse(readFileSync(new URL(import.meta.resolve('saddle/package.json')), 'utf8')).version;
  const gemm = async (lib) => { const sd = await lib.loadSaddle(); const a = sd.f32([1, 2, 3, 4]), c = sd.f32(4); lib.gemm(sd, { a, b: a, c, m: 2, n: 2, k: 2 }); return Array.from(c.toArray()); };
  const undefinedExports = (m) => Object.keys(m).filter((k) => m[k] === undefined);
  console.log(JSON.stringify({
    main: Object.keys(main).sort(), node: Object.keys(nodeOnly).sort(), inline: Object.keys(inline).sort(),
    undefinedExports: [...undefinedExports(main), ...undefinedExports(nodeOnly), ...undefinedExports(inline)],
    gemm: [await gemm(main), await gemm(inline)], schema: typeof schema.properties, wasmMagic: Array.from(wasm.subarray(0, 4)), version,
  }));`;

test('ESM: every entry and subpath of the installed tarball imports, and each loadSaddle works', () => {
  write({ 'esm.mjs': esmProbe });
  const r = JSON.parse(node(['esm.mjs']));
  expect(r.undefinedExports).toEqual([]);
  expect(r.main).toContain('loadSaddle');
  expect(r.main).toContain('metrics');
  expect(r.main).not.toContain('readCheckpointFile');
  expect(r.node).toEqual(['SWEEP_FILE_SCHEMA', 'readCheckpointFile', 'readResults', 'resolveSweep', 'sweep', 'writeCheckpointFile']);
  expect(r.inline).toEqual(r.main);
  expect(r.gemm).toEqual([[7, 10, 15, 22], [7, 10, 15, 22]]);
  expect(r.schema).toBe('object');
  expect(r.wasmMagic).toEqual([0, 0x61, 0x73, 0x6d]);
  expect(r.version).toBe(pkg.version);
});

test('saddle/node sweep runs on the pool from the installed tarball, in ESM and CJS, with the same results', () => {
  const file = JSON.stringify({ base: { preset: 'ring-8', batch: 32, generator: { hidden: [8] }, discriminator: { hidden: [8] } }, iterations: 20, grid: { 'optimizer.d.lr': [1e-3, 2e-3] } });
  const body = (out: string) => `
    const run = sweep(${file}, { out: ${JSON.stringify(out)}, workers: 2 });
    return run.summary.then((s) => console.log(JSON.stringify({ done: s.done, failed: s.failed, final: s.results.map((r) => [r.params, r.final]) })));`;
  write({
    'sweep.mjs': `import { sweep } from 'saddle/node';\nawait (() => {${body('sweep-esm')}})();`,
    'sweep.cjs': `const { sweep } = require('saddle/node');\n(() => {${body('sweep-cjs')}})();`,
  });
  const esm = JSON.parse(node(['sweep.mjs'])), cjs = JSON.parse(node(['sweep.cjs']));
  expect(esm).toMatchObject({ done: 2, failed: 0 });
  expect(esm.final.map(([params, final]: [unknown, Record<string, number>]) => [params, Number.isFinite(final.sinkhorn)])).toEqual([[{ 'optimizer.d.lr': 1e-3 }, true], [{ 'optimizer.d.lr': 2e-3 }, true]]);
  expect(cjs).toEqual(esm);
}, 120_000);

test('CJS: require() of every entry works without require(esm), with the same exports as ESM', () => {
  write({ 'esm.mjs': esmProbe, 'cjs.cjs': `
    const main = require('saddle'), nodeOnly = require('saddle/node'), inline = require('saddle/inline');
    main.loadSaddle().then((sd) => {
      const a = sd.f32([1, 2, 3, 4]), c = sd.f32(4);
      main.gemm(sd, { a, b: a, c, m: 2, n: 2, k: 2 });
      return inline.loadSaddle().then((si) => console.log(JSON.stringify({
        main: Object.keys(main).sort(), node: Object.keys(nodeOnly).sort(), inline: Object.keys(inline).sort(),
        gemm: Array.from(c.toArray()), inlineBuild: si.build, esm: typeof main.SaddleError,
      })));
    });` });
  const esm = JSON.parse(node(['esm.mjs']));
  const r = JSON.parse(node(['--no-experimental-require-module', 'cjs.cjs']));
  expect(r.main).toEqual(esm.main);
  expect(r.node).toEqual(esm.node);
  expect(r.inline).toEqual(esm.inline);
  expect(r.gemm).toEqual([7, 10, 15, 22]);
  expect(r.esm).toBe('function');
});

/** Consumer sources: each uses types from every entry and re-exports an inferred type (TS2742 if one is not exported). */
const use = (imports: string) => `
${imports}
export async function start(): Promise<number> {
  const sd: main.Saddle = await main.loadSaddle({ build: 'simd' });
  const s = main.metrics.sinkhornDivergence(sd, [[0, 0]], [[1, 1]], { eps: 0.1 });
  return s.divergence + inline.hasSimd128.length + nodeOnly.readCheckpointFile.length;
}
export const raw = async () => (await main.loadSaddle()).exports;
export const opts: main.LoadOptions = { source: new Uint8Array(8) };
`;
const TS_CASES = {
  node16: { compilerOptions: { module: 'node16', moduleResolution: 'node16' }, files: ['esm.mts', 'cjs.cts'] },
  nodenext: { compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' }, files: ['esm.mts', 'cjs.cts'] },
  bundler: { compilerOptions: { module: 'esnext', moduleResolution: 'bundler' }, files: ['bundler.ts'] },
};

for (const [version, tsc] of Object.entries(TYPESCRIPTS)) {
  test(`tsc ${version} --strict, no skipLibCheck, --declaration: node16, nodenext and bundler resolution`, () => {
    expect(existsSync(tsc), tsc).toBe(true);
    write({
      'esm.mts': use("import * as main from 'saddle';\nimport * as nodeOnly from 'saddle/node';\nimport * as inline from 'saddle/inline';"),
      'cjs.cts': use("import main = require('saddle');\nimport nodeOnly = require('saddle/node');\nimport inline = require('saddle/inline');"),
      'bundler.ts': use("import * as main from 'saddle';\nimport * as nodeOnly from 'saddle/node';\nimport * as inline from 'saddle/inline';"),
      'browser-misuse.ts': "import { readCheckpointFile } from 'saddle';\nexport const f = readCheckpointFile;\n",
    });
    for (const [name, c] of Object.entries(TS_CASES)) {
      const config = { compilerOptions: { ...c.compilerOptions, strict: true, target: 'es2022', lib: ['es2022', 'dom'], types: [], declaration: true, emitDeclarationOnly: true, outDir: `out-${version}-${name}` }, files: c.files };
      writeFileSync(join(dir, `tsconfig.${name}.json`), JSON.stringify(config));
      try { node([tsc, '-p', `tsconfig.${name}.json`]); } catch (e) { throw new Error(`tsc ${version} ${name}:\n${(e as { stdout: string }).stdout}`); }
    }
    // the Node-only helpers are not on the main entry's type surface
    writeFileSync(join(dir, 'tsconfig.misuse.json'), JSON.stringify({ compilerOptions: { ...TS_CASES.bundler.compilerOptions, strict: true, noEmit: true, lib: ['es2022', 'dom'], types: [] }, files: ['browser-misuse.ts'] }));
    let out = '';
    try { node([tsc, '-p', 'tsconfig.misuse.json']); } catch (e) { out = (e as { stdout: string }).stdout; }
    expect(out).toMatch(/TS2305|has no exported member 'readCheckpointFile'/);
  }, 120_000);
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };
let server: Server | undefined;
afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function serve(folder: string): Promise<string> {
  server ??= createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    const file = join(dir, path.endsWith('/') ? `${path}index.html` : path);
    if (!file.startsWith(dir) || !existsSync(file)) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  if (!server.listening) await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/${folder}/`;
}

const page = (script: string, type = 'module') => `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="${type}" src="./${script}"></script>`;
/** Each bundle puts the workload's result (or its error) on window.result. */
const entry = (from: string) => `import * as lib from '${from}';\nimport { run } from './workload.mjs';\nrun(lib).then((r) => { window.result = r; }, (e) => { window.result = { error: String(e && e.stack || e) }; });\n`;

test.runIf(haveChromium)('esbuild (ESM and IIFE, saddle/inline) and Vite (saddle) bundles train a GAN and compute Sinkhorn and MMD in Chromium with the same numbers as Node', async () => {
  write({ 'inline-entry.mjs': entry('saddle/inline'), 'main-entry.mjs': entry('saddle'), 'node-run.mjs': "import * as lib from 'saddle';\nimport { run } from './workload.mjs';\nconsole.log(JSON.stringify(await run(lib)));" });
  const inNode = JSON.parse(node(['node-run.mjs']));
  expect(inNode.dLoss.length).toBe(20);
  expect(inNode.sinkhorn).toBeGreaterThan(0);

  const esbuild = `${root}node_modules/esbuild/bin/esbuild`;
  for (const format of ['esm', 'iife']) {
    sh(esbuild, ['inline-entry.mjs', '--bundle', `--format=${format}`, '--platform=browser', `--outfile=esbuild-${format}/app.js`, '--log-level=error']);
    writeFileSync(join(dir, `esbuild-${format}/index.html`), page('app.js', format === 'esm' ? 'module' : 'text/javascript'));
  }
  const { build } = await import('vite');
  writeFileSync(join(dir, 'index.html'), page('main-entry.mjs'));
  await build({ root: dir, base: './', logLevel: 'silent', configFile: false, build: { outDir: join(dir, 'vite'), emptyOutDir: true, target: 'es2022' } });
  expect(readFileSync(join(dir, 'vite/index.html'), 'utf8')).toMatch(/assets\//);

  const browser = await launchChromium();
  try {
    for (const folder of ['esbuild-esm', 'esbuild-iife', 'vite']) {
      const p = await browser.newPage();
      const errors: string[] = [];
      p.on('pageerror', (e) => errors.push(String(e)));
      p.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      await p.goto(await serve(folder));
      await p.waitForFunction('window.result !== undefined', undefined, { timeout: 60_000 })
        .catch((e) => { throw new Error(`${folder}: ${String(e)}; page errors: ${errors.join('; ')}`); });
      const inBrowser = await p.evaluate('window.result');
      expect(errors, folder).toEqual([]);
      expect(inBrowser, folder).toEqual(inNode);
      await p.close();
    }
  } finally {
    await browser.close();
  }
}, 120_000);

test.runIf(haveChromium)("Vite 6 dev server: saddle/inline works with no configuration, saddle with optimizeDeps.exclude, and without it loadSaddle says so", async () => {
  write({
    'inline-entry.mjs': entry('saddle/inline'), 'main-entry.mjs': entry('saddle'),
    'dev-inline.html': page('inline-entry.mjs'), 'dev-main.html': page('main-entry.mjs'),
    'node-run.mjs': "import * as lib from 'saddle';\nimport { run } from './workload.mjs';\nconsole.log(JSON.stringify(await run(lib)));",
  });
  const inNode = JSON.parse(node(['node-run.mjs']));
  const { createServer: createVite } = await import('vite6');
  const browser = await launchChromium();
  try {
    const cases = [
      { name: 'no configuration, saddle/inline', html: 'dev-inline.html', config: {} },
      { name: "optimizeDeps.exclude ['saddle'], saddle", html: 'dev-main.html', config: { optimizeDeps: { exclude: ['saddle'] } } },
      { name: 'no configuration, saddle', html: 'dev-main.html', config: {} },
    ];
    const results: Record<string, unknown> = {};
    for (const c of cases) {
      rmSync(join(dir, 'node_modules/.vite'), { recursive: true, force: true });
      const vite = await createVite({ root: dir, configFile: false, logLevel: 'silent', server: { port: 0, host: '127.0.0.1' }, ...c.config });
      await vite.listen();
      try {
        const p = await browser.newPage();
        await p.goto(`${vite.resolvedUrls!.local[0]}${c.html}`);
        await p.waitForFunction('window.result !== undefined', undefined, { timeout: 60_000 });
        results[c.name] = await p.evaluate('window.result');
        await p.close();
      } finally {
        await vite.close();
      }
    }
    expect(results[cases[0].name]).toEqual(inNode);
    expect(results[cases[1].name]).toEqual(inNode);
    const error = (results[cases[2].name] as { error?: string }).error ?? '';
    // the server answers the moved URL with its HTML page or (Vite 6.4) a 404: either way the message says what to do
    expect(error).toMatch(/SaddleLoadError: loadSaddle: (the response from \S+ is an HTML page, not WASM|fetching \S+\/\.vite\/deps\/saddle\.simd\.wasm failed with HTTP 404)/);
    expect(error).toContain("optimizeDeps: { exclude: ['saddle'] }");
  } finally {
    await browser.close();
  }
}, 120_000);
