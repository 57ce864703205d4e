// Layout kernels on row-major f32 buffers: transposes, strided copies, row gathers and
// row scatter-adds (what a graph's transpose, concat, slice, pad, take and its gradient
// lower to).
//
//   transpose_f32(x, rows, cols, out)                   out (cols×rows) = xᵀ
//   copy2d_f32(src, srcLd, dst, dstLd, rows, cols)      dst[i·dstLd + j] = src[i·srcLd + j]
//   gather_rows_f32(x, xRows, cols, idx, count, out)    out[k, :] = x[idx[k], :]
//   scatter_add_rows_f32(y, cols, idx, count, out, outRows)
//                                                        out = 0, then out[idx[k], :] += y[k, :]
//                                                        for k = 0, 1, ..., count - 1
//
// Moves copy bits (v128 or 32-bit integer loads and stores), so NaN payloads and -0 pass
// unchanged; the only arithmetic is scatter-add's f32 sums, done in the fixed order k = 0,
// 1, ... so every build and every run gives the same bits. No kernel allocates. Outputs
// must not overlap inputs (the bindings check): the row loops read and write forward in
// 16-byte steps, so an overlap would read values already overwritten.
//
// Index kernels never abort on bad data: idx holds i32 row numbers, every index is checked
// before anything is written, and the return value is -1 when all are in range, otherwise
// the position k of the first out-of-range idx[k] (out untouched).

import { reserveStatic } from "../mem";

/** Side of the square tiles the transpose walks, in elements: a 32×32 f32 tile is 4 KiB, so
 *  the tile's lines of x, BLOCK and the lines of out it fills all stay in L1 (16 and 64 measured
 *  no better on 1000² and 1024² matrices). */
const TILE: i32 = 32;
/** One transposed tile: BLOCK row c holds column c of the tile, TILE elements apart. */
const BLOCK: usize = reserveStatic(TILE * TILE * 4, 16);

// ---- helpers ----

/** dst[j] = src[j] for j < n, as bits: 16 lanes per iteration, then 4, then one at a time. */
// @ts-ignore: decorator
@inline function copyRow(src: usize, dst: usize, n: i32): void {
  let j = 0;
  for (; j + 16 <= n; j += 16) {
    const o = <usize>j << 2;
    const v0 = v128.load(src + o), v1 = v128.load(src + o, 16), v2 = v128.load(src + o, 32), v3 = v128.load(src + o, 48);
    v128.store(dst + o, v0);
    v128.store(dst + o, v1, 16);
    v128.store(dst + o, v2, 32);
    v128.store(dst + o, v3, 48);
  }
  for (; j + 4 <= n; j += 4) {
    const o = <usize>j << 2;
    v128.store(dst + o, v128.load(src + o));
  }
  for (; j < n; j++) {
    const o = <usize>j << 2;
    store<u32>(dst + o, load<u32>(src + o));
  }
}

/** dst[j] += src[j] for j < n (f32; each element is its own sum, so lanes and tail agree). */
// @ts-ignore: decorator
@inline function addRow(src: usize, dst: usize, n: i32): void {
  let j = 0;
  for (; j + 16 <= n; j += 16) {
    const o = <usize>j << 2;
    const v0 = f32x4.add(v128.load(dst + o), v128.load(src + o));
    const v1 = f32x4.add(v128.load(dst + o, 16), v128.load(src + o, 16));
    const v2 = f32x4.add(v128.load(dst + o, 32), v128.load(src + o, 32));
    const v3 = f32x4.add(v128.load(dst + o, 48), v128.load(src + o, 48));
    v128.store(dst + o, v0);
    v128.store(dst + o, v1, 16);
    v128.store(dst + o, v2, 32);
    v128.store(dst + o, v3, 48);
  }
  for (; j + 4 <= n; j += 4) {
    const o = <usize>j << 2;
    v128.store(dst + o, f32x4.add(v128.load(dst + o), v128.load(src + o)));
  }
  for (; j < n; j++) {
    const o = <usize>j << 2;
    store<f32>(dst + o, load<f32>(dst + o) + load<f32>(src + o));
  }
}

