// The building blocks optimizers are chained from. Each is a GradientTransformation:
// init creates its state nodes (zeros unless said otherwise), update emits the ops of its
// equations. Notation: g the incoming update (the gradient, for the first block), u the
// outgoing update, θ the parameter, t the step count (1 at the first update).

import { Described, SaddleArgumentError } from '../errors.js';
import type { Node } from '../graph/node.js';
import { add, div, maximum, mul, neg, sqrt, square, sub, tanh } from '../graph/ops/elementwise.js';
import { constant, state } from '../graph/ops/leaves.js';
import { checkRange } from './check.js';
import { resolveOptions } from '../schema/options.js';
import { SCALE_BY_ADAM_OPTIONS, SCALE_BY_RMS_OPTIONS, TRACE_MOMENTUM_OPTIONS } from './options.js';
import { checkScheduleOutput, type Schedule } from './schedules.js';
import { defineTransform, type GradientTransformation, type TransformState } from './transform.js';

/** Zero-initialized state nodes shaped like the params, named for debugging. */
function zerosLike(params: readonly Node[], name: string): Node[] {
  return params.map((p, i) => state(p.graph, p.shape, { kind: 'zeros' }, `${name}[${i}]`));
}

/** A [1, 1] step count starting at 0. */
function counter(params: readonly Node[], name: string): Node {
  return state(params[0].graph, [1, 1], { kind: 'zeros' }, name);
}

/** β·a + (1 − β)·b, the exponential moving average step (1 − β rounded once, from f64). */
function ema(a: Node, b: Node, beta: number): Node {
  return beta === 0 ? b : add(mul(a, beta), mul(b, 1 - beta));
}

/**
 * 1 − βᵗ for a step count t ≥ 1 (a [1, 1] node), or null when β = 0 (then it is 1).
 * 1 − βᵗ = −expm1(t·ln β) and expm1(x) = 2h/(1 − h) with h = tanh(x/2), so
 * 1 − βᵗ = 2h/(h − 1). Unlike 1 − exp(t·ln β), this has no cancellation when βᵗ is near 1
 * (β₂ = 0.999 at t = 1 would lose 4 of f32's 7 digits): it is accurate to a few ulps for
 * every t.
 */
export function oneMinusPower(beta: number, t: Node): Node | null {
  if (beta === 0) return null;
  const h = tanh(mul(t, Math.log(beta) / 2));
  return div(mul(h, 2), sub(h, 1));
}

export interface ScaleByAdamOptions {
  /** Decay of the first moment, in [0, 1). */
  b1: number;
  /** Decay of the second moment, in [0, 1). */
  b2: number;
  /** Added to √v̂ in the denominator, >= 0. */
  eps: number;
  /** Added to v̂ inside the square root, >= 0 (default 0). */
  epsRoot?: number;
  /** AMSGrad: divide by the running maximum of v̂ (default false). */
  amsgrad?: boolean;
}

export interface ScaleByAdamState extends TransformState {
  readonly count: Node;
  readonly mu: readonly Node[];
  readonly nu: readonly Node[];
  /** AMSGrad's running maximum of v̂ (empty without amsgrad). */
  readonly nuMax: readonly Node[];
}

/**
 * Adam's scaling (Kingma & Ba 2015, Algorithm 1), with bias correction:
 *
 *   t ← t + 1
 *   m ← β₁·m + (1 − β₁)·g            m̂ = m/(1 − β₁ᵗ)
 *   v ← β₂·v + (1 − β₂)·g²           v̂ = v/(1 − β₂ᵗ)
 *   u = m̂ / (√(v̂ + ε_root) + ε)
 *
 * With `amsgrad` (Reddi, Kale & Kumar 2018), v̂max ← max(v̂max, v̂) and u divides by
 * √(v̂max + ε_root) + ε; like optax, the maximum is taken over the bias-corrected v̂.
 * 1 − βᵗ is computed from the step count (see oneMinusPower).
 */
