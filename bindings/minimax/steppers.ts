// Steppers on any game: each builds the compiled phases of one iteration (run inside
// WASM by run()/createRunner()) and, where the update is differentiable at a stationary
// point, its linearization M(J) (analysis.ts). Step sizes: η_x = lr, η_y = ratio·lr
// (two-timescale / TTUR). Conventions in games.ts: v = (−∇ₓ lossX, −∇ᵧ lossY).

import { SaddleArgumentError } from '../errors.js';
import { grad } from '../autodiff/grad.js';
import type { Node } from '../graph/node.js';
import { mul, sub } from '../graph/ops/elementwise.js';
import { state } from '../graph/ops/leaves.js';
import { substitute } from '../graph/substitute.js';
import type { Phase } from '../compile/program.js';
import { anderson, type AndersonRestart } from '../optim/anderson.js';
import { nsgd } from '../optim/steppers.js';
import { checkScope, checkTransform, type NormScope } from '../optim/check.js';
import { ogda } from '../optim/steppers.js';
import { applyUpdates, type GradientTransformation } from '../optim/transform.js';
import { dimensions, withConsensus, type Game } from './games.js';

export interface StepSizes {
  /** η_x > 0. */
  lr: number;
  /** η_y/η_x > 0 (default 1). */
  ratio?: number;
}

/** What build() returns: one iteration's phases and the state nodes it made. */
export interface BuiltStepper {
  phases: Phase[];
  state: Node[];
}

export interface Stepper {
  readonly name: string;
  readonly lrX: number;
  readonly lrY: number;
  /** The phases of one iteration on `game`. */
  build(game: Game): BuiltStepper;
  /**
   * The linearized update at a stationary point, from the Jacobian J (n×n row-major, x
   * first) of the game's field: z_{k+1} − z* ≈ M (z_k − z*) on a state of `size` (n, or 2n
   * for methods with memory). null: not differentiable there (nSGDA) or history-dependent (GDA-AM).
   */
  linearize(J: Float64Array, nx: number, ny: number): { matrix: Float64Array; size: number } | null;
}

function checkSizes(fn: string, o: StepSizes): { lrX: number; lrY: number } {
  if (!o || typeof o !== 'object') throw new SaddleArgumentError(fn, 'options', 'an object { lr, ratio? }', o);
  if (typeof o.lr !== 'number' || !(o.lr > 0) || !Number.isFinite(o.lr)) throw new SaddleArgumentError(fn, 'lr', 'a positive finite number', o.lr);
  const ratio = o.ratio ?? 1;
  if (typeof ratio !== 'number' || !(ratio > 0) || !Number.isFinite(ratio)) throw new SaddleArgumentError(fn, 'ratio', 'a positive finite number', ratio);
  return { lrX: o.lr, lrY: o.lr * ratio };
}

function checkInt(fn: string, name: string, v: unknown, min: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new SaddleArgumentError(fn, name, `an integer >= ${min}`, v);
  return v;
}

// ---- small dense f64 helpers for linearizations (n ≤ a few hundred) ----
function identity(n: number): Float64Array { const m = new Float64Array(n * n); for (let i = 0; i < n; i++) m[i * n + i] = 1; return m; }
function matmulDense(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) { const aik = a[i * n + k]; if (aik !== 0) for (let j = 0; j < n; j++) c[i * n + j] += aik * b[k * n + j]; }
  return c;
}
/** D·J with D = diag(η_x on x rows, η_y on y rows). */
function scaleRows(J: Float64Array, n: number, nx: number, lrX: number, lrY: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = (i < nx ? lrX : lrY) * J[i * n + j];
  return out;
}
function plusIdentity(a: Float64Array, n: number): Float64Array { const m = a.slice(); for (let i = 0; i < n; i++) m[i * n + i] += 1; return m; }
/** I + η_P J on one player's rows (rows from..to), identity elsewhere: one player's partial step. */
function partialStep(J: Float64Array, n: number, from: number, to: number, lr: number): Float64Array {
  const m = identity(n);
  for (let i = from; i < to; i++) for (let j = 0; j < n; j++) m[i * n + j] += lr * J[i * n + j];
  return m;
}
/** J − γJᵀJ. */
function consensusJacobian(J: Float64Array, n: number, gamma: number): Float64Array {
  const out = J.slice();
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) { let s = 0; for (let k = 0; k < n; k++) s += J[k * n + i] * J[k * n + j]; out[i * n + j] -= gamma * s; }
  return out;
}

