// GAN regularizers as plain functions of graph nodes: each penalty is a scalar [1, 1] node
// to ADD to a player's loss (weight clipping gives assignments instead). Gradient penalties
// differentiate the critic with respect to its input, and training differentiates the
// penalty again with respect to the critic's weights: both are graph transforms (grad), so
// nothing here needs a new op. See docs/regularizers.md.
//
// A critic is a function `d(x)` from a batch [n, k] (one sample per row) to its raw
// outputs [n, 1]. Penalties assume d treats rows independently (no batch statistics, no
// minibatch discrimination), so the gradient of Σᵢ D(xᵢ) with respect to x holds ∇D(xᵢ)
// in row i.

import { Integer as TInteger, Number as TNumber, Object as TObject, Optional, type Static, type TSchema } from '@sinclair/typebox';
import { grad } from '../autodiff/grad.js';
import { defineRegistry } from '../registry.js';
import { Described, SaddleArgumentError } from '../errors.js';
import { Node } from '../graph/node.js';
import { add, div, maximum, minimum, mul, sqrt, square, stopGradient, sub } from '../graph/ops/elementwise.js';
import { mean, sum, sumSquares } from '../graph/ops/reduce.js';
import { checkParams } from '../optim/check.js';

/** A critic / discriminator: a batch [n, k] to its raw outputs [n, 1]. */
export type Critic = (x: Node) => Node;

/**
 * ε inside gradient norms: ‖g‖ = √(Σⱼ gⱼ² + ε). The norm's derivative g/‖g‖ is 0/0 where
 * the critic's input gradient vanishes (a zero-initialized or saturated critic), and the
 * f32 program would write NaN into the weights; with ε it is 0 there. In f32 the value is
 * unchanged for ‖g‖² >= 2⁻¹⁵ ≈ 3·10⁻⁵ (ε is below half an ulp there); in f64 it is off
 * by about ε/(2‖g‖) absolute; the norm of a zero gradient is 10⁻⁶ instead of 0.
 */
export const GRADIENT_NORM_EPS = 1e-12;

// ---- checks ----

const describeNode = (x: unknown) => (x instanceof Node ? new Described(`${x}`) : x);

function checkBatch(fn: string, name: string, x: unknown): Node {
  if (!(x instanceof Node) || x.dtype !== 'f32' || x.shape[0] < 1 || x.shape[1] < 1) {
    throw new SaddleArgumentError(fn, name, 'an f32 node [n, k] with n, k >= 1 (one sample per row)', describeNode(x));
  }
  return x;
}

function checkLike(fn: string, name: string, x: unknown, like: Node, likeName: string): Node {
  if (!(x instanceof Node) || x.dtype !== 'f32' || x.shape[0] !== like.shape[0] || x.shape[1] !== like.shape[1]) {
    throw new SaddleArgumentError(fn, name, `an f32 node of the shape of ${likeName} [${like.shape.join(', ')}]`, describeNode(x));
  }
  if (x.graph !== like.graph) throw new SaddleArgumentError(fn, name, `a node of the graph of ${likeName}`, new Described(`${x} of graph ${x.graph.id}`));
  return x;
}

function checkCritic(fn: string, d: unknown): Critic {
  if (typeof d !== 'function') throw new SaddleArgumentError(fn, 'd', 'a critic function (x: Node) => Node', d);
  return d as Critic;
}

function checkNonNegative(fn: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new SaddleArgumentError(fn, name, 'a finite number >= 0', value);
  return value;
}

function checkScalar(fn: string, name: string, x: unknown, graph: Node['graph']): Node {
  if (!(x instanceof Node) || x.dtype !== 'f32' || x.shape[0] !== 1 || x.shape[1] !== 1) {
    throw new SaddleArgumentError(fn, name, 'an f32 scalar node [1, 1]', describeNode(x));
  }
  if (x.graph !== graph) throw new SaddleArgumentError(fn, name, 'a node of the same graph', new Described(`${x} of graph ${x.graph.id}`));
  return x;
}

