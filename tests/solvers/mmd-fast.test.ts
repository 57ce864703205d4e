// The fast MMD path (assembly/solvers/mmd-fast.ts through method 'gemm' / 'auto' of
// bindings/metrics/mmd.ts): against an independent plain-JS reference (D from the differences,
// f64, no cancellation), the fast value is within its errorBound; the bound is not vacuous
// on typical data; the cancellation case (large means, small spreads) from d = 2 to 2048.
import { describe, expect, test } from 'vitest';
import type { Saddle } from '../../bindings/index.js';
import { energyDistance, mmd, DIRECT_MAX_DIM, EXP_REL_ERR, type Kernel, type MmdEstimator } from '../../bindings/metrics/mmd.js';
import { kid } from '../../bindings/metrics/kid.js';
import { BUILDS, trackLiveBytes } from '../helpers/builds.js';
import { argumentError } from '../helpers/errors.js';
import { mulberry32 } from '../helpers/random.js';

/** n×d f32 values: mean + spread·(uniform in [−1, 1)) + shift per coordinate. */
function cloud(n: number, d: number, seed: number, mean: number, spread: number, shift = 0): Float32Array {
  const r = mulberry32(seed), out = new Float32Array(n * d);
  for (let i = 0; i < n * d; i++) out[i] = mean + shift + spread * (2 * r() - 1);
  return out;
}

/** k from D and g, plain JS (the formulas of bindings/metrics/mmd.ts Kernel). */
function kernelFn(k: Kernel, d: number): (dist2: number, g: number) => number {
  switch (k.kind) {
    case 'linear': return (_, g) => g;
    case 'rbf': { const s = k.bandwidth as number; return (dd) => Math.exp(-dd / (2 * s * s)); }
    case 'polynomial': { const p = k.degree ?? 3, ga = k.gamma ?? 1 / d, c = k.coef0 ?? 1; return (_, g) => (ga * g + c) ** p; }
    case 'laplacian': return (dd) => Math.exp(-Math.sqrt(dd) / k.bandwidth);
    case 'imq': { const c = k.c ?? 1, b = k.beta ?? 0.5; return (dd) => (c * c + dd) ** -b; }
    case 'distance': return (dd) => -Math.sqrt(dd);
  }
}

/** MMD² in f64 from the differences (and the products for g). */
function reference(x: Float32Array, y: Float32Array, n: number, m: number, d: number, k: Kernel, estimator: MmdEstimator): number {
  const f = kernelFn(k, d);
  const sum = (a: Float32Array, na: number, b: Float32Array, nb: number, skipDiag: boolean) => {
    let s = 0;
    for (let i = 0; i < na; i++) for (let j = 0; j < nb; j++) {
      if (skipDiag && i === j) continue;
      let dd = 0, g = 0;
      for (let q = 0; q < d; q++) { const u = a[i * d + q], v = b[j * d + q]; dd += (u - v) * (u - v); g += u * v; }
      s += f(dd, g);
    }
    return s;
  };
  if (estimator === 'biased') return sum(x, n, x, n, false) / (n * n) + sum(y, m, y, m, false) / (m * m) - 2 * sum(x, n, y, m, false) / (n * m);
  const xx = sum(x, n, x, n, true) / (n * (n - 1)), yy = sum(y, m, y, m, true) / (m * (m - 1));
  if (estimator === 'unbiased') return xx + yy - 2 * sum(x, n, y, m, false) / (n * m);
  return xx + yy - 2 * sum(x, n, y, m, true) / (n * (n - 1));
}

