// GAN losses as plain functions from the discriminator's raw outputs (logits, or critic
// values) to scalar graph nodes; gradients come from autodiff. See docs/losses.md.
//
// Convention: D(x) is a real score, high on real data. Every loss is a mean over the
// batch; dReal is [n, 1] (D on n real samples) and dFake is [m, 1] (D on m generated
// samples). The log-losses are written with softplus, never log(sigmoid(·)):
//   −log σ(t) = softplus(−t),   −log(1 − σ(t)) = softplus(t),
// which is exact in f64 and stays finite in f32 for every t.

import { Described, SaddleArgumentError } from '../errors.js';
import { Node } from '../graph/node.js';
import { add, mul, neg, relu, softplus, square, sub } from '../graph/ops/elementwise.js';
import { mean } from '../graph/ops/reduce.js';
import { checkOptions } from '../optim/check.js';

/** The loss kinds `ganLoss` knows, in the order the docs list them. */
export const GAN_LOSS_KINDS = [
  'minimax', 'nonSaturating', 'wasserstein', 'hinge', 'leastSquares', 'relativistic', 'relativisticAverage',
] as const;

export type GanLossKind = typeof GAN_LOSS_KINDS[number];

/** Kinds whose discriminator loss is a log-loss (the ones one-sided label smoothing applies to). */
const LOG_LOSS_KINDS: readonly GanLossKind[] = ['minimax', 'nonSaturating', 'relativistic', 'relativisticAverage'];

/** Least-squares GAN targets (Mao et al. 2017, eq. 2): a for fakes and b for reals in D's loss, c what G wants. */
export interface LeastSquaresLabels { a?: number; b?: number; c?: number }

export interface GanLossOptions {
  /**
   * One-sided label smoothing (Salimans et al. 2016, §3.4) for the log-loss kinds: D's real
   * target is s instead of 1, in (0, 1] (1 = no smoothing; 0.9 is common). Fakes keep target 0.
   */
  smoothing?: number;
  /** 'leastSquares' only: the targets { a = 0, b = 1, c = 1 }. */
  labels?: LeastSquaresLabels;
}

/** A GAN loss: one scalar ([1, 1]) objective per player, each to be minimized. */
export interface GanLoss {
  readonly name: GanLossKind;
  /** D's loss from D's outputs on a real batch [n, 1] and a fake batch [m, 1]. */
  discriminator(dReal: Node, dFake: Node): Node;
  /** G's loss from D's outputs on a fake batch [m, 1] (and on a real batch [n, 1]: required by the relativistic kinds). */
  generator(dFake: Node, dReal?: Node): Node;
}

// ---- checks ----

function checkColumn(fn: string, name: string, x: unknown): Node {
  if (!(x instanceof Node) || x.dtype !== 'f32' || x.shape[1] !== 1 || x.shape[0] < 1) {
    throw new SaddleArgumentError(fn, name, 'an f32 column node [n, 1] with n >= 1 (D\'s raw outputs, one per sample)',
      x instanceof Node ? new Described(`${x}`) : x);
  }
  return x;
}

function checkPair(fn: string, dReal: unknown, dFake: unknown, sameSize: boolean): [Node, Node] {
  const r = checkColumn(fn, 'dReal', dReal), f = checkColumn(fn, 'dFake', dFake);
  if (f.graph !== r.graph) throw new SaddleArgumentError(fn, 'dFake', 'a node of the graph of dReal', new Described(`${f} of graph ${f.graph.id}`));
  if (sameSize && f.rows !== r.rows) {
    throw new SaddleArgumentError(fn, 'dFake', `as many rows as dReal (${r.rows}): real and fake samples are paired by index`, new Described(`${f}`));
  }
  return [r, f];
}

function checkNumber(fn: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new SaddleArgumentError(fn, name, 'a finite number', value);
  return value;
}

// ---- building blocks (each a mean over the batch, [1, 1]) ----

/** −E[log σ(t)] = E[softplus(−t)]: the loss of scores t whose target is 1. */
const realLogLoss = (t: Node): Node => mean(softplus(neg(t)));
/** −E[log(1 − σ(t))] = E[softplus(t)]: the loss of scores t whose target is 0. */
const fakeLogLoss = (t: Node): Node => mean(softplus(t));
/**
 * −E[s·log σ(t) + (1 − s)·log(1 − σ(t))] = E[softplus(−t) + (1 − s)·t]: the real term with
 * target s (softplus(t) = softplus(−t) + t, exactly). s = 1 is realLogLoss.
 */
const smoothedRealLogLoss = (t: Node, s: number): Node => (s === 1 ? realLogLoss(t) : mean(add(softplus(neg(t)), mul(t, 1 - s))));

/**
 * The loss table: name → (discriminator, generator). See docs/losses.md for each formula
 * and its paper.
 *
 * @example
 * const loss = ganLoss('hinge');
 * const lossD = loss.discriminator(D(real), D(fake));   // E[relu(1 − D(x))] + E[relu(1 + D(G(z)))]
 * const lossG = loss.generator(D(fake));                // −E[D(G(z))]
 */
