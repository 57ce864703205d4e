// Entropic optimal transport between weighted point clouds: Sinkhorn values, potentials,
// plans and gradients, the debiased Sinkhorn divergence, the unbalanced variant and
// batches of small problems. Each call is one WASM call (assembly/solvers/sinkhorn.ts);
// this file validates, copies inputs into f64 scratch, and reads results back.

import type { TSchema } from '@sinclair/typebox';
import { Described, SaddleArgumentError, SaddleMemoryError } from '../errors.js';
import type { SaddleExports } from '../wasm/exports.js';
import type { Saddle } from '../wasm/instance.js';
import { validate } from '../schema/validate.js';
import { MAX_EPS, MIN_EPS, metricOptions, sinkhornBatchOptionsSchema, sinkhornOptionsSchema, sinkhornProperties } from './schemas.js';

/**
 * Ground cost c(x, y): 'sqeuclidean' ‖x−y‖² (the default, as POT's ot.dist),
 * 'half_sqeuclidean' ½‖x−y‖² (GeomLoss with p = 2), 'euclidean' ‖x−y‖.
 */
export type SinkhornCost = 'sqeuclidean' | 'half_sqeuclidean' | 'euclidean';

/** A point cloud: an array of rows (each of length d), or a flat row-major array with `dim`. */
export type PointCloud = ArrayLike<ArrayLike<number>> | ArrayLike<number>;

/** The range of ε accepted: beyond it C/ε or ε·Σ P log P overflows f64 for costs of ordinary size. */
export { MIN_EPS, MAX_EPS };

/** ε for a Sinkhorn solve (function or graph op): a number in [MIN_EPS, MAX_EPS]; errors name `argument`. */
export function checkEps(fn: string, eps: unknown, argument = 'eps'): number {
  validate(fn, argument, sinkhornProperties.eps, eps);
  return eps as number;
}

/**
 * The largest f64 ground cost a solve accepts: C, C/ε and ε·C/ε must stay finite with room
 * for the sums over a plan, so max C <= MAX_COST and max C/ε <= MAX_COST.
 */
export const MAX_COST = 1e300;

export interface SinkhornOptions {
  /** Entropic regularization ε in [MIN_EPS, MAX_EPS] = [1e-200, 1e200], in the units of the cost (POT's `reg`, GeomLoss's blur^p). */
  eps: number;
  /** Default 'sqeuclidean'. */
  cost?: SinkhornCost;
  /** Point dimension; required when x and y are flat arrays. */
  dim?: number;
  /** Weights of x (length n); default uniform 1/n. */
  a?: ArrayLike<number>;
  /** Weights of y (length m); default uniform 1/m. */
  b?: ArrayLike<number>;
  /**
   * Balanced OT needs Σa = Σb = 1 (checked to 1e-6 relative, then rescaled exactly).
   * With normalize: true, a and b are divided by their sums instead. Default false.
   */
  normalize?: boolean;
  /** ε-scaling factor s in (0, 1]: ε_k = max(ε, s^k · max C); 1 disables annealing (as does max C/ε <= 100 for the cross problem in the kernel domain, docs/sinkhorn.md). Default 0.5. */
  scaling?: number;
  /** Stop when Σ_i a_i |exp((f_i − f̃_i)/ε) − 1| (= ‖P1 − a‖₁ when balanced) <= tol. Default 1e-6. */
  tol?: number;
  /** Cap on iterations, ε-scaling stages included. Default 1000. */
  maxIterations?: number;
  /** Reach ρ > 0 of the unbalanced KL marginal penalty ρ·KL; Infinity (default) for balanced OT. */
  rho?: number;
  /**
   * Over-relaxation ω of the iterations at the target ε: f ← f + ω(f̃ − f) (Thibault et al.
   * 2017). 'auto' (default) runs plain steps until the convergence rate q settles, then uses
   * ω = 2/(1 + √(1 − q)) (falling back to 1 if the error grows); 1 is plain Sinkhorn. Same
   * fixed point either way.
   */
  overRelaxation?: number | 'auto';
  /**
   * Where the cross problem's updates run. 'auto' (default): in the kernel domain, u = 1/(K(b∘v)),
   * v = 1/(Kᵀ(a∘u)), as matrix-vector products on K = exp((f̂ ⊕ ĝ − C)/ε), with large scalings
   * absorbed into the potentials f̂, ĝ (Schmitzer 2019, Algorithm 2), and each update that
   * would under- or overflow done in the log domain; for ε >= max C, the centred log domain.
   * 'log': every update as a log-domain softmin (the reference path). Same fixed point.
   */
  domain?: 'auto' | 'log';
  /** Return the plan P (n×m row-major). Default false. */
  plan?: boolean;
  /** Return gradients of the dual value (positions and weights). Default false. */
  gradient?: boolean;
  /** Called with a message when the solver stops at the cap; default console.warn; false for silence. */
  onWarning?: ((message: string) => void) | false;
}

