// Sinkhorn (bindings/metrics/sinkhorn.ts, assembly/solvers/sinkhorn.ts): reference fixtures
// from an independent numpy implementation, closed forms, invariants, finite-difference
// gradients, input checking, determinism and memory.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { SaddleMemoryError, metrics, type Saddle } from '../../bindings/index.js';
import type { SinkhornCost, SinkhornOptions } from '../../bindings/metrics/index.js';
import { BUILDS, loadBuild, trackLiveBytes } from '../helpers/builds.js';
import { argumentError } from '../helpers/errors.js';
import { mulberry32 } from '../helpers/random.js';

const { sinkhorn, sinkhornDivergence, sinkhornBatch } = metrics;

interface FixtureProblem {
  name: string; n: number; m: number; d: number; eps: number; cost_kind: SinkhornCost; rho: number | null;
  x: number[]; y: number[]; a: number[]; b: number[];
  expected: {
    cost: number; objective: number; dual: number; primal?: number; mass: number; divergence: number;
    f: number[]; g: number[]; plan_row0: number[];
  };
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/sinkhorn/problems.json', import.meta.url), 'utf8')) as {
  problems: FixtureProblem[];
};

/** n×d points with coordinates uniform in [lo, hi), from a seed. */
function cloud(n: number, d: number, seed: number, lo = -1, hi = 1): number[][] {
  const next = mulberry32(seed);
  return Array.from({ length: n }, () => Array.from({ length: d }, () => lo + (hi - lo) * next()));
}
function weights(n: number, seed: number): number[] {
  const next = mulberry32(seed);
  const w = Array.from({ length: n }, () => 0.5 + next());
  const s = w.reduce((p, q) => p + q, 0);
  return w.map((v) => v / s);
}
function relErr(got: number, want: number): number { return Math.abs(got - want) / Math.max(Math.abs(want), 1e-300); }
function expectClose(got: number, want: number, rtol: number, what = ''): void {
  expect(relErr(got, want), `${what}: got ${got}, want ${want}`).toBeLessThanOrEqual(rtol);
}

const TIGHT = { tol: 1e-13, maxIterations: 400000, onWarning: false } as const;

