// Two-player games as graphs. Convention: player x minimizes lossX, player y minimizes
// lossY (a zero-sum game min_x max_y L has lossX = L, lossY = −L). The joint vector field
// is the direction of motion of gradient play,
//   v(z) = (−∇ₓ lossX, −∇ᵧ lossY),   z = (x, y) flattened, x first,
// so simultaneous GDA is z ← z + η v(z) and its linearization is I + ηJ, J = ∂v/∂z
// (Mescheder, Geiger & Nowozin 2018 use this sign). See docs/minimax.md.

import { Array as TArray, Boolean as TBoolean, Integer as TInteger, Literal as TLiteral, Number as TNumber, Object as TObject, Optional, Union as TUnion, type TProperties, type TSchema } from '@sinclair/typebox';
import { Described, SaddleArgumentError, SaddleError } from '../errors.js';
import { validate } from '../schema/validate.js';
import { numbers } from '../schema/values.js';
import { grad } from '../autodiff/grad.js';
import { Graph, Node } from '../graph/node.js';
import { abs, add, exp, log, logSigmoid, mul, neg, sqrt, square, sub } from '../graph/ops/elementwise.js';
import { constant, param } from '../graph/ops/leaves.js';
import { matmul } from '../graph/ops/matmul.js';
import { sum, sumSquares } from '../graph/ops/reduce.js';

const strict = <P extends TProperties>(properties: P) => TObject(properties, { additionalProperties: false });
const vector = (description: string) => numbers(description);
const matrix = (description: string) => TArray(numbers(), { minItems: 1, description });
const startOption = Optional(vector('z₀ = (x₀, y₀)'));

/** The games' option schemas (GAMES' entries use them; each game checks its options with its own). */
export const BILINEAR_OPTIONS = strict({ A: matrix('A (rows: dim x, columns: dim y)'), b: Optional(vector('b')), c: Optional(vector('c')), start: startOption });
export const QUADRATIC_OPTIONS = strict({ P: matrix('P (symmetric)'), A: matrix('A'), Q: matrix('Q (symmetric)'), start: startOption });
export const NONCONVEX_CONCAVE_OPTIONS = strict({
  kappa: TNumber({ minimum: 1, description: 'condition number κ = ℓ/μ' }),
  ell: Optional(TNumber({ exclusiveMinimum: 0, default: 1, description: 'ℓ, the curvature of x' })),
  start: startOption,
});
export const ENTROPIC_GAUSSIAN_OPTIONS = strict({
  target: vector('target variances'), eps: TNumber({ exclusiveMinimum: 0, description: 'ε, the entropic regularization' }),
  debiased: Optional(TBoolean({ default: false, description: 'the debiased Sinkhorn divergence' })), start: Optional(vector('w₀')),
});
export const ISOLATED_POINTS_OPTIONS = strict({
  real: vector('true 1-D positions'), fake: vector("generated points' starts"), sigma: TNumber({ exclusiveMinimum: 0, description: 'kernel width σ' }),
  lambda: Optional(TNumber({ minimum: 0, default: 0.1, description: 'ridge λ on the discriminator' })),
  centers: Optional(strict({ low: TNumber(), high: TNumber(), count: TInteger({ minimum: 2, maximum: 4096 }) })),
});
export const ORTHOGONAL_MODES_OPTIONS = strict({
  scales: vector('mode scales γₖ > 0'), generator: matrix("G's starting neurons"), discriminator: matrix("D's starting neurons"),
  lambda: Optional(TNumber({ minimum: 0, default: 1, description: "λ of D's penalty" })),
});

/** `options` checked against a game's schema (strict, finite numbers): SaddleArgumentError naming the key. */
function checkGameOptions(fn: string, schema: TSchema, options: unknown): void {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) throw new SaddleArgumentError(fn, 'options', 'an object', options);
  validate(fn, 'options', schema, options);
}

export interface Game {
  readonly name: string;
  readonly graph: Graph;
  /** The minimizing player's parameters (Parameter nodes), flattened first in z. */
  readonly x: readonly Node[];
  /** The other player's parameters. */
  readonly y: readonly Node[];
  /** Minimized by x. */
  readonly lossX: Node;
  /** Minimized by y (−L for the maximizing player of a zero-sum game). */
  readonly lossY: Node;
  /** The starting point z₀ = (x₀, y₀) flattened (the parameters' initial values). */
  readonly start: readonly number[];
  /** A known stationary point z* (the one the claims and verdicts refer to), if any. */
  readonly equilibrium?: readonly number[];
  /** Facts about the instance (condition number κ, f′(0), γ, …). */
  readonly info: Readonly<Record<string, number | string>>;
}

/** Entries of x, y and z = (x, y). */
export function dimensions(game: Game): { nx: number; ny: number; n: number } {
  const nx = game.x.reduce((s, p) => s + p.size, 0), ny = game.y.reduce((s, p) => s + p.size, 0);
  return { nx, ny, n: nx + ny };
}

