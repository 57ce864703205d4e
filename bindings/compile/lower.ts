// Lowering: one emitter per graph op, turning a node into executor instructions.
// The compiler gives each emitter the byte address of every value it needs.

import { SaddleArgumentError } from '../errors.js';
import type { Node, Shape } from '../graph/node.js';
import * as OP from '../wasm/opcodes.js';

/** Instruction words under construction (f32 operands are stored as their bits). */
export class Emitter {
  private words: number[] = [];
  private readonly f32 = new Float32Array(1);
  private readonly i32 = new Int32Array(this.f32.buffer);

  get length(): number { return this.words.length; }

  emit(opcode: number, ...operands: Array<number | { f32: number }>): void {
    this.words.push(opcode);
    for (const x of operands) {
      if (typeof x === 'number') this.words.push(x | 0);
      else { this.f32[0] = x.f32; this.words.push(this.i32[0]); }
    }
  }

  /** Wraps the words emitted since `start` in a repeat of `count`. */
  repeat(start: number, count: number): void {
    if (count === 1) return;
    const body = this.words.splice(start);
    this.words.push(OP.EXEC_REPEAT, count, body.length, ...body);
  }

  toInt32Array(): Int32Array { return Int32Array.from(this.words); }
}

export interface LowerContext {
  emitter: Emitter;
  /** byte address of a node's value */
  addr(node: Node): number;
  /** byte address of the f32 constant 1 */
  one: number;
  /** 64-bit block counter of an RNG stream, and the program seed */
  rng(stream: number): { counter: number; seedLo: number; seedHi: number };
}

type Lower = (node: Node, ctx: LowerContext) => void;

const f = (x: number) => ({ f32: x });

/** Broadcast mode of an operand of shape s inside an output of shape out. */
export function broadcastMode(s: Shape, out: Shape): number {
  if (s[0] === out[0] && s[1] === out[1]) return OP.BCAST_FULL;
  if (s[0] === 1 && s[1] === 1) return OP.BCAST_SCALAR;
  if (s[0] === 1) return OP.BCAST_ROW;
  return OP.BCAST_COL;
}

const UNARY: Record<string, number> = {
  Neg: OP.UNARY_NEG, Abs: OP.UNARY_ABS, Square: OP.UNARY_SQUARE, Sqrt: OP.UNARY_SQRT, Exp: OP.UNARY_EXP,
  Log: OP.UNARY_LOG, Reciprocal: OP.UNARY_RECIPROCAL, Relu: OP.UNARY_RELU, LeakyRelu: OP.UNARY_LEAKY_RELU,
  Tanh: OP.UNARY_TANH, Sigmoid: OP.UNARY_SIGMOID, Softplus: OP.UNARY_SOFTPLUS, LogSigmoid: OP.UNARY_LOG_SIGMOID,
  Step: OP.UNARY_STEP, Sign: OP.UNARY_SIGN, Pow: OP.UNARY_POW,
};

const BINARY: Record<string, number> = {
  Add: OP.BINARY_ADD, Sub: OP.BINARY_SUB, Mul: OP.BINARY_MUL, Div: OP.BINARY_DIV, Maximum: OP.BINARY_MAX,
  Minimum: OP.BINARY_MIN, Greater: OP.BINARY_GT, GreaterEqual: OP.BINARY_GE, Equal: OP.BINARY_EQ,
};

const AXIS: Record<string, number> = { 0: OP.AXIS_COLS, 1: OP.AXIS_ROWS, all: OP.AXIS_ALL };

const copy: Lower = (node, { emitter, addr }) => emitter.emit(OP.EXEC_COPY, addr(node.inputs[0]), addr(node), node.size);

