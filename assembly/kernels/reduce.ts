// Reductions over a row-major rows×cols f32 matrix x (contiguous: row stride = cols).
//
//   *_rows_*  out[i] = reduce_j x[i, j]      (out has `rows` entries)
//   *_cols_*  out[j] = reduce_i x[i, j]      (out has `cols` entries)
//   *_all_*   returns reduce_ij x[i, j]
//
// Ops: sum, mean (sum / count), max, sumsq (Σ x²). Empty sets: sum = sumsq = 0,
// mean = 0/0 = NaN, max = -Inf. Max propagates NaN and, like f32.max, ranks +0 above -0.
//
// Precision. The *_f32 kernels accumulate in f32 and write f32; the *_f64acc kernels
// promote each f32 to f64 (f64x2.promote_low_f32x4), square in f64 (exact for f32
// inputs) and accumulate, divide and write in f64. Max has no f64-accumulation variant:
// the max of f32 values is one of them, so it is exact in f32; max_*_f64out only widen
// the output so a caller can keep one output dtype.
//
// Error (u = 2⁻²⁴ for f32, 2⁻⁵³ for f64), with "depth" the most additions any one term
// passes through:
//   whole-vector sums (rows, all): SIMD leaves of at most LEAF terms with four independent
//     vector accumulators, combined pairwise above the leaves (see: N. J. Higham, "The
//     accuracy of floating point summation", SIAM J. Sci. Comput. 14(4), 1993, §3):
//     f32 depth <= ⌊min(n, 256)/16⌋ + 10 + L(n), f64 depth <= ⌊min(n, 256)/8⌋ + 7 + L(n),
//     L(n) = 0 for n <= 256 else ⌈log₂(n/256)⌉ + 1; |err| <= γ(depth)·Σ|x|.
//   column sums: rows are added four at a time ((r0 + r1) + (r2 + r3)) into out, so
//     depth <= ⌊rows/4⌋ + 5.
//   sumsq adds one rounding per term (the square) in f32; mean adds the division.
// Only exact IEEE operations are used (never the fused madd), so both builds give the
// same bits.

import { hsum } from "./simd";
import {
  REDUCE_SUM, REDUCE_MEAN, REDUCE_MAX, REDUCE_SUMSQ, AXIS_ROWS, AXIS_COLS, AXIS_ALL,
} from "../opcodes";

/** Largest run summed by one set of SIMD accumulators before splitting pairwise. */
const LEAF: i32 = 256;

// ---- horizontal helpers ----

/** Max of the four lanes of an f32x4 (NaN in any lane gives NaN). */
// @ts-ignore: decorator
@inline function hmax(v: v128): f32 {
  const m = f32x4.max(v, v128.shuffle<f32>(v, v, 2, 3, 0, 1));
  return max<f32>(f32x4.extract_lane(m, 0), f32x4.extract_lane(m, 1));
}

/** Sum of the two lanes of an f64x2. */
// @ts-ignore: decorator
@inline function hsum64(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

/** Lanes 2 and 3 of an f32x4 promoted to f64x2. */
// @ts-ignore: decorator
@inline function promoteHigh(v: v128): v128 {
  return f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3));
}

// @ts-ignore: decorator
@inline function term32(v: v128, square: bool): v128 {
  return square ? f32x4.mul(v, v) : v;
}

// @ts-ignore: decorator
@inline function term64(v: v128, square: bool): v128 {
  return square ? f64x2.mul(v, v) : v;
}

// ---- whole-vector sums: SIMD leaves, pairwise above them ----

/** Σ x[j] (or Σ x[j]²) over n <= LEAF contiguous f32, accumulated in f32. */
// @ts-ignore: decorator
@inline function leafF32(p: usize, n: i32, square: bool): f32 {
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
  let j = 0;
  for (; j + 16 <= n; j += 16) {
    const q = p + (<usize>j << 2);
    a0 = f32x4.add(a0, term32(v128.load(q), square));
    a1 = f32x4.add(a1, term32(v128.load(q, 16), square));
    a2 = f32x4.add(a2, term32(v128.load(q, 32), square));
    a3 = f32x4.add(a3, term32(v128.load(q, 48), square));
  }
  for (; j + 4 <= n; j += 4) a0 = f32x4.add(a0, term32(v128.load(p + (<usize>j << 2)), square));
  let s = hsum(f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)));
  for (; j < n; j++) {
    const v = load<f32>(p + (<usize>j << 2));
    s += square ? v * v : v;
  }
  return s;
}

