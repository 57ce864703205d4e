// MMD, kernels and energy distance (bindings/metrics/mmd.ts): numpy fixtures for every kernel
// and estimator, closed forms, invariants, determinism and typed errors.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { Saddle } from '../../bindings/index.js';
import {
  energyDistance, kernelMatrix, kernelSums, medianBandwidth, mmd, mmd2, mmd2FromSums, type Kernel, type MmdEstimator,
} from '../../bindings/metrics/mmd.js';
import type { Matrix } from '../../bindings/metrics/common.js';
import { BUILDS, trackLiveBytes } from '../helpers/builds.js';
import { argumentError } from '../helpers/errors.js';
import { randomF32 } from '../helpers/random.js';

interface MmdCase {
  kind: Kernel['kind']; params: Record<string, number | number[]>; median: boolean;
  mmd2: Partial<Record<MmdEstimator, number>>;
}
interface MmdFixture { n: number; m: number; d: number; x: number[]; y: number[]; medianSigma: number; cases: MmdCase[]; kxySmall: number[] }
const FIXTURES = JSON.parse(readFileSync(new URL('../fixtures/stats/mmd.json', import.meta.url), 'utf8')) as MmdFixture[];

const mat = (data: Matrix['data'], rows: number, cols: number) => ({ data, rows, cols });

function kernelOf(c: MmdCase): Kernel {
  return (c.median ? { kind: 'rbf', bandwidth: 'median' } : { kind: c.kind, ...c.params }) as Kernel;
}

