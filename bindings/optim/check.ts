// Hyper-parameter and argument checks shared by the optimizers. Each throws
// SaddleArgumentError naming the function, the argument, what was expected and what was given.

import { Described, SaddleArgumentError } from '../errors.js';
import { Node } from '../graph/node.js';
import type { GradientTransformation } from './transform.js';

/** A finite number in [min, max) (or [min, max] when `closed`). */
export function checkRange(fn: string, name: string, value: unknown, min: number, max: number, closed = false): number {
  const ok = typeof value === 'number' && Number.isFinite(value) && value >= min && (closed ? value <= max : value < max);
  if (!ok) {
    const range = max === Infinity ? `a finite number >= ${min}` : `a number in [${min}, ${max}${closed ? ']' : ')'}`;
    throw new SaddleArgumentError(fn, name, range, value);
  }
  return value as number;
}

/** A positive finite number. */
export function checkPositive(fn: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new SaddleArgumentError(fn, name, 'a positive finite number', value);
  }
  return value;
}

/** A non-empty array of f32 nodes of one graph. */
export function checkParams(fn: string, name: string, value: unknown): Node[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new SaddleArgumentError(fn, name, 'a non-empty array of graph nodes', value);
  }
  const graph = value[0] instanceof Node ? value[0].graph : undefined;
  value.forEach((x, i) => {
    if (!(x instanceof Node) || x.dtype !== 'f32') throw new SaddleArgumentError(fn, `${name}[${i}]`, 'an f32 graph node', x);
    if (x.graph !== graph) throw new SaddleArgumentError(fn, `${name}[${i}]`, `a node of the same graph as ${name}[0]`, new Described(`${x}`));
  });
  return value as Node[];
}

/** `value` is an array of f32 nodes with the shapes and graph of `like` (one per entry). */
export function checkLike(fn: string, name: string, value: unknown, like: readonly Node[], likeName: string): Node[] {
  if (!Array.isArray(value) || value.length !== like.length) {
    throw new SaddleArgumentError(fn, name, `an array of ${like.length} nodes, one per entry of '${likeName}'`,
      Array.isArray(value) ? new Described(`${value.length} nodes`) : value);
  }
  value.forEach((x, i) => {
    const s = like[i].shape;
    if (!(x instanceof Node) || x.dtype !== 'f32' || x.shape[0] !== s[0] || x.shape[1] !== s[1]) {
      throw new SaddleArgumentError(fn, `${name}[${i}]`, `an f32 node of the shape of ${likeName}[${i}] [${s.join(', ')}]`,
        x instanceof Node ? new Described(`${x}`) : x);
    }
    if (x.graph !== like[i].graph) {
      throw new SaddleArgumentError(fn, `${name}[${i}]`, `a node of the graph of ${likeName}[${i}]`, new Described(`${x} of graph ${x.graph.id}`));
    }
  });
  return value as Node[];
}

/** Over which tensors a norm is taken: all parameters together, or each parameter tensor on its own. */
export type NormScope = 'global' | 'layer';

export function checkTransform(fn: string, name: string, t: unknown): GradientTransformation {
  const ok = t !== null && typeof t === 'object' &&
    typeof (t as GradientTransformation).init === 'function' && typeof (t as GradientTransformation).update === 'function';
  if (!ok) throw new SaddleArgumentError(fn, name, 'a GradientTransformation { init, update }', t);
  return t as GradientTransformation;
}
