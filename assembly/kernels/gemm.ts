// gemm_f32: C = alpha · op(A) · op(B) + beta · C, all row-major f32.
//
//   op(A) is m×k: A itself (stored m×k, row stride lda) or Aᵀ (A stored k×m).
//   op(B) is k×n: B itself (stored k×n, row stride ldb) or Bᵀ (B stored n×k).
//   beta == 0 means C is write-only (NaN or garbage in C is ignored, as in BLAS).
//   C must not overlap A or B (checked by the bindings).
//
// Blocking follows Goto & van de Geijn, "Anatomy of high-performance matrix
// multiplication" (TOMS 2008): a KC×NC block of op(B) is packed into NR-wide panels,
// an MC×KC block of op(A) into MR-tall panels, and an MR×NR register-blocked SIMD
// micro-kernel accumulates each C tile over KC. Transposes are absorbed by the
// packing routines, so NN, NT and TN run the same micro-kernel at the same speed.
// Pack buffers are reserved once at module start (mem.ts reserveStatic), so the kernel never allocates.

import { reserveStatic } from "../mem";
import { madd, hsum } from "./simd";

const MR: i32 = 4;
const NR: i32 = 8;
const KC: i32 = 256;
const MC: i32 = 128;
const NC: i32 = 1024;
/** Row strides (in floats) up to which an operand already laid out like a panel is read in place instead of packed. */
const DIRECT_MAX_STRIDE: usize = 128;

const PACK_A: usize = reserveStatic(MC * KC * 4, 64);
const PACK_B: usize = reserveStatic(KC * NC * 4, 64);
const TILE: usize = reserveStatic(MR * NR * 4, 64);

/** Below this many columns of C a 4×8 tile is mostly padding: go column by column. */
const SKINNY_N: i32 = 4;
/** Largest m and k of the column path (its two scratch columns are static). */
const SKINNY_MAX: i32 = 4096;
const COLUMN: usize = reserveStatic(SKINNY_MAX * 4, 64);
const ACC: usize = reserveStatic(SKINNY_MAX * 4, 64);

/** C = alpha · op(A) · op(B) + beta · C. Strides are in elements. */
export function gemm_f32(
  transA: bool, transB: bool, m: i32, n: i32, k: i32,
  alpha: f32, a: usize, lda: i32, b: usize, ldb: i32,
  beta: f32, c: usize, ldc: i32,
): void {
  if (m <= 0 || n <= 0) return;
  if (k <= 0 || alpha == 0) {
    scaleC(m, n, beta, c, ldc);
    return;
  }
  // Element (i, p) of op(A) lives at a + 4·(i·aRow + p·aCol); (p, j) of op(B) at b + 4·(p·bRow + j·bCol).
  const aRow: usize = transA ? 1 : <usize>lda;
  const aCol: usize = transA ? <usize>lda : 1;
  const bRow: usize = transB ? 1 : <usize>ldb;
  const bCol: usize = transB ? <usize>ldb : 1;
  const cStride = <usize>ldc << 2;
  if (n < SKINNY_N && m <= SKINNY_MAX && k <= SKINNY_MAX) {
    gemmSkinny(transA, m, n, k, alpha, a, aRow, aCol, b, bRow, bCol, beta, c, cStride);
    return;
  }

  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      const betaBlock: f32 = pc == 0 ? beta : 1;
      // panels of op(B)[pc:pc+kc, jc:jc+nc]: index j runs along the panel, p along k.
      // Small row-major B is read in place (8 contiguous floats per step of k); only a
      // partial last panel is packed. Large strides would alias in L1, so they pack.
      const bBlock = b + ((<usize>pc * bRow + <usize>jc * bCol) << 2);
      const directB = bCol == 1 && bRow <= DIRECT_MAX_STRIDE;
      const nFull = directB ? nc & ~(NR - 1) : 0;
      if (nFull < nc) packPanels(bBlock + (<usize>nFull << 2), bCol, bRow, nc - nFull, kc, NR, PACK_B);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        // likewise a small transposed A holds 4 contiguous rows of op(A) per step of k
        const aBlock = a + ((<usize>ic * aRow + <usize>pc * aCol) << 2);
        const directA = aRow == 1 && aCol <= DIRECT_MAX_STRIDE;
        const mFull = directA ? mc & ~(MR - 1) : 0;
        if (mFull < mc) packPanels(aBlock + (<usize>mFull << 2), aRow, aCol, mc - mFull, kc, MR, PACK_A);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = min(NR, nc - jr);
          const inPlace = jr < nFull;
          const bPanel = inPlace ? bBlock + (<usize>jr << 2) : PACK_B + (<usize>((jr - nFull) * kc) << 2);
          const bStep: usize = inPlace ? bRow << 2 : <usize>NR << 2;
          const cCol = c + (<usize>(jc + jr) << 2);
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = min(MR, mc - ir);
            const aInPlace = ir < mFull;
            const aPanel = aInPlace ? aBlock + (<usize>ir << 2) : PACK_A + (<usize>((ir - mFull) * kc) << 2);
            const aStep: usize = aInPlace ? aCol << 2 : <usize>MR << 2;
            const cTile = cCol + <usize>(ic + ir) * cStride;
            microKernel4x8(kc, aPanel, aStep, bPanel, bStep, cTile, cStride, alpha, betaBlock, mr, nr);
          }
        }
      }
    }
  }
}