/** D(x) checked to be [n, 1] on x's graph. */
function applyCritic(fn: string, d: Critic, x: Node): Node {
  const y = d(x);
  if (!(y instanceof Node) || y.dtype !== 'f32' || y.shape[0] !== x.shape[0] || y.shape[1] !== 1 || y.graph !== x.graph) {
    throw new SaddleArgumentError(fn, 'd', `a critic returning an f32 node [${x.shape[0]}, 1] of its input's graph (one output per row)`,
      y instanceof Node ? new Described(`a critic returning ${y}`) : new Described(`a critic returning ${String(y)}`));
  }
  return y;
}

// ---- gradient of the critic with respect to its input ----

/** ∇ₓD at each row of x, [n, k]: ∂(Σᵢ D(xᵢ))/∂x (rows are independent). */
function inputGradient(fn: string, d: Critic, x: Node): Node {
  return grad(sum(applyCritic(fn, d, x)), [x])[0];
}

/** ‖gᵢ‖ per row, [n, 1], with GRADIENT_NORM_EPS inside the square root. */
function rowNorms(g: Node): Node {
  return sqrt(add(sumSquares(g, 1), GRADIENT_NORM_EPS));
}

/** λ·E[(‖∇D(x)‖ − k)²] at the rows of x. */
function normPenalty(fn: string, d: Critic, x: Node, lambda: number, k: number): Node {
  return mul(mean(square(sub(rowNorms(inputGradient(fn, d, x)), k))), lambda);
}

// ---- penalties ----

/**
 * R1 (Mescheder, Geiger & Nowozin 2018, eq. 9): (γ/2)·E_x‖∇ₓD(x)‖² over the real batch,
 * added to D's loss. No square root, so no ε.
 *
 * @example
 * const lossD = G.add(gan.ganLoss('nonSaturating').discriminator(D(real), D(fake)), gan.r1(D, real, 10));
 */
export function r1(d: Critic, real: Node, gamma: number): Node {
  const fn = 'r1';
  const critic = checkCritic(fn, d), x = checkBatch(fn, 'real', real), g = checkNonNegative(fn, 'gamma', gamma);
  return mul(mean(sumSquares(inputGradient(fn, critic, x), 1)), g / 2);
}

/**
 * R2 (Mescheder et al. 2018, eq. 10): (γ/2)·E‖∇ₓD(x)‖² at generated samples. The fake
 * batch passes through stopGradient first, so no gradient reaches G through the penalty.
 */
export function r2(d: Critic, fake: Node, gamma: number): Node {
  const fn = 'r2';
  const critic = checkCritic(fn, d), x = checkBatch(fn, 'fake', fake), g = checkNonNegative(fn, 'gamma', gamma);
  return mul(mean(sumSquares(inputGradient(fn, critic, stopGradient(x)), 1)), g / 2);
}

/**
 * WGAN-GP (Gulrajani et al. 2017, Algorithm 1, lines 6–7): λ·E[(‖∇D(x̂)‖ − 1)²] with
 * x̂ = u·x + (1 − u)·x̃ row by row, x real, x̃ = G(z) fake (through stopGradient), and
 * u ~ U[0, 1] one per row, passed by the caller ([n, 1], e.g. graph.randomUniform(g, [n, 1], stream)).
 * ‖·‖ carries GRADIENT_NORM_EPS.
 */
export function wganGp(d: Critic, real: Node, fake: Node, lambda: number, u: Node): Node {
  const fn = 'wganGp';
  const critic = checkCritic(fn, d), x = checkBatch(fn, 'real', real);
  const xf = checkLike(fn, 'fake', fake, x, 'real');
  const l = checkNonNegative(fn, 'lambda', lambda);
  if (!(u instanceof Node) || u.dtype !== 'f32' || u.shape[0] !== x.shape[0] || u.shape[1] !== 1 || u.graph !== x.graph) {
    throw new SaddleArgumentError(fn, 'u', `an f32 column [${x.shape[0]}, 1] of real's graph (one U[0, 1] draw per row)`, describeNode(u));
  }
  const xHat = add(mul(u, x), mul(sub(1, u), stopGradient(xf)));
  return normPenalty(fn, critic, xHat, l, 1);
}

