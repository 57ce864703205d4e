// Layers and model builders on the graph: dense layers (optionally spectrally normalized),
// activations, the minibatch standard-deviation feature, and MLPs. A module is its
// parameters, the assignments it needs each step (spectral norm's power iteration), and a
// function from an input node to an output node; apply it as often as needed (real and
// fake batches share the same weights, and identical subexpressions are computed once).

import { SaddleArgumentError } from '../errors.js';
import type { Graph, Node } from '../graph/node.js';
import * as G from '../graph/index.js';
import type { Initializer } from '../graph/ops/leaves.js';
import { ACTIVATIONS, type Activation, type ActivationName } from './registry.js';
import { INITIALIZER_SCHEMA } from './initializers.js';
import { nameOrKindSchema } from '../schema/kinds.js';
import { validate } from '../schema/validate.js';

export type { Activation, ActivationName };

export interface Module {
  /** Trainable parameters, in layer order (weight, then bias). */
  readonly params: Node[];
  /** Non-trainable state updated every step (spectral norm's u vectors). */
  readonly state: Node[];
  /** [state, new value] pairs to include in the phase that runs the module. */
  readonly assignments: Array<readonly [Node, Node]>;
  apply(x: Node): Node;
}

const ACTIVATION_SCHEMA = nameOrKindSchema(ACTIVATIONS);

function checkActivation(fn: string, name: string, activation: unknown): Activation {
  validate(fn, name, ACTIVATION_SCHEMA, activation);
  return activation as Activation;
}

export function activate(x: Node, activation: Activation): Node {
  const a = checkActivation('activate', 'activation', activation);
  return typeof a === 'string' ? ACTIVATIONS.entries[a].build(x, {}) : ACTIVATIONS.entries[a.kind].build(x, a as never);
}

/** x / ‖x‖ for a row vector (ε = 1e-12 keeps 0 finite). */
function normalize(x: Node): Node {
  return G.div(x, G.sqrt(G.add(G.sum(G.square(x)), 1e-12)));
}

export interface SpectralNorm {
  /** W / σ̂(W) */
  weight: Node;
  /** the estimate σ̂ = v·W·uᵀ */
  sigma: Node;
  /** the persistent left vector u ([1, cols]) */
  u: Node;
  /** this step's right vector v = normalize(u·Wᵀ) (a constant for the gradient) */
  v: Node;
  /** [u, u′]: one power iteration per step */
  assignment: readonly [Node, Node];
}

/**
 * Spectral normalization (Miyato et al. 2018, Alg. 1): one power iteration per step on a
 * persistent u, v = normalize(u·Wᵀ), u′ = normalize(v·W), σ̂ = v·W·u′ᵀ, W_SN = W/σ̂. u′ and v
 * are constants for the gradient (as in the paper's implementation), so ∂W_SN/∂W flows
 * through W and σ̂'s dependence on W only.
 */
export function spectralNorm(w: Node, options: { initU?: Initializer } = {}): SpectralNorm {
  const g = w.graph;
  const u = G.state(g, [1, w.cols], options.initU ?? { kind: 'normal', std: 1 }, w.name ? `${w.name}.u` : undefined);
  const v = G.stopGradient(normalize(G.matmul(u, w, { transB: true })));
  const uNext = G.stopGradient(normalize(G.matmul(v, w)));
  const sigma = G.sum(G.mul(G.matmul(v, w), uNext));
  return { weight: G.div(w, sigma), sigma, u, v, assignment: [u, uNext] };
}

/**
 * The minibatch standard-deviation feature (Karras et al. 2018, §3): the mean over features
 * of each feature's standard deviation over the batch, √(Var + 1e-8), appended to every row
 * as one more column ([n, d] → [n, d + 1]).
 */
export function minibatchStd(x: Node): Node {
  const centred = G.sub(x, G.mean(x, 0));
  const std = G.sqrt(G.add(G.mean(G.square(centred), 0), 1e-8));
  const feature = G.broadcastTo(G.mean(std), [x.rows, 1]);
  return G.concat([x, feature], 1);
}

