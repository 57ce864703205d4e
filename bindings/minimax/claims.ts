// The literature's claims as experiments: one table of records (id, group, paper, the
// verdict expected before running, the experiment) and one runner. Each experiment runs
// steppers inside WASM (and, where the claim is about local behaviour, the spectral radius
// of the linearized update) and computes its verdict from the measurement; nothing is
// asserted. See docs/claims.md.

import type { Saddle } from '../wasm/instance.js';
import { bilinear, diracGan, entropicGaussian, isolatedPoints, nonconvexConcave, orthogonalModes, type DiracGanOptions, type Game } from './games.js';
import {
  alternatingGda, extragradient, gdaAm, nsgda, optimisticGda, simultaneousGda, withOptimizers, type Stepper,
} from './steppers.js';
import { localConvergence, run } from './analysis.js';
import { randomNormal } from '../rng.js';
import { adam as optimAdam } from '../optim/optimizers.js';
import { adamMagnitudeSgdDirection, sgdMagnitudeAdamDirection } from '../optim/steppers.js';
import type { GradientTransformation } from '../optim/transform.js';

export interface ClaimSeries {
  label: string;
  steps: number[];
  /** ‖z − z*‖ at each step (z* the nearest equilibrium where there are several). */
  distances: number[];
}

export interface ClaimResult {
  id: string;
  /** The statement, as the paper makes it. */
  claim: string;
  paper: string;
  /** Game, stepper, step sizes, start, iterations. */
  setting: string;
  /** What was measured, in words with the numbers. */
  measurement: string;
  /** Whether the measurement agrees with the claim (computed). */
  reproduced: boolean;
  /** The verdict expected before the experiment ran (the record's). */
  expected: boolean;
  /** The numbers behind the verdict. */
  values: Record<string, number>;
  /** Trajectories for the plot. */
  series: ClaimSeries[];
}

const fmt = (v: number) => (Number.isFinite(v) ? (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(2) : Number(v.toPrecision(4)).toString()) : String(v));

function trajectory(sd: Saddle, game: Game, stepper: Stepper, iterations: number, every: number, label = stepper.name): ClaimSeries & { points: Float64Array[] } {
  const t = run(sd, game, stepper, { iterations, every });
  return { label, steps: t.steps, distances: t.distances, points: t.points };
}

/** First recorded step with distance <= tol·d₀ (Infinity if none). */
function stepsTo(s: ClaimSeries, tol: number): number {
  const d0 = s.distances[0];
  const k = s.distances.findIndex((d) => d <= tol * d0);
  return k < 0 ? Infinity : s.steps[k];
}

const last = (s: ClaimSeries) => s.distances[s.distances.length - 1] / s.distances[0];
/** min and max of d/d₀ over the second half of the run. */
function lateRange(s: ClaimSeries): [number, number] {
  const half = s.distances.slice(Math.floor(s.distances.length / 2)).map((d) => d / s.distances[0]);
  return [Math.min(...half), Math.max(...half)];
}

// ---- the table ----

export type ClaimGroup = 'dirac' | 'bilinear' | 'timescale' | 'isolated' | 'entropic' | 'adaptive';

/** What a claim's experiment measured: the runner adds the record's fields. */
export interface ClaimMeasurement {
  setting: string;
  measurement: string;
  /** Whether the measurement agrees with the claim (computed). */
  reproduced: boolean;
  values: Record<string, number>;
  series: ClaimSeries[];
}

/** One claim of the literature: its id, group, paper, pre-registered verdict and experiment. */
export interface ClaimRecord<L = unknown> {
  id: string;
  group: ClaimGroup;
  /** The statement, as the paper makes it. */
  claim: string;
  paper: string;
  /** The verdict expected before the experiment ran (true: reproduced). A test checks it; false is an allowed expectation. */
  expected: boolean;
  /** The experiment, given its group's lab (the game, step sizes and runs its claims share). */
  experiment: (lab: L) => ClaimMeasurement;
}

interface ClaimGroupTable<L> {
  group: ClaimGroup;
  /** What the group's claims share, made once per runClaims call. */
  lab: (sd: Saddle) => L;
  claims: ReadonlyArray<Omit<ClaimRecord<L>, 'group'>>;
}

const defineGroup = <L>(table: ClaimGroupTable<L>): ClaimGroupTable<L> => table;

/** The value of f, computed on first use. */
function once<T>(f: () => T): () => T {
  let done = false, value: T;
  return () => { if (!done) { value = f(); done = true; } return value; };
}

const MESCHEDER = 'Mescheder, Geiger & Nowozin 2018, "Which Training Methods for GANs do actually Converge?" (ICML)';