/**
 * C = alpha·op(A)·op(B) + beta·C one column at a time, for n < SKINNY_N (e.g. a layer
 * with one output): column j of op(B) is gathered into COLUMN, then each C[i, j] is a
 * SIMD dot product along a row of A, or, when A is stored transposed, C[:, j] is
 * accumulated as Σ_p A[p, :]·b[p] (axpy along the contiguous rows of A) in ACC.
 */
function gemmSkinny(
  transA: bool, m: i32, n: i32, k: i32, alpha: f32, a: usize, aRow: usize, aCol: usize,
  b: usize, bRow: usize, bCol: usize, beta: f32, c: usize, cStride: usize,
): void {
  for (let j = 0; j < n; j++) {
    for (let p = 0; p < k; p++) store<f32>(COLUMN + (<usize>p << 2), load<f32>(b + ((<usize>p * bRow + <usize>j * bCol) << 2)));
    const cCol = c + (<usize>j << 2);
    if (!transA) {
      for (let i = 0; i < m; i++) {
        const row = a + ((<usize>i * aRow) << 2);
        let acc0 = f32x4.splat(0), acc1 = f32x4.splat(0);
        let p = 0;
        for (; p + 8 <= k; p += 8) {
          const o = <usize>p << 2;
          acc0 = madd(v128.load(row + o), v128.load(COLUMN + o), acc0);
          acc1 = madd(v128.load(row + o, 16), v128.load(COLUMN + o, 16), acc1);
        }
        for (; p + 4 <= k; p += 4) acc0 = madd(v128.load(row + (<usize>p << 2)), v128.load(COLUMN + (<usize>p << 2)), acc0);
        let sum = hsum(f32x4.add(acc0, acc1));
        for (; p < k; p++) sum += load<f32>(row + (<usize>p << 2)) * load<f32>(COLUMN + (<usize>p << 2));
        const dst = cCol + <usize>i * cStride;
        store<f32>(dst, beta == 0 ? alpha * sum : alpha * sum + beta * load<f32>(dst));
      }
    } else {
      memory.fill(ACC, 0, <usize>m << 2);
      for (let p = 0; p < k; p++) {
        const row = a + ((<usize>p * aCol) << 2);
        const bp = load<f32>(COLUMN + (<usize>p << 2));
        const vb = f32x4.splat(bp);
        let i = 0;
        for (; i + 4 <= m; i += 4) {
          const o = <usize>i << 2;
          v128.store(ACC + o, madd(v128.load(row + o), vb, v128.load(ACC + o)));
        }
        for (; i < m; i++) {
          const o = <usize>i << 2;
          store<f32>(ACC + o, load<f32>(ACC + o) + load<f32>(row + o) * bp);
        }
      }
      for (let i = 0; i < m; i++) {
        const dst = cCol + <usize>i * cStride;
        const sum = load<f32>(ACC + (<usize>i << 2));
        store<f32>(dst, beta == 0 ? alpha * sum : alpha * sum + beta * load<f32>(dst));
      }
    }
  }
}