for (const build of BUILDS) {
  describe(`sinkhorn (${build} build)`, () => {
    let sd: Saddle;
    trackLiveBytes(build, (s) => { sd = s; });

    test('matches the independent numpy reference (values, potentials, plan, divergence)', () => {
      for (const p of fixture.problems) {
        const options: SinkhornOptions = {
          eps: p.eps, cost: p.cost_kind, dim: p.d, a: p.a, b: p.b, rho: p.rho ?? Infinity, plan: true, ...TIGHT,
        };
        const r = sinkhorn(sd, p.x, p.y, options);
        const e = p.expected;
        expect(r.converged, p.name).toBe(true);
        expectClose(r.cost, e.cost, 1e-6, `${p.name} cost`);
        expectClose(r.objective, e.objective, 1e-6, `${p.name} objective`);
        expectClose(r.dual, e.dual, 1e-6, `${p.name} dual`);
        expectClose(r.mass, e.mass, 1e-6, `${p.name} mass`);
        if (e.primal !== undefined) expectClose(r.primal, e.primal, 1e-6, `${p.name} primal`);
        // balanced potentials are unique up to f + c, g − c; unbalanced ones are unique
        const shift = p.rho === null ? e.f.reduce((s, v, i) => s + v - r.f[i], 0) / p.n : 0;
        const scale = Math.max(...e.f.map(Math.abs), ...e.g.map(Math.abs), 1);
        for (let i = 0; i < p.n; i++) expect(Math.abs(r.f[i] + shift - e.f[i]) / scale, `${p.name} f[${i}]`).toBeLessThan(1e-7);
        for (let j = 0; j < p.m; j++) expect(Math.abs(r.g[j] - shift - e.g[j]) / scale, `${p.name} g[${j}]`).toBeLessThan(1e-7);
        for (let j = 0; j < p.m; j++) expect(Math.abs(r.plan![j] - e.plan_row0[j])).toBeLessThan(1e-9);
        const dv = sinkhornDivergence(sd, p.x, p.y, { ...options, plan: false });
        expectClose(dv.divergence, e.divergence, 1e-6, `${p.name} divergence`);
      }
    });

    test("POT's convention: its documented sinkhorn/sinkhorn2 example, to the digits", () => {
      // ot.sinkhorn2([.5, .5], [.5, .5], [[0, 1], [1, 0]], 1) = 0.26894142136999516 and the plan
      // [[0.36552929, 0.13447071], [0.13447071, 0.36552929]]; points 0 and 1 give M under ‖x−y‖²
      const r = sinkhorn(sd, [0, 1], [0, 1], { eps: 1, dim: 1, plan: true, tol: 1e-14 });
      expect(Math.abs(r.cost - 0.26894142136999516)).toBeLessThan(1e-15);
      const e = Math.E, diag = e / (2 * (1 + e)), off = 1 / (2 * (1 + e)); // P ∝ exp(−M/ε), marginals ½
      [diag, off, off, diag].forEach((want, k) => expect(Math.abs(r.plan![k] - want), `P[${k}]`).toBeLessThan(1e-15));
      // objective = ⟨P,C⟩ + ε Σ P log P; dual = objective − ε(⟨a, log a⟩ + ⟨b, log b⟩) = objective + 2 log 2
      const plogp = 2 * diag * Math.log(diag) + 2 * off * Math.log(off);
      expect(Math.abs(r.objective - (r.cost + plogp))).toBeLessThan(1e-15);
      expect(Math.abs(r.dual - (r.objective + 2 * Math.log(2)))).toBeLessThan(1e-14);
      expect(Math.abs(r.objectiveMinusMass - (r.objective - 1))).toBeLessThan(1e-15);
    });

    test('Dirac against Dirac: P = 1, every value is c(p, q), the divergence too', () => {
      const p = [0.3, -1.2, 2], q = [1.1, 0.4, -0.5];
      const sq = (0.8 ** 2) + (1.6 ** 2) + (2.5 ** 2);
      const want: Record<SinkhornCost, number> = { sqeuclidean: sq, half_sqeuclidean: sq / 2, euclidean: Math.sqrt(sq) };
      for (const cost of ['sqeuclidean', 'half_sqeuclidean', 'euclidean'] as const) {
        for (const eps of [1e-3, 1, 100]) {
          const r = sinkhorn(sd, [p], [q], { eps, cost, plan: true });
          expectClose(r.cost, want[cost], 1e-14, `${cost} cost`);
          expectClose(r.dual, want[cost], 1e-14, `${cost} dual`);
          expectClose(r.objective, want[cost], 1e-14, `${cost} objective (Σ P log P = 0)`);
          expect(r.plan![0]).toBeCloseTo(1, 14);
          expect(r.converged).toBe(true);
          const dv = sinkhornDivergence(sd, [p], [q], { eps, cost });
          expectClose(dv.divergence, want[cost], 1e-13, `${cost} divergence`);
        }
      }
    });

    test('permutation problems: a cloud and its translate, ε → 0 gives the identity plan and ‖t‖²', () => {
      const n = 12, d = 3;
      // points on a well-separated grid, shuffled, translated by t (W2² of a translate is ‖t‖²)
      const x = cloud(n, d, 11).map((row, i) => row.map((v, k) => v * 0.2 + (k === 0 ? 3 * i : 0)));
      const t = [0.25, -0.4, 0.1];
      const perm = Array.from({ length: n }, (_, i) => (i * 5) % n);
      const y = perm.map((i) => x[i].map((v, k) => v + t[k]));
      const tt = t.reduce((s, v) => s + v * v, 0);
      const r = sinkhorn(sd, x, y, { eps: 1e-3, plan: true, tol: 1e-10 });
      expect(r.converged).toBe(true);
      expectClose(r.cost, tt, 1e-6, 'cost');
      // P_ij = 1/n exactly where y_j is the translate of x_i
      for (let j = 0; j < n; j++) expect(r.plan![perm[j] * n + j]).toBeCloseTo(1 / n, 8);
    });

    test('1-D as ε → 0: the cost tends to the sorted matching cost', () => {
      const n = 10;
      const next = mulberry32(7);
      const xs = Array.from({ length: n }, (_, i) => 2 * i + next());
      const ys = Array.from({ length: n }, (_, i) => 2 * i + 0.3 + 1.5 * next());
      shuffle(xs, 3); shuffle(ys, 4);
      const sx = [...xs].sort((p, q) => p - q), sy = [...ys].sort((p, q) => p - q);
      const w = sx.reduce((s, v, i) => s + (v - sy[i]) ** 2, 0) / n;
      let previous = Infinity;
      for (const eps of [1e-1, 1e-2, 1e-3, 1e-4]) {
        const r = sinkhorn(sd, xs, ys, { eps, dim: 1, tol: 1e-9, maxIterations: 20000 });
        expect(r.converged).toBe(true);
        const gap = Math.abs(r.cost - w);
        expect(gap).toBeLessThanOrEqual(Math.max(previous, 1e-9)); // monotone down to round-off
        previous = gap;
      }
      expect(previous / w).toBeLessThan(1e-6);
    });

    test('invariants: marginals, symmetry, cost/ε scaling, potentials up to a constant', () => {
      const x = cloud(9, 2, 21), y = cloud(13, 2, 22, 0, 2);
      const a = weights(9, 23), b = weights(13, 24);
      const r = sinkhorn(sd, x, y, { eps: 0.05, a, b, plan: true, tol: 1e-12 });
      // plan marginals are a and b
      for (let i = 0; i < 9; i++) expect(Math.abs(r.plan!.subarray(i * 13, i * 13 + 13).reduce((s, v) => s + v, 0) - a[i])).toBeLessThan(1e-12);
      for (let j = 0; j < 13; j++) {
        let s = 0;
        for (let i = 0; i < 9; i++) s += r.plan![i * 13 + j];
        expect(Math.abs(s - b[j])).toBeLessThan(1e-12);
      }
      expect(r.marginalError).toBeLessThan(1e-11);
      // symmetry: OT(a, b) = OT(b, a), with f and g exchanged
      const s = sinkhorn(sd, y, x, { eps: 0.05, a: b, b: a, tol: 1e-12 });
      expectClose(s.dual, r.dual, 1e-12, 'symmetric dual');
      expectClose(s.cost, r.cost, 1e-10, 'symmetric cost');
      const c = s.g[0] - r.f[0];
      for (let i = 0; i < 9; i++) expect(Math.abs(s.g[i] - r.f[i] - c)).toBeLessThan(1e-10);
      // scaling the cost by 4 (points by 2) and ε by 4 scales every value by 4
      const x2 = x.map((row) => row.map((v) => 2 * v)), y2 = y.map((row) => row.map((v) => 2 * v));
      const r4 = sinkhorn(sd, x2, y2, { eps: 0.2, a, b, tol: 1e-12 });
      for (const key of ['cost', 'dual', 'objective'] as const) expectClose(r4[key], 4 * r[key], 1e-9, `scaled ${key}`);
      // ½‖x−y‖² with ε/2 is half of ‖x−y‖² with ε
      const h = sinkhorn(sd, x, y, { eps: 0.025, a, b, cost: 'half_sqeuclidean', tol: 1e-12 });
      expectClose(h.dual, r.dual / 2, 1e-10, 'half cost');
      // another ε schedule reaches the same potentials up to one constant
      const u = sinkhorn(sd, x, y, { eps: 0.05, a, b, tol: 1e-12, scaling: 1 });
      const k = u.f[0] - r.f[0];
      for (let i = 0; i < 9; i++) expect(Math.abs(u.f[i] - r.f[i] - k)).toBeLessThan(1e-9);
      for (let j = 0; j < 13; j++) expect(Math.abs(u.g[j] - r.g[j] + k)).toBeLessThan(1e-9);
      expectClose(u.dual, r.dual, 1e-11, 'schedule-independent dual');
    });

    test('over-relaxation: the same fixed point, fewer iterations where plain Sinkhorn is slow', () => {
      const x = cloud(40, 2, 201, 0, 1), y = cloud(40, 2, 202, 0, 1);
      const run = (overRelaxation: number | 'auto') => sinkhorn(sd, x, y, { eps: 1e-2, tol: 1e-10, maxIterations: 100000, overRelaxation });
      const plain = run(1), auto = run('auto'), fixed = run(1.5);
      for (const r of [plain, auto, fixed]) expect(r.converged, `${r.iterations} iterations`).toBe(true);
      expectClose(auto.dual, plain.dual, 1e-11, 'auto vs plain');
      expectClose(fixed.dual, plain.dual, 1e-11, '1.5 vs plain');
      const c = auto.f[0] - plain.f[0];
      for (let i = 0; i < 40; i++) expect(Math.abs(auto.f[i] - plain.f[i] - c)).toBeLessThan(1e-8);
      expect(auto.iterations).toBeLessThan(plain.iterations);
      expect(argumentError(() => sinkhorn(sd, x, y, { eps: 1, overRelaxation: 2 })).argument).toBe('options.overRelaxation');
      expect(argumentError(() => sinkhorn(sd, x, y, { eps: 1, overRelaxation: 0.5 })).argument).toBe('options.overRelaxation');
    });

    test('debiased divergence: S(a, a) = 0, S >= 0, S(a, b) = S(b, a)', () => {
      const x = cloud(11, 3, 31);
      const a = weights(11, 32);
      // (alternating Sinkhorn on a cloud against itself converges slowly at small ε; the self
      // terms' averaged updates do not, so S(a, a) = 0 is checked where the cross term converges)
      const self = sinkhornDivergence(sd, x, x, { eps: 0.5, a, b: a, tol: 1e-13, maxIterations: 100000 });
      expect(self.converged).toBe(true);
      expect(Math.abs(self.divergence)).toBeLessThan(1e-12);
      for (let seed = 0; seed < 6; seed++) {
        const y = cloud(7 + seed, 3, 100 + seed, -0.5 + 0.2 * seed, 1);
        for (const eps of [0.01, 0.1, 1, 10]) {
          const s = sinkhornDivergence(sd, x, y, { eps, a, tol: 1e-10, maxIterations: 100000 });
          expect(s.converged, `seed ${seed} eps ${eps}`).toBe(true);
          expect(s.divergence, `seed ${seed} eps ${eps}`).toBeGreaterThan(0);
          const t = sinkhornDivergence(sd, y, x, { eps, b: a, tol: 1e-10, maxIterations: 100000 });
          expectClose(t.divergence, s.divergence, 1e-8, `seed ${seed} eps ${eps} symmetric`);
        }
      }
    });

    test('gradients with respect to positions and weights match finite differences', () => {
      const n = 5, m = 6, d = 2;
      const x = cloud(n, d, 41), y = cloud(m, d, 42, -0.5, 1.5);
      const a = weights(n, 43), b = weights(m, 44);
      for (const cost of ['sqeuclidean', 'half_sqeuclidean', 'euclidean'] as const) {
        for (const divergence of [false, true]) {
          const opts = { eps: 0.1, a, b, cost, gradient: true, tol: 1e-14, maxIterations: 100000 };
          const value = (xx: number[][], yy: number[][], aa = a, bb = b) => divergence
            ? sinkhornDivergence(sd, xx, yy, { ...opts, a: aa, b: bb, gradient: false }).divergence
            : sinkhorn(sd, xx, yy, { ...opts, a: aa, b: bb, gradient: false }).dual;
          const gr = divergence ? sinkhornDivergence(sd, x, y, opts).gradient! : sinkhorn(sd, x, y, opts).gradient!;
          const h = 1e-5;
          const what = `${cost} ${divergence ? 'divergence' : 'OT'}`;
          for (const [which, pts, grad] of [['x', x, gr.x], ['y', y, gr.y]] as const) {
            for (let i = 0; i < pts.length; i++) {
              for (let k = 0; k < d; k++) {
                const moved = (delta: number) => pts.map((row, r) => row.map((v, c) => (r === i && c === k ? v + delta : v)));
                const up = which === 'x' ? value(moved(h), y) : value(x, moved(h));
                const down = which === 'x' ? value(moved(-h), y) : value(x, moved(-h));
                const fd = (up - down) / (2 * h);
                expect(Math.abs(fd - grad[i * d + k]), `${what} ∂/∂${which}[${i},${k}]: fd ${fd}, got ${grad[i * d + k]}`)
                  .toBeLessThan(2e-7 * Math.max(1, Math.abs(fd)));
              }
            }
          }
          // weights: along mass-preserving directions v (Σ v = 0), d/dt OT(a + t v) = ⟨∂/∂a, v⟩
          const next = mulberry32(45);
          for (let trial = 0; trial < 3; trial++) {
            const v = Array.from({ length: n }, () => next() - 0.5);
            const mean = v.reduce((s, q) => s + q, 0) / n;
            for (let i = 0; i < n; i++) v[i] -= mean;
            const t = 1e-5;
            const fd = (value(x, y, a.map((q, i) => q + t * v[i])) - value(x, y, a.map((q, i) => q - t * v[i]))) / (2 * t);
            const dot = v.reduce((s, q, i) => s + q * gr.a![i], 0);
            expect(Math.abs(fd - dot), `${what} ∂/∂a along v: fd ${fd}, got ${dot}`).toBeLessThan(2e-7 * Math.max(1, Math.abs(fd)));
          }
        }
      }
    });

    test('unbalanced: primal = dual at convergence, ρ → ∞ recovers balanced OT, masses may differ', () => {
      const x = cloud(8, 2, 51), y = cloud(10, 2, 52, 0, 1.5);
      const a = weights(8, 53).map((v) => 1.3 * v), b = weights(10, 54).map((v) => 0.7 * v);
      for (const rho of [0.1, 1, 10]) {
        const r = sinkhorn(sd, x, y, { eps: 0.05, a, b, rho, tol: 1e-13, maxIterations: 50000 });
        expect(r.converged).toBe(true);
        expectClose(r.primal, r.dual, 1e-9, `rho ${rho} primal vs dual`);
        expect(Number.isFinite(r.dual)).toBe(true);
      }
      const an = weights(8, 53), bn = weights(10, 54);
      const bal = sinkhorn(sd, x, y, { eps: 0.05, a: an, b: bn, tol: 1e-12 });
      const big = sinkhorn(sd, x, y, { eps: 0.05, a: an, b: bn, rho: 1e7, tol: 1e-12, maxIterations: 50000 });
      expectClose(big.dual, bal.dual, 1e-5, 'rho = 1e7 vs balanced');
      // unbalanced divergence of a measure with itself is 0; positions gradient by finite differences
      const self = sinkhornDivergence(sd, x, x, { eps: 0.05, a, b: a, rho: 1, tol: 1e-13 });
      expect(Math.abs(self.divergence)).toBeLessThan(1e-12);
      const opts = { eps: 0.05, a, b, rho: 1, tol: 1e-14, maxIterations: 100000, gradient: true };
      const g = sinkhornDivergence(sd, x, y, opts).gradient!;
      const h = 1e-5;
      const at = (delta: number) => sinkhornDivergence(sd, x.map((row, r) => row.map((v, c) => (r === 2 && c === 1 ? v + delta : v))), y,
        { ...opts, gradient: false }).divergence;
      const fd = (at(h) - at(-h)) / (2 * h);
      expect(Math.abs(fd - g.x[2 * 2 + 1])).toBeLessThan(2e-7 * Math.max(1, Math.abs(fd)));
      expect(g.a).toBeUndefined();
    });

    test('tiny ε (1e-4 of the cost scale) and large costs never give NaN', () => {
      const x = cloud(40, 2, 61, 0, 10), y = cloud(30, 2, 62, 0, 10); // costs up to ~200
      for (const eps of [200e-4, 1e-3, 1e-6]) {
        const r = sinkhorn(sd, x, y, { eps, plan: true, gradient: true, maxIterations: 3000, onWarning: false });
        for (const v of [r.cost, r.objective, r.dual, r.primal, r.marginalError]) expect(Number.isFinite(v), `eps ${eps}`).toBe(true);
        for (const arr of [r.f, r.g, r.plan!, r.gradient!.x, r.gradient!.y]) expect(arr.every(Number.isFinite), `eps ${eps}`).toBe(true);
        const dv = sinkhornDivergence(sd, x, y, { eps, maxIterations: 3000, onWarning: false });
        expect(Number.isFinite(dv.divergence)).toBe(true);
      }
      const r = sinkhorn(sd, x, y, { eps: 0.1, maxIterations: 20000, tol: 1e-8 });
      expect(r.converged).toBe(true);
      // zero weights are valid: those points carry no mass
      const a = Array.from({ length: 40 }, (_, i) => (i < 20 ? 1 / 20 : 0));
      const z = sinkhorn(sd, x, y, { eps: 0.5, a, plan: true, maxIterations: 20000 });
      expect(z.converged).toBe(true);
      expect(z.plan!.subarray(25 * 30, 26 * 30).every((v) => v < 1e-300)).toBe(true);
      expect(Number.isFinite(z.objective)).toBe(true);
    });

    test('not converging at the cap: converged false, the warning hook is called', () => {
      const x = cloud(20, 2, 71), y = cloud(20, 2, 72);
      const messages: string[] = [];
      const r = sinkhorn(sd, x, y, { eps: 1e-3, maxIterations: 3, onWarning: (m) => messages.push(m) });
      expect(r.converged).toBe(false);
      expect(r.iterations).toBe(3);
      expect(messages.length).toBe(1);
      expect(messages[0]).toContain('not converged');
      const ok = sinkhorn(sd, x, y, { eps: 0.5, onWarning: (m) => messages.push(m) });
      expect(ok.converged).toBe(true);
      expect(messages.length).toBe(1);
    });

    test('batch: B problems in one call give the same bits as one at a time', () => {
      const B = 4, n = 6, m = 5, d = 3;
      const xs = cloud(B * n, d, 81).flat(), ys = cloud(B * m, d, 82).flat();
      const a = Array.from({ length: B }, (_, t) => weights(n, 90 + t)).flat();
      for (const debiased of [false, true]) {
        const r = sinkhornBatch(sd, xs, ys, { batch: B, n, m, dim: d, eps: 0.1, a, debiased, tol: 1e-10 });
        for (let t = 0; t < B; t++) {
          const x = xs.slice(t * n * d, (t + 1) * n * d), y = ys.slice(t * m * d, (t + 1) * m * d);
          const opts = { eps: 0.1, dim: d, a: a.slice(t * n, (t + 1) * n), tol: 1e-10 };
          const one = debiased ? sinkhornDivergence(sd, x, y, opts).divergence : sinkhorn(sd, x, y, opts).dual;
          expect(r.values[t]).toBe(one);
          expect(r.converged[t]).toBe(true);
        }
        // unbalanced, masses 2 and 1: the same per-problem values (debiased adds ε/2 (Σa − Σb)²)
        const a2 = a.map((v) => 2 * v);
        const u = sinkhornBatch(sd, xs, ys, { batch: B, n, m, dim: d, eps: 0.1, a: a2, rho: 0.5, debiased, tol: 1e-10 });
        for (let t = 0; t < B; t++) {
          const x = xs.slice(t * n * d, (t + 1) * n * d), y = ys.slice(t * m * d, (t + 1) * m * d);
          const opts = { eps: 0.1, dim: d, a: a2.slice(t * n, (t + 1) * n), rho: 0.5, tol: 1e-10 };
          const one = debiased ? sinkhornDivergence(sd, x, y, opts).divergence : sinkhorn(sd, x, y, opts).dual;
          expect(u.values[t]).toBe(one);
        }
        const single = sinkhorn(sd, xs.slice(0, n * d), ys.slice(0, m * d), { eps: 0.1, dim: d, a: a.slice(0, n), tol: 1e-10 });
        expect(Array.from(r.f.subarray(0, n))).toEqual(Array.from(single.f));
        expect(r.costs[0]).toBe(single.cost);
      }
    });

    test('deterministic: the same input gives the same bits, in both builds', async () => {
      const x = cloud(30, 4, 91), y = cloud(25, 4, 92);
      const one = sinkhornDivergence(sd, x, y, { eps: 0.05, gradient: true });
      const two = sinkhornDivergence(sd, x, y, { eps: 0.05, gradient: true });
      expect(two.divergence).toBe(one.divergence);
      expect(Array.from(two.gradient!.x)).toEqual(Array.from(one.gradient!.x));
      for (const other of BUILDS) {
        const sd2 = await loadBuild(other);
        const three = sinkhornDivergence(sd2, x, y, { eps: 0.05, gradient: true });
        expect(three.divergence).toBe(one.divergence);
      }
    });

    test('typed errors name the argument', () => {
      const x = [[0, 0], [1, 1]], y = [[0, 1], [1, 0], [2, 2]];
      const cases: Array<[string, () => unknown]> = [
        ['options', () => sinkhorn(sd, x, y, null as never)],
        ['options.eps', () => sinkhorn(sd, x, y, {} as never)],
        ['options.eps', () => sinkhorn(sd, x, y, { eps: 0 })],
        ['options.eps', () => sinkhorn(sd, x, y, { eps: -1 })],
        ['options.eps', () => sinkhorn(sd, x, y, { eps: NaN })],
        ['options.eps', () => sinkhorn(sd, x, y, { eps: Infinity })],
        ['options.cost', () => sinkhorn(sd, x, y, { eps: 1, cost: 'l1' as SinkhornCost })],
        ['options.scaling', () => sinkhorn(sd, x, y, { eps: 1, scaling: 0 })],
        ['options.scaling', () => sinkhorn(sd, x, y, { eps: 1, scaling: 1.5 })],
        ['options.tol', () => sinkhorn(sd, x, y, { eps: 1, tol: -1 })],
        ['options.maxIterations', () => sinkhorn(sd, x, y, { eps: 1, maxIterations: 2.5 })],
        ['options.rho', () => sinkhorn(sd, x, y, { eps: 1, rho: 0 })],
        ['options.plan', () => sinkhorn(sd, x, y, { eps: 1, plan: 1 as never })],
        ['options.onWarning', () => sinkhorn(sd, x, y, { eps: 1, onWarning: 'yes' as never })],
        ['x', () => sinkhorn(sd, [], y, { eps: 1 })],
        ['y', () => sinkhorn(sd, x, [], { eps: 1, dim: 2 })],
        ['x', () => sinkhorn(sd, null as never, y, { eps: 1 })],
        ['x', () => sinkhorn(sd, [[0, NaN], [1, 1]], y, { eps: 1 })],
        ['y', () => sinkhorn(sd, x, [[0, Infinity]], { eps: 1 })],
        ['x', () => sinkhorn(sd, [[0, 0], [1]], y, { eps: 1 })],
        ['y', () => sinkhorn(sd, x, [[0, 1, 2]], { eps: 1 })],
        ['options.dim', () => sinkhorn(sd, [0, 1, 2, 3], [0, 1], { eps: 1 })],
        ['x', () => sinkhorn(sd, [0, 1, 2], [0, 1], { eps: 1, dim: 2 })],
        ['x', () => sinkhorn(sd, x, y, { eps: 1, dim: 3 })],
        ['options.dim', () => sinkhorn(sd, x, y, { eps: 1, dim: 0 })],
        ['options.a', () => sinkhorn(sd, x, y, { eps: 1, a: [1] })],
        ['options.a', () => sinkhorn(sd, x, y, { eps: 1, a: [1.5, -0.5] })],
        ['options.a', () => sinkhorn(sd, x, y, { eps: 1, a: [NaN, 1] })],
        ['options.a', () => sinkhorn(sd, x, y, { eps: 1, a: [0, 0], normalize: true })],
        ['options.a', () => sinkhorn(sd, x, y, { eps: 1, a: [1, 1] })], // sums to 2: balanced needs 1
        ['options.b', () => sinkhorn(sd, x, y, { eps: 1, b: [0.5, 0.5, 0.5] })],
        ['options.plan', () => sinkhornDivergence(sd, x, y, { eps: 1, plan: true })],
        ['options.batch', () => sinkhornBatch(sd, [0], [0], { batch: 0, n: 1, m: 1, dim: 1, eps: 1 })],
        ['x', () => sinkhornBatch(sd, [0, 1, 2], [0, 1], { batch: 2, n: 1, m: 1, dim: 1, eps: 1 })],
        ['options.b', () => sinkhornBatch(sd, [0, 1], [0, 1], { batch: 2, n: 1, m: 1, dim: 1, eps: 1, b: [1, 0] })],
      ];
      for (const [argument, call] of cases) {
        const error = argumentError(call);
        expect(error.argument, error.message).toBe(argument);
        expect(error.code).toBe('E_ARGUMENT');
      }
      // cost matrices beyond 2 GiB: a memory error before anything is allocated
      expect(() => sinkhorn(sd, new Float64Array(20000), new Float64Array(20000), { eps: 1, dim: 1 })).toThrow(SaddleMemoryError);
      // normalize accepts any positive totals; unbalanced accepts unequal masses
      const r = sinkhorn(sd, x, y, { eps: 1, a: [2, 2], b: [1, 1, 1], normalize: true });
      const u = sinkhorn(sd, x, y, { eps: 1 });
      expect(r.dual).toBe(u.dual);
      expect(Number.isFinite(sinkhorn(sd, x, y, { eps: 1, a: [2, 2], rho: 1 }).dual)).toBe(true);
    });
  });
}