const DIRAC = defineGroup({
  group: 'dirac',
  lab: (sd: Saddle) => ({ sd, eta: 0.1, N: 4000, every: 20, dirac: (o: DiracGanOptions) => diracGan({ start: [1, 1], ...o }) }),
  claims: [
    {
      id: 'dirac-simultaneous', claim: 'Unregularized GAN training with simultaneous gradient descent does not converge on the Dirac-GAN (it spirals away from the equilibrium).',
      paper: `${MESCHEDER}, §2.2, Lemma 2.2`, expected: true,
      experiment: ({ sd, eta, N, every, dirac }) => {
        const game = dirac({ variant: 'standard' });
        const stepper = simultaneousGda({ lr: eta });
        const lin = localConvergence(sd, game, stepper);
        const s = trajectory(sd, game, stepper, N, every, 'Dirac-GAN, simultaneous GD');
        const grow = last(s);
        return {
          setting: `Dirac-GAN, standard loss, simultaneous GD, η = ${eta}, z₀ = (1, 1), ${N} iterations`,
          measurement: `spectral radius of I + ηJ at (0, 0): ${fmt(lin.radius)} (= √(1 + η²/4)); ‖z_N‖/‖z₀‖ = ${fmt(grow)}`,
          reproduced: lin.radius > 1 && grow > 1.5, values: { radius: lin.radius, growth: grow }, series: [s],
        };
      },
    },
    {
      id: 'dirac-alternating', claim: 'Unregularized GAN training with alternating gradient descent does not converge on the Dirac-GAN: it cycles around the equilibrium.',
      paper: `${MESCHEDER}, §2.2, Lemma 2.3`, expected: true,
      experiment: ({ sd, eta, N, every, dirac }) => {
        const game = dirac({ variant: 'standard' });
        const stepper = alternatingGda({ lr: eta });
        const lin = localConvergence(sd, game, stepper);
        const s = trajectory(sd, game, stepper, N, every, 'Dirac-GAN, alternating GD');
        const [lo, hi] = lateRange(s);
        return {
          setting: `Dirac-GAN, standard loss, alternating GD (D first), η = ${eta}, z₀ = (1, 1), ${N} iterations`,
          measurement: `spectral radius of the linearized update: ${fmt(lin.radius)}; over the second half of the run ‖z‖/‖z₀‖ ∈ [${fmt(lo)}, ${fmt(hi)}]`,
          reproduced: Math.abs(lin.radius - 1) < 1e-6 && lo > 0.3 && hi < 3, values: { radius: lin.radius, lateMin: lo, lateMax: hi }, series: [s],
        };
      },
    },
    ...(['wgan', 'wganGp'] as const).map((variant) => ({
      id: `dirac-${variant}`, claim: `${variant === 'wgan' ? 'WGAN' : 'WGAN-GP'} trained with finitely many critic steps per generator step does not converge on the Dirac-GAN.`,
      paper: `${MESCHEDER}, §3.2–3.3 (Lemmas 3.1–3.2)`, expected: true,
      experiment: ({ sd, eta, N, every, dirac }: { sd: Saddle; eta: number; N: number; every: number; dirac: (o: DiracGanOptions) => Game }) => {
        // WGAN-GP starts near the equilibrium: the claim is that it is not even locally convergent
        const start: [number, number] = variant === 'wgan' ? [1, 1] : [0.2, 0.2];
        const game = dirac({ variant, gamma: 1, start });
        const stepper = alternatingGda({ lr: eta, innerSteps: 5 });
        const s = trajectory(sd, game, stepper, N, every, `Dirac-GAN, ${variant === 'wgan' ? 'WGAN' : 'WGAN-GP'}, 5 critic steps`);
        const [lo, hi] = lateRange(s);
        return {
          setting: `Dirac-GAN, ${variant === 'wgan' ? 'f(t) = t (no clipping)' : 'f(t) = t, gradient penalty (γ/2)(|ψ| − 1)², γ = 1'}, alternating GD with 5 critic steps, η = ${eta}, z₀ = (${start.join(', ')}), ${N} iterations`,
          measurement: `over the second half of the run ‖z‖/‖z₀‖ ∈ [${fmt(lo)}, ${fmt(hi)}] (does not approach 0); final (θ, ψ) = (${fmt(s.points[s.points.length - 1][0])}, ${fmt(s.points[s.points.length - 1][1])})`,
          reproduced: lo > 1e-2, values: { lateMin: lo, lateMax: hi }, series: [s],
        };
      },
    })),
    ...([
      ['dirac-instance-noise', { variant: 'instanceNoise', sigma: 1 }, 'Instance noise makes the Dirac-GAN locally convergent.', `${MESCHEDER}, §3.4, Lemma 3.3 (eigenvalues f″(0)σ² ± √(f″(0)²σ⁴ − f′(0)²))`],
      ['dirac-r1', { variant: 'r1', gamma: 1 }, 'The R1 gradient penalty makes the Dirac-GAN locally convergent.', `${MESCHEDER}, §4.1, Theorem 4.1 (eigenvalues −γ/2 ± √(γ²/4 − f′(0)²))`],
      ['dirac-r2', { variant: 'r2', gamma: 1 }, 'The R2 gradient penalty makes the Dirac-GAN locally convergent.', `${MESCHEDER}, §4.1`],
      ['dirac-consensus', { variant: 'consensus', gamma: 1 }, 'Consensus optimization makes the Dirac-GAN locally convergent.', `${MESCHEDER}, §3.5 and Mescheder, Nowozin & Geiger 2017, "The Numerics of GANs" (NeurIPS)`],
    ] as Array<[string, DiracGanOptions, string, string]>).map(([id, options, claim, paper]) => ({
      id, claim, paper, expected: true,
      experiment: ({ sd, eta, N, every, dirac }: { sd: Saddle; eta: number; N: number; every: number; dirac: (o: DiracGanOptions) => Game }) => {
        const game = dirac(options);
        const stepper = simultaneousGda({ lr: eta });
        const lin = localConvergence(sd, game, stepper);
        const s = trajectory(sd, game, stepper, N, every, `Dirac-GAN, ${options.variant}`);
        const fin = last(s);
        return {
          setting: `Dirac-GAN, standard loss, ${options.variant}${options.sigma !== undefined ? ` σ = ${options.sigma}` : ''}${options.gamma !== undefined ? ` γ = ${options.gamma}` : ''}, simultaneous GD, η = ${eta}, z₀ = (1, 1), ${N} iterations`,
          measurement: `spectral radius of I + ηJ at (0, 0): ${fmt(lin.radius)} (${fmt(lin.iterationsPerEFold)} iterations per e-fold); ‖z_N‖/‖z₀‖ = ${fmt(fin)}`,
          reproduced: lin.radius < 1 && fin < 1e-4, values: { radius: lin.radius, final: fin }, series: [s],
        };
      },
    })),
  ],
});

