// What loadSaddle says when it gets something other than WASM: a dev server's HTML
// fallback page, a 404, or other bytes. Each message says what to do.
import { expect, test } from 'vitest';
import { SaddleLoadError, loadSaddle } from '../../bindings/index.js';

const page = '<!doctype html>\n<html><head><script type="module" src="/@vite/client"></script></head></html>';

async function failure(promise: Promise<unknown>): Promise<SaddleLoadError> {
  try { await promise; } catch (error) { if (error instanceof SaddleLoadError) return error; throw error; }
  throw new Error('expected a SaddleLoadError');
}

test('an HTML page instead of WASM (the Vite dev server fallback) is named as such, with the fixes', async () => {
  for (const source of [new TextEncoder().encode(page), new Response(page, { headers: { 'content-type': 'text/html' } })]) {
    const error = await failure(loadSaddle({ source }));
    expect(error.message).toMatch(/is an HTML page, not WASM/);
    expect(error.message).toContain("optimizeDeps: { exclude: ['saddle'] }");
    expect(error.message).toContain("'saddle/inline'");
    expect(error.message).toContain('docs/bundlers.md');
  }
});

test('a 404 says the bundler did not serve the .wasm file; a 500 does not pretend to know why', async () => {
  const notFound = await failure(loadSaddle({ source: new Response('', { status: 404 }) }));
  expect(notFound.message).toMatch(/HTTP 404: your bundler or dev server did not serve/);
  const broken = await failure(loadSaddle({ source: new Response('', { status: 500 }) }));
  expect(broken.message).toMatch(/HTTP 500$/);
});

test('other bytes are shown by their first four, next to the magic word expected', async () => {
  const error = await failure(loadSaddle({ source: new Uint8Array([1, 2, 3, 4, 5]) }));
  expect(error.message).toMatch(/the bytes given is not WASM \(it starts with 01 02 03 04, not 00 61 73 6d\)/);
  const empty = await failure(loadSaddle({ source: new Uint8Array(0) }));
  expect(empty.message).toMatch(/starts with nothing/);
});