function checkNumbers(fn: string, name: string, v: unknown, length?: number): number[] {
  if (!v || typeof (v as ArrayLike<number>).length !== 'number') throw new SaddleArgumentError(fn, name, 'an array of numbers', v);
  const a = Array.from(v as ArrayLike<number>);
  if (a.some((x) => typeof x !== 'number' || !Number.isFinite(x))) throw new SaddleArgumentError(fn, name, 'finite numbers', v);
  if (length !== undefined && a.length !== length) throw new SaddleArgumentError(fn, name, `${length} numbers`, new Described(`${a.length} numbers`));
  return a;
}

function checkFinite(fn: string, name: string, v: unknown, min = -Infinity): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min) throw new SaddleArgumentError(fn, name, min === -Infinity ? 'a finite number' : `a finite number >= ${min}`, v);
  return v;
}

/** A matrix given as rows (schema-checked: non-empty rows of finite numbers): its row-major values and shape; rows of one length. */
function checkMatrix(fn: string, name: string, m: unknown): { values: number[]; rows: number; cols: number } {
  if (!Array.isArray(m) || m.length === 0) throw new SaddleArgumentError(fn, name, 'a non-empty matrix given as rows (number[][])', m);
  const cols = (m[0] as ArrayLike<number>).length;
  const values: number[] = [];
  m.forEach((row, i) => values.push(...checkNumbers(fn, `${name}[${i}]`, row, cols)));
  return { values, rows: m.length, cols };
}

function makeGame(parts: Omit<Game, 'start'>): Game {
  const start: number[] = [];
  for (const p of [...parts.x, ...parts.y]) {
    const init = p.attrs.init as { kind: string; values?: ArrayLike<number>; value?: number };
    if (init.kind === 'values') start.push(...Array.from(init.values!));
    else if (init.kind === 'zeros') start.push(...new Array<number>(p.size).fill(0));
    else if (init.kind === 'constant') start.push(...new Array<number>(p.size).fill(init.value!));
    else throw new SaddleArgumentError('game', 'params', "parameters initialized by 'values', 'zeros' or 'constant'", new Described(`${p} (${init.kind})`));
  }
  return Object.freeze({ ...parts, start });
}

export interface BilinearOptions {
  /** A (rows: dim x, columns: dim y). */
  A: number[][];
  b?: number[];
  c?: number[];
  /** z₀ = (x₀, y₀) (default: all ones). */
  start?: number[];
}

/**
 * The bilinear game min_x max_y L = xᵀAy + bᵀx + cᵀy. v = (−(Ay + b), Aᵀx + c), so
 * J = [[0, −A], [Aᵀ, 0]] with eigenvalues ±iσ for each singular value σ of A. With
 * b = c = 0 the equilibrium is z* = 0.
 *
 * @example
 * const game = minimax.bilinear({ A: [[1]] });   // L = xy: GDA spirals out at rate √(1 + η²)
 */
export function bilinear(options: BilinearOptions): Game {
  const fn = 'bilinear';
  checkGameOptions(fn, BILINEAR_OPTIONS, options);
  const A = checkMatrix(fn, 'options.A', options.A);
  const b = options.b === undefined ? null : checkNumbers(fn, 'b', options.b, A.rows);
  const c = options.c === undefined ? null : checkNumbers(fn, 'c', options.c, A.cols);
  const start = options.start === undefined ? new Array<number>(A.rows + A.cols).fill(1) : checkNumbers(fn, 'options.start', options.start, A.rows + A.cols);
  const g = new Graph();
  const x = param(g, [A.rows, 1], { kind: 'values', values: start.slice(0, A.rows) }, 'x');
  const y = param(g, [A.cols, 1], { kind: 'values', values: start.slice(A.rows) }, 'y');
  let L = sum(mul(x, matmul(constant(g, A.values, [A.rows, A.cols]), y)));
  if (b) L = add(L, sum(mul(x, constant(g, b, [A.rows, 1]))));
  if (c) L = add(L, sum(mul(y, constant(g, c, [A.cols, 1]))));
  const zero = !b?.some((v) => v !== 0) && !c?.some((v) => v !== 0);
  return makeGame({
    name: 'bilinear', graph: g, x: [x], y: [y], lossX: L, lossY: neg(L),
    equilibrium: zero ? new Array<number>(A.rows + A.cols).fill(0) : undefined, info: { dimX: A.rows, dimY: A.cols },
  });
}

export interface QuadraticOptions {
  /** P (dim x × dim x, symmetric), the x-block: ½xᵀPx. */
  P: number[][];
  /** A (dim x × dim y), the coupling xᵀAy. */
  A: number[][];
  /** Q (dim y × dim y, symmetric), the y-block: −½yᵀQy. */
  Q: number[][];
  start?: number[];
}

