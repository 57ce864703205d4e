// Elementwise ops. Binary ops broadcast numpy-style on 2-D shapes: each dimension is
// equal or 1 in one operand ([r, c] with [1, c] row vectors, [r, 1] column vectors and
// [1, 1] scalars), which is exactly what the binary kernel's FULL/ROW/COL/SCALAR modes do.
// Every VJP is written in ops; the gradient of a broadcast operand is summed back to its
// shape (unbroadcast).

import { SaddleArgumentError } from '../../errors.js';
import { F32_MAX } from '../../schema/values.js';
import { Node, type Shape } from '../node.js';
import { apply, defineOp, f32, requireF32, shapeError, type OpDef, type OpSample } from '../op.js';
import * as OP from '../../wasm/opcodes.js';
import { constant } from './leaves.js';
import { sumTo } from './reduce.js';

export type Operand = Node | number;

/** Operand `name` of op `fn` as a node: a node, or a finite number made a [1, 1] constant of the other operand's graph. */
function lift(fn: string, name: string, x: Operand, other: Operand): Node {
  if (x instanceof Node) return x;
  if (typeof x !== 'number' || !Number.isFinite(x) || Math.abs(x) > F32_MAX) {
    throw new SaddleArgumentError(fn, name, 'a graph node or a finite number within the f32 range', x);
  }
  if (!(other instanceof Node)) throw new SaddleArgumentError(fn, name, 'a graph node when the other operand is a number', x);
  return constant(other.graph, [x], [1, 1]);
}

/** A finite number attribute of an op (checked when the node is made; the kernel gets it as an f32). */
function finiteAttr(fn: string, name: string, value: unknown, min = -F32_MAX, max = F32_MAX): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new SaddleArgumentError(fn, name, min === -F32_MAX && max === F32_MAX ? 'a finite number within the f32 range' : `a number in [${min}, ${max}]`, value);
  }
  return value;
}

/** The broadcast shape of two 2-D shapes, or null. */
export function broadcastShape(a: Shape, b: Shape): Shape | null {
  const dim = (x: number, y: number) => (x === y ? x : x === 1 ? y : y === 1 ? x : -1);
  const r = dim(a[0], b[0]), c = dim(a[1], b[1]);
  return r < 0 || c < 0 ? null : [r, c];
}

/** The kernel's broadcast mode (BCAST_*) of an operand of shape s inside an output of shape out. */
export function broadcastMode(s: Shape, out: Shape): number {
  if (s[0] === out[0] && s[1] === out[1]) return OP.BCAST_FULL;
  if (s[0] === 1 && s[1] === 1) return OP.BCAST_SCALAR;
  if (s[0] === 1) return OP.BCAST_ROW;
  return OP.BCAST_COL;
}

/** Reads x (of shape xs) at output position (i, j) under broadcasting. */
function at(x: Float64Array, xs: Shape, i: number, j: number): number {
  return x[(xs[0] === 1 ? 0 : i) * xs[1] + (xs[1] === 1 ? 0 : j)];
}

const positive: [number, number] = [0.5, 2];

// ---- unary ----

interface UnarySpec {
  name: string;
  /** UNARY_* opcode of unary_f32 (assembly/kernels/elementwise.ts) */
  kernel: number;
  /** the kernel's f32 param (leaky-ReLU slope, pow exponent); default 0 */
  param?(attrs: Record<string, unknown>): number;
  f(x: number, attrs: Record<string, unknown>): number;
  vjp?(dy: Node, x: Node, y: Node, attrs: Record<string, unknown>): Node;
  /** test rows: default one on a 3×4 input over [-1.5, 1.5] */
  samples?: OpSample[];
  /** test values only in [0.5, 2] (log, sqrt, ...) */
  positive?: boolean;
  /** test values away from a kink at 0 */
  kink?: boolean;
}