function bilinearLab(sd: Saddle) {
  const A = [[1, 0.2, 0], [0, 0.5, 0.3], [0.1, 0, 2]];
  const game = bilinear({ A });
  const eta = 0.2, N = 2000, every = 10, tol = 1e-3;
  const gda = simultaneousGda({ lr: eta });
  const extra = extragradient({ lr: eta }), optimistic = optimisticGda({ lr: eta });
  return {
    sd, game, eta, N, every, tol, gda, extra, optimistic,
    setting: (name: string, n = N) => `bilinear game xᵀAy, A = [[1, .2, 0], [0, .5, .3], [.1, 0, 2]] (σ ≈ 2.0, 1.0, 0.46), ${name}, η = ${eta}, z₀ = 1, ${n} iterations`,
    // 200 iterations: GDA grows by ρ²⁰⁰ ≈ 4·10⁶ (further, f32 overflows)
    sGda: once(() => trajectory(sd, game, gda, 200, every)),
    sExtra: once(() => trajectory(sd, game, extra, N, every)),
    sOptimistic: once(() => trajectory(sd, game, optimistic, N, every)),
    sAm: once(() => trajectory(sd, game, gdaAm({ lr: eta, window: 5 }), N, every)),
  };
}
type BilinearLab = ReturnType<typeof bilinearLab>;

const BILINEAR = defineGroup({
  group: 'bilinear',
  lab: bilinearLab,
  claims: [
    {
      id: 'bilinear-gda', claim: 'Simultaneous gradient descent–ascent diverges on bilinear games.',
      paper: 'Daskalakis, Ilyas, Syrgkanis & Zeng 2018, "Training GANs with Optimism" (ICLR); Gidel et al. 2019, "A Variational Inequality Perspective on GANs" (ICLR)', expected: true,
      experiment: ({ sd, game, gda, setting, sGda }) => {
        const linGda = localConvergence(sd, game, gda);
        return {
          setting: setting('simultaneous GDA', 200),
          measurement: `spectral radius ${fmt(linGda.radius)} = √(1 + η²σ_max²); ‖z_N‖/‖z₀‖ = ${fmt(last(sGda()))}`,
          reproduced: linGda.radius > 1 && last(sGda()) > 10, values: { radius: linGda.radius, growth: last(sGda()) }, series: [sGda()],
        };
      },
    },
    ...([
      ['bilinear-extragradient', 'Extragradient converges on bilinear games.', 'Korpelevich 1976; Gidel et al. 2019 (ICLR), Theorem 3', 'sExtra', 'extra'],
      ['bilinear-ogda', 'Optimistic GDA converges on bilinear games.', 'Daskalakis et al. 2018 (ICLR), Theorem 1; Mokhtari, Ozdaglar & Pattathil 2020 (AISTATS)', 'sOptimistic', 'optimistic'],
    ] as const).map(([id, claim, paper, runOf, stepperOf]) => ({
      id, claim, paper, expected: true,
      experiment: (lab: BilinearLab) => {
        const stepper = lab[stepperOf], s = lab[runOf]();
        const lin = localConvergence(lab.sd, lab.game, stepper);
        return {
          setting: lab.setting(stepper.name),
          measurement: `spectral radius ${fmt(lin.radius)}; ‖z_N‖/‖z₀‖ = ${fmt(last(s))}; ${fmt(stepsTo(s, lab.tol))} iterations to 10⁻³`,
          reproduced: lin.radius < 1 && last(s) < lab.tol, values: { radius: lin.radius, final: last(s), iterationsTo1e3: stepsTo(s, lab.tol) }, series: [s],
        };
      },
    })),
    {
      id: 'bilinear-gda-am', claim: 'GDA with Anderson mixing (GDA-AM) converges on bilinear games, where GDA diverges.',
      paper: 'He, Li, Sra & Wang 2022, "GDA-AM: On the Effectiveness of Solving Minimax Optimization via Anderson Mixing" (ICLR), Theorems 2.2/2.3', expected: true,
      experiment: ({ tol, setting, sGda, sAm }) => ({
        setting: setting('GDA-AM on simultaneous GDA, window p = 5, λ = 1e-8'),
        measurement: `‖z_N‖/‖z₀‖ = ${fmt(last(sAm()))}; ${fmt(stepsTo(sAm(), tol))} iterations to 10⁻³ (GDA alone: ×${fmt(last(sGda()))})`,
        reproduced: last(sAm()) < tol && last(sGda()) > 1, values: { final: last(sAm()), iterationsTo1e3: stepsTo(sAm(), tol) }, series: [sAm(), sGda()],
      }),
    },
    {
      id: 'bilinear-gda-am-vs-alternating', claim: 'GDA-AM converges faster than alternating GDA on bilinear games.',
      paper: 'He et al. 2022 (ICLR), §4 and Figure 2', expected: true,
      experiment: ({ sd, game, eta, N, every, tol, setting, sAm, sExtra, sOptimistic }) => {
        const alt = trajectory(sd, game, alternatingGda({ lr: eta }), N, every);
        const kAm = stepsTo(sAm(), tol), kAlt = stepsTo(alt, tol);
        return {
          setting: setting('GDA-AM (p = 5) vs alternating GDA'),
          measurement: `iterations to reach ‖z‖ ≤ 10⁻³‖z₀‖: GDA-AM ${fmt(kAm)}, alternating GDA ${fmt(kAlt)} (alternating: ‖z_N‖/‖z₀‖ = ${fmt(last(alt))})`,
          reproduced: kAm < kAlt, values: { gdaAm: kAm, alternating: kAlt }, series: [sAm(), alt, sExtra(), sOptimistic()],
        };
      },
    },
  ],
});

