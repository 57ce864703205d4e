// The steppers of bindings/optim/steppers.ts, compiled and run in WASM on every
// build: normalized gradients (nsgd, global and per layer), grafting (Adam#SGD, SGD#Adam),
// optimism (OGDA, optimistic Adam). Two steps against rules worked by hand in f64 on two
// parameter tensors of different shapes; the bilinear game min_x max_y x·y (GDA spirals out
// by exactly √(1 + η²) per step, OGDA and optimistic Adam converge); grafting's magnitude
// and direction; nsgd's step length; memory; typed errors.
import { describe, expect, test } from 'vitest';
import { compile, grad, graph as G, optim, type Saddle } from '../../bindings/index.js';
import type { Node } from '../../bindings/graph/index.js';
import { BUILDS, loadBuild } from '../helpers/builds.js';
import { argumentError } from '../helpers/errors.js';

// ---- the problem: f = Σ_k κ_k (w_k − c_k)² over two tensors, A [1, 3] and B [2, 2] ----

interface Problem { w0: number[][]; c: number[][]; kappa: number[][]; shapes: Array<[number, number]> }

/** Unit curvature: f = Σ (w − c)², as the optimizer table. */
const UNIT: Problem = {
  shapes: [[1, 3], [2, 2]],
  w0: [[0.5, -1.5, 2.5], [0.3, -0.7, 1.1, 2]],
  c: [[1.25, 0.5, -0.75], [-0.2, 0.4, 0.9, -1]],
  kappa: [[1, 1, 1], [1, 1, 1, 1]],
};

/** Curvatures from 100 to 0.001: the gradient's direction is far from Adam's. */
const ILL: Problem = { ...UNIT, kappa: [[100, 1, 0.01], [10, 0.1, 1, 0.001]] };

function problem(p: Problem) {
  const g = new G.Graph();
  const params = p.shapes.map((s, i) => G.param(g, s, { kind: 'values', values: p.w0[i] }));
  const terms = params.map((w, i) =>
    G.sum(G.mul(G.constant(g, p.kappa[i], p.shapes[i]), G.square(G.sub(w, G.constant(g, p.c[i], p.shapes[i]))))));
  const loss = terms.reduce((a, b) => G.add(a, b));
  return { g, params, loss };
}

const gradOf = (p: Problem, w: number[][]) => w.map((wi, i) => wi.map((v, k) => 2 * p.kappa[i][k] * (v - p.c[i][k])));

// ---- the rules by hand, in f64: (state, gradients, t = 1, 2, …) → updates u (θ ← θ + u) ----

type Tensors = number[][];
type Hand = (s: Record<string, Tensors>, g: Tensors, t: number) => Tensors;

const norm = (x: number[]) => Math.sqrt(x.reduce((a, v) => a + v * v, 0));
const globalNorm = (xs: Tensors) => Math.sqrt(xs.reduce((a, x) => a + x.reduce((b, v) => b + v * v, 0), 0));
const scale = (xs: Tensors, f: (i: number) => number) => xs.map((x, i) => x.map((v) => v * f(i)));
const zerosLike = (xs: Tensors) => xs.map((x) => x.map(() => 0));

function normalized(xs: Tensors, scope: 'global' | 'layer', eps: number): Tensors {
  const n = globalNorm(xs);
  return scale(xs, (i) => 1 / Math.max(scope === 'global' ? n : norm(xs[i]), eps));
}

/** Adam's step m̂/(√v̂ + ε) with the given betas, state under `key`. */
function adamHand(s: Record<string, Tensors>, g: Tensors, t: number, b1 = 0.9, b2 = 0.999, eps = 1e-8, key = 'adam'): Tensors {
  const m = (s[`${key}.m`] ??= zerosLike(g)), v = (s[`${key}.v`] ??= zerosLike(g));
  return g.map((gi, i) => gi.map((gk, k) => {
    m[i][k] = b1 * m[i][k] + (1 - b1) * gk;
    v[i][k] = b2 * v[i][k] + (1 - b2) * gk * gk;
    return (m[i][k] / (1 - b1 ** t)) / (Math.sqrt(v[i][k] / (1 - b2 ** t)) + eps);
  }));
}