export function ganLoss(kind: GanLossKind, options?: GanLossOptions): GanLoss {
  const fn = 'ganLoss';
  if (typeof kind !== 'string' || !(GAN_LOSS_KINDS as readonly string[]).includes(kind)) {
    throw new SaddleArgumentError(fn, 'kind', `one of ${GAN_LOSS_KINDS.map((k) => `'${k}'`).join(', ')}`, kind);
  }
  const o = checkOptions(fn, options);
  let s = 1;
  if (o.smoothing !== undefined) {
    if (!LOG_LOSS_KINDS.includes(kind)) {
      throw new SaddleArgumentError(fn, 'smoothing', `unset for '${kind}' (label smoothing applies to the log-loss kinds ${LOG_LOSS_KINDS.map((k) => `'${k}'`).join(', ')})`, o.smoothing);
    }
    if (typeof o.smoothing !== 'number' || !(o.smoothing > 0 && o.smoothing <= 1)) {
      throw new SaddleArgumentError(fn, 'smoothing', 'a number in (0, 1] (the real target; 1 = no smoothing)', o.smoothing);
    }
    s = o.smoothing;
  }
  let labels = { a: 0, b: 1, c: 1 };
  if (o.labels !== undefined) {
    if (kind !== 'leastSquares') throw new SaddleArgumentError(fn, 'labels', `unset for '${kind}' (labels are for 'leastSquares')`, o.labels);
    const l = o.labels as LeastSquaresLabels;
    if (l === null || typeof l !== 'object' || Array.isArray(l)) throw new SaddleArgumentError(fn, 'labels', 'an object { a?, b?, c? }', l);
    labels = {
      a: l.a === undefined ? 0 : checkNumber(fn, 'labels.a', l.a),
      b: l.b === undefined ? 1 : checkNumber(fn, 'labels.b', l.b),
      c: l.c === undefined ? 1 : checkNumber(fn, 'labels.c', l.c),
    };
  }
  const needsReal = (dReal: unknown, name: string): Node => {
    if (dReal === undefined) throw new SaddleArgumentError(`${name}.generator`, 'dReal', `D's outputs on a real batch [n, 1] (the '${kind}' generator loss compares fakes with reals)`, dReal);
    return dReal as Node;
  };
  const side = (player: 'discriminator' | 'generator') => `ganLoss('${kind}').${player}`;
  const dOnly = (build: (r: Node, f: Node) => Node, paired = false) => (dReal: Node, dFake: Node): Node => {
    const [r, f] = checkPair(side('discriminator'), dReal, dFake, paired);
    return build(r, f);
  };
  const gFakeOnly = (build: (f: Node) => Node) => (dFake: Node, dReal?: Node): Node => {
    const f = checkColumn(side('generator'), 'dFake', dFake);
    if (dReal !== undefined) checkPair(side('generator'), dReal, f, false);
    return build(f);
  };
  const gBoth = (build: (f: Node, r: Node) => Node, paired: boolean) => (dFake: Node, dReal?: Node): Node => {
    const [r, f] = checkPair(side('generator'), needsReal(dReal, `ganLoss('${kind}')`), dFake, paired);
    return build(f, r);
  };

  switch (kind) {
    // Goodfellow et al. 2014, eq. 1: D ascends E[log σ(D(x))] + E[log(1 − σ(D(G(z))))]; G descends the second term.
    case 'minimax':
      return {
        name: kind,
        discriminator: dOnly((r, f) => add(smoothedRealLogLoss(r, s), fakeLogLoss(f))),
        generator: gFakeOnly((f) => neg(fakeLogLoss(f))),               // E[log(1 − σ(D(G(z))))]
      };
    // Goodfellow et al. 2014, §3: G maximizes log σ(D(G(z))) instead (strong gradients early on).
    case 'nonSaturating':
      return {
        name: kind,
        discriminator: dOnly((r, f) => add(smoothedRealLogLoss(r, s), fakeLogLoss(f))),
        generator: gFakeOnly((f) => realLogLoss(f)),                    // −E[log σ(D(G(z)))]
      };
    // Arjovsky, Chintala & Bottou 2017, Algorithm 1 (the critic maximizes E[D(x)] − E[D(G(z))]).
    case 'wasserstein':
      return {
        name: kind,
        discriminator: dOnly((r, f) => sub(mean(f), mean(r))),
        generator: gFakeOnly((f) => neg(mean(f))),
      };
    // Lim & Ye 2017 (Geometric GAN); Miyato et al. 2018 (spectral normalization).
    case 'hinge':
      return {
        name: kind,
        discriminator: dOnly((r, f) => add(mean(relu(sub(1, r))), mean(relu(add(f, 1))))),
        generator: gFakeOnly((f) => neg(mean(f))),
      };
    // Mao et al. 2017, eq. 2.
    case 'leastSquares': {
      const { a, b, c } = labels;
      return {
        name: kind,
        discriminator: dOnly((r, f) => mul(add(mean(square(sub(r, b))), mean(square(sub(f, a)))), 0.5)),
        generator: gFakeOnly((f) => mul(mean(square(sub(f, c))), 0.5)),
      };
    }
    // Jolicoeur-Martineau 2019 (RSGAN): the critic difference of paired samples.
    case 'relativistic':
      return {
        name: kind,
        discriminator: dOnly((r, f) => smoothedRealLogLoss(sub(r, f), s), true),
        generator: gBoth((f, r) => realLogLoss(sub(f, r)), true),
      };
    // Jolicoeur-Martineau 2019 (RaGAN): each sample against the other batch's mean score.
    case 'relativisticAverage':
      return {
        name: kind,
        discriminator: dOnly((r, f) => add(smoothedRealLogLoss(sub(r, mean(f)), s), fakeLogLoss(sub(f, mean(r))))),
        generator: gBoth((f, r) => add(realLogLoss(sub(f, mean(r))), fakeLogLoss(sub(r, mean(f)))), false),
      };
  }
}
