// Shape and indexing ops: reshape, transpose, concat, slice (and pad, its VJP), gather of
// rows by i32 indices (and scatter-add, its VJP). Each VJP is the other op of its pair.

import { SaddleArgumentError } from '../../errors.js';
import { Node, type Shape } from '../node.js';
import { apply, defineOp, f32, shapeError } from '../op.js';
import * as OP from '../../wasm/opcodes.js';
import { exp, mul, square, tanh } from './elementwise.js';
import { randomIndices } from './leaves.js';

export const RESHAPE = defineOp<{ shape: Shape }>({
  name: 'Reshape',
  shape: (inputs, a) => {
    if (a.shape[0] * a.shape[1] !== inputs[0].size) throw shapeError('Reshape', [inputs[0], { shape: a.shape } as Node], 'sizes differ');
    return a.shape;
  },
  ref: ([x]) => x.slice(),
  vjp: (dy, node) => [reshape(dy, node.inputs[0].shape)],
  lower: (node, { emitter, addr }) => emitter.emit(OP.EXEC_COPY, addr(node.inputs[0]), addr(node), node.size),
  samples: [{
    name: 'Reshape', inputs: [[3, 4]],
    build: ([x]) => mul(reshape(x, [x.cols, x.rows]), reshape(exp(x), [x.cols, x.rows])),
    tail: (s) => [[s, 4]],
  }],
});

export const TRANSPOSE = defineOp({
  name: 'Transpose',
  shape: (inputs) => [inputs[0].cols, inputs[0].rows],
  ref: ([x], node) => {
    const [r, c] = node.inputs[0].shape, out = new Float64Array(r * c);
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = x[i * c + j];
    return out;
  },
  vjp: (dy) => [transpose(dy)],
  lower: (node, { emitter, addr }) => {
    const x = node.inputs[0];
    emitter.emit(OP.EXEC_TRANSPOSE, addr(x), x.rows, x.cols, addr(node));
  },
  samples: [
    { name: 'Transpose', inputs: [[3, 4], [4, 3]], build: ([x, y]) => mul(transpose(x), y) },
    { name: 'Transpose alone', inputs: [[3, 4]], tail: (s) => [[s, 3]] },
  ],
});

export const CONCAT = defineOp<{ axis: 0 | 1 }>({
  name: 'Concat',
  shape: (inputs, { axis }) => {
    if (inputs.length < 1) throw new SaddleArgumentError('concat', 'xs', 'at least one node', inputs);
    const other = axis === 0 ? 1 : 0;
    if (inputs.some((x) => x.shape[other] !== inputs[0].shape[other])) {
      throw shapeError('Concat', inputs, `every input needs the same ${other === 1 ? 'column' : 'row'} count to concatenate along axis ${axis}`);
    }
    const total = inputs.reduce((s, x) => s + x.shape[axis], 0);
    return axis === 0 ? [total, inputs[0].cols] : [inputs[0].rows, total];
  },
  ref: (values, node) => {
    const [r, c] = node.shape, out = new Float64Array(r * c);
    let offset = 0;
    node.inputs.forEach((x, k) => {
      const v = values[k];
      for (let i = 0; i < x.rows; i++) {
        for (let j = 0; j < x.cols; j++) {
          if (node.attrs.axis === 0) out[(offset + i) * c + j] = v[i * x.cols + j];
          else out[i * c + offset + j] = v[i * x.cols + j];
        }
      }
      offset += x.shape[node.attrs.axis];
    });
    return out;
  },
  vjp: (dy, node) => {
    let offset = 0;
    return node.inputs.map((x) => {
      const part = slice(dy, node.attrs.axis, offset, offset + x.shape[node.attrs.axis]);
      offset += x.shape[node.attrs.axis];
      return part;
    });
  },
  // each input is a block of the output: rows stacked (axis 0) or columns side by side (axis 1)
  lower: (node, { emitter, addr }) => {
    let offset = 0;
    for (const x of node.inputs) {
      if (x.size > 0) {
        const dst = addr(node) + 4 * (node.attrs.axis === 0 ? offset * node.cols : offset);
        emitter.emit(OP.EXEC_COPY2D, addr(x), Math.max(1, x.cols), dst, node.cols, x.rows, x.cols);
      }
      offset += x.shape[node.attrs.axis];
    }
  },
  samples: [
    { name: 'Concat axis 0', inputs: [[2, 3], [4, 3]], build: ([a, b]) => concat([a, square(b)], 0), tail: (s) => [[s, 3], [2, 3]] },
    { name: 'Concat axis 1', inputs: [[3, 2], [3, 1], [3, 3]], build: ([a, b, c]) => concat([a, b, exp(c)], 1) },
    { name: 'Concat axis 1 (empty first)', inputs: [[3, 2], [3, 2]], build: ([a, b]) => concat([b, a], 1), tail: (s) => [[3, s], [3, 2]] },
  ],
});