export function scaleByAdam(options: ScaleByAdamOptions): GradientTransformation<ScaleByAdamState> {
  const fn = 'scaleByAdam';
  const { b1, b2, eps, epsRoot, amsgrad } = resolveOptions<Required<ScaleByAdamOptions>>(fn, SCALE_BY_ADAM_OPTIONS, options);
  return defineTransform<ScaleByAdamState>(
    fn,
    (params) => {
      const count = counter(params, 'adam.count');
      const mu = zerosLike(params, 'adam.mu'), nu = zerosLike(params, 'adam.nu');
      const nuMax = amsgrad ? zerosLike(params, 'adam.nuMax') : [];
      return { count, mu, nu, nuMax, nodes: [count, ...mu, ...nu, ...nuMax], scalars: {} };
    },
    (updates, s) => {
      const t = add(s.count, 1);
      const c1 = oneMinusPower(b1, t), c2 = oneMinusPower(b2, t);
      const assignments: Array<readonly [Node, Node]> = [[s.count, t]];
      const out = updates.map((g, i) => {
        const m = ema(s.mu[i], g, b1);
        const v = ema(s.nu[i], square(g), b2);
        assignments.push([s.mu[i], m], [s.nu[i], v]);
        const mHat = c1 ? div(m, c1) : m;
        let vHat = c2 ? div(v, c2) : v;
        if (amsgrad) {
          vHat = maximum(s.nuMax[i], vHat);
          assignments.push([s.nuMax[i], vHat]);
        }
        const root = sqrt(epsRoot > 0 ? add(vHat, epsRoot) : vHat);
        return div(mHat, eps > 0 ? add(root, eps) : root);
      });
      return { updates: out, assignments };
    },
  );
}

export interface ScaleByRmsOptions {
  /** Decay of the mean square, in [0, 1). */
  decay: number;
  /** Added to the root mean square in the denominator, >= 0. */
  eps: number;
  /** Divide by the centered (variance) estimate instead of the raw mean square (default false). */
  centered?: boolean;
}

export interface ScaleByRmsState extends TransformState {
  readonly nu: readonly Node[];
  /** The running mean of g (empty unless centered). */
  readonly mu: readonly Node[];
}

/**
 * RMSprop's scaling (Tieleman & Hinton 2012, lecture 6.5):
 *
 *   v ← ρ·v + (1 − ρ)·g²
 *   u = g / (√v + ε)
 *
 * Centered (Graves 2013, eqs. 38–40): also m ← ρ·m + (1 − ρ)·g, and
 * u = g / (√max(v − m², 0) + ε); the max only guards against rounding, as v >= m²
 * holds exactly. ε is outside the root, as in PyTorch and Keras (optax puts it inside).
 */
export function scaleByRms(options: ScaleByRmsOptions): GradientTransformation<ScaleByRmsState> {
  const fn = 'scaleByRms';
  const { decay, eps, centered } = resolveOptions<Required<ScaleByRmsOptions>>(fn, SCALE_BY_RMS_OPTIONS, options);
  return defineTransform<ScaleByRmsState>(
    fn,
    (params) => {
      const nu = zerosLike(params, 'rms.nu');
      const mu = centered ? zerosLike(params, 'rms.mu') : [];
      return { nu, mu, nodes: [...nu, ...mu], scalars: {} };
    },
    (updates, s) => {
      const assignments: Array<readonly [Node, Node]> = [];
      const out = updates.map((g, i) => {
        const v = ema(s.nu[i], square(g), decay);
        assignments.push([s.nu[i], v]);
        let meanSquare = v;
        if (centered) {
          const m = ema(s.mu[i], g, decay);
          assignments.push([s.mu[i], m]);
          meanSquare = maximum(sub(v, square(m)), 0);
        }
        const root = sqrt(meanSquare);
        return div(g, eps > 0 ? add(root, eps) : root);
      });
      return { updates: out, assignments };
    },
  );
}

export interface TraceMomentumOptions {
  /** Momentum coefficient μ, in [0, 1). */
  decay: number;
  /** Nesterov's accelerated gradient (default false). */
  nesterov?: boolean;
}

export interface TraceMomentumState extends TransformState {
  readonly trace: readonly Node[];
}

