import { expect, test } from 'vitest';
import { SaddleArgumentError, SaddleError, SaddleMemoryError, WasmAbortError, gemm } from '../../bindings/index.js';
import { BUILDS, loadBuild } from '../helpers/builds.js';

for (const build of BUILDS) {
  test(`a WASM abort becomes a WasmAbortError with the decoded message and location (${build})`, async () => {
    const sd = await loadBuild(build);
    const ptr = sd.alloc(64);
    sd.free(ptr);
    let caught: unknown;
    try { sd.free(ptr); } catch (error) { caught = error; }
    expect(caught).toBeInstanceOf(WasmAbortError);
    expect(caught).toBeInstanceOf(SaddleError);
    const abort = caught as WasmAbortError;
    expect(abort.code).toBe('E_WASM_ABORT');
    expect(abort.wasmMessage).toMatch(/^mem_free: pointer is not a live saddle block/);
    expect(abort.fileName).toBe('assembly/mem.ts');
    expect(abort.line).toBeGreaterThan(0);
    expect(abort.column).toBeGreaterThan(0);
    expect(abort.message).toContain('assembly/mem.ts:');
    // the allocator is still consistent after the abort
    const again = sd.alloc(64);
    sd.free(again);
  });

  test(`views are made from the current memory.buffer and stay valid after growth (${build})`, async () => {
    const sd = await loadBuild(build);
    const x = sd.f32([1, 2, 3, 4, 5]);
    const oldView = x.view();
    const before = sd.memoryBytes();
    const big = sd.alloc(before + (64 << 20)); // forces memory.grow
    expect(sd.memoryBytes()).toBeGreaterThan(before);
    expect(oldView.length).toBe(0); // detached by growth, silently
    expect(Array.from(x.view())).toEqual([1, 2, 3, 4, 5]); // a fresh view sees the data
    const c = sd.f32(1), ones = sd.f32([1, 1, 1, 1, 1]);
    gemm(sd, { a: x, b: ones, c, m: 1, n: 1, k: 5 });
    expect(c.toArray()[0]).toBe(15);
    sd.free(big);
    x.dispose(); c.dispose(); ones.dispose();
  });

  test(`allocation failure is a SaddleMemoryError and the instance stays usable (${build})`, async () => {
    const sd = await loadBuild(build);
    const live = sd.liveBytes();
    expect(() => sd.alloc(0x7ff00000)).toThrow(SaddleMemoryError);
    expect(sd.liveBytes()).toBe(live);
    const x = sd.f32([7]);
    expect(x.toArray()[0]).toBe(7);
    x.dispose();
  });
}

test('an allocation no block can hold (2 GiB or more, or past maxMemoryBytes) is a SaddleMemoryError, not an argument error', async () => {
  const sd = await loadBuild('simd');
  const live = sd.liveBytes();
  for (const bytes of [0x7fff0001, 2 ** 31, 3 * 2 ** 30, 2 ** 32, 2 ** 40]) {
    let error: unknown;
    try { sd.alloc(bytes); } catch (e) { error = e; }
    expect(error, String(bytes)).toBeInstanceOf(SaddleMemoryError);
    expect((error as Error).message).toMatch(new RegExp(`could not allocate ${bytes} bytes`));
  }
  expect(() => sd.f32(2 ** 29)).toThrow(SaddleMemoryError); // 2 GiB of f32
  expect(() => sd.f64(2 ** 28 + 1)).toThrow(SaddleMemoryError);
  expect(sd.liveBytes()).toBe(live);
  const x = sd.f32([7]);
  expect(x.toArray()[0]).toBe(7);
  x.dispose();
});

test('arrays take numbers only: null, strings and booleans in the data are refused, NaN and ±Infinity kept', async () => {
  const sd = await loadBuild('simd');
  const live = sd.liveBytes();
  expect(() => sd.f32([1, null as never])).toThrow(/^f32: argument 'lengthOrData' must be numbers, got null at index 1/);
  expect(() => sd.f64(['1' as never])).toThrow(/f64: argument 'lengthOrData' must be numbers, got "1" at index 0/);
  expect(() => sd.i32([true as never])).toThrow(/got true at index 0/);
  expect(sd.liveBytes()).toBe(live); // refused before allocating
  const x = sd.f32([NaN, Infinity, -Infinity]);
  expect(Array.from(x.toArray())).toEqual([NaN, Infinity, -Infinity]);
  expect(() => x.set([0, undefined as never])).toThrow(/WasmArray\.set: argument 'data' must be numbers, got undefined at index 1/);
  expect(Array.from(x.toArray())).toEqual([NaN, Infinity, -Infinity]);
  x.dispose();
});

test('alloc validates its arguments', async () => {
  const sd = await loadBuild('simd');
  expect(() => sd.alloc(-1)).toThrow(SaddleArgumentError);
  expect(() => sd.alloc(1.5)).toThrow(/argument 'bytes'/);
  expect(() => sd.alloc(16, 24)).toThrow(/argument 'align' must be a power of two/);
  expect(() => sd.f32(-3)).toThrow(/argument 'length'/);
  expect(() => sd.f32('abc' as never)).toThrow(SaddleArgumentError);
});

test('aligned allocation honours every power-of-two alignment', async () => {
  const sd = await loadBuild('simd');
  for (const align of [16, 32, 64, 128, 256, 4096, 65536]) {
    const ptrs = [1, 3, 64, 1000].map((bytes) => sd.alloc(bytes, align));
    for (const p of ptrs) expect(p % align).toBe(0);
    ptrs.forEach((p) => sd.free(p));
  }
});
