// mmd2Loss (bindings/metrics/mmd-loss.ts): the f64 graph reference equals mmd() in WASM, the
// gradient matches finite differences, the second-order check (∇ of the squared gradient
// norm) passes, and the compiled f32 program agrees with the reference.
import { describe, expect, test } from 'vitest';
import { compile, SaddleArgumentError, SaddleShapeError } from '../../bindings/index.js';
import { grad } from '../../bindings/autodiff/grad.js';
import * as G from '../../bindings/graph/index.js';
import type { Node } from '../../bindings/graph/index.js';
import { mmd, type Kernel, type MmdEstimator } from '../../bindings/metrics/mmd.js';
import { mmd2Loss, type GraphKernel } from '../../bindings/metrics/mmd-loss.js';
import { loadBuild } from '../helpers/builds.js';
import { randomF32 } from '../helpers/random.js';

const KERNELS: GraphKernel[] = [
  { kind: 'rbf', bandwidth: [0.5, 1.5] }, { kind: 'polynomial' }, { kind: 'linear' }, { kind: 'imq', c: 0.8, beta: 1.5 },
];
const ESTIMATORS: MmdEstimator[] = ['biased', 'unbiased', 'u-statistic'];

function setup(n: number, m: number, d: number, seed: number) {
  const g = new G.Graph();
  const x = G.param(g, [n, d]), y = G.param(g, [m, d]);
  const xv = Float64Array.from(randomF32(n * d, seed)), yv = Float64Array.from(randomF32(m * d, seed + 1, -0.5, 1.2));
  const leaves = new Map<Node, Float64Array>([[x, xv], [y, yv]]);
  return { g, x, y, xv, yv, leaves };
}

function fd(f: () => number, values: Float64Array[]): Float64Array[] {
  return values.map((v) => {
    const out = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const x0 = v[i], h = 1e-5;
      v[i] = x0 + h; const up = f();
      v[i] = x0 - h; const down = f();
      v[i] = x0;
      out[i] = (up - down) / (2 * h);
    }
    return out;
  });
}

function expectClose(got: Float64Array[], want: Float64Array[], label: string): void {
  got.forEach((g, k) => g.forEach((v, i) => {
    if (!(Math.abs(v - want[k][i]) <= 1e-6 * Math.max(1, Math.abs(want[k][i])))) expect.fail(`${label}: input ${k} entry ${i}: ${v} vs ${want[k][i]}`);
  }));
}

describe('mmd2Loss', () => {
  for (const kernel of KERNELS) {
    for (const estimator of ESTIMATORS) {
      test(`${kernel.kind} ${estimator}: equals mmd() in WASM; first- and second-order gradient checks`, async () => {
        const sd = await loadBuild('simd');
        const n = 5, m = 5, d = 3;
        const { x, y, xv, yv, leaves } = setup(n, m, d, 7);
        const loss = mmd2Loss(x, y, { kernel, estimator });
        const value = G.evaluate([loss], leaves)[0][0];
        const want = mmd(sd, { data: xv, rows: n, cols: d }, { data: yv, rows: m, cols: d }, { kernel: kernel as Kernel, estimator }).mmd2;
        // scalar constants of a graph are f32 (1/25 is not exact), hence 1e-6
        expect(Math.abs(value - want)).toBeLessThan(1e-6 * Math.max(1, Math.abs(want)));
        const grads = grad(loss, [x, y]);
        const f = () => G.evaluate([loss], leaves)[0][0];
        expectClose(G.evaluate(grads, leaves), fd(f, [xv, yv]), 'first order');
        const norm = grads.map((t) => G.sum(G.square(t), 'all')).reduce((a, b) => G.add(a, b));
        const grads2 = grad(norm, [x, y]);
        expectClose(G.evaluate(grads2, leaves), fd(() => G.evaluate([norm], leaves)[0][0], [xv, yv]), 'second order');
      });
    }
  }

  test('n ≠ m (biased, unbiased) and the compiled f32 program agrees with the f64 reference', async () => {
    const sd = await loadBuild('simd');
    const { g, x, y, xv, yv, leaves } = setup(9, 6, 4, 3);
    for (const estimator of ['biased', 'unbiased'] as const) {
      const loss = mmd2Loss(x, y, { kernel: { kind: 'rbf', bandwidth: 1 }, estimator });
      const ref = G.evaluate([loss], leaves)[0][0];
      const want = mmd(sd, { data: xv, rows: 9, cols: 4 }, { data: yv, rows: 6, cols: 4 }, { kernel: { kind: 'rbf', bandwidth: 1 }, estimator }).mmd2;
      expect(Math.abs(ref - want)).toBeLessThan(1e-6);
      const sink = G.state(g, [1, 1]);
      const program = compile(sd, { seed: 1, phases: [{ updates: [[sink, loss]] }] });
      try {
        program.write(x, xv);
        program.write(y, yv);
        program.run(1);
        expect(Math.abs(program.read(sink)[0] - ref)).toBeLessThan(1e-5);
      } finally {
        program.dispose();
      }
    }
  });

  test('typed errors', () => {
    const { g, x, y } = setup(3, 2, 2, 1);
    const z = G.param(g, [3, 3]);
    expect(() => mmd2Loss(x, z, { kernel: { kind: 'linear' } })).toThrow(SaddleShapeError);
    expect(() => mmd2Loss(x, y, { kernel: { kind: 'linear' }, estimator: 'u-statistic' })).toThrow(SaddleShapeError);
    expect(() => mmd2Loss(x, y, { kernel: { kind: 'rbf', bandwidth: 0 } })).toThrow(SaddleArgumentError);
    expect(() => mmd2Loss(x, y, { kernel: { kind: 'laplacian' } as unknown as GraphKernel })).toThrow(SaddleArgumentError);
    expect(() => mmd2Loss(x, y, { kernel: { kind: 'polynomial', degree: 2.5 } })).toThrow(SaddleArgumentError);
    expect(() => mmd2Loss(x, y, { kernel: { kind: 'linear' }, estimator: 'v' as MmdEstimator })).toThrow(SaddleArgumentError);
  });
});