/**
 * Momentum. Heavy ball (Polyak 1964):  b ← μ·b + g,  u = b.
 * Nesterov (Sutskever, Martens, Dahl & Hinton 2013, eq. 3–4, in the form PyTorch and
 * optax use, with the look-ahead folded into the update):  b ← μ·b + g,  u = g + μ·b.
 * Followed by scaleByLearningRate(lr) this is θ ← θ − lr·u.
 */
export function traceMomentum(options: TraceMomentumOptions): GradientTransformation<TraceMomentumState> {
  const fn = 'traceMomentum';
  const { decay, nesterov } = resolveOptions<Required<TraceMomentumOptions>>(fn, TRACE_MOMENTUM_OPTIONS, options);
  return defineTransform<TraceMomentumState>(
    fn,
    (params) => {
      const trace = zerosLike(params, 'momentum.trace');
      return { trace, nodes: trace, scalars: {} };
    },
    (updates, s) => {
      const assignments: Array<readonly [Node, Node]> = [];
      const out = updates.map((g, i) => {
        const b = decay === 0 ? g : add(g, mul(s.trace[i], decay));
        assignments.push([s.trace[i], b]);
        return nesterov && decay > 0 ? add(g, mul(b, decay)) : b;
      });
      return { updates: out, assignments };
    },
  );
}

/**
 * Decoupled weight decay (Loshchilov & Hutter 2019): u = g + λ·θ. Placed before
 * scaleByLearningRate (as in adamw) the decay is θ ← θ − lr·λ·θ, apart from the adaptive
 * scaling, which is the point: L2 regularization in the loss would be divided by √v̂ too.
 */
export function addDecayedWeights(weightDecay: number): GradientTransformation {
  const fn = 'addDecayedWeights';
  const lambda = checkRange(fn, 'weightDecay', weightDecay, 0, Infinity);
  return defineTransform<TransformState>(
    fn,
    () => ({ nodes: [], scalars: {} }),
    (updates, _s, params) => ({
      updates: lambda === 0 ? updates : updates.map((g, i) => add(g, mul(params[i], lambda))),
      assignments: [],
    }),
  );
}

export interface ScaleByLearningRateState extends TransformState {
  /** The step count t = 0, 1, 2, ... (updates made so far), or null for a constant rate. */
  readonly count: Node | null;
  /** The learning rate this step applies ([1, 1]; also `scalars.lr`). */
  readonly lr: Node;
}

/**
 * u = −lr·g (descent). `lr` is a positive number or a Schedule; a schedule is evaluated at
 * the step count t = 0, 1, 2, … (updates made before this one), held in a [1, 1] state node
 * that each update increments. The rate applied is `state.lr` (= `state.scalars.lr`).
 */
export function scaleByLearningRate(lr: number | Schedule): GradientTransformation<ScaleByLearningRateState> {
  const fn = 'scaleByLearningRate';
  checkLearningRate(fn, lr);
  return defineTransform<ScaleByLearningRateState>(
    fn,
    (params) => {
      if (typeof lr === 'number') {
        const node = constant(params[0].graph, [lr], [1, 1]);
        return { count: null, lr: node, nodes: [], scalars: { lr: node } };
      }
      const count = counter(params, 'lr.count');
      const node = checkScheduleOutput(fn, lr(count), count, 'lr');
      return { count, lr: node, nodes: [count], scalars: { lr: node } };
    },
    (updates, s) => {
      const minus = typeof lr === 'number' ? -lr : neg(s.lr);
      return {
        updates: updates.map((g) => mul(g, minus)),
        assignments: s.count ? [[s.count, add(s.count, 1)]] : [],
      };
    },
  );
}

/** lr is a positive finite number or a Schedule (a function). */
export function checkLearningRate(fn: string, lr: unknown): void {
  if (typeof lr === 'function') return;
  if (typeof lr !== 'number' || !Number.isFinite(lr) || lr <= 0) {
    throw new SaddleArgumentError(fn, 'lr', 'a positive finite number or a Schedule (step => [1, 1] node)',
      typeof lr === 'number' || lr == null ? lr : new Described(`a ${typeof lr}`));
  }
}
