// Binding-level tests for transpose(), copy2d(), gatherRows() and scatterAddRows()
// (bindings/kernels/layout.ts); the numerical checks at every shape are rows of the kernel
// table (tests/kernels/rows/layout.ts).
import { describe, expect, test } from 'vitest';
import { copy2d, gatherRows, scatterAddRows, transpose, type Saddle } from '../../bindings/index.js';
import { BUILDS, trackLiveBytes } from '../helpers/builds.js';
import { argumentError } from '../helpers/errors.js';

for (const build of BUILDS) {
  describe(`layout bindings (${build} build)`, () => {
    let sd: Saddle;
    trackLiveBytes(build, (s) => { sd = s; });

    test('the documented examples', () => {
      const x = sd.f32([1, 2, 3, 4, 5, 6]), out = sd.f32(6);
      transpose(sd, x, out, { rows: 2, cols: 3 });
      expect(Array.from(out.toArray())).toEqual([1, 4, 2, 5, 3, 6]);
      const a = sd.f32([1, 2, 3, 4]), b = sd.f32([5, 6]);
      copy2d(sd, { src: a, dst: out, rows: 2, cols: 2, dstLd: 3 });
      copy2d(sd, { src: b, dst: out, rows: 2, cols: 1, dstLd: 3, dstOffset: 2 });
      expect(Array.from(out.toArray())).toEqual([1, 2, 5, 3, 4, 6]);
      const idx = sd.i32([2, 0, 2]);
      gatherRows(sd, x, idx, out, { rows: 3, cols: 2 });
      expect(Array.from(out.toArray())).toEqual([5, 6, 1, 2, 5, 6]);
      scatterAddRows(sd, x, idx, out, { rows: 3, cols: 2 });
      expect(Array.from(out.toArray())).toEqual([3, 4, 0, 0, 6, 8]);
      x.dispose(); out.dispose(); a.dispose(); b.dispose(); idx.dispose();
    });

    test('transpose twice is the identity; slice and pad through copy2d', () => {
      const rows = 37, cols = 70;
      const data = Float32Array.from({ length: rows * cols }, (_, i) => i);
      const x = sd.f32(data), t = sd.f32(rows * cols), back = sd.f32(rows * cols);
      transpose(sd, x, t, { rows, cols });
      transpose(sd, t, back, { rows: cols, cols: rows });
      expect(back.toArray()).toEqual(data);
      // slice rows 3..8, cols 10..29 of x, then pad it back into a zero matrix at the same place
      const slice = sd.f32(5 * 20), padded = sd.f32(rows * cols);
      copy2d(sd, { src: x, dst: slice, rows: 5, cols: 20, srcLd: cols, srcOffset: 3 * cols + 10 });
      expect(Array.from(slice.toArray().subarray(0, 3))).toEqual([220, 221, 222]);
      copy2d(sd, { src: slice, dst: padded, rows: 5, cols: 20, dstLd: cols, dstOffset: 3 * cols + 10 });
      const p = padded.toArray();
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) {
          const inside = i >= 3 && i < 8 && j >= 10 && j < 30;
          if (p[i * cols + j] !== (inside ? i * cols + j : 0)) expect.fail(`padded[${i}, ${j}] = ${p[i * cols + j]}`);
        }
      }
      // two disjoint blocks of one buffer: rows 0..1 copied over rows 4..5
      copy2d(sd, { src: x, dst: x, rows: 2, cols, srcOffset: 0, dstOffset: 4 * cols });
      expect(x.toArray()[4 * cols + 5]).toBe(5);
      x.dispose(); t.dispose(); back.dispose(); slice.dispose(); padded.dispose();
    });

    test('gather and scatter-add are adjoint: <gather(x), y> = <x, scatterAdd(y)>', () => {
      const rows = 50, cols = 7, count = 300;
      const x = sd.f32(Float32Array.from({ length: rows * cols }, (_, i) => (i % 13) - 6));
      const y = sd.f32(Float32Array.from({ length: count * cols }, (_, i) => (i % 5) - 2));
      const idx = sd.i32(Int32Array.from({ length: count }, (_, k) => (k * 37) % rows));
      const gx = sd.f32(count * cols), sy = sd.f32(rows * cols);
      gatherRows(sd, x, idx, gx, { rows, cols });
      scatterAddRows(sd, y, idx, sy, { rows, cols });
      // small integers: both inner products are exact
      const dot = (p: Float32Array, q: Float32Array) => p.reduce((s, v, i) => s + v * q[i], 0);
      expect(dot(gx.toArray(), y.toArray())).toBe(dot(x.toArray(), sy.toArray()));
      x.dispose(); y.dispose(); idx.dispose(); gx.dispose(); sy.dispose();
    });

    test('an out-of-range index throws naming idx, its position and value; out is untouched', () => {
      const rows = 10, cols = 3;
      const x = sd.f32(rows * cols), y = sd.f32(1023 * cols);
      for (const count of [1, 5, 17, 1023]) {
        // bad positions in the scalar tail and inside the 16-wide vector check
        for (const bad of [0, count - 1, Math.floor(count / 2)]) {
          for (const value of [-1, rows, 2 ** 31 - 1, -(2 ** 31)]) {
            const data = Int32Array.from({ length: count }, (_, k) => k % rows);
            data[bad] = value;
            if (bad + 1 < count) data[count - 1] = rows + 5; // a later bad index is not the one reported
            const idx = sd.i32(data);
            const out = sd.f32(new Float32Array(count * cols).fill(7));
            const gathered = argumentError(() => gatherRows(sd, x, idx, out, { rows, cols }));
            expect(gathered.argument).toBe('idx');
            expect(gathered.message).toContain(`idx[${bad}] = ${value}`);
            expect(gathered.message).toContain(`[0, ${rows})`);
            expect(out.toArray().every((v) => v === 7)).toBe(true);
            const target = sd.f32(new Float32Array(rows * cols).fill(7));
            const ys = count === 1023 ? y : sd.f32(count * cols);
            const scattered = argumentError(() => scatterAddRows(sd, ys, idx, target, { rows, cols }));
            expect(scattered.argument).toBe('idx');
            expect(scattered.message).toContain(`idx[${bad}] = ${value}`);
            expect(target.toArray().every((v) => v === 7)).toBe(true);
            if (ys !== y) ys.dispose();
            idx.dispose(); out.dispose(); target.dispose();
          }
        }
      }
      // an empty table has no valid index; an empty idx is fine and scatter-add still zeroes out
      const none = sd.f32(0), one = sd.i32([0]), row = sd.f32(cols), empty = sd.i32(0);
      expect(argumentError(() => gatherRows(sd, none, one, row, { rows: 0, cols })).message).toContain('idx[0] = 0');
      const target = sd.f32(new Float32Array(rows * cols).fill(7));
      scatterAddRows(sd, none, empty, target, { rows, cols });
      expect(target.toArray().every((v) => v === 0)).toBe(true);
      x.dispose(); y.dispose(); none.dispose(); one.dispose(); row.dispose(); empty.dispose(); target.dispose();
    });

    test('typed errors name the argument', () => {
      const x = sd.f32(12), out = sd.f32(12), out8 = sd.f32(8), x64 = sd.f64(12), idx = sd.i32([0, 1]);
      const idxU = sd.u32([0, 1]), small = sd.f32(4), y = sd.f32(8);
      const cases: Array<[string, string, () => unknown]> = [
        ['transpose', 'options', () => transpose(sd, x, out, null as never)],
        ['transpose', 'rows', () => transpose(sd, x, out, { cols: 4 } as never)],
        ['transpose', 'cols', () => transpose(sd, x, out, { rows: 3, cols: -4 })],
        ['transpose', 'x', () => transpose(sd, x64 as never, out, { rows: 3, cols: 4 })],
        ['transpose', 'x', () => transpose(sd, out8, out, { rows: 3, cols: 4 })],
        ['transpose', 'out', () => transpose(sd, x, out8, { rows: 3, cols: 4 })],
        ['transpose', 'out', () => transpose(sd, x, x, { rows: 3, cols: 4 })],
        ['copy2d', 'options', () => copy2d(sd, 3 as never)],
        ['copy2d', 'rows', () => copy2d(sd, { src: x, dst: out, rows: 1.5, cols: 2 })],
        ['copy2d', 'srcLd', () => copy2d(sd, { src: x, dst: out, rows: 2, cols: 4, srcLd: 3 })],
        ['copy2d', 'dstLd', () => copy2d(sd, { src: x, dst: out, rows: 2, cols: 4, dstLd: -1 })],
        ['copy2d', 'srcOffset', () => copy2d(sd, { src: x, dst: out, rows: 2, cols: 4, srcOffset: -2 })],
        ['copy2d', 'src', () => copy2d(sd, { src: x, dst: out, rows: 3, cols: 4, srcOffset: 1 })],
        ['copy2d', 'dst', () => copy2d(sd, { src: x, dst: out, rows: 2, cols: 4, dstLd: 9 })],
        ['copy2d', 'src', () => copy2d(sd, { src: x64 as never, dst: out, rows: 2, cols: 4 })],
        ['copy2d', 'dst', () => copy2d(sd, { src: x, dst: x, rows: 2, cols: 4, dstOffset: 3 })],
        ['gatherRows', 'idx', () => gatherRows(sd, x, idxU as never, out8, { rows: 3, cols: 4 })],
        ['gatherRows', 'x', () => gatherRows(sd, small, idx, out8, { rows: 3, cols: 4 })],
        ['gatherRows', 'out', () => gatherRows(sd, x, idx, out, { rows: 3, cols: 4 })],
        ['gatherRows', 'out', () => gatherRows(sd, x, idx, x as never, { rows: 2, cols: 6 })],
        ['gatherRows', 'options', () => gatherRows(sd, x, idx, out8, undefined as never)],
        ['scatterAddRows', 'y', () => scatterAddRows(sd, x, idx, out, { rows: 3, cols: 4 })],
        ['scatterAddRows', 'out', () => scatterAddRows(sd, y, idx, out8, { rows: 3, cols: 4 })],
        ['scatterAddRows', 'idx', () => scatterAddRows(sd, y, [0, 1] as never, out, { rows: 3, cols: 4 })],
        ['scatterAddRows', 'cols', () => scatterAddRows(sd, y, idx, out, { rows: 3, cols: '4' as never })],
      ];
      for (const [fn, argument, call] of cases) {
        const error = argumentError(call);
        expect(error.argument, error.message).toBe(argument);
        expect(error.code).toBe('E_ARGUMENT');
        expect(error.message).toContain(`${fn}:`);
      }
      const gone = sd.f32(12);
      gone.dispose();
      expect(argumentError(() => transpose(sd, gone, out, { rows: 3, cols: 4 })).argument).toBe('x');
      expect(argumentError(() => copy2d(sd, { src: x, dst: gone, rows: 3, cols: 4 })).argument).toBe('dst');
      x.dispose(); out.dispose(); out8.dispose(); x64.dispose(); idx.dispose(); idxU.dispose(); small.dispose(); y.dispose();
    });

    test('nothing outside the output is written (neighbouring buffers keep their values)', () => {
      const before = sd.f32(Float32Array.from({ length: 9 }, (_, i) => -i));
      const out = sd.f32(15);
      const after = sd.f32(Float32Array.from({ length: 9 }, (_, i) => 100 + i));
      const x = sd.f32(Float32Array.from({ length: 15 }, (_, i) => i + 1));
      transpose(sd, x, out, { rows: 3, cols: 5 });
      expect(Array.from(out.toArray())).toEqual([1, 6, 11, 2, 7, 12, 3, 8, 13, 4, 9, 14, 5, 10, 15]);
      const idx = sd.i32([2, 2, 0, 1, 2]);
      gatherRows(sd, x, idx, out, { rows: 5, cols: 3 });
      scatterAddRows(sd, x, idx, out, { rows: 5, cols: 3 });
      copy2d(sd, { src: x, dst: out, rows: 3, cols: 5, srcLd: 5, dstLd: 5 });
      expect(Array.from(before.toArray())).toEqual(Array.from({ length: 9 }, (_, i) => -i));
      expect(Array.from(after.toArray())).toEqual(Array.from({ length: 9 }, (_, i) => 100 + i));
      before.dispose(); out.dispose(); after.dispose(); x.dispose(); idx.dispose();
    });
  });
}