/** The assignments p ← p − η·g for each param. */
function descend(params: readonly Node[], grads: readonly Node[], lr: number): Array<readonly [Node, Node]> {
  return params.map((p, i) => [p, sub(p, mul(grads[i], lr))] as const);
}

function gdaPhases(game: Game, lrX: number, lrY: number, order: 'simultaneous' | 'alternating', inner: number): Phase[] {
  if (order === 'simultaneous') {
    return [{ updates: [...descend(game.x, grad(game.lossX, game.x), lrX), ...descend(game.y, grad(game.lossY, game.y), lrY)] }];
  }
  return [
    { updates: descend(game.y, grad(game.lossY, game.y), lrY), repeat: inner },
    { updates: descend(game.x, grad(game.lossX, game.x), lrX) },
  ];
}

export interface GdaOptions extends StepSizes {
  /** y (the second player, a discriminator) steps per x step, alternating only (default 1). */
  innerSteps?: number;
}

/**
 * Simultaneous GDA: x ← x − η_x∇ₓlossX, y ← y − η_y∇ᵧlossY from the same point.
 * Linearization M = I + DJ, D = diag(η_x, η_y). On the bilinear game (σ a singular value
 * of A, η_x = η_y = η): |μ| = √(1 + η²σ²) > 1, it diverges.
 */
export function simultaneousGda(options: StepSizes): Stepper {
  const { lrX, lrY } = checkSizes('simultaneousGda', options);
  return {
    name: 'simultaneous GDA', lrX, lrY,
    build: (game) => ({ phases: gdaPhases(game, lrX, lrY, 'simultaneous', 1), state: [] }),
    linearize: (J, nx, ny) => { const n = nx + ny; return { matrix: plusIdentity(scaleRows(J, n, nx, lrX, lrY), n), size: n }; },
  };
}

/**
 * Alternating GDA: y takes `innerSteps` steps, then x one step at the new y (Gauss–Seidel).
 * M = M_x·M_yᵏ with M_y = I + η_y J on y's rows, M_x = I + η_x J on x's rows. On the
 * bilinear game det M = 1 and trace M = 2 − η²σ²: |μ| = 1 for ησ ≤ 2 (it cycles, neither
 * converging nor diverging; Gidel et al. 2019; Bailey, Gidel & Piliouras 2020).
 */
export function alternatingGda(options: GdaOptions): Stepper {
  const fn = 'alternatingGda';
  const { lrX, lrY } = checkSizes(fn, options);
  const inner = checkInt(fn, 'innerSteps', options.innerSteps ?? 1, 1);
  return {
    name: inner === 1 ? 'alternating GDA' : `alternating GDA (${inner} y steps)`, lrX, lrY,
    build: (game) => ({ phases: gdaPhases(game, lrX, lrY, 'alternating', inner), state: [] }),
    linearize: (J, nx, ny) => {
      const n = nx + ny;
      const my = partialStep(J, n, nx, n, lrY);
      let m = identity(n);
      for (let k = 0; k < inner; k++) m = matmulDense(my, m, n);
      return { matrix: matmulDense(partialStep(J, n, 0, nx, lrX), m, n), size: n };
    },
  };
}

/**
 * Extragradient (Korpelevich 1976): z̃ = z + Dv(z), z ← z + Dv(z̃).
 * M = I + DJ + (DJ)²; bilinear: |μ|² = 1 − η²σ² + η⁴σ⁴ < 1 for 0 < ησ < 1.
 */
