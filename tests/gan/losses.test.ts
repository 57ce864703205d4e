// GAN losses: every kind (and option) against closed forms worked by hand in f64, through the
// f64 reference evaluation and through compile() on every build; the gradient of each loss
// with respect to D's outputs against its closed form and against finite differences; the
// Dirac-GAN vector field and its Jacobian at the equilibrium (Mescheder et al. 2018, §2.1);
// typed errors; and the examples of docs/losses.md, run as written.
import { describe, expect, test } from 'vitest';
import { SaddleArgumentError, compile, gan, grad, graph as G } from '../../bindings/index.js';
import type { Node } from '../../bindings/graph/index.js';
import { BUILDS, loadBuild } from '../helpers/builds.js';
import { finiteDifferenceGrad } from '../helpers/finite-differences.js';
import { argumentError } from '../helpers/errors.js';
import { docExamples, runDocExample } from './doc-examples.js';

// ---- f64 references ----

const softplus = (t: number) => Math.max(t, 0) + Math.log1p(Math.exp(-Math.abs(t)));
const sigmoid = (t: number) => (t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t)));
const avg = (xs: readonly number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
const sq = (t: number) => t * t;

// f32-exact inputs, on both sides of the hinge kinks (1 − r, 1 + f) and away from them
const REAL = [0.7, -1.3, 2.1, 0.2, -0.45].map(Math.fround);
const FAKE = [-0.4, 1.1, -2.5, 0.05, 0.9].map(Math.fround);
const FAKE3 = FAKE.slice(0, 3); // unpaired kinds take batches of different sizes

interface LossRow {
  label: string;
  kind: gan.GanLossKind;
  options?: gan.GanLossOptions;
  /** Real and fake batches are paired by index (equal sizes). */
  paired?: boolean;
  d(r: readonly number[], f: readonly number[]): number;
  g(f: readonly number[], r: readonly number[]): number;
  /** [∂L_D/∂r, ∂L_D/∂f] in closed form. */
  dGrad(r: readonly number[], f: readonly number[]): [number[], number[]];
  /** [∂L_G/∂f, ∂L_G/∂r] in closed form. */
  gGrad(f: readonly number[], r: readonly number[]): [number[], number[]];
}

/** −[s·log σ(t) + (1 − s)·log(1 − σ(t))], the smoothed real term, and its derivative σ(t) − s. */
const smoothed = (t: number, s: number) => -(s * -softplus(-t) + (1 - s) * -softplus(t));

function logLossRows(kind: 'minimax' | 'nonSaturating', s?: number): LossRow {
  const target = s ?? 1;
  return {
    label: s === undefined ? kind : `${kind}, smoothing ${s}`,
    kind,
    options: s === undefined ? undefined : { smoothing: s },
    // −E[s log σ(D(x)) + (1 − s) log(1 − σ(D(x)))] − E[log(1 − σ(D(G(z))))]
    d: (r, f) => avg(r.map((t) => smoothed(t, target))) - avg(f.map((t) => Math.log(1 - sigmoid(t)))),
    g: kind === 'minimax'
      ? (f) => avg(f.map((t) => Math.log(1 - sigmoid(t))))                  // E[log(1 − σ(D(G(z))))]
      : (f) => -avg(f.map((t) => Math.log(sigmoid(t)))),                     // −E[log σ(D(G(z)))]
    dGrad: (r, f) => [r.map((t) => (sigmoid(t) - target) / r.length), f.map((t) => sigmoid(t) / f.length)],
    // minimax: d log(1 − σ(t))/dt = −σ(t); non-saturating: d(−log σ(t))/dt = σ(t) − 1
    gGrad: (f, r) => [f.map((t) => (kind === 'minimax' ? -sigmoid(t) : sigmoid(t) - 1) / f.length), r.map(() => 0)],
  };
}

function leastSquaresRow(labels?: { a: number; b: number; c: number }): LossRow {
  const { a, b, c } = labels ?? { a: 0, b: 1, c: 1 };
  return {
    label: labels ? `leastSquares, labels a=${a} b=${b} c=${c}` : 'leastSquares',
    kind: 'leastSquares',
    options: labels ? { labels } : undefined,
    d: (r, f) => 0.5 * avg(r.map((t) => sq(t - b))) + 0.5 * avg(f.map((t) => sq(t - a))),
    g: (f) => 0.5 * avg(f.map((t) => sq(t - c))),
    dGrad: (r, f) => [r.map((t) => (t - b) / r.length), f.map((t) => (t - a) / f.length)],
    gGrad: (f, r) => [f.map((t) => (t - c) / f.length), r.map(() => 0)],
  };
}

function relativisticRow(s?: number): LossRow {
  const target = s ?? 1;
  return {
    label: s === undefined ? 'relativistic' : `relativistic, smoothing ${s}`,
    kind: 'relativistic',
    options: s === undefined ? undefined : { smoothing: s },
    paired: true,
    // −E[log σ(D(x) − D(G(z)))], pairs by index
    d: (r, f) => avg(r.map((t, i) => smoothed(t - f[i], target))),
    g: (f, r) => -avg(f.map((t, i) => Math.log(sigmoid(t - r[i])))),
    dGrad: (r, f) => {
      const n = r.length, q = r.map((t, i) => sigmoid(t - f[i]) - target);
      return [q.map((v) => v / n), q.map((v) => -v / n)];
    },
    gGrad: (f, r) => {
      const n = f.length, q = f.map((t, i) => sigmoid(t - r[i]) - 1);
      return [q.map((v) => v / n), q.map((v) => -v / n)];
    },
  };
}

function relativisticAverageRow(s?: number): LossRow {
  const target = s ?? 1;
  return {
    label: s === undefined ? 'relativisticAverage' : `relativisticAverage, smoothing ${s}`,
    kind: 'relativisticAverage',
    options: s === undefined ? undefined : { smoothing: s },
    // −E[log σ(D(x) − C̄f)] − E[log(1 − σ(D(G(z)) − C̄r))]
    d: (r, f) => avg(r.map((t) => smoothed(t - avg(f), target))) - avg(f.map((t) => Math.log(1 - sigmoid(t - avg(r))))),
    g: (f, r) => -avg(f.map((t) => Math.log(sigmoid(t - avg(r))))) - avg(r.map((t) => Math.log(1 - sigmoid(t - avg(f))))),
    // a = r − C̄f, b = f − C̄r: ∂/∂rᵢ = (σ(aᵢ) − s − mean σ(b))/n, ∂/∂fⱼ = (σ(bⱼ) − mean(σ(a) − s))/m
    dGrad: (r, f) => {
      const p = r.map((t) => sigmoid(t - avg(f)) - target), q = f.map((t) => sigmoid(t - avg(r)));
      return [p.map((v) => (v - avg(q)) / r.length), q.map((v) => (v - avg(p)) / f.length)];
    },
    // c = f − C̄r, e = r − C̄f: ∂/∂fⱼ = (σ(cⱼ) − 1 − mean σ(e))/m, ∂/∂rᵢ = (σ(eᵢ) − mean(σ(c) − 1))/n
    gGrad: (f, r) => {
      const p = f.map((t) => sigmoid(t - avg(r)) - 1), q = r.map((t) => sigmoid(t - avg(f)));
      return [p.map((v) => (v - avg(q)) / f.length), q.map((v) => (v - avg(p)) / r.length)];
    },
  };
}

/** RaHinge: a = r − C̄f, b = f − C̄r for D; c = f − C̄r, e = r − C̄f for G. */
const relativisticAverageHingeRow: LossRow = {
  label: 'relativisticAverageHinge', kind: 'relativisticAverageHinge',
  d: (r, f) => avg(r.map((t) => Math.max(0, 1 - (t - avg(f))))) + avg(f.map((t) => Math.max(0, 1 + (t - avg(r))))),
  g: (f, r) => avg(f.map((t) => Math.max(0, 1 - (t - avg(r))))) + avg(r.map((t) => Math.max(0, 1 + (t - avg(f))))),
  // ∂/∂rᵢ = (−[aᵢ < 1] − mean[b > −1])/n, ∂/∂fⱼ = ([bⱼ > −1] + mean[a < 1])/m (subgradients away from the kinks)
  dGrad: (r, f) => {
    const a = r.map((t) => (t - avg(f) < 1 ? 1 : 0)), b = f.map((t) => (t - avg(r) > -1 ? 1 : 0));
    return [a.map((v) => (-v - avg(b)) / r.length), b.map((v) => (v + avg(a)) / f.length)];
  },
  gGrad: (f, r) => {
    const c = f.map((t) => (t - avg(r) < 1 ? 1 : 0)), e = r.map((t) => (t - avg(f) > -1 ? 1 : 0));
    return [c.map((v) => (-v - avg(e)) / f.length), e.map((v) => (v + avg(c)) / r.length)];
  },
};

const LOSS_TABLE: LossRow[] = [
  logLossRows('minimax'),
  logLossRows('minimax', 0.9),
  logLossRows('nonSaturating'),
  logLossRows('nonSaturating', 0.9),
  {
    label: 'wasserstein', kind: 'wasserstein',
    d: (r, f) => avg(f) - avg(r),
    g: (f) => -avg(f),
    dGrad: (r, f) => [r.map(() => -1 / r.length), f.map(() => 1 / f.length)],
    gGrad: (f, r) => [f.map(() => -1 / f.length), r.map(() => 0)],
  },
  {
    label: 'hinge', kind: 'hinge',
    d: (r, f) => avg(r.map((t) => Math.max(0, 1 - t))) + avg(f.map((t) => Math.max(0, 1 + t))),
    g: (f) => -avg(f),
    // subgradients away from the kinks: −[D(x) < 1]/n and [D(G(z)) > −1]/m
    dGrad: (r, f) => [r.map((t) => (t < 1 ? -1 : 0) / r.length), f.map((t) => (t > -1 ? 1 : 0) / f.length)],
    gGrad: (f, r) => [f.map(() => -1 / f.length), r.map(() => 0)],
  },
  leastSquaresRow(),
  leastSquaresRow({ a: -1, b: 1, c: 0 }),
  relativisticRow(),
  relativisticRow(0.8),
  relativisticAverageRow(),
  relativisticAverageRow(0.9),
  relativisticAverageHingeRow,
];

test('every loss of the registry has a row in the loss table', () => {
  for (const kind of gan.LOSSES.names) expect(LOSS_TABLE.some((row) => row.kind === kind), kind).toBe(true);
});

/** The row's losses on input nodes r [n, 1] and f [m, 1], with their values. */
function buildRow(row: LossRow) {
  const g = new G.Graph();
  const fakeValues = row.paired ? FAKE : FAKE3;
  const r = G.input(g, [REAL.length, 1], 'dReal'), f = G.input(g, [fakeValues.length, 1], 'dFake');
  const loss = gan.ganLoss(row.kind, row.options);
  const lossD = loss.discriminator(r, f), lossG = loss.generator(f, r);
  const leaves = new Map<Node, Float64Array>([[r, Float64Array.from(REAL)], [f, Float64Array.from(fakeValues)]]);
  return { g, r, f, lossD, lossG, leaves, fakeValues, loss };
}

/** |got − want| <= tol·max(1, |want|), with a message naming what and where. */
function expectNear(got: number, want: number, tol: number, what: string): void {
  expect(Math.abs(got - want), `${what}: got ${got}, want ${want}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(want)));
}

describe('losses: values and gradients in the f64 reference', () => {
  for (const row of LOSS_TABLE) {
    test(`${row.label}: value and ∂L/∂D against closed forms`, () => {
      const { r, f, lossD, lossG, leaves, fakeValues, loss } = buildRow(row);
      expect(loss.name).toBe(row.kind);
      expect(lossD.shape).toEqual([1, 1]);
      expect(lossG.shape).toEqual([1, 1]);
      const [vd, vg] = G.evaluate([lossD, lossG], leaves);
      // constants (1/n, 1 − s) are stored as f32: a few 1e-8 relative
      expectNear(vd[0], row.d(REAL, fakeValues), 1e-7, `${row.label} discriminator`);
      expectNear(vg[0], row.g(fakeValues, REAL), 1e-7, `${row.label} generator`);
      const [dr, df] = G.evaluate(grad(lossD, [r, f]), leaves);
      const [gf, gr] = G.evaluate(grad(lossG, [f, r]), leaves);
      const [wdr, wdf] = row.dGrad(REAL, fakeValues), [wgf, wgr] = row.gGrad(fakeValues, REAL);
      wdr.forEach((w, i) => expectNear(dr[i], w, 1e-7, `∂L_D/∂D(x)[${i}]`));
      wdf.forEach((w, i) => expectNear(df[i], w, 1e-7, `∂L_D/∂D(G(z))[${i}]`));
      wgf.forEach((w, i) => expectNear(gf[i], w, 1e-7, `∂L_G/∂D(G(z))[${i}]`));
      wgr.forEach((w, i) => expectNear(gr[i], w, 1e-7, `∂L_G/∂D(x)[${i}]`));
    });

    test(`${row.label}: autodiff agrees with finite differences`, () => {
      const { r, f, lossD, lossG, leaves } = buildRow(row);
      for (const [name, loss] of [['L_D', lossD], ['L_G', lossG]] as const) {
        const grads = G.evaluate(grad(loss, [r, f]), leaves);
        const want = finiteDifferenceGrad(loss, [r, f], leaves);
        grads.forEach((gk, k) => gk.forEach((v, i) => expectNear(v, want[k][i], 1e-7, `${row.label} ${name} input ${k} entry ${i}`)));
      }
    });
  }

  test('smoothing 1 is no smoothing; smoothing moves only the real term of D', () => {
    const g = new G.Graph();
    const r = G.input(g, [5, 1]), f = G.input(g, [3, 1]);
    const leaves = new Map<Node, Float64Array>([[r, Float64Array.from(REAL)], [f, Float64Array.from(FAKE3)]]);
    for (const kind of ['minimax', 'nonSaturating', 'relativisticAverage'] as const) {
      const plain = gan.ganLoss(kind), one = gan.ganLoss(kind, { smoothing: 1 }), soft = gan.ganLoss(kind, { smoothing: 0.9 });
      const [a, b, c, ga, gc] = G.evaluate([plain.discriminator(r, f), one.discriminator(r, f), soft.discriminator(r, f), plain.generator(f, r), soft.generator(f, r)], leaves);
      expect(b[0]).toBe(a[0]);
      expect(c[0]).not.toBe(a[0]);
      expect(gc[0]).toBe(ga[0]); // G's loss is untouched
    }
  });

  test('the generator side accepts dReal for every kind and ignores it where the formula does not use it', () => {
    const g = new G.Graph();
    const r = G.input(g, [5, 1]), f = G.input(g, [3, 1]);
    const leaves = new Map<Node, Float64Array>([[r, Float64Array.from(REAL)], [f, Float64Array.from(FAKE3)]]);
    for (const kind of ['minimax', 'nonSaturating', 'wasserstein', 'hinge', 'leastSquares'] as const) {
      const loss = gan.ganLoss(kind);
      const [a, b] = G.evaluate([loss.generator(f), loss.generator(f, r)], leaves);
      expect(b[0]).toBe(a[0]);
    }
  });
});

for (const build of BUILDS) {
  test(`every loss compiled in WASM matches the closed forms (${build})`, async () => {
    const sd = await loadBuild(build);
    const base = sd.liveBytes();
    for (const row of LOSS_TABLE) {
      const { r, f, lossD, lossG, fakeValues } = buildRow(row);
      const program = compile(sd, { seed: 0, phases: [{ updates: [], logs: { lossD, lossG } }] });
      program.write(r, REAL);
      program.write(f, fakeValues);
      program.run(1);
      // f32 softplus is within a few ulps; sums of 5 terms
      expectNear(program.log('lossD')[0], row.d(REAL, fakeValues), 2e-6, `${row.label} discriminator (${build})`);
      expectNear(program.log('lossG')[0], row.g(fakeValues, REAL), 2e-6, `${row.label} generator (${build})`);
      program.dispose();
    }
    expect(sd.liveBytes()).toBe(base);
  });

  test(`losses stay finite in f32 at saturated logits (${build})`, async () => {
    const sd = await loadBuild(build);
    const g = new G.Graph();
    const r = G.input(g, [2, 1]), f = G.input(g, [2, 1]);
    const logs: Record<string, Node> = {};
    for (const kind of gan.GAN_LOSS_KINDS) {
      const loss = gan.ganLoss(kind);
      logs[`${kind}D`] = loss.discriminator(r, f);
      logs[`${kind}G`] = loss.generator(f, r);
    }
    const program = compile(sd, { seed: 0, phases: [{ updates: [], logs }] });
    program.write(r, [-120, 95]);   // log σ(−120) by log(sigmoid(·)) would be log 0 = −∞
    program.write(f, [110, -130]);
    program.run(1);
    // e.g. minimax D: (softplus(120) + softplus(−95))/2 + (softplus(110) + softplus(−130))/2 = 60 + 55
    expectNear(program.log('minimaxD')[0], 115, 1e-6, 'minimax D at saturation');
    for (const name of program.logNames()) expect(Number.isFinite(program.log(name)[0]), name).toBe(true);
    program.dispose();
  });
}

// ---- the Dirac-GAN ----
//
// Mescheder, Geiger & Nowozin 2018, §2.1: real data at 0, the generator a single point θ,
// and a linear discriminator ψ·x. The paper writes L(θ, ψ) = f(D(G(z))) + f(−D(x)) with D
// maximizing, so its D scores fakes high; in saddle's convention (D's logits high on real
// data) that discriminator is the logit −ψ·x. With the losses each player minimizes, the
// gradient vector field is v = (−∂L_G/∂θ, −∂L_D/∂ψ), and the paper's closed form is
// v(θ, ψ) = (−ψ·f′(θψ), θ·f′(θψ)), f(t) = −log(1 + e^{−t}), f′(t) = σ(−t) for the
// saturating (minimax) loss; the non-saturating G loss gives v_θ = −ψ·f′(−θψ).

const fPrime = (t: number) => sigmoid(-t);

function diracGan(kind: 'minimax' | 'nonSaturating') {
  const g = new G.Graph();
  const theta = G.param(g, [1, 1], { kind: 'zeros' }, 'theta'), psi = G.param(g, [1, 1], { kind: 'zeros' }, 'psi');
  const real = G.constant(g, [0], [1, 1]);
  const logit = (x: Node) => G.mul(G.neg(psi), x);
  const loss = gan.ganLoss(kind);
  const lossD = loss.discriminator(logit(real), logit(theta));
  const lossG = loss.generator(logit(theta));
  const field = [G.neg(grad(lossG, [theta])[0]), G.neg(grad(lossD, [psi])[0])];
  return { g, theta, psi, lossD, lossG, field };
}

describe('Dirac-GAN (Mescheder et al. 2018, §2.1)', () => {
  const points: Array<[number, number]> = [[0.8, -0.6], [-1.5, 0.3], [2, 1.25], [0.1, -2.2]];
  for (const kind of ['minimax', 'nonSaturating'] as const) {
    test(`${kind}: the gradient vector field matches the closed form`, () => {
      const { theta, psi, field } = diracGan(kind);
      for (const [t, p] of points) {
        const [vt, vp] = G.evaluate(field, new Map([[theta, [t]], [psi, [p]]]));
        const wantTheta = kind === 'minimax' ? -p * fPrime(t * p) : -p * fPrime(-t * p);
        expectNear(vt[0], wantTheta, 1e-12, `v_θ at (${t}, ${p})`);
        expectNear(vp[0], t * fPrime(t * p), 1e-12, `v_ψ at (${t}, ${p})`);
      }
    });

    test(`${kind}: at the equilibrium the Jacobian is [[0, −f′(0)], [f′(0), 0]], eigenvalues ±i/2`, () => {
      const { theta, psi, field } = diracGan(kind);
      // second order: J_ij = ∂v_i/∂(θ, ψ)_j by differentiating the field again
      const rows = field.map((v) => G.evaluate(grad(v, [theta, psi]), new Map([[theta, [0]], [psi, [0]]])).map((x) => x[0]));
      [[0, -0.5], [0.5, 0]].forEach((row, i) => row.forEach((w, j) => expectNear(rows[i][j], w, 1e-15, `J[${i}][${j}]`)));
      // trace 0, determinant 1/4: λ = ±i/2, purely imaginary (no convergence without regularization)
      const [[a, b], [c, d]] = rows;
      expectNear(a + d, 0, 1e-15, 'trace');
      expectNear(a * d - b * c, 0.25, 1e-15, 'determinant');
    });
  }
});

// ---- errors ----

test('bad arguments give typed errors naming the argument', () => {
  const g = new G.Graph();
  const r = G.input(g, [4, 1]), f = G.input(g, [3, 1]), wide = G.input(g, [4, 2]);
  let e = argumentError(() => gan.ganLoss('nope' as gan.GanLossKind));
  expect(e.argument).toBe('kind');
  expect(e.message).toMatch(new RegExp(gan.LOSSES.names.map((k) => `'${k}'`).join(', ')));
  e = argumentError(() => gan.ganLoss('minimax', { smoothing: 0 }));
  expect(e.argument).toBe('smoothing');
  expect(e.message).toMatch(/\(0, 1\]/);
  expect(argumentError(() => gan.ganLoss('nonSaturating', { smoothing: 1.1 })).argument).toBe('smoothing');
  expect(argumentError(() => gan.ganLoss('nonSaturating', { smoothing: NaN })).argument).toBe('smoothing');
  expect(argumentError(() => gan.ganLoss('hinge', { smoothing: 0.9 })).message).toMatch(/unset for loss 'hinge' \(smoothing is an option of 'minimax', 'nonSaturating'/);
  expect(argumentError(() => gan.ganLoss('hinge', { labels: { a: 0 } })).argument).toBe('labels');
  expect(argumentError(() => gan.ganLoss('leastSquares', { labels: { b: Infinity } })).argument).toBe('labels.b');
  expect(argumentError(() => gan.ganLoss('minimax', 3 as never)).argument).toBe('options');
  const loss = gan.ganLoss('hinge');
  e = argumentError(() => loss.discriminator(wide, f));
  expect(e.argument).toBe('dReal');
  expect(e.message).toMatch(/ganLoss\('hinge'\)\.discriminator.*\[n, 1\].*Input#\d+\[4×2\]/);
  expect(argumentError(() => loss.discriminator(r, G.input(g, [0, 1]))).argument).toBe('dFake');
  expect(argumentError(() => loss.discriminator(r, [1, 2] as never)).argument).toBe('dFake');
  expect(argumentError(() => loss.generator(wide)).argument).toBe('dFake');
  expect(argumentError(() => loss.discriminator(r, G.input(new G.Graph(), [3, 1]))).message).toMatch(/graph of dReal/);
  const rs = gan.ganLoss('relativistic');
  e = argumentError(() => rs.discriminator(r, f));
  expect(e.argument).toBe('dFake');
  expect(e.message).toMatch(/as many rows as dReal \(4\)/);
  expect(argumentError(() => rs.generator(f)).argument).toBe('dReal');
  expect(argumentError(() => gan.ganLoss('relativisticAverage').generator(f)).argument).toBe('dReal');
  expect(() => gan.ganLoss('relativisticAverage').generator(f, r)).not.toThrow(); // RaGAN batches need not match
  expect(() => gan.ganLoss('minimax').discriminator(r, wide)).toThrow(SaddleArgumentError);
});

// ---- docs/losses.md examples, run as written ----

const lossExamples = docExamples('losses.md');

test('docs/losses.md has runnable examples', () => expect(lossExamples.length).toBeGreaterThanOrEqual(1));
test.each(lossExamples.map((code, i) => [i, code] as const))('docs/losses.md example %i runs and prints what it says', async (_i, code) => {
  const { printed, expected, liveBytes } = await runDocExample(code);
  expect(printed).toEqual(expected);
  expect(liveBytes).toBe(0);
});