/**
 * DRAGAN (Kodali et al. 2017): λ·E[(‖∇D(x + δ)‖ − k)²] around the real data, with the
 * perturbation δ ([n, k] like real) passed by the caller: draganPerturbation(real, U) is
 * the paper's δ = 0.5·std(x)·U[0, 1]. (The authors' code also interpolates, x + α·δ with
 * α ~ U[0, 1] per row: pass graph.mul(δ, α).) ‖·‖ carries GRADIENT_NORM_EPS.
 */
export function dragan(d: Critic, real: Node, lambda: number, perturbation: Node, k = 1): Node {
  const fn = 'dragan';
  const critic = checkCritic(fn, d), x = checkBatch(fn, 'real', real);
  const delta = checkLike(fn, 'perturbation', perturbation, x, 'real');
  const l = checkNonNegative(fn, 'lambda', lambda), target = checkNonNegative(fn, 'k', k);
  return normPenalty(fn, critic, add(x, delta), l, target);
}

/**
 * δ = scale·std(x)·U (Kodali et al. 2017, scale 0.5; std over every entry of the batch,
 * population form, as numpy's x.std()), from `uniformNoise` ~ U[0, 1] of real's shape.
 * A constant to autodiff (stopGradient): it is a sample.
 */
export function draganPerturbation(real: Node, uniformNoise: Node, scale = 0.5): Node {
  const fn = 'draganPerturbation';
  const x = checkBatch(fn, 'real', real);
  const noise = checkLike(fn, 'uniformNoise', uniformNoise, x, 'real');
  const c = checkNonNegative(fn, 'scale', scale);
  const std = sqrt(mean(square(sub(x, mean(x)))));
  return stopGradient(mul(noise, mul(std, c)));
}

/** E‖∇ₓD(x)‖ over the rows of x, for logging (with GRADIENT_NORM_EPS). */
export function gradientNorm(d: Critic, x: Node): Node {
  const fn = 'gradientNorm';
  const critic = checkCritic(fn, d), batch = checkBatch(fn, 'x', x);
  return mean(rowNorms(inputGradient(fn, critic, batch)));
}

// ---- noise and clipping ----

/**
 * Instance noise (Sønderby et al. 2016; Arjovsky & Bottou 2017): x + σ·noise, applied to
 * both real and fake batches before D. `noise` has x's shape (e.g. graph.randomNormal);
 * σ is a number >= 0 or a [1, 1] node (e.g. annealedSigma).
 */
export function instanceNoise(x: Node, sigma: number | Node, noise: Node): Node {
  const fn = 'instanceNoise';
  const batch = checkBatch(fn, 'x', x);
  const n = checkLike(fn, 'noise', noise, batch, 'x');
  const s = sigma instanceof Node ? checkScalar(fn, 'sigma', sigma, batch.graph) : checkNonNegative(fn, 'sigma', sigma);
  return add(batch, mul(n, s));
}

/** σ(t) = σ₀·max(0, 1 − t/steps): linear annealing to 0 at t = steps, from a step count t ([1, 1] node). */
export function annealedSigma(sigma0: number, step: Node, steps: number): Node {
  const fn = 'annealedSigma';
  const s0 = checkNonNegative(fn, 'sigma0', sigma0);
  if (!(step instanceof Node) || step.dtype !== 'f32' || step.shape[0] !== 1 || step.shape[1] !== 1) {
    throw new SaddleArgumentError(fn, 'step', 'an f32 scalar node [1, 1] (the step count)', describeNode(step));
  }
  if (typeof steps !== 'number' || !Number.isFinite(steps) || steps <= 0) throw new SaddleArgumentError(fn, 'steps', 'a positive finite number', steps);
  // t/steps by division (correctly rounded), so σ is exactly 0 from t = steps on
  return mul(maximum(sub(1, div(step, steps)), 0), s0);
}

