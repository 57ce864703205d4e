// Reductions keep two dimensions: axis 0 sums down the columns ([r, c] -> [1, c]),
// axis 1 across each row ([r, c] -> [r, 1]), 'all' to [1, 1]. sumTo and broadcastTo are
// each other's VJP, which is how broadcasting binary ops route gradients.

import { Node, type Shape } from '../node.js';
import { apply, defineOp, requireF32, shapeError, type LowerContext, type OpSample } from '../op.js';
import * as OP from '../../wasm/opcodes.js';
import { add, broadcastMode, div, eq, exp, mul, square } from './elementwise.js';

export type Axis = 0 | 1 | 'all';

function reducedShape(s: Shape, axis: Axis): Shape {
  return axis === 'all' ? [1, 1] : axis === 0 ? [1, s[1]] : [s[0], 1];
}

function reduceRef(x: Float64Array, [r, c]: Shape, axis: Axis, init: number, f: (acc: number, v: number) => number): Float64Array {
  const [or, oc] = reducedShape([r, c], axis);
  const out = new Float64Array(or * oc).fill(init);
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      const k = axis === 'all' ? 0 : axis === 0 ? j : i;
      out[k] = f(out[k], x[i * c + j]);
    }
  }
  return out;
}

const AXIS = { 0: OP.AXIS_COLS, 1: OP.AXIS_ROWS, all: OP.AXIS_ALL } as const;

/** One reduce_f32 instruction of kind REDUCE_*. */
function lowerReduce(kind: number) {
  return (node: Node & { attrs: { axis: Axis } }, { emitter, addr }: LowerContext) => {
    const x = node.inputs[0];
    emitter.emit(OP.EXEC_REDUCE, kind, AXIS[node.attrs.axis], addr(x), x.rows, x.cols, addr(node));
  };
}

/** One row per axis on a 3×4 input; tails over an s×6 input (6×s for 'all'). */
function axisSamples(name: string, avoidKinks = false): OpSample[] {
  return ([0, 1, 'all'] as const).map((axis) => ({
    name: `${name} axis ${axis}`, inputs: [[3, 4]], attrs: { axis }, avoidKinks,
    tail: (n: number) => [axis === 'all' ? [6, n] : [n, 6]],
  }));
}

function checkAxis(op: string, x: Node, axis: unknown): Axis {
  if (axis !== 0 && axis !== 1 && axis !== 'all') throw shapeError(op, [x], `axis must be 0, 1 or 'all', got ${String(axis)}`);
  return axis;
}

export const SUM = defineOp<{ axis: Axis }>({
  name: 'Sum',
  shape: (inputs, a) => { requireF32('Sum', inputs); return reducedShape(inputs[0].shape, checkAxis('Sum', inputs[0], a.axis)); },
  ref: ([x], node) => reduceRef(x, node.inputs[0].shape, node.attrs.axis, 0, (s, v) => s + v),
  vjp: (dy, node) => [broadcastTo(dy, node.inputs[0].shape)],
  lower: lowerReduce(OP.REDUCE_SUM),
  samples: [
    ...axisSamples('Sum'),
    ...([0, 1, 'all'] as const).map((axis): OpSample => ({
      name: `mean axis ${axis}`, inputs: [[3, 4]], build: ([x]) => mean(x, axis), tail: axis === 1 ? (n) => [[6, n]] : undefined,
    })),
    // an intermediate that may be empty feeding a value that is not
    { name: 'Sum axis 0 of exp', inputs: [[3, 4]], build: ([x]) => max(add(sum(exp(x), 0), 1), 0), tail: (n) => [[n, 6]] },
  ],
});

// y = Σ x² (one reduction, REDUCE_SUMSQ);  dy/dx = 2x
export const SUM_SQUARES = defineOp<{ axis: Axis }>({
  name: 'SumSquares',
  shape: (inputs, a) => { requireF32('SumSquares', inputs); return reducedShape(inputs[0].shape, checkAxis('SumSquares', inputs[0], a.axis)); },
  ref: ([x], node) => reduceRef(x, node.inputs[0].shape, node.attrs.axis, 0, (s, v) => s + v * v),
  vjp: (dy, node) => {
    const x = node.inputs[0];
    return [mul(broadcastTo(dy, x.shape), mul(x, 2))];
  },
  lower: lowerReduce(OP.REDUCE_SUMSQ),
  samples: axisSamples('SumSquares'),
});

