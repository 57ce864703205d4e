// Elementwise kernels on f32 buffers in WASM memory: unary maps, binary maps and select
// with broadcasting, axpby and fill (assembly/kernels/elementwise.ts).

import type { Saddle } from '../wasm/instance.js';
import type { WasmArray } from '../wasm/array.js';
import { SaddleArgumentError } from '../errors.js';
// UNARY and BINARY: the opcodes by name, generated from assembly/opcodes.ts
import { BCAST_COL, BCAST_FULL, BCAST_ROW, BCAST_SCALAR, BINARY, UNARY } from '../wasm/opcodes.js';
import { checkArray, checkExact, checkFinite, checkInt, checkNoOverlap } from './check.js';
const BROADCAST_CODES = { full: BCAST_FULL, row: BCAST_ROW, col: BCAST_COL, scalar: BCAST_SCALAR } as const;

/**
 * A unary op, y = f(x):
 *
 *   copy x · neg -x · abs |x| · square x² · sqrt √x · reciprocal 1/x
 *   exp eˣ · expm1 eˣ - 1 · log ln x · log1p ln(1 + x)
 *   relu x < 0 ? 0 : x · leaky_relu x > 0 ? x : param·x · step x > 0 ? 1 : 0
 *   sign: -1, +1, or x itself for ±0 and NaN
 *   tanh · sigmoid 1/(1 + e⁻ˣ) · softplus ln(1 + eˣ) · log_sigmoid ln σ(x) = -softplus(-x)
 *   pow xᵖ with p = param (C99 / Math.pow special cases) · silu x·σ(x)
 */
export type UnaryOp = keyof typeof UNARY;
/** A binary op, out = g(a, b): add, sub, mul, div, max, min (IEEE, NaN-propagating), gt, ge, eq (1 or 0). */
export type BinaryOp = keyof typeof BINARY;
/**
 * How a binary operand covers a rows×cols output: 'full' rows·cols values (row-major),
 * 'row' one row of cols values repeated on every row, 'col' one value per row (rows values),
 * 'scalar' one value.
 */
export type Broadcast = keyof typeof BROADCAST_CODES;

/** Every unary op name, in opcode order. */
export const UNARY_OPS = Object.keys(UNARY) as readonly UnaryOp[];
/** Every binary op name, in opcode order. */
export const BINARY_OPS = Object.keys(BINARY) as readonly BinaryOp[];
/** Every broadcast mode. */
export const BROADCASTS = Object.keys(BROADCAST_CODES) as readonly Broadcast[];

const quoted = (names: readonly string[]): string => `one of ${names.map((s) => `'${s}'`).join(', ')}`;

function checkName<K extends string>(fn: string, name: string, value: unknown, codes: Record<K, number>): K {
  if (typeof value !== 'string' || !Object.hasOwn(codes, value)) {
    throw new SaddleArgumentError(fn, name, quoted(Object.keys(codes)), value);
  }
  return value as K;
}

/** `out` is `input` itself (when `mayAlias`) or shares no bytes with it. */
function checkAlias(fn: string, outName: string, out: WasmArray, inName: string, input: WasmArray, mayAlias: boolean): void {
  if (mayAlias && out.ptr === input.ptr && out.length === input.length) return;
  checkNoOverlap(fn, outName, out, inName, input);
}

/** rows and cols from options, or one row of out's length when neither is given. */
function checkShape(fn: string, options: { rows?: number; cols?: number }, outLength: number): [number, number] {
  if (options.rows === undefined && options.cols === undefined) return [1, outLength];
  return [checkInt(fn, 'rows', options.rows), checkInt(fn, 'cols', options.cols)];
}

/** An operand of exactly the length its broadcast mode covers a rows×cols output with. */
function checkOperand(
  fn: string, name: string, value: unknown, sd: Saddle, mode: Broadcast, rows: number, cols: number,
): WasmArray<'f32'> {
  const [length, what] = mode === 'full' ? [rows * cols, `'full': rows·cols = ${rows}·${cols}`]
    : mode === 'row' ? [cols, `'row': cols`] : mode === 'col' ? [rows, `'col': rows`] : [1, `'scalar'`];
  return checkExact(fn, name, value, sd, length, what);
}