function graftHand(m: Tensors, d: Tensors, scope: 'global' | 'layer'): Tensors {
  const [gm, gd] = [globalNorm(m), globalNorm(d)];
  return scale(d, (i) => (scope === 'global' ? gm / Math.max(gd, 1e-16) : norm(m[i]) / Math.max(norm(d[i]), 1e-16)));
}

function optimismHand(s: Record<string, Tensors>, a: Tensors): Tensors {
  const prev = s.prev ?? zerosLike(a);
  s.prev = a;
  return a.map((ai, i) => ai.map((v, k) => 2 * v - prev[i][k]));
}

const descend = (lr: number, u: Tensors) => scale(u, () => -lr);

interface Case { name: string; make(): optim.GradientTransformation; hand: Hand }

const LR = 0.1;
const CASES: Case[] = [
  { name: 'nsgd global', make: () => optim.nsgd(LR), hand: (_s, g) => descend(LR, normalized(g, 'global', 1e-12)) },
  { name: 'nsgd layer', make: () => optim.nsgd(LR, { scope: 'layer' }), hand: (_s, g) => descend(LR, normalized(g, 'layer', 1e-12)) },
  {
    name: 'adamMagnitudeSgdDirection (layer)', make: () => optim.adamMagnitudeSgdDirection(LR),
    hand: (s, g, t) => descend(LR, graftHand(adamHand(s, g, t), g, 'layer')),
  },
  {
    name: 'adamMagnitudeSgdDirection (global)', make: () => optim.adamMagnitudeSgdDirection(LR, { scope: 'global' }),
    hand: (s, g, t) => descend(LR, graftHand(adamHand(s, g, t), g, 'global')),
  },
  {
    name: 'sgdMagnitudeAdamDirection (layer, b1 0.5)', make: () => optim.sgdMagnitudeAdamDirection(LR, { b1: 0.5 }),
    hand: (s, g, t) => descend(LR, graftHand(g, adamHand(s, g, t, 0.5), 'layer')),
  },
  { name: 'ogda', make: () => optim.ogda(LR), hand: (s, g) => descend(LR, optimismHand(s, g)) },
  {
    name: 'scaleByOptimism alpha 0.5', make: () => optim.chain(optim.scaleByOptimism({ alpha: 0.5 }), optim.scaleByLearningRate(LR)),
    hand: (s, g) => {
      const prev = s.prev ?? zerosLike(g);
      s.prev = g;
      return descend(LR, g.map((gi, i) => gi.map((v, k) => 1.5 * v - 0.5 * prev[i][k])));
    },
  },
  { name: 'optimisticAdam', make: () => optim.optimisticAdam(LR), hand: (s, g, t) => descend(LR, optimismHand(s, adamHand(s, g, t))) },
  {
    name: 'optimisticAdam (b1 0, amsgrad)', make: () => optim.optimisticAdam(LR, { b1: 0, amsgrad: true }),
    hand: (s, g, t) => {
      // amsgrad: v̂max ← max(v̂max, v̂); with b1 = 0, m̂ = g
      const v = (s.v ??= zerosLike(g)), vMax = (s.vMax ??= zerosLike(g));
      const a = g.map((gi, i) => gi.map((gk, k) => {
        v[i][k] = 0.999 * v[i][k] + 0.001 * gk * gk;
        vMax[i][k] = Math.max(vMax[i][k], v[i][k] / (1 - 0.999 ** t));
        return gk / (Math.sqrt(vMax[i][k]) + 1e-8);
      }));
      return descend(LR, optimismHand(s, a));
    },
  },
];

/** A phase built by hand from an optimizer, exposing its updates (to log their norms). */
function phaseOf(loss: Node, params: Node[], opt: optim.GradientTransformation) {
  const grads = grad(loss, params);
  const state = opt.init(params);
  const { updates, assignments } = opt.update(grads, state, params);
  return { grads, state, updates, phaseUpdates: [...optim.applyUpdates(params, updates), ...assignments] };
}