/** C = beta · C (beta == 0 writes zeros without reading C). */
function scaleC(m: i32, n: i32, beta: f32, c: usize, ldc: i32): void {
  if (beta == 1) return;
  const vb = f32x4.splat(beta);
  for (let i = 0; i < m; i++) {
    const row = c + (<usize>i * <usize>ldc << 2);
    let j = 0;
    if (beta == 0) {
      for (; j + 4 <= n; j += 4) v128.store(row + (<usize>j << 2), f32x4.splat(0));
      for (; j < n; j++) store<f32>(row + (<usize>j << 2), 0);
    } else {
      for (; j + 4 <= n; j += 4) {
        const p = row + (<usize>j << 2);
        v128.store(p, f32x4.mul(v128.load(p), vb));
      }
      for (; j < n; j++) {
        const p = row + (<usize>j << 2);
        store<f32>(p, load<f32>(p) * beta);
      }
    }
  }
}

/**
 * Packs `count` indices × `kc` steps of a strided matrix into panels `width` wide:
 * out[panel][p][w] = src[(panel·width + w)·along + p·step], zero-padded past `count`.
 */
function packPanels(src: usize, along: usize, step: usize, count: i32, kc: i32, width: i32, out: usize): void {
  const alongB = along << 2;
  const stepB = step << 2;
  for (let i0 = 0; i0 < count; i0 += width) {
    const w = min(width, count - i0);
    const base = src + <usize>i0 * alongB;
    if (w == width && along == 1) {
      // each step p holds `width` contiguous values: straight vector copies
      for (let p = 0; p < kc; p++) {
        const s = base + <usize>p * stepB;
        let q = 0;
        for (; q + 4 <= width; q += 4) v128.store(out + (<usize>q << 2), v128.load(s + (<usize>q << 2)));
        for (; q < width; q++) store<f32>(out + (<usize>q << 2), load<f32>(s + (<usize>q << 2)));
        out += <usize>width << 2;
      }
    } else if (w == width && step == 1) {
      // each index holds a contiguous run along p: transpose 4×4 blocks
      let p = 0;
      for (; p + 4 <= kc; p += 4) {
        let q = 0;
        for (; q + 4 <= width; q += 4) {
          const s = base + <usize>q * alongB + (<usize>p << 2);
          const r0 = v128.load(s);
          const r1 = v128.load(s + alongB);
          const r2 = v128.load(s + 2 * alongB);
          const r3 = v128.load(s + 3 * alongB);
          const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
          const t1 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
          const t2 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
          const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
          const o = out + (<usize>(p * width + q) << 2);
          const rowB = <usize>width << 2;
          v128.store(o, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
          v128.store(o + rowB, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7));
          v128.store(o + 2 * rowB, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5));
          v128.store(o + 3 * rowB, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7));
        }
        for (; q < width; q++) {
          const s = base + <usize>q * alongB + (<usize>p << 2);
          const o = out + (<usize>(p * width + q) << 2);
          const rowB = <usize>width << 2;
          store<f32>(o, load<f32>(s));
          store<f32>(o + rowB, load<f32>(s, 4));
          store<f32>(o + 2 * rowB, load<f32>(s, 8));
          store<f32>(o + 3 * rowB, load<f32>(s, 12));
        }
      }
      for (; p < kc; p++) {
        const o = out + (<usize>(p * width) << 2);
        for (let q = 0; q < width; q++) store<f32>(o + (<usize>q << 2), load<f32>(base + <usize>q * alongB + (<usize>p << 2)));
      }
      out += <usize>(kc * width) << 2;
    } else {
      // general strides or a partial panel: scalar gather, zero padding
      for (let p = 0; p < kc; p++) {
        const s = base + <usize>p * stepB;
        let q = 0;
        for (; q < w; q++) store<f32>(out + (<usize>q << 2), load<f32>(s + <usize>q * alongB));
        for (; q < width; q++) store<f32>(out + (<usize>q << 2), 0);
        out += <usize>width << 2;
      }
    }
  }
}

