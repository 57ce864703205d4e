// Dynamics analysis: the joint vector field and its Jacobian by autodiff (evaluated in
// f64 by the graph's reference evaluator: these are small), eigenvalues by the WASM
// kernel (balancing + Hessenberg + Francis double-shift QR), spectral radii of the
// steppers' linearized updates, local-convergence verdicts, sweeps, grids, trajectories.

import { Integer as TInteger, Literal as TLiteral, Number as TNumber, Object as TObject, Optional, Union as TUnion } from '@sinclair/typebox';
import { Described, SaddleArgumentError, SaddleError, SaddleNumericError } from '../errors.js';
import { resolveOptions } from '../schema/options.js';
import { validate } from '../schema/validate.js';
import { numbers } from '../schema/values.js';
import { vjp, grad } from '../autodiff/grad.js';
import type { Node } from '../graph/node.js';
import { neg } from '../graph/ops/elementwise.js';
import { constant } from '../graph/ops/leaves.js';
import { concat, reshape } from '../graph/ops/structural.js';
import { evaluate } from '../graph/evaluate.js';
import { compile, type Program } from '../compile/program.js';
import type { Saddle } from '../wasm/instance.js';
import { ChunkedRunner, firstNonFinite } from '../runner.js';
import { dimensions, type Game } from './games.js';
import type { Stepper } from './steppers.js';

// ---- eigenvalues ----

export interface Eigenvalues {
  /** Real parts, sorted by (re, im) ascending. */
  re: Float64Array;
  im: Float64Array;
}

/**
 * Eigenvalues of a real n×n matrix (row-major), by the WASM kernel eigen_general_f64:
 * Parlett–Reinsch balancing, Householder reduction to Hessenberg form, Francis double-shift
 * QR (Golub & Van Loan, Alg. 7.5.2). O(n³), n ≤ 512. Sorted by real part, then imaginary part.
 *
 * @example
 * eigenvalues(sd, [0, -1, 1, 0], 2);   // { re: [0, 0], im: [-1, 1] }: a rotation
 */
export function eigenvalues(sd: Saddle, matrix: ArrayLike<number>, n: number): Eigenvalues {
  const fn = 'eigenvalues';
  if (!Number.isInteger(n) || n < 0 || n > 512) throw new SaddleArgumentError(fn, 'n', 'an integer in [0, 512]', n);
  if (!matrix || typeof matrix.length !== 'number' || matrix.length !== n * n) {
    throw new SaddleArgumentError(fn, 'matrix', `${n * n} numbers (n×n row-major)`, matrix == null ? matrix : `${matrix.length} numbers`);
  }
  for (let i = 0; i < matrix.length; i++) if (!Number.isFinite(matrix[i])) throw new SaddleArgumentError(fn, 'matrix', 'finite numbers', `${matrix[i]} at ${i}`);
  if (n === 0) return { re: new Float64Array(0), im: new Float64Array(0) };
  const a = sd.f64(matrix), wr = sd.f64(n), wi = sd.f64(n);
  try {
    const status = (sd.exports.eigen_general_f64 as (a: number, n: number, wr: number, wi: number) => number)(a.ptr, n, wr.ptr, wi.ptr);
    if (status !== 0) throw new SaddleError('E_NO_CONVERGENCE', `eigenvalues: the QR iteration did not converge (status ${status})`);
    const re = wr.toArray() as Float64Array, im = wi.toArray() as Float64Array;
    const order = Array.from(re.keys()).sort((i, j) => re[i] - re[j] || im[i] - im[j]);
    return { re: Float64Array.from(order, (i) => re[i]), im: Float64Array.from(order, (i) => im[i]) };
  } finally {
    a.dispose(); wr.dispose(); wi.dispose();
  }
}

/** max |μ| over the eigenvalues of a real n×n matrix. */
export function spectralRadius(sd: Saddle, matrix: ArrayLike<number>, n: number): number {
  const { re, im } = eigenvalues(sd, matrix, n);
  let r = 0;
  for (let i = 0; i < n; i++) r = Math.max(r, Math.hypot(re[i], im[i]));
  return r;
}