/**
 * Weight clipping (Arjovsky et al. 2017, Algorithm 1, line 7): assignments
 * [p, clip(p, −c, c)] = [p, min(max(p, −c), c)] for a compile() phase, run after D's update
 * (a later phase, since a phase's assignments are simultaneous).
 */
export function weightClipping(params: readonly Node[], c: number): Array<readonly [Node, Node]> {
  const fn = 'weightClipping';
  const ps = checkParams(fn, 'params', params);
  ps.forEach((p, i) => {
    if (p.op.name !== 'Parameter' && p.op.name !== 'State') {
      throw new SaddleArgumentError(fn, `params[${i}]`, 'a parameter or state node (an assignable leaf)', new Described(`${p}`));
    }
  });
  if (typeof c !== 'number' || !Number.isFinite(c) || c <= 0) throw new SaddleArgumentError(fn, 'c', 'a positive finite number', c);
  return ps.map((p) => [p, minimum(maximum(p, -c), c)] as const);
}

// ---- consensus optimization ----

export interface Consensus {
  /** γ/2·‖v‖², v the joint gradient field. */
  readonly penalty: Node;
  /** v = (∇_φ L_D, ∇_θ L_G): one node per parameter of each player. */
  readonly field: { readonly d: readonly Node[]; readonly g: readonly Node[] };
  /** Each player's regularized loss: L_D + γ/2·‖v‖² (minimize over φ), L_G + γ/2·‖v‖² (over θ). */
  readonly losses: { readonly d: Node; readonly g: Node };
}

/**
 * Consensus optimization (Mescheder, Nowozin & Geiger 2017, "The Numerics of GANs",
 * Algorithm 2): with v = (∇_φ L_D, ∇_θ L_G) the joint gradient field of the two players'
 * losses (each minimizing its own), both players descend their loss plus γ/2·‖v‖², which
 * adds γ·J_vᵀ·v to the field and damps rotation around the equilibrium.
 */
export function consensus(losses: { d: Node; g: Node }, dParams: readonly Node[], gParams: readonly Node[], gamma: number): Consensus {
  const fn = 'consensus';
  if (losses === null || typeof losses !== 'object') throw new SaddleArgumentError(fn, 'losses', 'an object { d, g } of scalar nodes', losses);
  const lossD = losses.d;
  if (!(lossD instanceof Node)) throw new SaddleArgumentError(fn, 'losses.d', 'an f32 scalar node [1, 1]', lossD);
  checkScalar(fn, 'losses.d', lossD, lossD.graph);
  const lossG = checkScalar(fn, 'losses.g', losses.g, lossD.graph);
  const phi = checkParams(fn, 'dParams', dParams), theta = checkParams(fn, 'gParams', gParams);
  [...phi.map((p, i) => [p, `dParams[${i}]`] as const), ...theta.map((p, i) => [p, `gParams[${i}]`] as const)].forEach(([p, name]) => {
    if (p.graph !== lossD.graph) throw new SaddleArgumentError(fn, name, 'a node of the losses\' graph', new Described(`${p} of graph ${p.graph.id}`));
  });
  const g = checkNonNegative(fn, 'gamma', gamma);
  const vD = grad(lossD, phi), vG = grad(lossG, theta);
  const normSquared = [...vD, ...vG].map((v) => sumSquares(v)).reduce((a, b) => add(a, b));
  const penalty = mul(normSquared, g / 2);
  return { penalty, field: { d: vD, g: vG }, losses: { d: add(lossD, penalty), g: add(lossG, penalty) } };
}

// ---- the registry: the trainer's `regularizers` config reads it ----