export interface SinkhornGradient {
  /** ∂OT_ε/∂x (n×d row-major) = Σ_j P_ij ∇_x c(x_i, y_j). */
  x: Float64Array;
  /** ∂OT_ε/∂y (m×d row-major). */
  y: Float64Array;
  /** ∂OT_ε/∂a = f (balanced only; meaningful along Σ δa = 0, i.e. up to a constant). */
  a?: Float64Array;
  /** ∂OT_ε/∂b = g (balanced only; up to a constant). */
  b?: Float64Array;
}

export interface SinkhornResult {
  /** Transport cost ⟨P, C⟩: what POT's ot.sinkhorn2 returns. */
  cost: number;
  /** POT's regularized objective ⟨P, C⟩ + ε Σ P log P (Ω(γ) = Σ γ log γ in POT's docs). */
  objective: number;
  /** ⟨P, C⟩ + ε Σ P (log P − 1) = objective − ε·ΣP (the other common entropy convention). */
  objectiveMinusMass: number;
  /**
   * OT_ε: balanced, the dual value ⟨a, f⟩ + ⟨b, g⟩ = ⟨P, C⟩ + ε KL(P | a⊗b) at convergence
   * (GeomLoss's convention). Unbalanced: ρ⟨a, 1 − e^{−f/ρ}⟩ + ρ⟨b, 1 − e^{−g/ρ}⟩ − ε(ΣP − Σa·Σb).
   */
  dual: number;
  /**
   * The primal value of the same problem: ⟨P, C⟩ + ε KL(P | a⊗b), plus ρ KL(P1 | a) + ρ KL(Pᵀ1 | b)
   * when unbalanced (KL(p|q) = Σ p log(p/q) − p + q). Equals `dual` at convergence.
   */
  primal: number;
  /** Dual potentials f (n) and g (m), defined up to f + c, g − c (balanced). */
  f: Float64Array;
  g: Float64Array;
  /** P_ij = a_i b_j exp((f_i + g_j − C_ij)/ε), n×m row-major, when options.plan. */
  plan?: Float64Array;
  gradient?: SinkhornGradient;
  /** Iterations done, ε-scaling stages included. */
  iterations: number;
  /** Whether the stopping test held before the cap (stopError <= stopThreshold after a full update) and, balanced, the returned plan has marginalError <= 2·stopThreshold (not so where ε is too small for f64 potentials to resolve the plan). */
  converged: boolean;
  /** The stopping test's last error Σ_i a_i |exp((f_i − f̃_i)/ε) − 1| (≈ ‖P1 − a‖₁). */
  stopError: number;
  /** What stopError is compared to: tol · min(1, max C/ε) (docs/metrics.md, the stopping rule). */
  stopThreshold: number;
  /** ‖P1 − a‖₁ + ‖Pᵀ1 − b‖₁ of the returned plan. */
  marginalError: number;
  /** Total mass Σ P. */
  mass: number;
  /** The ε used, and the first ε of the schedule (max C when annealing). */
  eps: number;
  eps0: number;
  /** Potential updates done in the kernel domain (0 with domain: 'log'), and the kernels formed for them (one per ε, one per absorption). */
  kernelUpdates: number;
  kernelForms: number;
  /** Entries of kernel-domain updates that would under- or overflow and were computed in the log domain instead. */
  kernelFallbacks: number;
}

/** A self term OT_ε(a, a) of the divergence. */
export interface SelfTerm { dual: number; f: Float64Array; iterations: number; converged: boolean; marginalError: number; stopError: number; stopThreshold: number }

export interface SinkhornDivergenceResult {
  /** S_ε = OT_ε(a, b) − ½OT_ε(a, a) − ½OT_ε(b, b) (+ ε/2 (Σa − Σb)² when unbalanced). */
  divergence: number;
  /** The three terms: cross, self a, self b (each a SinkhornResult without plan). */
  cross: SinkhornResult;
  selfA: SelfTerm;
  selfB: SelfTerm;
  /** ∂S_ε/∂x, ∂S_ε/∂y, and (balanced) ∂S_ε/∂a = f_ab − f_aa, ∂S_ε/∂b = g_ab − g_bb. */
  gradient?: SinkhornGradient;
  converged: boolean;
  iterations: number;
}

// stats slots (assembly/solvers/sinkhorn.ts ST_*)
const S = {
  iterations: 0, converged: 1, loopError: 2, cost: 3, plogp: 4, mass: 5, rowError: 6, colError: 7,
  af: 8, bg: 9, plogPab: 10, klRow: 11, klCol: 12, unbDual: 13, eps0: 14, cmax: 15, kernelUpdates: 16, kernelForms: 17, kernelFallbacks: 18,
} as const;
const SLOTS = 19;

const COSTS: Record<SinkhornCost, number> = { sqeuclidean: 0, half_sqeuclidean: 1, euclidean: 2 };

interface Prepared {
  kind: number; eps: number; scaling: number; tol: number; maxIter: number; rho: number; omega: number; domain: number;
  plan: boolean; gradient: boolean; warn: ((message: string) => void) | false;
}