/** Σ x[j] (or Σ x[j]²) over n <= LEAF contiguous f32, accumulated in f64. */
// @ts-ignore: decorator
@inline function leafF64(p: usize, n: i32, square: bool): f64 {
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
  let j = 0;
  for (; j + 8 <= n; j += 8) {
    const q = p + (<usize>j << 2);
    const v0 = v128.load(q), v1 = v128.load(q, 16);
    a0 = f64x2.add(a0, term64(f64x2.promote_low_f32x4(v0), square));
    a1 = f64x2.add(a1, term64(promoteHigh(v0), square));
    a2 = f64x2.add(a2, term64(f64x2.promote_low_f32x4(v1), square));
    a3 = f64x2.add(a3, term64(promoteHigh(v1), square));
  }
  if (j + 4 <= n) {
    const v0 = v128.load(p + (<usize>j << 2));
    a0 = f64x2.add(a0, term64(f64x2.promote_low_f32x4(v0), square));
    a1 = f64x2.add(a1, term64(promoteHigh(v0), square));
    j += 4;
  }
  let s = hsum64(f64x2.add(f64x2.add(a0, a1), f64x2.add(a2, a3)));
  for (; j < n; j++) {
    const v = <f64>load<f32>(p + (<usize>j << 2));
    s += square ? v * v : v;
  }
  return s;
}

/** Split point for pairwise summation: about half, a multiple of 16 so leaves stay vector-aligned. */
// @ts-ignore: decorator
@inline function half(n: i32): i32 { return (n >> 1) & ~15; }

function sumF32(p: usize, n: i32): f32 {
  if (n <= LEAF) return leafF32(p, n, false);
  const h = half(n);
  return sumF32(p, h) + sumF32(p + (<usize>h << 2), n - h);
}

function sumsqF32(p: usize, n: i32): f32 {
  if (n <= LEAF) return leafF32(p, n, true);
  const h = half(n);
  return sumsqF32(p, h) + sumsqF32(p + (<usize>h << 2), n - h);
}

function sumF64(p: usize, n: i32): f64 {
  if (n <= LEAF) return leafF64(p, n, false);
  const h = half(n);
  return sumF64(p, h) + sumF64(p + (<usize>h << 2), n - h);
}

function sumsqF64(p: usize, n: i32): f64 {
  if (n <= LEAF) return leafF64(p, n, true);
  const h = half(n);
  return sumsqF64(p, h) + sumsqF64(p + (<usize>h << 2), n - h);
}

/**
 * max_j x[j] over n contiguous f32; -Inf when n == 0, NaN when any x[j] is NaN.
 * The vector loops use pmax (b > a ? b : a, a single maxps on x86) and track NaN in a
 * separate mask, which is cheaper than f32x4.max's NaN-propagating lowering.
 */
function maxF32(p: usize, n: i32): f32 {
  const ninf = f32x4.splat(-Infinity);
  let a0 = ninf, a1 = ninf, a2 = ninf, a3 = ninf;
  let nan = i32x4.splat(0);
  let j = 0;
  for (; j + 16 <= n; j += 16) {
    const q = p + (<usize>j << 2);
    const v0 = v128.load(q), v1 = v128.load(q, 16), v2 = v128.load(q, 32), v3 = v128.load(q, 48);
    a0 = f32x4.pmax(a0, v0);
    a1 = f32x4.pmax(a1, v1);
    a2 = f32x4.pmax(a2, v2);
    a3 = f32x4.pmax(a3, v3);
    nan = v128.or(nan, v128.or(v128.or(f32x4.ne(v0, v0), f32x4.ne(v1, v1)), v128.or(f32x4.ne(v2, v2), f32x4.ne(v3, v3))));
  }
  for (; j + 4 <= n; j += 4) {
    const v = v128.load(p + (<usize>j << 2));
    a0 = f32x4.pmax(a0, v);
    nan = v128.or(nan, f32x4.ne(v, v));
  }
  if (v128.any_true(nan)) return NaN;
  let m = hmax(f32x4.max(f32x4.max(a0, a1), f32x4.max(a2, a3)));
  for (; j < n; j++) m = max<f32>(m, load<f32>(p + (<usize>j << 2)));
  // pmax keeps whichever zero came first; f32.max(-0, +0) is +0, so settle the sign of a zero max
  if (m == 0) m = hasPositiveZero(p, n) ? 0 : -0.0;
  return m;
}

function hasPositiveZero(p: usize, n: i32): bool {
  for (let j = 0; j < n; j++) if (load<u32>(p + (<usize>j << 2)) == 0) return true;
  return false;
}

