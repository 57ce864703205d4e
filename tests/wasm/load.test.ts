import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import {
  SaddleArgumentError, SaddleLoadError, SaddleMemoryError, detectBuild, gemm, hasRelaxedSimd, loadSaddle,
} from '../../bindings/index.js';
import { INITIAL_PAGES } from '../../bindings/wasm/load.js';
import { SIMD128_PROBE } from '../../bindings/wasm/features.js';

const simdUrl = new URL('../../build/saddle.simd.wasm', import.meta.url);
const simdBytes = readFileSync(simdUrl);

async function works(sd: Awaited<ReturnType<typeof loadSaddle>>): Promise<void> {
  const a = sd.f32([1, 2, 3, 4]), b = sd.f32([5, 6, 7, 8]), c = sd.f32(4);
  gemm(sd, { a, b, c, m: 2, n: 2, k: 2 });
  expect(Array.from(c.toArray())).toEqual([19, 22, 43, 50]);
  a.dispose(); b.dispose(); c.dispose();
}

test("'auto' picks the relaxed build exactly when the runtime validates relaxed SIMD", async () => {
  const sd = await loadSaddle();
  expect(sd.build).toBe(hasRelaxedSimd() ? 'relaxed' : 'simd');
  expect(detectBuild()).toBe(sd.build);
  await works(sd);
});

test("build: 'simd' forces the SIMD128 module", async () => {
  const sd = await loadSaddle({ build: 'simd' });
  expect(sd.build).toBe('simd');
  await works(sd);
});

test.runIf(hasRelaxedSimd())("build: 'relaxed' loads the relaxed module", async () => {
  const sd = await loadSaddle({ build: 'relaxed' });
  expect(sd.build).toBe('relaxed');
  await works(sd);
});

test('callers may pass bytes, a WebAssembly.Module, a URL, a path or a Response', async () => {
  for (const source of [
    simdBytes,
    new Uint8Array(simdBytes).buffer,
    new WebAssembly.Module(simdBytes),
    simdUrl,
    fileURLToPath(simdUrl),
    new Response(simdBytes, { headers: { 'content-type': 'application/wasm' } }),
    new Response(simdBytes), // wrong MIME type: falls back to bytes
    Promise.resolve(new Response(simdBytes, { headers: { 'content-type': 'application/wasm' } })),
  ]) {
    const sd = await loadSaddle({ source });
    expect(sd.build).toBe('simd');
    await works(sd);
  }
});

test('bad options and bad modules give typed errors', async () => {
  await expect(loadSaddle({ build: 'avx' as never })).rejects.toThrow(SaddleArgumentError);
  await expect(loadSaddle({ build: 'avx' as never })).rejects.toThrow(/options\.build/);
  await expect(loadSaddle({ source: new Uint8Array([1, 2, 3]) })).rejects.toThrow(SaddleLoadError);
  await expect(loadSaddle({ source: SIMD128_PROBE })).rejects.toThrow(/not a saddle module/);
  await expect(loadSaddle({ source: '/nonexistent/saddle.wasm' })).rejects.toThrow(SaddleLoadError);
  await expect(loadSaddle({ source: 42 as never })).rejects.toThrow(/option 'source'/);
  await expect(loadSaddle({ source: new Response('nope', { status: 404 }) })).rejects.toThrow(/HTTP 404/);
});

test('each instance has its own memory', async () => {
  const [s1, s2] = await Promise.all([loadSaddle(), loadSaddle()]);
  expect(s1.memory).not.toBe(s2.memory);
  const x = s1.f32([1, 2, 3]);
  expect(s2.liveBytes()).toBe(0);
  expect(s1.liveBytes()).toBe(12);
  x.dispose();
});

test('maxMemoryBytes caps WASM memory: past it, a SaddleMemoryError, and the instance goes on after dispose()', async () => {
  const sd = await loadSaddle({ build: 'simd', maxMemoryBytes: 8 << 20 });
  expect(sd.maxMemoryBytes).toBe(8 << 20);
  const held: ReturnType<typeof sd.f32>[] = [];
  let error: unknown;
  try {
    for (let i = 0; i < 100; i++) held.push(sd.f32(256 * 1024)); // 1 MiB each
  } catch (e) { error = e; }
  expect(error).toBeInstanceOf(SaddleMemoryError);
  expect((error as Error).message).toMatch(/of at most 8388608 bytes/);
  expect(held.length).toBeGreaterThan(2);
  expect(held.length).toBeLessThan(8);
  expect(sd.memoryBytes()).toBeLessThanOrEqual(8 << 20);
  held.splice(0, 2).forEach((a) => a.dispose());
  held.push(sd.f32(256 * 1024)); // fits again
  await works(sd);
  held.forEach((a) => a.dispose());
  expect(sd.liveBytes()).toBe(0);
  for (const bad of [0, 1 << 20, 2 ** 33, NaN, '8MB']) {
    await expect(loadSaddle({ maxMemoryBytes: bad as number })).rejects.toThrow(/options\.maxMemoryBytes/);
  }
});

test("the loader's initial memory matches asconfig.json's initialMemory", () => {
  const config = JSON.parse(readFileSync(new URL('../../asconfig.json', import.meta.url), 'utf8'));
  expect(config.options.importMemory).toBe(true);
  expect(config.options.initialMemory).toBe(INITIAL_PAGES);
});
