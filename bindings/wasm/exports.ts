// The raw exports of the module: numbers and pointers only (assembly/index.ts).
// Kernel families add their signatures here next to their section in assembly/index.ts.

export interface SaddleExports {
  memory: WebAssembly.Memory;
  build_relaxed_simd(): number;
  // memory (assembly/mem.ts)
  mem_alloc(bytes: number, align: number): number;
  mem_free(ptr: number): void;
  mem_size(ptr: number): number;
  mem_live_bytes(): number;
  mem_live_blocks(): number;
  mem_peak_bytes(): number;
  arena_create(capacity: number): number;
  arena_alloc(arena: number, bytes: number, align: number): number;
  arena_used(arena: number): number;
  arena_capacity(arena: number): number;
  arena_reset(arena: number): void;
  arena_destroy(arena: number): void;
  // gemm (assembly/kernels/gemm.ts)
  gemm_f32(transA: number, transB: number, m: number, n: number, k: number, alpha: number,
    a: number, lda: number, b: number, ldb: number, beta: number, c: number, ldc: number): void;
  // elementwise (assembly/kernels/elementwise.ts)
  // reductions (assembly/kernels/reduce.ts)
  // rng (assembly/rng.ts)
  [name: string]: unknown;
}