// ---- column sums: walk rows contiguously, four rows per pass over out ----

/** out[j] = Σ_i x[i, j] (or Σ_i x[i, j]²), f32 accumulation in out. */
// @ts-ignore: decorator
@inline function colsF32(x: usize, rows: i32, cols: i32, out: usize, square: bool): void {
  const rowB = <usize>cols << 2;
  let j = 0;
  for (; j + 4 <= cols; j += 4) v128.store(out + (<usize>j << 2), f32x4.splat(0));
  for (; j < cols; j++) store<f32>(out + (<usize>j << 2), 0);
  let i = 0;
  for (; i + 4 <= rows; i += 4) {
    const r0 = x + <usize>i * rowB, r1 = r0 + rowB, r2 = r1 + rowB, r3 = r2 + rowB;
    j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = <usize>j << 2;
      const s = f32x4.add(
        f32x4.add(term32(v128.load(r0 + o), square), term32(v128.load(r1 + o), square)),
        f32x4.add(term32(v128.load(r2 + o), square), term32(v128.load(r3 + o), square)));
      v128.store(out + o, f32x4.add(v128.load(out + o), s));
    }
    for (; j < cols; j++) {
      const o = <usize>j << 2;
      const v0 = load<f32>(r0 + o), v1 = load<f32>(r1 + o), v2 = load<f32>(r2 + o), v3 = load<f32>(r3 + o);
      const s = square ? (v0 * v0 + v1 * v1) + (v2 * v2 + v3 * v3) : (v0 + v1) + (v2 + v3);
      store<f32>(out + o, load<f32>(out + o) + s);
    }
  }
  for (; i < rows; i++) {
    const r = x + <usize>i * rowB;
    j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = <usize>j << 2;
      v128.store(out + o, f32x4.add(v128.load(out + o), term32(v128.load(r + o), square)));
    }
    for (; j < cols; j++) {
      const o = <usize>j << 2;
      const v = load<f32>(r + o);
      store<f32>(out + o, load<f32>(out + o) + (square ? v * v : v));
    }
  }
}

/** out[j] = Σ_i x[i, j] (or Σ_i x[i, j]²) in f64; out is f64. */
// @ts-ignore: decorator
@inline function colsF64(x: usize, rows: i32, cols: i32, out: usize, square: bool): void {
  const rowB = <usize>cols << 2;
  let j = 0;
  for (; j + 2 <= cols; j += 2) v128.store(out + (<usize>j << 3), f64x2.splat(0));
  for (; j < cols; j++) store<f64>(out + (<usize>j << 3), 0);
  let i = 0;
  for (; i + 4 <= rows; i += 4) {
    const r0 = x + <usize>i * rowB, r1 = r0 + rowB, r2 = r1 + rowB, r3 = r2 + rowB;
    j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = <usize>j << 2;
      const o8 = <usize>j << 3;
      const v0 = v128.load(r0 + o), v1 = v128.load(r1 + o), v2 = v128.load(r2 + o), v3 = v128.load(r3 + o);
      const lo = f64x2.add(
        f64x2.add(term64(f64x2.promote_low_f32x4(v0), square), term64(f64x2.promote_low_f32x4(v1), square)),
        f64x2.add(term64(f64x2.promote_low_f32x4(v2), square), term64(f64x2.promote_low_f32x4(v3), square)));
      const hi = f64x2.add(
        f64x2.add(term64(promoteHigh(v0), square), term64(promoteHigh(v1), square)),
        f64x2.add(term64(promoteHigh(v2), square), term64(promoteHigh(v3), square)));
      v128.store(out + o8, f64x2.add(v128.load(out + o8), lo));
      v128.store(out + o8, f64x2.add(v128.load(out + o8, 16), hi), 16);
    }
    for (; j < cols; j++) {
      const o = <usize>j << 2;
      const v0 = <f64>load<f32>(r0 + o), v1 = <f64>load<f32>(r1 + o);
      const v2 = <f64>load<f32>(r2 + o), v3 = <f64>load<f32>(r3 + o);
      const s = square ? (v0 * v0 + v1 * v1) + (v2 * v2 + v3 * v3) : (v0 + v1) + (v2 + v3);
      store<f64>(out + (<usize>j << 3), load<f64>(out + (<usize>j << 3)) + s);
    }
  }
  for (; i < rows; i++) {
    const r = x + <usize>i * rowB;
    j = 0;
    for (; j + 4 <= cols; j += 4) {
      const v = v128.load(r + (<usize>j << 2));
      const o8 = out + (<usize>j << 3);
      v128.store(o8, f64x2.add(v128.load(o8), term64(f64x2.promote_low_f32x4(v), square)));
      v128.store(o8, f64x2.add(v128.load(o8, 16), term64(promoteHigh(v), square)), 16);
    }
    for (; j < cols; j++) {
      const v = <f64>load<f32>(r + (<usize>j << 2));
      const o8 = out + (<usize>j << 3);
      store<f64>(o8, load<f64>(o8) + (square ? v * v : v));
    }
  }
}

