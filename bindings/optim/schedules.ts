// Learning-rate schedules: functions from the step count t (a [1, 1] node holding
// 0, 1, 2, ... — the number of updates made before this one) to the learning rate, a
// [1, 1] node. They build ops only; a compiled program evaluates them every step.
//
// Step counts are f32 state: integers are exact up to 2^24 = 16,777,216, where the count
// stops growing (2^24 + 1 rounds back to 2^24), so every schedule holds its value from then on.

import { Described, SaddleArgumentError } from '../errors.js';
import { Node } from '../graph/node.js';
import { add, div, eq, exp, ge, minimum, mul, relu, square, sub } from '../graph/ops/elementwise.js';
import { constant } from '../graph/ops/leaves.js';
import { sum } from '../graph/ops/reduce.js';
import { checkPositive } from './check.js';
import type { COSINE_OPTIONS, EXPONENTIAL_OPTIONS, STEP_OPTIONS } from './options.js';
import { WARMUP_OPTIONS } from './options.js';
import { scheduleOptions } from './registry.js';
import { resolveOptions } from '../schema/options.js';

/** A learning rate as a function of the step count t ([1, 1] node) to a [1, 1] node. */
export type Schedule = (step: Node) => Node;

/** The largest exact f32 step count (the count saturates there). */
const MAX_STEP = 2 ** 24;

function checkStep(fn: string, step: unknown): Node {
  if (!(step instanceof Node) || step.dtype !== 'f32' || step.shape[0] !== 1 || step.shape[1] !== 1) {
    throw new SaddleArgumentError(fn, 'step', 'an f32 scalar node [1, 1]', step instanceof Node ? new Described(`${step}`) : step);
  }
  return step;
}

const scalar = (like: Node, v: number) => constant(like.graph, [v], [1, 1]);

/** lr(t) = v. */
export function constantSchedule(value: number, options?: Record<string, never>): Schedule {
  const v = checkPositive('constantSchedule', 'value', value);
  scheduleOptions('constant', 'constantSchedule', options); // it has none: any key is refused
  return (step) => scalar(checkStep('constantSchedule', step), v);
}

/**
 * lr(t) = v·rate^(t/every), computed as v·exp(t·(ln rate)/every): continuous exponential
 * decay (rate < 1) by a factor `rate` every `every` steps. f32 error: about
 * (|t·ln(rate)/every| + 2) ulps relative.
 */
export function exponentialDecay(value: number, options: { rate: number; every: number }): Schedule {
  const fn = 'exponentialDecay';
  const v = checkPositive(fn, 'value', value);
  const { rate, every } = scheduleOptions<typeof EXPONENTIAL_OPTIONS>('exponential', fn, options);
  const k = Math.log(rate) / every;
  return (step) => {
    const t = checkStep(fn, step);
    return k === 0 ? scalar(t, v) : mul(exp(mul(t, k)), v);
  };
}

/**
 * Step decay: lr(t) = v·factor^⌊t/every⌋, multiplying the rate by `factor` every `every`
 * steps (every a positive integer, factor in (0, 1]).
 *
 * There is no floor op, so n = ⌊t/every⌋ is counted exactly with comparisons, in two
 * levels so the cost is O(√N) for N possible values of n: with blocks of B values of n,
 * hi = #{j >= 1 : t >= j·B·every}, r = t − hi·B·every and lo = #{i >= 1 : r >= i·every},
 * so n = hi·B + lo (every quantity is an integer below 2^24, so every f32 operation on it is
 * exact). The rate is then the product of two table entries picked by one-hot masks,
 * (v·factor^(hi·B))·factor^lo, each entry rounded to f32 from f64, so lr(t) is within 1.5
 * ulps of v·factor^n. N stops where v·factor^n underflows f32 (the rate is 0 from there) or
 * at 2^24/every, where the step count saturates.
 */
export function stepDecay(value: number, options: { every: number; factor: number }): Schedule {
  const fn = 'stepDecay';
  const v = checkPositive(fn, 'value', value);
  const { every, factor } = scheduleOptions<typeof STEP_OPTIONS>('step', fn, options);
  if (factor === 1) return constantSchedule(v);
  // values n = 0 .. N − 1; beyond the last, v·factor^n is below half the least f32 subnormal
  const underflow = Math.max(0, Math.ceil(Math.log(2 ** -150 / v) / Math.log(factor))) + 1;
  const count = Math.min(Math.floor(MAX_STEP / every), underflow) + 1;
  const block = Math.ceil(Math.sqrt(count));
  const blocks = Math.ceil(count / block);
  const span = block * every;
  const range = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));
  return (step) => {
    const t = checkStep(fn, step);
    const g = t.graph;
    // #{thresholds <= x}: exact, a sum of ones
    const crossed = (x: Node, thresholds: number[]) => sum(ge(x, constant(g, thresholds, [1, thresholds.length])), 'all');
    // table[k] for an exact integer k in [0, table.length): one-hot, then a sum with a single nonzero term
    const pick = (k: Node, table: number[]) => table.length === 1
      ? scalar(t, table[0])
      : sum(mul(eq(k, constant(g, range(table.length, (i) => i), [1, table.length])), constant(g, table, [1, table.length])), 'all');
    let hi: Node | null = null;
    let r = t;
    if (blocks > 1) {
      hi = crossed(t, range(blocks - 1, (j) => (j + 1) * span));
      r = sub(t, mul(hi, span));
    }
    const lo = block > 1 ? crossed(r, range(block - 1, (i) => (i + 1) * every)) : null;
    const coarse = hi ? pick(hi, range(blocks, (j) => v * factor ** (j * block))) : scalar(t, v);
    return lo ? mul(coarse, pick(lo, range(block, (i) => factor ** i))) : coarse;
  };
}