// ---- the vector field and its Jacobian ----

interface FieldGraph { v: Node; rows: Node[] }
const fields = new WeakMap<Game, FieldGraph>();

function fieldGraph(game: Game, withJacobian: boolean): FieldGraph {
  let f = fields.get(game);
  if (!f) {
    const params = [...game.x, ...game.y];
    const gs = [...grad(game.lossX, game.x), ...grad(game.lossY, game.y)];
    const flat = gs.map((g) => reshape(g, [g.size, 1]));
    const v = neg(flat.length === 1 ? flat[0] : concat(flat, 0));
    f = { v, rows: [] };
    fields.set(game, f);
    void params;
  }
  if (withJacobian && f.rows.length === 0) {
    const params = [...game.x, ...game.y];
    const { n } = dimensions(game);
    for (let i = 0; i < n; i++) {
      const e = new Array<number>(n).fill(0);
      e[i] = 1;
      // row i of J = (Jᵀeᵢ)ᵀ = ∂vᵢ/∂z
      const parts = vjp(f.v, params, constant(game.graph, e, [n, 1]));
      const flat = parts.map((p) => reshape(p, [1, p.size]));
      f.rows.push(flat.length === 1 ? flat[0] : concat(flat, 1));
    }
  }
  return f;
}

function leavesAt(fn: string, game: Game, z: ArrayLike<number>): Map<Node, Float64Array> {
  const { n } = dimensions(game);
  if (!z || typeof z.length !== 'number' || z.length !== n) throw new SaddleArgumentError(fn, 'z', `${n} numbers (x then y, flattened)`, z == null ? z : `${z.length} numbers`);
  const leaves = new Map<Node, Float64Array>();
  let offset = 0;
  for (const p of [...game.x, ...game.y]) {
    leaves.set(p, Float64Array.from({ length: p.size }, (_, i) => z[offset + i]));
    offset += p.size;
  }
  return leaves;
}

/** The joint field v(z) = (−∇ₓ lossX, −∇ᵧ lossY) at z (f64 reference evaluation). */
export function vectorField(game: Game, z: ArrayLike<number>): Float64Array {
  const leaves = leavesAt('vectorField', game, z);
  return evaluate([fieldGraph(game, false).v], leaves)[0];
}

/**
 * J = ∂v/∂z at z (n×n row-major, x first), by reverse-mode autodiff of the field (row i is
 * the VJP of v with eᵢ), evaluated in f64.
 */
export function jacobian(game: Game, z: ArrayLike<number>): Float64Array {
  const leaves = leavesAt('jacobian', game, z);
  const { n } = dimensions(game);
  const rows = evaluate(fieldGraph(game, true).rows, leaves);
  const J = new Float64Array(n * n);
  rows.forEach((r, i) => J.set(r, i * n));
  return J;
}

/** v on a grid of a 2-D game (one scalar per player): points[i·cols + j] = (x_j, y_i). */
export function vectorFieldGrid(game: Game, grid: { x: [number, number, number]; y: [number, number, number] }): { x: number[]; y: number[]; u: Float64Array; w: Float64Array } {
  const { n } = dimensions(game);
  if (n !== 2) throw new SaddleArgumentError('vectorFieldGrid', 'game', 'a game with one scalar per player', `${n} entries`);
  const axis = (name: string, [lo, hi, count]: [number, number, number]) => {
    if (!Number.isInteger(count) || count < 1 || !(hi >= lo)) throw new SaddleArgumentError('vectorFieldGrid', name, '[low, high, count] with count >= 1', [lo, hi, count]);
    return Array.from({ length: count }, (_, i) => (count === 1 ? lo : lo + ((hi - lo) * i) / (count - 1)));
  };
  const xs = axis('x', grid.x), ys = axis('y', grid.y);
  const u = new Float64Array(xs.length * ys.length), w = new Float64Array(xs.length * ys.length);
  ys.forEach((yv, i) => xs.forEach((xv, j) => { const v = vectorField(game, [xv, yv]); u[i * xs.length + j] = v[0]; w[i * xs.length + j] = v[1]; }));
  return { x: xs, y: ys, u, w };
}

