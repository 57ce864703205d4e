// Reductions of a row-major rows×cols f32 matrix in WASM memory: sum, mean, max and sum of
// squares, per row, per column or over all entries, accumulated in f32 or f64.

import type { Saddle } from '../wasm/instance.js';
import type { WasmArray } from '../wasm/array.js';
import { Described, SaddleArgumentError } from '../errors.js';
import {
  AXIS_ALL, AXIS_COLS, AXIS_ROWS, REDUCE_MAX, REDUCE_MEAN, REDUCE_SUM, REDUCE_SUMSQ,
} from '../wasm/opcodes.js';
import { checkArray, checkInt, checkNoOverlap } from './check.js';

/** sum: Σ x; mean: Σ x / count; max: max x; sumsq: Σ x². */
export type ReduceOp = 'sum' | 'mean' | 'max' | 'sumsq';
/** rows: one value per row (out[i] over j); cols: one per column (out[j] over i); all: one value. */
export type ReduceAxis = 'rows' | 'cols' | 'all';
/** f32: accumulate and write f32. f64: promote to f64, accumulate and write f64. */
export type ReducePrecision = 'f32' | 'f64';

export interface ReduceOptions {
  rows: number;
  cols: number;
  axis: ReduceAxis;
  /** Default 'f32'. */
  precision?: ReducePrecision;
  /**
   * Where to write: `rows` entries for axis 'rows', `cols` for 'cols', 1 (optional) for
   * 'all'; dtype f32 or f64 to match `precision`; must not overlap x. Allocated (and
   * returned, for the caller to dispose) when omitted for 'rows' and 'cols'.
   */
  out?: WasmArray<'f32'> | WasmArray<'f64'>;
}

const OPS: Record<ReduceOp, number> = { sum: REDUCE_SUM, mean: REDUCE_MEAN, max: REDUCE_MAX, sumsq: REDUCE_SUMSQ };
const AXES: Record<ReduceAxis, number> = { rows: AXIS_ROWS, cols: AXIS_COLS, all: AXIS_ALL };

/**
 * Reduces a row-major rows×cols f32 matrix x:
 *
 *   sum:   s = Σ x            mean: s / count   (count = cols, rows, or rows·cols)
 *   max:   max x              sumsq: Σ x²
 *
 * over each row (axis 'rows': out[i] = op_j x[i, j]), each column (axis 'cols':
 * out[j] = op_i x[i, j]) or everything (axis 'all': the returned number).
 *
 * Empty sets: sum and sumsq give 0, mean gives NaN (0/0), max gives -Infinity. Max
 * propagates NaN and ranks +0 above -0, as Math.max does.
 *
 * Accuracy: precision 'f32' accumulates in f32 (SIMD leaves of 256 terms, pairwise above):
 * |sum err| <= d·2⁻²⁴·Σ|x| (to first order) with d = ⌊min(n, 256)/16⌋ + 10 + L(n),
 * L(n) = 0 for n <= 256 else ⌈log₂(n/256)⌉ + 1, for row and whole sums, and
 * d = ⌊rows/4⌋ + 5 for column sums; sumsq adds 1 to d (Σx² in place of Σ|x|), mean adds 1
 * and divides the bound by the count. Precision 'f64' promotes each value to f64, so the
 * same bounds hold with 2⁻⁵³ and d = ⌊min(n, 256)/8⌋ + 7 + L(n) for row and whole sums.
 * Max is exact in both; 'f64' only widens it. See assembly/kernels/reduce.ts.
 *
 * @returns axis 'all': the value (also written to out[0] when out is given);
 *   otherwise `out` (allocated when not given).
 * @example
 * const sd = await loadSaddle();
 * const x = sd.f32([1, 2, 3, 4, 5, 6]); // 2×3
 * reduce(sd, 'sum', x, { rows: 2, cols: 3, axis: 'all' }); // 21
 * const colMeans = reduce(sd, 'mean', x, { rows: 2, cols: 3, axis: 'cols', precision: 'f64' });
 * colMeans.toArray(); // Float64Array [2.5, 3.5, 4.5]
 * colMeans.dispose(); x.dispose();
 */
export function reduce(sd: Saddle, op: ReduceOp, x: WasmArray<'f32'>, options: ReduceOptions & { axis: 'all' }): number;
export function reduce(
  sd: Saddle, op: ReduceOp, x: WasmArray<'f32'>,
  options: ReduceOptions & { axis: 'rows' | 'cols'; precision: 'f64'; out?: WasmArray<'f64'> },
): WasmArray<'f64'>;
export function reduce(
  sd: Saddle, op: ReduceOp, x: WasmArray<'f32'>,
  options: ReduceOptions & { axis: 'rows' | 'cols'; precision?: 'f32'; out?: WasmArray<'f32'> },
): WasmArray<'f32'>;
export function reduce(
  sd: Saddle, op: ReduceOp, x: WasmArray<'f32'>, options: ReduceOptions & { axis: 'rows' | 'cols' },
): WasmArray<'f32'> | WasmArray<'f64'>;
export function reduce(sd: Saddle, op: ReduceOp, x: WasmArray<'f32'>, options: ReduceOptions): number | WasmArray<'f32'> | WasmArray<'f64'>;
export function reduce(sd: Saddle, op: ReduceOp, x: WasmArray<'f32'>, options: ReduceOptions): number | WasmArray<'f32'> | WasmArray<'f64'> {
  const fn = 'reduce';
  if (typeof op !== 'string' || !Object.hasOwn(OPS, op)) {
    throw new SaddleArgumentError(fn, 'op', "'sum', 'mean', 'max' or 'sumsq'", op);
  }
  if (options === null || typeof options !== 'object') {
    throw new SaddleArgumentError(fn, 'options', 'an object { rows, cols, axis, precision?, out? }', options);
  }
  const axis = options.axis;
  if (typeof axis !== 'string' || !Object.hasOwn(AXES, axis)) {
    throw new SaddleArgumentError(fn, 'axis', "'rows', 'cols' or 'all'", axis);
  }
  const precision = options.precision ?? 'f32';
  if (precision !== 'f32' && precision !== 'f64') {
    throw new SaddleArgumentError(fn, 'precision', "'f32' or 'f64'", precision);
  }
  const rows = checkInt(fn, 'rows', options.rows);
  const cols = checkInt(fn, 'cols', options.cols);
  const xs = checkArray(fn, 'x', x, sd, 'f32', rows * cols);
  const length = axis === 'rows' ? rows : axis === 'cols' ? cols : 1;
  let out: WasmArray<'f32'> | WasmArray<'f64'> | undefined = options.out;
  if (out !== undefined) {
    const o: WasmArray<'f32'> | WasmArray<'f64'> = precision === 'f64'
      ? checkArray(fn, 'out', out, sd, 'f64', length)
      : checkArray(fn, 'out', out, sd, 'f32', length);
    if (o.length !== length) {
      throw new SaddleArgumentError(fn, 'out', `a buffer of exactly ${length} elements (${axis === 'all' ? 'one value' : `one per ${axis === 'rows' ? 'row' : 'column'}`})`,
        new Described(`length ${o.length}`));
    }
    checkNoOverlap(fn, 'out', o, 'x', xs);
    out = o;
  } else if (axis !== 'all') {
    out = precision === 'f64' ? sd.f64(length) : sd.f32(length);
  }
  const ptr = out === undefined ? 0 : out.ptr;
  const kernel = precision === 'f64' ? sd.exports.reduce_f64acc : sd.exports.reduce_f32;
  const value = kernel(OPS[op], AXES[axis], xs.ptr, rows, cols, ptr);
  return axis === 'all' ? value : out!;
}
