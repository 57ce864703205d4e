// Graph nodes. Every value is a 2-D f32 matrix with a static shape [rows, cols]:
// a scalar is [1, 1], a row vector [1, n], a column vector [n, 1]. (GAN and minimax
// models are matrices of samples × features; rank 2 maps one-to-one onto the kernels.)
// Index tensors (gather) have dtype 'i32'.

import type { OpDef } from './op.js';

export type Shape = readonly [rows: number, cols: number];
export type DType = 'f32' | 'i32';

let nextGraphId = 1;

/** A graph owns its nodes; nodes of different graphs never mix. */
export class Graph {
  readonly id = nextGraphId++;
  readonly nodes: Node[] = [];
  /** @internal */
  add(node: Node): Node {
    this.nodes.push(node);
    return node;
  }
}

export class Node {
  readonly id: number;
  readonly graph: Graph;
  readonly op: OpDef;
  readonly inputs: readonly Node[];
  readonly attrs: Readonly<Record<string, unknown>>;
  readonly shape: Shape;
  readonly dtype: DType;
  /** Optional label for errors, debugging and parameter lookup. */
  name?: string;

  /** @internal use the op builders */
  constructor(graph: Graph, op: OpDef, inputs: readonly Node[], attrs: Record<string, unknown>, shape: Shape, dtype: DType) {
    this.graph = graph;
    this.id = graph.nodes.length;
    this.op = op;
    this.inputs = inputs;
    this.attrs = attrs;
    this.shape = shape;
    this.dtype = dtype;
  }

  get rows(): number { return this.shape[0]; }
  get cols(): number { return this.shape[1]; }
  get size(): number { return this.shape[0] * this.shape[1]; }

  toString(): string {
    return `${this.op.name}#${this.id}${this.name ? `(${this.name})` : ''}[${this.shape.join('×')}]`;
  }
}