/** out[j] /= count for j < len (f32). count == 0 gives 0/0 = NaN, the mean of nothing. */
function divideF32(out: usize, len: i32, count: i32): void {
  const c = <f32>count;
  const vc = f32x4.splat(c);
  let j = 0;
  for (; j + 4 <= len; j += 4) {
    const p = out + (<usize>j << 2);
    v128.store(p, f32x4.div(v128.load(p), vc));
  }
  for (; j < len; j++) {
    const p = out + (<usize>j << 2);
    store<f32>(p, load<f32>(p) / c);
  }
}

/** out[j] /= count for j < len (f64). */
function divideF64(out: usize, len: i32, count: i32): void {
  const c = <f64>count;
  const vc = f64x2.splat(c);
  let j = 0;
  for (; j + 2 <= len; j += 2) {
    const p = out + (<usize>j << 3);
    v128.store(p, f64x2.div(v128.load(p), vc));
  }
  for (; j < len; j++) {
    const p = out + (<usize>j << 3);
    store<f64>(p, load<f64>(p) / c);
  }
}

// ---- f32 accumulation, f32 output ----

export function sum_rows_f32(x: usize, rows: i32, cols: i32, out: usize): void {
  const rowB = <usize>cols << 2;
  for (let i = 0; i < rows; i++) store<f32>(out + (<usize>i << 2), sumF32(x + <usize>i * rowB, cols));
}

export function sum_cols_f32(x: usize, rows: i32, cols: i32, out: usize): void {
  colsF32(x, rows, cols, out, false);
}

export function sum_all_f32(x: usize, rows: i32, cols: i32): f32 {
  return sumF32(x, rows * cols);
}

export function mean_rows_f32(x: usize, rows: i32, cols: i32, out: usize): void {
  const rowB = <usize>cols << 2;
  const c = <f64>cols;
  for (let i = 0; i < rows; i++) store<f32>(out + (<usize>i << 2), <f32>(<f64>sumF32(x + <usize>i * rowB, cols) / c));
}

export function mean_cols_f32(x: usize, rows: i32, cols: i32, out: usize): void {
  colsF32(x, rows, cols, out, false);
  divideF32(out, cols, rows);
}

/** The count is divided in f64 so that counts above 2²⁴ are not rounded first. */
export function mean_all_f32(x: usize, rows: i32, cols: i32): f32 {
  const n = rows * cols;
  return <f32>(<f64>sumF32(x, n) / <f64>n);
}

export function max_rows_f32(x: usize, rows: i32, cols: i32, out: usize): void {
  const rowB = <usize>cols << 2;
  for (let i = 0; i < rows; i++) store<f32>(out + (<usize>i << 2), maxF32(x + <usize>i * rowB, cols));
}

export function max_cols_f32(x: usize, rows: i32, cols: i32, out: usize): void {
  const rowB = <usize>cols << 2;
  const ninf = f32x4.splat(-Infinity);
  let j = 0;
  for (; j + 4 <= cols; j += 4) v128.store(out + (<usize>j << 2), ninf);
  for (; j < cols; j++) store<f32>(out + (<usize>j << 2), -Infinity);
  let i = 0;
  for (; i + 4 <= rows; i += 4) {
    const r0 = x + <usize>i * rowB, r1 = r0 + rowB, r2 = r1 + rowB, r3 = r2 + rowB;
    j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = <usize>j << 2;
      const m = f32x4.max(f32x4.max(v128.load(r0 + o), v128.load(r1 + o)), f32x4.max(v128.load(r2 + o), v128.load(r3 + o)));
      v128.store(out + o, f32x4.max(v128.load(out + o), m));
    }
    for (; j < cols; j++) {
      const o = <usize>j << 2;
      const m = max<f32>(max<f32>(load<f32>(r0 + o), load<f32>(r1 + o)), max<f32>(load<f32>(r2 + o), load<f32>(r3 + o)));
      store<f32>(out + o, max<f32>(load<f32>(out + o), m));
    }
  }
  for (; i < rows; i++) {
    const r = x + <usize>i * rowB;
    j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = <usize>j << 2;
      v128.store(out + o, f32x4.max(v128.load(out + o), v128.load(r + o)));
    }
    for (; j < cols; j++) {
      const o = <usize>j << 2;
      store<f32>(out + o, max<f32>(load<f32>(out + o), load<f32>(r + o)));
    }
  }
}