/**
 * The quadratic game min_x max_y L = ½xᵀPx + xᵀAy − ½yᵀQy, stationary at z* = 0 with
 * J = [[−P, −A], [Aᵀ, −Q]]. Strongly-convex–strongly-concave when P, Q ≻ 0;
 * nonconvex–concave when P has negative eigenvalues and Q ≻ 0 (then 0 is a local minimax
 * point when the Schur complement P + AQ⁻¹Aᵀ ≻ 0; Jin, Netrapalli & Jordan 2020).
 */
export function quadratic(options: QuadraticOptions, info: Record<string, number | string> = {}): Game {
  const fn = 'quadratic';
  checkGameOptions(fn, QUADRATIC_OPTIONS, options);
  const P = checkMatrix(fn, 'options.P', options.P), A = checkMatrix(fn, 'options.A', options.A), Q = checkMatrix(fn, 'options.Q', options.Q);
  if (P.rows !== P.cols || P.rows !== A.rows) throw new SaddleArgumentError(fn, 'options.P', `a ${A.rows}×${A.rows} matrix (A has ${A.rows} rows)`, new Described(`${P.rows}×${P.cols}`));
  if (Q.rows !== Q.cols || Q.rows !== A.cols) throw new SaddleArgumentError(fn, 'options.Q', `a ${A.cols}×${A.cols} matrix (A has ${A.cols} columns)`, new Described(`${Q.rows}×${Q.cols}`));
  const n = A.rows + A.cols;
  const start = options.start === undefined ? new Array<number>(n).fill(1) : checkNumbers(fn, 'options.start', options.start, n);
  const g = new Graph();
  const x = param(g, [A.rows, 1], { kind: 'values', values: start.slice(0, A.rows) }, 'x');
  const y = param(g, [A.cols, 1], { kind: 'values', values: start.slice(A.rows) }, 'y');
  const quad = (v: Node, M: { values: number[]; rows: number; cols: number }) => sum(mul(v, matmul(constant(g, M.values, [M.rows, M.cols]), v)));
  const L = add(sub(mul(quad(x, P), 0.5), mul(quad(y, Q), 0.5)), sum(mul(x, matmul(constant(g, A.values, [A.rows, A.cols]), y))));
  return makeGame({ name: 'quadratic', graph: g, x: [x], y: [y], lossX: L, lossY: neg(L), equilibrium: new Array<number>(n).fill(0), info });
}

/**
 * A scalar nonconvex–concave quadratic game with condition number κ = ℓ/μ:
 *   L = −(ℓ/2)x² + b·xy − (μ/2)y²,   b² = 2ℓμ (so the Schur complement −ℓ + b²/μ = ℓ > 0
 * and z* = 0 is a local minimax point). Continuous-time τ-GDA (η_y = τη_x) is stable
 * there iff τ > ℓ/μ = κ: the trace of J = [[ℓ, −b], [τb, −τμ]] is ℓ − τμ. (Jin et al.
 * 2020, Prop. 27; Fiez & Ratliff 2021.) Default ℓ = 1, μ = 1/κ.
 */
export function nonconvexConcave(options: { kappa: number; ell?: number; start?: number[] }): Game {
  const fn = 'nonconvexConcave';
  checkGameOptions(fn, NONCONVEX_CONCAVE_OPTIONS, options);
  const kappa = checkFinite(fn, 'options.kappa', options?.kappa, 1);
  const ell = checkFinite(fn, 'options.ell', options.ell ?? 1, Number.MIN_VALUE);
  const mu = ell / kappa, b = Math.sqrt(2 * ell * mu);
  return quadratic({ P: [[-ell]], A: [[b]], Q: [[mu]], start: options.start ?? [1, 1] }, { kappa, ell, mu, b });
}

/** The Dirac-GAN variants of Mescheder et al. 2018 (see diracGan). */
export const DIRAC_VARIANTS = ['standard', 'nonSaturating', 'wgan', 'wganGp', 'instanceNoise', 'r1', 'r2', 'consensus'] as const;
export type DiracVariant = (typeof DIRAC_VARIANTS)[number];

export interface DiracGanOptions {
  variant: DiracVariant;
  /** Penalty weight γ (r1, r2, wganGp, consensus; default 1). */
  gamma?: number;
  /** Instance noise σ (instanceNoise; default 1). */
  sigma?: number;
  /** WGAN-GP's target gradient norm g₀ (default 1). */
  target?: number;
  /** Gauss–Hermite nodes for the instance-noise expectation (default 16). */
  quadrature?: number;
  /** z₀ = (θ₀, ψ₀) (default (1, 1)). */
  start?: [number, number];
}

/**
 * The largest k gaussHermite accepts. Measured (tests/minimax/games.test.ts): up to it the
 * weights sum to 1 within 1e-13, the nodes are symmetric, and every moment the rule is exact
 * for, E ε^{2j} = (2j − 1)!! for 2j ≤ 2k − 1, comes out within 1e-12 relative while
 * (2j − 1)!! is finite in f64 (j ≤ 150), and the smallest weight is 3e-211. The same checks
 * pass to k = 700, but from k ≈ 390 the outer weights underflow f64 to 0 and near k = 1000
 * the recurrence overflows (NaN): 256 keeps a wide margin. k = 256 takes ~15 ms.
 */
