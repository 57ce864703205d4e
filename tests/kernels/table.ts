// The one table of kernels. Each family contributes rows from tests/kernels/rows/<family>.ts;
// table.test.ts runs every row at every shape, for every build the runtime can run,
// and bench/ reads the same rows for its shapes.

import type { KernelCheck, KernelRow } from './row.js';
import { gemmRows } from './rows/gemm.js';
import { elementwiseRows } from './rows/elementwise.js';
import { reduceRows } from './rows/reduce.js';
import { layoutRows } from './rows/layout.js';
import { rngRows } from './rows/rng.js';

export { TAIL_SIZES, type KernelCheck, type KernelRow } from './row.js';

export const KERNEL_TABLE: KernelRow[] = [...gemmRows, ...elementwiseRows, ...reduceRows, ...layoutRows, ...rngRows];

/** Index of the first element outside tolerance, or -1. NaN and ±Inf must match exactly. */
export function firstMismatch(check: KernelCheck): number {
  const { got, want, tol } = check;
  if (got.length !== want.length) return 0;
  for (let i = 0; i < want.length; i++) {
    const g = got[i], w = want[i];
    if (Number.isNaN(w) || !Number.isFinite(w)) {
      if (!Object.is(g, w) && !(Number.isNaN(g) && Number.isNaN(w))) return i;
      continue;
    }
    const t = typeof tol === 'number' ? tol : tol[i];
    if (!(Math.abs(g - w) <= t)) return i;
  }
  return -1;
}
