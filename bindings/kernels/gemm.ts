// gemm: C = alpha · op(A) · op(B) + beta · C on row-major f32 buffers in WASM memory.

import type { Saddle } from '../wasm/instance.js';
import type { WasmArray } from '../wasm/array.js';
import { checkArray, checkBool, checkFinite, checkInt, checkNoOverlap, spanOf } from './check.js';

export interface GemmOptions {
  /** op(A) is m×k. A is stored m×k (row stride lda >= k), or k×m when transA (lda >= m). */
  a: WasmArray<'f32'>;
  /** op(B) is k×n. B is stored k×n (ldb >= n), or n×k when transB (ldb >= k). */
  b: WasmArray<'f32'>;
  /** C is m×n (ldc >= n); it must not overlap A or B. */
  c: WasmArray<'f32'>;
  m: number;
  n: number;
  k: number;
  transA?: boolean;
  transB?: boolean;
  /** Default 1. */
  alpha?: number;
  /** Default 0: C is overwritten without being read (NaN in C is ignored). */
  beta?: number;
  lda?: number;
  ldb?: number;
  ldc?: number;
}

/**
 * C = alpha · op(A) · op(B) + beta · C (single precision, row-major; NN, NT, TN and TT).
 *
 * Packed panels and a register-blocked SIMD micro-kernel (see assembly/kernels/gemm.ts).
 * Accuracy: each entry is within ~k·2⁻²⁴·Σ|a||b| of the exact product.
 *
 * @example
 * const sd = await loadSaddle();
 * const a = sd.f32([1, 2, 3, 4]), b = sd.f32([5, 6, 7, 8]), c = sd.f32(4);
 * gemm(sd, { a, b, c, m: 2, n: 2, k: 2 });
 * c.toArray(); // Float32Array [19, 22, 43, 50]
 */
export function gemm(sd: Saddle, options: GemmOptions): void {
  const fn = 'gemm';
  const m = checkInt(fn, 'm', options.m);
  const n = checkInt(fn, 'n', options.n);
  const k = checkInt(fn, 'k', options.k);
  const transA = checkBool(fn, 'transA', options.transA ?? false);
  const transB = checkBool(fn, 'transB', options.transB ?? false);
  const alpha = checkFinite(fn, 'alpha', options.alpha ?? 1);
  const beta = checkFinite(fn, 'beta', options.beta ?? 0);
  const [aRows, aCols] = transA ? [k, m] : [m, k];
  const [bRows, bCols] = transB ? [n, k] : [k, n];
  const lda = checkInt(fn, 'lda', options.lda ?? Math.max(1, aCols), Math.max(1, aCols));
  const ldb = checkInt(fn, 'ldb', options.ldb ?? Math.max(1, bCols), Math.max(1, bCols));
  const ldc = checkInt(fn, 'ldc', options.ldc ?? Math.max(1, n), Math.max(1, n));
  const a = checkArray(fn, 'a', options.a, sd, 'f32', spanOf(aRows, aCols, lda));
  const b = checkArray(fn, 'b', options.b, sd, 'f32', spanOf(bRows, bCols, ldb));
  const c = checkArray(fn, 'c', options.c, sd, 'f32', spanOf(m, n, ldc));
  checkNoOverlap(fn, 'c', c, 'a', a);
  checkNoOverlap(fn, 'c', c, 'b', b);
  sd.exports.gemm_f32(transA ? 1 : 0, transB ? 1 : 0, m, n, k, alpha, a.ptr, lda, b.ptr, ldb, beta, c.ptr, ldc);
}