// ---- local convergence ----

export type Verdict = 'converges' | 'cycles' | 'diverges';

export interface LocalAnalysis {
  /** Spectral radius ρ of the linearized update M. */
  radius: number;
  /** ρ < 1 − tol: converges locally, error ∝ ρᵏ; |ρ − 1| ≤ tol: neutral (cycles); else diverges. */
  verdict: Verdict;
  /** Iterations per e-fold of error, −1/ln ρ (Infinity unless it converges). */
  iterationsPerEFold: number;
  eigenvalues: Eigenvalues;
}

/**
 * Linearizes `stepper` on `game` at z (default the game's equilibrium; it should be a
 * stationary point) and classifies by the spectral radius of the update operator.
 */
export function localConvergence(sd: Saddle, game: Game, stepper: Stepper, z?: ArrayLike<number>, tol = 1e-9): LocalAnalysis {
  const fn = 'localConvergence';
  const at = z ?? game.equilibrium;
  if (!at) throw new SaddleArgumentError(fn, 'z', 'a point (the game has no known equilibrium)', at);
  const { nx, ny } = dimensions(game);
  const lin = stepper.linearize(jacobian(game, at), nx, ny);
  if (!lin) throw new SaddleArgumentError(fn, 'stepper', 'a stepper with a linearization (not nSGDA or GDA-AM)', stepper.name);
  return classify(sd, lin.matrix, lin.size, tol);
}

/** The spectral radius and verdict of an update operator M (size×size). */
export function classify(sd: Saddle, matrix: ArrayLike<number>, size: number, tol = 1e-9): LocalAnalysis {
  const ev = eigenvalues(sd, matrix, size);
  let radius = 0;
  for (let i = 0; i < size; i++) radius = Math.max(radius, Math.hypot(ev.re[i], ev.im[i]));
  const verdict: Verdict = radius < 1 - tol ? 'converges' : radius <= 1 + tol ? 'cycles' : 'diverges';
  return { radius, verdict, iterationsPerEFold: verdict === 'converges' ? -1 / Math.log(radius) : Infinity, eigenvalues: ev };
}

/** f at each value: a sweep (over step size, ratio, regularization strength, …). */
export function sweep<T>(values: readonly number[], f: (value: number) => T): Array<{ value: number; result: T }> {
  return values.map((value) => ({ value, result: f(value) }));
}

// ---- running steppers inside WASM ----

/**
 * What a run does when z diverges, i.e. becomes non-finite (NaN or ±Infinity, e.g. a
 * diverging stepper overflowing f32) or its norm passes `maxNorm`: 'stop' (default) throws
 * SaddleNumericError naming the first iteration whose z is non-finite or too large (z is
 * checked after each WASM call, and the exact iteration is found by replaying that call one
 * iteration at a time); 'return' goes on and records the points as they are.
 */
export type NonFiniteAction = 'stop' | 'return';

/**
 * The default bound on ‖z‖₂: 2⁶⁴ ≈ 1.8e19 = √(f32 max). Runs are f32, and every built-in
 * game's losses multiply two coordinates (xᵀAy, ½xᵀPx, ψθ), so past it a loss or its
 * gradient's products overflow f32: the run has diverged even while z is still finite.
 */
export const DEFAULT_MAX_NORM = 2 ** 64;

const nonFiniteSchema = Optional(TUnion([TLiteral('stop'), TLiteral('return')], { default: 'stop', description: "on a divergent z: 'stop' (throw SaddleNumericError) or 'return' (go on, record it)" }));
const maxNormSchema = Optional(TUnion([TNumber({ exclusiveMinimum: 0 }), TLiteral(Infinity)], {
  default: DEFAULT_MAX_NORM, description: '‖z‖₂ above this counts as divergence (Infinity: only non-finite z does)',
  'x-expected': 'a positive number or Infinity',
}));
const runnerProperties = {
  seed: Optional(TInteger({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 1, description: 'seed for compile (random nodes)' })),
  nonFinite: nonFiniteSchema,
  maxNorm: maxNormSchema,
};