function prepareOptions(fn: string, options: SinkhornOptions, schema: TSchema = sinkhornOptionsSchema): Prepared {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new SaddleArgumentError(fn, 'options', 'an object { eps, cost?, a?, b?, ... }', options);
  }
  const o = metricOptions<Required<SinkhornOptions>>(fn, schema, options);
  const warn = options.onWarning === undefined ? (m: string) => console.warn(m) : options.onWarning;
  if (warn !== false && typeof warn !== 'function') {
    throw new SaddleArgumentError(fn, 'options.onWarning', 'a function or false', warn);
  }
  return {
    kind: COSTS[o.cost], eps: o.eps, scaling: o.scaling, tol: o.tol, maxIter: o.maxIterations, rho: o.rho,
    omega: o.overRelaxation === 'auto' ? 0 : o.overRelaxation, domain: o.domain === 'log' ? 1 : 0, plan: o.plan ?? false, gradient: o.gradient ?? false, warn,
  };
}

/** Flattens a point cloud to row-major f64 and checks every coordinate is finite. */
function flattenPoints(fn: string, name: string, value: unknown, dim: number | undefined): { data: Float64Array; rows: number; d: number } {
  if (value === null || typeof value !== 'object' || typeof (value as ArrayLike<unknown>).length !== 'number') {
    throw new SaddleArgumentError(fn, name, 'an array of points (rows) or a flat array with options.dim', value);
  }
  const arr = value as ArrayLike<unknown>;
  let data: Float64Array, rows: number, d: number;
  if (arr.length > 0 && typeof arr[0] === 'object' && arr[0] !== null) {
    rows = arr.length;
    d = (arr[0] as ArrayLike<number>).length;
    if (dim !== undefined && dim !== d) {
      throw new SaddleArgumentError(fn, name, `points of dimension ${dim} (options.dim)`, new Described(`points of dimension ${d}`));
    }
    data = new Float64Array(rows * d);
    for (let i = 0; i < rows; i++) {
      const row = arr[i] as ArrayLike<number>;
      if (row === null || typeof row !== 'object' || row.length !== d) {
        throw new SaddleArgumentError(fn, name, `rows of equal length ${d}`, new Described(`row ${i} of length ${row?.length}`));
      }
      checkCoordinates(fn, name, row, i * d, d);
      data.set(row, i * d);
    }
  } else {
    if (dim === undefined) {
      if (arr.length === 0) throw new SaddleArgumentError(fn, name, 'a non-empty point cloud', new Described('an empty array'));
      throw new SaddleArgumentError(fn, 'options.dim', 'the point dimension (required for flat arrays)', dim);
    }
    d = dim;
    if (arr.length % d !== 0) {
      throw new SaddleArgumentError(fn, name, `a flat array whose length is a multiple of dim = ${d}`, new Described(`length ${arr.length}`));
    }
    rows = arr.length / d;
    checkCoordinates(fn, name, arr, 0, d);
    data = Float64Array.from(arr as ArrayLike<number>);
  }
  if (rows === 0) throw new SaddleArgumentError(fn, name, 'a non-empty point cloud', new Described('no points'));
  if (d === 0) throw new SaddleArgumentError(fn, name, 'points of dimension >= 1', new Described('dimension 0'));
  return { data, rows, d };
}

/** Every value a finite number (null or a string would read as 0 or NaN in the f64 copy); `at`: flat index of values[0]. */
function checkCoordinates(fn: string, name: string, values: ArrayLike<unknown>, at: number, d: number): void {
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      const shown = typeof v === 'number' ? String(v) : v === null ? 'null' : typeof v;
      throw new SaddleArgumentError(fn, name, 'finite numbers as coordinates', new Described(`${shown} at point ${Math.floor((at + k) / d)}, coordinate ${(at + k) % d}`));
    }
  }
}

/**
 * Refuses clouds whose ground cost can overflow f64: the bound Σ_k (max_k − min_k)² over the
 * pooled coordinates (>= every ‖x_i − y_j‖²) must stay <= MAX_COST, and so must (that
 * cost)/ε. Names the cloud holding the coordinate of largest magnitude.
 */
function checkCostRange(fn: string, kind: number, X: Float64Array, Y: Float64Array, d: number, eps: number): void {
  let spread2 = 0, xBig = 0, yBig = 0;
  for (let k = 0; k < d; k++) {
    let lo = Infinity, hi = -Infinity;
    for (let i = k; i < X.length; i += d) { lo = Math.min(lo, X[i]); hi = Math.max(hi, X[i]); xBig = Math.max(xBig, Math.abs(X[i])); }
    for (let j = k; j < Y.length; j += d) { lo = Math.min(lo, Y[j]); hi = Math.max(hi, Y[j]); yBig = Math.max(yBig, Math.abs(Y[j])); }
    spread2 += (hi - lo) * (hi - lo);
  }
  const bound = kind === COSTS.euclidean ? Math.sqrt(spread2) : kind === COSTS.half_sqeuclidean ? 0.5 * spread2 : spread2;
  // the squared distance is formed first for every cost, so spread2 itself must be finite
  if (!(spread2 <= MAX_COST) || !(bound / eps <= MAX_COST)) {
    const name = xBig >= yBig ? 'x' : 'y';
    throw new SaddleArgumentError(fn, name,
      `coordinates whose ground cost stays finite in f64: Σ_k (max_k − min_k)² over x and y <= ${MAX_COST} and max C/ε <= ${MAX_COST}`,
      new Described(`Σ_k (max_k − min_k)² = ${spread2.toExponential(3)} (largest |coordinate| ${Math.max(xBig, yBig).toExponential(3)}), max C/ε up to ${(bound / eps).toExponential(3)}`));
  }
}

