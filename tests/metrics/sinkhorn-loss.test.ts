// The Sinkhorn loss graph op (bindings/graph/ops/sinkhorn.ts, EXEC_SINKHORN): compiled value
// and envelope gradient against metrics.sinkhorn()/sinkhornDivergence() and the f64
// reference, first-order only (a second derivative throws), a Sinkhorn flow that lowers the
// loss inside one program, typed errors, memory.
import { describe, expect, test } from 'vitest';
import { SaddleArgumentError, SaddleError, SaddleShapeError, compile, grad, graph as G, metrics, type Saddle } from '../../bindings/index.js';
import { sinkhornLossFloats } from '../../bindings/graph/ops/sinkhorn.js';
import { BUILDS, trackLiveBytes } from '../helpers/builds.js';
import { randomF32 } from '../helpers/random.js';

function rows(v: Float32Array, d: number): number[][] {
  return Array.from({ length: v.length / d }, (_, i) => Array.from(v.subarray(i * d, (i + 1) * d)));
}

for (const build of BUILDS) {
  describe(`sinkhornLoss (${build} build)`, () => {
    let sd: Saddle;
    trackLiveBytes(build, (s) => { sd = s; });

    test('the workspace size mirrors the WASM one', () => {
      const ex = sd.exports;
      for (const [n, m, d] of [[1, 1, 1], [3, 5, 2], [17, 4, 3], [64, 64, 2], [10, 300, 7]]) {
        expect(sinkhornLossFloats(n, m, d)).toBe(ex.sinkhorn_loss_floats(n, m, d) >>> 0);
      }
    });

    for (const [cost, debiased] of [['sqeuclidean', true], ['sqeuclidean', false], ['euclidean', true], ['half_sqeuclidean', false]] as const) {
      test(`compiled value and gradient match the function API and the f64 reference (${cost}, debiased ${debiased})`, () => {
        const n = 9, m = 7, d = 2;
        const g = new G.Graph();
        const x = G.input(g, [n, d], 'x'), y = G.input(g, [m, d], 'y');
        const options = { eps: 0.05, cost, debiased, tol: 1e-9, maxIterations: 20000 } as const;
        const loss = metrics.sinkhornLoss(x, y, options);
        const [dx, dy] = grad(loss, [x, y]);
        const sx = G.state(g, dx.shape), sy = G.state(g, dy.shape);
        const program = compile(sd, { seed: 1, phases: [{ updates: [[sx, dx], [sy, dy]], logs: { loss } }] });
        const xs = randomF32(n * d, 11, -1, 1), ys = randomF32(m * d, 12, -0.5, 1.5);
        program.write(x, xs);
        program.write(y, ys);
        program.run(1);
        const value = program.log('loss')[0];
        const gx = program.read(sx), gy = program.read(sy);
        program.dispose();
        const fnOpts = { eps: 0.05, cost, tol: 1e-9, maxIterations: 20000, gradient: true } as const;
        const want = debiased
          ? metrics.sinkhornDivergence(sd, rows(xs, d), rows(ys, d), fnOpts)
          : metrics.sinkhorn(sd, rows(xs, d), rows(ys, d), fnOpts);
        const wantValue = 'divergence' in want ? want.divergence : want.dual;
        expect(Math.abs(value - wantValue)).toBeLessThanOrEqual(2e-7 * Math.max(1, Math.abs(wantValue)));
        for (let k = 0; k < n * d; k++) expect(Math.abs(gx[k] - want.gradient!.x[k])).toBeLessThan(1e-6);
        for (let k = 0; k < m * d; k++) expect(Math.abs(gy[k] - want.gradient!.y[k])).toBeLessThan(1e-6);
        // the f64 reference evaluation (same algorithm in plain TS)
        const [rv, rgx] = G.evaluate([loss, dx], new Map([[x, xs], [y, ys]]));
        expect(Math.abs(rv[0] - wantValue)).toBeLessThan(1e-7 * Math.max(1, Math.abs(wantValue)));
        for (let k = 0; k < n * d; k++) expect(Math.abs(rgx[k] - want.gradient!.x[k])).toBeLessThan(1e-7);
      });
    }

    test('first-order only: differentiating the gradient again throws a clear error', () => {
      const g = new G.Graph();
      const x = G.input(g, [4, 2]), y = G.input(g, [5, 2]);
      const loss = metrics.sinkhornLoss(x, y, { eps: 0.1 });
      const [dx] = grad(loss, [x]);
      const penalty = G.sum(G.square(dx));
      let error: unknown;
      try { grad(penalty, [x]); } catch (e) { error = e; }
      expect(error).toBeInstanceOf(SaddleError);
      expect((error as SaddleError).code).toBe('E_NOT_DIFFERENTIABLE');
      expect((error as Error).message).toContain('first-order');
    });

    test('a Sinkhorn flow inside one program: gradient descent on x lowers S_ε(x, y)', () => {
      const n = 16, d = 2;
      const g = new G.Graph();
      const x = G.param(g, [n, d], { kind: 'values', values: randomF32(n * d, 21, -2, -1) });
      const y = G.input(g, [n, d], 'y');
      const loss = metrics.sinkhornLoss(x, y, { eps: 0.01 });
      const [dx] = grad(loss, [x]);
      // uniform weights 1/n: the gradient is 1/n times the displacement, so step n·lr
      const program = compile(sd, { seed: 3, phases: [{ updates: [[x, G.sub(x, G.mul(dx, 0.5 * n))]], logs: { loss } }] });
      const ys = randomF32(n * d, 22, 1, 2);
      program.write(y, ys);
      program.run(40);
      const losses = program.log('loss');
      program.dispose();
      expect(losses.length).toBe(40);
      expect(losses[0]).toBeGreaterThan(1);
      for (let k = 1; k < losses.length; k++) expect(losses[k]).toBeLessThanOrEqual(losses[k - 1] + 1e-6);
      expect(losses[39]).toBeLessThan(1e-3 * losses[0]);
    });

    test('typed errors', () => {
      const g = new G.Graph();
      const x = G.input(g, [4, 2]), y = G.input(g, [5, 3]), z = G.input(g, [5, 2]);
      expect(() => metrics.sinkhornLoss(x, y, { eps: 0.1 })).toThrow(SaddleShapeError);
      for (const [argument, options] of [
        ['eps', { eps: 0 }], ['eps', {}], ['cost', { eps: 1, cost: 'l1' }], ['debiased', { eps: 1, debiased: 1 }],
        ['scaling', { eps: 1, scaling: 2 }], ['tol', { eps: 1, tol: -1 }], ['maxIterations', { eps: 1, maxIterations: -1 }],
        ['rho', { eps: 1, rho: -1 }], ['options', null],
      ] as const) {
        let error: unknown;
        try { metrics.sinkhornLoss(x, z, options as never); } catch (e) { error = e; }
        expect(error, argument).toBeInstanceOf(SaddleArgumentError);
        expect((error as SaddleArgumentError).argument).toBe(argument);
      }
    });
  });
}