/**
 * Position of the first idx[k] (k < count) outside [0, limit), or -1. Compared unsigned,
 * so a negative index is a huge one and a single test covers both ends.
 */
function firstOutOfRange(idx: usize, count: i32, limit: i32): i32 {
  if (count <= 0) return -1;
  if (limit <= 0) return 0;
  const vlimit = i32x4.splat(limit);
  let k = 0;
  for (; k + 16 <= count; k += 16) {
    const p = idx + (<usize>k << 2);
    const bad = v128.or(
      v128.or(i32x4.ge_u(v128.load(p), vlimit), i32x4.ge_u(v128.load(p, 16), vlimit)),
      v128.or(i32x4.ge_u(v128.load(p, 32), vlimit), i32x4.ge_u(v128.load(p, 48), vlimit)));
    if (v128.any_true(bad)) break; // the scalar loop below finds which one
  }
  for (; k < count; k++) {
    if (load<u32>(idx + (<usize>k << 2)) >= <u32>limit) return k;
  }
  return -1;
}

/**
 * The 4×4 block at x (row stride xStride bytes) written transposed at out (row stride
 * outStride bytes): out row c = (x[0][c], x[1][c], x[2][c], x[3][c]).
 */
// @ts-ignore: decorator
@inline function transpose4x4(x: usize, xStride: usize, out: usize, outStride: usize): void {
  const a = v128.load(x), b = v128.load(x + xStride), c = v128.load(x + 2 * xStride), d = v128.load(x + 3 * xStride);
  const t0 = v128.shuffle<u32>(a, b, 0, 4, 1, 5); // a0 b0 a1 b1
  const t1 = v128.shuffle<u32>(a, b, 2, 6, 3, 7); // a2 b2 a3 b3
  const t2 = v128.shuffle<u32>(c, d, 0, 4, 1, 5); // c0 d0 c1 d1
  const t3 = v128.shuffle<u32>(c, d, 2, 6, 3, 7); // c2 d2 c3 d3
  v128.store(out, v128.shuffle<u32>(t0, t2, 0, 1, 4, 5));
  v128.store(out + outStride, v128.shuffle<u32>(t0, t2, 2, 3, 6, 7));
  v128.store(out + 2 * outStride, v128.shuffle<u32>(t1, t3, 0, 1, 4, 5));
  v128.store(out + 3 * outStride, v128.shuffle<u32>(t1, t3, 2, 3, 6, 7));
}

// ---- kernels ----

/**
 * out[j·rows + i] = x[i·cols + j] for i < rows, j < cols: out (cols×rows) = xᵀ, as bits.
 * out must not overlap x. Walks TILE×TILE tiles; each is transposed into BLOCK by 4×4
 * SIMD transposes (plus its ragged right and bottom edges) and then copied out row by
 * row. Going through BLOCK means every cache line of x and of out is read or written
 * whole, once, even when both strides are a power of two (a 1024×1024 matrix, where
 * the direct 4×4 stores would evict each other's lines and run ~15× slower). A 1×n or
 * n×1 matrix has the same layout as its transpose and is copied.
 */