const gNorm = (xs: readonly Node[]) => G.sqrt(xs.map((x) => G.sum(G.square(x))).reduce((a, b) => G.add(a, b)));
const tNorm = (x: Node) => G.sqrt(G.sum(G.square(x)));

/** x·y, min over x, max over y, simultaneous: the max player gets −∂(x·y)/∂y. */
function bilinear(sd: Saddle, opt: optim.GradientTransformation) {
  const g = new G.Graph();
  const x = G.param(g, [1, 1], { kind: 'constant', value: 1 });
  const y = G.param(g, [1, 1], { kind: 'constant', value: 1 });
  const value = G.mul(x, y);
  const [gx] = grad(value, [x]);
  const [gy] = grad(G.neg(value), [y]);
  const state = opt.init([x, y]);
  const { updates, assignments } = opt.update([gx, gy], state, [x, y]);
  const program = compile(sd, { seed: 0, logCapacity: 16, phases: [{ updates: [...optim.applyUpdates([x, y], updates), ...assignments] }] });
  const radius = () => Math.hypot(program.read(x)[0], program.read(y)[0]);
  return { program, radius };
}

for (const build of BUILDS) {
  describe(`steppers (${build})`, () => {
    for (const c of CASES) {
      test(`${c.name}: two steps match the rule worked by hand in f64`, async () => {
        const sd = await loadBuild(build);
        const base = sd.liveBytes();
        const s: Record<string, Tensors> = {};
        let w = UNIT.w0.map((x) => x.slice());
        const want: Tensors[] = [];
        for (let t = 1; t <= 2; t++) {
          const u = c.hand(s, gradOf(UNIT, w), t);
          w = w.map((wi, i) => wi.map((v, k) => v + u[i][k]));
          want.push(w);
        }
        const { params, loss } = problem(UNIT);
        const program = compile(sd, { seed: 0, phases: [optim.minimize(loss, params, c.make())] });
        for (let t = 0; t < 2; t++) {
          program.run(1);
          params.forEach((p, i) => {
            const got = program.read(p);
            want[t][i].forEach((v, k) => {
              const err = Math.abs(got[k] - v) / Math.max(1, Math.abs(v));
              expect(err, `step ${t + 1}, tensor ${i}[${k}]: compiled ${got[k]}, by hand ${v}`).toBeLessThanOrEqual(1e-6);
            });
          });
          // not vacuous: every coordinate moved
          const before = t === 0 ? UNIT.w0 : want[0];
          want[t].forEach((x, i) => x.forEach((v, k) => expect(Math.abs(v - before[i][k])).toBeGreaterThan(1e-4)));
        }
        program.dispose();
        expect(sd.liveBytes()).toBe(base);
      });
    }

    test('nsgd global and layer differ on two tensors (the two-step check tells them apart)', () => {
      const g = gradOf(UNIT, UNIT.w0);
      const a = normalized(g, 'global', 0), b = normalized(g, 'layer', 0);
      expect(Math.abs(a[0][0] - b[0][0])).toBeGreaterThan(0.01);
    });

    test('nsgd: every step has length exactly lr (global: over all tensors; layer: per tensor), 200 steps', async () => {
      const sd = await loadBuild(build);
      const base = sd.liveBytes();
      const lr = 0.03;
      for (const scope of ['global', 'layer'] as const) {
        const { params, loss } = problem(ILL);
        const { updates, phaseUpdates } = phaseOf(loss, params, optim.nsgd(lr, { scope }));
        const logs = { all: gNorm(updates), a: tNorm(updates[0]), b: tNorm(updates[1]) };
        const program = compile(sd, { seed: 0, logCapacity: 256, phases: [{ updates: phaseUpdates, logs }] });
        program.run(200);
        const [all, a, b] = [program.log('all'), program.log('a'), program.log('b')];
        expect(all.length).toBe(200);
        if (scope === 'global') expect(Math.abs(a[0] - b[0])).toBeGreaterThan(1e-3); // not per tensor
        for (let t = 0; t < 200; t++) {
          if (scope === 'global') {
            expect(Math.abs(all[t] - lr) / lr, `step ${t}: ‖u‖ = ${all[t]}`).toBeLessThanOrEqual(5e-7);
          } else {
            expect(Math.abs(a[t] - lr) / lr, `step ${t}: ‖u_A‖ = ${a[t]}`).toBeLessThanOrEqual(5e-7);
            expect(Math.abs(b[t] - lr) / lr, `step ${t}: ‖u_B‖ = ${b[t]}`).toBeLessThanOrEqual(5e-7);
            expect(Math.abs(all[t] - Math.SQRT2 * lr) / lr).toBeLessThanOrEqual(1e-6);
          }
        }
        program.dispose();
      }
      expect(sd.liveBytes()).toBe(base);
    });

    for (const scope of ['layer', 'global'] as const) {
      for (const [what, magIsAdam] of [['Adam magnitude, SGD direction', true], ['SGD magnitude, Adam direction', false]] as const) {
        test(`graft (${scope}; ${what}) on curvatures 100 … 0.001: ‖u‖ = ‖m‖ and cos(u, d) = 1 at every step`, async () => {
          const sd = await loadBuild(build);
          const base = sd.liveBytes();
          const { params, loss } = problem(ILL);
          const adam = optim.scaleByAdam({ b1: 0.9, b2: 0.999, eps: 1e-8 });
          const sgd = optim.chain();
          const [mag, dir]: optim.GradientTransformation[] = magIsAdam ? [adam, sgd] : [sgd, adam];
          const grafted = optim.graft(mag, dir, { scope });
          // the graft's raw output u (logged), applied as θ ← θ − lr·u
          const grads = grad(loss, params);
          const state = grafted.init(params);
          const { updates, assignments } = grafted.update(grads, state, params);
          const lr = 2e-3; // SGD magnitude on curvature 100: stable for lr < 1e-2
          const phaseUpdates = [...optim.applyUpdates(params, updates.map((u) => G.mul(u, -lr))), ...assignments];
          // the inner updates again, from the graft's own inner states (identical nodes, shared by compile)
          const m = mag.update(grads, state.magnitude, params).updates;
          const d = dir.update(grads, state.direction, params).updates;
          const groups: Array<[string, number[]]> = scope === 'global' ? [['all', [0, 1]]] : [['A', [0]], ['B', [1]]];
          const logs: Record<string, Node> = {};
          const dot = (p: readonly Node[], q: readonly Node[], idx: number[]) =>
            idx.map((i) => G.sum(G.mul(p[i], q[i]))).reduce((a, b) => G.add(a, b));
          for (const [name, idx] of groups) {
            const pick = (xs: readonly Node[]) => idx.map((i) => xs[i]);
            Object.assign(logs, {
              [`u${name}`]: gNorm(pick(updates)), [`m${name}`]: gNorm(pick(m)), [`d${name}`]: gNorm(pick(d)),
              [`ud${name}`]: dot(updates, d, idx), [`md${name}`]: dot(m, d, idx),
            });
          }
          const steps = 50;
          const program = compile(sd, { seed: 0, logCapacity: 64, phases: [{ updates: phaseUpdates, logs }] });
          program.run(steps);
          for (const [name] of groups) {
            const [u, mm, dd, ud, md] = ['u', 'm', 'd', 'ud', 'md'].map((k) => program.log(`${k}${name}`));
            for (let t = 0; t < steps; t++) {
              expect(Math.abs(u[t] - mm[t]) / mm[t], `step ${t}: ‖u‖ ${u[t]}, ‖m‖ ${mm[t]}`).toBeLessThanOrEqual(1e-6);
              const cos = ud[t] / (u[t] * dd[t]);
              expect(Math.abs(cos - 1), `step ${t}: cos(u, d) = ${cos}`).toBeLessThanOrEqual(1e-6);
              // not vacuous: m and d point in different directions and have different lengths
              expect(md[t] / (mm[t] * dd[t])).toBeLessThan(0.99);
              expect(Math.abs(mm[t] / dd[t] - 1)).toBeGreaterThan(0.01);
            }
          }
          expect(state.nodes.length).toBe(1 + 2 * 2); // Adam's count, mu and nu per tensor, all kept
          expect(program.read((magIsAdam ? state.magnitude : state.direction).nodes[0])[0]).toBe(steps);
          program.dispose();
          expect(sd.liveBytes()).toBe(base);
        });
      }
    }

    test('bilinear game, simultaneous GDA (η = 0.1): ‖(x, y)‖ grows by exactly √(1 + η²) per step for 100 steps', async () => {
      const sd = await loadBuild(build);
      const base = sd.liveBytes();
      const eta = 0.1;
      const { program, radius } = bilinear(sd, optim.sgd(eta));
      let worst = 0;
      for (let t = 1; t <= 100; t++) {
        program.run(1);
        const want = Math.SQRT2 * (1 + eta * eta) ** (t / 2);
        worst = Math.max(worst, Math.abs(radius() - want) / want);
      }
      expect(worst, 'relative error of ‖z_t‖ against √2·(1 + η²)^(t/2)').toBeLessThanOrEqual(2e-6);
      expect(radius()).toBeGreaterThan(Math.SQRT2 * 1.6); // (1.01)^50 ≈ 1.64: it spirals out
      program.dispose();
      expect(sd.liveBytes()).toBe(base);
    });

    test('bilinear game, OGDA (η = 0.1): ‖(x, y)‖ < 1e-3 after 2000 steps (f64: 5.6e-5) and keeps shrinking', async () => {
      const sd = await loadBuild(build);
      const base = sd.liveBytes();
      const { program, radius } = bilinear(sd, optim.ogda(0.1));
      program.run(1000);
      const r1000 = radius();
      program.run(1000);
      expect(radius()).toBeLessThan(1e-3);
      expect(radius()).toBeLessThan(r1000 / 50);
      program.run(1000);
      expect(radius()).toBeLessThan(1e-5);
      program.dispose();
      expect(sd.liveBytes()).toBe(base);
    });

    test('bilinear game, optimistic Adam (η = 0.1, b1 0, b2 0.999, amsgrad): ‖(x, y)‖ < 1e-3 after 3000 steps', async () => {
      const sd = await loadBuild(build);
      const base = sd.liveBytes();
      const { program, radius } = bilinear(sd, optim.optimisticAdam(0.1, { b1: 0, amsgrad: true }));
      program.run(3000);
      expect(radius()).toBeLessThan(1e-3);
      program.run(2000);
      expect(radius()).toBeLessThan(1e-5); // f64: 9e-9 at step 5000
      program.dispose();
      // with Adam's default b1 = 0.9 the momentum makes it spiral out instead (f64: ‖z‖ ≈ 39 at step 5000)
      const momentum = bilinear(sd, optim.optimisticAdam(0.1));
      momentum.program.run(5000);
      expect(momentum.radius()).toBeGreaterThan(10);
      momentum.program.dispose();
      expect(sd.liveBytes()).toBe(base);
    });

    test('live bytes return to baseline after dispose, and long runs do not grow memory', async () => {
      const sd = await loadBuild(build);
      const base = sd.liveBytes();
      const { params, loss } = problem(ILL);
      const opt = optim.chain(
        optim.graft(optim.scaleByAdam({ b1: 0.9, b2: 0.999, eps: 1e-8 }), optim.normalizeByGlobalNorm(), { scope: 'global' }),
        optim.scaleByOptimism({ alpha: 0.5 }),
        optim.scaleByLearningRate(optim.cosineDecay(0.01, { steps: 1000 })),
      );
      const program = compile(sd, { seed: 0, logCapacity: 16, phases: [optim.minimize(loss, params, opt)] });
      program.run(10);
      const bytes = sd.memoryBytes();
      expect(sd.liveBytes()).toBeGreaterThan(base);
      program.run(5000);
      expect(sd.memoryBytes()).toBe(bytes);
      expect(Number.isFinite(program.read(params[0])[0])).toBe(true);
      program.dispose();
      expect(sd.liveBytes()).toBe(base);
    });
  });
}