export interface DenseOptions {
  /** weight initializer (default He for ReLU-family nets) */
  init?: Initializer;
  /** default true; biases start at zero */
  bias?: boolean;
  spectralNorm?: boolean;
  name?: string;
}

/** x·W + b with W of shape [inputs, outputs]. */
export function dense(g: Graph, inputs: number, outputs: number, options: DenseOptions = {}): Module {
  for (const [name, v] of [['inputs', inputs], ['outputs', outputs]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new SaddleArgumentError('dense', name, 'an integer >= 1', v);
  }
  if (options.init !== undefined) validate('dense', 'init', INITIALIZER_SCHEMA, options.init);
  const w = G.param(g, [inputs, outputs], options.init ?? { kind: 'he' }, options.name ? `${options.name}.w` : undefined);
  const b = options.bias === false ? null : G.param(g, [1, outputs], { kind: 'zeros' }, options.name ? `${options.name}.b` : undefined);
  const sn = options.spectralNorm ? spectralNorm(w) : null;
  const weight = sn ? sn.weight : w;
  return {
    params: b ? [w, b] : [w],
    state: sn ? [sn.u] : [],
    assignments: sn ? [sn.assignment] : [],
    apply(x: Node): Node {
      if (x.cols !== inputs) throw new SaddleArgumentError('dense.apply', 'x', `a node with ${inputs} columns`, `${x}`);
      const y = G.matmul(x, weight);
      return b ? G.add(y, b) : y;
    },
  };
}

export interface MlpOptions {
  /** layer widths from input to output, e.g. [2, 16, 16, 1] */
  widths: number[];
  /** hidden activation, one for all or one per hidden layer (default 'relu') */
  activation?: Activation | Activation[];
  /** activation of the output layer (default 'linear') */
  output?: Activation;
  /** weight initializer of every layer (default He) */
  init?: Initializer;
  spectralNorm?: boolean;
  /** append the minibatch standard-deviation feature before the last layer */
  minibatchStd?: boolean;
  name?: string;
}

/** A multilayer perceptron: dense layers with an activation after each but the last. */
export function mlp(g: Graph, options: MlpOptions): Module {
  const { widths } = options;
  if (!Array.isArray(widths) || widths.length < 2 || !widths.every((w) => Number.isInteger(w) && w >= 1)) {
    throw new SaddleArgumentError('mlp', 'widths', 'at least two integers >= 1 (input width, ..., output width)', widths);
  }
  if (options.init !== undefined) validate('mlp', 'init', INITIALIZER_SCHEMA, options.init);
  const hidden = widths.length - 2;
  const acts = Array.isArray(options.activation) ? options.activation : Array(hidden).fill(options.activation ?? 'relu');
  if (acts.length !== hidden) throw new SaddleArgumentError('mlp', 'activation', `one activation or ${hidden} (one per hidden layer)`, `${acts.length}`);
  const layers = widths.slice(1).map((out, l) => {
    const extra = options.minibatchStd && l === widths.length - 2 ? 1 : 0;
    return dense(g, widths[l] + extra, out, {
      init: options.init, spectralNorm: options.spectralNorm, name: options.name ? `${options.name}.${l}` : undefined,
    });
  });
  // validate activations now, not at first use
  acts.forEach((a, i) => checkActivation('mlp', `activation[${i}]`, a));
  checkActivation('mlp', 'output', options.output ?? 'linear');
  return {
    params: layers.flatMap((l) => l.params),
    state: layers.flatMap((l) => l.state),
    assignments: layers.flatMap((l) => l.assignments),
    apply(x: Node): Node {
      let h = x;
      layers.forEach((layer, l) => {
        if (options.minibatchStd && l === layers.length - 1) h = minibatchStd(h);
        h = layer.apply(h);
        h = activate(h, l < hidden ? acts[l] : options.output ?? 'linear');
      });
      return h;
    },
  };
}