export interface UnaryOptions {
  /**
   * leaky_relu's negative slope (default 0.01) or pow's exponent p (required for pow); must
   * be finite. Ignored by the other ops.
   */
  param?: number;
}

/**
 * y[i] = f(x[i]) for every element, in single precision; y may be x itself (in place).
 *
 * Accuracy against f64 Math.* (max over all 2^32 f32 inputs, see docs/kernels-elementwise.md):
 * copy, neg, abs, relu, sign, step exact; square, sqrt, reciprocal, leaky_relu correctly
 * rounded; exp, log, log1p ≤ 1 ulp; expm1 ≤ 1.25 ulp; tanh ≤ 1.5 ulp; softplus and
 * log_sigmoid ≤ 1.75 ulp; sigmoid ≤ 2.5 ulp; silu ≤ 3.5 ulp for x ≥ -87 (3.18 the worst of every
 * 7th f32; below, x·σ(x) is subnormal and keeps σ's absolute error); pow ≤ 0.5 + 2⁻⁹ ulp (evaluated in f64 and rounded
 * once; 0.500 measured at 13 exponents). Special values follow C99: exp overflows to +Inf above ~88.72 and underflows
 * gradually; log(0) = -Inf, log(x < 0) = NaN, log1p(-1) = -Inf; NaN stays NaN. pow as
 * Math.pow: x⁰ = 1 (even for NaN), x¹ = x, x² = x·x; (±0)ᵖ = 0 for p > 0 and +Inf for
 * p < 0; x < 0 with an integer p is ±|x|ᵖ (- for odd p, also for -0 and -Inf), with a
 * non-integer p NaN. Both builds (SIMD128 and relaxed SIMD) return the same bits.
 *
 * @example
 * const sd = await loadSaddle();
 * const x = sd.f32([-1, 0, 2]), y = sd.f32(3);
 * unary(sd, 'sigmoid', x, y);
 * y.toArray(); // Float32Array [0.26894143, 0.5, 0.880797]
 * unary(sd, 'leaky_relu', x, x, { param: 0.1 }); // in place: [-0.1, 0, 2]
 * unary(sd, 'pow', y.set([-2, 0, 9]), y, { param: 3 }); // in place: [-8, 0, 729]
 */
export function unary(sd: Saddle, op: UnaryOp, x: WasmArray<'f32'>, y: WasmArray<'f32'>, options: UnaryOptions = {}): void {
  const fn = 'unary';
  const name = checkName(fn, 'op', op, UNARY);
  if (options === null || typeof options !== 'object') throw new SaddleArgumentError(fn, 'options', 'an object { param? }', options);
  // pow has no sensible default exponent; leaky_relu's slope defaults to 0.01
  const param = checkFinite(fn, 'param', name === 'pow' ? options.param : options.param ?? 0.01);
  const xs = checkArray(fn, 'x', x, sd, 'f32', 0);
  const ys = checkExact(fn, 'y', y, sd, xs.length, "x's length");
  checkAlias(fn, 'y', ys, 'x', xs, true);
  sd.exports.unary_f32(UNARY[name], xs.ptr, ys.ptr, xs.length, param);
}

/** The rows×cols output of binary() or select(), and a checker for its broadcast operands. */
function checkBroadcastOutput(fn: string, sd: Saddle, out: unknown, options: { rows?: number; cols?: number }) {
  const os = checkArray(fn, 'out', out, sd, 'f32', 0);
  const [rows, cols] = checkShape(fn, options, os.length);
  checkExact(fn, 'out', os, sd, rows * cols, `rows·cols = ${rows}·${cols}`);
  const operand = (argName: string, value: unknown, mode: Broadcast) => checkOperand(fn, argName, value, sd, mode, rows, cols);
  return { os, rows, cols, operand };
}

