// The boundary: the only exports of the module. Only numbers and pointers cross it.
// Each section belongs to one source file; add a kernel's export next to its family.

import {
  allocAligned, freeAligned, blockSize, getLiveBytes, getLiveBlocks, getPeakBytes,
  arenaCreate, arenaAlloc, arenaUsed, arenaCapacity, arenaReset, arenaDestroy,
} from "./mem";
import { gemm_f32 as gemmF32 } from "./kernels/gemm";

// ---- build information ----
/** 1 in the relaxed-SIMD build, 0 in the SIMD128 build. */
export function build_relaxed_simd(): i32 { return ASC_FEATURE_RELAXED_SIMD ? 1 : 0; }

// ---- memory (mem.ts) ----
export function mem_alloc(bytes: usize, align: usize): usize { return allocAligned(bytes, align); }
export function mem_free(ptr: usize): void { freeAligned(ptr); }
export function mem_size(ptr: usize): usize { return blockSize(ptr); }
export function mem_live_bytes(): usize { return getLiveBytes(); }
export function mem_live_blocks(): i32 { return getLiveBlocks(); }
export function mem_peak_bytes(): usize { return getPeakBytes(); }
export function arena_create(capacity: usize): usize { return arenaCreate(capacity); }
export function arena_alloc(arena: usize, bytes: usize, align: usize): usize { return arenaAlloc(arena, bytes, align); }
export function arena_used(arena: usize): usize { return arenaUsed(arena); }
export function arena_capacity(arena: usize): usize { return arenaCapacity(arena); }
export function arena_reset(arena: usize): void { arenaReset(arena); }
export function arena_destroy(arena: usize): void { arenaDestroy(arena); }