/** Smallest ratio τ = η_y/η_x in [lo, hi] with spectral radius < 1 (bisection; the stable set is an interval above it). */
function ratioThreshold(sd: Saddle, game: Game, lr: number, lo: number, hi: number): number {
  const stable = (tau: number) => localConvergence(sd, game, simultaneousGda({ lr, ratio: tau })).radius < 1;
  if (stable(lo) || !stable(hi)) return NaN;
  for (let k = 0; k < 50; k++) { const mid = Math.sqrt(lo * hi); if (stable(mid)) hi = mid; else lo = mid; }
  return hi;
}

const TIMESCALE = defineGroup({
  group: 'timescale',
  lab: (sd: Saddle) => ({ sd }),
  claims: [
    {
      id: 'timescale-kappa', claim: 'GDA on a nonconvex–concave game converges locally to a local minimax point only when the step ratio η_y/η_x exceeds a threshold of order κ.',
      paper: 'Jin, Netrapalli & Jordan 2020, "What is Local Optimality in Nonconvex-Nonconcave Minimax Optimization?" (ICML), §5; Fiez & Ratliff 2021, "Local Convergence Analysis of Gradient Descent Ascent with Finite Timescale Separation" (ICLR); Lin, Jin & Jordan 2020 (ICML)',
      expected: true,
      experiment: ({ sd }) => {
        const kappas = [2, 4, 8, 16, 32], lr = 1e-3;
        const thresholds = kappas.map((kappa) => ratioThreshold(sd, nonconvexConcave({ kappa }), lr, 0.5, 4 * kappa));
        // least squares τ* = aκ + c
        const n = kappas.length, mx = kappas.reduce((s, v) => s + v, 0) / n, my = thresholds.reduce((s, v) => s + v, 0) / n;
        const sxy = kappas.reduce((s, k, i) => s + (k - mx) * (thresholds[i] - my), 0), sxx = kappas.reduce((s, k) => s + (k - mx) ** 2, 0);
        const a = sxy / sxx, c = my - a * mx;
        const ssRes = thresholds.reduce((s, t, i) => s + (t - (a * kappas[i] + c)) ** 2, 0), ssTot = thresholds.reduce((s, t) => s + (t - my) ** 2, 0);
        const r2 = 1 - ssRes / ssTot;
        return {
          setting: `L = −(ℓ/2)x² + bxy − (μ/2)y², ℓ = 1, μ = 1/κ, b = √(2ℓμ), κ ∈ {${kappas.join(', ')}}; simultaneous GDA, η_x = ${lr}; threshold by bisection on the spectral radius`,
          measurement: `threshold τ*(κ) = ${thresholds.map(fmt).join(', ')}; least squares τ* = ${fmt(a)}κ + ${fmt(c)}, R² = ${r2.toFixed(6)}`,
          reproduced: thresholds.every(Number.isFinite) && r2 > 0.999 && a > 0.5 && a < 2, values: { slope: a, intercept: c, r2, ...Object.fromEntries(kappas.map((k, i) => [`kappa${k}`, thresholds[i]])) }, series: [],
        };
      },
    },
    {
      id: 'ttur', claim: 'Two time-scale updates (separate learning rates) converge where equal learning rates do not.',
      paper: 'Heusel, Ramsauer, Unterthiner, Nessler & Hochreiter 2017, "GANs Trained by a Two Time-Scale Update Rule Converge to a Local Nash Equilibrium" (NeurIPS)',
      expected: true,
      experiment: ({ sd }) => {
        const kappa = 4, eta = 0.01, N = 3000;
        const game = nonconvexConcave({ kappa, start: [0.1, 0.1] });
        const equal = trajectory(sd, game, simultaneousGda({ lr: eta, ratio: 1 }), N, 10, 'equal rates (τ = 1)');
        const ttur = trajectory(sd, game, simultaneousGda({ lr: eta, ratio: 2 * kappa }), N, 10, `TTUR (τ = ${2 * kappa})`);
        return {
          setting: `nonconvex–concave quadratic game above with κ = ${kappa} (local minimax point at 0), simultaneous GDA, η_x = ${eta}, η_y = η_x or ${2 * kappa}η_x, z₀ = (0.1, 0.1), ${N} iterations`,
          measurement: `‖z_N‖/‖z₀‖: equal rates ${fmt(last(equal))}, TTUR ${fmt(last(ttur))}`,
          reproduced: last(equal) > 1 && last(ttur) < 1e-3, values: { equal: last(equal), ttur: last(ttur) }, series: [equal, ttur],
        };
      },
    },
  ],
});

