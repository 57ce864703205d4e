// The metrics' one validation layer (bindings/metrics/schemas.ts): every public metrics
// entry point refuses unknown keys with the nearest known key, options of another kernel
// kind, out-of-range and non-finite numbers, bad cells, and names the argument.
import { describe, expect, test } from 'vitest';
import { SaddleArgumentError, graph, metrics } from '../../bindings/index.js';
import { computeMetric } from '../../bindings/metrics/registry.js';
import { MAX_DEGREE, MIN_BANDWIDTH } from '../../bindings/metrics/schemas.js';
import { loadBuild } from '../helpers/builds.js';
import { argumentError } from '../helpers/errors.js';

const mat = (data: ArrayLike<unknown>, rows: number, cols: number) => ({ data: data as ArrayLike<number>, rows, cols });

describe('metrics options: one schema per concept, strict', async () => {
  const sd = await loadBuild('simd');
  const X = mat([0, 0, 1, 0, 0, 1, 1, 1], 4, 2), Y = mat([0.5, 0, 1, 0.5, 0, 0.5, 2, 1], 4, 2);
  const pts = [[0, 0], [1, 0], [0, 1]], qts = [[0.5, 0], [1, 1]];

  test('unknown keys are refused with the nearest valid key', () => {
    const cases: Array<[string, string, () => unknown]> = [
      ['options.tolerance', 'tol', () => metrics.sinkhorn(sd, pts, qts, { eps: 1, tolerance: 1e-6 } as never)],
      ['options.maxIter', 'maxIterations', () => metrics.sinkhornDivergence(sd, pts, qts, { eps: 1, maxIter: 10 } as never)],
      ['options.debias', 'debiased', () => metrics.sinkhornBatch(sd, [0, 1], [1, 2], { batch: 1, n: 2, m: 2, dim: 1, eps: 1, debias: true } as never)],
      ['options.kernel.bandwith', 'bandwidth', () => metrics.mmd(sd, X, Y, { kernel: { kind: 'rbf', bandwith: 1 } } as never)],
      ['options.subset_size', 'subsetSize', () => metrics.kid(sd, X, Y, { subset_size: 2 } as never)],
      ['options.estimater', 'estimator', () => metrics.mmd(sd, X, Y, { estimater: 'biased' } as never)],
      ['options.methods', 'method', () => metrics.frechetDistance(sd, { mean: [0], cov: [1] }, { mean: [1], cov: [1] }, { methods: 'eigh' } as never)],
      ['options.kk', 'k', () => metrics.precisionRecall(sd, X, Y, { kk: 1 } as never)],
      ['options.statistc', 'statistic', () => metrics.energyDistance(sd, X, Y, { statistc: 'U' } as never)],
      ['options.maxPoint', 'maxPoints', () => metrics.medianBandwidth(sd, X, undefined, { maxPoint: 10 } as never)],
    ];
    for (const [argument, near, call] of cases) {
      const error = argumentError(call);
      expect(error.argument, error.message).toBe(argument);
      expect(error.message).toContain(`did you mean '${near}'?`);
    }
  });

  test('options of another kernel kind are refused by name', () => {
    const bw = argumentError(() => metrics.mmd(sd, X, Y, { kernel: { kind: 'polynomial', bandwidth: 1 } } as never));
    expect(bw.argument).toBe('options.kernel.bandwidth');
    expect(bw.message).toMatch(/unset for kind 'polynomial' \(bandwidth is an option of 'rbf', 'laplacian'\)/);
    const degree = argumentError(() => metrics.kernelMatrix(sd, X, Y, { kind: 'rbf', degree: 2 } as never));
    expect(degree.argument).toBe('kernel.degree');
    expect(degree.message).toMatch(/option of 'polynomial'/);
    // the registry's flat options (the CLI flags) take the same kernel schema
    const flat = argumentError(() => computeMetric(sd, 'mmd', X, Y, { kernel: 'polynomial', bandwidth: 1 }));
    expect(flat.argument).toBe('bandwidth');
    expect(argumentError(() => computeMetric(sd, 'mmd', X, Y, { kernel: 'rbf', degree: 2 })).argument).toBe('degree');
    expect(computeMetric(sd, 'mmd', X, Y, { kernel: 'polynomial', degree: 2 }).result.mmd2)
      .toBe(metrics.mmd(sd, X, Y, { kernel: { kind: 'polynomial', degree: 2 } }).mmd2);
    // mmd2Loss: the graph kernels (no laplacian)
    const g = new graph.Graph();
    const a = graph.constant(g, new Float32Array(4), [2, 2]);
    expect(argumentError(() => metrics.mmd2Loss(a, a, { kernel: { kind: 'laplacian', bandwidth: 1 } } as never)).argument).toBe('options.kernel.kind');
    expect(argumentError(() => metrics.mmd2Loss(a, a, { kernel: { kind: 'polynomial', degree: 2.5 } })).argument).toBe('options.kernel.degree');
  });

  test('numbers out of range or non-finite are refused, naming the argument and the bound', () => {
    const cases: Array<[string, RegExp, () => unknown]> = [
      // 1/(2σ²) = ∞ at σ = 1e-300: exp(−0·∞) would be NaN on the diagonal
      ['options.kernel.bandwidth', /1e-150/, () => metrics.mmd(sd, X, Y, { kernel: { kind: 'rbf', bandwidth: 1e-300 } })],
      ['options.kernel.bandwidth', /1e-150/, () => metrics.mmd(sd, X, Y, { kernel: { kind: 'laplacian', bandwidth: 1e-300 } })],
      ['options.kernel.bandwidth', /1e-150/, () => metrics.mmd(sd, X, Y, { kernel: { kind: 'rbf', bandwidth: [1, 1e-200] } })],
      ['options.kernel.degree', /16/, () => metrics.mmd(sd, X, Y, { kernel: { kind: 'polynomial', degree: MAX_DEGREE + 1 } })],
      ['options.kernel.coef0', /finite/, () => metrics.mmd(sd, X, Y, { kernel: { kind: 'polynomial', coef0: NaN } })],
      ['options.eps', /1e-200/, () => metrics.sinkhorn(sd, pts, qts, { eps: Infinity })],
      ['options.tol', />= 0/, () => metrics.sinkhorn(sd, pts, qts, { eps: 1, tol: NaN })],
      ['options.rho', /Infinity/, () => metrics.sinkhorn(sd, pts, qts, { eps: 1, rho: -Infinity })],
      ['options.subsets', /1000000/, () => metrics.kid(sd, X, Y, { subsets: 1e9, subsetSize: 2 })],
      ['options.seed', /2\^53/, () => metrics.kid(sd, X, Y, { subsets: 1, subsetSize: 2, seed: 0.5 })],
      ['options.k', /integer/, () => metrics.densityCoverage(sd, X, Y, { k: Infinity })],
    ];
    for (const [argument, bound, call] of cases) {
      const error = argumentError(call);
      expect(error.argument, error.message).toBe(argument);
      expect(error.message).toMatch(bound);
    }
    // the bounds themselves are accepted and give finite values
    expect(Number.isFinite(metrics.mmd(sd, X, Y, { kernel: { kind: 'rbf', bandwidth: MIN_BANDWIDTH } }).mmd2)).toBe(true);
    expect(Number.isFinite(metrics.mmd(sd, X, Y, { kernel: { kind: 'polynomial', degree: MAX_DEGREE } }).mmd2)).toBe(true);
  });

  test('kernel sums that overflow f64 are refused, naming the set', () => {
    const big = mat([1e18, 1e18, 1e18, -1e18], 2, 2);
    const error = argumentError(() => metrics.mmd(sd, big, big, { kernel: { kind: 'polynomial', degree: 16, gamma: 1, coef0: 0 } }));
    expect(error.argument).toBe('x');
    expect(error.message).toMatch(/kernel sum of Infinity/);
  });

  test('plain-array cells: null, strings and values beyond f32 are refused, naming the argument', () => {
    const live = sd.liveBytes();
    const cases: Array<[string, RegExp, () => unknown]> = [
      ['x.data', /null at index 1/, () => metrics.mmd(sd, mat([0, null, 1, 1], 2, 2), Y)],
      ['y.data', /string at index 0/, () => metrics.mmd(sd, X, mat(['1', 0, 1, 1], 2, 2))],
      ['y.data', /1e\+39 at index 3/, () => metrics.kid(sd, X, mat([0, 0, 1, 1e39, 0, 1, 1, 1], 4, 2), { protocol: 'full' })],
      ['real.data', /null/, () => metrics.precisionRecall(sd, mat([0, 0, 1, 0, 0, 1, 1, null], 4, 2), Y, { k: 1 })],
      ['y.data', /null/, () => metrics.fid(sd, X, mat([0, 0, 1, null, 0, 1, 1, 1], 4, 2))],
      ['x.data', /null/, () => metrics.gaussianStats(sd, mat([0, 0, null, 1], 2, 2))],
      ['x', /null at point 0, coordinate 1/, () => metrics.sinkhorn(sd, [[0, null], [1, 1]] as never, qts, { eps: 1 })],
      ['y', /null at point 1, coordinate 0/, () => metrics.sinkhorn(sd, [0, 1], [2, null] as never, { eps: 1, dim: 1 })],
    ];
    for (const [argument, got, call] of cases) {
      const error = argumentError(call);
      expect(error.argument, error.message).toBe(argument);
      expect(error.message).toMatch(got);
    }
    expect(sd.liveBytes()).toBe(live);
  });

  test("fid names 'y' for a bad second set", () => {
    expect(argumentError(() => metrics.fid(sd, X, mat([0, 1], 1, 2))).argument).toBe('y.rows');
    expect(argumentError(() => metrics.fid(sd, X, mat([0, NaN, 1, 1], 2, 2))).argument).toBe('y.data');
    expect(argumentError(() => metrics.fid(sd, X, null as never)).argument).toBe('y');
  });

  test('Sinkhorn costs that overflow f64 are refused, naming the cloud and the limit', () => {
    // coordinates 1e160: ‖x − y‖² = 1e320 overflows (it used to give NaN)
    const error = argumentError(() => metrics.sinkhorn(sd, [[1e160, 0], [0, 0]], qts, { eps: 1 }));
    expect(error.argument).toBe('x');
    expect(error.message).toMatch(/<= 1e\+300/);
    expect(argumentError(() => metrics.sinkhornDivergence(sd, pts, [[0, -1e160]], { eps: 1 })).argument).toBe('y');
    // the ratio C/ε too: C = 1e200 with ε = 1e-200
    expect(argumentError(() => metrics.sinkhorn(sd, [0], [1e100], { eps: 1e-200, dim: 1 })).message).toMatch(/max C\/ε/);
    expect(argumentError(() => metrics.sinkhornBatch(sd, [1e160, 0], [0, 0], { batch: 1, n: 2, m: 2, dim: 1, eps: 1 })).argument).toBe('x');
    // just inside the limit: finite
    const r = metrics.sinkhorn(sd, [0], [1e149], { eps: 1e200, dim: 1 });
    expect(r.dual / 1e298).toBeCloseTo(1, 12);
  });

  test('Fréchet distance from given statistics: non-symmetric and indefinite covariances are refused', () => {
    const g = { mean: [0, 0], cov: [1, 0, 0, 1] };
    const asym = argumentError(() => metrics.frechetDistance(sd, { mean: [0, 0], cov: [1, 0.5, 0.4, 1] }, g));
    expect(asym.argument).toBe('a.cov');
    expect(asym.message).toMatch(/symmetric .*1e-9/);
    // rounding-level asymmetry is accepted (and symmetrized)
    expect(metrics.frechetDistance(sd, { mean: [0, 0], cov: [1, 0.5, 0.5 + 1e-14, 1] }, g).distance).toBeGreaterThan(0);
    // eigenvalues 3 and −1: indefinite, though the diagonal is positive
    const indefinite = argumentError(() => metrics.frechetDistance(sd, g, { mean: [0, 0], cov: [1, 2, 2, 1] }));
    expect(indefinite.argument).toBe('b.cov');
    expect(indefinite.message).toMatch(/positive semi-definite .*eigenvalue -1/);
    // a singular PSD matrix with a rounding-level negative eigenvalue is accepted
    const s = 1 / 3;
    expect(Number.isFinite(metrics.frechetDistance(sd, g, { mean: [0, 0], cov: [s, s, s, s] }).distance)).toBe(true);
    // sums that overflow name the input
    expect(argumentError(() => metrics.frechetDistance(sd, { mean: [1e200, 0], cov: [1, 0, 0, 1] }, { mean: [-1e200, 0], cov: [1, 0, 0, 1] })).argument).toBe('b.mean');
  });

  test('typed errors are SaddleArgumentError with code E_ARGUMENT', () => {
    const error = argumentError(() => metrics.mmd(sd, X, Y, { kernel: { kind: 'rbf', bandwidth: 1e-300 } }));
    expect(error).toBeInstanceOf(SaddleArgumentError);
    expect(error.code).toBe('E_ARGUMENT');
  });
});
