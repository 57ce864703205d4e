import { expect, test } from 'vitest';
import { SaddleArgumentError, SaddleError, gemm, loadSaddle } from '../../bindings/index.js';

test('arrays copy in and out, track live bytes, and dispose once', async () => {
  const sd = await loadSaddle();
  const base = sd.liveBytes();
  const x = sd.f32([1.5, -2, 3]);
  const d = sd.f64(4);
  const u = sd.u32([1, 2, 0xffffffff]);
  const i = sd.i32([-1, 5]);
  expect(sd.liveBytes() - base).toBe(12 + 32 + 12 + 8);
  expect(Array.from(x.toArray())).toEqual([1.5, -2, 3]);
  expect(Array.from(d.toArray())).toEqual([0, 0, 0, 0]);
  expect(Array.from(u.toArray())).toEqual([1, 2, 0xffffffff]);
  expect(Array.from(i.toArray())).toEqual([-1, 5]);
  x.set([9], 2);
  expect(x.toArray()[2]).toBe(9);
  expect(() => x.set([1, 2], 2)).toThrow(SaddleArgumentError);
  const copy = x.toArray();
  x.view()[0] = 100;
  expect(copy[0]).toBe(1.5); // toArray is a copy
  for (const a of [x, d, u, i]) a.dispose();
  x.dispose(); // twice is fine
  expect(x.disposed).toBe(true);
  expect(sd.liveBytes()).toBe(base);
  expect(() => x.view()).toThrow(SaddleError);
  expect(() => x.ptr).toThrow(/used after dispose/);
});

test('kernels reject buffers that are disposed, of the wrong type or of another instance', async () => {
  const [sd, other] = await Promise.all([loadSaddle(), loadSaddle()]);
  const a = sd.f32(4), b = sd.f32(4), c = sd.f32(4), foreign = other.f32(4), wide = sd.f64(4);
  expect(() => gemm(sd, { a: foreign, b, c, m: 2, n: 2, k: 2 })).toThrow(/argument 'a' must be a buffer of this saddle instance/);
  expect(() => gemm(sd, { a: wide as never, b, c, m: 2, n: 2, k: 2 })).toThrow(/argument 'a' must be a f32 buffer, got a f64 buffer/);
  expect(() => gemm(sd, { a, b, c: a, m: 2, n: 2, k: 2 })).toThrow(/argument 'c' must be a buffer that does not overlap 'a'/);
  expect(() => gemm(sd, { a, b, c, m: 2, n: 2, k: 2, lda: 1 })).toThrow(/argument 'lda' must be an integer >= 2, got 1/);
  expect(() => gemm(sd, { a, b, c, m: 2, n: 2, k: 2, alpha: NaN })).toThrow(/argument 'alpha' must be a finite number.*, got NaN/);
  expect(() => gemm(sd, { a, b, c, m: 2.5, n: 2, k: 2 })).toThrow(/argument 'm'/);
  expect(() => gemm(sd, { a: [1, 2, 3, 4] as never, b, c, m: 2, n: 2, k: 2 })).toThrow(/argument 'a' must be a f32 WasmArray/);
  b.dispose();
  expect(() => gemm(sd, { a, b, c, m: 2, n: 2, k: 2 })).toThrow(/argument 'b' must be a live buffer, got a disposed buffer/);
  for (const x of [a, c, wide]) x.dispose();
  foreign.dispose();
  expect(sd.liveBytes()).toBe(0);
});