function unaryOp(spec: UnarySpec): OpDef {
  const param = spec.param ?? (() => 0);
  const samples = spec.samples ?? [{ inputs: [[3, 4]], ranges: spec.positive ? [positive] : undefined, avoidKinks: spec.kink }];
  return defineOp({
    name: spec.name,
    shape: (inputs) => { requireF32(spec.name, inputs); return inputs[0].shape; },
    ref: ([x], node) => x.map((v) => spec.f(v, node.attrs)),
    vjp: spec.vjp ? (dy, node) => [spec.vjp!(dy, node.inputs[0], node, node.attrs)] : undefined,
    lower: (node, { emitter, addr }) =>
      emitter.emit(OP.EXEC_UNARY, spec.kernel, addr(node.inputs[0]), addr(node), node.size, f32(param(node.attrs))),
    samples: samples.map((s) => ({ tail: (n: number) => [[n, 3]], ...s })),
  });
}

const sigmoid64 = (v: number) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));
const softplus64 = (v: number) => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));

export const NEG = unaryOp({ name: 'Neg', kernel: OP.UNARY_NEG, f: (v) => -v, vjp: (dy) => neg(dy) });
// d|x| = sign(x)·dy (0 at x = 0)
export const ABS = unaryOp({ name: 'Abs', kernel: OP.UNARY_ABS, kink: true, f: Math.abs, vjp: (dy, x) => mul(dy, sign(x)) });
export const SQUARE = unaryOp({ name: 'Square', kernel: OP.UNARY_SQUARE, f: (v) => v * v, vjp: (dy, x) => mul(dy, mul(x, 2)) });
// d√x = dy / (2√x)
export const SQRT = unaryOp({ name: 'Sqrt', kernel: OP.UNARY_SQRT, positive: true, f: Math.sqrt, vjp: (dy, _x, y) => div(dy, mul(y, 2)) });
export const EXP = unaryOp({ name: 'Exp', kernel: OP.UNARY_EXP, f: Math.exp, vjp: (dy, _x, y) => mul(dy, y) });
export const LOG = unaryOp({ name: 'Log', kernel: OP.UNARY_LOG, positive: true, f: Math.log, vjp: (dy, x) => div(dy, x) });
// d(1/x) = -dy / x² = -dy·y²
export const RECIPROCAL = unaryOp({ name: 'Reciprocal', kernel: OP.UNARY_RECIPROCAL, positive: true, f: (v) => 1 / v, vjp: (dy, _x, y) => neg(mul(dy, square(y))) });
export const RELU = unaryOp({ name: 'Relu', kernel: OP.UNARY_RELU, kink: true, f: (v) => (v > 0 ? v : 0), vjp: (dy, x) => mul(dy, step(x)) });
// slope s for x <= 0: d = s + (1 - s)·step(x)
export const LEAKY_RELU = unaryOp({
  name: 'LeakyRelu', kernel: OP.UNARY_LEAKY_RELU, param: (a) => a.slope as number,
  samples: [{ inputs: [[3, 4]], attrs: { slope: 0.2 }, avoidKinks: true }],
  f: (v, a) => (v > 0 ? v : (a.slope as number) * v),
  vjp: (dy, x, _y, a) => mul(dy, add(mul(step(x), 1 - (a.slope as number)), a.slope as number)),
});
// d tanh = 1 - tanh²
export const TANH = unaryOp({ name: 'Tanh', kernel: OP.UNARY_TANH, f: Math.tanh, vjp: (dy, _x, y) => mul(dy, sub(1, square(y))) });
// dσ = σ(1 - σ)
export const SIGMOID = unaryOp({ name: 'Sigmoid', kernel: OP.UNARY_SIGMOID, f: sigmoid64, vjp: (dy, _x, y) => mul(dy, mul(y, sub(1, y))) });
// softplus(x) = log(1 + eˣ); d = σ(x)
export const SOFTPLUS = unaryOp({ name: 'Softplus', kernel: OP.UNARY_SOFTPLUS, f: softplus64, vjp: (dy, x) => mul(dy, sigmoid(x)) });
// log σ(x) = -softplus(-x); d = σ(-x)
export const LOG_SIGMOID = unaryOp({ name: 'LogSigmoid', kernel: OP.UNARY_LOG_SIGMOID, f: (v) => -softplus64(-v), vjp: (dy, x) => mul(dy, sigmoid(neg(x))) });
// silu(x) = x·σ(x) (swish); d = σ + x·σ(1 - σ) = σ + y·(1 - σ)
export const SILU = unaryOp({
  name: 'Silu', kernel: OP.UNARY_SILU, f: (v) => v * sigmoid64(v),
  vjp: (dy, x, y) => { const s = sigmoid(x); return mul(dy, add(s, mul(y, sub(1, s)))); },
});
// x^p for a constant p; d = p·x^(p-1)
export const POW = unaryOp({
  name: 'Pow', kernel: OP.UNARY_POW, param: (a) => a.p as number,
  samples: [
    { name: 'Pow 3', inputs: [[3, 4]], attrs: { p: 3 } },
    { name: 'Pow -1.5', inputs: [[3, 4]], attrs: { p: -1.5 }, ranges: [positive] },
    { name: 'Pow 0.5', inputs: [[3, 4]], attrs: { p: 0.5 }, ranges: [positive] },
    { name: 'Pow 1.5', inputs: [[3, 4]], attrs: { p: 1.5 }, ranges: [positive] },
  ],
  f: (v, a) => Math.pow(v, a.p as number),
  vjp: (dy, x, _y, a) => mul(dy, mul(pow(x, (a.p as number) - 1), a.p as number)),
});
// zero derivative wherever defined: no vjp
export const STEP = unaryOp({
  name: 'Step', kernel: OP.UNARY_STEP, f: (v) => (v > 0 ? 1 : 0),
  samples: [{ name: 'Step·x', inputs: [[3, 4]], avoidKinks: true, build: ([x]) => mul(step(x), x) }],
});
export const SIGN = unaryOp({
  name: 'Sign', kernel: OP.UNARY_SIGN, f: (v) => (v > 0 ? 1 : v < 0 ? -1 : v),
  samples: [{ name: 'Sign·x²', inputs: [[3, 4]], avoidKinks: true, build: ([x]) => mul(sign(x), square(x)) }],
});