// d max = dy spread evenly over the positions that attain the maximum
export const MAX = defineOp<{ axis: Axis }>({
  name: 'Max',
  shape: (inputs, a) => { requireF32('Max', inputs); return reducedShape(inputs[0].shape, checkAxis('Max', inputs[0], a.axis)); },
  ref: ([x], node) => reduceRef(x, node.inputs[0].shape, node.attrs.axis, -Infinity, (m, v) => (v > m || Number.isNaN(v) ? v : m)),
  vjp: (dy, node) => {
    const x = node.inputs[0];
    const hit = eq(x, broadcastTo(node, x.shape));
    const count = sum(hit, node.attrs.axis);
    return [mul(hit, broadcastTo(div(dy, count), x.shape))];
  },
  lower: lowerReduce(OP.REDUCE_MAX),
  samples: axisSamples('Max', true),
});

/** Repeats x (whose dimensions are each 1 or equal to `shape`'s) up to `shape`. */
export const BROADCAST_TO = defineOp<{ shape: Shape }>({
  name: 'BroadcastTo',
  shape: (inputs, a) => {
    const [r, c] = inputs[0].shape;
    if ((r !== 1 && r !== a.shape[0]) || (c !== 1 && c !== a.shape[1])) {
      throw shapeError('BroadcastTo', [inputs[0], { shape: a.shape } as Node], 'each dimension must be 1 or the target');
    }
    return a.shape;
  },
  ref: ([x], node) => {
    const [r, c] = node.attrs.shape, [xr, xc] = node.inputs[0].shape;
    const out = new Float64Array(r * c);
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[i * c + j] = x[(xr === 1 ? 0 : i) * xc + (xc === 1 ? 0 : j)];
    return out;
  },
  vjp: (dy, node) => [sumTo(dy, node.inputs[0].shape)],
  // x·1 with x broadcast: exact (keeps -0 and NaN payloads)
  lower: (node, { emitter, addr, one }) => {
    const x = node.inputs[0];
    emitter.emit(OP.EXEC_BINARY, OP.BINARY_MUL, addr(x), broadcastMode(x.shape, node.shape), one, OP.BCAST_SCALAR, addr(node), node.rows, node.cols);
  },
  samples: [{
    name: 'BroadcastTo row→matrix', inputs: [[1, 4]], tail: (n) => [[1, n]],
    build: ([x]) => mul(broadcastTo(x, [3, x.cols]), broadcastTo(square(x), [3, x.cols])),
  }],
});

/** Σ over an axis (0: down columns -> [1, c]; 1: along rows -> [r, 1]; 'all' -> [1, 1]). */
export const sum = (x: Node, axis: Axis = 'all'): Node => apply(SUM, [x], { axis });
/** Σ x² over an axis, in one reduction (a norm's square). */
export const sumSquares = (x: Node, axis: Axis = 'all'): Node => apply(SUM_SQUARES, [x], { axis });
/** Mean over an axis (sum / count; NaN over an empty axis, 0/0). */
export function mean(x: Node, axis: Axis = 'all'): Node {
  const count = axis === 'all' ? x.size : axis === 0 ? x.rows : x.cols;
  return count === 0 ? div(sum(x, axis), 0) : mul(sum(x, axis), 1 / count);
}
/** Max over an axis; the gradient is shared evenly among ties. */
export const max = (x: Node, axis: Axis = 'all'): Node => apply(MAX, [x], { axis });

export function broadcastTo(x: Node, shape: Shape): Node {
  return x.shape[0] === shape[0] && x.shape[1] === shape[1] ? x : apply(BROADCAST_TO, [x], { shape: [shape[0], shape[1]] });
}

/** Sums x down to `shape` (the inverse of broadcasting; identity when shapes match). */
export function sumTo(x: Node, shape: Shape): Node {
  const [r, c] = x.shape;
  if (r === shape[0] && c === shape[1]) return x;
  if (shape[0] === 1 && shape[1] === 1) return sum(x, 'all');
  if (shape[0] === 1 && shape[1] === c) return sum(x, 0);
  if (shape[1] === 1 && shape[0] === r) return sum(x, 1);
  throw shapeError('sumTo', [x, { shape } as Node], 'cannot sum to this shape');
}