export const SLICE = defineOp<{ axis: 0 | 1; start: number; end: number }>({
  name: 'Slice',
  shape: (inputs, { axis, start, end }) => {
    const n = inputs[0].shape[axis];
    if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= n)) {
      throw shapeError('Slice', inputs, `[${start}, ${end}) is not a range within 0..${n} on axis ${axis}`);
    }
    return axis === 0 ? [end - start, inputs[0].cols] : [inputs[0].rows, end - start];
  },
  ref: ([x], node) => {
    const { axis, start } = node.attrs, [r, c] = node.shape, xc = node.inputs[0].cols;
    const out = new Float64Array(r * c);
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[i * c + j] = axis === 0 ? x[(start + i) * xc + j] : x[i * xc + start + j];
    return out;
  },
  vjp: (dy, node) => {
    const { axis, start, end } = node.attrs;
    return [pad(dy, axis, start, node.inputs[0].shape[axis] - end)];
  },
  lower: (node, { emitter, addr }) => {
    const x = node.inputs[0], start = node.attrs.start;
    const src = addr(x) + 4 * (node.attrs.axis === 0 ? start * x.cols : start);
    emitter.emit(OP.EXEC_COPY2D, src, x.cols, addr(node), node.cols, node.rows, node.cols);
  },
  samples: [
    { name: 'Slice axis 0', inputs: [[5, 3]], build: ([x]) => square(slice(x, 0, 1, x.rows - 1)), tail: (s) => [[s + 2, 3]] },
    { name: 'Slice axis 1', inputs: [[3, 5]], build: ([x]) => square(slice(x, 1, 2, 5)) },
  ],
});

/** Zeros before and after x along an axis (the VJP of slice). */
export const PAD = defineOp<{ axis: 0 | 1; before: number; after: number }>({
  name: 'Pad',
  shape: (inputs, { axis, before, after }) => {
    if (!(Number.isInteger(before) && Number.isInteger(after) && before >= 0 && after >= 0)) {
      throw shapeError('Pad', inputs, `before and after must be non-negative integers, got ${before} and ${after}`);
    }
    const [r, c] = inputs[0].shape;
    return axis === 0 ? [before + r + after, c] : [r, before + c + after];
  },
  ref: ([x], node) => {
    const { axis, before } = node.attrs, [r, c] = node.shape, [xr, xc] = node.inputs[0].shape;
    const out = new Float64Array(r * c);
    for (let i = 0; i < xr; i++) for (let j = 0; j < xc; j++) out[axis === 0 ? (before + i) * c + j : i * c + before + j] = x[i * xc + j];
    return out;
  },
  vjp: (dy, node) => {
    const { axis, before } = node.attrs;
    return [slice(dy, axis, before, before + node.inputs[0].shape[axis])];
  },
  lower: (node, { emitter, addr }) => {
    const x = node.inputs[0], before = node.attrs.before;
    emitter.emit(OP.EXEC_FILL, addr(node), node.size, f32(0));
    if (x.size > 0) {
      const dst = addr(node) + 4 * (node.attrs.axis === 0 ? before * node.cols : before);
      emitter.emit(OP.EXEC_COPY2D, addr(x), x.cols, dst, node.cols, x.rows, x.cols);
    }
  },
  samples: [{ name: 'Pad axis 1', inputs: [[3, 2]], build: ([x]) => exp(pad(x, 1, 1, 2)), tail: (s) => [[3, s]] }],
});