/** The options of createRunner. */
export const RUNNER_OPTIONS = TObject(runnerProperties, { additionalProperties: false });

/** The options of run. */
export const RUN_OPTIONS = TObject({
  iterations: TInteger({ minimum: 0, maximum: 2 ** 31 - 1, description: 'iterations to run' }),
  every: Optional(TInteger({ minimum: 1, maximum: 2 ** 31 - 1, description: 'record z every this many iterations (default: iterations)' })),
  start: Optional(numbers('z₀, x then y (default the game\'s start)')),
  ...runnerProperties,
}, { additionalProperties: false });

export interface RunOptions {
  iterations: number;
  /** Record z every `every` iterations (default: iterations, i.e. start and end only). */
  every?: number;
  /** z₀: finite numbers, x then y (default the game's start). */
  start?: ArrayLike<number>;
  /** Seed for compile (random nodes; default 1). */
  seed?: number;
  /** On a divergent z: 'stop' (default) or 'return' (see NonFiniteAction). */
  nonFinite?: NonFiniteAction;
  /** ‖z‖₂ above this is divergence (default DEFAULT_MAX_NORM = 2⁶⁴; Infinity: only a non-finite z is). */
  maxNorm?: number;
}

export interface Trajectory {
  /** Iteration count at each recorded point (0 first). */
  steps: number[];
  /** z at each recorded point (x then y). */
  points: Float64Array[];
  /** ‖z − z*‖ at each recorded point (empty without a known equilibrium). */
  distances: number[];
}

/**
 * A run diverged: a SaddleNumericError (`step`, `quantity` 'z[i]' or '‖z‖', `value`,
 * `restoredTo`) that also carries the last good z, the one after iteration `restoredTo`.
 */
export class MinimaxNumericError extends SaddleNumericError {
  /** z after iteration `restoredTo`: the last finite point within the norm bound. */
  readonly point: Float64Array;
  constructor(fn: string, setback: { step: number; quantity: string; value: number; restoredTo: number }, detail: string, point: Float64Array) {
    super(fn, setback.step, setback.quantity, setback.value, setback.restoredTo, detail, 'the runner');
    this.point = point;
  }
}

/** A compiled stepper on a game: step k iterations inside WASM, read and set z. The optax-like handle. */
export interface Runner {
  readonly program: Program;
  /**
   * Runs k iterations (one WASM call). With nonFinite 'stop', a z that is non-finite or has
   * ‖z‖₂ > maxNorm throws MinimaxNumericError (a SaddleNumericError) and leaves the runner at
   * z after the last iteration whose z was neither.
   */
  step(k?: number): void;
  point(): Float64Array;
  /** Sets z: n finite numbers (x then y). */
  setPoint(z: ArrayLike<number>): void;
  dispose(): void;
}

export interface RunnerOptions {
  /** Seed for compile (random nodes; default 1). */
  seed?: number;
  /** On a divergent z: 'stop' (default) or 'return' (see NonFiniteAction). */
  nonFinite?: NonFiniteAction;
  /** ‖z‖₂ above this is divergence (default DEFAULT_MAX_NORM = 2⁶⁴; Infinity: only a non-finite z is). */
  maxNorm?: number;
}

/** z as n finite f32-range numbers, or a SaddleArgumentError naming `argument`. */
function checkPoint(fn: string, argument: string, z: unknown, n: number): ArrayLike<number> {
  validate(fn, argument, numbers(), z);
  const length = (z as ArrayLike<number>).length;
  if (length !== n) throw new SaddleArgumentError(fn, argument, `${n} finite numbers (x then y, flattened)`, new Described(`${length} numbers`));
  return z as ArrayLike<number>;
}