/** What a D penalty is built from inside the trainer's graph. */
export interface PenaltyContext {
  /** D on a batch of its input rows (packed rows with PacGAN) */
  critic: Critic;
  /** real and fake batches as D sees them, one D input per row (instance noise and packing applied; fakes through stopGradient unless consensus) */
  real: Node;
  fake: Node;
  /** fresh U[0, 1] draws of `shape` from RNG stream `stream`, every update */
  uniform(shape: readonly [number, number], stream: number): Node;
}

export interface RegularizerEntry<O extends TSchema = TSchema> {
  summary: string;
  reference: string;
  options: O;
  /**
   * 'penalty': adds penalty(ctx, value) to D's loss; 'inputGradient': differentiates D with
   * respect to its input row by row (needs a critic that treats rows independently);
   * 'simultaneous': only with the simultaneous scheme.
   */
  capabilities?: readonly ('penalty' | 'inputGradient' | 'simultaneous')[];
  penalty?(ctx: PenaltyContext, value: Static<O>): Node;
}

const regularizer = <O extends TSchema>(entry: RegularizerEntry<O>): RegularizerEntry<O> => entry;
const weight = (description: string) => TNumber({ minimum: 0, description });

/** Regularizers by their config key, in the order their penalties are added to D's loss. */
export const REGULARIZERS = defineRegistry('regularizer', {
  r1: regularizer({
    summary: "(γ/2)·E‖∇D(x)‖² at real samples", reference: 'Mescheder, Geiger & Nowozin 2018, eq. 9',
    options: weight('γ'), capabilities: ['penalty', 'inputGradient'],
    penalty: (c, gamma) => r1(c.critic, c.real, gamma),
  }),
  r2: regularizer({
    summary: "(γ/2)·E‖∇D(x̃)‖² at generated samples", reference: 'Mescheder, Geiger & Nowozin 2018, eq. 10',
    options: weight('γ'), capabilities: ['penalty', 'inputGradient'],
    penalty: (c, gamma) => r2(c.critic, c.fake, gamma),
  }),
  wganGp: regularizer({
    summary: 'λ·E[(‖∇D(x̂)‖ − 1)²] on random interpolates of real and fake', reference: 'Gulrajani et al. 2017, Algorithm 1',
    options: weight('λ'), capabilities: ['penalty', 'inputGradient'],
    penalty: (c, lambda) => wganGp(c.critic, c.real, c.fake, lambda, c.uniform([c.real.shape[0], 1], 5)),
  }),
  dragan: regularizer({
    summary: 'λ·E[(‖∇D(x + δ)‖ − 1)²] around the real data', reference: 'Kodali et al. 2017, eq. 3',
    options: weight('λ'), capabilities: ['penalty', 'inputGradient'],
    penalty: (c, lambda) => dragan(c.critic, c.real, lambda, draganPerturbation(c.real, c.uniform(c.real.shape, 6))),
  }),
  instanceNoise: regularizer({
    summary: "Gaussian noise σ·N(0, 1) on D's real and fake inputs, optionally annealed linearly to 0", reference: 'Sønderby et al. 2016; Arjovsky & Bottou 2017, §4',
    options: TObject({
      sigma: TNumber({ minimum: 0, description: 'σ at the start' }),
      annealSteps: Optional(TInteger({ minimum: 1, maximum: 2 ** 31 - 1, description: 'D updates until σ reaches 0 (unset: constant σ)' })),
    }, { additionalProperties: false }),
  }),
  weightClip: regularizer({
    summary: "clip D's weights to [−c, c] after each of its updates", reference: 'Arjovsky, Chintala & Bottou 2017, Algorithm 1, line 7',
    options: TNumber({ exclusiveMinimum: 0, description: 'c' }),
  }),
  consensus: regularizer({
    summary: 'both players descend their loss + (γ/2)·‖v‖², v the joint gradient field', reference: 'Mescheder, Nowozin & Geiger 2017, Algorithm 2',
    options: weight('γ'), capabilities: ['simultaneous'],
  }),
});