export interface BinaryOptions {
  /** Output rows. Give rows and cols together, or neither for one row of out.length. */
  rows?: number;
  /** Output columns. */
  cols?: number;
  /** How a covers the output (default 'full'). */
  aBroadcast?: Broadcast;
  /** How b covers the output (default 'full'). */
  bBroadcast?: Broadcast;
}

/**
 * out[i, j] = g(a[i, j], b[i, j]) over a row-major rows×cols output, in single precision,
 * where each operand is broadcast by its mode: 'full' a[i, j] = a[i·cols + j], 'row'
 * a[i, j] = a[j], 'col' a[i, j] = a[i], 'scalar' a[i, j] = a[0]. Operand lengths must be
 * exactly rows·cols, cols, rows or 1 respectively, and out exactly rows·cols.
 *
 * add, sub, mul and div are correctly rounded (IEEE); max and min return NaN when either
 * input is NaN (and rank +0 above -0); gt, ge and eq write 1 or 0 (0 when either is NaN).
 * out may be a 'full' operand itself (in place); otherwise it must not overlap a or b.
 *
 * @example
 * const sd = await loadSaddle();
 * const x = sd.f32([1, 2, 3, 4, 5, 6]), bias = sd.f32([10, 20, 30]), out = sd.f32(6);
 * binary(sd, 'add', x, bias, out, { rows: 2, cols: 3, bBroadcast: 'row' });
 * out.toArray(); // Float32Array [11, 22, 33, 14, 25, 36]
 * const rowScale = sd.f32([2, -1]);
 * binary(sd, 'mul', out, rowScale, out, { rows: 2, cols: 3, bBroadcast: 'col' }); // in place
 * out.toArray(); // Float32Array [22, 44, 66, -14, -25, -36]
 */
export function binary(
  sd: Saddle, op: BinaryOp, a: WasmArray<'f32'>, b: WasmArray<'f32'>, out: WasmArray<'f32'>, options: BinaryOptions = {},
): void {
  const fn = 'binary';
  const name = checkName(fn, 'op', op, BINARY);
  if (options === null || typeof options !== 'object') {
    throw new SaddleArgumentError(fn, 'options', 'an object { rows?, cols?, aBroadcast?, bBroadcast? }', options);
  }
  const aMode = checkName(fn, 'aBroadcast', options.aBroadcast ?? 'full', BROADCAST_CODES);
  const bMode = checkName(fn, 'bBroadcast', options.bBroadcast ?? 'full', BROADCAST_CODES);
  const { os, rows, cols, operand } = checkBroadcastOutput(fn, sd, out, options);
  const as = operand('a', a, aMode);
  const bs = operand('b', b, bMode);
  checkAlias(fn, 'out', os, 'a', as, aMode === 'full');
  checkAlias(fn, 'out', os, 'b', bs, bMode === 'full');
  sd.exports.binary_f32(BINARY[name], as.ptr, BROADCAST_CODES[aMode], bs.ptr, BROADCAST_CODES[bMode], os.ptr, rows, cols);
}

export interface SelectOptions {
  /** Output rows. Give rows and cols together, or neither for one row of out.length. */
  rows?: number;
  /** Output columns. */
  cols?: number;
  /** How mask covers the output (default 'full'). */
  maskBroadcast?: Broadcast;
  /** How a covers the output (default 'full'). */
  aBroadcast?: Broadcast;
  /** How b covers the output (default 'full'). */
  bBroadcast?: Broadcast;
}