type Regime = 'convergence' | 'approximate mode collapse' | 'divergence' | 'other';

/** Classifies where generated points ended relative to the true points. */
function regimeOf(real: number[], fake: number[]): Regime {
  const near = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol;
  if (fake.some((y) => real.every((r) => !near(y, r, 2)))) return 'divergence';
  const covered = real.every((r) => fake.some((y) => near(y, r, 0.05))) && fake.every((y) => real.some((r) => near(y, r, 0.05)));
  if (covered) return 'convergence';
  const owner = (y: number) => real.reduce((best, r, i) => (Math.abs(y - r) < Math.abs(y - real[best]) ? i : best), 0);
  if (fake.every((y) => owner(y) === owner(fake[0])) && real.length > 1) return 'approximate mode collapse';
  return 'other';
}

const ISOLATED = defineGroup({
  group: 'isolated',
  lab: (sd: Saddle) => ({ sd }),
  claims: [{
    id: 'isolated-points', claim: 'In the isolated-points model, the kernel width of the discriminator decides between convergence, approximate mode collapse (generated points stuck near one true point) and divergence (generated points pushed away from every true point).',
    paper: 'Becker, Pandit, Rangan & Fletcher 2022, "Instability and Local Minima in GAN Training with Kernel Discriminators" (NeurIPS)',
    expected: true,
    experiment: ({ sd }) => {
  const real = [-3, 3], fake = [2.9, 3.2], lambda = 1, lr = 0.01, ratio = 10, N = 20000;
  const sigmas = [0.05, 0.1, 0.3, 1, 2, 4];
  const regimes: Regime[] = [];
  const ends: string[] = [];
  const series: ClaimSeries[] = [];
  for (const sigma of sigmas) {
    const game = isolatedPoints({ real, fake, sigma, lambda });
    const t = run(sd, game, simultaneousGda({ lr, ratio }), { iterations: N, every: 500 });
    const end = Array.from(t.points[t.points.length - 1].subarray(0, fake.length));
    regimes.push(regimeOf(real, end));
    ends.push(`σ = ${sigma}: y = (${end.map(fmt).join(', ')}) → ${regimes[regimes.length - 1]}`);
    series.push({ label: `σ = ${sigma}`, steps: t.steps, distances: t.distances });
  }
  // divergence for the narrowest kernel, approximate mode collapse in between, convergence for the widest
  const first = (r: Regime) => regimes.indexOf(r), lastOf = (r: Regime) => regimes.lastIndexOf(r);
  const ordered = first('divergence') === 0 && first('approximate mode collapse') > lastOf('divergence') &&
    first('convergence') > lastOf('approximate mode collapse') && regimes[regimes.length - 1] === 'convergence' && !regimes.includes('other');
  return {
    setting: `1-D, true points (${real.join(', ')}), generated points start at (${fake.join(', ')}) (both near one true point), Gaussian-kernel discriminator on 161 centres over [−8, 8] (so an escaping point stops near the edge) with ridge λ = ${lambda}; simultaneous GDA, η_gen = ${lr}, η_disc = ${lr * ratio}, ${N} iterations; σ ∈ {${sigmas.join(', ')}}`,
    measurement: ends.join('; '),
    reproduced: ordered, values: Object.fromEntries(sigmas.map((s, i) => [`sigma${s}`, ['divergence', 'approximate mode collapse', 'convergence', 'other'].indexOf(regimes[i])])), series,
  };
    },
  }],
});