export const neg = (x: Node): Node => apply(NEG, [x], {});
export const abs = (x: Node): Node => apply(ABS, [x], {});
export const square = (x: Node): Node => apply(SQUARE, [x], {});
export const sqrt = (x: Node): Node => apply(SQRT, [x], {});
export const exp = (x: Node): Node => apply(EXP, [x], {});
export const log = (x: Node): Node => apply(LOG, [x], {});
export const reciprocal = (x: Node): Node => apply(RECIPROCAL, [x], {});
export const relu = (x: Node): Node => apply(RELU, [x], {});
/** max(x, slope·x) for 0 <= slope <= 1 (default 0.2, the GAN convention). */
export const leakyRelu = (x: Node, slope = 0.2): Node => apply(LEAKY_RELU, [x], { slope: finiteAttr('leakyRelu', 'slope', slope, 0, 1) });
export const tanh = (x: Node): Node => apply(TANH, [x], {});
export const sigmoid = (x: Node): Node => apply(SIGMOID, [x], {});
export const softplus = (x: Node): Node => apply(SOFTPLUS, [x], {});
export const logSigmoid = (x: Node): Node => apply(LOG_SIGMOID, [x], {});
/** x·σ(x), the SiLU (swish) activation (Elfwing, Uchibe and Doya 2018; Ramachandran, Zoph and Le 2017). */
export const silu = (x: Node): Node => apply(SILU, [x], {});
/** x^p for a constant p (p = 0.5 is sqrt, p = 2 square). */
export const pow = (x: Node, p: number): Node => apply(POW, [x], { p: finiteAttr('pow', 'p', p) });
/** 1 where x > 0, else 0 (zero gradient). */
export const step = (x: Node): Node => apply(STEP, [x], {});
/** -1, 0 or 1 (zero gradient). */
export const sign = (x: Node): Node => apply(SIGN, [x], {});

// ---- binary ----

interface BinarySpec {
  name: string;
  /** BINARY_* opcode of binary_f32 (assembly/kernels/elementwise.ts) */
  kernel: number;
  f(a: number, b: number): number;
  vjp?(dy: Node, a: Node, b: Node, y: Node): [Node | null, Node | null];
  /** test values of b in [0.5, 2] (div) */
  positiveB?: boolean;
  /** test values away from ties (max, min) */
  kink?: boolean;
  /** the graph around a zero-gradient op in its test rows */
  build?(a: Node, b: Node): Node;
}