const LOWER: Record<string, Lower> = {
  MatMul(node, { emitter, addr }) {
    const [a, b] = node.inputs;
    const { transA, transB } = node.attrs as { transA: boolean; transB: boolean };
    const k = transA ? a.rows : a.cols;
    emitter.emit(OP.EXEC_GEMM, transA ? 1 : 0, transB ? 1 : 0, node.rows, node.cols, k, f(1),
      addr(a), Math.max(1, a.cols), addr(b), Math.max(1, b.cols), f(0), addr(node), Math.max(1, node.cols));
  },
  Sum(node, { emitter, addr }) {
    const x = node.inputs[0];
    emitter.emit(OP.EXEC_REDUCE, OP.REDUCE_SUM, AXIS[String(node.attrs.axis)], addr(x), x.rows, x.cols, addr(node));
  },
  SumSquares(node, { emitter, addr }) {
    const x = node.inputs[0];
    emitter.emit(OP.EXEC_REDUCE, OP.REDUCE_SUMSQ, AXIS[String(node.attrs.axis)], addr(x), x.rows, x.cols, addr(node));
  },
  Max(node, { emitter, addr }) {
    const x = node.inputs[0];
    emitter.emit(OP.EXEC_REDUCE, OP.REDUCE_MAX, AXIS[String(node.attrs.axis)], addr(x), x.rows, x.cols, addr(node));
  },
  // x·1 with x broadcast: exact (keeps -0 and NaN payloads)
  BroadcastTo(node, { emitter, addr, one }) {
    const x = node.inputs[0];
    emitter.emit(OP.EXEC_BINARY, OP.BINARY_MUL, addr(x), broadcastMode(x.shape, node.shape), one, OP.BCAST_SCALAR, addr(node), node.rows, node.cols);
  },
  Transpose(node, { emitter, addr }) {
    const x = node.inputs[0];
    emitter.emit(OP.EXEC_TRANSPOSE, addr(x), x.rows, x.cols, addr(node));
  },
  // each input is a block of the output: rows stacked (axis 0) or columns side by side (axis 1)
  Concat(node, { emitter, addr }) {
    let offset = 0;
    for (const x of node.inputs) {
      if (x.size > 0) {
        const dst = addr(node) + 4 * (node.attrs.axis === 0 ? offset * node.cols : offset);
        emitter.emit(OP.EXEC_COPY2D, addr(x), Math.max(1, x.cols), dst, node.cols, x.rows, x.cols);
      }
      offset += x.shape[node.attrs.axis as 0 | 1];
    }
  },
  Slice(node, { emitter, addr }) {
    const x = node.inputs[0], start = node.attrs.start as number;
    const src = addr(x) + 4 * (node.attrs.axis === 0 ? start * x.cols : start);
    emitter.emit(OP.EXEC_COPY2D, src, x.cols, addr(node), node.cols, node.rows, node.cols);
  },
  Pad(node, { emitter, addr }) {
    const x = node.inputs[0], before = node.attrs.before as number;
    emitter.emit(OP.EXEC_FILL, addr(node), node.size, f(0));
    if (x.size > 0) {
      const dst = addr(node) + 4 * (node.attrs.axis === 0 ? before * node.cols : before);
      emitter.emit(OP.EXEC_COPY2D, addr(x), x.cols, dst, node.cols, x.rows, x.cols);
    }
  },
  Select(node, { emitter, addr }) {
    const [m, a, b] = node.inputs;
    emitter.emit(OP.EXEC_SELECT, addr(m), broadcastMode(m.shape, node.shape), addr(a), broadcastMode(a.shape, node.shape),
      addr(b), broadcastMode(b.shape, node.shape), addr(node), node.rows, node.cols);
  },
  GatherRows(node, { emitter, addr }) {
    const [x, idx] = node.inputs;
    emitter.emit(OP.EXEC_GATHER_ROWS, addr(x), x.rows, x.cols, addr(idx), idx.rows, addr(node));
  },
  ScatterAddRows(node, { emitter, addr }) {
    const [y, idx] = node.inputs;
    emitter.emit(OP.EXEC_SCATTER_ADD_ROWS, addr(y), y.cols, addr(idx), idx.rows, addr(node), node.rows);
  },
  RandomIndices(node, { emitter, addr, rng }) {
    const { counter, seedLo, seedHi } = rng(node.attrs.stream as number);
    emitter.emit(OP.EXEC_RNG_INDICES, addr(node), node.size, seedLo, seedHi, node.attrs.stream as number, counter, node.attrs.n as number);
  },
  // one Anderson step (bindings/graph/ops/anderson.ts): out = [x_{k+1} | new history]
  AndersonMix(node, { emitter, addr }) {
    const [x, tx, history] = node.inputs;
    const a = node.attrs as { n: number; p: number; lambda: number; beta: number; restart: number; growth: number };
    emitter.emit(OP.EXEC_ANDERSON, addr(x), addr(tx), addr(history), addr(node), a.n, a.p, f(a.lambda), f(a.beta), a.restart, f(a.growth));
  },
  // the whole Sinkhorn solve is one instruction; f64 operands as (low, high) words
  SinkhornSolve(node, { emitter, addr }) {
    const [x, y] = node.inputs;
    const a = node.attrs as { kind: number; debiased: boolean; eps: number; tol: number; scaling: number; maxIterations: number; rho: number };
    const words = new Int32Array(Float64Array.of(a.eps, a.tol, a.scaling, a.rho).buffer);
    emitter.emit(OP.EXEC_SINKHORN, a.kind, a.debiased ? 1 : 0, addr(x), addr(y), x.rows, y.rows, x.cols, a.maxIterations,
      ...words, addr(node));
  },
  SinkhornValue(node, { emitter, addr }) { emitter.emit(OP.EXEC_COPY, addr(node.inputs[0]), addr(node), 1); },
  StopGradient: copy,
  Reshape: copy,
  RandomNormal(node, { emitter, addr, rng }) {
    const { counter, seedLo, seedHi } = rng(node.attrs.stream as number);
    emitter.emit(OP.EXEC_RNG_NORMAL, addr(node), node.size, seedLo, seedHi, node.attrs.stream as number, counter);
  },
  RandomUniform(node, { emitter, addr, rng }) {
    const { counter, seedLo, seedHi } = rng(node.attrs.stream as number);
    emitter.emit(OP.EXEC_RNG_UNIFORM, addr(node), node.size, seedLo, seedHi, node.attrs.stream as number, counter);
  },
};
for (const [name, code] of Object.entries(UNARY)) {
  LOWER[name] = (node, { emitter, addr }) => {
    const param = name === 'LeakyRelu' ? (node.attrs.slope as number) : name === 'Pow' ? (node.attrs.p as number) : 0;
    emitter.emit(OP.EXEC_UNARY, code, addr(node.inputs[0]), addr(node), node.size, f(param));
  };
}
for (const [name, code] of Object.entries(BINARY)) {
  LOWER[name] = (node, { emitter, addr }) => {
    const [a, b] = node.inputs;
    emitter.emit(OP.EXEC_BINARY, code, addr(a), broadcastMode(a.shape, node.shape), addr(b), broadcastMode(b.shape, node.shape),
      addr(node), node.rows, node.cols);
  };
}

/** Emits the instructions computing `node`. */
export function lower(node: Node, ctx: LowerContext): void {
  const emit = LOWER[node.op.name];
  if (!emit) {
    throw new SaddleArgumentError('compile', 'graph', `ops the executor supports (${Object.keys(LOWER).sort().join(', ')})`,
      `a ${node.op.name} node (${node})`);
  }
  if (node.size === 0) return; // nothing to compute
  emit(node, ctx);
}

export function canLower(opName: string): boolean {
  return opName in LOWER;
}
