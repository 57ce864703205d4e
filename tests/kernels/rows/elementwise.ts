import type { KernelRow } from '../row.js';

// Rows for assembly/kernels/elementwise.ts (unary, binary with broadcasting, activations).
export const elementwiseRows: KernelRow[] = [];
