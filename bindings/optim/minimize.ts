// minimize: one training phase from a loss, its parameters and an optimizer.

import { Described, SaddleArgumentError } from '../errors.js';
import { grad } from '../autodiff/grad.js';
import { Node } from '../graph/node.js';
import type { Phase } from '../compile/program.js';
import { Object as TObject, Optional, String as TString } from '@sinclair/typebox';
import { resolveOptions } from '../schema/options.js';
import { checkParams } from './check.js';
import { applyUpdates, type GradientTransformation, type TransformState } from './transform.js';

/** A phase that takes one optimizer step, with what it was built from. */
export interface MinimizePhase extends Phase {
  /** The optimizer's state nodes (read them with program.read; log state.scalars, e.g. lr). */
  readonly state: TransformState;
  /** ∂loss/∂θ for each parameter, as graph nodes. */
  readonly grads: readonly Node[];
}

export interface MinimizeOptions {
  /** The name the loss is logged under (default 'loss'; log names are unique across a program's phases). */
  log?: string;
}

const MINIMIZE_OPTIONS = TObject({ log: Optional(TString({ default: 'loss', description: 'the name the loss is logged under' })) }, { additionalProperties: false });

/**
 * One optimizer step on `loss` as a compile() phase: g = ∂loss/∂θ (grad), then
 * `optimizer.update(g, state, params)`, and the assignments θ ← θ + u together with the
 * optimizer's state assignments (all computed from the values before the step). Logs the
 * loss, as evaluated before the step, as `options.log` (default 'loss'). Calls `optimizer.init(params)`: each call has its own state.
 *
 * @example
 * const w = graph.param(g, [1, 1], { kind: 'constant', value: 3 });
 * const program = compile(sd, { seed: 1, phases: [optim.minimize(graph.sum(graph.square(w)), [w], optim.sgd(0.1))] });
 * program.run(10);
 * program.read(w);   // Float32Array [3·0.8¹⁰ ≈ 0.322]
 */
export function minimize(loss: Node, params: readonly Node[], optimizer: GradientTransformation, options?: MinimizeOptions): MinimizePhase {
  const fn = 'minimize';
  const logName = resolveOptions<{ log: string }>(fn, MINIMIZE_OPTIONS, options).log;
  if (logName === '') throw new SaddleArgumentError(fn, 'options.log', 'a non-empty string', logName);
  if (!(loss instanceof Node) || loss.dtype !== 'f32' || loss.shape[0] !== 1 || loss.shape[1] !== 1) {
    throw new SaddleArgumentError(fn, 'loss', 'an f32 scalar node [1, 1]', loss instanceof Node ? new Described(`${loss}`) : loss);
  }
  const ps = checkParams(fn, 'params', params);
  ps.forEach((p, i) => {
    if (p.graph !== loss.graph) throw new SaddleArgumentError(fn, `params[${i}]`, 'a node of the loss\'s graph', new Described(`${p}`));
    if (p.op.name !== 'Parameter' && p.op.name !== 'State') {
      throw new SaddleArgumentError(fn, `params[${i}]`, 'a parameter or state node (an assignable leaf)', new Described(`${p}`));
    }
  });
  if (optimizer === null || typeof optimizer !== 'object' || typeof optimizer.init !== 'function' || typeof optimizer.update !== 'function') {
    throw new SaddleArgumentError(fn, 'optimizer', 'a GradientTransformation { init, update }', optimizer);
  }
  const grads = grad(loss, ps);
  const state = optimizer.init(ps);
  const { updates, assignments } = optimizer.update(grads, state, ps);
  return { updates: [...applyUpdates(ps, updates), ...assignments], logs: { [logName]: loss }, state, grads };
}