function checkIndices(op: string, idx: Node): void {
  if (idx.dtype !== 'i32' || idx.cols !== 1) throw shapeError(op, [idx], 'indices must be an i32 column [count, 1]');
}

/** out[k] = x[idx[k]] (rows); indices out of range are an error at run time. */
export const GATHER_ROWS = defineOp({
  name: 'GatherRows',
  shape: ([x, idx]) => { checkIndices('GatherRows', idx); return [idx.rows, x.cols]; },
  ref: ([x, idx], node) => {
    const [r, c] = node.shape, xr = node.inputs[0].rows, out = new Float64Array(r * c);
    for (let k = 0; k < r; k++) {
      const i = idx[k];
      if (!(i >= 0 && i < xr)) throw new RangeError(`GatherRows: index ${i} outside [0, ${xr})`);
      for (let j = 0; j < c; j++) out[k * c + j] = x[i * c + j];
    }
    return out;
  },
  vjp: (dy, node) => [scatterAddRows(dy, node.inputs[1], node.inputs[0].rows), null],
  lower: (node, { emitter, addr }) => {
    const [x, idx] = node.inputs;
    emitter.emit(OP.EXEC_GATHER_ROWS, addr(x), x.rows, x.cols, addr(idx), idx.rows, addr(node));
  },
  samples: [{
    name: 'GatherRows (repeated indices)', inputs: [[4, 3]], indices: { n: 4, values: [2, 0, 2, 3, 1] },
    build: ([x], idx) => square(gatherRows(x, idx!)),
  }],
});

/** out = zeros [rows, c]; out[idx[k]] += y[k] (the VJP of gatherRows). */
export const SCATTER_ADD_ROWS = defineOp<{ rows: number }>({
  name: 'ScatterAddRows',
  shape: ([y, idx], { rows }) => {
    checkIndices('ScatterAddRows', idx);
    if (idx.rows !== y.rows) throw shapeError('ScatterAddRows', [y, idx], 'one index per row of y');
    return [rows, y.cols];
  },
  ref: ([y, idx], node) => {
    const [r, c] = node.shape, out = new Float64Array(r * c);
    for (let k = 0; k < idx.length; k++) for (let j = 0; j < c; j++) out[idx[k] * c + j] += y[k * c + j];
    return out;
  },
  vjp: (dy, node) => [gatherRows(dy, node.inputs[1]), null],
  lower: (node, { emitter, addr }) => {
    const [y, idx] = node.inputs;
    emitter.emit(OP.EXEC_SCATTER_ADD_ROWS, addr(y), y.cols, addr(idx), idx.rows, addr(node), node.rows);
  },
  samples: [{
    name: 'ScatterAddRows', inputs: [[5, 3]], indices: { n: 4, values: [2, 0, 2, 3, 1] },
    build: ([y], idx) => tanh(scatterAddRows(y, idx!, 4)),
  }],
});

export const reshape = (x: Node, shape: Shape): Node => apply(RESHAPE, [x], { shape: [shape[0], shape[1]] });
export const transpose = (x: Node): Node => apply(TRANSPOSE, [x], {});
export const concat = (xs: readonly Node[], axis: 0 | 1): Node => apply(CONCAT, xs, { axis });
/** Rows (axis 0) or columns (axis 1) start..end-1. */
export const slice = (x: Node, axis: 0 | 1, start: number, end: number): Node => apply(SLICE, [x], { axis, start, end });
export const pad = (x: Node, axis: 0 | 1, before: number, after: number): Node => apply(PAD, [x], { axis, before, after });
export const gatherRows = (x: Node, idx: Node): Node => apply(GATHER_ROWS, [x, idx], {});
export const scatterAddRows = (y: Node, idx: Node, rows: number): Node => apply(SCATTER_ADD_ROWS, [y, idx], { rows });

/** `count` rows of `data` drawn uniformly with replacement, fresh every run (random indices + gather). */
export function sampleRows(data: Node, count: number, stream: number): Node {
  return gatherRows(data, randomIndices(data.graph, data.rows, count, stream));
}
