// GAN losses as plain functions from the discriminator's raw outputs (logits, or critic
// values) to scalar graph nodes; gradients come from autodiff. See docs/losses.md.
//
// Convention: D(x) is a real score, high on real data. Every loss is a mean over the
// batch; dReal is [n, 1] (D on n real samples) and dFake is [m, 1] (D on m generated
// samples). The log-losses are written with softplus, never log(sigmoid(·)):
//   −log σ(t) = softplus(−t),   −log(1 − σ(t)) = softplus(t),
// which is exact in f64 and stays finite in f32 for every t.

import { Number as TNumber, Object as TObject, Optional, type Static, type TObject as TObjectSchema, type TProperties } from '@sinclair/typebox';
import { Described, SaddleArgumentError } from '../errors.js';
import { Node } from '../graph/node.js';
import { add, mul, neg, relu, softplus, square, sub } from '../graph/ops/elementwise.js';
import { mean } from '../graph/ops/reduce.js';
import { defineRegistry } from '../registry.js';

/** Least-squares GAN targets (Mao et al. 2017, eq. 2): a for fakes and b for reals in D's loss, c what G wants. */
export interface LeastSquaresLabels { a?: number; b?: number; c?: number }

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

const strict = <P extends TProperties>(properties: P) => TObject(properties, { additionalProperties: false });

/** One-sided label smoothing (Salimans et al. 2016, §3.4): D's real target s in (0, 1]; fakes keep 0. */
const smoothing = Optional(TNumber({ exclusiveMinimum: 0, maximum: 1, default: 1, description: "D's real target (one-sided label smoothing, Salimans et al. 2016 §3.4); 1 = none, 0.9 is common" }));
const target = (description: string, fallback: number) => Optional(TNumber({ default: fallback, description }));

/** The two players' objectives from D's raw outputs: each a [1, 1] node to minimize. */
export interface LossParts {
  discriminator(dReal: Node, dFake: Node): Node;
  generator(dFake: Node, dReal: Node): Node;
}

export interface LossEntry<O extends TObjectSchema = TObjectSchema> {
  summary: string;
  reference: string;
  options: O;
  /** 'logLoss': D's loss is a log-loss (label smoothing applies); 'needsReal': G's loss reads D(real); 'paired': real and fake rows are paired by index. */
  capabilities?: readonly ('logLoss' | 'needsReal' | 'paired')[];
  build(options: Static<O>): LossParts;
}

const loss = <O extends TObjectSchema>(entry: LossEntry<O>): LossEntry<O> => entry;

/**
 * The loss registry: name → summary, reference, options, builder. docs/losses.md has each
 * formula; `saddle train --help`, the playground and config.schema.json list these names.
 *
 * @example
 * const hinge = ganLoss('hinge');
 * const lossD = hinge.discriminator(D(real), D(fake));   // E[relu(1 − D(x))] + E[relu(1 + D(G(z)))]
 * const lossG = hinge.generator(D(fake));                // −E[D(G(z))]
 */
