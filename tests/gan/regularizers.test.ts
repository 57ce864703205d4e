// GAN regularizers: gradient penalties on a linear critic (‖∇ₓD‖ = ‖w‖ exactly) against
// closed forms, their gradients with respect to the critic's weights (second order) against
// closed forms and finite differences, a nonlinear MLP critic in f64 and compiled on every
// build, the Dirac-GAN with R1 and WGAN-GP (Mescheder et al. 2018), the ε in gradient norms,
// DRAGAN's perturbation, instance noise and its annealing, weight clipping, consensus
// optimization on the bilinear game, typed errors, and the examples of docs/regularizers.md.
import { describe, expect, test } from 'vitest';
import { compile, gan, grad, graph as G } from '../../bindings/index.js';
import type { Node } from '../../bindings/graph/index.js';
import { BUILDS, loadBuild } from '../helpers/builds.js';
import { argumentError } from '../helpers/errors.js';
import { mulberry32, randomF32, seedOf } from '../helpers/random.js';
import { docExamples, runDocExample } from './doc-examples.js';

type Leaves = Map<Node, ArrayLike<number>>;

function expectNear(got: number, want: number, tol: number, what: string): void {
  expect(Math.abs(got - want), `${what}: got ${got}, want ${want}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(want)));
}

const scalarOf = (node: Node, leaves: Leaves) => G.evaluate([node], leaves)[0][0];

/** Central differences of a scalar node with respect to each entry of the leaf arrays `xs`. */
function finiteDifferences(y: Node, leaves: Leaves, xs: readonly Float64Array[]): Float64Array[] {
  return xs.map((v) => {
    const out = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const x0 = v[i], h = 1e-5 * Math.max(1, Math.abs(x0));
      v[i] = x0 + h; const up = scalarOf(y, leaves);
      v[i] = x0 - h; const down = scalarOf(y, leaves);
      v[i] = x0;
      out[i] = (up - down) / (2 * h);
    }
    return out;
  });
}

/** Autodiff gradient of y with respect to params against finite differences (f64 reference). */
function checkAgainstFiniteDifferences(y: Node, params: readonly Node[], leaves: Leaves, label: string, seed?: number): void {
  const values = params.map((p) => leaves.get(p) as Float64Array);
  const got = G.evaluate(grad(y, [...params]), leaves);
  const want = finiteDifferences(y, leaves, values);
  got.forEach((gk, k) => gk.forEach((v, i) => {
    expect(Math.abs(v - want[k][i]), `${label}: param ${k} entry ${i}: autodiff ${v}, finite differences ${want[k][i]}${seed === undefined ? '' : ` (seed ${seed})`}`)
      .toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(want[k][i])));
  }));
}

// ---- a linear critic: D(x) = x·w + b, so ∇ₓD(xᵢ) = wᵀ on every row ----

const N = 4, K = 3;
const W = [0.6, -0.8, 1.2];
const NORM_W = Math.hypot(...W);          // √2.44
const X_REAL = randomF32(N * K, 11, -2, 2), X_FAKE = randomF32(N * K, 12, -2, 2);
const U = [0.1, 0.5, 0.9, 0.3], DELTA = randomF32(N * K, 13, 0, 0.4);

function linearCritic() {
  const g = new G.Graph();
  const w = G.param(g, [K, 1], { kind: 'values', values: W }, 'w'), b = G.param(g, [1, 1], { kind: 'constant', value: 0.25 }, 'b');
  const d = (x: Node) => G.add(G.matmul(x, w), b);
  const real = G.input(g, [N, K], 'real'), fake = G.input(g, [N, K], 'fake');
  const u = G.input(g, [N, 1], 'u'), delta = G.input(g, [N, K], 'delta');
  const leaves: Leaves = new Map<Node, ArrayLike<number>>([
    [w, Float64Array.from(W)], [b, Float64Array.from([0.25])],
    [real, X_REAL], [fake, X_FAKE], [u, U], [delta, DELTA],
  ]);
  return { g, w, b, d, real, fake, u, delta, leaves };
}

describe('gradient penalties on a linear critic (‖∇ₓD‖ = ‖w‖)', () => {
  const gamma = 10, lambda = 10;
  const cases = (c: ReturnType<typeof linearCritic>) => [
    // [label, penalty, value, ∂/∂w as a multiple of w]
    ['r1', gan.r1(c.d, c.real, gamma), (gamma / 2) * NORM_W ** 2, gamma],
    ['r2', gan.r2(c.d, c.fake, gamma), (gamma / 2) * NORM_W ** 2, gamma],
    ['wganGp', gan.wganGp(c.d, c.real, c.fake, lambda, c.u), lambda * (NORM_W - 1) ** 2, (2 * lambda * (NORM_W - 1)) / NORM_W],
    ['dragan k=1', gan.dragan(c.d, c.real, lambda, c.delta), lambda * (NORM_W - 1) ** 2, (2 * lambda * (NORM_W - 1)) / NORM_W],
    ['dragan k=0.5', gan.dragan(c.d, c.real, lambda, c.delta, 0.5), lambda * (NORM_W - 0.5) ** 2, (2 * lambda * (NORM_W - 0.5)) / NORM_W],
    ['gradientNorm', gan.gradientNorm(c.d, c.real), NORM_W, 1 / NORM_W],
  ] as const;

  test('values: R1 = R2 = γ/2·‖w‖², WGAN-GP = λ(‖w‖ − 1)², DRAGAN = λ(‖w‖ − k)², gradientNorm = ‖w‖', () => {
    const c = linearCritic();
    for (const [label, penalty, want] of cases(c)) {
      expect(penalty.shape, label).toEqual([1, 1]);
      // ε = 1e-12 inside the norms moves the f64 values by ~1e-13
      expectNear(scalarOf(penalty, c.leaves), want, 1e-11, label);
    }
  });

  test('gradients with respect to w: closed forms (γ·w, 2λ(‖w‖ − k)·w/‖w‖), zero for b, and finite differences', () => {
    const c = linearCritic();
    for (const [label, penalty, , factor] of cases(c)) {
      const [dw, db] = G.evaluate(grad(penalty, [c.w, c.b]), c.leaves);
      W.forEach((wi, i) => expectNear(dw[i], factor * wi, 1e-10, `${label}: ∂/∂w[${i}]`));
      expect(db[0], `${label}: ∂/∂b`).toBe(0);
      checkAgainstFiniteDifferences(penalty, [c.w], c.leaves, label);
    }
  });
});

// ---- a nonlinear critic: a tanh MLP, generator fake = tanh(z·θ) ----

function mlpCritic(seed: number) {
  const g = new G.Graph();
  const init = (shape: [number, number], k: number) => ({ kind: 'values' as const, values: randomF32(shape[0] * shape[1], seed + k, -0.9, 0.9) });
  const shapes: Array<[number, number]> = [[K, 6], [1, 6], [6, 1], [1, 1]];
  const params = shapes.map((s, k) => G.param(g, s, init(s, k)));
  const [w1, b1, w2, b2] = params;
  const d = (x: Node) => G.add(G.matmul(G.tanh(G.add(G.matmul(x, w1), b1)), w2), b2);
  const theta = G.param(g, [2, K], init([2, K], 9), 'theta');
  const z = G.input(g, [N, 2], 'z'), real = G.input(g, [N, K], 'real');
  const u = G.input(g, [N, 1], 'u'), noise = G.input(g, [N, K], 'noise');
  const fake = G.tanh(G.matmul(z, theta));
  const leaves: Leaves = new Map<Node, ArrayLike<number>>([...params, theta].map((p) => [p, Float64Array.from((p.attrs.init as { values: Float32Array }).values)]));
  const inputs: Array<[Node, Float32Array]> = [[z, randomF32(N * 2, seed + 20, -1.5, 1.5)], [real, randomF32(N * K, seed + 21, -2, 2)], [u, randomF32(N, seed + 22, 0, 1)], [noise, randomF32(N * K, seed + 23, 0, 1)]];
  for (const [node, values] of inputs) leaves.set(node, values);
  const delta = gan.draganPerturbation(real, noise);
  const penalties: Record<string, Node> = {
    r1: gan.r1(d, real, 10),
    r2: gan.r2(d, fake, 5),
    wganGp: gan.wganGp(d, real, fake, 10, u),
    dragan: gan.dragan(d, real, 10, delta),
    gradientNorm: gan.gradientNorm(d, real),
  };
  return { g, d, params, theta, z, real, fake, u, noise, leaves, inputs, penalties };
}

describe('gradient penalties on an MLP critic (second order, f64 reference)', () => {
  const seed = seedOf('gan', 'mlp critic');
  test('each penalty\'s gradient with respect to every critic weight matches finite differences', () => {
    const c = mlpCritic(seed);
    for (const [name, penalty] of Object.entries(c.penalties)) checkAgainstFiniteDifferences(penalty, c.params, c.leaves, name, seed);
  });

  test('R2 and WGAN-GP send no gradient into G through the fake batch; R1 at the same batch would', () => {
    const c = mlpCritic(seed);
    for (const name of ['r2', 'wganGp']) {
      const [dTheta] = G.evaluate(grad(c.penalties[name], [c.theta]), c.leaves);
      expect(Array.from(dTheta), name).toEqual(new Array(dTheta.length).fill(0));
    }
    // the same value as R2 without the stop-gradient: R1 evaluated at the fakes
    const atFakes = gan.r1(c.d, c.fake, 5);
    expect(scalarOf(atFakes, c.leaves)).toBe(scalarOf(c.penalties.r2, c.leaves));
    const [leak] = G.evaluate(grad(atFakes, [c.theta]), c.leaves);
    expect(leak.some((v) => Math.abs(v) > 1e-6)).toBe(true);
  });

  for (const build of BUILDS) {
    test(`compiled penalties and their weight gradients match the f64 reference (${build})`, async () => {
      const sd = await loadBuild(build);
      const base = sd.liveBytes();
      const c = mlpCritic(seed);
      const grads = Object.values(c.penalties).flatMap((p) => grad(p, c.params));
      const sinks = grads.map((gr) => G.state(c.g, gr.shape));
      const program = compile(sd, { seed: 1, phases: [{ updates: sinks.map((s, k) => [s, grads[k]] as const), logs: c.penalties }] });
      for (const [node, values] of c.inputs) program.write(node, values);
      program.run(1);
      const want = G.evaluate([...Object.values(c.penalties), ...grads], c.leaves);
      Object.keys(c.penalties).forEach((name, k) => expectNear(program.log(name)[0], want[k][0], 2e-5, `${name} (${build}, seed ${seed})`));
      sinks.forEach((s, k) => program.read(s).forEach((v, i) => expectNear(v, want[Object.keys(c.penalties).length + k][i], 2e-5, `gradient ${k}[${i}] (${build}, seed ${seed})`)));
      program.dispose();
      expect(sd.liveBytes()).toBe(base);
    });
  }
});

// ---- ε inside the gradient norms ----

describe('the ε in gradient norms keeps the second derivative finite where ∇ₓD = 0', () => {
  test('a zero critic: WGAN-GP, DRAGAN and gradientNorm have finite gradients; the norm without ε gives NaN', () => {
    const c = linearCritic();
    c.leaves.set(c.w, new Float64Array(K)); // D(x) = b: ∇ₓD = 0 everywhere
    const wgan = gan.wganGp(c.d, c.real, c.fake, 10, c.u);
    expectNear(scalarOf(wgan, c.leaves), 10 * (1e-6 - 1) ** 2, 1e-12, 'λ(√ε − 1)²');
    for (const penalty of [wgan, gan.dragan(c.d, c.real, 10, c.delta), gan.gradientNorm(c.d, c.real)]) {
      const [dw] = G.evaluate(grad(penalty, [c.w]), c.leaves);
      expect(Array.from(dw)).toEqual([0, 0, 0]);
    }
    // the same penalty with ‖g‖ = √(Σg²): 0/0 in the second derivative
    const [dx] = grad(G.sum(c.d(c.real)), [c.real]);
    const bare = G.mul(G.mean(G.square(G.sub(G.sqrt(G.sum(G.square(dx), 1)), 1))), 10);
    expect(Number.isNaN(G.evaluate(grad(bare, [c.w]), c.leaves)[0][0])).toBe(true);
  });

  for (const build of BUILDS) {
    test(`WGAN-GP training from a zero-initialized critic stays finite in f32 (${build})`, async () => {
      const sd = await loadBuild(build);
      const base = sd.liveBytes();
      const g = new G.Graph();
      const w = G.param(g, [K, 1]); // zeros
      const d = (x: Node) => G.matmul(x, w);
      const real = G.randomNormal(g, [8, K], 1), fake = G.randomNormal(g, [8, K], 2);
      const loss = G.add(gan.ganLoss('wasserstein').discriminator(d(real), d(fake)), gan.wganGp(d, real, fake, 10, G.randomUniform(g, [8, 1], 3)));
      const [dw] = grad(loss, [w]);
      const program = compile(sd, { seed: 5, phases: [{ updates: [[w, G.sub(w, G.mul(dw, 0.01))]], logs: { loss } }] });
      program.run(20);
      expect(Array.from(program.read(w)).every(Number.isFinite)).toBe(true);
      expect(Array.from(program.log('loss')).every(Number.isFinite)).toBe(true);
      program.dispose();
      expect(sd.liveBytes()).toBe(base);
    });
  }
});

// ---- the Dirac-GAN (Mescheder, Geiger & Nowozin 2018) ----
//
// Real data at 0, fake = θ, and the paper's discriminator ψ·x, which scores fakes high; in
// saddle's convention (logits high on real data) it is the logit −ψ·x (see losses.test.ts).
// v = (−∂L_G/∂θ, −∂(L_D + R1)/∂ψ) = (−ψ·f′(θψ), θ·f′(θψ) − γψ), f′(t) = σ(−t).

const sigmoid = (t: number) => 1 / (1 + Math.exp(-t));

function diracGan(gamma: number) {
  const g = new G.Graph();
  const theta = G.param(g, [1, 1], { kind: 'zeros' }, 'theta'), psi = G.param(g, [1, 1], { kind: 'zeros' }, 'psi');
  const real = G.constant(g, [0], [1, 1]);
  const logit = (x: Node) => G.mul(G.neg(psi), x);
  const loss = gan.ganLoss('minimax');
  const lossD = G.add(loss.discriminator(logit(real), logit(theta)), gan.r1(logit, real, gamma));
  const lossG = loss.generator(logit(theta));
  const field = [G.neg(grad(lossG, [theta])[0]), G.neg(grad(lossD, [psi])[0])];
  return { g, theta, psi, real, logit, field };
}

describe('Dirac-GAN with regularization', () => {
  const points: Array<[number, number]> = [[0.8, -0.6], [-1.5, 0.3], [2, 1.25]];

  test('R1 adds −γψ to the ψ-component of the vector field (Mescheder et al. 2018)', () => {
    for (const gamma of [0, 0.3, 2]) {
      const { theta, psi, field } = diracGan(gamma);
      for (const [t, p] of points) {
        const [vt, vp] = G.evaluate(field, new Map([[theta, [t]], [psi, [p]]]));
        expectNear(vt[0], -p * sigmoid(-t * p), 1e-12, `v_θ at (${t}, ${p}), γ = ${gamma}`);
        expectNear(vp[0], t * sigmoid(-t * p) - gamma * p, 1e-7, // γ/2 is stored as f32
          `v_ψ at (${t}, ${p}), γ = ${gamma}`);
      }
    }
  });

  test('with R1 the Jacobian at the equilibrium is [[0, −½], [½, −γ]]: eigenvalues with real part −γ/2 (γ < 1)', () => {
    const gamma = 0.3;
    const { theta, psi, field } = diracGan(gamma);
    const J = field.map((v) => G.evaluate(grad(v, [theta, psi]), new Map([[theta, [0]], [psi, [0]]])).map((x) => x[0]));
    [[0, -0.5], [0.5, -gamma]].forEach((row, i) => row.forEach((w, j) => expectNear(J[i][j], w, 1e-7, `J[${i}][${j}]`)));
    // λ² − tr·λ + det = 0 with tr = −γ, det = 1/4: complex pair with real part tr/2
    const tr = J[0][0] + J[1][1], det = J[0][0] * J[1][1] - J[0][1] * J[1][0];
    expect(tr * tr - 4 * det).toBeLessThan(0);
    expectNear(tr / 2, -gamma / 2, 1e-7, 'real part of the eigenvalues');
  });

  test('WGAN-GP on the Dirac-GAN: x̂ = (1 − u)·θ, ∇ₓD = −ψ, penalty λ(|ψ| − 1)², gradient 2λ(|ψ| − 1)·sign ψ in ψ and 0 in θ', () => {
    const { g, theta, psi, real, logit } = diracGan(0);
    const u = G.input(g, [1, 1]);
    const lambda = 10;
    const penalty = gan.wganGp(logit, real, theta, lambda, u);
    const dPenalty = grad(penalty, [theta, psi]);
    for (const [t, p] of [...points, [0.4, 0.7]]) {
      const leaves: Leaves = new Map([[theta, [t]], [psi, [p]], [u, [0.3]]]);
      const [value, dTheta, dPsi] = G.evaluate([penalty, ...dPenalty], leaves);
      expectNear(value[0], lambda * (Math.abs(p) - 1) ** 2, 1e-11, `penalty at (${t}, ${p})`);
      expect(dTheta[0]).toBe(0);
      expectNear(dPsi[0], 2 * lambda * (Math.abs(p) - 1) * Math.sign(p), 1e-10, `∂/∂ψ at (${t}, ${p})`);
    }
  });
});

// ---- DRAGAN's perturbation, instance noise, annealing, clipping ----

test('draganPerturbation is 0.5·std(x)·U with the population std over the whole batch', () => {
  const g = new G.Graph();
  const real = G.input(g, [3, 2]), noise = G.input(g, [3, 2]);
  const xs = [1, -2, 0.5, 3, 2.5, -1], us = [0.1, 0.9, 0.5, 0.25, 0.75, 0];
  const m = xs.reduce((s, v) => s + v, 0) / 6;
  const std = Math.sqrt(xs.reduce((s, v) => s + (v - m) ** 2, 0) / 6);
  const leaves: Leaves = new Map([[real, xs], [noise, us]]);
  const [half, quarter] = G.evaluate([gan.draganPerturbation(real, noise), gan.draganPerturbation(real, noise, 0.25)], leaves);
  us.forEach((u, i) => {
    // the mean's 1/6 is stored as f32
    expectNear(half[i], 0.5 * std * u, 1e-7, `δ[${i}]`);
    expectNear(quarter[i], 0.25 * std * u, 1e-7, `δ[${i}], scale 0.25`);
  });
  // a sample, not a function of the data for autodiff
  const [dReal] = G.evaluate(grad(G.sum(gan.draganPerturbation(real, noise)), [real]), leaves);
  expect(Array.from(dReal)).toEqual([0, 0, 0, 0, 0, 0]);
});

describe('instance noise and its annealing', () => {
  test('instanceNoise is x + σ·noise, σ a number or a [1, 1] node', () => {
    const g = new G.Graph();
    const x = G.input(g, [2, 2]), noise = G.input(g, [2, 2]), sigma = G.input(g, [1, 1]);
    const leaves: Leaves = new Map([[x, [1, 2, 3, 4]], [noise, [0.5, -1, 2, 0]], [sigma, [0.25]]]);
    const [a, b] = G.evaluate([gan.instanceNoise(x, 0.5, noise), gan.instanceNoise(x, sigma, noise)], leaves);
    expect(Array.from(a)).toEqual([1.25, 1.5, 4, 4]);
    expect(Array.from(b)).toEqual([1.125, 1.75, 3.5, 4]);
  });

  for (const build of BUILDS) {
    test(`annealedSigma = σ₀·max(0, 1 − t/steps), exactly 0 from t = steps, compiled (${build})`, async () => {
      const sd = await loadBuild(build);
      const base = sd.liveBytes();
      const g = new G.Graph();
      const t = G.state(g, [1, 1]);
      const program = compile(sd, {
        seed: 0,
        phases: [{ updates: [[t, G.add(t, 1)]], logs: { four: gan.annealedSigma(0.5, t, 4), three: gan.annealedSigma(2, t, 3) } }],
      });
      program.run(7);
      expect(Array.from(program.log('four'))).toEqual([0.5, 0.375, 0.25, 0.125, 0, 0, 0]);
      const three = Array.from(program.log('three'));
      [2, 4 / 3, 2 / 3, 0, 0, 0, 0].forEach((w, i) => expectNear(three[i], w, 1e-7, `σ at t = ${i}`));
      expect(three.slice(3)).toEqual([0, 0, 0, 0]);
      // the same values in the f64 reference
      for (let step = 0; step < 7; step++) {
        expectNear(scalarOf(gan.annealedSigma(2, t, 3), new Map([[t, [step]]])), 2 * Math.max(0, 1 - step / 3), 1e-7, `reference σ at t = ${step}`);
      }
      program.dispose();
      expect(sd.liveBytes()).toBe(base);
    });
  }
});

for (const build of BUILDS) {
  test(`weightClipping assignments clip every weight to [−c, c] exactly (${build})`, async () => {
    const sd = await loadBuild(build);
    const base = sd.liveBytes();
    const g = new G.Graph();
    const c = 0.01;
    const a = G.param(g, [2, 3], { kind: 'values', values: [-2, -0.01, -0.005, 0, 0.01, 3] });
    const b = G.state(g, [1, 2], { kind: 'values', values: [0.0100001, -1e-9] });
    const program = compile(sd, { seed: 0, phases: [{ updates: gan.weightClipping([a, b], c) }] });
    program.run(1);
    const clip = (v: number) => Math.min(Math.max(Math.fround(v), Math.fround(-c)), Math.fround(c));
    expect(Array.from(program.read(a))).toEqual([-2, -0.01, -0.005, 0, 0.01, 3].map(clip));
    expect(Array.from(program.read(b))).toEqual([0.0100001, -1e-9].map(clip));
    program.run(1); // idempotent
    expect(Array.from(program.read(a))).toEqual([-2, -0.01, -0.005, 0, 0.01, 3].map(clip));
    program.dispose();
    expect(sd.liveBytes()).toBe(base);
  });
}

// ---- consensus optimization on the bilinear game ----
//
// L_D = x·y (D's parameter x), L_G = −x·y (G's parameter y): v = (∂L_D/∂x, ∂L_G/∂y) = (y, −x),
// J_v = [[0, 1], [−1, 0]], ‖v‖² = x² + y², and ∇(γ/2·‖v‖²) = γ·J_vᵀ·v = γ·(x, y).

function bilinear(gamma: number, x0 = 0.7, y0 = -1.2) {
  const g = new G.Graph();
  const x = G.param(g, [1, 1], { kind: 'constant', value: x0 }, 'x'), y = G.param(g, [1, 1], { kind: 'constant', value: y0 }, 'y');
  const lossD = G.mul(x, y), lossG = G.neg(G.mul(x, y));
  const result = gan.consensus({ d: lossD, g: lossG }, [x], [y], gamma);
  return { g, x, y, lossD, lossG, result };
}

describe('consensus optimization (Mescheder, Nowozin & Geiger 2017) on the bilinear game', () => {
  const gamma = 0.8;
  test('field v = (y, −x), penalty γ/2·‖v‖², and its gradient γ·J_vᵀ·v (J_v by autodiff) and by finite differences', () => {
    const { x, y, result } = bilinear(gamma);
    const [xv, yv] = [0.7, -1.2];
    const leaves: Leaves = new Map([[x, Float64Array.from([xv])], [y, Float64Array.from([yv])]]);
    const [vx, vy] = G.evaluate([result.field.d[0], result.field.g[0]], leaves).map((a) => a[0]);
    expect([vx, vy]).toEqual([yv, -xv]);
    expectNear(scalarOf(result.penalty, leaves), (gamma / 2) * (xv * xv + yv * yv), 1e-7, 'γ/2·‖v‖² (γ/2 stored as f32)');
    // J_v by differentiating the field again; the consensus gradient is γ·J_vᵀ·v
    const J = [result.field.d[0], result.field.g[0]].map((v) => G.evaluate(grad(v, [x, y]), leaves).map((a) => a[0]));
    expect(J).toEqual([[0, 1], [-1, 0]]);
    const jtv = [J[0][0] * vx + J[1][0] * vy, J[0][1] * vx + J[1][1] * vy];
    const got = G.evaluate(grad(result.penalty, [x, y]), leaves).map((a) => a[0]);
    jtv.forEach((w, i) => expectNear(got[i], gamma * w, 1e-7, `∂penalty/∂${'xy'[i]}`));
    expect(jtv).toEqual([xv, yv]);
    checkAgainstFiniteDifferences(result.penalty, [x, y], leaves, 'consensus penalty');
    // each player's regularized field: (y + γx, −x + γy)
    const [dx] = G.evaluate(grad(result.losses.d, [x]), leaves), [dy] = G.evaluate(grad(result.losses.g, [y]), leaves);
    expectNear(dx[0], yv + gamma * xv, 1e-7, 'regularized D field');
    expectNear(dy[0], -xv + gamma * yv, 1e-7, 'regularized G field');
  });

  for (const build of BUILDS) {
    test(`simultaneous gradient descent spirals out without consensus and in with it, at the predicted rate (${build})`, async () => {
      const sd = await loadBuild(build);
      const base = sd.liveBytes();
      const lr = 0.1, steps = 50, r0 = Math.hypot(0.7, -1.2);
      for (const [gam, factor] of [[0, Math.sqrt(1 + lr * lr)], [gamma, Math.hypot(1 - lr * gamma, lr)]] as const) {
        const { x, y, result } = bilinear(gam);
        const [gx] = grad(result.losses.d, [x]), [gy] = grad(result.losses.g, [y]);
        const program = compile(sd, { seed: 0, phases: [{ updates: [[x, G.sub(x, G.mul(gx, lr))], [y, G.sub(y, G.mul(gy, lr))]] }] });
        program.run(steps);
        const r = Math.hypot(program.read(x)[0], program.read(y)[0]);
        // each step multiplies the radius by |1 − lr·(γ ± i)| exactly
        expectNear(r, r0 * factor ** steps, 1e-5, `radius after ${steps} steps, γ = ${gam}`);
        program.dispose();
      }
      expect(sd.liveBytes()).toBe(base);
    });
  }
});

// ---- errors ----

test('bad arguments give typed errors naming the argument', () => {
  const c = linearCritic();
  const d = c.d, real = c.real;
  const other = G.input(new G.Graph(), [N, K]);
  const cases: Array<[() => unknown, string, RegExp?]> = [
    [() => gan.r1('d' as never, real, 1), 'd', /a critic function/],
    [() => gan.r1(d, G.input(c.g, [0, K]), 1), 'real', /one sample per row/],
    [() => gan.r1(d, real, -1), 'gamma', />= 0/],
    [() => gan.r1(d, real, NaN), 'gamma'],
    [() => gan.r1((x) => G.sum(x, 0), real, 1), 'd', /returning an f32 node \[4, 1\].*Sum#\d+.*\[1×3\]/],
    [() => gan.r1(() => 3 as never, real, 1), 'd', /returning 3/],
    [() => gan.r2(d, [1, 2] as never, 1), 'fake'],
    [() => gan.wganGp(d, real, G.input(c.g, [N + 1, K]), 1, c.u), 'fake', /shape of real \[4, 3\]/],
    [() => gan.wganGp(d, real, other, 1, c.u), 'fake', /graph of real/],
    [() => gan.wganGp(d, real, c.fake, 1, G.input(c.g, [N, K])), 'u', /\[4, 1\]/],
    [() => gan.wganGp(d, real, c.fake, -1, c.u), 'lambda'],
    [() => gan.dragan(d, real, 1, G.input(c.g, [N, 1])), 'perturbation'],
    [() => gan.dragan(d, real, 1, c.delta, -0.5), 'k'],
    [() => gan.draganPerturbation(real, c.u), 'uniformNoise'],
    [() => gan.draganPerturbation(real, c.delta, -1), 'scale'],
    [() => gan.gradientNorm(d, 'x' as never), 'x'],
    [() => gan.instanceNoise(real, 0.1, c.u), 'noise'],
    [() => gan.instanceNoise(real, -0.1, c.delta), 'sigma'],
    [() => gan.instanceNoise(real, c.u, c.delta), 'sigma', /scalar node \[1, 1\]/],
    [() => gan.annealedSigma(1, c.u, 10), 'step'],
    [() => gan.annealedSigma(1, G.state(c.g, [1, 1]), 0), 'steps'],
    [() => gan.annealedSigma(-1, G.state(c.g, [1, 1]), 5), 'sigma0'],
    [() => gan.weightClipping([], 0.01), 'params'],
    [() => gan.weightClipping([c.w, real], 0.01), 'params[1]', /assignable leaf/],
    [() => gan.weightClipping([c.w], 0), 'c'],
    [() => gan.consensus(null as never, [c.w], [c.b], 1), 'losses'],
    [() => gan.consensus({ d: c.real, g: c.real }, [c.w], [c.b], 1), 'losses.d', /scalar/],
    [() => gan.consensus({ d: G.sum(c.real), g: G.sum(other) }, [c.w], [c.b], 1), 'losses.g', /same graph/],
    [() => gan.consensus({ d: G.sum(c.real), g: G.sum(c.fake) }, [], [c.b], 1), 'dParams'],
    [() => gan.consensus({ d: G.sum(c.real), g: G.sum(c.fake) }, [c.w], [other], 1), 'gParams[0]', /losses' graph/],
    [() => gan.consensus({ d: G.sum(c.real), g: G.sum(c.fake) }, [c.w], [c.b], -2), 'gamma'],
  ];
  for (const [fn, argument, message] of cases) {
    const e = argumentError(fn);
    expect(e.argument, e.message).toBe(argument);
    if (message) expect(e.message).toMatch(message);
  }
});

test('randomized linear critics: R1 and WGAN-GP closed forms hold for any w (seeded)', () => {
  const seed = seedOf('gan', 'random linear critics');
  const next = mulberry32(seed);
  for (let trial = 0; trial < 20; trial++) {
    const w = Array.from({ length: K }, () => 4 * next() - 2);
    const c = linearCritic();
    c.leaves.set(c.w, Float64Array.from(w));
    const norm = Math.hypot(...w);
    expectNear(scalarOf(gan.r1(c.d, c.real, 3), c.leaves), 1.5 * norm * norm, 1e-12, `R1, trial ${trial} (seed ${seed})`);
    expectNear(scalarOf(gan.wganGp(c.d, c.real, c.fake, 2, c.u), c.leaves), 2 * (norm - 1) ** 2, 1e-11, `WGAN-GP, trial ${trial} (seed ${seed})`);
  }
});

// ---- docs/regularizers.md examples, run as written ----

const examples = docExamples('regularizers.md');

test('docs/regularizers.md has runnable examples', () => expect(examples.length).toBeGreaterThanOrEqual(1));
test.each(examples.map((code, i) => [i, code] as const))('docs/regularizers.md example %i runs and prints what it says', async (_i, code) => {
  const { printed, expected, liveBytes } = await runDocExample(code);
  expect(printed).toEqual(expected);
  expect(liveBytes).toBe(0);
});