/** Weights: finite, >= 0, positive sum; uniform when absent. Returns the weights and their sum. */
function checkWeights(fn: string, name: string, value: ArrayLike<number> | undefined, count: number): { w: Float64Array; sum: number } {
  if (value === undefined) return { w: new Float64Array(count).fill(1 / count), sum: 1 };
  if (value === null || typeof value !== 'object' || typeof value.length !== 'number') {
    throw new SaddleArgumentError(fn, name, `an array of ${count} weights`, value);
  }
  if (value.length !== count) {
    throw new SaddleArgumentError(fn, name, `${count} weights (one per point)`, new Described(`length ${value.length}`));
  }
  const w = Float64Array.from(value);
  let sum = 0;
  for (let i = 0; i < count; i++) {
    if (!Number.isFinite(w[i]) || w[i] < 0) {
      throw new SaddleArgumentError(fn, name, 'finite non-negative weights', new Described(`${w[i]} at index ${i}`));
    }
    sum += w[i];
  }
  if (!(sum > 0)) throw new SaddleArgumentError(fn, name, 'weights with a positive sum', new Described('sum 0'));
  return { w, sum };
}

/** Balanced problems: Σ = 1 to 1e-6 (rescaled exactly) unless normalize. */
function balanceWeights(fn: string, name: string, w: Float64Array, sum: number, normalize: boolean, balanced: boolean): number {
  if (!balanced) return sum;
  if (!normalize && Math.abs(sum - 1) > 1e-6) {
    throw new SaddleArgumentError(fn, name, 'weights summing to 1 for balanced OT (or options.normalize: true, or a finite rho)',
      new Described(`sum ${sum}`));
  }
  for (let i = 0; i < w.length; i++) w[i] /= sum;
  return 1;
}

interface Problem {
  x: Float64Array; y: Float64Array; n: number; m: number; d: number;
  a: Float64Array; b: Float64Array; massA: number; massB: number;
}

function prepareProblem(fn: string, x: PointCloud, y: PointCloud, options: SinkhornOptions, p: Prepared): Problem {
  const dim = options.dim;
  const X = flattenPoints(fn, 'x', x, dim);
  const Y = flattenPoints(fn, 'y', y, dim ?? X.d);
  if (X.d !== Y.d) {
    throw new SaddleArgumentError(fn, 'y', `points of the same dimension as x (${X.d})`, new Described(`dimension ${Y.d}`));
  }
  const A = checkWeights(fn, 'options.a', options.a, X.rows);
  const B = checkWeights(fn, 'options.b', options.b, Y.rows);
  const balanced = p.rho === Infinity;
  const normalize = options.normalize ?? false;
  const massA = balanceWeights(fn, 'options.a', A.w, A.sum, normalize, balanced);
  const massB = balanceWeights(fn, 'options.b', B.w, B.sum, normalize, balanced);
  checkCostRange(fn, p.kind, X.data, Y.data, X.d, p.eps);
  return { x: X.data, y: Y.data, n: X.rows, m: Y.rows, d: X.d, a: A.w, b: B.w, massA, massB };
}

/** Allocates f64 blocks in WASM memory, runs `body`, frees everything (also on throw). */
function withBlocks<T>(sd: Saddle, sizes: number[], body: (ptrs: number[]) => T): T {
  const ptrs: number[] = [];
  try {
    for (const s of sizes) ptrs.push(s > 0 ? sd.alloc(s, 64) : 0);
    return body(ptrs);
  } finally {
    for (const p of ptrs) if (p !== 0) sd.free(p);
  }
}

function exportsOf(sd: Saddle): SaddleExports { return sd.exports; }

/** Scratch bytes for (n, m): C and Cᵀ (or the self matrices) in f64, checked before it can wrap in 32 bits. */
function scratchBytes(fn: string, sd: Saddle, n: number, m: number): number {
  const estimate = 8 * (Math.max(2 * n * m, n * n, m * m) + 8 * Math.max(n, m) + 8);
  if (estimate > 0x7fff0000) {
    throw new SaddleMemoryError(`${fn}: n = ${n}, m = ${m} needs ${(estimate / 2 ** 30).toFixed(1)} GiB of cost matrices (f64 C and Cᵀ); ` +
      'the limit is 2 GiB per block: subsample, or split into a batch of smaller problems');
  }
  return exportsOf(sd).sinkhorn_scratch_bytes(n, m) >>> 0;
}

/** The stopping test's threshold, as assembly/solvers/sinkhorn.ts forms it. */
function stopThreshold(tol: number, eps: number, cmax: number): number {
  return cmax > 0 && eps > cmax ? tol * (cmax / eps) : tol;
}