/** Every broadcast the kernel has: full, row, column and scalar operands on either side. */
const BROADCAST_SAMPLES: Shape[][] = [[[3, 4], [3, 4]], [[3, 4], [1, 4]], [[3, 4], [3, 1]], [[3, 4], [1, 1]], [[1, 1], [3, 4]], [[1, 4], [3, 1]]];

function binaryOp(spec: BinarySpec): OpDef {
  const build = spec.build;
  return defineOp({
    name: spec.name,
    shape: (inputs) => {
      requireF32(spec.name, inputs);
      const s = broadcastShape(inputs[0].shape, inputs[1].shape);
      if (!s) throw shapeError(spec.name, inputs, 'shapes do not broadcast (each dimension must match or be 1)');
      return s;
    },
    ref: ([a, b], node) => {
      const [r, c] = node.shape, as = node.inputs[0].shape, bs = node.inputs[1].shape;
      const out = new Float64Array(r * c);
      for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[i * c + j] = spec.f(at(a, as, i, j), at(b, bs, i, j));
      return out;
    },
    vjp: spec.vjp
      ? (dy, node) => {
        const [a, b] = node.inputs;
        const [da, db] = spec.vjp!(dy, a, b, node);
        return [da && sumTo(da, a.shape), db && sumTo(db, b.shape)];
      }
      : undefined,
    lower: (node, { emitter, addr }) => {
      const [a, b] = node.inputs;
      emitter.emit(OP.EXEC_BINARY, spec.kernel, addr(a), broadcastMode(a.shape, node.shape), addr(b), broadcastMode(b.shape, node.shape),
        addr(node), node.rows, node.cols);
    },
    samples: BROADCAST_SAMPLES.map((inputs, k): OpSample => ({
      name: `${spec.name} ${inputs.map((s) => s.join('×')).join(' ')}`,
      inputs,
      ranges: spec.positiveB ? [[-2, 2], positive] : undefined,
      avoidKinks: spec.kink,
      build: build && (([a, b]) => build(a, b)),
      tail: k === 0 ? (n) => [[n, 5], [n, 5]] : undefined,
    })),
  });
}

export const ADD = binaryOp({ name: 'Add', kernel: OP.BINARY_ADD, f: (a, b) => a + b, vjp: (dy) => [dy, dy] });
export const SUB = binaryOp({ name: 'Sub', kernel: OP.BINARY_SUB, f: (a, b) => a - b, vjp: (dy) => [dy, neg(dy)] });
export const MUL = binaryOp({ name: 'Mul', kernel: OP.BINARY_MUL, f: (a, b) => a * b, vjp: (dy, a, b) => [mul(dy, b), mul(dy, a)] });
// d(a/b) = dy/b, -dy·(a/b)/b
export const DIV = binaryOp({ name: 'Div', kernel: OP.BINARY_DIV, positiveB: true, f: (a, b) => a / b, vjp: (dy, _a, b, y) => [div(dy, b), neg(div(mul(dy, y), b))] });
// the gradient goes to the larger operand (to a on ties)
export const MAXIMUM = binaryOp({
  name: 'Maximum', kernel: OP.BINARY_MAX, kink: true, f: Math.max,
  vjp: (dy, a, b) => { const m = ge(a, b); return [mul(dy, m), mul(dy, sub(1, m))]; },
});
export const MINIMUM = binaryOp({
  name: 'Minimum', kernel: OP.BINARY_MIN, kink: true, f: Math.min,
  vjp: (dy, a, b) => { const m = ge(b, a); return [mul(dy, m), mul(dy, sub(1, m))]; },
});
// zero gradient: tested as mask·a·b, away from ties
export const GT = binaryOp({ name: 'Greater', kernel: OP.BINARY_GT, kink: true, f: (a, b) => (a > b ? 1 : 0), build: (a, b) => mul(gt(a, b), mul(a, b)) });
export const GE = binaryOp({ name: 'GreaterEqual', kernel: OP.BINARY_GE, kink: true, f: (a, b) => (a >= b ? 1 : 0), build: (a, b) => mul(ge(a, b), mul(a, b)) });
// tested as (a == a)·a·b + (a == b)·b: 1 and, away from ties, 0
export const EQ = binaryOp({ name: 'Equal', kernel: OP.BINARY_EQ, kink: true, f: (a, b) => (a === b ? 1 : 0), build: (a, b) => add(mul(eq(a, a), mul(a, b)), mul(eq(a, b), b)) });

