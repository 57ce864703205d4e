// Steppers on games: bilinear spectral radii per stepper against closed forms, the
// linearizations against the compiled programs (on linear fields one iteration is exactly
// z ← Mz), and trajectories run inside WASM.
import { describe, expect, test } from 'vitest';
import { graph, minimax, optim, type Saddle } from '../../bindings/index.js';
import { BUILDS, trackLiveBytes } from '../helpers/builds.js';
import { argumentError } from '../helpers/errors.js';

/** A = U diag(σ) Vᵀ with rotations U (by 0.4) and V (by −1.1). */
function withSingularValues(s1: number, s2: number): number[][] {
  const rot = (t: number) => [[Math.cos(t), -Math.sin(t)], [Math.sin(t), Math.cos(t)]];
  const U = rot(0.4), V = rot(-1.1);
  return [0, 1].map((i) => [0, 1].map((j) => U[i][0] * s1 * V[j][0] + U[i][1] * s2 * V[j][1]));
}

/** Largest |μ| over the roots of μ² − (1 + 2a)μ + a, a = iησ (OGDA on the bilinear game). */
function ogdaRadius(eta: number, sigmas: number[]): number {
  let r = 0;
  for (const s of sigmas) {
    // complex arithmetic on (re, im): b = 1 + 2a, disc = b² − 4a
    const a: [number, number] = [0, eta * s];
    const b: [number, number] = [1, 2 * a[1]];
    const disc: [number, number] = [b[0] * b[0] - b[1] * b[1] - 4 * a[0], 2 * b[0] * b[1] - 4 * a[1]];
    const mod = Math.hypot(disc[0], disc[1]);
    const sq: [number, number] = [Math.sqrt((mod + disc[0]) / 2), (disc[1] < 0 ? -1 : 1) * Math.sqrt((mod - disc[0]) / 2)];
    for (const sign of [1, -1]) r = Math.max(r, Math.hypot((b[0] + sign * sq[0]) / 2, (b[1] + sign * sq[1]) / 2));
  }
  return r;
}

