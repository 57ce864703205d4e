// k-NN manifold metrics (bindings/metrics/precision-recall.ts): numpy/scipy fixture values,
// closed forms on identical and far-apart sets, and typed errors.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { Saddle } from '../../bindings/index.js';
import { densityCoverage, knnRadii, precisionRecall } from '../../bindings/metrics/precision-recall.js';
import { BUILDS, trackLiveBytes } from '../helpers/builds.js';
import { argumentError } from '../helpers/errors.js';

interface PrdcFixture {
  n: number; m: number; d: number; real: number[]; fake: number[]; radii3: number[];
  precision: number; recall: number; density: number; coverage: number;
}
const F = JSON.parse(readFileSync(new URL('../fixtures/stats/prdc.json', import.meta.url), 'utf8')) as PrdcFixture;
const REAL = { data: F.real, rows: F.n, cols: F.d }, FAKE = { data: F.fake, rows: F.m, cols: F.d };

for (const build of BUILDS) {
  describe(`precision/recall, density/coverage (${build} build)`, () => {
    let sd: Saddle;
    trackLiveBytes(build, (s) => { sd = s; });

    test('numpy/scipy fixture: radii, precision, recall (k = 3), density, coverage (k = 5)', () => {
      knnRadii(sd, REAL, 3).forEach((r, i) => expect(Math.abs(r - F.radii3[i])).toBeLessThan(1e-12));
      expect(precisionRecall(sd, REAL, FAKE)).toEqual({ precision: F.precision, recall: F.recall });
      const dc = densityCoverage(sd, REAL, FAKE);
      expect(dc.density).toBeCloseTo(F.density, 14);
      expect(dc.coverage).toBe(F.coverage);
    });

    test('identical sets: precision = recall = coverage = 1; far-apart sets: all 0', () => {
      expect(precisionRecall(sd, REAL, REAL)).toEqual({ precision: 1, recall: 1 });
      expect(densityCoverage(sd, REAL, REAL).coverage).toBe(1);
      const far = { data: F.fake.map((v) => v + 1000), rows: F.m, cols: F.d };
      expect(precisionRecall(sd, REAL, far)).toEqual({ precision: 0, recall: 0 });
      expect(densityCoverage(sd, REAL, far)).toEqual({ density: 0, coverage: 0 });
    });

    test('1-D hand-worked radii: the k-th neighbour excludes the point itself, duplicates count', () => {
      expect(Array.from(knnRadii(sd, { data: [0, 1, 3], rows: 3, cols: 1 }, 1))).toEqual([1, 1, 2]);
      expect(Array.from(knnRadii(sd, { data: [0, 1, 3], rows: 3, cols: 1 }, 2))).toEqual([3, 2, 3]);
      expect(Array.from(knnRadii(sd, { data: [5, 5, 7], rows: 3, cols: 1 }, 1))).toEqual([0, 0, 2]);
    });

    test('typed errors name the argument', () => {
      const small = { data: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], rows: 3, cols: 4 };
      const cases: Array<[string, () => unknown]> = [
        ['options.k', () => precisionRecall(sd, REAL, FAKE, { k: 0 })],
        ['k', () => knnRadii(sd, REAL, 1.5)],
        ['real.rows', () => precisionRecall(sd, small, FAKE)],
        ['real.rows', () => densityCoverage(sd, REAL, FAKE, { k: F.n })],
        ['fake.rows', () => precisionRecall(sd, REAL, small)],
        ['fake.cols', () => precisionRecall(sd, REAL, { data: [0, 1], rows: 2, cols: 1 })],
        ['real.data', () => precisionRecall(sd, { ...REAL, data: F.real.map((v, i) => (i === 5 ? NaN : v)) }, FAKE)],
        ['options', () => densityCoverage(sd, REAL, FAKE, null as never)],
      ];
      for (const [argument, call] of cases) {
        const error = argumentError(call);
        expect(error.argument, error.message).toBe(argument);
      }
    });
  });
}