export const GAUSS_HERMITE_MAX_NODES = 256;

/**
 * Probabilists' Gauss–Hermite rule with k nodes (1 ≤ k ≤ GAUSS_HERMITE_MAX_NODES):
 * E_{ε∼N(0,1)} h(ε) ≈ Σ wᵢ h(tᵢ), exact for polynomials of degree ≤ 2k − 1.
 *
 * Golub & Welsch 1969: the nodes are the eigenvalues of the Jacobi matrix of the orthonormal
 * Hermite polynomials (zero diagonal, off-diagonal √1, …, √(k−1)), found by implicit QL
 * (tridiagonal, O(k²)), then polished by Newton on p_k with p_k′ = √k·p_{k−1}. With the
 * orthonormal recurrence p_{j+1} = (t·p_j − √j·p_{j−1})/√(j+1) nothing overflows for these k,
 * and wᵢ = 1/(k·p_{k−1}(tᵢ)²) (the Christoffel numbers). Nodes ascending, exactly symmetric.
 */
export function gaussHermite(k: number): { nodes: number[]; weights: number[] } {
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1 || k > GAUSS_HERMITE_MAX_NODES) {
    throw new SaddleArgumentError('gaussHermite', 'k', `an integer in [1, ${GAUSS_HERMITE_MAX_NODES}]`, k);
  }
  // p_{k−1}(t) and p_k(t), orthonormal
  const pair = (t: number) => {
    let prev = 0, cur = 1;
    for (let j = 0; j < k; j++) { const next = (t * cur - Math.sqrt(j) * prev) / Math.sqrt(j + 1); prev = cur; cur = next; }
    return [prev, cur];
  };
  const d = new Float64Array(k), e = new Float64Array(k);
  for (let j = 1; j < k; j++) e[j - 1] = Math.sqrt(j);
  tridiagonalEigenvalues(d, e);
  const t = Array.from(d).sort((a, b) => a - b);
  for (let i = 0; i < k; i++) {
    for (let it = 0; it < 3; it++) { const [pm, pk] = pair(t[i]); const step = pk / (Math.sqrt(k) * pm); if (!Number.isFinite(step)) break; t[i] -= step; }
  }
  // exact symmetry: t_i = −t_{k−1−i}, and 0 in the middle of an odd rule
  for (let i = 0; i < k >> 1; i++) { const v = 0.5 * (t[k - 1 - i] - t[i]); t[i] = -v; t[k - 1 - i] = v; }
  if (k % 2 === 1) t[k >> 1] = 0;
  const weights = t.map((x) => 1 / (k * pair(x)[0] ** 2));
  return { nodes: t, weights };
}

/**
 * Eigenvalues of the symmetric tridiagonal matrix with diagonal d and off-diagonal e (e[i]
 * couples i and i + 1; e[n−1] unused), in place into d: implicit QL with Wilkinson shifts
 * (Numerical Recipes §11.4, tqli, without eigenvectors).
 */
function tridiagonalEigenvalues(d: Float64Array, e: Float64Array): void {
  const n = d.length;
  for (let l = 0; l < n; l++) {
    for (let iter = 0; ; iter++) {
      let m = l;
      for (; m < n - 1; m++) { const dd = Math.abs(d[m]) + Math.abs(d[m + 1]); if (Math.abs(e[m]) <= Number.EPSILON * dd) break; }
      if (m === l) break;
      if (iter === 60) throw new SaddleError('E_NO_CONVERGENCE', 'gaussHermite: the QL iteration did not converge');
      let g = (d[l + 1] - d[l]) / (2 * e[l]);
      let r = Math.hypot(g, 1);
      g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
      let s = 1, c = 1, p = 0;
      let i = m - 1;
      for (; i >= l; i--) {
        const f = s * e[i];
        const b = c * e[i];
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) { d[i + 1] -= p; e[m] = 0; break; }
        s = f / r; c = g / r;
        g = d[i + 1] - p;
        r = (d[i] - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
      }
      if (r === 0 && i >= l) continue;
      d[l] -= p; e[l] = g; e[m] = 0;
    }
  }
}

export const DIRAC_GAN_OPTIONS = strict({
  variant: TUnion(DIRAC_VARIANTS.map((v) => TLiteral(v)), { description: 'the GAN variant' }),
  gamma: Optional(TNumber({ minimum: 0, default: 1, description: 'penalty weight γ' })),
  sigma: Optional(TNumber({ minimum: 0, default: 1, description: 'instance noise σ' })),
  target: Optional(TNumber({ minimum: 0, default: 1, description: "WGAN-GP's target norm" })),
  quadrature: Optional(TInteger({ minimum: 2, maximum: GAUSS_HERMITE_MAX_NODES, default: 16, description: 'Gauss–Hermite nodes' })),
  start: Optional(vector('(θ₀, ψ₀)')),
});

