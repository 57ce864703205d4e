// Layout kernels on row-major f32 buffers in WASM memory: transpose, strided 2-D copy,
// row gather and row scatter-add (assembly/kernels/layout.ts).

import type { Saddle } from '../wasm/instance.js';
import type { WasmArray } from '../wasm/array.js';
import { Described, SaddleArgumentError } from '../errors.js';
import { checkArray, checkExact, checkInt, checkNoOverlap, spanOf } from './check.js';

export interface MatrixShape {
  /** Rows of the matrix the option belongs to (see each function). */
  rows: number;
  /** Columns. */
  cols: number;
}

function checkShape(fn: string, options: unknown, what: string): [number, number] {
  if (options === null || typeof options !== 'object') {
    throw new SaddleArgumentError(fn, 'options', `an object { rows, cols } (${what})`, options);
  }
  const { rows, cols } = options as Partial<MatrixShape>;
  return [checkInt(fn, 'rows', rows), checkInt(fn, 'cols', cols)];
}

/**
 * out = xᵀ: out[j·rows + i] = x[i·cols + j] for a row-major rows×cols x, so out is
 * cols×rows. Values are copied bit for bit (NaN payloads, -0). x and out must have exactly
 * rows·cols elements and must not overlap. Cache-blocked (32×32 tiles of 4×4 SIMD
 * transposes), so large and power-of-two shapes run at copy speed.
 *
 * @example
 * const sd = await loadSaddle();
 * const x = sd.f32([1, 2, 3, 4, 5, 6]), out = sd.f32(6);
 * transpose(sd, x, out, { rows: 2, cols: 3 });
 * out.toArray(); // Float32Array [1, 4, 2, 5, 3, 6]
 */
export function transpose(sd: Saddle, x: WasmArray<'f32'>, out: WasmArray<'f32'>, options: MatrixShape): void {
  const fn = 'transpose';
  const [rows, cols] = checkShape(fn, options, "x's shape");
  const xs = checkExact(fn, 'x', x, sd, rows * cols, `rows·cols = ${rows}·${cols}`);
  const os = checkExact(fn, 'out', out, sd, rows * cols, `rows·cols = ${rows}·${cols}`);
  checkNoOverlap(fn, 'out', os, 'x', xs);
  sd.exports.transpose_f32(xs.ptr, rows, cols, os.ptr);
}

export interface Copy2dOptions {
  /** The source matrix's buffer. */
  src: WasmArray<'f32'>;
  /** The destination matrix's buffer. */
  dst: WasmArray<'f32'>;
  /** Rows to copy. */
  rows: number;
  /** Columns to copy. */
  cols: number;
  /** Row stride of src in elements (>= cols, default cols). */
  srcLd?: number;
  /** Row stride of dst in elements (>= cols, default cols). */
  dstLd?: number;
  /** Element of src where row 0, column 0 is (default 0). */
  srcOffset?: number;
  /** Element of dst where row 0, column 0 is (default 0). */
  dstOffset?: number;
}

/**
 * dst[dstOffset + i·dstLd + j] = src[srcOffset + i·srcLd + j] for i < rows, j < cols: a
 * rows×cols block copied bit for bit between two strided matrices. Concatenation writes
 * each part at its offset of the result, slicing reads at an offset, padding writes into
 * a filled larger matrix. Each buffer must hold its block (offset + (rows - 1)·ld + cols
 * elements), and the two blocks' address ranges must not overlap.
 *
 * @example
 * const sd = await loadSaddle();
 * // concatenate a 2×2 and a 2×1 matrix along columns into a 2×3 result
 * const a = sd.f32([1, 2, 3, 4]), b = sd.f32([5, 6]), out = sd.f32(6);
 * copy2d(sd, { src: a, dst: out, rows: 2, cols: 2, dstLd: 3 });
 * copy2d(sd, { src: b, dst: out, rows: 2, cols: 1, dstLd: 3, dstOffset: 2 });
 * out.toArray(); // Float32Array [1, 2, 5, 3, 4, 6]
 */
export function copy2d(sd: Saddle, options: Copy2dOptions): void {
  const fn = 'copy2d';
  if (options === null || typeof options !== 'object') {
    throw new SaddleArgumentError(fn, 'options', 'an object { src, dst, rows, cols, srcLd?, dstLd?, srcOffset?, dstOffset? }', options);
  }
  const rows = checkInt(fn, 'rows', options.rows);
  const cols = checkInt(fn, 'cols', options.cols);
  const srcLd = checkInt(fn, 'srcLd', options.srcLd ?? cols, cols);
  const dstLd = checkInt(fn, 'dstLd', options.dstLd ?? cols, cols);
  const srcOffset = checkInt(fn, 'srcOffset', options.srcOffset ?? 0);
  const dstOffset = checkInt(fn, 'dstOffset', options.dstOffset ?? 0);
  const srcSpan = spanOf(rows, cols, srcLd), dstSpan = spanOf(rows, cols, dstLd);
  const src = checkArray(fn, 'src', options.src, sd, 'f32', srcOffset + srcSpan);
  const dst = checkArray(fn, 'dst', options.dst, sd, 'f32', dstOffset + dstSpan);
  // the blocks' address ranges (a conservative test: interleaved blocks of one buffer are refused too)
  const s0 = src.ptr + 4 * srcOffset, s1 = s0 + 4 * srcSpan, d0 = dst.ptr + 4 * dstOffset, d1 = d0 + 4 * dstSpan;
  if (srcSpan > 0 && dstSpan > 0 && s0 < d1 && d0 < s1) {
    throw new SaddleArgumentError(fn, 'dst', "a block that does not overlap src's block", new Described('an overlapping block'));
  }
  sd.exports.copy2d_f32(s0, srcLd, d0, dstLd, rows, cols);
}