describe('typed errors', () => {
  const sgd = optim.sgd(0.1);
  const cases: Array<[string, () => unknown, string, RegExp?]> = [
    ['nsgd(0)', () => optim.nsgd(0), 'lr', /a positive finite number or a Schedule/],
    ['nsgd scope', () => optim.nsgd(0.1, { scope: 'row' as never }), 'options.scope', /one of 'global', 'layer', got "row"/],
    ['nsgd eps < 0', () => optim.nsgd(0.1, { eps: -1 }), 'options.eps'],
    ['nsgd options null', () => optim.nsgd(0.1, null as never), 'options'],
    ['normalizeByGlobalNorm eps NaN', () => optim.normalizeByGlobalNorm({ eps: NaN }), 'options.eps'],
    ['normalizeByLayerNorm eps Infinity', () => optim.normalizeByLayerNorm({ eps: Infinity }), 'options.eps'],
    ['graft magnitude not a transformation', () => optim.graft({} as never, sgd), 'magnitude', /GradientTransformation/],
    ['graft direction null', () => optim.graft(sgd, null as never), 'direction'],
    ['graft scope', () => optim.graft(sgd, sgd, { scope: 'all' as never }), 'options.scope'],
    ['graft eps < 0', () => optim.graft(sgd, sgd, { eps: -1e-16 }), 'options.eps'],
    ['adamMagnitudeSgdDirection(-1)', () => optim.adamMagnitudeSgdDirection(-1), 'lr'],
    ['adamMagnitudeSgdDirection b1 = 1', () => optim.adamMagnitudeSgdDirection(0.1, { b1: 1 }), 'options.b1'],
    ['adamMagnitudeSgdDirection scope', () => optim.adamMagnitudeSgdDirection(0.1, { scope: 1 as never }), 'options.scope'],
    ['sgdMagnitudeAdamDirection(NaN)', () => optim.sgdMagnitudeAdamDirection(NaN), 'lr'],
    ['sgdMagnitudeAdamDirection eps < 0', () => optim.sgdMagnitudeAdamDirection(0.1, { eps: -1 }), 'options.eps'],
    ['scaleByOptimism alpha < 0', () => optim.scaleByOptimism({ alpha: -1 }), 'options.alpha', /a finite number >= 0, got -1/],
    ['scaleByOptimism options a number', () => optim.scaleByOptimism(1 as never), 'options'],
    ['ogda(Infinity)', () => optim.ogda(Infinity), 'lr'],
    ["ogda('0.1')", () => optim.ogda('0.1' as never), 'lr'],
    ['optimisticAdam(0)', () => optim.optimisticAdam(0), 'lr'],
    ['optimisticAdam b2 > 1', () => optim.optimisticAdam(0.1, { b2: 2 }), 'options.b2'],
    ['optimisticAdam amsgrad not a boolean', () => optim.optimisticAdam(0.1, { amsgrad: 'yes' as never }), 'options.amsgrad'],
  ];
  for (const [what, fn, argument, message] of cases) {
    test(`${what} names '${argument}'`, () => {
      const error = argumentError(fn);
      expect(error.argument).toBe(argument);
      if (message) expect(error.message).toMatch(message);
    });
  }

  test('a graft checks its state like any transformation', () => {
    const { g, params } = problem(UNIT);
    const grafted = optim.graft(optim.scaleByAdam({ b1: 0.9, b2: 0.999, eps: 1e-8 }), optim.chain());
    const gs = params.map((p) => G.zeros(g, p.shape));
    expect(argumentError(() => grafted.update(gs, optim.graft(optim.chain(), optim.chain()).init(params), params)).argument).toBe('state');
    expect(argumentError(() => grafted.update([gs[0]], grafted.init(params), params)).argument).toBe('updates');
  });
});