for (const build of BUILDS) {
  describe(`minimax steppers (${build} build)`, () => {
    let sd: Saddle;
    trackLiveBytes(build, (s) => { sd = s; });

    const sigmas = [2, 0.5];
    const game = () => minimax.bilinear({ A: withSingularValues(sigmas[0], sigmas[1]) });

    test('bilinear spectral radii: simultaneous √(1 + η²σ²), alternating 1, extragradient √(1 − η²σ² + η⁴σ⁴), OGDA, consensus', () => {
      const g = game();
      for (const eta of [0.05, 0.2, 0.45]) {
        const radius = (s: minimax.Stepper) => minimax.localConvergence(sd, g, s).radius;
        expect(radius(minimax.simultaneousGda({ lr: eta }))).toBeCloseTo(Math.sqrt(1 + eta * eta * 4), 6);
        expect(radius(minimax.alternatingGda({ lr: eta }))).toBeCloseTo(1, 6);
        const eg = Math.max(...sigmas.map((s) => Math.sqrt(1 - eta * eta * s * s + eta ** 4 * s ** 4)));
        expect(radius(minimax.extragradient({ lr: eta }))).toBeCloseTo(eg, 6);
        expect(radius(minimax.optimisticGda({ lr: eta }))).toBeCloseTo(ogdaRadius(eta, sigmas), 6);
        const gamma = 0.3;
        const cons = Math.max(...sigmas.map((s) => Math.hypot(1 - eta * gamma * s * s, eta * s)));
        expect(radius(minimax.consensus({ lr: eta, gamma }))).toBeCloseTo(cons, 6);
      }
      expect(minimax.localConvergence(sd, g, minimax.simultaneousGda({ lr: 0.1 })).verdict).toBe('diverges');
      expect(minimax.localConvergence(sd, g, minimax.alternatingGda({ lr: 0.1 })).verdict).toBe('cycles');
      expect(minimax.localConvergence(sd, g, minimax.extragradient({ lr: 0.1 })).verdict).toBe('converges');
      expect(minimax.localConvergence(sd, g, minimax.optimisticGda({ lr: 0.1 })).verdict).toBe('converges');
      // alternating GDA leaves the unit circle once ησ > 2
      expect(minimax.localConvergence(sd, g, minimax.alternatingGda({ lr: 1.1 })).verdict).toBe('diverges');
    });

    test('linearizations equal the compiled programs on linear fields (3 iterations, z ← M³z)', () => {
      const quad = minimax.quadratic({ P: [[0.5, 0.1], [0.1, -0.3]], A: [[1, 0.2], [-0.4, 0.7]], Q: [[0.8, 0], [0, 0.2]], start: [1, -0.5, 0.3, 2] });
      const steppers = [
        minimax.simultaneousGda({ lr: 0.1, ratio: 2 }),
        minimax.alternatingGda({ lr: 0.1, ratio: 0.5, innerSteps: 3 }),
        minimax.extragradient({ lr: 0.2, ratio: 1.5 }),
        minimax.optimisticGda({ lr: 0.1, ratio: 2 }),
        minimax.consensus({ lr: 0.1, gamma: 0.5 }),
      ];
      for (const stepper of steppers) {
        const lin = stepper.linearize(minimax.jacobian(quad, [0, 0, 0, 0]), 2, 2)!;
        const N = lin.size;
        // OGDA's state is (z_k, z_{k−1}); its first step uses v(z_{−1}) = 0, i.e. z_{−1} = 0 here
        let s = Float64Array.from({ length: N }, (_, i) => (i < 4 ? quad.start[i] : 0));
        for (let k = 0; k < 3; k++) s = Float64Array.from({ length: N }, (_, i) => s.reduce((acc, v, j) => acc + lin.matrix[i * N + j] * v, 0));
        const t = minimax.run(sd, quad, stepper, { iterations: 3 });
        const z = t.points.at(-1)!;
        for (let i = 0; i < 4; i++) expect(z[i], `${stepper.name} z[${i}]`).toBeCloseTo(s[i], 5);
      }
    });

    test('trajectories in WASM: GDA spirals out at ρᵏ, extragradient in at ρᵏ, alternating stays bounded', () => {
      const g = minimax.bilinear({ A: [[1]] });
      const eta = 0.1, k = 200;
      const gda = minimax.run(sd, g, minimax.simultaneousGda({ lr: eta }), { iterations: k, every: 50 });
      expect(gda.steps).toEqual([0, 50, 100, 150, 200]);
      expect(gda.distances.at(-1)! / gda.distances[0]).toBeCloseTo(Math.pow(1 + eta * eta, k / 2), 3);
      const eg = minimax.run(sd, g, minimax.extragradient({ lr: eta }), { iterations: k });
      expect(eg.distances.at(-1)! / eg.distances[0] / Math.pow(1 - eta ** 2 + eta ** 4, k / 2)).toBeCloseTo(1, 4);
      const alt = minimax.run(sd, g, minimax.alternatingGda({ lr: eta }), { iterations: 2000, every: 10 });
      const ds = alt.distances;
      expect(Math.max(...ds)).toBeLessThan(1.2 * ds[0]);
      expect(Math.min(...ds)).toBeGreaterThan(0.8 * ds[0]);
    });

    test('nSGDA steps have length η per player', () => {
      const g = minimax.bilinear({ A: [[1, 0], [0, 2]], start: [3, -1, 2, 5] });
      const t = minimax.run(sd, g, minimax.nsgda({ lr: 0.01, ratio: 3 }), { iterations: 1 });
      const [z0, z1] = t.points;
      expect(Math.hypot(z1[0] - z0[0], z1[1] - z0[1])).toBeCloseTo(0.01, 6);
      expect(Math.hypot(z1[2] - z0[2], z1[3] - z0[3])).toBeCloseTo(0.03, 6);
      // per tensor: a game with two tensors per player steps η on each tensor
      const gr = new graph.Graph();
      const [a, b, c, d] = [[3], [-1], [2], [5]].map((v, i) => graph.param(gr, [1, 1], { kind: 'values', values: v }, `p${i}`));
      const L = graph.add(graph.mul(a, c), graph.mul(graph.mul(b, d), 2));
      const split = minimax.zeroSum({ x: [a, b], y: [c, d], loss: L });
      const [s0, s1] = minimax.run(sd, split, minimax.nsgda({ lr: 0.01, scope: 'layer' }), { iterations: 1 }).points;
      for (let i = 0; i < 4; i++) expect(Math.abs(s1[i] - s0[i])).toBeCloseTo(0.01, 6);
      expect(argumentError(() => minimax.nsgda({ lr: 0.1, scope: 'row' as never })).argument).toBe('options.scope');
    });

    test('withOptimizers: SGD on both players is simultaneous GDA bit for bit; Adam steps have length ≈ η per coordinate', () => {
      const g = minimax.bilinear({ A: [[1, 0.5], [0, 2]], start: [3, -1, 2, 5] });
      const sgd = minimax.run(sd, g, minimax.withOptimizers({ x: optim.sgd(0.05), y: optim.sgd(0.15), name: 'SGD' }), { iterations: 40, every: 20 });
      const gda = minimax.run(sd, g, minimax.simultaneousGda({ lr: 0.05, ratio: 3 }), { iterations: 40, every: 20 });
      sgd.points.forEach((z, i) => expect(Array.from(z)).toEqual(Array.from(gda.points[i])));
      // Adam's first step is −η·sign(g) per coordinate (m̂/√v̂ = g/|g|)
      const adam = minimax.run(sd, g, minimax.withOptimizers({ x: optim.adam(0.01), y: optim.adam(0.01) }), { iterations: 1 });
      const [z0, z1] = adam.points;
      for (let i = 0; i < 4; i++) expect(Math.abs(z1[i] - z0[i])).toBeCloseTo(0.01, 6);
      expect(minimax.withOptimizers({ x: optim.sgd(1), y: optim.sgd(1) }).linearize(new Float64Array(4), 1, 1)).toBeNull();
      expect(argumentError(() => minimax.withOptimizers({ x: optim.sgd(1), y: {} as never })).argument).toBe('y');
      expect(argumentError(() => minimax.withOptimizers(undefined as never)).argument).toBe('options');
    });

    test('GDA-AM on the Dirac-GAN: converges locally; from (1, 1) it reaches a spurious fixed point where D saturates', () => {
      const standard = minimax.diracGan({ variant: 'standard' });
      const near = minimax.run(sd, standard, minimax.gdaAm({ lr: 0.1, window: 5 }), { iterations: 400, start: [0.6, 0.6] });
      expect(near.distances[1]).toBeLessThan(1e-6);
      const far = minimax.run(sd, standard, minimax.gdaAm({ lr: 0.1, window: 5 }), { iterations: 400, start: [1, 1] });
      const [theta, psi] = far.points[1];
      expect(theta * psi).toBeGreaterThan(5); // saturated: f′(ψθ) = σ(−ψθ) < 1e-2
      const residual = (z: ArrayLike<number>) => Math.hypot(...minimax.vectorField(standard, z));
      expect(residual(far.points[1])).toBeLessThan(1e-2 * residual([1, 1]));
      // the WGAN field (f′ ≡ 1) does not vanish far out: GDA-AM converges from (1, 1)
      const wgan = minimax.run(sd, minimax.diracGan({ variant: 'wgan' }), minimax.gdaAm({ lr: 0.1, window: 5 }), { iterations: 400, start: [1, 1] });
      expect(wgan.distances[1]).toBeLessThan(1e-6);
    });

    test('runner: step, point, setPoint', () => {
      const g = minimax.bilinear({ A: [[1]] });
      const runner = minimax.createRunner(sd, g, minimax.simultaneousGda({ lr: 0.5 }));
      try {
        runner.setPoint([1, 0]);
        runner.step();
        expect(Array.from(runner.point())).toEqual([1, 0.5]);
      } finally { runner.dispose(); }
    });

    test('the examples of docs/minimax.md', () => {
      const game = minimax.bilinear({ A: [[1]] });
      const t = minimax.run(sd, game, minimax.extragradient({ lr: 0.3 }), { iterations: 200, every: 10 });
      expect(t.distances.at(-1)! / (Math.SQRT2 * Math.pow(1 - 0.09 + 0.0081, 100))).toBeCloseTo(1, 3);
      const a = minimax.localConvergence(sd, game, minimax.simultaneousGda({ lr: 0.1 }));
      expect(a.radius).toBeCloseTo(Math.sqrt(1.01), 12);
      expect(a.verdict).toBe('diverges');
      const ev = minimax.eigenvalues(sd, minimax.jacobian(minimax.diracGan({ variant: 'r1', gamma: 0.5 }), [0, 0]), 2);
      expect(Array.from(ev.re)).toEqual([expect.closeTo(-0.25, 6), expect.closeTo(-0.25, 6)]);
      expect(Array.from(ev.im)).toEqual([expect.closeTo(-Math.sqrt(0.1875), 6), expect.closeTo(Math.sqrt(0.1875), 6)]);
    });

    test('typed errors', () => {
      expect(argumentError(() => minimax.simultaneousGda({ lr: 0 })).argument).toBe('options.lr');
      expect(argumentError(() => minimax.alternatingGda({ lr: 0.1, ratio: -1 })).argument).toBe('options.ratio');
      expect(argumentError(() => minimax.alternatingGda({ lr: 0.1, innerSteps: 0 })).argument).toBe('options.innerSteps');
      expect(argumentError(() => minimax.gdaAm({ lr: 0.1, window: 40 })).argument).toBe('options.window');
      expect(argumentError(() => minimax.gdaAm({ lr: 0.1, base: 'jacobi' as never })).argument).toBe('options.base');
      expect(argumentError(() => minimax.consensus({ lr: 0.1, gamma: -1 })).argument).toBe('options.gamma');
      expect(argumentError(() => minimax.localConvergence(sd, game(), minimax.nsgda({ lr: 0.1 }))).argument).toBe('stepper');
      expect(argumentError(() => minimax.run(sd, game(), minimax.nsgda({ lr: 0.1 }), { iterations: -1 })).argument).toBe('options.iterations');
    });
  });
}