function readResult(sd: Saddle, stats: number, fPtr: number, gPtr: number, n: number, m: number, eps: number, rho: number,
  massA: number, massB: number, tol: number): SinkhornResult {
  const s = sd.viewF64(stats, SLOTS).slice();
  const mass = s[S.mass];
  const unbalanced = rho !== Infinity;
  const klPlan = s[S.plogPab] - mass + massA * massB;
  return {
    cost: s[S.cost],
    objective: s[S.cost] + eps * s[S.plogp],
    objectiveMinusMass: s[S.cost] + eps * (s[S.plogp] - mass),
    dual: unbalanced ? s[S.unbDual] - eps * (mass - massA * massB) : s[S.af] + s[S.bg],
    primal: s[S.cost] + eps * klPlan + (unbalanced ? rho * (s[S.klRow] + s[S.klCol]) : 0),
    f: sd.viewF64(fPtr, n).slice(),
    g: sd.viewF64(gPtr, m).slice(),
    iterations: s[S.iterations],
    converged: s[S.converged] === 1,
    stopError: s[S.loopError],
    stopThreshold: stopThreshold(tol, eps, s[S.cmax]),
    marginalError: s[S.rowError] + s[S.colError],
    mass,
    eps,
    eps0: s[S.eps0],
    kernelUpdates: s[S.kernelUpdates],
    kernelForms: s[S.kernelForms],
    kernelFallbacks: s[S.kernelFallbacks],
  };
}

/** A solve that stopped at the cap: which, after how many iterations, with the error and threshold its test used. */
interface Unconverged { term: string; iterations: number; stopError: number; stopThreshold: number; marginalError?: number }

function warnIfNotConverged(p: Prepared, fn: string, terms: Unconverged[], prefix = ''): void {
  if (!terms.length || !p.warn) return;
  // stopError within the threshold but not converged: the returned plan failed the final check
  // (balanced: ‖P1 − a‖₁ + ‖Pᵀ1 − b‖₁ <= 2·threshold), which happens where f64 cannot resolve
  // the plan at this ε (potentials a fixed point bit for bit, n ≠ m, ε ≪ max C·2⁻⁵²)
  const parts = terms.map((t) => t.stopError <= t.stopThreshold && t.marginalError !== undefined
    ? `${t.term}not converged: the potentials are a fixed point (stopping error ${t.stopError.toExponential(3)}) but the plan's marginal error is ` +
      `${t.marginalError.toExponential(3)} > 2·threshold ${(2 * t.stopThreshold).toExponential(3)}: ε is too small for f64 potentials to resolve the plan (raise eps)`
    : `${t.term}not converged after ${t.iterations} iterations (stopping error ${t.stopError.toExponential(3)} > ` +
    `threshold ${t.stopThreshold.toExponential(3)} = tol·min(1, max C/ε), tol ${p.tol})`);
  p.warn(`${fn}: ${prefix}${parts.join('; ')}; raise maxIterations or eps, or lower scaling`);
}

/**
 * Entropic optimal transport between weighted point clouds x (n×d, weights a) and
 * y (m×d, weights b), solved in the log domain with ε-scaling:
 *
 *   OT_ε(a, b) = min_{P ≥ 0, P1 = a, Pᵀ1 = b} ⟨P, C⟩ + ε KL(P | a⊗b),   C_ij = c(x_i, y_j)
 *   P_ij = a_i b_j exp((f_i + g_j − C_ij)/ε),
 *   f_i = −ε log Σ_j b_j exp((g_j − C_ij)/ε),  g_j = −ε log Σ_i a_i exp((f_i − C_ij)/ε).
 *
 * The plan is the same as POT's (which minimizes ⟨P, C⟩ + ε Σ P log P; the two objectives
 * differ by the constant ε(⟨a, log a⟩ + ⟨b, log b⟩)). Returned values, by name:
 * `cost` = ⟨P, C⟩ (= POT ot.sinkhorn2), `objective` = ⟨P, C⟩ + ε Σ P log P (POT's stated
 * objective), `objectiveMinusMass` = ⟨P, C⟩ + ε Σ P (log P − 1), `dual` = ⟨a, f⟩ + ⟨b, g⟩
 * (= OT_ε, GeomLoss's value), `primal` (= dual at convergence), the potentials, the plan.
 *
 * Unbalanced (finite `rho`, Séjourné et al. 2019): the marginal constraints become
 * ρ KL(P1 | a) + ρ KL(Pᵀ1 | b), and each update is damped by ρ/(ρ + ε).
 *
 * Gradients (`gradient: true`) come from the potentials (envelope theorem):
 * ∂OT_ε/∂x_i = Σ_j P_ij ∇_x c(x_i, y_j), ∂OT_ε/∂a = f (balanced; defined up to a constant
 * since Σa is fixed). They are first-order only.
 *
 * Throws SaddleArgumentError naming the argument for empty clouds, non-finite coordinates,
 * dimension mismatch, negative/non-finite weights, weights not summing to 1 (balanced,
 * unless normalize), eps <= 0 and bad options.
 * See: Cuturi 2013 (Sinkhorn distances), Schmitzer 2019 (ε-scaling), Feydy et al. 2019.
 *
 * @example
 * const sd = await loadSaddle();
 * const r = metrics.sinkhorn(sd, [[0, 0], [1, 0]], [[0, 1], [1, 1]], { eps: 0.01 });
 * r.cost;      // 0.9999999999999981 (each point moves by 1; ‖·‖² = 1)
 * r.dual;      // 1.0069314718055995
 * r.converged; // true
 */
