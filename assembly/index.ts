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

// ---- entropic optimal transport (solvers/sinkhorn.ts, kernels/softmin.ts) ----
// All f64. cost kind: 0 ‖x−y‖², 1 ½‖x−y‖², 2 ‖x−y‖. rho = Infinity for balanced OT.
// sinkhorn_scratch_bytes(n, m): scratch for one cross problem and both self problems.
// sinkhorn_f64(kind, x, y, n, m, d, a, b, eps, scaling, tol, maxIter, rho, omega, scratch, f, g, plan,
//   gradX, gradY, gradScale, stats): log-domain Sinkhorn with ε-scaling; plan/gradX/gradY = 0
//   to skip; gradients are added (times gradScale) to what gradX/gradY hold; omega = over-relaxation
//   (1 plain, <= 0 automatic).
// sinkhorn_self_f64(kind, x, n, d, a, eps, scaling, tol, maxIter, rho, scratch, f, gradX, gradScale, stats):
//   OT_ε(a, a) with averaged updates.
// sinkhorn_batch_f64(kind, x, y, B, n, m, d, a, b, eps, scaling, tol, maxIter, rho, omega, debiased, scratch,
//   f, g, fSelf, gSelf, stats): B problems of equal shapes in one call.
// stats: 16 f64 per solve, slots ST_* in solvers/sinkhorn.ts.
// sinkhorn_loss_f32(kind, debiased, x, y, n, m, d, maxIter, eps, tol, scaling, rho, out): f32 clouds
//   with uniform weights -> out = [value, ∂x, ∂y, f64 workspace]; sinkhorn_loss_floats(n, m, d) sizes out
//   (the body of the executor's EXEC_SINKHORN).
// lse_row_f64(c, h, m, invEps): log Σ_j exp(h_j − c_j·invEps) (the SIMD softmin kernel).
export {
  sinkhorn_scratch_bytes, sinkhorn_f64, sinkhorn_self_f64, sinkhorn_batch_f64, sinkhorn_loss_f32, sinkhorn_loss_floats,
} from "./solvers/sinkhorn";
export { lse_row_f64, cost_matrix_f64 } from "./kernels/softmin";
