// An op is defined once: its name, how it checks and infers shapes, its f64 reference
// (the plain evaluation compiled programs are tested against), and its vector-Jacobian
// product written in graph ops, so gradients are graphs and can be differentiated again.

import { SaddleArgumentError, SaddleShapeError } from '../errors.js';
import { Graph, Node, type DType, type Shape } from './node.js';

export interface RefContext {
  /** Values of leaf nodes that the reference cannot compute itself (inputs, random draws). */
  leaf(node: Node): Float64Array;
}

export interface OpDef<A extends Record<string, unknown> = Record<string, unknown>> {
  readonly name: string;
  /** Leaves have no inputs and hold state or data (parameters, inputs, constants, random draws). */
  readonly leaf?: boolean;
  /** Output shape from input shapes; throws SaddleShapeError naming the op and the shapes. */
  shape(inputs: readonly Node[], attrs: A): Shape;
  /** Output dtype (default f32). */
  dtype?(inputs: readonly Node[], attrs: A): DType;
  /** f64 reference: the output, row-major, from the inputs' values. */
  ref(values: readonly Float64Array[], node: Node & { attrs: A }, ctx: RefContext): Float64Array;
  /**
   * Cotangents of the inputs given the output's cotangent `dy`, as graph nodes (null: no
   * gradient flows to that input). Omitted: the op has a zero derivative everywhere it
   * is defined (comparisons, step, sign, leaves).
   */
  vjp?(dy: Node, node: Node & { attrs: A }): ReadonlyArray<Node | null>;
}

export function defineOp<A extends Record<string, unknown>>(def: OpDef<A>): OpDef<A> {
  return def;
}

/** Builds a node of `op` on `inputs` (all from one graph), inferring and checking its shape. */
export function apply<A extends Record<string, unknown>>(op: OpDef<A>, inputs: readonly Node[], attrs: A, graph?: Graph): Node {
  const g = graph ?? inputs[0]?.graph;
  if (!g) throw new SaddleArgumentError(op.name, 'inputs', 'at least one node (or a graph)', inputs);
  inputs.forEach((x, i) => {
    if (!(x instanceof Node)) throw new SaddleArgumentError(op.name, `input ${i}`, 'a graph node', x);
    if (x.graph !== g) throw new SaddleArgumentError(op.name, `input ${i}`, 'a node of the same graph', `a node of graph ${x.graph.id}`);
  });
  const shape = op.shape(inputs, attrs);
  const dtype = op.dtype ? op.dtype(inputs, attrs) : 'f32';
  return g.add(new Node(g, op as OpDef, inputs, attrs, shape, dtype));
}

export function shapeError(op: string, nodes: readonly Node[], detail: string): SaddleShapeError {
  return new SaddleShapeError(op, nodes.map((n) => n.shape), detail);
}

/** Checks that every input is f32 (most ops); names the op and the offending input. */
export function requireF32(op: string, inputs: readonly Node[]): void {
  inputs.forEach((x, i) => {
    if (x.dtype !== 'f32') throw new SaddleArgumentError(op, `input ${i}`, 'an f32 node', `an ${x.dtype} node (${x})`);
  });
}