export function max_all_f32(x: usize, rows: i32, cols: i32): f32 {
  return maxF32(x, rows * cols);
}

export function sumsq_rows_f32(x: usize, rows: i32, cols: i32, out: usize): void {
  const rowB = <usize>cols << 2;
  for (let i = 0; i < rows; i++) store<f32>(out + (<usize>i << 2), sumsqF32(x + <usize>i * rowB, cols));
}

export function sumsq_cols_f32(x: usize, rows: i32, cols: i32, out: usize): void {
  colsF32(x, rows, cols, out, true);
}

export function sumsq_all_f32(x: usize, rows: i32, cols: i32): f32 {
  return sumsqF32(x, rows * cols);
}

// ---- f64 accumulation, f64 output (out is f64) ----

export function sum_rows_f64acc(x: usize, rows: i32, cols: i32, out: usize): void {
  const rowB = <usize>cols << 2;
  for (let i = 0; i < rows; i++) store<f64>(out + (<usize>i << 3), sumF64(x + <usize>i * rowB, cols));
}

export function sum_cols_f64acc(x: usize, rows: i32, cols: i32, out: usize): void {
  colsF64(x, rows, cols, out, false);
}

export function sum_all_f64acc(x: usize, rows: i32, cols: i32): f64 {
  return sumF64(x, rows * cols);
}

export function mean_rows_f64acc(x: usize, rows: i32, cols: i32, out: usize): void {
  const rowB = <usize>cols << 2;
  const c = <f64>cols;
  for (let i = 0; i < rows; i++) store<f64>(out + (<usize>i << 3), sumF64(x + <usize>i * rowB, cols) / c);
}

export function mean_cols_f64acc(x: usize, rows: i32, cols: i32, out: usize): void {
  colsF64(x, rows, cols, out, false);
  divideF64(out, cols, rows);
}

export function mean_all_f64acc(x: usize, rows: i32, cols: i32): f64 {
  const n = rows * cols;
  return sumF64(x, n) / <f64>n;
}

export function sumsq_rows_f64acc(x: usize, rows: i32, cols: i32, out: usize): void {
  const rowB = <usize>cols << 2;
  for (let i = 0; i < rows; i++) store<f64>(out + (<usize>i << 3), sumsqF64(x + <usize>i * rowB, cols));
}

export function sumsq_cols_f64acc(x: usize, rows: i32, cols: i32, out: usize): void {
  colsF64(x, rows, cols, out, true);
}

export function sumsq_all_f64acc(x: usize, rows: i32, cols: i32): f64 {
  return sumsqF64(x, rows * cols);
}

// Max needs no f64 accumulation (the result is one of the f32 inputs, hence exact);
// these write it widened to f64 so that a caller asking for f64 output gets one dtype.

export function max_rows_f64out(x: usize, rows: i32, cols: i32, out: usize): void {
  const rowB = <usize>cols << 2;
  for (let i = 0; i < rows; i++) store<f64>(out + (<usize>i << 3), <f64>maxF32(x + <usize>i * rowB, cols));
}

export function max_cols_f64out(x: usize, rows: i32, cols: i32, out: usize): void {
  const rowB = <usize>cols << 2;
  const ninf = f64x2.splat(-Infinity);
  let j = 0;
  for (; j + 2 <= cols; j += 2) v128.store(out + (<usize>j << 3), ninf);
  for (; j < cols; j++) store<f64>(out + (<usize>j << 3), -Infinity);
  for (let i = 0; i < rows; i++) {
    const r = x + <usize>i * rowB;
    j = 0;
    for (; j + 4 <= cols; j += 4) {
      const v = v128.load(r + (<usize>j << 2));
      const o8 = out + (<usize>j << 3);
      v128.store(o8, f64x2.max(v128.load(o8), f64x2.promote_low_f32x4(v)));
      v128.store(o8, f64x2.max(v128.load(o8, 16), promoteHigh(v)), 16);
    }
    for (; j < cols; j++) {
      const o8 = out + (<usize>j << 3);
      store<f64>(o8, max<f64>(load<f64>(o8), <f64>load<f32>(r + (<usize>j << 2))));
    }
  }
}

