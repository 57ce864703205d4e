// KID (bindings/metrics/kid.ts): the full-set value and per-subset values on the fixture's
// own subsets against numpy (torch-fidelity's and clean-fid's formulas agree there), seeded
// subset draws, both protocols' subset sizes, and typed errors.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { Saddle } from '../../bindings/index.js';
import { kid } from '../../bindings/metrics/kid.js';
import { FeatureAccumulator } from '../../bindings/metrics/streaming.js';
import { BUILDS, trackLiveBytes } from '../helpers/builds.js';
import { argumentError } from '../helpers/errors.js';

interface KidFixture {
  n: number; m: number; d: number; x: number[]; y: number[]; full: number;
  indicesX: number[][]; indicesY: number[][]; values: number[]; mean: number; std: number;
}
const F = JSON.parse(readFileSync(new URL('../fixtures/stats/kid.json', import.meta.url), 'utf8')) as KidFixture;
const X = { data: F.x, rows: F.n, cols: F.d }, Y = { data: F.y, rows: F.m, cols: F.d };

const close = (got: number, want: number, rtol = 1e-10) => expect(Math.abs(got - want), `${got} vs ${want}`).toBeLessThanOrEqual(rtol * Math.abs(want) + 1e-15);

for (const build of BUILDS) {
  describe(`kid (${build} build)`, () => {
    let sd: Saddle;
    trackLiveBytes(build, (s) => { sd = s; });

    test('full-set variant matches numpy', () => {
      const r = kid(sd, X, Y, { protocol: 'full' });
      close(r.mean, F.full);
      expect(r.std).toBe(0);
      expect(r.values.length).toBe(1);
    });

    test('the fixture\'s subsets: per-subset values, mean and std (ddof 0) match numpy', () => {
      const r = kid(sd, X, Y, { indices: { x: F.indicesX, y: F.indicesY } });
      F.values.forEach((v, i) => close(r.values[i], v));
      close(r.mean, F.mean);
      close(r.std, F.std, 1e-8);
      expect(r.subsetSize).toBe(50);
    });

    test('seeded subsets: deterministic, seed-dependent, and each subset value is an unbiased MMD² of some subsets', () => {
      const a = kid(sd, X, Y, { subsets: 8, subsetSize: 40, seed: 5 });
      const b = kid(sd, X, Y, { subsets: 8, subsetSize: 40, seed: 5 });
      const c = kid(sd, X, Y, { subsets: 8, subsetSize: 40, seed: 6 });
      expect(a.values).toEqual(b.values);
      expect(a.values).not.toEqual(c.values);
      // subsets of all rows are permutations: every value equals the full-set value
      const all = kid(sd, { data: F.x.slice(0, 100 * F.d), rows: 100, cols: F.d }, Y, { subsets: 3, subsetSize: 100, seed: 1 });
      const full = kid(sd, { data: F.x.slice(0, 100 * F.d), rows: 100, cols: F.d }, Y, { protocol: 'full' }).mean;
      all.values.forEach((v) => close(v, full, 1e-12));
    });

    test('clean-fid protocol clamps the subset size to min(n, m, subsetSize); torch-fidelity refuses larger subsets', () => {
      const r = kid(sd, X, Y, { protocol: 'clean-fid', subsets: 2, subsetSize: 1000, seed: 0 });
      expect(r.subsetSize).toBe(100);
      expect(argumentError(() => kid(sd, X, Y, { subsets: 2 })).argument).toBe('options.subsetSize');
    });

    test('features accumulated over batches give the same KID as one set (exactly)', () => {
      const acc = new FeatureAccumulator(sd, F.d);
      try {
        for (let r = 0; r < F.n;) {
          const b = Math.min(1 + (r % 7), F.n - r);
          acc.add({ data: F.x.slice(r * F.d, (r + b) * F.d), rows: b, cols: F.d });
          r += b;
        }
        expect(acc.count).toBe(F.n);
        expect(kid(sd, acc.matrix(), Y, { protocol: 'full' }).mean).toBe(kid(sd, X, Y, { protocol: 'full' }).mean);
        expect(kid(sd, acc.matrix(), Y, { subsets: 3, subsetSize: 30, seed: 9 }).values).toEqual(kid(sd, X, Y, { subsets: 3, subsetSize: 30, seed: 9 }).values);
      } finally {
        acc.dispose();
      }
    });

    test('typed errors name the argument', () => {
      const cases: Array<[string, () => unknown]> = [
        ['options.protocol', () => kid(sd, X, Y, { protocol: 'tf' as 'full' })],
        ['options.subsets', () => kid(sd, X, Y, { subsets: 0, subsetSize: 10 })],
        ['options.subsetSize', () => kid(sd, X, Y, { subsetSize: 1 })],
        ['options.seed', () => kid(sd, X, Y, { subsetSize: 10, subsets: 1, seed: -1 })],
        ['options.indices', () => kid(sd, X, Y, { indices: { x: [[0, 1]], y: [] } })],
        ['options.indices.x', () => kid(sd, X, Y, { indices: { x: [[0, 0]], y: [[0, 1]] } })],
        ['options.indices.y', () => kid(sd, X, Y, { indices: { x: [[0, 1]], y: [[0, 100]] } })],
        ['x.rows', () => kid(sd, { data: F.x.slice(0, F.d), rows: 1, cols: F.d }, Y)],
        ['y.cols', () => kid(sd, X, { data: [1, 2, 3, 4], rows: 2, cols: 2 })],
      ];
      for (const [argument, call] of cases) {
        const error = argumentError(call);
        expect(error.argument, error.message).toBe(argument);
      }
    });
  });
}