/**
 * out[i, j] = mask[i, j] != 0 ? a[i, j] : b[i, j] over a row-major rows×cols output, each
 * of mask, a and b broadcast by its mode exactly as in binary() ('full', 'row', 'col',
 * 'scalar', with lengths rows·cols, cols, rows, 1). The chosen value is copied bit for bit,
 * so NaN and -0 in a or b pass through unchanged; a NaN mask counts as nonzero (picks a),
 * ±0 as zero (picks b). out may be any 'full' operand itself (in place); otherwise it must
 * not overlap mask, a or b.
 *
 * @example
 * const sd = await loadSaddle();
 * const x = sd.f32([-1, 2, -3, 4]), zero = sd.f32([0]), mask = sd.f32(4), out = sd.f32(4);
 * binary(sd, 'gt', x, zero, mask, { rows: 1, cols: 4, bBroadcast: 'scalar' });
 * select(sd, mask, x, zero, out, { rows: 1, cols: 4, bBroadcast: 'scalar' }); // relu
 * out.toArray(); // Float32Array [0, 2, 0, 4]
 */
export function select(
  sd: Saddle, mask: WasmArray<'f32'>, a: WasmArray<'f32'>, b: WasmArray<'f32'>, out: WasmArray<'f32'>,
  options: SelectOptions = {},
): void {
  const fn = 'select';
  if (options === null || typeof options !== 'object') {
    throw new SaddleArgumentError(fn, 'options', 'an object { rows?, cols?, maskBroadcast?, aBroadcast?, bBroadcast? }', options);
  }
  const mMode = checkName(fn, 'maskBroadcast', options.maskBroadcast ?? 'full', BROADCAST_CODES);
  const aMode = checkName(fn, 'aBroadcast', options.aBroadcast ?? 'full', BROADCAST_CODES);
  const bMode = checkName(fn, 'bBroadcast', options.bBroadcast ?? 'full', BROADCAST_CODES);
  const { os, rows, cols, operand } = checkBroadcastOutput(fn, sd, out, options);
  const ms = operand('mask', mask, mMode);
  const as = operand('a', a, aMode);
  const bs = operand('b', b, bMode);
  checkAlias(fn, 'out', os, 'mask', ms, mMode === 'full');
  checkAlias(fn, 'out', os, 'a', as, aMode === 'full');
  checkAlias(fn, 'out', os, 'b', bs, bMode === 'full');
  sd.exports.select_f32(ms.ptr, BROADCAST_CODES[mMode], as.ptr, BROADCAST_CODES[aMode], bs.ptr, BROADCAST_CODES[bMode],
    os.ptr, rows, cols);
}

/**
 * y = alpha·x + beta·y elementwise (BLAS axpby) in single precision: two products and one
 * sum, never fused, so both builds give the same bits (|err| <= 2⁻²³·(|alpha·x| + |beta·y|)).
 * beta = 0 overwrites y without reading it (NaN in y is ignored). y may be x itself.
 *
 * @example
 * const sd = await loadSaddle();
 * const x = sd.f32([1, 2]), y = sd.f32([10, 20]);
 * axpby(sd, 2, x, 0.5, y);
 * y.toArray(); // Float32Array [7, 14]
 */
export function axpby(sd: Saddle, alpha: number, x: WasmArray<'f32'>, beta: number, y: WasmArray<'f32'>): void {
  const fn = 'axpby';
  const a = checkFinite(fn, 'alpha', alpha);
  const b = checkFinite(fn, 'beta', beta);
  const xs = checkArray(fn, 'x', x, sd, 'f32', 0);
  const ys = checkExact(fn, 'y', y, sd, xs.length, "x's length");
  checkAlias(fn, 'y', ys, 'x', xs, true);
  sd.exports.axpby_f32(xs.length, a, xs.ptr, b, ys.ptr);
}

/**
 * y[i] = value for every element (value rounded to f32; ±Infinity and NaN allowed).
 *
 * @example
 * const sd = await loadSaddle();
 * const y = sd.f32(3);
 * fill(sd, y, -Infinity);
 * y.toArray(); // Float32Array [-Infinity, -Infinity, -Infinity]
 */
export function fill(sd: Saddle, y: WasmArray<'f32'>, value: number): void {
  const fn = 'fill';
  const ys = checkArray(fn, 'y', y, sd, 'f32', 0);
  if (typeof value !== 'number') throw new SaddleArgumentError(fn, 'value', 'a number', value);
  sd.exports.fill_f32(ys.ptr, ys.length, value);
}