export function max_all_f64out(x: usize, rows: i32, cols: i32): f64 {
  return <f64>maxF32(x, rows * cols);
}

// ---- dispatch: one call per (op, axis), the switch runs once outside every loop ----

/**
 * f32 accumulation, f32 output. op: REDUCE_*, axis: AXIS_* (opcodes.ts).
 * AXIS_ROWS writes `rows` f32 to out, AXIS_COLS writes `cols` f32 and both return 0;
 * AXIS_ALL returns the value and also stores it at out[0] when out != 0.
 * out must not overlap x.
 */
export function reduce_f32(op: i32, axis: i32, x: usize, rows: i32, cols: i32, out: usize): f32 {
  assert(rows >= 0 && cols >= 0, "reduce_f32: rows and cols must be >= 0");
  if (axis == AXIS_ALL) {
    let r: f32;
    if (op == REDUCE_SUM) r = sum_all_f32(x, rows, cols);
    else if (op == REDUCE_MEAN) r = mean_all_f32(x, rows, cols);
    else if (op == REDUCE_MAX) r = max_all_f32(x, rows, cols);
    else if (op == REDUCE_SUMSQ) r = sumsq_all_f32(x, rows, cols);
    else { abort("reduce_f32: unknown op"); return 0; }
    if (out != 0) store<f32>(out, r);
    return r;
  }
  if (axis == AXIS_ROWS) {
    if (op == REDUCE_SUM) sum_rows_f32(x, rows, cols, out);
    else if (op == REDUCE_MEAN) mean_rows_f32(x, rows, cols, out);
    else if (op == REDUCE_MAX) max_rows_f32(x, rows, cols, out);
    else if (op == REDUCE_SUMSQ) sumsq_rows_f32(x, rows, cols, out);
    else abort("reduce_f32: unknown op");
  } else if (axis == AXIS_COLS) {
    if (op == REDUCE_SUM) sum_cols_f32(x, rows, cols, out);
    else if (op == REDUCE_MEAN) mean_cols_f32(x, rows, cols, out);
    else if (op == REDUCE_MAX) max_cols_f32(x, rows, cols, out);
    else if (op == REDUCE_SUMSQ) sumsq_cols_f32(x, rows, cols, out);
    else abort("reduce_f32: unknown op");
  } else {
    abort("reduce_f32: unknown axis");
  }
  return 0;
}

/**
 * f64 accumulation, f64 output (max: exact, widened). Same contract as reduce_f32
 * with f64 in out.
 */
export function reduce_f64acc(op: i32, axis: i32, x: usize, rows: i32, cols: i32, out: usize): f64 {
  assert(rows >= 0 && cols >= 0, "reduce_f64acc: rows and cols must be >= 0");
  if (axis == AXIS_ALL) {
    let r: f64;
    if (op == REDUCE_SUM) r = sum_all_f64acc(x, rows, cols);
    else if (op == REDUCE_MEAN) r = mean_all_f64acc(x, rows, cols);
    else if (op == REDUCE_MAX) r = max_all_f64out(x, rows, cols);
    else if (op == REDUCE_SUMSQ) r = sumsq_all_f64acc(x, rows, cols);
    else { abort("reduce_f64acc: unknown op"); return 0; }
    if (out != 0) store<f64>(out, r);
    return r;
  }
  if (axis == AXIS_ROWS) {
    if (op == REDUCE_SUM) sum_rows_f64acc(x, rows, cols, out);
    else if (op == REDUCE_MEAN) mean_rows_f64acc(x, rows, cols, out);
    else if (op == REDUCE_MAX) max_rows_f64out(x, rows, cols, out);
    else if (op == REDUCE_SUMSQ) sumsq_rows_f64acc(x, rows, cols, out);
    else abort("reduce_f64acc: unknown op");
  } else if (axis == AXIS_COLS) {
    if (op == REDUCE_SUM) sum_cols_f64acc(x, rows, cols, out);
    else if (op == REDUCE_MEAN) mean_cols_f64acc(x, rows, cols, out);
    else if (op == REDUCE_MAX) max_cols_f64out(x, rows, cols, out);
    else if (op == REDUCE_SUMSQ) sumsq_cols_f64acc(x, rows, cols, out);
    else abort("reduce_f64acc: unknown op");
  } else {
    abort("reduce_f64acc: unknown axis");
  }
  return 0;
}