for (const build of BUILDS) {
  describe(`mmd fast path (${build} build)`, () => {
    let sd: Saddle;
    trackLiveBytes(build, (s) => { sd = s; });

    // the cancellation case: means 100 (‖μ‖² = 10⁴·d), spreads 1, a shifted y
    const dims = [2, 7, 33, 300, 2048];
    for (const d of dims) {
      const n = d >= 1000 ? 40 : 70, m = d >= 1000 ? 33 : 61;
      const x = cloud(n, d, 10 + d, 100, 1), y = cloud(m, d, 20 + d, 100, 1, 0.3);
      const sigma = Math.sqrt(d / 3);
      const kernels: Kernel[] = [
        { kind: 'rbf', bandwidth: sigma }, { kind: 'laplacian', bandwidth: sigma }, { kind: 'imq', c: 1, beta: 0.5 },
        { kind: 'imq', c: 2, beta: 1.5 }, { kind: 'distance' }, { kind: 'polynomial', degree: 3, gamma: 1 / (d * 1e4), coef0: 1 },
        { kind: 'polynomial', degree: 2.5, gamma: 1 / (d * 1e4), coef0: 1 }, { kind: 'linear' },
      ];
      for (const kernel of kernels) {
        test(`d = ${d}, ${JSON.stringify(kernel)}: |gemm − exact| <= errorBound for every estimator`, () => {
          const X = { data: x, rows: n, cols: d }, Y = { data: y, rows: m, cols: d };
          for (const estimator of ['biased', 'unbiased'] as const) {
            const ref = reference(x, y, n, m, d, kernel, estimator);
            const r = mmd(sd, X, Y, { kernel, estimator, method: 'gemm' });
            expect(r.method).toBe('gemm');
            expect(r.errorBound).toBeGreaterThan(0);
            // the reference itself is f64 from differences: its own error is far below the bound
            expect(Math.abs(r.mmd2 - ref)).toBeLessThanOrEqual(r.errorBound! + 1e-13 * Math.abs(ref));
            const exact = mmd(sd, X, Y, { kernel, estimator });
            expect(exact.method).toBe('exact');
            expect(exact.errorBound).toBeUndefined();
          }
        });
      }
      test(`d = ${d}: the rbf bound is below 1% of |MMD²| on centred-away data`, () => {
        const r = mmd(sd, { data: x, rows: n, cols: d }, { data: y, rows: m, cols: d }, { kernel: { kind: 'rbf', bandwidth: sigma }, method: 'gemm' });
        expect(r.errorBound!).toBeLessThan(0.01 * Math.abs(r.mmd2));
      });
    }

    test('u-statistic, energy distance and KID run the fast path within the bound', () => {
      const d = 64, n = 50;
      const x = cloud(n, d, 5, 3, 1), y = cloud(n, d, 6, 3, 1, 0.2);
      const X = { data: x, rows: n, cols: d }, Y = { data: y, rows: n, cols: d };
      const k: Kernel = { kind: 'rbf', bandwidth: 5 };
      const u = mmd(sd, X, Y, { kernel: k, estimator: 'u-statistic', method: 'gemm' });
      expect(Math.abs(u.mmd2 - reference(x, y, n, n, d, k, 'u-statistic'))).toBeLessThanOrEqual(u.errorBound!);
      const e = mmd(sd, X, Y, { kernel: { kind: 'distance' }, estimator: 'biased', method: 'gemm' });
      expect(energyDistance(sd, X, Y, { method: 'gemm' })).toBe(e.mmd2);
      expect(Math.abs(e.mmd2 - energyDistance(sd, X, Y))).toBeLessThanOrEqual(e.errorBound!);
      const kf = kid(sd, X, Y, { protocol: 'full', method: 'gemm' });
      const ke = kid(sd, X, Y, { protocol: 'full' });
      expect(Math.abs(kf.mean - ke.mean)).toBeLessThanOrEqual(kf.errorBound! + 1e-13);
      const ks = kid(sd, X, Y, { subsets: 3, subsetSize: 20, seed: 4, method: 'gemm' });
      const kse = kid(sd, X, Y, { subsets: 3, subsetSize: 20, seed: 4 });
      expect(Math.abs(ks.mean - kse.mean)).toBeLessThanOrEqual(ks.errorBound! + 1e-13);
      expect(kse.errorBound).toBeUndefined();
    });

    test("'auto' picks the fast path when its bound is small and 'exact' when it is not", () => {
      const d = 64, n = 40;
      const x = cloud(n, d, 7, 0, 1), y = cloud(n, d, 8, 0, 1, 0.5);
      const X = { data: x, rows: n, cols: d }, Y = { data: y, rows: n, cols: d };
      const a = mmd(sd, X, Y, { kernel: { kind: 'rbf', bandwidth: 6 }, method: 'auto' });
      expect(a.method).toBe('gemm');
      // identical sets: MMD²_b = 0 exactly in the exact path, while the fast bound is > 0
      const z = mmd(sd, X, X, { kernel: { kind: 'rbf', bandwidth: 6 }, estimator: 'biased', method: 'auto' });
      expect(z.method).toBe('exact');
    });

    test('the diagonal clamp: coincident points give D = 0, distance kernel √0 = 0', () => {
      const d = 40, n = 6;
      const x = cloud(n, d, 9, 50, 1);
      const X = { data: x, rows: n, cols: d };
      const r = mmd(sd, X, X, { kernel: { kind: 'distance' }, estimator: 'u-statistic', method: 'gemm' });
      // x vs itself: every term is the same pair set, MMD²_U = 0 up to the bound
      expect(Math.abs(r.mmd2)).toBeLessThanOrEqual(r.errorBound!);
    });

    test(`the SIMD exp is within EXP_REL_ERR of Math.exp on a sample of [−708, 0] (2¹⁶ points)`, () => {
      const count = 1 << 16;
      const xs = new Float64Array(count);
      const r = mulberry32(3);
      for (let i = 0; i < count; i++) xs[i] = i < 1024 ? -i / 1024 : -708 * r();
      const a = sd.f64(xs), out = sd.f64(count);
      try {
        sd.exports.exp_f64x2_array(a.ptr, count, out.ptr);
        const v = out.toArray();
        let worst = 0;
        for (let i = 0; i < count; i++) worst = Math.max(worst, Math.abs(v[i] - Math.exp(xs[i])) / Math.exp(xs[i]));
        expect(worst).toBeLessThanOrEqual(EXP_REL_ERR);
      } finally {
        a.dispose(); out.dispose();
      }
    });

    test('DIRECT_MAX_DIM splits the two loops and both agree with the exact path', () => {
      for (const d of [DIRECT_MAX_DIM, DIRECT_MAX_DIM + 1]) {
        const n = 30, x = cloud(n, d, d, 0, 1), y = cloud(n, d, d + 1, 0, 1, 0.4);
        const X = { data: x, rows: n, cols: d }, Y = { data: y, rows: n, cols: d };
        const f = mmd(sd, X, Y, { kernel: { kind: 'rbf', bandwidth: 3 }, method: 'gemm' });
        const e = mmd(sd, X, Y, { kernel: { kind: 'rbf', bandwidth: 3 } });
        expect(Math.abs(f.mmd2 - e.mmd2)).toBeLessThanOrEqual(f.errorBound! + 1e-14);
      }
    });

    test('method is validated', () => {
      const X = { data: [0, 1, 2, 3], rows: 2, cols: 2 };
      expect(argumentError(() => mmd(sd, X, X, { method: 'fast' as never })).argument).toBe('options.method');
      expect(argumentError(() => energyDistance(sd, X, X, { method: 1 as never })).argument).toBe('options.method');
      expect(argumentError(() => kid(sd, X, X, { protocol: 'full', method: 'gem' as never })).argument).toBe('options.method');
    });
  });
}