/**
 * The Dirac-GAN (Mescheder, Geiger & Nowozin 2018, "Which training methods for GANs do
 * actually converge?", §2): data at 0, generator p_θ = δ_θ, discriminator D_ψ(x) = ψx,
 *   L(θ, ψ) = f(ψθ) + f(0),   θ = x minimizes, ψ = y maximizes,
 * with f(t) = −log(1 + e^{−t}) (standard, non-saturating; f′(0) = ½, f″(0) = −¼) or f(t) = t
 * (wgan, wganGp). The unique equilibrium is (0, 0); J there is [[0, −f′(0)], [f′(0), 0]]
 * (eigenvalues ±i f′(0)), and the variants change it to:
 * - nonSaturating: θ minimizes −f(−ψθ) instead; same J at (0, 0);
 * - r1, r2: ψ also pays (γ/2)ψ² (R1 = (γ/2)E_data‖∇D‖², R2 the same on generated data;
 *   both equal (γ/2)ψ² here): eigenvalues −γ/2 ± √(γ²/4 − f′(0)²);
 * - instanceNoise: both terms under noise, E_ε f(ψ(θ + ε)) + E_ε f(−ψε), ε ∼ N(0, σ²)
 *   (Gauss–Hermite): eigenvalues f″(0)σ² ± √(f″(0)²σ⁴ − f′(0)²);
 * - wganGp: f(t) = t and ψ pays (γ/2)(|ψ| − g₀)²: no differentiable stationary point at
 *   ψ = 0; away from it J = [[0, −1], [1, −γ]];
 * - consensus: standard plus (γ/2)‖∇ losses‖² for both players (withConsensus):
 *   J − γJᵀJ = [[−γf′(0)², −f′(0)], [f′(0), −γf′(0)²]], eigenvalues −γf′(0)² ± i f′(0).
 */
export function diracGan(options: DiracGanOptions): Game {
  const fn = 'diracGan';
  checkGameOptions(fn, DIRAC_GAN_OPTIONS, options);
  const variant = options.variant;
  const gamma = checkFinite(fn, 'options.gamma', options.gamma ?? 1, 0);
  const sigma = checkFinite(fn, 'options.sigma', options.sigma ?? 1, 0);
  const target = checkFinite(fn, 'options.target', options.target ?? 1, 0);
  const k = options.quadrature ?? 16;
  const start = options.start === undefined ? [1, 1] : checkNumbers(fn, 'options.start', options.start, 2);
  if (variant === 'consensus') {
    const base = diracGan({ ...options, variant: 'standard' });
    const game = withConsensus(base, gamma);
    return Object.freeze({ ...game, name: 'diracGan/consensus', info: { ...base.info, variant, gamma } });
  }
  const g = new Graph();
  const theta = param(g, [1, 1], { kind: 'values', values: [start[0]] }, 'theta');
  const psi = param(g, [1, 1], { kind: 'values', values: [start[1]] }, 'psi');
  const wasserstein = variant === 'wgan' || variant === 'wganGp';
  const f = (t: Node) => (wasserstein ? t : logSigmoid(t));
  const f0 = wasserstein ? 0 : -Math.log(2);
  let L: Node;
  if (variant === 'instanceNoise') {
    const { nodes, weights } = gaussHermite(k);
    const eps = constant(g, nodes.map((t) => sigma * t), [nodes.length, 1]);
    const w = constant(g, weights, [weights.length, 1]);
    // Σ wᵢ [f(ψ(θ + εᵢ)) + f(−ψεᵢ)]
    L = add(sum(mul(w, f(mul(add(eps, theta), psi)))), sum(mul(w, f(neg(mul(eps, psi))))));
  } else {
    L = add(f(mul(psi, theta)), f0);
  }
  let lossX = L;
  if (variant === 'nonSaturating') lossX = neg(f(neg(mul(psi, theta))));
  let lossY = neg(L);
  if (variant === 'r1' || variant === 'r2') lossY = add(lossY, mul(square(psi), gamma / 2));
  if (variant === 'wganGp') lossY = add(lossY, mul(square(sub(abs(psi), target)), gamma / 2));
  const fPrime0 = wasserstein ? 1 : 0.5, fSecond0 = wasserstein ? 0 : -0.25;
  return makeGame({
    name: `diracGan/${variant}`, graph: g, x: [theta], y: [psi], lossX, lossY,
    equilibrium: [0, 0], info: { variant, gamma, sigma, target, fPrime0, fSecond0 },
  });
}

/**
 * A game given by its losses over two parameter sets (Parameter nodes of one graph):
 * x minimizes lossX, y minimizes lossY. For min_x max_y L use zeroSum.
 */