// ---- gemm (kernels/gemm.ts) ----
export function gemm_f32(
  transA: i32, transB: i32, m: i32, n: i32, k: i32, alpha: f32,
  a: usize, lda: i32, b: usize, ldb: i32, beta: f32, c: usize, ldc: i32,
): void {
  gemmF32(transA != 0, transB != 0, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

// ---- elementwise (kernels/elementwise.ts) ----
// unary_f32(op, x, y, n, param): y = f(x), op = UNARY_*, param = LEAKY_RELU slope or POW exponent;
// y may equal x.
// binary_f32(op, a, aMode, b, bMode, out, rows, cols): out = g(a, b) over rows×cols, op = BINARY_*,
// modes BCAST_FULL | BCAST_ROW | BCAST_COL | BCAST_SCALAR; out may equal a FULL operand.
// select_f32(mask, mMode, a, aMode, b, bMode, out, rows, cols): out = mask != 0 ? a : b (bits), each
// operand broadcast by its BCAST_* mode as in binary_f32; out may equal a FULL operand.
// axpby_f32(n, alpha, x, beta, y): y = alpha·x + beta·y (beta == 0: y not read). fill_f32(y, n, value).
export { unary_f32, binary_f32, select_f32, axpby_f32, fill_f32 } from "./kernels/elementwise";

// ---- reductions (kernels/reduce.ts) ----
// reduce_f32(op, axis, x, rows, cols, out): f32 accumulation, f32 out;
// reduce_f64acc(op, axis, x, rows, cols, out): f64 accumulation, f64 out.
// op = REDUCE_SUM | REDUCE_MEAN | REDUCE_MAX | REDUCE_SUMSQ, axis = AXIS_ROWS | AXIS_COLS |
// AXIS_ALL (opcodes.ts); AXIS_ALL returns the value (and stores it at out[0] if out != 0).
export { reduce_f32, reduce_f64acc } from "./kernels/reduce";

// ---- layout (kernels/layout.ts) ----
// transpose_f32(x, rows, cols, out): out (cols×rows) = xᵀ.
// copy2d_f32(src, srcLd, dst, dstLd, rows, cols): dst[i·dstLd + j] = src[i·srcLd + j].
// gather_rows_f32(x, xRows, cols, idx, count, out): out[k, :] = x[idx[k], :] (idx i32);
// scatter_add_rows_f32(y, cols, idx, count, out, outRows): out = 0, out[idx[k], :] += y[k, :] in order k.
// Both return -1, or the first k with idx[k] out of range (nothing written). Outputs never overlap inputs.
export { transpose_f32, copy2d_f32, gather_rows_f32, scatter_add_rows_f32 } from "./kernels/layout";

// ---- rng (rng.ts) ----
// (out, n, seedLo, seedHi, streamLo, streamHi, counterLo, counterHi): Philox4x32-10 with
// key = seed, counter = (block lo, block hi, stream lo, stream hi); consumes ⌈n/4⌉ blocks.
// rng_indices_i32 takes one more argument, range: out[i] = ⌊w·range / 2³²⌋ for the word w rng_u32 writes.
export { rng_u32, rng_uniform_f32, rng_normal_f32, rng_indices_i32 } from "./rng";

// ---- executor (exec.ts) ----
export { exec_run } from "./exec";

// ---- minimax (kernels/eigen-general.ts, kernels/anderson.ts) ----
// eigen_general_f64(a, n, wr, wi): eigenvalues of the n×n row-major f64 matrix a (overwritten;
// balancing + Householder Hessenberg + Francis double-shift QR), real parts to wr, imaginary
// to wi; returns 0, -1 (no convergence) or -2 (n > 512).
// anderson_solve_f64(g, b, m, lambda): (G + λI)γ = b by Cholesky, G m×m f64 overwritten, b → γ;
// returns 0 or the failing pivot + 1. anderson_step_f32(x, tx, state, out, n, p, lambda, beta,
// restart, growth): one type-II Anderson step, out = [x_{k+1} (n) | new state
// (anderson_state_size(n, p) words)]; returns the window used (0 = plain step) or -1 (bad p).
export { eigen_general_f64 } from "./kernels/eigen-general";
export { anderson_solve_f64, anderson_step_f32, anderson_state_size } from "./kernels/anderson";
// ---- statistics (kernels/pairwise.ts, kernels/eigen.ts, solvers/frechet.ts, solvers/mmd.ts, solvers/knn.ts) ----
// All sums, distances and matrices are f64; point sets are row-major f32 (rows × d).
// sqnorms_f32(x, n, d, out): out[i] = ‖x_i‖². gram_tile_f32(x, ldx, bi, y, ldy, bj, d, out, ldo):
// out[i·ldo + j] = x_i·y_j. gemm_nt_f64(m, n, k, a, lda, b, ldb, c, ldc, accumulate, upper): C (+)= A Bᵀ.
// kernel_sums_f32(kind, params, nparams, x, n, y, m, d, same, nx, ny, tile, out): out = [Σ_ij k, Σ_i k(x_i, y_i)];
// kernel_matrix_f32(...): the full n×m kernel matrix; kinds KERNEL_* in kernels/pairwise.ts.
// pair_sqdists_f32(x, n, d, nx, tile, out): the n(n−1)/2 pair distances; select_f64(a, n, k): k-th smallest.
// eigh_f64(a, n, w, z, scratch, wantVectors): a = zᵀ diag(w) z, w ascending (a overwritten; scratch 3n).
// cov_accumulate_f32 / cov_finalize_f64 / frechet_trace_f64: streaming mean and covariance, Tr √(√Σ1 Σ2 √Σ1);
// frechet_trace_cholesky_f64: the same trace from a pivoted Cholesky factor of Σ1 (eigenvalues only).
// sample_subset_i32: m distinct indices from u32 words. knn_sqradii_f32, ball_counts_f32: k-NN manifolds.
// Tile scratch is pairwise TILE² = 4096 f64.
export {
  sqnormsF32 as sqnorms_f32, gramTileF32 as gram_tile_f32, gemmNtF64 as gemm_nt_f64,
  kernelSumsF32 as kernel_sums_f32, kernelMatrixF32 as kernel_matrix_f32, pairSqdistsF32 as pair_sqdists_f32,
  selectF64 as select_f64, minFromF64 as min_from_f64, matrixSumsF64 as matrix_sums_f64,
} from "./kernels/pairwise";
export { eighF64 as eigh_f64 } from "./kernels/eigen";
export {
  covAccumulateF32 as cov_accumulate_f32, covFinalizeF64 as cov_finalize_f64, symmetrizeF64 as symmetrize_f64,
  frechetTraceF64 as frechet_trace_f64, frechetTraceCholeskyF64 as frechet_trace_cholesky_f64,
} from "./solvers/frechet";
export { sampleSubsetI32 as sample_subset_i32 } from "./solvers/mmd";
// kernel_sums_gemm_f32 / kernel_sums_direct_f64: the fast MMD path (solvers/mmd-fast.ts), out =
// [Σ k, Σ diag, bound, diag bound, Σ |k|]; centre_f32, transpose_to_f64: its inputs; exp_f64x2_array: a test hook.
export {
  kernelSumsGemmF32 as kernel_sums_gemm_f32, kernelSumsDirectF64 as kernel_sums_direct_f64,
  centreF32 as centre_f32, transposeToF64 as transpose_to_f64, expF64x2Array as exp_f64x2_array,
} from "./solvers/mmd-fast";
export { knnSqRadiiF32 as knn_sqradii_f32, ballCountsF32 as ball_counts_f32 } from "./solvers/knn";
// ---- entropic optimal transport (solvers/sinkhorn.ts, kernels/softmin.ts) ----
// All f64. cost kind: 0 ‖x−y‖², 1 ½‖x−y‖², 2 ‖x−y‖. rho = Infinity for balanced OT.
// sinkhorn_scratch_bytes(n, m): scratch for one cross problem and both self problems.
// sinkhorn_f64(kind, x, y, n, m, d, a, b, eps, scaling, tol, maxIter, rho, omega, domain, scratch, f, g, plan,
//   gradX, gradY, gradScale, stats): Sinkhorn with ε-scaling; plan/gradX/gradY = 0
//   to skip; gradients are added (times gradScale) to what gradX/gradY hold; omega = over-relaxation
//   (1 plain, <= 0 automatic); domain 0 = kernel-domain updates where safe (solvers/sinkhorn-kernel.ts),
//   1 = log domain only.
// sinkhorn_self_f64(kind, x, n, d, a, eps, scaling, tol, maxIter, rho, scratch, f, gradX, gradScale, stats):
//   OT_ε(a, a) with averaged updates.
// sinkhorn_batch_f64(kind, x, y, B, n, m, d, a, b, eps, scaling, tol, maxIter, rho, omega, domain, debiased, scratch,
//   f, g, fSelf, gSelf, stats): B problems of equal shapes in one call.
// stats: 19 f64 per solve, slots ST_* in solvers/sinkhorn.ts.
// sinkhorn_loss_f32(kind, debiased, x, y, n, m, d, maxIter, eps, tol, scaling, rho, out): f32 clouds
//   with uniform weights -> out = [value, ∂x, ∂y, f64 workspace]; sinkhorn_loss_floats(n, m, d) sizes out
//   (the body of the executor's EXEC_SINKHORN).
// lse_row_f64(c, h, m, invEps): log Σ_j exp(h_j − c_j·invEps) (the SIMD softmin kernel).
export {
  sinkhorn_scratch_bytes, sinkhorn_f64, sinkhorn_self_f64, sinkhorn_batch_f64, sinkhorn_loss_f32, sinkhorn_loss_floats,
} from "./solvers/sinkhorn";
export { lse_row_f64, cost_matrix_f64 } from "./kernels/softmin";