export function transpose_f32(x: usize, rows: i32, cols: i32, out: usize): void {
  if (rows <= 0 || cols <= 0) return;
  if (rows == 1 || cols == 1) {
    memory.copy(out, x, (<usize>rows * <usize>cols) << 2);
    return;
  }
  const xStride = <usize>cols << 2;
  const outStride = <usize>rows << 2;
  const blockStride = <usize>TILE << 2;
  for (let i0 = 0; i0 < rows; i0 += TILE) {
    const i1 = min(i0 + TILE, rows);
    const i4 = i0 + ((i1 - i0) & ~3);
    for (let j0 = 0; j0 < cols; j0 += TILE) {
      const j1 = min(j0 + TILE, cols);
      const j4 = j0 + ((j1 - j0) & ~3);
      // BLOCK[j - j0][i - i0] = x[i][j]
      for (let i = i0; i < i4; i += 4) {
        const src = x + <usize>i * xStride;
        const dst = BLOCK + (<usize>(i - i0) << 2);
        for (let j = j0; j < j4; j += 4) {
          transpose4x4(src + (<usize>j << 2), xStride, dst + <usize>(j - j0) * blockStride, blockStride);
        }
        // the tile's last cols % 4 columns of these four rows: four values down each column
        for (let j = j4; j < j1; j++) {
          const s = src + (<usize>j << 2);
          const d = dst + <usize>(j - j0) * blockStride;
          store<u32>(d, load<u32>(s));
          store<u32>(d, load<u32>(s + xStride), 4);
          store<u32>(d, load<u32>(s + 2 * xStride), 8);
          store<u32>(d, load<u32>(s + 3 * xStride), 12);
        }
      }
      // the tile's last rows % 4 rows
      for (let i = i4; i < i1; i++) {
        const src = x + <usize>i * xStride;
        const dst = BLOCK + (<usize>(i - i0) << 2);
        for (let j = j0; j < j1; j++) store<u32>(dst + <usize>(j - j0) * blockStride, load<u32>(src + (<usize>j << 2)));
      }
      for (let j = j0; j < j1; j++) {
        copyRow(BLOCK + <usize>(j - j0) * blockStride, out + <usize>j * outStride + (<usize>i0 << 2), i1 - i0);
      }
    }
  }
}

/**
 * dst[i·dstLd + j] = src[i·srcLd + j] for i < rows, j < cols, as bits (concat, slice and
 * pad are this with offset pointers and leading dimensions). The source and destination
 * regions must not overlap. When both are contiguous (srcLd == dstLd == cols) it is one
 * memory.copy.
 */
export function copy2d_f32(src: usize, srcLd: i32, dst: usize, dstLd: i32, rows: i32, cols: i32): void {
  if (rows <= 0 || cols <= 0) return;
  if (srcLd == cols && dstLd == cols) {
    memory.copy(dst, src, (<usize>rows * <usize>cols) << 2);
    return;
  }
  const srcStride = <usize>srcLd << 2;
  const dstStride = <usize>dstLd << 2;
  for (let i = 0; i < rows; i++) {
    const r = <usize>i;
    copyRow(src + r * srcStride, dst + r * dstStride, cols);
  }
}

/**
 * out[k·cols + j] = x[idx[k]·cols + j] for k < count, j < cols: rows of the xRows×cols
 * matrix x picked by the i32 indices idx (repeats allowed), as bits. Returns -1, or the
 * first k with idx[k] outside [0, xRows) without writing anything. out must not overlap
 * x or idx.
 */
export function gather_rows_f32(x: usize, xRows: i32, cols: i32, idx: usize, count: i32, out: usize): i32 {
  const bad = firstOutOfRange(idx, count, xRows);
  if (bad >= 0 || cols <= 0) return bad;
  const rowBytes = <usize>cols << 2;
  for (let k = 0; k < count; k++) {
    const r = <usize>load<i32>(idx + (<usize>k << 2));
    copyRow(x + r * rowBytes, out + <usize>k * rowBytes, cols);
  }
  return -1;
}

/**
 * out (outRows×cols) = 0, then out[idx[k], :] += y[k, :] for k = 0, 1, ..., count - 1 in
 * that order (the adjoint of gather_rows_f32; repeated indices accumulate, so each
 * out[r, j] is the f32 sum ((0 + y[k₁, j]) + y[k₂, j]) + ... over the k with idx[k] = r,
 * k₁ < k₂ < ...). Returns -1, or the first k with idx[k] outside [0, outRows) without
 * writing anything. out must not overlap y or idx.
 */
export function scatter_add_rows_f32(y: usize, cols: i32, idx: usize, count: i32, out: usize, outRows: i32): i32 {
  const bad = firstOutOfRange(idx, count, outRows);
  if (bad >= 0 || cols <= 0 || outRows <= 0) return bad;
  const rowBytes = <usize>cols << 2;
  memory.fill(out, 0, <usize>outRows * rowBytes);
  for (let k = 0; k < count; k++) {
    const r = <usize>load<i32>(idx + (<usize>k << 2));
    addRow(y + <usize>k * rowBytes, out + r * rowBytes, cols);
  }
  return -1;
}