const ENTROPIC = defineGroup({
  group: 'entropic',
  lab: (sd: Saddle) => ({ sd }),
  claims: [{
    id: 'entropic-covariance', claim: 'Fitting a Gaussian by entropic OT shrinks the learned covariance: the minimizer of OT_ε over centred Gaussians has covariance B − (ε/2)I (directions with variance ≤ ε/2 collapse); the debiased Sinkhorn divergence recovers B.',
    paper: 'Janati, Muzellec, Peyré & Cuturi 2020, "Entropic Optimal Transport between Unbalanced Gaussian Measures has a Closed Form" (NeurIPS); Feydy et al. 2019, "Interpolating between Optimal Transport and MMD using Sinkhorn Divergences" (AISTATS)',
    expected: true,
    experiment: ({ sd }) => {
  const target = [0.3, 1, 2, 4], epsilons = [0.2, 1, 3], lr = 0.02, N = 6000;
  const learned = (eps: number, debiased: boolean) => {
    const game = entropicGaussian({ target, eps, debiased });
    const t = run(sd, game, simultaneousGda({ lr }), { iterations: N, every: N / 20 });
    return { s: Array.from(t.points[t.points.length - 1], (w) => w * w), series: { label: `ε = ${eps}${debiased ? ', debiased' : ''}`, steps: t.steps, distances: t.distances } };
  };
  let worst = 0;
  const rows: string[] = [];
  const series: ClaimSeries[] = [];
  for (const eps of epsilons) {
    const r = learned(eps, false);
    const want = target.map((b) => Math.max(b - eps / 2, 0));
    worst = Math.max(worst, ...r.s.map((v, i) => Math.abs(v - want[i])));
    rows.push(`ε = ${eps}: [${r.s.map((v) => (v < 1e-12 ? '0' : fmt(v))).join(', ')}]`);
    series.push(r.series);
  }
  const deb = learned(1, true);
  const debWorst = Math.max(...deb.s.map((v, i) => Math.abs(v - target[i])));
  series.push(deb.series);
  return {
    setting: `linear generator x = diag(w)z, z ∼ N(0, I), target N(0, diag(${target.join(', ')})), loss OT_ε in closed form (entropicGaussian), gradient descent η = ${lr}, w₀ = 1, ${N} iterations; ε ∈ {${epsilons.join(', ')}}, and the debiased divergence at ε = 1`,
    measurement: `learned variances w²: ${rows.join('; ')}; largest gap to max(b − ε/2, 0): ${fmt(worst)}; debiased (ε = 1): [${deb.s.map(fmt).join(', ')}], largest gap to b: ${fmt(debWorst)}`,
    reproduced: worst < 1e-3 && debWorst < 1e-3, values: { worstGap: worst, debiasedWorstGap: debWorst }, series,
  };
    },
  }],
});

/** Starting neurons drawn as |N(0, scale²)| (Philox, `seed`, one stream per player): every neuron starts positively correlated with every mode. */
function positiveNeurons(sd: Saddle, rows: number, cols: number, scale: number, seed: number, stream: number): number[][] {
  const a = sd.f32(rows * cols);
  try {
    randomNormal(sd, a, { seed, stream });
    const v = a.toArray();
    return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, c) => Math.abs(v[i * cols + c]) * scale));
  } finally {
    a.dispose();
  }
}

/**
 * Jelassi et al. 2022 on the orthogonal-modes model (games.ts): for each optimizer, over a
 * grid of learning rates (and ratios η_D/η_G for SGDA) and five seeds, the share of runs
 * whose generator covers all K modes after N iterations. The verdicts compare each
 * method's best configuration.
 */
function adaptiveLab(sd: Saddle) {
  const scales = [1, 0.7, 0.5], K = scales.length, iterations = 20000, seeds = [1, 2, 3, 4, 5];
  const rates = [0.001, 0.003, 0.01, 0.03, 0.1], sgdRates = [...rates, 0.3], ratios = [0.1, 1, 10];
  const adam = { b1: 0.5, b2: 0.9 };
  const gameFor = (seed: number) => orthogonalModes({ scales, generator: positiveNeurons(sd, K, K, 0.1, seed, 1), discriminator: positiveNeurons(sd, K, K, 0.1, seed, 2) });
  const fullShare = (make: (lr: number, ratio: number) => Stepper, lr: number, ratio: number, its = iterations) => {
    let full = 0;
    for (const seed of seeds) {
      const game = gameFor(seed);
      // a diverging run counts as not covering: its end is recorded, not thrown
      const end = run(sd, game, make(lr, ratio), { iterations: its, nonFinite: 'return' }).points[1];
      if (end.every(Number.isFinite) && game.coverage(end).length === K) full++;
    }
    return full / seeds.length;
  };
  // best share over the grid, and the share per configuration for the measurement
  const sweepShares = (make: (lr: number, ratio: number) => Stepper, lrs: number[], rs: number[]) => {
    const cells: string[] = [];
    let best = 0, bestAt = [lrs[0], rs[0]];
    for (const lr of lrs) for (const ratio of rs) {
      const share = fullShare(make, lr, ratio);
      if (share > best) { best = share; bestAt = [lr, ratio]; }
      cells.push(`${rs.length > 1 ? `(${lr}, ${ratio})` : lr}: ${fmt(share)}`);
    }
    return { best, bestAt, text: cells.join(', ') };
  };
  // for the plot, seed 1: distance to the nearest equilibrium (each neuron on its own mode, v = 0)
  const permutations = (n: number): number[][] => (n === 0 ? [[]] : permutations(n - 1).flatMap((q) => Array.from({ length: n }, (_, i) => [...q.slice(0, i), n - 1, ...q.slice(i)])));
  const matchDistance = (z: Float64Array) => Math.min(...permutations(K).map((perm) => {
    let s2 = 0;
    for (let i = 0; i < z.length; i++) {
      const row = Math.floor(i / K), target = i < K * K && perm[row] === i % K ? scales[perm[row]] : 0;
      s2 += (z[i] - target) ** 2;
    }
    return Math.sqrt(s2);
  }));
  const seriesOf = (label: string, stepper: Stepper): ClaimSeries => {
    const t = run(sd, gameFor(1), stepper, { iterations, every: iterations / 100, nonFinite: 'return' });
    return { label, steps: t.steps, distances: t.points.map(matchDistance) };
  };
  const makeSgda = (lr: number, ratio: number) => simultaneousGda({ lr, ratio });
  const both = (name: string, t: (lr: number) => GradientTransformation) => (lr: number) => withOptimizers({ x: t(lr), y: t(lr), name });
  const setting = `orthogonalModes: ${K} modes X = γₖeₖ, γ = (${scales.join(', ')}), ${K} generator and ${K} cubic discriminator neurons started at |N(0, 0.1²)| (Philox, seeds ${seeds.join(', ')}), WGAN losses with (1/4)Σ‖vⱼ‖⁴, full-batch (population) gradients, ${iterations} simultaneous iterations; a run covers mode k when a neuron has cos(wᵢ, eₖ) ≥ 0.9 and ‖wᵢ‖ ≥ γₖ/2`;
  return { K, iterations, rates, sgdRates, ratios, adam, fullShare, sweepShares, seriesOf, makeSgda, both, setting };
}

