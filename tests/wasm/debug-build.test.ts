// The debug target (no optimization, asserts, source map) computes the same bits as the
// optimized SIMD128 build: Binaryen's optimizer must not change any float result.
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { gemm, loadSaddle, randomNormal, reduce, unary, type Saddle } from '../../bindings/index.js';

function workload(sd: Saddle): number[][] {
  const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer));
  const x = sd.f32(777), y = sd.f32(777), c = sd.f32(21 * 19);
  randomNormal(sd, x, { seed: 99, stream: 2 });
  const out = [bits(x.toArray())];
  for (const op of ['exp', 'log1p', 'tanh', 'sigmoid', 'softplus'] as const) {
    unary(sd, op, x, y);
    out.push(bits(y.toArray()));
  }
  gemm(sd, { a: x, b: y, c, m: 21, n: 19, k: 37, transB: true, alpha: 0.25 });
  out.push(bits(c.toArray()));
  out.push([reduce(sd, 'sumsq', x, { rows: 7, cols: 111, axis: 'all' })]);
  [x, y, c].forEach((a) => a.dispose());
  return out;
}

test('the debug build agrees bit for bit with the SIMD128 release build', async () => {
  const debug = await loadSaddle({ source: readFileSync(new URL('../../build/saddle.debug.wasm', import.meta.url)) });
  const release = await loadSaddle({ build: 'simd' });
  expect(debug.build).toBe('simd');
  expect(workload(debug)).toEqual(workload(release));
  expect(debug.liveBytes()).toBe(0);
});