/** Copies a prepared problem's points and weights into WASM and zeroes the gradient outputs (0: none). */
function writeProblem(sd: Saddle, pr: Problem, xp: number, yp: number, ap: number, bp: number, gxp: number, gyp: number): void {
  sd.viewF64(xp, pr.x.length).set(pr.x);
  sd.viewF64(yp, pr.y.length).set(pr.y);
  sd.viewF64(ap, pr.a.length).set(pr.a);
  sd.viewF64(bp, pr.b.length).set(pr.b);
  if (gxp) sd.viewF64(gxp, pr.x.length).fill(0);
  if (gyp) sd.viewF64(gyp, pr.y.length).fill(0);
}

export function sinkhorn(sd: Saddle, x: PointCloud, y: PointCloud, options: SinkhornOptions): SinkhornResult {
  const fn = 'sinkhorn';
  const p = prepareOptions(fn, options);
  const pr = prepareProblem(fn, x, y, options, p);
  const { n, m, d } = pr;
  const ex = exportsOf(sd);
  const grad = p.gradient;
  const result = withBlocks(sd, [
    pr.x.length * 8, pr.y.length * 8, n * 8, m * 8, scratchBytes(fn, sd, n, m), n * 8, m * 8,
    p.plan ? n * m * 8 : 0, grad ? n * d * 8 : 0, grad ? m * d * 8 : 0, SLOTS * 8,
  ], ([xp, yp, ap, bp, scratch, fp, gp, planp, gxp, gyp, stats]) => {
    writeProblem(sd, pr, xp, yp, ap, bp, grad ? gxp : 0, grad ? gyp : 0);
    ex.sinkhorn_f64(p.kind, xp, yp, n, m, d, ap, bp, p.eps, p.scaling, p.tol, p.maxIter, p.rho, p.omega, p.domain,
      scratch, fp, gp, planp, gxp, gyp, 1, stats);
    const r = readResult(sd, stats, fp, gp, n, m, p.eps, p.rho, pr.massA, pr.massB, p.tol);
    if (p.plan) r.plan = sd.viewF64(planp, n * m).slice();
    if (grad) {
      r.gradient = { x: sd.viewF64(gxp, n * d).slice(), y: sd.viewF64(gyp, m * d).slice() };
      if (p.rho === Infinity) { r.gradient.a = r.f.slice(); r.gradient.b = r.g.slice(); }
    }
    return r;
  });
  if (!result.converged) warnIfNotConverged(p, fn, [{ term: '', ...result }]);
  return result;
}

/**
 * Debiased Sinkhorn divergence (Feydy et al. 2019, "Interpolating between optimal
 * transport and MMD using Sinkhorn divergences", AISTATS):
 *
 *   S_ε(a, b) = OT_ε(a, b) − ½ OT_ε(a, a) − ½ OT_ε(b, b)
 *             = ⟨a, f_ab − f_aa⟩ + ⟨b, g_ab − g_bb⟩            (balanced)
 *
 * with OT_ε the dual value of sinkhorn() and the self terms solved with the averaged update
 * f ← ½(f + softmin(f)). S_ε ≥ 0, S_ε(a, a) = 0. Unbalanced (finite rho): each OT_ε is the
 * unbalanced dual and ε/2 (Σa − Σb)² is added (Séjourné et al. 2019, Def. 6).
 * Gradient: ∂S/∂x_i = Σ_j P^{ab}_ij ∇c(x_i, y_j) − Σ_k P^{aa}_ik ∇c(x_i, x_k), and
 * ∂S/∂a = f_ab − f_aa (balanced, up to a constant). First-order only.
 *
 * @example
 * const sd = await loadSaddle();
 * metrics.sinkhornDivergence(sd, [[0], [1]], [[0], [1]], { eps: 0.1 }).divergence; // ≈ 0 (-1.4e-17)
 */