for (const build of BUILDS) {
  describe(`mmd (${build} build)`, () => {
    let sd: Saddle;
    trackLiveBytes(build, (s) => { sd = s; });

    for (const f of FIXTURES) {
      test(`numpy fixture n=${f.n} m=${f.m} d=${f.d}: every kernel and estimator to 1e-10`, () => {
        const x = mat(f.x, f.n, f.d), y = mat(f.y, f.m, f.d);
        expect(Math.abs(medianBandwidth(sd, x, y) - f.medianSigma)).toBeLessThan(1e-12 * f.medianSigma);
        for (const c of f.cases) {
          for (const [estimator, want] of Object.entries(c.mmd2) as Array<[MmdEstimator, number]>) {
            const got = mmd(sd, x, y, { kernel: kernelOf(c), estimator }).mmd2;
            expect(Math.abs(got - want), `${c.kind} ${JSON.stringify(c.params)} ${estimator}: ${got} vs ${want}`).toBeLessThan(1e-10 * Math.max(1, Math.abs(want)));
          }
        }
        const k = kernelMatrix(sd, mat(f.x.slice(0, 3 * f.d), 3, f.d), mat(f.y.slice(0, 2 * f.d), 2, f.d), { kind: 'rbf', bandwidth: 1.5 });
        k.forEach((v, i) => expect(Math.abs(v - f.kxySmall[i])).toBeLessThan(1e-14));
      });
    }

    test('median heuristic on more than maxPoints rows uses the strided rows ⌊i·N/k⌋', () => {
      const f = FIXTURES[2];
      const N = f.n + f.m, k = 40, d = f.d;
      const z = [...f.x, ...f.y];
      const rows = Array.from({ length: k }, (_, i) => Math.floor((i * N) / k));
      const dist: number[] = [];
      for (let a = 0; a < k; a++) for (let b = a + 1; b < k; b++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += (z[rows[a] * d + j] - z[rows[b] * d + j]) ** 2;
        dist.push(s);
      }
      dist.sort((p, q) => p - q);
      const h = dist.length / 2;
      const want = Math.sqrt(dist.length % 2 ? dist[(dist.length - 1) / 2] : (dist[h - 1] + dist[h]) / 2);
      const got = medianBandwidth(sd, mat(f.x, f.n, d), mat(f.y, f.m, d), { maxPoints: k });
      expect(Math.abs(got - want) / want).toBeLessThan(1e-12);
      expect(medianBandwidth(sd, mat(f.x, f.n, d), mat(f.y, f.m, d), { maxPoints: Infinity })).toBe(medianBandwidth(sd, mat(f.x, f.n, d), mat(f.y, f.m, d)));
      expect(argumentError(() => medianBandwidth(sd, mat(f.x, f.n, d), undefined, { maxPoints: 1 })).argument).toBe('options.maxPoints');
    });

    test('energy distance: V and U statistics are the distance-kernel MMD² (fixture), and a 1-D closed form', () => {
      const f = FIXTURES[1];
      const c = f.cases.find((e) => e.kind === 'distance')!;
      const x = mat(f.x, f.n, f.d), y = mat(f.y, f.m, f.d);
      expect(Math.abs(energyDistance(sd, x, y) - c.mmd2.biased!)).toBeLessThan(1e-10);
      expect(Math.abs(energyDistance(sd, x, y, { statistic: 'U' }) - c.mmd2.unbiased!)).toBeLessThan(1e-10);
      // x = {0}, y = {3}: 2·3 − 0 − 0
      expect(energyDistance(sd, mat([0], 1, 1), mat([3], 1, 1))).toBe(6);
      // x = {0, 1}, y = {3}: 2·(3 + 2)/2 − (0 + 1 + 1 + 0)/4 − 0 = 4.5
      expect(energyDistance(sd, mat([0, 1], 2, 1), mat([3], 1, 1))).toBe(4.5);
    });

    test('closed forms: identical sets give biased MMD² 0; linear biased MMD² = ‖mean x − mean y‖²', () => {
      const n = 37, d = 9;
      const xs = randomF32(n * d, 11), ys = randomF32(40 * d, 12, -0.5, 1.5);
      const x = mat(xs, n, d), y = mat(ys, 40, d);
      for (const kernel of [{ kind: 'rbf', bandwidth: [0.7, 2] }, { kind: 'polynomial' }, { kind: 'laplacian', bandwidth: 1 }, { kind: 'imq' }, { kind: 'distance' }, { kind: 'linear' }] as Kernel[]) {
        expect(Math.abs(mmd(sd, x, x, { kernel, estimator: 'biased' }).mmd2), kernel.kind).toBeLessThan(1e-12);
      }
      const mx = new Float64Array(d), my = new Float64Array(d);
      for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mx[j] += xs[i * d + j] / n;
      for (let i = 0; i < 40; i++) for (let j = 0; j < d; j++) my[j] += ys[i * d + j] / 40;
      let want = 0;
      for (let j = 0; j < d; j++) want += (mx[j] - my[j]) ** 2;
      expect(Math.abs(mmd(sd, x, y, { kernel: { kind: 'linear' }, estimator: 'biased' }).mmd2 - want)).toBeLessThan(1e-12);
    });

    test('invariants: symmetry in (x, y), translation invariance (RBF), rotation invariance (coordinate permutation and sign flips)', () => {
      const n = 50, d = 6;
      // multiples of 2⁻¹⁰: the shifts below are exact in f32
      const q = (v: Float32Array) => v.map((t) => Math.round(t * 1024) / 1024);
      const xs = q(randomF32(n * d, 21)), ys = q(randomF32(n * d, 22, -1, 1.4));
      const x = mat(xs, n, d), y = mat(ys, n, d);
      const kernel: Kernel = { kind: 'rbf', bandwidth: [0.5, 1.5] };
      for (const estimator of ['biased', 'unbiased', 'u-statistic'] as const) {
        const a = mmd(sd, x, y, { kernel, estimator }).mmd2, b = mmd(sd, y, x, { kernel, estimator }).mmd2;
        expect(Math.abs(a - b)).toBeLessThan(1e-14);
      }
      const base = mmd(sd, x, y, { kernel }).mmd2;
            const shift = (v: Float32Array) => v.map((t, i) => t + (i % d) * 0.25 - 0.5);
      expect(Math.abs(mmd(sd, mat(shift(xs), n, d), mat(shift(ys), n, d), { kernel }).mmd2 - base)).toBeLessThan(1e-12);
      const perm = [3, 0, 5, 1, 4, 2], signs = [1, -1, 1, 1, -1, -1];
      const rot = (v: Float32Array) => v.map((_, i) => signs[i % d] * v[i - (i % d) + perm[i % d]]);
      expect(Math.abs(mmd(sd, mat(rot(xs), n, d), mat(rot(ys), n, d), { kernel }).mmd2 - base)).toBeLessThan(1e-12);
    });

    test('mmd2 over explicit kernel matrices equals mmd over points; mmd2FromSums hand-worked', () => {
      const f = FIXTURES[0];
      const x = mat(f.x, f.n, f.d), y = mat(f.y, f.m, f.d);
      const kernel: Kernel = { kind: 'imq', c: 0.7, beta: 1.5 };
      const kxx = mat(kernelMatrix(sd, x, x, kernel), f.n, f.n), kxy = mat(kernelMatrix(sd, x, y, kernel), f.n, f.m);
      const kyy = mat(kernelMatrix(sd, y, y, kernel), f.m, f.m);
      for (const estimator of ['biased', 'unbiased', 'u-statistic'] as const) {
        const a = mmd2(sd, kxx, kxy, kyy, estimator), b = mmd(sd, x, y, { kernel, estimator }).mmd2;
        expect(Math.abs(a - b)).toBeLessThan(1e-12);
      }
      const s = kernelSums(sd, mat([0, 2], 2, 1), mat([1], 1, 1), { kernel: { kind: 'linear' } });
      expect(s).toEqual({ n: 2, m: 1, xx: 4, xxDiag: 4, yy: 1, yyDiag: 1, xy: 2, xyDiag: 0 });
      expect(mmd2FromSums(s, 'biased')).toBe(0);
      // n = m = 2: xx = [[1,0.5],[0.5,1]], yy = [[1,0.25],[0.25,1]], xy = [[0.1,0.2],[0.3,0.4]]
      const t = { n: 2, m: 2, xx: 3, xxDiag: 2, yy: 2.5, yyDiag: 2, xy: 1, xyDiag: 0.5 };
      expect(mmd2FromSums(t, 'biased')).toBeCloseTo(3 / 4 + 2.5 / 4 - 2 / 4, 15);
      expect(mmd2FromSums(t, 'unbiased')).toBeCloseTo(1 / 2 + 0.5 / 2 - 2 / 4, 15);
      expect(mmd2FromSums(t, 'u-statistic')).toBeCloseTo(1 / 2 + 0.5 / 2 - 2 * 0.5 / 2, 15);
    });

    test('deterministic, and the same for a WasmArray input as for a plain array', () => {
      const n = 70, d = 33;
      const xs = randomF32(n * d, 31), ys = randomF32(n * d, 32);
      const a = mmd(sd, mat(xs, n, d), mat(ys, n, d)).mmd2, b = mmd(sd, mat(xs, n, d), mat(ys, n, d)).mmd2;
      expect(a).toBe(b);
      const wx = sd.f32(xs);
      expect(mmd(sd, mat(wx, n, d), mat(ys, n, d)).mmd2).toBe(a);
      wx.dispose();
    });

    test('never NaN on valid input: far-apart sets with a tiny bandwidth, duplicate points', () => {
      const x = mat([0, 0, 0, 0], 4, 1), y = mat([1e6, 1e6, -1e6, 5], 4, 1);
      for (const kernel of [{ kind: 'rbf', bandwidth: 1e-3 }, { kind: 'laplacian', bandwidth: 1e-6 }, { kind: 'imq', c: 1e-3 }, { kind: 'distance' }] as Kernel[]) {
        for (const estimator of ['biased', 'unbiased', 'u-statistic'] as const) {
          expect(Number.isFinite(mmd(sd, x, y, { kernel, estimator }).mmd2), `${kernel.kind} ${estimator}`).toBe(true);
        }
      }
    });

    test('typed errors name the argument', () => {
      const x = mat([0, 1, 2, 3], 2, 2), y = mat([0, 1, 2, 3, 4, 5], 3, 2);
      const cases: Array<[string, () => unknown]> = [
        ['x', () => mmd(sd, null as never, y)],
        ['x.rows', () => mmd(sd, mat([], 0, 2), y)],
        ['x.cols', () => mmd(sd, mat([1, 2], 2, 0), y)],
        ['x.data', () => mmd(sd, mat([0, 1, 2], 2, 2), y)],
        ['x.data', () => mmd(sd, mat([0, NaN, 2, 3], 2, 2), y)],
        ['y.data', () => mmd(sd, x, mat([0, 1, 2, 3, 4, Infinity], 3, 2))],
        ['y.cols', () => mmd(sd, x, mat([0, 1, 2], 1, 3))],
        ['options.estimator', () => mmd(sd, x, y, { estimator: 'vstat' as MmdEstimator })],
        ['y', () => mmd(sd, x, y, { estimator: 'u-statistic' })],
        ['x', () => mmd(sd, mat([0, 1], 1, 2), y, { estimator: 'unbiased' })],
        ['options.kernel.kind', () => mmd(sd, x, y, { kernel: { kind: 'gauss' } as unknown as Kernel })],
        ['options.kernel.bandwidth', () => mmd(sd, x, y, { kernel: { kind: 'rbf', bandwidth: 0 } })],
        ['options.kernel.bandwidth', () => mmd(sd, x, y, { kernel: { kind: 'rbf', bandwidth: [1, -1] } })],
        ['options.kernel.bandwidth', () => mmd(sd, x, y, { kernel: { kind: 'rbf', bandwidth: [] } })],
        ['options.kernel.bandwidth', () => mmd(sd, x, y, { kernel: { kind: 'laplacian', bandwidth: NaN } })],
        ['options.kernel.degree', () => mmd(sd, x, y, { kernel: { kind: 'polynomial', degree: 0 } })],
        ['options.kernel.gamma', () => mmd(sd, x, y, { kernel: { kind: 'polynomial', gamma: Infinity } })],
        ['options.kernel.c', () => mmd(sd, x, y, { kernel: { kind: 'imq', c: -1 } })],
        ['options.kernel.beta', () => mmd(sd, x, y, { kernel: { kind: 'imq', beta: 0 } })],
        // median of a set whose pairs mostly coincide is 0
        ['options.kernel.bandwidth', () => mmd(sd, mat([1, 1, 1], 3, 1), mat([1, 1, 2], 3, 1))],
        ['options.statistic', () => energyDistance(sd, x, y, { statistic: 'W' as 'V' })],
        ['options', () => mmd(sd, x, y, 3 as never)],
        ['Kxy', () => mmd2(sd, mat([1, 0, 0, 1], 2, 2), mat([1, 2], 1, 2), mat([1], 1, 1))],
      ];
      for (const [argument, call] of cases) {
        const error = argumentError(call);
        expect(error.argument, error.message).toBe(argument);
      }
    });
  });
}
