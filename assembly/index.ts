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

// ---- reductions (kernels/reduce.ts) ----

// ---- rng (rng.ts) ----