/**
 * sin y for y in [0, π/2]: y·(1 + z·(c₁ + z·(c₂ + … + z·c₆))) with z = y² and the Taylor
 * coefficients cₖ = (−1)ᵏ/(2k+1)!, i.e. the series to y¹³. Truncation error
 * ≤ (π/2)¹⁵/15! < 7e-10; with the coefficients rounded to f32 (graph constants are f32)
 * the error in exact arithmetic is below 5e-8 (1.5e-8 measured against Math.sin by
 * tests/optim/schedules.test.ts); evaluated in f32, a few ulps of 1 are added.
 * (There is no sin or cos op; this is all cosineDecay needs.)
 */
export function sinQuadrant(y: Node): Node {
  const z = square(y);
  let p: Node | number = 0;
  for (let k = 6; k >= 1; k--) {
    let factorial = 1;
    for (let i = 2; i <= 2 * k + 1; i++) factorial *= i;
    const c = (k % 2 === 0 ? 1 : -1) / factorial;
    p = typeof p === 'number' ? mul(z, c) : mul(z, add(p, c));
  }
  return add(mul(y, p as Node), y); // y + y·z·(…): the leading 1 is exact
}

/**
 * Cosine decay without restarts (SGDR, Loshchilov & Hutter 2017, eq. 5, one period):
 * lr(t) = v·(α + (1 − α)·½(1 + cos(π·min(t, steps)/steps))), from v down to α·v at
 * t = steps, then constant.
 *
 * With no cos op, the identity ½(1 + cos πx) = cos²(πx/2) = sin²(π(1 − x)/2) turns it into
 * sin on [0, π/2] (see sinQuadrant), with no cancellation near either end: in f32 the
 * schedule is within 3e-7·v of the closed form.
 */
export function cosineDecay(value: number, options: { steps: number; alpha?: number }): Schedule {
  const fn = 'cosineDecay';
  const v = checkPositive(fn, 'value', value);
  const { steps, alpha } = scheduleOptions<typeof COSINE_OPTIONS>('cosine', fn, options);
  return (step) => {
    const t = checkStep(fn, step);
    // π(1 − x)/2 = (steps − min(t, steps))·π/(2·steps) = relu(steps − t)·π/(2·steps)
    const y = mul(relu(sub(steps, t)), Math.PI / (2 * steps));
    const s = sinQuadrant(y);
    const shaped = mul(square(s), v * (1 - alpha));
    return alpha === 0 ? shaped : add(shaped, v * alpha);
  };
}

/**
 * Linear warm-up from 0, then `schedule` (started afresh):
 * lr(t) = schedule(0)·t/steps for t < steps, schedule(t − steps) from then on, computed as
 * min(t/steps, 1)·schedule(max(t − steps, 0)). The first update (t = 0) has rate 0.
 */
export function warmup(schedule: Schedule, options: { steps: number }): Schedule {
  const fn = 'warmup';
  if (typeof schedule !== 'function') throw new SaddleArgumentError(fn, 'schedule', 'a Schedule (step => [1, 1] node)', schedule);
  const { steps } = resolveOptions<{ steps: number }>(fn, WARMUP_OPTIONS, options);
  return (step) => {
    const t = checkStep(fn, step);
    return mul(minimum(div(t, steps), 1), checkScheduleOutput(fn, schedule(relu(sub(t, steps))), t));
  };
}

/** Checks that a schedule returned a [1, 1] f32 node of the step's graph. */
export function checkScheduleOutput(fn: string, lr: unknown, step: Node, argument = 'schedule'): Node {
  if (!(lr instanceof Node) || lr.dtype !== 'f32' || lr.shape[0] !== 1 || lr.shape[1] !== 1 || lr.graph !== step.graph) {
    throw new SaddleArgumentError(fn, argument, 'a Schedule returning an f32 [1, 1] node of the step\'s graph',
      new Described(`a Schedule returning ${lr instanceof Node ? `${lr}` : typeof lr}`));
  }
  return lr;
}
