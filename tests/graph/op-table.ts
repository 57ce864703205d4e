// The one table of graph ops. Each op declares its own rows (OpDef.samples, next to its
// shape rule, lowering and VJP); this file turns them into rows and adds composites.
// tests/graph/ops.test.ts derives the gradient and second-order checks from it,
// tests/compile/ops.test.ts the compiled forward and gradient checks, tests/compile/tails.test.ts
// the tail sizes, and tests/graph/op-coverage.test.ts fails when an op is in no row.
import * as G from '../../bindings/index.js';
import type { Node, OpDef, Shape } from '../../bindings/graph/index.js';
import { registeredOps } from '../../bindings/graph/op.js';

export interface OpRow {
  name: string;
  /** shapes of the f32 inputs (each fed as a parameter leaf) */
  inputs: Shape[];
  /** value range per input (kept away from kinks and poles) */
  ranges?: Array<[number, number]>;
  /** an i32 index input: n rows, values */
  indices?: { n: number; values: number[] };
  build(xs: Node[], idx?: Node): Node;
  /** a kink (relu, abs, max): draw values at least this far from 0 and from each other */
  avoidKinks?: boolean;
  /** input shapes at tail size s, for the compiled tails test */
  tail?(s: number): Shape[];
}

/** The rows an op declares. */
export function rowsOf(op: OpDef): OpRow[] {
  return (op.samples ?? []).map((s) => ({
    name: s.name ?? op.name,
    inputs: s.inputs,
    ranges: s.ranges,
    indices: s.indices,
    avoidKinks: s.avoidKinks,
    tail: s.tail,
    build: s.build ?? ((xs) => G.graph.apply(op, xs, s.attrs ?? {})),
  }));
}

/** Rows that are no op's own: compositions and broadcasts across several ops. */
const COMPOSITES: OpRow[] = [
  { name: 'add number', inputs: [[2, 3]], build: ([x]) => G.graph.mul(G.graph.sub(2, x), G.graph.add(x, 0.5)) },
  { name: 'mul row', inputs: [[3, 4], [1, 4]], build: ([a, b]) => G.graph.mul(a, b), tail: (s) => [[5, s], [1, s]] },
  { name: 'sub col', inputs: [[3, 4], [3, 1]], build: ([a, b]) => G.graph.sub(a, b), tail: (s) => [[s, 5], [s, 1]] },
  {
    name: 'div scalar', inputs: [[3, 4], [1, 1]], build: ([a, b]) => G.graph.div(a, G.graph.add(G.graph.abs(b), 1)),
    avoidKinks: true, tail: (s) => [[s, 4], [1, 1]],
  },
  { name: 'maximum row/col', inputs: [[1, 4], [3, 1]], avoidKinks: true, build: ([a, b]) => G.graph.maximum(a, b), tail: (s) => [[1, s], [s, 1]] },
];

/** Every op's rows, in definition order, then the composites. */
export const OP_TABLE: OpRow[] = [...registeredOps().flatMap(rowsOf), ...COMPOSITES];