export function game(parts: { x: readonly Node[]; y: readonly Node[]; lossX: Node; lossY: Node; name?: string; equilibrium?: number[] }): Game {
  const fn = 'game';
  if (!parts || typeof parts !== 'object') throw new SaddleArgumentError(fn, 'parts', 'an object { x, y, lossX, lossY }', parts);
  const { x, y, lossX, lossY } = parts;
  for (const [name, loss] of [['lossX', lossX], ['lossY', lossY]] as const) {
    if (!(loss instanceof Node) || loss.rows !== 1 || loss.cols !== 1) throw new SaddleArgumentError(fn, name, 'a scalar node [1, 1]', loss);
  }
  for (const [name, ps] of [['x', x], ['y', y]] as const) {
    if (!Array.isArray(ps) || ps.length === 0) throw new SaddleArgumentError(fn, name, 'a non-empty array of parameter nodes', ps);
    ps.forEach((p, i) => {
      if (!(p instanceof Node) || p.op.name !== 'Parameter') throw new SaddleArgumentError(fn, `${name}[${i}]`, 'a Parameter node', p);
      if (p.graph !== lossX.graph) throw new SaddleArgumentError(fn, `${name}[${i}]`, 'a node of the losses\' graph', new Described(`${p}`));
    });
  }
  if (lossY.graph !== lossX.graph) throw new SaddleArgumentError(fn, 'lossY', 'a node of lossX\'s graph', new Described(`${lossY}`));
  return makeGame({ name: parts.name ?? 'game', graph: lossX.graph, x: [...x], y: [...y], lossX, lossY, equilibrium: parts.equilibrium, info: {} });
}

/** min_x max_y L as a game (lossX = L, lossY = −L). */
export function zeroSum(parts: { x: readonly Node[]; y: readonly Node[]; loss: Node; name?: string; equilibrium?: number[] }): Game {
  if (!parts || !(parts.loss instanceof Node)) throw new SaddleArgumentError('zeroSum', 'loss', 'a scalar node [1, 1]', parts?.loss);
  return game({ ...parts, lossX: parts.loss, lossY: neg(parts.loss) });
}

/**
 * Consensus optimization (Mescheder, Nowozin & Geiger 2017, "The numerics of GANs"): both
 * players add (γ/2)‖ξ‖², ξ = (∇ₓ lossX, ∇ᵧ lossY), to their losses, so the field becomes
 * v − γJᵀv and its Jacobian at a stationary point J − γJᵀJ.
 */
export function withConsensus(base: Game, gamma: number): Game {
  const fn = 'withConsensus';
  checkFinite(fn, 'gamma', gamma, 0);
  const xi = [...grad(base.lossX, base.x), ...grad(base.lossY, base.y)];
  const reg = mul(xi.map((v) => sum(square(v))).reduce((a, b) => add(a, b)), gamma / 2);
  return Object.freeze({ ...base, name: `${base.name}+consensus`, lossX: add(base.lossX, reg), lossY: add(base.lossY, reg), info: { ...base.info, consensus: gamma } });
}

/**
 * Entropic OT between centred Gaussians with diagonal covariances diag(s) and diag(b)
 * (per coordinate; Janati, Muzellec, Peyré & Cuturi 2020, closed form; Mallasto et al. 2021):
 *   OT_ε = min_π E_π‖x − y‖² + ε·KL(π ‖ α⊗β)
 *        = Σᵢ [sᵢ + bᵢ − Dᵢ + (ε/2)·log(Dᵢ + ε/2)] + d·(ε/2)(1 − log ε),   Dᵢ = √(4sᵢbᵢ + ε²/4).
 * As a graph node of s ([1, d] node) and b (numbers). Checked against log-domain Sinkhorn on
 * a grid (tests/fixtures/minimax/entropic.json).
 */
export function entropicGaussianOT(s: Node, b: Node, eps: number): Node {
  const d = sqrt(add(mul(mul(s, b), 4), eps * eps / 4));
  const perCoord = add(sub(add(s, b), d), mul(log(add(d, eps / 2)), eps / 2));
  return add(sum(perCoord), s.size * (eps / 2) * (1 - Math.log(eps)));
}

/**
 * A linear generator x = diag(w)·z, z ∼ N(0, I), fitted to N(0, diag(b)) by minimizing the
 * entropic OT loss in closed form (entropicGaussianOT): a one-player game (y is empty), x = [w].
 * Plain OT_ε is minimized by the shrunk variances sᵢ = max(bᵢ − ε/2, 0) (∂OT/∂s = 1 − 2b/(D + ε/2)
 * vanishes at D = 2b − ε/2); the debiased Sinkhorn divergence S_ε(α, β) = OT_ε(α, β) −
 * ½OT_ε(α, α) − ½OT_ε(β, β) (Feydy et al. 2019) by s = b.
 */