export const LOSSES = defineRegistry('loss', {
  minimax: loss({
    summary: 'the original minimax GAN: G minimizes E[log(1 − σ(D(G(z))))]', reference: 'Goodfellow et al. 2014, eq. 1',
    options: strict({ smoothing }), capabilities: ['logLoss'],
    build: ({ smoothing: s = 1 }) => ({
      discriminator: (r, f) => add(smoothedRealLogLoss(r, s), fakeLogLoss(f)),
      generator: (f) => neg(fakeLogLoss(f)),
    }),
  }),
  nonSaturating: loss({
    summary: 'G maximizes log σ(D(G(z))) instead (strong gradients early on)', reference: 'Goodfellow et al. 2014, §3',
    options: strict({ smoothing }), capabilities: ['logLoss'],
    build: ({ smoothing: s = 1 }) => ({
      discriminator: (r, f) => add(smoothedRealLogLoss(r, s), fakeLogLoss(f)),
      generator: (f) => realLogLoss(f),
    }),
  }),
  wasserstein: loss({
    summary: 'the critic maximizes E[D(x)] − E[D(G(z))]', reference: 'Arjovsky, Chintala & Bottou 2017, Algorithm 1',
    options: strict({}),
    build: () => ({ discriminator: (r, f) => sub(mean(f), mean(r)), generator: (f) => neg(mean(f)) }),
  }),
  hinge: loss({
    summary: 'E[relu(1 − D(x))] + E[relu(1 + D(G(z)))] for D, −E[D(G(z))] for G', reference: 'Lim & Ye 2017 (Geometric GAN); Miyato et al. 2018',
    options: strict({}),
    build: () => ({ discriminator: (r, f) => add(mean(relu(sub(1, r))), mean(relu(add(f, 1)))), generator: (f) => neg(mean(f)) }),
  }),
  leastSquares: loss({
    summary: 'squared distances to targets a (fakes), b (reals) for D and c for G', reference: 'Mao et al. 2017, eq. 2',
    options: strict({ labels: Optional(strict({ a: target('D\'s target for fakes', 0), b: target('D\'s target for reals', 1), c: target('G\'s target for its fakes', 1) })) }),
    build: ({ labels = {} }) => {
      const a = labels.a ?? 0, b = labels.b ?? 1, c = labels.c ?? 1;
      return {
        discriminator: (r, f) => mul(add(mean(square(sub(r, b))), mean(square(sub(f, a)))), 0.5),
        generator: (f) => mul(mean(square(sub(f, c))), 0.5),
      };
    },
  }),
  relativistic: loss({
    summary: 'RSGAN: the log-loss of the critic difference D(x) − D(G(z)) of paired samples', reference: 'Jolicoeur-Martineau 2019, eq. 8',
    options: strict({ smoothing }), capabilities: ['logLoss', 'needsReal', 'paired'],
    build: ({ smoothing: s = 1 }) => ({
      discriminator: (r, f) => smoothedRealLogLoss(sub(r, f), s),
      generator: (f, r) => realLogLoss(sub(f, r)),
    }),
  }),
  relativisticAverage: loss({
    summary: "RaGAN: each sample's score against the other batch's mean score", reference: 'Jolicoeur-Martineau 2019, eq. 11',
    options: strict({ smoothing }), capabilities: ['logLoss', 'needsReal'],
    build: ({ smoothing: s = 1 }) => ({
      discriminator: (r, f) => add(smoothedRealLogLoss(sub(r, mean(f)), s), fakeLogLoss(sub(f, mean(r)))),
      generator: (f, r) => add(realLogLoss(sub(f, mean(r))), fakeLogLoss(sub(r, mean(f)))),
    }),
  }),
  relativisticAverageHinge: loss({
    summary: "RaHinge: the hinge loss of each sample's score against the other batch's mean score", reference: 'Jolicoeur-Martineau 2019, §4.3 (relativistic average GANs) with the hinge loss (RaHingeGAN)',
    options: strict({}), capabilities: ['needsReal'],
    build: () => ({
      discriminator: (r, f) => add(mean(relu(sub(1, sub(r, mean(f))))), mean(relu(add(sub(f, mean(r)), 1)))),
      generator: (f, r) => add(mean(relu(sub(1, sub(f, mean(r))))), mean(relu(add(sub(r, mean(f)), 1)))),
    }),
  }),
});

export type GanLossKind = (typeof LOSSES.names)[number];
/** The options of every loss kind together (each kind accepts only its own: see LOSSES). */
export type GanLossOptions = { smoothing?: number; labels?: LeastSquaresLabels };
/** The loss kinds, in the order the docs list them. */
export const GAN_LOSS_KINDS: readonly GanLossKind[] = LOSSES.names;

/** Whether G's loss of `kind` reads D on a real batch too (the relativistic kinds): no per-point gradient field then. */
export function lossNeedsReal(kind: GanLossKind): boolean {
  return LOSSES.withCapability('needsReal').includes(kind);
}

/** A loss's options checked against its entry: inapplicable or unknown keys are errors. */
export function checkLossOptions(fn: string, kind: GanLossKind, options: unknown, path = ''): void {
  LOSSES.checkOptions(kind, options, fn, path);
}

/**
 * The GAN loss `kind` with its options, as a pair of functions from D's raw outputs to
 * each player's objective, with its inputs checked.
 */
export function ganLoss(kind: GanLossKind, options?: GanLossOptions): GanLoss {
  const fn = 'ganLoss';
  const entry = LOSSES.get(kind, fn, 'kind');
  checkLossOptions(fn, kind, options);
  const parts = entry.build((options ?? {}) as never);
  const caps = entry.capabilities ?? [];
  const paired = caps.includes('paired');
  const side = (player: 'discriminator' | 'generator') => `ganLoss('${kind}').${player}`;
  return {
    name: kind,
    discriminator: (dReal, dFake) => {
      const [r, f] = checkPair(side('discriminator'), dReal, dFake, paired);
      return parts.discriminator(r, f);
    },
    generator: (dFake, dReal) => {
      if (caps.includes('needsReal')) {
        if (dReal === undefined) throw new SaddleArgumentError(`ganLoss('${kind}').generator`, 'dReal', `D's outputs on a real batch [n, 1] (the '${kind}' generator loss compares fakes with reals)`, dReal);
        const [r, f] = checkPair(side('generator'), dReal, dFake, paired);
        return parts.generator(f, r);
      }
      const f = checkColumn(side('generator'), 'dFake', dFake);
      if (dReal !== undefined) checkPair(side('generator'), dReal, f, false);
      return parts.generator(f, f);
    },
  };
}