describe('stepper options are checked before anything is built', () => {
  const lr = 0.1;
  const error = (fn: () => unknown) => argumentError(fn);

  test('unknown keys name the nearest known one', () => {
    const e = error(() => minimax.extragradient({ lr, ration: 2 } as never));
    expect(e.argument).toBe('options.ration');
    expect(e.message).toBe("extragradient: argument 'options.ration' must be one of the known fields (lr, ratio): did you mean 'ratio'?, got an unknown field 'ration'");
    expect(error(() => minimax.gdaAm({ lr, windwo: 3 } as never)).message).toMatch(/did you mean 'window'\?/);
    expect(error(() => minimax.alternatingGda({ lr, innersteps: 3 } as never)).message).toMatch(/did you mean 'innerSteps'\?/);
    expect(error(() => minimax.stepper('alternatingGda', { lr, step: 3 })).message).toMatch(/^stepper\(alternatingGda\): argument 'options.step' .*did you mean 'steps'\?/);
    expect(error(() => minimax.stepper('extragradient', { lr, rate: 2 })).message).toMatch(/did you mean 'ratio'\?/);
    expect(error(() => minimax.withOptimizers({ x: optim.sgd(1), y: optim.sgd(1), nmae: 'a' } as never)).message).toMatch(/did you mean 'name'\?/);
    const name = error(() => minimax.stepper('extragradinet', { lr }));
    expect(name.argument).toBe('name');
    expect(name.message).toMatch(/did you mean 'extragradient'\?/);
  });

  test("another stepper's option is named with the steppers it belongs to", () => {
    expect(error(() => minimax.extragradient({ lr, gamma: 1 } as never)).message)
      .toBe("extragradient: argument 'options.gamma' must be unset for stepper 'extragradient' (gamma is an option of 'consensus'), got 1");
    expect(error(() => minimax.simultaneousGda({ lr, scope: 'layer' } as never)).message).toMatch(/unset for stepper 'simultaneousGda' \(scope is an option of 'nsgda'\)/);
    expect(error(() => minimax.optimisticGda({ lr, innerSteps: 2 } as never)).message).toMatch(/\(innerSteps is an option of 'alternatingGda', 'gdaAm'\)/);
    expect(error(() => minimax.consensus({ lr, window: 3 } as never)).message).toMatch(/\(window is an option of 'gdaAm'\)/);
    expect(error(() => minimax.stepper('extragradient', { lr, steps: 2 })).message).toMatch(/unset for stepper 'extragradient' \(steps is an option of 'alternatingGda'\)/);
    // gdaAm's innerSteps belongs to its alternating base
    const inner = error(() => minimax.gdaAm({ lr, innerSteps: 2 }));
    expect(inner.argument).toBe('options.innerSteps');
    expect(inner.message).toMatch(/unset with base 'simultaneous'/);
    expect(minimax.gdaAm({ lr, base: 'alternating', innerSteps: 2 }).name).toBe('GDA-AM (alternating, p = 5)');
  });

  test('step sizes and numbers: non-finite, out of range and wrong types are refused by name', () => {
    for (const bad of [0, -1, NaN, Infinity, 1e39, '0.1', null]) {
      expect(error(() => minimax.simultaneousGda({ lr: bad } as never)).argument, String(bad)).toBe('options.lr');
      expect(error(() => minimax.stepper('nsgda', { lr: bad } as never)).argument, String(bad)).toBe('options.lr');
    }
    for (const bad of [0, -2, NaN, Infinity, '2']) expect(error(() => minimax.extragradient({ lr, ratio: bad } as never)).argument, String(bad)).toBe('options.ratio');
    // η_y = lr·ratio must be a finite f32
    expect(error(() => minimax.extragradient({ lr: 1e38, ratio: 10 })).argument).toBe('options.ratio');
    expect(error(() => minimax.extragradient(undefined as never)).argument).toBe('options.lr');
    for (const bad of [null, 3, 'lr']) expect(error(() => minimax.extragradient(bad as never)).argument).toBe('options');
    for (const bad of [-1, NaN, Infinity]) expect(error(() => minimax.consensus({ lr, gamma: bad })).argument).toBe('options.gamma');
    for (const bad of [0, 1.5, 1001]) expect(error(() => minimax.alternatingGda({ lr, innerSteps: bad })).argument).toBe('options.innerSteps');
    for (const [key, bad] of [['window', 0], ['window', 2.5], ['lambda', -1], ['beta', 0], ['beta', 1.5], ['growth', 0.5], ['restart', 'always']] as const) {
      expect(error(() => minimax.gdaAm({ lr, base: 'alternating', [key]: bad } as never)).argument).toBe(`options.${key}`);
    }
    expect(error(() => minimax.nsgda({ lr, scope: 'row' as never })).message).toMatch(/'global', 'layer'/);
    expect(error(() => minimax.stepper('alternatingGda', { lr, first: 'z' })).argument).toBe('options.first');
  });

  test('the named constructors and stepper(name) build the same steppers', () => {
    const J = Float64Array.of(0, -1, 1, 0);
    const pairs: Array<[minimax.Stepper, minimax.Stepper]> = [
      [minimax.simultaneousGda({ lr, ratio: 2 }), minimax.stepper('simultaneousGda', { lr, ratio: 2 })],
      [minimax.alternatingGda({ lr, innerSteps: 3 }), minimax.stepper('alternatingGda', { lr, steps: 3 })],
      [minimax.consensus({ lr, gamma: 0.5 }), minimax.stepper('consensus', { lr, gamma: 0.5 })],
      [minimax.consensus({ lr }), minimax.stepper('consensus', { lr, gamma: 1 })],
    ];
    for (const [a, b] of pairs) {
      expect(a.name).toBe(b.name);
      expect([a.lrX, a.lrY]).toEqual([b.lrX, b.lrY]);
      expect(a.linearize(J, 1, 1)).toEqual(b.linearize(J, 1, 1));
    }
    expect(minimax.simultaneousGda({ lr, ratio: 2 }).lrY).toBeCloseTo(0.2, 15);
  });
});
