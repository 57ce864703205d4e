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
  unary_f32(op: number, x: number, y: number, n: number, param: number): void;
  binary_f32(op: number, a: number, aMode: number, b: number, bMode: number, out: number, rows: number, cols: number): void;
  select_f32(mask: number, mMode: number, a: number, aMode: number, b: number, bMode: number,
    out: number, rows: number, cols: number): void;
  axpby_f32(n: number, alpha: number, x: number, beta: number, y: number): void;
  fill_f32(y: number, n: number, value: number): void;
  // reductions (assembly/kernels/reduce.ts)
  reduce_f32(op: number, axis: number, x: number, rows: number, cols: number, out: number): number;
  reduce_f64acc(op: number, axis: number, x: number, rows: number, cols: number, out: number): number;
  // layout (assembly/kernels/layout.ts)
  transpose_f32(x: number, rows: number, cols: number, out: number): void;
  copy2d_f32(src: number, srcLd: number, dst: number, dstLd: number, rows: number, cols: number): void;
  gather_rows_f32(x: number, xRows: number, cols: number, idx: number, count: number, out: number): number;
  scatter_add_rows_f32(y: number, cols: number, idx: number, count: number, out: number, outRows: number): number;
  // rng (assembly/rng.ts)
  rng_u32(out: number, n: number, seedLo: number, seedHi: number,
    streamLo: number, streamHi: number, counterLo: number, counterHi: number): void;
  rng_uniform_f32(out: number, n: number, seedLo: number, seedHi: number,
    streamLo: number, streamHi: number, counterLo: number, counterHi: number): void;
  rng_normal_f32(out: number, n: number, seedLo: number, seedHi: number,
    streamLo: number, streamHi: number, counterLo: number, counterHi: number): void;
  rng_indices_i32(out: number, n: number, seedLo: number, seedHi: number,
    streamLo: number, streamHi: number, counterLo: number, counterHi: number, range: number): void;
  // executor (assembly/exec.ts)
  exec_run(program: number, words: number, iterations: number): number;
  [name: string]: unknown;
}
