// Binding-level tests for reduce() (bindings/kernels/reduce.ts); the numerical checks at
// every shape are rows of the kernel table (tests/kernels/rows/reduce.ts).
import { describe, expect, test } from 'vitest';
import { reduce, type ReduceAxis, type ReduceOp, type Saddle } from '../../bindings/index.js';
import { BUILDS, loadBuild, trackLiveBytes } from '../helpers/builds.js';
import { argumentError } from '../helpers/errors.js';
import { mulberry32, randomF32 } from '../helpers/random.js';

const OPS: ReduceOp[] = ['sum', 'mean', 'max', 'sumsq'];

for (const build of BUILDS) {
  describe(`reduce (${build} build)`, () => {
    let sd: Saddle;
    trackLiveBytes(build, (s) => { sd = s; });

    test('typed errors name the argument', () => {
      const x = sd.f32(12), x64 = sd.f64(12), out3 = sd.f32(3), out4 = sd.f32(4), out3d = sd.f64(3);
      const base = { rows: 3, cols: 4 } as const;
      const cases: Array<[string, () => unknown]> = [
        ['op', () => reduce(sd, 'min' as ReduceOp, x, { ...base, axis: 'all' })],
        ['op', () => reduce(sd, 3 as unknown as ReduceOp, x, { ...base, axis: 'all' })],
        ['options', () => reduce(sd, 'sum', x, null as never)],
        ['axis', () => reduce(sd, 'sum', x, { ...base, axis: 'row' as ReduceAxis })],
        ['axis', () => reduce(sd, 'sum', x, { ...base, axis: undefined as unknown as ReduceAxis })],
        ['precision', () => reduce(sd, 'sum', x, { ...base, axis: 'all', precision: 'f16' as 'f32' })],
        ['rows', () => reduce(sd, 'sum', x, { rows: -1, cols: 4, axis: 'all' })],
        ['cols', () => reduce(sd, 'sum', x, { rows: 3, cols: 1.5, axis: 'all' })],
        ['x', () => reduce(sd, 'sum', x, { rows: 4, cols: 4, axis: 'all' })],
        ['x', () => reduce(sd, 'sum', x64 as never, { ...base, axis: 'all' })],
        ['x', () => reduce(sd, 'sum', new Float32Array(12) as never, { ...base, axis: 'all' })],
        // rows axis needs one value per row (3), cols axis one per column (4)
        ['out', () => reduce(sd, 'sum', x, { ...base, axis: 'rows', out: out4 })],
        ['out', () => reduce(sd, 'sum', x, { ...base, axis: 'cols', out: out3 })],
        ['out', () => reduce(sd, 'sum', x, { ...base, axis: 'all', out: out3 })],
        // dtype must match the precision
        ['out', () => reduce(sd, 'sum', x, { ...base, axis: 'rows', precision: 'f64', out: out3 as never })],
        ['out', () => reduce(sd, 'sum', x, { ...base, axis: 'rows', precision: 'f32', out: out3d as never })],
      ];
      for (const [argument, call] of cases) {
        const error = argumentError(call);
        expect(error.argument, error.message).toBe(argument);
        expect(error.code).toBe('E_ARGUMENT');
        expect(error.message).toContain('reduce:');
      }
      const disposed = sd.f32(3);
      disposed.dispose();
      expect(argumentError(() => reduce(sd, 'sum', x, { ...base, axis: 'rows', out: disposed })).argument).toBe('out');
      x.dispose(); x64.dispose(); out3.dispose(); out4.dispose(); out3d.dispose();
    });

    test('empty sets: sum and sumsq 0, mean NaN, max -Infinity', () => {
      const want: Record<ReduceOp, number> = { sum: 0, mean: NaN, max: -Infinity, sumsq: 0 };
      const x = sd.f32(4);
      for (const precision of ['f32', 'f64'] as const) {
        for (const op of OPS) {
          for (const [rows, cols] of [[0, 0], [0, 5], [5, 0]]) {
            expect(reduce(sd, op, x, { rows, cols, axis: 'all', precision })).toBe(want[op]);
          }
          // a row of no columns, a column of no rows
          const perRow = reduce(sd, op, x, { rows: 3, cols: 0, axis: 'rows', precision });
          expect(Array.from(perRow.toArray())).toEqual([want[op], want[op], want[op]]);
          perRow.dispose();
          const perCol = reduce(sd, op, x, { rows: 0, cols: 2, axis: 'cols', precision });
          expect(Array.from(perCol.toArray())).toEqual([want[op], want[op]]);
          perCol.dispose();
          // nothing to write: empty outputs
          const none = reduce(sd, op, x, { rows: 0, cols: 3, axis: 'rows', precision });
          expect(none.length).toBe(0);
          none.dispose();
        }
      }
      x.dispose();
    });

    test('small hand-worked cases, out allocated with the right dtype, out[0] for axis all', () => {
      const x = sd.f32([1, -2, 3, 4, 5, -6]); // 2×3
      const opts = { rows: 2, cols: 3 } as const;
      expect(reduce(sd, 'sum', x, { ...opts, axis: 'all' })).toBe(5);
      expect(reduce(sd, 'sumsq', x, { ...opts, axis: 'all', precision: 'f64' })).toBe(91);
      expect(reduce(sd, 'max', x, { ...opts, axis: 'all' })).toBe(5);
      expect(reduce(sd, 'mean', x, { ...opts, axis: 'all', precision: 'f64' })).toBe(5 / 6);
      const rows = reduce(sd, 'sum', x, { ...opts, axis: 'rows' });
      expect(rows.dtype).toBe('f32');
      expect(Array.from(rows.toArray())).toEqual([2, 3]);
      const cols = reduce(sd, 'mean', x, { ...opts, axis: 'cols', precision: 'f64' });
      expect(cols.dtype).toBe('f64');
      expect(Array.from(cols.toArray())).toEqual([2.5, 1.5, -1.5]);
      const maxCols = reduce(sd, 'max', x, { ...opts, axis: 'cols', precision: 'f64' });
      expect(Array.from(maxCols.toArray())).toEqual([4, 5, 3]);
      const one = sd.f64([NaN]);
      expect(reduce(sd, 'sumsq', x, { ...opts, axis: 'all', precision: 'f64', out: one })).toBe(91);
      expect(one.toArray()[0]).toBe(91);
      // x may be longer than rows·cols: only the first rows·cols values are read
      expect(reduce(sd, 'sum', x, { rows: 1, cols: 4, axis: 'all' })).toBe(6);
      x.dispose(); rows.dispose(); cols.dispose(); maxCols.dispose(); one.dispose();
    });

    test('max propagates NaN from the vector loop, the 4-wide loop and the tail', () => {
      for (const cols of [3, 7, 21, 300]) {
        for (let at = 0; at < cols; at += Math.max(1, Math.floor(cols / 7))) {
          const rows = 6;
          const data = randomF32(rows * cols, 7 + at);
          data[4 * cols + at] = NaN; // row 4, column `at`
          const x = sd.f32(data);
          for (const precision of ['f32', 'f64'] as const) {
            expect(reduce(sd, 'max', x, { rows, cols, axis: 'all', precision }), `cols=${cols} at=${at}`).toBeNaN();
            const rowOut = reduce(sd, 'max', x, { rows, cols, axis: 'rows', precision });
            const colOut = reduce(sd, 'max', x, { rows, cols, axis: 'cols', precision });
            const perRow = rowOut.toArray(), perCol = colOut.toArray();
            rowOut.dispose(); colOut.dispose();
            for (let i = 0; i < rows; i++) expect(Number.isNaN(perRow[i]), `row ${i}`).toBe(i === 4);
            for (let j = 0; j < cols; j++) expect(Number.isNaN(perCol[j]), `col ${j}`).toBe(j === at);
          }
          x.dispose();
        }
      }
    });

    test('max handles infinities and all-negative inputs', () => {
      const x = sd.f32([-Infinity, -3, -7, -1, -2, -9, -Infinity, -4, -5]);
      expect(reduce(sd, 'max', x, { rows: 3, cols: 3, axis: 'all' })).toBe(-1);
      const out = sd.f32(3);
      expect(reduce(sd, 'max', x, { rows: 3, cols: 3, axis: 'rows', out })).toBe(out);
      expect(Array.from(out.toArray())).toEqual([-3, -1, -4]);
      x.set([Infinity], 5);
      expect(reduce(sd, 'max', x, { rows: 3, cols: 3, axis: 'all' })).toBe(Infinity);
      x.dispose(); out.dispose();
    });

    test('max ranks +0 above -0 (as Math.max does) on every path', () => {
      for (const cols of [3, 5, 21]) {
        const rows = 5;
        for (const plusAt of [-1, 0, cols - 1, 2 * cols + 1]) {
          const data = new Float32Array(rows * cols).fill(-0);
          for (let k = 0; k < data.length; k += 3) data[k] = -1 - k;
          if (plusAt >= 0) data[plusAt] = 0;
          const x = sd.f32(data);
          const label = `cols=${cols} +0 at ${plusAt}`;
          for (const precision of ['f32', 'f64'] as const) {
            const all = reduce(sd, 'max', x, { rows, cols, axis: 'all', precision });
            expect(Object.is(all, plusAt >= 0 ? 0 : -0), label).toBe(true);
            for (const axis of ['rows', 'cols'] as const) {
              const out = reduce(sd, 'max', x, { rows, cols, axis, precision });
              const got = Array.from(out.toArray());
              out.dispose();
              const want = Array.from({ length: got.length }, (_, g) => {
                const idx = Array.from({ length: axis === 'rows' ? cols : rows }, (_, k) => axis === 'rows' ? g * cols + k : k * cols + g);
                return idx.reduce((m, k) => Math.max(m, data[k]), -Infinity);
              });
              got.forEach((v, g) => expect(Object.is(v, want[g]), `${label} ${axis} ${g}: ${v} vs ${want[g]}`).toBe(true));
            }
          }
          x.dispose();
        }
      }
    });

    test('f64 accumulation keeps what f32 accumulation loses', () => {
      // 2²⁴ + 1 rounds back to 2²⁴ in f32: the 1000 ones vanish unless accumulated in f64
      const n = 1002;
      const data = new Float32Array(n).fill(1);
      data[0] = 2 ** 24;
      data[n - 1] = -(2 ** 24);
      const x = sd.f32(data);
      expect(reduce(sd, 'sum', x, { rows: 1, cols: n, axis: 'all', precision: 'f64' })).toBe(1000);
      expect(reduce(sd, 'mean', x, { rows: 1, cols: n, axis: 'all', precision: 'f64' })).toBe(1000 / n);
      const f32 = reduce(sd, 'sum', x, { rows: 1, cols: n, axis: 'all' });
      expect(Math.abs(f32 - 1000)).toBeGreaterThan(1);
      const colsF64 = reduce(sd, 'sum', x, { rows: n, cols: 1, axis: 'cols', precision: 'f64' });
      expect(colsF64.toArray()[0]).toBe(1000);
      colsF64.dispose();
      x.dispose();

      // wide dynamic range (2⁻²⁴..2²⁴) with cancellation: f64 error <= 1e-12·Σ|x|, f32's is not
      const seed = 20240607;
      const next = mulberry32(seed);
      const rows = 64, cols = 1023;
      const wide = new Float32Array(rows * cols);
      for (let i = 0; i < wide.length; i++) wide[i] = (next() < 0.5 ? -1 : 1) * next() * 2 ** Math.floor(48 * next() - 24);
      const w = sd.f32(wide);
      let exact = 0, c = 0, abs = 0;
      for (const v of wide) { const t = exact + v; c += Math.abs(exact) >= Math.abs(v) ? (exact - t) + v : (v - t) + exact; exact = t; abs += Math.abs(v); }
      exact += c;
      const err64 = Math.abs(reduce(sd, 'sum', w, { rows, cols, axis: 'all', precision: 'f64' }) - exact);
      const err32 = Math.abs(reduce(sd, 'sum', w, { rows, cols, axis: 'all' }) - exact);
      expect(err64, `seed=${seed}`).toBeLessThanOrEqual(1e-12 * abs);
      // f32 accumulation misses the f64 bound by orders of magnitude
      expect(err32, `seed=${seed}`).toBeGreaterThan(1e-12 * abs);
      expect(err32, `seed=${seed}`).toBeGreaterThan(1e4 * err64);
      w.dispose();
    });
  });
}

test('same bits in every build (no fused operations)', async () => {
  if (BUILDS.length < 2) return;
  const seed = 99;
  const data = randomF32(37 * 301, seed);
  const results: number[][] = [];
  for (const build of BUILDS) {
    const sd = await loadBuild(build);
    const live = sd.liveBytes();
    const x = sd.f32(data);
    const values: number[] = [];
    for (const op of OPS) {
      for (const precision of ['f32', 'f64'] as const) {
        values.push(reduce(sd, op, x, { rows: 37, cols: 301, axis: 'all', precision }));
        for (const axis of ['rows', 'cols'] as const) {
          const out = reduce(sd, op, x, { rows: 37, cols: 301, axis, precision });
          values.push(...out.toArray());
          out.dispose();
        }
      }
    }
    x.dispose();
    expect(sd.liveBytes()).toBe(live);
    results.push(values);
  }
  // toEqual distinguishes -0 from +0 and compares every value exactly
  expect(results[1], `seed=${seed}`).toEqual(results[0]);
});