const JELASSI = 'Jelassi, Dobre, Mensch, Li & Gidel 2022, "Dissecting adaptive methods in GANs"';

const ADAPTIVE = defineGroup({
  group: 'adaptive',
  lab: adaptiveLab,
  claims: [
    {
      id: 'nsgda-vs-sgda',
      claim: 'On a synthetic multi-mode problem, GANs trained with SGDA collapse (miss modes) at every learning-rate configuration, while nSGDA (normalized gradient steps) recovers all modes: normalization makes the discriminator and the generator learn at the same pace.',
      paper: JELASSI, expected: true,
      experiment: ({ K, iterations, rates, sgdRates, ratios, fullShare, sweepShares, seriesOf, makeSgda, setting }) => {
        const sgda = sweepShares(makeSgda, sgdRates, ratios);
        // SGDA's modes are not lost for good: its best configuration, given ten times the iterations
        const sgdaLonger = fullShare(makeSgda, sgda.bestAt[0], sgda.bestAt[1], 10 * iterations);
        const normalized = sweepShares((lr) => nsgda({ lr }), rates, [1]);
        return {
          setting: `${setting}; SGDA: lr ∈ {${sgdRates.join(', ')}} × η_D/η_G ∈ {${ratios.join(', ')}}; nSGDA: lr ∈ {${rates.join(', ')}}`,
          measurement: `share of seeds covering all ${K} modes per configuration: SGDA ${sgda.text} (best ${fmt(sgda.best)}); nSGDA ${normalized.text} (best ${fmt(normalized.best)}); given ${10 * iterations} iterations, SGDA's best configuration (${sgda.bestAt.join(', ')}) covers all modes on ${fmt(sgdaLonger)} of the seeds`,
          reproduced: normalized.best >= 0.8 && sgda.best <= 0.4,
          values: { sgdaBestShare: sgda.best, nsgdaBestShare: normalized.best, sgdaBestShareTenfold: sgdaLonger },
          series: [seriesOf('SGDA, lr 0.1', makeSgda(0.1, 1)), seriesOf('nSGDA, lr 0.01', nsgda({ lr: 0.01 }))],
        };
      },
    },
    {
      id: 'grafting-adam-magnitude',
      claim: 'Grafting separates Adam\'s update into magnitude and direction: Adam\'s magnitude with SGD\'s direction trains like Adam, while SGD\'s magnitude with Adam\'s direction fails like SGD, so the adaptive magnitude is what matters.',
      paper: JELASSI, expected: true,
      experiment: ({ K, rates, adam, sweepShares, seriesOf, both, setting }) => {
        const makeAdamMagnitude = both('Adam#SGD', (lr) => adamMagnitudeSgdDirection(lr, adam));
        const makeSgdMagnitude = both('SGD#Adam', (lr) => sgdMagnitudeAdamDirection(lr, adam));
        const adamRun = sweepShares(both('Adam', (lr) => optimAdam(lr, adam)), rates, [1]);
        const adamMagnitude = sweepShares(makeAdamMagnitude, rates, [1]);
        const sgdMagnitude = sweepShares(makeSgdMagnitude, rates, [1]);
        return {
          setting: `${setting}; Adam, Adam#SGD (adamMagnitudeSgdDirection) and SGD#Adam (sgdMagnitudeAdamDirection), per-tensor grafting, β = (${adam.b1}, ${adam.b2}), lr ∈ {${rates.join(', ')}} for both players`,
          measurement: `share of seeds covering all ${K} modes per lr: Adam ${adamRun.text} (best ${fmt(adamRun.best)}); Adam#SGD ${adamMagnitude.text} (best ${fmt(adamMagnitude.best)}); SGD#Adam ${sgdMagnitude.text} (best ${fmt(sgdMagnitude.best)})`,
          reproduced: adamRun.best >= 0.8 && adamMagnitude.best >= 0.8 && sgdMagnitude.best <= 0.4,
          values: { adamBestShare: adamRun.best, adamMagnitudeBestShare: adamMagnitude.best, sgdMagnitudeBestShare: sgdMagnitude.best },
          series: [seriesOf('Adam#SGD, lr 0.01', makeAdamMagnitude(0.01)), seriesOf('SGD#Adam, lr 0.01', makeSgdMagnitude(0.01))],
        };
      },
    },
  ],
});

