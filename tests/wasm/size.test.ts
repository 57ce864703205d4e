// Size budget of each shipped .wasm (raw and gzipped) and no zero-filled data segments:
// kernel scratch is reserved at module start (assembly/mem.ts reserveStatic), not shipped.
// Needs `npm run build:wasm`.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { expect, test } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** Budgets in bytes. The raw bar is the package's promise (< 200 KB); gzip is level 9. */
const RAW_BUDGET = 200_000;
const GZIP_BUDGET = 60_000;
/** A run of zero bytes longer than this inside one data segment counts as shipped scratch. */
const MAX_ZERO_RUN = 4096;

function uleb(bytes: Uint8Array, at: number): [number, number] {
  let value = 0, shift = 0, i = at;
  for (;;) {
    const b = bytes[i++];
    value += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return [value, i];
    shift += 7;
  }
}

/** Data segments (section 11) of a module: [offset in file, length] of each segment's bytes. */
function dataSegments(bytes: Uint8Array): Array<[number, number]> {
  let i = 8;
  const out: Array<[number, number]> = [];
  while (i < bytes.length) {
    const id = bytes[i];
    const [size, body] = uleb(bytes, i + 1);
    if (id === 11) {
      let [count, p] = uleb(bytes, body);
      for (; count > 0; count--) {
        const [flags, q] = uleb(bytes, p);
        p = q;
        if (flags === 2) p = uleb(bytes, p)[1];
        if (flags !== 1) { // active: skip the offset expression up to `end`
          while (bytes[p] !== 0x0b) p++;
          p++;
        }
        const [len, start] = uleb(bytes, p);
        out.push([start, len]);
        p = start + len;
      }
    }
    i = body + size;
  }
  return out;
}

function longestZeroRun(bytes: Uint8Array, start: number, len: number): number {
  let best = 0, run = 0;
  for (let i = start; i < start + len; i++) {
    run = bytes[i] === 0 ? run + 1 : 0;
    if (run > best) best = run;
  }
  return best;
}

for (const build of ['simd', 'relaxed']) {
  test(`saddle.${build}.wasm is under ${RAW_BUDGET} bytes raw and ${GZIP_BUDGET} gzipped, with no zero-filled data`, () => {
    const bytes = new Uint8Array(readFileSync(`${root}build/saddle.${build}.wasm`));
    expect(bytes.length).toBeLessThan(RAW_BUDGET);
    expect(gzipSync(bytes, { level: 9 }).length).toBeLessThan(GZIP_BUDGET);
    const segments = dataSegments(bytes);
    expect(segments.length).toBeGreaterThan(0); // the parser found the data section (strings live there)
    const total = segments.reduce((s, [, len]) => s + len, 0);
    expect(total).toBeLessThan(64 * 1024);
    for (const [start, len] of segments) expect(longestZeroRun(bytes, start, len)).toBeLessThanOrEqual(MAX_ZERO_RUN);
  });
}
