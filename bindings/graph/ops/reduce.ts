// Reductions keep two dimensions: axis 0 sums down the columns ([r, c] -> [1, c]),
// axis 1 across each row ([r, c] -> [r, 1]), 'all' to [1, 1]. sumTo and broadcastTo are
// each other's VJP, which is how broadcasting binary ops route gradients.

import { Node, type Shape } from '../node.js';
import { apply, defineOp, requireF32, shapeError } from '../op.js';
import { div, eq, mul } from './elementwise.js';

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

function checkAxis(op: string, x: Node, axis: unknown): Axis {
  if (axis !== 0 && axis !== 1 && axis !== 'all') throw shapeError(op, [x], `axis must be 0, 1 or 'all', got ${String(axis)}`);
  return axis;
}

export const SUM = defineOp<{ axis: Axis }>({
  name: 'Sum',
  shape: (inputs, a) => { requireF32('Sum', inputs); return reducedShape(inputs[0].shape, checkAxis('Sum', inputs[0], a.axis)); },
  ref: ([x], node) => reduceRef(x, node.inputs[0].shape, node.attrs.axis, 0, (s, v) => s + v),
  vjp: (dy, node) => [broadcastTo(dy, node.inputs[0].shape)],
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
});

/** Σ over an axis (0: down columns -> [1, c]; 1: along rows -> [r, 1]; 'all' -> [1, 1]). */
export const sum = (x: Node, axis: Axis = 'all'): Node => apply(SUM, [x], { axis });
/** Σ x² over an axis, in one reduction (a norm's square). */
export const sumSquares = (x: Node, axis: Axis = 'all'): Node => apply(SUM_SQUARES, [x], { axis });
/** Mean over an axis (sum / count). */
export function mean(x: Node, axis: Axis = 'all'): Node {
  const count = axis === 'all' ? x.size : axis === 0 ? x.rows : x.cols;
  return mul(sum(x, axis), 1 / count);
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