const binary = (op: OpDef, fn: string) => (a: Operand, b: Operand): Node => apply(op, [lift(fn, 'a', a, b), lift(fn, 'b', b, a)], {});
export const add = binary(ADD, 'add');
export const sub = binary(SUB, 'sub');
export const mul = binary(MUL, 'mul');
export const div = binary(DIV, 'div');
export const maximum = binary(MAXIMUM, 'maximum');
export const minimum = binary(MINIMUM, 'minimum');
/** 1 where a > b else 0 (zero gradient). */
export const gt = binary(GT, 'gt');
/** 1 where a >= b else 0 (zero gradient). */
export const ge = binary(GE, 'ge');
/** 1 where a == b else 0 (zero gradient). */
export const eq = binary(EQ, 'eq');

// ---- select and stop-gradient ----

/** mask ? a : b elementwise, with mask 1/0 (nonzero counts as 1); all three broadcast. */
export const SELECT = defineOp({
  name: 'Select',
  shape: (inputs) => {
    requireF32('Select', inputs);
    const s = broadcastShape(inputs[0].shape, inputs[1].shape);
    const t = s && broadcastShape(s, inputs[2].shape);
    if (!t) throw shapeError('Select', inputs, 'mask, a and b do not broadcast together');
    return t;
  },
  ref: ([m, a, b], node) => {
    const [r, c] = node.shape, [ms, as, bs] = node.inputs.map((x) => x.shape);
    const out = new Float64Array(r * c);
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[i * c + j] = at(m, ms, i, j) !== 0 ? at(a, as, i, j) : at(b, bs, i, j);
    return out;
  },
  vjp: (dy, node) => {
    const [m, a, b] = node.inputs;
    return [null, sumTo(select(m, dy, 0), a.shape), sumTo(select(m, 0, dy), b.shape)];
  },
  lower: (node, { emitter, addr }) => {
    const [m, a, b] = node.inputs;
    emitter.emit(OP.EXEC_SELECT, addr(m), broadcastMode(m.shape, node.shape), addr(a), broadcastMode(a.shape, node.shape),
      addr(b), broadcastMode(b.shape, node.shape), addr(node), node.rows, node.cols);
  },
  samples: [{
    name: 'Select by gt mask', inputs: [[3, 4], [3, 4], [1, 4]], avoidKinks: true, tail: (n) => [[n, 3], [n, 3], [1, 3]],
    build: ([a, b, c]) => select(gt(a, b), mul(a, c), square(b)),
  }],
});
export function select(mask: Node, a: Operand, b: Operand): Node {
  if (!(mask instanceof Node)) throw new SaddleArgumentError('select', 'mask', 'a graph node', mask);
  return apply(SELECT, [mask, lift('select', 'a', a, mask), lift('select', 'b', b, mask)], {});
}

/** Identity forward, zero gradient: stops backpropagation through x. */
export const STOP_GRADIENT = defineOp({
  name: 'StopGradient',
  shape: (inputs) => inputs[0].shape,
  ref: ([x]) => x.slice(),
  lower: (node, { emitter, addr }) => emitter.emit(OP.EXEC_COPY, addr(node.inputs[0]), addr(node), node.size),
  // x + sg(x) - sg(x): the value and gradient of x, with sg run by the executor
  samples: [{ name: 'StopGradient', inputs: [[3, 4]], build: ([x]) => sub(add(x, stopGradient(x)), stopGradient(x)), tail: (n) => [[n, 3]] }],
});
export const stopGradient = (x: Node): Node => apply(STOP_GRADIENT, [x], {});
