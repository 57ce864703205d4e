import type { KernelRow } from '../row.js';

// Rows for assembly/kernels/reduce.ts (sum, mean, max, sum of squares; rows, cols, whole; f32 and f64).
export const reduceRows: KernelRow[] = [];
