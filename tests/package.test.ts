// The published package: what `npm pack` ships, and importing it by name in a plain
// Node process (no relaxed-SIMD flag, as users run it). Needs `npm run build` (npm test does it).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const nodeMajor = Number(process.versions.node.split('.')[0]);

function runNode(args: string[], script: string): string {
  return execFileSync(process.execPath, [...args, '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
}

test('dist/ was built (run `npm run build` before vitest)', () => {
  for (const f of ['index.js', 'index.browser.js', 'cli.js', 'index.d.ts', 'saddle.simd.wasm', 'saddle.relaxed.wasm']) {
    expect(existsSync(`${root}dist/${f}`), `dist/${f}`).toBe(true);
  }
});

test('npm pack ships the JS, the .d.ts, both .wasm files and nothing from the source tree', () => {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
  const files = (JSON.parse(out)[0].files as Array<{ path: string }>).map((f) => f.path);
  for (const f of ['dist/index.js', 'dist/index.browser.js', 'dist/cli.js', 'dist/index.d.ts', 'dist/index.browser.d.ts',
    'dist/kernels/gemm.d.ts', 'dist/saddle.simd.wasm', 'dist/saddle.relaxed.wasm', 'package.json', 'README.md', 'LICENSE']) {
    expect(files).toContain(f);
  }
  expect(files.filter((f) => /^(assembly|bindings|tests|bench)\//.test(f))).toEqual([]);
});

test('importing the package by name in Node and calling a kernel works', () => {
  const out = runNode([], `
    import { loadSaddle, gemm } from 'saddle';
    const sd = await loadSaddle();
    const a = sd.f32([1, 2, 3, 4, 5, 6]), b = sd.f32([1, 0, 0, 1, 1, 1]), c = sd.f32(4);
    gemm(sd, { a, b, c, m: 2, n: 2, k: 3 });
    console.log(JSON.stringify({ build: sd.build, c: Array.from(c.toArray()) }));`);
  const result = JSON.parse(out);
  expect(result.c).toEqual([4, 5, 10, 11]);
  expect(result.build).toBe(nodeMajor >= 22 ? 'relaxed' : 'simd');
});

test.runIf(nodeMajor < 22)('without the flag, Node 20 falls back to SIMD128 and refuses an explicit relaxed build with a typed error', () => {
  const out = runNode([], `
    import { loadSaddle } from 'saddle';
    try { await loadSaddle({ build: 'relaxed' }); console.log('loaded'); }
    catch (e) { console.log(e.name + ' ' + e.code); }`);
  expect(out.trim()).toBe('SaddleLoadError E_LOAD');
});

test('the browser entry has no node: imports and runs from bytes', () => {
  const browserJs = readFileSync(`${root}dist/index.browser.js`, 'utf8');
  expect(browserJs).not.toMatch(/from ['"]node:/);
  const out = runNode(['--conditions=browser'], `
    import { readFileSync } from 'node:fs';
    import { loadSaddle, gemm } from 'saddle';
    const sd = await loadSaddle({ source: readFileSync('dist/saddle.simd.wasm') });
    const a = sd.f32([2]), b = sd.f32([3]), c = sd.f32(1);
    gemm(sd, { a, b, c, m: 1, n: 1, k: 1 });
    console.log(c.toArray()[0]);`);
  expect(out.trim()).toBe('6');
});

test('the CLI prints info and uses documented exit codes', () => {
  const info = execFileSync(process.execPath, [`${root}dist/cli.js`, 'info'], { encoding: 'utf8' });
  expect(info).toMatch(/build: (simd|relaxed)/);
  expect(info).toMatch(/gemm 256×256×256: max error \d/);
  let status = 0;
  try { execFileSync(process.execPath, [`${root}dist/cli.js`, 'no-such-command'], { stdio: 'pipe' }); } catch (e) { status = (e as { status: number }).status; }
  expect(status).toBe(2);
});

test('package.json points types, exports and bin at files that exist', () => {
  const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
  expect(pkg.type).toBe('module');
  expect(pkg.name).toBe('saddle');
  expect(existsSync(root + pkg.types)).toBe(true);
  expect(existsSync(root + pkg.bin.saddle)).toBe(true);
  const targets = (entry: unknown): string[] => typeof entry === 'string' ? [entry] : Object.values(entry as object).flatMap(targets);
  const all = Object.values(pkg.exports).flatMap(targets);
  expect(all.length).toBeGreaterThanOrEqual(20);
  for (const target of all) expect(existsSync(root + target), target).toBe(true);
  expect(existsSync(root + pkg.main), pkg.main).toBe(true);
});

test('source maps carry every source they name (the sources are not shipped)', () => {
  for (const file of readdirSync(`${root}dist`).filter((f) => f.endsWith('.map'))) {
    const map = JSON.parse(readFileSync(`${root}dist/${file}`, 'utf8'));
    expect(map.sourcesContent?.length, file).toBe(map.sources.length);
    expect(map.sourcesContent.filter((s: unknown) => typeof s !== 'string'), file).toEqual([]);
  }
});

test('the .d.ts use no typed-array generics (TypeScript 5.7+), so older compilers read them', () => {
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => e.isDirectory() ? walk(`${dir}/${e.name}`) : /\.d\.c?ts$/.test(e.name) ? [`${dir}/${e.name}`] : []);
  const files = walk(`${root}dist`);
  expect(files.length).toBeGreaterThan(50);
  for (const f of files) expect(readFileSync(f, 'utf8'), f).not.toMatch(/(Uint8|Float32|Float64|Int32|Uint32)Array</);
});
