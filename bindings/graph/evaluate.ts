// The plain reference evaluation of a graph in f64 (each op's `ref`). Compiled programs
// are tested against it; gradients are checked with finite differences through it.

import { SaddleArgumentError } from '../errors.js';
import { finiteF32Numbers } from '../schema/values.js';
import type { Node } from './node.js';
import { topoOrder } from './topo.js';

/** Values for leaves that the reference cannot compute (parameters, inputs, random draws). */
export type LeafValues = ReadonlyMap<Node, ArrayLike<number>>;

/** Evaluates `outputs` in f64; returns one row-major Float64Array per output. */
export function evaluate(outputs: readonly Node[], leaves: LeafValues = new Map()): Float64Array[] {
  const values = new Map<Node, Float64Array>();
  const ctx = {
    leaf(node: Node): Float64Array {
      const v = leaves.get(node);
      if (v === undefined) throw new SaddleArgumentError('evaluate', 'leaves', `a value for ${node}`, 'nothing');
      if (v.length !== node.size) throw new SaddleArgumentError('evaluate', 'leaves', `${node.size} values for ${node}`, `${v.length}`);
      return Float64Array.from(v);
    },
  };
  // numbers only (NaN and ±Infinity are values here): null would be read as 0
  for (const [node, v] of leaves) finiteF32Numbers('evaluate', `leaves (the value of ${node})`, v, { finite: false, cols: node.cols });
  for (const node of topoOrder(outputs)) {
    const fed = leaves.get(node);
    values.set(node, fed !== undefined && !node.op.leaf ? Float64Array.from(fed) : node.op.ref(node.inputs.map((x) => values.get(x)!), node as never, ctx));
  }
  return outputs.map((y) => values.get(y)!);
}