export function entropicGaussian(options: { target: number[]; eps: number; debiased?: boolean; start?: number[] }): Game {
  const fn = 'entropicGaussian';
  checkGameOptions(fn, ENTROPIC_GAUSSIAN_OPTIONS, options);
  const b = checkNumbers(fn, 'target', options?.target);
  if (b.length === 0 || b.some((v) => v <= 0)) throw new SaddleArgumentError(fn, 'options.target', 'positive variances', options.target);
  const eps = checkFinite(fn, 'options.eps', options.eps, Number.MIN_VALUE);
  const start = options.start === undefined ? b.map(() => 1) : checkNumbers(fn, 'options.start', options.start, b.length);
  const g = new Graph();
  const w = param(g, [1, b.length], { kind: 'values', values: start }, 'w');
  const s = square(w);
  const target = constant(g, b, [1, b.length]);
  let loss = entropicGaussianOT(s, target, eps);
  if (options.debiased) {
    const self = entropicGaussianOT(s, s, eps), targetSelf = entropicGaussianOT(target, target, eps);
    loss = sub(loss, mul(add(self, targetSelf), 0.5));
  }
  const shrunk = b.map((v) => Math.sqrt(Math.max(options.debiased ? v : v - eps / 2, 0)));
  return makeGame({
    name: `entropicGaussian${options.debiased ? '/debiased' : ''}`, graph: g, x: [w], y: [], lossX: loss, lossY: constant(g, [0], [1, 1]),
    equilibrium: shrunk, info: { eps, debiased: options.debiased ? 1 : 0 },
  });
}

export interface IsolatedPointsOptions {
  /** True points (1-D positions), weights uniform. */
  real: number[];
  /** Generated points' starting positions (the generator's parameters), weights uniform. */
  fake: number[];
  /** Kernel width σ of the discriminator's Gaussian kernel k(x, c) = exp(−(x − c)²/(2σ²)). */
  sigma: number;
  /** Ridge λ on the discriminator's coefficients (default 0.1). */
  lambda?: number;
  /** The discriminator's kernel centres: `count` points evenly over [low, high] (default [−8, 8], 161). */
  centers?: { low: number; high: number; count: number };
}

/**
 * The isolated-points model (Becker, Pandit, Rangan & Fletcher 2022, "Instability and Local
 * Minima in GAN Training with Kernel Discriminators"), in one dimension: finitely many true
 * points rᵢ and generated points yⱼ (x = the yⱼ), and a kernel discriminator linear in its
 * parameters, f(x) = Σₘ αₘ k(x, cₘ) over a fixed grid of centres (y = α), with
 *   L = meanᵢ f(rᵢ) − meanⱼ f(yⱼ),   lossX = L (the generator raises f at its points),
 *   lossY = −L + (λ/2)‖α‖².
 * When true points are far apart relative to σ, each generated point only sees the true
 * point nearest to it; the equilibrium is yⱼ at the true points with α = 0 (listed when
 * there are as many generated as true points, matched in order).
 */
export function isolatedPoints(options: IsolatedPointsOptions): Game {
  const fn = 'isolatedPoints';
  checkGameOptions(fn, ISOLATED_POINTS_OPTIONS, options);
  const real = checkNumbers(fn, 'real', options.real), fake = checkNumbers(fn, 'fake', options.fake);
  if (real.length === 0) throw new SaddleArgumentError(fn, 'options.real', 'at least one point', options.real);
  if (fake.length === 0) throw new SaddleArgumentError(fn, 'options.fake', 'at least one point', options.fake);
  const sigma = checkFinite(fn, 'options.sigma', options.sigma, Number.MIN_VALUE);
  const lambda = checkFinite(fn, 'options.lambda', options.lambda ?? 0.1, 0);
  const grid = options.centers ?? { low: -8, high: 8, count: 161 };
  if (!Number.isInteger(grid.count) || grid.count < 2 || !(grid.high > grid.low)) throw new SaddleArgumentError(fn, 'options.centers', '{ low < high, count >= 2 }', grid);
  const centers = Array.from({ length: grid.count }, (_, m) => grid.low + ((grid.high - grid.low) * m) / (grid.count - 1));
  const g = new Graph();
  const y = param(g, [fake.length, 1], { kind: 'values', values: fake }, 'generated');
  const alpha = param(g, [grid.count, 1], { kind: 'zeros' }, 'alpha');
  const c = constant(g, centers, [1, grid.count]);
  // f at points p (a column): exp(−(p − c)²/(2σ²)) α
  const f = (p: Node) => matmul(exp(mul(square(sub(p, c)), -1 / (2 * sigma * sigma))), alpha);
  const meanOf = (v: Node, n: number) => mul(sum(v), 1 / n);
  const L = sub(meanOf(f(constant(g, real, [real.length, 1])), real.length), meanOf(f(y), fake.length));
  const lossY = add(neg(L), mul(sum(square(alpha)), lambda / 2));
  return makeGame({
    name: 'isolatedPoints', graph: g, x: [y], y: [alpha], lossX: L, lossY,
    equilibrium: real.length === fake.length ? [...real, ...new Array<number>(grid.count).fill(0)] : undefined,
    info: { sigma, lambda, centers: grid.count },
  });
}

