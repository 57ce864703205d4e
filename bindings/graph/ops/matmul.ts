// C = op(A)·op(B) with op(X) = X or Xᵀ, lowered to gemm_f32.

import type { Node } from '../node.js';
import { apply, defineOp, f32, requireF32, shapeError, type OpSample } from '../op.js';
import * as OP from '../../wasm/opcodes.js';
import { tanh } from './elementwise.js';

export interface MatMulOptions { transA?: boolean; transB?: boolean }

export const MATMUL = defineOp<{ transA: boolean; transB: boolean }>({
  name: 'MatMul',
  shape: (inputs, { transA, transB }) => {
    requireF32('MatMul', inputs);
    const [a, b] = inputs;
    const [m, ka] = transA ? [a.cols, a.rows] : [a.rows, a.cols];
    const [kb, n] = transB ? [b.cols, b.rows] : [b.rows, b.cols];
    if (ka !== kb) {
      throw shapeError('MatMul', inputs, `inner dimensions differ: op(A) is ${m}×${ka}, op(B) is ${kb}×${n}` +
        `${transA || transB ? ` (transA=${transA}, transB=${transB})` : ''}`);
    }
    return [m, n];
  },
  ref: ([a, b], node) => {
    const { transA, transB } = node.attrs;
    const [A, B] = node.inputs;
    const [m, n] = node.shape, k = transA ? A.rows : A.cols;
    const out = new Float64Array(m * n);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += (transA ? a[p * A.cols + i] : a[i * A.cols + p]) * (transB ? b[j * B.cols + p] : b[p * B.cols + j]);
        out[i * n + j] = s;
      }
    }
    return out;
  },
  // C = op(A)·op(B): d op(A) = dC·op(B)ᵀ, d op(B) = op(A)ᵀ·dC, transposed back where A or B is stored transposed.
  vjp: (dC, node) => {
    const [a, b] = node.inputs;
    const { transA, transB } = node.attrs;
    const dA = transA ? matmul(b, dC, { transA: transB, transB: true }) : matmul(dC, b, { transB: !transB });
    const dB = transB ? matmul(dC, a, { transA: true, transB: transA }) : matmul(a, dC, { transA: !transA });
    return [dA, dB];
  },
  lower: (node, { emitter, addr }) => {
    const [a, b] = node.inputs;
    const { transA, transB } = node.attrs;
    const k = transA ? a.rows : a.cols;
    emitter.emit(OP.EXEC_GEMM, transA ? 1 : 0, transB ? 1 : 0, node.rows, node.cols, k, f32(1),
      addr(a), Math.max(1, a.cols), addr(b), Math.max(1, b.cols), f32(0), addr(node), Math.max(1, node.cols));
  },
  samples: [
    ...([[false, false], [false, true], [true, false], [true, true]] as const).map(([transA, transB]): OpSample => ({
      name: `MatMul${transA ? ' transA' : ''}${transB ? ' transB' : ''}`,
      inputs: [transA ? [5, 3] : [3, 5], transB ? [4, 5] : [5, 4]],
      attrs: { transA, transB },
      tail: transA && transB ? (s) => [[s, 4], [6, s]] : !transA && !transB ? (s) => [[s, 7], [7, s]] : undefined,
    })),
    { name: 'MatMul k = s', inputs: [[3, 5], [5, 4]], attrs: { transA: false, transB: false }, tail: (s) => [[3, s], [s, 5]] },
    { name: 'MatMul chain (x·W)·Vᵀ', inputs: [[4, 3], [3, 5], [2, 5]], build: ([x, w, v]) => tanh(matmul(matmul(x, w), v, { transB: true })) },
  ],
});

/** op(A)·op(B); shapes are checked when the node is built. */
export function matmul(a: Node, b: Node, options: MatMulOptions = {}): Node {
  return apply(MATMUL, [a, b], { transA: options.transA ?? false, transB: options.transB ?? false });
}
