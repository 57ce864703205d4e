// Kernel-domain Sinkhorn (assembly/solvers/sinkhorn-kernel.ts, kernels/scaling.ts) against the
// log-domain reference path (domain: 'log'): the same OT_ε, potentials, plan and gradients within
// the stopping rule's tolerance, across ε/max C from 1e-4 to 1e12, balanced and unbalanced; the
// switch to the log domain (ε >= max C, tiny ε); determinism.
import { describe, expect, test } from 'vitest';
import { metrics } from '../../bindings/index.js';
import type { SinkhornOptions, SinkhornResult } from '../../bindings/metrics/index.js';
import { BUILDS, loadBuild } from '../helpers/builds.js';
import { mulberry32 } from '../helpers/random.js';

const { sinkhorn, sinkhornDivergence } = metrics;

function cloud(n: number, d: number, seed: number, shift = 0): Float64Array {
  const next = mulberry32(seed);
  return Float64Array.from({ length: n * d }, () => next() + shift);
}
function weights(n: number, seed: number): number[] {
  const next = mulberry32(seed);
  const w = Array.from({ length: n }, () => 0.2 + next());
  const s = w.reduce((p, q) => p + q, 0);
  return w.map((v) => v / s);
}
const maxAbs = (v: ArrayLike<number>) => Array.from(v).reduce((s, t) => Math.max(s, Math.abs(t)), 0);
/** max_i |(p_i − q_i) − mean(p − q)|: potentials are defined up to a constant (balanced). */
function spreadOfDifference(p: Float64Array, q: Float64Array): number {
  const d = p.map((v, i) => v - q[i]);
  const mean = d.reduce((s, v) => s + v, 0) / d.length;
  return maxAbs(d.map((v) => v - mean));
}

/**
 * Both paths stop at Σ a_i |exp((f_i − f̃_i)/ε) − 1| <= tol·min(1, max C/ε). Near the fixed point
 * the dual gap is of the order of ε·err·(number of potentials' scale) <= tol·max C; we allow
 * 4·tol·max C plus 1e-12 relative rounding.
 */
function expectSameSolution(k: SinkhornResult, l: SinkhornResult, tol: number, cmax: number, what: string): void {
  expect(k.converged && l.converged, `${what}: converged`).toBe(true);
  const bound = 4 * tol * cmax + 1e-12 * Math.abs(l.dual);
  expect(Math.abs(k.dual - l.dual), `${what}: dual ${k.dual} vs ${l.dual}`).toBeLessThanOrEqual(bound);
  expect(Math.abs(k.cost - l.cost), `${what}: cost`).toBeLessThanOrEqual(bound + 4 * tol * Math.abs(l.cost));
  expect(k.marginalError, `${what}: marginals`).toBeLessThanOrEqual(4 * l.marginalError + 4 * tol);
}