export interface OrthogonalModesOptions {
  /** Mode scales γₖ > 0: the true distribution is X = γₖ eₖ with probability 1/K (K = scales.length). */
  scales: number[];
  /** The generator's starting neurons wᵢ ∈ ℝᴷ (rows); it outputs wᵢ with probability 1/m_G. */
  generator: number[][];
  /** The discriminator's starting neurons vⱼ ∈ ℝᴷ (rows). */
  discriminator: number[][];
  /** λ of the discriminator's penalty (λ/4) Σⱼ ‖vⱼ‖⁴ (default 1). */
  lambda?: number;
}

/** An orthogonalModes game: which modes a point z covers. */
export interface OrthogonalModesGame extends Game {
  readonly scales: readonly number[];
  /**
   * The modes (indices k) that some generator neuron covers at z: cos(wᵢ, eₖ) ≥ `cos` and
   * ‖wᵢ‖ ≥ `norm`·γₖ (defaults 0.9 and 0.5).
   */
  coverage(z: ArrayLike<number>, options?: { cos?: number; norm?: number }): number[];
}

/**
 * A synthetic multi-mode GAN in the spirit of Jelassi, Dobre, Mensch, Li & Gidel 2022
 * ("Dissecting adaptive methods in GANs", §4): K orthogonal modes X = γₖ eₖ of unequal
 * scales, a generator that outputs one of its neurons wᵢ uniformly (x = the wᵢ), and a
 * discriminator with cubic activations D(X) = Σⱼ ⟨vⱼ, X⟩³ (y = the vⱼ), WGAN losses:
 *   L = E_real D − E_fake D,   lossX = −E_fake D,   lossY = −L + (λ/4) Σⱼ ‖vⱼ‖⁴.
 * Every assignment of the wᵢ to distinct modes (m_G = K) with v = 0 is an equilibrium.
 * The cubic makes the growth of a neuron's correlation c with a mode ċ ∝ c²: small
 * gradients stay small for a long time under plain GDA, which normalized steps escape.
 */
export function orthogonalModes(options: OrthogonalModesOptions): OrthogonalModesGame {
  const fn = 'orthogonalModes';
  checkGameOptions(fn, ORTHOGONAL_MODES_OPTIONS, options);
  const scales = checkNumbers(fn, 'scales', options.scales);
  if (scales.length === 0) throw new SaddleArgumentError(fn, 'options.scales', 'at least one mode scale', options.scales);
  scales.forEach((s, k) => checkFinite(fn, `scales[${k}]`, s, Number.MIN_VALUE));
  const K = scales.length;
  const neurons = (name: 'generator' | 'discriminator') => {
    const rows = options[name];
    if (!Array.isArray(rows) || rows.length === 0) throw new SaddleArgumentError(fn, name, `a non-empty array of neurons, each ${K} numbers`, rows);
    return rows.flatMap((row, i) => checkNumbers(fn, `${name}[${i}]`, row, K));
  };
  const w0 = neurons('generator'), v0 = neurons('discriminator');
  const mG = w0.length / K, mD = v0.length / K;
  const lambda = checkFinite(fn, 'options.lambda', options.lambda ?? 1, 0);
  const g = new Graph();
  const W = param(g, [mG, K], { kind: 'values', values: w0 }, 'generator');
  const V = param(g, [mD, K], { kind: 'values', values: v0 }, 'discriminator');
  const modes = constant(g, scales.flatMap((s, k) => scales.map((_, c) => (c === k ? s : 0))), [K, K]);
  // Σ over points of D(point) = Σ over points and neurons of ⟨vⱼ, point⟩³
  const sumD = (points: Node) => { const t = matmul(points, V, { transB: true }); return sum(mul(square(t), t)); };
  const fakeMean = mul(sumD(W), 1 / mG);
  const L = sub(mul(sumD(modes), 1 / K), fakeMean);
  const lossY = add(neg(L), mul(sum(square(sumSquares(V, 1))), lambda / 4));
  const base = makeGame({
    name: 'orthogonalModes', graph: g, x: [W], y: [V], lossX: neg(fakeMean), lossY,
    info: { modes: K, generatorNeurons: mG, discriminatorNeurons: mD, lambda },
  });
  const coverage = (z: ArrayLike<number>, o: { cos?: number; norm?: number } = {}) => {
    if (!z || z.length !== base.start.length) throw new SaddleArgumentError(`${fn}.coverage`, 'z', `${base.start.length} numbers`, z);
    const minCos = o.cos ?? 0.9, minNorm = o.norm ?? 0.5;
    const covered = new Set<number>();
    for (let i = 0; i < mG; i++) {
      const row = Array.from({ length: K }, (_, c) => z[i * K + c]);
      const n = Math.hypot(...row);
      if (!(n > 0)) continue;
      row.forEach((v, k) => { if (v / n >= minCos && n >= minNorm * scales[k]) covered.add(k); });
    }
    return [...covered].sort((a, b) => a - b);
  };
  return Object.freeze({ ...base, scales: Object.freeze([...scales]), coverage });
}