function makeRunner(sd: Saddle, game: Game, stepper: Stepper, o: Required<RunnerOptions>, fn: string): Runner {
  const { phases } = stepper.build(game);
  const program = compile(sd, { seed: o.seed, phases, logCapacity: 1 });
  const params = [...game.x, ...game.y];
  const { n } = dimensions(game);
  const point = () => {
    const z = new Float64Array(n);
    let o = 0;
    for (const p of params) { z.set(program.read(p), o); o += p.size; }
    return z;
  };
  const chunks = new ChunkedRunner(program, () => undefined);
  const inspect = () => {
    const z = point();
    const bad = firstNonFinite(z);
    if (bad) return { quantity: `z[${bad.index}]`, value: bad.value };
    let squares = 0;
    for (let i = 0; i < n; i++) squares += z[i] * z[i]; // f64: no overflow for f32 entries
    const norm = Math.sqrt(squares);
    return norm > o.maxNorm ? { quantity: '‖z‖', value: norm } : undefined;
  };
  return {
    program,
    step: (k = 1) => {
      if (!Number.isInteger(k) || k < 0 || k >= 2 ** 31) throw new SaddleArgumentError('Runner.step', 'k', 'an integer in [0, 2^31)', k);
      if (o.nonFinite === 'return') { program.run(k); return; }
      const { setback } = chunks.advance(k, inspect);
      if (setback) {
        const why = setback.quantity === '‖z‖' ? `; ‖z‖ passed maxNorm = ${o.maxNorm.toExponential(3)}` : '';
        throw new MinimaxNumericError(fn, setback, `${why} (nonFinite: 'return' records divergent points instead)`, point());
      }
    },
    point,
    setPoint: (z) => {
      checkPoint('Runner.setPoint', 'z', z, n);
      let o = 0;
      for (const p of params) { program.write(p, Array.from({ length: p.size }, (_, i) => z[o + i])); o += p.size; }
    },
    dispose: () => program.dispose(),
  };
}

/**
 * A runner of `stepper` on `game`, compiled once. `step(k)` stops with MinimaxNumericError
 * (a SaddleNumericError) when z becomes non-finite or ‖z‖₂ passes maxNorm, unless
 * `nonFinite: 'return'`. Options are checked strictly (RUNNER_OPTIONS).
 */
export function createRunner(sd: Saddle, game: Game, stepper: Stepper, options?: RunnerOptions): Runner {
  const o = resolveOptions<Required<RunnerOptions>>('createRunner', RUNNER_OPTIONS, options);
  return makeRunner(sd, game, stepper, o, 'Runner.step');
}

/**
 * Runs `stepper` on `game` for `iterations` iterations inside WASM (one call per recorded
 * point), recording z every `every` iterations. A non-finite z, or ‖z‖₂ > maxNorm, stops
 * the run with MinimaxNumericError (a SaddleNumericError) naming the iteration and holding
 * the last good z, unless `nonFinite: 'return'`. Options are checked strictly (RUN_OPTIONS).
 *
 * @example
 * const t = run(sd, bilinear({ A: [[1]] }), extragradient({ lr: 0.3 }), { iterations: 200, every: 10 });
 * t.distances.at(-1);   // √2·(1 − 0.09 + 0.0081)^100 ≈ 2.7e-4: extragradient converges
 */
export function run(sd: Saddle, game: Game, stepper: Stepper, options: RunOptions): Trajectory {
  const fn = 'run';
  const o = resolveOptions<Required<RunOptions>>(fn, RUN_OPTIONS, options);
  const iterations = o.iterations;
  const every = options.every ?? Math.max(iterations, 1);
  const start = options.start === undefined ? game.start : checkPoint(fn, 'options.start', options.start, dimensions(game).n);
  const runner = makeRunner(sd, game, stepper, o, fn);
  try {
    runner.setPoint(start);
    const steps: number[] = [0], points: Float64Array[] = [runner.point()];
    for (let done = 0; done < iterations;) {
      const k = Math.min(every, iterations - done);
      runner.step(k);
      done += k;
      steps.push(done);
      points.push(runner.point());
    }
    const eq = game.equilibrium;
    const distances = eq ? points.map((z) => Math.hypot(...Array.from(z, (v, i) => v - eq[i]))) : [];
    return { steps, points, distances };
  } finally {
    runner.dispose();
  }
}
