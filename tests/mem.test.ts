import { expect, test } from 'vitest';
import { WasmAbortError } from '../bindings/index.js';
import { BUILDS, loadBuild } from './helpers/builds.js';

for (const build of BUILDS) {
  test(`live bytes and blocks return to baseline (${build})`, async () => {
    const sd = await loadBuild(build);
    const bytes = sd.liveBytes(), blocks = sd.liveBlocks();
    const ptrs = [0, 1, 17, 4096, 100000].map((n) => sd.alloc(n));
    expect(sd.liveBytes() - bytes).toBe(0 + 1 + 17 + 4096 + 100000);
    expect(sd.liveBlocks() - blocks).toBe(5);
    expect(sd.peakBytes()).toBeGreaterThanOrEqual(sd.liveBytes());
    ptrs.forEach((p) => sd.free(p));
    expect(sd.liveBytes()).toBe(bytes);
    expect(sd.liveBlocks()).toBe(blocks);
    sd.free(0); // freeing null is a no-op
  });

  test(`alloc/free cycles do not grow memory (${build})`, async () => {
    const sd = await loadBuild(build);
    const warm = [sd.alloc(1 << 20), sd.alloc(3000)];
    warm.forEach((p) => sd.free(p));
    const pages = sd.memoryBytes();
    for (let i = 0; i < 20000; i++) {
      const a = sd.alloc(64 + (i % 97) * 16), b = sd.alloc(1 << (i % 18));
      sd.free(a); sd.free(b);
    }
    expect(sd.memoryBytes()).toBe(pages);
  });

  test(`arenas bump-allocate aligned blocks, reset and free everything at once (${build})`, async () => {
    const sd = await loadBuild(build);
    const x = sd.exports;
    const base = sd.liveBytes();
    const arena = x.arena_create(1000);
    expect(x.arena_capacity(arena)).toBe(1000);
    const p1 = x.arena_alloc(arena, 10, 16);
    const p2 = x.arena_alloc(arena, 100, 64);
    expect(p1 % 16).toBe(0);
    expect(p2 % 64).toBe(0);
    expect(p2).toBeGreaterThanOrEqual(p1 + 10);
    expect(x.arena_used(arena)).toBe(p2 + 100 - p1);
    expect(x.arena_alloc(arena, 2000, 16)).toBe(0); // full: 0, not a crash
    x.arena_reset(arena);
    expect(x.arena_used(arena)).toBe(0);
    expect(x.arena_alloc(arena, 16, 16)).toBe(p1);
    x.arena_destroy(arena);
    expect(sd.liveBytes()).toBe(base);
    expect(() => x.arena_alloc(arena, 16, 16)).toThrow(WasmAbortError);
  });
}