/** Every claim, in the order runClaims reports them; each group's records share its lab. */
const GROUPS = [DIRAC, BILINEAR, TIMESCALE, ISOLATED, ENTROPIC, ADAPTIVE] as unknown as ReadonlyArray<ClaimGroupTable<unknown>>;

/** The claim records (id, group, claim, paper, pre-registered verdict, experiment). */
export const CLAIMS: readonly ClaimRecord[] = GROUPS.flatMap((g) => g.claims.map((c) => ({ ...c, group: g.group })));

export interface RunClaimsOptions {
  /** Which groups to run (default all): 'dirac', 'bilinear', 'timescale', 'isolated', 'entropic', 'adaptive'. */
  groups?: ReadonlyArray<ClaimGroup>;
}

/**
 * Runs one experiment per claim and returns claim, paper, setting, measurement and the
 * computed verdict (and the pre-registered one). Long runs execute inside WASM (compiled programs).
 *
 * @example
 * const results = minimax.runClaims(sd);
 * console.log(minimax.formatClaims(results));
 */
export function runClaims(sd: Saddle, options: RunClaimsOptions = {}): ClaimResult[] {
  const groups = new Set(options.groups ?? GROUPS.map((g) => g.group));
  return GROUPS.filter((g) => groups.has(g.group)).flatMap((g) => {
    const lab = g.lab(sd);
    return g.claims.map((c) => {
      const m = c.experiment(lab);
      return { id: c.id, claim: c.claim, paper: c.paper, setting: m.setting, measurement: m.measurement, reproduced: m.reproduced, expected: c.expected, values: m.values, series: m.series };
    });
  });
}

/** The claims as a Markdown section (docs/claims.md is this output for the SIMD build). */
export function claimsMarkdown(results: readonly ClaimResult[]): string {
  const rows = results.map((r) => [
    `### ${r.reproduced ? '✓' : '✗'} \`${r.id}\` — ${r.reproduced ? 'reproduced' : 'NOT reproduced'}`,
    '',
    `- **claim**: ${r.claim}`,
    `- **paper**: ${r.paper}`,
    `- **setting**: ${r.setting}`,
    `- **measurement**: ${r.measurement}`,
  ].join('\n'));
  const count = results.filter((r) => r.reproduced).length;
  return [`${count} of ${results.length} claims reproduced.`, '', ...rows.flatMap((r) => [r, ''])].join('\n').trimEnd();
}

/** A plain-text report of claim results. */
export function formatClaims(results: readonly ClaimResult[]): string {
  return results.map((r) => [
    `[${r.reproduced ? 'REPRODUCED' : 'NOT REPRODUCED'}] ${r.id}: ${r.claim}`,
    `  paper: ${r.paper}`,
    `  setting: ${r.setting}`,
    `  measurement: ${r.measurement}`,
  ].join('\n')).join('\n\n');
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

/**
 * An SVG of log₁₀(‖z_k − z*‖/‖z₀ − z*‖) against k for the claims' trajectories, one panel per
 * claim with series (stacked vertically).
 */
export function claimsSvg(results: readonly ClaimResult[], width = 640, panel = 200): string {
  const withSeries = results.filter((r) => r.series.length > 0);
  const esc = (s: string) => s.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[ch]!));
  const panels = withSeries.map((r, p) => {
    const top = p * (panel + 30);
    const all = r.series.flatMap((s) => s.distances.map((d) => Math.log10(Math.max(d / s.distances[0], 1e-12))));
    let lo = Math.min(...all.filter(Number.isFinite)), hi = Math.max(...all.filter(Number.isFinite));
    if (!(hi > lo)) { lo -= 1; hi += 1; }
    const kMax = Math.max(...r.series.map((s) => s.steps[s.steps.length - 1]));
    const lines = r.series.map((s, i) => {
      const pts = s.steps.map((k, j) => {
        const v = Math.log10(Math.max(s.distances[j] / s.distances[0], 1e-12));
        if (!Number.isFinite(v)) return '';
        return `${((k / kMax) * width).toFixed(1)},${(top + 24 + panel - ((v - lo) / (hi - lo)) * panel).toFixed(1)}`;
      }).filter(Boolean).join(' ');
      return `<polyline fill="none" stroke="${COLORS[i % COLORS.length]}" stroke-width="1.5" points="${pts}"/>` +
        `<text x="${width - 6}" y="${top + 40 + 14 * i}" text-anchor="end" font-size="11" fill="${COLORS[i % COLORS.length]}">${esc(s.label)}</text>`;
    }).join('');
    return `<text x="4" y="${top + 16}" font-size="12" font-weight="bold">${esc(`${r.reproduced ? '✓' : '✗'} ${r.id}`)} — log₁₀ ‖z−z*‖/‖z₀−z*‖ ∈ [${lo.toFixed(1)}, ${hi.toFixed(1)}], ${kMax} iterations</text>${lines}`;
  }).join('');
  const height = withSeries.length * (panel + 30) + 10;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" style="background:#fff">${panels}</svg>`;
}