/** Throws naming idx, the position and the value when a kernel reported index `bad`. */
function checkIndexResult(fn: string, bad: number, idx: WasmArray<'i32'>, rows: number): void {
  if (bad < 0) return;
  const value = idx.view()[bad];
  throw new SaddleArgumentError(fn, 'idx', `row indices in [0, ${rows})`, new Described(`idx[${bad}] = ${value}`));
}

/**
 * out[k, :] = x[idx[k], :]: the rows of the row-major rows×cols matrix x picked by the
 * i32 indices idx (any order, repeats allowed), copied bit for bit into the
 * idx.length×cols matrix out. x must have exactly rows·cols elements and out exactly
 * idx.length·cols; out must not overlap x or idx. Every index is checked before anything
 * is written: the first one outside [0, rows) throws a SaddleArgumentError naming 'idx',
 * its position and its value, and out is left untouched.
 *
 * @example
 * const sd = await loadSaddle();
 * const x = sd.f32([1, 2, 3, 4, 5, 6]), idx = sd.i32([2, 0, 2]), out = sd.f32(6);
 * gatherRows(sd, x, idx, out, { rows: 3, cols: 2 });
 * out.toArray(); // Float32Array [5, 6, 1, 2, 5, 6]
 */
export function gatherRows(
  sd: Saddle, x: WasmArray<'f32'>, idx: WasmArray<'i32'>, out: WasmArray<'f32'>, options: MatrixShape,
): void {
  const fn = 'gatherRows';
  const [rows, cols] = checkShape(fn, options, "x's shape");
  const xs = checkExact(fn, 'x', x, sd, rows * cols, `rows·cols = ${rows}·${cols}`);
  const is = checkArray(fn, 'idx', idx, sd, 'i32', 0);
  const os = checkExact(fn, 'out', out, sd, is.length * cols, `idx.length·cols = ${is.length}·${cols}`);
  checkNoOverlap(fn, 'out', os, 'x', xs);
  checkNoOverlap(fn, 'out', os, 'idx', is);
  checkIndexResult(fn, sd.exports.gather_rows_f32(xs.ptr, rows, cols, is.ptr, is.length, os.ptr), is, rows);
}

/**
 * out = 0, then out[idx[k], :] += y[k, :] for k = 0, 1, ..., idx.length - 1 in that order:
 * the adjoint of gatherRows. out is the row-major rows×cols result (exactly rows·cols
 * elements), y is idx.length×cols. Repeated indices accumulate in f32 in the order of k,
 * so the result is the same bits on every run and build. out must not overlap y or idx.
 * Every index is checked first: the first one outside [0, rows) throws a
 * SaddleArgumentError naming 'idx', its position and its value, and out is left untouched.
 *
 * @example
 * const sd = await loadSaddle();
 * const y = sd.f32([1, 2, 3, 4, 5, 6]), idx = sd.i32([2, 0, 2]), out = sd.f32(6);
 * scatterAddRows(sd, y, idx, out, { rows: 3, cols: 2 });
 * out.toArray(); // Float32Array [3, 4, 0, 0, 6, 8]
 */
export function scatterAddRows(
  sd: Saddle, y: WasmArray<'f32'>, idx: WasmArray<'i32'>, out: WasmArray<'f32'>, options: MatrixShape,
): void {
  const fn = 'scatterAddRows';
  const [rows, cols] = checkShape(fn, options, "out's shape");
  const is = checkArray(fn, 'idx', idx, sd, 'i32', 0);
  const ys = checkExact(fn, 'y', y, sd, is.length * cols, `idx.length·cols = ${is.length}·${cols}`);
  const os = checkExact(fn, 'out', out, sd, rows * cols, `rows·cols = ${rows}·${cols}`);
  checkNoOverlap(fn, 'out', os, 'y', ys);
  checkNoOverlap(fn, 'out', os, 'idx', is);
  checkIndexResult(fn, sd.exports.scatter_add_rows_f32(ys.ptr, cols, is.ptr, is.length, os.ptr, rows), is, rows);
}