function shuffle(v: number[], seed: number): void {
  const next = mulberry32(seed);
  for (let i = v.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [v[i], v[j]] = [v[j], v[i]];
  }
}

describe('fuzz regressions: tiny and huge ε, zero weights', () => {
  test('every output is finite for ε down to 1e-200, balanced and unbalanced; ε outside [1e-200, 1e200] is refused', async () => {
    const sd = await loadBuild('simd');
    const problems: Array<[number[], number[]]> = [[[0], [0]], [[0, 1, 2], [0.5, 3]], [[0, 10, 20], [5, -100]]];
    for (const rho of [Infinity, 0.01, 1]) {
      for (const eps of [1e-12, 1e-30, 1e-100, 1e-200]) {
        for (const [x, y] of problems) {
          const options = { eps, dim: 1, maxIterations: 200, onWarning: false as const, ...(rho === Infinity ? {} : { rho }) };
          const r = sinkhorn(sd, x, y, options);
          const values = [r.cost, r.dual, r.objective, r.primal, sinkhornDivergence(sd, x, y, options).divergence, ...r.f, ...r.g];
          expect(values.every(Number.isFinite), `ρ ${rho}, ε ${eps}, ${x} vs ${y}`).toBe(true);
          if (rho === Infinity) expect(r.cost).toBeLessThanOrEqual(Math.max(...x.flatMap((u) => y.map((v) => (u - v) ** 2))) + 1e-9);
        }
      }
    }
    for (const eps of [5e-324, 1e-201, 1.6e308]) expect(() => sinkhorn(sd, [0], [1], { eps, dim: 1 })).toThrow(/argument 'options.eps' must be a number in \[1e-200, 1e\+200\]/);
  });

  // ε = 1e-30: g/ε ~ 1e30, so log a_i and log b_j (~ −2) were rounded away when the plan's
  // exponents were formed (rows summed to 1, not a_i: mass n), and a plan off its marginals was
  // reported as converged (its potentials are a fixed point bit for bit, stopping error 0).
  test('ε = 1e-30: n = m gives the assignment (brute force); n ≠ m keeps the row weights and is reported as not converged', async () => {
    const sd = await loadBuild('simd');
    const n = 5, x = cloud(n, 2, 301), y = cloud(n, 2, 302, 0, 2);
    const perms = (k: number): number[][] => k === 0 ? [[]] : perms(k - 1).flatMap((p) => Array.from({ length: k }, (_, i) => [...p.slice(0, i), k - 1, ...p.slice(i)]));
    const c = (i: number, j: number) => (x[i][0] - y[j][0]) ** 2 + (x[i][1] - y[j][1]) ** 2;
    const ot = Math.min(...perms(n).map((p) => p.reduce((s, j, i) => s + c(i, j), 0) / n));
    for (const domain of ['auto', 'log'] as const) {
      const r = sinkhorn(sd, x, y, { eps: 1e-30, domain, plan: true, onWarning: false });
      expect(r.converged, domain).toBe(true);
      expect(Math.abs(r.mass - 1), domain).toBeLessThan(1e-14);
      expect(r.marginalError, domain).toBeLessThan(1e-14);
      expectClose(r.cost, ot, 1e-14, `${domain}: cost vs brute-force assignment`);
      expectClose(r.dual, ot, 1e-14, `${domain}: dual`);
      for (let i = 0; i < n; i++) expect(Array.from(r.plan!.subarray(i * n, i * n + n)).filter((v) => v > 0).map((v) => v * n)).toEqual([1]);
    }
    for (const [na, nb] of [[12, 9], [3, 2], [2, 3]]) {
      const xa = cloud(na, 2, 303), yb = cloud(nb, 2, 304, 0, 2);
      for (const domain of ['auto', 'log'] as const) {
        const messages: string[] = [];
        const r = sinkhorn(sd, xa, yb, { eps: 1e-30, domain, plan: true, onWarning: (w) => messages.push(w) });
        const what = `${na}×${nb} ${domain}`;
        expect(Math.abs(r.mass - 1), what).toBeLessThan(1e-14);
        for (let i = 0; i < na; i++) expect(Math.abs(r.plan!.subarray(i * nb, i * nb + nb).reduce((s, v) => s + v, 0) - 1 / na), what).toBeLessThan(1e-15);
        expect(r.marginalError, what).toBeGreaterThan(2 * r.stopThreshold);
        expect(r.converged, what).toBe(false);
        expect(messages.length, what).toBe(1);
        expect(messages[0]).toMatch(/fixed point .* plan's marginal error .* ε is too small/);
      }
    }
    // an ordinary ε on the same n ≠ m problem converges, with its plan on its marginals
    const ok = sinkhorn(sd, cloud(12, 2, 303), cloud(9, 2, 304, 0, 2), { eps: 0.05, onWarning: false });
    expect(ok.converged).toBe(true);
    expect(ok.marginalError).toBeLessThanOrEqual(2 * ok.stopThreshold);
  });

  test('an unbalanced problem with a zero weight has a finite dual (its potential is not a term)', async () => {
    const sd = await loadBuild('simd');
    const r = sinkhorn(sd, [0, 8 * Math.sin(1.7)], [4 * Math.sin(1), 4 * Math.sin(2.7)], { eps: 1e-4, dim: 1, a: [0, Math.sin(1)], rho: 0.01, maxIterations: 200, onWarning: false });
    expect([r.dual, r.primal, r.cost, r.objective].every(Number.isFinite)).toBe(true);
  });
});

// The stopping rule across scales: ε/max C from 1e-4 to 1e12 against the closed forms of both
// limits. ε → ∞: P → a⊗b, so OT_ε → Σ a_i b_j C_ij, and (sqeuclidean)
//   S_ε → Σ a_i b_j ‖x_i − y_j‖² − ½ Σ a_i a_k ‖x_i − x_k‖² − ½ Σ b_j b_l ‖y_j − y_l‖² = ‖Σ a_i x_i − Σ b_j y_j‖²
// (expand ‖x − y‖² = ‖x‖² + ‖y‖² − 2x·y: the ‖·‖² terms cancel, the cross terms leave the
// weighted means). The first correction is O(max C/ε) relative. ε → 0 with n = m and uniform
// weights: OT is an assignment (brute force over the n! permutations), the plan tends to
// that permutation/n, so ⟨P, C⟩ → OT and OT_ε = ⟨P, C⟩ + ε KL(P | a⊗b) → OT + ε log n.
describe('stopping rule across scales: ε/max C from 1e-4 to 1e12', () => {
  const n = 5;
  const x = cloud(n, 2, 901, 0, 1), y = cloud(n, 2, 902, 0, 1);
  const sq = (p: number[], q: number[]) => p.reduce((s, v, k) => s + (v - q[k]) ** 2, 0);
  const C = x.map((p) => y.map((q) => sq(p, q)));
  const cmax = Math.max(...C.flat());
  const permutations = (k: number[]): number[][] => (k.length <= 1 ? [k] : k.flatMap((v, i) => permutations([...k.slice(0, i), ...k.slice(i + 1)]).map((p) => [v, ...p])));
  const exact = Math.min(...permutations([0, 1, 2, 3, 4]).map((p) => p.reduce((s, j, i) => s + C[i][j] / n, 0)));
  const a = weights(n, 903), b = weights(n, 904);
  const product = (wa: number[], wb: number[]) => C.reduce((s, row, i) => s + row.reduce((t, c, j) => t + wa[i] * wb[j] * c, 0), 0);
  const mean = (pts: number[][], w: number[]) => [0, 1].map((k) => pts.reduce((s, p, i) => s + w[i] * p[k], 0));
  const meanGap = sq(mean(x, a), mean(y, b));
  const ratios = Array.from({ length: 17 }, (_, i) => 10 ** (i - 4));

  for (const build of BUILDS) {
    test(`${build}: uniform weights, OT_ε between exact OT and the product coupling, nondecreasing in ε, both limits`, async () => {
      const sd = await loadBuild(build);
      const u = new Array(n).fill(1 / n);
      const prodU = product(u, u);
      let previous = -Infinity;
      for (const ratio of ratios) {
        const eps = ratio * cmax;
        const r = sinkhorn(sd, x, y, { eps, tol: 1e-9, maxIterations: 20000, onWarning: false });
        // the default runs the kernel domain below max C (assembly/solvers/sinkhorn-kernel.ts), the
        // centred log domain from max C up; domain: 'log' is the reference path, same stopping rule
        const l = sinkhorn(sd, x, y, { eps, tol: 1e-9, maxIterations: 20000, onWarning: false, domain: 'log' });
        expect(r.kernelUpdates > 0, `ε/C ${ratio}: kernel domain used`).toBe(ratio < 1);
        expect(l.kernelUpdates).toBe(0);
        expect(r.converged).toBe(l.converged);
        expect(Math.abs(r.dual - l.dual), `ε/C ${ratio}: kernel ${r.dual} vs log ${l.dual}`).toBeLessThanOrEqual(4e-9 * cmax + 1e-12 * Math.abs(l.dual));
        // between 1e-3 and 1e-1 this problem converges sublinearly (error ~ 1/iterations, the
        // same before this stopping rule): there only the bounds and the ordering are checked
        if (ratio >= 1 || ratio === 1e-4) {
          expect(r.converged, `ε/C ${ratio}: ${r.iterations} iterations, error ${r.stopError}`).toBe(true);
          expect(r.stopError).toBeLessThanOrEqual(r.stopThreshold);
        } else {
          expect(r.converged).toBe(r.stopError <= r.stopThreshold);
        }
        expect(r.iterations, `ε/C ${ratio}`).toBeGreaterThanOrEqual(1);
        expect(r.stopThreshold).toBe(1e-9 * Math.min(1, cmax / eps));
        expect(r.dual, `ε/C ${ratio}: OT_ε grows with ε`).toBeGreaterThanOrEqual(previous - 1e-12 * prodU);
        expect(r.cost).toBeGreaterThanOrEqual(exact * (1 - 1e-12));
        expect(r.cost).toBeLessThanOrEqual(prodU * (1 + 1e-12));
        previous = r.dual;
        if (ratio >= 1e4) {
          expect(relErr(r.dual, prodU), `ε/C ${ratio}: dual ${r.dual} vs Σ a_i b_j C_ij ${prodU}`).toBeLessThanOrEqual(2 / ratio + 1e-13);
          expect(relErr(r.cost, prodU), `ε/C ${ratio}: cost`).toBeLessThanOrEqual(4 / ratio + 1e-13);
        }
        if (ratio === 1e8) expect(relErr(r.dual, prodU)).toBeLessThanOrEqual(1e-6); // the bar
        if (ratio === 1e-4) {
          expect(relErr(r.cost, exact), `ε/C ${ratio}: ⟨P, C⟩ vs the assignment`).toBeLessThanOrEqual(1e-9);
          expect(relErr(r.dual, exact + eps * Math.log(n)), `ε/C ${ratio}: OT + ε log n`).toBeLessThanOrEqual(1e-9);
        }
      }
    });

    test(`${build}: weighted, ε → ∞: OT_ε → Σ a_i b_j C_ij and S_ε → ‖mean_a x − mean_b y‖²; never 0 from untouched potentials`, async () => {
      const sd = await loadBuild(build);
      const prodAB = product(a, b);
      for (const ratio of ratios.filter((r) => r >= 1e4)) {
        const eps = ratio * cmax;
        const r = sinkhorn(sd, x, y, { eps, a, b, onWarning: false });
        expect(r.converged && r.iterations >= 1, `ε/C ${ratio}`).toBe(true);
        expect(relErr(r.dual, prodAB), `ε/C ${ratio}: dual ${r.dual} vs ${prodAB}`).toBeLessThanOrEqual(2 / ratio + 1e-13);
        const s = sinkhornDivergence(sd, x, y, { eps, a, b, onWarning: false });
        expect(s.converged, `ε/C ${ratio}`).toBe(true);
        for (const t of [s.cross, s.selfA, s.selfB]) expect(t.iterations).toBeGreaterThanOrEqual(1);
        expect(relErr(s.divergence, meanGap), `ε/C ${ratio}: S_ε ${s.divergence} vs ${meanGap}`).toBeLessThanOrEqual(100 / ratio + 1e-9);
        if (ratio === 1e8) expect(relErr(r.dual, prodAB)).toBeLessThanOrEqual(1e-6);
      }
      // half_sqeuclidean halves the limit; a batch gives the same limits
      const half = sinkhornDivergence(sd, x, y, { eps: 1e8 * cmax, a, b, cost: 'half_sqeuclidean' });
      expect(relErr(half.divergence, meanGap / 2)).toBeLessThanOrEqual(1e-6);
      const batch = sinkhornBatch(sd, x.flat(), y.flat(), { batch: 1, n, m: n, dim: 2, eps: 1e8 * cmax, a, b, debiased: true });
      expect(relErr(batch.values[0], meanGap)).toBeLessThanOrEqual(1e-6);
    });
  }

  test('points scaled by 1e-2 with ε = 1000: S_ε is the mean gap, not 0', async () => {
    const sd = await loadBuild('simd');
    const xs = x.map((p) => p.map((v) => v * 1e-2)), ys = y.map((p) => p.map((v) => v * 1e-2));
    const s = sinkhornDivergence(sd, xs, ys, { eps: 1000, a, b });
    expect(relErr(s.divergence, meanGap * 1e-4)).toBeLessThanOrEqual(1e-6);
  });

  test('the non-convergence warning reports the error and threshold the stopping test used, and the terms that failed', async () => {
    const sd = await loadBuild('simd');
    const xs = cloud(60, 2, 905), ys = cloud(50, 2, 906);
    const messages: string[] = [];
    const s = sinkhornDivergence(sd, xs, ys, { eps: 1e-3, maxIterations: 30, onWarning: (m) => messages.push(m) });
    expect(s.converged).toBe(false);
    expect(messages).toHaveLength(1);
    const reported = [...messages[0].matchAll(/(the \S+ term [^ ]+ )?not converged after (\d+) iterations \(stopping error (\S+) > threshold (\S+) =/g)];
    const failed = [s.cross, s.selfA, s.selfB].filter((t) => !t.converged);
    expect(reported).toHaveLength(failed.length);
    reported.forEach((match, k) => {
      expect(Number(match[2])).toBe(failed[k].iterations);
      expect(Number(match[3])).toBeGreaterThan(Number(match[4]));
      expect(Number(match[3])).toBeCloseTo(failed[k].stopError, 3 - Math.floor(Math.log10(failed[k].stopError)));
      expect(failed[k].stopError).toBeGreaterThan(failed[k].stopThreshold);
    });
  });
});
