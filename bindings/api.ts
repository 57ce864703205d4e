// Everything public except loadSaddle itself (which each entry point binds to its platform).
export * from './errors.js';
export { Saddle } from './wasm/instance.js';
export { WasmArray, type DType } from './wasm/array.js';
export type { LoadOptions } from './wasm/load.js';
export { detectBuild } from './wasm/load.js';
export type { WasmSource } from './wasm/source.js';
export type { BuildName } from './wasm/location.js';
export { hasSimd128, hasRelaxedSimd } from './wasm/features.js';
export * from './kernels/gemm.js';
export * from './kernels/reduce.js';
export * from './rng.js';
export * from './kernels/elementwise.js';
export * as graph from './graph/index.js';
export { grad, vjp, jvp, hvp } from './autodiff/grad.js';
export { compile, Program, type CompileOptions, type Phase } from './compile/program.js';
export * from './kernels/layout.js';
export * as optim from './optim/index.js';
export * as nn from './nn/index.js';