export function extragradient(options: StepSizes): Stepper {
  const { lrX, lrY } = checkSizes('extragradient', options);
  return {
    name: 'extragradient', lrX, lrY,
    build: (game) => {
      const params = [...game.x, ...game.y];
      const extra = params.map((p, i) => state(game.graph, p.shape, { kind: 'zeros' }, `extragradient.z[${i}]`));
      const gx = grad(game.lossX, game.x), gy = grad(game.lossY, game.y);
      const nx = game.x.length;
      const first = [...descend(game.x, gx, lrX), ...descend(game.y, gy, lrY)].map(([, v], i) => [extra[i], v] as const);
      const at = new Map(params.map((p, i) => [p, extra[i]]));
      const [lx, ly] = substitute([game.lossX, game.lossY], at);
      const second = [...descend(game.x, grad(lx, extra.slice(0, nx)), lrX), ...descend(game.y, grad(ly, extra.slice(nx)), lrY)];
      return { phases: [{ updates: first }, { updates: second }], state: extra };
    },
    linearize: (J, nx, ny) => {
      const n = nx + ny, dj = scaleRows(J, n, nx, lrX, lrY), dj2 = matmulDense(dj, dj, n);
      const m = plusIdentity(dj, n);
      for (let i = 0; i < n * n; i++) m[i] += dj2[i];
      return { matrix: m, size: n };
    },
  };
}

/** Both players step with their own optax-style transformation, from the same point. */
function transformed(game: Game, tx: GradientTransformation, ty: GradientTransformation): BuiltStepper {
  const sx = tx.init(game.x), sy = ty.init(game.y);
  const ux = tx.update(grad(game.lossX, game.x), sx, game.x), uy = ty.update(grad(game.lossY, game.y), sy, game.y);
  return {
    phases: [{ updates: [...applyUpdates(game.x, ux.updates), ...ux.assignments, ...applyUpdates(game.y, uy.updates), ...uy.assignments] }],
    state: [...sx.nodes, ...sy.nodes],
  };
}

/**
 * Optimistic GDA (Daskalakis, Ilyas, Syrgkanis & Zeng 2018): z_{k+1} = z_k + 2Dv(z_k) − Dv(z_{k−1})
 * (simultaneous; v(z_{−1}) = 0, as optim.ogda). Linearization on (z_k, z_{k−1}), size 2n:
 * M = [[I + 2DJ, −DJ], [I, 0]]; per eigenvalue a = iησ of DJ on the bilinear game, μ solves
 * μ² − (1 + 2a)μ + a = 0.
 */
export function optimisticGda(options: StepSizes): Stepper {
  const { lrX, lrY } = checkSizes('optimisticGda', options);
  return {
    name: 'optimistic GDA', lrX, lrY,
    build: (game) => transformed(game, ogda(lrX), ogda(lrY)),
    linearize: (J, nx, ny) => {
      const n = nx + ny, N = 2 * n, dj = scaleRows(J, n, nx, lrX, lrY), m = new Float64Array(N * N);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) { m[i * N + j] = 2 * dj[i * n + j]; m[i * N + n + j] = -dj[i * n + j]; }
        m[i * N + i] += 1;
        m[(n + i) * N + i] = 1;
      }
      return { matrix: m, size: N };
    },
  };
}

/**
 * Consensus optimization (Mescheder, Nowozin & Geiger 2017): simultaneous GDA on
 * withConsensus(game, γ). M = I + D(J − γJᵀJ) at a stationary point.
 */
export function consensus(options: StepSizes & { gamma: number }): Stepper {
  const fn = 'consensus';
  const { lrX, lrY } = checkSizes(fn, options);
  const gamma = options.gamma;
  if (typeof gamma !== 'number' || !(gamma >= 0) || !Number.isFinite(gamma)) throw new SaddleArgumentError(fn, 'gamma', 'a finite number >= 0', gamma);
  return {
    name: `consensus (γ = ${gamma})`, lrX, lrY,
    build: (game) => ({ phases: gdaPhases(withConsensus(game, gamma), lrX, lrY, 'simultaneous', 1), state: [] }),
    linearize: (J, nx, ny) => { const n = nx + ny; return { matrix: plusIdentity(scaleRows(consensusJacobian(J, n, gamma), n, nx, lrX, lrY), n), size: n }; },
  };
}