describe('kernel-domain Sinkhorn vs the log-domain path', () => {
  for (const build of BUILDS) {
    test(`${build}: weighted 2-D clouds, ε from 1 to 1e-3, balanced: same OT_ε, potentials, plan; the kernel path ran`, async () => {
      const sd = await loadBuild(build);
      const n = 70, m = 53;
      const x = cloud(n, 2, 11), y = cloud(m, 2, 12, 0.3);
      const a = weights(n, 13), b = weights(m, 14);
      for (const eps of [1, 0.1, 0.01, 1e-3]) {
        for (const tol of [1e-6, 1e-11]) {
          const o: SinkhornOptions = { eps, dim: 2, a, b, tol, maxIterations: 100000, plan: true, onWarning: false };
          const k = sinkhorn(sd, x, y, o), l = sinkhorn(sd, x, y, { ...o, domain: 'log' });
          const cmax = Math.max(...Array.from({ length: n }, (_, i) => Math.max(...Array.from({ length: m }, (_, j) => (x[2 * i] - y[2 * j]) ** 2 + (x[2 * i + 1] - y[2 * j + 1]) ** 2))));
          expectSameSolution(k, l, tol, cmax, `ε ${eps}, tol ${tol}`);
          expect(k.kernelUpdates, `ε ${eps}`).toBeGreaterThan(0);
          expect(l.kernelUpdates).toBe(0);
          expect(k.kernelUpdates).toBeLessThanOrEqual(2 * k.iterations + 1);
          // potentials up to a constant, in units of ε (P depends on f/ε)
          expect(spreadOfDifference(k.f, l.f) / eps, `ε ${eps}: f`).toBeLessThanOrEqual(Math.max(10 * tol, 1e-9));
          expect(spreadOfDifference(k.g, l.g) / eps, `ε ${eps}: g`).toBeLessThanOrEqual(Math.max(10 * tol, 1e-9));
          const dp = maxAbs(k.plan!.map((v, i) => v - l.plan![i]));
          expect(dp, `ε ${eps}: plan`).toBeLessThanOrEqual(Math.max(20 * tol, 1e-9) * maxAbs(l.plan!));
        }
      }
    });
  }

  test('unbalanced (ρ = 0.5, 5): same dual and primal as the log domain', async () => {
    const sd = await loadBuild('simd');
    const x = cloud(40, 2, 21), y = cloud(35, 2, 22, 0.5);
    for (const rho of [0.5, 5]) {
      for (const eps of [0.05, 0.005]) {
        const o: SinkhornOptions = { eps, dim: 2, rho, tol: 1e-10, maxIterations: 100000, onWarning: false };
        const k = sinkhorn(sd, x, y, o), l = sinkhorn(sd, x, y, { ...o, domain: 'log' });
        expect(k.kernelUpdates).toBeGreaterThan(0);
        expectSameSolution(k, l, 1e-10, 3, `ρ ${rho}, ε ${eps}`);
        expect(Math.abs(k.primal - l.primal)).toBeLessThanOrEqual(1e-8);
        expect(maxAbs(k.f.map((v, i) => v - l.f[i])) / eps).toBeLessThanOrEqual(1e-7); // no constant freedom when unbalanced
      }
    }
  });

  test('gradients (positions and weights) and the divergence agree with the log domain', async () => {
    const sd = await loadBuild('simd');
    const x = cloud(30, 3, 31), y = cloud(25, 3, 32, 0.2);
    const o: SinkhornOptions = { eps: 0.01, dim: 3, tol: 1e-11, maxIterations: 100000, gradient: true, onWarning: false };
    const k = sinkhorn(sd, x, y, o), l = sinkhorn(sd, x, y, { ...o, domain: 'log' });
    expect(k.kernelUpdates).toBeGreaterThan(0);
    const scale = maxAbs(l.gradient!.x);
    expect(maxAbs(k.gradient!.x.map((v, i) => v - l.gradient!.x[i]))).toBeLessThanOrEqual(1e-8 * scale);
    expect(maxAbs(k.gradient!.y.map((v, i) => v - l.gradient!.y[i]))).toBeLessThanOrEqual(1e-8 * scale);
    expect(spreadOfDifference(k.gradient!.a!, l.gradient!.a!)).toBeLessThanOrEqual(1e-9);
    const dk = sinkhornDivergence(sd, x, y, o), dl = sinkhornDivergence(sd, x, y, { ...o, domain: 'log' });
    expect(Math.abs(dk.divergence - dl.divergence)).toBeLessThanOrEqual(1e-9);
    expect(maxAbs(dk.gradient!.x.map((v, i) => v - dl.gradient!.x[i]))).toBeLessThanOrEqual(1e-8 * scale);
  });

  test('ε/max C from 1e-4 to 1e12: the same OT_ε as the log domain; the centred log domain takes over for ε >= max C', async () => {
    const sd = await loadBuild('simd');
    const n = 6;
    const x = cloud(n, 2, 41), y = cloud(n, 2, 42);
    const cmax = sinkhorn(sd, x, y, { eps: 1, dim: 2, domain: 'log' }).eps0; // eps0 = max C when annealing
    for (let p = -4; p <= 12; p++) {
      const eps = 10 ** p * cmax;
      const o: SinkhornOptions = { eps, dim: 2, tol: 1e-9, maxIterations: 20000, onWarning: false };
      const k = sinkhorn(sd, x, y, o), l = sinkhorn(sd, x, y, { ...o, domain: 'log' });
      expect(k.stopThreshold).toBe(l.stopThreshold);
      expect(k.converged, `ε/C 1e${p}`).toBe(l.converged);
      const bound = 4 * 1e-9 * cmax + 1e-12 * Math.abs(l.dual);
      expect(Math.abs(k.dual - l.dual), `ε/C 1e${p}: ${k.dual} vs ${l.dual}`).toBeLessThanOrEqual(bound);
      if (p >= 0) expect(k.kernelUpdates, `ε/C 1e${p}: centred log domain`).toBe(0);
      else expect(k.kernelUpdates, `ε/C 1e${p}`).toBeGreaterThan(0);
    }
  });

  test('tiny ε (1e-6 down to 1e-200 of max C) still works: finite, same values as the log domain, absorbed at nearly every update', async () => {
    const sd = await loadBuild('simd');
    const x = cloud(12, 2, 51), y = cloud(9, 2, 52, 1);
    for (const eps of [1e-6, 1e-12, 1e-30, 1e-100, 1e-200]) {
      for (const rho of [Infinity, 0.1]) {
        const o: SinkhornOptions = { eps, dim: 2, rho, maxIterations: 300, onWarning: false };
        const k = sinkhorn(sd, x, y, o), l = sinkhorn(sd, x, y, { ...o, domain: 'log' });
        const values = [k.cost, k.dual, k.primal, k.objective, ...k.f, ...k.g];
        expect(values.every(Number.isFinite), `ε ${eps}, ρ ${rho}`).toBe(true);
        expect(k.cost).toBeGreaterThanOrEqual(0);
        // at the cap the two paths' rounding differs along the way; compare converged solves only
        if (k.converged && l.converged) {
          expect(Math.abs(k.cost - l.cost), `ε ${eps}, ρ ${rho}: cost ${k.cost} vs ${l.cost}`).toBeLessThanOrEqual(1e-9 * Math.abs(l.cost) + 1e-12);
          expect(Math.abs(k.dual - l.dual), `ε ${eps}, ρ ${rho}: dual`).toBeLessThanOrEqual(1e-9 * Math.abs(l.dual) + 1e-12);
        }
        if (rho === Infinity) expect(k.converged, `ε ${eps}`).toBe(l.converged);
      }
    }
    // at ε = 1e-30 every update moves the potentials by far more than TAU·ε: the scalings are
    // absorbed and the kernel formed again at nearly every update (Schmitzer's stabilization)
    const r = sinkhorn(sd, x, y, { eps: 1e-30, dim: 2, maxIterations: 300, onWarning: false });
    expect(r.kernelUpdates).toBeGreaterThan(0);
    expect(r.kernelForms).toBeGreaterThan(r.kernelUpdates / 4);
  });

  test('zero weights: same solution as the log domain, no NaN', async () => {
    const sd = await loadBuild('simd');
    const x = cloud(20, 2, 61), y = cloud(15, 2, 62, 0.4);
    const a = weights(20, 63); a[3] = 0; a[17] = 0;
    const s = a.reduce((p, q) => p + q, 0);
    const b = weights(15, 64); b[0] = 0;
    const sb = b.reduce((p, q) => p + q, 0);
    const o: SinkhornOptions = { eps: 0.01, dim: 2, a: a.map((v) => v / s), b: b.map((v) => v / sb), tol: 1e-10, maxIterations: 100000, onWarning: false };
    const k = sinkhorn(sd, x, y, o), l = sinkhorn(sd, x, y, { ...o, domain: 'log' });
    expect(k.kernelUpdates).toBeGreaterThan(0);
    expectSameSolution(k, l, 1e-10, 3, 'zero weights');
  });

  test('deterministic: the same bits on every run', async () => {
    const sd = await loadBuild('simd');
    const x = cloud(101, 2, 71), y = cloud(97, 2, 72, 0.1);
    const o: SinkhornOptions = { eps: 0.003, dim: 2, onWarning: false };
    const r1 = sinkhorn(sd, x, y, o), r2 = sinkhorn(sd, x, y, o);
    expect(r1.dual).toBe(r2.dual);
    expect(Array.from(r1.f)).toEqual(Array.from(r2.f));
    expect(Array.from(r1.g)).toEqual(Array.from(r2.g));
    expect(r1.kernelUpdates).toBeGreaterThan(0);
  });
});
