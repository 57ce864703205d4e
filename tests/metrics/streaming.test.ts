// Streaming statistics (bindings/metrics/streaming.ts): batch size 1, N and all give the
// same mean and covariance (to f64 rounding) and the same FID; the feature buffer is exact.
import { describe, expect, test } from 'vitest';
import type { Saddle } from '../../bindings/index.js';
import { fid, frechetDistance } from '../../bindings/metrics/frechet.js';
import { FeatureAccumulator, GaussianStatsAccumulator, gaussianStats } from '../../bindings/metrics/streaming.js';
import { BUILDS, trackLiveBytes } from '../helpers/builds.js';
import { argumentError } from '../helpers/errors.js';
import { randomF32 } from '../helpers/random.js';

const n = 301, d = 19;
const X = randomF32(n * d, 41, -2, 3), Y = randomF32(257 * d, 42, -1, 1);

function accumulate(sd: Saddle, batch: number) {
  const acc = new GaussianStatsAccumulator(sd, d);
  try {
    for (let r = 0; r < n; r += batch) {
      const b = Math.min(batch, n - r);
      acc.add({ data: X.subarray(r * d, (r + b) * d), rows: b, cols: d });
    }
    return acc.stats();
  } finally {
    acc.dispose();
  }
}

for (const build of BUILDS) {
  describe(`streaming (${build} build)`, () => {
    let sd: Saddle;
    trackLiveBytes(build, (s) => { sd = s; });

    test('Gaussian statistics: batch size 1 vs 7 vs 128 vs all; a two-pass f64 reference', () => {
      const all = gaussianStats(sd, { data: X, rows: n, cols: d });
      // two-pass reference in f64
      const mean = new Float64Array(d), cov = new Float64Array(d * d);
      for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += X[i * d + j] / n;
      for (let i = 0; i < n; i++) for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) {
        cov[a * d + b] += (X[i * d + a] - mean[a]) * (X[i * d + b] - mean[b]) / (n - 1);
      }
      all.mean.forEach((v, i) => expect(Math.abs(v - mean[i])).toBeLessThan(1e-13));
      all.cov.forEach((v, i) => expect(Math.abs(v - cov[i])).toBeLessThan(1e-13));
      for (const batch of [1, 7, 128]) {
        const s = accumulate(sd, batch);
        expect(s.count).toBe(n);
        s.mean.forEach((v, i) => expect(Math.abs(v - all.mean[i]), `batch ${batch}`).toBeLessThan(1e-13));
        s.cov.forEach((v, i) => expect(Math.abs(v - all.cov[i]), `batch ${batch}`).toBeLessThan(1e-13));
        const other = gaussianStats(sd, { data: Y, rows: 257, cols: d });
        const a = frechetDistance(sd, s, other).distance, b = fid(sd, { data: X, rows: n, cols: d }, { data: Y, rows: 257, cols: d }).distance;
        expect(Math.abs(a - b) / b).toBeLessThan(1e-11);
      }
    });

    test('empty batches change nothing; stats() needs two rows; wrong width is a typed error', () => {
      const acc = new GaussianStatsAccumulator(sd, d);
      try {
        acc.add({ data: [], rows: 0, cols: d });
        expect(argumentError(() => acc.stats()).argument).toBe('x');
        acc.add({ data: X.subarray(0, d), rows: 1, cols: d });
        expect(argumentError(() => acc.stats()).argument).toBe('x');
        expect(argumentError(() => acc.add({ data: [1, 2], rows: 1, cols: 2 })).argument).toBe('x.cols');
        acc.add({ data: X.subarray(d, 2 * d), rows: 1, cols: d });
        expect(acc.stats().count).toBe(2);
      } finally {
        acc.dispose();
      }
      expect(argumentError(() => new GaussianStatsAccumulator(sd, 0)).argument).toBe('dim');
    });

    test('feature buffer: concatenation of the batches, bit for bit', () => {
      const acc = new FeatureAccumulator(sd, d);
      try {
        for (let r = 0; r < n;) {
          const b = Math.min(1 + ((r * 7) % 90), n - r);
          acc.add({ data: X.subarray(r * d, (r + b) * d), rows: b, cols: d });
          r += b;
        }
        const m = acc.matrix();
        expect(m.rows).toBe(n);
        expect((m.data as { toArray(): Float32Array }).toArray()).toEqual(X);
      } finally {
        acc.dispose();
      }
    });
  });
}