/**
 * nSGDA (Jelassi, Mensch, Gidel & Li 2022): each player steps by its normalized gradient,
 * x ← x − η_x∇ₓ/‖∇ₓ‖, the norm over all of the player's parameters (scope 'global',
 * default) or per parameter tensor ('layer'). Every step has length η (per player or per
 * tensor): near a stationary point it oscillates at that scale (no linearization).
 */
export function nsgda(options: StepSizes & { scope?: NormScope }): Stepper {
  const { lrX, lrY } = checkSizes('nsgda', options);
  const scope = checkScope('nsgda', options.scope ?? 'global');
  return {
    name: scope === 'global' ? 'nSGDA' : 'nSGDA (per tensor)', lrX, lrY,
    build: (game) => transformed(game, nsgd(lrX, { scope }), nsgd(lrY, { scope })),
    linearize: () => null,
  };
}

/**
 * Simultaneous steps by any two optimizers (optim gradient transformations): x ← x + tx(∇ₓ
 * lossX), y ← y + ty(∇ᵧ lossY), e.g. Adam or the grafts adamMagnitudeSgdDirection /
 * sgdMagnitudeAdamDirection. Their learning rates are inside tx and ty (lrX, lrY report NaN).
 *
 * @example
 * const s = minimax.withOptimizers({ x: optim.adam(1e-3), y: optim.adam(1e-3), name: 'Adam' });
 */
export function withOptimizers(options: { x: GradientTransformation; y: GradientTransformation; name?: string }): Stepper {
  const fn = 'withOptimizers';
  if (!options || typeof options !== 'object') throw new SaddleArgumentError(fn, 'options', 'an object { x, y, name? }', options);
  const tx = checkTransform(fn, 'x', options.x), ty = checkTransform(fn, 'y', options.y);
  const name = options.name ?? 'optimizers';
  if (typeof name !== 'string') throw new SaddleArgumentError(fn, 'name', 'a string', name);
  return {
    name, lrX: NaN, lrY: NaN,
    build: (game) => transformed(game, tx, ty),
    linearize: () => null,
  };
}

export interface GdaAmOptions extends GdaOptions {
  /** The fixed-point map: one simultaneous (default) or alternating GDA iteration. */
  base?: 'simultaneous' | 'alternating';
  /** Anderson window p (default 5), Tikhonov λ (relative, default 1e-8), restart (default 'none'). */
  window?: number;
  lambda?: number;
  restart?: AndersonRestart;
  growth?: number;
}

/**
 * GDA-AM (He, Li, Sra & Wang 2022): Anderson mixing (type II, optim.anderson) on the
 * fixed-point map T(z) = one simultaneous or alternating GDA iteration. The history is
 * kept in WASM state; the Anderson step runs as one instruction (EXEC_ANDERSON).
 */
export function gdaAm(options: GdaAmOptions): Stepper {
  const fn = 'gdaAm';
  const { lrX, lrY } = checkSizes(fn, options);
  const base = options.base ?? 'simultaneous';
  if (base !== 'simultaneous' && base !== 'alternating') throw new SaddleArgumentError(fn, 'base', "'simultaneous' or 'alternating'", base);
  const inner = checkInt(fn, 'innerSteps', options.innerSteps ?? 1, 1);
  const mixer = anderson({ window: options.window, lambda: options.lambda, restart: options.restart, growth: options.growth });
  return {
    name: `GDA-AM (${base}, p = ${mixer.options.window})`, lrX, lrY,
    build: (game) => {
      const s = mixer.init([...game.x, ...game.y]);
      const phases = gdaPhases(game, lrX, lrY, base, inner);
      return { phases: mixer.wrapPhases(s, phases), state: [...s.nodes] };
    },
    linearize: () => null,
  };
}

/** The steppers configured by step sizes alone, by name, for listings (withOptimizers takes optimizers). */
export const STEPPERS = ['simultaneousGda', 'alternatingGda', 'extragradient', 'optimisticGda', 'gdaAm', 'consensus', 'nsgda'] as const;

export { dimensions };