/**
 * The register block: 4 rows × 8 columns of C in eight f32x4 accumulators; per step of
 * k one broadcast of A per row and two vectors of B. 8 accumulators + 2 B + 1 A = 11
 * live vectors, well inside V8's 15 allocatable xmm registers on x64. The loop is
 * deliberately not unrolled: Binaryen interleaves unrolled steps and hoists their
 * loads, which made TurboFan spill accumulators (measured: 35 GFLOP/s unrolled by 2
 * or 4 vs 50 not unrolled, SIMD128; 6×8 and 5×8 blocks spill too). The relaxed build
 * turns each mul+add into one fused madd. Writes alpha·acc + beta·C for the valid
 * mr×nr corner (through TILE when the tile is partial).
 */
function microKernel4x8(
  kc: i32, a: usize, aStep: usize, b: usize, bStep: usize, c: usize, cStride: usize,
  alpha: f32, beta: f32, mr: i32, nr: i32,
): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    {
      const b0 = v128.load(b), b1 = v128.load(b, 16);
      const a0 = v128.load32_splat(a);
      c00 = madd(a0, b0, c00); c01 = madd(a0, b1, c01);
      const a1 = v128.load32_splat(a, 4);
      c10 = madd(a1, b0, c10); c11 = madd(a1, b1, c11);
      const a2 = v128.load32_splat(a, 8);
      c20 = madd(a2, b0, c20); c21 = madd(a2, b1, c21);
      const a3 = v128.load32_splat(a, 12);
      c30 = madd(a3, b0, c30); c31 = madd(a3, b1, c31);
    }
    a += aStep; b += bStep;
  }
  if (mr == 4 && nr == NR) {
    storeRow(c, c00, c01, alpha, beta);
    storeRow(c + cStride, c10, c11, alpha, beta);
    storeRow(c + 2 * cStride, c20, c21, alpha, beta);
    storeRow(c + 3 * cStride, c30, c31, alpha, beta);
    return;
  }
  const va = f32x4.splat(alpha);
  v128.store(TILE, f32x4.mul(c00, va)); v128.store(TILE, f32x4.mul(c01, va), 16);
  v128.store(TILE, f32x4.mul(c10, va), 32); v128.store(TILE, f32x4.mul(c11, va), 48);
  v128.store(TILE, f32x4.mul(c20, va), 64); v128.store(TILE, f32x4.mul(c21, va), 80);
  v128.store(TILE, f32x4.mul(c30, va), 96); v128.store(TILE, f32x4.mul(c31, va), 112);
  mergeTile(c, cStride, beta, mr, nr);
}

/** Merges the valid mr×nr corner of TILE (already scaled by alpha) into C. */
function mergeTile(c: usize, cStride: usize, beta: f32, mr: i32, nr: i32): void {
  for (let i = 0; i < mr; i++) {
    const row = c + <usize>i * cStride;
    const t = TILE + (<usize>(i * NR) << 2);
    for (let j = 0; j < nr; j++) {
      const dst = row + (<usize>j << 2);
      const v = load<f32>(t + (<usize>j << 2));
      store<f32>(dst, beta == 0 ? v : v + beta * load<f32>(dst));
    }
  }
}

// @ts-ignore: decorator
@inline function storeRow(c: usize, x0: v128, x1: v128, alpha: f32, beta: f32): void {
  const va = f32x4.splat(alpha);
  let y0 = f32x4.mul(x0, va), y1 = f32x4.mul(x1, va);
  if (beta != 0) {
    const vb = f32x4.splat(beta);
    y0 = madd(v128.load(c), vb, y0);
    y1 = madd(v128.load(c, 16), vb, y1);
  }
  v128.store(c, y0);
  v128.store(c, y1, 16);
}
