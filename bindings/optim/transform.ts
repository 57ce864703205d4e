// Gradient transformations, optax-style: an optimizer is a pair (init, update) that emits
// graph ops. Nothing numeric runs in JS: `init` creates persistent state nodes (moments,
// step counts) and `update` returns the transformed updates plus the assignments
// [state, new value] that a compiled phase performs, simultaneously with the parameter
// assignments, once per run of the phase. Transformations compose with `chain`.

import { SaddleArgumentError } from '../errors.js';
import type { Node } from '../graph/node.js';
import { add } from '../graph/ops/elementwise.js';
import { checkLike, checkParams } from './check.js';

/** What a transformation's `init` made: its persistent state nodes, for its own `update`. */
export interface TransformState {
  /** Every persistent state node the transformation created (moments, step counts), in creation order. */
  readonly nodes: readonly Node[];
  /**
   * Scalar ([1, 1]) nodes worth logging, by name: `lr` is the learning rate the update
   * applies this step. Put them in a phase's logs to record them every run.
   */
  readonly scalars: Readonly<Record<string, Node>>;
}

/** What a transformation's `update` returns. */
export interface TransformUpdate {
  /** The transformed updates, one per parameter, of the parameters' shapes. */
  updates: Node[];
  /** [state node, new value] pairs the phase must perform (all together, from the current state). */
  assignments: Array<readonly [Node, Node]>;
}

/**
 * An optimizer or one step of one: `init(params)` creates state nodes, `update(updates,
 * state, params)` maps incoming updates (gradients, for the first transformation) to
 * outgoing ones and says how the state advances. Both only build graph nodes.
 */
export interface GradientTransformation<S extends TransformState = TransformState> {
  init(params: readonly Node[]): S;
  update(updates: readonly Node[], state: S, params: readonly Node[]): TransformUpdate;
}

/**
 * Builds a transformation with the argument checks every one shares: `init` takes a
 * non-empty array of nodes of one graph; `update` takes a state from this very
 * transformation's `init`, and updates and params of the shapes `init` saw.
 */
export function defineTransform<S extends TransformState>(
  name: string,
  init: (params: Node[]) => S,
  update: (updates: Node[], state: S, params: Node[]) => TransformUpdate,
): GradientTransformation<S> {
  const issued = new WeakMap<object, readonly Node[]>();
  return Object.freeze({
    init(params: readonly Node[]): S {
      const ps = checkParams(`${name}.init`, 'params', params);
      const state = init(ps);
      issued.set(state, ps.slice());
      return state;
    },
    update(updates: readonly Node[], state: S, params: readonly Node[]): TransformUpdate {
      const fn = `${name}.update`;
      const initParams = state !== null && typeof state === 'object' ? issued.get(state) : undefined;
      if (!initParams) throw new SaddleArgumentError(fn, 'state', `the state returned by this ${name}'s init`, state);
      const ps = checkLike(fn, 'params', params, initParams, 'the params given to init');
      const us = checkLike(fn, 'updates', updates, initParams, 'params');
      return update(us, state, ps);
    },
  });
}

/** The state of `chain(...)`: the states of its transformations, in order. */
export interface ChainState extends TransformState {
  readonly inner: readonly TransformState[];
}

/**
 * Applies transformations one after another: the updates one returns are the updates the
 * next one sees; the assignments of all are performed together. `chain()` is the identity.
 * Scalars of the inner states are merged (on a name clash, the later transformation's wins).
 *
 * @example
 * // Adam (Kingma & Ba 2015) is
 * const adam = chain(scaleByAdam({ b1: 0.9, b2: 0.999, eps: 1e-8 }), scaleByLearningRate(1e-3));
 */
export function chain(...transforms: GradientTransformation[]): GradientTransformation<ChainState> {
  transforms.forEach((t, i) => {
    if (t === null || typeof t !== 'object' || typeof t.init !== 'function' || typeof t.update !== 'function') {
      throw new SaddleArgumentError('chain', `transforms[${i}]`, 'a GradientTransformation { init, update }', t);
    }
  });
  const parts = transforms.slice();
  return defineTransform<ChainState>(
    'chain',
    (params) => {
      const inner = parts.map((t) => t.init(params));
      return {
        inner,
        nodes: inner.flatMap((s) => s.nodes),
        scalars: Object.assign({}, ...inner.map((s) => s.scalars)) as Record<string, Node>,
      };
    },
    (updates, state, params) => {
      let current = updates;
      const assignments: Array<readonly [Node, Node]> = [];
      parts.forEach((t, i) => {
        const out = t.update(current, state.inner[i], params);
        current = out.updates;
        assignments.push(...out.assignments);
      });
      return { updates: current, assignments };
    },
  );
}

/** The assignments [param, param + update] that apply updates to parameters (θ ← θ + u). */
export function applyUpdates(params: readonly Node[], updates: readonly Node[]): Array<readonly [Node, Node]> {
  const ps = checkParams('applyUpdates', 'params', params);
  const us = checkLike('applyUpdates', 'updates', updates, ps, 'params');
  return ps.map((p, i) => [p, add(p, us[i])] as const);
}