export function sinkhornDivergence(sd: Saddle, x: PointCloud, y: PointCloud, options: SinkhornOptions): SinkhornDivergenceResult {
  const fn = 'sinkhornDivergence';
  const p = prepareOptions(fn, options);
  if (p.plan) throw new SaddleArgumentError(fn, 'options.plan', 'false (use sinkhorn() for the plan)', true);
  const pr = prepareProblem(fn, x, y, options, p);
  const { n, m, d } = pr;
  const ex = exportsOf(sd);
  const grad = p.gradient;
  const out = withBlocks(sd, [
    pr.x.length * 8, pr.y.length * 8, n * 8, m * 8, scratchBytes(fn, sd, n, m), n * 8, m * 8, n * 8, m * 8,
    grad ? n * d * 8 : 0, grad ? m * d * 8 : 0, 3 * SLOTS * 8,
  ], ([xp, yp, ap, bp, scratch, fp, gp, faa, gbb, gxp, gyp, stats]) => {
    writeProblem(sd, pr, xp, yp, ap, bp, grad ? gxp : 0, grad ? gyp : 0);
    ex.sinkhorn_f64(p.kind, xp, yp, n, m, d, ap, bp, p.eps, p.scaling, p.tol, p.maxIter, p.rho, p.omega, p.domain,
      scratch, fp, gp, 0, gxp, gyp, 1, stats);
    // ½OT(a,a): its x-gradient is ½·2Σ_k P_ik ∇c = Σ_k P_ik ∇c, so scale −½
    ex.sinkhorn_self_f64(p.kind, xp, n, d, ap, p.eps, p.scaling, p.tol, p.maxIter, p.rho, scratch, faa, gxp, -0.5, stats + SLOTS * 8);
    ex.sinkhorn_self_f64(p.kind, yp, m, d, bp, p.eps, p.scaling, p.tol, p.maxIter, p.rho, scratch, gbb, gyp, -0.5, stats + 2 * SLOTS * 8);
    const cross = readResult(sd, stats, fp, gp, n, m, p.eps, p.rho, pr.massA, pr.massB, p.tol);
    const selfOf = (k: number, fptr: number, len: number, mass: number) => {
      const r = readResult(sd, stats + k * SLOTS * 8, fptr, fptr, len, len, p.eps, p.rho, mass, mass, p.tol);
      return { dual: r.dual, f: r.f, iterations: r.iterations, converged: r.converged, marginalError: r.marginalError, stopError: r.stopError, stopThreshold: r.stopThreshold };
    };
    const selfA = selfOf(1, faa, n, pr.massA);
    const selfB = selfOf(2, gbb, m, pr.massB);
    let divergence = cross.dual - 0.5 * selfA.dual - 0.5 * selfB.dual;
    if (p.rho !== Infinity) divergence += 0.5 * p.eps * (pr.massA - pr.massB) ** 2;
    const res: SinkhornDivergenceResult = {
      divergence, cross, selfA, selfB,
      converged: cross.converged && selfA.converged && selfB.converged,
      iterations: cross.iterations + selfA.iterations + selfB.iterations,
    };
    if (grad) {
      res.gradient = { x: sd.viewF64(gxp, n * d).slice(), y: sd.viewF64(gyp, m * d).slice() };
      if (p.rho === Infinity) {
        res.gradient.a = cross.f.map((v, i) => v - selfA.f[i]);
        res.gradient.b = cross.g.map((v, j) => v - selfB.f[j]);
      }
    }
    return res;
  });
  warnIfNotConverged(p, fn, ([['the cross term OT_ε(a, b) ', out.cross], ['the self term OT_ε(a, a) ', out.selfA], ['the self term OT_ε(b, b) ', out.selfB]] as const)
    .filter(([, t]) => !t.converged).map(([term, t]) => ({ term, ...t })));
  return out;
}

export interface SinkhornBatchOptions extends Omit<SinkhornOptions, 'a' | 'b' | 'plan' | 'gradient' | 'dim'> {
  /** Problems, and points per problem in x and in y, and the dimension: x is B×n×d flat, y B×m×d. */
  batch: number; n: number; m: number; dim: number;
  /** Weights B×n and B×m flat (each problem's row sums to 1); default uniform. */
  a?: ArrayLike<number>;
  b?: ArrayLike<number>;
  /** Also solve the self terms and return the debiased divergence per problem. Default false. */
  debiased?: boolean;
}

export interface SinkhornBatchResult {
  /** Per problem: OT_ε dual value (or S_ε when debiased). */
  values: Float64Array;
  /** Per problem ⟨P, C⟩ of the cross plan. */
  costs: Float64Array;
  /** Cross potentials, B×n and B×m. */
  f: Float64Array;
  g: Float64Array;
  iterations: Float64Array;
  converged: boolean[];
}

/**
 * B independent problems of equal shapes in one WASM call: x (B×n×d) against y (B×m×d),
 * each as in sinkhorn() (values: dual OT_ε) or sinkhornDivergence() (values: S_ε, with
 * debiased: true). Scratch is reused across problems, so memory is that of one problem.
 *
 * @example
 * const sd = await loadSaddle();
 * const r = metrics.sinkhornBatch(sd, new Float64Array(2 * 3 * 2), new Float64Array(2 * 3 * 2),
 *   { batch: 2, n: 3, m: 3, dim: 2, eps: 0.1 });
 * r.values; // Float64Array [0, 0]
 */
export function sinkhornBatch(sd: Saddle, x: ArrayLike<number>, y: ArrayLike<number>, options: SinkhornBatchOptions): SinkhornBatchResult {
  const fn = 'sinkhornBatch';
  const p = prepareOptions(fn, options as SinkhornOptions, sinkhornBatchOptionsSchema);
  const B = options.batch, n = options.n, m = options.m, d = options.dim;
  const X = flattenPoints(fn, 'x', x, d), Y = flattenPoints(fn, 'y', y, d);
  if (X.rows !== B * n) throw new SaddleArgumentError(fn, 'x', `batch·n·dim = ${B * n * d} numbers`, new Described(`${X.rows * d}`));
  if (Y.rows !== B * m) throw new SaddleArgumentError(fn, 'y', `batch·m·dim = ${B * m * d} numbers`, new Described(`${Y.rows * d}`));
  checkCostRange(fn, p.kind, X.data, Y.data, d, p.eps);
  const normalize = options.normalize ?? false;
  const balanced = p.rho === Infinity;
  const weights = (name: string, v: ArrayLike<number> | undefined, k: number, sums: Float64Array): Float64Array => {
    const out = new Float64Array(B * k);
    sums.fill(1);
    if (v === undefined) return out.fill(1 / k);
    const { w } = checkWeights(fn, name, v, B * k);
    for (let t = 0; t < B; t++) {
      const part = w.subarray(t * k, (t + 1) * k);
      let sum = 0;
      for (let i = 0; i < k; i++) sum += part[i];
      if (!(sum > 0)) throw new SaddleArgumentError(fn, name, 'weights with a positive sum in every problem', new Described(`sum 0 in problem ${t}`));
      sums[t] = balanceWeights(fn, name, part, sum, normalize, balanced);
    }
    out.set(w);
    return out;
  };
  const massA = new Float64Array(B), massB = new Float64Array(B);
  const A = weights('options.a', options.a, n, massA), Bw = weights('options.b', options.b, m, massB);
  const debiased = options.debiased ?? false;
  const per = debiased ? 3 : 1;
  const ex = exportsOf(sd);
  const res = withBlocks(sd, [
    X.data.length * 8, Y.data.length * 8, B * n * 8, B * m * 8, scratchBytes(fn, sd, n, m),
    B * n * 8, B * m * 8, debiased ? B * n * 8 : 0, debiased ? B * m * 8 : 0, B * per * SLOTS * 8,
  ], ([xp, yp, ap, bp, scratch, fp, gp, fs, gs, stats]) => {
    sd.viewF64(xp, X.data.length).set(X.data);
    sd.viewF64(yp, Y.data.length).set(Y.data);
    sd.viewF64(ap, B * n).set(A);
    sd.viewF64(bp, B * m).set(Bw);
    ex.sinkhorn_batch_f64(p.kind, xp, yp, B, n, m, d, ap, bp, p.eps, p.scaling, p.tol, p.maxIter, p.rho, p.omega, p.domain, debiased ? 1 : 0,
      scratch, fp, gp, fs, gs, stats);
    const st = sd.viewF64(stats, B * per * SLOTS).slice();
    const values = new Float64Array(B), costs = new Float64Array(B), iterations = new Float64Array(B);
    const converged: boolean[] = [], unconverged: Unconverged[] = [];
    const terms = ['the cross term', 'the self term of x', 'the self term of y'];
    const dualOf = (o: number, ma: number, mb: number) => p.rho === Infinity
      ? st[o + S.af] + st[o + S.bg]
      : st[o + S.unbDual] - p.eps * (st[o + S.mass] - ma * mb);
    for (let t = 0; t < B; t++) {
      const o = t * per * SLOTS;
      costs[t] = st[o + S.cost];
      const ma = massA[t], mb = massB[t];
      let v = dualOf(o, ma, mb);
      let ok = st[o + S.converged] === 1;
      let it = st[o + S.iterations];
      if (debiased) {
        v = v - 0.5 * dualOf(o + SLOTS, ma, ma) - 0.5 * dualOf(o + 2 * SLOTS, mb, mb); // the order sinkhornDivergence uses
        if (p.rho !== Infinity) v += 0.5 * p.eps * (ma - mb) ** 2;
        ok = ok && st[o + SLOTS + S.converged] === 1 && st[o + 2 * SLOTS + S.converged] === 1;
        it += st[o + SLOTS + S.iterations] + st[o + 2 * SLOTS + S.iterations];
      }
      values[t] = v; iterations[t] = it; converged.push(ok);
      for (let k = 0; k < per; k++) {
        const q = o + k * SLOTS;
        if (st[q + S.converged] !== 1 && unconverged.length < 3) {
          unconverged.push({ term: `problem ${t}, ${terms[k]}: `, iterations: st[q + S.iterations], stopError: st[q + S.loopError], stopThreshold: stopThreshold(p.tol, p.eps, st[q + S.cmax]) });
        }
      }
    }
    const result = { values, costs, f: sd.viewF64(fp, B * n).slice(), g: sd.viewF64(gp, B * m).slice(), iterations, converged };
    return { result, unconverged };
  });
  const count = res.result.converged.filter((c) => !c).length;
  if (count) warnIfNotConverged(p, fn, res.unconverged, `${count} of ${res.result.converged.length} problems did not converge; first: `);
  return res.result;
}
